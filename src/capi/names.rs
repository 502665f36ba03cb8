//! Activation names to ops: Keras's names (the catalogue's), and ONNX's
//! operator types and PyTorch's function names (`ALIASES`, below), each
//! with the defaults of the framework it comes from.

use super::types::*;
use crate::catalogue::{Param, OPS};
use core::ffi::{c_char, CStr};
use Param::*;

/// A name from another framework for a catalogue op, with that framework's
/// defaults for the parameters it sets (the others keep the catalogue's).
#[derive(Clone, Copy, Debug)]
pub struct Alias {
    pub name: &'static str,
    /// The catalogue op's canonical name.
    pub op: &'static str,
    /// "ONNX" (the operator type as in a model's NodeProto.op_type, opset
    /// given in the README's table) or "PyTorch" (torch.nn.functional).
    pub framework: &'static str,
    pub defaults: &'static [(Param, f32)],
}

const fn onnx(name: &'static str, op: &'static str, defaults: &'static [(Param, f32)]) -> Alias {
    Alias {
        name,
        op,
        framework: "ONNX",
        defaults,
    }
}

const fn torch(name: &'static str, op: &'static str, defaults: &'static [(Param, f32)]) -> Alias {
    Alias {
        name,
        op,
        framework: "PyTorch",
        defaults,
    }
}

/// ONNX's element-wise activation operators, and PyTorch's names that
/// Keras spells differently. Where a PyTorch name is also a Keras name
/// with other defaults ("leaky_relu": 0.01 against Keras's 0.2,
/// "softplus": beta 1 and threshold 20), the Keras meaning stays (it is
/// the older ABI); the README's table gives PyTorch's parameters.
pub const ALIASES: &[Alias] = &[
    onnx("Relu", "relu", &[]),
    onnx("LeakyRelu", "leaky_relu", &[(NegativeSlope, 0.01)]),
    onnx("Elu", "elu", &[(Alpha, 1.0)]),
    onnx("Selu", "selu_ex", &[]),
    onnx("Celu", "celu", &[(Alpha, 1.0)]),
    onnx(
        "ThresholdedRelu",
        "threshold",
        &[(Threshold, 1.0), (DefaultValue, 0.0)],
    ),
    onnx("Sigmoid", "sigmoid", &[]),
    onnx(
        "HardSigmoid",
        "hard_sigmoid_ex",
        &[(Alpha, 0.2), (Beta, 0.5)],
    ),
    onnx("HardSwish", "hard_silu", &[]),
    onnx("Tanh", "tanh", &[]),
    onnx("Softplus", "softplus", &[]),
    onnx("Softsign", "softsign", &[]),
    onnx("Mish", "mish", &[]),
    onnx("Gelu", "gelu", &[]),
    onnx("Swish", "silu_ex", &[(Beta, 1.0)]),
    onnx("Shrink", "shrink", &[(Threshold, 0.5), (Bias, 0.0)]),
    onnx(
        "Clip",
        "clip",
        &[(MinValue, -f32::MAX), (MaxValue, f32::MAX)],
    ),
    onnx("Exp", "exponential", &[]),
    onnx("Identity", "linear", &[]),
    onnx("QuickGelu", "quick_gelu", &[]),
    torch("hardtanh", "clip", &[(MinValue, -1.0), (MaxValue, 1.0)]),
    torch("hardsigmoid", "hard_sigmoid", &[]),
    torch("hardswish", "hard_silu", &[]),
    torch("logsigmoid", "log_sigmoid", &[]),
    torch("hardshrink", "hard_shrink", &[(Threshold, 0.5)]),
    torch("softshrink", "soft_shrink", &[(Threshold, 0.5)]),
    torch("tanhshrink", "tanh_shrink", &[]),
    torch(
        "clamp",
        "clip",
        &[(MinValue, -f32::INFINITY), (MaxValue, f32::INFINITY)],
    ),
];

/// ONNX's and PyTorch's names of the row-wise activations (their own
/// functions: softmin and hardmax are `actfn_softmin_f32`,
/// `actfn_hardmax_f32` and their `_axis_` forms).
pub(crate) const ROWWISE_ALIASES: &[&str] = &[
    "Softmax",
    "LogSoftmax",
    "Hardmax",
    "PRelu",
    "prelu",
    "softmin",
    "Softmin",
    "hardmax",
];

/// The Keras names of the row-wise activations, which have their own
/// functions instead of an `actfn_op`.
pub(crate) const ROWWISE_NAMES: &[&str] = &["softmax", "log_softmax", "glu", "sparsemax"];

