//! The row-wise entry points: softmax, log_softmax (last axis and any axis),
//! the masked softmax of Keras's Softmax layer, glu, sparsemax, and prelu.

use super::types::*;
use super::{check_buffer, check_overlap, guard, product};
use crate::dispatch;

/// Validates `x` and `y` of `count` floats each, `y == x` allowed.
unsafe fn check_xy(x: *const f32, y: *mut f32, count: usize) -> Result<(), actfn_status> {
    check_buffer(x, count)?;
    check_buffer(y, count)?;
    check_overlap(x, count, y, count, true)
}

/// `[groups, len]`: the element count, or a status for an empty axis with
/// groups to fill, or an overflow.
fn groups_of(groups: usize, len: usize) -> Result<usize, actfn_status> {
    let n = product(&[groups, len])?;
    if len == 0 && groups > 0 {
        return Err(ACTFN_ERR_SHAPE);
    }
    Ok(n)
}

/// softmax over the last axis of a row-major `rows x cols` matrix:
/// `y[r][j] = exp(x[r][j] - m) / sum_k exp(x[r][k] - m)`, m = the row's max.
///
/// Numerically stable for any finite input (never NaN, sums to 1 within a
/// few ULP). As in Keras, a row with a NaN or +inf is all NaN, an all -inf
/// row is NaN, and -inf entries next to finite ones give 0. Accuracy: each
/// element within 2 ULP of the exact value (exp is evaluated on the exact
/// difference x - m; the row sum is compensated). The same bits on every ISA.
///
/// `y == x` (in place) is allowed. Returns ACTFN_OK, or ACTFN_ERR_NULL,
/// ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (`cols == 0` with
/// `rows > 0`), with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.softmax_rows)
}

/// log_softmax over the last axis of a row-major `rows x cols` matrix:
/// `y[r][j] = (x[r][j] - m) - log(sum_k exp(x[r][k] - m))`.
///
/// Special values as `actfn_softmax_f32` (-inf entries give -inf).
/// Arguments and statuses as `actfn_softmax_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.log_softmax_rows)
}

/// Validates `rows x cols` (last-axis) arguments and runs the kernel that
/// `pick` takes from the active table.
pub(super) unsafe fn rows_call(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
    pick: impl FnOnce(&'static crate::kernels::Table) -> unsafe fn(*const f32, *mut f32, usize, usize),
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, cols)?;
        check_xy(x, y, n)?;
        let t = dispatch::table()?;
        if n > 0 {
            pick(t)(x, y, rows, cols);
        }
        Ok(())
    })
}

pub(super) unsafe fn axis_call(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
    pick: impl FnOnce(
        &'static crate::kernels::Table,
    ) -> unsafe fn(*const f32, *mut f32, usize, usize, usize),
) -> actfn_status {
    guard(|| {
        let groups = product(&[outer, inner])?;
        let n = groups_of(groups, axis)?;
        check_xy(x, y, n)?;
        let t = dispatch::table()?;
        if n > 0 {
            pick(t)(x, y, outer, axis, inner);
        }
        Ok(())
    })
}

/// softmax over any axis: `x` is seen as a row-major `[outer, axis, inner]`
/// tensor (outer = the product of the dimensions before the axis, inner =
/// the product of those after it) and normalised along the middle one.
/// `inner == 1` is `actfn_softmax_f32` with rows = outer, cols = axis.
///
/// Arguments, accuracy and statuses as `actfn_softmax_f32`
/// (ACTFN_ERR_SHAPE for `axis == 0` with `outer * inner > 0`).
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_axis_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.softmax_axis)
}

/// log_softmax over any axis of a `[outer, axis, inner]` tensor; see
/// `actfn_softmax_axis_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_axis_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_call(x, y, outer, axis, inner, |t| t.log_softmax_axis)
}

/// The masked softmax of Keras 3's Softmax layer, over the last axis of a
/// `rows x cols` matrix. `mask` holds `mask_rows x cols` bytes, non-zero =
/// keep; `mask_rows` is 1 (one mask for every row) or `rows`.
///
/// As Keras: masked logits are replaced by ACTFN_SOFTMAX_MASK_VALUE (-1e9),
/// the softmax runs over the whole row, and masked outputs are then set to
/// 0, so a fully masked row gives all zeros and NaN or inf at masked
/// positions does not reach the result.
///
/// Returns ACTFN_OK, or ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP,
/// ACTFN_ERR_SHAPE (`cols == 0` with `rows > 0`, or `mask_rows` neither 1
/// nor `rows`), with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_masked_f32(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_rows: usize,
) -> actfn_status {
    masked_call(x, mask, y, rows, cols, mask_rows, |t| t.softmax_masked)
}

