//! softmax and log_softmax over the last axis or any axis, and the Softmax
//! layer's masked softmax.
//!
//! Three passes per group: the maximum m; e_j = exp(x_j - m) with x_j - m
//! kept exact as a double-f32 (so large spreads lose nothing), written to y
//! and summed with compensation; then y_j = e_j / sum (correctly rounded
//! division) or, for log_softmax, (x_j - m) - log(sum).
//!
//! Non-finite input follows Keras: NaN or +inf in a group makes the group
//! NaN, an all -inf group is NaN, and -inf entries next to finite ones give
//! 0 (-inf for log_softmax).

use super::{chunk_reg, load_n, max16, store_chunk_reg, store_n, Lanes16, Sum16, LANES16};
use crate::constants::ACTFN_SOFTMAX_MASK_VALUE;
use crate::math::dd::two_sum;
use crate::math::exp::exp_dd;
use crate::math::{c, nan_canonical};
use crate::simd::Simd;

/// e^(x - m), with x - m exact as hi + lo.
#[inline(always)]
fn exp_shifted<V: Simd>(x: V, m: V) -> V {
    let (d, dl) = two_sum(x, -m);
    // x = m = -inf or inf: d is NaN already; keep dl from adding a second one.
    let (eh, el) = exp_dd(d, V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0)));
    eh + el
}

/// log(sum) as hi + lo from the f64 sum (libm's log is exact enough in
/// f64 and is the same pure-Rust code on every target).
#[inline(always)]
fn log_parts(sum: f64) -> (f32, f32) {
    let l = libm::log(sum);
    let hi = l as f32;
    (hi, (l - hi as f64) as f32)
}

/// The 16-value chunk of row `x` at `j` (`len` values): `x + j` itself, or,
/// with a mask, a copy in `buf` with masked logits replaced by -1e9.
#[inline(always)]
unsafe fn logits(
    x: *const f32,
    keep: Option<*const u8>,
    j: usize,
    len: usize,
    buf: &mut [f32; LANES16],
) -> *const f32 {
    match keep {
        None => x.add(j),
        Some(mk) => {
            for (t, slot) in buf.iter_mut().enumerate().take(len) {
                *slot = if *mk.add(j + t) != 0 {
                    *x.add(j + t)
                } else {
                    ACTFN_SOFTMAX_MASK_VALUE
                };
            }
            buf.as_ptr()
        }
    }
}

/// One row of length n (n >= 1); `keep` masks positions (Keras's Softmax
/// layer): masked logits read as -1e9 and masked outputs are written 0.
#[inline(always)]
unsafe fn row<V: Simd>(x: *const f32, y: *mut f32, n: usize, log: bool, keep: Option<*const u8>) {
    let regs = Lanes16::<V>::REGS;
    let mut buf = [0.0f32; LANES16];

    let m = if keep.is_none() {
        max16::<V>(x, n)
    } else {
        let mut m = f32::NEG_INFINITY;
        let mut j = 0;
        while j < n {
            let len = LANES16.min(n - j);
            let cm = max16::<V>(logits(x, keep, j, len, &mut buf), len);
            m = if cm > m { cm } else { m };
            j += LANES16;
        }
        m
    };
    let mv = V::splat(m);

    // e_j = exp(x_j - m): summed, and stored for softmax.
    let mut sum = Sum16::<V>::new();
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let p = logits(x, keep, j, len, &mut buf);
        for k in 0..regs {
            if let Some(v) = chunk_reg::<V>(p, k, len, f32::NEG_INFINITY) {
                let e = exp_shifted(v, mv);
                sum.add(k, e);
                if !log {
                    store_chunk_reg(e, y.add(j), k, len);
                }
            }
        }
        j += LANES16;
    }
    let total = sum.total();

    // Normalise (or log-normalise), zeroing masked slots.
    let s = V::splat(total as f32);
    let (lh, ll) = log_parts(total);
    let (lh, ll) = (V::splat(lh), V::splat(ll));
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let src: *const f32 = if log {
            logits(x, keep, j, len, &mut buf)
        } else {
            y.add(j)
        };
        let mut outs = Lanes16::<V>::splat(0.0);
        for k in 0..regs {
            if let Some(v) = chunk_reg::<V>(src, k, len, 0.0) {
                let out = if log {
                    log_normalised(v, mv, lh, ll)
                } else {
                    v / s
                };
                outs.regs[k] = nan_canonical(out);
                if keep.is_none() {
                    store_chunk_reg(outs.regs[k], y.add(j), k, len);
                }
            }
        }
        if let Some(mk) = keep {
            let mut vals = outs.to_array();
            for (t, v) in vals.iter_mut().enumerate().take(len) {
                if *mk.add(j + t) == 0 {
                    *v = 0.0;
                }
            }
            core::ptr::copy_nonoverlapping(vals.as_ptr(), y.add(j), len);
        }
        j += LANES16;
    }
}

