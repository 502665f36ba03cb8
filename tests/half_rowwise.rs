//! The row-wise functions on bfloat16 and float16 buffers, on every ISA of
//! this CPU: softmax and log_softmax (last axis, any axis, rows longer than
//! the stack chunk), masked softmax, glu and prelu, against f64 references
//! rounded to the half type within the f32 kernels' bounds (2 f32 ULP for
//! softmax and log_softmax, 1 for glu, exact for prelu); the same bits on
//! every ISA; in place; bad shapes get a status with nothing written.

#![allow(clippy::needless_range_loop)]

use crate::half_common;

use actfn::capi::types::*;
use actfn::half::{convert, testing as ht, Half};
use actfn::testing;
use half_common::*;

fn widen(t: Half, h: u16) -> f64 {
    match t {
        Half::Bf16 => convert::bf16_to_f32(h) as f64,
        Half::F16 => convert::f16_to_f32(h) as f64,
    }
}

fn narrow(t: Half, v: f32) -> u16 {
    match t {
        Half::Bf16 => convert::f32_to_bf16(v),
        Half::F16 => convert::f32_to_f16(v),
    }
}

/// Random values in [-lim, lim) stored in type `t`.
fn inputs(t: Half, n: usize, lim: f32, seed: u64) -> Vec<u16> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            narrow(t, ((2.0 * u - 1.0) * lim as f64) as f32)
        })
        .collect()
}

/// `got` is `exact` rounded to `t` within `ulps` f32 ULP of it.
fn check(t: Half, got: u16, exact: f64, ulps: f64, ctx: &str) {
    let e = ulps * ulp32(exact);
    let ok = [exact - e, exact, exact + e]
        .iter()
        .any(|&v| round_to(t, v) == Some(got));
    assert!(
        ok,
        "{ctx}: got {got:#06x} ({:e}), exact {exact:e}",
        decode(t, got)
    );
}

fn softmax_ref(x: &[f64], log: bool) -> Vec<f64> {
    let m = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = x.iter().map(|v| (v - m).exp()).sum();
    x.iter()
        .map(|v| {
            if log {
                (v - m) - s.ln()
            } else {
                (v - m).exp() / s
            }
        })
        .collect()
}

/// The same result on every ISA (returned from the first).
fn same_everywhere(f: impl Fn(actfn_isa) -> Vec<u16>, ctx: &str) -> Vec<u16> {
    let isas = testing::available();
    let first = f(isas[0]);
    for &isa in &isas[1..] {
        assert_eq!(f(isa), first, "{ctx}: {} differs", testing::isa_name(isa));
    }
    first
}

#[test]
fn softmax_rows_against_the_reference() {
    for t in TYPES {
        for log in [false, true] {
            // 2500 and 5000 columns take the heap path (over 2048).
            for (rows, cols) in [(7, 1), (5, 3), (9, 17), (33, 100), (3, 2500), (1, 5000)] {
                let x = inputs(t, rows * cols, 12.0, (rows * 31 + cols) as u64);
                let ctx = format!("{} log={log} {rows}x{cols}", tname(t));
                let y = same_everywhere(
                    |isa| {
                        let mut y = vec![0u16; x.len()];
                        let st = ht::softmax_rows(isa, t, &x, &mut y, [rows, cols], log);
                        assert_eq!(st, ACTFN_OK);
                        let mut xy = x.clone();
                        let xc = xy.clone();
                        let st = ht::softmax_rows(isa, t, &xc, &mut xy, [rows, cols], log);
                        assert_eq!(st, ACTFN_OK);
                        assert_eq!(xy, y, "in place");
                        y
                    },
                    &ctx,
                );
                for r in 0..rows {
                    let row: Vec<f64> = x[r * cols..(r + 1) * cols]
                        .iter()
                        .map(|&h| widen(t, h))
                        .collect();
                    for (j, e) in softmax_ref(&row, log).into_iter().enumerate() {
                        check(t, y[r * cols + j], e, 2.0, &format!("{ctx} [{r}][{j}]"));
                    }
                }
            }
        }
    }
}

