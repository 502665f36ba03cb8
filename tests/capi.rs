//! The C ABI, called as C would: statuses for every kind of bad input (and
//! nothing written on error), names, parameters, statuses, version and ISA
//! selection.
//!
//! `actfn_force_isa` is process-wide: only `isa_selection` calls it, and it
//! restores the best ISA before returning. The other tests here do not
//! depend on which ISA is active (all ISAs give the same bits).

#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

mod support;

use actfn::capi::isa::*;
use actfn::capi::names::*;
use actfn::capi::params::*;
use actfn::capi::rowwise::*;
use actfn::capi::types::*;
use actfn::capi::*;
use actfn::catalogue::{Domain, Param, OPS};
use actfn::constants::*;
use actfn::testing;
use std::ffi::{CStr, CString};
use support::*;

use actfn::capi::actfn_apply_f32;

fn apply(
    op: actfn_op,
    p: Option<&actfn_params>,
    x: *const f32,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    let pp = p.map_or(std::ptr::null(), |p| p as *const actfn_params);
    unsafe { actfn_apply_f32(op, pp, x, y, n) }
}

/// The op's own `actfn_<name>_f32`, with its parameters taken from `p`.
fn direct(i: usize, x: *const f32, y: *mut f32, n: usize, p: &actfn_params) -> actfn_status {
    unsafe {
        match OPS[i].name {
            "relu" => actfn_relu_f32(x, y, n),
            "relu6" => actfn_relu6_f32(x, y, n),
            "relu_ex" => actfn_relu_ex_f32(x, y, n, p.negative_slope, p.max_value, p.threshold),
            "leaky_relu" => actfn_leaky_relu_f32(x, y, n, p.negative_slope),
            "sigmoid" => actfn_sigmoid_f32(x, y, n),
            "tanh" => actfn_tanh_f32(x, y, n),
            "exponential" => actfn_exponential_f32(x, y, n),
            "linear" => actfn_linear_f32(x, y, n),
            "softplus" => actfn_softplus_f32(x, y, n),
            "softsign" => actfn_softsign_f32(x, y, n),
            "silu" => actfn_silu_f32(x, y, n),
            "selu" => actfn_selu_f32(x, y, n),
            "gelu" => actfn_gelu_f32(x, y, n),
            "gelu_tanh" => actfn_gelu_tanh_f32(x, y, n),
            "hard_sigmoid" => actfn_hard_sigmoid_f32(x, y, n),
            "hard_silu" => actfn_hard_silu_f32(x, y, n),
            "mish" => actfn_mish_f32(x, y, n),
            "log_sigmoid" => actfn_log_sigmoid_f32(x, y, n),
            "tanh_shrink" => actfn_tanh_shrink_f32(x, y, n),
            "sparse_plus" => actfn_sparse_plus_f32(x, y, n),
            "sparse_sigmoid" => actfn_sparse_sigmoid_f32(x, y, n),
            "hard_tanh" => actfn_hard_tanh_f32(x, y, n),
            "elu" => actfn_elu_f32(x, y, n, p.alpha),
            "celu" => actfn_celu_f32(x, y, n, p.alpha),
            "hard_shrink" => actfn_hard_shrink_f32(x, y, n, p.threshold),
            "soft_shrink" => actfn_soft_shrink_f32(x, y, n, p.threshold),
            "threshold" => actfn_threshold_f32(x, y, n, p.threshold, p.default_value),
            "squareplus" => actfn_squareplus_f32(x, y, n, p.b),
            other => panic!("tests/capi.rs does not know actfn_{other}_f32 yet"),
        }
    }
}

/// Keras's defaults, with threshold's required parameters filled in.
fn base_params(i: usize) -> actfn_params {
    let mut p = testing::default_params(i);
    if OPS[i].name == "threshold" {
        p.threshold = 0.5;
        p.default_value = -1.0;
    }
    p
}

fn inputs() -> Vec<f32> {
    let mut rng = Rng::new(42);
    let mut v = specials();
    for _ in 0..500 {
        v.push(rng.uniform(-12.0, 12.0));
    }
    for _ in 0..200 {
        v.push(rng.any_bits());
    }
    v
}

/// Runs `f` on a sentinel-filled output and checks the status, and that
/// nothing was written when it is an error.
fn expect(what: &str, want: actfn_status, f: impl FnOnce(*mut f32) -> actfn_status) {
    let mut y = vec![sentinel(); 64];
    let got = f(y.as_mut_ptr());
    assert_eq!(
        got,
        want,
        "{what}: status {got} ({}), want {want}",
        status_str(got)
    );
    if want != ACTFN_OK {
        assert!(
            all_sentinel(&y),
            "{what}: wrote to y although it returned {got}"
        );
    }
}

fn status_str(s: actfn_status) -> String {
    unsafe { CStr::from_ptr(actfn_status_str(s)) }
        .to_string_lossy()
        .into_owned()
}

// ---------------------------------------------------------------------
// element-wise statuses

