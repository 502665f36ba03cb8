/* Every status path of the C API, and "nothing written on error": each
 * failing call gets an output buffer full of a sentinel pattern that must
 * come back untouched. */
#include "common.h"

#define N 64
#define SENTINEL 0x7FA5A5A5u /* a NaN no kernel produces */

static float xbuf[N * 4], ybuf[N * 4], abuf[N];
static unsigned char mbuf[N * 4];

static void fill_sentinel(float *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = bitsf(SENTINEL);
}

static int untouched(const float *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (fbits(p[i]) != SENTINEL)
            return 0;
    return 1;
}

static void fill_inputs(void)
{
    size_t i;
    for (i = 0; i < sizeof xbuf / sizeof xbuf[0]; i++)
        xbuf[i] = (float)((int)(i % 17) - 8) * 0.375f;
    for (i = 0; i < N; i++)
        abuf[i] = 0.25f;
    memset(mbuf, 1, sizeof mbuf);
}

/* expect status `want` from `got`, and ybuf untouched over `n` floats */
#define EXPECT(got, want, what, ...)                                                                    \
    do {                                                                                                \
        actfn_status s_ = (got);                                                                        \
        check(s_ == (want), "%s: " what ": status %d (%s), want %d", nm, ##__VA_ARGS__, (int)s_,        \
              actfn_status_str(s_), (int)(want));                                                       \
    } while (0)

static void test_elementwise_status(void)
{
    actfn_op op;
    for (op = 0; op < ACTFN_OP_COUNT; op++) {
        const char *nm = actfn_op_name(op);
        actfn_params p = usable_params(op);
        int via;
        for (via = 0; via < 2; via++) {
#define CALL(x, y, n) (via ? actfn_apply_f32(op, &p, (x), (y), (n)) : call_named(op, &p, (x), (y), (n)))
            const char *how = via ? "apply" : "named";
            fill_inputs();
            /* NULL with n > 0 */
            fill_sentinel(ybuf, N);
            EXPECT(CALL(NULL, ybuf, N), ACTFN_ERR_NULL, "%s NULL x", how);
            check(untouched(ybuf, N), "%s: %s NULL x wrote to y", nm, how);
            EXPECT(CALL(xbuf, NULL, N), ACTFN_ERR_NULL, "%s NULL y", how);
            EXPECT(CALL(NULL, NULL, 1), ACTFN_ERR_NULL, "%s NULL x and y", how);
            /* n == 0: a no-op, even with NULL */
            EXPECT(CALL(NULL, NULL, 0), ACTFN_OK, "%s n=0 NULL", how);
            fill_sentinel(ybuf, N);
            EXPECT(CALL(xbuf, ybuf, 0), ACTFN_OK, "%s n=0", how);
            check(untouched(ybuf, N), "%s: %s n=0 wrote to y", nm, how);
            /* sizes whose byte count overflows */
            fill_sentinel(ybuf, N);
            EXPECT(CALL(xbuf, ybuf, SIZE_MAX), ACTFN_ERR_SIZE, "%s n=SIZE_MAX", how);
            EXPECT(CALL(xbuf, ybuf, SIZE_MAX / 4 + 1), ACTFN_ERR_SIZE, "%s n=SIZE_MAX/4+1", how);
            EXPECT(CALL(xbuf, ybuf, SIZE_MAX / 8 + 1), ACTFN_ERR_SIZE, "%s n=SIZE_MAX/8+1 (> PTRDIFF_MAX bytes)", how);
            check(untouched(ybuf, N), "%s: %s size error wrote to y", nm, how);
            /* partial overlap is an error, in place is fine */
            memcpy(ybuf, xbuf, sizeof ybuf);
            EXPECT(CALL(ybuf, ybuf + 1, N), ACTFN_ERR_OVERLAP, "%s y = x + 1", how);
            EXPECT(CALL(ybuf + 1, ybuf, N), ACTFN_ERR_OVERLAP, "%s y = x - 1", how);
            EXPECT(CALL(ybuf, ybuf + N - 1, N), ACTFN_ERR_OVERLAP, "%s y = x + n - 1", how);
            check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: %s overlap error wrote to the buffer", nm, how);
            EXPECT(CALL(ybuf, ybuf + N, N), ACTFN_OK, "%s y = x + n (adjacent)", how);
            EXPECT(CALL(ybuf + N, ybuf, N), ACTFN_OK, "%s y = x - n (adjacent)", how);
            memcpy(ybuf, xbuf, sizeof ybuf);
            EXPECT(CALL(ybuf, ybuf, N), ACTFN_OK, "%s in place", how);
#undef CALL
        }
    }
}

