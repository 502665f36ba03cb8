//! The logistic family: sigmoid, silu, softplus, log_sigmoid.
//!
//! All start from e = e^-|t| as a double-f32, which never overflows and
//! keeps full relative accuracy in the tails: sigmoid(t) is 1/(1+e) for
//! t >= 0 and e/(1+e) for t < 0.

use super::coeffs::LOG1P_L;
use super::dd::{div_dd, fast_two_sum, two_prod};
use super::exp::{exp_dd, exp_parts, LN2_HI, LN2_LO};
use super::{c, poly};
use crate::simd::Simd;

/// The short path clamps t to at most T_SAT (sigmoid(t) rounds to 1 from
/// t = 17.33, and e^-T_SAT is far below what could change x * 1), and
/// needs t > T_MIN, where e^t's power of two is normal.
const T_SAT: f32 = 60.0;
const T_MIN: f32 = -87.0;
const TWO_M36: f32 = f32::from_bits(0x2d80_0000);

/// The short path's parts, for t in (T_MIN, T_SAT]: e^-|t + tl| =
/// 2^n (hi + lo) returned as `(2^n, hi, lo)`, and 1 / (1 + e) as `q + ql`
/// (to about 2^-44), from one division and one remainder step.
/// sigmoid(t) is (q + ql) for t >= 0 and 2^n (hi + lo)(q + ql) for t < 0.
/// `tl` None is a zero low part (the reduction then skips it).
#[inline(always)]
fn sigmoid_parts<V: Simd>(t: V, tl: Option<V>) -> (V, V, V, V, V) {
    let tc = c::<V>(T_SAT).min(t);
    let xl = match tl {
        Some(tl) => -V::select(tc.eq(t), tl, c(0.0)).xor_sign(tc),
        None => c(-0.0),
    };
    let (n, hi, lo) = exp_parts(-tc.abs(), xl);
    let s = V::pow2(n);
    let (dh, dl) = fast_two_sum(c(1.0), hi * s);
    let dl = lo.mul_add(s, dl);
    let q = c::<V>(1.0) / dh;
    let r = q.neg_mul_add(dh, c(1.0));
    (s, hi, lo, q, q * q.neg_mul_add(dl, r))
}

/// `(nh + nl) (q + ql)`, rounded once.
#[inline(always)]
fn mul_dd<V: Simd>(nh: V, nl: V, q: V, ql: V) -> V {
    nh.mul_add(q, nh.mul_add(ql, nl * q))
}

/// Lanes where the short path computes `x * sigmoid(t)` with a normal
/// result: |x| e^t >= 2^-126 for |x| in [2^-36, 2^40]; and x = +-0, its
/// own result (zeros are common in real data, and one in a register group
/// would send the whole group down the full path).
#[inline(always)]
fn fast_lanes<V: Simd>(x: V, t: V) -> V::Mask {
    let ax = x.abs();
    let t_ok = t.gt(c(-60.0)) | (t.gt(c(T_MIN)) & ax.ge(c(1.0)));
    t_ok & ax.lt(c(TWO_40)) & (ax.ge(c(TWO_M36)) | ax.eq(c(0.0)))
}

/// x * sigmoid(t + tl), rounded once. Registers whose lanes all lie in the
/// common range take the short path; any other register computes both and
/// picks per lane, so each lane's bits never depend on its neighbours.
/// Callers make sure the product has no 0 * inf (they clamp x). `tl` None
/// is zero.
#[inline(always)]
pub(crate) fn mul_sigmoid<V: Simd>(x: V, t: V, tl: Option<V>) -> V {
    let ok = fast_lanes(x, t);
    // Numerator x or x (hi + lo), exactly as nh + nl; 2^n comes last, so a
    // result near the bottom of the normal range is still rounded once.
    let (s, hi, lo, q, ql) = sigmoid_parts(t, tl);
    let (ph, pl) = two_prod(x, hi);
    let neg = t.lt(c(0.0));
    let nh = V::select(neg, ph, x);
    let nl = V::select(neg, x.mul_add(lo, pl), c(0.0));
    // The sign is x's (the sigmoid is positive): for x = -0 the products
    // alone could give +0.
    let fast = (mul_dd(nh, nl, q, ql) * V::select(neg, s, c(1.0))).copysign(x);
    fast_or!(V, ok, fast, mul_sigmoid_full(x, t, tl.unwrap_or(c(0.0))))
}

