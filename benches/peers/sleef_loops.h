/* SLEEF loops, included twice by shim.c: once for AVX-512 (16 lanes) and
 * once for AVX2+FMA (8 lanes). Before each inclusion shim.c defines
 *
 *   SL_TAG       suffix of the generated function names (avx512, avx2)
 *   SL_TARGET    the GCC target attribute string
 *   SL_V, SL_W   the vector type and its number of lanes
 *   SL_EXP, SL_TANH, SL_EXPM1, SL_LOG1P, SL_ERF   SLEEF's 1.0-ULP functions
 *   SL_SET1, SL_LOADU, SL_STOREU, SL_MAX, SL_MIN, SL_ABS, SL_SEL_POS
 *
 * where SL_SEL_POS(x, a, b) is `x > 0 ? a : b` per lane. Every loop is
 * what a user of SLEEF would write: the vector function over full vectors,
 * the tail through a zero-padded stack vector. Arithmetic between vectors
 * uses GCC's vector extensions (+ - * / on __m512 / __m256).
 */

#define SL_CAT2(a, b) a##_##b
#define SL_CAT(a, b) SL_CAT2(a, b)
#define SL_FN(name) SL_CAT(sleef_##name, SL_TAG)

/* One loop per function: y[i] = BODY(x[i]) with `v` the input vector. */
#define SL_LOOP(name, BODY)                                                   \
    __attribute__((target(SL_TARGET))) static void SL_FN(name)(              \
        const float *restrict x, float *restrict y, size_t n) {              \
        size_t i = 0;                                                         \
        for (; i + SL_W <= n; i += SL_W) {                                    \
            SL_V v = SL_LOADU(x + i);                                         \
            SL_STOREU(y + i, (BODY));                                         \
        }                                                                     \
        if (i < n) {                                                          \
            float tx[SL_W] = {0}, ty[SL_W];                                   \
            memcpy(tx, x + i, (n - i) * sizeof(float));                       \
            SL_V v = SL_LOADU(tx);                                            \
            SL_STOREU(ty, (BODY));                                            \
            memcpy(y + i, ty, (n - i) * sizeof(float));                       \
        }                                                                     \
    }

/* log(1 + e^v) without overflow: max(v, 0) + log1p(e^-|v|). */
#define SL_SOFTPLUS(v) \
    (SL_MAX((v), SL_SET1(0.0f)) + SL_LOG1P(SL_EXP(-SL_ABS(v))))

SL_LOOP(exponential, SL_EXP(v))
SL_LOOP(tanh, SL_TANH(v))
SL_LOOP(sigmoid, SL_SET1(1.0f) / (SL_SET1(1.0f) + SL_EXP(-v)))
SL_LOOP(silu, v / (SL_SET1(1.0f) + SL_EXP(-v)))
SL_LOOP(elu, SL_SEL_POS(v, v, SL_EXPM1(v)))
SL_LOOP(selu, SL_SET1(PEER_SELU_SCALE) *
                  SL_SEL_POS(v, v, SL_SET1(PEER_SELU_ALPHA) * SL_EXPM1(v)))
SL_LOOP(softplus, SL_SOFTPLUS(v))
SL_LOOP(log_sigmoid, -SL_SOFTPLUS(-v))
SL_LOOP(gelu, SL_SET1(0.5f) * v *
                  (SL_SET1(1.0f) + SL_ERF(v * SL_SET1(PEER_FRAC_1_SQRT_2))))
SL_LOOP(gelu_tanh,
        SL_SET1(0.5f) * v *
            (SL_SET1(1.0f) +
             SL_TANH(SL_SET1(PEER_SQRT_2_OVER_PI) *
                     (v + SL_SET1(PEER_GELU_TANH_COEFF) * v * v * v))))
SL_LOOP(mish, v * SL_TANH(SL_SOFTPLUS(v)))
SL_LOOP(tanh_shrink, v - SL_TANH(v))

/* The table shim.c searches by name. */
static const struct sleef_entry SL_CAT(sleef_table, SL_TAG)[] = {
    {"exponential", SL_FN(exponential), "expf(x)"},
    {"tanh", SL_FN(tanh), "tanhf(x)"},
    {"sigmoid", SL_FN(sigmoid), "1 / (1 + expf(-x))"},
    {"silu", SL_FN(silu), "x / (1 + expf(-x))"},
    {"elu", SL_FN(elu), "x > 0 ? x : expm1f(x)"},
    {"selu", SL_FN(selu), "scale (x > 0 ? x : alpha expm1f(x))"},
    {"softplus", SL_FN(softplus), "max(x, 0) + log1pf(expf(-|x|))"},
    {"log_sigmoid", SL_FN(log_sigmoid), "-(max(-x, 0) + log1pf(expf(-|x|)))"},
    {"gelu", SL_FN(gelu), "x / 2 (1 + erff(x / sqrt 2))"},
    {"gelu_tanh", SL_FN(gelu_tanh), "x / 2 (1 + tanhf(sqrt(2 / pi) (x + 0.044715 x^3)))"},
    {"mish", SL_FN(mish), "x tanhf(softplus(x)), softplus as above"},
    {"tanh_shrink", SL_FN(tanh_shrink), "x - tanhf(x)"},
    {NULL, NULL, NULL},
};

#undef SL_SOFTPLUS
#undef SL_LOOP
#undef SL_FN
#undef SL_CAT
#undef SL_CAT2
/* The including file's parameters, so that it can define them again. */
#undef SL_TAG
#undef SL_TARGET
#undef SL_V
#undef SL_W
#undef SL_EXP
#undef SL_TANH
#undef SL_EXPM1
#undef SL_LOG1P
#undef SL_ERF
#undef SL_SET1
#undef SL_LOADU
#undef SL_STOREU
#undef SL_MAX
#undef SL_MIN
#undef SL_ABS
#undef SL_SEL_POS
