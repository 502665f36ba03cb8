//! softmax / log_softmax over a strided axis (`[outer, axis, inner]` with
//! inner > 1).
//!
//! Each SIMD lane owns one group (one inner index) and walks its axis in
//! order, so the lanes never mix and the result is ISA-independent without
//! the fixed sixteen-lane reductions of the rows: one pass for the max, one
//! for e = exp(x - m) (double-f32 x - m) and its compensated sum, one for
//! the output. Loads along the axis are `inner` floats apart, so there is no
//! block structure to exploit and no fast path: the general double-f32 exp
//! on every lane.

use crate::math::dd::{div_dd, fast_two_sum, two_sum};
use crate::math::exp::exp_dd;
use crate::math::{c, nan_canonical};
use crate::rowwise::{load_n, store_n};
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
pub(super) fn neumaier(parts: &[f32]) -> (f64, f64) {
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
pub(super) fn log_of(s: f64, comp: f64) -> (f32, f32) {
    let l = if s < 2.0 {
        libm::log1p((s - 1.0) + comp)
    } else {
        libm::log(s + comp)
    };
    let hi = l as f32;
    (hi, (l - hi as f64) as f32)
}

/// (x - m) - log(sum), with x - m exact as hi + lo and log(sum) = lh + ll.
#[inline(always)]
pub(super) fn log_normalised<V: Simd>(x: V, m: V, lh: V, ll: V) -> V {
    let (d, dl) = two_sum(x, -m);
    // dl is not finite when d is not, and also when d is finite but near
    // FLT_MAX, where TwoSum's own d - x overflows (x = 0x1.20ab86p+126,
    // m = FLT_MAX). There |d| is so large that dl is below half an ULP of
    // the result: drop it.
    let dl = V::select(dl.abs().lt(c(f32::INFINITY)), dl, c(0.0));
    ((d - lh) + dl) - ll
}

/// softmax / log_softmax of `[outer, axis, inner]` over the middle axis,
/// for inner > 1: each lane walks one group in order.
#[inline(always)]
pub(super) unsafe fn strided<V: Simd>(
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
            // As in the rows: entries equal to a finite maximum are counted
            // apart.
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
                    let (q, corr) = div_dd(load_n::<V>(p, cnt, 0.0), None, th, tl);
                    store_n(nan_canonical(q + corr), p, cnt);
                }
            }
            i += V::LANES;
        }
    }
}
