//! The catalogue of element-wise activations: every fact about one
//! activation lives in its entry here (names, parameters and their domains,
//! formula and doc text, the NaN rule, register widths, the rare-parameter
//! switch, the special values the tests check, the documented bound and the
//! measured worst case). The kernel generator (`codegen/`), the C API and
//! its header docs, `actfn_op_from_name`, the Rust and C tests, the
//! benchmarks and the README tables all read it, so adding a function is an
//! entry in one of the family files below plus its math (`src/math/`) and
//! its independent reference (`tests/common/reference/`).
//!
//! This module is also compiled into the build script, so it may use only
//! `core` and `crate::constants`.

// Every entry ends in `..BASE`, also those that happen to set every field.
#![allow(clippy::needless_update)]

mod exp;
mod gelu;
mod hard;
mod logistic;
mod onnx;
mod piecewise;
mod rational;
mod tanh;

/// A parameter of an element-wise activation: a field of `actfn_params`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    NegativeSlope,
    MaxValue,
    Threshold,
    Alpha,
    DefaultValue,
    B,
    MinValue,
    Beta,
    Bias,
    Gamma,
}

/// The values a parameter may take; anything else is `ACTFN_ERR_PARAM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// Any finite value.
    Finite,
    /// Finite and >= 0.
    FiniteNonNegative,
    /// >= 0, +INFINITY allowed (meaning "none").
    NonNegativeOrInf,
    /// Finite and not zero.
    FiniteNonZero,
    /// Any value but NaN (infinities included).
    NotNan,
    /// Finite, or +INFINITY (meaning "none").
    FiniteOrInf,
}

impl Domain {
    pub fn contains(self, v: f32) -> bool {
        match self {
            Domain::Finite => v.is_finite(),
            Domain::FiniteNonNegative => v.is_finite() && v >= 0.0,
            Domain::NonNegativeOrInf => v >= 0.0,
            Domain::FiniteNonZero => v.is_finite() && v != 0.0,
            Domain::NotNan => !v.is_nan(),
            Domain::FiniteOrInf => v.is_finite() || v == f32::INFINITY,
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Domain::Finite => "finite",
            Domain::FiniteNonNegative => "finite and >= 0",
            Domain::NonNegativeOrInf => ">= 0, or INFINITY for none",
            Domain::FiniteNonZero => "finite and non-zero",
            Domain::NotNan => "any value but NaN (+-INFINITY allowed)",
            Domain::FiniteOrInf => "finite, or INFINITY for none",
        }
    }
}

impl Param {
    pub const ALL: [Param; 10] = [
        Param::NegativeSlope,
        Param::MaxValue,
        Param::Threshold,
        Param::Alpha,
        Param::DefaultValue,
        Param::B,
        Param::MinValue,
        Param::Beta,
        Param::Bias,
        Param::Gamma,
    ];
    /// The field name in `actfn_params` and the C argument name.
    pub fn field(self) -> &'static str {
        match self {
            Param::NegativeSlope => "negative_slope",
            Param::MaxValue => "max_value",
            Param::Threshold => "threshold",
            Param::Alpha => "alpha",
            Param::DefaultValue => "default_value",
            Param::B => "b",
            Param::MinValue => "min_value",
            Param::Beta => "beta",
            Param::Bias => "bias",
            Param::Gamma => "gamma",
        }
    }
}

/// One parameter of one activation.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub param: Param,
    /// Keras's default, or None where Keras requires the argument.
    pub default: Option<f32>,
    pub domain: Domain,
    pub doc: &'static str,
    /// The value the tests and benchmarks use where `default` is None.
    pub example: f32,
}

/// Accuracy class of a function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Accuracy {
    /// Correctly rounded, 0 ULP: piecewise-linear functions.
    Exact,
    /// At most this many ULP from the exact value, on every ISA, over every
    /// f32 input. The tests enforce this bound.
    Ulp(f32),
}

/// The largest error over all 2^32 inputs at the default parameters, as the
/// accuracy tool (`examples/accuracy.rs`) measured it on every x86 ISA (the
/// NEON results equal x86's on every input): the README's accuracy table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// In ULP of the exact value.
    pub max_ulp: f32,
    /// The input where it was reached (None for an exact function).
    pub worst_x: Option<f32>,
}

