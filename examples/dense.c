/* libactfn demo: a small dense layer followed by every activation of the
 * library, a SwiGLU feed-forward block (fused gate), then a throughput
 * table for every ISA this CPU has.
 *
 *   make -C examples run
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdbool.h> /* before actfn.h: see c_tests/header_c99.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actfn.h"

#define IN 64
#define OUT 32
#define BATCH 256
#define BENCH_N (1u << 20)
#define REPS 5

/* ------------------------------------------------------------------ util */

static uint32_t lcg = 12345u;

static float frand(void) /* fixed pseudo-random in [-1, 1) */
{
    lcg = lcg * 1664525u + 1013904223u;
    return (float)(lcg >> 8) * (2.0f / 16777216.0f) - 1.0f;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what, actfn_status s)
{
    fprintf(stderr, "%s: %s (%d)\n", what, actfn_status_str(s), (int)s);
    exit(1);
}

/* Keras's defaults, with real values for threshold (it has none). */
static actfn_params params_for(actfn_op op)
{
    actfn_params p;
    actfn_status s = actfn_params_default(op, &p);
    if (s != ACTFN_OK)
        die("actfn_params_default", s);
    if (op == ACTFN_OP_THRESHOLD) {
        p.threshold = 0.5f;
        p.default_value = 0.0f;
    }
    return p;
}

/* ------------------------------------------------------------ dense demo */

static void dense_demo(void)
{
    static float x[BATCH * IN], w[IN * OUT], b[OUT], z[BATCH * OUT], y[BATCH * OUT];
    size_t i, j, k;
    actfn_op op;
    actfn_status s;

    for (i = 0; i < BATCH * IN; i++)
        x[i] = 2.0f * frand();
    for (i = 0; i < IN * OUT; i++)
        w[i] = frand() * 0.35f; /* ~ Glorot scale for 64 -> 32 */
    for (i = 0; i < OUT; i++)
        b[i] = 0.1f * frand();
    /* z = x W + b */
    for (i = 0; i < BATCH; i++)
        for (j = 0; j < OUT; j++) {
            float acc = b[j];
            for (k = 0; k < IN; k++)
                acc += x[i * IN + k] * w[k * OUT + j];
            z[i * OUT + j] = acc;
        }

    printf("Dense layer: %d inputs -> %d outputs, batch %d (z = xW + b), then each activation\n\n", IN, OUT, BATCH);
    printf("  %-16s %10s %10s %10s %10s   %10s %10s\n", "activation", "y[0][0]", "y[0][1]", "y[0][2]", "y[0][3]",
           "mean", "max");
    printf("  %-16s %10.5f %10.5f %10.5f %10.5f\n", "(pre-activation)", z[0], z[1], z[2], z[3]);
    for (op = 0; op < ACTFN_OP_COUNT; op++) {
        actfn_params p = params_for(op);
        double mean = 0;
        float mx = -INFINITY;
        s = actfn_apply_f32(op, &p, z, y, BATCH * OUT);
        if (s != ACTFN_OK)
            die(actfn_op_name(op), s);
        for (i = 0; i < BATCH * OUT; i++) {
            mean += y[i];
            if (y[i] > mx)
                mx = y[i];
        }
        printf("  %-16s %10.5f %10.5f %10.5f %10.5f   %10.5f %10.5f\n", actfn_op_name(op), y[0], y[1], y[2], y[3],
               mean / (BATCH * OUT), mx);
    }
    s = actfn_softmax_f32(z, y, BATCH, OUT);
    if (s != ACTFN_OK)
        die("softmax", s);
    {
        double sum = 0;
        for (j = 0; j < OUT; j++)
            sum += y[j];
        printf("  %-16s %10.5f %10.5f %10.5f %10.5f   (row 0 sums to %.7f)\n", "softmax (rows)", y[0], y[1], y[2],
               y[3], sum);
    }
    /* bfloat16 storage (what large models keep their activations in):
       the same gelu on half-size buffers, rounded once to bfloat16 */
    {
        actfn_bf16 zb[OUT], yb[OUT];
        float back[4];
        s = actfn_f32_to_bf16(z, zb, OUT);
        if (s == ACTFN_OK)
            s = actfn_gelu_bf16(zb, yb, OUT);
        if (s == ACTFN_OK)
            s = actfn_bf16_to_f32(yb, back, 4);
        if (s != ACTFN_OK)
            die("gelu_bf16", s);
        printf("  %-16s %10.5f %10.5f %10.5f %10.5f   (bf16 in and out)\n", "gelu (bf16)", back[0], back[1], back[2],
               back[3]);
    }
    /* Keras names work too */
    {
        actfn_op g;
        s = actfn_op_from_name("swish", &g);
        if (s == ACTFN_OK)
            printf("\n  Activation(\"swish\") resolves to actfn_%s_f32\n", actfn_op_name(g));
    }
}

/* ------------------------------------------------ SwiGLU feed-forward */

#define FF_D 64
#define FF_H 128
#define FF_T 32

/* A transformer feed-forward block, out = (silu(x Wg) * (x Wu)) Wd, with the
 * gate fused: actfn_gated_f32 computes silu(gate) * up in one pass, in place
 * over the gate projections, bit for bit what actfn_silu_f32 followed by a
 * product gives. */
