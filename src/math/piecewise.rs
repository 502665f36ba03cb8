//! The piecewise functions: compares and selects, and at most one rounded
//! operation per branch (or an exactly corrected one), so each is exact.
//! NaN always reaches the output: every select sends it down a branch that
//! returns x itself or an expression of it.

use super::c;
use super::dd::{fast_two_sum, two_prod, two_sum};
use crate::simd::Simd;

/// Keras `relu`: x > 0 ? x : +0 (relu(-0) = +0, NaN stays NaN).
#[inline(always)]
pub fn relu<V: Simd>(x: V) -> V {
    // max(+0, x) is x for NaN and for -0; adding +0 makes -0 +0 and quiets
    // NaN, as the kernels' NaN rule asks (codegen's NAN_READY).
    c::<V>(0.0).max(x) + c(0.0)
}

/// Keras `relu6`: min(max(x, 0), 6), relu6(-0) = +0.
#[inline(always)]
pub fn relu6<V: Simd>(x: V) -> V {
    // As relu: NaN and -0 pass min and max as x, then + 0.
    c::<V>(0.0).max(c::<V>(6.0).min(x)) + c(0.0)
}

/// Keras `linear`: the identity.
#[inline(always)]
pub fn linear<V: Simd>(x: V) -> V {
    x
}

/// `s * x` where s = 0 gives -0 / +0 even for x = -inf / +inf (the limit of
/// a zero slope), instead of NaN.
#[inline(always)]
fn slope_times<V: Simd>(s: V, x: V) -> V {
    let xf = V::select(
        s.eq(c(0.0)),
        c::<V>(f32::MAX).min(c::<V>(-f32::MAX).max(x)),
        x,
    );
    s * xf
}

/// Keras's `relu(x, negative_slope, max_value, threshold)` function:
/// x > t ? (m = inf ? x : min(max(x, 0), m)) : s (x - t), with s (x - t)
/// rounded once. A negative slope is computed as |s| (x - t) with the sign
/// flipped (exact), so the rare paths below only see s > 0.
#[inline(always)]
pub fn relu_ex<V: Simd>(x: V, negative_slope: V, max_value: V, threshold: V) -> V {
    let (s, m, t) = (negative_slope.abs(), max_value, threshold);
    let lower = if V::any(t.eq(c(0.0))) {
        // x - 0 is exact: one rounding (and -0 stays -0 with a slope).
        slope_times(s, x)
    } else {
        // s (d + dl) with d + dl = x - t exactly, rounded once.
        let (d, dl) = two_sum(x, -t);
        let dl = V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0));
        let p = slope_times(s, d);
        let p = V::select(s.eq(c(0.0)), p, s.mul_add(d, s * dl));
        // Rare lanes, off the fast path: an overflow inside (x - t, its
        // TwoSum, s dl), or a result below 2^-100, where s dl loses bits.
        let finite_x = x.abs().lt(c(f32::INFINITY)) & s.gt(c(0.0));
        let over = finite_x & !p.abs().lt(c(f32::INFINITY));
        let under = finite_x & p.abs().lt(c(TWO_M100)) & !dl.eq(c(0.0));
        if V::any(over | under) {
            let low = V::select(under, relu_ex_tiny(s, d, dl), p);
            V::select(over, relu_ex_over(x, s, t, d, dl), low)
        } else {
            p
        }
    };
    let lower = lower.xor_sign(negative_slope);
    // A zero slope gives +0 (Keras selects 0 there), NaN stays NaN.
    let lower = V::select(s.eq(c(0.0)) & !x.is_nan(), c(0.0), lower);
    // Above the threshold: x, or with a cap Keras's clip(x, 0, m), which
    // differs from min(x, m) only for x in (t, 0] (a negative threshold).
    let upper = V::select(x.gt(c(0.0)) | m.eq(c(f32::INFINITY)), x, c(0.0));
    V::select(x.gt(t), m.min(upper), lower)
}

