#!/bin/sh
# Cross-builds libactfn for aarch64 and tests it under qemu-aarch64 (user-mode
# emulation), so the NEON kernels are tested on x86_64 machines. See
# docs/cross.md; the linker and the qemu runner come from .cargo/config.toml.
#
#   scripts/test-aarch64.sh           build, then run every check below
#   scripts/test-aarch64.sh --setup   first install what is missing (as root):
#                                     the Rust target, qemu-user and the cross gcc
#
# Checks:
#   1. cargo test --release --target aarch64-unknown-linux-gnu (under qemu):
#      unit tests, integration tests (tests/digest.rs proves the aarch64 bits
#      equal the x86_64 ones) and doc tests are skipped by cargo when cross.
#   2. the aarch64 libactfn.so exports the same actfn_* symbols as the x86_64 one.
#   3. the C tests (c_tests/Makefile, when present), cross-compiled with
#      aarch64-linux-gnu-gcc and run under qemu, built in c_tests/build/aarch64.
#
# Exits non-zero if anything fails; prints each command it runs and the time
# each step took. Timings under qemu say nothing about real NEON speed.
set -u

TARGET=aarch64-unknown-linux-gnu
SYSROOT=/usr/aarch64-linux-gnu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
# The default target/ unless CARGO_TARGET_DIR says otherwise.
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$ROOT/$TARGET_DIR ;; esac
LIBDIR=$TARGET_DIR/$TARGET/release
HOST_LIBDIR=$TARGET_DIR/release

failures=""
fail() { echo "FAILED: $1"; failures="$failures
  - $1"; }
run() { echo "+ $*"; "$@"; }
now() { date +%s; }
took() { echo "   ($1: $(($(now) - $2)) s)"; }

if [ "${1:-}" = "--setup" ]; then
    echo "== setup"
    rustup target list --installed | grep -qx "$TARGET" || run rustup target add "$TARGET" || exit 1
    missing=""
    command -v qemu-aarch64 >/dev/null 2>&1 || missing="$missing qemu-user"
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing="$missing gcc-aarch64-linux-gnu"
    command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 || missing="$missing g++-aarch64-linux-gnu"
    [ -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ] || missing="$missing libc6-dev-arm64-cross"
    if [ -n "$missing" ]; then
        run apt-get update || exit 1
        # shellcheck disable=SC2086
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing || exit 1
    fi
fi

echo "== prerequisites"
ok=1
rustup target list --installed 2>/dev/null | grep -qx "$TARGET" || { echo "missing: rustup target $TARGET"; ok=0; }
for tool in qemu-aarch64 aarch64-linux-gnu-gcc; do
    command -v $tool >/dev/null 2>&1 || { echo "missing: $tool"; ok=0; }
done
[ -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ] || { echo "missing: $SYSROOT (libc6-dev-arm64-cross)"; ok=0; }
if [ $ok -eq 0 ]; then
    echo "run '$0 --setup' as root, or see docs/cross.md"
    exit 1
fi
echo "   $(qemu-aarch64 --version | head -1); $(aarch64-linux-gnu-gcc --version | head -1)"

start=$(now)

echo "== build (aarch64, release)"
t=$(now)
run cargo build --release --target "$TARGET" || { echo "FAILED: aarch64 build"; exit 1; }
took "aarch64 build" "$t"

echo "== cargo test (aarch64, release, under qemu)"
t=$(now)
# Tests that re-run their own binary take qemu from the same runner
# setting cargo uses (tests/support/mod.rs, runner()): plain cargo test
# --target works too.
run cargo test --release --target "$TARGET" --no-fail-fast || fail "cargo test --release --target $TARGET"
took "aarch64 cargo test" "$t"

echo "== exported symbols: aarch64 vs x86_64"
t=$(now)
if run cargo build --release; then
    NM_A64=nm
    command -v aarch64-linux-gnu-nm >/dev/null 2>&1 && NM_A64=aarch64-linux-gnu-nm
    syms() { # syms NM LIB
        echo "+ $1 -D --defined-only $2" >&2
        "$1" -D --defined-only "$2" | awk '{ print $NF }' | grep '^actfn_' | sort
    }
    a64=$(syms "$NM_A64" "$LIBDIR/libactfn.so")
    x64=$(syms nm "$HOST_LIBDIR/libactfn.so")
    if [ -z "$x64" ] || [ -z "$a64" ]; then
        fail "no actfn_ symbols found (x86_64: $(echo "$x64" | grep -c .), aarch64: $(echo "$a64" | grep -c .))"
    elif [ "$a64" = "$x64" ]; then
        echo "   same $(echo "$a64" | wc -l) actfn_ symbols"
    else
        echo "   < only x86_64   > only aarch64"
        printf '%s\n' "$x64" > "$TARGET_DIR/actfn-syms-x86_64.txt"
        printf '%s\n' "$a64" > "$TARGET_DIR/actfn-syms-aarch64.txt"
        diff "$TARGET_DIR/actfn-syms-x86_64.txt" "$TARGET_DIR/actfn-syms-aarch64.txt" | grep '^[<>]'
        fail "exported actfn_ symbols differ between x86_64 and aarch64"
    fi
else
    fail "x86_64 release build (for the symbol comparison)"
fi
took "symbols" "$t"

echo "== C tests (aarch64, under qemu)"
t=$(now)
if [ -f c_tests/Makefile ]; then
    # A build directory of its own, so x86_64 and aarch64 binaries never
    # stand in for each other.
    run make -C c_tests BUILD=build/aarch64 CC=aarch64-linux-gnu-gcc LIBDIR="$LIBDIR" \
        RUN="qemu-aarch64 -L $SYSROOT -E LD_LIBRARY_PATH=$LIBDIR" || fail "C tests (aarch64)"
else
    echo "   skipped: no c_tests/Makefile"
fi
took "C tests" "$t"

echo "== aarch64 done in $(($(now) - start)) s"
if [ -n "$failures" ]; then
    echo "FAILED:$failures"
    exit 1
fi
echo "all aarch64 checks passed"
