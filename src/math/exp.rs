//! e^x and e^x - 1, and the functions built on them: exponential, elu,
//! selu, celu.
//!
//! Range reduction: x = n ln2 + r with |r| <= ln2/2, n integral. `n * LN2_HI`
//! is exact (LN2_HI has 15 significant bits and |n| <= 150), so
//! `x - n * LN2_HI` is exact too (Sterbenz); the remaining `n * LN2_LO` and
//! any low part of the argument are carried in `r_lo`. Then
//! e^r - 1 = r + r^2 P(r), a degree-5 fit ([`EXPM1_P`], written by
//! tools/fit_polys.py) with relative error 2^-29.

use super::dd::{fast_two_sum, two_prod, two_sum};
use super::{c, clamp, poly};
use crate::constants::{ACTFN_SELU_ALPHA, ACTFN_SELU_SCALE};
use crate::simd::{Simd, MAGIC_ROUND};

pub(crate) const LOG2E: f32 = core::f32::consts::LOG2_E;
// Fitted and split constants come from tools/fit_polys.py (coeffs.rs).
pub(crate) use super::coeffs::{EXPM1_P, EXP_Q, LN2_HI, LN2_LO};

/// Arguments are clamped to [EXP_MIN_ARG, 89]: e^-130 = 2^-187.6 is zero
/// once scaled, yet its unscaled parts (n >= -188, in ldexp's range) still
/// give exact zeros when callers multiply by a factor up to 2^37 first.
const EXP_MIN_ARG: f32 = -130.0;

/// Range reduction and polynomial: e^(x + xl) = 2^n (hi + lo), with
/// hi + lo in [0.7, 1.42] carried to about 2^-40. `x` must lie in
/// [-104, 89] (callers clamp), |xl| <= ulp(x).
#[inline(always)]
pub(crate) fn exp_parts<V: Simd>(x: V, xl: V) -> (V, V, V) {
    let n = (x * c(LOG2E)).round_small();
    let r1 = n.neg_mul_add(c(LN2_HI), x);
    let r0 = n.neg_mul_add(c(LN2_LO), xl);
    let (r, rl) = fast_two_sum(r1, r0);
    // e^r - 1 = r + r^2 P(r) as s + sl (the correction is small next to r,
    // so expm1 keeps its relative accuracy), then 1 + s + sl + rl e^r.
    let q = (r * r) * poly(r, &EXPM1_P);
    let (s, sl) = fast_two_sum(r, q);
    let (hi, lo) = fast_two_sum(c(1.0), s);
    (n, hi, rl.mul_add(hi, lo + sl))
}

/// e^(x + xl) = 2^n (hi + lo) for any x (NaN gives NaN): below -130 the
/// value is 0, above 89 +inf, once scaled. For callers that multiply before
/// scaling, so that a subnormal result is rounded once, at the end.
#[inline(always)]
pub(crate) fn exp_unscaled<V: Simd>(x: V, xl: V) -> (V, V, V) {
    let xc = clamp(x, EXP_MIN_ARG, 89.0);
    // A clamped argument's low part means nothing any more.
    exp_parts(xc, V::select(xc.eq(x), xl, c(0.0)))
}

/// e^(x + xl) as `hi + lo` (both scaled), for callers that go on in
/// double-f32. Any x; NaN gives NaN.
#[inline(always)]
pub(crate) fn exp_dd<V: Simd>(x: V, xl: V) -> (V, V) {
    let (n, hi, lo) = exp_unscaled(x, xl);
    // lo underflows gracefully: it only ever refines hi.
    (hi.ldexp_once(n), lo.ldexp(n))
}

