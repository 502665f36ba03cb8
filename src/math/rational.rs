//! The algebraic functions: softsign and squareplus.

use super::c;
use super::dd::{div_dd, fast_two_sum, two_prod};
use crate::simd::Simd;

/// Keras `softsign`: x / (1 + |x|), with 1 + |x| kept exact and one
/// corrected division. softsign(+-inf) = +-1 (the limit; from |x| = 2^25 on
/// the result rounds to +-1; Keras's literal quotient gives 1 from 2^24).
#[inline(always)]
pub fn softsign<V: Simd>(x: V) -> V {
    // From 2^25 on, 1 / (1 + |x|) is below half an ulp of 1 and the result
    // rounds to 1: clamping there (NaN passes) keeps inf - inf out of the
    // low part and still gives 1.
    let a = c::<V>(TWO_26).min(x.abs());
    // a >= 0: the larger first makes Fast2Sum exact.
    let (dh, dl) = fast_two_sum(c::<V>(1.0).max(a), c::<V>(1.0).min(a));
    let (q, corr) = div_dd(a, None, dh, dl);
    // q + corr >= +0 (its sign bit clear, also at x = 0): flipping sets
    // x's sign.
    (q + corr).xor_sign(x)
}

const TWO_26: f32 = f32::from_bits(0x4c80_0000);

/// sqrt(x^2 + b) for b >= 0 as `(r, rem)`: x^2 + b is formed exactly as a
/// double-f32 th + tl, r = sqrt(th) correctly rounded, and rem = th + tl -
/// r^2, so that sqrt(x^2 + b) ~ r + rem / (2 r) (callers divide, guarding
/// r = 0 where it can occur). Both squareplus paths start here.
#[inline(always)]
fn sqrt_sum_of_square<V: Simd>(x: V, b: V) -> (V, V) {
    let (sh, sl) = two_prod(x, x);
    // Both are >= 0: the larger first makes Fast2Sum exact.
    let (th, tl) = fast_two_sum(sh.max(b), sh.min(b));
    let r = th.sqrt();
    // th - r^2 is exact (r is the rounded root of th).
    (r, r.neg_mul_add(r, th) + (tl + sl))
}

/// Keras `squareplus`: (x + sqrt(x^2 + b)) / 2.
///
/// Short path, for b in [2^-60, 2^100] (a per-call fact, hoisted) and x in
/// [-256 sqrt(b), 2^62]: x^2 + b is exact as a double-f32, its square root
/// r + rl is corrected by one remainder step, and y = (r + x + rl) / 2 with
/// r + x split exactly (r >= |x|, so Fast2Sum holds for either sign of x).
/// For negative x that sum cancels, but only by the factor 4 x^2 / b <=
/// 2^18, which the 2^-48 of r + rl absorbs: the error stays below 2^-28 of
/// y before the final rounding. y >= 2^-40 there, so halving is exact.
/// Every other lane takes [`squareplus_full`].
#[inline(always)]
pub fn squareplus<V: Simd>(x: V, b: V) -> V {
    let b_ok = b.ge(c(TWO_M60)) & b.le(c(TWO_100));
    let lo = V::select(b_ok, b.sqrt() * c(-256.0), c(f32::INFINITY));
    let ok = x.ge(lo) & x.le(c(TWO_62));
    // r > 0 (b > 0): no guard on the division.
    let (r, rem) = sqrt_sum_of_square(x, b);
    let rl = rem / (r + r);
    let (ph, pl) = fast_two_sum(r, x);
    let fast = (ph + (pl + rl)) * c(0.5);
    fast_or!(V, ok, fast, squareplus_full(x, b))
}

/// squareplus for every x and b >= 0.
///
/// For x >= 0 the sum has no cancellation; for x < 0 it is rewritten as
/// b / (2 (sqrt(x^2 + b) - x)). Huge |x| or b are scaled by 2^-64 so x^2
/// cannot overflow: squareplus(-inf) = +0, squareplus(x) ~ x for huge x.
#[inline(always)]
fn squareplus_full<V: Simd>(x: V, b: V) -> V {
    let a = x.abs();
    // Scale x by s (and b by s^2) so that x^2 + b neither overflows nor
    // underflows: s = 2^-64 for huge x or b, 2^100 for tiny x and b (so
    // that even subnormal x squares to a normal), else 1.
    let big = a.gt(c(1.0e18)) | b.gt(c(1.0e36));
    let tiny = a.lt(c(8.0e-19)) & b.lt(c(7.0e-37));
    let (p100, m64) = (c::<V>(TWO_100), c::<V>(TWO_M64));
    let one = c::<V>(1.0);
    let s = V::select(big, m64, V::select(tiny, p100, one));
    let xs = a * s;
    let bs = b * s * s;
    let (r, rem) = sqrt_sum_of_square(xs, bs);
    let rl = V::select(r.gt(c(0.0)), rem / (r + r), c(0.0));
    let (rh, rl) = fast_two_sum(r, rl);
    // x >= 0: (xs + rs) / (2 s); x < 0: b / (2 (r + a)) = b s / (2 (rs + xs)),
    // with b s formed before the division only where that cannot underflow.
    // rh = sqrt(xs^2 + bs) >= xs (b >= 0): Fast2Sum is exact.
    let (ph, pl) = fast_two_sum(rh, xs);
    let pl = pl + rl;
    let pos = ((ph + pl) * c(0.5)) / s;
    // A numerator below 2^-100 is scaled up by 2^100 too (and the quotient
    // back where x was not), or the remainder nh - q dh in div_dd would
    // fall below the subnormals' spacing and lose the correction.
    let small_b = b.lt(c(TWO_M100)) & !big;
    let num = V::select(tiny | small_b, b * p100, b);
    let (q, corr) = div_dd(num, None, ph + ph, pl + pl);
    let post = V::select(small_b & !tiny, c(TWO_M100), one);
    let neg = (q + corr) * V::select(big, m64, post);
    // -inf, and b = 0 (where squareplus is relu), give +0.
    let neg = V::select(a.eq(c(f32::INFINITY)) | b.eq(c(0.0)), c(0.0), neg);
    let y = V::select(x.ge(c(0.0)), pos, neg);
    // NaN and +inf are their own results.
    V::select(x.is_nan() | x.eq(c(f32::INFINITY)), x, y)
}

/// 2^100, 2^62, 2^-60, 2^-64 and 2^-100.
const TWO_100: f32 = f32::from_bits(0x7180_0000);
const TWO_M100: f32 = f32::from_bits(0x0d80_0000);
const TWO_62: f32 = f32::from_bits(0x5e80_0000);
const TWO_M60: f32 = f32::from_bits(0x2180_0000);
const TWO_M64: f32 = f32::from_bits(0x1f80_0000);
