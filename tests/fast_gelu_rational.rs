//! The fast tiers of gelu, softsign, squareplus, hard_sigmoid, hard_silu
//! and sparse_plus (src/math/fast/gelu.rs, rational.rs), beyond the generic
//! fast-tier tests: the inputs where each short path ends (gelu's -13 and
//! its pieces' edges, the knees, 2^24, 2^62), within the catalogue's fast
//! bound of the f64 reference on every ISA; the special values equal to the
//! exact tier's bits; the same bits on every ISA for every tail length and
//! offset; and that each fast kernel really differs from the exact one
//! somewhere (so the fast name does not run the exact kernel).

use crate::common;

use actfn::capi::types::{actfn_isa, actfn_params};
use actfn::catalogue::Accuracy;
use actfn::testing::{self, Rng};
use common::reference;

const OPS: [&str; 6] = [
    "gelu",
    "softsign",
    "squareplus",
    "hard_sigmoid",
    "hard_silu",
    "sparse_plus",
];

fn fast_op(name: &str) -> usize {
    let op = testing::find_kernel(&format!("{name}_fast")).expect("a fast kernel");
    assert!(
        testing::info(op).fast.is_some(),
        "{name}: no fast kernel of its own"
    );
    op
}

fn bound(op: usize) -> f64 {
    match testing::bound(op) {
        Accuracy::Ulp(u) => u as f64,
        Accuracy::Exact => 0.0,
    }
}

/// x and its neighbours (k f32 steps each way).
fn around(out: &mut Vec<f32>, x: f32, k: i32) {
    for d in -k..=k {
        let b = x.to_bits() as i64 + d as i64;
        if (0..=u32::MAX as i64).contains(&b) {
            out.push(f32::from_bits(b as u32));
        }
    }
}

/// The edges of the short paths, the special values, subnormals, and a
/// spread of random bit patterns and of values in [-16, 16].
fn inputs() -> Vec<f32> {
    let mut v = Vec::new();
    let edges = [
        0.0,
        1.0,
        2.0,
        3.0,
        4.0,
        6.0,
        8.0,
        10.0,
        12.0,
        13.0,
        14.0,
        0.5,
        1.5,
        0.25,
        5.0,
        7.0,
        9.0,
        11.0,
        13.2,
        14.4,
        16.0,
        20.0,
        1e-20,
        1e-38,
        16_777_216.0,
        33_554_432.0,
        4.611686e18,
        1e30,
        3.4e38,
    ];
    for &e in &edges {
        around(&mut v, e, 4);
        around(&mut v, -e, 4);
    }
    for &s in &[
        f32::from_bits(1),
        f32::from_bits(0x0000_0fff),
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::INFINITY,
        f32::NAN,
        f32::from_bits(0x7f80_0001),
        f32::from_bits(0x7fa0_1234),
    ] {
        v.push(s);
        v.push(-s);
    }
    let mut rng = Rng::new(0x14c0_ffee);
    for _ in 0..20_000 {
        v.push(rng.any_bits());
        v.push(rng.uniform(-16.0, 16.0));
    }
    v
}

fn run(isa: actfn_isa, op: usize, x: &[f32], p: &actfn_params) -> Vec<f32> {
    let mut y = vec![f32::from_bits(0x7fc0_dead); x.len()];
    testing::elementwise(isa, op, x, &mut y, p);
    y
}

/// The error in f32 ulps of the f64 reference, or the kind of mismatch.
fn err(got: f32, want: f64) -> Result<f64, String> {
    reference::ulp_error(got, want).map_err(|m| m.to_string())
}