/// x * sigmoid(t + tl) for every input, rounded once from a double-f32
/// quotient.
#[inline(always)]
fn mul_sigmoid_full<V: Simd>(x: V, t: V, tl: V) -> V {
    let neg = t.lt(c(0.0));
    // Huge x is scaled by 2^-100 first, so x * e cannot overflow and e may
    // be as small as x * e needs (down to 2^-289 for x = MAX).
    let big = x.abs().gt(c(TWO_40));
    let xs = V::select(big, x * c(TWO_M100), x);
    // e = e^-|t + tl| = 2^n (hi + lo): flip the low part with t's sign. Below
    // the floor, x * e is 0 for every x of that class.
    let floor = V::select(big, c(-200.0), c(-150.0));
    let arg = floor.max(-t.abs());
    let argl = V::select(arg.eq(-t.abs()), -tl.xor_sign(t), c(0.0));
    let (n, hi, lo) = exp_parts(arg, argl);
    // 1 + e: where e < 2^-60 its exact size no longer matters.
    let nd = c::<V>(-150.0).max(n);
    let (dh, dl) = fast_two_sum(c(1.0), hi.ldexp_once(nd));
    let dl = dl + lo.ldexp(nd);
    // Numerator x * (t < 0 ? e : 1) exactly, with e's 2^n applied after the
    // division, so that a subnormal result is rounded once.
    let (ph, pl) = two_prod(xs, hi);
    let pl = xs.mul_add(lo, pl);
    let nh = V::select(neg, ph, x);
    let nl = V::select(neg, pl, c(0.0));
    let (q, corr) = div_dd(nh, Some(nl), dh, dl);
    let k = V::select(neg, n + V::select(big, c(100.0), c(0.0)), c(0.0));
    let y = (q + corr).ldexp(k);
    // x = +-inf: the remainder step would compute inf - inf. The product is
    // x itself, or NaN for t = -inf (inf * 0) and for t = NaN.
    let inf = V::select(t.eq(c(f32::NEG_INFINITY)) | t.is_nan(), c(f32::NAN), x);
    // The sign is x's (the sigmoid is positive), also for zero products.
    V::select(x.abs().eq(c(f32::INFINITY)), inf, y.copysign(x))
}

/// 2^40 and 2^-100.
const TWO_40: f32 = f32::from_bits(0x5380_0000);
const TWO_M100: f32 = f32::from_bits(0x0d80_0000);

/// Keras `sigmoid`: 1 / (1 + e^-x).
#[inline(always)]
pub fn sigmoid<V: Simd>(x: V) -> V {
    let ok = x.gt(c(T_MIN));
    let (s, hi, lo, q, ql) = sigmoid_parts(x, None);
    let neg = x.lt(c(0.0));
    let nh = V::select(neg, hi, c(1.0));
    let nl = V::select(neg, lo, c(0.0));
    let fast = mul_dd(nh, nl, q, ql) * V::select(neg, s, c(1.0));
    fast_or!(V, ok, fast, mul_sigmoid_full(c(1.0), x, c(0.0)))
}

/// Keras `silu` (`swish`): x * sigmoid(x). silu(-inf) = -0.
#[inline(always)]
pub fn silu<V: Simd>(x: V) -> V {
    // Below -120 the result is -0 already; clamping keeps -inf * 0 out.
    let x = c::<V>(-120.0).max(x);
    mul_sigmoid(x, x, None)
}

