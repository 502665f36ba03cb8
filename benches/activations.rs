//! Criterion benchmarks: every element-wise activation on every ISA this CPU
//! has, against a naive scalar loop and a memcpy of the same size, plus
//! softmax / log_softmax on 1000-wide rows against a naive two-pass loop.
//!
//! Layout (one criterion group per function, named after the catalogue op):
//!
//! ```text
//! <op>/<isa>/<N>      the kernel, isa = scalar | avx2 | avx512 | neon
//! <op>/<isa>-fast/<N> the fast tier's kernel (issue 14), for the ops that have one
//! <op>/naive/<N>      one element at a time with std's f32 math (libm::erff for gelu)
//! <op>/memcpy/<N>     copy_from_slice of the same N floats: the bandwidth limit
//! softmax/<isa>/<R>x1000, softmax/<isa>-fast/<R>x1000, softmax/naive/<R>x1000,
//! softmax/memcpy/<R>x1000
//! log_softmax/...     likewise
//! ```
//!
//! N is 1K, 16K, 256K and 4M elements (f32), reported with
//! `Throughput::Elements(N)`; `tools/bench_report.py` turns criterion's
//! output into elements/ns and GB/s tables and the acceptance ratios.
//!
//! Running:
//!
//! ```text
//! cargo bench --bench activations                        # everything
//! cargo bench --bench activations -- '^sigmoid/avx2'     # a regex on <op>/<isa>/<N>
//! cargo bench --bench activations -- '/16K$'             # one size, every function
//! ACTFN_BENCH_QUICK=1 cargo bench --bench activations    # short times, 16K and 4M only,
//!                                                        # no scalar at 4M
//! ACTFN_BENCH_SIZES=1K,16M cargo bench --bench activations
//! python3 tools/bench_report.py
//! ```
//!
//! The filter is criterion's regex, matched anywhere in the id: `sigmoid`
//! alone also matches `hard_sigmoid`, `log_sigmoid` and `sparse_sigmoid`,
//! so anchor it with `^`.
//!
//! The kernels are called through the raw per-ISA kernel pointers
//! (`testing::elementwise_kernel`), not through `actfn_apply_f32`: no
//! argument validation, no load of the active-ISA atomic. That overhead is a
//! few ns per call and would only blur the 1K numbers; it is not part of
//! what these benchmarks compare. Softmax goes through `testing::softmax_rows`,
//! which likewise indexes the per-ISA table directly.
//!
//! Input and output buffers are 64-byte aligned, allocated once at the
//! largest size and reused (a prefix per size), filled with uniform values
//! in [-10, 10) from a fixed-seed inline PRNG. The output is a separate
//! buffer (out of place): at 4M that is 16 MiB read + 16 MiB written per
//! call, which is what the memcpy row measures too.

use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::constants::*;
use actfn::testing;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

mod common;
// The bf16 and f16 rows (benches/half/mod.rs).
mod half;
use common::{bench_params, inputs, parse_size, size_label, Buf, K, M};

/// Default sizes: L1-resident, L2-resident, L3-ish, memory-bound.
const SIZES: &[usize] = &[K, 16 * K, 256 * K, 4 * M];
/// With ACTFN_BENCH_QUICK: the size of the acceptance ratios and the
/// memory-bound one.
const QUICK_SIZES: &[usize] = &[16 * K, 4 * M];
/// With ACTFN_BENCH_QUICK, the scalar kernels (a portable reference, up to
/// a second per 4M call) run only up to this size.
const QUICK_SCALAR_MAX: usize = 16 * K;
/// Softmax shapes: rows x COLS.
const COLS: usize = 1000;
const ROWS: &[usize] = &[16, 256];
const QUICK_ROWS: &[usize] = &[16];

fn quick() -> bool {
    std::env::var("ACTFN_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn sizes() -> Vec<usize> {
    if let Ok(s) = std::env::var("ACTFN_BENCH_SIZES") {
        if !s.trim().is_empty() {
            return s
                .split(',')
                .map(|t| parse_size("ACTFN_BENCH_SIZES", t.trim()))
                .collect();
        }
    }
    if quick() { QUICK_SIZES } else { SIZES }.to_vec()
}

/// The ISAs to benchmark, in a stable order (scalar, avx2, avx512, neon).
fn isas() -> Vec<actfn_isa> {
    let mut v = actfn::dispatch::available();
    v.sort_unstable();
    v
}

// ---------------------------------------------------------------------------
// Buffers and inputs

// ---------------------------------------------------------------------------
// Naive baselines: what one would write without this library. Plain Rust,
// one element at a time, std's f32 math (which calls the C library's expf,
// tanhf, logf, ...). The compiler may still auto-vectorise the
// branch-free piecewise-linear ones (relu, clamps); that is fair.

type Naive = Box<dyn Fn(&[f32], &mut [f32])>;

#[inline(always)]
fn map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y = f(x);
    }
}

