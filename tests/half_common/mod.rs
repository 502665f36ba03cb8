//! What the half-type tests share: an independent rounding of f64 values to
//! bfloat16 and float16 (plain f64 arithmetic on the value, not the bit
//! tricks of `src/half/convert.rs`), an independent decoding of both, and
//! the list of types.
#![allow(dead_code)]

use actfn::half::Half;

pub const TYPES: [Half; 2] = [Half::Bf16, Half::F16];

pub fn tname(t: Half) -> &'static str {
    match t {
        Half::Bf16 => "bf16",
        Half::F16 => "f16",
    }
}

/// (precision in bits incl. the implicit one, minimum normal exponent,
/// largest finite value, exponent bias, fraction bits).
fn format(t: Half) -> (i32, i32, f64, i32, i32) {
    match t {
        Half::Bf16 => (8, -126, (2.0 - 2f64.powi(-7)) * 2f64.powi(127), 127, 7),
        Half::F16 => (11, -14, 65504.0, 15, 10),
    }
}

/// floor(log2 |a|) of a positive normal f64.
fn exponent(a: f64) -> i32 {
    ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The bits of `v` (a value of the type: sign and magnitude) in type `t`.
fn encode(t: Half, neg: bool, a: f64) -> u16 {
    let (_, emin, _, bias, fbits) = format(t);
    let sign = if neg { 0x8000u16 } else { 0 };
    if a.is_infinite() {
        return sign | (((2 * bias + 1) as u16) << fbits);
    }
    if a == 0.0 {
        return sign;
    }
    let e = exponent(a);
    if e < emin {
        // subnormal: a multiple of 2^(emin - fbits)
        let m = a / 2f64.powi(emin - fbits);
        assert_eq!(m, m.trunc());
        return sign | m as u16;
    }
    let frac = (a / 2f64.powi(e) - 1.0) * 2f64.powi(fbits);
    assert_eq!(frac, frac.trunc());
    sign | (((e + bias) as u16) << fbits) | frac as u16
}

/// `v` rounded to nearest even in type `t` (overflow to inf), as bits; a
/// NaN gives None.
pub fn round_to(t: Half, v: f64) -> Option<u16> {
    if v.is_nan() {
        return None;
    }
    let (prec, emin, max, _, _) = format(t);
    let neg = v.is_sign_negative();
    let a = v.abs();
    // Halfway between max and the next binade's first value: ties go to
    // the even one, which is inf (max has an odd significand).
    let overflow = max + 2f64.powi(exponent(max) - prec);
    if a >= overflow {
        return Some(encode(t, neg, f64::INFINITY));
    }
    if a == 0.0 {
        return Some(encode(t, neg, 0.0));
    }
    let e = exponent(a).max(emin);
    let q = 2f64.powi(e - prec + 1);
    let r = (a / q).round_ties_even() * q;
    Some(encode(t, neg, r))
}

/// The value of bits `h` of type `t` (NaN for NaNs), decoded from the
/// fields.
pub fn decode(t: Half, h: u16) -> f64 {
    let (_, emin, _, bias, fbits) = format(t);
    let neg = h & 0x8000 != 0;
    let e = ((h & 0x7fff) >> fbits) as i32;
    let f = (h & ((1 << fbits) - 1)) as f64;
    let mag = if e == 2 * bias + 1 {
        if f == 0.0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if e == 0 {
        f * 2f64.powi(emin - fbits)
    } else {
        (1.0 + f / 2f64.powi(fbits)) * 2f64.powi(e - bias)
    };
    if neg {
        -mag
    } else {
        mag
    }
}

pub fn is_nan(t: Half, h: u16) -> bool {
    decode(t, h).is_nan()
}

/// The quiet bit of a NaN of type `t`.
pub fn quiet_bit(t: Half) -> u16 {
    match t {
        Half::Bf16 => 0x40,
        Half::F16 => 0x200,
    }
}

/// The spacing of f32 values at |v| (2^104 above f32's range).
pub fn ulp32(v: f64) -> f64 {
    let a = v.abs();
    if a < 2f64.powi(-126) {
        return 2f64.powi(-149);
    }
    2f64.powi(exponent(a).min(127) - 23)
}

/// Every bit pattern of the type, in order.
pub fn all_bits() -> Vec<u16> {
    (0..=u16::MAX).collect()
}

/// splitmix64, for inputs.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
