/* Guard pages: every buffer is placed so that it ends exactly at a PROT_NONE
 * page (and, separately, starts exactly after one). Any read or write past
 * either end faults; the SIGSEGV/SIGBUS handler records which call faulted
 * and the test carries on. Every element-wise function and every row-wise
 * one, lengths 1..67, every ISA; x at the guard, y at the guard, in place at
 * the guard, and the mask / alpha arrays at the guard. */
#include "common.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAXLEN 67

/* One guarded region: [PROT_NONE][RW ... RW][PROT_NONE]. */
struct region {
    unsigned char *lo, *hi; /* the RW part */
};

static size_t page;
static struct region R[4]; /* 0: x, 1: y, 2: mask, 3: alpha */

static void make_region(struct region *r, size_t rw_pages)
{
    size_t total = (rw_pages + 2) * page;
    unsigned char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    if (mprotect(p, page, PROT_NONE) || mprotect(p + (rw_pages + 1) * page, page, PROT_NONE)) {
        perror("mprotect");
        exit(2);
    }
    r->lo = p + page;
    r->hi = p + (rw_pages + 1) * page;
}

enum where { MID, END, START };

/* `bytes` in region `r`: ending at the upper guard, starting at the lower
 * one, or in the middle. */
static void *place(int r, size_t bytes, enum where w)
{
    switch (w) {
    case END: return R[r].hi - bytes;
    case START: return R[r].lo;
    default: return R[r].lo + ((size_t)(R[r].hi - R[r].lo) - bytes) / 2 / 64 * 64;
    }
}

static sigjmp_buf jb;
static volatile sig_atomic_t faulted;

static void on_fault(int sig)
{
    (void)sig;
    faulted = 1;
    siglongjmp(jb, 1);
}

/* The arguments of one library call, and a function that makes it. */
struct call {
    actfn_op op;
    const actfn_params *p;
    int f;
    float *x, *y;
    size_t len;
    const size_t *sh;
    const unsigned char *mask;
    size_t mask_rows;
    const float *alpha;
    actfn_status status;
};

/* Makes the call; 1 if it faulted. Nothing here changes after sigsetjmp. */
static int guarded(actfn_status (*fn)(struct call *), struct call *c)
{
    if (sigsetjmp(jb, 1) == 0) {
        c->status = fn(c);
        return 0;
    }
    return 1;
}

static actfn_status self_read_past(struct call *c)
{
    volatile float *v = c->x;
    return v[4] == 1.0f ? 0 : 1;
}

static actfn_status self_read_before(struct call *c)
{
    volatile float *v = c->x;
    return v[-1] == 1.0f ? 0 : 1;
}

static void fill(float *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = rng_uniform(-6.0f, 6.0f);
}

/* Bookkeeping for one check group. */
struct group {
    unsigned long runs, faults;
    char first[160];
};

static void group_fault(struct group *g, const char *fmt, ...)
{
    if (!g->faults++) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(g->first, sizeof g->first, fmt, ap);
        va_end(ap);
    }
}

/* ------------------------------------------------------------ element-wise */

static actfn_status call_elementwise(struct call *c)
{
    return call_named(c->op, c->p, c->x, c->y, c->len);
}

static void elementwise(actfn_op op, const char *isa)
{
    /* placements: (x, y) or in place (y == x) */
    static const struct { enum where x, y; int inplace; const char *name; } P[] = {
        {END, MID, 0, "x ends at guard"},   {MID, END, 0, "y ends at guard"},
        {START, MID, 0, "x starts at guard"}, {MID, START, 0, "y starts at guard"},
        {END, END, 1, "in place, ends at guard"}, {START, START, 1, "in place, starts at guard"},
    };
    actfn_params p = usable_params(op);
    size_t k;
    for (k = 0; k < sizeof P / sizeof P[0]; k++) {
        struct group g;
        size_t len;
        memset(&g, 0, sizeof g);
        for (len = 1; len <= MAXLEN; len++) {
            float *x = place(0, len * 4, P[k].x);
            float *y = P[k].inplace ? x : place(1, len * 4, P[k].y);
            struct call c;
            memset(&c, 0, sizeof c);
            c.op = op;
            c.p = &p;
            c.x = x;
            c.y = y;
            c.len = len;
            fill(x, len);
            g.runs++;
            if (guarded(call_elementwise, &c)) {
                group_fault(&g, "len %zu", len);
                continue;
            }
            if (c.status != ACTFN_OK)
                group_fault(&g, "len %zu: status %d", len, (int)c.status);
        }
        check(g.faults == 0, "[%s] %s, %s: %lu of %lu calls faulted; first at %s", isa, actfn_op_name(op),
              P[k].name, g.faults, g.runs, g.first);
    }
}