/// The short exp (issue 15): e^x = 2^n e^r with r reduced by two FMAs
/// (x - n LN2_HI is exact, x - n (LN2_HI + LN2_LO) rounded once) and no
/// low part, e^r = 1 + r (1 + r Q(r)) by Horner's scheme: a degree-6
/// polynomial ending in two FMAs (Q: [`EXP_Q`], a degree-4 fit written by
/// tools/fit_polys.py). The last FMA rounds e^r once, within 0.5 ulp plus
/// about 0.17 from the rounding of 1 + r Q (scaled by |r| <= 0.35) and 0.18
/// from that of r. Returns t = x log2e + 1.5*2^23 (its low bits hold n), n
/// and e^r in [0.7, 1.42]. `x` must lie in [-130, 89] (NaN passes through
/// as NaN).
#[inline(always)]
fn exp_short_parts<V: Simd>(x: V) -> (V, V, V) {
    let t = x.mul_add(c(LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    let r = n.neg_mul_add(c(LN2_LO), n.neg_mul_add(c(LN2_HI), x));
    (t, n, exp_short_poly(r))
}

/// e^r = 1 + r (1 + r Q(r)) for |r| <= ln2/2 (+ a rounding's margin):
/// Horner's scheme, six FMAs, the last two with 1 (see [`exp_short_parts`]).
#[inline(always)]
pub(crate) fn exp_short_poly<V: Simd>(r: V) -> V {
    poly(r, &EXP_Q).mul_add(r, c(1.0)).mul_add(r, c(1.0))
}

/// `e * 2^n` for a normal result, where `t`'s low bits hold n (`t` as
/// [`exp_short_parts`] makes it, |n| < 2^22): n << 23 added to e's exponent
/// field, the magic constant's bits shifted out. Exact.
#[inline(always)]
pub(crate) fn scale_by_t<V: Simd>(e: V, t: V) -> V {
    V::from_bits(e.to_bits() + V::shl::<23>(t.to_bits()))
}

/// The short exp for any x: e^r scaled by 2^n with ldexp's split (the
/// clamped n lies in [-188, 129]), so a subnormal result is rounded once
/// more, within half an ulp of its own scale. Below -130 the value is +0,
/// above 89 +inf; NaN gives NaN.
#[inline(always)]
fn exp_short<V: Simd>(x: V) -> V {
    let (_, n, e) = exp_short_parts(clamp(x, EXP_MIN_ARG, 89.0));
    // e^r lies in [0.7, 1.42], above ldexp_once's 2^-26.
    e.ldexp_once(n)
}

/// e^(x + xl) - 1 as `h + l` (to about 2^-40 of it, relative), for x in
/// [-87, 0] and |xl| <= ulp(x); -0 gives -0.
///
/// With e^x = 2^n (hi + lo): 2^n hi - 1 is exact as h + l (Fast2Sum: the
/// difference is exact outright where 2^n hi >= 1/2), and 2^n lo joins l;
/// |h| >= |l| then holds (h is a nonzero multiple of ulp(hi) or zero).
#[inline(always)]
pub(crate) fn expm1_dd<V: Simd>(x: V, xl: V) -> (V, V) {
    let (h, l) = expm1_core(x);
    // -0 (also from x / alpha rounding to it) keeps its sign, in both parts
    // so that a (h + l) keeps it too.
    let zero = x.eq(c(0.0));
    (
        V::select(zero, x, h),
        V::select(zero, x, add_low_arg(h, l, xl)),
    )
}

/// e^x - 1 as `h + l` for x in [-87, 0], as [`expm1_dd`] without its low
/// argument and with +0 (not x's sign) at zero: for callers that set the
/// sign themselves.
#[inline(always)]
pub(crate) fn expm1_core<V: Simd>(x: V) -> (V, V) {
    let (n, hi, lo) = exp_parts(x, c(0.0));
    let scale = V::pow2(n);
    let (h, l) = fast_two_sum(c(-1.0), hi * scale);
    // Renormalised: near 0 the two parts are of one size, and callers that
    // scale them round the low part too.
    fast_two_sum(h, lo.mul_add(scale, l))
}

/// The low part of e^(x + xl) - 1 = (h + l) + xl e^x, with e^x = 1 + h + l:
/// added last, so that where h + l is tiny it does not collapse the sum
/// into one f32 inside the range reduction.
#[inline(always)]
fn add_low_arg<V: Simd>(h: V, l: V, xl: V) -> V {
    xl.mul_add(h, xl + l)
}

/// e^(x + xl) - 1 as `hi + lo` for any x (celu with a negative alpha needs
/// x > 0):
/// the general path of [`expm1_dd`].
#[inline(always)]
fn expm1_dd_full<V: Simd>(x: V, xl: V) -> (V, V) {
    let xc = clamp(x, -18.0, 89.0);
    let (n, hi, lo) = exp_parts(xc, c(0.0));
    // 2^n (hi + lo) - 1 = (2^n - 1) + 2^n (hi - 1) + 2^n lo: 2^n - 1 is exact
    // while n <= 24, and so are hi - 1 (Sterbenz) and the scalings.
    let nc = c::<V>(24.0).min(n);
    let scale = c::<V>(1.0).ldexp_once(nc);
    let (sh, sl) = two_sum(scale - c(1.0), scale * (hi - c(1.0)));
    // Renormalised: near 0 the two parts are of one size.
    let (sh, sl) = two_sum(sh, scale.mul_add(lo, sl));
    let big = n.gt(c(24.0));
    // Above: 2^n (hi - 2^-n + lo), with hi - 2^-n exact as uh + ul.
    let (uh, ul) = two_sum(hi, -c::<V>(1.0).ldexp(-n));
    let yh = V::select(big, uh.ldexp_once(n), sh);
    let yl = V::select(big, (ul + lo).ldexp(n), sl);
    let zero = x.eq(c(0.0));
    // xl e^x only where it means something (not clamped, not overflowed).
    let keep = xc.eq(x) & yh.abs().lt(c(f32::INFINITY));
    let yl = V::select(keep, add_low_arg(yh, yl, xl), yl);
    (V::select(zero, x, yh), V::select(zero, c(0.0), yl))
}

/// alpha (e^(t + tl) - 1) for t > 16 (celu with a negative alpha): as
/// alpha 2^n (hi - 2^-n + lo), scaled last, so that it overflows exactly
/// where the result does; a tiny alpha is scaled up first so that the
/// product keeps its bits. t is clamped where every alpha overflows:
/// e^158 > 2^128 / 2^-100, and e^193 > 2^128 / 2^-149 for a tiny alpha
/// (n then stays in ldexp's range).
#[inline(always)]
fn celu_large<V: Simd>(t: V, tl: V, alpha: V) -> V {
    let small = alpha.abs().lt(c(TWO_M100));
    let tc = V::select(small, c(193.0), c(176.0)).min(t);
    let (n, hi, lo) = exp_parts(tc, V::select(tc.eq(t), tl, c(0.0)));
    let (uh, ul) = two_sum(hi, -c::<V>(1.0).ldexp(-(c::<V>(150.0).min(n))));
    let a = alpha * V::select(small, c(TWO_100), c(1.0));
    let k = n - V::select(small, c(100.0), c(0.0));
    a.mul_add(uh, a * (ul + lo)).ldexp(k)
}

const TWO_100: f32 = f32::from_bits(0x7180_0000);
const TWO_M100: f32 = f32::from_bits(0x0d80_0000);

/// `a (h + l)`, rounded once.
#[inline(always)]
fn scale_dd<V: Simd>(a: V, (h, l): (V, V)) -> V {
    a.mul_add(h, a * l)
}

/// `alpha (h + l)` rounded once, also where the product is subnormal: for
/// |alpha| < 2^-100 (`tiny`, the same for every lane) the product is formed
/// as a double-f32 at 2^100 times its size, then brought down by rounding
/// its high part and adding the rounded rest.
#[inline(always)]
fn times_alpha<V: Simd>(alpha: V, (h, l): (V, V), tiny: bool) -> V {
    if !tiny {
        return scale_dd(alpha, (h, l));
    }
    let a = alpha * c(TWO_100);
    let (ph, pl) = two_prod(a, h);
    let pl = a.mul_add(l, pl);
    // One rounding: where ph 2^-50 is not exact, ph 2^-100 is below 2^-176
    // and both ways give zero.
    let r = ph.ldexp_once(c(-100.0));
    // ph - r 2^100 is exact: a multiple of ulp(ph), smaller than |ph|.
    let rest = r.neg_mul_add(c(TWO_100), ph) + pl;
    let y = r + rest.mul_pow2(c(-100.0));
    // A zero takes the product's sign, which r has (rest may be +0 - +0).
    V::select(y.eq(c(0.0)), r, y)
}

const TWO_M30: f32 = f32::from_bits(0x3080_0000);

/// Below this, e^x - 1 rounds to -1 (by far), and 2^n stays normal.
const EXPM1_MIN_ARG: f32 = -87.0;

/// Keras `exponential`: the short exp ([`exp_short_parts`]), e^r scaled
/// by 2^n as an exponent add where the result is normal (|x| < 86.5: n in
/// [-125, 125]); [`exp_short`] elsewhere.
#[inline(always)]
pub fn exponential<V: Simd>(x: V) -> V {
    let (t, _, e) = exp_short_parts(x);
    fast_or!(V, x.abs().lt(c(86.5)), scale_by_t(e, t), exp_short(x))
}

/// Whether |alpha| < 2^-100, where elu and celu form alpha's product at a
/// larger scale (their `TINY` path): the kernels test it once per call.
pub fn tiny_alpha(alpha: f32) -> bool {
    alpha.abs() < TWO_M100
}

/// Keras `elu`: x > 0 ? x : alpha (e^x - 1). `TINY`: [`tiny_alpha`].
#[inline(always)]
pub fn elu<V: Simd, const TINY: bool>(x: V, alpha: V) -> V {
    // Zeros take the exponential side: alpha * (+-0), so -0 for -0 (alpha
    // > 0) and for +0 (alpha < 0), as Keras's where(x > 0, ...) gives.
    let neg = times_alpha(alpha, expm1_dd(c::<V>(EXPM1_MIN_ARG).max(x), c(0.0)), TINY);
    V::select(x.gt(c(0.0)), x, neg)
}

/// SELU's scale * alpha as an unevaluated sum, so the negative branch is
/// rounded once: hi = f32(scale * alpha), lo = the rest (the product of the
/// two f32 constants, exactly, as Keras defines the function).
const SELU_SA_HI: f32 = (ACTFN_SELU_SCALE as f64 * ACTFN_SELU_ALPHA as f64) as f32;
const SELU_SA_LO: f32 =
    (ACTFN_SELU_SCALE as f64 * ACTFN_SELU_ALPHA as f64 - SELU_SA_HI as f64) as f32;

/// Keras `selu`: scale * (x > 0 ? x : alpha (e^x - 1)).
#[inline(always)]
pub fn selu<V: Simd>(x: V) -> V {
    let (eh, el) = expm1_dd(c::<V>(EXPM1_MIN_ARG).max(x), c(0.0));
    let neg = eh.mul_add(c(SELU_SA_HI), el.mul_add(c(SELU_SA_HI), eh * c(SELU_SA_LO)));
    V::select(x.ge(c(0.0)), x * c(ACTFN_SELU_SCALE), neg)
}

/// Keras `celu`: x >= 0 ? x : alpha (e^(x / alpha) - 1). `TINY`:
/// [`tiny_alpha`].
#[inline(always)]
pub fn celu<V: Simd, const TINY: bool>(x: V, alpha: V) -> V {
    // x / alpha as t + tl (to about 2^-46): where e^t is large (a negative
    // alpha) or t - e^t cancels, the rounding of the quotient would show.
    // 1 / alpha is the same for every element (the compiler hoists it),
    // unless alpha is so small that it overflows: then divide.
    let (t, tl) = if TINY {
        // The remainder x - t alpha from x and alpha scaled by 2^100, where
        // a subnormal x keeps its bits (|t| < 2^100 means |x| < 1).
        let t = x / alpha;
        let a100 = alpha * c(TWO_100);
        let tl = t.neg_mul_add(a100, x * c(TWO_100)) / a100;
        (t, V::select(t.abs().lt(c(TWO_100)), tl, c(0.0)))
    } else {
        let inv = c::<V>(1.0) / alpha;
        let t = x * inv;
        (t, t.neg_mul_add(alpha, x) * inv)
    };
    // |t| < 2^-30: alpha (e^t - 1) = x (1 + t/2 + ...) rounds to x (and t
    // may be subnormal, its low part lost).
    let tiny = t.abs().lt(c(TWO_M30));
    // The short path takes t <= 0 (alpha > 0, or x >= 0).
    let tc = c::<V>(EXPM1_MIN_ARG).max(t);
    let neg = times_alpha(alpha, expm1_dd(tc, V::select(tc.eq(t), tl, c(0.0))), TINY);
    let y = V::select(x.ge(c(0.0)) | tiny, x, neg);
    let ok = x.ge(c(0.0)) | t.le(c(0.0));
    fast_or!(V, ok, y, {
        let (h, l) = expm1_dd_full(t, tl);
        let neg = times_alpha(alpha, (h, l), TINY);
        let neg = V::select(neg.eq(c(0.0)), alpha * h, neg);
        let neg = V::select(t.gt(c(16.0)), celu_large(t, tl, alpha), neg);
        V::select(x.ge(c(0.0)) | tiny, x, neg)
    })
}