/// QuickGelu's alpha: the f32 1.702 (0x3FD9DB23), as ONNX Runtime has it.
const QUICK_GELU_ALPHA: f32 = 1.702;

/// ONNX Runtime's QuickGelu: x * sigmoid(1.702f x), with 1.702f x carried
/// exactly as a double-f32. quick_gelu(-inf) = -0.
#[inline(always)]
pub fn quick_gelu<V: Simd>(x: V) -> V {
    // Below -80 the result is -0 already; clamping keeps -inf * 0 out.
    let x = c::<V>(-80.0).max(x);
    let (t, tl) = two_prod(c(QUICK_GELU_ALPHA), x);
    // Huge x: t = +inf (its low part NaN), the sigmoid is 1.
    let tl = V::select(t.abs().lt(c(f32::INFINITY)), tl, c(0.0));
    mul_sigmoid(x, t, Some(tl))
}

/// log(1 + e) for e = eh + el in [0, 1], from the exponent and mantissa of
/// 1 + e: 1 + e = 2^k (1 + f), k in {0, 1}, 1 + f in [sqrt(1/2), sqrt(2)).
#[inline(always)]
pub(crate) fn log1p_unit<V: Simd>(eh: V, el: V) -> (V, V) {
    let (uh, ul) = fast_two_sum(c(1.0), eh);
    let ul = ul + el;
    let k1 = uh.ge(c(core::f32::consts::SQRT_2));
    let half = V::select(k1, c(0.5), c(1.0));
    let k = V::select(k1, c(1.0), c(0.0));
    // m - 1 is exact (Sterbenz); fold the low part in and keep its residue.
    let (fh, fl) = fast_two_sum((uh * half) - c(1.0), ul * half);
    // log1p(f) = f + f^2 w, w = -1/2 + f L(f), with f + f^2 w as hi + lo.
    let w = fh.mul_add(poly(fh, &LOG1P_L), c(-0.5));
    let (f2, f2l) = two_prod(fh, fh);
    let (ph, pl) = two_prod(f2, w);
    let pl = f2l.mul_add(w, pl);
    let (th, tl) = fast_two_sum(fh, ph);
    // fl / (1 + fh) ~ fl (1 - fh): fl is below half an ulp of fh.
    let tl = tl + (pl + fl.neg_mul_add(fh, fl));
    // + k ln2, still as hi + lo: |th| < ln2 / 2, so Fast2Sum is exact (also
    // for k = 0).
    let (rh, rl) = fast_two_sum(k * c(LN2_HI), th);
    (rh, rl + k.mul_add(c(LN2_LO), tl))
}

/// Keras `softplus`: log(1 + e^x) = max(x, 0) + log1p(e^-|x|).
#[inline(always)]
pub fn softplus<V: Simd>(x: V) -> V {
    let (eh, el) = exp_dd(-x.abs(), c(0.0));
    // NaN and +inf are their own results (the low parts would be NaN).
    V::select(
        x.is_nan() | x.eq(c(f32::INFINITY)),
        x,
        softplus_from(x, eh, el),
    )
}

/// max(x, 0) + log1p(e) for e = e^-|x| as `eh + el`, rounded once.
#[inline(always)]
fn softplus_from<V: Simd>(x: V, eh: V, el: V) -> V {
    let (lh, ll) = log1p_unit(eh, el);
    let pos = V::select(x.gt(c(0.0)), x, c(0.0));
    // Both are >= 0: the larger first makes Fast2Sum exact.
    let (yh, yl) = fast_two_sum(pos.max(lh), pos.min(lh));
    yh + (yl + ll)
}

/// Keras `log_sigmoid`: -log(1 + e^-x) = -softplus(-x).
#[inline(always)]
pub fn log_sigmoid<V: Simd>(x: V) -> V {
    -softplus(-x)
}