/// The naive loop for catalogue op `op`, or None for an op without one
/// (add it here when the catalogue grows; the report flags the gap).
fn naive(op: usize, p: actfn_params) -> Option<Naive> {
    macro_rules! n {
        (|$x:ident| $e:expr) => {
            Some(Box::new(move |x: &[f32], y: &mut [f32]| {
                map(x, y, |$x: f32| $e)
            }))
        };
    }
    let sqrt_2_over_pi: f32 = (2.0 / std::f32::consts::PI).sqrt();
    match OPS[op].name {
        "relu" => n!(|x| if x > 0.0 { x } else { 0.0 }),
        "relu6" => n!(|x| x.clamp(0.0, 6.0)),
        "relu_ex" => n!(|x| if x > p.threshold {
            x.min(p.max_value)
        } else {
            p.negative_slope * (x - p.threshold)
        }),
        "leaky_relu" => n!(|x| if x >= 0.0 { x } else { p.negative_slope * x }),
        "sigmoid" => n!(|x| 1.0 / (1.0 + (-x).exp())),
        "tanh" => n!(|x| x.tanh()),
        "exponential" => n!(|x| x.exp()),
        "linear" => n!(|x| x),
        "softplus" => n!(|x| (1.0 + x.exp()).ln()),
        "softsign" => n!(|x| x / (1.0 + x.abs())),
        "silu" => n!(|x| x / (1.0 + (-x).exp())),
        "selu" => n!(|x| if x > 0.0 {
            ACTFN_SELU_SCALE * x
        } else {
            ACTFN_SELU_SCALE * ACTFN_SELU_ALPHA * x.exp_m1()
        }),
        "gelu" => n!(|x| 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2))),
        "gelu_tanh" => n!(|x| 0.5
            * x
            * (1.0 + (sqrt_2_over_pi * (x + ACTFN_GELU_TANH_COEFF * x * x * x)).tanh())),
        "hard_sigmoid" => n!(|x| ((x + 3.0) / 6.0).clamp(0.0, 1.0)),
        "hard_silu" => n!(|x| x * ((x + 3.0) / 6.0).clamp(0.0, 1.0)),
        "mish" => n!(|x| x * (1.0 + x.exp()).ln().tanh()),
        "log_sigmoid" => n!(|x| -(1.0 + (-x).exp()).ln()),
        "tanh_shrink" => n!(|x| x - x.tanh()),
        "sparse_plus" => n!(|x| if x <= -1.0 {
            0.0
        } else if x >= 1.0 {
            x
        } else {
            (x + 1.0) * (x + 1.0) / 4.0
        }),
        "sparse_sigmoid" => n!(|x| ((x + 1.0) / 2.0).clamp(0.0, 1.0)),
        "hard_tanh" => n!(|x| x.clamp(-1.0, 1.0)),
        "elu" => n!(|x| if x > 0.0 { x } else { p.alpha * x.exp_m1() }),
        "celu" => n!(|x| if x >= 0.0 {
            x
        } else {
            p.alpha * (x / p.alpha).exp_m1()
        }),
        "hard_shrink" => n!(|x| if x.abs() > p.threshold { x } else { 0.0 }),
        "soft_shrink" => n!(|x| if x > p.threshold {
            x - p.threshold
        } else if x < -p.threshold {
            x + p.threshold
        } else {
            0.0
        }),
        "threshold" => n!(|x| if x > p.threshold { x } else { p.default_value }),
        "squareplus" => n!(|x| (x + (x * x + p.b).sqrt()) / 2.0),
        _ => None,
    }
}

