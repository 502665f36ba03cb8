//! The row-wise ONNX / PyTorch operators of issue 19: softmin, hardmax
//! (last axis and any axis) and prelu with channels first.

use super::rowwise::{axis_call, rows_call};
use super::types::*;
use super::{check_buffer, check_overlap, guard, product};
use crate::dispatch;

/// softmin over the last axis of a row-major `rows x cols` matrix
/// (PyTorch `torch.nn.functional.softmin(x, dim=-1)`):
/// `y[r][j] = exp(m - x[r][j]) / sum_k exp(m - x[r][k])`, m = the row's
/// minimum, i.e. softmax of -x.
///
/// The result is bit for bit `actfn_softmax_f32` of the negated input
/// (negation is exact), on every ISA: the same accuracy (each element
/// within 2 ULP) and special values with the signs swapped (a row with a
/// NaN or -inf is all NaN, an all +inf row is NaN, +inf entries next to
/// finite ones give 0).
///
/// `y == x` (in place) is allowed. Returns ACTFN_OK, or ACTFN_ERR_NULL,
/// ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (`cols == 0` with
/// `rows > 0`), with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmin_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.softmin_rows)
}

/// softmin over any axis (PyTorch `softmin(x, dim)`): `x` is a row-major
/// `[outer, axis, inner]` tensor (outer = the product of the dimensions
/// before `dim`, inner = the product of those after it), normalised along
/// the middle one. Bit for bit `actfn_softmax_axis_f32` of -x.
///
/// Arguments, accuracy and statuses as `actfn_softmin_f32`
/// (ACTFN_ERR_SHAPE for `axis == 0` with `outer * inner > 0`).
#[no_mangle]
pub unsafe extern "C" fn actfn_softmin_axis_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.softmin_axis)
}

/// hardmax over the last axis of a row-major `rows x cols` matrix (ONNX
/// `Hardmax`, opset 13, axis = -1): `y[r][j]` is 1 if `x[r][j]` is the
/// first maximum of its row, else 0. Exact; the same bits on every ISA.
///
/// Ties and special values: the first of equal maxima wins, and -0 equals
/// +0 (so [-0, +0] gives [1, 0]); +inf is larger than every number; a row
/// of -inf gives 1 at its first element. A NaN counts as the maximum: the
/// first NaN of a row gets the 1. This is what numpy's `argmax` does and
/// so the ONNX reference implementation (`onnx.reference`, which computes
/// Hardmax with `np.argmax`); ONNX Runtime's CPU kernel uses
/// `std::max_element`, which lets a NaN win only as the first element of
/// a row, a rule that depends on where the NaN is.
///
/// `y == x` (in place) is allowed. Returns ACTFN_OK, or ACTFN_ERR_NULL,
/// ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (`cols == 0` with
/// `rows > 0`), with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_hardmax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.hardmax_rows)
}

/// hardmax over any axis of a row-major `[outer, axis, inner]` tensor (ONNX
/// `Hardmax`, opset 13, with its `axis` attribute: outer = the product of
/// the dimensions before it, inner = the product of those after it): 1 at
/// the first maximum along the middle dimension, 0 elsewhere.
///
/// Ties, NaN and statuses as `actfn_hardmax_f32` (ACTFN_ERR_SHAPE for
/// `axis == 0` with `outer * inner > 0`). (Hardmax before opset 13 took
/// the input as a 2-D matrix split at `axis`: that is
/// `actfn_hardmax_f32` with rows = outer, cols = the product of the rest.)
#[no_mangle]
pub unsafe extern "C" fn actfn_hardmax_axis_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.hardmax_axis)
}

/// PReLU with one slope per channel and channels first (ONNX `PRelu`,
/// opset 16, with the slope of shape `[C, 1, 1]` on an NCHW input; PyTorch
/// `nn.PReLU(num_parameters=C)`): over a row-major `[outer, channels,
/// inner]` tensor, `y[o][c][i] = x >= 0 ? x : alpha[c] * x` (NCHW: outer =
/// N, channels = C, inner = H * W).
///
/// The same math, rounding (exact: one rounding of alpha * x) and NaN rule
/// as `actfn_prelu_f32`, on every ISA. ONNX's other broadcasts of the
/// slope: one slope for the whole tensor is `channels = 1`
/// (`inner` = the element count), one per channel with channels last
/// (NHWC, slope `[C]`) is `actfn_prelu_f32`.
///
/// `alpha` holds `channels` floats and must not overlap `y`; `y == x` is
/// allowed. The arguments follow `actfn_prelu_f32` (slopes last). Returns
/// ACTFN_OK, or ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP,
/// ACTFN_ERR_SHAPE (`channels == 0` with `outer * inner > 0`), with
/// nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_prelu_channels_first_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    channels: usize,
    inner: usize,
    alpha: *const f32,
) -> actfn_status {
    guard(|| {
        let groups = product(&[outer, inner])?;
        let n = product(&[groups, channels])?;
        if channels == 0 && groups > 0 {
            return Err(ACTFN_ERR_SHAPE);
        }
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_overlap(x, n, y, n, true)?;
        if n > 0 {
            check_buffer(alpha, channels)?;
            check_overlap(alpha, channels, y, n, false)?;
        }
        let t = dispatch::table()?;
        if n > 0 {
            (t.prelu_channels_first)(x, y, outer, channels, inner, alpha);
        }
        Ok(())
    })
}
