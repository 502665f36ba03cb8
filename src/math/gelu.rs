//! gelu in its exact (erf) and approximate (tanh) forms.

use super::dd::{fast_two_sum, two_prod, two_sum};
use super::exp::exp_dd;
use super::logistic::mul_sigmoid;
use super::{c, poly};
use crate::constants::ACTFN_GELU_TANH_COEFF;
use crate::simd::Simd;

/// G(t) with erfc(a / sqrt2) = e^(-a^2/2) G(t), t = 4 / (4 + a), on
/// a in [0, 14.5] (tools/fit_polys.py; relative error 2^-31).
const ERFC_G: [f32; 13] = [
    2.683_331_8e-6,
    0.199_395_39,
    0.200_425_64,
    0.179_919_85,
    0.196_460_31,
    0.012_565_93,
    0.351_683_44,
    -0.376_339_44,
    0.456_216_16,
    -0.264_930_6,
    0.019_212_073,
    0.035_000_864,
    -0.009_612_292,
];

/// Phi(-a) = erfc(a / sqrt2) / 2 for a >= 0, with relative accuracy kept
/// down to the last non-zero value (a = 14.36).
#[inline(always)]
fn normal_tail<V: Simd>(a: V) -> V {
    let a = c::<V>(15.0).min(a);
    // t = 4 / (4 + a) with the rounding of 4 + a corrected.
    let (dh, dl) = fast_two_sum(c(4.0), a);
    let t = c::<V>(4.0) / dh;
    let t = t.neg_mul_add(dl * c(0.25) * t, t);
    let g = poly(t, &ERFC_G);
    // e^(-a^2/2) with a^2 exact as hi + lo.
    let (sh, sl) = two_prod(a, a);
    let (eh, el) = exp_dd(sh * c(-0.5), sl * c(-0.5));
    (eh * c(0.5)).mul_add(g, el * c(0.5) * g)
}

/// Keras `gelu` (approximate=False): x Phi(x).
#[inline(always)]
pub fn gelu<V: Simd>(x: V) -> V {
    let p = normal_tail(x.abs());
    // x >= 0: x (1 - Phi(-x)) = x - x Phi(-x); x < 0: x Phi(x) = x Phi(-|x|).
    let pos = x.neg_mul_add(p, x);
    let neg = x * p;
    let y = V::select(x.ge(c(0.0)), pos, neg);
    // +inf: inf - inf * 0; -inf: the limit -0.
    let y = V::select(x.eq(c(f32::INFINITY)), x, y);
    V::select(x.eq(c(f32::NEG_INFINITY)), c(-0.0), y)
}

/// 2 sqrt(2/pi), from the f32 constant as Keras rounds it.
const TWO_SQRT_2_OVER_PI: f32 = 2.0 * 0.797_884_6;

/// Keras `gelu` (approximate=True): x/2 (1 + tanh(z)) = x sigmoid(2z), with
/// z = sqrt(2/pi) (x + 0.044715 x^3) in f32 constants (as Keras) carried as
/// a double-f32, so that the negative tail keeps its relative accuracy.
#[inline(always)]
pub fn gelu_tanh<V: Simd>(x: V) -> V {
    // Below -20 the result is -0 already; clamping keeps -inf * 0 out.
    let x = c::<V>(-20.0).max(x);
    let (s, sl) = two_prod(x, x);
    let (k, kl) = two_prod(c(ACTFN_GELU_TANH_COEFF), s);
    let kl = c::<V>(ACTFN_GELU_TANH_COEFF).mul_add(sl, kl);
    // w = x (1 + k) as hi + lo.
    let (u, ul) = two_sum(c(1.0), k);
    let ul = ul + kl;
    let (w, wl) = two_prod(x, u);
    let wl = x.mul_add(ul, wl);
    let (t, tl) = two_prod(c(TWO_SQRT_2_OVER_PI), w);
    let tl = c::<V>(TWO_SQRT_2_OVER_PI).mul_add(wl, tl);
    // Huge x: x^3 overflows, t = +inf, the sigmoid is 1.
    let tl = V::select(t.abs().lt(c(f32::INFINITY)), tl, c(0.0));
    mul_sigmoid(x, t, tl)
}
