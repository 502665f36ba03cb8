/* The peers of libactfn behind one plain C interface, for benches/peers.rs:
 * XNNPACK (Debian's 0.0~git20220216), oneDNN 2.6 and SLEEF 3.5, as Debian
 * packages them. Compiled by build.rs only with the cargo feature `peers`.
 *
 *   peer_init()                      once, before anything else
 *   peer_prepare(peer, fn, n, cols)  creates the operator / primitive for
 *                                    `fn` (libactfn's catalogue name, or
 *                                    "softmax" / "log_softmax") on n floats
 *                                    (rows of `cols` for the row-wise ones);
 *                                    NULL when the peer does not offer fn
 *   peer_run(op, x, y)               y = fn(x) on the op's n floats: the
 *                                    only thing the benchmark times
 *   peer_release(op)
 *
 * Single-threaded everywhere: XNNPACK gets a NULL threadpool; Debian's
 * oneDNN uses OpenMP (DNNL_CPU_RUNTIME == OMP), and peer_init sets the
 * OpenMP thread count to 1; SLEEF's functions are plain vector functions.
 *
 * Parameters are Keras's defaults: leaky_relu slope 0.2, elu alpha 1,
 * softplus = log(1 + e^x), hardswish = x relu6(x + 3) / 6, gelu in the erf
 * and tanh forms, silu/swish with beta = 1.
 */

#include <immintrin.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oneapi/dnnl/dnnl.h>
#include <xnnpack.h>

/* sleef.h declares its AVX2 and AVX-512 functions only when the compiler
 * targets those ISAs; the rest of this file must run on any x86-64, so the
 * declarations are made visible here and each SLEEF loop carries its own
 * target attribute (dispatched at run time in peer_prepare). immintrin.h
 * comes first, above, so that each intrinsic keeps its own minimal target. */
#pragma GCC push_options
#pragma GCC target("avx2,fma,avx512f")
#include <sleef.h>
#pragma GCC pop_options

enum { PEER_XNNPACK = 0, PEER_ONEDNN = 1, PEER_SLEEF = 2, PEER_COUNT = 3 };

/* Keras's constants, as f32 (src/constants.rs). */
#define PEER_LEAKY_SLOPE 0.2f
#define PEER_SELU_ALPHA 1.6732632f
#define PEER_SELU_SCALE 1.050701f
#define PEER_FRAC_1_SQRT_2 0.70710678f
#define PEER_SQRT_2_OVER_PI 0.79788456f
#define PEER_GELU_TANH_COEFF 0.044715f

typedef void (*sleef_loop)(const float *, float *, size_t);
struct sleef_entry {
    const char *name;
    sleef_loop fn;
    const char *formula;
};

/* ------------------------------------------------------------------------ */
/* SLEEF loops: AVX-512F (16 lanes), then AVX2+FMA (8 lanes). */

#define SL_TAG avx512
#define SL_TARGET "avx512f,avx2,fma"
#define SL_V __m512
#define SL_W 16
#define SL_EXP Sleef_expf16_u10avx512f
#define SL_TANH Sleef_tanhf16_u10avx512f
#define SL_EXPM1 Sleef_expm1f16_u10avx512f
#define SL_LOG1P Sleef_log1pf16_u10avx512f
#define SL_ERF Sleef_erff16_u10avx512f
#define SL_SET1 _mm512_set1_ps
#define SL_LOADU _mm512_loadu_ps
#define SL_STOREU _mm512_storeu_ps
#define SL_MAX _mm512_max_ps
#define SL_MIN _mm512_min_ps
#define SL_ABS _mm512_abs_ps
#define SL_SEL_POS(x, a, b) \
    _mm512_mask_blend_ps(_mm512_cmp_ps_mask((x), _mm512_setzero_ps(), _CMP_GT_OQ), (b), (a))
#include "sleef_loops.h"

#define SL_TAG avx2
#define SL_TARGET "avx2,fma"
#define SL_V __m256
#define SL_W 8
#define SL_EXP Sleef_expf8_u10avx2
#define SL_TANH Sleef_tanhf8_u10avx2
#define SL_EXPM1 Sleef_expm1f8_u10avx2
#define SL_LOG1P Sleef_log1pf8_u10avx2
#define SL_ERF Sleef_erff8_u10avx2
#define SL_SET1 _mm256_set1_ps
#define SL_LOADU _mm256_loadu_ps
#define SL_STOREU _mm256_storeu_ps
#define SL_MAX _mm256_max_ps
#define SL_MIN _mm256_min_ps
#define SL_ABS(v) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (v))
#define SL_SEL_POS(x, a, b) \
    _mm256_blendv_ps((b), (a), _mm256_cmp_ps((x), _mm256_setzero_ps(), _CMP_GT_OQ))
