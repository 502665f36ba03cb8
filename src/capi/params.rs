//! Parameter defaults and validation, driven by the catalogue.

use super::types::*;
use crate::catalogue::{Param, OPS};

/// Every field unset (NaN): what a function's own parameters replace.
pub(crate) const UNSET: actfn_params = actfn_params {
    negative_slope: f32::NAN,
    max_value: f32::NAN,
    threshold: f32::NAN,
    alpha: f32::NAN,
    default_value: f32::NAN,
    b: f32::NAN,
    min_value: f32::NAN,
    beta: f32::NAN,
    bias: f32::NAN,
    gamma: f32::NAN,
};

impl actfn_params {
    /// The field that holds parameter `which`.
    pub fn get(&self, which: Param) -> f32 {
        match which {
            Param::NegativeSlope => self.negative_slope,
            Param::MaxValue => self.max_value,
            Param::Threshold => self.threshold,
            Param::Alpha => self.alpha,
            Param::DefaultValue => self.default_value,
            Param::B => self.b,
            Param::MinValue => self.min_value,
            Param::Beta => self.beta,
            Param::Bias => self.bias,
            Param::Gamma => self.gamma,
        }
    }

    /// Sets the field that holds parameter `which`.
    pub fn set(&mut self, which: Param, v: f32) {
        *match which {
            Param::NegativeSlope => &mut self.negative_slope,
            Param::MaxValue => &mut self.max_value,
            Param::Threshold => &mut self.threshold,
            Param::Alpha => &mut self.alpha,
            Param::DefaultValue => &mut self.default_value,
            Param::B => &mut self.b,
            Param::MinValue => &mut self.min_value,
            Param::Beta => &mut self.beta,
            Param::Bias => &mut self.bias,
            Param::Gamma => &mut self.gamma,
        } = v;
    }
}

/// Keras's defaults for `op`; required parameters without a default stay NaN.
pub(crate) fn defaults(op: usize) -> actfn_params {
    let mut p = UNSET;
    for spec in OPS[op].params {
        if let Some(d) = spec.default {
            p.set(spec.param, d);
        }
    }
    p
}

/// Whether every parameter that `op` reads lies in its domain.
pub(crate) fn valid(op: usize, p: &actfn_params) -> bool {
    OPS[op]
        .params
        .iter()
        .all(|spec| spec.domain.contains(p.get(spec.param)))
}

/// Fills `*params` with Keras's defaults for `op` (fields that `op` does not
/// read, and required parameters without a default, such as threshold's,
/// are set to NaN, which `actfn_apply_f32` rejects).
///
/// Returns ACTFN_OK, ACTFN_ERR_NULL or ACTFN_ERR_UNKNOWN_OP.
#[no_mangle]
pub unsafe extern "C" fn actfn_params_default(
    op: actfn_op,
    params: *mut actfn_params,
) -> actfn_status {
    if params.is_null() {
        return ACTFN_ERR_NULL;
    }
    let Some(op) = super::op_index(op) else {
        return ACTFN_ERR_UNKNOWN_OP;
    };
    params.write(defaults(op));
    ACTFN_OK
}
