//! The references of the piecewise functions: exact in f64, or rounded
//! exactly (`round_exact`) where one f64 operation could round twice.

use super::smooth::{half_plus, TINY};
use super::*;

/// The piecewise ops this file knows.
pub(super) fn lookup(name: &str) -> Option<RefFn> {
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
        "linear" => |x, _| x as f64,
        "hard_sigmoid" => |x, _| hard_sigmoid(x),
        "hard_silu" => |x, _| hard_silu(x),
        "sparse_plus" => |x, _| sparse_plus(x),
        "sparse_sigmoid" => |x, _| sparse_sigmoid(x),
        "hard_tanh" => |x, _| {
            if x.is_nan() {
                nan()
            } else {
                x.clamp(-1.0, 1.0) as f64
            }
        },
        "hard_shrink" => |x, p| hard_shrink(x, p.threshold),
        "soft_shrink" => |x, p| soft_shrink(x, p.threshold),
        "threshold" => |x, p| threshold(x, p.threshold, p.default_value),
        _ => return None,
    };
    Some(f)
}

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

/// Keras's relu(x, negative_slope, max_value, threshold) function
/// (keras/src/activations/activations.py, ReLU.static_call): above the
/// threshold x * 1, then clip(., 0, m) when there is a cap (m = INFINITY is
/// none); below, 0 - s relu(t - x) = s (x - t); +0 when s = 0.
fn relu_ex(x: f32, p: &actfn_params) -> f64 {
    let (s, m, t) = (p.negative_slope, p.max_value, p.threshold);
    if x.is_nan() {
        return nan();
    }
    if x > t {
        if m == f32::INFINITY {
            return x as f64;
        }
        let clipped_below = if x > 0.0 { x } else { 0.0 };
        return if clipped_below > m { m } else { clipped_below } as f64;
    }
    if s == 0.0 {
        return 0.0;
    }
    if x.is_infinite() || t == 0.0 {
        // x - 0 is exact (and keeps -0): one rounding of an exact product.
        return slope_times(s, x);
    }
    if x == t {
        // x - t is +0 (IEEE's exact difference), times s.
        return s as f64 * 0.0;
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
