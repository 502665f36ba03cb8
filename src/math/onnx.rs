//! The parametrised ONNX / PyTorch forms (issue 19): hard_sigmoid_ex, clip,
//! shrink (exact: selects and one rounded operation per branch), silu_ex
//! and selu_ex (within 1 ULP, built on the logistic and expm1 cores).

use super::c;
use super::dd::two_prod;
use super::exp::expm1_dd;
use super::logistic::mul_sigmoid;
use crate::simd::Simd;

/// ONNX HardSigmoid: max(0, min(1, alpha x + beta)), alpha x + beta rounded
/// once by the fused multiply-add. alpha = 0 is the constant beta, also at
/// x = +-inf (where alpha x would be NaN). A NaN x gives a NaN (the
/// kernel's NaN step puts x back where the selects give 0).
#[inline(always)]
pub fn hard_sigmoid_ex<V: Simd>(x: V, alpha: V, beta: V) -> V {
    let t = alpha.mul_add(x, beta);
    let t = V::select(alpha.eq(c(0.0)), beta, t);
    // t is never NaN for a number x: alpha x is +-inf at most, beta finite.
    V::select(t.gt(c(0.0)), c::<V>(1.0).min(t), c(0.0))
}

/// ONNX Clip: x below min_value gives min_value, then anything above
/// max_value gives max_value (so min_value > max_value gives max_value
/// everywhere); x itself between, -0 included. NaN fails both compares and
/// comes back as itself.
#[inline(always)]
pub fn clip<V: Simd>(x: V, min_value: V, max_value: V) -> V {
    let lo = V::select(x.lt(min_value), min_value, x);
    V::select(lo.gt(max_value), max_value, lo)
}

/// ONNX Shrink: x < -l ? x + bias : x > l ? x - bias : +0 (in this order,
/// which matters only for a negative l). One rounding per branch.
#[inline(always)]
pub fn shrink<V: Simd>(x: V, threshold: V, bias: V) -> V {
    let l = threshold;
    let zero = V::select(x.is_nan(), x, c(0.0));
    V::select(x.lt(-l), x + bias, V::select(x.gt(l), x - bias, zero))
}

/// ONNX Swish(alpha = beta): x sigmoid(beta x), with beta x carried exactly
/// as t + tl (TwoProd), so the shared x * sigmoid(t + tl) core
/// (`logistic::mul_sigmoid`, which silu and quick_gelu use) rounds once.
/// x = +-inf takes the limits; the core sees x clamped to +-MAX.
#[inline(always)]
pub fn silu_ex<V: Simd>(x: V, beta: V) -> V {
    let xc = c::<V>(f32::MAX).min(c::<V>(-f32::MAX).max(x));
    let (t, tl) = two_prod(beta, xc);
    // Huge beta x: t = +-inf (its low part NaN); the sigmoid is 1 or 0.
    let tl = V::select(t.abs().lt(c(f32::INFINITY)), tl, c(0.0));
    let y = mul_sigmoid(xc, t, Some(tl));
    // The limits at x = +-inf: beta x > 0 gives x (sigmoid 1), beta = 0
    // gives x / 2 = x, beta x < 0 gives a zero with x's sign.
    let up = (beta * x).gt(c(0.0)) | beta.eq(c(0.0));
    let lim = V::select(up, x, c::<V>(0.0).copysign(x));
    V::select(x.abs().eq(c(f32::INFINITY)), lim, y)
}

/// 2^64 and 2^-64.
const TWO_64: f32 = f32::from_bits(0x5f80_0000);
const TWO_M64: f32 = f32::from_bits(0x1f80_0000);
/// Below this e^x - 1 is -1 to far beyond f32 (as in `exp::selu`).
const EXPM1_MIN_ARG: f32 = -87.0;

/// ONNX Selu: x > 0 ? gamma x : gamma alpha (e^x - 1). gamma alpha is
/// carried exactly as ga + gal (TwoProd), so the negative branch is
/// (ga + gal)(eh + el) rounded once; where gamma alpha overflows f32 it is
/// carried at 2^-64 or 2^-128 of its size and the result scaled back (one
/// rounding: the scaled result is normal, the scaling exact or an
/// overflow).
#[inline(always)]
pub fn selu_ex<V: Simd>(x: V, alpha: V, gamma: V) -> V {
    // |gamma alpha| > MAX: the larger factor is >= 2^64, so scaling it by
    // 2^-64 is exact; if the product still overflows (>= 2^192), the
    // smaller one is >= 2^64 too and is scaled as well. Scaled, |ga| >=
    // 2^64, so the scaled result (>= 2^64 2^-149) is normal.
    let g_larger = gamma.abs().ge(alpha.abs());
    let big1 = (gamma * alpha).abs().eq(c(f32::INFINITY));
    let g = V::select(big1 & g_larger, gamma * c(TWO_M64), gamma);
    let a = V::select(big1 & !g_larger, alpha * c(TWO_M64), alpha);
    let big2 = (g * a).abs().eq(c(f32::INFINITY));
    let g = V::select(big2 & !g_larger, g * c(TWO_M64), g);
    let a = V::select(big2 & g_larger, a * c(TWO_M64), a);
    let (ga, gal) = two_prod(g, a);
    let (eh, el) = expm1_dd(c::<V>(EXPM1_MIN_ARG).max(x), c(0.0));
    let neg = eh.mul_add(ga, el.mul_add(ga, eh * gal));
    // A zero result (x = +-0, gamma alpha = 0, or an underflow) takes the
    // sign of the product: the fused sums' zero could take gal's or el's.
    let neg = V::select(neg.eq(c(0.0)), eh * ga, neg);
    // Scaled back: exact, or the overflow the exact value has too.
    let neg = V::select(big1, neg * c(TWO_64), neg);
    let neg = V::select(big2, neg * c(TWO_64), neg);
    V::select(x.gt(c(0.0)), x * gamma, neg)
}