/* --------------------------------------------------------------- row-wise */

/* Shapes [a, b, c] with a * b * c == len. */
static int shapes(size_t len, size_t out[][3])
{
    int n = 0;
    size_t d;
    out[n][0] = 1; out[n][1] = len; out[n][2] = 1; n++;
    if (len > 1) {
        out[n][0] = len; out[n][1] = 1; out[n][2] = 1; n++;
        out[n][0] = 1; out[n][1] = 1; out[n][2] = len; n++;
    }
    for (d = 2; d <= 5; d++)
        if (len % d == 0 && len / d > 1) {
            out[n][0] = d; out[n][1] = len / d; out[n][2] = 1; n++;
            out[n][0] = len / d; out[n][1] = d; out[n][2] = 1; n++;
            out[n][0] = 1; out[n][1] = d; out[n][2] = len / d; n++;
            out[n][0] = 1; out[n][1] = len / d; out[n][2] = d; n++;
        }
    return n;
}

enum rfn { SOFTMAX, LOG_SOFTMAX, SPARSEMAX, SOFTMAX_AXIS, LOG_SOFTMAX_AXIS, MASKED, GLU, PRELU, NRFN };
static const char *const RNAME[] = {"softmax", "log_softmax", "sparsemax", "softmax_axis", "log_softmax_axis",
                                    "softmax_masked", "glu", "prelu"};

static actfn_status call_row(struct call *c)
{
    enum rfn f = (enum rfn)c->f;
    float *x = c->x, *y = c->y;
    const size_t *sh = c->sh;
    const unsigned char *mask = c->mask;
    size_t mask_rows = c->mask_rows;
    const float *alpha = c->alpha;
    /* last-axis functions see [a, b, c] as a rows of b * c */
    size_t rows = sh[0], cols = sh[1] * sh[2];
    switch (f) {
    case SOFTMAX: return actfn_softmax_f32(x, y, rows, cols);
    case LOG_SOFTMAX: return actfn_log_softmax_f32(x, y, rows, cols);
    case SPARSEMAX: return actfn_sparsemax_f32(x, y, rows, cols);
    case SOFTMAX_AXIS: return actfn_softmax_axis_f32(x, y, sh[0], sh[1], sh[2]);
    case LOG_SOFTMAX_AXIS: return actfn_log_softmax_axis_f32(x, y, sh[0], sh[1], sh[2]);
    case MASKED: return actfn_softmax_masked_f32(x, mask, y, rows, cols, mask_rows);
    case GLU: return actfn_glu_f32(x, y, sh[0], 2 * sh[1], sh[2]);
    case PRELU: return actfn_prelu_f32(x, y, rows, cols, alpha);
    default: return -1;
    }
}

