/* Every element-wise function, on every ISA this CPU has: the catalogue's
 * parameter sets against the reference results that examples/
 * c_test_tables.rs wrote (tests/common/reference/, correctly rounded), and
 * ~10^5 random inputs more for cross-ISA bit identity; the catalogue's
 * special values; NaN in -> that NaN out, quieted; and actfn_apply_f32 ==
 * actfn_<name>_f32. */
#include "reference.h"

static void test_specials(void)
{
    size_t k;
    int i;
    for (i = 0; i < t_nisas; i++) {
        int bad = 0;
        force_isa(t_isas[i]);
        for (k = 0; k < T_NSPECIALS; k++) {
            const struct t_special *sp = &T_SPECIALS[k];
            const struct t_op *o = &T_OPS[sp->op];
            float y = 12345.0f;
            int ok;
            call_named(sp->op, &sp->p, &sp->x, &y, 1);
            ok = sp->bits || o->exact ? same_or_nan(y, sp->want) : ulp_dist(y, sp->want) <= (uint64_t)ceil(o->bound);
            if (!check(ok, "[%s] special %s(%a = %g) = %a (%g), want %a (%g)", actfn_isa_name(t_isas[i]), o->name,
                       (double)sp->x, (double)sp->x, (double)y, (double)y, (double)sp->want, (double)sp->want))
                bad++;
        }
        note("%-7s %zu special values of the catalogue checked, %d wrong", actfn_isa_name(t_isas[i]),
             (size_t)T_NSPECIALS, bad);
    }
}

/* Set k: its reference inputs x[0..nref) (results in ref), then random
 * inputs up to n, checked across ISAs only. */
static void test_case(size_t k, size_t n, float *x, float *ref, float *y, float *y0, float *ya)
{
    const case_t *c = &t_cases[k];
    size_t j, nref = ref_count;
    int i;
    actfn_status s;
    uint64_t isa_max[8] = {0};

    ref_set(k, x, ref);

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
            uint64_t d = 0;
            int bad;
            if (j >= nref)
                d = 0;
            else if (c->max_ulp == 0)
                d = !same_or_nan(y[j], ref[j]);
            else
                d = ulp_dist(y[j], ref[j]);
            bad = d > c->max_ulp;
            /* A NaN comes back as itself, quieted (linear: unchanged). */
            if (isnan(x[j]) && fbits(y[j]) != (fbits(x[j]) | (T_OPS[c->op].copies_nan ? 0u : 0x00400000u))) {
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
    load_reference();
    printf("elementwise: %d parameter sets x (%zu reference inputs + %zu random)\n", t_ncases, ref_count, n);
    print_isas();

    total = n + ref_count;
    x = alloc_floats(total);
    ref = alloc_floats(total);
    y = alloc_floats(total);
    y0 = alloc_floats(total);
    ya = alloc_floats(total);
    for (j = ref_count; j < total; j++)
        x[j] = rng_input();
    /* NaNs with payloads, signalling ones included, amid the random inputs. */
    {
        static const uint32_t nans[] = {0x7fc12345u, 0xffc00001u, 0x7f800001u, 0xffa00000u, 0x7fbfffffu};
        for (k = 0; k < (int)(sizeof nans / sizeof nans[0]); k++)
            x[ref_count + 7 * (size_t)k + 3] = bitsf(nans[k]);
    }

    len = snprintf(hdr, sizeof hdr, "%-38s", "max ULP vs reference:");
    for (i = 0; i < t_nisas; i++)
        len += snprintf(hdr + len, sizeof hdr - len, " %-7s", actfn_isa_name(t_isas[i]));
    note("%s", hdr);
    for (k = 0; k < t_ncases; k++)
        test_case((size_t)k, total, x, ref, y, y0, ya);
    test_specials();
    actfn_force_isa(ACTFN_ISA_NONE);

    free(x); free(ref); free(y); free(y0); free(ya); free(ref_data);
    return finish();
}
