//! The bfloat16 and float16 rows of `benches/activations.rs`: in each op's
//! group, `<op>/bf16-<isa>/<N>` and `<op>/f16-<isa>/<N>` (the half-type
//! function through `actfn::half::testing`, which validates like the C
//! entry point) and `<op>/memcpy16/<N>` (a copy of N 16-bit values, the
//! bandwidth limit of a half buffer); the group `convert` has the four
//! buffer conversions with `memcpy16` and an f32 `memcpy` of N values; and
//! `softmax`, `log_softmax` get `bf16-<isa>` and `f16-<isa>` rows at the
//! f32 rows' shapes. Same sizes, inputs (rounded to the type) and
//! configuration as the f32 rows, so the ratios come from one run:
//! `cargo bench --bench activations -- '^relu/'` gives f32, half and
//! both memcpys side by side.

use super::common::{bench_params, inputs, size_label};
use super::{isas, quick, sizes, COLS, QUICK_ROWS, QUICK_SCALAR_MAX, ROWS};
use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::half::{convert, testing as ht, Half};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

const TYPES: [(Half, &str); 2] = [(Half::Bf16, "bf16"), (Half::F16, "f16")];

fn half_inputs(n: usize) -> Vec<(Vec<u16>, Half)> {
    let x = inputs(n);
    TYPES
        .iter()
        .map(|&(t, _)| {
            let v = x
                .as_slice()
                .iter()
                .map(|&f| match t {
                    Half::Bf16 => convert::f32_to_bf16(f),
                    Half::F16 => convert::f32_to_f16(f),
                })
                .collect();
            (v, t)
        })
        .collect()
}

fn skip(isa: actfn_isa, n: usize) -> bool {
    quick() && isa == ACTFN_ISA_SCALAR && n > QUICK_SCALAR_MAX
}

pub fn elementwise(c: &mut Criterion) {
    let sizes = sizes();
    let max = sizes.iter().copied().max().unwrap_or(0);
    let xs = half_inputs(max);
    let mut y = vec![0u16; max];
    let isas = isas();
    for (op, info) in OPS.iter().enumerate() {
        let p = bench_params(op);
        let mut g = c.benchmark_group(info.name);
        for &n in &sizes {
            let label = size_label(n);
            g.throughput(Throughput::Elements(n as u64));
            for (x, t) in &xs {
                let tn = if *t == Half::Bf16 { "bf16" } else { "f16" };
                for &isa in &isas {
                    if skip(isa, n) {
                        continue;
                    }
                    let (x, y) = (&x[..n], &mut y[..n]);
                    let id = format!("{tn}-{}", actfn::testing::isa_name(isa));
                    g.bench_function(BenchmarkId::new(id, &label), |b| {
                        b.iter(|| {
                            ht::elementwise(isa, *t, op, black_box(x), black_box(&mut *y), &p)
                        })
                    });
                }
            }
            let (x, y) = (&xs[0].0[..n], &mut y[..n]);
            g.bench_function(BenchmarkId::new("memcpy16", &label), |b| {
                b.iter(|| black_box(&mut *y).copy_from_slice(black_box(x)))
            });
        }
        g.finish();
    }
}

pub fn conversions(c: &mut Criterion) {
    let sizes = sizes();
    let max = sizes.iter().copied().max().unwrap_or(0);
    let xf = inputs(max);
    let xh = half_inputs(max);
    let mut yf = vec![0f32; max];
    let mut yh = vec![0u16; max];
    let isas = isas();
    let mut g = c.benchmark_group("convert");
    for &n in &sizes {
        let label = size_label(n);
        g.throughput(Throughput::Elements(n as u64));
        for &isa in &isas {
            if skip(isa, n) {
                continue;
            }
            let name = actfn::testing::isa_name(isa);
            for (x, t) in &xh {
                let tn = if *t == Half::Bf16 { "bf16" } else { "f16" };
                let (xf, yh) = (&xf.as_slice()[..n], &mut yh[..n]);
                g.bench_function(
                    BenchmarkId::new(format!("f32_to_{tn}-{name}"), &label),
                    |b| b.iter(|| ht::narrow(isa, *t, black_box(xf), black_box(&mut *yh))),
                );
                let (x, yf) = (&x[..n], &mut yf[..n]);
                g.bench_function(
                    BenchmarkId::new(format!("{tn}_to_f32-{name}"), &label),
                    |b| b.iter(|| ht::widen(isa, *t, black_box(x), black_box(&mut *yf))),
                );
            }
        }
        let (x, y) = (&xh[0].0[..n], &mut yh[..n]);
        g.bench_function(BenchmarkId::new("memcpy16", &label), |b| {
            b.iter(|| black_box(&mut *y).copy_from_slice(black_box(x)))
        });
        let (x, y) = (&xf.as_slice()[..n], &mut yf[..n]);
        g.bench_function(BenchmarkId::new("memcpy", &label), |b| {
            b.iter(|| black_box(&mut *y).copy_from_slice(black_box(x)))
        });
    }
    g.finish();
}

pub fn rowwise(c: &mut Criterion) {
    let rows: &[usize] = if quick() { QUICK_ROWS } else { ROWS };
    let max = rows.iter().copied().max().unwrap_or(0) * COLS;
    let xs = half_inputs(max);
    let mut y = vec![0u16; max];
    for (name, log) in [("softmax", false), ("log_softmax", true)] {
        let mut g = c.benchmark_group(name);
        for &r in rows {
            let n = r * COLS;
            let label = format!("{r}x{COLS}");
            g.throughput(Throughput::Elements(n as u64));
            for (x, t) in &xs {
                let tn = if *t == Half::Bf16 { "bf16" } else { "f16" };
                for &isa in &isas() {
                    let (x, y) = (&x[..n], &mut y[..n]);
                    let id = format!("{tn}-{}", actfn::testing::isa_name(isa));
                    g.bench_function(BenchmarkId::new(id, &label), |b| {
                        b.iter(|| {
                            ht::softmax_rows(
                                isa,
                                *t,
                                black_box(x),
                                black_box(&mut *y),
                                [r, COLS],
                                log,
                            )
                        })
                    });
                }
            }
        }
        g.finish();
    }
}
