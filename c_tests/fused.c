/* The fused operators from C: bias + activation, gated units, attention
 * softmax, on every ISA, against the unfused library calls made here
 * (fmaf / + then actfn_apply_f32; actfn_apply_f32 then *; fmaf, -inf, then
 * actfn_softmax_f32) bit for bit, against a double reference for the
 * attention softmax, the same bits on every ISA, and the statuses with
 * nothing written. */
#include "common.h"

#define ROWS 5
#define CH 37
#define N (ROWS * CH)
#define COLS 43

static float first_bias[ACTFN_OP_COUNT][N], first_gated[ACTFN_OP_COUNT][N];
static float first_attn[2][ROWS * COLS];

static int bits_equal(const float *a, const float *b, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (!same_bits(a[k], b[k]))
            return 0;
    return 1;
}

static void bias_and_gated(int isa_index)
{
    float x[N], bias[CH], scale[CH], t[N], want[N], y[N], g[N], u[N], a[N];
    actfn_op op;
    int k;
    for (k = 0; k < N; k++) {
        x[k] = rng_uniform(-8.0f, 8.0f);
        g[k] = rng_uniform(-8.0f, 8.0f);
        u[k] = rng_uniform(-3.0f, 3.0f);
    }
    for (k = 0; k < CH; k++) {
        bias[k] = rng_uniform(-2.0f, 2.0f);
        scale[k] = rng_uniform(0.5f, 2.0f);
    }
    for (op = 0; op < ACTFN_OP_COUNT; op++) {
        actfn_params p;
        int s;
        if (actfn_params_default(op, &p) != ACTFN_OK)
            continue;
        if (p.threshold != p.threshold)
            p.threshold = 0.5f; /* a required parameter: any valid value */
        for (s = 0; s < 2; s++) {
            for (k = 0; k < N; k++)
                t[k] = s ? fmaf(x[k], scale[k % CH], bias[k % CH]) : x[k] + bias[k % CH];
            if (actfn_apply_f32(op, &p, t, want, N) != ACTFN_OK)
                break;
            check(actfn_bias_act_f32(op, &p, x, bias, s ? scale : NULL, y, ROWS, CH, 1) == ACTFN_OK &&
                      bits_equal(y, want, N),
                  "bias_act %s scale=%d on %s: not the unfused bits", actfn_op_name(op), s,
                  actfn_isa_name(actfn_active_isa()));
            if (s == 1) {
                if (isa_index == 0)
                    memcpy(first_bias[op], y, sizeof y);
                else
                    check(bits_equal(y, first_bias[op], N), "bias_act %s: %s differs from %s",
                          actfn_op_name(op), actfn_isa_name(actfn_active_isa()), actfn_isa_name(t_isas[0]));
            }
        }
        if (actfn_apply_f32(op, &p, g, a, N) != ACTFN_OK)
            continue;
        for (k = 0; k < N; k++)
            want[k] = a[k] * u[k];
        check(actfn_gated_f32(op, &p, g, u, y, N) == ACTFN_OK && bits_equal(y, want, N),
              "gated %s on %s: not the unfused bits", actfn_op_name(op), actfn_isa_name(actfn_active_isa()));
        if (isa_index == 0)
            memcpy(first_gated[op], y, sizeof y);
        else
            check(bits_equal(y, first_gated[op], N), "gated %s: %s differs", actfn_op_name(op),
                  actfn_isa_name(actfn_active_isa()));
    }
}

static void attention(int isa_index)
{
    float x[ROWS * COLS], mask[2 * COLS], z[ROWS * COLS], want[ROWS * COLS], y[ROWS * COLS];
    const float scale = 0.125f;
    int r, j, log;
    for (j = 0; j < ROWS * COLS; j++)
        x[j] = rng_uniform(-40.0f, 40.0f);
    for (j = 0; j < 2 * COLS; j++)
        mask[j] = (j % 7 == 2) ? -INFINITY : rng_uniform(-1.0f, 0.0f);
    /* causal: period 4, offset -1: row 0 (and 4) sees nothing */
    for (r = 0; r < ROWS; r++)
        for (j = 0; j < COLS; j++)
            z[r * COLS + j] = (j > (r % 4) - 1) ? -INFINITY : fmaf(scale, x[r * COLS + j], mask[(r % 2) * COLS + j]);
    for (log = 0; log < 2; log++) {
        actfn_status s = log ? actfn_attention_log_softmax_f32(x, y, ROWS, COLS, scale, mask, 2,
                                                               ACTFN_ATTENTION_CAUSAL, 4, -1)
                             : actfn_attention_softmax_f32(x, y, ROWS, COLS, scale, mask, 2,
                                                           ACTFN_ATTENTION_CAUSAL, 4, -1);
        check(s == ACTFN_OK, "attention log=%d: status %d", log, (int)s);
        if (log)
            actfn_log_softmax_f32(z, want, ROWS, COLS);
        else
            actfn_softmax_f32(z, want, ROWS, COLS);
        for (r = 0; r < ROWS; r++) {
            float *yr = y + r * COLS, *wr = want + r * COLS, *zr = z + r * COLS;
            int hidden = (r % 4) == 0;
            if (hidden) {
                for (j = 0; j < COLS; j++)
                    check(log ? yr[j] == -INFINITY : fbits(yr[j]) == 0, "attention log=%d row %d: fully hidden, y[%d] = %g",
                          log, r, j, (double)yr[j]);
                continue;
            }
            check(bits_equal(yr, wr, COLS), "attention log=%d row %d on %s: not the unfused bits", log, r,
                  actfn_isa_name(actfn_active_isa()));
            if (!log) {
                /* double reference, 2 ULP */
                double m = -INFINITY, sum = 0;
                for (j = 0; j < COLS; j++)
                    if (zr[j] > m)
                        m = zr[j];
                for (j = 0; j < COLS; j++)
                    sum += exp((double)zr[j] - m);
                for (j = 0; j < COLS; j++) {
                    float ref = (float)(exp((double)zr[j] - m) / sum);
                    check(ulp_dist(yr[j], ref) <= 2, "attention row %d y[%d] = %g, reference %g", r, j,
                          (double)yr[j], (double)ref);
                }
            }
        }
        if (isa_index == 0)
            memcpy(first_attn[log], y, sizeof y);
        else
            check(bits_equal(y, first_attn[log], ROWS * COLS), "attention log=%d: %s differs", log,
                  actfn_isa_name(actfn_active_isa()));
    }
}

