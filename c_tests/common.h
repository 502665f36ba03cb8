/* Shared helpers for the libactfn C tests: check counting, ISA loop, ULP
 * distance, random inputs, and a plain double-precision C reference for
 * every element-wise activation.
 *
 * Note: <stdbool.h> is included before actfn.h here on purpose. actfn.h
 * should be self-contained (that is checked separately by header_c99.c);
 * including it here keeps the functional tests running if it is not. */
#ifndef ACTFN_TEST_COMMON_H
#define ACTFN_TEST_COMMON_H

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actfn.h"

/* ---------------------------------------------------------------- checks */

static unsigned long t_passed, t_failed;
static const char *t_prog = "test";

/* One check group: prints on failure only (use `note` for progress). */
static inline int check(int ok, const char *fmt, ...)
{
    if (ok) {
        t_passed++;
    } else {
        va_list ap;
        t_failed++;
        printf("  FAIL: ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
    return ok;
}

static inline void note(const char *fmt, ...)
{
    va_list ap;
    printf("  ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

/* The last line of every program; the Makefile sums these. */
static inline int finish(void)
{
    printf("%s: %lu passed, %lu failed\n", t_prog, t_passed, t_failed);
    printf("RESULT %lu %lu\n", t_passed, t_failed);
    fflush(stdout);
    return t_failed ? 1 : 0;
}

/* ------------------------------------------------------------------ ISAs */

static actfn_isa t_isas[8];
static int t_nisas;

/* Every ISA this CPU and build can run (ACTFN_ISA_SCALAR..ACTFN_ISA_NEON). */
static inline void detect_isas(void)
{
    actfn_isa i;
    t_nisas = 0;
    for (i = ACTFN_ISA_SCALAR; i <= ACTFN_ISA_NEON; i++)
        if (actfn_isa_supported(i))
            t_isas[t_nisas++] = i;
}

static inline void force_isa(actfn_isa isa)
{
    actfn_status s = actfn_force_isa(isa);
    if (s != ACTFN_OK || (isa != ACTFN_ISA_NONE && actfn_active_isa() != isa)) {
        printf("FATAL: actfn_force_isa(%s) = %d\n", actfn_isa_name(isa), (int)s);
        exit(2);
    }
}

static inline void print_isas(void)
{
    int k;
    printf("  library %s, default ISA %s, testing:", actfn_version(), actfn_isa_name(actfn_active_isa()));
    for (k = 0; k < t_nisas; k++)
        printf(" %s", actfn_isa_name(t_isas[k]));
    printf("\n");
}

/* ------------------------------------------------------------ float bits */

static inline uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline float bitsf(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* Ordered integer for ULP distance; +0 and -0 both map to 0. */
static inline int64_t ford(float f)
{
    uint32_t u = fbits(f);
    return (u & 0x80000000u) ? -(int64_t)(u & 0x7fffffffu) : (int64_t)u;
}

/* ULP distance between two floats (NaN vs NaN: 0; NaN vs number: huge). */
static inline uint64_t ulp_dist(float a, float b)
{
    int64_t d;
    if (isnan(a) || isnan(b))
        return (isnan(a) && isnan(b)) ? 0 : UINT64_MAX;
    d = ford(a) - ford(b);
    return (uint64_t)(d < 0 ? -d : d);
}

/* Bitwise equal, or both NaN. */
static inline int same_bits(float a, float b)
{
    return fbits(a) == fbits(b);
}

static inline int same_or_nan(float a, float b)
{
    return fbits(a) == fbits(b) || (isnan(a) && isnan(b));
}

/* ---------------------------------------------------------------- random */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static inline uint64_t rng_u64(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static inline double rng_unit(void) /* [0, 1) */
{
    return (double)(rng_u64() >> 11) * (1.0 / 9007199254740992.0);
}

static inline float rng_uniform(float lo, float hi)
{
    return (float)(lo + (hi - lo) * rng_unit());
}

/* Special inputs: zeros, subnormals, landmarks of ACTIVATIONS.md 2.7, huge
 * values, infinities, NaN. */
static const float SPECIALS[] = {
    0.0f, -0.0f, 1e-45f, -1e-45f, 1e-40f, -1e-40f, FLT_MIN, -FLT_MIN, 1e-30f, -1e-30f,
    1e-7f, -1e-7f, 2.4414062e-4f, -2.4414062e-4f, 0.01f, -0.01f, 0.05f, -0.05f,
    0.25f, -0.25f, 0.5f, -0.5f, 0.75f, -0.75f, 1.0f, -1.0f, 1.19243f, -1.19243f,
    1.2784645f, -1.2784645f, 1.5f, -1.5f, 2.0f, -2.0f, 2.5f, -2.5f, 2.9999998f, -2.9999998f,
    3.0f, -3.0f, 5.5425944f, -5.5425944f, 6.0f, -6.0f, 9.0109138f, -9.0109138f,
    13.942385f, -13.942385f, 14.170185f, -14.170185f, 14.356068f, -14.356068f,
    14.55609f, -14.55609f, 17.32868f, -17.32868f, 20.0f, -20.0f, 87.33654f, -87.33654f,
    88.72283f, -88.72283f, 88.72284f, -88.72284f, 100.0f, -100.0f, 103.97207f, -103.97207f,
    103.9721f, -103.9721f, 108.6603f, -108.6603f, 200.0f, -200.0f, 5793.0f, -5793.0f,
    16777216.0f, -16777216.0f, 6.981e12f, -6.981e12f, 1.8446743e19f, -1.8446743e19f,
    1e30f, -1e30f, 1.7014118e38f, -1.7014118e38f, 3.238622e38f, -3.238622e38f,
    FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, -NAN,
};
#define NSPECIALS (sizeof SPECIALS / sizeof SPECIALS[0])

/* A test input: a mix of the ranges where the activations change shape, of
 * arbitrary bit patterns (every binade, subnormals), and of specials. */
static inline float rng_input(void)
{
    uint64_t r = rng_u64();
    switch (r % 10) {
    case 0: case 1: return rng_uniform(-1.0f, 1.0f);
    case 2: case 3: return rng_uniform(-8.0f, 8.0f);
    case 4: return rng_uniform(-30.0f, 30.0f);
    case 5: return rng_uniform(-120.0f, 120.0f);
    case 6: case 7: { /* any finite bit pattern */
        float f;
        do f = bitsf((uint32_t)(rng_u64() >> 32)); while (!isfinite(f));
        return f;
    }
    case 8: { /* tiny magnitudes, log-uniform */
        float f = (float)ldexp(1.0 + rng_unit(), -(int)(rng_u64() % 150));
        return (r >> 8) & 1 ? -f : f;
    }
    default: { /* a special value, nudged by a few ULP */
        float f = SPECIALS[(r >> 8) % NSPECIALS];
        int k = (int)((r >> 20) % 5) - 2;
        while (isfinite(f) && k > 0) { f = nextafterf(f, INFINITY); k--; }
        while (isfinite(f) && k < 0) { f = nextafterf(f, -INFINITY); k++; }
        return f;
    }
    }
}

/* ------------------------------------------------------- C references */

static inline double d_sigmoid(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    else {
        double e = exp(x);
        return e / (1.0 + e);
    }
}

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
        if (x > t)
            return x < m ? x : m;
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

static inline float reference_f(actfn_op op, const actfn_params *p, float x)
{
    if (op == ACTFN_OP_LINEAR)
        return x; /* keeps NaN payloads */
    return (float)reference(op, p, (double)x);
}

/* Calls the op's own actfn_<name>_f32 function with the fields of *p. */
static inline actfn_status call_named(actfn_op op, const actfn_params *p, const float *x, float *y, size_t n)
{
    switch (op) {
    case ACTFN_OP_RELU: return actfn_relu_f32(x, y, n);
    case ACTFN_OP_RELU6: return actfn_relu6_f32(x, y, n);
    case ACTFN_OP_RELU_EX: return actfn_relu_ex_f32(x, y, n, p->negative_slope, p->max_value, p->threshold);
    case ACTFN_OP_LEAKY_RELU: return actfn_leaky_relu_f32(x, y, n, p->negative_slope);
    case ACTFN_OP_SIGMOID: return actfn_sigmoid_f32(x, y, n);
    case ACTFN_OP_TANH: return actfn_tanh_f32(x, y, n);
    case ACTFN_OP_EXPONENTIAL: return actfn_exponential_f32(x, y, n);
    case ACTFN_OP_LINEAR: return actfn_linear_f32(x, y, n);
    case ACTFN_OP_SOFTPLUS: return actfn_softplus_f32(x, y, n);
    case ACTFN_OP_SOFTSIGN: return actfn_softsign_f32(x, y, n);
    case ACTFN_OP_SILU: return actfn_silu_f32(x, y, n);
    case ACTFN_OP_SELU: return actfn_selu_f32(x, y, n);
    case ACTFN_OP_GELU: return actfn_gelu_f32(x, y, n);
    case ACTFN_OP_GELU_TANH: return actfn_gelu_tanh_f32(x, y, n);
    case ACTFN_OP_HARD_SIGMOID: return actfn_hard_sigmoid_f32(x, y, n);
    case ACTFN_OP_HARD_SILU: return actfn_hard_silu_f32(x, y, n);
    case ACTFN_OP_MISH: return actfn_mish_f32(x, y, n);
    case ACTFN_OP_LOG_SIGMOID: return actfn_log_sigmoid_f32(x, y, n);
    case ACTFN_OP_TANH_SHRINK: return actfn_tanh_shrink_f32(x, y, n);
    case ACTFN_OP_SPARSE_PLUS: return actfn_sparse_plus_f32(x, y, n);
    case ACTFN_OP_SPARSE_SIGMOID: return actfn_sparse_sigmoid_f32(x, y, n);
    case ACTFN_OP_HARD_TANH: return actfn_hard_tanh_f32(x, y, n);
    case ACTFN_OP_ELU: return actfn_elu_f32(x, y, n, p->alpha);
    case ACTFN_OP_CELU: return actfn_celu_f32(x, y, n, p->alpha);
    case ACTFN_OP_HARD_SHRINK: return actfn_hard_shrink_f32(x, y, n, p->threshold);
    case ACTFN_OP_SOFT_SHRINK: return actfn_soft_shrink_f32(x, y, n, p->threshold);
    case ACTFN_OP_THRESHOLD: return actfn_threshold_f32(x, y, n, p->threshold, p->default_value);
    case ACTFN_OP_SQUAREPLUS: return actfn_squareplus_f32(x, y, n, p->b);
    default: return -1;
    }
}

/* ------------------------------------------------- parameter sets per op */

typedef struct {
    actfn_op op;
    actfn_params p;
    unsigned max_ulp; /* 0: bit-exact (piecewise-linear); else the bound */
    char label[80];
} case_t;

static inline void params_label(actfn_op op, const actfn_params *p, char *buf, size_t len)
{
    const char *nm = actfn_op_name(op);
    switch (op) {
    case ACTFN_OP_RELU_EX:
        snprintf(buf, len, "%s(slope=%g,max=%g,thr=%g)", nm, p->negative_slope, p->max_value, p->threshold);
        break;
    case ACTFN_OP_LEAKY_RELU: snprintf(buf, len, "%s(slope=%g)", nm, p->negative_slope); break;
    case ACTFN_OP_ELU: case ACTFN_OP_CELU: snprintf(buf, len, "%s(alpha=%g)", nm, p->alpha); break;
    case ACTFN_OP_HARD_SHRINK: case ACTFN_OP_SOFT_SHRINK:
        snprintf(buf, len, "%s(thr=%g)", nm, p->threshold);
        break;
    case ACTFN_OP_THRESHOLD: snprintf(buf, len, "%s(thr=%g,v=%g)", nm, p->threshold, p->default_value); break;
    case ACTFN_OP_SQUAREPLUS: snprintf(buf, len, "%s(b=%g)", nm, p->b); break;
    default: snprintf(buf, len, "%s", nm);
    }
}

static inline int is_exact_op(actfn_op op)
{
    switch (op) {
    case ACTFN_OP_RELU: case ACTFN_OP_RELU6: case ACTFN_OP_RELU_EX: case ACTFN_OP_LEAKY_RELU:
    case ACTFN_OP_LINEAR: case ACTFN_OP_HARD_SIGMOID: case ACTFN_OP_SPARSE_SIGMOID:
    case ACTFN_OP_HARD_TANH: case ACTFN_OP_HARD_SHRINK: case ACTFN_OP_SOFT_SHRINK:
    case ACTFN_OP_THRESHOLD:
        return 1;
    default: return 0;
    }
}

static int t_ncases;
static case_t t_cases[96];

static inline void add_case(actfn_op op, float a, float b, float c)
{
    case_t *k = &t_cases[t_ncases++];
    k->op = op;
    actfn_params_default(op, &k->p);
    switch (op) {
    case ACTFN_OP_RELU_EX: k->p.negative_slope = a; k->p.max_value = b; k->p.threshold = c; break;
    case ACTFN_OP_LEAKY_RELU: k->p.negative_slope = a; break;
    case ACTFN_OP_ELU: case ACTFN_OP_CELU: k->p.alpha = a; break;
    case ACTFN_OP_HARD_SHRINK: case ACTFN_OP_SOFT_SHRINK: k->p.threshold = a; break;
    case ACTFN_OP_THRESHOLD: k->p.threshold = a; k->p.default_value = b; break;
    case ACTFN_OP_SQUAREPLUS: k->p.b = a; break;
    default: break;
    }
    /* 2 ULP for the transcendental ones (the C reference is double libm);
     * exact for the piecewise-linear ones, except relu_ex's slope * (x - t)
     * with t != 0, which the double reference may round twice. */
    k->max_ulp = is_exact_op(op) ? 0 : 2;
    if (op == ACTFN_OP_RELU_EX && k->p.threshold != 0 && k->p.negative_slope != 0)
        k->max_ulp = 1;
    params_label(op, &k->p, k->label, sizeof k->label);
}

/* Every op, with its defaults, and several parameter sets for ops with
 * parameters (threshold gets real ones: it has no defaults). */
static inline void build_cases(void)
{
    actfn_op op;
    t_ncases = 0;
    for (op = 0; op < ACTFN_OP_COUNT; op++) {
        switch (op) {
        case ACTFN_OP_RELU_EX:
            add_case(op, 0.0f, INFINITY, 0.0f);
            add_case(op, 0.1f, INFINITY, 0.0f);
            add_case(op, 0.0f, 6.0f, 0.0f);
            add_case(op, 0.5f, 5.0f, 0.0f);
            add_case(op, 0.0f, 0.0f, 0.0f);
            add_case(op, 0.0f, INFINITY, 1.0f);
            add_case(op, 0.2f, INFINITY, 1.0f);
            add_case(op, 0.5f, 5.0f, 5.0f);
            add_case(op, 0.1f, 6.0f, 0.5f);
            add_case(op, 0.0f, 3.0f, 5.0f);
            break;
        case ACTFN_OP_LEAKY_RELU:
            add_case(op, 0.2f, 0, 0);
            add_case(op, 0.3f, 0, 0);
            add_case(op, 0.01f, 0, 0);
            add_case(op, 1.0f, 0, 0);
            add_case(op, 0.0f, 0, 0);
            add_case(op, 2.0f, 0, 0);
            add_case(op, -0.5f, 0, 0);
            break;
        case ACTFN_OP_ELU:
            add_case(op, 1.0f, 0, 0);
            add_case(op, 0.5f, 0, 0);
            add_case(op, 2.0f, 0, 0);
            add_case(op, 0.0f, 0, 0);
            break;
        case ACTFN_OP_CELU:
            add_case(op, 1.0f, 0, 0);
            add_case(op, 0.5f, 0, 0);
            add_case(op, 2.0f, 0, 0);
            add_case(op, 3.0f, 0, 0);
            break;
        case ACTFN_OP_HARD_SHRINK:
        case ACTFN_OP_SOFT_SHRINK:
            add_case(op, 0.5f, 0, 0);
            add_case(op, 0.0f, 0, 0);
            add_case(op, 1.0f, 0, 0);
            add_case(op, 2.5f, 0, 0);
            break;
        case ACTFN_OP_THRESHOLD:
            add_case(op, 0.0f, 0.0f, 0);
            add_case(op, 1.0f, -1.0f, 0);
            add_case(op, -0.5f, 2.0f, 0);
            add_case(op, 6.0f, -0.0f, 0);
            break;
        case ACTFN_OP_SQUAREPLUS:
            add_case(op, 4.0f, 0, 0);
            add_case(op, 1.0f, 0, 0);
            add_case(op, 0.0f, 0, 0);
            add_case(op, 0.25f, 0, 0);
            break;
        default:
            add_case(op, 0, 0, 0);
        }
    }
}

/* Parameters that every op accepts (threshold gets real values). */
static inline actfn_params usable_params(actfn_op op)
{
    actfn_params p;
    actfn_params_default(op, &p);
    if (op == ACTFN_OP_THRESHOLD) {
        p.threshold = 0.5f;
        p.default_value = -2.0f;
    }
    return p;
}

/* ------------------------------------------------- aligned allocation */

static inline float *alloc_floats(size_t n)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, (n ? n : 1) * sizeof(float)) != 0) {
        printf("FATAL: out of memory\n");
        exit(2);
    }
    return (float *)p;
}

#endif
