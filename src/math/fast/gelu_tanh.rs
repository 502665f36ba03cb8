//! gelu_tanh, fast tier: x / (1 + e^-z), z = 2 sqrt(2/pi) x (1 + 0.044715
//! x^2) carried as zh + zl by a few FMAs, e^-z = e^-zh (1 - zl) with the
//! shared `exp_normal`, one division.
//!
//! For x < 0 the result is about x e^z, so an absolute error d in z is a
//! relative error d in the result: z reaches -87, where its own rounding
//! (2^-18) would be 32 ULP. zl keeps d near 2^-24.

use super::super::{c, nan_from_x};
use super::exp_normal;
use crate::constants::ACTFN_GELU_TANH_COEFF;
use crate::simd::Simd;

/// 2 sqrt(2/pi) in Keras's f32 constant (twice it, exactly), as the exact
/// tier and the reference.
const A: f32 = 2.0 * 0.797_884_6;
/// 0.044715 in f32.
const B: f32 = ACTFN_GELU_TANH_COEFF;

/// Below this x the result nears the subnormals and e^-z the top of
/// `exp_normal`'s range (-z(-10) = 87.27, it takes up to 88.7): those
/// lanes take the exact tier.
const LOW: f32 = -10.0;
/// Above this x (clamped to it for z) e^-z < e^-66 and x / (1 + e^-z) is
/// x.
const HIGH: f32 = 9.0;

/// z = A x (1 + B x^2) for x in [LOW, HIGH] as zh + zl, |zl| < 2^-15.
///
/// s = x^2 = s + sl exactly (FMA); q = 1 + B s rounded by one FMA, and its
/// rounding error ql = fma(B, s, 1 - q) (1 - q is exact: q in [1, 4.7] is
/// a multiple of its ulp, as is 1) plus B sl; v = A x = vh + vl exactly;
/// then z = vh q + vh ql + vl q (vl ql is below 2^-40). Every dropped
/// term is below about 2^-30 next to z.
#[inline(always)]
fn z_hi_lo<V: Simd>(x: V) -> (V, V) {
    let s = x * x;
    let sl = x.mul_add(x, -s);
    let q = c::<V>(B).mul_add(s, c(1.0));
    let ql = c::<V>(B).mul_add(s, c::<V>(1.0) - q);
    let ql = c::<V>(B).mul_add(sl, ql);
    let vh = x * c(A);
    let vl = x.mul_add(c(A), -vh);
    let zh = vh * q;
    let zl = vh.mul_add(q, -zh);
    let zl = vh.mul_add(ql, zl);
    (zh, vl.mul_add(q, zl))
}

/// gelu_tanh(x) = x / (1 + E), E = e^-z = e^-zh (1 - zl) (one FMA; zl^2/2
/// is below 2^-31), x clamped at 9 for z. -0 gives -0 (-0 / 2), subnormal
/// x gives x/2 rounded once, +inf gives +inf. x < -10 (the result nears
/// the subnormals; gelu_tanh(-inf) = -0) and NaN: the exact tier.
#[inline(always)]
pub fn gelu_tanh<V: Simd>(x: V) -> V {
    let (zh, zl) = z_hi_lo(c::<V>(HIGH).min(x));
    let e = exp_normal(-zh);
    let e = e.neg_mul_add(zl, e);
    fast_or!(
        V,
        x.ge(c(LOW)),
        x / (e + c(1.0)),
        nan_from_x(x, super::super::gelu_tanh(x))
    )
}
