//! Direct access to one ISA's kernels for the tests, the accuracy tool and
//! the benchmarks, without touching the process-wide active ISA (which
//! `actfn_force_isa` changes for every thread). Not part of the C API.

use crate::capi::types::*;
use crate::catalogue::{Accuracy, OpInfo, Param, OPS};
use crate::dispatch;
use crate::kernels::Table;

/// The name of `isa`, as `actfn_isa_name` gives it, or the label of a
/// variant from [`available`].
pub fn isa_name(isa: actfn_isa) -> &'static str {
    dispatch::label(isa)
}

/// The ISAs this CPU can run, best first, and on x86_64 also the scalar
/// kernels with the software FMA (a `dispatch::VARIANT_BASE` value), which
/// otherwise only CPUs without FMA would run.
pub fn available() -> Vec<actfn_isa> {
    let mut isas = dispatch::available();
    isas.extend(dispatch::shadowed_variants());
    isas
}

/// OR-ed into an op index (a catalogue index) in the functions of this
/// module: the op's fast tier (`ACTFN_FAST`).
pub const FAST: usize = ACTFN_FAST as usize;

/// The catalogue index of `op` (an index, maybe with [`FAST`]).
pub fn base_op(op: usize) -> usize {
    op & !FAST
}

/// Whether `op` is a fast-tier kernel.
pub fn is_fast(op: usize) -> bool {
    op & FAST != 0
}

/// The catalogue entry of `op`.
pub fn info(op: usize) -> &'static OpInfo {
    &OPS[base_op(op)]
}

/// The documented bound of `op`'s tier.
pub fn bound(op: usize) -> Accuracy {
    info(op).bound(is_fast(op))
}

/// `op`'s name: "sigmoid", or "sigmoid_fast" for the fast tier.
pub fn kernel_name(op: usize) -> String {
    if is_fast(op) {
        format!("{}{}", info(op).name, crate::catalogue::FAST_SUFFIX)
    } else {
        info(op).name.to_string()
    }
}

/// The op called `name` ([`kernel_name`]'s spelling).
pub fn find_kernel(name: &str) -> Option<usize> {
    match name.strip_suffix(crate::catalogue::FAST_SUFFIX) {
        Some(base) => crate::catalogue::find(base).map(|i| i | FAST),
        None => crate::catalogue::find(name),
    }
}

/// Every distinct element-wise kernel: each op's exact tier, then the fast
/// tier of the ops that have their own fast kernel (for the others the fast
/// tier is the exact kernel).
pub fn kernel_ops() -> Vec<usize> {
    (0..OPS.len()).chain(fast_ops()).collect()
}

/// The fast tiers that have their own kernel, as op values with [`FAST`].
pub fn fast_ops() -> Vec<usize> {
    (0..OPS.len())
        .filter(|&i| OPS[i].fast.is_some())
        .map(|i| i | FAST)
        .collect()
}

fn table(isa: actfn_isa) -> &'static Table {
    dispatch::table_for(isa).expect("an ISA this CPU has (see testing::available)")
}

/// Runs element-wise op `op` (a catalogue index, with [`FAST`] for the
/// fast tier) on `isa` with `p`, with no validation beyond the lengths.
pub fn elementwise(isa: actfn_isa, op: usize, x: &[f32], y: &mut [f32], p: &actfn_params) {
    assert_eq!(x.len(), y.len());
    unsafe { (table(isa).op_kernel(op))(x.as_ptr(), y.as_mut_ptr(), x.len(), p) }
}

/// As [`elementwise`], in place.
pub fn elementwise_in_place(isa: actfn_isa, op: usize, xy: &mut [f32], p: &actfn_params) {
    unsafe { (table(isa).op_kernel(op))(xy.as_ptr(), xy.as_mut_ptr(), xy.len(), p) }
}

/// The raw kernel pointer of op `op` (with [`FAST`] for the fast tier) on
/// `isa`, for benchmarks.
pub fn elementwise_kernel(
    isa: actfn_isa,
    op: usize,
) -> unsafe fn(*const f32, *mut f32, usize, &actfn_params) {
    table(isa).op_kernel(op)
}

/// Keras's defaults for op `op` (NaN for required parameters).
pub fn default_params(op: usize) -> actfn_params {
    crate::capi::params::defaults(base_op(op))
}