static void rowwise(enum rfn f, const char *isa)
{
    /* x, y, mask/alpha placements */
    static const struct { enum where x, y, aux; int inplace; const char *name; } P[] = {
        {END, MID, MID, 0, "x ends at guard"},      {MID, END, MID, 0, "y ends at guard"},
        {START, MID, MID, 0, "x starts at guard"},   {MID, START, MID, 0, "y starts at guard"},
        {END, END, MID, 1, "in place, ends at guard"}, {START, START, MID, 1, "in place, starts at guard"},
        {MID, MID, END, 0, "mask/alpha ends at guard"}, {MID, MID, START, 0, "mask/alpha starts at guard"},
    };
    size_t k, np = (f == MASKED || f == PRELU) ? 8 : 6;
    for (k = 0; k < np; k++) {
        struct group g;
        size_t len;
        memset(&g, 0, sizeof g);
        for (len = 1; len <= MAXLEN; len++) {
            size_t sh[24][3];
            int ns = shapes(len, sh), s_i, mr;
            for (s_i = 0; s_i < ns; s_i++) {
                for (mr = 0; mr < (f == MASKED ? 2 : 1); mr++) {
                    size_t rows = sh[s_i][0], cols = sh[s_i][1] * sh[s_i][2];
                    size_t nx = f == GLU ? 2 * len : len, ny = len;
                    size_t mask_rows = mr ? rows : 1;
                    float *x = place(0, nx * 4, P[k].x);
                    float *y = P[k].inplace ? x : place(1, ny * 4, P[k].y);
                    unsigned char *mask = place(2, mask_rows * cols, P[k].aux);
                    float *alpha = place(3, cols * 4, P[k].aux);
                    struct call c;
                    size_t t;
                    fill(x, nx);
                    if (f == PRELU)
                        fill(alpha, cols);
                    if (f == MASKED)
                        for (t = 0; t < mask_rows * cols; t++)
                            mask[t] = (unsigned char)((t * 7 + len) % 3 != 0);
                    memset(&c, 0, sizeof c);
                    c.f = (int)f;
                    c.x = x;
                    c.y = y;
                    c.sh = sh[s_i];
                    c.mask = mask;
                    c.mask_rows = mask_rows;
                    c.alpha = alpha;
                    g.runs++;
                    if (guarded(call_row, &c)) {
                        group_fault(&g, "shape [%zu,%zu,%zu]%s", sh[s_i][0], sh[s_i][1], sh[s_i][2],
                                    f == MASKED ? (mr ? " mask_rows=rows" : " mask_rows=1") : "");
                        continue;
                    }
                    if (c.status != ACTFN_OK)
                        group_fault(&g, "shape [%zu,%zu,%zu]: status %d", sh[s_i][0], sh[s_i][1], sh[s_i][2],
                                    (int)c.status);
                }
            }
        }
        check(g.faults == 0, "[%s] %s, %s: %lu of %lu calls faulted; first at %s", isa, RNAME[f], P[k].name,
              g.faults, g.runs, g.first);
    }
}

int main(void)
{
    struct sigaction sa;
    int i, f;
    actfn_op op;
    unsigned long before;

    t_prog = "guard";
    page = (size_t)sysconf(_SC_PAGESIZE);
    for (i = 0; i < 4; i++)
        make_region(&R[i], (2 * MAXLEN * 4 + page - 1) / page + 1);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fault;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    /* self-test: the guards do catch a read one float past the end, and one
     * float before the start */
    {
        struct call c;
        memset(&c, 0, sizeof c);
        c.x = place(0, 4 * 4, END);
        check(guarded(self_read_past, &c) == 1, "guard self-test: a read past the end did not fault");
        c.x = place(0, 4 * 4, START);
        check(guarded(self_read_before, &c) == 1, "guard self-test: a read before the start did not fault");
    }
    detect_isas();
    printf("guard: buffers flush against PROT_NONE pages (page %zu bytes), lengths 1..%d\n", page, MAXLEN);
    print_isas();
    for (i = 0; i < t_nisas; i++) {
        const char *isa = actfn_isa_name(t_isas[i]);
        force_isa(t_isas[i]);
        before = t_failed;
        for (op = 0; op < ACTFN_OP_COUNT; op++)
            elementwise(op, isa);
        for (f = 0; f < NRFN; f++)
            rowwise((enum rfn)f, isa);
        note("%-7s %s", isa, t_failed == before ? "no access outside any buffer" : "OUT-OF-BOUNDS ACCESSES");
    }
    actfn_force_isa(ACTFN_ISA_NONE);
    return finish();
}
