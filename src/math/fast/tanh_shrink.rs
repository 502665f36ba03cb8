//! tanh_shrink, fast tier: x - tanh(x) as an odd polynomial below |x| = 1,
//! where the difference cancels, and as (|x| - 1) + 2e/(1 + e), e =
//! e^(-2|x|) (the shared `exp_normal`, one division), from 1 up, where it
//! does not: both terms are positive there.

use super::super::{c, nan_from_x, poly};
use super::exp_normal;
use crate::simd::Simd;

/// (a - tanh a) / a^3 = 1/3 - 2s/15 + ... as a polynomial in s = a^2 on
/// s in [0, 1], lowest degree first: degree 7, relative least squares at
/// 60 Chebyshev nodes with the coefficients rounded to f32 one at a time
/// (tools/fit_fast_tanh_shrink.py), relative error 2^-25.0 with the f32
/// coefficients. tanh's poles at +-i pi/2 keep the degree up: degree 6
/// reaches 2^-23.8 only.
const SHRINK_G: [f32; 8] = [
    0.333_333_34,
    -0.133_333_52,
    0.053_967_677,
    -0.021_849_14,
    0.008_744_376,
    -0.003_266_267,
    0.000_962_345_86,
    -0.000_152_973_02,
];

/// Where the polynomial ends: below a = 1, (a - 1) + 2e/(1 + e) cancels
/// (at a = 0.75 by 3x, enough to lose 3 ULP).
const POLY_END: f32 = 1.0;

/// Above this a (clamped to it) the exponential's term 2e^(-19) is below a
/// quarter ulp of a - 1 >= 8.5, and the result is a - 1.
const EXP_CLAMP: f32 = 9.5;

/// The short path's range: a - 1 is exact below 2^23. Above, +-inf and NaN:
/// the exact tier.
const LIMIT: f32 = 8_388_608.0;

/// tanh_shrink(x) = sign(x) y(|x|): y = a (s G(s)), s = a^2, for a < 1
/// (rounded last by the product with a, so that a subnormal result is
/// rounded once), y = (a - 1) + 2e/(1 + e), e = e^(-2a) (a clamped at
/// 9.5), from 1 up. -0 stays -0 (y is +0 at a = 0).
#[inline(always)]
pub fn tanh_shrink<V: Simd>(x: V) -> V {
    let a = x.abs();
    let s = a * a;
    let small = a * (s * poly(s, &SHRINK_G));
    let e = exp_normal(c::<V>(EXP_CLAMP).min(a) * c(-2.0));
    let big = (a - c(1.0)) + (e + e) / (e + c(1.0));
    let y = V::select(a.lt(c(POLY_END)), small, big);
    fast_or!(
        V,
        a.lt(c(LIMIT)),
        y.xor_sign(x),
        nan_from_x(x, super::super::tanh_shrink(x))
    )
}
