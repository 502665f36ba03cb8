//! What the generated code must say; the generated kernels themselves are
//! tested through the library (`tests/`).

use super::elementwise::{kernel, op_types as op_type, type_name};
use super::isas::{Isa, ISAS};
use super::*;
use crate::catalogue::OpInfo;

fn isa(name: &str) -> &'static Isa {
    ISAS.iter().find(|i| i.name == name).unwrap()
}

fn op(name: &str) -> &'static OpInfo {
    OPS.iter().find(|o| o.name == name).unwrap()
}

#[test]
fn width_overrides_name_real_isas() {
    for op in OPS {
        for (name, _) in op.widths {
            assert!(
                ISAS.iter().any(|i| i.name == *name),
                "{}: no ISA {name}",
                op.name
            );
        }
    }
}

#[test]
fn every_op_gets_a_kernel_per_isa_and_a_table_entry() {
    let k = kernels_file();
    for isa in ISAS {
        for op in OPS {
            assert!(k.contains(&format!("unsafe fn {}_{}(", op.name, isa.name)));
            assert!(k.contains(&format!("        {}_{},\n", op.name, isa.name)));
        }
        assert!(k.contains(&format!("static TABLE_{}", isa.name.to_ascii_uppercase())));
        assert!(k.contains(&format!("fn cpu_has_{}() -> bool", isa.name)));
    }
}

#[test]
fn kernels_carry_their_target_features_and_width() {
    let k = kernel(op("relu"), isa("avx2"));
    assert!(k.starts_with("/// `relu` on avx2, 3 registers per iteration."));
    assert!(
        k.contains("#[cfg(target_arch = \"x86_64\")]\n#[target_feature(enable = \"avx2,fma\")]")
    );
    assert!(k.contains("map::<Relu, Avx2, 3>(x, y, n, p)"));
    let s = kernel(op("relu"), isa("scalar"));
    assert!(!s.contains("target_feature") && !s.contains("#[cfg"));
    assert!(s.contains("map::<Relu, Scalar, 1>(x, y, n, p)"));
    for (name, isa_name, call) in [
        ("sigmoid", "avx2", "map::<Sigmoid, Avx2, 3>"),
        ("gelu", "avx2", "map::<Gelu, Avx2, 2>"),
        ("sigmoid", "avx512", "map::<Sigmoid, Avx512, 4>"),
        ("tanh_shrink", "avx512", "map::<TanhShrink, Avx512, 8>"),
        ("sigmoid", "scalar_fma", "map::<Sigmoid, ScalarFma, 4>"),
    ] {
        assert!(
            kernel(op(name), isa(isa_name)).contains(call),
            "{name} on {isa_name}"
        );
    }
}

#[test]
fn op_types_splat_parameters_in_catalogue_order_and_take_the_nan_step() {
    let t = op_type(op("relu_ex"));
    assert!(t.contains("pub(crate) struct ReluEx;"));
    assert!(
        t.contains("[S::splat(p.negative_slope), S::splat(p.max_value), S::splat(p.threshold)]")
    );
    assert!(t.contains(
        "math::nan_from_x(v, math::relu_ex::<S>(v, negative_slope, max_value, threshold))"
    ));
    assert!(op_type(op("relu")).contains("        math::relu::<S>(v)\n"));
    assert!(op_type(op("squareplus")).contains("math::nan_from(v, math::squareplus::<S>(v, b))"));
    assert_eq!(type_name(op("gelu_tanh")), "GeluTanh");
    let c = capi::capi_function(op("relu_ex"));
    assert!(c.contains(
        "fn actfn_relu_ex_f32(x: *const f32, y: *mut f32, n: usize, negative_slope: f32, max_value: f32, threshold: f32)"
    ));
}

