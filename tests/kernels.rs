//! Element-wise kernels, called per ISA through `actfn::testing` (which does
//! not touch the process-wide active ISA): every tail length at every
//! offset with canaries around the output, in place, position
//! independence, cross-ISA bit identity (also at the edges of the math's
//! short paths, one lane at a time), and the special values of
//! ACTIVATIONS.md.

#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

mod support;

use actfn::capi::types::*;
use actfn::catalogue::{Param, OPS};
use actfn::testing;
use support::*;

fn op(name: &str) -> usize {
    actfn::catalogue::find(name).unwrap_or_else(|| panic!("no op {name}"))
}

/// Keras's defaults, with sensible values for required parameters
/// (threshold: theta = 0.5, default_value = -1).
fn base_params(i: usize) -> actfn_params {
    let mut p = testing::default_params(i);
    for spec in OPS[i].params {
        if spec.default.is_none() {
            let v = match spec.param {
                Param::Threshold => 0.5,
                Param::DefaultValue => -1.0,
                _ => 1.0,
            };
            p.set(spec.param, v);
        }
    }
    p
}

/// The base parameters plus a few others inside each op's domain.
fn param_sets(i: usize) -> Vec<actfn_params> {
    let b = base_params(i);
    let mut v = vec![b];
    let mk = |f: &dyn Fn(&mut actfn_params)| {
        let mut p = b;
        f(&mut p);
        p
    };
    match OPS[i].name {
        "relu_ex" => {
            v.push(mk(&|p| {
                (p.negative_slope, p.max_value, p.threshold) = (0.1, 6.0, 0.5)
            }));
            v.push(mk(&|p| {
                (p.negative_slope, p.max_value, p.threshold) = (0.2, f32::INFINITY, 1.0)
            }));
            v.push(mk(&|p| {
                (p.negative_slope, p.max_value, p.threshold) = (0.0, 3.0, 5.0)
            }));
            v.push(mk(&|p| {
                (p.negative_slope, p.max_value, p.threshold) = (0.5, 0.0, 0.0)
            }));
        }
        "leaky_relu" => {
            for s in [0.0, 0.01, 0.3, 1.0, -0.5, 2.0] {
                v.push(mk(&|p| p.negative_slope = s));
            }
        }
        "elu" => {
            for a in [0.5, 2.0, 0.0, -1.0] {
                v.push(mk(&|p| p.alpha = a));
            }
        }
        "celu" => {
            for a in [0.5, 2.0, -1.0, 1e-3] {
                v.push(mk(&|p| p.alpha = a));
            }
        }
        "hard_shrink" | "soft_shrink" => {
            for t in [0.0, 1.0, 1e30] {
                v.push(mk(&|p| p.threshold = t));
            }
        }
        "threshold" => {
            for (t, d) in [(0.0, 0.0), (-0.5, 2.0), (1.0, -1.0), (0.0, f32::MAX)] {
                v.push(mk(&|p| (p.threshold, p.default_value) = (t, d)));
            }
        }
        "squareplus" => {
            for bb in [0.0, 1.0, 0.25, 1e30] {
                v.push(mk(&|p| p.b = bb));
            }
        }
        _ => assert!(
            OPS[i].params.is_empty(),
            "add parameter sets for {}",
            OPS[i].name
        ),
    }
    v
}

fn run(isa: actfn_isa, i: usize, p: &actfn_params, x: &[f32]) -> Vec<f32> {
    let mut y = vec![sentinel(); x.len()];
    testing::elementwise(isa, i, x, &mut y, p);
    y
}

/// A pool of inputs mixing specials and random values.
fn pool() -> Vec<f32> {
    let mut rng = Rng::new(7);
    let mut v = specials();
    v.truncate(40);
    while v.len() < 80 {
        let r = match v.len() % 3 {
            0 => rng.any_bits(),
            1 => rng.uniform(-20.0, 20.0),
            _ => rng.uniform(-3.0, 3.0),
        };
        v.push(r);
    }
    v
}

#[test]
fn available_isas_are_sane() {
    let isas = testing::available();
    assert!(isas.contains(&ACTFN_ISA_SCALAR), "{isas:?}");
    #[cfg(target_arch = "x86_64")]
    {
        assert!(!isas.contains(&ACTFN_ISA_NEON));
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            assert!(isas.contains(&ACTFN_ISA_AVX2), "{isas:?}");
        }
        if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw") {
            assert!(isas.contains(&ACTFN_ISA_AVX512), "{isas:?}");
        }
    }
    eprintln!(
        "ISAs: {:?}",
        isas.iter().map(|&i| isa_name(i)).collect::<Vec<_>>()
    );
}

