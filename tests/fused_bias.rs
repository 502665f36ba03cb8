//! Bias + activation (`actfn_bias_act_f32`'s kernels), per ISA through
//! `actfn::fused::testing`: bit for bit the library's own unfused calls
//! (the op's element-wise kernel on `fl(x + bias)` or `fma(x, scale, bias)`,
//! computed here with std's `f32` arithmetic), within the catalogue's bound
//! of the independent f64 reference, the same bits on every ISA, in place,
//! channels last and channels first, shapes with odd tails and tiles split
//! inside a channel.
#![allow(clippy::needless_range_loop)]

use crate::common;
use crate::support;

use actfn::catalogue::{Accuracy, OPS};
use actfn::fused::{nan_of_scalar, testing as fused};
use actfn::testing;
use common::reference as r;
use support::*;

/// `[outer, channels, inner]`: channels last (inner 1) with odd widths,
/// channels first, and shapes larger than a tile (4096) whose tiles end
/// inside a channel's run.
const SHAPES: &[[usize; 3]] = &[
    [1, 1, 1],
    [3, 37, 1],
    [130, 67, 1],
    [2, 5, 67],
    [3, 7, 1001],
    [1, 3, 4099],
    [4, 1, 13],
];

/// Inputs: the special values, then values spread over the range where the
/// activations bend, and some arbitrary bit patterns.
fn inputs(rng: &mut Rng, n: usize) -> Vec<f32> {
    let sp = specials();
    (0..n)
        .map(|k| match k % 7 {
            0 => sp[(k / 7) % sp.len()],
            1 => rng.any_bits(),
            _ => rng.uniform(-12.0, 12.0),
        })
        .collect()
}

fn channel_values(rng: &mut Rng, c: usize, scale: bool) -> Vec<f32> {
    (0..c)
        .map(|k| match (k % 11, scale) {
            (3, false) => -0.0,
            (5, _) => f32::NAN,
            (7, true) => -2.0,
            (_, true) => rng.uniform(0.25, 3.0),
            _ => rng.uniform(-4.0, 4.0),
        })
        .collect()
}

/// The pre-activation, as the unfused caller computes it (NaN by the
/// library's documented rule).
fn pre(x: &[f32], bias: &[f32], scale: Option<&[f32]>, [_, ch, inner]: [usize; 3]) -> Vec<f32> {
    (0..x.len())
        .map(|i| {
            let c = (i / inner) % ch;
            match scale {
                None => nan_of_scalar(&[x[i], bias[c]], x[i] + bias[c]),
                Some(s) => nan_of_scalar(&[x[i], bias[c], s[c]], x[i].mul_add(s[c], bias[c])),
            }
        })
        .collect()
}