/* Parameters outside their domain (every parameter of every op, from the
 * catalogue's domains: T_BAD_PARAMS), through the named function and apply. */
static void test_bad_params(void)
{
    size_t k;
    for (k = 0; k < T_NBAD; k++) {
        const struct t_bad *b = &T_BAD_PARAMS[k];
        const char *nm = actfn_op_name(b->op);
        actfn_params p = b->p;
        fill_inputs();
        fill_sentinel(ybuf, N);
        EXPECT(call_named(b->op, &p, xbuf, ybuf, N), ACTFN_ERR_PARAM, "named %s", b->what);
        EXPECT(actfn_apply_f32(b->op, &p, xbuf, ybuf, N), ACTFN_ERR_PARAM, "apply %s", b->what);
        check(untouched(ybuf, N), "%s: %s wrote to y", nm, b->what);
        /* in place too */
        memcpy(ybuf, xbuf, N * sizeof(float));
        EXPECT(call_named(b->op, &p, ybuf, ybuf, N), ACTFN_ERR_PARAM, "in place %s", b->what);
        check(memcmp(ybuf, xbuf, N * sizeof(float)) == 0, "%s: in place %s changed the buffer", nm, b->what);
    }
    /* threshold has required parameters: its defaults and NULL params fail */
    {
        const char *nm = "threshold";
        actfn_params p;
        fill_sentinel(ybuf, N);
        EXPECT(actfn_params_default(ACTFN_OP_THRESHOLD, &p), ACTFN_OK, "params_default");
        check(isnan(p.threshold) && isnan(p.default_value), "threshold: defaults are not NaN (%g, %g)",
              (double)p.threshold, (double)p.default_value);
        EXPECT(actfn_apply_f32(ACTFN_OP_THRESHOLD, &p, xbuf, ybuf, N), ACTFN_ERR_PARAM, "apply with defaults");
        EXPECT(actfn_apply_f32(ACTFN_OP_THRESHOLD, NULL, xbuf, ybuf, N), ACTFN_ERR_PARAM, "apply NULL params");
        check(untouched(ybuf, N), "threshold: param error wrote to y");
    }
    /* NULL params means the defaults for every other op */
    {
        actfn_op op;
        for (op = 0; op < ACTFN_OP_COUNT; op++) {
            const char *nm = actfn_op_name(op);
            actfn_params p;
            float y1[N], y2[N];
            if (op == ACTFN_OP_THRESHOLD)
                continue;
            fill_inputs();
            actfn_params_default(op, &p);
            EXPECT(actfn_apply_f32(op, NULL, xbuf, y1, N), ACTFN_OK, "apply NULL params");
            EXPECT(actfn_apply_f32(op, &p, xbuf, y2, N), ACTFN_OK, "apply default params");
            check(memcmp(y1, y2, sizeof y1) == 0, "%s: NULL params differ from actfn_params_default", nm);
        }
    }
    /* boundary values that are allowed */
    {
        const char *nm = "boundaries";
        EXPECT(actfn_relu_ex_f32(xbuf, ybuf, N, 0.0f, 0.0f, 0.0f), ACTFN_OK, "relu_ex(0, max 0, 0)");
        EXPECT(actfn_relu_ex_f32(xbuf, ybuf, N, 0.0f, INFINITY, 0.0f), ACTFN_OK, "relu_ex max inf");
        EXPECT(actfn_leaky_relu_f32(xbuf, ybuf, N, -2.0f), ACTFN_OK, "leaky_relu slope -2 (finite)");
        EXPECT(actfn_elu_f32(xbuf, ybuf, N, 0.0f), ACTFN_OK, "elu alpha 0");
        EXPECT(actfn_celu_f32(xbuf, ybuf, N, -1.0f), ACTFN_OK, "celu alpha -1");
        EXPECT(actfn_squareplus_f32(xbuf, ybuf, N, 0.0f), ACTFN_OK, "squareplus b 0");
        EXPECT(actfn_hard_shrink_f32(xbuf, ybuf, N, 0.0f), ACTFN_OK, "hard_shrink 0");
        EXPECT(actfn_threshold_f32(xbuf, ybuf, N, -1e30f, 1e30f), ACTFN_OK, "threshold finite");
    }
}