/// s (x - t) where x - t, TwoSum's own steps or s dl overflowed (x, t,
/// s > 0 finite), as 2 (m (u + ul)): if x - t or TwoSum overflowed, both
/// are above 2^103 and u + ul = x/2 - t/2 exactly with m = s; else m = s/2
/// (exact: s > 1/2 when the product overflows). m ul overflows only where
/// m u does too.
#[inline(always)]
fn relu_ex_over<V: Simd>(x: V, s: V, t: V, d: V, dl: V) -> V {
    let dover = d.abs().eq(c(f32::INFINITY)) | dl.is_nan();
    let (h, hl) = two_sum(x * c(0.5), t * c(-0.5));
    let (u, ul) = (V::select(dover, h, d), V::select(dover, hl, dl));
    let m = V::select(dover, s, s * c(0.5));
    let mu = m * u;
    V::select(mu.abs().eq(c(f32::INFINITY)), mu, m.mul_add(u, m * ul)) * c(2.0)
}

/// s (d + dl) rounded once where it is tiny (dl != 0, so s < 1/2), where
/// s dl would lose bits to underflow: at 2^100 times the scale, with s dl
/// kept at least as its sign (which breaks ties). A normal result is that
/// sum scaled back exactly; a subnormal one rounds again, correctly unless
/// the scaled sum sits on a midpoint of the subnormal grid: the sign of
/// the rest decides then.
#[inline(always)]
fn relu_ex_tiny<V: Simd>(s: V, d: V, dl: V) -> V {
    let sc = s * c(TWO_100);
    let (e, el) = two_prod(sc, dl);
    let e = V::select(e.eq(c(0.0)), c::<V>(f32::from_bits(1)).copysign(dl), e);
    let a = sc.mul_add(d, e);
    let l = (sc.mul_add(d, -a) + e) + el;
    let y = a * c(TWO_M100);
    let r = y.neg_mul_add(c(TWO_100), a);
    let same = (r.gt(c(0.0)) & l.gt(c(0.0))) | (r.lt(c(0.0)) & l.lt(c(0.0)));
    let tie = r.abs().eq(c(TWO_M50)) & same;
    let y = V::select(tie, y + r * c(TWO_M99), y);
    // Below half the least subnormal: a zero with the sign of d (s > 0).
    V::select(y.eq(c(0.0)), c::<V>(0.0).copysign(d), y)
}

/// 2^100, 2^-50, 2^-99, 2^-100.
const TWO_100: f32 = f32::from_bits(0x7180_0000);
const TWO_M50: f32 = f32::from_bits(0x2680_0000);
const TWO_M99: f32 = f32::from_bits(0x0e00_0000);
const TWO_M100: f32 = f32::from_bits(0x0d80_0000);

/// Keras `leaky_relu`: x >= 0 ? x : s x.
#[inline(always)]
pub fn leaky_relu<V: Simd>(x: V, negative_slope: V) -> V {
    V::select(x.ge(c(0.0)), x, slope_times(negative_slope, x))
}

/// RN(1/6).
const SIXTH: f32 = 1.0 / 6.0;

/// (h + l) / 6 without a division: a faithful quotient from the
/// reciprocal, its exact remainder and one fused correction. Within half an
/// ulp and a hair (an exact tie may round either way), which hard_silu's
/// 1-ULP bound allows; hard_sigmoid, exact, keeps one division.
#[inline(always)]
fn div6<V: Simd>(h: V, l: V) -> V {
    let q = h * c(SIXTH);
    let r = q.neg_mul_add(c(6.0), h) + l;
    r.mul_add(c(SIXTH), q)
}

