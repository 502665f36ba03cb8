//! The element-wise kernels: for every op, a type that implements
//! `ElementOp` (its math call and NaN step, written once for any `Simd`),
//! and for every (op, ISA) a small `#[target_feature]` function that runs
//! the generic loop of `src/kernels/elementwise.rs` on it.

use super::isas::Isa;
use crate::catalogue::{NanRule, OpInfo};
use std::fmt::Write;

/// `gelu_tanh` -> `GeluTanh`.
pub fn type_name(op: &OpInfo) -> String {
    op.name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
}

/// The math call on register `v` with the op's parameters in registers of
/// the same names, then the NaN step of the op's [`NanRule`], so that a NaN
/// input comes back as itself, quieted, on every ISA.
fn math_call(op: &OpInfo, fast: bool) -> String {
    let flag = if op.rare_params.is_some() {
        ", RARE"
    } else {
        ""
    };
    let module = if fast { "math::fast" } else { "math" };
    let mut s = format!("{module}::{}::<S{flag}>(v", op.name);
    for p in op.params {
        write!(s, ", {}", p.param.field()).unwrap();
    }
    s.push(')');
    if fast {
        // The fast tier's math makes its NaNs itself (src/math/fast/).
        return s;
    }
    match op.nan {
        NanRule::Ready | NanRule::Copy => s,
        NanRule::FromX => format!("math::nan_from_x(v, {s})"),
        NanRule::From => format!("math::nan_from(v, {s})"),
    }
}

/// The `ElementOp` type of the op's fast tier: `<Type>Fast`.
pub fn fast_type_name(op: &OpInfo) -> String {
    type_name(op) + "Fast"
}

/// The op's `ElementOp` types: its exact tier, and its fast tier if it has
/// its own (`OpInfo::fast`).
pub fn op_types(op: &OpInfo) -> String {
    let mut s = op_type(op, false);
    if op.fast.is_some() {
        s += &op_type(op, true);
    }
    s
}

fn op_type(op: &OpInfo, fast: bool) -> String {
    let ty = if fast {
        fast_type_name(op)
    } else {
        type_name(op)
    };
    let generics = if op.rare_params.is_some() {
        "<const RARE: bool>"
    } else {
        ""
    };
    let k = op.params.len();
    let fields: Vec<&str> = op.params.iter().map(|p| p.param.field()).collect();
    let mut s = String::new();
    let tier = if fast { ", fast tier" } else { "" };
    writeln!(s, "/// `{}`{tier}: `{}`.", op.name, op.formula).unwrap();
    writeln!(s, "pub(crate) struct {ty}{generics};").unwrap();
    writeln!(
        s,
        "impl{generics} ElementOp for {ty}{} {{",
        if generics.is_empty() { "" } else { "<RARE>" }
    )
    .unwrap();
    writeln!(s, "    type Params<S: Simd> = [S; {k}];").unwrap();
    writeln!(s, "    #[inline(always)]").unwrap();
    let splats: Vec<String> = fields.iter().map(|f| format!("S::splat(p.{f})")).collect();
    let p = if k == 0 { "_p" } else { "p" };
    writeln!(
        s,
        "    fn params<S: Simd>({p}: &actfn_params) -> [S; {k}] {{"
    )
    .unwrap();
    writeln!(s, "        [{}]", splats.join(", ")).unwrap();
    writeln!(s, "    }}").unwrap();
    writeln!(s, "    #[inline(always)]").unwrap();
    let pat = if k == 0 {
        "_: [S; 0]".to_string()
    } else {
        format!("[{}]: [S; {k}]", fields.join(", "))
    };
    writeln!(s, "    fn apply<S: Simd>(v: S, {pat}) -> S {{").unwrap();
    writeln!(s, "        {}", math_call(op, fast)).unwrap();
    writeln!(s, "    }}").unwrap();
    writeln!(s, "}}\n").unwrap();
    s
}

/// One kernel function: `map` over `x[0..n]` with the op's type on the ISA.
fn kernel_fn(isa: &Isa, name: &str, body: &str) -> String {
    let mut s = String::new();
    s.push_str(&isa.cfg_attr());
    s.push_str(&isa.target_feature_attr());
    writeln!(
        s,
        "pub(crate) unsafe fn {name}(x: *const f32, y: *mut f32, n: usize, p: &actfn_params) {{"
    )
    .unwrap();
    s.push_str(body);
    writeln!(s, "}}\n").unwrap();
    s
}

/// The kernel of `op` on `isa` (and, for an op with `rare_params`, the cold
/// kernel for its rare parameter values, so that the common kernel is laid
/// out as if it did not exist: inline, the second loop slowed scalar celu
/// by a third).
pub fn kernel(op: &OpInfo, isa: &Isa) -> String {
    let mut s = tier_kernel(op, isa, false);
    if op.fast.is_some() {
        s += &tier_kernel(op, isa, true);
    }
    s
}

/// The name of the kernel of `op`'s tier on the ISA called `isa`: the fast
/// tier of an op without its own fast kernel is the exact one.
pub fn kernel_name(op: &OpInfo, isa: &str, fast: bool) -> String {
    if fast && op.fast.is_some() {
        format!("{}_fast_{isa}", op.name)
    } else {
        format!("{}_{isa}", op.name)
    }
}

fn tier_kernel(op: &OpInfo, isa: &Isa, fast: bool) -> String {
    let width = op.width_on(isa.name, isa.width);
    let name = kernel_name(op, isa.name, fast);
    let ty = if fast {
        fast_type_name(op)
    } else {
        type_name(op)
    };
    let map = |ty: String| format!("    map::<{ty}, {}, {width}>(x, y, n, p)\n", isa.ty);
    let mut s = format!(
        "/// `{}`{} on {}, {width} register{} per iteration.\n",
        op.name,
        if fast { " (fast tier)" } else { "" },
        isa.name,
        if width == 1 { "" } else { "s" }
    );
    match op.rare_params {
        Some(cond) => {
            let rare = format!("{name}_rare");
            let body = format!(
                "    if {cond} {{\n        return {rare}(x, y, n, p);\n    }}\n{}",
                map(format!("{ty}<false>"))
            );
            s += &kernel_fn(isa, &name, &body);
            s.push_str("#[cold]\n#[inline(never)]\n");
            s += &kernel_fn(isa, &rare, &map(format!("{ty}<true>")));
        }
        None => s += &kernel_fn(isa, &name, &map(ty)),
    }
    s
}
