//! Every element-wise op on every ISA of this CPU against the independent
//! f64 reference (tests/common/reference/): a dense sample of the f32 bit
//! patterns plus special values, at Keras's defaults and a few other
//! parameters. Asserts the catalogue's documented bound (Exact => the same
//! bits) and bit-exact special values. `--nocapture` prints the table.
//! The exhaustive (all 2^32 inputs) version is `examples/accuracy.rs`.

// Op indices address OPS, the references and the kernels alike.
#![allow(clippy::needless_range_loop)]

use crate::common;

use actfn::capi::types::*;
use actfn::catalogue::{Accuracy, OPS};
use actfn::testing;
use common::reference::{self as r, Mismatch};

/// Every 4099th bit pattern (prime, so every exponent and many mantissa
/// patterns are hit): ~1.05M inputs per op.
const STRIDE: u64 = 4099;

/// Inputs whose result must be bit-exact (correctly rounded, sign of zero
/// included) for every op: zeros, subnormal ends, MIN_NORMAL, MAX, inf, NaN.
fn strict_specials() -> Vec<f32> {
    let mut v = vec![
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7f80_0001),
        f32::from_bits(0xffc0_1234),
    ];
    for m in [
        0.0,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::INFINITY,
    ] {
        v.extend([m, -m]);
    }
    v
}

/// Saturation points and knees (docs/activations.md 2.7 and the piecewise
/// definitions) with both neighbours, both signs: checked against the bound.
fn landmarks() -> Vec<f32> {
    let points: [f32; 33] = [
        1.0,
        88.722_83,
        88.722_84,
        87.336_54,
        103.972_08,
        9.010_914,
        17.328_68,
        14.556_091,
        5.542_594_4,
        14.170_185,
        14.356_068,
        108.660_3,
        1.844_674_4e19,
        6.981e12,
        3.238_622e38,
        16_777_216.0,
        3.0,
        6.0,
        0.5,
        2.0,
        5.0,
        1.278_464_5,
        1.5,
        0.751_79,
        0.752_46,
        1.192_43,
        0.625,
        2.441_406_2e-4,
        3.52e-4,
        1e18,
        120.0,
        20.0,
        104.0,
    ];
    let mut v = Vec::new();
    for p in points {
        for q in [p, -p] {
            v.extend([
                f32::from_bits(q.to_bits() - 1),
                q,
                f32::from_bits(q.to_bits() + 1),
            ]);
        }
    }
    v
}

fn sample() -> Vec<f32> {
    let mut v: Vec<f32> = (0..1u64 << 32)
        .step_by(STRIDE as usize)
        .map(|b| f32::from_bits(b as u32))
        .collect();
    v.extend(strict_specials());
    v.extend(landmarks());
    v
}

/// (label, params) for each tested parameter set of op `i`: the
/// catalogue's (`testing::param_sets`: the defaults, required parameters at
/// their example, then the entry's `test_params`).
fn configs(i: usize) -> Vec<(String, actfn_params)> {
    testing::param_sets(i)
        .into_iter()
        .map(|p| {
            let label: Vec<String> = testing::info(i)
                .params
                .iter()
                .map(|s| format!("{}={}", s.param.field(), p.get(s.param)))
                .collect();
            (label.join(",").to_string(), p)
        })
        .collect()
}

/// The bound of kernel `i`'s tier (an op index, with `testing::FAST` for
/// the fast tier).
fn bound(i: usize) -> (f64, bool) {
    match testing::bound(i) {
        Accuracy::Exact => (0.0, true),
        Accuracy::Ulp(b) => (b as f64, false),
    }
}

fn reference(i: usize) -> r::RefFn {
    let name = testing::info(i).name;
    r::for_op(name).unwrap_or_else(|| panic!("no reference for catalogue op {name}"))
}

