//! Helpers shared by the integration tests: a small deterministic RNG,
//! NaN-aware bit comparison, ULP distances and ISA names.
#![allow(dead_code, unused_imports)]

use actfn::capi::types::*;

pub use actfn::testing::Rng;

/// Same bits, or both NaN.
pub fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Describes a float with its bits, for failure messages.
pub fn show(v: f32) -> String {
    format!("{v:e} (0x{:08x})", v.to_bits())
}

/// The name of `isa` (or the label of a variant), from the ISA descriptors.
pub fn isa_name(isa: actfn_isa) -> &'static str {
    actfn::testing::isa_name(isa)
}

/// The spacing of f32 values at |v| (v a finite f64): 2^(e-23) for a
/// normal binade, 2^-149 for the subnormals.
pub fn ulp_f32_at(v: f64) -> f64 {
    let a = v.abs();
    if a < f32::MIN_POSITIVE as f64 {
        return 2f64.powi(-149);
    }
    let e = a.log2().floor() as i32;
    // Guard against log2 rounding at binade edges.
    let e = if 2f64.powi(e) > a {
        e - 1
    } else if 2f64.powi(e + 1) <= a {
        e + 1
    } else {
        e
    };
    2f64.powi(e.min(127) - 23)
}

/// |got - exact| in units of the f32 spacing at the exact value. Infinite
/// when one of them is non-finite and they differ.
pub fn ulp_err(got: f32, exact: f64) -> f64 {
    if got.is_nan() || exact.is_nan() {
        return if got.is_nan() && exact.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if got.is_infinite() || exact.is_infinite() {
        let r = exact as f32; // may round to infinity
        return if r == got { 0.0 } else { f64::INFINITY };
    }
    if exact.abs() > f32::MAX as f64 {
        // Exact value beyond MAX but rounds to MAX.
        return if (exact as f32) == got {
            0.0
        } else {
            f64::INFINITY
        };
    }
    (got as f64 - exact).abs() / ulp_f32_at(exact)
}

/// A buffer filled with a recognisable NaN payload, for "nothing written"
/// and canary checks.
pub const SENTINEL_BITS: u32 = 0x7fc0_dead;

pub fn sentinel() -> f32 {
    f32::from_bits(SENTINEL_BITS)
}

pub fn all_sentinel(y: &[f32]) -> bool {
    y.iter().all(|v| v.to_bits() == SENTINEL_BITS)
}

/// Special f32 values that every element-wise test feeds in.
pub fn specials() -> Vec<f32> {
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.0,
        -3.0,
        6.0,
        -6.0,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x8000_0001),
        f32::from_bits(0x007f_ffff),
        f32::from_bits(0x807f_ffff),
        1e-40,
        -1e-40,
        1e-7,
        -1e-7,
        1e-4,
        -1e-4,
        f32::EPSILON,
        -f32::EPSILON,
        1e30,
        -1e30,
        f32::MAX,
        f32::MIN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7f80_0001), // signalling NaN
        f32::from_bits(0xffc1_2345),
        9.010_914,
        -9.010_914,
        14.556_091,
        -14.556_091,
        17.328_68,
        -17.328_68,
        -14.356_068,
        -14.170_185,
        5.542_594_4,
        -5.542_594_4,
        88.722_83,
        88.722_84,
        -87.336_54,
        -103.972_08,
        -103.972_07,
        -108.660_3,
        -104.0,
        1.844_674_3e19,
        -1.844_674_3e19,
        6.981e12,
        -6.981e12,
        16_777_216.0,
        -16_777_216.0,
        3.238_622e38,
        -1.278_464_5,
        -1.192_43,
        -0.751_79,
        -1.5,
        0.05,
        -0.05,
        3.52e-4,
        -3.52e-4,
        2.0f32.powi(-12),
        -(2.0f32.powi(-12)),
    ];
    // The neighbours of a few edges.
    for e in [1.0f32, -1.0, 3.0, -3.0, 0.5, -0.5, 6.0] {
        v.push(f32::from_bits(e.to_bits() + 1));
        v.push(f32::from_bits(e.to_bits() - 1));
    }
    v
}
