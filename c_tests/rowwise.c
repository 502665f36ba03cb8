/* Row-wise functions against plain C double references, on every ISA:
 * softmax and log_softmax (last axis and any axis), the masked softmax of
 * Keras's Softmax layer, glu, sparsemax and prelu. Also special rows, in
 * place == out of place, and cross-ISA bit identity. */
#include "common.h"

enum rf { SOFTMAX, LOG_SOFTMAX, SOFTMAX_AXIS, LOG_SOFTMAX_AXIS, MASKED, GLU, SPARSEMAX, PRELU };
static const char *const RNAME[] = {"softmax", "log_softmax", "softmax_axis", "log_softmax_axis",
                                    "softmax_masked", "glu", "sparsemax", "prelu"};

/* One test: function, shape [outer, axis, inner] (rows x cols = [outer, axis*inner... see call), inputs. */
struct rtest {
    enum rf f;
    size_t d[3]; /* softmax/log/sparsemax/masked/prelu: rows = d[0], cols = d[1] (d[2] == 1) */
    const float *x;
    const unsigned char *mask;
    size_t mask_rows;
    const float *alpha;
};

static size_t in_len(const struct rtest *t) { return t->d[0] * t->d[1] * t->d[2]; }
static size_t out_len(const struct rtest *t) { return t->f == GLU ? in_len(t) / 2 : in_len(t); }

static actfn_status call(const struct rtest *t, const float *x, float *y)
{
    const size_t *d = t->d;
    switch (t->f) {
    case SOFTMAX: return actfn_softmax_f32(x, y, d[0], d[1]);
    case LOG_SOFTMAX: return actfn_log_softmax_f32(x, y, d[0], d[1]);
    case SOFTMAX_AXIS: return actfn_softmax_axis_f32(x, y, d[0], d[1], d[2]);
    case LOG_SOFTMAX_AXIS: return actfn_log_softmax_axis_f32(x, y, d[0], d[1], d[2]);
    case MASKED: return actfn_softmax_masked_f32(x, t->mask, y, d[0], d[1], t->mask_rows);
    case GLU: return actfn_glu_f32(x, y, d[0], d[1], d[2]);
    case SPARSEMAX: return actfn_sparsemax_f32(x, y, d[0], d[1]);
    case PRELU: return actfn_prelu_f32(x, y, d[0], d[1], t->alpha);
    }
    return -1;
}

/* ------------------------------------------------------------ references */

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* softmax / log_softmax of one group of n values at stride s (Keras's
 * special-value rules: NaN or +inf -> all NaN; all -inf -> NaN). */
static void ref_softmax_group(const float *x, double *r, size_t n, size_t s, int want_log, const unsigned char *keep)
{
    double m = -INFINITY, sum = 0;
    size_t j;
    int bad = 0;
    for (j = 0; j < n; j++) {
        double v = keep && !keep[j] ? (double)(float)ACTFN_SOFTMAX_MASK_VALUE : (double)x[j * s];
        if (isnan(v) || v == INFINITY)
            bad = 1;
        if (v > m)
            m = v;
    }
    if (m == -INFINITY)
        bad = 1;
    for (j = 0; j < n; j++) {
        double v = keep && !keep[j] ? (double)(float)ACTFN_SOFTMAX_MASK_VALUE : (double)x[j * s];
        sum += exp(v - m);
    }
    for (j = 0; j < n; j++) {
        double v = keep && !keep[j] ? (double)(float)ACTFN_SOFTMAX_MASK_VALUE : (double)x[j * s];
        if (bad)
            r[j * s] = NAN;
        else if (want_log)
            r[j * s] = (v - m) - log(sum);
        else
            r[j * s] = exp(v - m) / sum;
        if (keep && !keep[j])
            r[j * s] = 0.0;
    }
}

