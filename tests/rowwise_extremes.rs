//! Finite in, finite out: every row-wise function on rows built from
//! extreme values (FLT_MAX and its neighbours, values whose difference or
//! sum overflows, long rows of huge values, subnormals), on every ISA,
//! against f64 references within each function's documented bound, and
//! never NaN or inf where the exact result is finite. The reproducers of
//! the hostile-caller report (sparsemax of {FLT_MAX, 0 x 17}, log_softmax
//! over a strided axis of {FLT_MAX, 0x1.20ab86p+126}) are among them.

#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::rowwise_common;
use crate::support;

use actfn::testing;
use rowwise_common::*;
use support::*;

/// 0x1.20ab86p+126: its difference with FLT_MAX is finite (-2.44e38), but
/// that difference minus itself again overflows (TwoSum's intermediate).
const A: f32 = f32::from_bits(0x7e90_55c3);

/// The values the rows are built from.
const BLOCKS: &[f32] = &[
    f32::MAX,
    -f32::MAX,
    A,
    -A,
    3e38,
    -3e38,
    1e38,
    -1e38,
    1e37,
    1e36,
    1.0,
    0.0,
    -0.0,
    -1.0,
    f32::MIN_POSITIVE,
    f32::from_bits(1),
    f32::from_bits(0x007f_ffff),
    f32::from_bits(0x8000_0001),
];

/// Rows of length `n` built from extreme values: one huge value over
/// zeros (the sparsemax reproducer and its siblings), pairs of values whose
/// differences overflow, all-huge rows (sums overflow), alternating signs,
/// subnormals next to huge values, and seeded mixes of [`BLOCKS`].
fn extreme_rows(n: usize, rng: &mut Rng) -> Vec<Vec<f32>> {
    let mut rows = Vec::new();
    for big in [f32::MAX, 3e38, 1e38, 1e37, 1e36, -f32::MAX] {
        let mut r = vec![0.0f32; n];
        r[0] = big;
        rows.push(r.clone());
        r.reverse();
        rows.push(r);
    }
    for (p, q) in [(f32::MAX, A), (f32::MAX, -f32::MAX), (A, -A), (3e38, -1e38)] {
        rows.push((0..n).map(|j| if j % 2 == 0 { p } else { q }).collect());
        rows.push((0..n).map(|j| if j < n / 2 { q } else { p }).collect());
    }
    for v in [f32::MAX, -f32::MAX, 1e38, f32::from_bits(1)] {
        rows.push(vec![v; n]);
    }
    rows.push(
        (0..n)
            .map(|j| {
                if j == n / 2 {
                    f32::MAX
                } else {
                    f32::from_bits(j as u32 + 1)
                }
            })
            .collect(),
    );
    for _ in 0..6 {
        rows.push((0..n).map(|_| BLOCKS[rng.below(BLOCKS.len())]).collect());
    }
    rows
}

const LENGTHS: &[usize] = &[1, 2, 3, 5, 16, 17, 18, 33, 50, 64, 65, 200, 600, 6000];

fn finite_row(x: &[f32]) -> bool {
    x.iter().all(|v| v.is_finite())
}

/// Where the exact result is finite, so must the output be.
fn check_finite(what: &str, got: &[f32], exact: &[f64], fails: &mut Vec<String>) {
    for (k, (&g, &e)) in got.iter().zip(exact).enumerate() {
        if e.abs() <= f32::MAX as f64 && !g.is_finite() {
            fails.push(format!("{what}: y[{k}] = {g} where exact {e:e}"));
        }
    }
}

#[test]
fn softmax_rows_of_extremes() {
    let mut fails = Vec::new();
    for isa in isas() {
        let mut rng = Rng::new(0xe87e_0001);
        for &n in LENGTHS {
            for (r, x) in extreme_rows(n, &mut rng).iter().enumerate() {
                for log in [false, true] {
                    let what = format!("{} log={log} n={n} row {r}", isa_name(isa));
                    let y = softmax_rows(isa, x, 1, n, log);
                    if log {
                        let e = log_softmax_ref(x);
                        check_finite(&what, &y, &e, &mut fails);
                        check_log(&what, &y, &e, &mut fails);
                    } else {
                        let e = softmax_ref(x);
                        check_finite(&what, &y, &e, &mut fails);
                        check_ulp(&what, &y, &e, SOFTMAX_DOC_ULP, &mut fails);
                    }
                }
            }
        }
    }
    finish(fails);
}

/// The same groups along a strided axis: group i of `[1, n, inner]` is the
/// row rotated by i.
#[test]
fn softmax_axis_of_extremes() {
    let mut fails = Vec::new();
    for isa in isas() {
        let mut rng = Rng::new(0xe87e_0002);
        for &n in LENGTHS.iter().filter(|&&n| n <= 600) {
            for (r, row) in extreme_rows(n, &mut rng).iter().enumerate() {
                for inner in [2usize, 3, 9] {
                    let mut x = vec![0.0f32; n * inner];
                    for i in 0..inner {
                        for a in 0..n {
                            x[a * inner + i] = row[(a + i) % n];
                        }
                    }
                    for log in [false, true] {
                        let mut y = vec![sentinel(); x.len()];
                        testing::softmax_axis(isa, &x, &mut y, [1, n, inner], log);
                        for i in 0..inner {
                            let g: Vec<f32> = (0..n).map(|a| x[a * inner + i]).collect();
                            let got: Vec<f32> = (0..n).map(|a| y[a * inner + i]).collect();
                            let what = format!(
                                "{} log={log} n={n} inner={inner} row {r} group {i}",
                                isa_name(isa)
                            );
                            let e = if log {
                                log_softmax_ref(&g)
                            } else {
                                softmax_ref(&g)
                            };
                            check_finite(&what, &got, &e, &mut fails);
                            if log {
                                check_log(&what, &got, &e, &mut fails);
                            } else {
                                check_ulp(&what, &got, &e, SOFTMAX_DOC_ULP, &mut fails);
                            }
                        }
                    }
                }
            }
        }
    }
    finish(fails);
}