/// The naive softmax over `rows x cols`: per row, max, then exp and sum,
/// then divide (log: x - max - ln(sum)).
fn naive_softmax(x: &[f32], y: &mut [f32], cols: usize, log: bool) {
    for (x, y) in x.chunks_exact(cols).zip(y.chunks_exact_mut(cols)) {
        let mut max = f32::NEG_INFINITY;
        for &v in x {
            max = max.max(v);
        }
        if log {
            let mut sum = 0.0f32;
            for &v in x {
                sum += (v - max).exp();
            }
            let shift = max + sum.ln();
            for (y, &v) in y.iter_mut().zip(x) {
                *y = v - shift;
            }
        } else {
            let mut sum = 0.0f32;
            for (y, &v) in y.iter_mut().zip(x) {
                let e = (v - max).exp();
                *y = e;
                sum += e;
            }
            for y in y.iter_mut() {
                *y /= sum;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The benchmarks

fn elementwise(c: &mut Criterion) {
    let sizes = sizes();
    let max = sizes.iter().copied().max().unwrap_or(0);
    let xb = inputs(max);
    let mut yb = Buf::new(max);
    let isas = isas();

    for (op, info) in OPS.iter().enumerate() {
        let p = bench_params(op);
        let naive = naive(op, p);
        if naive.is_none() {
            eprintln!(
                "warning: no naive baseline for {}; add one to benches/activations.rs",
                info.name
            );
        }
        let mut g = c.benchmark_group(info.name);
        for &n in &sizes {
            let label = size_label(n);
            let x = &xb.as_slice()[..n];
            g.throughput(Throughput::Elements(n as u64));
            for &isa in &isas {
                if quick() && isa == ACTFN_ISA_SCALAR && n > QUICK_SCALAR_MAX {
                    continue;
                }
                let k = testing::elementwise_kernel(isa, op);
                let y = &mut yb.as_mut_slice()[..n];
                g.bench_function(BenchmarkId::new(testing::isa_name(isa), &label), |b| {
                    b.iter(|| {
                        // SAFETY: x and y are n floats each and do not overlap;
                        // p is valid for op.
                        unsafe { k(black_box(x.as_ptr()), black_box(y.as_mut_ptr()), n, &p) }
                    })
                });
                // The fast tier (issue 14), where the op has a kernel of its own.
                if info.fast.is_some() {
                    let k = testing::elementwise_kernel(isa, op | testing::FAST);
                    let y = &mut yb.as_mut_slice()[..n];
                    let id = format!("{}-fast", testing::isa_name(isa));
                    g.bench_function(BenchmarkId::new(id, &label), |b| {
                        b.iter(|| {
                            // SAFETY: as above.
                            unsafe { k(black_box(x.as_ptr()), black_box(y.as_mut_ptr()), n, &p) }
                        })
                    });
                }
            }
            if let Some(f) = &naive {
                let y = &mut yb.as_mut_slice()[..n];
                g.bench_function(BenchmarkId::new("naive", &label), |b| {
                    b.iter(|| f(black_box(x), black_box(&mut *y)))
                });
            }
            let y = &mut yb.as_mut_slice()[..n];
            g.bench_function(BenchmarkId::new("memcpy", &label), |b| {
                b.iter(|| black_box(&mut *y).copy_from_slice(black_box(x)))
            });
        }
        g.finish();
    }
}

fn rowwise(c: &mut Criterion) {
    let rows: &[usize] = if quick() { QUICK_ROWS } else { ROWS };
    let max = rows.iter().copied().max().unwrap_or(0) * COLS;
    let xb = inputs(max);
    let mut yb = Buf::new(max);
    let isas = isas();

    for (name, log) in [("softmax", false), ("log_softmax", true)] {
        let mut g = c.benchmark_group(name);
        for &r in rows {
            let n = r * COLS;
            let label = format!("{r}x{COLS}");
            let x = &xb.as_slice()[..n];
            g.throughput(Throughput::Elements(n as u64));
            for &isa in &isas {
                let y = &mut yb.as_mut_slice()[..n];
                g.bench_function(BenchmarkId::new(testing::isa_name(isa), &label), |b| {
                    b.iter(|| {
                        testing::softmax_rows(isa, black_box(x), black_box(&mut *y), r, COLS, log)
                    })
                });
                // The fast tier (issue 14).
                let y = &mut yb.as_mut_slice()[..n];
                let id = format!("{}-fast", testing::isa_name(isa));
                g.bench_function(BenchmarkId::new(id, &label), |b| {
                    b.iter(|| {
                        let (x, y) = (black_box(x), black_box(&mut *y));
                        testing::softmax_rows_fast(isa, x, y, r, COLS, log)
                    })
                });
            }
            let y = &mut yb.as_mut_slice()[..n];
            g.bench_function(BenchmarkId::new("naive", &label), |b| {
                b.iter(|| naive_softmax(black_box(x), black_box(&mut *y), COLS, log))
            });
            let y = &mut yb.as_mut_slice()[..n];
            g.bench_function(BenchmarkId::new("memcpy", &label), |b| {
                b.iter(|| black_box(&mut *y).copy_from_slice(black_box(x)))
            });
        }
        g.finish();
    }
}

/// Default: 0.5 s warm-up, 1.5 s measurement, 30 samples per benchmark
/// (about 20 minutes for everything). Quick: 0.1 s, 0.3 s, 10 samples, and
/// fewer sizes (a few minutes). `--warm-up-time`, `--measurement-time` and
/// `--sample-size` on the command line override either.
fn config() -> Criterion {
    let c = Criterion::default();
    if quick() {
        c.warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(300))
            .sample_size(10)
    } else {
        c.warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_millis(1500))
            .sample_size(30)
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = elementwise, rowwise, half::elementwise, half::conversions, half::rowwise
}
criterion_main!(benches);
