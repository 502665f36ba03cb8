#!/bin/sh
# Shows that the NEON kernels give the same bits as the x86 kernels on every
# one of the 2^32 f32 inputs, so that the x86 columns of the README's
# accuracy table (measured over every input against the reference) hold for
# NEON too. The reference itself is too slow under qemu for all inputs; the
# kernels alone are not: the accuracy tool's --digest hashes each op's
# results over every input, natively on x86 (AVX-512 or AVX2, whichever the
# CPU has) and under qemu-aarch64 on NEON, and the two hashes are compared.
#
#   scripts/neon-exhaustive.sh [OP...]     default: every element-wise op
#
# Each op takes 5 to 30 minutes under qemu (two threads); the x86 side takes
# seconds. Prints one line per op (MATCH or DIFF) and exits non-zero on any
# DIFF. Needs what scripts/test-aarch64.sh --setup installs.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=aarch64-unknown-linux-gnu
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$ROOT/$TARGET_DIR ;; esac

cargo build --release --example accuracy
cargo build --release --example accuracy --target "$TARGET"
X86="$TARGET_DIR/release/examples/accuracy"
A64="$TARGET_DIR/$TARGET/release/examples/accuracy"
if grep -q avx512f /proc/cpuinfo; then ISA=avx512; else ISA=avx2; fi

if [ $# -eq 0 ]; then
    set -- $("$X86" --digest --isa "$ISA" --step 65537 | awk '{print $2}')
fi

status=0
for op in "$@"; do
    want=$("$X86" --digest --isa "$ISA" --op "$op" | awk '{print $(NF-2)}')
    got=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$A64" --digest --isa neon --op "$op" |
        awk '{print $(NF-2)}')
    if [ "$got" = "$want" ]; then
        echo "MATCH $op $got (neon = $ISA over all 2^32 inputs)"
    else
        echo "DIFF  $op neon $got, $ISA $want"
        status=1
    fi
done
exit $status
