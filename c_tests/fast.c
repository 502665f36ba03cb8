/* The fast tier through the C API, on every ISA this CPU has: each
 * actfn_<name>_fast_f32 on the catalogue's parameter sets against the
 * correctly rounded reference results (within the fast bound, bit-exact
 * for exact ops without a fast kernel), equal to actfn_apply_f32(op |
 * ACTFN_FAST) and across ISAs bit for bit; NaN in -> that NaN out,
 * quieted; the catalogue's special values; out-of-domain parameters
 * refused with nothing written; the tier in the name functions. */
#include "reference.h"

/* The largest ULP distance from the correctly rounded reference that the
 * fast tier of op `op` may have (0: bit-exact). */
static uint64_t fast_limit(actfn_op op)
{
    const struct t_fast *t = &T_FAST[op];
    if (!t->own && T_OPS[op].exact)
        return 0;
    return (uint64_t)ceil(t->bound);
}

static void test_sets(float *x, float *ref, float *y, float *y0, float *ya)
{
    size_t k, j, n = ref_count;
    int i;
    for (k = 0; k < T_NSETS; k++) {
        const struct t_set *set = &T_SETS[k];
        const struct t_fast *t = &T_FAST[set->op];
        uint64_t limit = fast_limit(set->op);
        ref_set(k, x, ref);
        for (i = 0; i < t_nisas; i++) {
            const char *isa = actfn_isa_name(t_isas[i]);
            size_t nbad = 0, worst_j = 0, ndiff = 0, napply = 0;
            uint64_t worst = 0;
            actfn_status s;
            force_isa(t_isas[i]);
            memset(y, 0xA5, n * sizeof *y);
            s = t->named(x, y, n, &set->p);
            if (!check(s == ACTFN_OK, "[%s] %s_fast (%s): status %d", isa, T_OPS[set->op].name, set->label, (int)s))
                continue;
            for (j = 0; j < n; j++) {
                uint64_t d = limit ? ulp_dist(y[j], ref[j]) : !same_or_nan(y[j], ref[j]);
                int bad = d > limit;
                if (isnan(x[j]) &&
                    fbits(y[j]) != (fbits(x[j]) | (T_OPS[set->op].copies_nan ? 0u : 0x00400000u)))
                    bad = 1;
                if (bad)
                    nbad++;
                if (d > worst) {
                    worst = d;
                    worst_j = j;
                }
            }
            check(nbad == 0, "[%s] %s_fast (%s): %zu of %zu outside %" PRIu64 " ULP; worst x=%a got %a want %a", isa,
                  T_OPS[set->op].name, set->label, nbad, n, limit, (double)x[worst_j], (double)y[worst_j],
                  (double)ref[worst_j]);
            /* actfn_apply_f32 with the tier bit: the same bits. */
            memset(ya, 0xA5, n * sizeof *ya);
            s = actfn_apply_f32(t->op, &set->p, x, ya, n);
            check(s == ACTFN_OK, "[%s] apply(%s): status %d", isa, t->name, (int)s);
            for (j = 0; j < n; j++)
                if (!same_bits(y[j], ya[j]))
                    napply++;
            check(napply == 0, "[%s] %s (%s): %zu results differ from actfn_apply_f32(op | ACTFN_FAST)", isa, t->name,
                  set->label, napply);
            if (i == 0) {
                memcpy(y0, y, n * sizeof *y);
            } else {
                for (j = 0; j < n; j++)
                    if (!same_bits(y[j], y0[j]))
                        ndiff++;
                check(ndiff == 0, "[%s] %s (%s): %zu results differ from %s", isa, t->name, set->label, ndiff,
                      actfn_isa_name(t_isas[0]));
            }
        }
    }
    force_isa(ACTFN_ISA_NONE);
    note("%zu parameter sets x %zu reference inputs, both calls, %d ISA(s)", (size_t)T_NSETS, ref_count, t_nisas);
}

