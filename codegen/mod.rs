//! The kernel generator. `build.rs` calls [`generate`], which multiplies the
//! catalogue (`src/catalogue.rs`) by the instruction sets below and writes
//! two files into `OUT_DIR`:
//!
//! - `kernels.rs`: for every (function, ISA) a `#[target_feature]` kernel
//!   with its own loop, width and masked tail, calling the function's math
//!   (`src/math/`, written once, generic over `Simd`); the row-wise kernels;
//!   and one dispatch table per ISA.
//! - `capi_ops.rs`: the `ACTFN_OP_*` constants and one documented
//!   `extern "C" fn actfn_<name>_f32` per element-wise function. cbindgen
//!   reads this file too, so these doc comments are the header's.
//!
//! Everything here is plain string building, so the unit tests below run
//! under `cargo test` (the library includes this module in test builds).

use crate::catalogue::{Accuracy, NanRule, OpInfo, OPS};
use std::fmt::Write;

/// An instruction set the generator writes kernels for.
pub struct Isa {
    /// Suffix of the kernel names and of `ACTFN_ISA_*`.
    pub name: &'static str,
    /// The `Simd` implementation.
    pub ty: &'static str,
    /// `#[target_feature(enable = ...)]`, empty for none.
    pub features: &'static str,
    /// `target_arch` it exists on, or None for every architecture.
    pub arch: Option<&'static str>,
    /// Registers per main-loop iteration, processed as one `Wide`: enough
    /// independent chains to hide the latency, few enough to keep the
    /// registers (an op's catalogue entry may ask for another number).
    pub width: usize,
}

pub const ISAS: &[Isa] = &[
    Isa {
        name: "scalar",
        ty: "Scalar",
        features: "",
        arch: None,
        width: 4,
    },
    // The scalar kernels again, compiled for FMA: on x86_64 CPUs that have
    // it, ACTFN_ISA_SCALAR runs these (same bits, hardware instead of
    // software FMA).
    Isa {
        name: "scalar_fma",
        ty: "ScalarFma",
        features: "fma",
        arch: Some("x86_64"),
        width: 4,
    },
    Isa {
        name: "avx2",
        ty: "Avx2",
        features: "avx2,fma",
        arch: Some("x86_64"),
        width: 3,
    },
    Isa {
        name: "avx512",
        ty: "Avx512",
        features: "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma",
        arch: Some("x86_64"),
        width: 4,
    },
    Isa {
        name: "neon",
        ty: "Neon",
        features: "neon",
        arch: Some("aarch64"),
        width: 4,
    },
];

/// A row-wise kernel: generic code in `src/rowwise/`, instantiated per ISA.
pub struct RowKernel {
    pub name: &'static str,
    /// `(argument, type)` pairs.
    pub args: &'static [(&'static str, &'static str)],
    /// Path of the generic function, called as `path::<V>(args...)`.
    pub path: &'static str,
}

const ROWS: &[(&str, &str)] = &[
    ("x", "*const f32"),
    ("y", "*mut f32"),
    ("rows", "usize"),
    ("cols", "usize"),
];
const AXIS: &[(&str, &str)] = &[
    ("x", "*const f32"),
    ("y", "*mut f32"),
    ("outer", "usize"),
    ("axis", "usize"),
    ("inner", "usize"),
];

pub const ROW_KERNELS: &[RowKernel] = &[
    RowKernel {
        name: "softmax_rows",
        args: ROWS,
        path: "crate::rowwise::softmax::softmax_rows",
    },
    RowKernel {
        name: "log_softmax_rows",
        args: ROWS,
        path: "crate::rowwise::softmax::log_softmax_rows",
    },
    RowKernel {
        name: "softmax_axis",
        args: AXIS,
        path: "crate::rowwise::softmax::softmax_axis",
    },
    RowKernel {
        name: "log_softmax_axis",
        args: AXIS,
        path: "crate::rowwise::softmax::log_softmax_axis",
    },
    RowKernel {
        name: "softmax_masked",
        args: &[
            ("x", "*const f32"),
            ("mask", "*const u8"),
            ("y", "*mut f32"),
            ("rows", "usize"),
            ("cols", "usize"),
            ("mask_row_stride", "usize"),
        ],
        path: "crate::rowwise::softmax::softmax_masked_rows",
    },
    RowKernel {
        name: "glu",
        args: AXIS,
        path: "crate::rowwise::glu::glu",
    },
    RowKernel {
        name: "sparsemax_rows",
        args: ROWS,
        path: "crate::rowwise::sparsemax::sparsemax_rows",
    },
    RowKernel {
        name: "prelu",
        args: &[
            ("x", "*const f32"),
            ("y", "*mut f32"),
            ("rows", "usize"),
            ("channels", "usize"),
            ("alpha", "*const f32"),
        ],
        path: "crate::rowwise::prelu::prelu",
    },
];