/// Validates the masked softmax's arguments and runs the kernel that `pick`
/// takes from the active table.
pub(super) unsafe fn masked_call(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_rows: usize,
    pick: impl FnOnce(
        &'static crate::kernels::Table,
    ) -> unsafe fn(*const f32, *const u8, *mut f32, usize, usize, usize),
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, cols)?;
        if n > 0 && mask_rows != 1 && mask_rows != rows {
            return Err(ACTFN_ERR_SHAPE);
        }
        check_xy(x, y, n)?;
        let mask_len = product(&[mask_rows.min(rows), cols])?;
        check_buffer(mask, mask_len)?;
        if n > 0
            && (mask as usize) < (y as usize + n * 4)
            && (y as usize) < (mask as usize + mask_len)
        {
            return Err(ACTFN_ERR_OVERLAP);
        }
        let t = dispatch::table()?;
        if n > 0 {
            let stride = if mask_rows == 1 { 0 } else { cols };
            pick(t)(x, mask, y, rows, cols, stride);
        }
        Ok(())
    })
}

/// glu (gated linear unit) along the middle axis of a `[outer, axis, inner]`
/// tensor: with a = the first half of the axis and b = the second half,
/// `y = a * sigmoid(b)`; `y` is `[outer, axis / 2, inner]`.
///
/// Accuracy: within 1 ULP of the exact a * sigmoid(b) (one rounding of a
/// double-f32 quotient). `y == x` is allowed (the output is written behind
/// the input); other overlaps are an error. Returns ACTFN_OK, or
/// ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (odd
/// `axis`), with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_glu_f32(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    glu_call(x, y, outer, axis, inner, |t| t.glu)
}

/// Validates glu's arguments and runs the kernel that `pick` takes from the
/// active table.
pub(super) unsafe fn glu_call(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
    pick: impl FnOnce(
        &'static crate::kernels::Table,
    ) -> unsafe fn(*const f32, *mut f32, usize, usize, usize),
) -> actfn_status {
    guard(|| {
        if !axis.is_multiple_of(2) {
            return Err(ACTFN_ERR_SHAPE);
        }
        let n = product(&[outer, axis, inner])?;
        let half = n / 2;
        check_buffer(x, n)?;
        check_buffer(y, half)?;
        if !core::ptr::eq(x, y) {
            check_overlap(x, n, y, half, false)?;
        }
        let t = dispatch::table()?;
        if half > 0 {
            pick(t)(x, y, outer, axis, inner);
        }
        Ok(())
    })
}

/// sparsemax over the last axis of a `rows x cols` matrix: the Euclidean
/// projection of each row onto the probability simplex,
/// `y = max(x - tau, 0)` with tau such that the row sums to 1 (the correct
/// projection of Martins & Astudillo; Keras <= 3.15 computes it wrongly for
/// rows with more than one non-zero output).
///
/// Any finite row gives a finite result, however large its values: each
/// element within 2^-21 * max(1, |max x|, |smallest x kept|) of the exact
/// projection (x - max is rounded to float once). A row with a NaN or +inf
/// is all NaN; -inf entries give 0. The same bits on every ISA. `y == x` is
/// allowed. Returns as `actfn_softmax_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_sparsemax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_call(x, y, rows, cols, |t| t.sparsemax_rows)
}

/// The PReLU layer with one slope per channel (Keras's `shared_axes` over
/// every axis but the channels): `y[r][c] = x >= 0 ? x : alpha[c] * x` over
/// a row-major `rows x channels` matrix. Exact (one rounding of alpha * x);
/// a zero slope gives -0 at -inf (the limit; Keras gives NaN).
///
/// `alpha` holds `channels` floats and must not overlap `y`; `y == x` is
/// allowed. Returns ACTFN_OK, or ACTFN_ERR_NULL, ACTFN_ERR_SIZE,
/// ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (`channels == 0` with `rows > 0`),
/// with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_prelu_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    channels: usize,
    alpha: *const f32,
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, channels)?;
        check_xy(x, y, n)?;
        if n > 0 {
            check_buffer(alpha, channels)?;
            check_overlap(alpha, channels, y, n, false)?;
        }
        let t = dispatch::table()?;
        if n > 0 {
            (t.prelu)(x, y, rows, channels, alpha);
        }
        Ok(())
    })
}
