/* Every element-wise function, on every ISA this CPU has, against the plain
 * C double reference of common.h: special values, ~10^5 random inputs per
 * parameter set, documented limits and signed zeros, NaN in -> NaN out,
 * cross-ISA bit identity, and actfn_apply_f32 == actfn_<name>_f32. */
#include "common.h"

struct limit {
    actfn_op op;
    float x, want;
};

#define SELU_NEG_SAT ((float)(-(double)SELU_SCALE_F * (double)SELU_ALPHA_F))

/* ACTIVATIONS.md: "the library returns the mathematical limit" and keeps the
 * sign of zero where the math does (default parameters). */
static const struct limit LIMITS[] = {
    {ACTFN_OP_SILU, -INFINITY, -0.0f}, {ACTFN_OP_GELU, -INFINITY, -0.0f},
    {ACTFN_OP_GELU_TANH, -INFINITY, -0.0f}, {ACTFN_OP_MISH, -INFINITY, -0.0f},
    {ACTFN_OP_HARD_SILU, -INFINITY, -0.0f}, {ACTFN_OP_SOFTSIGN, INFINITY, 1.0f},
    {ACTFN_OP_SOFTSIGN, -INFINITY, -1.0f}, {ACTFN_OP_SIGMOID, INFINITY, 1.0f},
    {ACTFN_OP_SIGMOID, -INFINITY, 0.0f}, {ACTFN_OP_SIGMOID, 0.0f, 0.5f},
    {ACTFN_OP_TANH, INFINITY, 1.0f}, {ACTFN_OP_TANH, -INFINITY, -1.0f},
    {ACTFN_OP_TANH, -0.0f, -0.0f}, {ACTFN_OP_SOFTPLUS, -INFINITY, 0.0f},
    {ACTFN_OP_SOFTPLUS, INFINITY, INFINITY}, {ACTFN_OP_SOFTPLUS, FLT_MAX, FLT_MAX},
    {ACTFN_OP_LOG_SIGMOID, INFINITY, -0.0f}, {ACTFN_OP_LOG_SIGMOID, -INFINITY, -INFINITY},
    {ACTFN_OP_LOG_SIGMOID, -FLT_MAX, -FLT_MAX}, {ACTFN_OP_EXPONENTIAL, -INFINITY, 0.0f},
    {ACTFN_OP_EXPONENTIAL, INFINITY, INFINITY}, {ACTFN_OP_EXPONENTIAL, 88.72284f, INFINITY},
    {ACTFN_OP_EXPONENTIAL, 0.0f, 1.0f}, {ACTFN_OP_ELU, -INFINITY, -1.0f},
    {ACTFN_OP_ELU, -0.0f, -0.0f}, {ACTFN_OP_SELU, -INFINITY, SELU_NEG_SAT},
    {ACTFN_OP_SELU, FLT_MAX, INFINITY}, {ACTFN_OP_SELU, -0.0f, -0.0f},
    {ACTFN_OP_CELU, -INFINITY, -1.0f}, {ACTFN_OP_SQUAREPLUS, -INFINITY, 0.0f},
    {ACTFN_OP_SQUAREPLUS, INFINITY, INFINITY}, {ACTFN_OP_SQUAREPLUS, 0.0f, 1.0f},
    {ACTFN_OP_SQUAREPLUS, FLT_MAX, FLT_MAX}, {ACTFN_OP_TANH_SHRINK, INFINITY, INFINITY},
    {ACTFN_OP_TANH_SHRINK, -INFINITY, -INFINITY}, {ACTFN_OP_TANH_SHRINK, FLT_MAX, FLT_MAX},
    {ACTFN_OP_RELU, -0.0f, 0.0f}, {ACTFN_OP_RELU, -INFINITY, 0.0f},
    {ACTFN_OP_RELU, 1e-40f, 1e-40f}, {ACTFN_OP_RELU6, -0.0f, 0.0f},
    {ACTFN_OP_RELU6, INFINITY, 6.0f}, {ACTFN_OP_LEAKY_RELU, -0.0f, -0.0f},
    {ACTFN_OP_LEAKY_RELU, -INFINITY, -INFINITY}, {ACTFN_OP_HARD_TANH, -0.0f, -0.0f},
    {ACTFN_OP_SILU, -0.0f, -0.0f}, {ACTFN_OP_GELU, -0.0f, -0.0f},
    {ACTFN_OP_GELU, INFINITY, INFINITY}, {ACTFN_OP_GELU, FLT_MAX, FLT_MAX},
    {ACTFN_OP_GELU_TANH, FLT_MAX, FLT_MAX}, {ACTFN_OP_GELU_TANH, INFINITY, INFINITY},
    {ACTFN_OP_SILU, INFINITY, INFINITY}, {ACTFN_OP_SILU, FLT_MAX, FLT_MAX},
    {ACTFN_OP_MISH, INFINITY, INFINITY}, {ACTFN_OP_MISH, FLT_MAX, FLT_MAX},
    {ACTFN_OP_HARD_SILU, INFINITY, INFINITY}, {ACTFN_OP_HARD_SILU, -3.0f, -0.0f},
    {ACTFN_OP_SPARSE_PLUS, 0.0f, 0.25f}, {ACTFN_OP_SPARSE_PLUS, -INFINITY, 0.0f},
    {ACTFN_OP_HARD_SIGMOID, 0.0f, 0.5f}, {ACTFN_OP_SPARSE_SIGMOID, -0.0f, 0.5f},
    {ACTFN_OP_SOFTSIGN, -0.0f, -0.0f}, {ACTFN_OP_SOFTSIGN, 33554432.0f, 1.0f},
    {ACTFN_OP_SOFT_SHRINK, -0.25f, 0.0f}, {ACTFN_OP_HARD_SHRINK, -0.25f, 0.0f},
    {ACTFN_OP_LINEAR, -0.0f, -0.0f},
};

