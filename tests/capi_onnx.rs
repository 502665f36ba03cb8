//! ONNX operator types and PyTorch names (issue 19): every float ONNX
//! activation operator resolves to one libactfn call with ONNX's defaults,
//! the ONNX specification's own examples give their documented outputs, and
//! the PyTorch names give PyTorch's defaults. The expectations here are
//! written out by hand from the ONNX operator docs (opsets 6 to 24) and
//! torch.nn.functional, not read from the library's alias table.

use crate::capi_support;

use actfn::capi::names::*;
use actfn::capi::types::*;
use actfn::catalogue::{Param, OPS};
use actfn::testing;
use capi_support::*;
use std::ffi::{CStr, CString};

/// Every field NaN.
fn unset() -> actfn_params {
    let mut p = testing::base_params(0);
    for q in Param::ALL {
        p.set(q, f32::NAN);
    }
    p
}

fn resolve(name: &str) -> (actfn_status, actfn_op, actfn_params) {
    let c = CString::new(name).unwrap();
    let mut op: actfn_op = 0xdead;
    let mut p = unset();
    p.alpha = 1234.0;
    let s = unsafe { actfn_params_from_name(c.as_ptr(), &mut op, &mut p) };
    (s, op, p)
}

fn op_name(op: actfn_op) -> String {
    unsafe { CStr::from_ptr(actfn::capi::names::actfn_op_name(op)) }
        .to_str()
        .unwrap()
        .to_owned()
}

use Param::*;

/// (name, canonical op, defaults the name must give for every parameter
/// of the op).
type Attrs = &'static [(Param, f32)];

const EXPECTED: &[(&str, &str, Attrs)] = &[
    // ONNX (ai.onnx), the float activation operators.
    ("Relu", "relu", &[]),
    ("LeakyRelu", "leaky_relu", &[(NegativeSlope, 0.01)]),
    ("Elu", "elu", &[(Alpha, 1.0)]),
    (
        "Selu",
        "selu_ex",
        &[
            (Alpha, f32::from_bits(0x3FD6_2D7D)),
            (Gamma, f32::from_bits(0x3F86_7D5F)),
        ],
    ),
    ("Celu", "celu", &[(Alpha, 1.0)]),
    (
        "ThresholdedRelu",
        "threshold",
        &[(Threshold, 1.0), (DefaultValue, 0.0)],
    ),
    ("Sigmoid", "sigmoid", &[]),
    (
        "HardSigmoid",
        "hard_sigmoid_ex",
        &[(Alpha, 0.2), (Beta, 0.5)],
    ),
    ("HardSwish", "hard_silu", &[]),
    ("Tanh", "tanh", &[]),
    ("Softplus", "softplus", &[]),
    ("Softsign", "softsign", &[]),
    ("Mish", "mish", &[]),
    ("Gelu", "gelu", &[]),
    ("Swish", "silu_ex", &[(Beta, 1.0)]),
    ("Shrink", "shrink", &[(Threshold, 0.5), (Bias, 0.0)]),
    (
        "Clip",
        "clip",
        &[(MinValue, -f32::MAX), (MaxValue, f32::MAX)],
    ),
    ("Exp", "exponential", &[]),
    ("Identity", "linear", &[]),
    ("QuickGelu", "quick_gelu", &[]),
    // PyTorch (torch.nn.functional) names Keras spells differently.
    ("hardtanh", "clip", &[(MinValue, -1.0), (MaxValue, 1.0)]),
    ("hardsigmoid", "hard_sigmoid", &[]),
    ("hardswish", "hard_silu", &[]),
    ("logsigmoid", "log_sigmoid", &[]),
    ("hardshrink", "hard_shrink", &[(Threshold, 0.5)]),
    ("softshrink", "soft_shrink", &[(Threshold, 0.5)]),
    ("tanhshrink", "tanh_shrink", &[]),
    (
        "clamp",
        "clip",
        &[(MinValue, f32::NEG_INFINITY), (MaxValue, f32::INFINITY)],
    ),
    // Keras's names keep Keras's defaults.
    ("leaky_relu", "leaky_relu", &[(NegativeSlope, 0.2)]),
    ("hard_sigmoid", "hard_sigmoid", &[]),
    ("swish", "silu", &[]),
    ("selu", "selu", &[]),
];

