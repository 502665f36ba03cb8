//! The row-wise kernels (generic code in `src/rowwise/`, instantiated per
//! ISA), the dispatch table of each ISA, and the kernel sets that
//! `src/dispatch.rs` chooses from: each ISA's table with its `actfn_isa`
//! value and its run-time CPU test, all from the descriptors in `isas.rs`.

use super::elementwise::kernel_name;
use super::isas::{Isa, ARCHES, ISAS};
use crate::catalogue::OPS;
use std::fmt::Write;

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
const MASKED: &[(&str, &str)] = &[
    ("x", "*const f32"),
    ("mask", "*const u8"),
    ("y", "*mut f32"),
    ("rows", "usize"),
    ("cols", "usize"),
    ("mask_row_stride", "usize"),
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
        args: MASKED,
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
    // ONNX / PyTorch row-wise operators (issue 19): softmin, hardmax,
    // channels-first prelu.
    RowKernel {
        name: "softmin_rows",
        args: ROWS,
        path: "crate::rowwise::softmin::softmin_rows",
    },
    RowKernel {
        name: "softmin_axis",
        args: AXIS,
        path: "crate::rowwise::softmin::softmin_axis",
    },
    RowKernel {
        name: "hardmax_rows",
        args: ROWS,
        path: "crate::rowwise::hardmax::hardmax_rows",
    },
    RowKernel {
        name: "hardmax_axis",
        args: AXIS,
        path: "crate::rowwise::hardmax::hardmax_axis",
    },
    RowKernel {
        name: "prelu_channels_first",
        args: &[
            ("x", "*const f32"),
            ("y", "*mut f32"),
            ("outer", "usize"),
            ("channels", "usize"),
            ("inner", "usize"),
            ("alpha", "*const f32"),
        ],
        path: "crate::rowwise::prelu::prelu_channels_first",
    },
    // The fast tier of the row-wise functions (issue 14).
    RowKernel {
        name: "softmax_rows_fast",
        args: ROWS,
        path: "crate::rowwise::softmax::fast::softmax_rows_fast",
    },
    RowKernel {
        name: "log_softmax_rows_fast",
        args: ROWS,
        path: "crate::rowwise::softmax::fast::log_softmax_rows_fast",
    },
    RowKernel {
        name: "softmax_axis_fast",
        args: AXIS,
        path: "crate::rowwise::softmax::fast::softmax_axis_fast",
    },
    RowKernel {
        name: "log_softmax_axis_fast",
        args: AXIS,
        path: "crate::rowwise::softmax::fast::log_softmax_axis_fast",
    },
    RowKernel {
        name: "softmax_masked_fast",
        args: MASKED,
        path: "crate::rowwise::softmax::fast::softmax_masked_rows_fast",
    },
    RowKernel {
        name: "glu_fast",
        args: AXIS,
        path: "crate::rowwise::glu_fast::glu_fast",
    },
    // Fused operators (src/fused/): the SIMD passes around the kernels.
    RowKernel {
        name: "fused_affine",
        args: &[
            ("x", "*const f32"),
            ("y", "*mut f32"),
            ("n", "usize"),
            ("start", "usize"),
            ("spec", "&crate::fused::bias::AffineSpec"),
        ],
        path: "crate::fused::bias::affine",
    },
    RowKernel {
        name: "fused_gate_mul",
        args: &[
            ("a", "*const f32"),
            ("u", "*const f32"),
            ("y", "*mut f32"),
            ("n", "usize"),
        ],
        path: "crate::fused::gated::gate_mul",
    },
    RowKernel {
        name: "fused_attention",
        args: &[
            ("x", "*const f32"),
            ("y", "*mut f32"),
            ("rows", "usize"),
            ("spec", "&crate::fused::attention::AttnSpec"),
        ],
        path: "crate::fused::attention::attention_rows",
    },
];

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
    s.push_str(&isa.cfg_attr());
    s.push_str(&isa.target_feature_attr());
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

/// The `Table` type and one static table per ISA.
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
    writeln!(
        s,
        "    /// The fast tier's kernels (the exact one where an op has no own)."
    )
    .unwrap();
    writeln!(s, "    pub fast: [ElementwiseKernel; {}],", OPS.len()).unwrap();
    for k in ROW_KERNELS {
        let (_, _, types) = row_signature(k);
        writeln!(s, "    pub {}: unsafe fn({types}),", k.name).unwrap();
    }
    writeln!(s, "}}\n").unwrap();
    for isa in ISAS {
        s.push_str(&isa.cfg_attr());
        writeln!(
            s,
            "pub(crate) static TABLE_{}: Table = Table {{",
            isa.name.to_ascii_uppercase()
        )
        .unwrap();
        writeln!(s, "    elementwise: [").unwrap();
        for op in OPS {
            writeln!(s, "        {},", kernel_name(op, isa.name, false)).unwrap();
        }
        writeln!(s, "    ],").unwrap();
        writeln!(s, "    fast: [").unwrap();
        for op in OPS {
            writeln!(s, "        {},", kernel_name(op, isa.name, true)).unwrap();
        }
        writeln!(s, "    ],").unwrap();
        for k in ROW_KERNELS {
            writeln!(s, "    {0}: {0}_{1},", k.name, isa.name).unwrap();
        }
        writeln!(s, "}};\n").unwrap();
    }
    s
}

/// `KERNEL_SETS`: the ISAs of the target architecture, best first, each
/// with its table and CPU test; and `ISA_NAMES`, every ISA of every
/// architecture, for `actfn_isa_name`.
pub fn kernel_sets() -> String {
    let mut s = String::new();
    writeln!(
        s,
        "/// Every ISA value of every architecture with its name."
    )
    .unwrap();
    writeln!(s, "pub(crate) static ISA_NAMES: &[(actfn_isa, &CStr)] = &[").unwrap();
    let mut seen = Vec::new();
    for isa in ISAS.iter().filter(|i| {
        let new = !seen.contains(&i.value);
        seen.push(i.value);
        new
    }) {
        writeln!(s, "    ({}, c\"{}\"),", isa.value, isa.c_name).unwrap();
    }
    writeln!(s, "];\n").unwrap();
    for isa in ISAS {
        s.push_str(&isa.cfg_attr());
        writeln!(
            s,
            "fn cpu_has_{}() -> bool {{\n    {}\n}}\n",
            isa.name,
            isa.detection()
        )
        .unwrap();
    }
    let others: Vec<String> = ARCHES
        .iter()
        .map(|a| format!("target_arch = \"{a}\""))
        .collect();
    let arches = ARCHES
        .iter()
        .map(|a| (Some(*a), format!("#[cfg(target_arch = \"{a}\")]")))
        .chain([(None, format!("#[cfg(not(any({})))]", others.join(", ")))]);
    for (arch, cfg) in arches {
        let sets: Vec<&Isa> = ISAS.iter().filter(|i| i.on(arch)).collect();
        writeln!(s, "/// Every ISA of this architecture, best first.").unwrap();
        writeln!(s, "{cfg}").unwrap();
        writeln!(
            s,
            "pub(crate) static KERNEL_SETS: [KernelSet; {}] = [",
            sets.len()
        )
        .unwrap();
        for isa in sets {
            writeln!(
                s,
                "    KernelSet {{ value: {}, c_name: c\"{}\", variant_label: \"{}\", cpu_has: cpu_has_{}, table: &TABLE_{} }},",
                isa.value,
                isa.c_name,
                isa.variant_label,
                isa.name,
                isa.name.to_ascii_uppercase()
            )
            .unwrap();
        }
        writeln!(s, "];\n").unwrap();
    }
    s
}
