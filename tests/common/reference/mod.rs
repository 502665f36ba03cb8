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

mod onnx;
mod piecewise;
mod smooth;

/// A reference: the op's value for one f32 input and parameter set.
pub type RefFn = fn(f32, &actfn_params) -> f64;

/// The reference of the catalogue op called `name`, or None for an op these
/// files do not know yet (callers fail loudly on that). Each family file
/// lists its own ops.
pub fn for_op(name: &str) -> Option<RefFn> {
    piecewise::lookup(name)
        .or_else(|| smooth::lookup(name))
        .or_else(|| onnx::lookup(name))
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
