//! An independent high-precision reference for every element-wise op of the
//! catalogue, computed in f64 with the `libm` crate. It never calls the code
//! under test: only the catalogue's names and the `actfn_params` struct are
//! shared. Shared by `tests/accuracy.rs` and `examples/accuracy.rs` (which
//! includes this file by `#[path]`), so it must stay self-contained.
//!
//! Conventions (docs/design.md "Numerical contract", docs/activations.md 2.1-2.5):
//! - the value is the mathematical function with Keras's constants rounded
//!   to f32 (SELU alpha and scale, gelu_tanh's sqrt(2/pi) and 0.044715);
//! - special values are the mathematical limits; NaN gives NaN for every op;
//! - the returned f64 is within a few f64 ulps of the exact value, so
//!   `v as f32` is the correctly rounded result except in cases closer to an
//!   f32 midpoint than ~2^-28 ulp. For the piecewise-linear ops (catalogue
//!   `Accuracy::Exact`) it is *guaranteed* to round correctly: they go
//!   through `round_exact` or are exact in f64.
#![allow(dead_code)]

use actfn::capi::types::actfn_params;
use std::cmp::Ordering;

/// A reference: the op's value for one f32 input and parameter set.
pub type RefFn = fn(f32, &actfn_params) -> f64;

/// The reference of the catalogue op called `name`, or None for an op this
/// file does not know yet (callers fail loudly on that).
pub fn for_op(name: &str) -> Option<RefFn> {
    let f: RefFn = match name {
        "relu" => |x, _| {
            if x.is_nan() {
                nan()
            } else if x > 0.0 {
                x as f64
            } else {
                0.0
            }
        },
        "relu6" => |x, _| relu6(x),
        "relu_ex" => relu_ex,
        "leaky_relu" => |x, p| leaky_relu(x, p.negative_slope),
        "sigmoid" => |x, _| sigmoid(x as f64),
        "tanh" => |x, _| libm::tanh(x as f64),
        "exponential" => |x, _| libm::exp(x as f64),
        "linear" => |x, _| x as f64,
        "softplus" => |x, _| softplus(x as f64),
        "softsign" => |x, _| softsign(x as f64),
        "silu" => |x, _| silu(x as f64),
        "quick_gelu" => |x, _| quick_gelu(x as f64),
        "selu" => |x, _| selu(x as f64),
        "gelu" => |x, _| gelu(x as f64),
        "gelu_tanh" => |x, _| gelu_tanh(x as f64),
        "hard_sigmoid" => |x, _| hard_sigmoid(x),
        "hard_silu" => |x, _| hard_silu(x),
        "mish" => |x, _| mish(x as f64),
        "log_sigmoid" => |x, _| -softplus(-(x as f64)),
        "tanh_shrink" => |x, _| tanh_shrink(x as f64),
        "sparse_plus" => |x, _| sparse_plus(x),
        "sparse_sigmoid" => |x, _| sparse_sigmoid(x),
        "hard_tanh" => |x, _| {
            if x.is_nan() {
                nan()
            } else {
                x.clamp(-1.0, 1.0) as f64
            }
        },
        "elu" => |x, p| elu(x as f64, p.alpha as f64),
        "celu" => |x, p| celu(x as f64, p.alpha as f64),
        "hard_shrink" => |x, p| hard_shrink(x, p.threshold),
        "soft_shrink" => |x, p| soft_shrink(x, p.threshold),
        "threshold" => |x, p| threshold(x, p.threshold, p.default_value),
        "squareplus" => |x, p| squareplus(x as f64, p.b as f64),
        _ => return None,
    };
    Some(f)
}

/// The reference rounded to f32 (round to nearest even).
pub fn rounded(f: RefFn, x: f32, p: &actfn_params) -> f32 {
    f(x, p) as f32
}

/// The error of `got` against the reference value `exact`: for an op the
/// catalogue calls exact (`exact_op`), the distance in ulps from the
/// correctly rounded f32 (0 only for the same bits, or both NaN); otherwise
/// `ulp_error` against the f64 value.
pub fn error(got: f32, exact: f64, exact_op: bool) -> Result<f64, Mismatch> {
    if exact_op {
        ulp_error(got, exact as f32 as f64)
    } else {
        ulp_error(got, exact)
    }
}

fn nan() -> f64 {
    f64::NAN
}