static void swiglu_demo(void)
{
    static float x[FF_T * FF_D], wg[FF_D * FF_H], wu[FF_D * FF_H], wd[FF_H * FF_D];
    static float gate[FF_T * FF_H], up[FF_T * FF_H], ref[FF_T * FF_H], out[FF_T * FF_D];
    size_t i, j, k, same = 0;
    double sum = 0;
    actfn_status s;

    for (i = 0; i < FF_T * FF_D; i++)
        x[i] = frand();
    for (i = 0; i < FF_D * FF_H; i++) {
        wg[i] = 0.2f * frand();
        wu[i] = 0.2f * frand();
        wd[i] = 0.15f * frand();
    }
    for (i = 0; i < FF_T; i++)
        for (j = 0; j < FF_H; j++) {
            float g = 0, u = 0;
            for (k = 0; k < FF_D; k++) {
                g += x[i * FF_D + k] * wg[k * FF_H + j];
                u += x[i * FF_D + k] * wu[k * FF_H + j];
            }
            gate[i * FF_H + j] = g;
            up[i * FF_H + j] = u;
        }
    /* unfused, for comparison: silu, then the product */
    s = actfn_silu_f32(gate, ref, FF_T * FF_H);
    if (s != ACTFN_OK)
        die("silu", s);
    for (i = 0; i < FF_T * FF_H; i++)
        ref[i] *= up[i];
    /* fused, in place over gate */
    s = actfn_gated_f32(ACTFN_OP_SILU, NULL, gate, up, gate, FF_T * FF_H);
    if (s != ACTFN_OK)
        die("gated (SwiGLU)", s);
    for (i = 0; i < FF_T * FF_H; i++)
        same += memcmp(&gate[i], &ref[i], sizeof(float)) == 0;
    for (i = 0; i < FF_T; i++)
        for (j = 0; j < FF_D; j++) {
            float acc = 0;
            for (k = 0; k < FF_H; k++)
                acc += gate[i * FF_H + k] * wd[k * FF_D + j];
            out[i * FF_D + j] = acc;
            sum += acc;
        }
    printf("\nSwiGLU feed-forward block: %d tokens, %d -> %d -> %d (actfn_gated_f32 with ACTFN_OP_SILU)\n", FF_T,
           FF_D, FF_H, FF_D);
    printf("  out[0][0..3] = %.6f %.6f %.6f %.6f, mean %.6f; fused == silu then product: %zu of %d values\n",
           out[0], out[1], out[2], out[3], sum / (FF_T * FF_D), same, FF_T * FF_H);
}

/* ------------------------------------------------------------ throughput */

static volatile float sink;

static double best_ns(actfn_op op, const actfn_params *p, const float *src, float *dst)
{
    double best = 1e30;
    int r;
    for (r = 0; r < REPS; r++) {
        double t0 = now_ns(), t;
        actfn_status s = op == ACTFN_OP_COUNT ? (memcpy(dst, src, BENCH_N * sizeof(float)), ACTFN_OK)
                                              : actfn_apply_f32(op, p, src, dst, BENCH_N);
        t = now_ns() - t0;
        if (s != ACTFN_OK)
            die("benchmark", s);
        sink = dst[r];
        if (t < best)
            best = t;
    }
    return best;
}

static void throughput(void)
{
    float *src = malloc(BENCH_N * sizeof(float)), *dst = malloc(BENCH_N * sizeof(float));
    actfn_isa isas[8];
    double t[ACTFN_OP_COUNT + 1][8];
    int nisa = 0, k;
    actfn_isa isa;
    actfn_op op;
    size_t i;

    if (!src || !dst) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (i = 0; i < BENCH_N; i++)
        src[i] = 8.0f * frand();
    for (isa = ACTFN_ISA_SCALAR; isa <= ACTFN_ISA_NEON; isa++)
        if (actfn_isa_supported(isa))
            isas[nisa++] = isa;

    for (k = 0; k < nisa; k++) {
        actfn_status s = actfn_force_isa(isas[k]);
        if (s != ACTFN_OK)
            die("actfn_force_isa", s);
        for (op = 0; op < ACTFN_OP_COUNT; op++) {
            actfn_params p = params_for(op);
            t[op][k] = best_ns(op, &p, src, dst);
        }
        t[ACTFN_OP_COUNT][k] = best_ns(ACTFN_OP_COUNT, NULL, src, dst);
    }
    actfn_force_isa(ACTFN_ISA_NONE); /* back to the default */

    printf("\nThroughput: elements per ns on %u floats (%.0f MiB in + out), best of %d\n\n", BENCH_N,
           2.0 * BENCH_N * sizeof(float) / (1 << 20), REPS);
    printf("  %-16s", "activation");
    for (k = 0; k < nisa; k++)
        printf(" %9s", actfn_isa_name(isas[k]));
    if (nisa > 1)
        printf("   %s/%s", actfn_isa_name(isas[nisa - 1]), actfn_isa_name(isas[0]));
    printf("\n  %-16s", "----------------");
    for (k = 0; k < nisa; k++)
        printf(" %9s", "---------");
    if (nisa > 1)
        printf("   -------------");
    printf("\n");
    for (op = 0; op <= ACTFN_OP_COUNT; op++) {
        if (op == ACTFN_OP_COUNT)
            printf("  %-16s", "memcpy");
        else
            printf("  %-16s", actfn_op_name(op));
        for (k = 0; k < nisa; k++)
            printf(" %9.3f", BENCH_N / t[op][k]);
        if (nisa > 1)
            printf("   %12.1fx", t[op][0] / t[op][nisa - 1]);
        printf("\n");
    }
    free(src);
    free(dst);
}

int main(void)
{
    printf("libactfn %s, active ISA: %s (supported:", actfn_version(), actfn_isa_name(actfn_active_isa()));
    {
        actfn_isa i;
        for (i = ACTFN_ISA_SCALAR; i <= ACTFN_ISA_NEON; i++)
            if (actfn_isa_supported(i))
                printf(" %s", actfn_isa_name(i));
    }
    printf(")\n\n");
    dense_demo();
    swiglu_demo();
    throughput();
    printf("\nactive ISA restored: %s\n", actfn_isa_name(actfn_active_isa()));
    return 0;
}