#[test]
fn elementwise_null_size_overlap() {
    let x = [1.0f32; 64];
    let huge_count = usize::MAX / 2; // count * 4 overflows
    let too_big = (isize::MAX as usize) / 4 + 1; // byte size > isize::MAX
    for i in 0..OPS.len() {
        let p = base_params(i);
        let op = i as actfn_op;
        let name = OPS[i].name;
        type Call<'a> = &'a dyn Fn(*const f32, *mut f32, usize) -> actfn_status;
        let via_apply = |x: *const f32, y: *mut f32, n: usize| apply(op, Some(&p), x, y, n);
        let via_direct = |x: *const f32, y: *mut f32, n: usize| direct(i, x, y, n, &p);
        for (how, call) in [
            ("apply", &via_apply as Call),
            ("direct", &via_direct as Call),
        ] {
            let w = |s: &str| format!("{name} via {how}: {s}");
            expect(&w("NULL x, n=4"), ACTFN_ERR_NULL, |y| {
                call(std::ptr::null(), y, 4)
            });
            expect(&w("NULL y, n=4"), ACTFN_ERR_NULL, |_| {
                call(x.as_ptr(), std::ptr::null_mut(), 4)
            });
            expect(&w("NULL x and y, n=0"), ACTFN_OK, |_| {
                call(std::ptr::null(), std::ptr::null_mut(), 0)
            });
            expect(&w("NULL x, n=0"), ACTFN_OK, |y| {
                call(std::ptr::null(), y, 0)
            });
            expect(&w("n=0 writes nothing"), ACTFN_OK, |y| {
                let s = call(x.as_ptr(), y, 0);
                assert!(
                    all_sentinel(unsafe { std::slice::from_raw_parts(y, 64) }),
                    "{name}: n=0 wrote"
                );
                s
            });
            expect(&w("n*4 overflows"), ACTFN_ERR_SIZE, |y| {
                call(x.as_ptr(), y, huge_count)
            });
            expect(&w("n*4 > isize::MAX"), ACTFN_ERR_SIZE, |y| {
                call(x.as_ptr(), y, too_big)
            });
            expect(&w("n = usize::MAX"), ACTFN_ERR_SIZE, |y| {
                call(x.as_ptr(), y, usize::MAX)
            });
            // Overlaps within one buffer; the buffer must stay as it was.
            for (xo, yo, n, want) in [
                (0usize, 1usize, 8usize, ACTFN_ERR_OVERLAP),
                (1, 0, 8, ACTFN_ERR_OVERLAP),
                (0, 7, 8, ACTFN_ERR_OVERLAP),
                (7, 0, 8, ACTFN_ERR_OVERLAP),
                (0, 8, 8, ACTFN_OK),
                (8, 0, 8, ACTFN_OK),
                (3, 3, 8, ACTFN_OK),
            ] {
                let mut buf: Vec<f32> = (0..32).map(|k| k as f32 * 0.25 - 3.0).collect();
                let before = buf.clone();
                let base = buf.as_mut_ptr();
                let s = unsafe { call(base.add(xo), base.add(yo), n) };
                assert_eq!(s, want, "{}", w(&format!("x=buf+{xo}, y=buf+{yo}, n={n}")));
                if want != ACTFN_OK {
                    assert_eq!(buf, before, "{}", w("wrote on an overlap error"));
                }
            }
        }
    }
}

#[test]
fn elementwise_in_place_equals_out_of_place() {
    let x = inputs();
    for i in 0..OPS.len() {
        let p = base_params(i);
        let mut y = vec![sentinel(); x.len()];
        assert_eq!(
            apply(i as actfn_op, Some(&p), x.as_ptr(), y.as_mut_ptr(), x.len()),
            ACTFN_OK
        );
        let mut z = x.clone();
        assert_eq!(
            apply(i as actfn_op, Some(&p), z.as_ptr(), z.as_mut_ptr(), z.len()),
            ACTFN_OK
        );
        for k in 0..x.len() {
            assert!(
                same(z[k], y[k]),
                "{} in place: x={} gives {} vs {}",
                OPS[i].name,
                show(x[k]),
                show(z[k]),
                show(y[k])
            );
        }
    }
}

/// What the catalogue must say each parameter accepts (ACTIVATIONS.md 4.x
/// and the layers' checks in 6.x).
fn expected_domain(op: &str, param: Param) -> Domain {
    match (op, param) {
        ("relu_ex", Param::NegativeSlope) => Domain::FiniteNonNegative,
        ("relu_ex", Param::MaxValue) => Domain::NonNegativeOrInf,
        ("relu_ex", Param::Threshold) => Domain::FiniteNonNegative,
        ("leaky_relu", Param::NegativeSlope) => Domain::Finite,
        ("elu", Param::Alpha) => Domain::Finite,
        ("celu", Param::Alpha) => Domain::FiniteNonZero,
        ("hard_shrink" | "soft_shrink", Param::Threshold) => Domain::FiniteNonNegative,
        ("threshold", Param::Threshold | Param::DefaultValue) => Domain::Finite,
        ("squareplus", Param::B) => Domain::FiniteNonNegative,
        _ => panic!("no expected domain for {op}.{param:?}"),
    }
}

/// Independent of `Domain::contains`.
fn accepts(d: Domain, v: f32) -> bool {
    match d {
        Domain::Finite => !v.is_nan() && !v.is_infinite(),
        Domain::FiniteNonNegative => !v.is_nan() && !v.is_infinite() && !(v < 0.0),
        Domain::NonNegativeOrInf => !v.is_nan() && !(v < 0.0),
        Domain::FiniteNonZero => !v.is_nan() && !v.is_infinite() && v != 0.0,
    }
}

