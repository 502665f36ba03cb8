/* libFuzzer target over the whole libactfn C API (see fuzz/README.md).
 *
 * The input picks a function (element-wise through actfn_apply_f32 or its
 * own actfn_<name>_f32, op values out of range included; every row-wise
 * function; names), parameters from special and extreme values or raw
 * bits, lengths, shapes, a byte offset, in place or not, and the inputs.
 * Oracle: the same status and the same bits on every ISA this CPU has;
 * nothing written on error; in place equal to out of place; element-wise
 * results finite where the exact value is, and within the documented bound
 * of a double reference. Buffers are exactly as long as the call may touch,
 * so AddressSanitizer sees any access outside them. */
#include <stdint.h>

#include "../c_tests/common.h"
#include "reference.h"

static const float PSPECIAL[] = {
    0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 3.0f, 1e-45f, -1e-45f, 1e-40f, FLT_MIN, 0x1p-100f, 1e-20f, 1e20f,
    0x1p100f, 1e38f, -1e38f, 3e38f, -3e38f, FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, 0x1.16c2p-133f,
    -0x1.25bbbp-59f, 0x1.20ab86p+126f,
};
#define NPS (sizeof PSPECIAL / sizeof PSPECIAL[0])
#define SENT 0x7fc0deadu

typedef struct {
    const uint8_t *p;
    size_t n;
} rd_t;

static uint8_t u8(rd_t *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

static float value(rd_t *r)
{
    uint8_t k = u8(r);
    if (k < 160)
        return PSPECIAL[k % NPS];
    {
        uint32_t b = (uint32_t)u8(r) | (uint32_t)u8(r) << 8 | (uint32_t)u8(r) << 16 | (uint32_t)u8(r) << 24;
        return bitsf(b);
    }
}

static void fail(const char *what, unsigned kind, unsigned op, size_t i)
{
    fprintf(stderr, "FUZZ FINDING: %s (kind %u, op %u, index %zu)\n", what, kind, op, i);
    abort();
}

static double ulps(float got, double ref)
{
    double a = fabs(ref), u;
    int e;
    if (a < FLT_MIN)
        u = ldexp(1.0, -149);
    else {
        frexp(a, &e);
        u = ldexp(1.0, e - 24);
    }
    return fabs((double)got - ref) / u;
}

enum { K_APPLY, K_NAMED, K_SOFTMAX, K_LOGSOFTMAX, K_SMAXIS, K_LSMAXIS, K_GLU, K_SPARSEMAX, K_PRELU, K_MASKED, K_NAMES, K_N };

typedef struct {
    unsigned kind, op, with_params;
    actfn_params prm;
    size_t a, b, c; /* n or shape */
    size_t nx, ny, nm, nalpha;
} call_t;

/* One call on the active ISA; y may equal x. */
static actfn_status run(const call_t *c, const float *x, float *y, const uint8_t *mask, const float *alpha)
{
    switch (c->kind) {
    case K_APPLY: return actfn_apply_f32(c->op, c->with_params ? &c->prm : NULL, x, y, c->a);
    case K_NAMED: return call_named(c->op, &c->prm, x, y, c->a);
    case K_SOFTMAX: return actfn_softmax_f32(x, y, c->a, c->b);
    case K_LOGSOFTMAX: return actfn_log_softmax_f32(x, y, c->a, c->b);
    case K_SMAXIS: return actfn_softmax_axis_f32(x, y, c->a, c->b, c->c);
    case K_LSMAXIS: return actfn_log_softmax_axis_f32(x, y, c->a, c->b, c->c);
    case K_GLU: return actfn_glu_f32(x, y, c->a, c->b, c->c);
    case K_SPARSEMAX: return actfn_sparsemax_f32(x, y, c->a, c->b);
    case K_PRELU: return actfn_prelu_f32(x, y, c->a, c->b, alpha);
    default: return actfn_softmax_masked_f32(x, mask, y, c->a, c->b, c->c);
    }
}

static float *copy_of(const float *v, size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof(float));
    if (n)
        memcpy(p, v, n * sizeof(float));
    return p;
}

static float *sentinels(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof(float));
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = bitsf(SENT);
    return p;
}

