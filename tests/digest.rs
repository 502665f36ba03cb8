//! Bit-identity across architectures.
//!
//! A fixed input set (special values and their neighbours, every tail length
//! at several offsets, every 65537th bit pattern, a fine sweep of [-20, 20]
//! and seeded random values) goes through the scalar kernel of every
//! element-wise op and through every row-wise kernel. Each output is hashed
//! (FNV-1a 64 over the little-endian output bits, every NaN counted as
//! 0x7fc00000: the row-wise kernels' NaNs stand for a whole group and carry
//! no payload, and the element-wise NaN rule, the input quieted, is checked
//! on every ISA by `tests/kernels.rs`'s `nan_inputs_come_back_quieted`)
//! and the hashes are checked against `tests/digest/scalar.txt`, which was
//! generated on x86_64. Run on aarch64 (under qemu, see
//! `scripts/test-aarch64.sh`), this proves that the two architectures give
//! the same bits. Every other ISA the CPU has (AVX2, AVX-512 or NEON) must
//! give the same outputs as scalar, element for element.
//!
//! Regenerate the expected file (only after an intended change of results,
//! on x86_64):
//!     ACTFN_WRITE_DIGEST=1 cargo test --release --test digest
//! To find where two machines differ, dump the raw outputs on both and
//! compare the files:
//!     ACTFN_DIGEST_DUMP=/tmp/dump cargo test --release --test digest

use actfn::capi::types::*;
use actfn::catalogue::{Param, OPS};
use actfn::testing;
use std::collections::BTreeMap;
use std::ffi::CStr;
use std::fmt::Write as _;
use std::path::PathBuf;

const EXPECTED: &str = "tests/digest/scalar.txt";

/// The row-wise cases (a file beside the expected digests: a test crate
/// root looks for its modules in `tests/` itself).
#[path = "digest/rows.rs"]
mod rows;

// ---------------------------------------------------------------- inputs

use actfn::testing::Rng;

/// Special values, the thresholds the catalogue documents, and their
/// neighbours on both sides, with both signs.
fn specials() -> Vec<f32> {
    let mut v: Vec<f32> = vec![
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7fc1_2345), // quiet NaN with a payload
        f32::from_bits(0x7f80_0001), // signalling NaN
        f32::from_bits(0xffa0_0000), // negative signalling NaN
    ];
    let anchors: &[f32] = &[
        0.0,
        f32::INFINITY,
        f32::from_bits(1), // smallest subnormal
        f32::from_bits(0x0000_0100),
        f32::from_bits(0x007f_ffff), // largest subnormal
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::EPSILON,
        1e-30,
        1e-20,
        1e-10,
        2f32.powi(-12),
        1e-3,
        0.044715,
        0.1,
        0.25,
        0.5,
        1.0,
        1.5,
        2.0,
        3.0,
        4.0,
        6.0,
        core::f32::consts::SQRT_2,
        core::f32::consts::LN_2,
        5.5,
        9.0109,
        14.356,
        14.556,
        17.0,
        20.0,
        30.0,
        87.3365,
        88.0,
        88.7228,
        89.0,
        103.972,
        104.0,
        150.0,
        1e5,
        1e10,
        4.3e26,
        1e30,
    ];
    for &a in anchors {
        for s in [a, -a] {
            let b = s.to_bits();
            if s.is_infinite() {
                v.push(s);
                v.push(f32::from_bits(b - 1));
                continue;
            }
            v.extend([f32::from_bits(b.wrapping_sub(1)), s, f32::from_bits(b + 1)]);
        }
    }
    v.retain(|x| !(x.is_nan() && x.to_bits() & 0x7fff_ffff == 0x7fff_ffff)); // -0 minus one ulp wraps
    v
}

/// The whole element-wise input set.
fn elementwise_inputs() -> Vec<f32> {
    let mut v = specials();
    // Every 65537th bit pattern: all exponents and signs, varied mantissas.
    v.extend((0..=0xffffu32).map(|i| f32::from_bits(i.wrapping_mul(65537))));
    // A fine sweep of [-20, 20] (step 2^-11) and of the same range shifted by
    // an irrational-looking offset, so mantissas are not all short.
    v.extend((0..=81920).map(|k| -20.0 + k as f32 * 2f32.powi(-11)));
    v.extend(
        (0..=40960).map(|k| (-20.0f64 + k as f64 * (40.0 / 40960.0) + 0.000_123_456_7) as f32),
    );
    // Seeded random values: uniform in [-40, 40] and arbitrary bit patterns.
    let mut rng = Rng::new(0x5eed_acf1);
    v.extend((0..20000).map(|_| rng.uniform(-40.0, 40.0)));
    v.extend((0..20000).map(|_| f32::from_bits(rng.next_u64() as u32)));
    v
}

