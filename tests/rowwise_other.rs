//! glu, sparsemax and prelu per ISA, against f64 (sparsemax: sort-based)
//! references, with their special values and shape errors. Bounds:
//! `tests/rowwise_common`.
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::rowwise_common;
use crate::support;

use actfn::capi::rowwise::*;
use actfn::capi::types::*;
use actfn::testing;
use rowwise_common::*;
use support::*;

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
                // inf * sigmoid(b) is inf for any finite b (sigmoid > 0, even
                // where f64 underflows it to 0); NaN for b = -inf or NaN.
                let v = if av.is_infinite() && bv.is_finite() {
                    av
                } else {
                    av * sigmoid64(bv)
                };
                out.push(v);
            }
        }
    }
    out
}

fn glu(isa: actfn_isa, x: &[f32], dims: [usize; 3]) -> Vec<f32> {
    let n = dims[0] * dims[1] / 2 * dims[2];
    let mut y = vec![sentinel(); n + 4];
    testing::glu(isa, x, &mut y, dims);
    assert!(
        all_sentinel(&y[n..]),
        "glu wrote past its output: {:?}",
        &y[n..]
    );
    y.truncate(n);
    y
}

#[test]
fn glu_against_f64() {
    let mut rng = Rng::new(5);
    let mut fails = Vec::new();
    let shapes: &[[usize; 3]] = &[
        [3, 2, 1],
        [2, 34, 1],
        [2, 6, 5],
        [1, 2054, 1],
        [4, 32, 1],
        [1, 2, 17],
        [2, 4, 16],
        [1, 10, 33],
    ];
    for &dims in shapes {
        let n: usize = dims.iter().product();
        let x: Vec<f32> = (0..n)
            .map(|k| match k % 4 {
                0 => rng.uniform(-10.0, 10.0),
                1 => rng.uniform(-120.0, 120.0),
                2 => rng.uniform(-1e30, 1e30),
                _ => rng.any_bits(),
            })
            .collect();
        let exact = glu_ref(&x, dims);
        let scalar = glu(ACTFN_ISA_SCALAR, &x, dims);
        for isa in isas() {
            let y = glu(isa, &x, dims);
            let what = format!("glu {dims:?} {}", isa_name(isa));
            check_ulp(&what, &y, &exact, GLU_ULP, &mut fails);
            check_bits(&format!("{what} vs scalar"), &y, &scalar, &mut fails);
        }
    }
    finish(fails);
}

/// Special pairs (a, b): a * sigmoid(b) with its limits.
#[test]
fn glu_special_pairs() {
    let mut fails = Vec::new();
    let sp = [
        0.0f32,
        -0.0,
        1.0,
        -1.0,
        1e30,
        MAX,
        -MAX,
        INF,
        -INF,
        NAN,
        -100.0,
        100.0,
        -200.0,
        f32::from_bits(1),
    ];
    let mut x = Vec::new();
    for &a in &sp {
        for &b in &sp {
            x.push(a);
            x.push(b);
        }
    }
    // [pairs, 2, 1]: a and b adjacent.
    let dims = [x.len() / 2, 2, 1];
    let exact = glu_ref(&x, dims);
    for isa in isas() {
        let y = glu(isa, &x, dims);
        for k in 0..y.len() {
            let (a, b) = (x[2 * k], x[2 * k + 1]);
            let e = exact[k];
            // Signed zeros: a * sigmoid(b) keeps the sign of a (sigmoid >= 0).
            // A zero result has the sign of a (sigmoid(b) >= +0).
            let ok = if e == 0.0 {
                y[k] == 0.0 && y[k].is_sign_negative() == a.is_sign_negative()
            } else {
                ulp_err(y[k], e) <= GLU_ULP
            };
            if !ok {
                fails.push(format!(
                    "glu(a={}, b={}) on {} = {}, exact {e:e}",
                    show(a),
                    show(b),
                    isa_name(isa),
                    show(y[k])
                ));
            }
        }
    }
    finish(fails);
}