#[test]
fn every_name_resolves_with_its_framework_defaults() {
    for &(name, want_op, defaults) in EXPECTED {
        let (s, op, p) = resolve(name);
        assert_eq!(s, ACTFN_OK, "{name}");
        assert_eq!(op_name(op), want_op, "{name}");
        let info = &OPS[op as usize];
        assert_eq!(
            info.params.len(),
            defaults.len(),
            "{name}: the table must give every parameter of {want_op}"
        );
        for &(q, v) in defaults {
            assert!(
                info.params.iter().any(|s| s.param == q),
                "{name}: {want_op} has no {q:?}"
            );
            assert_eq!(p.get(q).to_bits(), v.to_bits(), "{name}.{}", q.field());
        }
        // Fields the op does not read are NaN, as actfn_params_default.
        for q in Param::ALL {
            if !info.params.iter().any(|s| s.param == q) {
                assert!(p.get(q).is_nan(), "{name}.{} = {}", q.field(), p.get(q));
            }
        }
        // actfn_op_from_name agrees on the op.
        let c = CString::new(name).unwrap();
        let mut op2: actfn_op = 0xdead;
        assert_eq!(
            unsafe { actfn_op_from_name(c.as_ptr(), &mut op2) },
            ACTFN_OK
        );
        assert_eq!(op2, op, "{name}");
    }
}

#[test]
fn rowwise_and_unknown_names() {
    for name in [
        "Softmax",
        "LogSoftmax",
        "Hardmax",
        "PRelu",
        "prelu",
        "softmin",
        "softmax",
        "glu",
    ] {
        let (s, op, p) = resolve(name);
        assert_eq!(s, ACTFN_ERR_ROWWISE, "{name}");
        assert_eq!(op, 0xdead, "{name}: op written on error");
        assert_eq!(p.alpha, 1234.0, "{name}: params written on error");
    }
    for name in [
        "relu ",
        "RELU",
        "ReLU",
        "Hardsigmoid",
        "hardSigmoid",
        "SWISH",
        "clip ",
        "Gelu\0",
        "",
        "LeakyReLU",
        "Hardtanh",
        "HardTanh",
    ] {
        let c = match CString::new(name) {
            Ok(c) => c,
            Err(_) => continue,
        };
        let mut op: actfn_op = 0xdead;
        let mut p = unset();
        p.alpha = 1234.0;
        let s = unsafe { actfn_params_from_name(c.as_ptr(), &mut op, &mut p) };
        assert_eq!(s, ACTFN_ERR_UNKNOWN_NAME, "{name:?}");
        assert_eq!(op, 0xdead);
        assert_eq!(p.alpha, 1234.0);
    }
    let c = CString::new("Relu").unwrap();
    let mut op: actfn_op = 0xdead;
    let mut p = unset();
    unsafe {
        assert_eq!(
            actfn_params_from_name(std::ptr::null(), &mut op, &mut p),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            actfn_params_from_name(c.as_ptr(), std::ptr::null_mut(), &mut p),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            actfn_params_from_name(c.as_ptr(), &mut op, std::ptr::null_mut()),
            ACTFN_ERR_NULL
        );
    }
    assert_eq!(op, 0xdead);
}

/// Every float ONNX activation operator of the issue maps to one call.
#[test]
fn every_onnx_activation_operator_is_covered() {
    for name in [
        "Relu",
        "LeakyRelu",
        "PRelu",
        "Elu",
        "Selu",
        "Celu",
        "ThresholdedRelu",
        "Sigmoid",
        "HardSigmoid",
        "HardSwish",
        "Tanh",
        "Softplus",
        "Softsign",
        "Mish",
        "Gelu",
        "Swish",
        "Shrink",
        "Clip",
        "Exp",
        "Softmax",
        "LogSoftmax",
        "Hardmax",
    ] {
        let (s, _, _) = resolve(name);
        assert!(s == ACTFN_OK || s == ACTFN_ERR_ROWWISE, "{name}: {s}");
    }
}

/// Runs `name` with its defaults overridden by `attrs` on `x` on every ISA.
fn run(name: &str, attrs: &[(Param, f32)], x: &[f32]) -> Vec<f32> {
    let (s, op, mut p) = resolve(name);
    assert_eq!(s, ACTFN_OK, "{name}");
    for &(q, v) in attrs {
        p.set(q, v);
    }
    every_isa(name, op as usize, &p, x)
}