// ---------------------------------------------------------------- hashing

fn canonical(x: f32) -> u32 {
    if x.is_nan() {
        0x7fc0_0000
    } else {
        x.to_bits()
    }
}

/// FNV-1a 64 over the canonical little-endian bits.
fn fnv1a(out: &[f32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in out {
        for b in canonical(x).to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

// ---------------------------------------------------------------- cases

/// One hashed result: a name (no spaces), the outputs, and for element-wise
/// cases the inputs that the first outputs came from.
struct Case {
    name: String,
    out: Vec<f32>,
    inputs: Option<std::sync::Arc<Vec<f32>>>,
}

/// Keras's defaults, with fixed values for the required parameters
/// (threshold's `threshold` and `default_value`).
fn params_for(op: usize) -> actfn_params {
    let mut p = testing::default_params(op);
    for spec in testing::info(op).params {
        if spec.default.is_none() {
            let v = match spec.param {
                Param::Threshold => 0.5,
                Param::DefaultValue => -2.5,
                _ => 1.0,
            };
            p.set(spec.param, v);
        }
    }
    p
}

/// Non-default parameters worth covering: (op, [(param, value)]).
const VARIANTS: &[(&str, &[(Param, f32)])] = &[
    (
        "relu_ex",
        &[
            (Param::NegativeSlope, 0.1),
            (Param::MaxValue, 6.0),
            (Param::Threshold, 0.5),
        ],
    ),
    (
        "relu_ex",
        &[
            (Param::NegativeSlope, 0.3),
            (Param::MaxValue, 1.0),
            (Param::Threshold, 2.0),
        ],
    ),
    (
        "relu_ex",
        &[
            (Param::NegativeSlope, 0.0),
            (Param::MaxValue, 0.0),
            (Param::Threshold, 0.0),
        ],
    ),
    ("leaky_relu", &[(Param::NegativeSlope, 0.3)]),
    ("leaky_relu", &[(Param::NegativeSlope, -0.5)]),
    ("elu", &[(Param::Alpha, 0.5)]),
    ("elu", &[(Param::Alpha, 2.0)]),
    ("celu", &[(Param::Alpha, 0.5)]),
    ("celu", &[(Param::Alpha, 3.0)]),
    ("hard_shrink", &[(Param::Threshold, 0.0)]),
    ("hard_shrink", &[(Param::Threshold, 1.25)]),
    ("soft_shrink", &[(Param::Threshold, 0.0)]),
    ("soft_shrink", &[(Param::Threshold, 1.25)]),
    (
        "threshold",
        &[(Param::Threshold, 0.0), (Param::DefaultValue, 0.0)],
    ),
    (
        "threshold",
        &[(Param::Threshold, -1.0), (Param::DefaultValue, 7.5)],
    ),
    ("squareplus", &[(Param::B, 0.0)]),
    ("squareplus", &[(Param::B, 1e-3)]),
    ("squareplus", &[(Param::B, 100.0)]),
];

/// Every tail length at a few offsets: calls on short slices, outputs
/// appended in order (y[i] depends on x[i] only, so these repeat values of
/// the full call; on a vector ISA they exercise the partial loads/stores).
fn tails(isa: actfn_isa, op: usize, p: &actfn_params, x: &[f32], out: &mut Vec<f32>) {
    let mut y = vec![0.0f32; 80];
    for off in [0usize, 1, 3, 20] {
        for n in 0..=67 {
            let start = 7 * n + off;
            testing::elementwise(isa, op, &x[start..start + n], &mut y[..n], p);
            out.extend_from_slice(&y[..n]);
        }
    }
}

fn elementwise_case(
    isa: actfn_isa,
    op: usize,
    p: &actfn_params,
    x: &std::sync::Arc<Vec<f32>>,
    name: String,
) -> Case {
    let mut y = vec![0.0f32; x.len()];
    testing::elementwise(isa, op, x, &mut y, p);
    // In place must give the same.
    let mut z = x.to_vec();
    testing::elementwise_in_place(isa, op, &mut z, p);
    assert!(
        y.iter()
            .zip(&z)
            .all(|(a, b)| canonical(*a) == canonical(*b)),
        "{name}: in-place result differs"
    );
    tails(isa, op, p, x, &mut y);
    Case {
        name,
        out: y,
        inputs: Some(x.clone()),
    }
}

fn variant_name(op: &str, ps: &[(Param, f32)]) -> String {
    let args: Vec<String> = ps
        .iter()
        .map(|(p, v)| format!("{}={v}", p.field()))
        .collect();
    format!("{op}[{}]", args.join(","))
}

fn all_cases(isa: actfn_isa, x: &std::sync::Arc<Vec<f32>>) -> Vec<Case> {
    let mut cases = Vec::new();
    for (op, info) in OPS.iter().enumerate() {
        cases.push(elementwise_case(
            isa,
            op,
            &params_for(op),
            x,
            info.name.to_string(),
        ));
    }
    // The fast kernels, at the defaults and at the variants of their ops.
    for op in testing::fast_ops() {
        cases.push(elementwise_case(
            isa,
            op,
            &params_for(op),
            x,
            testing::kernel_name(op),
        ));
    }
    let fast_variants = VARIANTS.iter().filter_map(|(name, ps)| {
        let op = actfn::catalogue::find(name)?;
        OPS[op]
            .fast
            .is_some()
            .then(|| (format!("{name}_fast"), *ps))
    });
    let variants: Vec<(String, &[(Param, f32)])> = VARIANTS
        .iter()
        .map(|(n, ps)| (n.to_string(), *ps))
        .chain(fast_variants)
        .collect();
    for (name, ps) in &variants {
        let op = testing::find_kernel(name).unwrap_or_else(|| panic!("no op {name}"));
        let mut p = params_for(op);
        for &(which, v) in *ps {
            assert!(
                testing::info(op).params.iter().any(|s| s.param == which),
                "{name} has no {which:?}"
            );
            p.set(which, v);
        }
        cases.push(elementwise_case(isa, op, &p, x, variant_name(name, ps)));
    }
    cases.extend(rows::rowwise_cases(isa));
    cases.extend(rows::stress_cases(isa));
    cases
}

// ---------------------------------------------------------------- the test

fn isa_name(isa: actfn_isa) -> String {
    let p = actfn::capi::isa::actfn_isa_name(isa);
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fn dump(isa: actfn_isa, cases: &[Case]) {
    let Some(dir) = std::env::var_os("ACTFN_DIGEST_DUMP") else {
        return;
    };
    let dir = PathBuf::from(dir).join(format!("{}-{}", std::env::consts::ARCH, isa_name(isa)));
    std::fs::create_dir_all(&dir).unwrap();
    for c in cases {
        let bytes: Vec<u8> = c
            .out
            .iter()
            .flat_map(|&x| canonical(x).to_le_bytes())
            .collect();
        std::fs::write(dir.join(format!("{}.bin", c.name)), bytes).unwrap();
    }
    eprintln!("digest: raw outputs written to {}", dir.display());
}

fn digest_file(cases: &[Case]) -> String {
    let mut s = String::from(
        "# FNV-1a 64 of the scalar kernels' outputs over the fixed input set of\n\
         # tests/digest.rs (NaN counted as 0x7fc00000), one line per op: name hex.\n\
         # Generated on x86_64; every architecture and ISA must reproduce it.\n\
         # Regenerate (only after an intended change of results, on x86_64):\n\
         #     ACTFN_WRITE_DIGEST=1 cargo test --release --test digest\n",
    );
    for c in cases {
        writeln!(s, "{} {:016x}", c.name, fnv1a(&c.out)).unwrap();
    }
    s
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (n, h) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("bad line in {EXPECTED}: {l}"));
            (n.to_string(), h.trim().to_string())
        })
        .collect()
}

/// Where `got` first differs from `want`, for the failure message.
fn first_difference(want: &Case, got: &Case) -> String {
    if want.out.len() != got.out.len() {
        return format!("lengths {} vs {}", want.out.len(), got.out.len());
    }
    let diffs: Vec<usize> = (0..want.out.len())
        .filter(|&i| canonical(want.out[i]) != canonical(got.out[i]))
        .collect();
    let Some(&i) = diffs.first() else {
        return "no difference".into();
    };
    let input = match &want.inputs {
        Some(x) if i < x.len() => format!(" for x = {:e} (0x{:08x})", x[i], x[i].to_bits()),
        _ => String::new(),
    };
    format!(
        "{} of {} outputs differ; first at [{i}]{input}: {:e} (0x{:08x}) vs {:e} (0x{:08x})",
        diffs.len(),
        want.out.len(),
        want.out[i],
        want.out[i].to_bits(),
        got.out[i],
        got.out[i].to_bits()
    )
}

#[test]
fn digests_match_across_architectures_and_isas() {
    let x = std::sync::Arc::new(elementwise_inputs());
    let t = std::time::Instant::now();
    let scalar = all_cases(ACTFN_ISA_SCALAR, &x);
    eprintln!(
        "digest: scalar, {} cases over {} inputs, {:.1?}",
        scalar.len(),
        x.len(),
        t.elapsed()
    );
    dump(ACTFN_ISA_SCALAR, &scalar);
    let mut failures = Vec::new();

    // 1. Scalar against the committed digests.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    let text = digest_file(&scalar);
    if std::env::var_os("ACTFN_WRITE_DIGEST").is_some_and(|v| v != "0") {
        if std::env::consts::ARCH != "x86_64" {
            eprintln!(
                "digest: warning: writing the expected digests on {}, not x86_64",
                std::env::consts::ARCH
            );
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        eprintln!("digest: wrote {}", path.display());
    } else {
        let want = parse(
            &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        );
        let got = parse(&text);
        for (name, h) in &got {
            match want.get(name) {
                None => failures.push(format!("scalar {name}: not in {EXPECTED} (regenerate it)")),
                Some(w) if w != h => failures.push(format!(
                    "scalar {name} on {}: digest {h}, expected {w} (set ACTFN_DIGEST_DUMP on both machines to compare outputs)",
                    std::env::consts::ARCH
                )),
                _ => {}
            }
        }
        for name in want.keys().filter(|n| !got.contains_key(*n)) {
            failures.push(format!(
                "{EXPECTED} lists {name}, which the test no longer computes (regenerate it)"
            ));
        }
    }

    // 2. Every other ISA of this CPU against scalar, output by output.
    for isa in testing::available()
        .into_iter()
        .filter(|&i| i != ACTFN_ISA_SCALAR)
    {
        let t = std::time::Instant::now();
        let cases = all_cases(isa, &x);
        eprintln!("digest: {}, {:.1?}", isa_name(isa), t.elapsed());
        dump(isa, &cases);
        for (s, c) in scalar.iter().zip(&cases) {
            assert_eq!(s.name, c.name);
            if fnv1a(&s.out) != fnv1a(&c.out) {
                failures.push(format!(
                    "{} {} differs from scalar: {}",
                    isa_name(isa),
                    c.name,
                    first_difference(s, c)
                ));
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} digest failures:\n{}\n\
         A scalar digest that differs on x86_64 means the results changed: if on purpose, \
         regenerate {EXPECTED} there (ACTFN_WRITE_DIGEST=1 cargo test --release --test digest); \
         one that differs only on another architecture is a cross-arch difference to fix.",
        failures.len(),
        failures.join("\n")
    );
}

/// The scalar kernel's `mul_add` is the one place where the architectures
/// run different code (a software fma on x86_64 without `+fma`, `fmadd`
/// on aarch64). Check it against the platform's correctly rounded fma
/// (`f32::mul_add`: glibc's `fmaf` or the instruction) on hard cases.
#[test]
fn scalar_fma_is_correctly_rounded() {
    use actfn::simd::scalar::fma_f32;
    let mut rng = Rng::new(0xf3a0_0006);
    let check = |a: f32, b: f32, c: f32| {
        let (got, want) = (fma_f32(a, b, c), a.mul_add(b, c));
        assert!(
            canonical(got) == canonical(want),
            "fma({a:e}, {b:e}, {c:e}) = {got:e} (0x{:08x}), want {want:e} (0x{:08x})",
            got.to_bits(),
            want.to_bits()
        );
    };
    let sp = specials();
    for &a in sp.iter().step_by(3) {
        for &b in sp.iter().step_by(5) {
            for &c in sp.iter().step_by(7) {
                check(a, b, c);
            }
        }
    }
    for _ in 0..300_000 {
        let (a, b) = (
            f32::from_bits(rng.next_u64() as u32),
            f32::from_bits(rng.next_u64() as u32),
        );
        // c near -a*b (cancellation), near a*b's rounding boundary, or random.
        let p = a * b;
        let c = match rng.next_u64() % 4 {
            0 => -p,
            1 => f32::from_bits((-p).to_bits() ^ (rng.next_u64() as u32 & 0xff)),
            2 => {
                f32::from_bits(p.to_bits().wrapping_add(rng.next_u64() as u32 % 64))
                    * 2f32.powi(-24)
            }
            _ => f32::from_bits(rng.next_u64() as u32),
        };
        check(a, b, c);
        // Moderate exponents, where results are normal and ties are likely.
        let a = rng.uniform(-4.0, 4.0);
        let b = f32::from_bits((a.to_bits() & 0xffff_f000) | (rng.next_u64() as u32 & 0xfff));
        check(a, b, -(a * b));
        check(
            a,
            b,
            rng.uniform(-1.0, 1.0) * 2f32.powi(-((rng.next_u64() % 40) as i32)),
        );
    }
}
