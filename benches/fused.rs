//! The fused operators against the unfused calls and against the kernel
//! they wrap, side by side in one run (issue 20's speed targets), at 16K
//! and 4M outputs on every ISA of this CPU:
//!
//! - `bias_act/<op>`: `fused` (actfn_bias_act's kernels, `[rows, 1024]`
//!   channels last; `fused_nchw`: `[n, 16, 4096]`), `unfused` (a bias pass,
//!   then the op in place), `act` (the op alone on the same count);
//! - `gated/<op>`: `fused` (act(gate) * up), `unfused` (the op into a buffer,
//!   then a product pass), `act` (the op alone on the same outputs);
//! - `attention/<softmax|log_softmax>`: `fused` (scale 1/8, a 16-row
//!   finite mask), `fused_padded` (the mask with -inf at every 13th key),
//!   `fused_causal` (the finite mask, causal), `softmax` (plain softmax of the same
//!   rows), `unfused` (a scale pass, a mask pass, then softmax); rows of
//!   1024.
//!
//! Run `cargo bench --bench fused [-- FILTER]`, then
//! `python3 tools/fused_ratios.py` for the ratios (from target/criterion).
//!
//! The unfused passes are plain Rust loops (auto-vectorised, as an engine's
//! own loops would be) around the library's kernels.

use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::fused::testing as fused;
use actfn::testing;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const K: usize = 1024;
const SIZES: &[usize] = &[16 * K, 4 * K * K];
const COLS: usize = 1024;

fn isas() -> Vec<actfn_isa> {
    let mut v = actfn::dispatch::available();
    v.sort_unstable();
    v
}

fn op(name: &str) -> usize {
    OPS.iter().position(|o| o.name == name).unwrap()
}

fn data(n: usize, lo: f32, hi: f32, seed: u64) -> Vec<f32> {
    let mut rng = testing::Rng::new(seed);
    (0..n).map(|_| rng.uniform(lo as f64, hi as f64)).collect()
}

fn bias_act(c: &mut Criterion) {
    for name in [
        "relu",
        "leaky_relu",
        "hard_sigmoid",
        "relu6",
        "silu",
        "gelu",
        "gelu_tanh",
        "tanh",
    ] {
        let i = op(name);
        let p = testing::base_params(i);
        let mut g = c.benchmark_group(format!("bias_act/{name}"));
        for &n in SIZES {
            g.throughput(Throughput::Elements(n as u64));
            let x = data(n, -6.0, 6.0, 1);
            let bias = data(COLS, -1.0, 1.0, 2);
            let bias16 = data(16, -1.0, 1.0, 3);
            let mut y = vec![0.0f32; n];
            for isa in isas() {
                let l =
                    |what: &str| BenchmarkId::new(format!("{what}/{}", testing::isa_name(isa)), n);
                g.bench_function(l("fused"), |b| {
                    b.iter(|| {
                        fused::bias_act(
                            isa,
                            i,
                            &p,
                            black_box(&x),
                            &bias,
                            None,
                            &mut y,
                            [n / COLS, COLS, 1],
                        )
                    })
                });
                g.bench_function(l("fused_nchw"), |b| {
                    b.iter(|| {
                        fused::bias_act(
                            isa,
                            i,
                            &p,
                            black_box(&x),
                            &bias16,
                            None,
                            &mut y,
                            [n / 16 / 4096.min(n / 16), 16, 4096.min(n / 16)],
                        )
                    })
                });
                g.bench_function(l("unfused"), |b| {
                    b.iter(|| {
                        for (yr, xr) in y
                            .chunks_exact_mut(COLS)
                            .zip(black_box(&x).chunks_exact(COLS))
                        {
                            for ((yv, xv), bv) in yr.iter_mut().zip(xr).zip(&bias) {
                                *yv = xv + bv;
                            }
                        }
                        testing::elementwise_in_place(isa, i, &mut y, &p);
                    })
                });
                g.bench_function(l("act"), |b| {
                    b.iter(|| testing::elementwise(isa, i, black_box(&x), &mut y, &p))
                });
            }
        }
        g.finish();
    }
}

