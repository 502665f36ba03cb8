//! The element-wise entry points: `actfn_apply_f32`, and the shared body of
//! the generated `actfn_<name>_f32` functions.

use super::types::*;
use super::{check_buffer, check_overlap, guard, is_fast, op_index, params};
use crate::dispatch;

/// Validates and runs element-wise op `op` (a catalogue index).
pub(crate) unsafe fn call(
    op: actfn_op,
    x: *const f32,
    y: *mut f32,
    n: usize,
    p: &actfn_params,
) -> actfn_status {
    guard(|| {
        let i = op_index(op).ok_or(ACTFN_ERR_UNKNOWN_OP)?;
        if !params::valid(i, p) {
            return Err(ACTFN_ERR_PARAM);
        }
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_overlap(x, n, y, n, true)?;
        let table = dispatch::table()?;
        if n > 0 {
            (table.kernel(i, is_fast(op)))(x, y, n, p);
        }
        Ok(())
    })
}

/// Applies element-wise activation `op` with parameters `*params`:
/// `y[i] = f(x[i])` for `i < n`. `op | ACTFN_FAST` runs the fast tier.
///
/// `params` may be NULL for Keras's defaults (an error for ops with
/// required parameters, such as ACTFN_OP_THRESHOLD); otherwise each op reads
/// only its own fields (see `actfn_params`, and `actfn_params_default` to
/// start from the defaults). Results are bit-identical to the op's own
/// `actfn_<name>_f32` function (`actfn_<name>_fast_f32` with ACTFN_FAST).
///
/// Returns ACTFN_OK, or ACTFN_ERR_UNKNOWN_OP, ACTFN_ERR_PARAM,
/// ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_apply_f32(
    op: actfn_op,
    params: *const actfn_params,
    x: *const f32,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    let Some(i) = op_index(op) else {
        return ACTFN_ERR_UNKNOWN_OP;
    };
    let p = if params.is_null() {
        params::defaults(i)
    } else {
        params.read()
    };
    call(op, x, y, n, &p)
}