#[test]
fn glu_odd_axis_is_a_shape_error() {
    let x = [1.0f32; 12];
    let mut y = [sentinel(); 12];
    for (outer, axis, inner) in [(1, 3, 1), (2, 3, 2), (1, 1, 1), (4, 3, 1)] {
        let s = unsafe { actfn_glu_f32(x.as_ptr(), y.as_mut_ptr(), outer, axis, inner) };
        assert_eq!(s, ACTFN_ERR_SHAPE, "glu axis={axis}");
        assert!(all_sentinel(&y), "glu wrote on error");
    }
    // And in place through the C API equals out of place.
    let mut rng = Rng::new(6);
    let dims = [3usize, 10, 7];
    let n: usize = dims.iter().product();
    let x: Vec<f32> = (0..n).map(|_| rng.uniform(-8.0, 8.0)).collect();
    let mut y = vec![sentinel(); n / 2];
    let s = unsafe { actfn_glu_f32(x.as_ptr(), y.as_mut_ptr(), dims[0], dims[1], dims[2]) };
    assert_eq!(s, ACTFN_OK);
    let mut z = x.clone();
    let s = unsafe { actfn_glu_f32(z.as_ptr(), z.as_mut_ptr(), dims[0], dims[1], dims[2]) };
    assert_eq!(s, ACTFN_OK);
    let mut fails = Vec::new();
    check_bits("glu in place", &z[..n / 2], &y, &mut fails);
    check_ulp("glu C API", &y, &glu_ref(&x, dims), GLU_ULP, &mut fails);
    finish(fails);
}

// ---------------------------------------------------------------------
// sparsemax

fn sparsemax(isa: actfn_isa, x: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut y = vec![sentinel(); rows * cols];
    testing::sparsemax_rows(isa, x, &mut y, rows, cols);
    y
}

#[test]
fn sparsemax_exact_cases() {
    let mut fails = Vec::new();
    let third = 1.0f32 / 3.0;
    let cases: &[(&[f32], &[f32])] = &[
        (&[0.0, 0.5, 1.0], &[0.0, 0.25, 0.75]),
        (&[2.0, 2.0, 0.0], &[0.5, 0.5, 0.0]),
        (&[1.0, 1.0, 1.0], &[third, third, third]),
        (&[3.0, 3.0, 3.0, 3.0, -1.0], &[0.25, 0.25, 0.25, 0.25, 0.0]),
        (&[10.0, 0.0, -1.0], &[1.0, 0.0, 0.0]),
        (&[1.0, 0.0, 0.0], &[1.0, 0.0, 0.0]),
        (&[5.0], &[1.0]),
        (&[-1e30], &[1.0]),
        (&[-INF, 0.0, 0.5], &[0.0, 0.25, 0.75]),
        (&[0.5, -INF, -INF, 0.0], &[0.75, 0.0, 0.0, 0.25]),
        (&[MAX, -MAX], &[1.0, 0.0]),
        (&[MAX, MAX], &[0.5, 0.5]),
        (&[0.0, 0.0], &[0.5, 0.5]),
        (&[300.25, 300.0, 299.0], &[0.625, 0.375, 0.0]),
    ];
    for isa in isas() {
        for (x, want) in cases {
            let y = sparsemax(isa, x, 1, x.len());
            check_bits(
                &format!("sparsemax {x:?} {}", isa_name(isa)),
                &y,
                want,
                &mut fails,
            );
            check_sparsemax(
                &format!("sparsemax ref {x:?} {}", isa_name(isa)),
                x,
                &y,
                &mut fails,
            );
        }
        // NaN or +inf anywhere: the row is NaN.
        for bad in [NAN, INF] {
            for pos in [0usize, 8, 16] {
                let mut x: Vec<f32> = (0..17).map(|j| j as f32 * 0.1).collect();
                x[pos] = bad;
                let y = sparsemax(isa, &x, 1, 17);
                if !y.iter().all(|v| v.is_nan()) {
                    fails.push(format!(
                        "sparsemax with {bad} at {pos} on {}: {y:?}",
                        isa_name(isa)
                    ));
                }
            }
        }
    }
    finish(fails);
}

