//! The algebraic functions: softsign and squareplus.

use super::c;
use super::dd::{div_dd, fast_two_sum, two_prod, two_sum};
use crate::simd::Simd;

/// Keras `softsign`: x / (1 + |x|), with 1 + |x| kept exact and one
/// corrected division. softsign(+-inf) = +-1 (the limit; from |x| = 2^24 on
/// the result is exactly +-1; Keras's literal quotient gives 1 from 2^24).
#[inline(always)]
pub fn softsign<V: Simd>(x: V) -> V {
    let a = x.abs();
    let (dh, dl) = two_sum(c(1.0), a);
    let (q, corr) = div_dd(a, c(0.0), dh, dl);
    // From 2^25 on, 1 / (1 + |x|) is below half an ulp of 1.
    let y = V::select(a.ge(c(33_554_432.0)), c(1.0), q + corr);
    y.copysign(x)
}

/// Keras `squareplus`: (x + sqrt(x^2 + b)) / 2.
///
/// For x >= 0 that sum has no cancellation; for x < 0 it is rewritten as
/// b / (2 (sqrt(x^2 + b) - x)). Huge |x| or b are scaled by 2^-64 so x^2
/// cannot overflow: squareplus(-inf) = +0, squareplus(x) ~ x for huge x.
#[inline(always)]
pub fn squareplus<V: Simd>(x: V, b: V) -> V {
    let a = x.abs();
    let big = a.gt(c(1.0e18)) | b.gt(c(1.0e36));
    let down = V::select(big, c(5.421011e-20), c(1.0)); // 2^-64
    let down2 = V::select(big, c(2.938736e-39), c(1.0)); // 2^-128, exact
    let up = V::select(big, c(18_446_744_073_709_551_616.0), c(1.0)); // 2^64
    let xs = a * down;
    let bs = b * down2;
    // x^2 + b as a double-f32, then its square root with one correction.
    let (sh, sl) = two_prod(xs, xs);
    let (th, tl) = two_sum(sh, bs);
    let tl = tl + sl;
    let r = th.sqrt();
    // sqrt(th + tl) ~ r + (th - r^2 + tl) / (2 r)
    let rem = r.neg_mul_add(r, th) + tl;
    let rl = V::select(r.gt(c(0.0)), rem / (r + r), c(0.0));
    let (rh, rl) = fast_two_sum(r, rl);
    // x >= 0: (a + r) / 2; x < 0: b / (2 (r + a)), all in the scaled domain.
    let (ph, pl) = two_sum(xs, rh);
    let pl = pl + rl;
    let pos = (ph + pl) * c(0.5);
    // b / (2 (r + a)) = [b / (2 (rs + as))] * down: divide the unscaled b,
    // so the quotient cannot underflow before the final scaling.
    let (q, corr) = div_dd(b, c(0.0), ph + ph, pl + pl);
    let neg = (q + corr) * down;
    // -inf, and b = 0 (where squareplus is relu), give +0.
    let neg = V::select(a.eq(c(f32::INFINITY)) | b.eq(c(0.0)), c(0.0), neg);
    let y = V::select(x.ge(c(0.0)), pos * up, neg);
    // NaN and +inf are their own results.
    V::select(x.is_nan() | x.eq(c(f32::INFINITY)), x, y)
}