fn upper(s: &str) -> String {
    s.to_ascii_uppercase()
}

fn cfg_attr(isa: &Isa) -> String {
    match isa.arch {
        Some(a) => format!("#[cfg(target_arch = \"{a}\")]\n"),
        None => String::new(),
    }
}

fn tf_attr(isa: &Isa) -> String {
    if isa.features.is_empty() {
        String::new()
    } else {
        format!("#[target_feature(enable = \"{}\")]\n", isa.features)
    }
}

/// The math call for one register `v`, with the op's parameters already
/// splatted into registers of the same names (and `flag`, the value of the
/// op's `rare_params` condition, if it has one), followed by the NaN step
/// of the op's [`NanRule`], so that a NaN input comes back as itself,
/// quieted, on every ISA (`tests/kernels.rs` checks every op).
fn math_call(op: &OpInfo, ty: &str, v: &str, flag: Option<bool>) -> String {
    let mut s = match flag {
        Some(f) => format!("math::{}::<{ty}, {f}>({v}", op.name),
        None => format!("math::{}::<{ty}>({v}", op.name),
    };
    for p in op.params {
        write!(s, ", {}", p.param.field()).unwrap();
    }
    s.push(')');
    match op.nan {
        NanRule::Ready => s,
        NanRule::FromX => format!("math::nan_from_x({v}, {s})"),
        NanRule::From => format!("math::nan_from({v}, {s})"),
    }
}

/// The registers per main-loop iteration of `op` on `isa`.
pub fn width_of(op: &OpInfo, isa: &Isa) -> usize {
    op.width_on(isa.name, isa.width)
}

/// One element-wise kernel: main loop over [`width_of`] registers at once,
/// then single registers, then one masked register for the tail. Every
/// element goes through the same math, so y[i] depends on x[i] alone.
pub fn elementwise_kernel(op: &OpInfo, isa: &Isa) -> String {
    match op.rare_params {
        // The rare path in a cold function of its own, so the common
        // kernel's code is laid out as if it did not exist (inline, the
        // second loop slowed scalar celu by a third).
        Some(cond) => {
            let rare = format!("{}_{}_rare", op.name, isa.name);
            let test = format!("    if {cond} {{\n        return {rare}(x, y, n, p);\n    }}\n");
            let mut s = kernel_fn(
                op,
                isa,
                &format!("{}_{}", op.name, isa.name),
                &test,
                Some(false),
            );
            s.push_str("#[cold]\n#[inline(never)]\n");
            s += &kernel_fn(op, isa, &rare, "", Some(true));
            s
        }
        None => kernel_fn(op, isa, &format!("{}_{}", op.name, isa.name), "", None),
    }
}

/// One kernel function `name`: the parameters splatted, `prologue`, then
/// [`kernel_loops`].
fn kernel_fn(op: &OpInfo, isa: &Isa, name: &str, prologue: &str, flag: Option<bool>) -> String {
    let ty = isa.ty;
    let width = width_of(op, isa);
    let mut s = String::new();
    writeln!(
        s,
        "/// `{}` on {}: {} per iteration{}.",
        op.name,
        isa.name,
        if width == 1 {
            "1 register".to_string()
        } else {
            format!("{width} registers")
        },
        if flag == Some(true) {
            " (its rare parameters)"
        } else {
            ""
        }
    )
    .unwrap();
    s.push_str(&cfg_attr(isa));
    s.push_str(&tf_attr(isa));
    writeln!(
        s,
        "pub(crate) unsafe fn {name}(x: *const f32, y: *mut f32, n: usize, p: &actfn_params) {{"
    )
    .unwrap();
    if width > 1 {
        writeln!(s, "    const L: usize = <{ty} as Simd>::LANES;").unwrap();
    }
    if op.params.is_empty() {
        writeln!(s, "    let _ = p;").unwrap();
    }
    s.push_str(prologue);
    for prm in op.params {
        writeln!(
            s,
            "    let {f} = {ty}::splat(p.{f});",
            f = prm.param.field()
        )
        .unwrap();
    }
    s.push_str(&kernel_loops(op, isa, flag));
    writeln!(s, "}}\n").unwrap();
    s
}