/// Keras's defaults for op `op`, required parameters at the catalogue's
/// `example` value: what the tests and benchmarks run by default.
pub fn base_params(op: usize) -> actfn_params {
    let mut p = default_params(op);
    for spec in info(op).params {
        if spec.default.is_none() {
            p.set(spec.param, spec.example);
        }
    }
    p
}

/// [`base_params`] with `changes` applied.
pub fn params_with(op: usize, changes: &[(Param, f32)]) -> actfn_params {
    let mut p = base_params(op);
    for &(param, v) in changes {
        p.set(param, v);
    }
    p
}

/// The parameter sets the tests run for op `op`: the base one, then the
/// catalogue's `test_params`.
pub fn param_sets(op: usize) -> Vec<actfn_params> {
    core::iter::once(base_params(op))
        .chain(info(op).test_params.iter().map(|c| params_with(op, c)))
        .collect()
}

type RowFn = unsafe fn(*const f32, *mut f32, usize, usize);
type AxisFn = unsafe fn(*const f32, *mut f32, usize, usize, usize);

/// The softmax row kernel of `isa` for (log, fast).
fn rows_kernel(isa: actfn_isa, log: bool, fast: bool) -> RowFn {
    let t = table(isa);
    match (log, fast) {
        (false, false) => t.softmax_rows,
        (true, false) => t.log_softmax_rows,
        (false, true) => t.softmax_rows_fast,
        (true, true) => t.log_softmax_rows_fast,
    }
}

fn run_rows(f: RowFn, x: &[f32], y: &mut [f32], rows: usize, cols: usize) {
    assert!(x.len() >= rows * cols && y.len() >= rows * cols && cols > 0);
    unsafe { f(x.as_ptr(), y.as_mut_ptr(), rows, cols) }
}

fn run_axis(f: AxisFn, x: &[f32], y: &mut [f32], dims: [usize; 3], out_axis: usize) {
    let [outer, axis, inner] = dims;
    assert!(x.len() >= outer * axis * inner && y.len() >= outer * out_axis * inner && axis > 0);
    unsafe { f(x.as_ptr(), y.as_mut_ptr(), outer, axis, inner) }
}

type MaskedFn = unsafe fn(*const f32, *const u8, *mut f32, usize, usize, usize);

fn run_masked(f: MaskedFn, x: &[f32], mask: &[u8], y: &mut [f32], shape: [usize; 3]) {
    let [rows, cols, stride] = shape;
    assert!(x.len() >= rows * cols && y.len() >= rows * cols && cols > 0);
    assert!(mask.len() >= (rows.max(1) - 1) * stride + cols);
    unsafe {
        f(
            x.as_ptr(),
            mask.as_ptr(),
            y.as_mut_ptr(),
            rows,
            cols,
            stride,
        )
    }
}

/// Row-wise kernels on one ISA: `rows x cols`, last axis.
pub fn softmax_rows(isa: actfn_isa, x: &[f32], y: &mut [f32], rows: usize, cols: usize, log: bool) {
    run_rows(rows_kernel(isa, log, false), x, y, rows, cols)
}

/// softmax / log_softmax over the middle axis of `[outer, axis, inner]`.
pub fn softmax_axis(isa: actfn_isa, x: &[f32], y: &mut [f32], dims: [usize; 3], log: bool) {
    let t = table(isa);
    let f = if log {
        t.log_softmax_axis
    } else {
        t.softmax_axis
    };
    run_axis(f, x, y, dims, dims[1])
}

/// Masked softmax, `mask` of `cols` bytes per row at `mask_row_stride`.
pub fn softmax_masked(
    isa: actfn_isa,
    x: &[f32],
    mask: &[u8],
    y: &mut [f32],
    rows: usize,
    cols: usize,
    stride: usize,
) {
    run_masked(table(isa).softmax_masked, x, mask, y, [rows, cols, stride])
}

/// glu of `[outer, axis, inner]` (axis even) into `[outer, axis / 2, inner]`.
pub fn glu(isa: actfn_isa, x: &[f32], y: &mut [f32], dims: [usize; 3]) {
    assert!(dims[1].is_multiple_of(2));
    run_axis(table(isa).glu, x, y, dims, dims[1] / 2)
}

/// The fast tier of [`softmax_rows`] on one ISA.
pub fn softmax_rows_fast(
    isa: actfn_isa,
    x: &[f32],
    y: &mut [f32],
    rows: usize,
    cols: usize,
    log: bool,
) {
    run_rows(rows_kernel(isa, log, true), x, y, rows, cols)
}