#[test]
fn elementwise_parameter_domains() {
    let candidates = [
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        -1.0,
        -1e-40,
        -0.0,
        0.0,
        1e-40,
        0.5,
        1.0,
        1e30,
        f32::MAX,
        f32::MIN,
    ];
    let x: Vec<f32> = (0..20).map(|k| k as f32 - 10.0).collect();
    for i in 0..OPS.len() {
        for spec in OPS[i].params {
            let d = expected_domain(OPS[i].name, spec.param);
            assert_eq!(
                spec.domain,
                d,
                "{}.{} domain",
                OPS[i].name,
                spec.param.field()
            );
            for &v in &candidates {
                let mut p = base_params(i);
                p.set(spec.param, v);
                let want = if accepts(d, v) {
                    ACTFN_OK
                } else {
                    ACTFN_ERR_PARAM
                };
                let what = format!("{}.{} = {v:e}", OPS[i].name, spec.param.field());
                let mut y = vec![sentinel(); x.len()];
                assert_eq!(
                    apply(i as actfn_op, Some(&p), x.as_ptr(), y.as_mut_ptr(), x.len()),
                    want,
                    "apply {what}"
                );
                let mut y2 = vec![sentinel(); x.len()];
                assert_eq!(
                    direct(i, x.as_ptr(), y2.as_mut_ptr(), x.len(), &p),
                    want,
                    "direct {what}"
                );
                if want == ACTFN_OK {
                    assert!(
                        !y.iter().any(|v| v.to_bits() == SENTINEL_BITS),
                        "{what}: not all written"
                    );
                    for k in 0..x.len() {
                        assert!(
                            same(y[k], y2[k]),
                            "{what}: apply and direct differ at x={}",
                            x[k]
                        );
                    }
                } else {
                    assert!(
                        all_sentinel(&y) && all_sentinel(&y2),
                        "{what}: wrote on error"
                    );
                    // A bad parameter is reported even for n = 0.
                    assert_eq!(
                        apply(
                            i as actfn_op,
                            Some(&p),
                            std::ptr::null(),
                            std::ptr::null_mut(),
                            0
                        ),
                        want,
                        "n=0 {what}"
                    );
                }
            }
        }
    }
    // The cases DESIGN.md names, spelled out.
    let x = [1.0f32, -1.0];
    let mut y = [sentinel(); 2];
    let (xp, yp) = (x.as_ptr(), y.as_mut_ptr());
    unsafe {
        assert_eq!(
            actfn_elu_f32(xp, yp, 2, f32::NAN),
            ACTFN_ERR_PARAM,
            "NaN alpha"
        );
        assert_eq!(
            actfn_celu_f32(xp, yp, 2, 0.0),
            ACTFN_ERR_PARAM,
            "celu alpha 0"
        );
        assert_eq!(
            actfn_celu_f32(xp, yp, 2, -0.0),
            ACTFN_ERR_PARAM,
            "celu alpha -0"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, -1.0, 0.0),
            ACTFN_ERR_PARAM,
            "negative max_value"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, f32::NAN, 0.0),
            ACTFN_ERR_PARAM,
            "NaN max_value"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, -0.1, f32::INFINITY, 0.0),
            ACTFN_ERR_PARAM,
            "negative slope"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, f32::INFINITY, -1.0),
            ACTFN_ERR_PARAM,
            "negative threshold"
        );
        assert_eq!(
            actfn_threshold_f32(xp, yp, 2, f32::NAN, 0.0),
            ACTFN_ERR_PARAM,
            "threshold NaN theta"
        );
        assert_eq!(
            actfn_threshold_f32(xp, yp, 2, 0.0, f32::INFINITY),
            ACTFN_ERR_PARAM,
            "threshold inf value"
        );
        assert_eq!(
            actfn_squareplus_f32(xp, yp, 2, -4.0),
            ACTFN_ERR_PARAM,
            "squareplus b < 0"
        );
        assert_eq!(
            actfn_hard_shrink_f32(xp, yp, 2, -0.5),
            ACTFN_ERR_PARAM,
            "hard_shrink lambda < 0"
        );
        assert_eq!(
            actfn_leaky_relu_f32(xp, yp, 2, f32::NAN),
            ACTFN_ERR_PARAM,
            "leaky NaN slope"
        );
    }
    assert!(all_sentinel(&y));
    unsafe {
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, f32::INFINITY, 0.0),
            ACTFN_OK,
            "max_value INFINITY = none"
        );
        assert_eq!(y, [1.0, 0.0]);
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, 0.0, 0.0),
            ACTFN_OK,
            "max_value 0"
        );
        assert_eq!(y, [0.0, 0.0]);
    }
}

#[test]
fn elementwise_unknown_op_and_null_params() {
    let x = [1.0f32, -2.0, 0.5];
    let p = base_params(0);
    for op in [
        ACTFN_OP_COUNT,
        ACTFN_OP_COUNT + 1,
        1000,
        u32::MAX,
        i32::MAX as u32,
    ] {
        expect(&format!("apply op {op}"), ACTFN_ERR_UNKNOWN_OP, |y| {
            apply(op, Some(&p), x.as_ptr(), y, 3)
        });
        expect(
            &format!("apply op {op}, NULL params"),
            ACTFN_ERR_UNKNOWN_OP,
            |y| apply(op, None, x.as_ptr(), y, 3),
        );
        let mut q = p;
        q.alpha = 12345.0;
        assert_eq!(
            unsafe { actfn_params_default(op, &mut q) },
            ACTFN_ERR_UNKNOWN_OP
        );
        assert_eq!(q.alpha, 12345.0, "params_default wrote on error");
        assert!(
            actfn_op_name(op).is_null(),
            "actfn_op_name({op}) should be NULL"
        );
    }
    assert_eq!(
        unsafe { actfn_params_default(0, std::ptr::null_mut()) },
        ACTFN_ERR_NULL
    );
    // NULL params means Keras's defaults; threshold has required ones.
    let xs = inputs();
    for i in 0..OPS.len() {
        let op = i as actfn_op;
        let required = OPS[i].params.iter().any(|s| s.default.is_none());
        let mut y = vec![sentinel(); xs.len()];
        let s = apply(op, None, xs.as_ptr(), y.as_mut_ptr(), xs.len());
        if required {
            assert_eq!(s, ACTFN_ERR_PARAM, "{} with NULL params", OPS[i].name);
            assert!(all_sentinel(&y));
            continue;
        }
        assert_eq!(s, ACTFN_OK, "{} with NULL params", OPS[i].name);
        let mut d = base_params(0);
        assert_eq!(unsafe { actfn_params_default(op, &mut d) }, ACTFN_OK);
        let mut y2 = vec![sentinel(); xs.len()];
        assert_eq!(
            apply(op, Some(&d), xs.as_ptr(), y2.as_mut_ptr(), xs.len()),
            ACTFN_OK
        );
        for k in 0..xs.len() {
            assert!(
                same(y[k], y2[k]),
                "{}: NULL params differ from actfn_params_default at {}",
                OPS[i].name,
                show(xs[k])
            );
        }
    }
}