#[test]
fn softmax_axis_against_the_reference() {
    for t in TYPES {
        for log in [false, true] {
            for dims in [[2, 5, 3], [3, 7, 16], [1, 300, 9], [2, 4, 1]] {
                let [outer, axis, inner] = dims;
                let x = inputs(t, outer * axis * inner, 8.0, 17);
                let ctx = format!("{} log={log} {dims:?}", tname(t));
                let y = same_everywhere(
                    |isa| {
                        let mut y = vec![0u16; x.len()];
                        assert_eq!(ht::softmax_axis(isa, t, &x, &mut y, dims, log), ACTFN_OK);
                        y
                    },
                    &ctx,
                );
                for o in 0..outer {
                    for i in 0..inner {
                        let at = |a: usize| (o * axis + a) * inner + i;
                        let g: Vec<f64> = (0..axis).map(|a| widen(t, x[at(a)])).collect();
                        for (a, e) in softmax_ref(&g, log).into_iter().enumerate() {
                            check(t, y[at(a)], e, 2.0, &ctx);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn masked_softmax_against_the_reference() {
    for t in TYPES {
        let (rows, cols) = (6, 37);
        let x = inputs(t, rows * cols, 6.0, 23);
        let mut rng = Rng(29);
        let mask: Vec<u8> = (0..rows * cols)
            .map(|_| !rng.next().is_multiple_of(3) as u8)
            .collect();
        for mask_rows in [1, rows] {
            let ctx = format!("{} mask_rows={mask_rows}", tname(t));
            let y = same_everywhere(
                |isa| {
                    let mut y = vec![0u16; x.len()];
                    let st = ht::softmax_masked(isa, t, &x, &mask, &mut y, [rows, cols, mask_rows]);
                    assert_eq!(st, ACTFN_OK);
                    y
                },
                &ctx,
            );
            for r in 0..rows {
                let mrow = if mask_rows == 1 { 0 } else { r };
                let keep = |j: usize| mask[mrow * cols + j] != 0;
                let row: Vec<f64> = (0..cols)
                    .map(|j| {
                        if keep(j) {
                            widen(t, x[r * cols + j])
                        } else {
                            -1e9
                        }
                    })
                    .collect();
                for (j, e) in softmax_ref(&row, false).into_iter().enumerate() {
                    if keep(j) {
                        check(t, y[r * cols + j], e, 2.0, &ctx);
                    } else {
                        assert_eq!(y[r * cols + j], 0, "{ctx}: masked");
                    }
                }
            }
        }
    }
}

#[test]
fn glu_and_prelu_against_the_reference() {
    for t in TYPES {
        for dims in [[3, 8, 5], [2, 6, 1], [1, 4000, 1]] {
            let [outer, axis, inner] = dims;
            let x = inputs(t, outer * axis * inner, 10.0, 41);
            let ctx = format!("{} glu {dims:?}", tname(t));
            let half = outer * axis * inner / 2;
            let y = same_everywhere(
                |isa| {
                    let mut y = vec![0u16; half];
                    assert_eq!(ht::glu(isa, t, &x, &mut y, dims), ACTFN_OK);
                    let mut xy = x.clone();
                    let xc = xy.clone();
                    assert_eq!(ht::glu(isa, t, &xc, &mut xy[..], dims), ACTFN_OK);
                    y
                },
                &ctx,
            );
            for o in 0..outer {
                for a in 0..axis / 2 {
                    for i in 0..inner {
                        let av = widen(t, x[(o * axis + a) * inner + i]);
                        let bv = widen(t, x[(o * axis + a + axis / 2) * inner + i]);
                        let e = av / (1.0 + (-bv).exp());
                        check(t, y[(o * axis / 2 + a) * inner + i], e, 1.0, &ctx);
                    }
                }
            }
        }
        for channels in [1, 7, 64, 3000] {
            let rows = 5;
            let x = inputs(t, rows * channels, 10.0, 43);
            let alpha: Vec<f32> = (0..channels)
                .map(|c| 0.01 + 0.37 * c as f32 / channels as f32)
                .collect();
            let ctx = format!("{} prelu {channels}", tname(t));
            let y = same_everywhere(
                |isa| {
                    let mut y = vec![0u16; x.len()];
                    assert_eq!(ht::prelu(isa, t, &x, &mut y, &alpha), ACTFN_OK);
                    y
                },
                &ctx,
            );
            for (k, &h) in x.iter().enumerate() {
                let v = widen(t, h);
                let e = if v >= 0.0 {
                    v
                } else {
                    alpha[k % channels] as f64 * v
                };
                check(t, y[k], e, 0.5, &ctx);
            }
        }
    }
}

#[test]
fn bad_shapes_write_nothing() {
    let isa = testing::available()[0];
    for t in TYPES {
        let x = vec![0x3f80u16; 12];
        let mut y = vec![0x1234u16; 12];
        assert_eq!(ht::glu(isa, t, &x, &mut y, [1, 3, 4]), ACTFN_ERR_SHAPE);
        assert_eq!(
            ht::softmax_rows(isa, t, &x, &mut y, [3, 0], false),
            ACTFN_ERR_SHAPE
        );
        let mask = [1u8; 12];
        assert_eq!(
            ht::softmax_masked(isa, t, &x, &mask, &mut y, [3, 4, 2]),
            ACTFN_ERR_SHAPE
        );
        assert!(y.iter().all(|&v| v == 0x1234));
    }
}
