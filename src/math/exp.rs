//! e^x and e^x - 1, and the functions built on them: exponential, elu,
//! selu, celu.
//!
//! Range reduction: x = n ln2 + r with |r| <= ln2/2, n integral. `n * LN2_HI`
//! is exact (LN2_HI has 15 significant bits and |n| <= 150), so
//! `x - n * LN2_HI` is exact too (Sterbenz); the remaining `n * LN2_LO` and
//! any low part of the argument are carried in `r_lo`. Then
//! e^r - 1 = r + r^2 P(r), a degree-5 fit (tools/fit_polys.py) with relative
//! error 2^-29.

use super::dd::fast_two_sum;
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
    // s = e^r - 1 (to the polynomial's accuracy), then 1 + s + rl e^r as hi + lo.
    let s = (r * r).mul_add(poly(r, &EXPM1_P), r);
    let (hi, lo) = fast_two_sum(c(1.0), s);
    (n, hi, rl.mul_add(hi, lo))
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
    (hi.ldexp(n), lo.ldexp(n))
}

/// e^x, rounded once from the double-f32 value.
#[inline(always)]
pub(crate) fn exp<V: Simd>(x: V) -> V {
    let (n, hi, lo) = exp_parts(clamp(x, EXP_MIN_ARG, 89.0), c(0.0));
    (hi + lo).ldexp(n)
}

/// e^x - 1 without cancellation near 0; -0 gives -0.
#[inline(always)]
pub(crate) fn expm1<V: Simd>(x: V) -> V {
    let (n, hi, lo) = exp_parts(clamp(x, -18.0, 89.0), c(0.0));
    // 2^n (hi + lo) - 1, with the "- 1" folded in exactly while 2^n - 1 is
    // exact (n <= 24); above that e^x - 1 rounds like e^x.
    let nc = c::<V>(24.0).min(n);
    let scale = c::<V>(1.0).ldexp(nc);
    let s = (hi - c(1.0)) + lo;
    let small = scale.mul_add(s, scale - c(1.0));
    let big = (hi + lo).ldexp(n);
    let y = V::select(n.gt(c(24.0)), big, small);
    V::select(x.eq(c(0.0)), x, y)
}

/// Keras `exponential`.
#[inline(always)]
pub fn exponential<V: Simd>(x: V) -> V {
    exp(x)
}

/// Keras `elu`: x > 0 ? x : alpha (e^x - 1).
#[inline(always)]
pub fn elu<V: Simd>(x: V, alpha: V) -> V {
    V::select(x.gt(c(0.0)), x, alpha * expm1(x))
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
    let e = expm1(x);
    let neg = e.mul_add(c(SELU_SA_HI), e * c(SELU_SA_LO));
    V::select(x.gt(c(0.0)), x * c(ACTFN_SELU_SCALE), neg)
}

/// Keras `celu`: x >= 0 ? x : alpha (e^(x / alpha) - 1).
#[inline(always)]
pub fn celu<V: Simd>(x: V, alpha: V) -> V {
    V::select(x.ge(c(0.0)), x, alpha * expm1(x / alpha))
}
