//! Issue 19's row-wise operators per ISA: softmin (bit for bit softmax of
//! -x, and within softmax's bound of an f64 reference), hardmax (exact,
//! against a numpy-argmax reference: first NaN, else first maximum with
//! -0 == +0) and prelu with channels first (exact, against f32 arithmetic);
//! every tail length, unaligned offsets, in place, every ISA against the
//! scalar kernels, and the C entry points' statuses with nothing written.
#![allow(clippy::needless_range_loop)]

use crate::capi_support::expect;
use crate::rowwise_common::*;
use crate::support::*;

use actfn::capi::names::*;
use actfn::capi::onnx_rowwise::*;
use actfn::capi::rowwise::*;
use actfn::capi::types::*;
use actfn::testing;
use std::ffi::CString;

/// Test rows: random values of several scales with specials mixed in.
fn row_values(rng: &mut Rng, n: usize, kind: usize) -> Vec<f32> {
    let specials = [0.0, -0.0, INF, -INF, NAN, MAX, -MAX, 1e-45, -1e-40];
    (0..n)
        .map(|k| match kind {
            0 => rng.uniform(-10.0, 10.0),
            1 => rng.uniform(-100.0, 100.0),
            // ties: few distinct values
            2 => (rng.below(4) as f32) - 2.0,
            3 => {
                if rng.below(7) == 0 {
                    specials[rng.below(specials.len())]
                } else {
                    rng.uniform(-30.0, 30.0)
                }
            }
            4 => -INF,
            5 => {
                if k % 5 == 3 {
                    -INF
                } else {
                    rng.uniform(-1e30, 1e30)
                }
            }
            _ => rng.any_bits(),
        })
        .collect()
}

const KINDS: usize = 7;

/// Lengths: every tail up to 70, and a few long rows.
fn lengths() -> Vec<usize> {
    let mut v: Vec<usize> = (1..=70).collect();
    v.extend([127, 256, 1000, 2053]);
    v
}

// ---------------------------------------------------------------------
// softmin

#[test]
fn softmin_rows_is_softmax_of_negated_on_every_isa() {
    let mut rng = Rng::new(1901);
    let mut checked = 0usize;
    for cols in lengths() {
        for kind in 0..KINDS {
            let rows = if cols > 200 { 2 } else { 3 };
            // One float of offset: the kernels see unaligned rows.
            let mut buf = vec![0.0f32; rows * cols + 1];
            buf[1..].copy_from_slice(&row_values(&mut rng, rows * cols, kind));
            let x = &buf[1..];
            let neg: Vec<f32> = x.iter().map(|v| -v).collect();
            let mut scalar: Option<Vec<f32>> = None;
            for isa in isas() {
                let mut y = vec![sentinel(); rows * cols + 3];
                testing::onnx_rows(isa, x, &mut y[1..], rows, cols, false);
                assert!(same(y[0], sentinel()) && all_sentinel(&y[rows * cols + 1..]));
                let y = &y[1..=rows * cols];
                let mut want = vec![0.0f32; rows * cols];
                testing::softmax_rows(isa, &neg, &mut want, rows, cols, false);
                for j in 0..rows * cols {
                    assert!(
                        y[j].to_bits() == want[j].to_bits(),
                        "{} softmin cols {cols} kind {kind} [{j}]: {} vs softmax(-x) {}",
                        isa_name(isa),
                        show(y[j]),
                        show(want[j])
                    );
                }
                for r in 0..rows {
                    let exact = softmax_ref(&neg[r * cols..(r + 1) * cols]);
                    for c in 0..cols {
                        let e = ulp_err(y[r * cols + c], exact[c]);
                        assert!(
                            e <= SOFTMAX_ULP,
                            "{} softmin cols {cols} kind {kind}: {} is {e} ULP from {}",
                            isa_name(isa),
                            show(y[r * cols + c]),
                            exact[c]
                        );
                    }
                }
                // In place gives the same bits.
                let mut xy = x.to_vec();
                testing::onnx_rows_in_place(isa, &mut xy, rows, cols, false);
                assert!(xy.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits()));
                match &scalar {
                    None => scalar = Some(y.to_vec()),
                    Some(s) => assert!(
                        s.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits()),
                        "{} softmin cols {cols} kind {kind} differs from scalar",
                        isa_name(isa)
                    ),
                }
                checked += rows * cols;
            }
        }
    }
    assert!(checked > 100_000);
}