// ---------------------------------------------------------------- exactness

/// Knuth's TwoSum in f64: a + b = s + e exactly.
pub fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// The neighbours of a positive finite f32 and the midpoints to them, as
/// exact f64 values.
fn midpoints(r: f32) -> (f64, f64) {
    let down = f32::from_bits(r.to_bits() - 1) as f64;
    // Above MAX the "next" value is 2^128 (rounds to inf from MAX + ulp/2).
    let up = if r == f32::MAX {
        2f64.powi(128)
    } else {
        f32::from_bits(r.to_bits() + 1) as f64
    };
    let r = r as f64;
    ((r + down) / 2.0, (r + up) / 2.0)
}

/// The correctly rounded f32 of a positive value v that we can only compare
/// exactly: `cmp(m)` orders v against the f64 `m`. `approx` is close to v.
/// Returns an f64 that rounds (by `as f32`) to that f32 and lies within a
/// few f64 ulps of `approx`, so it can stand for v.
pub fn round_exact(approx: f64, cmp: impl Fn(f64) -> Ordering) -> f64 {
    let mut r = approx as f32;
    assert!(
        r > 0.0 && r.is_finite(),
        "round_exact wants a positive normal range value"
    );
    loop {
        let (lo, hi) = midpoints(r);
        let even = r.to_bits() & 1 == 0;
        match cmp(hi) {
            Ordering::Greater => r = f32::from_bits(r.to_bits() + 1),
            Ordering::Equal if !even => r = f32::from_bits(r.to_bits() + 1),
            _ => match cmp(lo) {
                Ordering::Less => r = f32::from_bits(r.to_bits() - 1),
                Ordering::Equal if !even => r = f32::from_bits(r.to_bits() - 1),
                _ => break,
            },
        }
    }
    nudge_to(approx, r)
}

/// The f64 nearest to `v` that rounds to `r` (v moved by f64 ulps).
fn nudge_to(mut v: f64, r: f32) -> f64 {
    while v as f32 != r {
        let b = v.to_bits();
        // positive values only: larger bits, larger value
        v = f64::from_bits(if (v as f32) < r { b + 1 } else { b - 1 });
    }
    v
}

/// The correctly rounded f32 of hi + lo (exact double-f64, any sign), as an
/// f64 that rounds to it. Only a hi that sits exactly on an f32 midpoint
/// can round the wrong way; lo then decides.
pub fn round_dd(hi: f64, lo: f64) -> f64 {
    if lo == 0.0 || !hi.is_finite() {
        return hi;
    }
    if hi == 0.0 {
        return lo;
    }
    if (hi as f32) == 0.0 {
        // The only midpoint here is 2^-150, between 0 and 2^-149: a lo of
        // the same sign pushes hi past it.
        let tie = hi.abs() == 2f64.powi(-150) && lo.signum() == hi.signum();
        return if tie { hi * (1.0 + f64::EPSILON) } else { hi };
    }
    let s = hi.signum();
    let (a, l) = (hi.abs(), lo * s);
    if (a as f32).is_infinite() {
        // Past MAX + ulp/2 it overflows; exactly there, a lower lo keeps MAX.
        let tie = a == 2f64.powi(128) - 2f64.powi(103) && l < 0.0;
        return if tie { s * f32::MAX as f64 } else { hi };
    }
    let r = round_exact(a, |m| {
        let (d, de) = two_sum(a, -m);
        debug_assert!(de == 0.0, "a and m are close, so a - m is exact");
        (d + (de + l)).partial_cmp(&0.0).unwrap()
    });
    s * r
}

// ---------------------------------------------------------------- piecewise

fn relu6(x: f32) -> f64 {
    match x {
        _ if x.is_nan() => nan(),
        _ if x <= 0.0 => 0.0,
        _ if x > 6.0 => 6.0,
        _ => x as f64,
    }
}

/// s * x (exact in f64); a zero slope gives the limit 0 even at +-inf.
fn slope_times(s: f32, x: f32) -> f64 {
    if s == 0.0 && x.is_infinite() {
        (s as f64) * x.signum() as f64
    } else {
        (s as f64) * (x as f64)
    }
}

