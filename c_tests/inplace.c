/* Tails, alignment and in place: every element-wise function (every
 * parameter set) on every ISA, lengths 1..67 at offsets 0..7 floats from a
 * 64-byte boundary, out of place and in place. y[i] must depend on x[i]
 * only (equal to a one-element call on the same ISA, bit for bit), nothing
 * outside y[0..n) may change, and the one-element results must agree across
 * ISAs. */
#include "common.h"

#define MAXLEN 67
#define MAXOFF 8
#define PAD 16
#define POOL (MAXLEN + MAXOFF)

static float pool[POOL];
static float golden[8][POOL]; /* per ISA: one-element calls */

int main(void)
{
    float *xb = alloc_floats(PAD + POOL + PAD), *yb = alloc_floats(PAD + POOL + PAD);
    int k, i;
    size_t j;
    unsigned long calls = 0;

    t_prog = "inplace";
    detect_isas();
    build_cases();
    printf("inplace: lengths 1..%d, offsets 0..%d, in and out of place, %d parameter sets\n", MAXLEN,
           MAXOFF - 1, t_ncases);
    print_isas();

    for (j = 0; j < POOL; j++)
        pool[j] = (j % 9 == 4) ? SPECIALS[(j * 7) % NSPECIALS] : rng_input();

    for (k = 0; k < t_ncases; k++) {
        const case_t *c = &t_cases[k];
        for (i = 0; i < t_nisas; i++) {
            const char *isa = actfn_isa_name(t_isas[i]);
            size_t len, off, bad = 0;
            char first[200] = "";
            force_isa(t_isas[i]);
            for (j = 0; j < POOL; j++)
                call_named(c->op, &c->p, &pool[j], &golden[i][j], 1);
            for (len = 1; len <= MAXLEN; len++) {
                for (off = 0; off < MAXOFF; off++) {
                    size_t yoff = (off * 5 + 3) % MAXOFF, t;
                    float *x = xb + PAD + off, *y = yb + PAD + yoff;
                    actfn_status s;
                    /* out of place; sentinels around y */
                    for (t = 0; t < PAD + POOL + PAD; t++)
                        yb[t] = bitsf(0x7FBADBADu);
                    memcpy(x, pool + off, len * sizeof(float));
                    s = call_named(c->op, &c->p, x, y, len);
                    calls++;
                    for (t = 0; t < PAD + POOL + PAD; t++) {
                        float *p = yb + t;
                        int inside = p >= y && p < y + len;
                        int ok = inside ? same_bits(*p, golden[i][off + (size_t)(p - y)])
                                        : fbits(*p) == 0x7FBADBADu;
                        if (s != ACTFN_OK || !ok) {
                            if (!bad++)
                                snprintf(first, sizeof first, "out of place len %zu off %zu/%zu: %s", len, off,
                                         yoff,
                                         s != ACTFN_OK ? "status" : inside ? "value differs from n=1 call"
                                                                          : "wrote outside y[0..n)");
                            break;
                        }
                    }
                    if (memcmp(x, pool + off, len * sizeof(float)) != 0 && !bad++)
                        snprintf(first, sizeof first, "out of place len %zu off %zu: x was modified", len, off);
                    /* in place */
                    for (t = 0; t < PAD + POOL + PAD; t++)
                        xb[t] = bitsf(0x7FBADBADu);
                    memcpy(x, pool + off, len * sizeof(float));
                    s = call_named(c->op, &c->p, x, x, len);
                    calls++;
                    for (t = 0; t < PAD + POOL + PAD; t++) {
                        float *p = xb + t;
                        int inside = p >= x && p < x + len;
                        int ok = inside ? same_bits(*p, golden[i][off + (size_t)(p - x)])
                                        : fbits(*p) == 0x7FBADBADu;
                        if (s != ACTFN_OK || !ok) {
                            if (!bad++)
                                snprintf(first, sizeof first, "in place len %zu off %zu: %s", len, off,
                                         s != ACTFN_OK ? "status" : inside ? "value differs from n=1 call"
                                                                          : "wrote outside x[0..n)");
                            break;
                        }
                    }
                }
            }
            check(bad == 0, "[%s] %s: %zu of %d (len, offset) runs wrong; first: %s", isa, c->label, bad,
                  MAXLEN * MAXOFF * 2, first);
            if (i > 0) {
                size_t diff = 0, fj = 0;
                for (j = 0; j < POOL; j++)
                    if (!same_or_nan(golden[i][j], golden[0][j]) && !diff++)
                        fj = j;
                check(diff == 0, "[%s vs %s] %s: %zu one-element results differ; x=%a: %a vs %a", isa,
                      actfn_isa_name(t_isas[0]), c->label, diff, (double)pool[fj], (double)golden[i][fj],
                      (double)golden[0][fj]);
            }
        }
    }
    actfn_force_isa(ACTFN_ISA_NONE);
    note("%lu calls", calls);
    free(xb);
    free(yb);
    return finish();
}