static void statuses(void)
{
    float x[64], b[8], y[64];
    int k;
    for (k = 0; k < 64; k++)
        x[k] = (float)k / 8.0f, y[k] = 7.0f;
    for (k = 0; k < 8; k++)
        b[k] = 1.0f;
#define UNTOUCHED (y[0] == 7.0f && y[63] == 7.0f)
    check(actfn_bias_act_f32(ACTFN_OP_COUNT, NULL, x, b, NULL, y, 8, 8, 1) == ACTFN_ERR_UNKNOWN_OP && UNTOUCHED,
          "bias_act unknown op");
    check(actfn_bias_act_f32(ACTFN_OP_SILU, NULL, x, NULL, NULL, y, 8, 8, 1) == ACTFN_ERR_NULL && UNTOUCHED,
          "bias_act NULL bias");
    check(actfn_bias_act_f32(ACTFN_OP_SILU, NULL, x, y + 4, NULL, y, 8, 8, 1) == ACTFN_ERR_OVERLAP && UNTOUCHED,
          "bias_act bias in y");
    check(actfn_bias_act_f32(ACTFN_OP_SILU, NULL, x, b, NULL, y, SIZE_MAX / 4, 8, 1) == ACTFN_ERR_SIZE && UNTOUCHED,
          "bias_act size");
    check(actfn_gated_f32(ACTFN_OP_SILU, NULL, x, y + 1, y, 32) == ACTFN_ERR_OVERLAP && UNTOUCHED,
          "gated up overlapping y");
    check(actfn_gated_axis_f32(ACTFN_OP_GELU, NULL, x, y, 2, 3, 8, ACTFN_GATE_FIRST) == ACTFN_ERR_SHAPE && UNTOUCHED,
          "gated_axis odd axis");
    check(actfn_gated_axis_f32(ACTFN_OP_GELU, NULL, x, y, 2, 4, 8, 7) == ACTFN_ERR_PARAM && UNTOUCHED,
          "gated_axis bad half");
    check(actfn_attention_softmax_f32(x, y, 4, 16, 1.0f, NULL, 1, 0, 0, 0) == ACTFN_ERR_NULL && UNTOUCHED,
          "attention mask rows without mask");
    check(actfn_attention_softmax_f32(x, y, 4, 16, 1.0f, x, 0, 0, 0, 0) == ACTFN_ERR_SHAPE && UNTOUCHED,
          "attention mask without rows");
    check(actfn_attention_softmax_f32(x, y, 4, 16, 1.0f, NULL, 0, 8, 0, 0) == ACTFN_ERR_PARAM && UNTOUCHED,
          "attention unknown flag");
    check(actfn_attention_log_softmax_f32(x, y, 4, 0, 1.0f, NULL, 0, 0, 0, 0) == ACTFN_ERR_SHAPE && UNTOUCHED,
          "attention cols 0");
    /* in place: y == x */
    memcpy(y, x, sizeof x);
    check(actfn_bias_act_f32(ACTFN_OP_RELU, NULL, y, b, NULL, y, 8, 8, 1) == ACTFN_OK && y[0] == 1.0f &&
              y[63] == 63.0f / 8.0f + 1.0f,
          "bias_act in place");
#undef UNTOUCHED
}

int main(void)
{
    int i;
    t_prog = "fused";
    detect_isas();
    print_isas();
    for (i = 0; i < t_nisas; i++) {
        force_isa(t_isas[i]);
        rng_state = 0x9E3779B97F4A7C15ull;
        bias_and_gated(i);
        attention(i);
    }
    force_isa(ACTFN_ISA_NONE);
    statuses();
    return finish();
}