static void ref_sparsemax_row(const float *x, double *r, size_t n)
{
    double *z = malloc(n * sizeof *z), c = 0, tau = 0, m = -INFINITY;
    size_t j, k, K = 0;
    int bad = 0;
    for (j = 0; j < n; j++) {
        if (isnan(x[j]) || x[j] == INFINITY)
            bad = 1;
        if (x[j] > m)
            m = x[j];
    }
    for (j = 0; j < n; j++)
        z[j] = (double)x[j] - m; /* shift-invariant; keeps the sums small */
    qsort(z, n, sizeof *z, cmp_desc);
    for (k = 0; k < n; k++) {
        c += z[k];
        if (1.0 + (double)(k + 1) * z[k] > c)
            K = k + 1;
    }
    c = 0;
    for (k = 0; k < K; k++)
        c += z[k];
    tau = (c - 1.0) / (double)K;
    for (j = 0; j < n; j++) {
        double v = ((double)x[j] - m) - tau;
        r[j] = bad ? NAN : v > 0 ? v : 0.0;
    }
    free(z);
}

static void reference_rows(const struct rtest *t, double *r)
{
    const size_t *d = t->d;
    size_t o, i, j;
    switch (t->f) {
    case SOFTMAX: case LOG_SOFTMAX:
        for (o = 0; o < d[0]; o++)
            ref_softmax_group(t->x + o * d[1], r + o * d[1], d[1], 1, t->f == LOG_SOFTMAX, NULL);
        break;
    case SOFTMAX_AXIS: case LOG_SOFTMAX_AXIS:
        for (o = 0; o < d[0]; o++)
            for (i = 0; i < d[2]; i++)
                ref_softmax_group(t->x + o * d[1] * d[2] + i, r + o * d[1] * d[2] + i, d[1], d[2],
                                  t->f == LOG_SOFTMAX_AXIS, NULL);
        break;
    case MASKED:
        for (o = 0; o < d[0]; o++)
            ref_softmax_group(t->x + o * d[1], r + o * d[1], d[1], 1, 0,
                              t->mask + (t->mask_rows == 1 ? 0 : o * d[1]));
        break;
    case GLU: {
        size_t half = d[1] / 2 * d[2];
        for (o = 0; o < d[0]; o++)
            for (j = 0; j < half; j++) {
                double a = t->x[o * 2 * half + j], b = t->x[o * 2 * half + half + j];
                r[o * half + j] = a * d_sigmoid(b);
            }
        break;
    }
    case SPARSEMAX:
        for (o = 0; o < d[0]; o++)
            ref_sparsemax_row(t->x + o * d[1], r + o * d[1], d[1]);
        break;
    case PRELU:
        for (o = 0; o < d[0]; o++)
            for (j = 0; j < d[1]; j++) {
                double v = t->x[o * d[1] + j], a = t->alpha[j];
                r[o * d[1] + j] = isnan(v) ? v : v >= 0 ? v : (isinf(v) && a == 0) ? -0.0 : a * v;
            }
        break;
    }
}

/* ---------------------------------------------------------------- checks */

/* Accuracy rule per function. softmax: 2 ULP (documented); glu: 2 ULP (1
 * documented); prelu: exact. log_softmax: 2 ULP (the header gives the
 * *_axis forms softmax's accuracy; the rows form has no stated bound but
 * the same math). sparsemax: absolute 2^-22 relative to the row's spread
 * (y = x - tau cancels). */
static int accurate(enum rf f, float y, double r, double scale, uint64_t *ulps)
{
    float rf = (float)r;
    *ulps = ulp_dist(y, rf);
    if (isnan(r) || isnan(y))
        return isnan(r) && isnan(y);
    switch (f) {
    case PRELU: return same_bits(y, rf);
    /* The double reference itself holds log(sum) only to 2^-53 absolute
     * (sum = 1 + tiny rounds), so entries within ~2^-50 of 0 are judged
     * absolutely: the library keeps them better than the reference. */
    case LOG_SOFTMAX: case LOG_SOFTMAX_AXIS: return *ulps <= 2 || fabs((double)y - r) <= ldexp(1.0, -50);
    case SPARSEMAX: return fabs((double)y - r) <= ldexp(1.0, -22) * (scale > 1 ? scale : 1);
    default: return *ulps <= 2;
    }
}