#[test]
fn softmin_special_rows() {
    // softmin's own special values: -inf or NaN makes the row NaN, +inf
    // next to finite values gives 0, the minimum gets the largest share.
    let cases: &[(&[f32], &[f64])] = &[
        (&[1.0, 2.0, 3.0], &[]),
        (&[INF, 0.0, INF], &[0.0, 1.0, 0.0]),
        (&[1.0, -INF, 2.0], &[f64::NAN; 3]),
        (&[1.0, NAN], &[f64::NAN; 2]),
        (&[INF, INF], &[f64::NAN; 2]),
        (&[5.0], &[1.0]),
        (&[-0.0, 0.0], &[0.5, 0.5]),
        (&[MAX, -MAX], &[0.0, 1.0]),
    ];
    for isa in isas() {
        for (x, want) in cases {
            let mut y = vec![sentinel(); x.len()];
            testing::onnx_rows(isa, x, &mut y, 1, x.len(), false);
            let want: Vec<f64> = if want.is_empty() {
                // torch.softmin([1, 2, 3]) in f64
                let e: Vec<f64> = x.iter().map(|&v| (-(v as f64)).exp()).collect();
                let s: f64 = e.iter().sum();
                e.iter().map(|v| v / s).collect()
            } else {
                want.to_vec()
            };
            for j in 0..x.len() {
                assert!(
                    ulp_err(y[j], want[j]) <= SOFTMAX_DOC_ULP,
                    "{} softmin {x:?}: {} want {}",
                    isa_name(isa),
                    show(y[j]),
                    want[j]
                );
            }
        }
    }
}

/// `[outer, axis, inner]` shapes of the any-axis tests: axis and inner from
/// 1 up, inner below and above a register, a long axis.
const AXIS_SHAPES: &[[usize; 3]] = &[
    [1, 1, 1],
    [3, 5, 1],
    [2, 7, 3],
    [1, 4, 17],
    [3, 9, 16],
    [2, 33, 5],
    [2, 3, 64],
    [1, 300, 9],
    [2, 1, 7],
];

