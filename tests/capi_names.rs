//! Names, parameter defaults, status strings and the version, as C sees
//! them.

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
// names, parameters, strings

/// docs/activations.md 6.6: every name `activations.get` accepts.
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
        "RELU",
        "GELU",
        "",
        " relu",
        "relu ",
        "relu\t",
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
            min_value: 9.0,
            beta: 9.0,
            bias: 9.0,
            gamma: 9.0,
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
    // The fixed constants, bit for bit (docs/activations.md 2.1).
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