static float *scalar_out; /* results of the first ISA, for identity */

/* Runs one test on every ISA; `what` names it. Returns the max ULP seen. */
static uint64_t run_test(const struct rtest *t, const char *what)
{
    size_t n = in_len(t), no = out_len(t), j;
    double *r = malloc((n ? n : 1) * sizeof *r), scale = 0;
    float *y = alloc_floats(no), *xy = alloc_floats(n);
    uint64_t maxulp = 0;
    int i;

    reference_rows(t, r);
    for (j = 0; j < n; j++)
        if (isfinite(t->x[j]) && fabs(t->x[j]) > scale)
            scale = fabs(t->x[j]);
    scale *= 2;
    scalar_out = realloc(scalar_out, (no ? no : 1) * sizeof(float));
    for (i = 0; i < t_nisas; i++) {
        const char *isa = actfn_isa_name(t_isas[i]);
        actfn_status s;
        size_t bad = 0, wj = 0;
        force_isa(t_isas[i]);
        memset(y, 0xA5, no * sizeof *y);
        s = call(t, t->x, y);
        if (!check(s == ACTFN_OK, "[%s] %s %s: status %d", isa, RNAME[t->f], what, (int)s))
            continue;
        for (j = 0; j < no; j++) {
            uint64_t u;
            if (!accurate(t->f, y[j], r[j], scale, &u)) {
                if (!bad++)
                    wj = j;
            }
            if (u != UINT64_MAX && u > maxulp && !(isnan(r[j]) || isnan(y[j])))
                maxulp = u;
        }
        check(bad == 0, "[%s] %s %s: %zu of %zu wrong; first [%zu] x=%a: got %a (%.9g) want %.17g", isa,
              RNAME[t->f], what, bad, no, wj, (double)t->x[wj], (double)y[wj], (double)y[wj], r[wj]);
        /* in place gives the same bits (glu writes the first half) */
        {
            memcpy(xy, t->x, n * sizeof *xy);
            s = call(t, xy, xy);
            check(s == ACTFN_OK && memcmp(xy, y, no * sizeof *y) == 0, "[%s] %s %s: in place differs (status %d)",
                  isa, RNAME[t->f], what, (int)s);
        }
        if (i == 0)
            memcpy(scalar_out, y, no * sizeof *y);
        else {
            size_t diff = 0;
            for (j = 0; j < no; j++)
                if (!same_bits(y[j], scalar_out[j]) && !diff++)
                    wj = j;
            check(diff == 0, "[%s vs %s] %s %s: %zu results differ in bits; first [%zu]: %a vs %a", isa,
                  actfn_isa_name(t_isas[0]), RNAME[t->f], what, diff, wj, diff ? (double)y[wj] : 0.0,
                  diff ? (double)scalar_out[wj] : 0.0);
        }
    }
    free(r);
    free(y);
    free(xy);
    return maxulp;
}

/* Values that must come out exactly. */
static void expect_row(enum rf f, const float *x, size_t n, const float *want, const char *what)
{
    struct rtest t;
    float y[16];
    int i;
    size_t j;
    memset(&t, 0, sizeof t);
    t.f = f;
    t.d[0] = 1;
    t.d[1] = n;
    t.d[2] = 1;
    for (i = 0; i < t_nisas; i++) {
        int ok;
        force_isa(t_isas[i]);
        ok = call(&t, x, y) == ACTFN_OK;
        for (j = 0; j < n && ok; j++)
            ok = isnan(want[j]) ? isnan(y[j]) : (fabsf(y[j] - want[j]) <= 2 * FLT_EPSILON * fabsf(want[j]) ||
                                                 (y[j] == want[j]));
        check(ok, "[%s] %s %s: got [%g %g %g %g ...]", actfn_isa_name(t_isas[i]), RNAME[f], what, (double)y[0],
              n > 1 ? (double)y[1] : 0.0, n > 2 ? (double)y[2] : 0.0, n > 3 ? (double)y[3] : 0.0);
    }
}

