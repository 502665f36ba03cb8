//! gelu (the erf form), fast tier: gelu(x) = x Phi(x), with Phi(-a) =
//! e^(-a^2/2) H(a) for a = |x|, H a piecewise polynomial (eight pieces, one
//! table lookup per coefficient, the same table on every ISA) and the
//! exponential in plain f32 with a^2/2 carried as hi + lo.

use super::super::coeffs::{EXP_Q, GELU_FAST_H, LN2_HI, LN2_LO};
use super::super::exp::LOG2E;
use super::super::{c, nan_from_x, poly};
use crate::simd::{Simd, MAGIC_ROUND};

/// The centre of each piece of [`GELU_FAST_H`] (pieces [0, 1], [1, 2],
/// [2, 4], ..., [12, 14]): a - c is exact in every piece (c = 0, or
/// c / 2 <= a <= 2 c, Sterbenz).
const CENTRES: [f32; 8] = [0.0, 1.5, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0];

/// Below this x the result nears the subnormals (and e^(-x^2/2) leaves the
/// range of the short exponential): those lanes take the exact tier.
const LOW: f32 = -13.0;

/// e^(-(h + l)) for h = a^2/2 rounded and l its rounding error, h in [0,
/// 87]: [`super::exp_normal`]'s steps (two-FMA Cody-Waite, EXP_Q, exact
/// scaling), with the low part added to the reduced argument r (one more
/// FMA). Without it, the rounding of a^2 (up to 2^-18 relative at a = 13)
/// would reach the result as up to 32 ULP. exp_normal itself takes one
/// argument and is shared, so this is its own function.
#[inline(always)]
fn exp_neg_half_square<V: Simd>(a: V) -> V {
    let sh = a * a;
    // a^2 - sh, exact (no underflow matters: for a < 2^-60 e is 1).
    let sl = a.mul_add(a, -sh);
    let z = sh * c(-0.5);
    let t = z.mul_add(c(LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    let r = n.neg_mul_add(c(LN2_LO), n.neg_mul_add(c(LN2_HI), z));
    let r = sl.mul_add(c(-0.5), r);
    let p = poly(r, &EXP_Q).mul_add(r, c(1.0)).mul_add(r, c(1.0));
    p.scale_normal(n, t)
}

/// H(a) = Phi(-a) e^(a^2/2) for a in [0, 13], from [`GELU_FAST_H`]: piece
/// floor(min(a, a/2 + 1)) (0 on [0, 1), 1 on [1, 2), k on [2k - 2, 2k)),
/// degree 8 in a - c by Horner's scheme.
#[inline(always)]
fn normal_h<V: Simd>(a: V) -> V {
    let q = a.min(a.mul_add(c(0.5), c(1.0))).floor_small();
    let idx = V::index(q);
    let d = a - V::lookup8(&CENTRES, idx);
    let mut h = V::lookup8(&GELU_FAST_H[8], idx);
    for row in GELU_FAST_H[..8].iter().rev() {
        h = h.mul_add(d, V::lookup8(row, idx));
    }
    h
}

/// gelu(x) = x Phi(x): w = x H(|x|) e^(-x^2/2) is x Phi(-|x|), so gelu is w
/// for x <= 0 and x - w for x > 0 (one FMA). |x| is clamped at 13 (beyond,
/// Phi(-|x|) < 2^-127 and x - w = x; +inf stays +inf). Within 4 ULP; x <
/// -13 (the result nears the subnormals, and gelu(-inf) = -0) and NaN take
/// the exact tier.
#[inline(always)]
pub fn gelu<V: Simd>(x: V) -> V {
    fast_or!(
        V,
        x.ge(c(LOW)),
        {
            let a = x.abs().min(c(13.0));
            let xh = x.min(c(13.0)) * normal_h(a);
            let e = exp_neg_half_square(a);
            V::select(x.gt(c(0.0)), xh.neg_mul_add(e, x), xh * e)
        },
        nan_from_x(x, super::super::gelu(x))
    )
}
