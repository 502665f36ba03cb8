//! The buffer conversions (`actfn_f32_to_bf16` and the others) on every ISA
//! of this CPU: widening all 65536 values of each type against an
//! independent decoding, narrowing every high half of the f32 bit patterns
//! with the low halves around each rounding boundary (and random ones)
//! against the independent round-to-nearest-even, and every ISA's bits
//! against the portable sequence (`src/half/convert.rs`). The run over all
//! 2^32 f32 inputs is `--ignored` (a few seconds per ISA natively, long
//! under qemu).

#![allow(clippy::needless_range_loop)]

use crate::half_common;

use actfn::capi::types::*;
use actfn::half::{convert, testing as ht, Half};
use actfn::testing;
use half_common::*;

fn portable_widen(t: Half, h: u16) -> f32 {
    match t {
        Half::Bf16 => convert::bf16_to_f32(h),
        Half::F16 => convert::f16_to_f32(h),
    }
}

fn portable_narrow(t: Half, v: f32) -> u16 {
    match t {
        Half::Bf16 => convert::f32_to_bf16(v),
        Half::F16 => convert::f32_to_f16(v),
    }
}

/// The expected narrowing of `v`: the independent rounding, and for a NaN
/// the quieted NaN with the sign and the top payload bits.
fn want_narrow(t: Half, v: f32) -> u16 {
    match round_to(t, v as f64) {
        Some(h) => h,
        None => {
            let b = v.to_bits();
            let sign = ((b >> 16) & 0x8000) as u16;
            match t {
                Half::Bf16 => ((b >> 16) as u16) | 0x40,
                Half::F16 => sign | 0x7e00 | ((b >> 13) & 0x3ff) as u16,
            }
        }
    }
}

#[test]
fn widening_is_exact_on_every_isa() {
    let xs = all_bits();
    for isa in testing::available() {
        for t in TYPES {
            let mut y = vec![0.0f32; xs.len()];
            assert_eq!(ht::widen(isa, t, &xs, &mut y), ACTFN_OK);
            for (i, &h) in xs.iter().enumerate() {
                let ctx = format!("{} {} {h:#06x}", tname(t), testing::isa_name(isa));
                let d = decode(t, h);
                if d.is_nan() {
                    // The sign and payload kept; f16 NaNs come back quiet.
                    let want = match t {
                        Half::Bf16 => (h as u32) << 16,
                        Half::F16 => {
                            ((h as u32 & 0x8000) << 16) | 0x7fc0_0000 | ((h as u32 & 0x3ff) << 13)
                        }
                    };
                    assert_eq!(y[i].to_bits(), want, "{ctx}");
                } else {
                    assert_eq!(y[i] as f64, d, "{ctx}");
                    assert_eq!(y[i].is_sign_negative(), h & 0x8000 != 0, "{ctx}");
                }
                assert_eq!(y[i].to_bits(), portable_widen(t, h).to_bits(), "{ctx}");
            }
        }
    }
}

/// Every high half with the low halves at and around the bf16 (bit 15)
/// and f16 (bit 12) rounding points, and random ones.
fn narrowing_inputs() -> Vec<f32> {
    let lows: [u32; 16] = [
        0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x5000, 0x7fff, 0x8000, 0x8001,
        0xafff, 0xb000, 0xf000, 0xffff,
    ];
    let mut rng = Rng(3);
    let mut v = Vec::with_capacity(65536 * 18);
    for hi in 0..=0xffffu32 {
        for lo in lows {
            v.push(f32::from_bits(hi << 16 | lo));
        }
        v.push(f32::from_bits(hi << 16 | (rng.next() as u32 & 0xffff)));
        v.push(f32::from_bits(hi << 16 | (rng.next() as u32 & 0xffff)));
    }
    v
}

#[test]
fn narrowing_rounds_to_nearest_even_on_every_isa() {
    let xs = narrowing_inputs();
    for isa in testing::available() {
        for t in TYPES {
            let mut y = vec![0u16; xs.len()];
            assert_eq!(ht::narrow(isa, t, &xs, &mut y), ACTFN_OK);
            for (i, &v) in xs.iter().enumerate() {
                let want = want_narrow(t, v);
                assert_eq!(
                    y[i],
                    want,
                    "{} {} {:#010x}",
                    tname(t),
                    testing::isa_name(isa),
                    v.to_bits()
                );
                assert_eq!(
                    portable_narrow(t, v),
                    want,
                    "portable {:#010x}",
                    v.to_bits()
                );
            }
        }
    }
}

/// Landmarks: f16 overflows from 65520 on, keeps subnormals, flushes
/// nothing; bf16 keeps subnormals and rounds FLT_MAX to inf.
#[test]
fn narrowing_landmarks() {
    let cases: &[(Half, f32, u16)] = &[
        (Half::F16, 65504.0, 0x7bff),
        (Half::F16, 65519.996, 0x7bff),
        (Half::F16, 65520.0, 0x7c00),
        (Half::F16, -65520.0, 0xfc00),
        (Half::F16, f32::MAX, 0x7c00),
        (Half::F16, 5.960_464_5e-8, 0x0001),
        (Half::F16, 2.980_232_2e-8, 0x0000),
        (Half::F16, 2.980_233e-8, 0x0001),
        (Half::F16, -0.0, 0x8000),
        (Half::F16, 6.097_555e-5, 0x03ff),
        (Half::F16, f32::from_bits(1), 0x0000),
        (Half::Bf16, f32::MAX, 0x7f80),
        (Half::Bf16, f32::from_bits(0x7f7f_7fff), 0x7f7f),
        (Half::Bf16, f32::from_bits(0x7f7f_8000), 0x7f80),
        (Half::Bf16, f32::from_bits(0x0000_8000), 0x0000),
        (Half::Bf16, f32::from_bits(0x0001_8000), 0x0002),
        (Half::Bf16, f32::from_bits(0x0000_8001), 0x0001),
        (Half::Bf16, f32::from_bits(0x7f80_0001), 0x7fc0),
        (Half::Bf16, f32::from_bits(0xff81_0000), 0xffc1),
        (Half::F16, f32::from_bits(0x7f80_0001), 0x7e00),
        (Half::F16, f32::from_bits(0xffc0_2000), 0xfe01),
    ];
    for isa in testing::available() {
        for &(t, v, want) in cases {
            let mut y = [0u16; 1];
            assert_eq!(ht::narrow(isa, t, &[v], &mut y), ACTFN_OK);
            assert_eq!(y[0], want, "{} {v:e}", tname(t));
        }
    }
}

/// All 2^32 f32 inputs on every ISA against the portable sequence.
#[test]
#[ignore]
fn narrowing_every_f32() {
    let block = 1usize << 20;
    let mut x = vec![0f32; block];
    let mut y = vec![0u16; block];
    for isa in testing::available() {
        for t in TYPES {
            for b in 0..(1u64 << 32) / block as u64 {
                for (j, v) in x.iter_mut().enumerate() {
                    *v = f32::from_bits((b as u32) << 20 | j as u32);
                }
                assert_eq!(ht::narrow(isa, t, &x, &mut y), ACTFN_OK);
                for j in 0..block {
                    assert_eq!(y[j], portable_narrow(t, x[j]), "{:#010x}", x[j].to_bits());
                }
            }
        }
    }
}