static int known_isa_name(const char *n)
{
    return !strcmp(n, "scalar") || !strcmp(n, "avx2") || !strcmp(n, "avx512") || !strcmp(n, "neon");
}

/* Names: the rest of the input as a name (and its first byte as an ISA
 * value): a name that resolves round-trips through actfn_op_name, an ISA
 * value outside the public ones is "unknown" (100 was "scalar-soft-fma"). */
static void names(const uint8_t *p, size_t n)
{
    char name[64];
    actfn_op op = 0xdead;
    actfn_status st;
    const char *in;
    unsigned v = n ? p[0] : 0;
    size_t len = n < sizeof name - 1 ? n : sizeof name - 1;
    memcpy(name, p, len);
    name[len] = 0;
    st = actfn_op_from_name(name, &op);
    if (st == ACTFN_OK && (op >= ACTFN_OP_COUNT || strcmp(actfn_op_name(op), name) != 0)) {
        /* Keras aliases resolve to another canonical name: that one must
         * resolve to the same op. */
        actfn_op op2 = 0xdead;
        if (op >= ACTFN_OP_COUNT || actfn_op_from_name(actfn_op_name(op), &op2) != ACTFN_OK || op2 != op)
            fail("op name does not round-trip", K_NAMES, op, 0);
    }
    if (st != ACTFN_OK && op != 0xdead)
        fail("op written on error", K_NAMES, op, 0);
    if (st == ACTFN_OK || st == ACTFN_ERR_UNKNOWN_NAME || st == ACTFN_ERR_ROWWISE)
        ;
    else
        fail("op_from_name status", K_NAMES, st, 0);
    in = actfn_isa_name(v);
    if (v >= ACTFN_ISA_SCALAR && v <= ACTFN_ISA_NEON ? !known_isa_name(in)
                                                      : strcmp(in, v == ACTFN_ISA_NONE ? "none" : "unknown"))
        fail("isa name", K_NAMES, v, 0);
    {
        /* Every canonical name resolves to its own op ("gelu_tanh" and
         * "relu_ex" did not). */
        actfn_op o = v % ACTFN_OP_COUNT, back = 0xdead;
        if (actfn_op_from_name(actfn_op_name(o), &back) != ACTFN_OK || back != o)
            fail("canonical op name does not resolve", K_NAMES, o, 0);
    }
    if (actfn_op_name(ACTFN_OP_COUNT + v) != NULL)
        fail("op name of a non-op", K_NAMES, v, 0);
}