fn gated(c: &mut Criterion) {
    for name in ["silu", "gelu", "gelu_tanh", "sigmoid", "relu"] {
        let i = op(name);
        let p = testing::base_params(i);
        let mut g = c.benchmark_group(format!("gated/{name}"));
        for &n in SIZES {
            g.throughput(Throughput::Elements(n as u64));
            let gate = data(n, -6.0, 6.0, 4);
            let up = data(n, -2.0, 2.0, 5);
            let mut y = vec![0.0f32; n];
            for isa in isas() {
                let l =
                    |what: &str| BenchmarkId::new(format!("{what}/{}", testing::isa_name(isa)), n);
                g.bench_function(l("fused"), |b| {
                    b.iter(|| fused::gated(isa, i, &p, black_box(&gate), &up, &mut y))
                });
                g.bench_function(l("unfused"), |b| {
                    b.iter(|| {
                        testing::elementwise(isa, i, black_box(&gate), &mut y, &p);
                        for (yv, uv) in y.iter_mut().zip(&up) {
                            *yv *= uv;
                        }
                    })
                });
                g.bench_function(l("act"), |b| {
                    b.iter(|| testing::elementwise(isa, i, black_box(&gate), &mut y, &p))
                });
            }
        }
        g.finish();
    }
}

fn attention(c: &mut Criterion) {
    for log in [false, true] {
        let name = if log { "log_softmax" } else { "softmax" };
        let mut g = c.benchmark_group(format!("attention/{name}"));
        for &n in SIZES {
            g.throughput(Throughput::Elements(n as u64));
            let rows = n / COLS;
            let x = data(n, -8.0, 8.0, 6);
            let mask = data(16 * COLS, -1.0, 0.0, 7);
            let mut padded = mask.clone();
            for (k, m) in padded.iter_mut().enumerate() {
                if k % 13 == 5 {
                    *m = f32::NEG_INFINITY;
                }
            }
            let mut y = vec![0.0f32; n];
            let mut t = vec![0.0f32; n];
            for isa in isas() {
                let l =
                    |what: &str| BenchmarkId::new(format!("{what}/{}", testing::isa_name(isa)), n);
                g.bench_function(l("fused"), |b| {
                    b.iter(|| {
                        fused::attention(
                            isa,
                            black_box(&x),
                            &mut y,
                            rows,
                            COLS,
                            0.125,
                            Some((&mask, 16)),
                            None,
                            log,
                        )
                    })
                });
                g.bench_function(l("fused_padded"), |b| {
                    b.iter(|| {
                        fused::attention(
                            isa,
                            black_box(&x),
                            &mut y,
                            rows,
                            COLS,
                            0.125,
                            Some((&padded, 16)),
                            None,
                            log,
                        )
                    })
                });
                g.bench_function(l("fused_causal"), |b| {
                    b.iter(|| {
                        fused::attention(
                            isa,
                            black_box(&x),
                            &mut y,
                            rows,
                            COLS,
                            0.125,
                            Some((&mask, 16)),
                            Some((0, 0)),
                            log,
                        )
                    })
                });
                g.bench_function(l("softmax"), |b| {
                    b.iter(|| testing::softmax_rows(isa, black_box(&x), &mut y, rows, COLS, log))
                });
                g.bench_function(l("unfused"), |b| {
                    b.iter(|| {
                        for (tv, xv) in t.iter_mut().zip(black_box(&x)) {
                            *tv = 0.125 * xv;
                        }
                        for (r, tr) in t.chunks_exact_mut(COLS).enumerate() {
                            for (tv, mv) in tr.iter_mut().zip(&mask[(r % 16) * COLS..]) {
                                *tv += mv;
                            }
                        }
                        testing::softmax_rows(isa, &t, &mut y, rows, COLS, log);
                    })
                });
            }
        }
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600))
        .sample_size(10)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bias_act, gated, attention
}
criterion_main!(benches);
