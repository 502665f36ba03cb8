//! Gated units (`actfn_gated_f32`, `actfn_gated_axis_f32`'s kernels), per
//! ISA through `actfn::fused::testing`, with every element-wise op as the
//! gate (GLU = sigmoid, SwiGLU = silu, GeGLU = gelu / gelu_tanh, ReGLU =
//! relu, ...): bit for bit the library's own unfused calls (the op's kernel
//! on the gate, then one f32 product), near the independent f64 reference,
//! the same bits on every ISA, in place, both layouts and both halves.
#![allow(clippy::needless_range_loop)]

use crate::common;
use crate::support;

use actfn::catalogue::{Accuracy, OPS};
use actfn::fused::{nan_of_scalar, testing as fused};
use actfn::testing;
use common::reference as r;
use support::*;

const LENS: &[usize] = &[1, 3, 15, 16, 17, 100, 4095, 4096, 4097, 9001];

fn inputs(rng: &mut Rng, n: usize, up: bool) -> Vec<f32> {
    let sp = specials();
    (0..n)
        .map(|k| match (k % 9, up) {
            (0, _) => sp[(k / 9 + up as usize * 5) % sp.len()],
            (1, false) => rng.any_bits(),
            (_, false) => rng.uniform(-12.0, 12.0),
            (_, true) => rng.uniform(-3.0, 3.0),
        })
        .collect()
}

/// The unfused calls on `isa`: the op's kernel, then the product.
fn unfused(
    isa: u32,
    i: usize,
    p: &actfn::capi::types::actfn_params,
    g: &[f32],
    u: &[f32],
) -> Vec<f32> {
    let mut a = vec![0.0f32; g.len()];
    testing::elementwise(isa, i, g, &mut a, p);
    a.iter()
        .zip(u)
        .map(|(&a, &u)| nan_of_scalar(&[a, u], a * u))
        .collect()
}

/// Within the act's own error (its bound in ULP of act(g), times |u|)
/// plus the product's half ULP, of act(g) * u in f64 (exact ops: a bound of
/// half an ULP, their correct rounding). In absolute terms, so that
/// subnormal act values (whose ULP is 2^-149 absolute) are judged fairly.
fn near_reference(
    i: usize,
    p: &actfn::capi::types::actfn_params,
    g: f32,
    u: f32,
    y: f32,
) -> Option<String> {
    let reference = r::for_op(OPS[i].name).unwrap();
    let b = match OPS[i].accuracy {
        Accuracy::Exact => 0.5,
        Accuracy::Ulp(b) => b as f64,
    };
    let act = reference(g, p);
    let exact = act * u as f64;
    if y.is_nan() {
        // (0 * inf, also when act(g) rounds to 0 in f32)
        let nan_ok = exact.is_nan() || g.is_nan() || u.is_nan() || ((act as f32) * u).is_nan();
        return (!nan_ok).then(|| format!("NaN for g {} u {}", show(g), show(u)));
    }
    if act.abs() > f32::MAX as f64 {
        // act(g) itself overflows f32 (celu or selu_ex with a huge alpha):
        // the unfused kernel gives +-inf, or +-MAX within its bound.
        let inf = act as f32;
        let ok = [inf, f32::MAX.copysign(inf)]
            .iter()
            .any(|a| (a * u).to_bits() == y.to_bits());
        return (!ok)
            .then(|| format!("{} for act {act:e} (g {}, u {})", show(y), show(g), show(u)));
    }
    if !exact.is_finite() || !act.is_finite() {
        return ((exact as f32).to_bits() != y.to_bits())
            .then(|| format!("{} for {exact:e} (g {}, u {})", show(y), show(g), show(u)));
    }
    let tol = b * ulp_f32_at(act) * (u as f64).abs() + 0.5 * ulp_f32_at(exact);
    if y.is_infinite() {
        // Overflow: possible when the value within tol reaches MAX + ulp / 2.
        let reach = exact.abs() + tol >= f32::MAX as f64 + 2f64.powi(103);
        return (!(reach && (y > 0.0) == (exact > 0.0)))
            .then(|| format!("{} for {exact:e} (g {}, u {})", show(y), show(g), show(u)));
    }
    let err = (y as f64 - exact).abs();
    (err > tol * (1.0 + 1e-9)).then(|| {
        format!(
            "{} is {err:e} from {exact:e} (g {}, u {}), tol {tol:e}",
            show(y),
            show(g),
            show(u)
        )
    })
}

#[test]
fn gated_equals_unfused_and_reference_on_every_isa() {
    let mut rng = Rng::new(21);
    let mut fails = Vec::new();
    let mut checked = 0usize;
    for (i, op) in OPS.iter().enumerate() {
        for p in testing::param_sets(i) {
            for &n in LENS {
                let g = inputs(&mut rng, n, false);
                let u = inputs(&mut rng, n, true);
                let mut first: Option<Vec<f32>> = None;
                for isa in testing::available() {
                    let what = format!("{} n={n} on {}", op.name, isa_name(isa));
                    let want = unfused(isa, i, &p, &g, &u);
                    let mut y = vec![sentinel(); n];
                    fused::gated(isa, i, &p, &g, &u, &mut y);
                    let (mut g2, mut u2) = (g.clone(), u.clone());
                    fused::gated_in_place(isa, i, &p, &mut g2, &mut u2, true);
                    let (mut g3, mut u3) = (g.clone(), u.clone());
                    fused::gated_in_place(isa, i, &p, &mut g3, &mut u3, false);
                    for k in 0..n {
                        if y[k].to_bits() != want[k].to_bits() {
                            fails.push(format!(
                                "{what}: y[{k}] = {} want the unfused {}",
                                show(y[k]),
                                show(want[k])
                            ));
                        }
                        if g2[k].to_bits() != y[k].to_bits() || u3[k].to_bits() != y[k].to_bits() {
                            fails.push(format!("{what}: in place y[{k}] differs"));
                        }
                        if let Some(m) = near_reference(i, &p, g[k], u[k], y[k]) {
                            fails.push(format!("{what}: y[{k}] {m}"));
                        }
                    }
                    match &first {
                        None => first = Some(y),
                        Some(f) => {
                            if f.iter().zip(&y).any(|(a, b)| a.to_bits() != b.to_bits()) {
                                fails.push(format!("{what}: differs from the first ISA"));
                            }
                        }
                    }
                    checked += n;
                }
            }
        }
        assert!(
            fails.len() < 200,
            "{}",
            fails[..50.min(fails.len())].join("\n")
        );
    }
    assert!(
        fails.is_empty(),
        "{} failures:\n{}",
        fails.len(),
        fails[..50.min(fails.len())].join("\n")
    );
    println!("{checked} outputs checked");
}

