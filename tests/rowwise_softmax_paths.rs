//! softmax and log_softmax over the last axis by row length and
//! distribution (relative error table), and the boundaries between the row
//! kernels' fast and general paths at every position. Bounds:
//! `tests/rowwise_common`.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::rowwise_common;
use crate::support;

use actfn::capi::types::*;
use rowwise_common::*;
use support::*;

/// Max relative error per element of softmax and log_softmax against the
/// f64 reference, on rows of 10, 1000 and 32000 values of every
/// distribution of `random_row` (uniform, wide, offset, huge, tiny, ties,
/// one dominant value, -inf entries). Results below the smallest normal f32
/// and log_softmax entries within 2^-50 of 0 (see LOG_ABS) are judged
/// absolutely (2 subnormal ulps, or LOG_ABS). `--nocapture` prints the table.
#[test]
fn softmax_relative_error_by_row_length_and_distribution() {
    const REL_BOUND: f64 = 2.0 * f32::EPSILON as f64; // 2 ULP at their relative worst
    const SUBNORMAL_ULP: f64 = 1.401_298_464_324_817e-45; // 2^-149
    let mut rng = Rng::new(32000);
    let mut fails = Vec::new();
    println!("| cols | kind | softmax max rel. error | log_softmax max rel. error |");
    println!("|---:|---:|---:|---:|");
    for cols in [10usize, 1000, 32000] {
        for kind in 0..KINDS {
            let rows = if cols == 32000 { 2 } else { 8 };
            let x: Vec<f32> = (0..rows)
                .flat_map(|_| random_row(&mut rng, cols, kind))
                .collect();
            let mut worst = [0.0f64; 2];
            for (w, log) in [false, true].into_iter().enumerate() {
                let y = softmax_rows(ACTFN_ISA_SCALAR, &x, rows, cols, log);
                for r in 0..rows {
                    let xr = &x[r * cols..(r + 1) * cols];
                    let exact = if log {
                        log_softmax_ref(xr)
                    } else {
                        softmax_ref(xr)
                    };
                    for (j, &e) in exact.iter().enumerate() {
                        let g = y[r * cols + j] as f64;
                        let err = (g - e).abs();
                        let absolute =
                            e.abs() < f32::MIN_POSITIVE as f64 || (log && err <= LOG_ABS);
                        if e.is_infinite() || absolute {
                            let ok = g == e
                                || (e.is_finite() && err <= 2.0 * SUBNORMAL_ULP)
                                || (log && err <= LOG_ABS);
                            if !ok {
                                fails.push(format!(
                                    "cols={cols} kind={kind} log={log}: y={g:e} exact {e:e}"
                                ));
                            }
                            continue;
                        }
                        let rel = err / e.abs();
                        worst[w] = worst[w].max(rel);
                        if !(rel <= REL_BOUND) {
                            fails.push(format!("cols={cols} kind={kind} log={log} x[{j}]: y={g:e} exact {e:e}, rel. error {rel:e}"));
                        }
                    }
                }
            }
            println!("| {cols} | {kind} | {:.2e} | {:.2e} |", worst[0], worst[1]);
        }
    }
    finish(fails);
}

