/* The reference results that examples/c_test_tables.rs wrote
 * (tests/common/reference/, correctly rounded), shared by elementwise.c and
 * fast.c: per parameter set in T_SETS order, ref_count pairs of (input
 * bits, result bits). */
#ifndef ACTFN_TEST_REFERENCE_H
#define ACTFN_TEST_REFERENCE_H

#include "common.h"

static uint32_t *ref_data;
static size_t ref_count;

static void load_reference(void)
{
    FILE *f = fopen(T_REFERENCE_BIN, "rb");
    size_t k;
    uint32_t head[2];
    if (!f) {
        printf("FATAL: cannot open %s (the Makefile writes it)\n", T_REFERENCE_BIN);
        exit(2);
    }
    for (k = 0; k < T_NSETS; k++) {
        if (fread(head, 4, 2, f) != 2 || head[0] != k || (k && head[1] != ref_count)) {
            printf("FATAL: %s does not match tables.h\n", T_REFERENCE_BIN);
            exit(2);
        }
        if (!k) {
            ref_count = head[1];
            ref_data = malloc(T_NSETS * ref_count * 2 * sizeof *ref_data);
            if (!ref_data)
                exit(2);
        }
        if (fread(ref_data + k * ref_count * 2, 8, ref_count, f) != ref_count)
            exit(2);
    }
    fclose(f);
}

/* The ref_count inputs of parameter set k into x, their results into ref. */
static void ref_set(size_t k, float *x, float *ref)
{
    size_t j;
    for (j = 0; j < ref_count; j++) {
        x[j] = bitsf(ref_data[(k * ref_count + j) * 2]);
        ref[j] = bitsf(ref_data[(k * ref_count + j) * 2 + 1]);
    }
}

#endif