#[test]
fn axis_layout_both_halves_and_in_place() {
    let mut rng = Rng::new(22);
    let mut fails = Vec::new();
    let named = ["sigmoid", "silu", "gelu", "gelu_tanh", "relu"];
    for name in named {
        let i = OPS.iter().position(|o| o.name == name).unwrap();
        let p = testing::base_params(i);
        for dims in [
            [1, 2, 1],
            [3, 10, 1],
            [2, 6, 7],
            [2, 4, 1031],
            [5, 2, 4097],
            [1, 8194, 1],
        ] {
            let n: usize = dims.iter().product();
            let x = inputs(&mut rng, n, false);
            let block = dims[1] / 2 * dims[2];
            for gate_second in [false, true] {
                for isa in testing::available() {
                    let what = format!(
                        "{name} {dims:?} gate_second={gate_second} on {}",
                        isa_name(isa)
                    );
                    let mut want = Vec::new();
                    for o in 0..dims[0] {
                        let a = &x[o * 2 * block..o * 2 * block + block];
                        let b = &x[o * 2 * block + block..(o + 1) * 2 * block];
                        let (g, u) = if gate_second { (b, a) } else { (a, b) };
                        want.extend(unfused(isa, i, &p, g, u));
                    }
                    let mut y = vec![sentinel(); n / 2 + 3];
                    fused::gated_axis(isa, i, &p, &x, &mut y, dims, gate_second);
                    let mut xy = x.clone();
                    fused::gated_axis_in_place(isa, i, &p, &mut xy, dims, gate_second);
                    for k in 0..n / 2 {
                        if y[k].to_bits() != want[k].to_bits()
                            || xy[k].to_bits() != want[k].to_bits()
                        {
                            fails.push(format!(
                                "{what}: y[{k}] = {} in place {} want {}",
                                show(y[k]),
                                show(xy[k]),
                                show(want[k])
                            ));
                        }
                    }
                    if !all_sentinel(&y[n / 2..]) {
                        fails.push(format!("{what}: wrote past the output"));
                    }
                }
            }
        }
    }
    assert!(
        fails.is_empty(),
        "{} failures:\n{}",
        fails.len(),
        fails[..50.min(fails.len())].join("\n")
    );
}

/// SwiGLU against a hand-computed f64 value, independent of the catalogue.
#[test]
fn swiglu_values() {
    let silu = OPS.iter().position(|o| o.name == "silu").unwrap();
    let p = testing::base_params(silu);
    let g = [0.0f32, 1.0, -1.0, 3.5, -20.0, 80.0];
    let u = [5.0f32, 2.0, -0.5, 1.25, 3.0, -1.0];
    for isa in testing::available() {
        let mut y = [0.0f32; 6];
        fused::gated(isa, silu, &p, &g, &u, &mut y);
        for k in 0..6 {
            let gv = g[k] as f64;
            let exact = gv / (1.0 + (-gv).exp()) * u[k] as f64;
            assert!(
                ulp_err(y[k], exact) <= 1.5,
                "{}: {} vs {exact}",
                isa_name(isa),
                y[k]
            );
        }
    }
}

/// Unaligned buffers give the bits of the aligned call, and nothing outside
/// y is written.
#[test]
fn unaligned_offsets_and_canaries() {
    let mut rng = Rng::new(25);
    let silu = OPS.iter().position(|o| o.name == "silu").unwrap();
    let p = testing::base_params(silu);
    for n in [5, 17, 1100, 2049] {
        let g = inputs(&mut rng, n, false);
        let u = inputs(&mut rng, n, true);
        for isa in testing::available() {
            let mut want = vec![0.0f32; n];
            fused::gated(isa, silu, &p, &g, &u, &mut want);
            for off in 1..=3 {
                let mut go = vec![0.0f32; n + off];
                go[off..].copy_from_slice(&g);
                let mut uo = vec![0.0f32; n + 2 * off];
                uo[2 * off..].copy_from_slice(&u);
                let mut y = vec![sentinel(); n + off + 5];
                fused::gated(
                    isa,
                    silu,
                    &p,
                    &go[off..],
                    &uo[2 * off..],
                    &mut y[off..off + n],
                );
                assert!(all_sentinel(&y[..off]) && all_sentinel(&y[off + n..]));
                for k in 0..n {
                    assert_eq!(
                        y[off + k].to_bits(),
                        want[k].to_bits(),
                        "{} n {n} offset {off}",
                        isa_name(isa)
                    );
                }
            }
        }
    }
}
