//! gelu (the erf form), fast tier: gelu(x) = x Phi(x), with Phi(-a) =
//! e^(-a^2/2) H(a) for a = |x|, H = V / (b V + U) (b = a sqrt(2 pi); U and
//! V polynomials of degrees 4 and 5 from tools/fit_polys.py, one division,
//! no table) and the exponential in plain f32 with a^2/2 carried as hi +
//! lo, its last step fused with the product.

use super::super::coeffs::{EXP_Q, GELU_FAST_SQRT_2PI, GELU_FAST_U, GELU_FAST_V, LN2_HI, LN2_LO};
use super::super::exp::LOG2E;
use super::super::{c, nan_from_x, poly};
use crate::simd::{Simd, MAGIC_ROUND};

/// Below this x the result nears the subnormals (and e^(-x^2/2) leaves the
/// range of the short exponential): those lanes take the exact tier.
const LOW: f32 = -13.0;

/// `cs[k] * f^k` for each k, with f a power of two or -1 (exact).
const fn times_powers<const N: usize>(cs: [f32; N], f: f32, first: usize) -> [f32; N] {
    let mut out = cs;
    let mut k = 0;
    while k < N {
        let mut j = 0;
        while j < k + first {
            out[k] *= f;
            j += 1;
        }
        k += 1;
    }
    out
}

/// EXP_Q for the reduced argument s = 2r: coefficient k (the term r^(k+2)
/// of e^r) times (1/2)^(k+2) (exact), so that Horner's scheme in s gives
/// exactly Q(r) / 4, and 1/2 + s (Q / 4) = (1 + r Q) / 2: every value the
/// one of `exp_normal`'s scheme times a power of two.
const EXP_Q_S: [f32; 5] = times_powers(EXP_Q, 0.5, 2);

/// U and V for the argument y = -a (odd coefficients negated: Horner's
/// scheme in y gives the values of the one in a, negated at odd steps).
const U_NEG: [f32; 5] = times_powers(GELU_FAST_U, -1.0, 0);
const V_NEG: [f32; 6] = times_powers(GELU_FAST_V, -1.0, 0);

/// m e^(-(h + l)) for y = -a, h = a^2/2 rounded and l its rounding error,
/// h in [0, 87], m such that the product is normal (or m = 0, where a =
/// 0): the steps of `math::fast::exp_normal` (two-FMA Cody-Waite, EXP_Q,
/// exact scaling by 2^n) with the low part added to the reduced argument
/// (one operation more), written in s = 2r = -(a^2 + 2n ln2) so that
/// -a^2/2 is never formed (the factors 1/2 are in the coefficients), and
/// the last step, m (1 + r g), as m + (m g) s in one FMA: one rounding
/// fewer than m times e^r rounded. Without the low part, the rounding of a^2 (up to
/// 2^-18 relative at a = 13) would reach the result as up to 32 ULP.
/// `exp_normal` takes one argument and is shared (frozen), so this is
/// gelu's own.
#[inline(always)]
fn mul_exp_neg_half_square<V: Simd>(m: V, y: V, sh: V) -> V {
    // sh - y^2 exact: minus the rounding error of sh (+0 at y = 0).
    let sl = y.neg_mul_add(y, sh);
    // n = round(-sh/2 log2 e), as from z = -sh/2.
    let t = sh.mul_add(c(-0.5 * LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    // s = 2r = -(sh + 2n ln2) (2n LN2_HI is exact), then the low parts.
    let s = n.neg_mul_add(c(2.0 * LN2_HI), -sh);
    let s = n.neg_mul_add(c(2.0 * LN2_LO), s) + sl;
    // e^r = 1 + s g with g = (1 + r Q(r)) / 2.
    let g = poly(s, &EXP_Q_S).mul_add(s, c(0.5));
    (m * g).mul_add(s, m).scale_normal(n, t)
}

/// gelu(x) = x Phi(x). With y = -|x| (x clamped at 13 first: beyond,
/// Phi(-x) < 2^-127 and x - w rounds to x; +inf stays +inf), a = -y and b
/// = a sqrt(2 pi), Phi(-a) e^(a^2/2) = V / (b V + U) within 2^-28
/// (GELU_FAST_U, GELU_FAST_V, V(0) = 1.5); in that form the rounding errors of V
/// cancel, and those of U count with the weight U / (b V + U), small
/// where a is large. w = y V / (b V + U) e^(-a^2/2) = -|x| Phi(-|x|) is
/// gelu for x < 0 and x + w for x >= 0 (-0 + -0 for -0, +0 + -0 for +0). One
/// division, no table. Within 4 ULP; x < -13 (the result nears the
/// subnormals, and gelu(-inf) = -0) and NaN take the exact tier.
#[inline(always)]
pub fn gelu<V: Simd>(x: V) -> V {
    fast_or!(
        V,
        // Negative subnormal x too take the exact tier (its -0 or tiny
        // result, which the short path's roundings need not give).
        x.ge(c(LOW)) & (x.le(c(-f32::MIN_POSITIVE)) | x.ge(c(0.0))),
        {
            let y = super::neg_abs(x.min(c(13.0)));
            let sh = y * y;
            let v = poly(y, &V_NEG);
            let by = y * c(GELU_FAST_SQRT_2PI);
            let m = (y * v) / by.neg_mul_add(v, poly(y, &U_NEG));
            // w <= 0: its sign bit set, for the zeros that the last FMA
            // rounds to +0 (-0 and negative subnormal x).
            let w = super::neg_abs(mul_exp_neg_half_square(m, y, sh));
            V::select(x.ge(c(0.0)), x + w, w)
        },
        nan_from_x(x, super::super::gelu(x))
    )
}
