/* Every symbol of the header links and is callable; `symbols env NAME`
 * checks the ACTFN_ISA environment variable (the runner sets it). */
#include "common.h"

typedef void (*fnptr)(void);
#define SYM(f) {#f, (fnptr)(f)}

/* The functions of the header besides the actfn_<name>_f32 of each op,
 * which tables.h (generated from the catalogue) calls: T_OPS. */
static const struct { const char *name; fnptr f; } SYMS[] = {
    SYM(actfn_apply_f32), SYM(actfn_params_default), SYM(actfn_softmax_f32), SYM(actfn_log_softmax_f32),
    SYM(actfn_softmax_axis_f32), SYM(actfn_log_softmax_axis_f32), SYM(actfn_softmax_masked_f32),
    SYM(actfn_glu_f32), SYM(actfn_sparsemax_f32), SYM(actfn_prelu_f32), SYM(actfn_op_from_name),
    SYM(actfn_op_name), SYM(actfn_active_isa), SYM(actfn_force_isa), SYM(actfn_isa_supported),
    SYM(actfn_isa_name), SYM(actfn_status_str), SYM(actfn_version),
    /* fused operators */
    SYM(actfn_bias_act_f32), SYM(actfn_gated_f32), SYM(actfn_gated_axis_f32), SYM(actfn_attention_softmax_f32),
    SYM(actfn_attention_log_softmax_f32),
};

int main(int argc, char **argv)
{
    size_t k;
    actfn_op op;
    t_prog = "symbols";
    if (argc == 3 && !strcmp(argv[1], "env")) {
        /* run with ACTFN_ISA=argv[2] in the environment */
        const char *want = argv[2];
        float x[3] = {-1.0f, 0.5f, 2.0f}, y[3] = {9, 9, 9};
        actfn_isa a = actfn_active_isa();
        t_prog = "symbols env";
        if (!strcmp(want, "bogus")) {
            check(a == ACTFN_ISA_NONE, "ACTFN_ISA=bogus: active %s, want none", actfn_isa_name(a));
            check(actfn_relu_f32(x, y, 3) == ACTFN_ERR_ISA && y[0] == 9, "ACTFN_ISA=bogus: relu did not fail");
            check(actfn_force_isa(ACTFN_ISA_SCALAR) == ACTFN_OK && actfn_relu_f32(x, y, 3) == ACTFN_OK,
                  "ACTFN_ISA=bogus: force_isa(scalar) did not recover");
        } else {
            check(!strcmp(actfn_isa_name(a), want), "ACTFN_ISA=%s: active %s", want, actfn_isa_name(a));
            check(actfn_relu_f32(x, y, 3) == ACTFN_OK && y[0] == 0.0f && y[2] == 2.0f, "ACTFN_ISA=%s: relu", want);
        }
        return finish();
    }
    for (k = 0; k < sizeof SYMS / sizeof SYMS[0]; k++)
        check(SYMS[k].f != NULL, "%s is NULL", SYMS[k].name);
    /* one named function per op, in op order, and the op count matches */
    check(T_NOPS == ACTFN_OP_COUNT, "%zu element-wise functions, ACTFN_OP_COUNT = %d", (size_t)T_NOPS,
          (int)ACTFN_OP_COUNT);
    for (op = 0; op < ACTFN_OP_COUNT && op < T_NOPS; op++) {
        char fn[64];
        snprintf(fn, sizeof fn, "actfn_%s_f32", actfn_op_name(op));
        check(T_OPS[op].op == op && !strcmp(T_OPS[op].symbol, fn) && T_OPS[op].named != NULL,
              "op %u: %s, the catalogue says %s", (unsigned)op, fn, T_OPS[op].symbol);
    }
    printf("symbols: %zu functions link\n", sizeof SYMS / sizeof SYMS[0] + (size_t)T_NOPS);
    return finish();
}