/// relu(x, negative_slope, max_value, threshold) on the ReLU layer's domain
/// (docs/activations.md 4.1): x > t ? min(x, m) : s (x - t), +0 when s = 0.
fn relu_ex(x: f32, p: &actfn_params) -> f64 {
    let (s, m, t) = (p.negative_slope, p.max_value, p.threshold);
    if x.is_nan() {
        return nan();
    }
    if x > t {
        return x.min(m) as f64;
    }
    if s == 0.0 {
        return 0.0;
    }
    if x.is_infinite() || t == 0.0 {
        // x - 0 is exact (and keeps -0): one rounding of an exact product.
        return slope_times(s, x);
    }
    // s x - s t: both products exact in f64, their sum exact as hi + lo.
    let (hi, lo) = two_sum(s as f64 * x as f64, -(s as f64) * t as f64);
    round_dd(hi, lo)
}

fn leaky_relu(x: f32, s: f32) -> f64 {
    if x.is_nan() {
        nan()
    } else if x >= 0.0 {
        x as f64
    } else {
        slope_times(s, x)
    }
}

/// clip((x + 3) / 6, 0, 1), correctly rounded by comparing 6m with x + 3
/// (both exact: 6m has 27 bits, x + 3 = s + e by TwoSum).
fn hard_sigmoid(x: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    if x <= -3.0 {
        return 0.0;
    }
    if x >= 3.0 {
        return 1.0;
    }
    let (s, e) = two_sum(x as f64, 3.0);
    round_exact((s + e) / 6.0, |m| {
        let (d, de) = two_sum(s, -6.0 * m);
        debug_assert!(de == 0.0);
        (d + e).partial_cmp(&0.0).unwrap()
    })
}

/// clip((x + 1) / 2, 0, 1): halving is exact, so x + 1 = s + e suffices.
fn sparse_sigmoid(x: f32) -> f64 {
    match x {
        _ if x.is_nan() => nan(),
        _ if x <= -1.0 => 0.0,
        _ if x >= 1.0 => 1.0,
        _ => {
            let (s, e) = two_sum(x as f64, 1.0);
            round_dd(s / 2.0, e / 2.0)
        }
    }
}

fn hard_shrink(x: f32, l: f32) -> f64 {
    if x.is_nan() {
        nan()
    } else if x.abs() > l {
        x as f64
    } else {
        0.0
    }
}

fn soft_shrink(x: f32, l: f32) -> f64 {
    let d = |a: f32, b: f32| {
        let (hi, lo) = two_sum(a as f64, b as f64);
        round_dd(hi, lo)
    };
    match x {
        _ if x.is_nan() => nan(),
        _ if x > l => d(x, -l),
        _ if x < -l => d(x, l),
        _ => 0.0,
    }
}

fn threshold(x: f32, t: f32, v: f32) -> f64 {
    if x.is_nan() {
        nan()
    } else if x > t {
        x as f64
    } else {
        v as f64
    }
}

/// x clip((x + 3) / 6, 0, 1): between the knees x (s + e) / 6 to ~2^-52.
fn hard_silu(x: f32) -> f64 {
    match x {
        _ if x.is_nan() => nan(),
        _ if x <= -3.0 => -0.0,
        _ if x >= 3.0 => x as f64,
        _ if (x as f64).abs() < TINY => half_plus(x as f64, 1.0 / 6.0),
        _ => {
            let (s, e) = two_sum(x as f64, 3.0);
            let xd = x as f64;
            (xd * s + xd * e) / 6.0
        }
    }
}

/// 0 / (x + 1)^2 / 4 / x, with x + 1 = s + e exact.
fn sparse_plus(x: f32) -> f64 {
    match x {
        _ if x.is_nan() => nan(),
        _ if x <= -1.0 => 0.0,
        _ if x >= 1.0 => x as f64,
        _ => {
            let (s, e) = two_sum(x as f64, 1.0);
            (s * s + 2.0 * s * e) / 4.0
        }
    }
}

// ---------------------------------------------------------------- smooth

/// Below this |x| the functions with f(x) = x/2 + c x^2 + O(x^3) use that
/// expansion as an exact double-f64: for an odd subnormal x, x/2 is an f32
/// midpoint and f64 alone would lose the c x^2 that decides the rounding.
const TINY: f64 = 1e-30;

fn half_plus(x: f64, c: f64) -> f64 {
    round_dd(x / 2.0, c * x * x)
}