static void test_limits(void)
{
    size_t k;
    int i;
    for (i = 0; i < t_nisas; i++) {
        int bad = 0;
        force_isa(t_isas[i]);
        for (k = 0; k < sizeof LIMITS / sizeof LIMITS[0]; k++) {
            const struct limit *l = &LIMITS[k];
            actfn_params p;
            float y = 12345.0f;
            actfn_params_default(l->op, &p);
            call_named(l->op, &p, &l->x, &y, 1);
            if (!check(same_bits(y, l->want), "[%s] limit %s(%a = %g) = %a (%g), want %a (%g)",
                       actfn_isa_name(t_isas[i]), actfn_op_name(l->op), (double)l->x, (double)l->x,
                       (double)y, (double)y, (double)l->want, (double)l->want))
                bad++;
        }
        note("%-7s %zu documented limits / signed zeros checked, %d wrong", actfn_isa_name(t_isas[i]),
             sizeof LIMITS / sizeof LIMITS[0], bad);
    }
}

static void test_case(const case_t *c, size_t n, const float *x, float *ref, float *y, float *y0, float *ya)
{
    size_t j;
    int i;
    actfn_status s;
    uint64_t isa_max[8] = {0};

    for (j = 0; j < n; j++)
        ref[j] = reference_f(c->op, &c->p, x[j]);

    for (i = 0; i < t_nisas; i++) {
        const char *isa = actfn_isa_name(t_isas[i]);
        uint64_t worst = 0;
        size_t worst_j = 0, nbad = 0, nnan = 0;
        force_isa(t_isas[i]);
        memset(y, 0xA5, n * sizeof *y);
        s = call_named(c->op, &c->p, x, y, n);
        if (!check(s == ACTFN_OK, "[%s] %s: status %d", isa, c->label, (int)s))
            continue;
        for (j = 0; j < n; j++) {
            uint64_t d;
            int bad;
            if (c->max_ulp == 0)
                d = c->op == ACTFN_OP_LINEAR ? !same_bits(y[j], ref[j]) : !same_or_nan(y[j], ref[j]);
            else
                d = ulp_dist(y[j], ref[j]);
            bad = d > c->max_ulp;
            /* A NaN comes back as itself, quieted (linear: unchanged). */
            if (isnan(x[j]) && fbits(y[j]) != (fbits(x[j]) | (c->op == ACTFN_OP_LINEAR ? 0u : 0x00400000u))) {
                nnan++;
                bad = 1;
            }
            if (bad)
                nbad++;
            if (d > worst || (bad && worst <= c->max_ulp)) {
                worst = d;
                worst_j = j;
            }
        }
        isa_max[i] = worst;
        check(nbad == 0,
              "[%s] %s: %zu of %zu outside %u ULP (%zu NaN inputs not returned quieted); worst x=%a (%.9g) got %a (%.9g) "
              "want %a (%.9g)",
              isa, c->label, nbad, n, c->max_ulp, nnan, (double)x[worst_j], (double)x[worst_j],
              (double)y[worst_j], (double)y[worst_j], (double)ref[worst_j], (double)ref[worst_j]);
        /* Cross-ISA bit identity against the first ISA (scalar). */
        if (i == 0) {
            memcpy(y0, y, n * sizeof *y);
        } else {
            size_t diff = 0, first = 0, ndiff = 0, nfirst = 0;
            for (j = 0; j < n; j++)
                if (!same_bits(y[j], y0[j])) {
                    if (isnan(y[j]) && isnan(y0[j])) { /* NaN sign or payload only */
                        if (!ndiff++)
                            nfirst = j;
                    } else if (!diff++)
                        first = j;
                }
            check(diff == 0, "[%s vs %s] %s: %zu results differ in bits; first x=%a: %a vs %a", isa,
                  actfn_isa_name(t_isas[0]), c->label, diff, (double)x[first], (double)y[first],
                  (double)y0[first]);
            check(ndiff == 0, "[%s vs %s] %s: %zu NaN results differ in sign/payload; first x=%a (0x%08x): 0x%08x vs 0x%08x",
                  isa, actfn_isa_name(t_isas[0]), c->label, ndiff, (double)x[nfirst], (unsigned)fbits(x[nfirst]),
                  (unsigned)fbits(y[nfirst]), (unsigned)fbits(y0[nfirst]));
        }
        /* actfn_apply_f32 is the same function. */
        memset(ya, 0x5A, n * sizeof *ya);
        s = actfn_apply_f32(c->op, &c->p, x, ya, n);
        check(s == ACTFN_OK && memcmp(ya, y, n * sizeof *y) == 0, "[%s] %s: actfn_apply_f32 differs (status %d)",
              isa, c->label, (int)s);
    }
    {
        char buf[128];
        int len = snprintf(buf, sizeof buf, "%-38s", c->label);
        for (i = 0; i < t_nisas && len < (int)sizeof buf; i++) {
            char cell[24];
            if (c->max_ulp)
                snprintf(cell, sizeof cell, "%llu", (unsigned long long)isa_max[i]);
            else
                snprintf(cell, sizeof cell, "%s", isa_max[i] ? "WRONG" : "exact");
            len += snprintf(buf + len, sizeof buf - len, " %-7s", cell);
        }
        note("%s", buf);
    }
}

