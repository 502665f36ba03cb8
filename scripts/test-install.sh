#!/bin/sh
# Installs libactfn with DESTDIR into a temporary prefix (scripts/install.sh),
# then, against the installed files only, with the build's own libraries
# moved away: builds and runs the C demo through pkg-config, the C++ example
# through CMake find_package(actfn) (shared and static), and the C demo
# linked statically. Checks the exported symbols against abi/actfn.symbols,
# that the programs record NEEDED libactfn.so.MAJOR and no build path, and
# that --uninstall removes every installed file.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
fail() { echo "FAILED: $*" >&2; exit 1; }
for tool in pkg-config cmake c++ readelf nm; do
    command -v $tool >/dev/null 2>&1 || fail "$tool is missing (scripts/test-all.sh installs it as root)"
done

tmp=$(mktemp -d)
hidden=""
restore() {
    for f in $hidden; do mv "$f.hidden-by-test-install" "$f"; done
    rm -rf "$tmp"
}
trap restore EXIT
P=$tmp/prefix

echo "+ DESTDIR=$tmp/stage PREFIX=$P scripts/install.sh"
DESTDIR=$tmp/stage PREFIX=$P scripts/install.sh > "$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "scripts/install.sh"; }
grep '^installed' "$tmp/install.log"
# What a package manager does with a DESTDIR image: move it to PREFIX.
mv "$tmp/stage$P" "$P"

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
L=$P/lib
[ "$(readlink "$L/libactfn.so")" = "libactfn.so.$MAJOR" ] || fail "libactfn.so -> libactfn.so.$MAJOR"
[ "$(readlink "$L/libactfn.so.$MAJOR")" = "libactfn.so.$VERSION" ] || fail "libactfn.so.$MAJOR -> libactfn.so.$VERSION"
readelf -d "$L/libactfn.so.$VERSION" | grep -q "Library soname: \[libactfn.so.$MAJOR\]" || fail "SONAME is not libactfn.so.$MAJOR"

echo "== exported symbols (abi/actfn.symbols)"
grep -v '^#' abi/actfn.symbols > "$tmp/abi.txt"
nm -D --defined-only "$L/libactfn.so" | awk '{ print $NF }' | LC_ALL=C sort > "$tmp/so.txt"
diff -u "$tmp/abi.txt" "$tmp/so.txt" || fail "libactfn.so exports differ from abi/actfn.symbols (- list, + library)"
nm --defined-only "$L/libactfn.a" > "$tmp/a-all.txt" 2> "$tmp/nm.err" || fail "nm cannot read libactfn.a: $(cat "$tmp/nm.err")"
[ ! -s "$tmp/nm.err" ] || fail "nm on libactfn.a: $(cat "$tmp/nm.err")"
nm -g --defined-only "$L/libactfn.a" | awk 'NF == 3 { print $3 }' | LC_ALL=C sort > "$tmp/a.txt"
diff -u "$tmp/abi.txt" "$tmp/a.txt" || fail "libactfn.a's global symbols differ from abi/actfn.symbols (- list, + library)"
if grep -q '7testing' "$tmp/a-all.txt"; then fail "libactfn.a still holds actfn::testing"; fi
if readelf -S "$L/libactfn.a" | grep -q 'llvmbc\|\.debug_'; then fail "libactfn.a holds bitcode or debug info"; fi
echo "   $(wc -l < "$tmp/abi.txt") symbols, the same in libactfn.so and libactfn.a; libactfn.a $(du -k "$L/libactfn.a" | cut -f1) KiB"

# The build's own libraries out of the way: whatever runs below found the
# installed ones.
for f in "$TARGET_DIR"/release/libactfn.so* "$TARGET_DIR"/dist/libactfn.so* "$TARGET_DIR"/dist/libactfn.a; do
    [ -e "$f" ] || continue
    mv "$f" "$f.hidden-by-test-install"
    hidden="$hidden $f"
done

mkdir -p "$tmp/src" "$tmp/bin"
cp examples/dense.c "$tmp/src/"
cp -r examples/cpp "$tmp/src/cpp"
export PKG_CONFIG_PATH="$L/pkgconfig"
cd "$tmp/src"

echo "== C demo through pkg-config"
# shellcheck disable=SC2046
cc -std=c99 -O2 -Wall -Wextra -Werror dense.c -o "$tmp/bin/dense" $(pkg-config --cflags --libs actfn) -lm
echo "== C demo, linked statically"
# shellcheck disable=SC2046
cc -std=c99 -O2 -Wall -Wextra -Werror dense.c -o "$tmp/bin/dense-static" \
    $(pkg-config --cflags --static --libs actfn | sed 's/-lactfn\b/-l:libactfn.a/')
