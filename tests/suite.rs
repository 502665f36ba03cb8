//! Every integration test, compiled as one binary: each `tests/<topic>.rs`
//! is a module here, next to the helpers they share (`common`, `support`,
//! ...). One binary links the library once instead of thirty times, which
//! takes most of the build out of `cargo test` (and of the aarch64 run).
//!
//! Run one topic with a filter: `cargo test --release --test suite digest::`.
//! `Cargo.toml` sets `autotests = false`, so a new `tests/<topic>.rs` runs
//! only once it is listed below; `every_test_file_is_a_module` fails until
//! it is.

// Helpers shared by the topics.
mod capi_support;
mod common;
mod half_common;
mod rowwise_common;
mod support;

// The topics.
mod accuracy;
mod capi;
mod capi_elementwise;
mod capi_fast;
mod capi_names;
mod capi_onnx;
mod capi_rowwise;
mod digest;
mod elementwise_align;
mod extremes;
mod fast_gelu_rational;
mod fused_attention;
mod fused_bias;
mod fused_capi;
mod fused_gated;
mod half_capi;
mod half_convert;
mod half_elementwise;
mod half_rowwise;
mod header;
mod kernels;
mod onnx_rowwise;
mod provenance;
mod rowwise_axis;
mod rowwise_extremes;
mod rowwise_fast;
mod rowwise_other;
mod rowwise_softmax;
mod rowwise_softmax_paths;
mod simd;
mod specials;
mod wide;

/// A `tests/*.rs` file missing above would compile and run nowhere.
#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let this = include_str!("suite.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(topic) = name.strip_suffix(".rs") {
            if topic != "suite" && !this.contains(&format!("\nmod {topic};\n")) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "tests/suite.rs does not list {missing:?}: add `mod <topic>;`"
    );
}
