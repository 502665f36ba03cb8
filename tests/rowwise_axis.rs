//! softmax and log_softmax over any axis (the strided path, inner > 1) and
//! the Softmax layer's masked softmax, per ISA, against f64 references.
//! Bounds: `tests/rowwise_common`.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::rowwise_common;
use crate::support;

use actfn::capi::types::*;
use actfn::testing;
use rowwise_common::*;
use support::*;

// ---------------------------------------------------------------------
// any axis

fn axis_ref(x: &[f32], dims: [usize; 3], log: bool) -> Vec<f64> {
    let [outer, axis, inner] = dims;
    let mut out = vec![0.0; x.len()];
    for o in 0..outer {
        for i in 0..inner {
            let g: Vec<f32> = (0..axis).map(|a| x[(o * axis + a) * inner + i]).collect();
            let r = if log {
                log_softmax_ref(&g)
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
fn softmax_any_axis() {
    any_axis(false);
}

#[test]
fn log_softmax_any_axis() {
    any_axis(true);
}

fn any_axis(log: bool) {
    let mut rng = Rng::new(3);
    let mut fails = Vec::new();
    let shapes: &[[usize; 3]] = &[
        [2, 5, 3],
        [3, 17, 7],
        [1, 1027, 2],
        [2, 1, 5],
        [1, 3, 16],
        [2, 16, 17],
        [1, 64, 33],
        [4, 2, 1],
        [3, 1000, 1],
    ];
    for &dims in shapes {
        let n = dims.iter().product();
        for kind in 0..KINDS {
            let mut x: Vec<f32> = random_row(&mut rng, n, kind);
            if kind == 0 && dims[1] > 1 {
                // -inf in one group, NaN in another, +inf in a third.
                x[0] = -INF;
                x[n - 1] = NAN;
                if dims[2] > 2 {
                    x[1] = INF;
                }
            }
            {
                let exact = axis_ref(&x, dims, log);
                let mut scalar = vec![sentinel(); n];
                testing::softmax_axis(ACTFN_ISA_SCALAR, &x, &mut scalar, dims, log);
                for isa in isas() {
                    let mut y = vec![sentinel(); n];
                    testing::softmax_axis(isa, &x, &mut y, dims, log);
                    let what = format!("axis {dims:?} kind={kind} log={log} {}", isa_name(isa));
                    if log {
                        check_log(&what, &y, &exact, &mut fails);
                    } else {
                        check_ulp(&what, &y, &exact, SOFTMAX_ULP, &mut fails);
                    }
                    check_bits(&format!("{what} vs scalar"), &y, &scalar, &mut fails);
                    if dims[2] == 1 {
                        // inner == 1 is the last-axis kernel.
                        let r = softmax_rows(isa, &x, dims[0], dims[1], log);
                        check_bits(&format!("{what} vs rows"), &y, &r, &mut fails);
                    }
                }
            }
        }
    }
    finish(fails);
}

/// The strided path (inner > 1) with a dominant entry: log_softmax of the
/// maximum is -log(1 + tiny), which needs the sum in extra precision.
#[test]
fn log_softmax_axis_dominant_entry() {
    let mut fails = Vec::new();
    for isa in isas() {
        for &(axis, inner) in &[(2usize, 3usize), (16, 5), (1000, 2)] {
            let dims = [1, axis, inner];
            let mut x = vec![-20.0f32; axis * inner];
            for i in 0..inner {
                x[(i % axis) * inner + i] = 0.0;
            }
            // Make the groups differ a little.
            for (k, v) in x.iter_mut().enumerate() {
                if *v != 0.0 {
                    *v -= (k % 3) as f32 * 0.25;
                }
            }
            let mut y = vec![0.0; x.len()];
            testing::softmax_axis(isa, &x, &mut y, dims, true);
            let e = axis_ref(&x, dims, true);
            let rows_equiv = {
                // Same groups through the last-axis kernel, after a transpose.
                let mut t = vec![0.0f32; x.len()];
                for a in 0..axis {
                    for i in 0..inner {
                        t[i * axis + a] = x[a * inner + i];
                    }
                }
                softmax_rows(isa, &t, inner, axis, true)
            };
            for i in 0..inner {
                let k = (i % axis) * inner + i;
                let err = ulp_err(y[k], e[k]);
                let err_rows = ulp_err(rows_equiv[i * axis + i % axis], e[k]);
                if err > 4.0 {
                    fails.push(format!(
                        "log_softmax axis [1,{axis},{inner}] {} group {i}: max entry {} exact {:e} ({err:.1} ULP; the last-axis kernel is {err_rows:.1} ULP)",
                        isa_name(isa),
                        show(y[k]),
                        e[k]
                    ));
                }
            }
        }
    }
    finish(fails);
}

// ---------------------------------------------------------------------
// masked softmax (Keras 3 Softmax layer)

fn masked_ref(x: &[f32], keep: &[u8]) -> Vec<f64> {
    if keep.iter().all(|&k| k == 0) {
        return vec![0.0; x.len()];
    }
    let xm: Vec<f32> = x
        .iter()
        .zip(keep)
        .map(|(&v, &k)| if k != 0 { v } else { -1e9 })
        .collect();
    let r = softmax_ref(&xm);
    r.iter()
        .zip(keep)
        .map(|(&v, &k)| if k != 0 { v } else { 0.0 })
        .collect()
}

fn masked(
    isa: actfn_isa,
    x: &[f32],
    mask: &[u8],
    rows: usize,
    cols: usize,
    stride: usize,
) -> Vec<f32> {
    let mut y = vec![sentinel(); rows * cols];
    testing::softmax_masked(isa, x, mask, &mut y, rows, cols, stride);
    y
}

#[test]
fn masked_softmax() {
    let mut rng = Rng::new(4);
    let mut fails = Vec::new();
    for &cols in COLS {
        let rows = 5;
        let x: Vec<f32> = (0..rows * cols).map(|_| rng.uniform(-10.0, 10.0)).collect();
        let mut mask: Vec<u8> = (0..rows * cols)
            .map(|_| {
                if rng.below(3) == 0 {
                    0
                } else {
                    [1u8, 2, 255][rng.below(3)]
                }
            })
            .collect();
        // Row 1 fully masked, row 2 fully kept.
        mask[cols..2 * cols].fill(0);
        mask[2 * cols..3 * cols].fill(1);
        // Row 3: masked positions hold NaN, +inf and -inf; they must not show.
        let mut x = x;
        for j in 0..cols {
            if mask[3 * cols + j] == 0 {
                x[3 * cols + j] = [NAN, INF, -INF][j % 3];
            }
        }
        let scalar = masked(ACTFN_ISA_SCALAR, &x, &mask, rows, cols, cols);
        for isa in isas() {
            let y = masked(isa, &x, &mask, rows, cols, cols);
            for r in 0..rows {
                let what = format!("masked cols={cols} row={r} {}", isa_name(isa));
                let xr = &x[r * cols..(r + 1) * cols];
                let mr = &mask[r * cols..(r + 1) * cols];
                let yr = &y[r * cols..(r + 1) * cols];
                check_ulp(&what, yr, &masked_ref(xr, mr), SOFTMAX_ULP, &mut fails);
                for j in 0..cols {
                    if mr[j] == 0 && yr[j].to_bits() != 0 {
                        fails.push(format!("{what}: masked y[{j}] = {}, want +0", show(yr[j])));
                    }
                }
            }
            // A fully kept row is the plain softmax, bit for bit.
            let plain = softmax_rows(isa, &x[2 * cols..3 * cols], 1, cols, false);
            check_bits(
                &format!("masked all-kept vs softmax cols={cols} {}", isa_name(isa)),
                &y[2 * cols..3 * cols],
                &plain,
                &mut fails,
            );
            check_bits(
                &format!("masked cols={cols} {} vs scalar", isa_name(isa)),
                &y,
                &scalar,
                &mut fails,
            );
            // One mask row broadcast to every row (stride 0).
            let m0 = &mask[..cols];
            let yb = masked(isa, &x, m0, rows, cols, 0);
            for r in 0..rows {
                let what = format!("broadcast mask cols={cols} row={r} {}", isa_name(isa));
                let exp = masked_ref(&x[r * cols..(r + 1) * cols], m0);
                if r == 3 {
                    // Row 3 holds non-finite values where its own mask masks.
                    continue;
                }
                check_ulp(
                    &what,
                    &yb[r * cols..(r + 1) * cols],
                    &exp,
                    SOFTMAX_ULP,
                    &mut fails,
                );
            }
        }
    }
    // Keras's corner: unmasked logits far below -1e9 lose their mass to the
    // masked slots, which are then zeroed: [-1e30, -2e30, masked] -> 0.
    for isa in isas() {
        let y = masked(isa, &[-1e30, -2e30, 5.0], &[1, 1, 0], 1, 3, 3);
        check_bits(
            &format!("masked far below -1e9 {}", isa_name(isa)),
            &y,
            &[0.0, 0.0, 0.0],
            &mut fails,
        );
        // A single kept column gives 1 whatever the masked values.
        let y = masked(isa, &[NAN, 7.0, INF, -INF], &[0, 1, 0, 0], 1, 4, 4);
        check_bits(
            &format!("masked single kept {}", isa_name(isa)),
            &y,
            &[0.0, 1.0, 0.0, 0.0],
            &mut fails,
        );
        // Fully masked row of specials: zeros.
        let y = masked(isa, &[NAN, INF, -INF, 1.0], &[0, 0, 0, 0], 1, 4, 4);
        check_bits(
            &format!("fully masked {}", isa_name(isa)),
            &y,
            &[0.0; 4],
            &mut fails,
        );
        // NaN or +inf in a kept position still spoils the row.
        let y = masked(isa, &[NAN, 1.0, 2.0], &[1, 1, 0], 1, 3, 3);
        if !(y[0].is_nan() && y[1].is_nan() && y[2].to_bits() == 0) {
            fails.push(format!("kept NaN {}: {:?}", isa_name(isa), y));
        }
    }
    finish(fails);
}