/// How a kernel makes a NaN input come back as that NaN, quieted, sign and
/// payload kept (which operand's NaN an IEEE operation returns, and with
/// which sign, differs between ISAs, so the math alone does not promise it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NanRule {
    /// The math already does it with one IEEE operation on x alone (relu's
    /// `max(0, x) + 0`): no extra step.
    Ready,
    /// The identity: a NaN comes back as it is, not quieted, and no step.
    Copy,
    /// The result is NaN only where x is (shown by the selects of the
    /// piecewise ops, and for the transcendental ones by the accuracy
    /// tool's run over every input): `math::nan_from_x`, three operations.
    FromX,
    /// Anything else: `math::nan_from`, five operations.
    From,
}

/// What a special value must give.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Want {
    /// These exact bits (a NaN: that NaN quieted, see [`NanRule`]).
    Bits(f32),
    /// Within the function's bound of the independent reference (the
    /// tests' f64 reference, `tests/common/reference/`).
    Reference,
}

/// An input whose result the tests check on every ISA, in Rust and in C.
#[derive(Clone, Copy, Debug)]
pub struct Special {
    pub x: f32,
    /// Parameters that differ from the defaults (and the `example` of
    /// required ones).
    pub params: &'static [(Param, f32)],
    pub want: Want,
}

/// One element-wise activation.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// Its `actfn_op` value: part of the ABI, so never renumbered or reused.
    /// New functions take the next free number.
    pub id: u32,
    /// Canonical name: `actfn_<name>_f32`, `ACTFN_OP_<NAME>`, `math::<name>`.
    pub name: &'static str,
    /// Every Keras name that resolves to this function with these defaults.
    pub keras_names: &'static [&'static str],
    pub params: &'static [ParamSpec],
    /// The formula, as C documentation.
    pub formula: &'static str,
    /// Limits and special values worth knowing, as C documentation.
    pub notes: &'static str,
    pub accuracy: Accuracy,
    pub measured: Measured,
    pub nan: NanRule,
    /// A condition on the parameters (Rust, over `p: &actfn_params`) under
    /// which the math takes its second path (`math::<name>::<V, true>`).
    /// The kernel tests it once and runs one of two loops, so the
    /// registers of the common path never carry the other (a per-register
    /// test cost elu 12% on AVX-512).
    pub rare_params: Option<&'static str>,
    /// Registers per main-loop iteration where they differ from the ISA's
    /// own `width` (`(isa name, width)`), chosen by measurement.
    pub widths: &'static [(&'static str, usize)],
    /// Parameter sets besides the defaults that the tests run (the edges of
    /// each domain).
    pub test_params: &'static [&'static [(Param, f32)]],
    pub specials: &'static [Special],
    /// Whose defaults the parameters' `default`s are ("Keras", or "ONNX"
    /// for the ops that exist for ONNX's attributes), for the docs.
    pub defaults_from: &'static str,
    /// The fast tier's own kernel (`math::fast::<name>`), or None where the
    /// exact kernel is already at memory speed and `actfn_<name>_fast_f32`
    /// runs it.
    pub fast: Option<Fast>,
}

/// The fast tier of a function (see `docs/tiers.md`): fewer operations, a
/// looser bound, and otherwise the exact tier's contract (special values,
/// NaN rule, the same bits on every ISA).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fast {
    /// At most this many ULP from the exact value over every f32 input
    /// (at most [`FAST_MAX_ULP`]); the tests enforce it.
    pub bound: f32,
    /// The largest error over all 2^32 inputs, as for the exact tier.
    pub measured: Measured,
    /// How the fast kernel computes, as C documentation.
    pub method: &'static str,
}

/// What a name ends in to ask for the fast tier ("gelu_fast"): the C
/// function names, `actfn_op_from_name` and `actfn_op_name` all use it.
pub const FAST_SUFFIX: &str = "_fast";

/// No fast kernel may be documented looser than this.
pub const FAST_MAX_ULP: f32 = 4.0;

/// A fast kernel within `bound` ULP, measured at `max_ulp` (at `worst_x`).
pub(crate) const fn fast(
    bound: f32,
    max_ulp: f32,
    worst_x: f32,
    method: &'static str,
) -> Option<Fast> {
    assert!(
        bound <= FAST_MAX_ULP && max_ulp <= bound,
        "catalogue: fast bound"
    );
    Some(Fast {
        bound,
        measured: Measured {
            max_ulp,
            worst_x: Some(worst_x),
        },
        method,
    })
}

/// The scalar kernels of the cheap ops take one value per iteration: that
/// loop has no branch, and the compiler vectorises it (the same IEEE
/// operations per lane), 2.5 to 4 times as fast as four at a time
/// (criterion at 16K, this Zen 4).
pub(crate) const SCALAR_ONE_AT_A_TIME: &[(&str, usize)] = &[("scalar", 1), ("scalar_fma", 1)];

