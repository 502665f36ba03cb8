//! tanh and the functions built on it: tanh_shrink, mish (math:
//! `src/math/tanh.rs`).

use super::values::*;
use super::*;
use Accuracy::Ulp;
use NanRule::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 5,
        name: "tanh",
        keras_names: &["tanh"],
        formula: "y = tanh(x)",
        notes: "Odd; y = x for |x| < 2^-12, +-1 for |x| >= 9.0109.",
        accuracy: Ulp(1.0),
        measured: measured(0.779, 0.1254968),
        nan: FromX,
        specials: &[
            at(-0.0, Bits(-0.0)),
            at(INF, Bits(1.0)),
            at(-INF, Bits(-1.0)),
            at(DEN, Bits(DEN)),
            at(9.010_914, Bits(1.0)),
            at(NAN, Bits(NAN)),
            at(0.0, Bits(0.0)),
            at(-DEN, Bits(-DEN)),
            at(9.5, Bits(1.0)),
            at(-3.144_409_2, Reference),
        ],
        fast: fast(3.0, 2.498, 4.505_090_7, "q = 1 - exp(-2|x|) in plain f32 (one-constant Cody-Waite reduction, degree-6 polynomial for e^r - 1, 2^n from the exponent bits), then one division: sign(x) q / (2 - q); |x| clamped at 9.5, where that is 1."),
        ..BASE
    },
    OpInfo {
        id: 16,
        name: "mish",
        keras_names: &["mish"],
        formula: "y = x * tanh(softplus(x))",
        notes: "mish(-inf) = -0.",
        accuracy: Ulp(1.0),
        measured: measured(1.000, 2.938736e-38),
        nan: FromX,
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(NAN, Bits(NAN)),
            at(0.0, Bits(0.0)),
            at(9.5, Bits(9.5)),
            at(-87.5, Reference),
            at(-86.5, Reference),
        ],
        fast: fast(4.0, 3.949, -13.802_742, "e = exp(x) in plain f32 (two-constant Cody-Waite reduction, degree-6 polynomial; x clamped at 9.5, where the ratio is 1), N = e(e+2) by one FMA, then one division: x N / (N + 2). Below -87 the exact kernel."),
        ..BASE
    },
    OpInfo {
        id: 18,
        name: "tanh_shrink",
        keras_names: &["tanh_shrink"],
        formula: "y = x - tanh(x)",
        notes: "Accurate near 0 (~x^3/3), where the literal formula cancels.",
        accuracy: Ulp(1.0),
        measured: measured(0.947, 0.5932645),
        nan: FromX,
        widths: &[("avx512", 8)],
        specials: &[
            at(INF, Bits(INF)),
            at(-INF, Bits(-INF)),
            at(MAX, Bits(MAX)),
            at(NAN, Bits(NAN)),
            at(0.0, Bits(0.0)),
            at(-0.0, Bits(-0.0)),
            at(1e-4, Reference),
            at(-1e-3, Reference),
        ],
        fast: fast(4.0, 3.268, 0.045_08, "|x| < 1: |x| s G(s), s = x^2, G a degree-7 polynomial (x - tanh x cancels there); from 1: (|x| - 1) + 2e/(1 + e), e = exp(-2|x|) in plain f32 (degree-6 polynomial), one division; the sign of x. |x| >= 2^23 and NaN: the exact kernel."),
        ..BASE
    },
];
