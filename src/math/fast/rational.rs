//! The functions whose exact kernels need a division or a corrected
//! quotient, fast tier: softsign and squareplus (one correctly rounded
//! division, no correction step), hard_sigmoid, hard_silu and sparse_plus
//! (a few plain f32 operations, no exact sum or product).
//!
//! NaN: a NaN input comes back as itself, quieted, on every ISA. softsign
//! and squareplus send NaN lanes to the exact tier (`fast_or!`, with its
//! NaN step). hard_sigmoid, hard_silu and sparse_plus need no NaN step (at
//! 16K they are bound by their operation count, and a NaN step is three
//! more): x + c and NaN * y give x's NaN quieted on every ISA (the IEEE
//! operations' NaN propagation with one NaN operand, and for x * s both are
//! that same NaN), and [`Simd::min`] / [`Simd::max`] return their second
//! operand, the NaN, as the exact tier's relu relies on.

use super::super::{c, nan_from, nan_from_x};
use crate::simd::Simd;

/// RN(1/6) = 1/6 (1 + d) with |d| < 2^-25.
const SIXTH: f32 = 1.0 / 6.0;

/// (x + 3) RN(1/6), unclamped. x + 3 is exact for x in [-6, -1.5] (no
/// cancellation near the knee at -3, where fma(x, 1/6, 1/2) would lose
/// every bit), else rounded with |x + 3| >= 1.5; with RN(1/6) and the
/// product's rounding: within 1.6 ULP.
#[inline(always)]
fn sixth_of_x_plus_3<V: Simd>(x: V) -> V {
    (x + c(3.0)) * c(SIXTH)
}

/// hard_sigmoid(x) = clip((x + 3) / 6, 0, 1) as (x + 3) RN(1/6) clamped by
/// min and max: four operations, no division. -inf gives +0, +inf 1.
/// Within 1.5 ULP (x + 3 rounds for x > -1.5, 1/6 is rounded).
#[inline(always)]
pub fn hard_sigmoid<V: Simd>(x: V) -> V {
    let t = sixth_of_x_plus_3(x);
    // A negative t (x < -3) becomes +0; t is never -0 (x + 3 = 0 is +0).
    c::<V>(0.0).max(c::<V>(1.0).min(t))
}

/// hard_silu(x) = x hard_sigmoid(x), with x clamped at -3 for the product:
/// below -3 (and at -inf) the clamped sigmoid is +0 and the product -3 * 0
/// is the exact tier's -0, instead of -inf * 0 = NaN. -0 gives -0.
#[inline(always)]
pub fn hard_silu<V: Simd>(x: V) -> V {
    let s = c::<V>(0.0).max(c::<V>(1.0).min(sixth_of_x_plus_3(x)));
    c::<V>(-3.0).max(x) * s
}

/// sparse_plus(x) = (x + 1)^2 / 4 between the knees: s = max(x + 1, 0)
/// rounded once, s s rounded, times 1/4 (exact: s s >= 2^-46 or 0). x <= -1
/// gives +0, x >= 1 gives x. Within 1.5 ULP.
#[inline(always)]
pub fn sparse_plus<V: Simd>(x: V) -> V {
    let s = c::<V>(0.0).max(x + c(1.0));
    let mid = (s * s) * c(0.25);
    V::select(x.ge(c(1.0)), x, mid)
}

/// Below this |x|, 1 + |x| is a normal f32 sum that the division below
/// handles within its bound; from 2^24 on (and for NaN) the exact tier
/// rounds 1 + |x| exactly (softsign(2^24) = 1 - 2^-24, not 1).
const TWO_24: f32 = 16_777_216.0;

/// softsign(x) = x / (1 + |x|) with 1 + |x| rounded and one correctly
/// rounded division, sign of x kept (-0 gives -0): within 1.5 ULP. |x| >=
/// 2^24, infinities and NaN take the exact tier.
#[inline(always)]
pub fn softsign<V: Simd>(x: V) -> V {
    let a = x.abs();
    fast_or!(
        V,
        a.lt(c(TWO_24)),
        (a / (a + c(1.0))).xor_sign(x),
        nan_from_x(x, super::super::softsign(x))
    )
}

/// 2^-60, 2^100 and 2^62: the short path's b range and |x| limit.
const TWO_M60: f32 = f32::from_bits(0x2180_0000);
const TWO_100: f32 = f32::from_bits(0x7180_0000);
const TWO_62: f32 = f32::from_bits(0x5e80_0000);

/// squareplus(x, b) = (x + sqrt(x^2 + b)) / 2 from r = sqrt(fma(x, x, b))
/// and d = r + |x| (a sum without cancellation): x >= 0 gives d / 2, x < 0
/// the same value as b / (2 d) (no cancellation either), one correctly
/// rounded division. Within 2 ULP for b in [2^-60, 2^100] (a per-call
/// fact) and |x| <= 2^62 (x^2 + b normal, no overflow, the result normal);
/// other lanes (and b), infinities and NaN take the exact tier.
#[inline(always)]
pub fn squareplus<V: Simd>(x: V, b: V) -> V {
    let a = x.abs();
    let ok = a.le(c(TWO_62)) & b.ge(c(TWO_M60)) & b.le(c(TWO_100));
    fast_or!(
        V,
        ok,
        {
            let d = x.mul_add(x, b).sqrt() + a;
            V::select(x.ge(c(0.0)), d * c(0.5), b / (d + d))
        },
        nan_from(x, super::super::squareplus(x, b))
    )
}