#include "sleef_loops.h"

/* ------------------------------------------------------------------------ */
/* The operators. */

struct peer_op {
    int peer;
    size_t n;
    char info[160];
    /* XNNPACK */
    xnn_operator_t xop;
    enum xnn_status (*xsetup)(xnn_operator_t, size_t, const float *, float *,
                              pthreadpool_t);
    size_t xbatch;
    /* oneDNN */
    dnnl_primitive_t prim;
    dnnl_memory_t src, dst;
    /* SLEEF */
    sleef_loop sfn;
};

static dnnl_engine_t g_engine;
static dnnl_stream_t g_stream;
static int g_init_status = -1;
static char g_info[512];

/* Initialises XNNPACK and oneDNN and pins OpenMP to one thread. Returns 0,
 * or a negative number naming the step that failed. */
int peer_init(void) {
    if (g_init_status != -1) return g_init_status;
    g_init_status = 0;
    omp_set_num_threads(1);
    if (xnn_initialize(NULL) != xnn_status_success) g_init_status = -2;
    if (dnnl_engine_create(&g_engine, dnnl_cpu, 0) != dnnl_success ||
        dnnl_stream_create(&g_stream, g_engine, dnnl_stream_default_flags) != dnnl_success)
        g_init_status = -3;
    const dnnl_version_t *v = dnnl_version();
    snprintf(g_info, sizeof g_info,
             "onednn %d.%d.%d (%s runtime, omp_get_max_threads() = %d); "
             "sleef %d.%d.%d (%s, u10); xnnpack (threadpool NULL)",
             v->major, v->minor, v->patch,
             v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "non-OpenMP",
             omp_get_max_threads(), SLEEF_VERSION_MAJOR, SLEEF_VERSION_MINOR,
             SLEEF_VERSION_PATCHLEVEL,
             __builtin_cpu_supports("avx512f") ? "avx512f, 16 lanes" : "avx2, 8 lanes");
    return g_init_status;
}

/* What peer_init found: versions, thread count, SLEEF's width. */
const char *peer_info(void) { return g_info; }

/* How op was built (the operator or the implementation oneDNN chose). */
const char *peer_op_info(const struct peer_op *op) { return op->info; }

/* -- XNNPACK -------------------------------------------------------------- */

static struct peer_op *xnn_prepare(const char *fn, size_t n, size_t cols) {
    xnn_operator_t xop = NULL;
    enum xnn_status s = xnn_status_unsupported_parameter;
    const char *what = NULL;
    enum xnn_status (*setup)(xnn_operator_t, size_t, const float *, float *,
                             pthreadpool_t) = NULL;
    /* Element-wise: one channel, a batch of n, contiguous strides (so that
     * XNNPACK can treat the batch as one flat vector). */
    size_t batch = n;
    if (!strcmp(fn, "relu") || !strcmp(fn, "relu6") || !strcmp(fn, "hard_tanh")) {
        float lo = 0.0f, hi = INFINITY;
        if (!strcmp(fn, "relu6")) hi = 6.0f;
        if (!strcmp(fn, "hard_tanh")) lo = -1.0f, hi = 1.0f;
        s = xnn_create_clamp_nc_f32(1, 1, 1, lo, hi, 0, &xop);
        setup = xnn_setup_clamp_nc_f32;
        what = lo == 0.0f ? (hi == 6.0f ? "xnn_create_clamp_nc_f32 [0, 6]"
                                         : "xnn_create_clamp_nc_f32 [0, inf]")
                          : "xnn_create_clamp_nc_f32 [-1, 1]";
    } else if (!strcmp(fn, "leaky_relu")) {
        s = xnn_create_leaky_relu_nc_f32(1, 1, 1, PEER_LEAKY_SLOPE, 0, &xop);
        setup = xnn_setup_leaky_relu_nc_f32;
        what = "xnn_create_leaky_relu_nc_f32 (slope 0.2)";
    } else if (!strcmp(fn, "elu")) {
        s = xnn_create_elu_nc_f32(1, 1, 1, 1.0f, 0, &xop);
        setup = xnn_setup_elu_nc_f32;
        what = "xnn_create_elu_nc_f32 (alpha 1)";
    } else if (!strcmp(fn, "sigmoid")) {
        s = xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &xop);
        setup = xnn_setup_sigmoid_nc_f32;
        what = "xnn_create_sigmoid_nc_f32";
    } else if (!strcmp(fn, "hard_silu")) {
        s = xnn_create_hardswish_nc_f32(1, 1, 1, 0, &xop);
        setup = xnn_setup_hardswish_nc_f32;
        what = "xnn_create_hardswish_nc_f32";
    } else if (!strcmp(fn, "softmax")) {
        batch = n / cols;
        s = xnn_create_softmax_nc_f32(cols, cols, cols, 0, &xop);
        setup = xnn_setup_softmax_nc_f32;
        what = "xnn_create_softmax_nc_f32";
    } else {
        return NULL;
    }
    if (s != xnn_status_success) {
        fprintf(stderr, "peers: XNNPACK could not create %s (status %d)\n", fn, (int)s);
        return NULL;
    }
    struct peer_op *op = calloc(1, sizeof *op);
    op->peer = PEER_XNNPACK;
    op->n = n;
    op->xop = xop;
    op->xsetup = setup;
    op->xbatch = batch;
    snprintf(op->info, sizeof op->info, "%s; setup + run per call", what);
    return op;
}