/// The fast path of the row kernels takes a block of registers only when
/// every lane has x - m in [-86, -0]; other lanes (the maximum itself, -inf,
/// x - m below -86 down to subnormal and zero results, NaN) send the block,
/// or the chunk, down the general path. One such value at every position of
/// rows of several lengths: the results must be the same on every ISA (so
/// they cannot depend on which path a vector took) and accurate.
#[test]
fn softmax_fast_path_boundaries_at_every_position() {
    let mut fails = Vec::new();
    let m = 10.0f32;
    // x - m just inside, at and just outside -86, the subnormal and zero
    // ranges of e, -inf, a second maximum, and a tie of +0 / -0 maxima.
    let below = f32::from_bits((m - 86.0).to_bits() + 1); // x - m just below -86
    let specials: [f32; 9] = [
        m - 86.0,
        below,
        m - 85.99999,
        m - 87.5,
        m - 100.0,
        m - 110.0,
        m - 200.0,
        -INF,
        m,
    ];
    for &cols in &[2usize, 15, 16, 17, 40, 64, 129, 300] {
        let mut rng = Rng::new(cols as u64 + 77);
        for &sp in &specials {
            // Row p: the special value at position p, the maximum m at a
            // fixed position (or two, when p lands on it), the rest in the
            // fast range.
            let rows = cols;
            let mut x = vec![0.0f32; rows * cols];
            for p in 0..rows {
                for j in 0..cols {
                    x[p * cols + j] = rng.uniform(-5.0, 9.9);
                }
                x[p * cols + (p * 7 + 3) % cols] = m;
                x[p * cols + p] = sp;
            }
            for log in [false, true] {
                let reference = softmax_rows(ACTFN_ISA_SCALAR, &x, rows, cols, log);
                for isa in isas() {
                    let y = softmax_rows(isa, &x, rows, cols, log);
                    let what = format!(
                        "{} special {} cols={cols} {}",
                        if log { "log_softmax" } else { "softmax" },
                        show(sp),
                        isa_name(isa)
                    );
                    check_bits(&format!("{what} vs scalar"), &y, &reference, &mut fails);
                    for p in 0..rows {
                        let xr = &x[p * cols..(p + 1) * cols];
                        let yr = &y[p * cols..(p + 1) * cols];
                        let w = format!("{what} at {p}");
                        if log {
                            check_log(&w, yr, &log_softmax_ref(xr), &mut fails);
                        } else {
                            check_ulp(&w, yr, &softmax_ref(xr), SOFTMAX_ULP, &mut fails);
                        }
                    }
                }
            }
        }
        // The general path gives the fast path's bits on the lanes the fast
        // path could take: x - m = -200 (general path, e = 0 in f32) and
        // -inf (fast path, e = 0) at position p leave the sum alike, so
        // every other output of the row must be the same, bit for bit.
        {
            let rows = cols;
            let mut a = vec![0.0f32; rows * cols];
            for p in 0..rows {
                for j in 0..cols {
                    a[p * cols + j] = rng.uniform(-60.0, 9.9);
                }
                a[p * cols + (p * 7 + 3) % cols] = m;
                a[p * cols + p] = m - 200.0;
            }
            let mut b = a.clone();
            for p in 0..rows {
                b[p * cols + p] = -INF;
            }
            for log in [false, true] {
                for isa in isas() {
                    let mut ya = softmax_rows(isa, &a, rows, cols, log);
                    let yb = softmax_rows(isa, &b, rows, cols, log);
                    for p in 0..rows {
                        ya[p * cols + p] = yb[p * cols + p];
                    }
                    check_bits(
                        &format!(
                            "general vs fast path cols={cols} log={log} {}",
                            isa_name(isa)
                        ),
                        &ya,
                        &yb,
                        &mut fails,
                    );
                }
            }
        }
        // Zero maxima of both signs: -0 and +0 are equal maxima.
        for log in [false, true] {
            let mut x: Vec<f32> = (0..cols).map(|_| rng.uniform(-30.0, -1.0)).collect();
            x[0] = -0.0;
            x[cols - 1] = 0.0;
            let reference = softmax_rows(ACTFN_ISA_SCALAR, &x, 1, cols, log);
            for isa in isas() {
                let y = softmax_rows(isa, &x, 1, cols, log);
                let what = format!("signed zero maxima cols={cols} log={log} {}", isa_name(isa));
                check_bits(&what, &y, &reference, &mut fails);
                if log {
                    check_log(&what, &y, &log_softmax_ref(&x), &mut fails);
                } else {
                    check_ulp(&what, &y, &softmax_ref(&x), SOFTMAX_ULP, &mut fails);
                }
            }
        }
    }
    finish(fails);
}
