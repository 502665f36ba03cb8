//! The logistic family, fast tier. sigmoid, silu, quick_gelu and silu_ex
//! come from one plain-f32 e = e^-(beta x) (`exp_neg`) and one correctly
//! rounded division: y = 1/(1+e) or x/(1+e). softplus and log_sigmoid come
//! from the shared `exp_normal` of -|x| and one polynomial, log1p(e) =
//! e P(e) (there the degree-9 P costs more than the exponential, and the
//! kernels are already 2x the fastest peer; `exp_normal`'s lower error
//! keeps their error near 2 ULP).
//!
//! The short path runs where e is normal, |n| <= 125 for its power of two
//! 2^n (|beta x| below about 86.6); the other lanes (NaN, the tails, +-inf,
//! subnormal results) take the exact tier's math, so their bits are the
//! exact tier's.

use super::super::exp::LOG2E;
use super::super::{c, nan_from_x, poly};
use super::{exp_normal, neg_abs, EXP_NORMAL_MIN};
use crate::simd::Simd;

/// The short path's range: |n| <= N_MAX for e = 2^n e^-r (n = m/8). Then e, 1/(1+e)
/// and x/(1+e) are normal (or x/(1+e) is x/2 rounded once for subnormal x).
const N_MAX: f32 = 125.0;

/// 1.5 * 2^20: adding it rounds to a multiple of 1/8, and the bits of the
/// sum hold that multiple m (as m/8) in their low bits.
const MAGIC_EIGHTH: f32 = 1_572_864.0;
/// ln 2 to 12 significant bits, so that (m/8) LN2_HI_12 is exact for
/// |m| < 2^12 (|m/8| <= N_MAX), and the rest of ln 2.
const LN2_HI_12: f32 = f32::from_bits(0x3f31_7000);
const LN2_LO_12: f32 = 3.194_618_3e-5;
/// 2^(j/8) for j = 0..7 with j << 20 subtracted from the bits: adding
/// m << 20 (m = 8k + j) to entry j gives the bits of 2^(m/8) exactly,
/// 2^k by an integer add into the exponent field.
const EXP2_EIGHTHS: [f32; 8] = [
    f32::from_bits(0x3f80_0000),
    f32::from_bits(0x3f7b_95c2),
    f32::from_bits(0x3f78_37f0),
    f32::from_bits(0x3f75_fed7),
    f32::from_bits(0x3f75_04f3),
    f32::from_bits(0x3f75_672a),
    f32::from_bits(0x3f77_44fd),
    f32::from_bits(0x3f7a_c0c7),
];
/// e^-r = 1 + r Q(r) on |r| <= ln2/16, Q lowest degree first: degree 3 in
/// all (Chebyshev fit of e^s, whose f32 coefficients of 1 and s are 1;
/// odd terms negated), relative error 0.64 * 2^-24.
const EXP_NEG_EIGHTH_Q: [f32; 3] = [-1.0, 0.500_078_5, -0.166_682_36];

/// e^-(beta x) = 2^(m/8) e^-r, returned as `(e, m/8)`, within about 1.5 ULP
/// where |m/8| <= N_MAX (elsewhere, and for NaN, meaningless: callers test
/// m/8). `beta` None is 1.
///
/// Not the shared `exp_normal` (degree 6 on |r| <= ln2/2, 11 operations
/// that use the FMA units, 9 for the exponential, where the division
/// needs them too): an 8-entry table of 2^(j/8) (`Simd::lookup8`, the same
/// exact values on every ISA) leaves |r| <= ln2/16, where degree 3 is
/// enough, and the table's exponent trick replaces the scaling, so this
/// takes 7 (3 for the reduction, 2 for the polynomial, 1 product, 1 FMA
/// for 2^(m/8) (1 + r Q(r))). The
/// negation is folded in: m/8 = round(-beta x log2 e) to eighths straight
/// from x, r = beta x + (m/8) ln2 (so that -beta x = (m/8) ln2 - r), and
/// e^-r's odd coefficients negated. For beta != 1, r = fma(x, beta,
/// (m/8) LN2_HI_12) rounds once with the product exact, so beta x never
/// rounds on its own: a rounded beta x would be off by up to
/// |beta x| 2^-24, up to 87 ULP of e.
#[inline(always)]
pub(super) fn exp_neg<V: Simd>(x: V, beta: Option<V>) -> (V, V) {
    let (t, n, r) = match beta {
        None => {
            let t = x.neg_mul_add(c(LOG2E), c(MAGIC_EIGHTH));
            let n = t - c(MAGIC_EIGHTH);
            (t, n, n.mul_add(c(LN2_HI_12), x))
        }
        Some(b) => {
            let t = x.neg_mul_add(b * c(LOG2E), c(MAGIC_EIGHTH));
            let n = t - c(MAGIC_EIGHTH);
            (t, n, x.mul_add(b, n * c(LN2_HI_12)))
        }
    };
    let r = n.mul_add(c(LN2_LO_12), r);
    // e^-r - 1 = r Q(r): small, so that its rounding errors hardly reach e.
    let pm1 = poly(r, &EXP_NEG_EIGHTH_Q) * r;
    // The bits of t are those of MAGIC_EIGHTH (zero below bit 22) plus m.
    let tb = t.to_bits();
    let s = V::from_bits(V::to_bits(V::lookup8(&EXP2_EIGHTHS, tb)) + V::shl::<20>(tb));
    // e = s + s (e^-r - 1), rounded once.
    (s.mul_add(pm1, s), n)
}

