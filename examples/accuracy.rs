//! The exhaustive accuracy tool (issue 5): every f32 bit pattern (or every
//! K-th) through every chosen op x ISA, against the independent f64
//! reference of the tests. Prints a markdown table for the README: max ULP,
//! where it occurs, how many results are off by more than 0.5 ULP (not
//! correctly rounded) and beyond the documented bound, and every
//! special-value mismatch (NaN, infinities, signed zeros, subnormals).
//!
//!   cargo run --release --example accuracy -- [--op NAME,...|all|exact|fast]
//!       (NAME_fast: the fast tier of NAME; all: both tiers)
//!       [--isa ISA[,ISA...]|all (scalar avx2 avx512 neon)] [--step K] [--threads N]
//!       [--param FIELD=VALUE]... [--json FILE] [--at X]...
//!
//! `--at X` (a decimal or 0x bit pattern) prints the reference and every
//! ISA's result at X instead. `--digest` prints, per op x ISA, a hash of the
//! results over the inputs instead, without the reference: equal digests
//! from two runs mean bit-identical results over every input, which is how
//! the NEON kernels (too slow for the reference under qemu) are shown to
//! inherit the scalar kernels' exhaustive figures (scripts/neon-exhaustive.sh). The reference is computed once per input and
//! shared by the ISAs, so `--isa all` costs little more than one ISA.

#[path = "../tests/common/reference/mod.rs"]
mod reference;

use actfn::capi::types::*;
use actfn::catalogue::Accuracy;
use actfn::testing;
use reference as r;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Inputs per work item: big enough to amortise the calls, small enough to
/// balance two threads.
const CHUNK: u64 = 1 << 16;
/// Mismatches kept (and printed) per op x ISA; all are counted.
const KEEP: usize = 20;

/// The inputs i * step (i < count) handed out CHUNK at a time to the
/// threads.
struct Chunks {
    next: AtomicU64,
    count: u64,
    step: u64,
}

impl Chunks {
    fn new(step: u64) -> Self {
        let count = ((1u64 << 32) - 1) / step + 1;
        Chunks {
            next: AtomicU64::new(0),
            count,
            step,
        }
    }
    /// The next chunk's inputs into `xs`, and its index; None when done.
    fn take(&self, xs: &mut Vec<f32>) -> Option<usize> {
        let start = self.next.fetch_add(CHUNK, Ordering::Relaxed);
        if start >= self.count {
            return None;
        }
        xs.clear();
        xs.extend(
            (start..self.count.min(start + CHUNK)).map(|i| f32::from_bits((i * self.step) as u32)),
        );
        Some((start / CHUNK) as usize)
    }
}

fn isa_name(isa: actfn_isa) -> &'static str {
    testing::isa_name(isa)
}

/// One op x ISA's findings.
#[derive(Clone, Default)]
struct Stats {
    max_ulp: f64,
    argmax: Option<u32>,
    over_half: u64,
    over_bound: u64,
    n_special: u64,
    /// (x bits, got bits, reference, what)
    special: Vec<(u32, u32, f64, String)>,
}

impl Stats {
    fn note_error(&mut self, bits: u32, e: f64) {
        // Ties go to the smaller bit pattern, so the result does not depend
        // on how the chunks were shared between threads.
        if e > self.max_ulp
            || (e == self.max_ulp && e > 0.0 && self.argmax.is_some_and(|a| bits < a))
        {
            (self.max_ulp, self.argmax) = (e, Some(bits));
        }
    }
    fn merge(&mut self, o: Stats) {
        if let Some(a) = o.argmax {
            self.note_error(a, o.max_ulp);
        }
        self.over_half += o.over_half;
        self.over_bound += o.over_bound;
        self.n_special += o.n_special;
        self.special.extend(o.special);
        self.special.sort_by_key(|s| s.0);
        self.special.truncate(KEEP);
    }
}

struct Args {
    ops: Vec<usize>,
    isas: Vec<actfn_isa>,
    step: u64,
    threads: usize,
    params: Vec<(String, f32)>,
    json: Option<String>,
    at: Vec<f32>,
    digest: bool,
}