/// Looks up a Keras activation name (as in `Activation("relu")`, case
/// sensitive, aliases included: "swish" is silu, "hard_swish" is
/// hard_silu), the library's own canonical name of an op (as returned by
/// `actfn_op_name`, e.g. "gelu_tanh", "relu_ex"), an ONNX operator type
/// ("LeakyRelu", "HardSigmoid", "Swish", "Clip", "Shrink",
/// "ThresholdedRelu", ...) or a PyTorch function name that Keras spells
/// differently ("hardtanh", "hardsigmoid", "logsigmoid", ...), and stores
/// its op in `*op`. "gelu" is the exact erf form, as in Keras.
///
/// The op alone does not carry the name's defaults: ONNX's LeakyRelu is
/// ACTFN_OP_LEAKY_RELU with slope 0.01, not Keras's 0.2. Use
/// `actfn_params_from_name` to get the op and the defaults of the
/// framework the name comes from.
///
/// Any of these names followed by "_fast" ("sigmoid_fast", "gelu_fast",
/// "LeakyRelu_fast") gives the same op with `ACTFN_FAST` set: its fast
/// tier, as `actfn_op_name` spells it.
///
/// Returns ACTFN_OK; ACTFN_ERR_ROWWISE for "softmax", "log_softmax",
/// "glu", "sparsemax" and the ONNX and PyTorch row-wise names ("Softmax",
/// "LogSoftmax", "Hardmax", "PRelu", "prelu", "softmin", "Softmin",
/// "hardmax"), which work on rows
/// and have functions of their own; ACTFN_ERR_UNKNOWN_NAME for anything
/// else; ACTFN_ERR_NULL for NULL arguments. `*op` is written only on
/// success.
#[no_mangle]
pub unsafe extern "C" fn actfn_op_from_name(
    name: *const c_char,
    op: *mut actfn_op,
) -> actfn_status {
    if name.is_null() || op.is_null() {
        return ACTFN_ERR_NULL;
    }
    let name = CStr::from_ptr(name).to_bytes();
    match resolve(name) {
        Ok((v, _)) => {
            op.write(v);
            ACTFN_OK
        }
        Err(s) => s,
    }
}

/// Parameter values that replace the catalogue's defaults.
type Defaults = &'static [(Param, f32)];

/// The op value of `name` (`ACTFN_FAST` set for a "_fast" name) and the
/// framework defaults it sets.
pub(crate) fn resolve(name: &[u8]) -> Result<(actfn_op, Defaults), actfn_status> {
    if let Some(base) = name.strip_suffix(crate::catalogue::FAST_SUFFIX.as_bytes()) {
        // Row-wise names report ACTFN_ERR_ROWWISE as they do without it.
        return resolve_tier(base).map(|(i, d)| (i as actfn_op | ACTFN_FAST, d));
    }
    resolve_tier(name).map(|(i, d)| (i as actfn_op, d))
}

/// The op of `name` and the framework defaults it sets (none for Keras's
/// and canonical names, whose defaults are the catalogue's).
fn resolve_tier(name: &[u8]) -> Result<(usize, Defaults), actfn_status> {
    // Canonical names too, so that actfn_op_name round-trips.
    if let Some(i) = OPS.iter().position(|o| {
        o.name.as_bytes() == name || o.keras_names.iter().any(|k| k.as_bytes() == name)
    }) {
        return Ok((i, &[]));
    }
    if let Some(a) = ALIASES.iter().find(|a| a.name.as_bytes() == name) {
        let i = crate::catalogue::find(a.op).ok_or(ACTFN_ERR_INTERNAL)?;
        return Ok((i, a.defaults));
    }
    if ROWWISE_NAMES
        .iter()
        .chain(ROWWISE_ALIASES)
        .any(|k| k.as_bytes() == name)
    {
        return Err(ACTFN_ERR_ROWWISE);
    }
    Err(ACTFN_ERR_UNKNOWN_NAME)
}

/// Looks up `name` as `actfn_op_from_name` does, stores its op in `*op`
/// and fills `*params` with the defaults of the framework the name comes
/// from: Keras's for Keras's and the library's own names (as
/// `actfn_params_default`), ONNX's for an ONNX operator type, PyTorch's for
/// a PyTorch name. So "LeakyRelu" gives ACTFN_OP_LEAKY_RELU with
/// negative_slope 0.01, "leaky_relu" the same op with Keras's 0.2;
/// "HardSigmoid" gives ACTFN_OP_HARD_SIGMOID_EX with alpha 0.2 and beta
/// 0.5, "hardsigmoid" ACTFN_OP_HARD_SIGMOID (x/6 + 1/2); "ThresholdedRelu"
/// gives ACTFN_OP_THRESHOLD with threshold 1 and default_value 0; "Clip"
/// gives ACTFN_OP_CLIP with -FLT_MAX and FLT_MAX (ONNX's absent bounds),
/// "hardtanh" the same op with -1 and 1. An engine then overwrites the
/// fields of the attributes the model sets and calls `actfn_apply_f32`.
///
/// Returns ACTFN_OK; ACTFN_ERR_ROWWISE, ACTFN_ERR_UNKNOWN_NAME or
/// ACTFN_ERR_NULL (any argument NULL) as `actfn_op_from_name`, with
/// nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_params_from_name(
    name: *const c_char,
    op: *mut actfn_op,
    params: *mut actfn_params,
) -> actfn_status {
    if name.is_null() || op.is_null() || params.is_null() {
        return ACTFN_ERR_NULL;
    }
    let name = CStr::from_ptr(name).to_bytes();
    match resolve(name) {
        Ok((v, defaults)) => {
            let mut p = super::params::defaults((v & !ACTFN_FAST) as usize);
            for &(q, v) in defaults {
                p.set(q, v);
            }
            op.write(v);
            params.write(p);
            ACTFN_OK
        }
        Err(s) => s,
    }
}

/// The canonical name of `op` ("relu", "gelu_tanh", ...: the `<name>` of
/// `actfn_<name>_f32`; "sigmoid_fast" for `ACTFN_OP_SIGMOID | ACTFN_FAST`),
/// or NULL for a value that is not an op. The string is static.
#[no_mangle]
pub extern "C" fn actfn_op_name(op: actfn_op) -> *const c_char {
    match super::op_index(op) {
        Some(i) if super::is_fast(op) => super::OP_FAST_CNAMES[i].as_ptr(),
        Some(i) => super::OP_CNAMES[i].as_ptr(),
        None => core::ptr::null(),
    }
}
