//! The exponential family, fast tier: elu, selu, selu_ex and celu from one
//! short plain-f32 1 - e^z ([`one_minus_exp`]), rounded once more where the
//! result leaves it, without a double-f32 tail.
//!
//! `exponential` itself is the logistic family's table exponential
//! (`exp_neg`, an 8-entry table of 2^(j/8) and a degree-3 polynomial) of
//! -x: the exact kernel is already the short exp of `exp_normal`'s
//! operations, so only a shorter exponential makes a faster kernel.

use super::super::coeffs::EXP_Q;
use super::super::exp::LOG2E;
use super::super::{c, nan_from, nan_from_x, poly};
use super::logistic::exp_neg;
use super::EXP_NORMAL_MIN;
use crate::constants::{ACTFN_SELU_ALPHA, ACTFN_SELU_SCALE};
use crate::simd::{Simd, MAGIC_ROUND};

/// 1.5 * 2^23 + 127: adding it to z log2(e) leaves n + 127 (the biased
/// exponent of 2^n) in the low bits, so that 2^n is one shift of them.
const MAGIC_POW2: f32 = MAGIC_ROUND + 127.0;

/// ln 2 rounded to f32: one constant suffices here (see [`one_minus_exp`]).
const LN2: f32 = core::f32::consts::LN_2;

/// 1 - e^z for z in [-87, 0] (other z and NaN: meaningless; callers send
/// those lanes elsewhere), +0 at both zeros. About 1 ULP.
///
/// Not `1 - exp_normal(z)`, which cancels near 0: here e^z = 2^n (1 + p),
/// p = e^r - 1 = r + r^2 Q(r) (Q = EXP_Q, the polynomial of `exp_normal`,
/// rounded once at the end, so that p keeps its relative accuracy as r ->
/// 0), and 1 - e^z = (1 - 2^n) - 2^n p by one FMA, 1 - 2^n exact for n >=
/// -24; for |z| < ln2/2 (n = 0, r = z exactly) the result is -p itself.
///
/// Two operations fewer than `exp_normal`'s reduction and scaling, and
/// why that is enough here: r = z - n ln2 with ln2 rounded to f32 (one
/// FMA, not two) puts a relative error of at most |n| 1.9e-9 on e^z, and
/// 1 - e^z has it at an absolute size of at most e^z |n| 1.9e-9 < 3e-9
/// (n <= -1) next to 1 - e^z > 0.29 there; 2^n is one shift of t's bits
/// (n + 127 in [1, 127]: a normal power of two) on every ISA.
#[inline(always)]
pub(crate) fn one_minus_exp<V: Simd>(z: V) -> V {
    let t = z.mul_add(c(LOG2E), c(MAGIC_POW2));
    let n = t - c(MAGIC_POW2);
    let r = n.neg_mul_add(c(LN2), z);
    let p = (r * r).mul_add(poly(r, &EXP_Q), r);
    let s = V::from_bits(V::shl::<23>(t.to_bits()));
    s.neg_mul_add(p, c::<V>(1.0) - s)
}

/// Where [`exponential`]'s short path runs: |m/8| <= 125 for its 2^(m/8),
/// so that the result is normal (|x| below about 86.6).
const EXP_N_MAX: f32 = 125.0;

/// exponential(x) = e^x as `exp_neg(-x)` (the logistic family's table
/// exponential: m/8 = round(x log2 e) to eighths, a two-constant reduction
/// to |r| <= ln2/16, 2^(m/8) from an 8-entry table plus an exponent add,
/// a degree-3 polynomial, one FMA; the negation folds into its FMAs), about
/// 1.5 ULP. Three operations that use the FMA units fewer than the exact
/// kernel's degree-6 polynomial. |x| above about 86.6 (a result near or
/// past the ends of the normal range) and NaN: the exact tier.
#[inline(always)]
pub fn exponential<V: Simd>(x: V) -> V {
    let (e, n) = exp_neg(-x, None);
    fast_or!(
        V,
        n.abs().le(c(EXP_N_MAX)),
        e,
        nan_from_x(x, super::super::exponential(x))
    )
}

/// e^x - 1 for x in [-87, 0] (other x and NaN: meaningless), with x's
/// zero: as [`one_minus_exp`] (its reduction), but e^r - 1 = r (1 + r Q(r))
/// keeps r's zero sign (one rounding more than r + r^2 Q(r)), and
/// e^x - 1 = 2^n (e^r - 1) - (1 - 2^n), whose last term is -0 at n = 0, so
/// that a -0 x gives -0 and a +0 x +0 (callers then need no select for the
/// zeros, whatever the sign of the factor they apply). One operation more
/// than [`one_minus_exp`].
#[inline(always)]
fn expm1_neg<V: Simd>(x: V) -> V {
    let t = x.mul_add(c(LOG2E), c(MAGIC_POW2));
    let n = t - c(MAGIC_POW2);
    let r = n.neg_mul_add(c(LN2), x);
    let p = r * poly(r, &EXP_Q).mul_add(r, c(1.0));
    let s = V::from_bits(V::shl::<23>(t.to_bits()));
    s.mul_add(p, -(c::<V>(1.0) - s))
}