/// `op` on `x` through `actfn_apply_f32` (the active ISA), checked against
/// every ISA's kernel bit for bit.
fn every_isa(name: &str, op: usize, p: &actfn_params, x: &[f32]) -> Vec<f32> {
    let mut y = vec![f32::NAN; x.len()];
    assert_eq!(
        apply(op as actfn_op, Some(p), x.as_ptr(), y.as_mut_ptr(), x.len()),
        ACTFN_OK,
        "{name}"
    );
    for isa in testing::available() {
        let mut yi = vec![f32::NAN; x.len()];
        testing::elementwise(isa, op, x, &mut yi, p);
        for k in 0..x.len() {
            assert!(
                y[k].to_bits() == yi[k].to_bits(),
                "{name} on {}: x = {:e} gives {:e}, the active ISA {:e}",
                testing::isa_name(isa),
                x[k],
                yi[k],
                y[k]
            );
        }
    }
    y
}

fn close(got: &[f32], want: &[f64], tol: f64) -> bool {
    got.iter()
        .zip(want)
        .all(|(&g, &w)| ((g as f64) - w).abs() <= tol * w.abs().max(1e-30))
}

/// The examples of the ONNX operator documentation (onnx/docs/Operators.md),
/// with its printed outputs (to the digits printed there).
#[test]
fn onnx_specification_examples() {
    let x = [-1.0f32, 0.0, 1.0];
    // HardSigmoid: alpha 0.5, beta 0.6 -> [0.1, 0.6, 1].
    let y = run("HardSigmoid", &[(Alpha, 0.5), (Beta, 0.6)], &x);
    assert!(close(&y, &[0.1, 0.6, 1.0], 1e-6), "{y:?}");
    // HardSigmoid default: [0.3, 0.5, 0.7].
    let y = run("HardSigmoid", &[], &x);
    assert!(close(&y, &[0.3, 0.5, 0.7], 1e-6), "{y:?}");
    // Selu: alpha 2, gamma 3 -> [-3.79272318, 0., 3.].
    let y = run("Selu", &[(Alpha, 2.0), (Gamma, 3.0)], &x);
    assert!(close(&y, &[-3.792_723_18, 0.0, 3.0], 1e-7), "{y:?}");
    // Selu default (the f32 constants 0x3FD62D7D and 0x3F867D5F): [-1.11133074, 0., 1.05070102].
    let y = run("Selu", &[], &x);
    assert!(
        close(&y, &[-1.111_330_74, 0.0, 1.050_701_02], 1e-7),
        "{y:?}"
    );
    // Elu: alpha 2 -> [-1.2642411, 0., 1.].
    let y = run("Elu", &[(Alpha, 2.0)], &x);
    assert!(close(&y, &[-1.264_241_1, 0.0, 1.0], 1e-7), "{y:?}");
    // LeakyRelu: alpha 0.1 -> [-0.1, 0., 1.].
    let y = run("LeakyRelu", &[(NegativeSlope, 0.1)], &x);
    assert_eq!(y, [-0.1, 0.0, 1.0]);
    // ThresholdedRelu: alpha 2 on [-2, 0, 2, 2.5] -> [0, 0, 0, 2.5].
    let y = run(
        "ThresholdedRelu",
        &[(Threshold, 2.0)],
        &[-2.0, 0.0, 2.0, 2.5],
    );
    assert_eq!(y, [0.0, 0.0, 0.0, 2.5]);
    // Clip: min -1, max 1 on [-2, 0, 2] -> [-1, 0, 1]; min > max -> max.
    let y = run(
        "Clip",
        &[(MinValue, -1.0), (MaxValue, 1.0)],
        &[-2.0, 0.0, 2.0],
    );
    assert_eq!(y, [-1.0, 0.0, 1.0]);
    let y = run(
        "Clip",
        &[(MinValue, 2.0), (MaxValue, 1.0)],
        &[-2.0, 0.0, 2.0],
    );
    assert_eq!(y, [1.0, 1.0, 1.0]);
    // Clip with only a min: -0.2 or -inf's absent max keeps 3e38.
    let y = run("Clip", &[(MinValue, 0.0)], &[-2.0, 3e38, f32::INFINITY]);
    assert_eq!(y, [0.0, 3e38, f32::MAX]);
    // Shrink: lambd 1.5 on [-2, -1, 0, 1, 2] -> [-2, 0, 0, 0, 2]; bias 1.5
    // -> [-0.5, 0, 0, 0, 0.5].
    let x5 = [-2.0f32, -1.0, 0.0, 1.0, 2.0];
    assert_eq!(
        run("Shrink", &[(Threshold, 1.5)], &x5),
        [-2.0, 0.0, 0.0, 0.0, 2.0]
    );
    assert_eq!(
        run("Shrink", &[(Threshold, 1.5), (Bias, 1.5)], &x5),
        [-0.5, 0.0, 0.0, 0.0, 0.5]
    );
    // Swish: alpha 1 on [3, 4, 5] -> x * sigmoid(x) = [2.85772238,
    // 3.92805516, 4.96653575].
    let y = run("Swish", &[], &[3.0, 4.0, 5.0]);
    assert!(
        close(&y, &[2.857_722_38, 3.928_055_16, 4.966_535_75], 1e-7),
        "{y:?}"
    );
    // HardSwish on [-1, 0, 1]: x * max(0, min(1, x/6 + 1/2)) = [-1/3, 0, 2/3].
    let y = run("HardSwish", &[], &x);
    assert!(close(&y, &[-1.0 / 3.0, 0.0, 2.0 / 3.0], 1e-7), "{y:?}");
    // Celu: alpha 2 on [-1, 0, 1] -> [2 (e^-0.5 - 1), 0, 1].
    let y = run("Celu", &[(Alpha, 2.0)], &x);
    assert!(
        close(&y, &[2.0 * ((-0.5f64).exp() - 1.0), 0.0, 1.0], 1e-7),
        "{y:?}"
    );
}

