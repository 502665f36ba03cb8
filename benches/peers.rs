//! libactfn side by side with XNNPACK, oneDNN and SLEEF (issue 6), in one
//! process, on the same buffers, interleaved. Needs the cargo feature
//! `peers` (which compiles `benches/peers/shim.c`) and the Debian packages
//! libxnnpack-dev, libpthreadpool-dev, libdnnl-dev and libsleef-dev:
//!
//! ```text
//! cargo bench --features peers --bench peers                    # everything (under a minute)
//! ACTFN_PEERS_QUICK=1 cargo bench --features peers --bench peers   # 16K and 4M, fewer rounds
//! cargo bench --features peers --bench peers -- sigmoid softmax    # some functions
//! python3 tools/peers_report.py target/peers/results-*.json        # docs/peers.md, docs/peers.svg
//! ```
//!
//! (`scripts/bench-peers.sh` does all of it, 3 runs by default.)
//!
//! For each function (every element-wise one of the catalogue, and softmax /
//! log_softmax on rows of 1000) and size (1K, 16K, 256K, 4M elements; 16
//! rows of 1000 for the row-wise ones), the implementations are:
//!
//! - `actfn`: the dispatched kernel through the C API (`actfn_apply_f32`,
//!   `actfn_softmax_f32`, ...), validation included, as a C caller gets it;
//! - `actfn-<isa>`: the kernel of one ISA this CPU has (scalar only up to
//!   256K: it is a portable reference, slow at 4M), through the raw per-ISA
//!   tables (`actfn::testing`), without validation;
//! - `actfn-fast`, `actfn-<isa>-fast`: the same for the fast tier (issue 14:
//!   `ACTFN_FAST`, `actfn_softmax_fast_f32`, ...), where the function has a
//!   fast kernel of its own;
//! - `xnnpack`, `onednn`, `sleef`: each peer that offers the function, through
//!   the shim (see shim.c for what each one calls), single-threaded;
//! - `memcpy`: `copy_from_slice` of the same n floats, the bandwidth limit.
//!
//! Procedure, per (function, size):
//!
//! 1. Check: every implementation but memcpy runs once on the inputs and its
//!    output is compared with an f64 reference (`tests/common/reference/`
//!    for the element-wise ones, an f64 softmax for the row-wise ones) on
//!    the first 256K elements and the last 4K. The error of an element is
//!    `|y - ref| / max(|ref|, floor)`, floor = 0.1 (1e-6 for softmax, whose
//!    values are about 1/1000): the relative error, and for values below
//!    the floor (the tails of gelu, silu, softplus, ...) the absolute error
//!    over the floor. An implementation whose largest error exceeds 1e-4
//!    (relative 1e-4, or absolute 1e-5 near zero), or that returns an error
//!    status, is reported as failed with its error and the worst input, and
//!    not timed. This checks that each peer computes the same function with
//!    the same parameters (gelu's erf and tanh forms differ by ~1e-3, a
//!    leaky slope of 0.01 instead of 0.2 by far more), not how accurate it
//!    is; the max error in f32 ulps of the exact value is recorded too, for
//!    information (the report lists both).
//! 2. Calibration: after a warm-up call, the number of calls per timing is
//!    chosen so that one timing lasts about ACTFN_PEERS_TARGET_MS (1 ms).
//! 3. Rounds: every round times every implementation once (that many calls
//!    back to back), starting at a different implementation each round;
//!    ACTFN_PEERS_ROUNDS rounds (31; quick 9). The result is the median over
//!    the rounds of elements per nanosecond (and the min and max).
//!
//! Inputs: uniform in [-10, 10) from `testing::Rng` with the seed of
//! benches/activations.rs; input and output are separate 64-byte aligned
//! buffers, allocated once at the largest size (a prefix per size). Threads:
//! XNNPACK gets a NULL threadpool, oneDNN (OpenMP) runs with
//! omp_set_num_threads(1), SLEEF and libactfn are single-threaded.
//!
//! Environment:
//!
//! ```text
//! ACTFN_PEERS_QUICK=1       16K and 4M only, 9 rounds of 0.5 ms
//! ACTFN_PEERS_SIZES=1K,64K  sizes (K, M suffixes)
//! ACTFN_PEERS_ROUNDS=N      rounds per (function, size)
//! ACTFN_PEERS_TARGET_MS=X   length of one timing
//! ACTFN_PEERS_FILTER=a,b    functions (also: arguments after `--`); exact names
//! ACTFN_PEERS_OUT=path      the JSON file (default target/peers/results-<UTC time>.json)
//! ```