static void test_ops_and_names(void)
{
    static const char *const ROWWISE[] = {"softmax", "log_softmax", "glu",     "sparsemax", "Softmax",
                                          "LogSoftmax", "Hardmax", "PRelu", "prelu", "softmin"};
    /* "gelu_tanh" and "relu_ex" are canonical names: accepted (regressions.c). */
    static const char *const UNKNOWN[] = {"",       "ReLU",     "RELU", "relu ", " relu",         "PReLU",
                                          "swish2", "softmax2", "none", "None",  "hard_sigmoid\n"};
    const char *nm = "names";
    size_t k;
    actfn_op op, got;

    /* every name of the catalogue resolves to its op */
    for (k = 0; k < T_NNAMES; k++) {
        const char *want = T_OPS[T_NAMES[k].op].name;
        got = 0xDEAD;
        EXPECT(actfn_op_from_name(T_NAMES[k].name, &got), ACTFN_OK, "\"%s\"", T_NAMES[k].name);
        check(got < ACTFN_OP_COUNT && actfn_op_name(got) && !strcmp(actfn_op_name(got), want),
              "names: \"%s\" -> op %u (%s), want %s", T_NAMES[k].name, (unsigned)got,
              got < ACTFN_OP_COUNT ? actfn_op_name(got) : "?", want);
    }
    for (k = 0; k < sizeof ROWWISE / sizeof ROWWISE[0]; k++) {
        got = 0xDEAD;
        EXPECT(actfn_op_from_name(ROWWISE[k], &got), ACTFN_ERR_ROWWISE, "\"%s\"", ROWWISE[k]);
        check(got == 0xDEAD, "names: \"%s\" wrote *op on error", ROWWISE[k]);
    }
    for (k = 0; k < sizeof UNKNOWN / sizeof UNKNOWN[0]; k++) {
        got = 0xDEAD;
        EXPECT(actfn_op_from_name(UNKNOWN[k], &got), ACTFN_ERR_UNKNOWN_NAME, "\"%s\"", UNKNOWN[k]);
        check(got == 0xDEAD, "names: \"%s\" wrote *op on error", UNKNOWN[k]);
    }
    EXPECT(actfn_op_from_name(NULL, &got), ACTFN_ERR_NULL, "NULL name");
    EXPECT(actfn_op_from_name("relu", NULL), ACTFN_ERR_NULL, "NULL op");

    /* op names: every op has a distinct name; out of range is NULL */
    for (op = 0; op < ACTFN_OP_COUNT; op++) {
        actfn_op o2;
        const char *name = actfn_op_name(op);
        check(name != NULL && *name, "names: op %u has no name", (unsigned)op);
        for (o2 = 0; name && o2 < op; o2++)
            check(strcmp(name, actfn_op_name(o2)) != 0, "names: ops %u and %u both named %s", (unsigned)o2,
                  (unsigned)op, name);
    }
    check(actfn_op_name(ACTFN_OP_COUNT) == NULL, "names: actfn_op_name(ACTFN_OP_COUNT) not NULL");
    check(actfn_op_name(0xFFFFFFFFu) == NULL, "names: actfn_op_name(UINT32_MAX) not NULL");

    /* unknown op */
    {
        actfn_params p;
        nm = "unknown op";
        fill_inputs();
        fill_sentinel(ybuf, N);
        p = usable_params(0);
        EXPECT(actfn_apply_f32(ACTFN_OP_COUNT, &p, xbuf, ybuf, N), ACTFN_ERR_UNKNOWN_OP, "apply(COUNT)");
        EXPECT(actfn_apply_f32(0xFFFFFFFFu, &p, xbuf, ybuf, N), ACTFN_ERR_UNKNOWN_OP, "apply(UINT32_MAX)");
        EXPECT(actfn_apply_f32(ACTFN_OP_COUNT, NULL, xbuf, ybuf, N), ACTFN_ERR_UNKNOWN_OP, "apply(COUNT, NULL)");
        check(untouched(ybuf, N), "unknown op: wrote to y");
        memset(&p, 0x11, sizeof p);
        EXPECT(actfn_params_default(ACTFN_OP_COUNT, &p), ACTFN_ERR_UNKNOWN_OP, "params_default(COUNT)");
        EXPECT(actfn_params_default(0, NULL), ACTFN_ERR_NULL, "params_default(NULL)");
    }
    /* ONNX and PyTorch names with their framework's defaults (issue 19) */
    {
        actfn_params p;
        nm = "params_from_name";
        got = 0xDEAD;
        EXPECT(actfn_params_from_name("LeakyRelu", &got, &p), ACTFN_OK, "LeakyRelu");
        check(got == ACTFN_OP_LEAKY_RELU && p.negative_slope == 0.01f, "LeakyRelu: op %u slope %a", (unsigned)got,
              p.negative_slope);
        EXPECT(actfn_params_from_name("leaky_relu", &got, &p), ACTFN_OK, "leaky_relu");
        check(got == ACTFN_OP_LEAKY_RELU && p.negative_slope == 0.2f, "leaky_relu: slope %a", p.negative_slope);
        EXPECT(actfn_params_from_name("HardSigmoid", &got, &p), ACTFN_OK, "HardSigmoid");
        check(got == ACTFN_OP_HARD_SIGMOID_EX && p.alpha == 0.2f && p.beta == 0.5f, "HardSigmoid: %a %a", p.alpha,
              p.beta);
        EXPECT(actfn_params_from_name("hardtanh", &got, &p), ACTFN_OK, "hardtanh");
        check(got == ACTFN_OP_CLIP && p.min_value == -1.0f && p.max_value == 1.0f, "hardtanh: %a %a", p.min_value,
              p.max_value);
        EXPECT(actfn_params_from_name("Clip", &got, &p), ACTFN_OK, "Clip");
        check(got == ACTFN_OP_CLIP && p.min_value == -FLT_MAX && p.max_value == FLT_MAX, "Clip: %a %a", p.min_value,
              p.max_value);
        got = 0xDEAD;
        EXPECT(actfn_params_from_name("Hardmax", &got, &p), ACTFN_ERR_ROWWISE, "Hardmax");
        EXPECT(actfn_params_from_name("ReLU", &got, &p), ACTFN_ERR_UNKNOWN_NAME, "ReLU");
        EXPECT(actfn_params_from_name(NULL, &got, &p), ACTFN_ERR_NULL, "NULL name");
        EXPECT(actfn_params_from_name("Relu", NULL, &p), ACTFN_ERR_NULL, "NULL op");
        EXPECT(actfn_params_from_name("Relu", &got, NULL), ACTFN_ERR_NULL, "NULL params");
        check(got == 0xDEAD, "params_from_name wrote *op on error");
    }
}

