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
use crate::math::dd::{div_dd, fast_two_sum, two_sum};
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

/// The sum of `parts` in f64 with Neumaier's compensation: (sum, comp).
fn neumaier(parts: &[f32]) -> (f64, f64) {
    let (mut s, mut comp) = (0.0f64, 0.0f64);
    for &p in parts {
        let p = p as f64;
        let t = s + p;
        comp += if s.abs() >= p.abs() {
            (s - t) + p
        } else {
            (p - t) + s
        };
        s = t;
    }
    (s, comp)
}

/// log(s + comp) as hi + lo. A sum below 2 goes through log1p(sum - 1) with
/// sum - 1 exact: the sum holds the maximum's e^0 = 1, and for rows
/// dominated by it log(sum) is tiny and must keep its relative accuracy.
/// (libm's log and log1p are the same pure-Rust code on every target.)
fn log_of(s: f64, comp: f64) -> (f32, f32) {
    let l = if s < 2.0 {
        libm::log1p((s - 1.0) + comp)
    } else {
        libm::log(s + comp)
    };
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

    // e_j = exp(x_j - m): stored for softmax, and summed. The entries equal
    // to a finite maximum (e = 1 exactly) are counted apart, so that the
    // compensated sum of the others keeps its relative accuracy however
    // small it is next to them (log_softmax of a dominant entry needs it).
    let finite_max = V::splat(if m.is_finite() { 1.0 } else { 0.0 }).eq(c(1.0));
    let mut sum = Sum16::<V>::new();
    let mut tops = Lanes16::<V>::splat(0.0);
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let p = logits(x, keep, j, len, &mut buf);
        for k in 0..regs {
            if let Some(v) = chunk_reg::<V>(p, k, len, f32::NEG_INFINITY) {
                let e = exp_shifted(v, mv);
                let top = v.eq(mv) & finite_max;
                sum.add(k, V::select(top, c(0.0), e));
                tops.regs[k] = tops.regs[k] + V::select(top, c(1.0), c(0.0));
                if !log {
                    store_chunk_reg(e, y.add(j), k, len);
                }
            }
        }
        j += LANES16;
    }
    let mut parts = [0.0f32; 3 * LANES16];
    parts[..LANES16].copy_from_slice(&tops.to_array());
    parts[LANES16..].copy_from_slice(&sum.parts());
    let (total, comp) = neumaier(&parts);

    // Normalise (or log-normalise), zeroing masked slots; the sum as hi + lo
    // so the division is rounded once.
    let sh = (total + comp) as f32;
    let sl = ((total - sh as f64) + comp) as f32;
    let (sh, sl) = (V::splat(sh), V::splat(sl));
    let (lh, ll) = log_of(total, comp);
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
                    let (q, corr) = div_dd(v, c(0.0), sh, sl);
                    q + corr
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
            // As in `row`: entries equal to a finite maximum are counted apart.
            let finite_max = m.abs().lt(c(f32::INFINITY));
            let (mut sh, mut sl, mut tops) = (V::splat(0.0), V::splat(0.0), V::splat(0.0));
            for a in 0..axis {
                let v = load_n::<V>(xb.add(a * inner + i), cnt, 0.0);
                let e = exp_shifted(v, m);
                let top = v.eq(m) & finite_max;
                let (s, err) = two_sum(sh, V::select(top, c(0.0), e));
                sh = s;
                sl = sl + err;
                tops = tops + V::select(top, c(1.0), c(0.0));
                if !log {
                    store_n(e, yb.add(a * inner + i), cnt);
                }
            }
            // Per-lane sum tops + sh + sl: as hi + lo for the division, and its
            // log from the f64 sum.
            let (th, tl) = two_sum(tops, sh);
            let (th, tl) = fast_two_sum(th, tl + sl);
            if log {
                let mut parts = [[0.0f32; 64]; 3];
                tops.store(parts[0].as_mut_ptr());
                sh.store(parts[1].as_mut_ptr());
                sl.store(parts[2].as_mut_ptr());
                let mut lh = [0.0f32; 64];
                let mut ll = [0.0f32; 64];
                for t in 0..V::LANES {
                    let (s, comp) = neumaier(&[parts[0][t], parts[1][t], parts[2][t]]);
                    (lh[t], ll[t]) = log_of(s, comp);
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
                    let (q, corr) = div_dd(load_n::<V>(p, cnt, 0.0), c(0.0), th, tl);
                    store_n(nan_canonical(q + corr), p, cnt);
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