/// The loops of [`elementwise_kernel`] (with `flag` for ops in
/// a `rare_params` condition).
fn kernel_loops(op: &OpInfo, isa: &Isa, flag: Option<bool>) -> String {
    let ty = isa.ty;
    let u = width_of(op, isa);
    let mut s = String::new();
    writeln!(s, "    let mut i = 0;").unwrap();
    // The main loop works on `u` registers as one `Wide`, so that each
    // operation is issued on all of them before the next (see simd/wide.rs).
    let wide = if u == 1 {
        ty.to_string()
    } else {
        format!("Wide<{ty}, {u}>")
    };
    writeln!(s, "    {{").unwrap();
    writeln!(s, "        type W = {wide};").unwrap();
    // At width 1, W is the ISA's type and the parameters are splatted already.
    for prm in op.params.iter().filter(|_| u > 1) {
        writeln!(
            s,
            "        let {f} = W::splat(p.{f});",
            f = prm.param.field()
        )
        .unwrap();
    }
    writeln!(s, "        while i + W::LANES <= n {{").unwrap();
    writeln!(s, "            let v = W::load(x.add(i));").unwrap();
    writeln!(
        s,
        "            {}.store(y.add(i));",
        math_call(op, "W", "v", flag)
    )
    .unwrap();
    writeln!(s, "            i += W::LANES;").unwrap();
    writeln!(s, "        }}").unwrap();
    writeln!(s, "    }}").unwrap();
    if u > 1 {
        writeln!(s, "    while i + L <= n {{").unwrap();
        writeln!(s, "        let v = {ty}::load(x.add(i));").unwrap();
        writeln!(
            s,
            "        {}.store(y.add(i));",
            math_call(op, ty, "v", flag)
        )
        .unwrap();
        writeln!(s, "        i += L;").unwrap();
        writeln!(s, "    }}").unwrap();
    }
    writeln!(s, "    if i < n {{").unwrap();
    writeln!(
        s,
        "        let v = {ty}::load_partial(x.add(i), n - i, 0.0);"
    )
    .unwrap();
    writeln!(
        s,
        "        {}.store_partial(y.add(i), n - i);",
        math_call(op, ty, "v", flag)
    )
    .unwrap();
    writeln!(s, "    }}").unwrap();
    s
}

fn row_signature(k: &RowKernel) -> (String, String, String) {
    let params: Vec<String> = k.args.iter().map(|(a, t)| format!("{a}: {t}")).collect();
    let names: Vec<&str> = k.args.iter().map(|(a, _)| *a).collect();
    let types: Vec<&str> = k.args.iter().map(|(_, t)| *t).collect();
    (params.join(", "), names.join(", "), types.join(", "))
}

pub fn row_kernel(k: &RowKernel, isa: &Isa) -> String {
    let (params, names, _) = row_signature(k);
    let mut s = String::new();
    writeln!(s, "/// `{}` on {}.", k.name, isa.name).unwrap();
    s.push_str(&cfg_attr(isa));
    s.push_str(&tf_attr(isa));
    writeln!(
        s,
        "pub(crate) unsafe fn {}_{}({params}) {{",
        k.name, isa.name
    )
    .unwrap();
    writeln!(s, "    {}::<{}>({names})", k.path, isa.ty).unwrap();
    writeln!(s, "}}\n").unwrap();
    s
}

/// The dispatch table type and one static table per ISA.
pub fn tables() -> String {
    let mut s = String::new();
    writeln!(s, "/// The kernels of one instruction set.").unwrap();
    writeln!(s, "pub(crate) struct Table {{").unwrap();
    writeln!(s, "    /// Element-wise kernels, indexed by `actfn_op`.").unwrap();
    writeln!(
        s,
        "    pub elementwise: [ElementwiseKernel; {}],",
        OPS.len()
    )
    .unwrap();
    for k in ROW_KERNELS {
        let (_, _, types) = row_signature(k);
        writeln!(s, "    pub {}: unsafe fn({types}),", k.name).unwrap();
    }
    writeln!(s, "}}\n").unwrap();
    for isa in ISAS {
        s.push_str(&cfg_attr(isa));
        writeln!(
            s,
            "pub(crate) static TABLE_{}: Table = Table {{",
            upper(isa.name)
        )
        .unwrap();
        writeln!(s, "    elementwise: [").unwrap();
        for op in OPS {
            writeln!(s, "        {}_{},", op.name, isa.name).unwrap();
        }
        writeln!(s, "    ],").unwrap();
        for k in ROW_KERNELS {
            writeln!(s, "    {0}: {0}_{1},", k.name, isa.name).unwrap();
        }
        writeln!(s, "}};\n").unwrap();
    }
    s
}