/// Keras's f32 constants, exactly (docs/activations.md 2.1).
const SELU_ALPHA: f64 = 1.673_263_192_176_818_8; // 0x3FD62D7D
const SELU_SCALE: f64 = 1.050_701_022_148_132_3; // 0x3F867D5F
const SQRT_2_OVER_PI_F32: f64 = 0.797_884_583_473_205_6; // 0x3F4C422A
const GELU_COEFF_F32: f64 = 0.044_714_998_453_855_515; // 0x3D372713

/// sigma(t) from e = e^-|t|, so the negative tail keeps relative accuracy.
fn sigmoid(t: f64) -> f64 {
    if t.is_nan() {
        return nan();
    }
    let e = libm::exp(-t.abs());
    if t >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// max(x, 0) + log1p(e^-|x|): no overflow, relative accuracy in both tails.
fn softplus(x: f64) -> f64 {
    if x.is_nan() {
        return nan();
    }
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}

fn softsign(x: f64) -> f64 {
    if x.is_infinite() {
        x.signum()
    } else {
        x / (1.0 + x.abs())
    }
}

/// x sigma(x); the limit -0 at -inf (and a product that keeps x's sign).
fn silu(x: f64) -> f64 {
    if x == f64::NEG_INFINITY {
        -0.0
    } else if x == f64::INFINITY {
        x
    } else if x.abs() < TINY {
        half_plus(x, 0.25)
    } else {
        x * sigmoid(x)
    }
}

/// x sigmoid(a x) with ONNX Runtime's f32 a = 1.702f; a x is exact in f64.
fn quick_gelu(x: f64) -> f64 {
    const A: f64 = 1.702_000_021_934_509_3; // 0x3FD9DB23
    if x == f64::NEG_INFINITY {
        -0.0
    } else if x == f64::INFINITY {
        x
    } else if x.abs() < TINY {
        half_plus(x, A / 4.0)
    } else {
        x * sigmoid(A * x)
    }
}

fn selu(x: f64) -> f64 {
    if x > 0.0 {
        SELU_SCALE * x
    } else {
        // SELU_SCALE * SELU_ALPHA is exact in f64 (24 x 24 bits).
        (SELU_SCALE * SELU_ALPHA) * libm::expm1(x)
    }
}

/// x Phi(x) = x/2 erfc(-x/sqrt2): erfc keeps the negative tail; the
/// positive side is x - x Phi(-x) with no cancellation either.
fn gelu(x: f64) -> f64 {
    if x.is_infinite() {
        return if x > 0.0 { x } else { -0.0 };
    }
    if x.abs() < TINY {
        return half_plus(
            x,
            0.5 * core::f64::consts::FRAC_2_SQRT_PI * core::f64::consts::FRAC_1_SQRT_2,
        );
    }
    x * 0.5 * libm::erfc(-x * core::f64::consts::FRAC_1_SQRT_2)
}

/// x/2 (1 + tanh z) = x sigma(2z), z = c1 (x + c2 x^3) in Keras's f32
/// constants (sigma(2z) avoids the cancellation of 1 + tanh z).
fn gelu_tanh(x: f64) -> f64 {
    if x.is_infinite() {
        return if x > 0.0 { x } else { -0.0 };
    }
    if x.abs() < TINY {
        // sigma(2 c1 x) = 1/2 + c1 x / 2 + O(x^3)
        return half_plus(x, SQRT_2_OVER_PI_F32 / 2.0);
    }
    let z = SQRT_2_OVER_PI_F32 * (x + GELU_COEFF_F32 * x * x * x);
    x * sigmoid(2.0 * z)
}

/// x tanh(softplus(x)) with e = e^-|x|, written without cancellation:
/// tanh(log(1 + e^x)) = e(e + 2) / (e(e + 2) + 2) for x <= 0 and
/// (1 + 2e) / (1 + 2e + 2e^2) for x > 0.
fn mish(x: f64) -> f64 {
    if x.is_nan() {
        return nan();
    }
    if x.is_infinite() {
        return if x > 0.0 { x } else { -0.0 };
    }
    let e = libm::exp(-x.abs());
    let t = if x <= 0.0 {
        let p = e * (e + 2.0);
        p / (p + 2.0)
    } else {
        (1.0 + 2.0 * e) / (1.0 + 2.0 * e + 2.0 * e * e)
    };
    x * t
}

/// Odd Taylor coefficients of tanh: TANH_C[k] multiplies x^(2k+1). From
/// tanh' = 1 - tanh^2: (n) a_n = -sum_{i+j=n-1} a_i a_j.
fn tanh_coeffs() -> [f64; 18] {
    let mut a = [0.0f64; 37]; // a[n] for x^n
    a[1] = 1.0;
    for n in (3..37).step_by(2) {
        let mut s = 0.0;
        for i in (1..n - 1).step_by(2) {
            s += a[i] * a[n - 1 - i];
        }
        a[n] = -s / n as f64;
    }
    core::array::from_fn(|k| a[2 * k + 1])
}

/// x - tanh x: the odd series x^3/3 - 2x^5/15 + ... below |x| = 0.25 (terms
/// shrink by ~0.025, 17 terms reach 2^-53 and the first one dominates);
/// above, the cancellation of x - tanh x costs at most ~2^-47 relative.
fn tanh_shrink(x: f64) -> f64 {
    if x.is_infinite() {
        return x;
    }
    if x.abs() >= 0.25 || x.is_nan() {
        return x - libm::tanh(x);
    }
    static COEFFS: std::sync::OnceLock<[f64; 18]> = std::sync::OnceLock::new();
    let c = COEFFS.get_or_init(tanh_coeffs);
    let s = x * x;
    let mut r = 0.0;
    for k in (1..c.len()).rev() {
        r = r * s - c[k];
    }
    // -0 and tiny negative x keep their sign (the function is odd).
    x * s * r
}

fn elu(x: f64, alpha: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        alpha * libm::expm1(x)
    }
}