echo "== C++ example through CMake find_package(actfn)"
cmake -S cpp -B cpp-build -DCMAKE_PREFIX_PATH="$P" -DCMAKE_BUILD_TYPE=Release > "$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log"; fail "cmake configure"; }
cmake --build cpp-build > "$tmp/cmake-build.log" 2>&1 || { cat "$tmp/cmake-build.log"; fail "cmake --build"; }
cp cpp-build/actfn_example cpp-build/actfn_example_static "$tmp/bin/"
cd "$tmp"
rm -rf "$tmp/src"

echo "== dynamic sections"
for b in dense actfn_example; do
    d=$(readelf -d "bin/$b")
    echo "$d" | grep -q "NEEDED.*\[libactfn.so.$MAJOR\]" || fail "$b does not record NEEDED libactfn.so.$MAJOR"
    if echo "$d" | grep -q "$ROOT\|$TARGET_DIR"; then fail "$b records a build path: $(echo "$d" | grep "$ROOT")"; fi
    echo "   $b: $(echo "$d" | grep -o 'NEEDED.*libactfn[^]]*\]' | tr -s ' ')$(echo "$d" | grep -o 'R.*PATH.*' | sed 's/^/, /')"
done
for b in dense-static actfn_example_static; do
    if readelf -d "bin/$b" | grep -q 'libactfn'; then fail "$b needs libactfn.so though linked statically"; fi
    echo "   $b: no libactfn.so needed"
done

echo "== run"
run() { # run NAME [env]: its output's last lines
    echo "+ $*"
    "$@" > out.txt 2>&1 || { cat out.txt; fail "$*"; }
    tail -3 out.txt | sed 's/^/   /'
}
run env LD_LIBRARY_PATH="$L" bin/dense
run bin/actfn_example   # CMake set RUNPATH to the installed libdir
run bin/dense-static
run bin/actfn_example_static

echo "== libactfn.a next to another Rust static library"
# Both carry a Rust runtime; only libactfn's is hidden, which must be enough
# (in either link order) for the program to link and run.
cat > other.rs <<'RS'
#[no_mangle]
pub extern "C" fn other_sum(n: u32) -> u64 {
    let v: Vec<u64> = (0..u64::from(n)).collect();
    std::panic::catch_unwind(|| v.iter().sum()).unwrap_or(0)
}
RS
cat > two.c <<'C'
#include <stdint.h>
#include <stdio.h>
#include "actfn.h"
uint64_t other_sum(uint32_t n);
int main(void)
{
    float x[2] = {-1.0f, 1.0f}, y[2];
    actfn_status s = actfn_relu_f32(x, y, 2);
    uint64_t sum = other_sum(10);
    printf("relu: %s %g %g, other_sum(10) = %llu\n", actfn_status_str(s), (double)y[0], (double)y[1],
           (unsigned long long)sum);
    return s == ACTFN_OK && y[0] == 0.0f && y[1] == 1.0f && sum == 45 ? 0 : 1;
}
C
rustc -O --crate-type staticlib --crate-name other other.rs -o libother.a 2> rustc.log ||
    { cat rustc.log; fail "rustc (the other Rust static library)"; }
# shellcheck disable=SC2046
libs=$(pkg-config --static --libs-only-l actfn | sed 's/-lactfn\b//')
# shellcheck disable=SC2086
cc -I"$P/include" two.c "$L/libactfn.a" libother.a $libs -o bin/two-ab ||
    fail "libactfn.a then another Rust static library: link"
# shellcheck disable=SC2086
cc -I"$P/include" two.c libother.a "$L/libactfn.a" $libs -o bin/two-ba ||
    fail "another Rust static library then libactfn.a: link"
run bin/two-ab
run bin/two-ba

echo "== uninstall"
# A second install (needs the build's libraries back), then --uninstall.
for f in $hidden; do mv "$f.hidden-by-test-install" "$f"; done
hidden=""
DESTDIR=$tmp/stage2 PREFIX=$P ACTFN_NO_BUILD=1 "$ROOT/scripts/install.sh" > /dev/null ||
    fail "second install (for the uninstall check)"
DESTDIR=$tmp/stage2 PREFIX=$P "$ROOT/scripts/install.sh" --uninstall > /dev/null || fail "--uninstall"
left=$(find "$tmp/stage2" -not -type d)
[ -z "$left" ] || fail "--uninstall left: $left"
echo "   --uninstall removed every installed file"
echo "install test passed"