static void test_rowwise_status(void)
{
    const char *nm;
    fill_inputs();

    nm = "softmax";
    {
        int f;
        for (f = 0; f < 3; f++) {
            actfn_status (*fn)(const float *, float *, size_t, size_t) =
                f == 0 ? actfn_softmax_f32 : f == 1 ? actfn_log_softmax_f32 : actfn_sparsemax_f32;
            nm = f == 0 ? "softmax" : f == 1 ? "log_softmax" : "sparsemax";
            fill_sentinel(ybuf, N);
            EXPECT(fn(NULL, ybuf, 4, 8), ACTFN_ERR_NULL, "NULL x");
            EXPECT(fn(xbuf, NULL, 4, 8), ACTFN_ERR_NULL, "NULL y");
            EXPECT(fn(NULL, NULL, 0, 8), ACTFN_OK, "rows=0 NULL");
            EXPECT(fn(NULL, NULL, 0, 0), ACTFN_OK, "rows=0 cols=0");
            EXPECT(fn(xbuf, ybuf, 0, 8), ACTFN_OK, "rows=0");
            EXPECT(fn(xbuf, ybuf, 4, 0), ACTFN_ERR_SHAPE, "cols=0 rows=4");
            EXPECT(fn(NULL, NULL, 4, 0), ACTFN_ERR_SHAPE, "cols=0 rows=4 NULL");
            EXPECT(fn(xbuf, ybuf, SIZE_MAX, 2), ACTFN_ERR_SIZE, "rows*cols overflow");
            EXPECT(fn(xbuf, ybuf, 1, SIZE_MAX), ACTFN_ERR_SIZE, "cols=SIZE_MAX");
            EXPECT(fn(xbuf, ybuf, 1, SIZE_MAX / 4 + 1), ACTFN_ERR_SIZE, "bytes overflow");
            EXPECT(fn(xbuf, ybuf, (size_t)1 << 32, (size_t)1 << 32), ACTFN_ERR_SIZE, "2^32 x 2^32");
            check(untouched(ybuf, N), "%s: error wrote to y", nm);
            memcpy(ybuf, xbuf, sizeof ybuf);
            EXPECT(fn(ybuf, ybuf + 1, 4, 8), ACTFN_ERR_OVERLAP, "y = x + 1");
            EXPECT(fn(ybuf + 31, ybuf, 4, 8), ACTFN_ERR_OVERLAP, "y = x - 31");
            check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: overlap error wrote", nm);
            EXPECT(fn(ybuf, ybuf + 32, 4, 8), ACTFN_OK, "adjacent");
            EXPECT(fn(ybuf, ybuf, 4, 8), ACTFN_OK, "in place");
        }
    }
    {
        int f;
        for (f = 0; f < 2; f++) {
            actfn_status (*fn)(const float *, float *, size_t, size_t, size_t) =
                f == 0 ? actfn_softmax_axis_f32 : actfn_log_softmax_axis_f32;
            nm = f == 0 ? "softmax_axis" : "log_softmax_axis";
            fill_inputs();
            fill_sentinel(ybuf, N);
            EXPECT(fn(NULL, ybuf, 2, 4, 4), ACTFN_ERR_NULL, "NULL x");
            EXPECT(fn(xbuf, NULL, 2, 4, 4), ACTFN_ERR_NULL, "NULL y");
            EXPECT(fn(NULL, NULL, 0, 4, 4), ACTFN_OK, "outer=0");
            EXPECT(fn(NULL, NULL, 2, 4, 0), ACTFN_OK, "inner=0");
            EXPECT(fn(NULL, NULL, 0, 0, 0), ACTFN_OK, "all 0");
            EXPECT(fn(xbuf, ybuf, 2, 0, 4), ACTFN_ERR_SHAPE, "axis=0");
            EXPECT(fn(xbuf, ybuf, SIZE_MAX, 2, 2), ACTFN_ERR_SIZE, "outer*axis*inner overflow");
            EXPECT(fn(xbuf, ybuf, 2, 2, SIZE_MAX), ACTFN_ERR_SIZE, "inner=SIZE_MAX");
            EXPECT(fn(xbuf, ybuf, (size_t)1 << 31, 2, (size_t)1 << 31), ACTFN_ERR_SIZE, "bytes overflow");
            check(untouched(ybuf, N), "%s: error wrote to y", nm);
            memcpy(ybuf, xbuf, sizeof ybuf);
            EXPECT(fn(ybuf, ybuf + 3, 2, 4, 4), ACTFN_ERR_OVERLAP, "y = x + 3");
            check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: overlap error wrote", nm);
            EXPECT(fn(ybuf, ybuf, 2, 4, 4), ACTFN_OK, "in place");
        }
    }
    nm = "softmax_masked";
    fill_inputs();
    fill_sentinel(ybuf, N);
    EXPECT(actfn_softmax_masked_f32(NULL, mbuf, ybuf, 4, 8, 4), ACTFN_ERR_NULL, "NULL x");
    EXPECT(actfn_softmax_masked_f32(xbuf, NULL, ybuf, 4, 8, 4), ACTFN_ERR_NULL, "NULL mask");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, NULL, 4, 8, 4), ACTFN_ERR_NULL, "NULL y");
    EXPECT(actfn_softmax_masked_f32(NULL, NULL, NULL, 0, 8, 1), ACTFN_OK, "rows=0");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, 4, 0, 4), ACTFN_ERR_SHAPE, "cols=0");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, 4, 8, 2), ACTFN_ERR_SHAPE, "mask_rows=2 of 4");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, 4, 8, 0), ACTFN_ERR_SHAPE, "mask_rows=0");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, 4, 8, 5), ACTFN_ERR_SHAPE, "mask_rows=5");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, SIZE_MAX, 2, 1), ACTFN_ERR_SIZE, "overflow");
    check(untouched(ybuf, N), "%s: error wrote to y", nm);
    memcpy(ybuf, xbuf, sizeof ybuf);
    EXPECT(actfn_softmax_masked_f32(ybuf, mbuf, ybuf + 1, 4, 8, 1), ACTFN_ERR_OVERLAP, "y = x + 1");
    EXPECT(actfn_softmax_masked_f32(xbuf, (const unsigned char *)(ybuf + 4), ybuf, 4, 8, 4), ACTFN_ERR_OVERLAP,
           "mask inside y");
    check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: overlap error wrote", nm);
    EXPECT(actfn_softmax_masked_f32(ybuf, mbuf, ybuf, 4, 8, 1), ACTFN_OK, "in place, mask_rows=1");
    EXPECT(actfn_softmax_masked_f32(xbuf, mbuf, ybuf, 4, 8, 4), ACTFN_OK, "mask_rows=rows");

    nm = "glu";
    fill_inputs();
    fill_sentinel(ybuf, N);
    EXPECT(actfn_glu_f32(NULL, ybuf, 2, 8, 2), ACTFN_ERR_NULL, "NULL x");
    EXPECT(actfn_glu_f32(xbuf, NULL, 2, 8, 2), ACTFN_ERR_NULL, "NULL y");
    EXPECT(actfn_glu_f32(NULL, NULL, 0, 8, 2), ACTFN_OK, "outer=0");
    EXPECT(actfn_glu_f32(xbuf, ybuf, 2, 7, 2), ACTFN_ERR_SHAPE, "odd axis 7");
    EXPECT(actfn_glu_f32(xbuf, ybuf, 2, 1, 2), ACTFN_ERR_SHAPE, "odd axis 1");
    EXPECT(actfn_glu_f32(xbuf, ybuf, SIZE_MAX, 2, 2), ACTFN_ERR_SIZE, "overflow");
    check(untouched(ybuf, N), "%s: error wrote to y", nm);
    memcpy(ybuf, xbuf, sizeof ybuf);
    EXPECT(actfn_glu_f32(ybuf, ybuf + 1, 2, 8, 2), ACTFN_ERR_OVERLAP, "y = x + 1");
    EXPECT(actfn_glu_f32(ybuf + 4, ybuf, 2, 8, 2), ACTFN_ERR_OVERLAP, "y = x - 4");
    check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: overlap error wrote", nm);
    EXPECT(actfn_glu_f32(ybuf, ybuf + 32, 2, 8, 2), ACTFN_OK, "adjacent");
    EXPECT(actfn_glu_f32(ybuf, ybuf, 2, 8, 2), ACTFN_OK, "in place");

    nm = "prelu";
    fill_inputs();
    fill_sentinel(ybuf, N);
    EXPECT(actfn_prelu_f32(NULL, ybuf, 4, 8, abuf), ACTFN_ERR_NULL, "NULL x");
    EXPECT(actfn_prelu_f32(xbuf, NULL, 4, 8, abuf), ACTFN_ERR_NULL, "NULL y");
    EXPECT(actfn_prelu_f32(xbuf, ybuf, 4, 8, NULL), ACTFN_ERR_NULL, "NULL alpha");
    EXPECT(actfn_prelu_f32(NULL, NULL, 0, 8, NULL), ACTFN_OK, "rows=0");
    EXPECT(actfn_prelu_f32(xbuf, ybuf, 4, 0, abuf), ACTFN_ERR_SHAPE, "channels=0");
    EXPECT(actfn_prelu_f32(xbuf, ybuf, SIZE_MAX, 2, abuf), ACTFN_ERR_SIZE, "overflow");
    check(untouched(ybuf, N), "%s: error wrote to y", nm);
    memcpy(ybuf, xbuf, sizeof ybuf);
    EXPECT(actfn_prelu_f32(ybuf, ybuf + 1, 4, 8, abuf), ACTFN_ERR_OVERLAP, "y = x + 1");
    EXPECT(actfn_prelu_f32(xbuf, ybuf, 4, 8, ybuf + 8), ACTFN_ERR_OVERLAP, "alpha inside y");
    check(memcmp(ybuf, xbuf, sizeof ybuf) == 0, "%s: overlap error wrote", nm);
    EXPECT(actfn_prelu_f32(ybuf, ybuf, 4, 8, abuf), ACTFN_OK, "in place");
    EXPECT(actfn_prelu_f32(xbuf, ybuf, 4, 8, xbuf), ACTFN_OK, "alpha inside x (read-only)");
}