pub fn kernels_file() -> String {
    let mut s = String::from(
        "// @generated by codegen/mod.rs from src/catalogue.rs: do not edit.\n\
         // One kernel per (function, ISA), the row-wise kernels, and the tables.\n\n",
    );
    for isa in ISAS {
        writeln!(s, "// ---- {} ----\n", isa.name).unwrap();
        for op in OPS {
            s.push_str(&elementwise_kernel(op, isa));
        }
        for k in ROW_KERNELS {
            s.push_str(&row_kernel(k, isa));
        }
    }
    s.push_str(&tables());
    s
}

fn accuracy_doc(op: &OpInfo) -> String {
    match op.accuracy {
        Accuracy::Exact => {
            "Accuracy: exact (correctly rounded, 0 ULP) for every f32 input.".to_string()
        }
        Accuracy::Ulp(u) => format!(
            "Accuracy: at most {u} ULP from the exact value over every f32 input \
             (bound enforced by the tests; measured over all 2^32 inputs, see the README)."
        ),
    }
}

fn fmt_default(v: f32) -> String {
    if v.is_infinite() {
        "INFINITY".to_string()
    } else {
        format!("{v}")
    }
}

/// The documented C entry point of one element-wise function.
pub fn capi_function(op: &OpInfo) -> String {
    let mut s = String::new();
    writeln!(s, "/// {}: `{}`, element by element.", op.name, op.formula).unwrap();
    if !op.notes.is_empty() {
        writeln!(s, "///\n/// {}", op.notes).unwrap();
    }
    writeln!(s, "///").unwrap();
    writeln!(
        s,
        "/// `x` and `y` hold `n` floats; `y == x` (in place) is allowed, any other overlap is an error."
    )
    .unwrap();
    for p in op.params {
        let default = match p.default {
            Some(v) => format!("Keras default: {}.", fmt_default(v)),
            None => "Required (Keras has no default).".to_string(),
        };
        writeln!(
            s,
            "/// `{}`: {}; must be {}. {}",
            p.param.field(),
            p.doc,
            p.domain.describe(),
            default
        )
        .unwrap();
    }
    writeln!(s, "///\n/// {}", accuracy_doc(op)).unwrap();
    // The rule tests/kernels.rs checks (nan_inputs_come_back_quieted).
    let nan = if op.name == "linear" {
        "A NaN input is copied as it is."
    } else {
        "A NaN input gives that NaN back, quieted (sign and payload kept)."
    };
    writeln!(s, "/// The same bits on every ISA. {nan}").unwrap();
    if !op.keras_names.is_empty() {
        let names: Vec<String> = op.keras_names.iter().map(|n| format!("\"{n}\"")).collect();
        writeln!(s, "/// Keras names: {}.", names.join(", ")).unwrap();
    }
    writeln!(
        s,
        "///\n/// Returns ACTFN_OK, or ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP{} with nothing written.",
        if op.params.is_empty() { "" } else { ", ACTFN_ERR_PARAM" }
    )
    .unwrap();
    let mut args = String::from("x: *const f32, y: *mut f32, n: usize");
    let mut fields = String::new();
    for p in op.params {
        write!(args, ", {}: f32", p.param.field()).unwrap();
        write!(fields, "{}, ", p.param.field()).unwrap();
    }
    writeln!(s, "#[no_mangle]").unwrap();
    writeln!(
        s,
        "pub unsafe extern \"C\" fn actfn_{}_f32({args}) -> actfn_status {{",
        op.name
    )
    .unwrap();
    writeln!(
        s,
        "    let params = actfn_params {{ {fields}..crate::capi::params::UNSET }};"
    )
    .unwrap();
    writeln!(
        s,
        "    crate::capi::elementwise::call(ACTFN_OP_{}, x, y, n, &params)",
        upper(op.name)
    )
    .unwrap();
    writeln!(s, "}}\n").unwrap();
    s
}

