//! Helpers shared by the integration tests: a small deterministic RNG,
//! NaN-aware bit comparison, ULP distances and ISA names.
#![allow(dead_code, unused_imports)]

use actfn::capi::types::*;

pub use actfn::testing::Rng;

/// Same bits, or both NaN.
pub fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Describes a float with its bits, for failure messages.
pub fn show(v: f32) -> String {
    format!("{v:e} (0x{:08x})", v.to_bits())
}

/// The name of `isa` (or the label of a variant), from the ISA descriptors.
pub fn isa_name(isa: actfn_isa) -> &'static str {
    actfn::testing::isa_name(isa)
}

/// The spacing of f32 values at |v| (v a finite f64): 2^(e-23) for a
/// normal binade, 2^-149 for the subnormals.
pub fn ulp_f32_at(v: f64) -> f64 {
    let a = v.abs();
    if a < f32::MIN_POSITIVE as f64 {
        return 2f64.powi(-149);
    }
    let e = a.log2().floor() as i32;
    // Guard against log2 rounding at binade edges.
    let e = if 2f64.powi(e) > a {
        e - 1
    } else if 2f64.powi(e + 1) <= a {
        e + 1
    } else {
        e
    };
    2f64.powi(e.min(127) - 23)
}

/// |got - exact| in units of the f32 spacing at the exact value. Infinite
/// when one of them is non-finite and they differ.
pub fn ulp_err(got: f32, exact: f64) -> f64 {
    if got.is_nan() || exact.is_nan() {
        return if got.is_nan() && exact.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if got.is_infinite() || exact.is_infinite() {
        let r = exact as f32; // may round to infinity
        return if r == got { 0.0 } else { f64::INFINITY };
    }
    if exact.abs() > f32::MAX as f64 {
        // Exact value beyond MAX but rounds to MAX.
        return if (exact as f32) == got {
            0.0
        } else {
            f64::INFINITY
        };
    }
    (got as f64 - exact).abs() / ulp_f32_at(exact)
}

/// A buffer filled with a recognisable NaN payload, for "nothing written"
/// and canary checks.
pub const SENTINEL_BITS: u32 = 0x7fc0_dead;

pub fn sentinel() -> f32 {
    f32::from_bits(SENTINEL_BITS)
}

pub fn all_sentinel(y: &[f32]) -> bool {
    y.iter().all(|v| v.to_bits() == SENTINEL_BITS)
}

/// Special f32 values that every element-wise test feeds in.
pub fn specials() -> Vec<f32> {
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.0,
        -3.0,
        6.0,
        -6.0,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x8000_0001),
        f32::from_bits(0x007f_ffff),
        f32::from_bits(0x807f_ffff),
        1e-40,
        -1e-40,
        1e-7,
        -1e-7,
        1e-4,
        -1e-4,
        f32::EPSILON,
        -f32::EPSILON,
        1e30,
        -1e30,
        f32::MAX,
        f32::MIN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7f80_0001), // signalling NaN
        f32::from_bits(0xffc1_2345),
        9.010_914,
        -9.010_914,
        14.556_091,
        -14.556_091,
        17.328_68,
        -17.328_68,
        -14.356_068,
        -14.170_185,
        5.542_594_4,
        -5.542_594_4,
        88.722_83,
        88.722_84,
        -87.336_54,
        -103.972_08,
        -103.972_07,
        -108.660_3,
        -104.0,
        1.844_674_3e19,
        -1.844_674_3e19,
        6.981e12,
        -6.981e12,
        16_777_216.0,
        -16_777_216.0,
        3.238_622e38,
        -1.278_464_5,
        -1.192_43,
        -0.751_79,
        -1.5,
        0.05,
        -0.05,
        3.52e-4,
        -3.52e-4,
        2.0f32.powi(-12),
        -(2.0f32.powi(-12)),
    ];
    // The neighbours of a few edges.
    for e in [1.0f32, -1.0, 3.0, -3.0, 0.5, -0.5, 6.0] {
        v.push(f32::from_bits(e.to_bits() + 1));
        v.push(f32::from_bits(e.to_bits() - 1));
    }
    v
}

