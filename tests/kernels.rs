//! Element-wise kernels, called per ISA through `actfn::testing` (which does
//! not touch the process-wide active ISA): every tail length at every
//! offset with canaries around the output, in place, position
//! independence, cross-ISA bit identity (also at the edges of the math's
//! short paths, one lane at a time) and the NaN rule, for both tiers (the
//! fast kernels: `testing::kernel_ops`). The special values of the
//! catalogue are checked in `tests/specials.rs`.

#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

use crate::support;

use actfn::capi::types::*;
use actfn::catalogue::NanRule;
use actfn::testing;
use support::*;

/// The catalogue's parameter sets of op `i` (defaults first).
fn param_sets(i: usize) -> Vec<actfn_params> {
    testing::param_sets(i)
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
        for i in testing::kernel_ops() {
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
                        let name = testing::kernel_name(i);
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
    for i in testing::kernel_ops() {
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
                        testing::kernel_name(i),
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
    for i in testing::kernel_ops() {
        for p in param_sets(i) {
            for isa in testing::available() {
                let y = run(isa, i, &p, &x);
                for k in (0..x.len()).filter(|&k| x[k].is_nan()) {
                    let quiet = if testing::info(i).nan == NanRule::Copy {
                        0
                    } else {
                        0x0040_0000
                    };
                    let want = x[k].to_bits() | quiet;
                    if y[k].to_bits() != want {
                        failures.push(format!(
                            "{} {p:?} on {}: x = {:#010x} gives {:#010x}, want {want:#010x}",
                            testing::kernel_name(i),
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
    for i in testing::kernel_ops() {
        for p in param_sets(i) {
            let reference = run(ACTFN_ISA_SCALAR, i, &p, &x);
            for isa in testing::available() {
                let y = run(isa, i, &p, &x);
                for k in (0..x.len()).filter(|&k| !same(y[k], reference[k])).take(3) {
                    failures.push(format!(
                        "{} {p:?} on {}: lane {} of a register holding {}: {} for x = {}, scalar {}",
                        testing::kernel_name(i),
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