fn usage(msg: &str) -> ! {
    eprintln!("error: {msg}\nusage: accuracy [--op NAME|all] [--isa ISA[,ISA...]|all (scalar avx2 avx512 neon)] [--step K] [--threads N] [--param FIELD=VALUE]... [--json FILE] [--at X]... [--digest]");
    std::process::exit(2)
}

fn parse_x(s: &str) -> f32 {
    match s.strip_prefix("0x") {
        Some(h) => f32::from_bits(u32::from_str_radix(h, 16).unwrap_or_else(|_| usage("bad --at"))),
        None => s.parse().unwrap_or_else(|_| usage("bad --at")),
    }
}

fn parse_args() -> Args {
    let mut a = Args {
        ops: testing::kernel_ops(),
        isas: testing::available(),
        step: 1,
        threads: 2,
        params: vec![],
        json: None,
        at: vec![],
        digest: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--op" => {
                let v = val();
                if v == "fast" {
                    a.ops = testing::fast_ops();
                } else if v == "exact" {
                    a.ops = (0..actfn::catalogue::OPS.len()).collect();
                } else if v != "all" {
                    a.ops = v
                        .split(',')
                        .map(|n| {
                            testing::find_kernel(n)
                                .unwrap_or_else(|| usage(&format!("unknown op {n}")))
                        })
                        .collect();
                }
            }
            "--isa" => {
                let v = val();
                if v != "all" {
                    a.isas = v
                        .split(',')
                        .map(|n| {
                            testing::available()
                                .into_iter()
                                .find(|&i| isa_name(i) == n)
                                .unwrap_or_else(|| {
                                    usage(&format!("unknown isa, or this CPU lacks {n}"))
                                })
                        })
                        .collect();
                }
            }
            "--step" => {
                a.step = val()
                    .parse()
                    .ok()
                    .filter(|&k| k > 0)
                    .unwrap_or_else(|| usage("bad --step"))
            }
            "--threads" => {
                a.threads = val()
                    .parse()
                    .ok()
                    .filter(|&k| k > 0)
                    .unwrap_or_else(|| usage("bad --threads"))
            }
            "--param" => {
                let v = val();
                let (k, x) = v
                    .split_once('=')
                    .unwrap_or_else(|| usage("--param FIELD=VALUE"));
                a.params.push((
                    k.to_string(),
                    x.parse().unwrap_or_else(|_| usage("bad --param value")),
                ));
            }
            "--json" => a.json = Some(val()),
            "--at" => a.at.push(parse_x(&val())),
            "--digest" => a.digest = true,
            _ => usage(&format!("unknown argument {flag}")),
        }
    }
    a
}

/// Keras's defaults (required parameters at the catalogue's example), then
/// the user's `--param` overrides for the fields this op reads.
fn params_for(op: usize, overrides: &[(String, f32)]) -> (actfn_params, String) {
    let mut p = testing::base_params(op);
    let mut label = Vec::new();
    for spec in testing::info(op).params {
        let field = spec.param.field();
        if let Some((_, v)) = overrides.iter().rev().find(|(k, _)| k == field) {
            p.set(spec.param, *v);
        }
        label.push(format!("{field}={}", p.get(spec.param)));
    }
    (p, label.join(" "))
}

fn bound(op: usize) -> (f64, bool) {
    match testing::bound(op) {
        Accuracy::Exact => (0.0, true),
        Accuracy::Ulp(b) => (b as f64, false),
    }
}