pub(crate) const fn p(param: Param, default: f32, domain: Domain, doc: &'static str) -> ParamSpec {
    ParamSpec {
        param,
        default: Some(default),
        domain,
        doc,
        example: default,
    }
}

/// A parameter Keras requires; `example` is what the tests use.
pub(crate) const fn required(
    param: Param,
    example: f32,
    domain: Domain,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        param,
        default: None,
        domain,
        doc,
        example,
    }
}

/// A special value at the default parameters.
pub(crate) const fn at(x: f32, want: Want) -> Special {
    Special {
        x,
        params: &[],
        want,
    }
}

/// A special value at other parameters.
pub(crate) const fn at_with(x: f32, params: &'static [(Param, f32)], want: Want) -> Special {
    Special { x, params, want }
}

pub(crate) const fn exact() -> Measured {
    Measured {
        max_ulp: 0.0,
        worst_x: None,
    }
}

pub(crate) const fn measured(max_ulp: f32, worst_x: f32) -> Measured {
    Measured {
        max_ulp,
        worst_x: Some(worst_x),
    }
}

/// The defaults of every [`OpInfo`] field that most entries leave alone.
pub(crate) const BASE: OpInfo = OpInfo {
    id: u32::MAX,
    name: "",
    keras_names: &[],
    params: &[],
    formula: "",
    notes: "",
    accuracy: Accuracy::Exact,
    measured: exact(),
    nan: NanRule::From,
    rare_params: None,
    widths: &[],
    test_params: &[],
    specials: &[],
    defaults_from: "Keras",
    fast: None,
};

/// The family files, each a list of entries in any order.
const FAMILIES: &[&[OpInfo]] = &[
    piecewise::OPS,
    logistic::OPS,
    exp::OPS,
    tanh::OPS,
    gelu::OPS,
    hard::OPS,
    rational::OPS,
    onnx::OPS,
];

const fn count(families: &[&[OpInfo]]) -> usize {
    let (mut n, mut f) = (0, 0);
    while f < families.len() {
        n += families[f].len();
        f += 1;
    }
    n
}

/// The entries placed at their ids; fails the build if the ids are not
/// 0..N, each once.
const fn by_id<const N: usize>(families: &[&[OpInfo]]) -> [OpInfo; N] {
    let mut out = [BASE; N];
    let mut f = 0;
    while f < families.len() {
        let mut k = 0;
        while k < families[f].len() {
            let op = families[f][k];
            let i = op.id as usize;
            assert!(i < N, "catalogue: an id is not below the number of ops");
            assert!(out[i].id == u32::MAX, "catalogue: two ops share an id");
            out[i] = op;
            k += 1;
        }
        f += 1;
    }
    out
}

const N_OPS: usize = count(FAMILIES);
const TABLE: [OpInfo; N_OPS] = by_id::<N_OPS>(FAMILIES);

/// Every element-wise activation, indexed by its `actfn_op` value.
pub const OPS: &[OpInfo] = &TABLE;

/// The catalogue entry called `name` (canonical names only).
pub fn find(name: &str) -> Option<usize> {
    OPS.iter()
        .position(|o| o.name.as_bytes() == name.as_bytes())
}

impl OpInfo {
    /// Registers per main-loop iteration on the ISA called `isa` whose own
    /// width is `isa_width`.
    /// The bound of `tier` (fast: the exact bound where the fast name runs
    /// the exact kernel).
    pub fn bound(&self, fast: bool) -> Accuracy {
        match (fast, self.fast) {
            (true, Some(f)) => Accuracy::Ulp(f.bound),
            _ => self.accuracy,
        }
    }
    pub fn width_on(&self, isa: &str, isa_width: usize) -> usize {
        self.widths
            .iter()
            .find(|(i, _)| *i == isa)
            .map_or(isa_width, |w| w.1)
    }
}

/// Shorthands for the special-value tables.
pub(crate) mod values {
    pub const INF: f32 = f32::INFINITY;
    pub const NAN: f32 = f32::NAN;
    pub const MAX: f32 = f32::MAX;
    /// A subnormal.
    pub const DEN: f32 = f32::from_bits(0x0000_1234);
    /// ln 2 rounded to f32: softplus(0) and -log_sigmoid(0).
    pub const LN2: f32 = f32::from_bits(0x3F31_7218);
}