#[test]
fn within_the_fast_bound_at_the_edges_on_every_isa() {
    let x = inputs();
    let mut checked = 0usize;
    let mut failures = Vec::new();
    for name in OPS {
        let op = fast_op(name);
        let r = reference::for_op(name).expect("a reference");
        let b = bound(op);
        assert!(b > 0.0 && b <= 4.0, "{name}: fast bound {b}");
        // The largest error over every ISA and parameter set (squareplus
        // with b = 0 runs the exact tier's path).
        let mut worst = 0.0f64;
        for p in testing::param_sets(op) {
            for isa in testing::available() {
                let y = run(isa, op, &x, &p);
                for (&xi, &yi) in x.iter().zip(&y) {
                    checked += 1;
                    if xi.is_nan() {
                        // The input NaN, quieted.
                        if yi.to_bits() != xi.to_bits() | 0x0040_0000 {
                            failures.push(format!(
                                "{name} {}: NaN {:#x} gave {:#x}",
                                testing::isa_name(isa),
                                xi.to_bits(),
                                yi.to_bits()
                            ));
                        }
                        continue;
                    }
                    match err(yi, r(xi, &p)) {
                        Ok(e) => worst = worst.max(e),
                        Err(m) => failures.push(format!(
                            "{name} {} x = {xi:e}: {m} (got {yi:e})",
                            testing::isa_name(isa)
                        )),
                    }
                    if err(yi, r(xi, &p)).is_ok_and(|e| e > b) {
                        failures.push(format!(
                            "{name} {} x = {xi:e}: {} ULP > {b} (got {yi:e}, want {:e})",
                            testing::isa_name(isa),
                            err(yi, r(xi, &p)).unwrap(),
                            r(xi, &p)
                        ));
                    }
                }
            }
        }
        assert!(worst > 0.0, "{name}: no error at all: not a fast kernel?");
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

#[test]
fn special_values_are_the_exact_tiers_bits() {
    let specials = [
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7f80_0001),
        f32::MAX,
        -f32::MAX,
        -3.0,
        3.0,
        -1.0,
        1.0,
        -13.0,
        -13.5,
        -20.0,
        16_777_216.0,
        -16_777_216.0,
    ];
    for name in OPS {
        let fast = fast_op(name);
        let exact = testing::base_op(fast);
        for p in testing::param_sets(fast) {
            for isa in testing::available() {
                let yf = run(isa, fast, &specials, &p);
                let ye = run(isa, exact, &specials, &p);
                for ((x, f), e) in specials.iter().zip(&yf).zip(&ye) {
                    // Each of these is exact in both tiers or takes the
                    // exact tier's path in the fast one.
                    let a = x.abs();
                    let exact_value = x.is_nan()
                        || x.is_infinite()
                        || *x == 0.0
                        || match name {
                            "gelu" => a >= 13.5,
                            "softsign" => a >= 16_777_216.0,
                            "squareplus" => a > 4.7e18,
                            _ => true,
                        };
                    if exact_value {
                        assert_eq!(
                            f.to_bits(),
                            e.to_bits(),
                            "{name} {} at {x:e}: fast {f:e} exact {e:e}",
                            testing::isa_name(isa)
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn same_bits_on_every_isa_every_tail_and_offset() {
    let x = inputs();
    for name in OPS {
        let op = fast_op(name);
        for p in testing::param_sets(op) {
            let want = run(testing::available()[0], op, &x, &p);
            for isa in testing::available() {
                let got = run(isa, op, &x, &p);
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert_eq!(
                        g.to_bits(),
                        w.to_bits(),
                        "{name} {} at {:e}",
                        testing::isa_name(isa),
                        x[i]
                    );
                }
                // Every length up to 70 at offsets 0..4, out of place and
                // in place, against the long run's values; nothing written
                // past the end.
                for off in 0..4 {
                    for n in 0..70 {
                        let src = &x[1000 + off..1000 + off + n];
                        let mut y = vec![f32::from_bits(0x7fc0_beef); n + 1];
                        testing::elementwise(isa, op, src, &mut y[..n], &p);
                        let mut z = src.to_vec();
                        testing::elementwise_in_place(isa, op, &mut z, &p);
                        for k in 0..n {
                            let w = want[1000 + off + k].to_bits();
                            assert_eq!(y[k].to_bits(), w, "{name} n={n} off={off} k={k}");
                            assert_eq!(z[k].to_bits(), w, "{name} in place n={n} k={k}");
                        }
                        assert_eq!(y[n].to_bits(), 0x7fc0_beef, "{name}: wrote past n={n}");
                    }
                }
            }
        }
    }
}

#[test]
fn fast_kernels_differ_from_the_exact_ones() {
    let x = inputs();
    for name in OPS {
        let fast = fast_op(name);
        let exact = testing::base_op(fast);
        let p = testing::base_params(fast);
        let isa = testing::available()[0];
        let (yf, ye) = (run(isa, fast, &x, &p), run(isa, exact, &x, &p));
        let differ = yf
            .iter()
            .zip(&ye)
            .filter(|(f, e)| f.to_bits() != e.to_bits())
            .count();
        assert!(differ > 0, "{name}: the fast kernel gives the exact bits");
    }
}
