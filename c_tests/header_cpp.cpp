// actfn.h must compile on its own as C++11 (extern "C", no C-only constructs).
#include "actfn.h"

#include <cstdio>

int main()
{
    float x[4] = {-1.0f, 0.0f, 1.0f, 2.0f}, y[4];
    actfn_params p;
    actfn_op op = 0;
    actfn_status s = actfn_op_from_name("gelu", &op);
    s |= actfn_params_default(op, &p);
    s |= actfn_apply_f32(op, &p, x, y, 4);
    s |= actfn_softmax_f32(x, y, 1, 4);
    bool ok = actfn_isa_supported(ACTFN_ISA_SCALAR);
    std::printf("%s %s %d %d\n", actfn_version(), actfn_isa_name(actfn_active_isa()), (int)s, (int)ok);
    return s == ACTFN_OK && ok ? 0 : 1;
}