/// Each op reads only its own fields: garbage elsewhere changes nothing.
#[test]
fn elementwise_reads_only_its_own_parameters() {
    let xs = inputs();
    for i in 0..OPS.len() {
        let p = base_params(i);
        let mut q = p;
        for f in Param::ALL {
            if !OPS[i].params.iter().any(|s| s.param == f) {
                q.set(f, -f32::NAN);
            }
        }
        let mut y = vec![sentinel(); xs.len()];
        let mut y2 = vec![sentinel(); xs.len()];
        assert_eq!(
            apply(
                i as actfn_op,
                Some(&p),
                xs.as_ptr(),
                y.as_mut_ptr(),
                xs.len()
            ),
            ACTFN_OK
        );
        assert_eq!(
            apply(
                i as actfn_op,
                Some(&q),
                xs.as_ptr(),
                y2.as_mut_ptr(),
                xs.len()
            ),
            ACTFN_OK,
            "{}: garbage in unused fields",
            OPS[i].name
        );
        for k in 0..xs.len() {
            assert!(same(y[k], y2[k]), "{}", OPS[i].name);
        }
    }
}

#[test]
fn apply_bit_identical_to_named_functions() {
    let xs = inputs();
    for i in 0..OPS.len() {
        let mut sets = vec![base_params(i)];
        // A non-default value for each parameter, inside its domain.
        for spec in OPS[i].params {
            let mut p = base_params(i);
            p.set(spec.param, 0.75);
            sets.push(p);
        }
        for p in sets {
            let mut y = vec![sentinel(); xs.len()];
            let mut y2 = vec![sentinel(); xs.len()];
            assert_eq!(
                apply(
                    i as actfn_op,
                    Some(&p),
                    xs.as_ptr(),
                    y.as_mut_ptr(),
                    xs.len()
                ),
                ACTFN_OK
            );
            assert_eq!(
                direct(i, xs.as_ptr(), y2.as_mut_ptr(), xs.len(), &p),
                ACTFN_OK
            );
            // And both equal the per-ISA kernel of the active ISA's results
            // (every ISA gives the same bits, see tests/kernels.rs).
            let mut y3 = vec![sentinel(); xs.len()];
            testing::elementwise(ACTFN_ISA_SCALAR, i, &xs, &mut y3, &p);
            for k in 0..xs.len() {
                assert!(
                    same(y[k], y2[k]) && same(y[k], y3[k]),
                    "{} {p:?} x={}: apply {} named {} scalar {}",
                    OPS[i].name,
                    show(xs[k]),
                    show(y[k]),
                    show(y2[k]),
                    show(y3[k])
                );
            }
        }
    }
}

// ---------------------------------------------------------------------
// row-wise statuses

type Rows = unsafe extern "C" fn(*const f32, *mut f32, usize, usize) -> actfn_status;
type Axis = unsafe extern "C" fn(*const f32, *mut f32, usize, usize, usize) -> actfn_status;

