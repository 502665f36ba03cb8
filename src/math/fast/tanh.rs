//! The tanh family, fast tier: tanh from 1 - e^(-2|x|) and one division;
//! mish from e = e^x as x e(e+2) / (e(e+2)+2), one division.

use super::super::{c, nan_from_x};
use super::exp::one_minus_exp;
use super::{exp_normal, EXP_NORMAL_MIN};
use crate::simd::Simd;

/// Above this |x| (clamped to it), tanh's formula gives exactly 1: 1 -
/// e^-19 rounds to 1, as tanh does from 9.0109.
const TANH_CLAMP: f32 = 9.5;

/// tanh(a) for a >= 0 in [0, TANH_CLAMP]: q / (2 - q), q = 1 - e^(-2a) by
/// [`one_minus_exp`] (no cancellation at any a), +0 at 0.
#[inline(always)]
fn tanh_pos<V: Simd>(a: V) -> V {
    let q = one_minus_exp(a * c(-2.0));
    q / (c::<V>(2.0) - q)
}

/// tanh(x) = sign(x) q / (2 - q), q = 1 - e^(-2|x|), |x| clamped at 9.5
/// (where the quotient is 1): one division. NaN takes the exact tier.
#[inline(always)]
pub fn tanh<V: Simd>(x: V) -> V {
    // The constant first: a NaN x stays NaN, and fails the compare.
    let a = c::<V>(TANH_CLAMP).min(x.abs());
    fast_or!(
        V,
        a.le(c(TANH_CLAMP)),
        // +0 at x = +-0 (q is +0): the sign is x's.
        tanh_pos(a).xor_sign(x),
        nan_from_x(x, super::super::tanh(x))
    )
}

/// Above this x (clamped to it) mish's ratio is 1: e(e+2) > 2^27.
const MISH_CLAMP: f32 = 9.5;

/// mish(x) = x N / (N + 2), N = e(e + 2) = e^2 + 2e by one FMA, e = e^x
/// (`exp_normal`, x clamped at 9.5 where the ratio is 1): one division.
/// Below -87 (e subnormal, the limit -0 at -inf) and NaN: the exact tier.
#[inline(always)]
pub fn mish<V: Simd>(x: V) -> V {
    fast_or!(
        V,
        x.ge(c(EXP_NORMAL_MIN)),
        {
            let e = exp_normal(c::<V>(MISH_CLAMP).min(x));
            let n = e.mul_add(e, e + e);
            x * (n / (n + c(2.0)))
        },
        nan_from_x(x, super::super::mish(x))
    )
}
