/* Issue 19's row-wise operators through the C ABI on every ISA: softmin
 * (bit for bit softmax of -x), hardmax (one-hot of the first maximum, NaN
 * first), prelu with channels first (against a plain C reference), and
 * their statuses with nothing written. */
#include "common.h"

#define N 96

static float fx[N], fneg[N], fy[N], fz[N];

static void fill(void)
{
    size_t k;
    for (k = 0; k < N; k++) {
        fx[k] = (float)((int)((k * 37) % 23) - 11) * 0.75f;
        fneg[k] = -fx[k];
    }
    fx[5] = INFINITY;     /* softmin: 0 there; hardmax row 0's max */
    fx[40] = -0.0f;
    fneg[5] = -INFINITY;
    fneg[40] = 0.0f;
}

/* numpy's argmax: the first NaN, else the first of the largest. */
static size_t argmax_ref(const float *g, size_t n, size_t stride)
{
    size_t k, best = 0;
    for (k = 0; k < n; k++)
        if (isnan(g[k * stride]))
            return k;
    for (k = 1; k < n; k++)
        if (g[k * stride] > g[best * stride])
            best = k;
    return best;
}

static int one_hot_ok(const float *y, size_t n, size_t stride, size_t at)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (fbits(y[k * stride]) != fbits(k == at ? 1.0f : 0.0f))
            return 0;
    return 1;
}

static void test_isa(actfn_isa isa)
{
    const char *nm = actfn_isa_name(isa);
    size_t r, o, i, k;
    force_isa(isa);

    /* softmin = softmax(-x), last axis (3 x 32) and axis (2 x 8 x 6). */
    check(actfn_softmin_f32(fx, fy, 3, 32) == ACTFN_OK, "%s softmin status", nm);
    check(actfn_softmax_f32(fneg, fz, 3, 32) == ACTFN_OK, "%s softmax status", nm);
    check(memcmp(fy, fz, 96 * sizeof(float)) == 0, "%s softmin != softmax(-x)", nm);
    check(fy[5] == 0.0f, "%s softmin(+inf) = %g, want 0", nm, fy[5]);
    check(actfn_softmin_axis_f32(fx, fy, 2, 8, 6) == ACTFN_OK, "%s softmin_axis", nm);
    check(actfn_softmax_axis_f32(fneg, fz, 2, 8, 6) == ACTFN_OK, "%s softmax_axis", nm);
    check(memcmp(fy, fz, 96 * sizeof(float)) == 0, "%s softmin_axis != softmax_axis(-x)", nm);
    memcpy(fz, fx, sizeof fx);
    check(actfn_softmin_f32(fz, fz, 3, 32) == ACTFN_OK, "%s softmin in place", nm);
    actfn_softmin_f32(fx, fy, 3, 32);
    check(memcmp(fy, fz, 96 * sizeof(float)) == 0, "%s softmin in place differs", nm);

    /* hardmax, last axis, with a NaN in row 2 and a -0/+0 tie. */
    memcpy(fz, fx, sizeof fx);
    fz[64 + 9] = NAN;
    check(actfn_hardmax_f32(fz, fy, 3, 32) == ACTFN_OK, "%s hardmax status", nm);
    for (r = 0; r < 3; r++)
        check(one_hot_ok(fy + r * 32, 32, 1, argmax_ref(fz + r * 32, 32, 1)),
              "%s hardmax row %zu", nm, r);
    check(fy[5] == 1.0f && fy[64 + 9] == 1.0f, "%s hardmax: +inf and NaN win", nm);
    {
        float t[2] = {-0.0f, 0.0f}, u[2];
        actfn_hardmax_f32(t, u, 1, 2);
        check(u[0] == 1.0f && u[1] == 0.0f, "%s hardmax [-0, +0]", nm);
    }
    /* hardmax, any axis, in place. */
    memcpy(fz, fx, sizeof fx);
    check(actfn_hardmax_axis_f32(fz, fz, 2, 8, 6) == ACTFN_OK, "%s hardmax_axis", nm);
    for (o = 0; o < 2; o++)
        for (i = 0; i < 6; i++)
            check(one_hot_ok(fz + o * 48 + i, 8, 6, argmax_ref(fx + o * 48 + i, 8, 6)),
                  "%s hardmax_axis [%zu, :, %zu]", nm, o, i);

    /* prelu, channels first: [2, 3, 16]. */
    {
        const float alpha[3] = {0.25f, -1.5f, 0.0f};
        check(actfn_prelu_channels_first_f32(fx, fy, 2, 3, 16, alpha) == ACTFN_OK,
              "%s prelu_channels_first", nm);
        for (k = 0; k < 96; k++) {
            float a = alpha[(k / 16) % 3], v = fx[k];
            float want = v >= 0.0f ? v : (a == 0.0f ? -0.0f : a * v);
            check(fbits(fy[k]) == fbits(want), "%s prelu_cf [%zu] %g want %g", nm, k, fy[k], want);
        }
    }
}

static void test_statuses(void)
{
    float y[8];
    const float a[2] = {0.5f, 0.5f};
    size_t k;
    for (k = 0; k < 8; k++)
        y[k] = 12345.0f;
    check(actfn_softmin_f32(fx, y, 2, 0) == ACTFN_ERR_SHAPE, "softmin cols 0");
    check(actfn_hardmax_f32(NULL, y, 2, 4) == ACTFN_ERR_NULL, "hardmax NULL x");
    check(actfn_softmin_axis_f32(fx, y, 2, 0, 3) == ACTFN_ERR_SHAPE, "softmin_axis axis 0");
    check(actfn_hardmax_axis_f32(fx, y, SIZE_MAX, 2, 2) == ACTFN_ERR_SIZE, "hardmax_axis size");
    check(actfn_hardmax_f32(y, y + 1, 1, 4) == ACTFN_ERR_OVERLAP, "hardmax overlap");
    check(actfn_prelu_channels_first_f32(fx, y, 1, 2, 4, NULL) == ACTFN_ERR_NULL, "prelu_cf NULL alpha");
    check(actfn_prelu_channels_first_f32(fx, y, 1, 0, 4, a) == ACTFN_ERR_SHAPE, "prelu_cf channels 0");
    check(actfn_prelu_channels_first_f32(fx, y, 1, 2, 4, y + 7) == ACTFN_ERR_OVERLAP, "prelu_cf alpha in y");
    for (k = 0; k < 8; k++)
        check(y[k] == 12345.0f, "an error wrote y[%zu]", k);
    check(actfn_softmin_f32(NULL, NULL, 0, 5) == ACTFN_OK, "softmin empty");
}

int main(void)
{
    int k;
    t_prog = "onnx";
    detect_isas();
    print_isas();
    fill();
    for (k = 0; k < t_nisas; k++)
        test_isa(t_isas[k]);
    actfn_force_isa(ACTFN_ISA_NONE);
    test_statuses();
    return finish();
}
