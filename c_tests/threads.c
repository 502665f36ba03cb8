/* 8 threads call different functions at the same time, each on its own
 * buffers; every result must equal the single-threaded one, bit for bit. */
#include "common.h"

#include <pthread.h>

#define NTHREADS 8
#define LEN 4099 /* odd, so every call has a tail */
#define ROWS 11
#define COLS 372 /* ROWS * COLS <= LEN */
#define ITERS 2000

/* function k: element-wise op k (k < ACTFN_OP_COUNT), then row-wise ones */
enum { F_SOFTMAX = ACTFN_OP_COUNT, F_LOG_SOFTMAX, F_SPARSEMAX, F_GLU, F_PRELU, F_MASKED, NFUNCS };

static float input[LEN], alpha[COLS];
static unsigned char mask[COLS];
static float expected[NFUNCS][LEN];
static pthread_barrier_t start;

static actfn_status run(int k, const float *x, float *y)
{
    if (k < ACTFN_OP_COUNT) {
        actfn_params p = usable_params((actfn_op)k);
        return actfn_apply_f32((actfn_op)k, &p, x, y, LEN);
    }
    switch (k) {
    case F_SOFTMAX: return actfn_softmax_f32(x, y, ROWS, COLS);
    case F_LOG_SOFTMAX: return actfn_log_softmax_f32(x, y, ROWS, COLS);
    case F_SPARSEMAX: return actfn_sparsemax_f32(x, y, ROWS, COLS);
    case F_GLU: return actfn_glu_f32(x, y, ROWS, COLS, 1);
    case F_PRELU: return actfn_prelu_f32(x, y, ROWS, COLS, alpha);
    case F_MASKED: return actfn_softmax_masked_f32(x, mask, y, ROWS, COLS, 1);
    default: return -1;
    }
}

static size_t out_len(int k)
{
    if (k < ACTFN_OP_COUNT)
        return LEN;
    return k == F_GLU ? ROWS * COLS / 2 : ROWS * COLS;
}

static const char *fname(int k)
{
    static const char *const R[] = {"softmax", "log_softmax", "sparsemax", "glu", "prelu", "softmax_masked"};
    return k < ACTFN_OP_COUNT ? actfn_op_name((actfn_op)k) : R[k - ACTFN_OP_COUNT];
}

struct worker {
    int id;
    unsigned long calls, mismatches, bad_status;
    int first_bad;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    float *x = alloc_floats(LEN), *y = alloc_floats(LEN);
    int it;
    w->first_bad = -1;
    memcpy(x, input, sizeof input);
    pthread_barrier_wait(&start);
    for (it = 0; it < ITERS; it++) {
        /* each thread walks the functions from its own starting point, so
         * at any moment the 8 threads run different functions */
        int k = (w->id * NFUNCS / NTHREADS + it) % NFUNCS;
        actfn_status s;
        memset(y, 0, LEN * sizeof *y);
        s = run(k, x, y);
        w->calls++;
        if (s != ACTFN_OK)
            w->bad_status++;
        else if (memcmp(y, expected[k], out_len(k) * sizeof(float)) != 0) {
            w->mismatches++;
            if (w->first_bad < 0)
                w->first_bad = k;
        }
        if (memcmp(x, input, sizeof input) != 0) {
            w->mismatches++;
            memcpy(x, input, sizeof input);
        }
    }
    free(x);
    free(y);
    return NULL;
}

int main(void)
{
    pthread_t th[NTHREADS];
    struct worker w[NTHREADS];
    size_t i;
    int k, t;

    t_prog = "threads";
    detect_isas();
    printf("threads: %d threads x %d calls over %d functions, n = %d\n", NTHREADS, ITERS, NFUNCS, LEN);
    print_isas();
    for (i = 0; i < LEN; i++)
        input[i] = rng_uniform(-10.0f, 10.0f);
    for (i = 0; i < COLS; i++) {
        alpha[i] = rng_uniform(0.0f, 0.5f);
        mask[i] = (unsigned char)(i % 5 != 0);
    }
    /* single-threaded results, default ISA */
    for (k = 0; k < NFUNCS; k++) {
        actfn_status s = run(k, input, expected[k]);
        if (!check(s == ACTFN_OK, "%s: single-threaded status %d", fname(k), (int)s))
            return finish();
    }
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (t = 0; t < NTHREADS; t++) {
        memset(&w[t], 0, sizeof w[t]);
        w[t].id = t;
        if (pthread_create(&th[t], NULL, work, &w[t]) != 0) {
            printf("FATAL: pthread_create\n");
            return 2;
        }
    }
    for (t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        check(w[t].bad_status == 0 && w[t].mismatches == 0,
              "thread %d: %lu of %lu calls returned an error, %lu results differ from single-threaded (first: %s)",
              t, w[t].bad_status, w[t].calls, w[t].mismatches, w[t].first_bad >= 0 ? fname(w[t].first_bad) : "-");
    }
    pthread_barrier_destroy(&start);
    note("%d threads, %lu calls each, results identical to single-threaded", NTHREADS, (unsigned long)ITERS);
    return finish();
}
