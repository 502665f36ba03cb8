//! gelu in its exact (erf) and approximate (tanh) forms.

use super::c;
use super::dd::{two_prod, two_sum};
use super::exp::exp_unscaled;
use super::logistic::mul_sigmoid;
use crate::constants::ACTFN_GELU_TANH_COEFF;
use crate::simd::Simd;

/// G(a) = erfc(a / sqrt2) e^(a^2/2) on [0, 16] in eight pieces of width 2:
/// piece i is a degree-10 polynomial in d = a - (2i + 1), its constant term
/// split as hi + lo. Row k holds coefficient k of every piece (rows
/// 0 and 1: the constant's hi and lo), for one table lookup per row.
/// Relative error 2^-27 before rounding (tools/fit_polys.py).
#[rustfmt::skip]
const ERFC_G: [[f32; 8]; 12] = [
    [0.5231565833091736, 0.24302789568901062, 0.1538386046886444, 0.11178696155548096, 0.08759757876396179, 0.0719497799873352, 0.06101882830262184, 0.05295897647738457],
    [1.7817874953252044e-09, 1.0259261218337201e-09, 5.261410862544835e-09, 3.3256013498572656e-09, -1.0222281909832986e-09, -7.450665084896002e-10, 6.878924652120588e-10, 1.5210751547201085e-09],
    [-0.274728000164032, -0.06880087405443192, -0.02869151160120964, -0.015375806950032711, -0.009506361559033394, -0.006436989177018404, -0.004639783874154091, -0.003499890910461545],
    [0.12421423196792603, 0.018312644213438034, 0.005190527532249689, 0.0020781592465937138, 0.0010201638797298074, 0.0005714493454433978, 0.00035081896930933, 0.00023030782176647335],
    [-0.05017060786485672, -0.004620946012437344, -0.0009129527607001364, -0.0002762276853900403, -0.0001082914968719706, -5.03483388456516e-05, -2.6379582777735777e-05, -1.5090441593201831e-05],
    [0.01851126365363598, 0.001112406374886632, 0.000156432346557267, 3.613569788285531e-05, 1.1374939276720397e-05, 4.4034968595951796e-06, 1.9727817743842024e-06, 9.8459611308499e-07],
    [-0.0063359723426401615, -0.0002568594354670495, -2.617378777358681e-05, -4.6647119233966805e-06, -1.1952618024224648e-06, -3.834636856936413e-07, -1.452383173727867e-07, -6.642847694138254e-08],
    [0.0020288722589612007, 5.709033939638175e-05, 4.280131634004647e-06, 5.923578783040284e-07, 1.2420662187651033e-07, 3.264793235757679e-08, 1.0675235806445471e-08, 4.594030489357692e-09],
    [-0.0006052149692550302, -1.2066657291143201e-05, -6.635799536525155e-07, -6.322605372588441e-08, 2.375969199164274e-09, -1.4723858798859624e-09, -2.575596846909889e-09, 2.619688688199062e-09],
    [0.00017676317656878382, 2.468830643920228e-06, 1.0031841668478592e-07, 7.527098944137833e-09, -1.6647954126369768e-09, 5.622774468250213e-10, 2.782955532687481e-10, -5.066794206420866e-10],
    [-5.819822399644181e-05, -6.138443495729007e-07, -2.5264828451554422e-08, -5.548196124749438e-09, -6.182536260723737e-09, -5.734495656106731e-10, 7.225561260426616e-10, -1.1822628431801263e-09],
    [1.4281914445746224e-05, 1.3610275573228137e-07, 5.353544718644798e-09, 8.282724506258887e-10, 1.2139559357748908e-09, -1.1624695650525041e-10, -9.078626045377902e-11, 2.1086953017057652e-10],
];

/// Phi(-a) = erfc(a / sqrt2) / 2 = 2^n (hi + lo) for a >= 0, with relative
/// accuracy kept down to the last non-zero value (a = 14.36); the caller
/// applies 2^n last.
#[inline(always)]
fn normal_tail<V: Simd>(a: V) -> (V, V, V) {
    let a = c::<V>(15.0).min(a);
    // piece = floor(a / 2); d = a - 2 piece is exact (Sterbenz).
    let half = a * c(0.5);
    let r = half.round_small();
    let piece = V::select(r.gt(half), r - c(1.0), r);
    let idx = V::index(piece);
    // d = a - (2 piece + 1) is exact (Sterbenz) but in piece 0 below 0.5,
    // where its low part dl enters through G's derivative.
    let (d, dl) = two_sum(a, -(piece + piece + c(1.0)));
    let mut r = V::lookup8(&ERFC_G[11], idx);
    for row in ERFC_G[3..11].iter().rev() {
        r = r.mul_add(d, V::lookup8(row, idx));
    }
    // The last two steps in double-f32: G = c0 + d (c1 + d r), so the result
    // carries no rounding of its own.
    let (p1, p1l) = two_prod(d, r);
    let (s1, s1l) = two_sum(V::lookup8(&ERFC_G[2], idx), p1);
    let (p0, p0l) = two_prod(d, s1);
    let p0l = d.mul_add(s1l + p1l, p0l);
    let p0l = d.mul_add(r, s1).mul_add(dl, p0l);
    let (gh, gl) = two_sum(V::lookup8(&ERFC_G[0], idx), p0);
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
    // x >= 0: x (1 - Phi(-x)) = x - x Phi(-x); x < 0: x Phi(x) = x Phi(-|x|),
    // scaled last so a subnormal result is rounded once.
    let (qh, ql) = two_sum(c(1.0), -ph.ldexp(n));
    let ql = ql - pl.ldexp(n);
    let (yh, yl) = two_prod(x, qh);
    let pos = yh + x.mul_add(ql, yl);
    // Below -15 the result is -0 already; clamping keeps x * p in range.
    let xc = c::<V>(-15.0).max(x);
    let (zh, zl) = two_prod(xc, ph);
    let neg = (zh + xc.mul_add(pl, zl)).ldexp(n);
    let y = V::select(x.gt(c(0.0)), pos, neg);
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