#[test]
fn sparsemax_against_sort_reference() {
    let mut rng = Rng::new(8);
    let mut fails = Vec::new();
    for &cols in COLS {
        for kind in 0..8 {
            let rows = 3;
            let x: Vec<f32> = (0..rows * cols)
                .map(|_| match kind {
                    0 => rng.uniform(-1.0, 1.0),
                    1 => rng.uniform(-0.1, 0.1),
                    2 => rng.uniform(-10.0, 10.0),
                    3 => (rng.below(4) as f32) * 0.25, // ties
                    4 => rng.uniform(-1e-4, 1e-4),
                    5 => 1000.0 + rng.uniform(-0.5, 0.5),
                    6 => {
                        if rng.below(4) == 0 {
                            -INF
                        } else {
                            rng.uniform(-0.3, 0.3)
                        }
                    }
                    _ => rng.uniform(-1e-2, 1e-2) * (1 + rng.below(100)) as f32,
                })
                .collect();
            let scalar = sparsemax(ACTFN_ISA_SCALAR, &x, rows, cols);
            for isa in isas() {
                let y = sparsemax(isa, &x, rows, cols);
                for r in 0..rows {
                    let what = format!("sparsemax cols={cols} kind={kind} r={r} {}", isa_name(isa));
                    let xr = &x[r * cols..(r + 1) * cols];
                    if xr.iter().all(|v| *v == -INF) {
                        continue;
                    }
                    check_sparsemax(&what, xr, &y[r * cols..(r + 1) * cols], &mut fails);
                }
                check_bits(
                    &format!(
                        "sparsemax cols={cols} kind={kind} {} vs scalar",
                        isa_name(isa)
                    ),
                    &y,
                    &scalar,
                    &mut fails,
                );
                let mut z = x.clone();
                let p = z.as_mut_ptr();
                unsafe {
                    let zs = std::slice::from_raw_parts(p, z.len());
                    let ys = std::slice::from_raw_parts_mut(p, z.len());
                    testing::sparsemax_rows(isa, zs, ys, rows, cols);
                }
                check_bits(
                    &format!("sparsemax in place cols={cols} {}", isa_name(isa)),
                    &z,
                    &y,
                    &mut fails,
                );
            }
        }
    }
    finish(fails);
}

// ---------------------------------------------------------------------
// prelu

fn prelu_ref(x: f32, a: f32) -> f32 {
    if x >= 0.0 || x.is_nan() {
        x
    } else if a == 0.0 {
        // The limit at -inf; 0 * (finite x < 0) is -0 too.
        -0.0
    } else {
        a * x
    }
}

#[test]
fn prelu_per_channel() {
    let mut rng = Rng::new(9);
    let mut fails = Vec::new();
    for channels in [1usize, 3, 8, 16, 17, 33, 64] {
        let rows = 9;
        let mut alpha: Vec<f32> = (0..channels).map(|_| rng.uniform(-0.5, 1.5)).collect();
        alpha[0] = 0.0;
        if channels > 2 {
            alpha[2] = 1.0;
        }
        let specials = [-INF, INF, NAN, -0.0, 0.0, -MAX, -1e-40, -1.0];
        let x: Vec<f32> = (0..rows * channels)
            .map(|k| {
                if k % 5 == 0 {
                    specials[(k / 5) % specials.len()]
                } else {
                    rng.uniform(-10.0, 10.0)
                }
            })
            .collect();
        let mut scalar = None;
        for isa in isas() {
            let mut y = vec![sentinel(); x.len()];
            testing::prelu(isa, &x, &mut y, &alpha);
            for k in 0..x.len() {
                let want = prelu_ref(x[k], alpha[k % channels]);
                if !same(y[k], want) {
                    fails.push(format!(
                        "prelu x={} alpha={} on {} = {}, want {}",
                        show(x[k]),
                        show(alpha[k % channels]),
                        isa_name(isa),
                        show(y[k]),
                        show(want)
                    ));
                }
            }
            match &scalar {
                None => scalar = Some(y.clone()),
                Some(s) => check_bits(
                    &format!("prelu {channels} {} vs first", isa_name(isa)),
                    &y,
                    s,
                    &mut fails,
                ),
            }
        }
    }
    // The documented special: alpha 0 at -inf gives -0.
    for isa in isas() {
        let mut y = [sentinel(); 4];
        testing::prelu(
            isa,
            &[-INF, -2.0, INF, -0.0],
            &mut y,
            &[0.0, -0.5, 0.0, 0.3],
        );
        check_bits(
            &format!("prelu specials {}", isa_name(isa)),
            &y,
            &[-0.0, 1.0, INF, -0.0],
            &mut fails,
        );
    }
    finish(fails);
}