/// Keras `hard_sigmoid`: clip((x + 3) / 6, 0, 1), with (x + 3) / 6 rounded
/// once: x + 3 is kept exactly as hi + lo, and the correctly rounded
/// quotient of hi corrected by the remainder times RN(1/6) (exact for every
/// f32 input: the exhaustive run finds no result off the rounded value).
#[inline(always)]
pub fn hard_sigmoid<V: Simd>(x: V) -> V {
    // Fast2Sum is exact where its result is used: |x| < 3.
    let (s, sl) = fast_two_sum(c(3.0), x);
    let q = s / c(6.0);
    let r = q.neg_mul_add(c(6.0), s) + sl;
    let mid = (r * c(SIXTH)) + q;
    V::select(x.le(c(-3.0)), c(0.0), V::select(x.ge(c(3.0)), c(1.0), mid))
}

/// Keras `hard_silu` (`hard_swish`): x clip((x + 3) / 6, 0, 1); between the
/// knees x (x + 3) / 6, from an exact x (x + 3) and a corrected quotient.
#[inline(always)]
pub fn hard_silu<V: Simd>(x: V) -> V {
    // Fast2Sum is exact where its result is used: |x| < 3.
    let (s, sl) = fast_two_sum(c(3.0), x);
    let p = x * s;
    let pl = x.mul_add(s, -p);
    let pl = x.mul_add(sl, pl);
    // The sign is x's: -0 stays -0.
    let mid = div6(p, pl).copysign(x);
    // x <= -3: x * 0, which is -0 (and the limit -0 at -inf).
    V::select(x.le(c(-3.0)), c(-0.0), V::select(x.ge(c(3.0)), x, mid))
}

/// Keras `hard_tanh`: clip(x, -1, 1), -0 kept.
#[inline(always)]
pub fn hard_tanh<V: Simd>(x: V) -> V {
    // NaN and -0 pass min and max as x.
    c::<V>(-1.0).max(c::<V>(1.0).min(x))
}

/// Keras `sparse_sigmoid`: clip((x + 1) / 2, 0, 1); (x + 1) * 0.5 rounds once.
#[inline(always)]
pub fn sparse_sigmoid<V: Simd>(x: V) -> V {
    let mid = (x + c(1.0)) * c(0.5);
    V::select(x.le(c(-1.0)), c(0.0), V::select(x.ge(c(1.0)), c(1.0), mid))
}

/// Keras `sparse_plus`: 0 for x <= -1, x for x >= 1, (x + 1)^2 / 4 between
/// (from an exact x + 1, rounded once).
#[inline(always)]
pub fn sparse_plus<V: Simd>(x: V) -> V {
    // Fast2Sum is exact where its result is used: |x| < 1.
    let (s, sl) = fast_two_sum(c(1.0), x);
    let p = s * s;
    let pl = s.mul_add(s, -p);
    let pl = (s + s).mul_add(sl, pl);
    let mid = (p + pl) * c(0.25);
    V::select(x.le(c(-1.0)), c(0.0), V::select(x.ge(c(1.0)), x, mid))
}

/// +0 where x is a number, NaN where it is NaN.
#[inline(always)]
fn zero_or_nan<V: Simd>(x: V) -> V {
    V::select(x.is_nan(), x, c(0.0))
}

/// Keras `hard_shrink`: |x| > threshold ? x : +0 (NaN stays NaN).
#[inline(always)]
pub fn hard_shrink<V: Simd>(x: V, threshold: V) -> V {
    V::select(x.abs().gt(threshold), x, zero_or_nan(x))
}

/// Keras `soft_shrink`: x > l ? x - l : x < -l ? x + l : +0.
#[inline(always)]
pub fn soft_shrink<V: Simd>(x: V, threshold: V) -> V {
    let l = threshold;
    V::select(x.gt(l), x - l, V::select(x.lt(-l), x + l, zero_or_nan(x)))
}

/// Keras `threshold`: x > threshold ? x : default_value (NaN stays NaN).
#[inline(always)]
pub fn threshold<V: Simd>(x: V, threshold: V, default_value: V) -> V {
    V::select(x.gt(threshold), x, V::select(x.is_nan(), x, default_value))
}
