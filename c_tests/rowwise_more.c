/* glu, sparsemax and prelu against plain C double references, on every
 * ISA, and every row-wise function on rows of extreme values (finite in,
 * finite out). */
#include "rowwise.h"

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
    t_prog = "rowwise_more";
    detect_isas();
    print_isas();
    test_glu();
    test_sparsemax();
    test_prelu();
    test_extremes();
    actfn_force_isa(ACTFN_ISA_NONE);
    free(scalar_out);
    return finish();
}
