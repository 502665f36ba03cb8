//! e^x and e^x - 1, and the functions built on them: exponential, elu,
//! selu, celu.
//!
//! Range reduction: x = n ln2 + r with |r| <= ln2/2, n integral. `n * LN2_HI`
//! is exact (LN2_HI has 15 significant bits and |n| <= 150), so
//! `x - n * LN2_HI` is exact too (Sterbenz); the remaining `n * LN2_LO` and
//! any low part of the argument are carried in `r_lo`. Then
//! e^r - 1 = r + r^2 P(r), a degree-5 fit (tools/fit_polys.py) with relative
//! error 2^-29.

use super::dd::{fast_two_sum, two_sum};
use super::{c, clamp, poly};
use crate::constants::{ACTFN_SELU_ALPHA, ACTFN_SELU_SCALE};
use crate::simd::Simd;

const LOG2E: f32 = core::f32::consts::LOG2_E;
/// ln 2 rounded to 15 significant bits.
const LN2_HI: f32 = 0.693_145_75;
/// ln 2 - LN2_HI.
const LN2_LO: f32 = 1.428_606_8e-6;

/// Arguments are clamped to [EXP_MIN_ARG, 89]: e^-130 = 2^-187.6 is zero
/// once scaled, yet its unscaled parts (n >= -188, in ldexp's range) still
/// give exact zeros when callers multiply by a factor up to 2^37 first.
const EXP_MIN_ARG: f32 = -130.0;

/// P(r) with e^r - 1 = r + r^2 P(r) on |r| <= ln2/2.
const EXPM1_P: [f32; 6] = [
    0.5,
    0.166_666_67,
    0.041_666_467,
    0.008_333_31,
    0.001_393_364_2,
    0.000_198_909_81,
];

/// Range reduction and polynomial: e^(x + xl) = 2^n (hi + lo), with
/// hi + lo in [0.7, 1.42] carried to about 2^-40. `x` must lie in
/// [-104, 89] (callers clamp), |xl| <= ulp(x).
#[inline(always)]
pub(crate) fn exp_parts<V: Simd>(x: V, xl: V) -> (V, V, V) {
    let n = (x * c(LOG2E)).round_small();
    let r1 = n.neg_mul_add(c(LN2_HI), x);
    let r0 = n.neg_mul_add(c(LN2_LO), xl);
    let (r, rl) = fast_two_sum(r1, r0);
    // e^r - 1 = r + r^2 P(r) as s + sl (the correction is small next to r,
    // so expm1 keeps its relative accuracy), then 1 + s + sl + rl e^r.
    let q = (r * r) * poly(r, &EXPM1_P);
    let (s, sl) = fast_two_sum(r, q);
    let (hi, lo) = fast_two_sum(c(1.0), s);
    (n, hi, rl.mul_add(hi, lo + sl))
}

/// e^(x + xl) = 2^n (hi + lo) for any x (NaN gives NaN): below -130 the
/// value is 0, above 89 +inf, once scaled. For callers that multiply before
/// scaling, so that a subnormal result is rounded once, at the end.
#[inline(always)]
pub(crate) fn exp_unscaled<V: Simd>(x: V, xl: V) -> (V, V, V) {
    let xc = clamp(x, EXP_MIN_ARG, 89.0);
    // A clamped argument's low part means nothing any more.
    exp_parts(xc, V::select(xc.eq(x), xl, c(0.0)))
}

/// e^(x + xl) as `hi + lo` (both scaled), for callers that go on in
/// double-f32. Any x; NaN gives NaN.
#[inline(always)]
pub(crate) fn exp_dd<V: Simd>(x: V, xl: V) -> (V, V) {
    let (n, hi, lo) = exp_unscaled(x, xl);
    // lo underflows gracefully: it only ever refines hi.
    (hi.ldexp_unit(n), lo.ldexp(n))
}

/// e^x, rounded once from the double-f32 value.
#[inline(always)]
pub(crate) fn exp<V: Simd>(x: V) -> V {
    let (n, hi, lo) = exp_parts(clamp(x, EXP_MIN_ARG, 89.0), c(0.0));
    (hi + lo).ldexp_unit(n)
}

/// e^x - 1 without cancellation near 0, as `hi + lo` so that callers that
/// scale it round once; -0 gives -0.
#[inline(always)]
pub(crate) fn expm1_dd<V: Simd>(x: V) -> (V, V) {
    let (n, hi, lo) = exp_parts(clamp(x, -18.0, 89.0), c(0.0));
    // 2^n (hi + lo) - 1 = (2^n - 1) + 2^n (hi - 1) + 2^n lo: 2^n - 1 is exact
    // while n <= 24, and so are hi - 1 (Sterbenz) and the scalings; above
    // that e^x - 1 rounds like e^x.
    let nc = c::<V>(24.0).min(n);
    let scale = c::<V>(1.0).ldexp_unit(nc);
    let (sh, sl) = two_sum(scale - c(1.0), scale * (hi - c(1.0)));
    // Renormalised: near 0 the two parts are of one size.
    let (sh, sl) = two_sum(sh, scale.mul_add(lo, sl));
    let big = n.gt(c(24.0));
    let yh = V::select(big, hi.ldexp_unit(n), sh);
    let yl = V::select(big, lo.ldexp(n), sl);
    let zero = x.eq(c(0.0));
    (V::select(zero, x, yh), V::select(zero, c(0.0), yl))
}

/// `a (hi + lo)`, rounded once; a zero result keeps the sign of `a hi`
/// (elu(-0) = -0, which the fused sum would turn into +0).
#[inline(always)]
fn scale_dd<V: Simd>(a: V, (hi, lo): (V, V)) -> V {
    let y = a.mul_add(hi, a * lo);
    V::select(y.eq(c(0.0)), a * hi, y)
}

/// Keras `exponential`.
#[inline(always)]
pub fn exponential<V: Simd>(x: V) -> V {
    exp(x)
}

/// Keras `elu`: x > 0 ? x : alpha (e^x - 1).
#[inline(always)]
pub fn elu<V: Simd>(x: V, alpha: V) -> V {
    V::select(x.gt(c(0.0)), x, scale_dd(alpha, expm1_dd(x)))
}

/// SELU's scale * alpha as an unevaluated sum, so the negative branch is
/// rounded once: hi = f32(scale * alpha), lo = the rest (the product of the
/// two f32 constants, exactly, as Keras defines the function).
const SELU_SA_HI: f32 = (ACTFN_SELU_SCALE as f64 * ACTFN_SELU_ALPHA as f64) as f32;
const SELU_SA_LO: f32 =
    (ACTFN_SELU_SCALE as f64 * ACTFN_SELU_ALPHA as f64 - SELU_SA_HI as f64) as f32;

/// Keras `selu`: scale * (x > 0 ? x : alpha (e^x - 1)).
#[inline(always)]
pub fn selu<V: Simd>(x: V) -> V {
    let (eh, el) = expm1_dd(x);
    let neg = eh.mul_add(c(SELU_SA_HI), el.mul_add(c(SELU_SA_HI), eh * c(SELU_SA_LO)));
    let neg = V::select(neg.eq(c(0.0)), eh, neg);
    V::select(x.gt(c(0.0)), x * c(ACTFN_SELU_SCALE), neg)
}

/// Keras `celu`: x >= 0 ? x : alpha (e^(x / alpha) - 1).
#[inline(always)]
pub fn celu<V: Simd>(x: V, alpha: V) -> V {
    V::select(x.ge(c(0.0)), x, scale_dd(alpha, expm1_dd(x / alpha)))
}
