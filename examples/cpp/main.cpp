// libactfn from C++17: a checked wrapper over the C API, softmax and gelu
// on a small buffer, and the version check a program can do at start-up.
#include <actfn.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

void check(actfn_status s, const char *what)
{
    if (s != ACTFN_OK)
        throw std::runtime_error(std::string(what) + ": " + actfn_status_str(s));
}

// The library this program runs with must have the major version of the
// header it was compiled with (same ABI) and at least its minor version.
void check_version()
{
    unsigned major = 0, minor = 0;
    if (std::sscanf(actfn_version(), "%u.%u", &major, &minor) != 2 || major != ACTFN_VERSION_MAJOR ||
        minor < ACTFN_VERSION_MINOR)
        throw std::runtime_error(std::string("libactfn ") + actfn_version() +
                                 " does not match the header's version");
}

} // namespace

int main()
{
    try {
        check_version();
        std::vector<float> x{-3.0f, -1.0f, 0.0f, 0.5f, 2.0f}, y(x.size());

        check(actfn_gelu_f32(x.data(), y.data(), x.size()), "gelu");
        for (std::size_t i = 0; i < x.size(); i++) {
            const double xi = x[i], want = 0.5 * xi * std::erfc(-xi / std::sqrt(2.0));
            std::printf("gelu(%+.1f) = %+.7f\n", xi, static_cast<double>(y[i]));
            if (std::fabs(y[i] - want) > 1e-6 * (1.0 + std::fabs(want)))
                throw std::runtime_error("gelu is off");
        }

        actfn_op op;
        actfn_params p;
        check(actfn_op_from_name("leaky_relu", &op), "op_from_name");
        check(actfn_params_default(op, &p), "params_default");
        p.negative_slope = ACTFN_LEAKY_RELU_LAYER_SLOPE;
        check(actfn_apply_f32(op, &p, x.data(), y.data(), x.size()), "leaky_relu");
        if (y[0] != -3.0f * ACTFN_LEAKY_RELU_LAYER_SLOPE || y[4] != 2.0f)
            throw std::runtime_error("leaky_relu is off");

        check(actfn_softmax_f32(x.data(), y.data(), 1, x.size()), "softmax");
        double sum = 0;
        for (float v : y)
            sum += v;
        std::printf("softmax sums to %.7f\n", sum);
        if (std::fabs(sum - 1.0) > 1e-6)
            throw std::runtime_error("softmax does not sum to 1");

        std::printf("libactfn %s (header %d.%d.%d), %s: ok\n", actfn_version(), ACTFN_VERSION_MAJOR,
                    ACTFN_VERSION_MINOR, ACTFN_VERSION_PATCH, actfn_isa_name(actfn_active_isa()));
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