#[test]
fn sampled_ulp_within_documented_bound() {
    let xs = sample();
    let mut y = vec![0.0f32; xs.len()];
    let mut failures = Vec::new();
    println!("\n| op | params | isa | max ULP | at x | bound |\n|---|---|---|---|---|---|");
    // Both tiers: every op, then the fast kernels (at their own bounds).
    for i in testing::kernel_ops() {
        let f = reference(i);
        let (bound, exact_op) = bound(i);
        for (label, p) in configs(i) {
            let want: Vec<f64> = xs.iter().map(|&x| f(x, &p)).collect();
            for isa in testing::available() {
                testing::elementwise(isa, i, &xs, &mut y, &p);
                let (mut worst, mut at) = (0.0f64, 0.0f32);
                let mut bad = Vec::new();
                for k in 0..xs.len() {
                    match r::error(y[k], want[k], exact_op) {
                        Ok(e) if e > worst => (worst, at) = (e, xs[k]),
                        Ok(_) => {}
                        Err(m) => bad.push((xs[k], y[k], m)),
                    }
                }
                let op = testing::kernel_name(i);
                let name = format!("{op} [{label}] on {}", testing::isa_name(isa));
                println!(
                    "| {op} | {label} | {} | {worst:.3} | {at:e} | {bound} |",
                    testing::isa_name(isa)
                );
                if worst > bound {
                    failures.push(format!(
                        "{name}: {worst:.3} ULP at x = {at:e} ({:#010x}), bound {bound}",
                        at.to_bits()
                    ));
                }
                for (x, got, m) in bad.iter().take(5) {
                    failures.push(format!("{name}: x = {x:e} gave {got:e}: {m}"));
                }
                if bad.len() > 5 {
                    failures.push(format!(
                        "{name}: ... {} special-value mismatches in all",
                        bad.len()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn special_values_exact_or_within_bound() {
    let xs = strict_specials();
    let mut y = vec![0.0f32; xs.len()];
    let mut failures = Vec::new();
    for i in testing::kernel_ops() {
        let f = reference(i);
        for (label, p) in configs(i) {
            for isa in testing::available() {
                testing::elementwise(isa, i, &xs, &mut y, &p);
                for (&x, &got) in xs.iter().zip(&y) {
                    let want = r::rounded(f, x, &p);
                    let same = (want.is_nan() && got.is_nan()) || want.to_bits() == got.to_bits();
                    // NaN, infinities and signed zeros must be exactly right;
                    // a finite non-zero result of a transcendental function
                    // at a special input (a subnormal tie, say) may use its
                    // documented bound like any other input.
                    let (limit, exact) = bound(i);
                    let within = !exact
                        && want.is_finite()
                        && want != 0.0
                        && matches!(r::ulp_error(got, f(x, &p)), Ok(e) if e <= limit);
                    let same = same || within;
                    if !same {
                        failures.push(format!(
                            "{} [{label}] on {}: f({x:e}) = {got:e} ({:#010x}), want {want:e} ({:#010x}); {:?} ULP",
                            testing::kernel_name(i),
                            testing::isa_name(isa),
                            got.to_bits(),
                            want.to_bits(),
                            r::ulp_error(got, f(x, &p)),
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The reference itself: every op has one, and it reproduces the f32
/// landmarks of docs/activations.md 2.7 and the special values of its text.
#[test]
fn reference_reproduces_documented_landmarks() {
    let f = |name: &str| r::for_op(name).unwrap();
    let d = |name: &str| testing::default_params(OPS.iter().position(|o| o.name == name).unwrap());
    let at = |name: &str, x: f32| r::rounded(f(name), x, &d(name));
    // the f32 next to x towards zero / away from zero
    let before = |x: f32| f32::from_bits(x.to_bits() - 1);
    let after = |x: f32| f32::from_bits(x.to_bits() + 1);
    for o in OPS {
        assert!(r::for_op(o.name).is_some(), "no reference for {}", o.name);
    }
    // (op, the first x where the rounded value is `v` when counting upward)
    assert!(at("exponential", 88.722_83).is_finite() && at("exponential", 88.722_84).is_infinite());
    assert!(
        at("exponential", -87.336_54).is_normal()
            && !at("exponential", after(-87.336_54)).is_normal()
    );
    assert!(at("exponential", -103.972_08) > 0.0 && at("exponential", after(-103.972_08)) == 0.0);
    assert!(at("tanh", 9.010_914) == 1.0 && at("tanh", before(9.010_914)) < 1.0);
    assert!(at("sigmoid", 17.328_68) == 1.0 && at("sigmoid", before(17.328_68)) < 1.0);
    assert!(at("elu", -17.328_68) == -1.0 && at("elu", before(-17.328_68)) > -1.0);
    assert!(
        at("softplus", 14.556_091) == 14.556_091
            && at("softplus", before(14.556_091)) != before(14.556_091)
    );
    assert!(at("gelu", -14.356_068) < 0.0 && at("gelu", after(-14.356_068)) == 0.0);
    assert!(at("silu", -108.660_3) < 0.0 && at("silu", after(-108.660_3)) == 0.0);
    // Exactly rounded, softsign is 1 from 2^25 (1 - 1/(1 + 2^25) is below
    // the midpoint 1 - 2^-25); 2.7's 2^24 is where f32's 1 + |x| rounds.
    assert_eq!(at("softsign", 33_554_432.0), 1.0);
    assert!(at("softsign", before(33_554_432.0)) < 1.0);
    // minima (docs/activations.md 3.6, 3.12, 4.5)
    assert!((at("silu", -1.278_464_5) + 0.278_464_54).abs() < 1e-7);
    assert!((at("mish", -1.192_43) + 0.308_843_4).abs() < 1e-7);
    assert!((at("gelu", -0.751_79) + 0.169_971_21).abs() < 1e-7);
    assert!((at("gelu_tanh", -0.752_46) + 0.170_040_75).abs() < 1e-7);
    // limits and signed zeros
    let bits = |name: &str, x: f32| at(name, x).to_bits();
    assert_eq!(bits("sigmoid", f32::NEG_INFINITY), 0);
    for name in [
        "silu",
        "gelu",
        "gelu_tanh",
        "mish",
        "hard_silu",
        "elu",
        "celu",
        "selu",
        "tanh_shrink",
    ] {
        assert_eq!(bits(name, -0.0), (-0.0f32).to_bits(), "{name}(-0)");
    }
    for name in ["silu", "gelu", "gelu_tanh", "mish", "hard_silu"] {
        assert_eq!(
            bits(name, f32::NEG_INFINITY),
            (-0.0f32).to_bits(),
            "{name}(-inf)"
        );
    }
    assert_eq!(bits("relu", -0.0), 0);
    assert_eq!(at("softsign", f32::INFINITY), 1.0);
    assert_eq!(bits("squareplus", f32::NEG_INFINITY), 0);
    assert_eq!(bits("log_sigmoid", f32::INFINITY), (-0.0f32).to_bits());
    assert_eq!(at("selu", f32::NEG_INFINITY), -1.758_099_3);
    assert!(at("selu", f32::MAX).is_infinite());
    assert_eq!(at("tanh_shrink", 1e-4), 3.333_333e-13); // mpmath: 3.33333306738e-13
    for (i, o) in OPS.iter().enumerate() {
        let p = testing::base_params(i);
        assert!(
            r::rounded(f(o.name), f32::NAN, &p).is_nan(),
            "{}(NaN)",
            o.name
        );
    }
}

/// hard_sigmoid's reference rounds correctly: checked against integer
/// arithmetic (everything scaled by 2^90) on inputs with |x| >= 2^-60.
#[test]
fn reference_hard_sigmoid_is_correctly_rounded() {
    let f = r::for_op("hard_sigmoid").unwrap();
    let p = testing::default_params(0);
    let scaled = |v: f64| -> i128 {
        let s = v * 2f64.powi(90);
        assert_eq!(s, s.trunc(), "{v} is not a multiple of 2^-90");
        s as i128
    };
    let mut checked = 0;
    for b in (0x2180_0000u32..0x4040_0000)
        .step_by(997)
        .chain((0xa180_0000u32..0xc040_0000).step_by(997))
    {
        let x = f32::from_bits(b);
        if !(x > -3.0 && x < 3.0) {
            continue;
        }
        let y = f(x, &p) as f32;
        let (down, up) = (
            f32::from_bits(y.to_bits() - 1),
            f32::from_bits(y.to_bits() + 1),
        );
        // 6 * midpoint vs x + 3, in units of 2^-90 (midpoints are multiples of 2^-50 here).
        let n = scaled(x as f64) + scaled(3.0);
        let lo = 3 * (scaled(y as f64) + scaled(down as f64));
        let hi = 3 * (scaled(y as f64) + scaled(up as f64));
        let even = y.to_bits() & 1 == 0;
        assert!(lo < n || (lo == n && even), "x = {x:e}: {y:e} is too large");
        assert!(n < hi || (n == hi && even), "x = {x:e}: {y:e} is too small");
        checked += 1;
    }
    assert!(checked > 100_000, "{checked}");
}

#[test]
fn ulp_error_reports_mismatches_apart() {
    assert_eq!(r::ulp_error(1.0, 1.0), Ok(0.0));
    assert_eq!(r::ulp_error(f32::from_bits(0x3f80_0001), 1.0), Ok(1.0));
    assert_eq!(r::ulp_error(0.99999994, 1.0), Ok(0.5)); // ulp of the exact value
    assert_eq!(
        r::ulp_error(f32::from_bits(3), f32::from_bits(1) as f64),
        Ok(2.0)
    );
    assert_eq!(r::ulp_error(0.0, -1e-50), Err(Mismatch::SignOfZero));
    assert_eq!(r::ulp_error(-0.0, 0.0), Err(Mismatch::SignOfZero));
    assert_eq!(r::ulp_error(f32::NAN, 1.0), Err(Mismatch::UnexpectedNan));
    assert_eq!(r::ulp_error(1.0, f64::NAN), Err(Mismatch::MissingNan));
    assert_eq!(r::ulp_error(f32::MAX, 1e39), Err(Mismatch::Infinity));
    assert_eq!(
        r::ulp_error(f32::INFINITY, f32::MAX as f64),
        Err(Mismatch::Infinity)
    );
    let e = r::ulp_error(f32::MAX, f32::MAX as f64 * (1.0 + 2f64.powi(-25))).unwrap();
    assert!(e > 0.49 && e < 0.5, "{e}"); // just below the overflow threshold
    assert_eq!(r::error(0.5, 0.500_000_01, true), Ok(0.0));
    assert_eq!(r::error(0.5, 0.500_000_1, true), Ok(2.0));
}

/// elu and celu with |alpha| < 2^-100 (the product formed at a larger scale,
/// then rounded once) and with a negative alpha: every 1009th negative x of
/// magnitude up to 1, where the products are subnormal or tiny (the sampled
/// test above rarely lands there).
#[test]
fn tiny_and_negative_alphas_round_once() {
    let xs: Vec<f32> = (0x8000_0000u32..=0xbf80_0000)
        .step_by(1009)
        .map(f32::from_bits)
        .collect();
    let mut y = vec![0.0f32; xs.len()];
    let mut failures = Vec::new();
    for name in ["elu", "celu"] {
        let i = actfn::catalogue::find(name).unwrap();
        let f = reference(i);
        let (limit, _) = bound(i);
        for alpha in [-1e-35f32, 1e-35, -1e-40, 1e-40, -3e-44, -0.3] {
            let mut p = testing::default_params(i);
            p.alpha = alpha;
            let want: Vec<f64> = xs.iter().map(|&x| f(x, &p)).collect();
            for isa in testing::available() {
                testing::elementwise(isa, i, &xs, &mut y, &p);
                let worst = (0..xs.len())
                    .filter_map(|k| match r::error(y[k], want[k], false) {
                        Ok(e) if e <= limit => None,
                        other => Some((xs[k], y[k], other)),
                    })
                    .next();
                if let Some((x, got, e)) = worst {
                    failures.push(format!(
                        "{name} alpha={alpha:e} on {}: x = {x:e} gave {got:e}: {e:?}",
                        testing::isa_name(isa)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