#[test]
fn bias_act_equals_unfused_and_reference_on_every_isa() {
    let mut rng = Rng::new(20);
    let mut fails = Vec::new();
    let mut checked = 0usize;
    for (i, op) in OPS.iter().enumerate() {
        let reference = r::for_op(op.name).expect("a reference for every op");
        let (bound, exact) = match op.accuracy {
            Accuracy::Exact => (0.0, true),
            Accuracy::Ulp(b) => (b as f64, false),
        };
        for p in testing::param_sets(i) {
            for &dims in SHAPES {
                let n: usize = dims.iter().product();
                let x = inputs(&mut rng, n);
                for with_scale in [false, true] {
                    let bias = channel_values(&mut rng, dims[1], false);
                    let sc = channel_values(&mut rng, dims[1], true);
                    let scale = with_scale.then_some(&sc[..]);
                    let z = pre(&x, &bias, scale, dims);
                    let mut first: Option<Vec<f32>> = None;
                    for isa in testing::available() {
                        let what = format!(
                            "{} {dims:?} scale={with_scale} on {}",
                            op.name,
                            isa_name(isa)
                        );
                        let mut want = vec![0.0f32; n];
                        testing::elementwise(isa, i, &z, &mut want, &p);
                        let mut y = vec![sentinel(); n];
                        fused::bias_act(isa, i, &p, &x, &bias, scale, &mut y, dims);
                        let mut xy = x.clone();
                        fused::bias_act_in_place(isa, i, &p, &mut xy, &bias, scale, dims);
                        for k in 0..n {
                            if y[k].to_bits() != want[k].to_bits() {
                                fails.push(format!(
                                    "{what}: y[{k}] = {} want the unfused {} (x {}, z {})",
                                    show(y[k]),
                                    show(want[k]),
                                    show(x[k]),
                                    show(z[k])
                                ));
                            }
                            if xy[k].to_bits() != y[k].to_bits() {
                                fails.push(format!("{what}: in place y[{k}] = {}", show(xy[k])));
                            }
                            match r::error(y[k], reference(z[k], &p), exact) {
                                Ok(e) if e <= bound => {}
                                Ok(e) => fails.push(format!(
                                    "{what}: y[{k}] = {} is {e} ULP from the reference at z = {}",
                                    show(y[k]),
                                    show(z[k])
                                )),
                                Err(m) => fails.push(format!("{what}: z = {}: {m:?}", show(z[k]))),
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

/// The fma is fused (rounded once) on every ISA, the scalar one with the
/// software FMA included: a case where `x * s + b` rounded twice differs.
#[test]
fn scale_is_a_true_fused_multiply_add() {
    // x * s = 1 + 2^-23 + 2^-24 + 2^-47 exactly... chosen so that two roundings
    // lose the low part: x = 1 + 2^-23, s = 1 + 2^-23 (x s = 1 + 2^-22 + 2^-46),
    // b = -(1 + 2^-22): fma gives 2^-46, two roundings give 0.
    let x = 1.0 + f32::EPSILON;
    let s = 1.0 + f32::EPSILON;
    let b = -(1.0 + 2.0 * f32::EPSILON);
    assert_eq!(x.mul_add(s, b), 2f32.powi(-46));
    assert_eq!(x * s + b, 0.0);
    let linear = OPS.iter().position(|o| o.name == "linear").unwrap();
    let p = testing::base_params(linear);
    for isa in testing::available() {
        let n = 37;
        let xs = vec![x; n];
        let mut y = vec![0.0; n];
        fused::bias_act(isa, linear, &p, &xs, &[b], Some(&[s]), &mut y, [1, 1, n]);
        fused::bias_act(
            isa,
            linear,
            &p,
            &xs,
            &[b; 37],
            Some(&[s; 37]),
            &mut y[..],
            [1, 37, 1],
        );
        for v in &y {
            assert_eq!(*v, 2f32.powi(-46), "{}", isa_name(isa));
        }
    }
}

/// Unaligned buffers (offsets 1..=3 floats into x, y, bias and scale) give
/// the bits of the aligned call, and nothing outside y is written.
#[test]
fn unaligned_offsets_and_canaries() {
    let mut rng = Rng::new(24);
    let gelu = OPS.iter().position(|o| o.name == "gelu").unwrap();
    let p = testing::base_params(gelu);
    for dims in [[3, 37, 1], [2, 5, 67], [1, 3, 1500]] {
        let n: usize = dims.iter().product();
        let x = inputs(&mut rng, n + 3);
        let bias = channel_values(&mut rng, dims[1] + 3, false);
        let sc = channel_values(&mut rng, dims[1] + 3, true);
        for isa in testing::available() {
            let mut want = vec![0.0f32; n];
            fused::bias_act(
                isa,
                gelu,
                &p,
                &x[..n],
                &bias[..dims[1]],
                Some(&sc[..dims[1]]),
                &mut want,
                dims,
            );
            for off in 1..=3 {
                let xs: Vec<f32> = x[..n].to_vec();
                let mut xo = vec![0.0f32; n + off];
                xo[off..].copy_from_slice(&xs);
                let mut bo = vec![0.0f32; dims[1] + off];
                bo[off..].copy_from_slice(&bias[..dims[1]]);
                let mut so = vec![0.0f32; dims[1] + off];
                so[off..].copy_from_slice(&sc[..dims[1]]);
                let mut y = vec![sentinel(); n + off + 5];
                fused::bias_act(
                    isa,
                    gelu,
                    &p,
                    &xo[off..],
                    &bo[off..],
                    Some(&so[off..]),
                    &mut y[off..off + n],
                    dims,
                );
                assert!(
                    all_sentinel(&y[..off]) && all_sentinel(&y[off + n..]),
                    "{} wrote outside y",
                    isa_name(isa)
                );
                for k in 0..n {
                    assert_eq!(
                        y[off + k].to_bits(),
                        want[k].to_bits(),
                        "{} {dims:?} offset {off} y[{k}]",
                        isa_name(isa)
                    );
                }
            }
        }
    }
}
