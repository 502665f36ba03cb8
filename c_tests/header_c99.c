/* actfn.h must compile on its own as C99: nothing included before it. */
#include "actfn.h"

int header_c99_check(void);

int header_c99_check(void)
{
    float x[4] = {-1.0f, 0.0f, 1.0f, 2.0f}, y[4];
    actfn_params p;
    actfn_op op = 0;
    actfn_status s = actfn_op_from_name("relu", &op);
    s |= actfn_params_default(op, &p);
    s |= actfn_apply_f32(op, &p, x, y, 4);
    s |= actfn_sigmoid_f32(x, y, 4);
    return (int)s + (actfn_isa_supported(ACTFN_ISA_SCALAR) ? 0 : 1) + (int)ACTFN_OP_COUNT;
}
