//! Finite in, finite out (issue 16): every element-wise function with
//! parameters, on parameters and inputs built from extreme values (FLT_MAX,
//! subnormals, values whose sum, difference or product overflows), returns
//! a finite result wherever the exact one is finite, within its documented
//! bound, with the same bits on every ISA. Also the pinned reproducers of
//! the hostile caller's findings: relu_ex's x - threshold, squareplus with a
//! tiny b, ACTFN_ISA not UTF-8, actfn_isa_name(100), canonical op names.

// Op indices address OPS, the references and the kernels alike.
#![allow(clippy::needless_range_loop)]

use crate::common;
use crate::support;

use actfn::capi::isa::*;
use actfn::capi::names::*;
use actfn::capi::types::*;
use actfn::catalogue::{Accuracy, Param, OPS};
use actfn::testing;
use common::reference as r;
use std::ffi::{CStr, CString};
use support::{show, Rng};

fn op_index(name: &str) -> usize {
    OPS.iter().position(|o| o.name == name).unwrap()
}

fn set(p: &mut actfn_params, param: Param, v: f32) {
    match param {
        Param::NegativeSlope => p.negative_slope = v,
        Param::MaxValue => p.max_value = v,
        Param::Threshold => p.threshold = v,
        Param::Alpha => p.alpha = v,
        Param::DefaultValue => p.default_value = v,
        Param::B => p.b = v,
        Param::MinValue => p.min_value = v,
        Param::Beta => p.beta = v,
        Param::Bias => p.bias = v,
        Param::Gamma => p.gamma = v,
    }
}

/// Magnitudes from the bottom of the subnormals to FLT_MAX, the ones whose
/// sums and products overflow or underflow included.
fn magnitudes() -> Vec<f32> {
    vec![
        f32::from_bits(1),
        f32::from_bits(0x0000_0100),
        1e-40,
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        f32::from_bits(0x0e80_0000), // 2^-98
        1e-20,
        f32::EPSILON,
        0.5,
        1.0,
        3.0,
        1e20,
        f32::from_bits(0x6f80_0000), // 2^96
        1e38,
        2e38,
        3e38,
        f32::from_bits(0x7f00_0000), // 2^127
        f32::MAX,
    ]
}

/// The parameter values: every magnitude with both signs, and zero.
fn param_values() -> Vec<f32> {
    let mut v = vec![0.0];
    for m in magnitudes() {
        v.extend([m, -m]);
    }
    v
}

/// The inputs for one parameter set: every magnitude with both signs,
/// zeros, infinities, and each parameter's neighbours, negation, double
/// and half (where x - p, x + p or x / p is extreme).
fn inputs(p: &[f32], rng: &mut Rng) -> Vec<f32> {
    let mut v = vec![0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN];
    for m in magnitudes() {
        v.extend([m, -m]);
    }
    for &q in p {
        for s in [q, -q, q * 2.0, q * 0.5, -q * 2.0, -q * 0.5] {
            if s.is_finite() {
                let b = s.to_bits();
                v.extend([s, f32::from_bits(b.wrapping_add(1)), f32::from_bits(b - 1)]);
            }
        }
    }
    for _ in 0..48 {
        v.push(rng.any_bits());
    }
    v.retain(|x| !x.is_nan() || x.to_bits() == f32::NAN.to_bits());
    v
}

/// Every parameter combination of `op` inside its domain, from
/// [`param_values`].
fn param_sets(op: usize) -> Vec<actfn_params> {
    let mut sets = vec![testing::default_params(op)];
    for spec in OPS[op].params {
        let mut next = Vec::new();
        let mut vals: Vec<f32> = param_values()
            .into_iter()
            .filter(|&v| spec.domain.contains(v))
            .collect();
        if spec.domain.contains(f32::INFINITY) {
            vals.push(f32::INFINITY);
        }
        for s in &sets {
            for &v in &vals {
                let mut p = *s;
                set(&mut p, spec.param, v);
                next.push(p);
            }
        }
        sets = next;
    }
    sets
}