static float *random_inputs(size_t n, float scale)
{
    float *x = alloc_floats(n);
    size_t j;
    for (j = 0; j < n; j++)
        x[j] = rng_uniform(-scale, scale);
    return x;
}

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

static void test_glu(void)
{
    static const size_t SH[][3] = {{1, 2, 1}, {3, 8, 1}, {2, 6, 5}, {4, 34, 3}, {1, 2, 67}, {5, 134, 1}, {2, 1000, 2}};
    size_t k, j;
    uint64_t mx = 0;
    for (k = 0; k < sizeof SH / sizeof SH[0]; k++) {
        struct rtest t;
        char what[64];
        size_t n = SH[k][0] * SH[k][1] * SH[k][2];
        float *x = random_inputs(n, 30.0f);
        uint64_t u;
        for (j = 0; j < n; j += 13)
            x[j] = rng_input();
        memset(&t, 0, sizeof t);
        t.f = GLU;
        memcpy(t.d, SH[k], sizeof t.d);
        t.x = x;
        snprintf(what, sizeof what, "[%zu,%zu,%zu]", SH[k][0], SH[k][1], SH[k][2]);
        u = run_test(&t, what);
        if (u > mx)
            mx = u;
        free(x);
    }
    note("glu: max %llu ULP (documented: 1)", (unsigned long long)mx);
}

static void test_sparsemax(void)
{
    static const size_t COLS[] = {1, 2, 3, 5, 16, 17, 67, 100, 1000};
    size_t c;
    for (c = 0; c < sizeof COLS / sizeof COLS[0]; c++) {
        int sc;
        for (sc = 0; sc < 3; sc++) {
            struct rtest t;
            char what[64];
            float scale = sc == 0 ? 0.5f : sc == 1 ? 3.0f : 100.0f;
            float *x = random_inputs(4 * COLS[c], scale);
            memset(&t, 0, sizeof t);
            t.f = SPARSEMAX;
            t.d[0] = 4;
            t.d[1] = COLS[c];
            t.d[2] = 1;
            t.x = x;
            snprintf(what, sizeof what, "4x%zu scale %g", COLS[c], (double)scale);
            run_test(&t, what);
            free(x);
        }
    }
    {
        const float a[] = {0.0f, 0.5f, 1.0f}, aw[] = {0.0f, 0.25f, 0.75f};
        const float b[] = {2.0f, 2.0f, 0.0f}, bw[] = {0.5f, 0.5f, 0.0f};
        const float c3[] = {1.0f, 1.0f, 1.0f}, cw[] = {1.0f / 3, 1.0f / 3, 1.0f / 3};
        const float d[] = {5.0f, 0.0f, -1.0f}, dw[] = {1.0f, 0.0f, 0.0f};
        const float e[] = {-INFINITY, 0.2f, 0.0f}, ew[] = {0.0f, 0.6f, 0.4f};
        const float f[] = {0.0f, NAN, 1.0f}, g[] = {0.0f, INFINITY, 1.0f}, nan3[] = {NAN, NAN, NAN};
        const float h[] = {1e30f, 1e30f, -1e30f}, hw[] = {0.5f, 0.5f, 0.0f};
        expect_row(SPARSEMAX, a, 3, aw, "[0, 0.5, 1]");
        expect_row(SPARSEMAX, b, 3, bw, "[2, 2, 0]");
        expect_row(SPARSEMAX, c3, 3, cw, "[1, 1, 1]");
        expect_row(SPARSEMAX, d, 3, dw, "[5, 0, -1]");
        expect_row(SPARSEMAX, e, 3, ew, "[-inf, 0.2, 0]");
        expect_row(SPARSEMAX, f, 3, nan3, "row with NaN");
        expect_row(SPARSEMAX, g, 3, nan3, "row with +inf");
        expect_row(SPARSEMAX, h, 3, hw, "[1e30, 1e30, -1e30]");
    }
    note("sparsemax: the correct projection (not Keras <= 3.15's)");
}