/// elu: x for x > 0, alpha (e^x - 1) for x <= 0 (zeros included: alpha *
/// +-0, as the exact tier), e^x - 1 by [`expm1_neg`] (x clamped at -87,
/// where it is -1 by far), one rounded product; NaN x quieted by the NaN
/// step, without a branch. `RARE` (|alpha| < 2^-100) runs the exact tier.
#[inline(always)]
pub fn elu<V: Simd, const RARE: bool>(x: V, alpha: V) -> V {
    if RARE {
        return nan_from(x, super::super::elu::<V, true>(x, alpha));
    }
    let neg = alpha * expm1_neg(c::<V>(EXP_NORMAL_MIN).max(x));
    // Only a NaN x makes a NaN here (alpha is finite, e^x - 1 in [-1, 0]).
    nan_from_x(x, V::select(x.gt(c(0.0)), x, neg))
}

/// SELU's scale * alpha rounded to f32 (the exact tier carries the rest
/// too), negated.
const SELU_MINUS_SA: f32 = -((ACTFN_SELU_SCALE as f64 * ACTFN_SELU_ALPHA as f64) as f32);

/// selu: scale x for x >= 0 (and NaN, which the product quiets as the
/// exact tier's NaN step does), (scale alpha) (e^x - 1) = -(scale alpha)
/// (1 - e^x) below, scale alpha rounded to f32, 1 - e^x by
/// [`one_minus_exp`] (x clamped at -87): one rounded product per branch.
#[inline(always)]
pub fn selu<V: Simd>(x: V) -> V {
    V::select(
        x.lt(c(0.0)),
        c::<V>(SELU_MINUS_SA) * one_minus_exp(c::<V>(EXP_NORMAL_MIN).max(x)),
        x * c(ACTFN_SELU_SCALE),
    )
}

/// selu_ex: gamma x for x > 0 (and NaN, which the product quiets), (gamma
/// alpha) (e^x - 1) for x <= 0 with gamma alpha rounded to f32 and e^x - 1
/// by [`expm1_neg`] (zeros: gamma alpha * +-0, as the exact tier). The
/// exact tier where gamma alpha is not a normal f32 (zero, subnormal, or
/// overflowing, where the exact tier scales it): the same for every lane
/// and call.
#[inline(always)]
pub fn selu_ex<V: Simd>(x: V, alpha: V, gamma: V) -> V {
    let ga = gamma * alpha;
    let ok = ga.abs().ge(c(f32::MIN_POSITIVE)) & ga.abs().le(c(f32::MAX));
    fast_or!(
        V,
        ok,
        V::select(
            x.le(c(0.0)),
            ga * expm1_neg(c::<V>(EXP_NORMAL_MIN).max(x)),
            x * gamma
        ),
        nan_from_x(x, super::super::selu_ex(x, alpha, gamma))
    )
}

/// 2^-30.
const TWO_M30: f32 = f32::from_bits(0x3080_0000);

/// celu: x for x >= -2^-30 alpha, alpha (e^t - 1) below, t = x/alpha
/// correctly rounded, then as elu. For alpha > 0; the exact tier for a
/// negative alpha (x/alpha positive) and for `RARE` (|alpha| < 2^-100).
#[inline(always)]
pub fn celu<V: Simd, const RARE: bool>(x: V, alpha: V) -> V {
    if RARE {
        return nan_from(x, super::super::celu::<V, true>(x, alpha));
    }
    // The same for every lane and call: the branch is taken or not for the
    // whole array.
    fast_or!(
        V,
        alpha.gt(c(0.0)),
        {
            // Divided, not times 1/alpha: that rounds twice, and with alpha
            // = 7 the error reached 3.3 ULP.
            let t = x / alpha;
            let neg = alpha * expm1_neg(c::<V>(EXP_NORMAL_MIN).max(t));
            // x >= -2^-30 alpha (t >= -2^-30, zeros included): x, as the
            // exact tier (alpha (e^t - 1) = x (1 + t/2 + ...) rounds to x),
            // also where t is subnormal and its rounding would show.
            let small = x.ge(alpha * c(-TWO_M30));
            nan_from_x(x, V::select(small, x, neg))
        },
        nan_from(x, super::super::celu::<V, false>(x, alpha))
    )
}