fn bound(op: usize) -> f64 {
    match OPS[op].accuracy {
        Accuracy::Exact => 0.0,
        Accuracy::Ulp(u) => u as f64,
    }
}

/// Checks `op` on `x` with `p` on every ISA: the same bits everywhere, and
/// within the bound of the reference (finite where it is finite). Returns
/// the failures as messages.
fn check(op: usize, p: &actfn_params, x: &[f32], fails: &mut Vec<String>) {
    let name = OPS[op].name;
    let reference = r::for_op(name).expect("a reference for every op");
    let exact_op = OPS[op].accuracy == Accuracy::Exact;
    let isas = testing::available();
    let mut first = vec![0.0f32; x.len()];
    testing::elementwise(isas[0], op, x, &mut first, p);
    for &isa in &isas[1..] {
        let mut y = vec![0.0f32; x.len()];
        testing::elementwise(isa, op, x, &mut y, p);
        for i in 0..x.len() {
            if !support::same(y[i], first[i]) {
                fails.push(format!(
                    "{name} {p:?} x = {}: {} gives {}, {} gives {}",
                    show(x[i]),
                    testing::isa_name(isas[0]),
                    show(first[i]),
                    testing::isa_name(isa),
                    show(y[i])
                ));
            }
        }
    }
    for i in 0..x.len() {
        let want = reference(x[i], p);
        match r::error(first[i], want, exact_op) {
            Ok(e) if e <= bound(op) => {}
            res => fails.push(format!(
                "{name} {p:?} x = {}: got {}, exact {want:e} ({res:?})",
                show(x[i]),
                show(first[i]),
            )),
        }
    }
}

#[test]
fn parameters_and_inputs_from_extreme_values() {
    let mut rng = Rng::new(16);
    let mut fails = Vec::new();
    let mut cases = 0usize;
    for op in 0..OPS.len() {
        if OPS[op].params.is_empty() {
            continue;
        }
        for p in param_sets(op) {
            let ps = [p.negative_slope, p.threshold, p.alpha, p.b, p.max_value];
            let x = inputs(&ps, &mut rng);
            cases += x.len();
            check(op, &p, &x, &mut fails);
        }
    }
    // One example per op and kind of failure, with counts.
    let mut kinds: std::collections::BTreeMap<String, (usize, &String)> = Default::default();
    for f in &fails {
        let op = f.split(' ').next().unwrap_or("");
        let kind = f.rsplit('(').next().unwrap_or("");
        let kind = if kind.starts_with("Ok") {
            "bound"
        } else {
            kind
        };
        let k = if f.contains(" gives ") {
            format!("{op} isa")
        } else {
            format!("{op} {kind}")
        };
        kinds.entry(k).or_insert((0, f)).0 += 1;
    }
    let shown: Vec<_> = kinds.iter().collect();
    assert!(
        fails.is_empty(),
        "{} of {cases} results wrong, first:\n{shown:#?}",
        fails.len()
    );
}

// ------------------------------------------------------------ reproducers

fn run(name: &str, x: f32, p: &actfn_params) -> Vec<f32> {
    let op = op_index(name);
    testing::available()
        .into_iter()
        .map(|isa| {
            let mut y = [0.0f32];
            testing::elementwise(isa, op, &[x], &mut y, p);
            y[0]
        })
        .collect()
}

#[test]
fn relu_ex_difference_does_not_overflow() {
    let mut p = testing::default_params(op_index("relu_ex"));
    p.negative_slope = 0.5;
    p.threshold = 1e38;
    for y in run("relu_ex", -3e38, &p) {
        assert_eq!(y, -2e38, "relu_ex(-3e38; 0.5, inf, 1e38): {}", show(y));
    }
    // Through the C API too.
    let (x, mut y) = ([-3e38f32, -f32::MAX], [0.0f32; 2]);
    let s = unsafe {
        actfn::capi::actfn_apply_f32(
            op_index("relu_ex") as actfn_op,
            &p,
            x.as_ptr(),
            y.as_mut_ptr(),
            2,
        )
    };
    assert_eq!(s, ACTFN_OK);
    assert_eq!(y[0], -2e38);
    assert_eq!(y[1], (0.5 * (-(f32::MAX as f64) - 1e38f32 as f64)) as f32);
}

