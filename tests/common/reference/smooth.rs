//! The references of the smooth functions: f64 on the `libm` crate, with
//! cancellation-free forms where f64 would lose digits.

use super::*;

/// The smooth ops this file knows.
pub(super) fn lookup(name: &str) -> Option<RefFn> {
    let f: RefFn = match name {
        "sigmoid" => |x, _| sigmoid(x as f64),
        "tanh" => |x, _| libm::tanh(x as f64),
        "exponential" => |x, _| libm::exp(x as f64),
        "softplus" => |x, _| softplus(x as f64),
        "softsign" => |x, _| softsign(x as f64),
        "silu" => |x, _| silu(x as f64),
        "quick_gelu" => |x, _| quick_gelu(x as f64),
        "selu" => |x, _| selu(x as f64),
        "gelu" => |x, _| gelu(x as f64),
        "gelu_tanh" => |x, _| gelu_tanh(x as f64),
        "mish" => |x, _| mish(x as f64),
        "log_sigmoid" => |x, _| -softplus(-(x as f64)),
        "tanh_shrink" => |x, _| tanh_shrink(x as f64),
        "elu" => |x, p| elu(x as f64, p.alpha as f64),
        "celu" => |x, p| celu(x as f64, p.alpha as f64),
        "squareplus" => |x, p| squareplus(x as f64, p.b as f64),
        _ => return None,
    };
    Some(f)
}

/// Below this |x| the functions with f(x) = x/2 + c x^2 + O(x^3) use that
/// expansion as an exact double-f64: for an odd subnormal x, x/2 is an f32
/// midpoint and f64 alone would lose the c x^2 that decides the rounding.
pub(super) const TINY: f64 = 1e-30;

pub(super) fn half_plus(x: f64, c: f64) -> f64 {
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