/// The fast tier of [`softmax_axis`] on one ISA.
pub fn softmax_axis_fast(isa: actfn_isa, x: &[f32], y: &mut [f32], dims: [usize; 3], log: bool) {
    let t = table(isa);
    let f = if log {
        t.log_softmax_axis_fast
    } else {
        t.softmax_axis_fast
    };
    run_axis(f, x, y, dims, dims[1])
}

/// The fast tier of [`softmax_masked`] on one ISA.
pub fn softmax_masked_fast(
    isa: actfn_isa,
    x: &[f32],
    mask: &[u8],
    y: &mut [f32],
    rows: usize,
    cols: usize,
    stride: usize,
) {
    run_masked(
        table(isa).softmax_masked_fast,
        x,
        mask,
        y,
        [rows, cols, stride],
    )
}

/// The fast tier of [`glu`] on one ISA.
pub fn glu_fast(isa: actfn_isa, x: &[f32], y: &mut [f32], dims: [usize; 3]) {
    assert!(dims[1].is_multiple_of(2));
    run_axis(table(isa).glu_fast, x, y, dims, dims[1] / 2)
}

/// sparsemax over the last axis.
pub fn sparsemax_rows(isa: actfn_isa, x: &[f32], y: &mut [f32], rows: usize, cols: usize) {
    assert!(x.len() >= rows * cols && y.len() >= rows * cols && cols > 0);
    unsafe { (table(isa).sparsemax_rows)(x.as_ptr(), y.as_mut_ptr(), rows, cols) }
}

/// prelu over `rows x channels` with `alpha.len() == channels`.
pub fn prelu(isa: actfn_isa, x: &[f32], y: &mut [f32], alpha: &[f32]) {
    let ch = alpha.len();
    assert!(ch > 0 && x.len().is_multiple_of(ch) && y.len() == x.len());
    unsafe { (table(isa).prelu)(x.as_ptr(), y.as_mut_ptr(), x.len() / ch, ch, alpha.as_ptr()) }
}

/// splitmix64: the fixed, portable pseudo-random sequence the tests, the
/// digest and the benchmarks draw their inputs from.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    /// Uniform in [0, 1), 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [lo, hi), computed in f64 and rounded to f32.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f32 {
        (lo + (hi - lo) * self.unit()) as f32
    }
    /// Any f32 bit pattern (NaNs, infinities and subnormals included).
    pub fn any_bits(&mut self) -> f32 {
        f32::from_bits(self.next_u32())
    }
    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

// ---------------------------------------------------------------------
// issue 19: softmin, hardmax and channels-first prelu on one ISA.

/// softmin (`hard == false`) or hardmax (`hard == true`) over the last
/// axis of `rows x cols`.
pub fn onnx_rows(isa: actfn_isa, x: &[f32], y: &mut [f32], rows: usize, cols: usize, hard: bool) {
    let t = table(isa);
    run_rows(
        if hard { t.hardmax_rows } else { t.softmin_rows },
        x,
        y,
        rows,
        cols,
    )
}

/// As [`onnx_rows`], in place.
pub fn onnx_rows_in_place(isa: actfn_isa, xy: &mut [f32], rows: usize, cols: usize, hard: bool) {
    let t = table(isa);
    let f = if hard { t.hardmax_rows } else { t.softmin_rows };
    assert!(xy.len() >= rows * cols && cols > 0);
    unsafe { f(xy.as_ptr(), xy.as_mut_ptr(), rows, cols) }
}

/// softmin or hardmax over the middle axis of `[outer, axis, inner]`.
pub fn onnx_axis(isa: actfn_isa, x: &[f32], y: &mut [f32], dims: [usize; 3], hard: bool) {
    let t = table(isa);
    let f = if hard { t.hardmax_axis } else { t.softmin_axis };
    run_axis(f, x, y, dims, dims[1])
}

/// prelu over `[outer, alpha.len(), inner]` (channels first).
pub fn prelu_channels_first(isa: actfn_isa, x: &[f32], y: &mut [f32], alpha: &[f32], inner: usize) {
    let ch = alpha.len();
    assert!(ch > 0 && inner > 0 && x.len().is_multiple_of(ch * inner) && y.len() == x.len());
    let outer = x.len() / (ch * inner);
    unsafe {
        (table(isa).prelu_channels_first)(
            x.as_ptr(),
            y.as_mut_ptr(),
            outer,
            ch,
            inner,
            alpha.as_ptr(),
        )
    }
}
