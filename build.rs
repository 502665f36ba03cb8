//! Build script: runs the kernel generator (`codegen/`) over the catalogue,
//! then cbindgen over the C API, writing `$OUT_DIR/actfn.h`. It writes
//! nothing outside `OUT_DIR` (`cargo package` refuses a build script that
//! does): `scripts/refresh-header.sh` copies the header to `include/`, and
//! `tests/header.rs` fails while the committed copy is stale.

/// The `peers` feature's C shim (benches/peers/); nothing without it.
#[path = "benches/peers/build_peers.rs"]
mod build_peers;
#[path = "src/catalogue/mod.rs"]
#[allow(dead_code)]
mod catalogue;
#[path = "codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;
#[path = "src/constants.rs"]
#[allow(dead_code)]
mod constants;

use std::path::PathBuf;

/// The files cbindgen reads: the hand-written C API and the generated one.
const CAPI_SOURCES: &[&str] = &[
    "src/constants.rs",
    "src/capi/types.rs",
    "src/capi/elementwise.rs",
    "src/capi/params.rs",
    "src/capi/rowwise.rs",
    "src/capi/rowwise_fast.rs",
    "src/capi/onnx_rowwise.rs",
    "src/capi/names.rs",
    "src/capi/isa.rs",
    "src/capi/fused.rs",
    "src/capi/half.rs",
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for f in ["build.rs", "codegen", "src/catalogue", "cbindgen.toml"]
        .iter()
        .chain(CAPI_SOURCES)
    {
        println!("cargo:rerun-if-changed={f}");
    }
    codegen::generate(&out).expect("writing the generated kernels");

    let major = env("CARGO_PKG_VERSION_MAJOR");
    // The SONAME carries the ABI version only, so that programs linked to
    // libactfn.so record libactfn.so.MAJOR and keep running across minor
    // releases (the policy is in README.md, "Install and link").
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libactfn.so.{major}");
    }

    let mut config = cbindgen::Config::from_file("cbindgen.toml").expect("cbindgen.toml");
    config.after_includes = Some(format!(
        "\n// The version of this header; actfn_version() returns the library's as\n\
         // \"MAJOR.MINOR.PATCH\", and a program may compare the two at start-up.\n\
         #define ACTFN_VERSION_MAJOR {major}\n\
         #define ACTFN_VERSION_MINOR {}\n\
         #define ACTFN_VERSION_PATCH {}",
        env("CARGO_PKG_VERSION_MINOR"),
        env("CARGO_PKG_VERSION_PATCH"),
    ));
    let mut builder = cbindgen::Builder::new().with_config(config);
    for f in CAPI_SOURCES {
        builder = builder.with_src(f);
    }
    let mut header = Vec::new();
    builder
        .with_src(out.join("capi_isas.rs"))
        .with_src(out.join("capi_ops.rs"))
        .with_src(out.join("capi_half_ops.rs"))
        .generate()
        .expect("cbindgen could not parse the C API")
        .write(&mut header);
    let header = String::from_utf8(header).expect("UTF-8 header");
    std::fs::write(out.join("actfn.h"), float_literals(&header)).expect("writing actfn.h");

    build_peers::build();
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"))
}

/// cbindgen writes f32 constants as double literals (`0.3`), which
/// `-Wconversion` rejects when assigned to a float: this makes every
/// non-integer `#define` value a float literal (`0.3f`), parenthesised
/// when negative.
fn float_literals(header: &str) -> String {
    let mut s = String::with_capacity(header.len() + 64);
    for line in header.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let mut words = body.splitn(3, ' ');
        if let (Some("#define"), Some(name), Some(value)) =
            (words.next(), words.next(), words.next())
        {
            let is_float = value.contains(['.', 'e', 'E'])
                && !value.starts_with(['"', '\''])
                && value.parse::<f32>().is_ok();
            if is_float {
                let lit = if value.starts_with('-') {
                    format!("({value}f)")
                } else {
                    format!("{value}f")
                };
                s.push_str(&format!("#define {name} {lit}"));
                s.push_str(&line[body.len()..]);
                continue;
            }
        }
        s.push_str(line);
    }
    s
}