#[test]
fn softmin_axis_is_softmax_axis_of_negated() {
    let mut rng = Rng::new(1902);
    for &dims in AXIS_SHAPES {
        let n: usize = dims.iter().product();
        for kind in 0..KINDS {
            let x = row_values(&mut rng, n, kind);
            let neg: Vec<f32> = x.iter().map(|v| -v).collect();
            let mut scalar: Option<Vec<f32>> = None;
            for isa in isas() {
                let mut y = vec![sentinel(); n + 2];
                testing::onnx_axis(isa, &x, &mut y, dims, false);
                assert!(all_sentinel(&y[n..]), "softmin axis wrote past its end");
                let mut want = vec![0.0f32; n];
                testing::softmax_axis(isa, &neg, &mut want, dims, false);
                for j in 0..n {
                    assert!(
                        y[j].to_bits() == want[j].to_bits(),
                        "{} softmin {dims:?} kind {kind} [{j}]: {} vs {}",
                        isa_name(isa),
                        show(y[j]),
                        show(want[j])
                    );
                }
                // Against f64, group by group.
                let [outer, axis, inner] = dims;
                for o in 0..outer {
                    for i in 0..inner {
                        let at = |a: usize| (o * axis + a) * inner + i;
                        let g: Vec<f32> = (0..axis).map(|a| neg[at(a)]).collect();
                        let exact = softmax_ref(&g);
                        for a in 0..axis {
                            assert!(ulp_err(y[at(a)], exact[a]) <= SOFTMAX_ULP);
                        }
                    }
                }
                match &scalar {
                    None => scalar = Some(y[..n].to_vec()),
                    Some(s) => assert!(s
                        .iter()
                        .zip(&y[..n])
                        .all(|(a, b)| a.to_bits() == b.to_bits())),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------
// hardmax

/// numpy's argmax: the first NaN, else the first of the largest (-0 == +0).
fn argmax_ref(g: &[f32]) -> usize {
    if let Some(k) = g.iter().position(|v| v.is_nan()) {
        return k;
    }
    let mut best = 0;
    for k in 1..g.len() {
        if g[k] > g[best] {
            best = k;
        }
    }
    best
}

fn check_one_hot(what: &str, y: &[f32], at: usize) {
    for (j, v) in y.iter().enumerate() {
        let want: f32 = if j == at { 1.0 } else { 0.0 };
        assert!(
            v.to_bits() == want.to_bits(),
            "{what}: y[{j}] = {}, want {want} (the 1 at {at})",
            show(*v)
        );
    }
}

#[test]
fn hardmax_rows_exact_on_every_isa() {
    let mut rng = Rng::new(1903);
    let mut rows_checked = 0usize;
    for cols in lengths() {
        for kind in 0..KINDS {
            for nan_at in [None, Some(0usize), Some(cols / 2), Some(cols - 1)] {
                if nan_at.is_some() && kind != 3 {
                    continue;
                }
                let rows = 3;
                let mut buf = vec![0.0f32; rows * cols + 1];
                buf[1..].copy_from_slice(&row_values(&mut rng, rows * cols, kind));
                if let Some(p) = nan_at {
                    buf[1 + cols + p] = -NAN; // row 1, any sign
                }
                let x = buf[1..].to_vec();
                for isa in isas() {
                    let mut y = vec![sentinel(); rows * cols + 3];
                    testing::onnx_rows(isa, &buf[1..], &mut y[1..], rows, cols, true);
                    assert!(same(y[0], sentinel()) && all_sentinel(&y[rows * cols + 1..]));
                    let mut xy = x.clone();
                    testing::onnx_rows_in_place(isa, &mut xy, rows, cols, true);
                    for r in 0..rows {
                        let at = argmax_ref(&x[r * cols..(r + 1) * cols]);
                        let what = format!("{} hardmax cols {cols} kind {kind}", isa_name(isa));
                        check_one_hot(&what, &y[1 + r * cols..1 + (r + 1) * cols], at);
                        check_one_hot(
                            &format!("{what} in place"),
                            &xy[r * cols..(r + 1) * cols],
                            at,
                        );
                        rows_checked += 1;
                    }
                }
            }
        }
    }
    assert!(rows_checked > 1000);
}

#[test]
fn hardmax_rules() {
    // (row, index of the 1)
    let cases: &[(&[f32], usize)] = &[
        // ONNX's Hardmax example: [[3, 0, 1, 2], ...] -> 1 at index 0
        (&[3.0, 0.0, 1.0, 2.0], 0),
        (&[0.0, 1.0, 2.0, 3.0], 3),
        (&[-0.0, 0.0], 0),
        (&[0.0, -0.0], 0),
        (&[1.0, 2.0, 2.0, 1.0], 1),
        (&[-INF, -INF, -INF], 0),
        (&[MAX, INF, INF], 1),
        (&[1.0, NAN, 5.0, NAN], 1),
        (&[INF, 1.0, -NAN], 2),
        (&[NAN, INF], 0),
        (&[-1e-45, -0.0, 1e-45], 2),
    ];
    for isa in isas() {
        for (x, at) in cases {
            let mut y = vec![sentinel(); x.len()];
            testing::onnx_rows(isa, x, &mut y, 1, x.len(), true);
            check_one_hot(&format!("{} hardmax {x:?}", isa_name(isa)), &y, *at);
            // The same row as one group of the any-axis form.
            let mut y = vec![sentinel(); x.len() * 2];
            let two: Vec<f32> = x.iter().flat_map(|&v| [v, 0.0]).collect();
            testing::onnx_axis(isa, &two, &mut y, [1, x.len(), 2], true);
            let col: Vec<f32> = (0..x.len()).map(|a| y[2 * a]).collect();
            check_one_hot(&format!("{} hardmax axis {x:?}", isa_name(isa)), &col, *at);
        }
    }
}

#[test]
fn hardmax_axis_exact_on_every_isa() {
    let mut rng = Rng::new(1904);
    for &dims in AXIS_SHAPES {
        let [outer, axis, inner] = dims;
        let n = outer * axis * inner;
        for kind in 0..KINDS {
            let x = row_values(&mut rng, n, kind);
            for isa in isas() {
                let mut y = vec![sentinel(); n + 2];
                testing::onnx_axis(isa, &x, &mut y, dims, true);
                assert!(all_sentinel(&y[n..]));
                let mut xy = x.clone();
                testing::onnx_axis(isa, &x, &mut xy, dims, true);
                // in place through the raw pointer path
                let mut inplace = x.clone();
                let p = inplace.as_mut_ptr();
                unsafe {
                    let s = std::slice::from_raw_parts(p as *const f32, n);
                    let d = std::slice::from_raw_parts_mut(p, n);
                    testing::onnx_axis(isa, s, d, dims, true);
                }
                for o in 0..outer {
                    for i in 0..inner {
                        let at = |a: usize| (o * axis + a) * inner + i;
                        let g: Vec<f32> = (0..axis).map(|a| x[at(a)]).collect();
                        let want = argmax_ref(&g);
                        let what = format!("{} hardmax {dims:?} kind {kind}", isa_name(isa));
                        let col: Vec<f32> = (0..axis).map(|a| y[at(a)]).collect();
                        check_one_hot(&what, &col, want);
                        let col: Vec<f32> = (0..axis).map(|a| inplace[at(a)]).collect();
                        check_one_hot(&format!("{what} in place"), &col, want);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------
// prelu, channels first

fn prelu_ref(x: f32, a: f32) -> f32 {
    if x >= 0.0 || x.is_nan() {
        x
    } else if a == 0.0 {
        -0.0
    } else {
        a * x
    }
}

#[test]
fn prelu_channels_first_exact_on_every_isa() {
    let mut rng = Rng::new(1905);
    let specials = [-INF, INF, NAN, -0.0, 0.0, -MAX, -1e-40, -1.0];
    for channels in [1usize, 2, 3, 8, 17] {
        for inner in [1usize, 3, 4, 7, 8, 15, 16, 17, 31, 33, 49] {
            let outer = 2;
            let n = outer * channels * inner;
            let mut alpha: Vec<f32> = (0..channels).map(|_| rng.uniform(-0.5, 1.5)).collect();
            alpha[0] = 0.0;
            if channels > 2 {
                alpha[2] = 1.0;
                alpha[1] = -2.5;
            }
            let x: Vec<f32> = (0..n)
                .map(|k| {
                    if k % 5 == 0 {
                        specials[(k / 5) % specials.len()]
                    } else {
                        rng.uniform(-10.0, 10.0)
                    }
                })
                .collect();
            let mut scalar: Option<Vec<f32>> = None;
            for isa in isas() {
                let mut buf = vec![sentinel(); n + 2];
                testing::prelu_channels_first(isa, &x, &mut buf[1..=n], &alpha, inner);
                assert!(same(buf[0], sentinel()) && same(buf[n + 1], sentinel()));
                let y = &buf[1..=n];
                for o in 0..outer {
                    for c in 0..channels {
                        for i in 0..inner {
                            let k = (o * channels + c) * inner + i;
                            let want = prelu_ref(x[k], alpha[c]);
                            assert!(
                                same(y[k], want),
                                "{} prelu_channels_first ch {channels} inner {inner} \
                                 x {} alpha {}: {} want {}",
                                isa_name(isa),
                                show(x[k]),
                                alpha[c],
                                show(y[k]),
                                show(want)
                            );
                        }
                    }
                }
                // inner == 1 is the channels-last form.
                if inner == 1 {
                    let mut last = vec![0.0f32; n];
                    testing::prelu(isa, &x, &mut last, &alpha);
                    assert!(last.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits()));
                }
                match &scalar {
                    None => scalar = Some(y.to_vec()),
                    Some(s) => assert!(s.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits())),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------
// The C entry points

type Rows = unsafe extern "C" fn(*const f32, *mut f32, usize, usize) -> actfn_status;
type Axis = unsafe extern "C" fn(*const f32, *mut f32, usize, usize, usize) -> actfn_status;

#[test]
fn c_entry_points_compute_and_validate() {
    let x: Vec<f32> = (0..64).map(|k| ((k * 7) % 11) as f32 * 0.5 - 2.0).collect();
    let neg: Vec<f32> = x.iter().map(|v| -v).collect();
    // Results: softmin = softmax(-x), hardmax one-hot (active ISA).
    let mut a = vec![0.0f32; 60];
    let mut b = vec![0.0f32; 60];
    unsafe {
        assert_eq!(
            actfn_softmin_f32(x.as_ptr(), a.as_mut_ptr(), 4, 15),
            ACTFN_OK
        );
        assert_eq!(
            actfn_softmax_f32(neg.as_ptr(), b.as_mut_ptr(), 4, 15),
            ACTFN_OK
        );
        assert_eq!(a, b);
        assert_eq!(
            actfn_softmin_axis_f32(x.as_ptr(), a.as_mut_ptr(), 2, 5, 6),
            ACTFN_OK
        );
        assert_eq!(
            actfn_softmax_axis_f32(neg.as_ptr(), b.as_mut_ptr(), 2, 5, 6),
            ACTFN_OK
        );
        assert_eq!(a, b);
        assert_eq!(
            actfn_hardmax_f32(x.as_ptr(), a.as_mut_ptr(), 4, 15),
            ACTFN_OK
        );
        for r in 0..4 {
            check_one_hot(
                "C hardmax",
                &a[r * 15..(r + 1) * 15],
                argmax_ref(&x[r * 15..(r + 1) * 15]),
            );
        }
        let mut xy = x[..60].to_vec();
        assert_eq!(
            actfn_hardmax_axis_f32(xy.as_ptr(), xy.as_mut_ptr(), 2, 5, 6),
            ACTFN_OK
        );
        for o in 0..2 {
            for i in 0..6 {
                let g: Vec<f32> = (0..5).map(|k| x[(o * 5 + k) * 6 + i]).collect();
                let col: Vec<f32> = (0..5).map(|k| xy[(o * 5 + k) * 6 + i]).collect();
                check_one_hot("C hardmax axis in place", &col, argmax_ref(&g));
            }
        }
    }
    let rows_fns: [(&str, Rows); 2] = [
        ("softmin", actfn_softmin_f32),
        ("hardmax", actfn_hardmax_f32),
    ];
    for (name, f) in rows_fns {
        let w = |s: &str| format!("{name}: {s}");
        expect(&w("cols=0"), ACTFN_ERR_SHAPE, |y| unsafe {
            f(x.as_ptr(), y, 2, 0)
        });
        expect(&w("rows=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 5)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 3, 4)
        });
        expect(&w("NULL y"), ACTFN_ERR_NULL, |_| unsafe {
            f(x.as_ptr(), std::ptr::null_mut(), 3, 4)
        });
        expect(&w("overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX, 2)
        });
        expect(&w("bytes overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX / 8, 2)
        });
        let mut buf = vec![sentinel(); 32];
        let p = buf.as_mut_ptr();
        assert_eq!(unsafe { f(p, p.add(1), 2, 8) }, ACTFN_ERR_OVERLAP, "{name}");
        assert!(all_sentinel(&buf));
    }
    let axis_fns: [(&str, Axis); 2] = [
        ("softmin_axis", actfn_softmin_axis_f32),
        ("hardmax_axis", actfn_hardmax_axis_f32),
    ];
    for (name, f) in axis_fns {
        let w = |s: &str| format!("{name}: {s}");
        expect(&w("axis=0"), ACTFN_ERR_SHAPE, |y| unsafe {
            f(x.as_ptr(), y, 2, 0, 3)
        });
        expect(&w("inner=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 2, 3, 0)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 2, 3, 4)
        });
        expect(&w("overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX, 2, 2)
        });
        let mut buf = vec![sentinel(); 32];
        let p = buf.as_mut_ptr();
        assert_eq!(
            unsafe { f(p.add(2), p, 2, 3, 4) },
            ACTFN_ERR_OVERLAP,
            "{name}"
        );
        assert!(all_sentinel(&buf));
    }
    // prelu channels first
    let alpha = [0.25f32, -1.0, 0.5];
    let pc = |x: *const f32, y: *mut f32, o, c, i, a: *const f32| unsafe {
        actfn_prelu_channels_first_f32(x, y, o, c, i, a)
    };
    expect("prelu_cf channels=0", ACTFN_ERR_SHAPE, |y| {
        pc(x.as_ptr(), y, 2, 0, 3, alpha.as_ptr())
    });
    expect("prelu_cf empty", ACTFN_OK, |_| {
        pc(
            std::ptr::null(),
            std::ptr::null_mut(),
            0,
            3,
            4,
            std::ptr::null(),
        )
    });
    expect("prelu_cf NULL alpha", ACTFN_ERR_NULL, |y| {
        pc(x.as_ptr(), y, 2, 3, 4, std::ptr::null())
    });
    expect("prelu_cf NULL x", ACTFN_ERR_NULL, |y| {
        pc(std::ptr::null(), y, 2, 3, 4, alpha.as_ptr())
    });
    expect("prelu_cf size", ACTFN_ERR_SIZE, |y| {
        pc(x.as_ptr(), y, usize::MAX, 3, 2, alpha.as_ptr())
    });
    expect("prelu_cf alpha inside y", ACTFN_ERR_OVERLAP, |y| {
        pc(x.as_ptr(), y, 2, 3, 4, y.cast_const())
    });
    let mut y = vec![sentinel(); 24];
    assert_eq!(
        pc(x.as_ptr(), y.as_mut_ptr(), 2, 3, 4, alpha.as_ptr()),
        ACTFN_OK
    );
    for k in 0..24 {
        let c = (k / 4) % 3;
        assert!(same(y[k], prelu_ref(x[k], alpha[c])), "prelu_cf [{k}]");
    }
    let mut xy = x[..24].to_vec();
    assert_eq!(
        pc(xy.as_ptr(), xy.as_mut_ptr(), 2, 3, 4, alpha.as_ptr()),
        ACTFN_OK
    );
    assert_eq!(xy, y);
}

#[test]
fn rowwise_names_answer_rowwise() {
    for name in ["Hardmax", "hardmax", "softmin", "Softmin"] {
        let c = CString::new(name).unwrap();
        let mut op = 12345;
        let s = unsafe { actfn_op_from_name(c.as_ptr(), &mut op) };
        assert_eq!(s, ACTFN_ERR_ROWWISE, "{name}");
        assert_eq!(op, 12345, "{name}: op written");
    }
}
