//! The build step of the cargo feature `peers`, called at the end of
//! `build.rs`: compiles `benches/peers/shim.c` (the C shim over XNNPACK,
//! oneDNN and SLEEF) into a static library and links it, with the Debian
//! packages' shared libraries, into the benchmarks only (the library and
//! its tests never see it). Without the feature it does nothing.
//!
//! Debian packages needed: libxnnpack-dev (its header includes
//! pthreadpool.h, which is in libpthreadpool-dev), libdnnl-dev and
//! libsleef-dev. The shared libraries bring their own dependencies
//! (libcpuinfo and libpthreadpool for XNNPACK, libgomp and libstdc++ for
//! oneDNN); the shim calls OpenMP itself (omp_set_num_threads), hence -lgomp.

#[cfg(feature = "peers")]
pub fn build() {
    use std::path::PathBuf;
    for f in [
        "benches/peers/build_peers.rs",
        "benches/peers/shim.c",
        "benches/peers/sleef_loops.h",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    for header in [
        "/usr/include/xnnpack.h",
        "/usr/include/pthreadpool.h",
        "/usr/include/oneapi/dnnl/dnnl.h",
    ] {
        if !std::path::Path::new(header).exists() {
            println!(
                "cargo:warning=feature `peers`: {header} is missing; install the peers with \
                 `apt-get install -y libxnnpack-dev libpthreadpool-dev libdnnl-dev libsleef-dev`"
            );
        }
    }
    cc::Build::new()
        .file("benches/peers/shim.c")
        .include("benches/peers")
        .flag("-std=gnu11")
        .opt_level(2)
        .warnings(true)
        .extra_warnings(true)
        // Link flags below, for the benchmarks only.
        .cargo_metadata(false)
        .compile("actfn_peers");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!(
        "cargo:rustc-link-arg-benches={}",
        out.join("libactfn_peers.a").display()
    );
    for lib in ["XNNPACK", "dnnl", "sleef", "gomp", "m"] {
        println!("cargo:rustc-link-arg-benches=-l{lib}");
    }
}

#[cfg(not(feature = "peers"))]
pub fn build() {}