static void test_isa_and_strings(void)
{
    const char *nm = "isa";
    actfn_isa best = actfn_active_isa(), i;
    actfn_status s;
    const char *v = actfn_version();
    int a, b, c, k;
    char extra;

    check(v && sscanf(v, "%d.%d.%d%c", &a, &b, &c, &extra) == 3, "version \"%s\" is not MAJOR.MINOR.PATCH",
          v ? v : "(null)");
    check(actfn_isa_supported(ACTFN_ISA_SCALAR), "scalar not supported");
    check(!actfn_isa_supported(ACTFN_ISA_NONE), "ISA_NONE reported supported");
    check(!actfn_isa_supported(99), "ISA 99 reported supported");
    check(best != ACTFN_ISA_NONE && actfn_isa_supported(best), "active ISA %u not supported", (unsigned)best);
    for (i = ACTFN_ISA_SCALAR; i < ACTFN_ISA_COUNT; i++)
        if (actfn_isa_supported(i))
            check(i <= best || best == ACTFN_ISA_NEON, "default ISA %s is not the best (%s is supported)",
                  actfn_isa_name(best), actfn_isa_name(i));
    check(!strcmp(actfn_isa_name(ACTFN_ISA_NONE), "none"), "isa_name(NONE)");
    check(!strcmp(actfn_isa_name(ACTFN_ISA_SCALAR), "scalar"), "isa_name(SCALAR)");
    check(!strcmp(actfn_isa_name(ACTFN_ISA_AVX2), "avx2"), "isa_name(AVX2)");
    check(!strcmp(actfn_isa_name(ACTFN_ISA_AVX512), "avx512"), "isa_name(AVX512)");
    check(!strcmp(actfn_isa_name(ACTFN_ISA_NEON), "neon"), "isa_name(NEON)");
    check(!strcmp(actfn_isa_name(1234), "unknown"), "isa_name(1234)");
    /* forcing: unsupported ISAs fail and change nothing */
    for (i = ACTFN_ISA_SCALAR; i <= ACTFN_ISA_COUNT; i++) {
        actfn_isa before = actfn_active_isa();
        s = actfn_force_isa(i);
        if (actfn_isa_supported(i)) {
            EXPECT(s, ACTFN_OK, "force %s", actfn_isa_name(i));
            check(actfn_active_isa() == i, "force %s: active is %s", actfn_isa_name(i),
                  actfn_isa_name(actfn_active_isa()));
        } else {
            EXPECT(s, ACTFN_ERR_ISA, "force unsupported %s (%u)", actfn_isa_name(i), (unsigned)i);
            check(actfn_active_isa() == before, "failed force %u changed the active ISA", (unsigned)i);
        }
    }
    EXPECT(actfn_force_isa(0xFFFFFFFFu), ACTFN_ERR_ISA, "force UINT32_MAX");
    EXPECT(actfn_force_isa(ACTFN_ISA_NONE), ACTFN_OK, "force NONE (back to best)");
    check(actfn_active_isa() == best, "force NONE: active %s, want %s", actfn_isa_name(actfn_active_isa()),
          actfn_isa_name(best));
    /* status strings: non-empty, distinct, unknown for others */
    for (k = 0; k <= ACTFN_ERR_ROWWISE; k++) {
        int j;
        const char *m = actfn_status_str(k);
        check(m && *m && strcmp(m, "unknown status"), "status_str(%d) = \"%s\"", k, m ? m : "(null)");
        for (j = 0; j < k; j++)
            check(strcmp(m, actfn_status_str(j)) != 0, "status_str(%d) == status_str(%d)", k, j);
    }
    check(actfn_status_str(-1) && actfn_status_str(11) && actfn_status_str(INT32_MAX), "status_str(other) NULL");
}

int main(void)
{
    t_prog = "status";
    detect_isas();
    printf("status: every error path, nothing written on error\n");
    print_isas();
    test_elementwise_status();
    note("element-wise: NULL, n=0, size overflow, overlap, in place (named and apply)");
    test_bad_params();
    note("bad parameters");
    test_ops_and_names();
    note("names and ops");
    test_rowwise_status();
    note("row-wise shapes");
    test_isa_and_strings();
    note("ISA selection, version, status strings");
    return finish();
}
