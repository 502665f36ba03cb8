//! What the row-wise test files share: f64 references, the bounds they
//! check against, comparisons and test rows.
//!
//! Bounds used (stated here once):
//! - softmax, masked softmax: each element within 2.5 ULP of the f64
//!   reference (`SOFTMAX_ULP`; the documented 2 ULP is checked on its own
//!   in `softmax_documented_2_ulp`); glu within 2 ULP (documented: 1), where
//!   an ULP is the f32 spacing at the exact value (2^-149 when subnormal).
//! - log_softmax, last axis and any axis: within 2 ULP + 2^-50 absolute (`LOG_ABS`).
//! - softmax rows sum to 1 within 4 * 2^-24 * (1 + log2(cols)) (summed in
//!   f64).
//! - sparsemax: |y - exact| <= 8 * 2^-24 * max(1, |x_max|, |x_min kept|)
//!   (the kernel rounds z = x - max to f32), and sum within K times that.
//! - prelu: exact (one f32 rounding of alpha * x).
#![allow(dead_code, clippy::neg_cmp_op_on_partial_ord)]

use crate::support::*;
use actfn::capi::types::*;
use actfn::testing;

pub const INF: f32 = f32::INFINITY;
pub const NAN: f32 = f32::NAN;
pub const MAX: f32 = f32::MAX;
pub const EPS: f64 = 1.0 / (1u64 << 24) as f64; // 2^-24, half an ULP at 1
/// The bound the functional softmax tests use: 2.5 ULP (exp within 1 ULP,
/// the division by the f32-rounded sum adds up to 1.5). The C API documents
/// 2 ULP; `softmax_documented_2_ulp` checks that claim separately.
pub const SOFTMAX_ULP: f64 = 2.5;
/// What `actfn_softmax_f32`'s documentation promises.
pub const SOFTMAX_DOC_ULP: f64 = 2.0;
pub const GLU_ULP: f64 = 2.0;
pub const LOG_ULP: f64 = 2.0;
/// Entries next to the maximum are -log(1 + small): with the sum held in
/// f64 (as both kernels do) their absolute error is of order 2^-53, which
/// can be many ULP of a result near -1e-12. Allow 2^-50 absolute.
pub const LOG_ABS: f64 = 8.881_784_197_001_252e-16;

pub fn isas() -> Vec<actfn_isa> {
    testing::available()
}

// ---------------------------------------------------------------------
// f64 references

/// softmax of one group (f32 inputs, exact arithmetic in f64).
pub fn softmax_ref(x: &[f32]) -> Vec<f64> {
    if x.iter().any(|v| v.is_nan() || *v == INF) || x.iter().all(|v| *v == -INF) {
        return vec![f64::NAN; x.len()];
    }
    let m = x.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b as f64));
    let e: Vec<f64> = x.iter().map(|&v| (v as f64 - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

pub fn log_softmax_ref(x: &[f32]) -> Vec<f64> {
    if x.iter().any(|v| v.is_nan() || *v == INF) || x.iter().all(|v| *v == -INF) {
        return vec![f64::NAN; x.len()];
    }
    let m = x.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b as f64));
    let s: f64 = x.iter().map(|&v| (v as f64 - m).exp()).sum();
    let ls = s.ln();
    x.iter().map(|&v| (v as f64 - m) - ls).collect()
}

/// Sort-based sparsemax (Martins & Astudillo): sort descending, prefix sums
/// c_k, K = max{k : 1 + k z_k > c_k}, tau = (c_K - 1) / K.
pub fn sparsemax_ref(x: &[f32]) -> Vec<f64> {
    if x.iter().any(|v| v.is_nan() || *v == INF) {
        return vec![f64::NAN; x.len()];
    }
    // Shift-invariant: subtract the max so huge values cannot overflow f64.
    let m = x.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b as f64));
    let z: Vec<f64> = x.iter().map(|&v| v as f64 - m).collect();
    let mut s = z.clone();
    s.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let mut c = 0.0;
    let mut k_best = 0;
    let mut c_best = 0.0;
    for (k, &zk) in s.iter().enumerate() {
        let k1 = (k + 1) as f64;
        c += zk;
        if 1.0 + k1 * zk > c {
            k_best = k + 1;
            c_best = c;
        }
    }
    let tau = (c_best - 1.0) / k_best as f64;
    z.iter().map(|&v| (v - tau).max(0.0)).collect()
}

pub fn sigmoid64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

// ---------------------------------------------------------------------
// comparisons

pub fn check_ulp(what: &str, got: &[f32], exact: &[f64], tol: f64, fails: &mut Vec<String>) {
    for (k, (&g, &e)) in got.iter().zip(exact).enumerate() {
        let err = ulp_err(g, e);
        if !(err <= tol) {
            fails.push(format!(
                "{what}: y[{k}] = {}, exact {e:e}, error {err:.2} ULP > {tol}",
                show(g)
            ));
        }
    }
}

