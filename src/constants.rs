//! Keras's default parameters and fixed constants: each value lives here once.
//! cbindgen turns every `pub const` of this file into a `#define` in
//! `actfn.h`, and the catalogue, the kernels and the tests read them from here.

/// Default negative slope of `keras.activations.leaky_relu` (and of
/// `Activation("leaky_relu")`).
pub const ACTFN_LEAKY_RELU_SLOPE: f32 = 0.2;
/// Default negative slope of the `keras.layers.LeakyReLU` layer (note: not
/// the same as the function's 0.2).
pub const ACTFN_LEAKY_RELU_LAYER_SLOPE: f32 = 0.3;
/// Default alpha of elu and celu.
pub const ACTFN_ELU_ALPHA: f32 = 1.0;
/// SELU's alpha, 1.6732632423543772848170429916717 rounded to f32.
pub const ACTFN_SELU_ALPHA: f32 = 1.673_263_2;
/// SELU's scale (lambda), 1.0507009873554804934193349852946 rounded to f32.
pub const ACTFN_SELU_SCALE: f32 = 1.050_701;
/// Default threshold of hard_shrink and soft_shrink.
pub const ACTFN_SHRINK_THRESHOLD: f32 = 0.5;
/// Default b of squareplus.
pub const ACTFN_SQUAREPLUS_B: f32 = 4.0;
/// The value the Softmax layer writes over masked-out logits before the
/// softmax (Keras 3, every dtype but float16).
pub const ACTFN_SOFTMAX_MASK_VALUE: f32 = -1e9;
/// The cubic coefficient of the tanh approximation of gelu.
pub const ACTFN_GELU_TANH_COEFF: f32 = 0.044_715;