#[test]
fn rowwise_statuses() {
    let x: Vec<f32> = (0..64).map(|k| (k % 9) as f32 * 0.5 - 2.0).collect();
    let rows_fns: [(&str, Rows); 3] = [
        ("softmax", actfn_softmax_f32),
        ("log_softmax", actfn_log_softmax_f32),
        ("sparsemax", actfn_sparsemax_f32),
    ];
    for (name, f) in rows_fns {
        let w = |s: &str| format!("{name}: {s}");
        expect(&w("rows>0, cols=0"), ACTFN_ERR_SHAPE, |y| unsafe {
            f(x.as_ptr(), y, 2, 0)
        });
        expect(&w("rows>0, cols=0, NULL"), ACTFN_ERR_SHAPE, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 2, 0)
        });
        expect(&w("rows=0, cols=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 0)
        });
        expect(&w("rows=0, cols=5, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 5)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 3, 4)
        });
        expect(&w("NULL y"), ACTFN_ERR_NULL, |_| unsafe {
            f(x.as_ptr(), std::ptr::null_mut(), 3, 4)
        });
        expect(&w("rows*cols overflows"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX, 2)
        });
        expect(&w("bytes overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX / 8, 2)
        });
        expect(&w("bytes > isize::MAX"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, 1, (isize::MAX as usize) / 4 + 1)
        });
        for (xo, yo, want) in [
            (0usize, 1usize, ACTFN_ERR_OVERLAP),
            (1, 0, ACTFN_ERR_OVERLAP),
            (0, 12, ACTFN_OK),
            (2, 2, ACTFN_OK),
        ] {
            let mut buf = x.clone();
            let before = buf.clone();
            let b = buf.as_mut_ptr();
            let s = unsafe { f(b.add(xo), b.add(yo), 3, 4) };
            assert_eq!(s, want, "{name}: overlap x+{xo} y+{yo}");
            if want != ACTFN_OK {
                assert_eq!(buf, before, "{name}: wrote on overlap error");
            }
        }
        // In place gives the out-of-place bits.
        let mut y = vec![sentinel(); 60];
        assert_eq!(unsafe { f(x.as_ptr(), y.as_mut_ptr(), 3, 20) }, ACTFN_OK);
        let mut z = x[..60].to_vec();
        assert_eq!(unsafe { f(z.as_ptr(), z.as_mut_ptr(), 3, 20) }, ACTFN_OK);
        for k in 0..60 {
            assert!(
                same(y[k], z[k]),
                "{name} in place at {k}: {} vs {}",
                show(z[k]),
                show(y[k])
            );
        }
    }

    let axis_fns: [(&str, Axis); 3] = [
        ("softmax_axis", actfn_softmax_axis_f32),
        ("log_softmax_axis", actfn_log_softmax_axis_f32),
        ("glu", actfn_glu_f32),
    ];
    for (name, f) in axis_fns {
        let w = |s: &str| format!("{name}: {s}");
        let empty_axis = if name == "glu" {
            ACTFN_OK
        } else {
            ACTFN_ERR_SHAPE
        };
        expect(&w("axis=0"), empty_axis, |y| unsafe {
            f(x.as_ptr(), y, 2, 0, 3)
        });
        expect(&w("outer=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 4, 3)
        });
        expect(&w("inner=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 2, 4, 0)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 2, 4, 3)
        });
        expect(&w("NULL y"), ACTFN_ERR_NULL, |_| unsafe {
            f(x.as_ptr(), std::ptr::null_mut(), 2, 4, 3)
        });
        expect(&w("product overflows"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX / 2, 4, 3)
        });
        expect(&w("bytes overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, 1, 2, usize::MAX / 8)
        });
        let mut buf = x.clone();
        let before = buf.clone();
        let b = buf.as_mut_ptr();
        let s = unsafe { f(b, b.add(1), 2, 4, 3) };
        assert_eq!(s, ACTFN_ERR_OVERLAP, "{name}: partial overlap");
        assert_eq!(buf, before, "{name}: wrote on overlap error");
    }
    // glu: odd axis, and the output may not overlap the input partially.
    for (o, a, i) in [(1usize, 3usize, 1usize), (2, 5, 3), (1, 1, 1)] {
        expect(&format!("glu odd axis {a}"), ACTFN_ERR_SHAPE, |y| unsafe {
            actfn_glu_f32(x.as_ptr(), y, o, a, i)
        });
    }
    // glu: y == x is allowed; y just past the first half overlaps the b half.
    let mut buf = x.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(unsafe { actfn_glu_f32(b, b, 2, 4, 3) }, ACTFN_OK);
    let mut buf = x.clone();
    let before = buf.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(
        unsafe { actfn_glu_f32(b, b.add(12), 2, 4, 3) },
        ACTFN_ERR_OVERLAP
    );
    assert_eq!(buf, before);
    assert_eq!(
        unsafe { actfn_glu_f32(b, b.add(24), 2, 4, 3) },
        ACTFN_OK,
        "glu output right after the input"
    );
}

#[test]
fn masked_and_prelu_statuses() {
    let x: Vec<f32> = (0..64).map(|k| (k % 7) as f32 - 3.0).collect();
    let mask = [1u8; 64];
    let m = mask.as_ptr();
    let xp = x.as_ptr();
    let call = |x: *const f32, m: *const u8, y: *mut f32, r: usize, c: usize, mr: usize| unsafe {
        actfn_softmax_masked_f32(x, m, y, r, c, mr)
    };
    expect("masked mask_rows=2 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 2)
    });
    expect("masked mask_rows=0 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 0)
    });
    expect("masked mask_rows=4 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 4)
    });
    expect("masked mask_rows=3", ACTFN_OK, |y| call(xp, m, y, 3, 4, 3));
    expect("masked mask_rows=1", ACTFN_OK, |y| call(xp, m, y, 3, 4, 1));
    expect("masked cols=0", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 0, 1)
    });
    expect("masked rows=0, NULL", ACTFN_OK, |_| {
        call(
            std::ptr::null(),
            std::ptr::null(),
            std::ptr::null_mut(),
            0,
            4,
            1,
        )
    });
    expect("masked NULL mask", ACTFN_ERR_NULL, |y| {
        call(xp, std::ptr::null(), y, 3, 4, 3)
    });
    expect("masked NULL x", ACTFN_ERR_NULL, |y| {
        call(std::ptr::null(), m, y, 3, 4, 3)
    });
    expect("masked NULL y", ACTFN_ERR_NULL, |_| {
        call(xp, m, std::ptr::null_mut(), 3, 4, 3)
    });
    expect("masked size", ACTFN_ERR_SIZE, |y| {
        call(xp, m, y, usize::MAX / 2, 4, 1)
    });
    // The mask may not overlap y.
    expect("masked mask inside y", ACTFN_ERR_OVERLAP, |y| {
        call(xp, unsafe { (y as *const u8).add(4) }, y, 3, 4, 1)
    });
    // Values: mask_rows = rows and broadcast.
    let mut y = [sentinel(); 12];
    let mk = [1u8, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1];
    assert_eq!(call(xp, mk.as_ptr(), y.as_mut_ptr(), 3, 4, 3), ACTFN_OK);
    assert_eq!(y[1], 0.0);
    assert_eq!(&y[4..8], &[0.0; 4], "fully masked row");
    assert!((y[0] + y[2] + y[3] - 1.0).abs() < 1e-6);

    let alpha = [0.25f32; 16];
    let a = alpha.as_ptr();
    let pcall = |x: *const f32, y: *mut f32, r: usize, c: usize, a: *const f32| unsafe {
        actfn_prelu_f32(x, y, r, c, a)
    };
    expect("prelu channels=0", ACTFN_ERR_SHAPE, |y| {
        pcall(xp, y, 2, 0, a)
    });
    expect("prelu rows=0 NULL", ACTFN_OK, |_| {
        pcall(
            std::ptr::null(),
            std::ptr::null_mut(),
            0,
            4,
            std::ptr::null(),
        )
    });
    expect("prelu NULL alpha", ACTFN_ERR_NULL, |y| {
        pcall(xp, y, 2, 4, std::ptr::null())
    });
    expect("prelu NULL x", ACTFN_ERR_NULL, |y| {
        pcall(std::ptr::null(), y, 2, 4, a)
    });
    expect("prelu size", ACTFN_ERR_SIZE, |y| {
        pcall(xp, y, usize::MAX / 2, 4, a)
    });
    expect("prelu alpha inside y", ACTFN_ERR_OVERLAP, |y| {
        pcall(xp, y, 2, 4, unsafe { y.add(2) })
    });
    expect("prelu alpha == x is fine", ACTFN_OK, |y| {
        pcall(xp, y, 2, 4, xp)
    });
    let mut buf = x.clone();
    let before = buf.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(pcall(b, unsafe { b.add(1) }, 2, 4, a), ACTFN_ERR_OVERLAP);
    assert_eq!(buf, before);
    assert_eq!(pcall(b, b, 2, 4, a), ACTFN_OK);
    assert_eq!(&buf[..8], &[-0.75, -0.5, -0.25, 0.0, 1.0, 2.0, 3.0, -0.75]);
}