use actfn::capi::actfn_apply_f32;
use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::testing;
use std::ffi::{c_char, c_int, CStr, CString};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

mod common;
#[path = "../tests/common/reference/mod.rs"]
mod reference;
use common::{bench_params, inputs, parse_size, size_label, Buf, K, M};

#[path = "peers/check.rs"]
mod check;
#[path = "peers/ffi.rs"]
mod ffi;
#[path = "peers/report.rs"]
mod report;
#[path = "peers/timing.rs"]
mod timing;
use check::*;
use ffi::*;
use report::*;
use timing::*;

// ---------------------------------------------------------------------------
// Configuration

const SIZES: &[usize] = &[K, 16 * K, 256 * K, 4 * M];
const QUICK_SIZES: &[usize] = &[16 * K, 4 * M];
/// The scalar kernels are timed up to this size only.
const SCALAR_MAX: usize = 256 * K;
const ROWS: usize = 16;
const COLS: usize = 1000;
/// The correctness check: elements checked, tolerance, floors.
const CHECK_HEAD: usize = 256 * K;
const CHECK_TAIL: usize = 4 * K;
const CHECK_TOL: f64 = 1e-4;
const CHECK_FLOOR: f64 = 1e-1;
const CHECK_FLOOR_SOFTMAX: f64 = 1e-6;

struct Config {
    quick: bool,
    sizes: Vec<usize>,
    rounds: usize,
    target_ns: f64,
    filter: Vec<String>,
    out: std::path::PathBuf,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn config() -> Config {
    let quick = env("ACTFN_PEERS_QUICK").is_some_and(|v| v != "0");
    let sizes = match env("ACTFN_PEERS_SIZES") {
        Some(s) => s
            .split(',')
            .map(|t| parse_size("ACTFN_PEERS_SIZES", t.trim()))
            .collect(),
        None => if quick { QUICK_SIZES } else { SIZES }.to_vec(),
    };
    let rounds = env("ACTFN_PEERS_ROUNDS")
        .map(|v| v.parse().expect("ACTFN_PEERS_ROUNDS: a number"))
        .unwrap_or(if quick { 9 } else { 31 });
    let target_ms: f64 = env("ACTFN_PEERS_TARGET_MS")
        .map(|v| v.parse().expect("ACTFN_PEERS_TARGET_MS: a number"))
        .unwrap_or(if quick { 0.5 } else { 1.0 });
    // cargo bench passes `--bench`; every other argument is a function name.
    let mut filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if let Some(f) = env("ACTFN_PEERS_FILTER") {
        filter.extend(f.split(',').map(|s| s.trim().to_string()));
    }
    let out = match env("ACTFN_PEERS_OUT") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/peers")
            .join(format!("results-{}.json", utc_stamp())),
    };
    Config {
        quick,
        sizes,
        rounds: rounds.max(1),
        target_ns: target_ms * 1e6,
        filter,
        out,
    }
}

// ---------------------------------------------------------------------------
// Buffers

// ---------------------------------------------------------------------------
// Functions and implementations

#[derive(Clone, Copy)]
enum Func {
    Elementwise(usize),
    Rows { log: bool },
}

impl Func {
    fn name(self) -> &'static str {
        match self {
            Func::Elementwise(op) => OPS[op].name,
            Func::Rows { log: false } => "softmax",
            Func::Rows { log: true } => "log_softmax",
        }
    }
}

/// How an implementation is run: y[..n] = f(x[..n]). Returns a status (0 ok).
type Run = Box<dyn FnMut(&[f32], &mut [f32]) -> i32>;

struct Impl {
    name: String,
    kind: &'static str,
    info: String,
    run: Run,
}