pub fn check_log(what: &str, got: &[f32], exact: &[f64], fails: &mut Vec<String>) {
    for (k, (&g, &e)) in got.iter().zip(exact).enumerate() {
        let ok = if e.is_nan() || g.is_nan() {
            e.is_nan() && g.is_nan()
        } else if e.is_infinite() || g.is_infinite() || e.abs() > MAX as f64 {
            (e as f32) == g
        } else {
            (g as f64 - e).abs() <= LOG_ULP * ulp_f32_at(e) + LOG_ABS
        };
        if !ok {
            let err = ulp_err(g, e);
            fails.push(format!(
                "{what}: y[{k}] = {}, exact {e:e} ({err:.1} ULP)",
                show(g)
            ));
        }
    }
}

pub fn check_bits(what: &str, got: &[f32], want: &[f32], fails: &mut Vec<String>) {
    assert_eq!(got.len(), want.len());
    for k in 0..got.len() {
        if !same(got[k], want[k]) {
            fails.push(format!(
                "{what}: y[{k}] = {}, want {}",
                show(got[k]),
                show(want[k])
            ));
        }
    }
}

pub fn finish(fails: Vec<String>) {
    if !fails.is_empty() {
        let n = fails.len();
        let shown: Vec<String> = fails.into_iter().take(60).collect();
        panic!("{n} failures:\n{}", shown.join("\n"));
    }
}

pub fn softmax_rows(isa: actfn_isa, x: &[f32], rows: usize, cols: usize, log: bool) -> Vec<f32> {
    let mut y = vec![sentinel(); rows * cols];
    testing::softmax_rows(isa, x, &mut y, rows, cols, log);
    y
}

/// Test rows: several scales and shapes.
pub fn random_row(rng: &mut Rng, cols: usize, kind: usize) -> Vec<f32> {
    let mut row: Vec<f32> = (0..cols)
        .map(|_| match kind % KINDS {
            0 => rng.uniform(-10.0, 10.0),
            1 => rng.uniform(-100.0, 100.0),
            2 => 300.0 + rng.uniform(-1.0, 1.0),
            3 => rng.uniform(-1e30, 1e30),
            4 => rng.uniform(-1e-3, 1e-3),
            5 => (rng.below(5) as f32) - 2.0, // ties
            // one dominant logit over small ones
            6 => rng.uniform(-1.0, 1.0),
            // a tenth of the entries -inf
            _ => {
                if rng.below(10) == 0 {
                    f32::NEG_INFINITY
                } else {
                    rng.uniform(-5.0, 5.0)
                }
            }
        })
        .collect();
    if kind % KINDS == 6 {
        let at = rng.below(cols);
        row[at] = 25.0;
    }
    if kind % KINDS == 7 && row.iter().all(|v| *v == f32::NEG_INFINITY) {
        row[0] = 0.0;
    }
    row
}

/// Row distributions of `random_row`.
pub const KINDS: usize = 8;

pub const COLS: &[usize] = &[1, 2, 3, 10, 15, 16, 17, 31, 33, 64, 1000, 1027, 32000];

/// sparsemax row `y` of `x` against the sort-based reference: each element
/// within 2^-21 max(1, |x_max|, |x_min kept|), none negative, the sum 1
/// within K times that (K kept entries).
pub fn check_sparsemax(what: &str, x: &[f32], y: &[f32], fails: &mut Vec<String>) {
    let e = sparsemax_ref(x);
    if e[0].is_nan() {
        if !y.iter().all(|v| v.is_nan()) {
            fails.push(format!("{what}: want all NaN, got {y:?}"));
        }
        return;
    }
    let m = x.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b)) as f64;
    let support_min = x
        .iter()
        .zip(&e)
        .filter(|(_, &v)| v > 0.0)
        .fold(m, |a, (&b, _)| a.min(b as f64));
    let scale = 1f64.max(m.abs()).max(support_min.abs());
    let tol = 8.0 * EPS * scale;
    let k = e.iter().filter(|&&v| v > 0.0).count().max(1);
    for j in 0..x.len() {
        if !((y[j] as f64 - e[j]).abs() <= tol) || y[j] < 0.0 {
            fails.push(format!(
                "{what}: y[{j}] = {} for x = {}, exact {:e} (tol {tol:e})",
                show(y[j]),
                show(x[j]),
                e[j]
            ));
        }
    }
    let s: f64 = y.iter().map(|&v| v as f64).sum();
    if (s - 1.0).abs() > k as f64 * tol {
        fails.push(format!("{what}: sums to {s}"));
    }
}