#[test]
fn squareplus_tiny_b_within_one_ulp() {
    let op = op_index("squareplus");
    let reference = r::for_op("squareplus").unwrap();
    let mut p = testing::default_params(op);
    p.b = f32::from_bits(0x0001_16c2); // 0x1.16c2p-133
    let x = -(0x125bbb as f32) * 2f32.powi(-79); // -0x1.25bbbp-59
    for y in run("squareplus", x, &p) {
        let e = r::ulp_error(y, reference(x, &p)).unwrap();
        assert!(
            e <= 1.0,
            "squareplus({}; b = {}): {} is {e} ulp",
            show(x),
            show(p.b),
            show(y)
        );
    }
    // A sample over the tiny b of the report, every ISA.
    let mut rng = Rng::new(4);
    let mut worst = 0.0f64;
    for b in [
        1e-44f32,
        1e-42,
        1e-40,
        1e-39,
        1e-38,
        3e-38,
        f32::from_bits(1),
    ] {
        p.b = b;
        let xs: Vec<f32> = (0..20_000)
            .map(|_| -(rng.uniform(0.0, 1.0) * 4.0 * b.sqrt().max(1e-30)).abs())
            .collect();
        for isa in testing::available() {
            let mut ys = vec![0.0f32; xs.len()];
            testing::elementwise(isa, op, &xs, &mut ys, &p);
            for (&x, &y) in xs.iter().zip(&ys) {
                let e = r::ulp_error(y, reference(x, &p)).unwrap();
                assert!(
                    e <= 1.0,
                    "squareplus({}; b = {}): {} is {e} ulp",
                    show(x),
                    show(b),
                    show(y)
                );
                worst = worst.max(e);
            }
        }
    }
    println!("squareplus, tiny b: worst {worst:.3} ulp");
}

// ------------------------------------------------------------ names

#[test]
fn isa_name_hides_the_test_only_table() {
    let n = unsafe { CStr::from_ptr(actfn_isa_name(100)) };
    assert_eq!(n.to_str().unwrap(), "unknown");
    for (isa, want) in [
        (ACTFN_ISA_NONE, "none"),
        (ACTFN_ISA_SCALAR, "scalar"),
        (ACTFN_ISA_AVX2, "avx2"),
        (ACTFN_ISA_AVX512, "avx512"),
        (ACTFN_ISA_NEON, "neon"),
        (99, "unknown"),
        (101, "unknown"),
        (u32::MAX as actfn_isa, "unknown"),
    ] {
        let n = unsafe { CStr::from_ptr(actfn_isa_name(isa)) };
        assert_eq!(n.to_str().unwrap(), want);
    }
}

#[test]
fn every_op_name_round_trips() {
    for i in 0..OPS.len() {
        let n = actfn_op_name(i as actfn_op);
        assert!(!n.is_null());
        let mut op: actfn_op = 0xdead;
        assert_eq!(
            unsafe { actfn_op_from_name(n, &mut op) },
            ACTFN_OK,
            "{:?}",
            unsafe { CStr::from_ptr(n) }
        );
        assert_eq!(op, i as actfn_op);
    }
    for name in ["gelu_tanh", "relu_ex"] {
        let c = CString::new(name).unwrap();
        let mut op: actfn_op = 0xdead;
        assert_eq!(unsafe { actfn_op_from_name(c.as_ptr(), &mut op) }, ACTFN_OK);
        assert_eq!(op as usize, op_index(name));
    }
}
