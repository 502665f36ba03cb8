//! The C entry points of the element-wise ops (`actfn_<name>_f32`), the
//! `ACTFN_OP_*` and `ACTFN_ISA_*` constants, written into `capi_ops.rs`,
//! which cbindgen also reads: these doc comments are the header's.

use super::isas::{Isa, ISAS};
use crate::catalogue::{Accuracy, NanRule, OpInfo, FAST_SUFFIX, OPS};
use std::fmt::Write;

pub fn upper(s: &str) -> String {
    s.to_ascii_uppercase()
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
    } else if v.abs() == f32::MAX {
        format!("{}FLT_MAX", if v < 0.0 { "-" } else { "" })
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
            Some(v) => format!("{} default: {}.", op.defaults_from, fmt_default(v)),
            None => format!("Required ({} has no default).", op.defaults_from),
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
    let nan = if op.nan == NanRule::Copy {
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

/// The documented fast-tier entry point of one element-wise function.
pub fn capi_fast_function(op: &OpInfo) -> String {
    let mut s = String::new();
    writeln!(
        s,
        "/// {}, fast tier: `{}`, element by element.",
        op.name, op.formula
    )
    .unwrap();
    writeln!(s, "///").unwrap();
    match op.fast {
        Some(f) => {
            if !f.method.is_empty() {
                writeln!(s, "/// {}", f.method).unwrap();
            }
            writeln!(
                s,
                "/// Accuracy: at most {} ULP from the exact value over every f32 input \
                 (bound enforced by the tests; measured over all 2^32 inputs, see the README); \
                 otherwise the contract of `actfn_{}_f32`: the same special values (NaN, \
                 infinities, -0, subnormals not flushed), parameters and statuses, and the same \
                 bits on every ISA.",
                f.bound, op.name
            )
            .unwrap();
        }
        None => writeln!(
            s,
            "/// Runs the exact kernel (it is already at memory speed): the same results as \
             `actfn_{}_f32`. For callers that use the fast names throughout.",
            op.name
        )
        .unwrap(),
    }
    writeln!(
        s,
        "/// `actfn_apply_f32(ACTFN_OP_{} | ACTFN_FAST, ...)` runs the same kernel.",
        upper(op.name)
    )
    .unwrap();
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
        "pub unsafe extern \"C\" fn actfn_{}{FAST_SUFFIX}_f32({args}) -> actfn_status {{",
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
        "    crate::capi::elementwise::call(ACTFN_OP_{} | ACTFN_FAST, x, y, n, &params)",
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
    let fast: Vec<String> = OPS
        .iter()
        .map(|o| format!("c\"{}{FAST_SUFFIX}\"", o.name))
        .collect();
    writeln!(
        s,
        "pub(crate) static OP_FAST_CNAMES: [&core::ffi::CStr; {}] = [{}];\n",
        OPS.len(),
        fast.join(", ")
    )
    .unwrap();
    for op in OPS {
        s.push_str(&capi_function(op));
        s.push_str(&capi_fast_function(op));
    }
    s
}

/// `capi_isas.rs` (included by `src/capi/types.rs`): `ACTFN_ISA_<NAME>` for
/// each ISA value, named and documented by its first descriptor, and
/// `ACTFN_ISA_COUNT`.
pub fn isa_constants() -> String {
    let mut s =
        String::from("// @generated by codegen/capi.rs from codegen/isas.rs: do not edit.\n\n");
    // The first descriptor of each value names it; in value order.
    let mut firsts: Vec<&Isa> = Vec::new();
    for isa in ISAS {
        if !firsts.iter().any(|f| f.value == isa.value) {
            firsts.push(isa);
        }
    }
    firsts.sort_by_key(|i| i.value);
    for isa in firsts {
        writeln!(s, "/// {}", isa.doc).unwrap();
        writeln!(
            s,
            "pub const ACTFN_ISA_{}: actfn_isa = {};",
            upper(isa.c_name),
            isa.value
        )
        .unwrap();
    }
    let count = ISAS.iter().map(|i| i.value).max().unwrap_or(0) + 1;
    writeln!(
        s,
        "/// One past the largest ISA value: every ISA is below it.\npub const ACTFN_ISA_COUNT: actfn_isa = {count};\n"
    )
    .unwrap();
    s
}

/// `capi_named.rs`, for the tests (`tests/capi.rs` includes it): every op's
/// `actfn_<name>_f32` called with the fields of an `actfn_params`, so that
/// the tests reach each named entry point without listing the ops.
pub fn named_calls_file() -> String {
    let mut s = String::from(
        "// @generated by codegen/capi.rs from the catalogue: do not edit.\n\n\
         /// Calls op `op`'s `actfn_<name>_f32` with the fields of `p` it takes.\n\
         ///\n/// # Safety\n/// As the C function's contract.\n\
         pub unsafe fn call_named(op: usize, x: *const f32, y: *mut f32, n: usize, p: &actfn_params) -> actfn_status {\n\
         \x20   match op {\n",
    );
    for (i, op) in OPS.iter().enumerate() {
        let args: String = op
            .params
            .iter()
            .map(|q| format!(", p.{}", q.param.field()))
            .collect();
        writeln!(s, "        {i} => actfn_{}_f32(x, y, n{args}),", op.name).unwrap();
    }
    s.push_str("        _ => panic!(\"no op {op}\"),\n    }\n}\n\n");
    s.push_str(
        "/// As [`call_named`], the fast tier's `actfn_<name>_fast_f32`.\n\
         ///\n/// # Safety\n/// As the C function's contract.\n\
         pub unsafe fn call_named_fast(op: usize, x: *const f32, y: *mut f32, n: usize, p: &actfn_params) -> actfn_status {\n\
         \x20   match op {\n",
    );
    for (i, op) in OPS.iter().enumerate() {
        let args: String = op
            .params
            .iter()
            .map(|q| format!(", p.{}", q.param.field()))
            .collect();
        writeln!(
            s,
            "        {i} => actfn_{}{FAST_SUFFIX}_f32(x, y, n{args}),",
            op.name
        )
        .unwrap();
    }
    s.push_str("        _ => panic!(\"no op {op}\"),\n    }\n}\n");
    s
}
