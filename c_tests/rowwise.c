/* softmax and log_softmax (last axis and any axis) and the masked softmax
 * of Keras's Softmax layer against plain C double references, on every
 * ISA: special rows, in place == out of place, cross-ISA bit identity. */
#include "rowwise.h"

static void test_softmax(void)
{
    static const size_t COLS[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 67, 100, 1000, 4099};
    static const float SCALES[] = {1.0f, 10.0f, 100.0f, 1e4f};
    size_t c, s, j;
    int f;
    uint64_t mx[2] = {0, 0};
    for (f = 0; f < 2; f++)
        for (c = 0; c < sizeof COLS / sizeof COLS[0]; c++)
            for (s = 0; s < sizeof SCALES / sizeof SCALES[0]; s++) {
                struct rtest t;
                char what[64];
                uint64_t u;
                memset(&t, 0, sizeof t);
                t.f = f ? LOG_SOFTMAX : SOFTMAX;
                t.d[0] = 3;
                t.d[1] = COLS[c];
                t.d[2] = 1;
                t.x = random_inputs(3 * COLS[c], SCALES[s]);
                snprintf(what, sizeof what, "3x%zu scale %g", COLS[c], (double)SCALES[s]);
                u = run_test(&t, what);
                if (u > mx[f])
                    mx[f] = u;
                /* softmax rows sum to 1 */
                if (!f) {
                    float *y = alloc_floats(3 * COLS[c]);
                    size_t r;
                    actfn_softmax_f32(t.x, y, 3, COLS[c]);
                    for (r = 0; r < 3; r++) {
                        double sum = 0;
                        for (j = 0; j < COLS[c]; j++)
                            sum += y[r * COLS[c] + j];
                        check(fabs(sum - 1.0) <= 4 * FLT_EPSILON, "softmax %s: row %zu sums to 1%+g", what, r,
                              sum - 1.0);
                    }
                    free(y);
                }
                free((void *)t.x);
            }
    note("softmax: max %llu ULP; log_softmax: max %llu ULP",
         (unsigned long long)mx[0], (unsigned long long)mx[1]);

    /* special rows (docs/activations.md 5.1, 5.2) */
    {
        const float big[] = {FLT_MAX, FLT_MAX, 0.0f, -FLT_MAX};
        const float big_w[] = {0.5f, 0.5f, 0.0f, 0.0f};
        const float nan_r[] = {1.0f, NAN, 2.0f};
        const float inf_r[] = {1.0f, INFINITY, 2.0f};
        const float ninf_r[] = {-INFINITY, -INFINITY, -INFINITY};
        const float nan3[] = {NAN, NAN, NAN};
        const float some_ninf[] = {-INFINITY, 0.0f, 0.0f, -INFINITY};
        const float some_ninf_w[] = {0.0f, 0.5f, 0.5f, 0.0f};
        const float some_ninf_lw[] = {-INFINITY, -0.69314718f, -0.69314718f, -INFINITY};
        const float one[] = {42.0f}, one_w[] = {1.0f}, zero_w[] = {0.0f};
        const float spread[] = {-FLT_MAX, FLT_MAX}, spread_lw[] = {-INFINITY, 0.0f};
        const float eq[] = {3.0f, 3.0f, 3.0f, 3.0f}, eq_w[] = {0.25f, 0.25f, 0.25f, 0.25f};
        const float huge_off[] = {1e30f, 1e30f}, half2[] = {0.5f, 0.5f};
        const float tiny[] = {-1e-40f, 1e-40f}, tiny_w[] = {0.5f, 0.5f};
        expect_row(SOFTMAX, big, 4, big_w, "[MAX, MAX, 0, -MAX]");
        expect_row(SOFTMAX, nan_r, 3, nan3, "row with NaN");
        expect_row(SOFTMAX, inf_r, 3, nan3, "row with +inf");
        expect_row(SOFTMAX, ninf_r, 3, nan3, "all -inf");
        expect_row(SOFTMAX, some_ninf, 4, some_ninf_w, "some -inf");
        expect_row(SOFTMAX, one, 1, one_w, "one column");
        expect_row(SOFTMAX, eq, 4, eq_w, "equal entries");
        expect_row(SOFTMAX, huge_off, 2, half2, "[1e30, 1e30]");
        expect_row(SOFTMAX, tiny, 2, tiny_w, "subnormal entries");
        expect_row(LOG_SOFTMAX, nan_r, 3, nan3, "row with NaN");
        expect_row(LOG_SOFTMAX, inf_r, 3, nan3, "row with +inf");
        expect_row(LOG_SOFTMAX, ninf_r, 3, nan3, "all -inf");
        expect_row(LOG_SOFTMAX, some_ninf, 4, some_ninf_lw, "some -inf");
        expect_row(LOG_SOFTMAX, one, 1, zero_w, "one column");
        expect_row(LOG_SOFTMAX, spread, 2, spread_lw, "[-MAX, MAX]");
    }
}

