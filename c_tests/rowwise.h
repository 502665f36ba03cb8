/* What the row-wise C tests share (rowwise.c, rowwise_more.c): the
 * functions by number, plain C double references, and the checks (accuracy,
 * in place == out of place, cross-ISA bit identity). */
#ifndef ACTFN_TEST_ROWWISE_H
#define ACTFN_TEST_ROWWISE_H

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

static inline size_t in_len(const struct rtest *t) { return t->d[0] * t->d[1] * t->d[2]; }
static inline size_t out_len(const struct rtest *t) { return t->f == GLU ? in_len(t) / 2 : in_len(t); }

static inline actfn_status call(const struct rtest *t, const float *x, float *y)
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

static inline int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* softmax / log_softmax of one group of n values at stride s (Keras's
 * special-value rules: NaN or +inf -> all NaN; all -inf -> NaN). */
static inline void ref_softmax_group(const float *x, double *r, size_t n, size_t s, int want_log, const unsigned char *keep)
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

static inline void ref_sparsemax_row(const float *x, double *r, size_t n)
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

static inline void reference_rows(const struct rtest *t, double *r)
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
static inline int accurate(enum rf f, float y, double r, double scale, uint64_t *ulps)
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
static inline uint64_t run_test(const struct rtest *t, const char *what)
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
static inline void expect_row(enum rf f, const float *x, size_t n, const float *want, const char *what)
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

static inline float *random_inputs(size_t n, float scale)
{
    float *x = alloc_floats(n);
    size_t j;
    for (j = 0; j < n; j++)
        x[j] = rng_uniform(-scale, scale);
    return x;
}

#endif