/// Runs op `op` over inputs i * step (i < count) on all `isas`.
fn run(op: usize, p: &actfn_params, a: &Args) -> Vec<Stats> {
    let name = testing::info(op).name;
    let f = r::for_op(name).unwrap_or_else(|| panic!("no reference for {name}"));
    let (bnd, exact_op) = bound(op);
    let chunks = Chunks::new(a.step);
    let work = || {
        let mut stats = vec![Stats::default(); a.isas.len()];
        let (mut xs, mut want, mut y) = (Vec::new(), Vec::new(), Vec::new());
        while chunks.take(&mut xs).is_some() {
            want.clear();
            want.extend(xs.iter().map(|&x| f(x, p)));
            y.resize(xs.len(), 0.0);
            for (s, &isa) in stats.iter_mut().zip(&a.isas) {
                testing::elementwise(isa, op, &xs, &mut y, p);
                for k in 0..xs.len() {
                    let (x, got, w) = (xs[k], y[k], want[k]);
                    let what = match r::error(got, w, exact_op) {
                        Ok(e) => {
                            s.note_error(x.to_bits(), e);
                            s.over_half += (e > 0.5) as u64;
                            s.over_bound += (e > bnd) as u64;
                            let sub = |v: f32| v.is_subnormal();
                            if e > bnd && (sub(x) || sub(w as f32) || sub(got)) {
                                format!("subnormal, {e:.3} ULP")
                            } else {
                                continue;
                            }
                        }
                        Err(m) => m.to_string(),
                    };
                    s.n_special += 1;
                    if s.special.len() < KEEP {
                        s.special.push((x.to_bits(), got.to_bits(), w, what));
                    }
                }
            }
        }
        stats
    };
    std::thread::scope(|sc| {
        let hs: Vec<_> = (0..a.threads).map(|_| sc.spawn(work)).collect();
        let mut total = vec![Stats::default(); a.isas.len()];
        for h in hs {
            for (t, s) in total.iter_mut().zip(h.join().unwrap()) {
                t.merge(s);
            }
        }
        total
    })
}

/// Per ISA, a hash of op `op`'s results over inputs i * step (i < count):
/// FNV-1a over each chunk's result bits, the chunk hashes folded in order.
fn digests(op: usize, p: &actfn_params, a: &Args) -> Vec<u64> {
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    let chunks = Chunks::new(a.step);
    let work = || {
        let mut found: Vec<(usize, Vec<u64>)> = Vec::new();
        let (mut xs, mut y) = (Vec::new(), Vec::new());
        while let Some(k) = chunks.take(&mut xs) {
            y.resize(xs.len(), 0.0);
            let mut hs = Vec::with_capacity(a.isas.len());
            for &isa in &a.isas {
                testing::elementwise(isa, op, &xs, &mut y, p);
                let h = y.iter().fold(FNV_BASIS, |h, v| {
                    (h ^ u64::from(v.to_bits())).wrapping_mul(FNV_PRIME)
                });
                hs.push(h);
            }
            found.push((k, hs));
        }
        found
    };
    let n_chunks = chunks.count.div_ceil(CHUNK) as usize;
    let mut per_chunk = vec![vec![0u64; a.isas.len()]; n_chunks];
    std::thread::scope(|sc| {
        let hs: Vec<_> = (0..a.threads).map(|_| sc.spawn(work)).collect();
        for h in hs {
            for (k, v) in h.join().unwrap() {
                per_chunk[k] = v;
            }
        }
    });
    (0..a.isas.len())
        .map(|i| {
            per_chunk
                .iter()
                .fold(FNV_BASIS, |h, c| (h ^ c[i]).wrapping_mul(FNV_PRIME))
        })
        .collect()
}

fn show_digests(a: &Args) {
    for &op in &a.ops {
        let (p, label) = params_for(op, &a.params);
        let t = Instant::now();
        let ds = digests(op, &p, a);
        let secs = t.elapsed().as_secs_f64();
        for (d, &isa) in ds.iter().zip(&a.isas) {
            println!(
                "digest {} [{label}] step {} {}: {d:016x} ({secs:.1} s)",
                testing::kernel_name(op),
                a.step,
                isa_name(isa)
            );
        }
    }
}

fn show_at(a: &Args) {
    for &op in &a.ops {
        let (p, label) = params_for(op, &a.params);
        let f = r::for_op(testing::info(op).name).unwrap();
        for &x in &a.at {
            let w = f(x, &p);
            println!(
                "{} [{label}] x = {x:e} ({:#010x}): reference {w:e} -> f32 {:e}",
                testing::kernel_name(op),
                x.to_bits(),
                w as f32
            );
            for &isa in &a.isas {
                let mut y = [0.0f32];
                testing::elementwise(isa, op, &[x], &mut y, &p);
                let e = r::error(y[0], w, bound(op).1);
                println!(
                    "  {:>7}: {:e} ({:#010x}) {e:?}",
                    isa_name(isa),
                    y[0],
                    y[0].to_bits()
                );
            }
        }
    }
}

