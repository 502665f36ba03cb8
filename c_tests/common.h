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
    for (i = ACTFN_ISA_SCALAR; i < ACTFN_ISA_COUNT; i++)
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

/* Special inputs: zeros, subnormals, landmarks of docs/activations.md 2.7, huge
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

/* ------------------------------------------------ row-wise references */

/* The logistic function in double, for glu's reference (c_tests/rowwise.c);
 * the element-wise references come from the catalogue's tables below. */
static inline double d_sigmoid(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    else {
        double e = exp(x);
        return e / (1.0 + e);
    }
}

/* ----------------------------------------------- the catalogue's tables */

/* Generated from the catalogue by examples/c_test_tables.rs (the Makefile
 * runs it): every op with its named function, parameters and bound, the
 * parameter sets the tests run, the special values and the out-of-domain
 * parameters, so that no C file lists the ops by hand. */
typedef actfn_status (*t_named_fn)(const float *x, float *y, size_t n, const actfn_params *p);
struct t_op {
    actfn_op op;
    const char *name;
    const char *symbol; /* "actfn_<name>_f32" */
    t_named_fn named;   /* calls it with the fields of *p */
    unsigned nparams;
    const char *params[6];
    int exact;          /* piecewise linear: correctly rounded */
    double bound;       /* else: max ULP from the exact value */
    int copies_nan;     /* linear: a NaN comes back unchanged, not quieted */
};
/* The fast tier of op k is T_FAST[k]: `op` with ACTFN_FAST, its name as
 * actfn_op_name spells it, its actfn_<name>_fast_f32, whether it has a
 * kernel of its own (else it runs the exact one), and its bound in ULP (0:
 * bit-exact, for an exact op without a fast kernel). */
struct t_fast {
    actfn_op op;
    const char *name;
    t_named_fn named;
    int own;
    double bound;
};
struct t_set { actfn_op op; actfn_params p; const char *label; };
struct t_special { actfn_op op; actfn_params p; float x; int bits; float want; };
struct t_bad { actfn_op op; actfn_params p; const char *what; };
struct t_name { const char *name; actfn_op op; };

#include "tables.h"

/* Calls the op's own actfn_<name>_f32 function with the fields of *p. */
static inline actfn_status call_named(actfn_op op, const actfn_params *p, const float *x, float *y, size_t n)
{
    return op < T_NOPS ? T_OPS[op].named(x, y, n, p) : -1;
}

static inline int is_exact_op(actfn_op op)
{
    return T_OPS[op].exact;
}

/* ------------------------------------------------- parameter sets per op */

typedef struct {
    actfn_op op;
    actfn_params p;
    unsigned max_ulp; /* 0: bit-exact (piecewise-linear); else the bound */
    const char *label;
} case_t;

static int t_ncases;
static case_t t_cases[T_NSETS];

/* Every parameter set of the catalogue; the bound is in ULP of the
 * correctly rounded reference (1 ULP of the exact value is at most 1 of
 * it). */
static inline void build_cases(void)
{
    size_t k;
    t_ncases = 0;
    for (k = 0; k < T_NSETS; k++) {
        case_t *c = &t_cases[t_ncases++];
        c->op = T_SETS[k].op;
        c->p = T_SETS[k].p;
        c->label = T_SETS[k].label;
        c->max_ulp = T_OPS[c->op].exact ? 0 : (unsigned)ceil(T_OPS[c->op].bound);
    }
}

/* Parameters that every op accepts: its first set (required ones filled). */
static inline actfn_params usable_params(actfn_op op)
{
    size_t k;
    for (k = 0; k < T_NSETS; k++)
        if (T_SETS[k].op == op)
            return T_SETS[k].p;
    printf("FATAL: no parameter set for op %u\n", (unsigned)op);
    exit(2);
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