fn implementations(f: Func, n: usize, isas: &[actfn_isa]) -> Vec<Impl> {
    let mut v = Vec::new();
    let rows = n / COLS;
    match f {
        Func::Elementwise(op) => {
            let p = bench_params(op);
            v.push(Impl {
                name: "actfn".into(),
                kind: "actfn",
                info: "dispatched, actfn_apply_f32".into(),
                run: Box::new(move |x, y| {
                    // SAFETY: x and y hold n floats each and do not overlap.
                    unsafe {
                        actfn_apply_f32(op as actfn_op, &p, x.as_ptr(), y.as_mut_ptr(), x.len())
                    }
                }),
            });
            // The fast tier, where the op has a kernel of its own.
            if OPS[op].fast.is_some() {
                v.push(Impl {
                    name: "actfn-fast".into(),
                    kind: "actfn-fast",
                    info: "dispatched, actfn_apply_f32 with ACTFN_FAST".into(),
                    run: Box::new(move |x, y| {
                        // SAFETY: x and y hold n floats each and do not overlap.
                        unsafe {
                            actfn_apply_f32(
                                op as actfn_op | ACTFN_FAST,
                                &p,
                                x.as_ptr(),
                                y.as_mut_ptr(),
                                x.len(),
                            )
                        }
                    }),
                });
            }
            for (&isa, fast) in isas
                .iter()
                .flat_map(|i| [(i, false), (i, true)])
                .filter(|(_, f)| !f || OPS[op].fast.is_some())
            {
                if isa == ACTFN_ISA_SCALAR && n > SCALAR_MAX {
                    continue;
                }
                let kop = if fast { op | testing::FAST } else { op };
                let k = testing::elementwise_kernel(isa, kop);
                v.push(Impl {
                    name: format!(
                        "actfn-{}{}",
                        testing::isa_name(isa),
                        if fast { "-fast" } else { "" }
                    ),
                    kind: if fast { "isa-fast" } else { "isa" },
                    info: "raw per-ISA kernel (actfn::testing)".into(),
                    run: Box::new(move |x, y| {
                        // SAFETY: as above; p is valid for op.
                        unsafe { k(x.as_ptr(), y.as_mut_ptr(), x.len(), &p) };
                        0
                    }),
                });
            }
        }
        Func::Rows { log } => {
            v.push(Impl {
                name: "actfn".into(),
                kind: "actfn",
                info: format!("dispatched, actfn_{}_f32", f.name()),
                run: Box::new(move |x, y| {
                    let g = if log {
                        actfn::capi::rowwise::actfn_log_softmax_f32
                    } else {
                        actfn::capi::rowwise::actfn_softmax_f32
                    };
                    // SAFETY: x and y hold rows * COLS floats each.
                    unsafe { g(x.as_ptr(), y.as_mut_ptr(), x.len() / COLS, COLS) }
                }),
            });
            // The fast tier (actfn_softmax_fast_f32, actfn_log_softmax_fast_f32).
            v.push(Impl {
                name: "actfn-fast".into(),
                kind: "actfn-fast",
                info: format!("dispatched, actfn_{}_fast_f32", f.name()),
                run: Box::new(move |x, y| {
                    let g = if log {
                        actfn::capi::rowwise_fast::actfn_log_softmax_fast_f32
                    } else {
                        actfn::capi::rowwise_fast::actfn_softmax_fast_f32
                    };
                    // SAFETY: x and y hold rows * COLS floats each.
                    unsafe { g(x.as_ptr(), y.as_mut_ptr(), x.len() / COLS, COLS) }
                }),
            });
            for (&isa, fast) in isas.iter().flat_map(|i| [(i, false), (i, true)]) {
                v.push(Impl {
                    name: format!(
                        "actfn-{}{}",
                        testing::isa_name(isa),
                        if fast { "-fast" } else { "" }
                    ),
                    kind: if fast { "isa-fast" } else { "isa" },
                    info: "raw per-ISA kernel (actfn::testing)".into(),
                    run: Box::new(move |x, y| {
                        if fast {
                            testing::softmax_rows_fast(isa, x, y, rows, COLS, log);
                        } else {
                            testing::softmax_rows(isa, x, y, rows, COLS, log);
                        }
                        0
                    }),
                });
            }
        }
    }
    for &(id, name) in PEERS {
        if let Some(mut op) = Peer::prepare(id, f.name(), n, COLS) {
            let info = op.info();
            v.push(Impl {
                name: name.into(),
                kind: "peer",
                info,
                // The closure owns the op (a method call captures all of it).
                run: Box::new(move |x, y| op.run(x, y)),
            });
        }
    }
    v.push(Impl {
        name: "memcpy".into(),
        kind: "memcpy",
        info: "copy_from_slice".into(),
        run: Box::new(|x, y| {
            y.copy_from_slice(x);
            0
        }),
    });
    v
}