/// Lanes where the short path runs: |n| <= N_MAX (false for NaN).
#[inline(always)]
fn in_range<V: Simd>(n: V) -> V::Mask {
    n.abs().le(c(N_MAX))
}

/// sigmoid(x) = 1/(1+e), e = e^-x: within 2 ULP. No select of the
/// numerator: for x < 0, e is large (at most 2^125.5) and 1/(1+e) keeps
/// the relative accuracy of e.
#[inline(always)]
pub fn sigmoid<V: Simd>(x: V) -> V {
    let (e, n) = exp_neg(x, None);
    fast_or!(
        V,
        in_range(n),
        c::<V>(1.0) / (e + c(1.0)),
        nan_from_x(x, super::super::sigmoid(x))
    )
}

/// x sigmoid(beta x) = x / (1 + e^-(beta x)): one division, the sigmoid's
/// parts. -0 stays -0 (-0 / 2).
#[inline(always)]
fn mul_sigmoid<V: Simd>(x: V, beta: Option<V>, exact: impl FnOnce() -> V) -> V {
    let (e, n) = exp_neg(x, beta);
    fast_or!(V, in_range(n), x / (e + c(1.0)), nan_from_x(x, exact()))
}

/// silu(x) = x / (1 + e^-x).
#[inline(always)]
pub fn silu<V: Simd>(x: V) -> V {
    mul_sigmoid(x, None, || super::super::silu(x))
}

/// QuickGelu's alpha, the f32 1.702 as in the exact tier.
const QUICK_GELU_ALPHA: f32 = 1.702;

/// quick_gelu(x) = x / (1 + e^-(1.702f x)), 1.702f x never rounded alone.
#[inline(always)]
pub fn quick_gelu<V: Simd>(x: V) -> V {
    mul_sigmoid(x, Some(c(QUICK_GELU_ALPHA)), || super::super::quick_gelu(x))
}

/// silu_ex(x, beta) = x / (1 + e^-(beta x)), beta x never rounded alone.
#[inline(always)]
pub fn silu_ex<V: Simd>(x: V, beta: V) -> V {
    mul_sigmoid(x, Some(beta), || super::super::silu_ex(x, beta))
}

/// log1p(e) / e on [0, 1], degree 9 (Chebyshev fit; 0.18 ULP with the f32
/// coefficients), lowest degree first. A polynomial in e itself keeps
/// log1p(e) = e P(e) relatively accurate for tiny e, where 1 + e would
/// round to 1.
const LOG1P_E: [f32; 10] = [
    1.0,
    -0.499_998_93,
    0.333_297_1,
    -0.249_516_16,
    0.196_632_74,
    -0.152_696_67,
    0.105_436_236,
    -0.056_373_61,
    0.019_542_526,
    -0.003_176_057,
];

/// e = e^-|x| and log1p(e)'s polynomial P(e) (log1p(e) = e P(e)), and the
/// short path's lanes.
#[inline(always)]
fn log1p_exp_neg_abs<V: Simd>(x: V) -> (V, V, V::Mask) {
    // The shared exp_normal: here e^-|x| needs no folded negation.
    let z = neg_abs(x);
    let e = exp_normal(z);
    (e, poly(e, &LOG1P_E), z.ge(c(EXP_NORMAL_MIN)))
}

/// softplus(x) = max(x, 0) + e P(e), e = e^-|x|, in one FMA.
#[inline(always)]
pub fn softplus<V: Simd>(x: V) -> V {
    let (e, p, ok) = log1p_exp_neg_abs(x);
    fast_or!(
        V,
        ok,
        e.mul_add(p, c::<V>(0.0).max(x)),
        nan_from_x(x, super::super::softplus(x))
    )
}

/// log_sigmoid(x) = -softplus(-x) = min(x, 0) - e P(e), e = e^-|x|, in one
/// FMA.
#[inline(always)]
pub fn log_sigmoid<V: Simd>(x: V) -> V {
    let (e, p, ok) = log1p_exp_neg_abs(x);
    fast_or!(
        V,
        ok,
        e.neg_mul_add(p, c::<V>(0.0).min(x)),
        nan_from_x(x, super::super::log_sigmoid(x))
    )
}
