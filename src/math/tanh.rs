//! tanh, tanh_shrink and mish.
//!
//! tanh(a) = -m / (2 + m) with m = e^-2a - 1 as a double-f32 and one
//! corrected division, for every a; tanh_shrink below 0.625 uses an odd
//! polynomial instead, where a - tanh(a) would cancel.

use super::coeffs::{SHRINK_R1, THIRD_HI, THIRD_LO};
use super::dd::{div_dd, fast_two_sum, two_prod};
use super::exp::{exp_unscaled, expm1_core};
use super::{c, poly};
use crate::simd::Simd;

/// Below this |x| tanh_shrink uses its odd polynomial.
const POLY_LIMIT: f32 = 0.625;

const TWO_M24: f32 = f32::from_bits(0x3380_0000);
const TWO_32: f32 = f32::from_bits(0x4f80_0000);
const TWO_M96: f32 = f32::from_bits(0x0f80_0000);

/// Above this, tanh(a) is 1 to far below f32's resolution, and e^-2a's
/// power of two stays normal.
const TANH_CLAMP: f32 = 43.0;

/// tanh(a) for a >= 0 (or NaN) as `q + corr`: with m = e^-2a - 1 as a
/// double-f32, tanh(a) = -m / (2 + m), neither part cancelling anywhere;
/// one corrected division.
#[inline(always)]
fn tanh_dd<V: Simd>(a: V) -> (V, V) {
    // The callers set the sign (copysign), so expm1's zero handling is moot.
    let (mh, ml) = expm1_core(c::<V>(-2.0) * c::<V>(TANH_CLAMP).min(a));
    let (dh, dl) = fast_two_sum(c(2.0), mh);
    div_dd(-mh, Some(-ml), dh, dl + ml)
}

/// Keras `tanh`.
#[inline(always)]
pub fn tanh<V: Simd>(x: V) -> V {
    let (q, corr) = tanh_dd(x.abs());
    // q + corr >= +0 (its sign bit clear, also at 0): flipping sets x's.
    (q + corr).xor_sign(x)
}

/// Keras `tanh_shrink`: x - tanh(x), without the cancellation near 0.
#[inline(always)]
pub fn tanh_shrink<V: Simd>(x: V) -> V {
    let a = x.abs();
    // Tiny a is scaled by 2^32 (and the result by 2^-96), so that the low
    // parts of a^3 stay normal; a^3 as a double-f32, times 1/3 + s R1(s).
    let tiny = a.lt(c(TWO_M24));
    let a_in = a;
    let a = V::select(tiny, a * c(TWO_32), a);
    let (s, sl) = two_prod(a, a);
    let (a3, a3l) = two_prod(s, a);
    let a3l = sl.mul_add(a, a3l);
    let st = a_in * a_in;
    let r = st.mul_add(poly(st, &SHRINK_R1), c(THIRD_LO));
    let small = a3.mul_add(c(THIRD_HI), a3.mul_add(r, a3l * c(THIRD_HI)));
    let small = small * V::select(tiny, c(TWO_M96), c(1.0));
    // Large |x|: a - tanh(a) from the double-f32 tanh, rounded once.
    let a = a_in;
    let (q, corr) = tanh_dd(a);
    // a > tanh(a) = q (up to its rounding, still below a): Fast2Sum.
    let (dh, dl) = fast_two_sum(a, -q);
    // a = inf: inf - 1 = inf (two_sum's low part would be NaN).
    let big = V::select(a.eq(c(f32::INFINITY)), a, dh + (dl - corr));
    let y = V::select(a.lt(c(POLY_LIMIT)), small, big);
    // y >= +0 (its sign bit clear, also at 0): flipping sets x's sign.
    y.xor_sign(x)
}

/// Keras `mish`: x tanh(softplus(x)).
///
/// With e = e^-|x|: tanh(log(1 + e^x)) = e(e + 2) / (e(e + 2) + 2) for
/// x <= 0 and (1 + 2e) / (1 + 2e + 2e^2) for x > 0, both without
/// cancellation, as double-f32, then one corrected division and one product.
/// On the negative side e's scale 2^n is applied last, so that the tail is
/// rounded once even where it is subnormal.
#[inline(always)]
pub fn mish<V: Simd>(x: V) -> V {
    // Below -120 the result is -0; clamping keeps -inf * 0 out.
    let x = c::<V>(-120.0).max(x);
    let (n, hu, lu) = exp_unscaled(-x.abs(), c(0.0));
    // Below n = -126 the low part of e is under 2^-150, nothing next to
    // the 2 it meets: clamping n keeps 2^n a normal f32, one exact factor.
    let el = lu.mul_pow2(c::<V>(-126.0).max(n));
    let y = mish_from(x, hu, lu, hu.ldexp_once(n), el);
    // n < 0 only where |x| > ln2/2, and there |y| > |x| hu 3/5 > 0.14: the
    // scaling rounds once.
    let y = y.ldexp_once(V::select(x.le(c(0.0)), n, c(0.0)));
    // x = +inf: the low part would be inf - inf. The sign is x's (tanh of
    // softplus is positive), also for zero products.
    V::select(x.eq(c(f32::INFINITY)), x, y.copysign(x))
}

/// mish(x) from e = e^-|x| = 2^n (hu + lu) = eh + el, without the factor
/// 2^n that the negative side still needs.
#[inline(always)]
fn mish_from<V: Simd>(x: V, hu: V, lu: V, eh: V, el: V) -> V {
    let neg = x.le(c(0.0));
    // e^2 and 2e, then the denominators e(e + 2) + 2 and (1 + 2e) + 2e^2.
    let (e2, e2l) = two_prod(eh, eh);
    let e2l = (eh + eh).mul_add(el, e2l);
    let (twoe, twoel) = (eh + eh, el + el);
    let (ph, pl) = fast_two_sum(twoe, e2);
    let pl = pl + twoel + e2l;
    let (one2e, one2el) = fast_two_sum(c(1.0), twoe);
    let one2el = one2el + twoel;
    let base = V::select(neg, ph, one2e);
    let basel = V::select(neg, pl, one2el);
    let add = V::select(neg, c(2.0), e2 + e2);
    let addl = V::select(neg, c(0.0), e2l + e2l);
    let (dh, dl) = fast_two_sum(add.max(base), add.min(base));
    let dl = dl + basel + addl;
    // Numerators: unscaled e (e + 2) for x <= 0, 1 + 2e above.
    let (s2, s2l) = fast_two_sum(c(2.0), eh);
    let s2l = s2l + el;
    let (nu, nul) = two_prod(hu, s2);
    let nul = hu.mul_add(s2l, lu.mul_add(s2, nul));
    let nh = V::select(neg, nu, one2e);
    let nl = V::select(neg, nul, one2el);
    let (q, corr) = div_dd(nh, Some(nl), dh, dl);
    let (yh, yl) = two_prod(x, q);
    yh + x.mul_add(corr, yl)
}