#[test]
fn switched_ops_test_their_condition_once_and_run_one_of_two_loops() {
    for op in OPS.iter().filter(|o| o.rare_params.is_some()) {
        let (name, cond) = (op.name, op.rare_params.unwrap());
        let t = op_type(op);
        assert!(t.contains(&format!("math::{name}::<S, RARE>(v, alpha)")));
        let k = kernel(op, isa("avx512"));
        let test = format!("if {cond} {{\n        return {name}_avx512_rare(x, y, n, p);");
        assert_eq!(k.matches(&test).count(), 1);
        assert!(k.contains("#[cold]\n#[inline(never)]\n"));
        let ty = type_name(op);
        assert!(k.contains(&format!("map::<{ty}<false>, Avx512, 4>")));
        assert!(k.contains(&format!("map::<{ty}<true>, Avx512, 4>")));
    }
    assert!(!kernel(op("relu"), isa("avx2")).contains("_rare"));
}

#[test]
fn constants_are_dense() {
    let c = capi::capi_file();
    for (i, op) in OPS.iter().enumerate() {
        assert_eq!(op.id as usize, i);
        assert!(c.contains(&format!(
            "ACTFN_OP_{}: actfn_op = {i};",
            op.name.to_ascii_uppercase()
        )));
    }
    let c = capi::isa_constants();
    for (c_name, v) in [("SCALAR", 1), ("AVX2", 2), ("AVX512", 3), ("NEON", 4)] {
        assert_eq!(
            c.matches(&format!("ACTFN_ISA_{c_name}: actfn_isa = {v};"))
                .count(),
            1
        );
    }
    assert!(c.contains("ACTFN_ISA_COUNT: actfn_isa = 5;"));
}

#[test]
fn each_architecture_lists_its_isas_best_first() {
    let k = kernels_file();
    let x86 = k
        .split("#[cfg(target_arch = \"x86_64\")]\npub(crate) static KERNEL_SETS")
        .nth(1)
        .unwrap();
    let order: Vec<usize> = [
        "TABLE_AVX512",
        "TABLE_AVX2",
        "TABLE_SCALAR_FMA",
        "TABLE_SCALAR }",
    ]
    .iter()
    .map(|n| x86.find(n).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(!x86.split("];").next().unwrap().contains("neon"));
    assert!(isa("avx512")
        .detection()
        .contains("std::is_x86_feature_detected!(\"avx512vl\")"));
    assert_eq!(isa("scalar").detection(), "true");
}

#[test]
fn readme_tables_follow_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let text = std::fs::read_to_string(path).unwrap();
    let fresh = readme::refreshed(&text).expect("README.md lacks a <!-- catalogue:... --> section");
    if fresh != text && std::env::var_os("ACTFN_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == text,
        "README.md's catalogue tables are stale: run `ACTFN_BLESS=1 cargo test --lib readme`"
    );
    for op in OPS {
        assert!(readme::functions_table().contains(&format!("| {}", op.name)));
        assert!(readme::accuracy_table().contains(&format!("| {} |", op.name)));
    }
}

#[test]
fn fast_tier_kernels_call_the_fast_math_and_fall_back_to_the_exact_kernel() {
    let sig = op("sigmoid");
    assert!(sig.fast.is_some());
    let t = op_type(sig);
    assert!(t.contains("pub(crate) struct SigmoidFast;"));
    // No NaN step: the fast math makes its NaNs itself.
    assert!(t.contains("        math::fast::sigmoid::<S>(v)\n"));
    assert!(kernel(sig, isa("avx2")).contains("unsafe fn sigmoid_fast_avx2("));
    let tables = tables::tables();
    assert!(tables.contains("    fast: [\n        relu_avx2,\n"));
    assert!(tables.contains("        sigmoid_fast_avx2,\n"));
    let relu = op("relu");
    assert!(relu.fast.is_none());
    assert!(!kernel(relu, isa("avx2")).contains("relu_fast"));
    let c = capi::capi_fast_function(relu);
    assert!(c.contains("fn actfn_relu_fast_f32(x: *const f32, y: *mut f32, n: usize)"));
    assert!(c.contains("call(ACTFN_OP_RELU | ACTFN_FAST, x, y, n, &params)"));
    assert!(c.contains("Runs the exact kernel"));
}
