//! softmax and log_softmax over the last axis or any axis, and the Softmax
//! layer's masked softmax.
//!
//! Last axis, three passes per row, one module each:
//! - `max.rs`: the maximum m (computed by the previous row's last pass,
//!   whose loads it overlaps);
//! - `exp.rs` and `sum.rs`: e_j = exp(x_j - m) with x_j - m exact, written
//!   to y (softmax) and summed with compensation in 16 fixed lanes;
//! - `scale.rs`: y_j = e_j / sum rounded once, or for log_softmax
//!   y_j = x_j - (m + log(sum)).
//!
//! `masked.rs` feeds masked rows through the same passes; `strided.rs` is
//! the any-axis path (inner > 1), one lane per group. This file drives a row
//! through the passes and holds the entry points the generator instantiates
//! per ISA.
//!
//! Non-finite input follows Keras: NaN or +inf in a group makes the group
//! NaN, an all -inf group is NaN, and -inf entries next to finite ones give
//! 0 (-inf for log_softmax).

mod exp;
pub mod fast;
mod masked;
mod max;
mod scale;
mod strided;
mod sum;

use crate::simd::Simd;
use exp::exp_pass;
use masked::{masked_max, masked_output};
use max::max_row;
use scale::{constants, nan_row, normalise};
use strided::strided;

/// log_softmax sums again unseeded when the sum of the e other than the
/// maximum's is below n REST_MIN: above it the seeded sum's absolute error
/// (at most about 9 n 2^-48) is within 2^-30 of it.
const REST_MIN: f64 = 1.0 / 16384.0;

/// One row of length n (n >= 1); `keep` masks positions (Keras's Softmax
/// layer): masked logits read as -1e9 and masked outputs are written 0.
///
/// `m`: the row's maximum when the previous row's last pass computed it;
/// `next`: the next row (same length, no mask), whose maximum the last pass
/// computes and returns.
#[inline(always)]
pub(crate) unsafe fn row<V: Simd>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    log: bool,
    keep: Option<*const u8>,
    m: Option<f32>,
    next: Option<*const f32>,
) -> Option<f32> {
    let m = match (m, keep) {
        (Some(m), _) => m,
        (None, None) => max_row::<V>(x, n),
        (None, Some(mk)) => masked_max::<V>(x, mk, n),
    };
    let nm = V::splat(-m);

    let (mut sum, tops) = exp_pass(x, y, n, nm, log, true, keep);
    // The sum: the tops (integers, exact) and the 32 compensated parts in
    // f64, in one fixed order (the parts' f64 sum is good to about 2^-48 of
    // itself: for log_softmax, log1p((tops - 1) + rest) keeps the relative
    // accuracy of a rest that is tiny next to the maximum's 1).
    // (integers: exact in any order, so four short chains)
    let tp = tops.to_array();
    let mut ta = [0.0f64; 4];
    for (k, v) in tp.into_iter().enumerate() {
        ta[k % 4] += v as f64;
    }
    let t = (ta[0] + ta[1]) + (ta[2] + ta[3]);
    let mut rest = sum.total();
    if log && rest < n as f64 * REST_MIN {
        // The maximum dominates: the seeded sum's absolute accuracy is not
        // enough for log1p(rest); sum again with TwoSum from 0.
        (sum, _) = exp_pass(x, y, n, nm, log, false, keep);
        rest = sum.total();
    }
    let [rh, rl, ch, cl] = constants(m, t, rest, log);
    let k = [V::splat(rh), V::splat(rl), V::splat(ch), V::splat(cl)];

    match keep {
        // NaN or +inf in the row, or all -inf: the row is NaN.
        None if (t + rest).is_nan() => nan_row::<V>(y, n, next),
        None if log => normalise::<V, true>(x, y, n, k, next),
        None => normalise::<V, false>(y, y, n, k, next),
        Some(mk) => {
            masked_output::<V>(x, mk, y, n, log, k);
            None
        }
    }
}

/// Row after row, each row's last pass computing the next row's maximum.
#[inline(always)]
unsafe fn rows_of<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize, log: bool) {
    let mut m = None;
    for r in 0..rows {
        let next = if r + 1 < rows {
            Some(x.add((r + 1) * cols))
        } else {
            None
        };
        m = row::<V>(x.add(r * cols), y.add(r * cols), cols, log, None, m, next);
    }
}

/// softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V>(x, y, rows, cols, false)
}

/// log_softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn log_softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V>(x, y, rows, cols, true)
}

/// The Softmax layer with a mask: `mask` holds `cols` bytes per row at
/// `mask_row_stride` bytes apart (0: one mask row for all rows); a zero byte
/// masks the position.
#[inline(always)]
pub unsafe fn softmax_masked_rows<V: Simd>(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_row_stride: usize,
) {
    for r in 0..rows {
        let keep = Some(mask.add(r * mask_row_stride));
        row::<V>(
            x.add(r * cols),
            y.add(r * cols),
            cols,
            false,
            keep,
            None,
            None,
        );
    }
}

/// softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn softmax_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        softmax_rows::<V>(x, y, outer, axis)
    } else {
        strided::<V>(x, y, outer, axis, inner, false)
    }
}

/// log_softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn log_softmax_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        log_softmax_rows::<V>(x, y, outer, axis)
    } else {
        strided::<V>(x, y, outer, axis, inner, true)
    }
}