/// (x - m) - log(sum), with x - m exact as hi + lo and log(sum) = lh + ll.
#[inline(always)]
fn log_normalised<V: Simd>(x: V, m: V, lh: V, ll: V) -> V {
    let (d, dl) = two_sum(x, -m);
    let dl = V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0));
    ((d - lh) + dl) - ll
}

/// softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    for r in 0..rows {
        row::<V>(x.add(r * cols), y.add(r * cols), cols, false, None);
    }
}

/// log_softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn log_softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    for r in 0..rows {
        row::<V>(x.add(r * cols), y.add(r * cols), cols, true, None);
    }
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
        row::<V>(
            x.add(r * cols),
            y.add(r * cols),
            cols,
            false,
            Some(mask.add(r * mask_row_stride)),
        );
    }
}

/// softmax / log_softmax of `[outer, axis, inner]` over the middle axis,
/// for inner > 1: each lane walks one group in order.
#[inline(always)]
unsafe fn strided<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
    log: bool,
) {
    for o in 0..outer {
        let xb = x.add(o * axis * inner);
        let yb = y.add(o * axis * inner);
        let mut i = 0;
        while i < inner {
            let cnt = V::LANES.min(inner - i);
            let mut m = V::splat(f32::NEG_INFINITY);
            for a in 0..axis {
                m = load_n::<V>(xb.add(a * inner + i), cnt, 0.0).max(m);
            }
            let (mut sh, mut sl) = (V::splat(0.0), V::splat(0.0));
            for a in 0..axis {
                let e = exp_shifted(load_n::<V>(xb.add(a * inner + i), cnt, 0.0), m);
                let (s, err) = two_sum(sh, e);
                sh = s;
                sl = sl + err;
                if !log {
                    store_n(e, yb.add(a * inner + i), cnt);
                }
            }
            // Per-lane sum: hi + lo rounded once for softmax; the log from the
            // unrounded sum, which keeps the entries near the maximum exact.
            let total = sh + sl;
            if log {
                let mut his = [0.0f32; 64];
                let mut los = [0.0f32; 64];
                sh.store(his.as_mut_ptr());
                sl.store(los.as_mut_ptr());
                let mut lh = [0.0f32; 64];
                let mut ll = [0.0f32; 64];
                for t in 0..V::LANES {
                    let (h, l) = log_parts(his[t] as f64 + los[t] as f64);
                    lh[t] = h;
                    ll[t] = l;
                }
                let (lh, ll) = (V::load(lh.as_ptr()), V::load(ll.as_ptr()));
                for a in 0..axis {
                    let v = load_n::<V>(xb.add(a * inner + i), cnt, 0.0);
                    let out = nan_canonical(log_normalised(v, m, lh, ll));
                    store_n(out, yb.add(a * inner + i), cnt);
                }
            } else {
                for a in 0..axis {
                    let p = yb.add(a * inner + i);
                    store_n(nan_canonical(load_n::<V>(p, cnt, 0.0) / total), p, cnt);
                }
            }
            i += V::LANES;
        }
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