static void test_prelu(void)
{
    static const size_t SH[][2] = {{1, 1}, {3, 7}, {16, 16}, {5, 67}, {67, 3}, {10, 1000}};
    size_t k, j;
    for (k = 0; k < sizeof SH / sizeof SH[0]; k++) {
        struct rtest t;
        char what[64];
        size_t rows = SH[k][0], cols = SH[k][1];
        float *x = alloc_floats(rows * cols), *a = alloc_floats(cols);
        for (j = 0; j < rows * cols; j++)
            x[j] = rng_input();
        for (j = 0; j < cols; j++) {
            static const float A[] = {0.0f, 0.25f, -0.5f, 1.0f, 2.0f, 0.01f, 1e-30f};
            a[j] = j % 3 == 2 ? rng_uniform(-1.0f, 1.0f) : A[j % 7];
        }
        memset(&t, 0, sizeof t);
        t.f = PRELU;
        t.d[0] = rows;
        t.d[1] = cols;
        t.d[2] = 1;
        t.x = x;
        t.alpha = a;
        snprintf(what, sizeof what, "%zux%zu", rows, cols);
        run_test(&t, what);
        free(x);
        free(a);
    }
    note("prelu: exact, zero slope gives -0 at -inf");
}

/* Finite in, finite out: a finite row with one huge value made sparsemax
 * all NaN (its first sum of z = x - max overflowed: from 18 columns for
 * FLT_MAX, 50 for 1e38, 596 for 1e37, 5835 for 1e36), and the strided
 * log_softmax gave NaN where x - max is finite but near -FLT_MAX. */
static void test_extremes(void)
{
    static const struct {
        float big;
        size_t n;
    } SP[] = {{FLT_MAX, 18}, {1e38f, 50}, {1e37f, 596}, {1e36f, 5835}};
    const float a = 0x1.20ab86p+126f;
    const float lx[] = {FLT_MAX, FLT_MAX, a, a};
    const float d = (float)((double)a - (double)FLT_MAX);
    size_t k, j;
    int i;
    for (i = 0; i < t_nisas; i++) {
        const char *isa = actfn_isa_name(t_isas[i]);
        float ly[4];
        actfn_status s;
        force_isa(t_isas[i]);
        for (k = 0; k < sizeof SP / sizeof SP[0]; k++) {
            size_t n = SP[k].n, bad = 0;
            float *x = alloc_floats(n), *y = alloc_floats(n);
            for (j = 0; j < n; j++)
                x[j] = j == 0 ? SP[k].big : 0.0f;
            s = actfn_sparsemax_f32(x, y, 1, n);
            for (j = 0; j < n; j++)
                bad += y[j] != (j == 0 ? 1.0f : 0.0f);
            check(s == ACTFN_OK && bad == 0, "[%s] sparsemax {%g, 0 x %zu}: status %d, %zu wrong, y[0] = %g", isa,
                  (double)SP[k].big, n - 1, (int)s, bad, (double)y[0]);
            free(x);
            free(y);
        }
        s = actfn_log_softmax_axis_f32(lx, ly, 1, 2, 2);
        check(s == ACTFN_OK && ly[0] == 0.0f && ly[1] == 0.0f && ly[2] == d && ly[3] == d,
              "[%s] log_softmax_axis {FLT_MAX, FLT_MAX, %a, %a} (1, 2, 2): %g %g %g %g, want 0 0 %g %g", isa,
              (double)a, (double)a, (double)ly[0], (double)ly[1], (double)ly[2], (double)ly[3], (double)d,
              (double)d);
    }
    note("extremes: finite rows give finite sparsemax and log_softmax_axis");
}

int main(void)
{
    t_prog = "rowwise";
    detect_isas();
    printf("rowwise: softmax, log_softmax, any axis, masked, glu, sparsemax, prelu\n");
    print_isas();
    test_softmax();
    test_axis();
    test_masked();
    test_glu();
    test_sparsemax();
    test_prelu();
    test_extremes();
    actfn_force_isa(ACTFN_ISA_NONE);
    free(scalar_out);
    return finish();
}