int main(void)
{
    size_t n = 100000, j, total;
    const char *env = getenv("ACTFN_TEST_N");
    float *x, *ref, *y, *y0, *ya;
    int k, i;
    char hdr[128];
    int len;

    t_prog = "elementwise";
    if (env && atol(env) > 0)
        n = (size_t)atol(env);
    detect_isas();
    build_cases();
    printf("elementwise: %d parameter sets x %zu inputs (+%zu specials)\n", t_ncases, n, (size_t)NSPECIALS);
    print_isas();

    total = n + NSPECIALS;
    x = alloc_floats(total);
    ref = alloc_floats(total);
    y = alloc_floats(total);
    y0 = alloc_floats(total);
    ya = alloc_floats(total);
    for (j = 0; j < NSPECIALS; j++)
        x[j] = SPECIALS[j];
    for (; j < total; j++)
        x[j] = rng_input();
    /* NaNs with payloads, signalling ones included, amid the random inputs. */
    {
        static const uint32_t nans[] = {0x7fc12345u, 0xffc00001u, 0x7f800001u, 0xffa00000u, 0x7fbfffffu};
        for (k = 0; k < (int)(sizeof nans / sizeof nans[0]); k++)
            x[NSPECIALS + 7 * (size_t)k + 3] = bitsf(nans[k]);
    }

    len = snprintf(hdr, sizeof hdr, "%-38s", "max ULP vs C reference:");
    for (i = 0; i < t_nisas; i++)
        len += snprintf(hdr + len, sizeof hdr - len, " %-7s", actfn_isa_name(t_isas[i]));
    note("%s", hdr);
    for (k = 0; k < t_ncases; k++)
        test_case(&t_cases[k], total, x, ref, y, y0, ya);
    test_limits();
    actfn_force_isa(ACTFN_ISA_NONE);

    free(x); free(ref); free(y); free(y0); free(ya);
    return finish();
}