/* -- oneDNN --------------------------------------------------------------- */

static int dnnl_eltwise_alg(const char *fn, dnnl_alg_kind_t *alg, const char **alg_name,
                            float *alpha, float *beta) {
#define ALG(a) a, #a
    static const struct {
        const char *name;
        dnnl_alg_kind_t alg;
        const char *alg_name;
        float alpha, beta;
    } map[] = {
        {"relu", ALG(dnnl_eltwise_relu), 0.0f, 0.0f},
        {"leaky_relu", ALG(dnnl_eltwise_relu), PEER_LEAKY_SLOPE, 0.0f},
        {"relu6", ALG(dnnl_eltwise_clip_v2), 0.0f, 6.0f},
        {"hard_tanh", ALG(dnnl_eltwise_clip_v2), -1.0f, 1.0f},
        {"elu", ALG(dnnl_eltwise_elu), 1.0f, 0.0f},
        {"sigmoid", ALG(dnnl_eltwise_logistic), 0.0f, 0.0f},
        {"log_sigmoid", ALG(dnnl_eltwise_logsigmoid), 0.0f, 0.0f},
        {"tanh", ALG(dnnl_eltwise_tanh), 0.0f, 0.0f},
        {"gelu", ALG(dnnl_eltwise_gelu_erf), 0.0f, 0.0f},
        {"gelu_tanh", ALG(dnnl_eltwise_gelu_tanh), 0.0f, 0.0f},
        {"silu", ALG(dnnl_eltwise_swish), 1.0f, 0.0f},
        {"softplus", ALG(dnnl_eltwise_soft_relu), 0.0f, 0.0f},
        {"mish", ALG(dnnl_eltwise_mish), 0.0f, 0.0f},
        {"hard_silu", ALG(dnnl_eltwise_hardswish), 0.0f, 0.0f},
        {"exponential", ALG(dnnl_eltwise_exp), 0.0f, 0.0f},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!strcmp(fn, map[i].name)) {
            *alg = map[i].alg;
            *alg_name = map[i].alg_name;
            *alpha = map[i].alpha;
            *beta = map[i].beta;
            return 1;
        }
    }
    return 0;
#undef ALG
}

