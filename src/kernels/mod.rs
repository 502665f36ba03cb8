//! The kernels: the one generic element-wise loop (`elementwise.rs`) and
//! what `codegen/` generates from the catalogue and the ISA descriptors
//! (`target/<profile>/build/actfn-*/out/kernels.rs`): an `ElementOp` type
//! per op, a `#[target_feature]` kernel per (op, ISA) that instantiates the
//! loop, the row-wise kernels, one table per ISA and the kernel sets.
#![allow(clippy::missing_safety_doc, unused_unsafe)]

pub(crate) mod elementwise;

use crate::capi::types::{actfn_isa, actfn_params};
use crate::math;
use crate::simd::Simd;
use core::ffi::CStr;
use elementwise::{map, ElementOp};

/// An element-wise kernel: `y[i] = f(x[i])` for `i < n`, reading its
/// parameters from `p`.
pub(crate) type ElementwiseKernel =
    unsafe fn(x: *const f32, y: *mut f32, n: usize, p: &actfn_params);

/// One ISA's kernels with what dispatch needs to choose them.
pub(crate) struct KernelSet {
    pub value: actfn_isa,
    /// `ACTFN_ISA`'s spelling of `value`.
    pub c_name: &'static CStr,
    /// Its name in tests and benchmarks where another variant of `value`
    /// is the one that runs.
    pub variant_label: &'static str,
    /// Whether this CPU has the ISA's features.
    pub cpu_has: fn() -> bool,
    pub table: &'static Table,
}

include!(concat!(env!("OUT_DIR"), "/kernels.rs"));

impl Table {
    /// The kernel of op `i` (a catalogue index) in the exact or fast tier.
    pub(crate) fn kernel(&self, i: usize, fast: bool) -> ElementwiseKernel {
        if fast {
            self.fast[i]
        } else {
            self.elementwise[i]
        }
    }
    /// The kernel of `op`: a catalogue index, with `ACTFN_FAST` OR-ed in for
    /// the fast tier (validated by the caller).
    pub(crate) fn op_kernel(&self, op: usize) -> ElementwiseKernel {
        let fast = crate::capi::types::ACTFN_FAST as usize;
        self.kernel(op & !fast, op & fast != 0)
    }
}