/// PyTorch's forms: hardtanh(min_val, max_val), hardsigmoid, softshrink,
/// against hand-computed values.
#[test]
fn pytorch_examples() {
    let x = [-3.0f32, -0.5, 0.25, 2.0];
    assert_eq!(run("hardtanh", &[], &x), [-1.0, -0.5, 0.25, 1.0]);
    assert_eq!(
        run("hardtanh", &[(MinValue, -2.0), (MaxValue, 0.0)], &x),
        [-2.0, -0.5, 0.0, 0.0]
    );
    assert_eq!(run("hardsigmoid", &[], &[-3.0, 0.0, 3.0]), [0.0, 0.5, 1.0]);
    assert_eq!(run("softshrink", &[], &x), [-2.5, 0.0, 0.0, 1.5]);
    assert_eq!(run("hardshrink", &[], &x), [-3.0, 0.0, 0.0, 2.0]);
    assert_eq!(
        run("clamp", &[(MinValue, 0.0)], &[-1.0, f32::INFINITY]),
        [0.0, f32::INFINITY]
    );
}

/// The parametrised ops equal the fixed ones at the fixed ones' constants,
/// bit for bit, over a dense input sample.
#[test]
fn parametrised_forms_equal_the_fixed_forms() {
    let xs = inputs();
    let same = |a: &str, pa: &[(Param, f32)], b: &str, pb: &[(Param, f32)]| {
        let ya = run_canonical(a, pa, &xs);
        let yb = run_canonical(b, pb, &xs);
        for i in 0..xs.len() {
            assert!(
                ya[i].to_bits() == yb[i].to_bits(),
                "{a} vs {b} at x = {:e}: {:e} {:e}",
                xs[i],
                ya[i],
                yb[i]
            );
        }
    };
    same("silu_ex", &[(Beta, 1.0)], "silu", &[]);
    same("silu_ex", &[(Beta, 1.702)], "quick_gelu", &[]);
    same("selu_ex", &[], "selu", &[]);
    same(
        "clip",
        &[(MinValue, -1.0), (MaxValue, 1.0)],
        "hard_tanh",
        &[],
    );
    same(
        "shrink",
        &[(Threshold, 0.75), (Bias, 0.75)],
        "soft_shrink",
        &[(Threshold, 0.75)],
    );
    same(
        "shrink",
        &[(Threshold, 0.75), (Bias, 0.0)],
        "hard_shrink",
        &[(Threshold, 0.75)],
    );
}

fn run_canonical(name: &str, attrs: &[(Param, f32)], x: &[f32]) -> Vec<f32> {
    let i = actfn::catalogue::find(name).unwrap();
    let mut p = base_params(i);
    for &(q, v) in attrs {
        p.set(q, v);
    }
    every_isa(name, i, &p, x)
}
