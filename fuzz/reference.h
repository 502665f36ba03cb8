/* The fuzzer's own double-precision reference of the element-wise ops, for
 * its "finite where the exact value is, within the bound" oracle at any
 * input and any fuzzed parameter. The tests' reference is
 * tests/common/reference/ (Rust); this second, plain one exists because the
 * fuzzer needs values at arbitrary (x, parameters) inside a C process. An
 * op missing here gives NAN, which skips that check (the others still run).
 * Needs c_tests/common.h first (d_sigmoid). */
#ifndef ACTFN_FUZZ_REFERENCE_H
#define ACTFN_FUZZ_REFERENCE_H



static inline double d_softplus(double x)
{
    if (isnan(x))
        return x;
    return (x > 0 ? x : 0.0) + log1p(exp(-fabs(x)));
}

static inline double d_tanh_shrink(double x)
{
    if (fabs(x) < 0.1) {
        /* odd series of x - tanh x (x - tanh x cancels even in double) */
        double x2 = x * x;
        double p = 929569.0 / 638512875.0;
        p = p * x2 - 21844.0 / 6081075.0;
        p = p * x2 + 1382.0 / 155925.0;
        p = p * x2 - 62.0 / 2835.0;
        p = p * x2 + 17.0 / 315.0;
        p = p * x2 - 2.0 / 15.0;
        p = p * x2 + 1.0 / 3.0;
        return x * x2 * p;
    }
    return x - tanh(x);
}

#define SELU_ALPHA_F 1.6732632423543772848170429916717f
#define SELU_SCALE_F 1.0507009873554804934193349852946f
#define SQRT_2_OVER_PI_F 0.7978845608028654f
#define GELU_COEFF_F 0.044715f

/* The exact value of op at x (in double; the caller rounds once to float). */
static inline double reference(actfn_op op, const actfn_params *p, double x)
{
    if (isnan(x))
        return x;
    switch (op) {
    case ACTFN_OP_RELU: return x > 0 ? x : 0.0;
    case ACTFN_OP_RELU6: return x > 0 ? (x < 6 ? x : 6.0) : 0.0;
    case ACTFN_OP_RELU_EX: {
        double s = p->negative_slope, m = p->max_value, t = p->threshold;
        if (x > t) /* Keras's function: clip(x, 0, m) with a cap */
            return isinf(m) ? x : x <= 0 ? 0.0 : x < m ? x : m;
        return s == 0 ? 0.0 : s * (x - t);
    }
    case ACTFN_OP_LEAKY_RELU: {
        double s = p->negative_slope;
        if (x >= 0)
            return x;
        if (isinf(x) && s == 0)
            return -0.0; /* the limit of s * x */
        return s * x;
    }
    case ACTFN_OP_SIGMOID: return d_sigmoid(x);
    case ACTFN_OP_TANH: return tanh(x);
    case ACTFN_OP_EXPONENTIAL: return exp(x);
    case ACTFN_OP_LINEAR: return x;
    case ACTFN_OP_SOFTPLUS: return d_softplus(x);
    case ACTFN_OP_SOFTSIGN: return isinf(x) ? copysign(1.0, x) : x / (1.0 + fabs(x));
    case ACTFN_OP_SILU: return x == -INFINITY ? -0.0 : x * d_sigmoid(x);
    case ACTFN_OP_QUICK_GELU: return x == -INFINITY ? -0.0 : x * d_sigmoid((double)1.702f * x);
    case ACTFN_OP_SELU:
        return x > 0 ? (double)SELU_SCALE_F * x : (double)SELU_SCALE_F * (double)SELU_ALPHA_F * expm1(x);
    case ACTFN_OP_GELU: return x == -INFINITY ? -0.0 : 0.5 * x * erfc(-x * 0.70710678118654752440);
    case ACTFN_OP_GELU_TANH: {
        double z;
        if (isinf(x))
            return x > 0 ? x : -0.0;
        z = (double)SQRT_2_OVER_PI_F * (x + (double)GELU_COEFF_F * x * x * x);
        return x * d_sigmoid(2.0 * z);
    }
    case ACTFN_OP_HARD_SIGMOID: return x <= -3 ? 0.0 : x >= 3 ? 1.0 : (x + 3.0) / 6.0;
    case ACTFN_OP_HARD_SILU: return x <= -3 ? copysign(0.0, x) : x >= 3 ? x : x * (x + 3.0) / 6.0;
    case ACTFN_OP_MISH: return x == -INFINITY ? -0.0 : x * tanh(d_softplus(x));
    case ACTFN_OP_LOG_SIGMOID: return -d_softplus(-x);
    case ACTFN_OP_TANH_SHRINK: return d_tanh_shrink(x);
    case ACTFN_OP_SPARSE_PLUS: return x <= -1 ? 0.0 : x >= 1 ? x : (x + 1.0) * (x + 1.0) / 4.0;
    case ACTFN_OP_SPARSE_SIGMOID: return x <= -1 ? 0.0 : x >= 1 ? 1.0 : (x + 1.0) / 2.0;
    case ACTFN_OP_HARD_TANH: return x < -1 ? -1.0 : x > 1 ? 1.0 : x;
    case ACTFN_OP_ELU: return x > 0 ? x : (double)p->alpha * expm1(x);
    case ACTFN_OP_CELU: return x >= 0 ? x : (double)p->alpha * expm1(x / (double)p->alpha);
    case ACTFN_OP_HARD_SHRINK: return fabs(x) > p->threshold ? x : 0.0;
    case ACTFN_OP_SOFT_SHRINK: {
        double l = p->threshold;
        return x > l ? x - l : x < -l ? x + l : 0.0;
    }
    case ACTFN_OP_THRESHOLD: return x > p->threshold ? x : (double)p->default_value;
    case ACTFN_OP_SQUAREPLUS: {
        double b = p->b, r;
        if (isinf(x))
            return x > 0 ? x : 0.0;
        r = sqrt(x * x + b);
        return x >= 0 ? (x + r) / 2.0 : b / (2.0 * (r - x));
    }
    default: return NAN;
    }
}


#endif