// ---------------------------------------------------------------------
// names, parameters, strings

/// ACTIVATIONS.md 6.6: every name `activations.get` accepts.
const KERAS_NAMES: &[&str] = &[
    "celu",
    "elu",
    "exponential",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
];
const ROWWISE: &[&str] = &["softmax", "log_softmax", "glu", "sparsemax"];

fn from_name(name: &str) -> (actfn_status, actfn_op) {
    let c = CString::new(name).unwrap();
    let mut op: actfn_op = 0xdead;
    let s = unsafe { actfn_op_from_name(c.as_ptr(), &mut op) };
    (s, op)
}

fn op_name(op: actfn_op) -> String {
    let p = actfn_op_name(op);
    assert!(!p.is_null(), "actfn_op_name({op}) is NULL");
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

#[test]
fn op_from_name_every_keras_name() {
    for &name in KERAS_NAMES {
        let (s, op) = from_name(name);
        if ROWWISE.contains(&name) {
            assert_eq!(s, ACTFN_ERR_ROWWISE, "{name}");
            assert_eq!(op, 0xdead, "{name}: *op written on error");
            continue;
        }
        assert_eq!(s, ACTFN_OK, "{name}");
        let canonical = match name {
            "swish" => "silu",
            "hard_swish" => "hard_silu",
            n => n,
        };
        assert_eq!(op_name(op), canonical, "{name}");
        assert!(OPS[op as usize].keras_names.contains(&name));
    }
    // The catalogue has no Keras names beyond 6.6.
    for o in OPS {
        for k in o.keras_names {
            assert!(
                KERAS_NAMES.contains(k),
                "{} lists {k}, which Keras does not resolve",
                o.name
            );
        }
    }
    // Case-sensitive, exact, no extras.
    for bad in [
        "ReLU",
        "Relu",
        "RELU",
        "Swish",
        "GELU",
        "",
        " relu",
        "relu ",
        "relu\t",
        "prelu",
        "softmax_v2",
        "leakyrelu",
        "leaky-relu",
        "thresholded_relu",
        "none",
        "None",
        "hard_swish2",
    ] {
        let (s, op) = from_name(bad);
        assert_eq!(s, ACTFN_ERR_UNKNOWN_NAME, "{bad:?}");
        assert_eq!(op, 0xdead, "{bad:?}: *op written on error");
    }
    // NULL arguments.
    let mut op: actfn_op = 7;
    assert_eq!(
        unsafe { actfn_op_from_name(std::ptr::null(), &mut op) },
        ACTFN_ERR_NULL
    );
    let c = CString::new("relu").unwrap();
    assert_eq!(
        unsafe { actfn_op_from_name(c.as_ptr(), std::ptr::null_mut()) },
        ACTFN_ERR_NULL
    );
    assert_eq!(op, 7);
}

#[test]
fn op_name_round_trip_and_constants() {
    assert_eq!(ACTFN_OP_COUNT as usize, OPS.len());
    let mut seen = std::collections::HashSet::new();
    for (i, o) in OPS.iter().enumerate() {
        let n = op_name(i as actfn_op);
        assert_eq!(n, o.name);
        assert!(seen.insert(n.clone()), "duplicate name {n}");
        // Canonical names are accepted too, Keras names or not.
        assert_eq!(from_name(&n), (ACTFN_OK, i as actfn_op), "{n}");
    }
    // A few ACTFN_OP_* constants against the catalogue order.
    for (c, name) in [
        (ACTFN_OP_RELU, "relu"),
        (ACTFN_OP_RELU_EX, "relu_ex"),
        (ACTFN_OP_GELU, "gelu"),
        (ACTFN_OP_GELU_TANH, "gelu_tanh"),
        (ACTFN_OP_THRESHOLD, "threshold"),
        (ACTFN_OP_SQUAREPLUS, "squareplus"),
        (ACTFN_OP_SILU, "silu"),
        (ACTFN_OP_HARD_SILU, "hard_silu"),
    ] {
        assert_eq!(op_name(c), name);
    }
}

#[test]
fn params_default_values() {
    let nan = |v: f32| v.is_nan();
    let get = |name: &str| {
        let i = actfn::catalogue::find(name).unwrap();
        let mut p = actfn_params {
            negative_slope: 9.0,
            max_value: 9.0,
            threshold: 9.0,
            alpha: 9.0,
            default_value: 9.0,
            b: 9.0,
        };
        assert_eq!(
            unsafe { actfn_params_default(i as actfn_op, &mut p) },
            ACTFN_OK
        );
        p
    };
    let p = get("leaky_relu");
    assert_eq!(p.negative_slope, ACTFN_LEAKY_RELU_SLOPE);
    assert_eq!(p.negative_slope, 0.2f32);
    assert!(
        nan(p.alpha) && nan(p.max_value) && nan(p.threshold) && nan(p.default_value) && nan(p.b),
        "{p:?}"
    );
    let p = get("relu_ex");
    assert_eq!(
        (p.negative_slope, p.max_value, p.threshold),
        (0.0, f32::INFINITY, 0.0)
    );
    assert_eq!(get("elu").alpha, ACTFN_ELU_ALPHA);
    assert_eq!(get("celu").alpha, ACTFN_ELU_ALPHA);
    assert_eq!(ACTFN_ELU_ALPHA, 1.0);
    assert_eq!(get("hard_shrink").threshold, ACTFN_SHRINK_THRESHOLD);
    assert_eq!(get("soft_shrink").threshold, ACTFN_SHRINK_THRESHOLD);
    assert_eq!(ACTFN_SHRINK_THRESHOLD, 0.5);
    assert_eq!(get("squareplus").b, ACTFN_SQUAREPLUS_B);
    assert_eq!(ACTFN_SQUAREPLUS_B, 4.0);
    let p = get("threshold");
    assert!(
        nan(p.threshold) && nan(p.default_value),
        "threshold has no defaults: {p:?}"
    );
    let p = get("sigmoid");
    assert!(
        [
            p.negative_slope,
            p.max_value,
            p.threshold,
            p.alpha,
            p.default_value,
            p.b
        ]
        .iter()
        .all(|v| v.is_nan()),
        "{p:?}"
    );
    // The fixed constants, bit for bit (ACTIVATIONS.md 2.1).
    assert_eq!(ACTFN_SELU_ALPHA.to_bits(), 0x3FD6_2D7D);
    assert_eq!(ACTFN_SELU_SCALE.to_bits(), 0x3F86_7D5F);
    assert_eq!(ACTFN_GELU_TANH_COEFF.to_bits(), 0x3D37_2713);
    assert_eq!(ACTFN_SOFTMAX_MASK_VALUE, -1e9f32);
    assert_eq!(ACTFN_LEAKY_RELU_LAYER_SLOPE, 0.3f32);
    // The defaults table matches the catalogue.
    for (i, o) in OPS.iter().enumerate() {
        let mut p = base_params(0);
        assert_eq!(
            unsafe { actfn_params_default(i as actfn_op, &mut p) },
            ACTFN_OK
        );
        assert_eq!(
            format!("{p:?}"),
            format!("{:?}", testing::default_params(i)),
            "{}",
            o.name
        );
    }
}

#[test]
fn status_strings_and_version() {
    let mut seen = std::collections::HashSet::new();
    for s in 0..=10 {
        let m = status_str(s);
        assert!(!m.is_empty(), "status {s}");
        assert!(
            seen.insert(m.clone()),
            "status {s} shares its message {m:?}"
        );
        assert_ne!(m, "unknown status", "status {s} has no message");
    }
    for s in [11, -1, 1000, i32::MIN, i32::MAX] {
        assert!(!status_str(s).is_empty());
    }
    assert_eq!(status_str(ACTFN_OK), "ok");
    let v = unsafe { CStr::from_ptr(actfn_version()) }.to_str().unwrap();
    assert_eq!(v, env!("CARGO_PKG_VERSION"));
    assert_eq!(v.split('.').count(), 3);
}

// ---------------------------------------------------------------------
// ISA selection: the only test that changes the active ISA.

fn isa_str(isa: actfn_isa) -> String {
    unsafe { CStr::from_ptr(actfn_isa_name(isa)) }
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn isa_selection() {
    let avail = actfn::dispatch::available();
    let best = avail[0];
    if std::env::var_os("ACTFN_ISA").is_none() {
        assert_eq!(
            actfn_active_isa(),
            best,
            "with ACTFN_ISA unset the best ISA is active"
        );
    }
    for (isa, n) in [
        (ACTFN_ISA_NONE, "none"),
        (ACTFN_ISA_SCALAR, "scalar"),
        (ACTFN_ISA_AVX2, "avx2"),
        (ACTFN_ISA_AVX512, "avx512"),
        (ACTFN_ISA_NEON, "neon"),
        (5, "unknown"),
        (u32::MAX, "unknown"),
    ] {
        assert_eq!(isa_str(isa), n);
    }
    assert!(actfn_isa_supported(ACTFN_ISA_SCALAR));
    assert!(!actfn_isa_supported(ACTFN_ISA_NONE));
    assert!(!actfn_isa_supported(77));
    for isa in [
        ACTFN_ISA_SCALAR,
        ACTFN_ISA_AVX2,
        ACTFN_ISA_AVX512,
        ACTFN_ISA_NEON,
    ] {
        assert_eq!(
            actfn_isa_supported(isa),
            avail.contains(&isa),
            "{}",
            isa_str(isa)
        );
    }
    #[cfg(target_arch = "x86_64")]
    assert!(!actfn_isa_supported(ACTFN_ISA_NEON));
    #[cfg(target_arch = "aarch64")]
    assert!(!actfn_isa_supported(ACTFN_ISA_AVX2) && !actfn_isa_supported(ACTFN_ISA_AVX512));

    let xs = inputs();
    let gelu = actfn::catalogue::find("gelu").unwrap() as actfn_op;
    let mut reference = vec![0.0f32; xs.len()];
    testing::elementwise(
        ACTFN_ISA_SCALAR,
        gelu as usize,
        &xs,
        &mut reference,
        &testing::default_params(gelu as usize),
    );
    for &isa in &avail {
        assert_eq!(actfn_force_isa(isa), ACTFN_OK, "force {}", isa_str(isa));
        assert_eq!(actfn_active_isa(), isa);
        let mut y = vec![sentinel(); xs.len()];
        assert_eq!(
            unsafe { actfn_gelu_f32(xs.as_ptr(), y.as_mut_ptr(), xs.len()) },
            ACTFN_OK
        );
        assert!(
            (0..xs.len()).all(|k| same(y[k], reference[k])),
            "gelu forced to {}",
            isa_str(isa)
        );
        let mut s = vec![sentinel(); 34];
        assert_eq!(
            unsafe { actfn_softmax_f32(xs.as_ptr(), s.as_mut_ptr(), 2, 17) },
            ACTFN_OK
        );
        // Unsupported or unknown ISAs fail and change nothing.
        for bad in [
            ACTFN_ISA_NEON,
            ACTFN_ISA_AVX512,
            ACTFN_ISA_AVX2,
            5,
            u32::MAX,
        ] {
            if actfn_isa_supported(bad) {
                continue;
            }
            assert_eq!(
                actfn_force_isa(bad),
                ACTFN_ERR_ISA,
                "force {}",
                isa_str(bad)
            );
            assert_eq!(
                actfn_active_isa(),
                isa,
                "a failed force changed the active ISA"
            );
        }
    }
    // ACTFN_ISA_NONE returns to the best.
    assert_eq!(actfn_force_isa(ACTFN_ISA_SCALAR), ACTFN_OK);
    assert_eq!(actfn_force_isa(ACTFN_ISA_NONE), ACTFN_OK);
    assert_eq!(actfn_active_isa(), best);
}

// ---------------------------------------------------------------------
// ACTFN_ISA in the environment, tested in child processes (it is read once
// per process).

const CHILD_VAR: &str = "ACTFN_TEST_CHILD_EXPECT";

/// Does its work only in a child started by `isa_env_variable`.
#[test]
fn isa_env_child() {
    let Ok(want) = std::env::var(CHILD_VAR) else {
        return;
    };
    let want: actfn_isa = want.parse().unwrap();
    assert_eq!(
        actfn_active_isa(),
        want,
        "ACTFN_ISA={:?}",
        std::env::var("ACTFN_ISA")
    );
    let x = [1.0f32, -1.0, 0.5];
    let mut y = [sentinel(); 3];
    if want == ACTFN_ISA_NONE {
        // Every kernel call fails until actfn_force_isa succeeds.
        assert_eq!(
            unsafe { actfn_relu_f32(x.as_ptr(), y.as_mut_ptr(), 3) },
            ACTFN_ERR_ISA
        );
        assert_eq!(
            unsafe { actfn_softmax_f32(x.as_ptr(), y.as_mut_ptr(), 1, 3) },
            ACTFN_ERR_ISA
        );
        assert!(all_sentinel(&y));
        assert_eq!(actfn_force_isa(ACTFN_ISA_NONE), ACTFN_OK);
        assert_eq!(actfn_active_isa(), actfn::dispatch::available()[0]);
    }
    assert_eq!(
        unsafe { actfn_relu_f32(x.as_ptr(), y.as_mut_ptr(), 3) },
        ACTFN_OK
    );
    assert_eq!(y, [1.0, 0.0, 0.5]);
}

#[test]
fn isa_env_variable() {
    if std::env::var_os(CHILD_VAR).is_some() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let best = actfn::dispatch::available()[0];
    let mut cases: Vec<(&str, actfn_isa)> = vec![
        ("scalar", ACTFN_ISA_SCALAR),
        ("", best),
        ("bogus", ACTFN_ISA_NONE),
        ("SCALAR", ACTFN_ISA_NONE),
    ];
    for (n, isa) in [
        ("avx2", ACTFN_ISA_AVX2),
        ("avx512", ACTFN_ISA_AVX512),
        ("neon", ACTFN_ISA_NEON),
    ] {
        cases.push((
            n,
            if actfn_isa_supported(isa) {
                isa
            } else {
                ACTFN_ISA_NONE
            },
        ));
    }
    for (value, want) in cases {
        // Under qemu (cross tests) the child needs the emulator in front:
        // scripts/test-aarch64.sh sets ACTFN_TEST_RUNNER.
        let runner = std::env::var("ACTFN_TEST_RUNNER").unwrap_or_default();
        let mut words = runner.split_whitespace();
        let mut cmd = match words.next() {
            Some(prog) => {
                let mut c = std::process::Command::new(prog);
                c.args(words).arg(&exe);
                c
            }
            None => std::process::Command::new(&exe),
        };
        let out = cmd
            .args([
                "isa_env_child",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("ACTFN_ISA", value)
            .env(CHILD_VAR, want.to_string())
            .output()
            .expect("re-running the test binary");
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "ACTFN_ISA={value:?} (want {}):\n{}\n{}",
            isa_str(want),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