/* ACTFN_ISA as the fuzzer was started with: anything but a known name
 * (bytes that are not UTF-8 included) must give ACTFN_ISA_NONE; empty or
 * unset the best ISA. Checked once, before any other call. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *e = getenv("ACTFN_ISA");
    actfn_isa a = actfn_active_isa();
    (void)argc;
    (void)argv;
    if (e && *e && !known_isa_name(e) && a != ACTFN_ISA_NONE) {
        fprintf(stderr, "FUZZ FINDING: ACTFN_ISA set to unknown bytes, active ISA %s\n", actfn_isa_name(a));
        abort();
    }
    if ((!e || !*e) && a == ACTFN_ISA_NONE)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int nisas = -1;
    static actfn_isa isas[8];
    rd_t r = {data, size};
    call_t c;
    float *x, *alpha, *first = NULL;
    uint8_t *mask;
    actfn_status s0 = 0;
    size_t i;
    int k, inplace;

    if (nisas < 0) {
        actfn_isa i2;
        nisas = 0;
        for (i2 = ACTFN_ISA_SCALAR; i2 <= ACTFN_ISA_NEON; i2++)
            if (actfn_isa_supported(i2))
                isas[nisas++] = i2;
    }
    memset(&c, 0, sizeof c);
    c.kind = u8(&r) % K_N;
    if (c.kind == K_NAMES) {
        names(r.p, r.n);
        return 0;
    }
    c.op = u8(&r) % (ACTFN_OP_COUNT + 2);
    c.with_params = u8(&r) % 4 != 0;
    actfn_params_default(c.op < ACTFN_OP_COUNT ? c.op : 0, &c.prm);
    if (u8(&r) & 1) {
        c.prm.negative_slope = value(&r);
        c.prm.max_value = value(&r);
        c.prm.threshold = value(&r);
        c.prm.alpha = value(&r);
        c.prm.default_value = value(&r);
        c.prm.b = value(&r);
    }
    inplace = u8(&r) & 1;
    if (c.kind <= K_NAMED) {
        c.a = u8(&r) % 70;
        c.nx = c.ny = c.a;
    } else {
        c.a = u8(&r) % 6;
        c.b = u8(&r) % 40;
        c.c = u8(&r) % 4;
        switch (c.kind) {
        case K_SOFTMAX: case K_LOGSOFTMAX: case K_SPARSEMAX: case K_PRELU: c.nx = c.ny = c.a * c.b; break;
        case K_GLU: c.nx = c.a * c.b * c.c; c.ny = c.nx / 2; inplace = 0; break;
        case K_MASKED: c.nx = c.ny = c.a * c.b; c.c = c.c % 2 ? 1 : c.a; c.nm = c.c * c.b; break;
        default: c.nx = c.ny = c.a * c.b * c.c;
        }
        c.nalpha = c.b;
    }
    x = malloc((c.nx ? c.nx : 1) * sizeof(float));
    for (i = 0; i < c.nx; i++)
        x[i] = value(&r);
    alpha = malloc((c.nalpha ? c.nalpha : 1) * sizeof(float));
    for (i = 0; i < c.nalpha; i++)
        alpha[i] = value(&r);
    mask = malloc(c.nm ? c.nm : 1);
    for (i = 0; i < c.nm; i++)
        mask[i] = u8(&r) & 1;

    for (k = 0; k < nisas; k++) {
        float *xi = copy_of(x, c.nx), *y = sentinels(c.ny);
        actfn_status st;
        actfn_force_isa(isas[k]);
        st = run(&c, xi, y, mask, alpha);
        if (memcmp(xi, x, c.nx * sizeof(float)))
            fail("input buffer modified", c.kind, c.op, 0);
        if (st != ACTFN_OK)
            for (i = 0; i < c.ny; i++)
                if (fbits(y[i]) != SENT)
                    fail("written on error", c.kind, c.op, i);
        if (k == 0) {
            s0 = st;
            first = y;
        } else {
            if (st != s0)
                fail("status differs between ISAs", c.kind, c.op, 0);
            for (i = 0; i < c.ny; i++)
                if (fbits(y[i]) != fbits(first[i]))
                    fail("bits differ between ISAs", c.kind, c.op, i);
            free(y);
        }
        free(xi);
    }
    /* In place, on the last ISA forced (same bits as any other). */
    if (inplace && c.nx == c.ny) {
        float *xy = copy_of(x, c.nx);
        actfn_status st = run(&c, xy, xy, mask, alpha);
        if (st != s0)
            fail("in place status differs", c.kind, c.op, 0);
        for (i = 0; i < c.nx; i++)
            if (fbits(xy[i]) != fbits(s0 == ACTFN_OK ? first[i] : x[i]))
                fail(s0 == ACTFN_OK ? "in place differs from out of place" : "in place: written on error", c.kind,
                     c.op, i);
        free(xy);
    }
    /* Element-wise: finite where the exact value is, within the bound. */
    if (s0 == ACTFN_OK && c.kind <= K_NAMED && c.op < ACTFN_OP_COUNT) {
        actfn_params p = c.prm;
        double bound = is_exact_op(c.op) ? 0.5 + 1e-6 : 1.0 + 1e-6;
        if (c.kind == K_APPLY && !c.with_params)
            actfn_params_default(c.op, &p);
        for (i = 0; i < c.nx; i++) {
            double ref = reference(c.op, &p, (double)x[i]);
            if (isnan(x[i]))
                continue;
            if (isfinite(ref) && fabs(ref) < (double)FLT_MAX + ldexp(1.0, 103) && !isfinite(first[i]))
                fail("not finite where the exact value is", c.kind, c.op, i);
            if (isfinite(ref) && isfinite(first[i]) && ulps(first[i], ref) > bound) {
                fprintf(stderr, "x = %a, got %a, ref %.17g (%.3f ulp)\n", x[i], first[i], ref, ulps(first[i], ref));
                fail("outside the documented bound", c.kind, c.op, i);
            }
        }
    }
    free(first);
    free(x);
    free(alpha);
    free(mask);
    return 0;
}