fn main() {
    let a = parse_args();
    if !a.at.is_empty() {
        return show_at(&a);
    }
    if a.digest {
        return show_digests(&a);
    }
    let all = Instant::now();
    let mut rows = Vec::new();
    for &op in &a.ops {
        let (p, label) = params_for(op, &a.params);
        let t = Instant::now();
        let stats = run(op, &p, &a);
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{} [{label}]: {secs:.1} s for {} ISA(s)",
            testing::kernel_name(op),
            a.isas.len()
        );
        for (s, &isa) in stats.into_iter().zip(&a.isas) {
            rows.push((op, label.clone(), isa, s, secs));
        }
    }
    let n = ((1u64 << 32) - 1) / a.step + 1;
    println!(
        "\nAccuracy over {n} inputs (every {} f32 bit pattern{}), in ULP of the exact value:\n",
        a.step,
        if a.step == 1 { "" } else { "s" }
    );
    println!(
        "| op | params | ISA | max ULP | at x | > 0.5 ULP | > bound | special mismatches | bound |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (op, label, isa, s, _) in &rows {
        let at = s.argmax.map_or("-".to_string(), |b| {
            format!("{:e} (`{b:#010x}`)", f32::from_bits(b))
        });
        let bnd = match testing::bound(*op) {
            Accuracy::Exact => "exact".to_string(),
            Accuracy::Ulp(b) => format!("{b}"),
        };
        println!(
            "| {} | {label} | {} | {:.3} | {at} | {} | {} | {} | {bnd} |",
            testing::kernel_name(*op),
            isa_name(*isa),
            s.max_ulp,
            s.over_half,
            s.over_bound,
            s.n_special
        );
    }
    for (op, label, isa, s, _) in &rows {
        if s.n_special > 0 {
            println!(
                "\n{} [{label}] on {}: {} special-value mismatches, first {}:",
                testing::kernel_name(*op),
                isa_name(*isa),
                s.n_special,
                s.special.len()
            );
            for (x, got, w, what) in &s.special {
                let (x, got) = (f32::from_bits(*x), f32::from_bits(*got));
                println!(
                    "  x = {x:e} ({:#010x}): got {got:e} ({:#010x}), exact {w:e}: {what}",
                    x.to_bits(),
                    got.to_bits()
                );
            }
        }
    }
    eprintln!("total {:.1} s", all.elapsed().as_secs_f64());
    if let Some(path) = &a.json {
        std::fs::write(path, json(&rows, a.step)).expect("writing --json");
    }
}

/// Hand-written JSON (the crate has no serde): one object per op x ISA.
fn json(rows: &[(usize, String, actfn_isa, Stats, f64)], step: u64) -> String {
    let num = |v: f64| {
        if v.is_finite() {
            format!("{v:e}")
        } else {
            format!("\"{v}\"")
        }
    };
    let mut out = format!("{{\"step\": {step}, \"results\": [\n");
    for (k, (op, label, isa, s, secs)) in rows.iter().enumerate() {
        let specials: Vec<String> = s
            .special
            .iter()
            .map(|(x, g, w, what)| {
                format!(
                    "{{\"x_bits\": {x}, \"got_bits\": {g}, \"exact\": {}, \"what\": \"{what}\"}}",
                    num(*w)
                )
            })
            .collect();
        out += &format!(
            "  {{\"op\": \"{}\", \"params\": \"{label}\", \"isa\": \"{}\", \"max_ulp\": {}, \"argmax_bits\": {}, \
             \"over_half_ulp\": {}, \"over_bound\": {}, \"special_mismatches\": {}, \"first_special\": [{}], \"seconds\": {secs:.1}}}{}\n",
            testing::kernel_name(*op),
            isa_name(*isa),
            num(s.max_ulp),
            s.argmax.map_or("null".to_string(), |b| b.to_string()),
            s.over_half,
            s.over_bound,
            s.n_special,
            specials.join(", "),
            if k + 1 < rows.len() { "," } else { "" }
        );
    }
    out + "]}\n"
}