/// The command prefix cargo runs this test binary with (the target's
/// `runner`, e.g. qemu-aarch64 when cross-testing), so that a test that
/// re-runs its own binary with another environment runs it the same way:
/// without binfmt_misc, an aarch64 binary cannot be exec'd directly on
/// x86_64. Cargo does not tell the binary which runner it used, so this
/// looks where cargo does, in its order: `CARGO_TARGET_<TRIPLE>_RUNNER`
/// (inherited from cargo's environment), then the `[target.<triple>]`
/// section of the crate's `.cargo/config.toml`. Empty when there is none.
pub fn runner() -> Vec<String> {
    let Some(triple) = target_triple() else {
        return Vec::new();
    };
    let var = format!(
        "CARGO_TARGET_{}_RUNNER",
        triple.to_uppercase().replace('-', "_")
    );
    if let Ok(r) = std::env::var(var) {
        return r.split_whitespace().map(String::from).collect();
    }
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/.cargo/config.toml");
    std::fs::read_to_string(config)
        .map(|text| config_runner(&text, &triple))
        .unwrap_or_default()
}

/// A command that runs `exe` as cargo ran this test binary ([`runner`]).
pub fn command_for(exe: &std::path::Path) -> std::process::Command {
    let runner = runner();
    match runner.split_first() {
        Some((prog, args)) => {
            let mut c = std::process::Command::new(prog);
            c.args(args).arg(exe);
            c
        }
        None => std::process::Command::new(exe),
    }
}

/// The Linux target triple this binary was built for (the only targets
/// the project cross-tests), from its cfg.
fn target_triple() -> Option<String> {
    let env = if cfg!(target_env = "gnu") {
        "gnu"
    } else if cfg!(target_env = "musl") {
        "musl"
    } else {
        return None;
    };
    cfg!(target_os = "linux").then(|| format!("{}-unknown-linux-{env}", std::env::consts::ARCH))
}

/// `runner` of `[target.<triple>]` in a cargo config: a string (split at
/// whitespace, as cargo does) or an array of strings.
fn config_runner(text: &str, triple: &str) -> Vec<String> {
    let mut in_section = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            let name = line.trim_matches(|c| c == '[' || c == ']').trim();
            in_section = name == format!("target.{triple}")
                || name == format!("target.\"{triple}\"")
                || name == format!("target.'{triple}'");
            continue;
        }
        let Some(value) = line.strip_prefix("runner") else {
            continue;
        };
        let Some(value) = value.trim_start().strip_prefix('=') else {
            continue;
        };
        if !in_section {
            continue;
        }
        // Quoted words; inside a single string, split at whitespace.
        let quoted: Vec<&str> = value.split(['"', '\'']).skip(1).step_by(2).collect();
        return if value.trim_start().starts_with('[') {
            quoted.into_iter().map(String::from).collect()
        } else {
            quoted
                .first()
                .map(|s| s.split_whitespace().map(String::from).collect())
                .unwrap_or_default()
        };
    }
    Vec::new()
}

#[test]
fn config_runner_reads_cargo_forms() {
    let text = "[target.x86_64-unknown-linux-gnu]\nrunner = \"valgrind\"\n\
                [target.aarch64-unknown-linux-gnu]\nlinker = \"gcc\"\n\
                runner = \"qemu-aarch64 -L /usr/aarch64-linux-gnu\"\n";
    assert_eq!(
        config_runner(text, "aarch64-unknown-linux-gnu"),
        ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]
    );
    assert_eq!(
        config_runner(text, "x86_64-unknown-linux-gnu"),
        ["valgrind"]
    );
    assert!(config_runner(text, "riscv64gc-unknown-linux-gnu").is_empty());
    let arr = "[target.'aarch64-unknown-linux-gnu']\nrunner = [\"qemu-aarch64\", \"-L\", \"/s\"]\n";
    assert_eq!(
        config_runner(arr, "aarch64-unknown-linux-gnu"),
        ["qemu-aarch64", "-L", "/s"]
    );
}
