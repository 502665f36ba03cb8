//! The fast tier of the row-wise functions (issue 14): softmax and
//! log_softmax (last axis, any axis, masked) and glu, per ISA through
//! `actfn::testing`, against f64 references within their documented bound
//! (`FAST_ULP`, 4 ULP of the exact value per element), with the exact
//! tier's special values (compared bit for bit with the exact kernels where
//! the result is NaN, infinite or zero), many shapes, tails and unaligned
//! offsets, bit-identical across every ISA this CPU has; and the C entry
//! points with their statuses (nothing written on bad input).
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::rowwise_common;
use crate::support;

use actfn::capi::rowwise::*;
use actfn::capi::rowwise_fast::*;
use actfn::capi::types::*;
use actfn::testing;
use rowwise_common::*;
use support::*;

/// The fast tier's documented bound for every row-wise function: 4 ULP of
/// the exact value (f32 spacing at the exact value, 2^-149 when subnormal).
const FAST_ULP: f64 = 4.0;

/// A place where the fast and the exact kernels must agree bit for bit:
/// where the exact value is NaN, +-inf or a zero, or either kernel gives
/// NaN or an infinity.
fn special(reference: f64, fast: f32, exact_tier: f32) -> bool {
    reference.is_nan()
        || reference.is_infinite()
        || reference == 0.0
        || !fast.is_finite()
        || !exact_tier.is_finite()
}

/// log_softmax of one group in f64, with log(sum) as log1p of the sum
/// beyond the maximum's one entry, so that entries next to a dominant
/// maximum (-log(1 + tiny)) keep their relative accuracy (the shared
/// `log_softmax_ref` rounds 1 + tiny in f64 and loses it).
fn log_softmax_ref1p(x: &[f32]) -> Vec<f64> {
    if x.iter().any(|v| v.is_nan() || *v == INF) || x.iter().all(|v| *v == -INF) {
        return vec![f64::NAN; x.len()];
    }
    let m = x.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let tops = x.iter().filter(|&&v| v == m).count() as f64;
    let rest: f64 = x
        .iter()
        .filter(|&&v| v != m)
        .map(|&v| (v as f64 - m as f64).exp())
        .sum();
    let l = ((tops - 1.0) + rest).ln_1p();
    x.iter().map(|&v| (v as f64 - m as f64) - l).collect()
}

/// Checks `got` (fast tier) against the f64 reference within FAST_ULP, and
/// bit for bit against `exact_tier` where that one is special. Returns the
/// largest ULP error seen among the finite results.
fn check_fast(
    what: &str,
    got: &[f32],
    reference: &[f64],
    exact_tier: &[f32],
    fails: &mut Vec<String>,
) -> f64 {
    let mut worst = 0.0f64;
    for k in 0..got.len() {
        let (g, e, t) = (got[k], reference[k], exact_tier[k]);
        if special(e, g, t) {
            if !same(g, t) {
                fails.push(format!(
                    "{what}: y[{k}] = {}, exact tier {}",
                    show(g),
                    show(t)
                ));
            }
            continue;
        }
        let err = ulp_err(g, e);
        worst = worst.max(err);
        if !(err <= FAST_ULP) {
            fails.push(format!(
                "{what}: y[{k}] = {}, exact {e:e}, error {err:.2} ULP > {FAST_ULP}",
                show(g)
            ));
        }
    }
    worst
}

/// Rows of the fast tier on `isa`, input read at `off` floats into a
/// buffer (unaligned), output checked for writes past its end.
fn fast_rows(
    isa: actfn_isa,
    x: &[f32],
    rows: usize,
    cols: usize,
    log: bool,
    off: usize,
) -> Vec<f32> {
    let n = rows * cols;
    let mut xb = vec![0.0f32; n + off];
    xb[off..].copy_from_slice(x);
    let mut yb = vec![sentinel(); n + off + 5];
    testing::softmax_rows_fast(isa, &xb[off..], &mut yb[off..], rows, cols, log);
    assert!(all_sentinel(&yb[..off]) && all_sentinel(&yb[off + n..]));
    yb[off..off + n].to_vec()
}

