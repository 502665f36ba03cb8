//! The logistic family, fast tier: every function from one plain-f32
//! e = e^-(beta x) (`exp_neg`), then one correctly rounded division
//! (sigmoid, silu, quick_gelu, silu_ex: y = 1/(1+e) or x/(1+e)) or one
//! polynomial (softplus, log_sigmoid: log1p(e) = e P(e)).
//!
//! The short path runs where e^-(beta x) is normal, |n| <= 125 for its power
//! of two 2^n (|beta x| below about 86.6); the other lanes (NaN, the tails,
//! +-inf, subnormal results) take the exact tier's math, so their bits are
//! the exact tier's.

use super::super::coeffs::{EXP_Q, LN2_HI, LN2_LO};
use super::super::exp::LOG2E;
use super::super::{c, nan_from_x, poly};
use super::{exp_normal, neg_abs, EXP_NORMAL_MIN};
use crate::simd::{Simd, MAGIC_ROUND};

/// The short path's range: |n| <= N_MAX for e = 2^n e^-r. Then e, 1/(1+e)
/// and x/(1+e) are normal (or x/(1+e) is x/2 rounded once for subnormal x).
const N_MAX: f32 = 125.0;

/// `exp_normal`'s polynomial Q with its odd terms negated: Q(-r) as a
/// polynomial in r, so e^-r needs no negation of r.
const EXP_Q_NEG: [f32; 5] = [EXP_Q[0], -EXP_Q[1], EXP_Q[2], -EXP_Q[3], EXP_Q[4]];

/// e^-(beta x) = 2^n e^-r, returned as `(e, n)`, within about 1 ULP where
/// |n| <= N_MAX (elsewhere, and for NaN, meaningless: callers test n).
/// `beta` None is 1.
///
/// This is `exp_normal` (same reduction constants and polynomial) with the
/// negation folded in: n = round(-beta x log2 e) straight from x,
/// r = beta x + n ln2 (so that -beta x = n ln2 - r), and e^-r by Horner's scheme on r
/// with the odd coefficients negated. For beta != 1, r = fma(x, beta,
/// n LN2_HI) rounds once with n LN2_HI exact (LN2_HI has 15 significant
/// bits, |n| <= 2^9), so beta x never rounds on its own: a rounded beta x
/// would be off by up to |beta x| 2^-24, up to 87 ULP of e.
#[inline(always)]
fn exp_neg<V: Simd>(x: V, beta: Option<V>) -> (V, V) {
    let (t, n, r) = match beta {
        None => {
            let t = x.neg_mul_add(c(LOG2E), c(MAGIC_ROUND));
            let n = t - c(MAGIC_ROUND);
            (t, n, n.mul_add(c(LN2_HI), x))
        }
        Some(b) => {
            let t = x.neg_mul_add(b * c(LOG2E), c(MAGIC_ROUND));
            let n = t - c(MAGIC_ROUND);
            (t, n, x.mul_add(b, n * c(LN2_HI)))
        }
    };
    let r = n.mul_add(c(LN2_LO), r);
    // e^-r = 1 - r (1 - r Q(-r)).
    let p = poly(r, &EXP_Q_NEG)
        .neg_mul_add(r, c(1.0))
        .neg_mul_add(r, c(1.0));
    (p.scale_normal(n, t), n)
}

/// Lanes where the short path runs: |n| <= N_MAX (false for NaN).
#[inline(always)]
fn in_range<V: Simd>(n: V) -> V::Mask {
    n.abs().le(c(N_MAX))
}

/// sigmoid(x) = 1/(1+e), e = e^-x: within 2 ULP. No select of the
/// numerator: for x < 0, e is large (at most 2^125.5) and 1/(1+e) keeps
/// the relative accuracy of e.
#[inline(always)]
pub fn sigmoid<V: Simd>(x: V) -> V {
    let (e, n) = exp_neg(x, None);
    fast_or!(
        V,
        in_range(n),
        c::<V>(1.0) / (e + c(1.0)),
        nan_from_x(x, super::super::sigmoid(x))
    )
}

/// x sigmoid(beta x) = x / (1 + e^-(beta x)): one division, the sigmoid's
/// parts. -0 stays -0 (-0 / 2).
#[inline(always)]
fn mul_sigmoid<V: Simd>(x: V, beta: Option<V>, exact: impl FnOnce() -> V) -> V {
    let (e, n) = exp_neg(x, beta);
    fast_or!(V, in_range(n), x / (e + c(1.0)), nan_from_x(x, exact()))
}

/// silu(x) = x / (1 + e^-x).
#[inline(always)]
pub fn silu<V: Simd>(x: V) -> V {
    mul_sigmoid(x, None, || super::super::silu(x))
}

/// QuickGelu's alpha, the f32 1.702 as in the exact tier.
const QUICK_GELU_ALPHA: f32 = 1.702;

/// quick_gelu(x) = x / (1 + e^-(1.702f x)), 1.702f x never rounded alone.
#[inline(always)]
pub fn quick_gelu<V: Simd>(x: V) -> V {
    mul_sigmoid(x, Some(c(QUICK_GELU_ALPHA)), || super::super::quick_gelu(x))
}

/// silu_ex(x, beta) = x / (1 + e^-(beta x)), beta x never rounded alone.
#[inline(always)]
pub fn silu_ex<V: Simd>(x: V, beta: V) -> V {
    mul_sigmoid(x, Some(beta), || super::super::silu_ex(x, beta))
}

/// log1p(e) / e on [0, 1], degree 9 (Chebyshev fit; 0.18 ULP with the f32
/// coefficients), lowest degree first. A polynomial in e itself keeps
/// log1p(e) = e P(e) relatively accurate for tiny e, where 1 + e would
/// round to 1.
const LOG1P_E: [f32; 10] = [
    1.0,
    -0.499_998_93,
    0.333_297_1,
    -0.249_516_16,
    0.196_632_74,
    -0.152_696_67,
    0.105_436_236,
    -0.056_373_61,
    0.019_542_526,
    -0.003_176_057,
];

/// e = e^-|x| and log1p(e)'s polynomial P(e) (log1p(e) = e P(e)), and the
/// short path's lanes.
#[inline(always)]
fn log1p_exp_neg_abs<V: Simd>(x: V) -> (V, V, V::Mask) {
    // The shared exp_normal: here e^-|x| needs no folded negation.
    let z = neg_abs(x);
    let e = exp_normal(z);
    (e, poly(e, &LOG1P_E), z.ge(c(EXP_NORMAL_MIN)))
}

/// softplus(x) = max(x, 0) + e P(e), e = e^-|x|, in one FMA.
#[inline(always)]
pub fn softplus<V: Simd>(x: V) -> V {
    let (e, p, ok) = log1p_exp_neg_abs(x);
    fast_or!(
        V,
        ok,
        e.mul_add(p, c::<V>(0.0).max(x)),
        nan_from_x(x, super::super::softplus(x))
    )
}

/// log_sigmoid(x) = -softplus(-x) = min(x, 0) - e P(e), e = e^-|x|, in one
/// FMA.
#[inline(always)]
pub fn log_sigmoid<V: Simd>(x: V) -> V {
    let (e, p, ok) = log1p_exp_neg_abs(x);
    fast_or!(
        V,
        ok,
        e.neg_mul_add(p, c::<V>(0.0).min(x)),
        nan_from_x(x, super::super::log_sigmoid(x))
    )
}