static struct peer_op *dnnl_prepare(const char *fn, size_t n, size_t cols) {
    dnnl_memory_desc_t md;
    dnnl_primitive_desc_t pd = NULL;
    dnnl_status_t s;
    dnnl_alg_kind_t alg;
    float alpha = 0.0f, beta = 0.0f;
    const char *what, *alg_name = "";
    if (!strcmp(fn, "softmax") || !strcmp(fn, "log_softmax")) {
        dnnl_dims_t dims = {(dnnl_dim_t)(n / cols), (dnnl_dim_t)cols};
        if (dnnl_memory_desc_init_by_tag(&md, 2, dims, dnnl_f32, dnnl_ab) != dnnl_success)
            return NULL;
        dnnl_softmax_v2_desc_t d;
        alg = fn[0] == 's' ? dnnl_softmax_accurate : dnnl_softmax_log;
        s = dnnl_softmax_v2_forward_desc_init(&d, dnnl_forward_inference, alg, &md, &md, 1);
        if (s == dnnl_success) s = dnnl_primitive_desc_create(&pd, &d, NULL, g_engine, NULL);
        what = "softmax_v2";
        alg_name = fn[0] == 's' ? "dnnl_softmax_accurate" : "dnnl_softmax_log";
    } else if (dnnl_eltwise_alg(fn, &alg, &alg_name, &alpha, &beta)) {
        dnnl_dims_t dims = {(dnnl_dim_t)n};
        if (dnnl_memory_desc_init_by_tag(&md, 1, dims, dnnl_f32, dnnl_a) != dnnl_success)
            return NULL;
        dnnl_eltwise_desc_t d;
        s = dnnl_eltwise_forward_desc_init(&d, dnnl_forward_inference, alg, &md, alpha, beta);
        if (s == dnnl_success) s = dnnl_primitive_desc_create(&pd, &d, NULL, g_engine, NULL);
        what = "eltwise";
    } else {
        return NULL;
    }
    if (s != dnnl_success) {
        fprintf(stderr, "peers: oneDNN could not create %s (status %d)\n", fn, (int)s);
        return NULL;
    }
    struct peer_op *op = calloc(1, sizeof *op);
    op->peer = PEER_ONEDNN;
    op->n = n;
    const char *impl = "?";
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
    if (!strcmp(what, "eltwise"))
        snprintf(op->info, sizeof op->info, "eltwise %s (alpha %g, beta %g), %s", alg_name,
                 alpha, beta, impl);
    else
        snprintf(op->info, sizeof op->info, "%s %s (axis 1), %s", what, alg_name, impl);
    s = dnnl_primitive_create(&op->prim, pd);
    dnnl_primitive_desc_destroy(pd);
    /* The data handles are set at each run: no buffer belongs to the op. */
    if (s != dnnl_success ||
        dnnl_memory_create(&op->src, &md, g_engine, DNNL_MEMORY_NONE) != dnnl_success ||
        dnnl_memory_create(&op->dst, &md, g_engine, DNNL_MEMORY_NONE) != dnnl_success) {
        fprintf(stderr, "peers: oneDNN could not create the primitive for %s\n", fn);
        if (op->prim) dnnl_primitive_destroy(op->prim);
        if (op->src) dnnl_memory_destroy(op->src);
        free(op);
        return NULL;
    }
    return op;
}

/* -- SLEEF ---------------------------------------------------------------- */

static struct peer_op *sleef_prepare(const char *fn, size_t n) {
    int wide = __builtin_cpu_supports("avx512f");
    if (!wide && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))
        return NULL;
    const struct sleef_entry *t = wide ? sleef_table_avx512 : sleef_table_avx2;
    for (; t->name; t++) {
        if (!strcmp(t->name, fn)) {
            struct peer_op *op = calloc(1, sizeof *op);
            op->peer = PEER_SLEEF;
            op->n = n;
            op->sfn = t->fn;
            snprintf(op->info, sizeof op->info, "%s, Sleef_*f%d_u10%s", t->formula,
                     wide ? 16 : 8, wide ? "avx512f" : "avx2");
            return op;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */

/* The op computing `fn` on n floats (rows of `cols` for softmax and
 * log_softmax; cols is ignored otherwise), or NULL if `peer` does not offer
 * fn (or could not create it: a message goes to stderr). */
struct peer_op *peer_prepare(int peer, const char *fn, size_t n, size_t cols) {
    if (g_init_status != 0 || n == 0) return NULL;
    int rowwise = !strcmp(fn, "softmax") || !strcmp(fn, "log_softmax");
    if (rowwise && (cols == 0 || n % cols != 0)) return NULL;
    switch (peer) {
    case PEER_XNNPACK: return xnn_prepare(fn, n, cols);
    case PEER_ONEDNN: return dnnl_prepare(fn, n, cols);
    case PEER_SLEEF: return rowwise ? NULL : sleef_prepare(fn, n);
    default: return NULL;
    }
}

/* y = fn(x) over the op's n floats. Returns 0, or the peer's error status. */
int peer_run(struct peer_op *op, const float *x, float *y) {
    switch (op->peer) {
    case PEER_XNNPACK: {
        enum xnn_status s = op->xsetup(op->xop, op->xbatch, x, y, NULL);
        if (s == xnn_status_success) s = xnn_run_operator(op->xop, NULL);
        return (int)s;
    }
    case PEER_ONEDNN: {
        dnnl_memory_set_data_handle(op->src, (void *)x);
        dnnl_memory_set_data_handle(op->dst, y);
        dnnl_exec_arg_t args[2] = {{DNNL_ARG_SRC, op->src}, {DNNL_ARG_DST, op->dst}};
        dnnl_status_t s = dnnl_primitive_execute(op->prim, g_stream, 2, args);
        if (s == dnnl_success) s = dnnl_stream_wait(g_stream);
        return (int)s;
    }
    case PEER_SLEEF: op->sfn(x, y, op->n); return 0;
    default: return -1;
    }
}

void peer_release(struct peer_op *op) {
    if (!op) return;
    if (op->xop) xnn_delete_operator(op->xop);
    if (op->prim) dnnl_primitive_destroy(op->prim);
    if (op->src) dnnl_memory_destroy(op->src);
    if (op->dst) dnnl_memory_destroy(op->dst);
    free(op);
}