fn main() {
    let cfg = config();
    // SAFETY: no other thread calls into the shim.
    let status = unsafe { peer_init() };
    // SAFETY: a static NUL-terminated string.
    let peer_info = unsafe { CStr::from_ptr(peer_info()) }
        .to_string_lossy()
        .into_owned();
    assert_eq!(status, 0, "peer_init failed ({status}): {peer_info}");

    let mut funcs: Vec<Func> = (0..OPS.len()).map(Func::Elementwise).collect();
    funcs.push(Func::Rows { log: false });
    funcs.push(Func::Rows { log: true });
    for name in &cfg.filter {
        if !funcs.iter().any(|f| f.name() == name) {
            let all: Vec<_> = funcs.iter().map(|f| f.name()).collect();
            panic!("unknown function {name:?}; one of: {}", all.join(" "));
        }
    }
    if !cfg.filter.is_empty() {
        funcs.retain(|f| cfg.filter.iter().any(|n| n == f.name()));
    }

    let mut isas = actfn::dispatch::available();
    isas.sort_unstable();
    let dispatched = testing::isa_name(actfn::capi::isa::actfn_active_isa());
    let max_n = cfg
        .sizes
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(ROWS * COLS);
    let xb = inputs(max_n);
    let mut yb = Buf::new(max_n);
    let started = Instant::now();
    eprintln!(
        "peers: {peer_info}\nlibactfn: dispatched {dispatched}; {} rounds of ~{} ms per (function, size)",
        cfg.rounds,
        cfg.target_ns / 1e6
    );

    let mut results = String::new();
    // (function, size label, impl, eps) for the summary.
    let mut summary: Vec<(String, String, String, Option<f64>)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for &f in &funcs {
        let shapes: Vec<(usize, String)> = match f {
            Func::Elementwise(_) => cfg.sizes.iter().map(|&n| (n, size_label(n))).collect(),
            Func::Rows { .. } => vec![(ROWS * COLS, format!("{ROWS}x{COLS}"))],
        };
        let n_ref = match f {
            Func::Elementwise(_) => shapes
                .iter()
                .map(|s| s.0)
                .max()
                .unwrap_or(0)
                .min(CHECK_HEAD),
            Func::Rows { .. } => ROWS * COLS,
        };
        let head_ref = reference_values(f, &xb.as_slice()[..n_ref]);
        for (n, label) in shapes {
            let x = &xb.as_slice()[..n];
            let y = &mut yb.as_mut_slice()[..n];
            let mut impls = implementations(f, n, &isas);
            // The elements checked, with their reference values: the head
            // (computed once per function) and the last CHECK_TAIL.
            let tail_start = n.saturating_sub(CHECK_TAIL).max(n.min(CHECK_HEAD));
            let mut points: Vec<(usize, f64)> = head_ref[..n.min(CHECK_HEAD)]
                .iter()
                .copied()
                .enumerate()
                .collect();
            if tail_start < n {
                let tail = reference_values(f, &x[tail_start..]);
                points.extend(
                    tail.into_iter()
                        .enumerate()
                        .map(|(k, r)| (tail_start + k, r)),
                );
            }
            let mut checks = Vec::new();
            for im in impls.iter_mut() {
                if im.kind == "memcpy" {
                    checks.push(None);
                    continue;
                }
                y.fill(f32::NAN);
                let s = (im.run)(x, y);
                let mut c = check(f, x, y, &points);
                c.status = s;
                if s != 0 {
                    c.ok = false;
                }
                checks.push(Some(c));
            }
            let timed: Vec<bool> = checks
                .iter()
                .map(|c| c.as_ref().is_none_or(|c| c.ok))
                .collect();
            let times = measure(&mut impls, &timed, x, y, &cfg);

            let mut line = format!("{:<15} {:>7}", f.name(), label);
            for ((im, c), t) in impls.iter().zip(&checks).zip(times) {
                let mut eps_med = None;
                let _ = write!(
                    results,
                    "{}{{\"function\": {}, \"shape\": {}, \"n\": {n}, \"impl\": {}, \"kind\": {}, \"info\": {}",
                    if results.is_empty() { "\n    " } else { ",\n    " },
                    json_str(f.name()),
                    json_str(&label),
                    json_str(&im.name),
                    json_str(im.kind),
                    json_str(&im.info)
                );
                if let Some(c) = c {
                    let _ = write!(
                        results,
                        ", \"check\": {{\"ok\": {}, \"status\": {}, \"max_err\": {}, \"max_ulp\": {}",
                        c.ok,
                        c.status,
                        json_num(c.max_err),
                        json_num(c.max_ulp)
                    );
                    if let Some((wx, wy, wr)) = c.worst {
                        let _ = write!(
                            results,
                            ", \"worst_x\": {}, \"worst_y\": {}, \"worst_ref\": {}",
                            json_num(wx as f64),
                            json_num(wy as f64),
                            json_num(wr)
                        );
                    }
                    results.push('}');
                    if !c.ok {
                        let w = c.worst.map_or(String::new(), |(wx, wy, wr)| {
                            format!(" at x = {wx:e}: got {wy:e}, reference {wr:e}")
                        });
                        failures.push(format!(
                            "{} {} {}: check failed (status {}, max error {:.3e}{w})",
                            f.name(),
                            label,
                            im.name,
                            c.status,
                            c.max_err
                        ));
                    }
                }
                if let Some(mut t) = t {
                    let lo = t.eps.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = t.eps.iter().copied().fold(0.0, f64::max);
                    let med = median(&mut t.eps);
                    eps_med = Some(med);
                    let _ = write!(
                        results,
                        ", \"status\": \"ok\", \"eps\": {}, \"eps_min\": {}, \"eps_max\": {}, \"reps\": {}, \"rounds\": {}",
                        json_num(med),
                        json_num(lo),
                        json_num(hi),
                        t.reps,
                        t.eps.len()
                    );
                    let _ = write!(line, "  {} {med:.3}", im.name);
                } else {
                    results.push_str(", \"status\": \"failed\"");
                    let _ = write!(line, "  {} FAILED", im.name);
                    if let Some(c) = c {
                        let _ = write!(line, " (status {}, max error {:.2e})", c.status, c.max_err);
                    }
                }
                results.push('}');
                summary.push((f.name().into(), label.clone(), im.name.clone(), eps_med));
            }
            eprintln!("{line}");
        }
    }

    let isa_names: Vec<String> = isas
        .iter()
        .map(|&i| json_str(testing::isa_name(i)))
        .collect();
    let sizes: Vec<String> = cfg
        .sizes
        .iter()
        .map(|&n| json_str(&size_label(n)))
        .collect();
    let json = format!(
        "{{\n  \"schema\": \"actfn-peers/1\",\n  \"time\": {},\n  \"cpu\": {},\n  \"peers\": {},\n  \
         \"dispatched_isa\": {},\n  \"isas\": [{}],\n  \"quick\": {},\n  \"sizes\": [{}],\n  \
         \"rows\": {ROWS},\n  \"cols\": {COLS},\n  \"rounds\": {},\n  \"target_ms\": {},\n  \
         \"check\": {{\"tolerance\": {CHECK_TOL:e}, \"floor\": {CHECK_FLOOR:e}, \"floor_softmax\": {CHECK_FLOOR_SOFTMAX:e}, \
         \"head\": {CHECK_HEAD}, \"tail\": {CHECK_TAIL}, \"error\": \"|y - ref| / max(|ref|, floor)\"}},\n  \
         \"results\": [{results}\n  ]\n}}\n",
        json_str(&utc_stamp()),
        json_str(&cpu_model()),
        json_str(&peer_info),
        json_str(dispatched),
        isa_names.join(", "),
        cfg.quick,
        sizes.join(", "),
        cfg.rounds,
        cfg.target_ns / 1e6,
    );
    if let Some(dir) = cfg.out.parent() {
        std::fs::create_dir_all(dir).expect("the output directory");
    }
    std::fs::write(&cfg.out, json).expect("writing the results");

    print_summary(&summary);
    for f in &failures {
        println!("FAILED {f}");
    }
    println!(
        "results: {} ({:.0} s)",
        cfg.out.display(),
        started.elapsed().as_secs_f64()
    );
}

