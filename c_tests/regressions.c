/* libactfn C tests: the hostile caller's findings (issue 16), pinned on
 * every ISA: relu_ex's x - threshold overflow, squareplus with a tiny b,
 * ACTFN_ISA not UTF-8 or empty, actfn_isa_name(100), canonical op names.
 * (sparsemax and log_softmax_axis are pinned with the row-wise code.) */
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

/* Error in float ulps of a double reference (normal or subnormal). */
static double ulps(float got, double ref)
{
    double a = fabs(ref), u;
    int e;
    if (a < FLT_MIN)
        u = ldexp(1.0, -149);
    else {
        frexp(a, &e); /* a = m 2^e, m in [0.5, 1) */
        u = ldexp(1.0, e - 24);
    }
    return fabs((double)got - ref) / u;
}

/* squareplus in double: no cancellation for x < 0, and x^2 + b is exact
 * enough there for these magnitudes. */
static double squareplus_ref(float x, float b)
{
    double xd = x, r = sqrt(xd * xd + (double)b);
    return xd >= 0 ? (xd + r) / 2 : (double)b / (2 * (r - xd));
}

static void test_values(void)
{
    int k;
    for (k = 0; k < t_nisas; k++) {
        const char *isa = actfn_isa_name(t_isas[k]);
        float x[3] = {-3e38f, -FLT_MAX, 1e38f}, y[3];
        float sx = -0x1.25bbbp-59f, sb = 0x1.16c2p-133f, sy = 0;
        double worst = 0;
        int i;
        force_isa(t_isas[k]);

        check(actfn_relu_ex_f32(x, y, 3, 0.5f, INFINITY, 1e38f) == ACTFN_OK, "%s: relu_ex status", isa);
        check(y[0] == -2e38f, "%s: relu_ex(-3e38; 0.5, inf, 1e38) = %a, want -2e38", isa, y[0]);
        check(y[1] == (float)(0.5 * (-(double)FLT_MAX - 1e38)), "%s: relu_ex(-FLT_MAX) = %a", isa, y[1]);
        check(y[2] == 0.0f && !signbit(y[2]), "%s: relu_ex(1e38 at t = 1e38) = %a, want +0", isa, y[2]);

        check(actfn_squareplus_f32(&sx, &sy, 1, sb) == ACTFN_OK, "%s: squareplus status", isa);
        check(ulps(sy, squareplus_ref(sx, sb)) <= 1.0, "%s: squareplus(%a; %a) = %a, %.2f ulp", isa, sx, sb,
              sy, ulps(sy, squareplus_ref(sx, sb)));
        /* A sweep over tiny b, x down to -4 sqrt(b). */
        for (i = 0; i < 4000; i++) {
            float b = (i % 4 == 0) ? 1e-39f : (i % 4 == 1) ? 1e-44f : (i % 4 == 2) ? 3e-38f : 0x1p-110f;
            float xi = -(float)(i + 1) / 1000.0f * sqrtf(b), yi = 0;
            double e;
            actfn_squareplus_f32(&xi, &yi, 1, b);
            e = ulps(yi, squareplus_ref(xi, b));
            if (e > worst)
                worst = e;
            if (!check(e <= 1.0, "%s: squareplus(%a; b = %a) = %a, %.2f ulp", isa, xi, b, yi, e))
                break;
        }
        note("%s: relu_ex -2e38, squareplus tiny b worst %.3f ulp", isa, worst);
    }
    force_isa(ACTFN_ISA_NONE);
}

static void test_names(void)
{
    actfn_op i;
    check(!strcmp(actfn_isa_name(100), "unknown"), "actfn_isa_name(100) = %s", actfn_isa_name(100));
    check(!strcmp(actfn_isa_name(101), "unknown"), "actfn_isa_name(101)");
    for (i = 0; i < ACTFN_OP_COUNT; i++) {
        const char *n = actfn_op_name(i);
        actfn_op op = 0xdead;
        check(n && actfn_op_from_name(n, &op) == ACTFN_OK && op == i, "op %u (%s) does not round-trip", i,
              n ? n : "NULL");
    }
}

/* In a child that has not called the library yet: ACTFN_ISA = value, then
 * the active ISA must be `want` and relu must succeed or fail accordingly. */
static void env_case(const char *value, actfn_isa want)
{
    int st = 0;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        float x[2] = {1, -1}, y[2] = {7, 7};
        actfn_status s;
        setenv("ACTFN_ISA", value, 1);
        if (actfn_active_isa() != want)
            _exit(1);
        s = actfn_relu_f32(x, y, 2);
        if (want == ACTFN_ISA_NONE)
            _exit(s == ACTFN_ERR_ISA && y[0] == 7 && y[1] == 7 ? 0 : 2);
        _exit(s == ACTFN_OK && y[0] == 1 && y[1] == 0 ? 0 : 3);
    }
    check(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "ACTFN_ISA=\"%s\" (want %s): child status %d", value, actfn_isa_name(want), st);
}

int main(void)
{
    /* actfn_isa_supported does not read ACTFN_ISA: the children still
     * start from an unset active ISA. */
    actfn_isa best = actfn_isa_supported(ACTFN_ISA_AVX512) ? ACTFN_ISA_AVX512
                     : actfn_isa_supported(ACTFN_ISA_AVX2) ? ACTFN_ISA_AVX2
                     : actfn_isa_supported(ACTFN_ISA_NEON) ? ACTFN_ISA_NEON
                                                            : ACTFN_ISA_SCALAR;
    unsetenv("ACTFN_ISA");
    env_case("\xff\xfe", ACTFN_ISA_NONE);
    env_case("avx2\xff", ACTFN_ISA_NONE);
    env_case("scalar\xc3", ACTFN_ISA_NONE);
    env_case("scalar", ACTFN_ISA_SCALAR);
    env_case("", best);
    t_prog = "regressions";
    detect_isas();
    printf("regressions: issue 16 reproducers\n");
    print_isas();
    note("ACTFN_ISA not UTF-8 -> none, empty -> best (%s)", actfn_isa_name(best));
    test_names();
    note("isa_name(100) unknown, every op name round-trips");
    test_values();
    return finish();
}
