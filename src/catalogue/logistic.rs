//! The logistic family: sigmoid, silu, softplus, log_sigmoid, quick_gelu
//! (math: `src/math/logistic.rs`).

use super::values::*;
use super::*;
use Accuracy::Ulp;
use NanRule::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 4,
        name: "sigmoid",
        keras_names: &["sigmoid"],
        formula: "y = 1 / (1 + exp(-x))",
        notes: "Computed from exp(-|x|), so the negative tail keeps full relative accuracy \
        down to the subnormals (non-zero down to x = -103.97).",
        accuracy: Ulp(1.0),
        measured: measured(0.780, -87.67402),
        nan: FromX,
        specials: &[
            at(0.0, Bits(0.5)),
            at(-0.0, Bits(0.5)),
            at(INF, Bits(1.0)),
            at(-INF, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(17.328_68, Bits(1.0)),
            at(-100.0, Reference),
            at(-90.0, Reference),
            at(-20.0, Reference),
            at(-110.0, Bits(0.0)),
        ],
        fast: fast(
            4.0,
            3.038,
            -16.690_435,
            "e = exp(-x) in plain f32 (two-constant Cody-Waite reduction to eighths of ln 2, an 8-entry table of 2^(j/8), a degree-3 polynomial), then one division: 1/(1+e). Lanes with |x| > 86.6 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
    OpInfo {
        id: 8,
        name: "softplus",
        keras_names: &["softplus"],
        formula: "y = log(1 + exp(x))",
        notes: "Computed as max(x, 0) + log1p(exp(-|x|)): y = x for x >= 14.556, ~exp(x) in the \
        negative tail.",
        accuracy: Ulp(1.0),
        measured: measured(0.998, -16.6373),
        nan: FromX,
        widths: &[("avx2", 2)],
        specials: &[
            at(0.0, Bits(LN2)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(INF)),
            at(1e30, Bits(1e30)),
            at(MAX, Bits(MAX)),
            at(NAN, Bits(NAN)),
            at(-100.0, Reference),
        ],
        fast: fast(
            3.0,
            2.117,
            -3.451_045_8,
            "e = exp(-|x|) in plain f32 (two-constant Cody-Waite, degree-6 polynomial), then max(x, 0) + e P(e) with log1p(e) = e P(e), P of degree 9, in one FMA. Lanes with |x| > 87 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
    OpInfo {
        id: 10,
        name: "silu",
        keras_names: &["silu", "swish"],
        formula: "y = x * sigmoid(x)",
        notes: "silu(-inf) = -0 (the limit, not NaN).",
        accuracy: Ulp(1.0),
        measured: measured(0.779, -91.86595),
        nan: FromX,
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(NAN, Bits(NAN)),
            at(-100.0, Reference),
        ],
        fast: fast(
            4.0,
            3.139,
            -16.689_575,
            "e = exp(-x) in plain f32 (two-constant Cody-Waite reduction to eighths of ln 2, an 8-entry table of 2^(j/8), a degree-3 polynomial), then one division: x/(1+e). Lanes with |x| > 86.6 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
    OpInfo {
        id: 17,
        name: "log_sigmoid",
        keras_names: &["log_sigmoid"],
        formula: "y = -log(1 + exp(-x))",
        notes: "= -softplus(-x); y = x for x < -14.556.",
        accuracy: Ulp(1.0),
        measured: measured(0.998, 16.6373),
        nan: FromX,
        widths: &[("avx2", 2)],
        specials: &[
            at(INF, Bits(-0.0)),
            at(-INF, Bits(-INF)),
            at(0.0, Bits(-LN2)),
            at(-1e30, Bits(-1e30)),
            at(-MAX, Bits(-MAX)),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(
            3.0,
            2.117,
            3.451_045_8,
            "e = exp(-|x|) in plain f32 (two-constant Cody-Waite, degree-6 polynomial), then min(x, 0) - e P(e) with log1p(e) = e P(e), P of degree 9, in one FMA. Lanes with |x| > 87 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
    OpInfo {
        id: 28,
        name: "quick_gelu",
        formula: "y = x * sigmoid(1.702f * x)",
        notes: "ONNX Runtime's QuickGelu (com.microsoft domain, alpha = 1.702), the activation \
        of CLIP: 1.702f is the f32 constant, and 1.702f * x is carried exactly. \
        quick_gelu(-inf) = -0.",
        accuracy: Ulp(1.0),
        measured: measured(0.781, -53.936_436),
        nan: FromX,
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(0.0, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(-100.0, Bits(-0.0)),
            at(-10.0, Reference),
            at(-60.0, Reference),
            at(1e-30, Reference),
        ],
        fast: fast(
            4.0,
            3.147,
            -9.910_565,
            "e = exp(-1.702f x) in plain f32 (1.702f x folded into the Cody-Waite reduction to eighths of ln 2, never rounded alone; an 8-entry table of 2^(j/8), a degree-3 polynomial), then one division: x/(1+e). Lanes with |1.702f x| > 86.6 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
];