/// Per (function, size): libactfn, the best peer and the ratio, memcpy.
fn print_summary(rows: &[(String, String, String, Option<f64>)]) {
    println!("\nelements/ns (median); ratio = actfn (exact tier, fast tier) / best peer");
    println!(
        "{:<15} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "function",
        "size",
        "exact",
        "fast",
        "xnnpack",
        "onednn",
        "sleef",
        "memcpy",
        "ratio",
        "fast"
    );
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (f, s, _, _) in rows {
        if !keys.contains(&(f.as_str(), s.as_str())) {
            keys.push((f, s));
        }
    }
    for (f, s) in keys {
        let get = |name: &str| {
            rows.iter()
                .find(|r| r.0 == f && r.1 == s && r.2 == name)
                .map(|r| r.3)
        };
        let cell = |v: Option<Option<f64>>| match v {
            None => "-".to_string(),
            Some(None) => "FAIL".to_string(),
            Some(Some(e)) => format!("{e:.3}"),
        };
        let best = PEERS
            .iter()
            .filter_map(|&(_, p)| get(p).flatten())
            .fold(None, |a: Option<f64>, e| Some(a.map_or(e, |a| a.max(e))));
        let ratio = |name: &str| match (get(name).flatten(), best) {
            (Some(a), Some(b)) => format!("{:.2}x", a / b),
            _ => "-".into(),
        };
        println!(
            "{:<15} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
            f,
            s,
            cell(get("actfn")),
            cell(get("actfn-fast")),
            cell(get("xnnpack")),
            cell(get("onednn")),
            cell(get("sleef")),
            cell(get("memcpy")),
            ratio("actfn"),
            ratio("actfn-fast")
        );
    }
}