static void test_axis(void)
{
    static const size_t SH[][3] = {{2, 5, 3}, {3, 17, 8}, {1, 33, 16}, {4, 1, 5}, {5, 64, 1}, {2, 100, 7},
                                   {1, 4099, 1}, {7, 3, 67}, {1, 2, 1000}};
    size_t k;
    int f;
    uint64_t mx[2] = {0, 0}, u;
    for (f = 0; f < 2; f++)
        for (k = 0; k < sizeof SH / sizeof SH[0]; k++) {
            struct rtest t;
            char what[64];
            size_t n = SH[k][0] * SH[k][1] * SH[k][2];
            memset(&t, 0, sizeof t);
            t.f = f ? LOG_SOFTMAX_AXIS : SOFTMAX_AXIS;
            memcpy(t.d, SH[k], sizeof t.d);
            t.x = random_inputs(n, 20.0f);
            snprintf(what, sizeof what, "[%zu,%zu,%zu]", SH[k][0], SH[k][1], SH[k][2]);
            u = run_test(&t, what);
            if (u > mx[f])
                mx[f] = u;
            /* inner == 1 is the rows function, bit for bit */
            if (SH[k][2] == 1) {
                float *a = alloc_floats(n), *b = alloc_floats(n);
                if (f) {
                    actfn_log_softmax_axis_f32(t.x, a, SH[k][0], SH[k][1], 1);
                    actfn_log_softmax_f32(t.x, b, SH[k][0], SH[k][1]);
                } else {
                    actfn_softmax_axis_f32(t.x, a, SH[k][0], SH[k][1], 1);
                    actfn_softmax_f32(t.x, b, SH[k][0], SH[k][1]);
                }
                check(memcmp(a, b, n * sizeof *a) == 0, "%s %s: inner=1 differs from the rows function",
                      RNAME[t.f], what);
                free(a);
                free(b);
            }
            free((void *)t.x);
        }
    note("softmax_axis: max %llu ULP, log_softmax_axis: max %llu ULP, %zu shapes", (unsigned long long)mx[0],
         (unsigned long long)mx[1], sizeof SH / sizeof SH[0]);
}

static void test_masked(void)
{
    static const size_t SH[][2] = {{1, 1}, {3, 5}, {4, 16}, {2, 67}, {8, 100}, {3, 1000}};
    size_t k, j;
    int mr;
    for (k = 0; k < sizeof SH / sizeof SH[0]; k++)
        for (mr = 0; mr < 2; mr++) {
            size_t rows = SH[k][0], cols = SH[k][1], mrows = mr ? rows : 1;
            struct rtest t;
            char what[64];
            float *x = random_inputs(rows * cols, 8.0f);
            unsigned char *m = malloc(mrows * cols);
            for (j = 0; j < mrows * cols; j++) {
                static const unsigned char V[] = {0, 1, 2, 255, 1, 1, 0};
                m[j] = V[(j * 3 + k) % 7];
                if (!m[j] && j % 2) /* masked-out NaN and inf must not leak */
                    x[j] = (j % 4 == 1) ? NAN : INFINITY;
            }
            if (mr && rows > 1)
                memset(m + cols, 0, cols); /* a fully masked row: all zeros */
            memset(&t, 0, sizeof t);
            t.f = MASKED;
            t.d[0] = rows;
            t.d[1] = cols;
            t.d[2] = 1;
            t.x = x;
            t.mask = m;
            t.mask_rows = mrows;
            snprintf(what, sizeof what, "%zux%zu mask_rows=%zu", rows, cols, mrows);
            run_test(&t, what);
            free(x);
            free(m);
        }
    /* all kept == plain softmax, bit for bit */
    {
        float *x = random_inputs(5 * 33, 10.0f), a[5 * 33], b[5 * 33];
        unsigned char m[33];
        memset(m, 1, sizeof m);
        actfn_softmax_masked_f32(x, m, a, 5, 33, 1);
        actfn_softmax_f32(x, b, 5, 33);
        check(memcmp(a, b, sizeof a) == 0, "softmax_masked with nothing masked differs from softmax");
        free(x);
    }
    note("softmax_masked: Keras 3 semantics (-1e9 replacement, masked outputs 0)");
}

int main(void)
{
    t_prog = "rowwise";
    detect_isas();
    print_isas();
    test_softmax();
    test_axis();
    test_masked();
    actfn_force_isa(ACTFN_ISA_NONE);
    free(scalar_out);
    return finish();
}
