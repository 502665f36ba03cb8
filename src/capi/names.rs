//! Keras activation names to ops.

use super::types::*;
use crate::catalogue::OPS;
use core::ffi::{c_char, CStr};

/// The Keras names of the row-wise activations, which have their own
/// functions instead of an `actfn_op`.
pub(crate) const ROWWISE_NAMES: &[&str] = &["softmax", "log_softmax", "glu", "sparsemax"];

/// Looks up a Keras activation name (as in `Activation("relu")`, case
/// sensitive, aliases included: "swish" is silu, "hard_swish" is
/// hard_silu), or the library's own canonical name of an op (as returned by
/// `actfn_op_name`, e.g. "gelu_tanh", "relu_ex"), and stores its op in
/// `*op`. The op then means the function
/// with Keras's default parameters (see `actfn_params_default`); "gelu" is
/// the exact erf form, as in Keras.
///
/// Returns ACTFN_OK; ACTFN_ERR_ROWWISE for "softmax", "log_softmax",
/// "glu" and "sparsemax", which work on rows and have functions of their
/// own; ACTFN_ERR_UNKNOWN_NAME for anything else; ACTFN_ERR_NULL for NULL
/// arguments. `*op` is written only on success.
#[no_mangle]
pub unsafe extern "C" fn actfn_op_from_name(
    name: *const c_char,
    op: *mut actfn_op,
) -> actfn_status {
    if name.is_null() || op.is_null() {
        return ACTFN_ERR_NULL;
    }
    let name = CStr::from_ptr(name).to_bytes();
    match lookup(name) {
        Ok(i) => {
            op.write(i as actfn_op);
            ACTFN_OK
        }
        Err(s) => s,
    }
}

pub(crate) fn lookup(name: &[u8]) -> Result<usize, actfn_status> {
    // Canonical names too, so that actfn_op_name round-trips.
    if let Some(i) = OPS.iter().position(|o| {
        o.name.as_bytes() == name || o.keras_names.iter().any(|k| k.as_bytes() == name)
    }) {
        return Ok(i);
    }
    if ROWWISE_NAMES.iter().any(|k| k.as_bytes() == name) {
        return Err(ACTFN_ERR_ROWWISE);
    }
    Err(ACTFN_ERR_UNKNOWN_NAME)
}

/// The canonical name of `op` ("relu", "gelu_tanh", ...: the `<name>` of
/// `actfn_<name>_f32`), or NULL for a value that is not an op. The string is
/// static.
#[no_mangle]
pub extern "C" fn actfn_op_name(op: actfn_op) -> *const c_char {
    match super::op_index(op) {
        Some(i) => super::OP_CNAMES[i].as_ptr(),
        None => core::ptr::null(),
    }
}
