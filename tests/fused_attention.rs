//! Attention softmax (`actfn_attention_softmax_f32` and the log form), per
//! ISA through `actfn::fused::testing`: bit for bit the library's own
//! softmax of z = fma(scale, x, mask) with the hidden positions at -inf
//! (z computed here with std's f32 fma), fully hidden rows all 0 (-inf for
//! log_softmax), within the softmax bounds of the f64 reference, the same
//! bits on every ISA, in place; broadcast masks, causal periods and offsets
//! (negative too), odd tails.
#![allow(clippy::needless_range_loop)]

use crate::rowwise_common;
use crate::support;

use actfn::fused::testing as fused;
use actfn::testing;
use rowwise_common::*;
use support::*;

struct Case {
    rows: usize,
    cols: usize,
    scale: f32,
    mask_rows: usize,
    causal: Option<(usize, i64)>,
}

fn hidden(c: &Case, r: usize, j: usize) -> bool {
    match c.causal {
        None => false,
        Some((period, offset)) => {
            let q = if period == 0 { r } else { r % period };
            j as i128 > q as i128 + offset as i128
        }
    }
}

/// z as an unfused caller computes it.
fn z_of(c: &Case, x: &[f32], mask: &[f32]) -> Vec<f32> {
    let mut z = vec![0.0f32; c.rows * c.cols];
    for r in 0..c.rows {
        for j in 0..c.cols {
            let v = x[r * c.cols + j];
            z[r * c.cols + j] = if hidden(c, r, j) {
                f32::NEG_INFINITY
            } else if c.mask_rows > 0 {
                c.scale.mul_add(v, mask[(r % c.mask_rows) * c.cols + j])
            } else {
                c.scale * v
            };
        }
    }
    z
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for (rows, cols) in [
        (1, 1),
        (3, 7),
        (5, 16),
        (6, 33),
        (4, 100),
        (2, 1000),
        (8, 4099),
    ] {
        for mask_rows in [0, 1, 3] {
            for causal in [
                None,
                Some((0, 0)),
                Some((4, 2)),
                Some((3, -2)),
                Some((2, 1000)),
            ] {
                v.push(Case {
                    rows,
                    cols,
                    scale: if cols % 2 == 0 { 0.125 } else { 0.3 },
                    mask_rows,
                    causal,
                });
            }
        }
    }
    v
}

fn check_case(c: &Case, x: &[f32], mask: &[f32], fails: &mut Vec<String>) {
    let z = z_of(c, x, mask);
    let n = c.rows * c.cols;
    for log in [false, true] {
        let mut first: Option<Vec<f32>> = None;
        for isa in testing::available() {
            let what = format!(
                "{}x{} scale {} mask_rows {} causal {:?} log {log} on {}",
                c.rows,
                c.cols,
                c.scale,
                c.mask_rows,
                c.causal,
                isa_name(isa)
            );
            let m = (c.mask_rows > 0).then_some((mask, c.mask_rows));
            let mut y = vec![sentinel(); n];
            fused::attention(isa, x, &mut y, c.rows, c.cols, c.scale, m, c.causal, log);
            let mut xy = x.to_vec();
            fused::attention_in_place(isa, &mut xy, c.rows, c.cols, c.scale, m, c.causal, log);
            let unfused = softmax_rows(isa, &z, c.rows, c.cols, log);
            for r in 0..c.rows {
                let zr = &z[r * c.cols..(r + 1) * c.cols];
                let yr = &y[r * c.cols..(r + 1) * c.cols];
                let wr = format!("{what} row {r}");
                if zr.iter().all(|&v| v == f32::NEG_INFINITY) {
                    let fill = if log { f32::NEG_INFINITY } else { 0.0 };
                    check_bits(
                        &format!("{wr} (fully hidden)"),
                        yr,
                        &vec![fill; c.cols],
                        fails,
                    );
                    continue;
                }
                check_bits(
                    &format!("{wr} vs unfused"),
                    yr,
                    &unfused[r * c.cols..(r + 1) * c.cols],
                    fails,
                );
                if log {
                    check_log(&wr, yr, &log_softmax_ref(zr), fails);
                } else {
                    check_ulp(&wr, yr, &softmax_ref(zr), SOFTMAX_DOC_ULP, fails);
                }
            }
            check_bits(&format!("{what} in place"), &xy, &y, fails);
            match &first {
                None => first = Some(y),
                Some(f) => check_bits(&format!("{what} vs first ISA"), &y, f, fails),
            }
        }
    }
}

#[test]
fn attention_equals_unfused_softmax_on_every_isa() {
    let mut rng = Rng::new(23);
    let mut fails = Vec::new();
    let mut count = 0;
    for c in cases() {
        let x: Vec<f32> = (0..c.rows * c.cols)
            .map(|_| rng.uniform(-30.0, 30.0))
            .collect();
        // Mask: zeros, padding (-inf) on some positions, a fully masked row.
        let mask: Vec<f32> = (0..c.mask_rows.max(1) * c.cols)
            .map(|k| {
                let (mr, j) = (k / c.cols, k % c.cols);
                if mr == 2 || j % 5 == 3 {
                    f32::NEG_INFINITY
                } else {
                    rng.uniform(-2.0, 0.5)
                }
            })
            .collect();
        check_case(&c, &x, &mask, &mut fails);
        count += 1;
    }
    finish(fails);
    println!("{count} cases");
}

#[test]
fn special_rows() {
    let mut fails = Vec::new();
    let nan = f32::NAN;
    let inf = f32::INFINITY;
    // NaN at a visible position makes the row NaN; at a hidden one it is
    // never read; +inf gives NaN; -inf scores next to finite ones give 0;
    // all -inf scores without the causal rule are a fully hidden row too.
    let rows: &[&[f32]] = &[
        &[1.0, nan, 2.0, 3.0],
        &[1.0, 2.0, nan, nan],
        &[inf, 0.0, 1.0, 2.0],
        &[-inf, -inf, 5.0, -inf],
        &[-inf, -inf, -inf, -inf],
        &[1e30, -1e30, 3.0, 0.0],
    ];
    let x: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
    for causal in [None, Some((0usize, 1i64))] {
        let c = Case {
            rows: rows.len(),
            cols: 4,
            scale: 1.0,
            mask_rows: 0,
            causal,
        };
        check_case(&c, &x, &[], &mut fails);
    }
    // Causal offset 0: row 0 sees only position 0 (its NaN is hidden), row
    // 1 sees 0..=1 (its NaNs are hidden), row 4 is fully hidden.
    let mut y = vec![0.0; x.len()];
    fused::attention(
        testing::available()[0],
        &x,
        &mut y,
        6,
        4,
        1.0,
        None,
        Some((0, 0)),
        false,
    );
    assert_eq!(&y[..4], &[1.0, 0.0, 0.0, 0.0]);
    assert!(y[4..8].iter().all(|v| v.is_finite()), "{:?}", &y[4..8]);
    assert_eq!(&y[16..20], &[0.0; 4]);
    finish(fails);
}