static void test_specials(void)
{
    size_t k;
    int i;
    for (i = 0; i < t_nisas; i++) {
        int bad = 0;
        force_isa(t_isas[i]);
        for (k = 0; k < T_NSPECIALS; k++) {
            const struct t_special *sp = &T_SPECIALS[k];
            const struct t_fast *t = &T_FAST[sp->op];
            uint64_t limit = fast_limit(sp->op);
            float y = 12345.0f;
            int ok;
            t->named(&sp->x, &y, 1, &sp->p);
            ok = sp->bits || !limit ? same_or_nan(y, sp->want) : ulp_dist(y, sp->want) <= limit;
            if (!check(ok, "[%s] special %s(%a) = %a, want %a", actfn_isa_name(t_isas[i]), t->name, (double)sp->x,
                       (double)y, (double)sp->want))
                bad++;
        }
        note("%-7s %zu special values in the fast tier, %d wrong", actfn_isa_name(t_isas[i]), (size_t)T_NSPECIALS,
             bad);
    }
    force_isa(ACTFN_ISA_NONE);
}

static void test_bad_params(void)
{
    size_t k;
    float x[8] = {1, -1, 0.5f, 2, -3, 4, 0, 7}, y[8];
    for (k = 0; k < T_NBAD; k++) {
        const struct t_bad *b = &T_BAD_PARAMS[k];
        const struct t_fast *t = &T_FAST[b->op];
        int j, untouched = 1;
        actfn_status s;
        memset(y, 0xA5, sizeof y);
        s = t->named(x, y, 8, &b->p);
        for (j = 0; j < 8; j++)
            untouched &= fbits(y[j]) == 0xA5A5A5A5u;
        check(s == ACTFN_ERR_PARAM && untouched, "%s with %s: status %d, %s", t->name, b->what, (int)s,
              untouched ? "nothing written" : "written");
        s = actfn_apply_f32(t->op, &b->p, x, y, 8);
        check(s == ACTFN_ERR_PARAM, "apply(%s) with %s: status %d", t->name, b->what, (int)s);
    }
    note("%zu out-of-domain parameters refused by the fast tier", (size_t)T_NBAD);
}

static void test_names(void)
{
    size_t k;
    int own = 0;
    for (k = 0; k < T_NOPS; k++) {
        const struct t_fast *t = &T_FAST[k];
        const char *name = actfn_op_name(t->op);
        actfn_op got = 0;
        check(t->op == (T_OPS[k].op | ACTFN_FAST), "T_FAST[%zu] is op %u", k, (unsigned)t->op);
        check(name && !strcmp(name, t->name), "actfn_op_name(%s | ACTFN_FAST) = %s", T_OPS[k].name,
              name ? name : "NULL");
        check(actfn_op_from_name(t->name, &got) == ACTFN_OK && got == t->op, "actfn_op_from_name(\"%s\") = %u",
              t->name, (unsigned)got);
        own += t->own;
    }
    check(own > 0, "some function has a fast kernel of its own");
    check(actfn_apply_f32(ACTFN_OP_COUNT | ACTFN_FAST, NULL, NULL, NULL, 0) == ACTFN_ERR_UNKNOWN_OP,
          "ACTFN_OP_COUNT | ACTFN_FAST is not an op");
    check(actfn_apply_f32(ACTFN_OP_RELU | (ACTFN_FAST << 1), NULL, NULL, NULL, 0) == ACTFN_ERR_UNKNOWN_OP,
          "other high bits are not ops");
    note("%zu fast names round-trip; %d functions have a fast kernel of their own", (size_t)T_NOPS, own);
}

int main(void)
{
    float *x, *ref, *y, *y0, *ya;
    t_prog = "fast";
    detect_isas();
    load_reference();
    printf("fast: the fast tier of %zu functions\n", (size_t)T_NOPS);
    print_isas();
    x = alloc_floats(ref_count);
    ref = alloc_floats(ref_count);
    y = alloc_floats(ref_count);
    y0 = alloc_floats(ref_count);
    ya = alloc_floats(ref_count);
    test_names();
    test_sets(x, ref, y, y0, ya);
    test_specials();
    test_bad_params();
    free(x);
    free(ref);
    free(y);
    free(y0);
    free(ya);
    return finish();
}
