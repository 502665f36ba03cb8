//! Each implementation's output against the f64 reference, before timing.

use super::*;

/// The f64 reference of f on the first `n` inputs (row-wise: whole rows).
pub fn reference_values(f: Func, x: &[f32]) -> Vec<f64> {
    match f {
        Func::Elementwise(op) => {
            let r = reference::for_op(OPS[op].name)
                .unwrap_or_else(|| panic!("no reference for {}", OPS[op].name));
            let p = bench_params(op);
            x.iter().map(|&v| r(v, &p)).collect()
        }
        Func::Rows { log } => {
            let mut out = Vec::with_capacity(x.len());
            for row in x.chunks(COLS) {
                let m = row.iter().fold(f64::NEG_INFINITY, |a, &v| a.max(v as f64));
                let s: f64 = row.iter().map(|&v| (v as f64 - m).exp()).sum();
                out.extend(row.iter().map(|&v| {
                    if log {
                        v as f64 - m - s.ln()
                    } else {
                        (v as f64 - m).exp() / s
                    }
                }));
            }
            out
        }
    }
}

#[derive(Default)]
pub struct Check {
    pub ok: bool,
    pub status: i32,
    pub max_err: f64,
    pub max_ulp: f64,
    pub worst: Option<(f32, f32, f64)>,
}

/// Compares y with the reference values of `points` (index, value).
pub fn check(f: Func, x: &[f32], y: &[f32], points: &[(usize, f64)]) -> Check {
    let floor = match f {
        Func::Rows { log: false } => CHECK_FLOOR_SOFTMAX,
        _ => CHECK_FLOOR,
    };
    let mut c = Check::default();
    for &(i, want) in points {
        let got = y[i];
        let err = if got.is_nan() || want.is_nan() {
            if got.is_nan() && want.is_nan() {
                0.0
            } else {
                f64::INFINITY
            }
        } else if got as f64 == want {
            0.0
        } else {
            (got as f64 - want).abs() / want.abs().max(floor)
        };
        let ulp = if err.is_finite() && !want.is_nan() {
            (got as f64 - want).abs() / reference::ulp_at(want)
        } else {
            f64::INFINITY
        };
        c.max_ulp = c.max_ulp.max(ulp);
        if err > c.max_err {
            c.max_err = err;
            c.worst = Some((x[i], got, want));
        }
    }
    c.ok = c.max_err <= CHECK_TOL;
    c
}
