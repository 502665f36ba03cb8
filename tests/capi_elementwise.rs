//! The element-wise entry points, called as C would: statuses for NULL,
//! size, overlap and parameters outside their domain (and nothing written on
//! error), in place, unknown ops, and `actfn_apply_f32` equal to the named
//! functions. None of these depends on the active ISA.

#![allow(
    clippy::needless_range_loop,
    clippy::neg_cmp_op_on_partial_ord,
    unused_imports
)]

use crate::capi_support;
use crate::support;

use actfn::capi::isa::*;
use actfn::capi::names::*;
use actfn::capi::params::*;
use actfn::capi::rowwise::*;
use actfn::capi::types::*;
use actfn::capi::*;
use actfn::catalogue::{Domain, Param, OPS};
use actfn::constants::*;
use actfn::testing;
use capi_support::*;
use std::ffi::{CStr, CString};
use support::*;

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
        let via_apply_fast =
            |x: *const f32, y: *mut f32, n: usize| apply(op | ACTFN_FAST, Some(&p), x, y, n);
        let via_direct_fast = |x: *const f32, y: *mut f32, n: usize| direct_fast(i, x, y, n, &p);
        for (how, call) in [
            ("apply", &via_apply as Call),
            ("direct", &via_direct as Call),
            ("apply | ACTFN_FAST", &via_apply_fast as Call),
            ("direct _fast", &via_direct_fast as Call),
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

/// What the catalogue must say each parameter accepts (docs/activations.md 4.x
/// and the layers' checks in 6.x).
fn expected_domain(op: &str, param: Param) -> Domain {
    match (op, param) {
        // Keras's relu function: any finite slope and threshold.
        ("relu_ex", Param::NegativeSlope) => Domain::Finite,
        ("relu_ex", Param::MaxValue) => Domain::NonNegativeOrInf,
        ("relu_ex", Param::Threshold) => Domain::Finite,
        ("leaky_relu", Param::NegativeSlope) => Domain::Finite,
        ("elu", Param::Alpha) => Domain::Finite,
        ("celu", Param::Alpha) => Domain::FiniteNonZero,
        ("hard_shrink" | "soft_shrink", Param::Threshold) => Domain::FiniteNonNegative,
        ("threshold", Param::Threshold | Param::DefaultValue) => Domain::Finite,
        ("squareplus", Param::B) => Domain::FiniteNonNegative,
        ("hard_sigmoid_ex", Param::Alpha | Param::Beta) => Domain::Finite,
        ("clip", Param::MinValue | Param::MaxValue) => Domain::NotNan,
        ("shrink", Param::Threshold | Param::Bias) => Domain::Finite,
        ("silu_ex", Param::Beta) => Domain::Finite,
        ("selu_ex", Param::Alpha | Param::Gamma) => Domain::Finite,
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
        Domain::NotNan => !v.is_nan(),
        Domain::FiniteOrInf => !v.is_nan() && v != f32::NEG_INFINITY,
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
                // The fast tier validates alike: the same status, nothing
                // written on error.
                let mut y3 = vec![sentinel(); x.len()];
                assert_eq!(
                    direct_fast(i, x.as_ptr(), y3.as_mut_ptr(), x.len(), &p),
                    want,
                    "direct _fast {what}"
                );
                let mut y4 = vec![sentinel(); x.len()];
                assert_eq!(
                    apply(
                        i as actfn_op | ACTFN_FAST,
                        Some(&p),
                        x.as_ptr(),
                        y4.as_mut_ptr(),
                        x.len()
                    ),
                    want,
                    "apply | ACTFN_FAST {what}"
                );
                if want != ACTFN_OK {
                    assert!(
                        all_sentinel(&y3) && all_sentinel(&y4),
                        "{what}: fast wrote on error"
                    );
                } else {
                    assert!(
                        y3.iter().zip(&y4).all(|(a, b)| same(*a, *b)),
                        "{what}: the fast tier's named function and apply differ"
                    );
                }
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
    // The cases docs/design.md names, spelled out.
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
            actfn_relu_ex_f32(xp, yp, 2, 0.0, f32::INFINITY, f32::NEG_INFINITY),
            ACTFN_ERR_PARAM,
            "-inf threshold"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, f32::NEG_INFINITY, f32::INFINITY, 0.0),
            ACTFN_ERR_PARAM,
            "-inf slope"
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
        // Keras's relu function takes negative slopes and thresholds.
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, -0.1, f32::INFINITY, 0.0),
            ACTFN_OK,
            "negative slope"
        );
        assert_eq!(
            actfn_relu_ex_f32(xp, yp, 2, 0.0, f32::INFINITY, -1.0),
            ACTFN_OK,
            "negative threshold"
        );
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
