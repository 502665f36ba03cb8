//! The fast tier of the row-wise functions (issue 14): softmax,
//! log_softmax (last axis, any axis, masked) and glu, with the arguments,
//! statuses and special values of the exact ones in `rowwise.rs`, fewer
//! operations per element, a bound of at most 4 ULP, and the same bits on
//! every ISA.

use super::rowwise::{axis_call, glu_call, masked_call, rows_call};
use super::types::*;

/// The fast tier of `actfn_softmax_f32`: softmax over the last axis of a
/// row-major `rows x cols` matrix.
///
/// Method: e = exp(x - m) by a plain f32 exponential (a two-constant
/// Cody-Waite reduction and a degree-6 polynomial) corrected by the
/// rounding error of x - m, a row sum added pairwise in blocks of 64 and
/// compensated across blocks (in a fixed order, so the same bits on every
/// ISA), then one multiplication by 1/sum per element. Accuracy: each
/// element within 4 ULP of the exact softmax (at most 2.7 ULP measured over
/// the test rows); entries whose e^(x - m) is below 2^-125 take the exact
/// tier's exponential. Special values, `y == x`, arguments and statuses as
/// `actfn_softmax_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_fast_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.softmax_rows_fast)
}

/// The fast tier of `actfn_log_softmax_f32`: log_softmax over the last axis
/// of a `rows x cols` matrix, `y = x - (m + log(sum))`, with the sum of
/// `actfn_softmax_fast_f32` (the maximum's own entries counted apart, so
/// log(sum) keeps its relative accuracy when the maximum dominates).
/// Accuracy: within 4 ULP of the exact value (at most 1.1 ULP measured over
/// the test rows). Special values, arguments and statuses as
/// `actfn_log_softmax_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_fast_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.log_softmax_rows_fast)
}

/// The fast tier of `actfn_softmax_axis_f32`: softmax over the middle axis
/// of a `[outer, axis, inner]` tensor (`inner == 1` is
/// `actfn_softmax_fast_f32`). Each group is summed in order with
/// compensation, and multiplied by 1/sum rounded to float. Accuracy: within
/// 4 ULP of the exact value. Arguments and statuses as
/// `actfn_softmax_axis_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_axis_fast_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.softmax_axis_fast)
}

/// The fast tier of `actfn_log_softmax_axis_f32`: log_softmax over the
/// middle axis of a `[outer, axis, inner]` tensor. Accuracy: within 4 ULP
/// of the exact value. Arguments and statuses as
/// `actfn_log_softmax_axis_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_axis_fast_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.log_softmax_axis_fast)
}

/// The fast tier of `actfn_softmax_masked_f32` (Keras's Softmax layer with
/// a mask): masked logits read as ACTFN_SOFTMAX_MASK_VALUE, masked outputs
/// 0, a fully masked row all zeros. Accuracy: within 4 ULP of the exact
/// value. Arguments and statuses as `actfn_softmax_masked_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_masked_fast_f32(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_rows: usize,
) -> actfn_status {
    masked_call(x, mask, y, rows, cols, mask_rows, |t| t.softmax_masked_fast)
}

/// The fast tier of `actfn_glu_f32`: `y = a * sigmoid(b)` along the middle
/// axis of a `[outer, axis, inner]` tensor, with the fast tier's sigmoid
/// (`actfn_sigmoid_fast_f32`) and one rounded product. Accuracy: within 4
/// ULP of the exact value; where sigmoid(b) is subnormal (b < -87), a is
/// +-inf or either is NaN, the exact tier's result. Arguments, `y == x` and
/// statuses as `actfn_glu_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_glu_fast_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    glu_call(x, y, outer, axis, inner, |t| t.glu_fast)
}
