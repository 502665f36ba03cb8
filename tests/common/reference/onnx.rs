//! The references of the parametrised ONNX / PyTorch forms (issue 19): the
//! piecewise ones exact in f64 or rounded exactly from an exact double-f64
//! (`round_dd`), the smooth ones in f64 on the `libm` crate.

use super::smooth::{half_plus, TINY};
use super::*;

/// The ops this file knows.
pub(super) fn lookup(name: &str) -> Option<RefFn> {
    let f: RefFn = match name {
        "hard_sigmoid_ex" => |x, p| hard_sigmoid_ex(x, p.alpha, p.beta),
        "clip" => |x, p| clip(x, p.min_value, p.max_value),
        "shrink" => |x, p| shrink(x, p.threshold, p.bias),
        "silu_ex" => |x, p| silu_ex(x, p.beta),
        "selu_ex" => |x, p| selu_ex(x, p.alpha, p.gamma),
        _ => return None,
    };
    Some(f)
}

/// max(0, min(1, alpha x + beta)): alpha x is exact in f64 (24 x 24 bits,
/// no f64 overflow or underflow for f32 operands), + beta exact as a
/// TwoSum, rounded once; the clamp commutes with rounding (0 and 1 are
/// f32 values). alpha = 0 is the constant beta at every x.
fn hard_sigmoid_ex(x: f32, alpha: f32, beta: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    let t = if alpha == 0.0 {
        beta as f64
    } else if x.is_infinite() {
        (alpha as f64) * (x as f64)
    } else {
        let (hi, lo) = two_sum(alpha as f64 * x as f64, beta as f64);
        round_dd(hi, lo)
    };
    if t > 0.0 {
        t.min(1.0)
    } else {
        0.0
    }
}

/// ONNX Clip: the lower bound first, then the upper one (min > max gives
/// max everywhere); x itself between.
fn clip(x: f32, lo: f32, hi: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    let y = if x < lo { lo } else { x };
    (if y > hi { hi } else { y }) as f64
}

/// ONNX Shrink, each branch rounded once from an exact TwoSum.
fn shrink(x: f32, l: f32, bias: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    let (x, l, b) = (x as f64, l as f64, bias as f64);
    if x < -l {
        let (hi, lo) = two_sum(x, b);
        round_dd(hi, lo)
    } else if x > l {
        let (hi, lo) = two_sum(x, -b);
        round_dd(hi, lo)
    } else {
        0.0
    }
}

/// sigma(t) from e = e^-|t| (relative accuracy in both tails).
fn sigmoid(t: f64) -> f64 {
    let e = libm::exp(-t.abs());
    if t >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// x sigmoid(beta x); beta x is exact in f64. Near 0 (|beta x| tiny):
/// x/2 + beta x^2 / 4 as an exact-enough double-f64, since x/2 may be an
/// f32 midpoint. At +-inf the limits.
fn silu_ex(x: f32, beta: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    let (xd, b) = (x as f64, beta as f64);
    if x.is_infinite() {
        return if b == 0.0 || b * xd > 0.0 {
            xd
        } else {
            0.0f64.copysign(xd)
        };
    }
    let t = b * xd;
    if t.abs() < TINY {
        if b == 0.0 {
            return xd / 2.0;
        }
        return half_plus(xd, b / 4.0);
    }
    xd * sigmoid(t)
}

/// gamma x for x > 0 (exact in f64), else (gamma alpha)(e^x - 1) with gamma
/// alpha exact in f64; zeros signed by the product.
fn selu_ex(x: f32, alpha: f32, gamma: f32) -> f64 {
    if x.is_nan() {
        return nan();
    }
    let (xd, a, g) = (x as f64, alpha as f64, gamma as f64);
    if x > 0.0 {
        g * xd
    } else if x == 0.0 {
        g * a * xd
    } else {
        (g * a) * libm::expm1(xd)
    }
}
