//! sparsemax: the Euclidean projection onto the probability simplex
//! (Martins & Astudillo 2016), computed correctly (Keras <= 3.15 is not).
//!
//! y = max(z - tau, 0) with z = x - max(x) and tau the unique value with
//! sum(max(z - tau, 0)) = 1. tau is found by Michelot's fixed point: start
//! from the entries with z > -1 as the support S (a superset of the true
//! one, and a sum that cannot overflow), set tau = (sum_S z - 1) / |S|, drop
//! the z <= tau, repeat until S stops shrinking (at most n rounds, a handful
//! in practice). It needs no sort and no scratch memory, and gives the same
//! support and tau as the sort-based formula.

use super::{chunk_reg, max16, Lanes16, Sum16, LANES16};
use crate::math::{c, nan_canonical};
use crate::simd::Simd;

/// (sum of z_j over z_j > tau, count), with z = x - m; sixteen lanes, fixed
/// order.
#[inline(always)]
unsafe fn support<V: Simd>(x: *const f32, n: usize, m: V, tau: V) -> (f64, usize) {
    let mut sum = Sum16::<V>::new();
    let mut cnt = Lanes16::<V>::splat(0.0);
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        for k in 0..Lanes16::<V>::REGS {
            if let Some(v) = chunk_reg::<V>(x.add(j), k, len, f32::NEG_INFINITY) {
                let z = v - m;
                let inside = z.gt(tau);
                sum.add(k, V::select(inside, z, c(0.0)));
                cnt.regs[k] = cnt.regs[k] + V::select(inside, c(1.0), c(0.0));
            }
        }
        j += LANES16;
    }
    let mut count = 0.0f32;
    for v in cnt.to_array() {
        count += v;
    }
    (sum.total(), count as usize)
}

/// Whether `p[0..n]` holds a NaN.
#[inline(always)]
unsafe fn has_nan<V: Simd>(p: *const f32, n: usize) -> bool {
    let mut found = false;
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        for k in 0..Lanes16::<V>::REGS {
            if let Some(v) = chunk_reg::<V>(p.add(j), k, len, 0.0) {
                found |= V::any(v.is_nan());
            }
        }
        j += LANES16;
    }
    found
}

/// sparsemax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn sparsemax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    for r in 0..rows {
        let xr = x.add(r * cols);
        let yr = y.add(r * cols);
        let m = max16::<V>(xr, cols);
        let mv = V::splat(m);
        // Start from tau = -1: the maximum's output z = 0 - tau is at most 1,
        // so the true tau is >= -1 and no z <= -1 is in the support. The
        // fixed point converges from any superset of the support; this one
        // keeps every summed z in (-1, 0], so the sum cannot overflow (from
        // the whole row, 17 z = -FLT_MAX made it -inf and the row NaN).
        let mut tau = -1.0f32;
        let mut prev = usize::MAX;
        loop {
            let (s, k) = support::<V>(xr, cols, mv, V::splat(tau));
            if k == 0 || k == prev {
                break;
            }
            prev = k;
            tau = ((s - 1.0) / k as f64) as f32;
        }
        // A NaN or +inf anywhere makes the row NaN, as in softmax.
        let bad = !m.is_finite() || has_nan::<V>(xr, cols);
        let tv = V::splat(if bad { f32::NAN } else { tau });
        let mut j = 0;
        while j < cols {
            let len = LANES16.min(cols - j);
            let mut outs = Lanes16::<V>::splat(0.0);
            for k in 0..Lanes16::<V>::REGS {
                if let Some(v) = chunk_reg::<V>(xr.add(j), k, len, 0.0) {
                    let d = (v - mv) - tv;
                    outs.regs[k] = nan_canonical(V::select(d.gt(c(0.0)) | d.is_nan(), d, c(0.0)));
                }
            }
            let vals = outs.to_array();
            core::ptr::copy_nonoverlapping(vals.as_ptr(), yr.add(j), len);
            j += LANES16;
        }
    }
}