#[test]
fn masked_softmax_of_extremes() {
    let mut fails = Vec::new();
    for isa in isas() {
        let mut rng = Rng::new(0xe87e_0003);
        for &n in LENGTHS {
            for (r, x) in extreme_rows(n, &mut rng).iter().enumerate() {
                let keep: Vec<u8> = (0..n).map(|j| (j == 0 || rng.below(3) > 0) as u8).collect();
                let mut y = vec![sentinel(); n];
                testing::softmax_masked(isa, x, &keep, &mut y, 1, n, n);
                let xm: Vec<f32> = (0..n)
                    .map(|j| if keep[j] != 0 { x[j] } else { -1e9 })
                    .collect();
                let e: Vec<f64> = softmax_ref(&xm)
                    .into_iter()
                    .zip(&keep)
                    .map(|(v, &k)| if k != 0 { v } else { 0.0 })
                    .collect();
                let what = format!("{} n={n} row {r}", isa_name(isa));
                check_finite(&what, &y, &e, &mut fails);
                check_ulp(&what, &y, &e, SOFTMAX_DOC_ULP, &mut fails);
            }
        }
    }
    finish(fails);
}

#[test]
fn sparsemax_of_extremes() {
    let mut fails = Vec::new();
    for isa in isas() {
        let mut rng = Rng::new(0xe87e_0004);
        for &n in LENGTHS.iter().chain(&[5835, 5836]) {
            for (r, x) in extreme_rows(n, &mut rng).iter().enumerate() {
                assert!(finite_row(x));
                let mut y = vec![sentinel(); n];
                testing::sparsemax_rows(isa, x, &mut y, 1, n);
                let what = format!("{} n={n} row {r}", isa_name(isa));
                check_finite(&what, &y, &sparsemax_ref(x), &mut fails);
                check_sparsemax(&what, x, &y, &mut fails);
            }
        }
    }
    finish(fails);
}

/// glu on every pair of extreme values (within 1 ULP, as documented), and
/// prelu on every (x, slope) pair (exact: one rounding of alpha * x).
#[test]
fn glu_and_prelu_of_extremes() {
    let mut fails = Vec::new();
    let m = BLOCKS.len();
    for isa in isas() {
        // [1, 2, m * m]: a half then b half, every pair once.
        let mut x = vec![0.0f32; 2 * m * m];
        for i in 0..m {
            for j in 0..m {
                x[i * m + j] = BLOCKS[i];
                x[m * m + i * m + j] = BLOCKS[j];
            }
        }
        let mut y = vec![sentinel(); m * m];
        testing::glu(isa, &x, &mut y, [1, 2, m * m]);
        for k in 0..m * m {
            let (a, b) = (x[k] as f64, x[m * m + k] as f64);
            let e = [a * sigmoid64(b)];
            let what = format!("{} glu a={a:e} b={b:e}", isa_name(isa));
            check_finite(&what, &y[k..k + 1], &e, &mut fails);
            check_ulp(&what, &y[k..k + 1], &e, 1.0, &mut fails);
        }
        // prelu: rows of BLOCKS, one slope per channel from BLOCKS too.
        let xs: Vec<f32> = (0..m * m).map(|k| BLOCKS[k / m]).collect();
        let mut y = vec![sentinel(); m * m];
        testing::prelu(isa, &xs, &mut y, BLOCKS);
        for k in 0..m * m {
            let (v, a) = (xs[k], BLOCKS[k % m]);
            // x finite: one rounding of the exact product (a zero slope
            // of either sign gives the product's signed zero).
            let want = if v >= 0.0 {
                v
            } else {
                (v as f64 * a as f64) as f32
            };
            if !same(y[k], want) {
                fails.push(format!(
                    "{} prelu x={v:e} alpha={a:e}: {} want {}",
                    isa_name(isa),
                    show(y[k]),
                    show(want)
                ));
            }
        }
    }
    finish(fails);
}

/// The two reproducers of the hostile-caller report, exactly as filed:
/// sparsemax of {FLT_MAX, 0 x 17} gave all NaN (exact {1, 0 x 17});
/// log_softmax of {FLT_MAX, FLT_MAX, A, A} over (1, 2, 2) gave
/// {0, 0, NaN, NaN} (exact {0, 0, A - FLT_MAX, A - FLT_MAX}).
#[test]
fn reported_reproducers() {
    for isa in isas() {
        let mut x = vec![0.0f32; 18];
        x[0] = f32::MAX;
        let mut y = vec![sentinel(); 18];
        testing::sparsemax_rows(isa, &x, &mut y, 1, 18);
        let mut want = vec![0.0f32; 18];
        want[0] = 1.0;
        assert_eq!(y, want, "{} sparsemax", isa_name(isa));

        let x = [f32::MAX, f32::MAX, A, A];
        let mut y = [sentinel(); 4];
        testing::softmax_axis(isa, &x, &mut y, [1, 2, 2], true);
        let d = (A as f64 - f32::MAX as f64) as f32;
        assert_eq!(y, [0.0, 0.0, d, d], "{} log_softmax_axis", isa_name(isa));
    }
}