fn celu(x: f64, alpha: f64) -> f64 {
    if x >= 0.0 {
        x
    } else {
        alpha * libm::expm1(x / alpha)
    }
}

/// (x + sqrt(x^2 + b)) / 2, and b / (2 (sqrt(x^2 + b) - x)) for x < 0 (no
/// cancellation; x^2 cannot overflow in f64).
fn squareplus(x: f64, b: f64) -> f64 {
    if x.is_nan() {
        return nan();
    }
    if x.is_infinite() {
        return if x > 0.0 { x } else { 0.0 };
    }
    let r = libm::sqrt(x * x + b);
    if x >= 0.0 {
        (x + r) / 2.0
    } else {
        b / (2.0 * (r - x))
    }
}

// ---------------------------------------------------------------- ulps

/// Why a result is wrong in a way no ULP count describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// NaN where a number was expected.
    UnexpectedNan,
    /// A number where NaN was expected.
    MissingNan,
    /// An infinity where a finite value was expected, or vice versa, or the
    /// wrong infinity.
    Infinity,
    /// A zero (or a value that rounds to zero) with the wrong sign.
    SignOfZero,
}

impl core::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Mismatch::UnexpectedNan => "NaN, expected a number",
            Mismatch::MissingNan => "a number, expected NaN",
            Mismatch::Infinity => "wrong infinity/overflow",
            Mismatch::SignOfZero => "wrong sign of zero",
        })
    }
}

/// The f32 ulp at |v|: 2^(e - 23) for v in [2^e, 2^(e+1)), 2^-149 for the
/// subnormal range, 2^104 above MAX.
pub fn ulp_at(v: f64) -> f64 {
    let a = v.abs();
    if a < f32::MIN_POSITIVE as f64 {
        return 2f64.powi(-149);
    }
    let e = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    2f64.powi(e.min(127) - 23)
}

/// The error of `got` in f32 ulps of the exact value, or the kind of
/// mismatch when NaN, infinities or the sign of a zero are wrong.
pub fn ulp_error(got: f32, exact: f64) -> Result<f64, Mismatch> {
    let want = exact as f32;
    if exact.is_nan() || got.is_nan() {
        return match (exact.is_nan(), got.is_nan()) {
            (true, true) => Ok(0.0),
            (true, false) => Err(Mismatch::MissingNan),
            _ => Err(Mismatch::UnexpectedNan),
        };
    }
    if want.is_infinite() || got.is_infinite() {
        return if got == want {
            Ok(0.0)
        } else {
            Err(Mismatch::Infinity)
        };
    }
    // A zero result must carry the sign of the exact value.
    if got == 0.0 && got.is_sign_negative() != exact.is_sign_negative() {
        return Err(Mismatch::SignOfZero);
    }
    Ok((got as f64 - exact).abs() / ulp_at(exact))
}