fn exact_rows(isa: actfn_isa, x: &[f32], rows: usize, cols: usize, log: bool) -> Vec<f32> {
    let mut y = vec![sentinel(); rows * cols];
    testing::softmax_rows(isa, x, &mut y, rows, cols, log);
    y
}

fn reference_rows(x: &[f32], rows: usize, cols: usize, log: bool) -> Vec<f64> {
    (0..rows)
        .flat_map(|r| {
            let xr = &x[r * cols..(r + 1) * cols];
            if log {
                log_softmax_ref1p(xr)
            } else {
                softmax_ref(xr)
            }
        })
        .collect()
}

/// Every ISA gives the bits of the first (scalar) one.
fn check_same_bits(what: &str, per_isa: &[(actfn_isa, Vec<f32>)], fails: &mut Vec<String>) {
    let (i0, y0) = &per_isa[0];
    for (isa, y) in &per_isa[1..] {
        for k in 0..y.len() {
            if !same(y[k], y0[k]) {
                fails.push(format!(
                    "{what}: y[{k}] on {} = {}, on {} = {}",
                    isa_name(*isa),
                    show(y[k]),
                    isa_name(*i0),
                    show(y0[k])
                ));
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------
// last axis

#[test]
fn fast_rows_against_f64_and_across_isas() {
    let mut rng = Rng::new(141);
    let mut fails = Vec::new();
    let mut worst = [0.0f64; 2];
    for &cols in COLS
        .iter()
        .chain(&[4, 5, 7, 8, 48, 63, 65, 80, 127, 128, 129, 200])
    {
        for kind in 0..KINDS {
            let rows = if cols > 5000 { 2 } else { 3 };
            let x: Vec<f32> = (0..rows)
                .flat_map(|_| random_row(&mut rng, cols, kind))
                .collect();
            for log in [false, true] {
                let reference = reference_rows(&x, rows, cols, log);
                let mut per_isa = Vec::new();
                for isa in isas() {
                    let off = (cols + kind) % 4;
                    let y = fast_rows(isa, &x, rows, cols, log, off);
                    let exact = exact_rows(isa, &x, rows, cols, log);
                    let what = format!(
                        "{}_fast cols={cols} kind={kind} off={off} {}",
                        if log { "log_softmax" } else { "softmax" },
                        isa_name(isa)
                    );
                    let w = check_fast(&what, &y, &reference, &exact, &mut fails);
                    worst[log as usize] = worst[log as usize].max(w);
                    if !log {
                        for r in 0..rows {
                            let s: f64 =
                                y[r * cols..(r + 1) * cols].iter().map(|&v| v as f64).sum();
                            let bound = 8.0 * EPS * (1.0 + (cols as f64).log2());
                            if (s - 1.0).abs() > bound {
                                fails.push(format!(
                                    "{what} r={r}: sum {s} is not 1 within {bound:e}"
                                ));
                            }
                        }
                    }
                    per_isa.push((isa, y));
                }
                check_same_bits(
                    &format!("cols={cols} kind={kind} log={log}"),
                    &per_isa,
                    &mut fails,
                );
            }
        }
    }
    println!(
        "largest error: softmax_fast {:.2} ULP, log_softmax_fast {:.2} ULP",
        worst[0], worst[1]
    );
    finish(fails);
}

/// Rows whose spread makes x - m inexact (logits of different binades): the
/// rounding error of x - m must not reach the result.
#[test]
fn fast_rows_wide_spreads() {
    let mut rng = Rng::new(142);
    let mut fails = Vec::new();
    for cols in [16usize, 100, 1000] {
        for scale in [1.0f64, 10.0, 40.0, 86.0, 120.0] {
            let x: Vec<f32> = (0..cols)
                .map(|_| {
                    let base = rng.uniform(-1.0, 1.0) as f64 * scale;
                    // irregular low bits
                    (base * (1.0 + 1e-7 * rng.unit())) as f32
                })
                .collect();
            for log in [false, true] {
                let reference = reference_rows(&x, 1, cols, log);
                for isa in isas() {
                    let y = fast_rows(isa, &x, 1, cols, log, 1);
                    let exact = exact_rows(isa, &x, 1, cols, log);
                    let what = format!("spread {scale} cols={cols} log={log} {}", isa_name(isa));
                    check_fast(&what, &y, &reference, &exact, &mut fails);
                }
            }
        }
    }
    finish(fails);
}

/// Special rows (NaN, +-inf, all equal, all -inf, MAX, huge spreads, one
/// dominant entry, subnormal outputs), each at several positions and
/// lengths: the exact tier's specials bit for bit, the rest within bound.
#[test]
fn fast_rows_special_rows() {
    let mut fails = Vec::new();
    let mut rows: Vec<Vec<f32>> = Vec::new();
    for cols in [1usize, 3, 16, 17, 64, 65, 130] {
        let fills: [(f32, &[f32]); 10] = [
            (0.0, &[NAN]),
            (1.0, &[INF]),
            (-3.0, &[-INF]),
            (-INF, &[]),
            (-INF, &[5.0]),
            (2.5, &[]),
            (0.0, &[MAX, MAX, -MAX]),
            (-1e30, &[1e30]),
            (0.0, &[95.0]),
            (-100.0, &[-20.0, -0.0, f32::from_bits(1)]),
        ];
        for (fill, put) in fills {
            for pos in [0, cols / 2, cols.saturating_sub(1)] {
                let mut r = vec![fill; cols];
                for (i, &v) in put.iter().enumerate() {
                    if pos + i < cols {
                        r[pos + i] = v;
                    }
                }
                rows.push(r);
            }
        }
    }
    for x in &rows {
        let cols = x.len();
        for log in [false, true] {
            let reference = reference_rows(x, 1, cols, log);
            let mut per_isa = Vec::new();
            for isa in isas() {
                let y = fast_rows(isa, x, 1, cols, log, 0);
                let exact = exact_rows(isa, x, 1, cols, log);
                let what = format!("row {:?}.. log={log} {}", &x[..cols.min(4)], isa_name(isa));
                check_fast(&what, &y, &reference, &exact, &mut fails);
                per_isa.push((isa, y));
            }
            check_same_bits(&format!("special row log={log}"), &per_isa, &mut fails);
        }
    }
    finish(fails);
}

/// In place (y == x) gives the same bits as out of place.
#[test]
fn fast_rows_in_place() {
    let mut rng = Rng::new(143);
    let mut fails = Vec::new();
    let (rows, cols) = (4, 333);
    let x: Vec<f32> = (0..rows * cols).map(|_| rng.uniform(-20.0, 20.0)).collect();
    for isa in isas() {
        for log in [false, true] {
            let y = fast_rows(isa, &x, rows, cols, log, 0);
            let mut z = x.clone();
            let p = z.as_mut_ptr();
            let s = if log {
                unsafe { actfn_log_softmax_fast_f32(p, p, rows, cols) }
            } else {
                unsafe { actfn_softmax_fast_f32(p, p, rows, cols) }
            };
            assert_eq!(s, ACTFN_OK);
            // the C call runs the dispatched ISA: same bits as every ISA
            check_bits(
                &format!("in place log={log} {}", isa_name(isa)),
                &z,
                &y,
                &mut fails,
            );
        }
    }
    finish(fails);
}

// ---------------------------------------------------------------------
// any axis

fn axis_ref(x: &[f32], dims: [usize; 3], log: bool) -> Vec<f64> {
    let [outer, axis, inner] = dims;
    let mut out = vec![0.0f64; x.len()];
    for o in 0..outer {
        for i in 0..inner {
            let g: Vec<f32> = (0..axis).map(|a| x[(o * axis + a) * inner + i]).collect();
            let r = if log {
                log_softmax_ref1p(&g)
            } else {
                softmax_ref(&g)
            };
            for a in 0..axis {
                out[(o * axis + a) * inner + i] = r[a];
            }
        }
    }
    out
}

#[test]
fn fast_axis_against_f64_and_across_isas() {
    let mut rng = Rng::new(144);
    let mut fails = Vec::new();
    let shapes: &[[usize; 3]] = &[
        [1, 5, 3],
        [2, 7, 16],
        [3, 1, 9],
        [2, 33, 17],
        [1, 100, 40],
        [4, 3, 1],
        [2, 1000, 1],
        [1, 2, 65],
    ];
    for &dims in shapes {
        for kind in 0..KINDS {
            let n = dims.iter().product::<usize>();
            let mut x = random_row(&mut rng, n, kind);
            if kind == 2 && n > 4 {
                x[3] = NAN;
            }
            if kind == 5 && n > 10 {
                x[1] = INF;
                x[n - 1] = -INF;
            }
            for log in [false, true] {
                let reference = axis_ref(&x, dims, log);
                let mut per_isa = Vec::new();
                for isa in isas() {
                    let mut y = vec![sentinel(); n + 3];
                    testing::softmax_axis_fast(isa, &x, &mut y[..n], dims, log);
                    let mut exact = vec![sentinel(); n];
                    testing::softmax_axis(isa, &x, &mut exact, dims, log);
                    let what = format!("axis {dims:?} kind={kind} log={log} {}", isa_name(isa));
                    check_fast(&what, &y[..n], &reference, &exact, &mut fails);
                    per_isa.push((isa, y[..n].to_vec()));
                }
                check_same_bits(
                    &format!("axis {dims:?} kind={kind} log={log}"),
                    &per_isa,
                    &mut fails,
                );
            }
        }
    }
    finish(fails);
}

// ---------------------------------------------------------------------
// masked

fn masked_ref(x: &[f32], mask: &[u8], rows: usize, cols: usize, stride: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        let mk = &mask[r * stride..r * stride + cols];
        let xr: Vec<f32> = (0..cols)
            .map(|j| if mk[j] != 0 { x[r * cols + j] } else { -1e9 })
            .collect();
        let s = softmax_ref(&xr);
        out.extend((0..cols).map(|j| if mk[j] != 0 { s[j] } else { 0.0 }));
    }
    out
}

#[test]
fn fast_masked_against_f64_and_across_isas() {
    let mut rng = Rng::new(145);
    let mut fails = Vec::new();
    for cols in [1usize, 5, 16, 17, 64, 100, 1000] {
        for kind in 0..KINDS {
            let rows = 4;
            let x: Vec<f32> = (0..rows)
                .flat_map(|_| random_row(&mut rng, cols, kind))
                .collect();
            for per_row in [false, true] {
                let stride = if per_row { cols } else { 0 };
                let mut mask: Vec<u8> = (0..rows * cols)
                    .map(|_| (rng.below(4) != 0) as u8)
                    .collect();
                if per_row {
                    // an all-masked row, and an all-kept one
                    mask[cols..2 * cols].fill(0);
                    mask[2 * cols..3 * cols].fill(1);
                }
                let reference = masked_ref(&x, &mask, rows, cols, stride);
                let mut per_isa = Vec::new();
                for isa in isas() {
                    let mut y = vec![sentinel(); rows * cols];
                    testing::softmax_masked_fast(isa, &x, &mask, &mut y, rows, cols, stride);
                    let mut exact = vec![sentinel(); rows * cols];
                    testing::softmax_masked(isa, &x, &mask, &mut exact, rows, cols, stride);
                    let what = format!(
                        "masked cols={cols} kind={kind} per_row={per_row} {}",
                        isa_name(isa)
                    );
                    check_fast(&what, &y, &reference, &exact, &mut fails);
                    per_isa.push((isa, y));
                }
                check_same_bits(
                    &format!("masked cols={cols} kind={kind}"),
                    &per_isa,
                    &mut fails,
                );
            }
        }
    }
    finish(fails);
}

// ---------------------------------------------------------------------
// glu

fn glu_ref(x: &[f32], dims: [usize; 3]) -> Vec<f64> {
    let [outer, axis, inner] = dims;
    let h = axis / 2;
    let mut out = Vec::with_capacity(outer * h * inner);
    for o in 0..outer {
        for a in 0..h {
            for i in 0..inner {
                let av = x[(o * axis + a) * inner + i] as f64;
                let bv = x[(o * axis + a + h) * inner + i] as f64;
                out.push(if av.is_infinite() && bv.is_finite() {
                    av
                } else {
                    av * sigmoid64(bv)
                });
            }
        }
    }
    out
}

fn glu_both(isa: actfn_isa, x: &[f32], dims: [usize; 3]) -> (Vec<f32>, Vec<f32>) {
    let n = dims[0] * dims[1] / 2 * dims[2];
    let mut y = vec![sentinel(); n + 4];
    testing::glu_fast(isa, x, &mut y, dims);
    assert!(all_sentinel(&y[n..]), "glu_fast wrote past its output");
    y.truncate(n);
    let mut e = vec![sentinel(); n];
    testing::glu(isa, x, &mut e, dims);
    (y, e)
}

#[test]
fn fast_glu_against_f64_and_across_isas() {
    let mut rng = Rng::new(146);
    let mut fails = Vec::new();
    let mut worst = 0.0f64;
    let shapes: &[[usize; 3]] = &[
        [3, 2, 1],
        [2, 34, 1],
        [1, 2, 1000],
        [4, 6, 7],
        [2, 66, 3],
        [1, 8, 17],
    ];
    for &dims in shapes {
        for scale in [0.5f32, 5.0, 30.0, 90.0, 1e4] {
            let n: usize = dims.iter().product();
            let x: Vec<f32> = (0..n)
                .map(|_| rng.uniform(-scale as f64, scale as f64))
                .collect();
            let reference = glu_ref(&x, dims);
            let mut per_isa = Vec::new();
            for isa in isas() {
                let (y, e) = glu_both(isa, &x, dims);
                let what = format!("glu_fast {dims:?} scale={scale} {}", isa_name(isa));
                worst = worst.max(check_fast(&what, &y, &reference, &e, &mut fails));
                per_isa.push((isa, y));
            }
            check_same_bits(&format!("glu {dims:?} scale={scale}"), &per_isa, &mut fails);
        }
    }
    // b over every binade near the edges of the short path
    let mut x = Vec::new();
    for k in 0..4000 {
        let a = rng.uniform(-3.0, 3.0);
        let b = -100.0 + k as f32 * 0.05;
        x.push(a);
        x.push(b);
    }
    let dims = [x.len() / 2, 2, 1];
    let reference = glu_ref(&x, dims);
    let mut per_isa = Vec::new();
    for isa in isas() {
        let (y, e) = glu_both(isa, &x, dims);
        worst = worst.max(check_fast(
            &format!("glu_fast b sweep {}", isa_name(isa)),
            &y,
            &reference,
            &e,
            &mut fails,
        ));
        per_isa.push((isa, y));
    }
    check_same_bits("glu b sweep", &per_isa, &mut fails);
    println!("largest error: glu_fast {worst:.2} ULP");
    finish(fails);
}

/// Special pairs (a, b): the exact tier's values bit for bit where those
/// are special, signed zeros kept, the rest within bound.
#[test]
fn fast_glu_special_pairs() {
    let mut fails = Vec::new();
    let mut sp = specials();
    sp.extend([-87.5f32, -87.0, -86.9, 1e30, -1e30, -200.0, 200.0]);
    let mut x = Vec::new();
    for &a in &sp {
        for &b in &sp {
            x.push(a);
            x.push(b);
        }
    }
    let dims = [x.len() / 2, 2, 1];
    let reference = glu_ref(&x, dims);
    let mut per_isa = Vec::new();
    for isa in isas() {
        let (y, e) = glu_both(isa, &x, dims);
        for k in 0..y.len() {
            let ok = if special(reference[k], y[k], e[k]) {
                same(y[k], e[k])
            } else {
                ulp_err(y[k], reference[k]) <= FAST_ULP
            };
            if !ok {
                fails.push(format!(
                    "glu_fast(a={}, b={}) on {} = {}, exact tier {}, exact {:e}",
                    show(x[2 * k]),
                    show(x[2 * k + 1]),
                    isa_name(isa),
                    show(y[k]),
                    show(e[k]),
                    reference[k]
                ));
            }
        }
        per_isa.push((isa, y));
    }
    check_same_bits("glu special pairs", &per_isa, &mut fails);
    finish(fails);
}

// ---------------------------------------------------------------------
// C API: results and statuses

#[test]
fn fast_c_api_results() {
    let mut rng = Rng::new(147);
    let mut fails = Vec::new();
    let (rows, cols) = (5, 77);
    let n = rows * cols;
    let x: Vec<f32> = (0..n).map(|_| rng.uniform(-15.0, 15.0)).collect();
    let isa = testing::available()[0];
    let call = |f: &dyn Fn(*mut f32) -> actfn_status| {
        let mut y = vec![sentinel(); n];
        assert_eq!(f(y.as_mut_ptr()), ACTFN_OK);
        y
    };
    let xp = x.as_ptr();
    for log in [false, true] {
        let y = call(&|y| unsafe {
            if log {
                actfn_log_softmax_fast_f32(xp, y, rows, cols)
            } else {
                actfn_softmax_fast_f32(xp, y, rows, cols)
            }
        });
        let e = exact_rows(isa, &x, rows, cols, log);
        check_fast(
            &format!("C rows log={log}"),
            &y,
            &reference_rows(&x, rows, cols, log),
            &e,
            &mut fails,
        );
        check_bits(
            &format!("C rows log={log} = per-ISA"),
            &y,
            &fast_rows(isa, &x, rows, cols, log, 0),
            &mut fails,
        );
        let dims = [1, rows, cols];
        let y = call(&|y| unsafe {
            if log {
                actfn_log_softmax_axis_fast_f32(xp, y, 1, rows, cols)
            } else {
                actfn_softmax_axis_fast_f32(xp, y, 1, rows, cols)
            }
        });
        let mut e = vec![0.0f32; n];
        testing::softmax_axis(isa, &x, &mut e, dims, log);
        check_fast(
            &format!("C axis log={log}"),
            &y,
            &axis_ref(&x, dims, log),
            &e,
            &mut fails,
        );
    }
    let mask: Vec<u8> = (0..cols).map(|j| (j % 3 != 0) as u8).collect();
    let y =
        call(&|y| unsafe { actfn_softmax_masked_fast_f32(xp, mask.as_ptr(), y, rows, cols, 1) });
    let mut e = vec![0.0f32; n];
    testing::softmax_masked(isa, &x, &mask, &mut e, rows, cols, 0);
    check_fast(
        "C masked",
        &y,
        &masked_ref(&x, &mask, rows, cols, 0),
        &e,
        &mut fails,
    );
    // glu: [rows, cols - 1, 1] needs an even axis: use [1, 2, n / 2].
    let h = n / 2;
    let mut yg = vec![sentinel(); h];
    assert_eq!(
        unsafe { actfn_glu_fast_f32(xp, yg.as_mut_ptr(), 1, 2, h) },
        ACTFN_OK
    );
    let (_, eg) = glu_both(isa, &x[..2 * h], [1, 2, h]);
    check_fast(
        "C glu",
        &yg,
        &glu_ref(&x[..2 * h], [1, 2, h]),
        &eg,
        &mut fails,
    );
    // glu in place
    let mut z = x[..2 * h].to_vec();
    let zp = z.as_mut_ptr();
    assert_eq!(unsafe { actfn_glu_fast_f32(zp, zp, 1, 2, h) }, ACTFN_OK);
    check_bits("C glu in place", &z[..h], &yg, &mut fails);
    finish(fails);
}

/// Bad input: the fast entry points return the exact ones' statuses and
/// write nothing.
#[test]
fn fast_c_api_statuses() {
    let x = vec![1.0f32; 64];
    let xp = x.as_ptr();
    let null = core::ptr::null_mut::<f32>();
    let mask = [1u8; 64];
    type Case<'a> = (
        &'a str,
        actfn_status,
        Box<dyn Fn(*mut f32) -> [actfn_status; 2] + 'a>,
    );
    let cases: Vec<Case> = vec![
        (
            "rows cols=0",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_softmax_fast_f32(xp, y, 2, 0),
                    actfn_softmax_f32(xp, y, 2, 0),
                ]
            }),
        ),
        (
            "log rows cols=0",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_log_softmax_fast_f32(xp, y, 2, 0),
                    actfn_log_softmax_f32(xp, y, 2, 0),
                ]
            }),
        ),
        (
            "rows null x",
            ACTFN_ERR_NULL,
            Box::new(|y| unsafe {
                [
                    actfn_softmax_fast_f32(core::ptr::null(), y, 2, 4),
                    actfn_softmax_f32(core::ptr::null(), y, 2, 4),
                ]
            }),
        ),
        (
            "log rows overflow",
            ACTFN_ERR_SIZE,
            Box::new(|y| unsafe {
                [
                    actfn_log_softmax_fast_f32(xp, y, usize::MAX / 2, 4),
                    actfn_log_softmax_f32(xp, y, usize::MAX / 2, 4),
                ]
            }),
        ),
        (
            "rows overlap",
            ACTFN_ERR_OVERLAP,
            Box::new(|_| unsafe {
                let y = (xp as *mut f32).add(1);
                [
                    actfn_softmax_fast_f32(xp, y, 2, 8),
                    actfn_softmax_f32(xp, y, 2, 8),
                ]
            }),
        ),
        (
            "axis=0",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_softmax_axis_fast_f32(xp, y, 2, 0, 3),
                    actfn_softmax_axis_f32(xp, y, 2, 0, 3),
                ]
            }),
        ),
        (
            "log axis=0",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_log_softmax_axis_fast_f32(xp, y, 2, 0, 3),
                    actfn_log_softmax_axis_f32(xp, y, 2, 0, 3),
                ]
            }),
        ),
        (
            "log axis null y",
            ACTFN_ERR_NULL,
            Box::new(|_| unsafe {
                [
                    actfn_log_softmax_axis_fast_f32(xp, null, 2, 2, 3),
                    actfn_log_softmax_axis_f32(xp, null, 2, 2, 3),
                ]
            }),
        ),
        (
            "masked mask_rows=2 of 3",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_softmax_masked_fast_f32(xp, mask.as_ptr(), y, 3, 4, 2),
                    actfn_softmax_masked_f32(xp, mask.as_ptr(), y, 3, 4, 2),
                ]
            }),
        ),
        (
            "masked null mask",
            ACTFN_ERR_NULL,
            Box::new(|y| unsafe {
                [
                    actfn_softmax_masked_fast_f32(xp, core::ptr::null(), y, 3, 4, 1),
                    actfn_softmax_masked_f32(xp, core::ptr::null(), y, 3, 4, 1),
                ]
            }),
        ),
        (
            "masked mask overlaps y",
            ACTFN_ERR_OVERLAP,
            Box::new(|y| unsafe {
                let m = y as *const u8;
                [
                    actfn_softmax_masked_fast_f32(xp, m, y, 2, 4, 1),
                    actfn_softmax_masked_f32(xp, m, y, 2, 4, 1),
                ]
            }),
        ),
        (
            "glu odd axis",
            ACTFN_ERR_SHAPE,
            Box::new(|y| unsafe {
                [
                    actfn_glu_fast_f32(xp, y, 2, 3, 4),
                    actfn_glu_f32(xp, y, 2, 3, 4),
                ]
            }),
        ),
        (
            "glu null x",
            ACTFN_ERR_NULL,
            Box::new(|y| unsafe {
                [
                    actfn_glu_fast_f32(core::ptr::null(), y, 2, 2, 4),
                    actfn_glu_f32(core::ptr::null(), y, 2, 2, 4),
                ]
            }),
        ),
        (
            "glu partial overlap",
            ACTFN_ERR_OVERLAP,
            Box::new(|_| unsafe {
                let y = (xp as *mut f32).add(3);
                [
                    actfn_glu_fast_f32(xp, y, 2, 2, 4),
                    actfn_glu_f32(xp, y, 2, 2, 4),
                ]
            }),
        ),
    ];
    let mut fails = Vec::new();
    for (what, want, f) in &cases {
        let mut y = vec![sentinel(); 64];
        let [fast, exact] = f(y.as_mut_ptr());
        if fast != *want || exact != *want {
            fails.push(format!("{what}: fast {fast}, exact {exact}, want {want}"));
        }
        if !all_sentinel(&y) {
            fails.push(format!("{what}: wrote on error"));
        }
    }
    // Empty calls succeed and write nothing.
    let mut y = vec![sentinel(); 4];
    unsafe {
        assert_eq!(actfn_softmax_fast_f32(xp, y.as_mut_ptr(), 0, 5), ACTFN_OK);
        assert_eq!(
            actfn_log_softmax_axis_fast_f32(xp, y.as_mut_ptr(), 0, 3, 3),
            ACTFN_OK
        );
        assert_eq!(actfn_glu_fast_f32(xp, y.as_mut_ptr(), 0, 2, 3), ACTFN_OK);
    }
    assert!(all_sentinel(&y));
    finish(fails);
}
