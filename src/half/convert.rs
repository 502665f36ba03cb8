//! The portable conversions between f32 and the two 16-bit storage types,
//! one value at a time, written so that the compiler vectorises the buffer
//! loops below. Every other conversion of the library (F16C on x86_64, the
//! AVX2 and AVX-512 bf16 sequences) gives the same bits as these on every
//! input: `tests/half_convert.rs` checks it.
//!
//! - widening is exact; an f16 NaN comes back quieted (as F16C's
//!   `vcvtph2ps` and NEON's `fcvtl` do), a bf16 NaN as it is (the shift);
//! - narrowing rounds once, to nearest even: f16 overflows to +-inf from
//!   65520 on, keeps its subnormals and rounds below them to +-0; bf16
//!   overflows to +-inf past the rounding of f32::MAX; a NaN stays NaN,
//!   quieted, with its sign and the top bits of its payload.

/// bf16 bits to f32: exact (the bf16 bits are the f32's top half).
#[inline(always)]
pub fn bf16_to_f32(h: u16) -> f32 {
    f32::from_bits((h as u32) << 16)
}

/// f32 to bf16 bits, rounded to nearest even; NaN quieted, sign kept.
#[inline(always)]
pub fn f32_to_bf16(v: f32) -> u16 {
    let b = v.to_bits();
    let rounded = (b.wrapping_add(0x7fff + ((b >> 16) & 1)) >> 16) as u16;
    let quiet_nan = ((b >> 16) | 0x40) as u16;
    if (b & 0x7fff_ffff) > 0x7f80_0000 {
        quiet_nan
    } else {
        rounded
    }
}

/// f16 bits to f32: exact; a NaN is quieted (sign and payload kept).
#[inline(always)]
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let em = (h & 0x7fff) as u32;
    // Normal: rebias the exponent (127 - 15 = 112).
    let normal = (em << 13) + (112 << 23);
    // Subnormal or zero: m * 2^-24, exact in f32.
    let sub = (em as f32 * f32::from_bits(0x3380_0000)).to_bits();
    let special = 0x7f80_0000 | ((em & 0x3ff) << 13);
    let special = if em > 0x7c00 {
        special | 0x0040_0000
    } else {
        special
    };
    let mag = if em >= 0x7c00 {
        special
    } else if em >= 0x0400 {
        normal
    } else {
        sub
    };
    f32::from_bits(sign | mag)
}

/// f32 to f16 bits, rounded to nearest even: +-inf from 65520 on,
/// subnormals kept; NaN quieted, sign and the top ten payload bits kept.
#[inline(always)]
pub fn f32_to_f16(v: f32) -> u16 {
    let b = v.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let a = b & 0x7fff_ffff;
    // Normal f16 range (|v| >= 2^-14): rebias, round at bit 13, saturate to
    // inf (the carry of a rounding out of the largest binade lands there).
    let r = a.wrapping_sub(112 << 23);
    let normal = (r.wrapping_add(0x0fff + ((r >> 13) & 1)) >> 13).min(0x7c00) as u16;
    // Below: |v| + 0.5 rounds |v| to a multiple of 2^-24 (0.5's ulp), which
    // the low bits then count; 2^-14 itself comes out as 0x0400.
    let sub = ((f32::from_bits(a) + 0.5).to_bits() - 0x3f00_0000) as u16;
    let nan = 0x7e00 | ((a >> 13) & 0x3ff) as u16;
    let mag = if a > 0x7f80_0000 {
        nan
    } else if a >= 0x3880_0000 {
        normal
    } else {
        sub
    };
    sign | mag
}

/// The four buffer loops with the portable conversions: the scalar kernel
/// sets (and NEON, where the compiler vectorises them) use these.
pub(crate) mod portable {
    use super::*;

    #[inline(always)]
    pub unsafe fn widen_bf16(src: *const u16, dst: *mut f32, n: usize) {
        for i in 0..n {
            *dst.add(i) = bf16_to_f32(*src.add(i));
        }
    }
    #[inline(always)]
    pub unsafe fn narrow_bf16(src: *const f32, dst: *mut u16, n: usize) {
        for i in 0..n {
            *dst.add(i) = f32_to_bf16(*src.add(i));
        }
    }
    #[inline(always)]
    pub unsafe fn widen_f16(src: *const u16, dst: *mut f32, n: usize) {
        for i in 0..n {
            *dst.add(i) = f16_to_f32(*src.add(i));
        }
    }
    #[inline(always)]
    pub unsafe fn narrow_f16(src: *const f32, dst: *mut u16, n: usize) {
        for i in 0..n {
            *dst.add(i) = f32_to_f16(*src.add(i));
        }
    }
}
