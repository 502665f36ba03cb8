//! gelu in its exact (erf) and approximate (tanh) forms.

use super::c;
use super::coeffs::ERFC_G;
use super::dd::{fast_two_sum, two_prod};
use super::exp::exp_unscaled;
use super::logistic::mul_sigmoid;
use crate::constants::ACTFN_GELU_TANH_COEFF;
use crate::simd::Simd;

/// Phi(-a) = erfc(a / sqrt2) / 2 = 2^n (hi + lo) for a >= 0, with relative
/// accuracy kept down to the last non-zero value (a = 14.36); the caller
/// applies 2^n last.
#[inline(always)]
fn normal_tail<V: Simd>(a: V) -> (V, V, V) {
    let a = c::<V>(15.0).min(a);
    // piece = floor(a / 2); d = a - 2 piece is exact (Sterbenz).
    let piece = (a * c(0.5)).floor_small();
    let idx = V::index(piece);
    // d = a - (2 piece + 1) is exact (Sterbenz) but in piece 0 below 0.5,
    // where its low part dl enters through G's derivative (there 1 > a, so
    // Fast2Sum is exact).
    let (d, dl) = fast_two_sum(-(piece + piece + c(1.0)), a);
    let mut r = V::lookup8(&ERFC_G[11], idx);
    for row in ERFC_G[3..11].iter().rev() {
        r = r.mul_add(d, V::lookup8(row, idx));
    }
    // The last two steps in double-f32: G = c0 + d (c1 + d r), so the result
    // carries no rounding of its own.
    let (p1, p1l) = two_prod(d, r);
    // |c2| > |d r| and |c0| > |d s1| in every piece (|d| <= 1): Fast2Sum.
    let (s1, s1l) = fast_two_sum(V::lookup8(&ERFC_G[2], idx), p1);
    let (p0, p0l) = two_prod(d, s1);
    let p0l = d.mul_add(s1l + p1l, p0l);
    let p0l = d.mul_add(r, s1).mul_add(dl, p0l);
    let (gh, gl) = fast_two_sum(V::lookup8(&ERFC_G[0], idx), p0);
    let gl = gl + (p0l + V::lookup8(&ERFC_G[1], idx));
    // e^(-a^2/2) with a^2 exact as hi + lo, times G, halved: double-f32.
    let (sh, sl) = two_prod(a, a);
    let (n, eh, el) = exp_unscaled(sh * c(-0.5), sl * c(-0.5));
    let (ph, pl) = two_prod(eh, gh);
    let pl = eh.mul_add(gl, el.mul_add(gh, pl));
    (n, ph * c(0.5), pl * c(0.5))
}

/// Keras `gelu` (approximate=False): x Phi(x).
#[inline(always)]
pub fn gelu<V: Simd>(x: V) -> V {
    let (n, ph, pl) = normal_tail(x.abs());
    gelu_full(x, n, ph, pl)
}

/// gelu for every x, from `normal_tail(|x|)`.
#[inline(always)]
fn gelu_full<V: Simd>(x: V, n: V, ph: V, pl: V) -> V {
    // x >= 0: x (1 - Phi(-x)) = x - x Phi(-x); x < 0: x Phi(x) = x Phi(-|x|),
    // scaled last so a subnormal result is rounded once.
    // Where n < -40, Phi(-x) < 2^-41 and the result is x whatever the
    // correction: clamping n there keeps 2^n a normal f32, one exact factor.
    let np = c::<V>(-40.0).max(n);
    let (qh, ql) = fast_two_sum(c(1.0), -ph.mul_pow2(np));
    let ql = ql - pl.mul_pow2(np);
    let (yh, yl) = two_prod(x, qh);
    let pos = yh + x.mul_add(ql, yl);
    // Below -15 the result is -0 already; clamping keeps x * p in range.
    let xc = c::<V>(-15.0).max(x);
    let (zh, zl) = two_prod(xc, ph);
    // n < 0 only where x^2/2 > ln2/2 (|x| > 0.83): there |x p| > 2^-7, so
    // the scaling rounds once (ph > 0.018 everywhere).
    let neg = (zh + xc.mul_add(pl, zl)).ldexp_once(n);
    // The sign is x's (Phi is positive): also -0 for -0 and tiny negatives.
    let y = V::select(x.gt(c(0.0)), pos, neg).copysign(x);
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
    // k >= 0: the larger first makes Fast2Sum exact.
    let (u, ul) = fast_two_sum(c::<V>(1.0).max(k), c::<V>(1.0).min(k));
    let ul = ul + kl;
    let (w, wl) = two_prod(x, u);
    let wl = x.mul_add(ul, wl);
    let (t, tl) = two_prod(c(TWO_SQRT_2_OVER_PI), w);
    let tl = c::<V>(TWO_SQRT_2_OVER_PI).mul_add(wl, tl);
    // Huge x: x^3 overflows, t = +inf, the sigmoid is 1.
    let tl = V::select(t.abs().lt(c(f32::INFINITY)), tl, c(0.0));
    mul_sigmoid(x, t, Some(tl))
}