/// Every length 0..=64 at every offset 0..=7, canaries around the output,
/// in place equal to out of place, and each y[i] equal to f(x[i]) computed
/// alone.
#[test]
fn tails_offsets_canaries_in_place_position() {
    const PAD: usize = 8;
    let pool = pool();
    let mut failures = Vec::new();
    for isa in testing::available() {
        for i in 0..OPS.len() {
            for p in param_sets(i) {
                // f(x) computed alone, one element per call.
                let alone: Vec<f32> = pool.iter().map(|&v| run(isa, i, &p, &[v])[0]).collect();
                for n in 0..=64usize {
                    for off in 0..=7usize {
                        let rot = (n * 3 + off * 5) % pool.len();
                        let idx = |k: usize| (k + rot) % pool.len();
                        let total = off + n + PAD;
                        let mut x = vec![f32::from_bits(0x7fa0_0bad); total];
                        for k in 0..n {
                            x[off + k] = pool[idx(k)];
                        }
                        let mut y = vec![sentinel(); total];
                        testing::elementwise(isa, i, &x[off..off + n], &mut y[off..off + n], &p);
                        let name = OPS[i].name;
                        let ctx = || format!("{name} {p:?} on {} n={n} off={off}", isa_name(isa));
                        for k in (0..off).chain(off + n..total) {
                            if y[k].to_bits() != SENTINEL_BITS {
                                failures.push(format!(
                                    "{}: canary y[{k}] overwritten with {}",
                                    ctx(),
                                    show(y[k])
                                ));
                            }
                        }
                        for k in 0..n {
                            if !same(y[off + k], alone[idx(k)]) {
                                failures.push(format!(
                                    "{}: y[{k}] = {} for x = {}, but alone it gives {}",
                                    ctx(),
                                    show(y[off + k]),
                                    show(pool[idx(k)]),
                                    show(alone[idx(k)])
                                ));
                            }
                        }
                        // In place, in the same buffer position.
                        let mut z = x.clone();
                        testing::elementwise_in_place(isa, i, &mut z[off..off + n], &p);
                        for k in 0..total {
                            let want = if (off..off + n).contains(&k) {
                                y[k]
                            } else {
                                x[k]
                            };
                            let ok = if (off..off + n).contains(&k) {
                                same(z[k], want)
                            } else {
                                z[k].to_bits() == want.to_bits()
                            };
                            if !ok {
                                failures.push(format!(
                                    "{}: in place z[{k}] = {}, out of place {}",
                                    ctx(),
                                    show(z[k]),
                                    show(want)
                                ));
                            }
                        }
                        if failures.len() > 40 {
                            panic!(
                                "{} failures, first:\n{}",
                                failures.len(),
                                failures.join("\n")
                            );
                        }
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

/// The inputs of the cross-ISA comparison: random bit patterns (NaN, inf,
/// subnormals included), a dense sweep of [-20, 20], a sweep of the tails,
/// every subnormal exponent, and the specials.
fn cross_isa_inputs() -> Vec<f32> {
    let mut rng = Rng::new(0x5eed);
    let mut v = specials();
    for _ in 0..150_000 {
        v.push(rng.any_bits());
    }
    let dense = 150_000;
    for k in 0..=dense {
        v.push((-20.0 + 40.0 * k as f64 / dense as f64) as f32);
    }
    for k in 0..=20_000 {
        v.push((-120.0 + 240.0 * k as f64 / 20_000.0) as f32);
    }
    // Around 0, a few binades per step, both signs.
    for e in -149..=10 {
        let m = 2f32.powi(e.max(-126)) * if e < -126 { 2f32.powi(e + 126) } else { 1.0 };
        for s in [1.0f32, -1.0] {
            v.push(s * m);
            v.push(s * m * 1.5);
        }
    }
    // Random values in the classic range, with odd lengths left over.
    for _ in 0..30_001 {
        v.push(rng.uniform(-8.0, 8.0));
    }
    v
}

#[test]
fn all_isas_bit_identical_to_scalar() {
    let x = cross_isa_inputs();
    assert!(x.len() > 300_000);
    let mut failures = Vec::new();
    for i in 0..OPS.len() {
        for p in param_sets(i) {
            let reference = run(ACTFN_ISA_SCALAR, i, &p, &x);
            for isa in testing::available()
                .into_iter()
                .filter(|&i| i != ACTFN_ISA_SCALAR)
            {
                let y = run(isa, i, &p, &x);
                let bad: Vec<usize> = (0..x.len())
                    .filter(|&k| !same(y[k], reference[k]))
                    .collect();
                for &k in bad.iter().take(5) {
                    failures.push(format!(
                        "{} {p:?}: {} gives {} for x = {}, scalar {}",
                        OPS[i].name,
                        isa_name(isa),
                        show(y[k]),
                        show(x[k]),
                        show(reference[k])
                    ));
                }
                if !bad.is_empty() {
                    failures.push(format!("  ({} mismatches in all)", bad.len()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "cross-ISA mismatches:\n{}",
        failures.join("\n")
    );
}

/// A NaN input comes back as itself, quieted (sign and payload kept), on
/// every ISA and with every parameter set; linear copies it unchanged. The
/// NaNs sit among ordinary values, alone and in whole registers.
#[test]
fn nan_inputs_come_back_quieted() {
    let nans: Vec<f32> = [
        0x7fc0_0000u32,
        0xffc0_0000,
        0x7fc1_2345,
        0xffff_ffff,
        0x7f80_0001, // signalling
        0xffa0_0000, // signalling, negative
        0x7fbf_ffff, // signalling, largest payload
    ]
    .into_iter()
    .map(f32::from_bits)
    .collect();
    let mut x = Vec::new();
    for (k, &v) in nans.iter().enumerate() {
        x.extend([0.5, -2.0, v, 1e-3 * k as f32, 7.0]);
    }
    x.extend(nans.iter().cycle().take(64));
    let mut failures = Vec::new();
    for i in 0..OPS.len() {
        for p in param_sets(i) {
            for isa in testing::available() {
                let y = run(isa, i, &p, &x);
                for k in (0..x.len()).filter(|&k| x[k].is_nan()) {
                    let quiet = if OPS[i].name == "linear" {
                        0
                    } else {
                        0x0040_0000
                    };
                    let want = x[k].to_bits() | quiet;
                    if y[k].to_bits() != want {
                        failures.push(format!(
                            "{} {p:?} on {}: x = {:#010x} gives {:#010x}, want {want:#010x}",
                            OPS[i].name,
                            isa_name(isa),
                            x[k].to_bits(),
                            y[k].to_bits()
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The math takes a short path for registers whose lanes all lie in a
/// common range and computes the full path per lane otherwise: around each
/// range's edges (and their ulp neighbours), one lane at a time in a
/// register of ordinary values, every ISA must still give scalar's bits.
#[test]
fn short_path_edges_do_not_leak_across_lanes() {
    let edges: Vec<f32> = [
        -87.0f32,
        -70.0,
        -60.0,
        12.0,
        16.0,
        17.0,
        43.0,
        60.0,
        70.0,
        87.5,
        88.0,
        1.0,
        // |x| = 2^-36, 2^-30 and 2^40.
        f32::from_bits(0x2d80_0000),
        f32::from_bits(0x3080_0000),
        f32::from_bits(0x5380_0000),
    ]
    .iter()
    .flat_map(|&e| {
        let n = [
            f32::from_bits(e.to_bits() - 1),
            e,
            f32::from_bits(e.to_bits() + 1),
        ];
        [n[0], n[1], n[2], -n[0], -n[1], -n[2]]
    })
    .collect();
    let mut rng = Rng::new(0xed6e);
    let base: Vec<f32> = (0..16).map(|_| rng.uniform(-5.0, 5.0)).collect();
    let mut x = Vec::new();
    for &e in &edges {
        for k in 0..16 {
            let mut block = base.clone();
            block[k] = e;
            x.extend_from_slice(&block);
        }
    }
    let mut failures = Vec::new();
    for i in 0..OPS.len() {
        for p in param_sets(i) {
            let reference = run(ACTFN_ISA_SCALAR, i, &p, &x);
            for isa in testing::available() {
                let y = run(isa, i, &p, &x);
                for k in (0..x.len()).filter(|&k| !same(y[k], reference[k])).take(3) {
                    failures.push(format!(
                        "{} {p:?} on {}: lane {} of a register holding {}: {} for x = {}, scalar {}",
                        OPS[i].name,
                        isa_name(isa),
                        k % 16,
                        show(edges[k / 256]),
                        show(y[k]),
                        show(x[k]),
                        show(reference[k])
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------
// Special values (ACTIVATIONS.md sections 3, 4 and Appendix A, exact
// column): checked on every ISA.

enum Want {
    /// These exact bits (or NaN for NaN).
    Bits(f32),
    /// Within this many ULP of the f64 value.
    Near(f64, f64),
}
use Want::*;

fn check_special(
    name: &str,
    p: Option<actfn_params>,
    cases: &[(f32, Want)],
    failures: &mut Vec<String>,
) {
    let i = op(name);
    let p = p.unwrap_or_else(|| base_params(i));
    let x: Vec<f32> = cases.iter().map(|c| c.0).collect();
    for isa in testing::available() {
        let y = run(isa, i, &p, &x);
        for (k, (xv, want)) in cases.iter().enumerate() {
            let ok = match want {
                Bits(b) => same(y[k], *b),
                Near(v, tol) => ulp_err(y[k], *v) <= *tol,
            };
            if !ok {
                let w = match want {
                    Bits(b) => show(*b),
                    Near(v, tol) => format!("{v:e} within {tol} ULP (error {})", ulp_err(y[k], *v)),
                };
                failures.push(format!(
                    "{name}({}) on {} = {}, want {w}",
                    show(*xv),
                    isa_name(isa),
                    show(y[k])
                ));
            }
        }
    }
}

fn sigmoid64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// x - tanh(x) for small |x|, without cancellation.
fn tanh_shrink_series(x: f64) -> f64 {
    let x2 = x * x;
    x * x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0 - x2 * (17.0 / 315.0 - x2 * 62.0 / 2835.0)))
}

#[test]
fn special_values() {
    const INF: f32 = f32::INFINITY;
    const NAN: f32 = f32::NAN;
    const MAX: f32 = f32::MAX;
    let ln2 = f32::from_bits(0x3F31_7218);
    let den = f32::from_bits(0x0000_1234); // a subnormal
    let mut f = Vec::new();
    check_special(
        "relu",
        None,
        &[
            (-0.0, Bits(0.0)),
            (0.0, Bits(0.0)),
            (NAN, Bits(NAN)),
            (-INF, Bits(0.0)),
            (INF, Bits(INF)),
            (den, Bits(den)),
            (-den, Bits(0.0)),
            (MAX, Bits(MAX)),
        ],
        &mut f,
    );
    check_special(
        "relu6",
        None,
        &[
            (-0.0, Bits(0.0)),
            (NAN, Bits(NAN)),
            (INF, Bits(6.0)),
            (-INF, Bits(0.0)),
            (5.5, Bits(5.5)),
            (den, Bits(den)),
        ],
        &mut f,
    );
    // Defaults: plain relu; the zero-slope lower branch is +0.
    check_special(
        "relu_ex",
        None,
        &[
            (-0.0, Bits(0.0)),
            (-INF, Bits(0.0)),
            (-1.0, Bits(0.0)),
            (NAN, Bits(NAN)),
            (INF, Bits(INF)),
            (den, Bits(den)),
        ],
        &mut f,
    );
    let mut rp = base_params(op("relu_ex"));
    (rp.negative_slope, rp.max_value, rp.threshold) = (0.2, INF, 1.0);
    check_special(
        "relu_ex",
        Some(rp),
        &[
            (0.0, Bits(-0.2)),
            (1.0, Bits(0.0)),
            (2.0, Bits(2.0)),
            (-INF, Bits(-INF)),
            (NAN, Bits(NAN)),
            (INF, Bits(INF)),
        ],
        &mut f,
    );
    (rp.negative_slope, rp.max_value, rp.threshold) = (0.5, 5.0, 5.0);
    check_special(
        "relu_ex",
        Some(rp),
        &[(-10.0, Bits(-7.5)), (1e30, Bits(5.0)), (INF, Bits(5.0))],
        &mut f,
    );
    (rp.negative_slope, rp.max_value, rp.threshold) = (0.0, 3.0, 5.0);
    check_special(
        "relu_ex",
        Some(rp),
        &[
            (10.0, Bits(3.0)),
            (4.0, Bits(0.0)),
            (-INF, Bits(0.0)),
            (NAN, Bits(NAN)),
            (-0.0, Bits(0.0)),
        ],
        &mut f,
    );
    check_special(
        "leaky_relu",
        None,
        &[
            (-0.0, Bits(-0.0)),
            (-INF, Bits(-INF)),
            (INF, Bits(INF)),
            (NAN, Bits(NAN)),
            (-1e30, Bits(0.2f32 * -1e30f32)),
            (-5.0, Bits(-1.0)),
        ],
        &mut f,
    );
    check_special(
        "sigmoid",
        None,
        &[
            (0.0, Bits(0.5)),
            (-0.0, Bits(0.5)),
            (INF, Bits(1.0)),
            (-INF, Bits(0.0)),
            (NAN, Bits(NAN)),
            (17.328_68, Bits(1.0)),
            (-100.0, Near(sigmoid64(-100.0), 1.0)),
            (-90.0, Near(sigmoid64(-90.0), 1.0)),
            (-20.0, Near(sigmoid64(-20.0), 1.0)),
            (-110.0, Bits(0.0)),
        ],
        &mut f,
    );
    check_special(
        "tanh",
        None,
        &[
            (-0.0, Bits(-0.0)),
            (INF, Bits(1.0)),
            (-INF, Bits(-1.0)),
            (den, Bits(den)),
            (9.010_914, Bits(1.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "exponential",
        None,
        &[
            (0.0, Bits(1.0)),
            (-INF, Bits(0.0)),
            (INF, Bits(INF)),
            (88.722_84, Bits(INF)),
            (-105.0, Bits(0.0)),
            (-100.0, Near((-100f64).exp(), 1.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    let payload = f32::from_bits(0x7fc1_2345);
    check_special(
        "linear",
        None,
        &[
            (-0.0, Bits(-0.0)),
            (den, Bits(den)),
            (-INF, Bits(-INF)),
            (MAX, Bits(MAX)),
        ],
        &mut f,
    );
    // The identity copies NaN payloads exactly.
    for isa in testing::available() {
        let y = run(
            isa,
            op("linear"),
            &base_params(op("linear")),
            &[payload, -payload],
        );
        if y[0].to_bits() != payload.to_bits() || y[1].to_bits() != (-payload).to_bits() {
            f.push(format!(
                "linear on {} changed a NaN payload: {} {}",
                isa_name(isa),
                show(y[0]),
                show(y[1])
            ));
        }
    }
    check_special(
        "softplus",
        None,
        &[
            (0.0, Bits(ln2)),
            (-INF, Bits(0.0)),
            (INF, Bits(INF)),
            (1e30, Bits(1e30)),
            (NAN, Bits(NAN)),
            (-100.0, Near((-100f64).exp(), 1.0)),
        ],
        &mut f,
    );
    check_special(
        "softsign",
        None,
        &[
            (INF, Bits(1.0)),
            (-INF, Bits(-1.0)),
            (-0.0, Bits(-0.0)), // 2^24 / (1 + 2^24) rounds to 1 - 2^-24, not to 1 (the literal
            // formula gives 1 there); from 2^25 up the exact value rounds to 1.
            (16_777_216.0, Bits(f32::from_bits(0x3f7f_ffff))),
            (33_554_432.0, Bits(1.0)),
            (1.0, Bits(0.5)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "silu",
        None,
        &[
            (-INF, Bits(-0.0)),
            (INF, Bits(INF)),
            (-0.0, Bits(-0.0)),
            (NAN, Bits(NAN)),
            (-100.0, Near(-100.0 * sigmoid64(-100.0), 1.0)),
        ],
        &mut f,
    );
    check_special(
        "selu",
        None,
        &[
            (MAX, Bits(INF)),
            (-INF, Bits(f32::from_bits(0xBFE1_0966))),
            (-0.0, Bits(-0.0)),
            (NAN, Bits(NAN)),
            (INF, Bits(INF)),
        ],
        &mut f,
    );
    check_special(
        "gelu",
        None,
        &[
            (-INF, Bits(-0.0)),
            (INF, Bits(INF)),
            (MAX, Bits(MAX)),
            (-0.0, Bits(-0.0)),
            (NAN, Bits(NAN)),
            (
                -10.0,
                Near(-10.0 * 0.5 * libm::erfc(10.0 / 2f64.sqrt()), 1.0),
            ),
            (-20.0, Bits(-0.0)),
        ],
        &mut f,
    );
    check_special(
        "gelu_tanh",
        None,
        &[
            (-INF, Bits(-0.0)),
            (INF, Bits(INF)),
            (MAX, Bits(MAX)),
            (-0.0, Bits(-0.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "hard_sigmoid",
        None,
        &[
            (-3.0, Bits(0.0)),
            (3.0, Bits(1.0)),
            (0.0, Bits(0.5)),
            (NAN, Bits(NAN)),
            (-INF, Bits(0.0)),
            (INF, Bits(1.0)),
        ],
        &mut f,
    );
    check_special(
        "hard_silu",
        None,
        &[
            (-INF, Bits(-0.0)),
            (-3.0, Bits(-0.0)),
            (INF, Bits(INF)),
            (-1.5, Bits(-0.375)),
            (3.0, Bits(3.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "mish",
        None,
        &[
            (-INF, Bits(-0.0)),
            (INF, Bits(INF)),
            (-0.0, Bits(-0.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "log_sigmoid",
        None,
        &[
            (INF, Bits(-0.0)),
            (-INF, Bits(-INF)),
            (0.0, Bits(-ln2)),
            (-1e30, Bits(-1e30)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "tanh_shrink",
        None,
        &[
            (INF, Bits(INF)),
            (-INF, Bits(-INF)),
            (NAN, Bits(NAN)),
            (0.0, Bits(0.0)),
            (-0.0, Bits(-0.0)),
            (1e-4, Near(tanh_shrink_series(1e-4f32 as f64), 1.0)),
            (-1e-3, Near(tanh_shrink_series(-1e-3f32 as f64), 1.0)),
        ],
        &mut f,
    );
    check_special(
        "sparse_plus",
        None,
        &[
            (-INF, Bits(0.0)),
            (INF, Bits(INF)),
            (0.0, Bits(0.25)),
            (-1.0, Bits(0.0)),
            (1.0, Bits(1.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "sparse_sigmoid",
        None,
        &[
            (0.0, Bits(0.5)),
            (-0.0, Bits(0.5)),
            (-INF, Bits(0.0)),
            (INF, Bits(1.0)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "hard_tanh",
        None,
        &[
            (-0.0, Bits(-0.0)),
            (INF, Bits(1.0)),
            (-INF, Bits(-1.0)),
            (0.25, Bits(0.25)),
            (NAN, Bits(NAN)),
        ],
        &mut f,
    );
    check_special(
        "elu",
        None,
        &[
            (-INF, Bits(-1.0)),
            (-0.0, Bits(-0.0)),
            (INF, Bits(INF)),
            (NAN, Bits(NAN)),
            (-1e-7, Near(libm::expm1(-1e-7f32 as f64), 1.0)),
        ],
        &mut f,
    );
    let mut ep = base_params(op("elu"));
    ep.alpha = 2.0;
    check_special("elu", Some(ep), &[(-INF, Bits(-2.0))], &mut f);
    check_special(
        "celu",
        None,
        &[(-INF, Bits(-1.0)), (INF, Bits(INF)), (NAN, Bits(NAN))],
        &mut f,
    );
    let mut cp = base_params(op("celu"));
    cp.alpha = 0.5;
    check_special(
        "celu",
        Some(cp),
        &[
            (-INF, Bits(-0.5)),
            (-1.0, Near(0.5 * libm::expm1(-2.0), 1.0)),
        ],
        &mut f,
    );
    check_special(
        "hard_shrink",
        None,
        &[
            (NAN, Bits(NAN)),
            (0.5, Bits(0.0)),
            (-0.5, Bits(0.0)),
            (0.500_000_06, Bits(0.500_000_06)),
            (-INF, Bits(-INF)),
        ],
        &mut f,
    );
    check_special(
        "soft_shrink",
        None,
        &[
            (NAN, Bits(NAN)),
            (1.0, Bits(0.5)),
            (-1.0, Bits(-0.5)),
            (0.3, Bits(0.0)),
            (-INF, Bits(-INF)),
            (INF, Bits(INF)),
        ],
        &mut f,
    );
    check_special(
        "threshold",
        None,
        &[
            (NAN, Bits(NAN)),
            (0.5, Bits(-1.0)),
            (-INF, Bits(-1.0)),
            (INF, Bits(INF)),
            (0.75, Bits(0.75)),
        ],
        &mut f,
    );
    check_special(
        "squareplus",
        None,
        &[
            (-INF, Bits(0.0)),
            (0.0, Bits(1.0)),
            (INF, Bits(INF)),
            (NAN, Bits(NAN)),
            (MAX, Near(MAX as f64, 1.0)),
            (-MAX, Near(1.0 / MAX as f64, 1.0)),
            (-1e20, Near(1.0 / (1e20f32 as f64), 1.0)),
            (-100.0, Near((-100.0 + (10_004f64).sqrt()) / 2.0, 1.0)),
        ],
        &mut f,
    );
    assert!(
        f.is_empty(),
        "{} special-value failures:\n{}",
        f.len(),
        f.join("\n")
    );
}
