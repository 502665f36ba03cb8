//! Build script: runs the kernel generator (`codegen/`) over the catalogue,
//! then cbindgen over the C API, writing `include/actfn.h`.

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

use std::path::{Path, PathBuf};

/// The files cbindgen reads: the hand-written C API and the generated one.
const CAPI_SOURCES: &[&str] = &[
    "src/constants.rs",
    "src/capi/types.rs",
    "src/capi/elementwise.rs",
    "src/capi/params.rs",
    "src/capi/rowwise.rs",
    "src/capi/names.rs",
    "src/capi/isa.rs",
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

    let config = cbindgen::Config::from_file("cbindgen.toml").expect("cbindgen.toml");
    let mut builder = cbindgen::Builder::new().with_config(config);
    for f in CAPI_SOURCES {
        builder = builder.with_src(f);
    }
    let header = out.join("actfn.h");
    builder
        .with_src(out.join("capi_isas.rs"))
        .with_src(out.join("capi_ops.rs"))
        .generate()
        .expect("cbindgen could not parse the C API")
        .write_to_file(&header);
    update_if_changed(&header, Path::new("include/actfn.h"));

    build_peers::build();
}

/// Keeps the committed header in step with the code, touching it only when
/// its content changes (the header-freshness test compares it with git).
fn update_if_changed(generated: &Path, committed: &Path) {
    let new = std::fs::read(generated).expect("generated header");
    if std::fs::read(committed).ok().as_deref() != Some(&new[..]) {
        std::fs::create_dir_all("include").expect("include/");
        std::fs::write(committed, new).expect("include/actfn.h");
    }
}