pub fn capi_file() -> String {
    let mut s =
        String::from("// @generated by codegen/mod.rs from src/catalogue.rs: do not edit.\n\n");
    for (i, op) in OPS.iter().enumerate() {
        writeln!(s, "/// `actfn_{}_f32`.", op.name).unwrap();
        writeln!(s, "pub const ACTFN_OP_{}: actfn_op = {i};", upper(op.name)).unwrap();
    }
    writeln!(
        s,
        "/// The number of element-wise ops; valid `actfn_op` values are below it."
    )
    .unwrap();
    writeln!(s, "pub const ACTFN_OP_COUNT: actfn_op = {};\n", OPS.len()).unwrap();
    let names: Vec<String> = OPS.iter().map(|o| format!("c\"{}\"", o.name)).collect();
    writeln!(
        s,
        "pub(crate) static OP_CNAMES: [&core::ffi::CStr; {}] = [{}];\n",
        OPS.len(),
        names.join(", ")
    )
    .unwrap();
    for op in OPS {
        s.push_str(&capi_function(op));
    }
    s
}

/// Writes both files into `out_dir`.
pub fn generate(out_dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::write(out_dir.join("kernels.rs"), kernels_file())?;
    std::fs::write(out_dir.join("capi_ops.rs"), capi_file())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isa(name: &str) -> &'static Isa {
        ISAS.iter().find(|i| i.name == name).unwrap()
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
            assert!(k.contains(&format!("static TABLE_{}", upper(isa.name))));
        }
    }

    #[test]
    fn kernels_carry_their_target_features() {
        let op = &OPS[0];
        let k = elementwise_kernel(op, isa("avx2"));
        assert!(k.starts_with("/// `relu` on avx2"));
        assert!(k.contains(
            "#[cfg(target_arch = \"x86_64\")]\n#[target_feature(enable = \"avx2,fma\")]"
        ));
        assert!(k.contains("load_partial"));
        assert!(!elementwise_kernel(op, isa("scalar")).contains("target_feature"));
    }

    #[test]
    fn parameters_are_splatted_and_passed_in_catalogue_order() {
        let relu_ex = OPS.iter().find(|o| o.name == "relu_ex").unwrap();
        let k = elementwise_kernel(relu_ex, isa("avx2"));
        assert!(k.contains("let negative_slope = Avx2::splat(p.negative_slope);"));
        assert!(k.contains("let negative_slope = W::splat(p.negative_slope);"));
        assert!(k.contains("math::relu_ex::<W>(v, negative_slope, max_value, threshold)"));
        assert!(k.contains("math::relu_ex::<Avx2>(v, negative_slope, max_value, threshold)"));
        let c = capi_function(relu_ex);
        assert!(c.contains(
            "fn actfn_relu_ex_f32(x: *const f32, y: *mut f32, n: usize, negative_slope: f32, max_value: f32, threshold: f32)"
        ));
    }

    #[test]
    fn switched_ops_test_their_condition_once_and_run_one_of_two_loops() {
        for op in OPS.iter().filter(|o| o.rare_params.is_some()) {
            let (name, cond) = (op.name, op.rare_params.unwrap());
            let k = elementwise_kernel(op, isa("avx512"));
            let test = format!("if {cond} {{\n        return {name}_avx512_rare(x, y, n, p);");
            assert_eq!(k.matches(&test).count(), 1);
            assert!(k.contains("#[cold]\n#[inline(never)]\n"));
            for flag in ["true", "false"] {
                for ty in ["W", "Avx512"] {
                    let call = format!("math::{name}::<{ty}, {flag}>(v, alpha)");
                    assert!(k.contains(&call), "{name}: no {call}");
                }
            }
            assert_eq!(k.matches("let mut i = 0;").count(), 2);
        }
        let relu = elementwise_kernel(&OPS[0], isa("avx2"));
        assert_eq!(relu.matches("let mut i = 0;").count(), 1);
    }

    #[test]
    fn main_loops_take_their_width() {
        let op = |n: &str| OPS.iter().find(|o| o.name == n).unwrap();
        for (name, isa_name, wide) in [
            ("sigmoid", "avx2", "Wide<Avx2, 3>"),
            ("gelu", "avx2", "Wide<Avx2, 2>"),
            ("sigmoid", "avx512", "Wide<Avx512, 4>"),
            ("tanh_shrink", "avx512", "Wide<Avx512, 8>"),
            ("relu", "scalar", "Scalar"),
            ("sigmoid", "scalar_fma", "Wide<ScalarFma, 4>"),
        ] {
            let k = elementwise_kernel(op(name), isa(isa_name));
            assert!(
                k.contains(&format!("type W = {wide};")),
                "{name} on {isa_name}"
            );
            assert!(k.contains("let v = W::load(x.add(i));"));
        }
    }

    #[test]
    fn op_constants_are_dense() {
        let c = capi_file();
        for (i, op) in OPS.iter().enumerate() {
            assert!(c.contains(&format!("ACTFN_OP_{}: actfn_op = {i};", upper(op.name))));
        }
    }
}
