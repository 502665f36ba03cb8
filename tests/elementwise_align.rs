//! The element-wise loop's aligning head (src/kernels/elementwise.rs,
//! `head_to_align`): when x and y are off the register alignment by the
//! same number of floats, the first elements up to the aligned one run as
//! one masked register. Here x and y are placed at every misalignment of 0
//! to 15 floats from 64-byte boundaries (the same for both, in place, and
//! different ones), at lengths around the head's size and beyond, on every
//! ISA this CPU has and for both tiers: canaries around the output stay
//! untouched and every y[i] is the value of x[i] computed alone. relu's
//! values are checked against max(x, 0) as well. (Self-contained.)

use actfn::testing;

const CANARY: u32 = 0x7fc0_beef;
/// Floats per 64 bytes.
const LINE: usize = 16;
/// Canary floats after the output.
const PAD: usize = 20;

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// The index in `v` of its first 64-byte aligned element.
fn aligned_start(v: &[f32]) -> usize {
    let mis = v.as_ptr() as usize % 64;
    if mis == 0 {
        0
    } else {
        (64 - mis) / 4
    }
}

fn inputs(n: usize) -> Vec<f32> {
    // Specials first, then a fixed pseudo-random spread over many scales.
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        3.0,
        -3.0,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        -f32::from_bits(1),
        f32::MAX,
        -f32::MAX,
        1e30,
        -7.5,
    ];
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    while v.len() < n {
        s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let u = (s >> 40) as f32 / (1u64 << 24) as f32;
        let k = v.len() % 3;
        v.push(match k {
            0 => (u - 0.5) * 20.0,
            1 => (u - 0.5) * 6.0,
            _ => f32::from_bits((s >> 32) as u32),
        });
    }
    v.truncate(n);
    v
}

const LENGTHS: &[usize] = &[
    0, 1, 2, 3, 7, 8, 9, 14, 15, 16, 17, 23, 24, 31, 32, 33, 47, 48, 63, 64, 65, 79, 80, 95, 129,
    200, 257, 1000,
];

#[test]
fn same_misalignment_in_and_out_of_place() {
    let src = inputs(1000);
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for isa in testing::available() {
        for op in testing::kernel_ops() {
            let p = testing::default_params(op);
            let name = testing::kernel_name(op);
            let is_relu = name == "relu";
            // Each input computed alone (one element per call).
            let alone: Vec<f32> = src
                .iter()
                .map(|&v| {
                    let mut y = [0.0f32];
                    testing::elementwise(isa, op, &[v], &mut y, &p);
                    y[0]
                })
                .collect();
            for &n in LENGTHS {
                for (mx, my) in (0..LINE).map(|m| (m, m)).chain([(0, 5), (5, 0), (3, 9)]) {
                    let mut xb = vec![0.0f32; n + 2 * LINE + PAD];
                    let mut yb = vec![f32::from_bits(CANARY); n + 2 * LINE + PAD];
                    let xs = aligned_start(&xb) + mx;
                    let ys = aligned_start(&yb) + my;
                    // A rotation of the inputs so each length sees others.
                    let rot = (n * 7 + mx * 3) % src.len();
                    let idx = |k: usize| (k + rot) % src.len();
                    for k in 0..n {
                        xb[xs + k] = src[idx(k)];
                    }
                    testing::elementwise(isa, op, &xb[xs..xs + n], &mut yb[ys..ys + n], &p);
                    let ctx = format!(
                        "{name} on {} n={n} x off {mx} y off {my}",
                        testing::isa_name(isa)
                    );
                    for (k, v) in yb.iter().enumerate() {
                        if !(ys..ys + n).contains(&k) && v.to_bits() != CANARY {
                            failures.push(format!("{ctx}: canary y[{k}] overwritten"));
                        }
                    }
                    for k in 0..n {
                        let (x, y) = (src[idx(k)], yb[ys + k]);
                        if !same(y, alone[idx(k)]) {
                            failures.push(format!(
                                "{ctx}: y[{k}] = {y:e} for x = {x:e}, alone {:e}",
                                alone[idx(k)]
                            ));
                        }
                        if is_relu {
                            let want = if x.is_nan() {
                                f32::NAN
                            } else if x > 0.0 {
                                x
                            } else {
                                0.0
                            };
                            if !same(y, want) || (y == 0.0 && y.is_sign_negative()) {
                                failures.push(format!("{ctx}: relu({x:e}) = {y:e}"));
                            }
                        }
                        checked += 1;
                    }
                    // In place at x's position.
                    if mx == my {
                        let mut z = xb.clone();
                        testing::elementwise_in_place(isa, op, &mut z[xs..xs + n], &p);
                        for k in 0..z.len() {
                            let ok = if (xs..xs + n).contains(&k) {
                                same(z[k], yb[ys + k - xs])
                            } else {
                                z[k].to_bits() == xb[k].to_bits()
                            };
                            if !ok {
                                failures.push(format!("{ctx}: in place z[{k}] = {:e}", z[k]));
                            }
                        }
                    }
                    assert!(
                        failures.len() < 40,
                        "{} failures:\n{}",
                        failures.len(),
                        failures.join("\n")
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100_000, "only {checked} values checked");
    eprintln!("{checked} values checked");
}
