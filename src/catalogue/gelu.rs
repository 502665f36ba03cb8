//! gelu, exact (erf) and tanh forms (math: `src/math/gelu.rs`).

use super::values::*;
use super::*;
use Accuracy::Ulp;
use NanRule::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 12,
        name: "gelu",
        keras_names: &["gelu"],
        formula: "y = x * Phi(x) = x / 2 * erfc(-x / sqrt(2))",
        notes: "The exact (erf) form, Keras's default. The negative tail is kept down to \
        x = -14.356; gelu(-inf) = -0.",
        accuracy: Ulp(1.0),
        measured: measured(0.870, -0.0009680688),
        nan: FromX,
        widths: &[("avx2", 2)],
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(NAN, Bits(NAN)),
            at(-10.0, Reference),
            at(-20.0, Bits(-0.0)),
        ],
        fast: fast(4.0, 3.733, -1.8267834, "Phi(-|x|) = e^(-x^2/2) V / (b V + U), b = |x| sqrt(2 pi), U and V polynomials of degrees 4 and 5 (one division, no table; the rounding errors of V cancel), the exponential in plain f32 with x^2 carried exactly and its last step fused with the product; then x Phi(-|x|) for x < 0, x - |x| Phi(-|x|) for x >= 0. x < -13 and negative subnormal x as the exact tier."),
        ..BASE
    },
    OpInfo {
        id: 13,
        name: "gelu_tanh",
        formula: "y = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))",
        notes: "gelu(approximate=True), computed as x * sigmoid(2z) without cancellation; \
        gelu_tanh(-inf) = -0.",
        accuracy: Ulp(1.0),
        measured: measured(0.780, -10.10488),
        nan: FromX,
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(3.0, 2.790, -4.997_603, "x / (1 + exp(-z)), z = 2 sqrt(2/pi) x (1 + 0.044715 x^2) carried as zh + zl by FMAs (for x < 0 an error d in z is a relative error d in the result), exp(-zh) in plain f32 (degree-6 polynomial) times 1 - zl, one division. x < -10 and NaN: the exact kernel."),
        ..BASE
    },
];
