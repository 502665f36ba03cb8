#!/bin/sh
# Installs libactfn like any C library, or uninstalls it.
#
#   scripts/install.sh                    build, then install under /usr/local
#   PREFIX=/opt/actfn scripts/install.sh  elsewhere
#   DESTDIR=/tmp/pkg scripts/install.sh   stage for a package ($DESTDIR$PREFIX)
#   scripts/install.sh --uninstall        remove what the manifest lists
#
# Variables: PREFIX (/usr/local), DESTDIR (empty), LIBDIR (lib), INCLUDEDIR
# (include), CARGO_TARGET_DIR (target), ACTFN_KEEP_DEBUG=1 to keep debug info,
# ACTFN_NO_BUILD=1 to install what target/dist holds without building.
#
# Installs: lib/libactfn.so.X.Y.Z with the symlinks libactfn.so.X and
# libactfn.so, lib/libactfn.a (one object, only the actfn_ symbols global, no
# bitcode), include/actfn.h, lib/pkgconfig/actfn.pc, the CMake package
# lib/cmake/actfn/ (target actfn::actfn, actfn::actfn_static) and the list of
# installed files, share/actfn/install_manifest.txt, that --uninstall reads.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
LIBDIR=${LIBDIR:-lib}
INCLUDEDIR=${INCLUDEDIR:-include}
case $PREFIX in /*) ;; *) echo "PREFIX must be absolute: $PREFIX" >&2; exit 2 ;; esac
DEST=$DESTDIR$PREFIX
MANIFEST=share/actfn/install_manifest.txt

if [ "${1:-}" = "--uninstall" ]; then
    [ -f "$DEST/$MANIFEST" ] || { echo "nothing to uninstall: no $DEST/$MANIFEST" >&2; exit 1; }
    while read -r f; do
        rm -f "$DESTDIR$f" && echo "removed $DESTDIR$f"
    done < "$DEST/$MANIFEST"
    rm -f "$DEST/$MANIFEST"
    for d in share/actfn "$LIBDIR/cmake/actfn" "$LIBDIR/cmake" "$LIBDIR/pkgconfig"; do
        rmdir "$DEST/$d" 2>/dev/null || true
    done
    exit 0
fi
[ $# -eq 0 ] || { echo "usage: [PREFIX=..] [DESTDIR=..] $0 [--uninstall]" >&2; exit 2; }

cd "$ROOT"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BUILT=$TARGET_DIR/dist
# Profile `dist` (Cargo.toml): the release settings in target/dist/; the
# static library built on its own, so that it holds machine code.
[ -n "${ACTFN_NO_BUILD:-}" ] || cargo rustc --profile dist --lib --crate-type cdylib,staticlib
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
grep -q "#define ACTFN_VERSION_MAJOR $MAJOR\$" include/actfn.h ||
    { echo "include/actfn.h is not the header of $VERSION: run scripts/refresh-header.sh" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strip_debug=--strip-debug
[ -z "${ACTFN_KEEP_DEBUG:-}" ] || strip_debug=

# The shared library: only actfn_ symbols are dynamic (rustc's version
# script); its SONAME is libactfn.so.MAJOR (build.rs).
cp "$BUILT/libactfn.so" "$tmp/libactfn.so.$VERSION"
# shellcheck disable=SC2086
[ -z "$strip_debug" ] || objcopy $strip_debug "$tmp/libactfn.so.$VERSION"
nm -D --defined-only "$tmp/libactfn.so.$VERSION" | awk '{ print $NF }' | sort > "$tmp/keep.txt"
if grep -qv '^actfn_' "$tmp/keep.txt"; then
    echo "libactfn.so exports symbols outside actfn_:" >&2; grep -v '^actfn_' "$tmp/keep.txt" >&2; exit 1
fi

# The static library: cargo's libactfn.a holds the Rust standard library's
# objects as shipped (with LLVM bitcode and every std symbol global). One
# relocatable object, keeping only what the actfn_ functions reach, with
# every other symbol local, lets a program link libactfn.a next to another
# Rust static library, and keeps the archive small and readable by nm.
undefs=$(sed 's/^/-u /' "$tmp/keep.txt")
# shellcheck disable=SC2086
ld -r --gc-sections $undefs -o "$tmp/actfn.o" --whole-archive "$BUILT/libactfn.a"
# shellcheck disable=SC2086
objcopy $strip_debug --keep-global-symbols="$tmp/keep.txt" \
    --remove-section=.llvmbc --remove-section=.llvmcmd "$tmp/actfn.o"
# A COMDAT group is kept once per program, by its signature's name: the
# Rust runtime's (DW.ref.rust_eh_personality) must not stand in for another
# Rust library's copy, whose symbol would then be missing, so ours are
# renamed.
LC_ALL=C readelf -W -g "$tmp/actfn.o" |
    sed -n 's/^COMDAT group section .*\[\(.*\)\] contains.*/\1/p' |
    grep -v '^actfn_' | sed 's/.*/& actfn.&/' > "$tmp/groups.txt" || true
[ ! -s "$tmp/groups.txt" ] || objcopy --redefine-syms="$tmp/groups.txt" "$tmp/actfn.o"
rm -f "$tmp/libactfn.a"
ar rcD "$tmp/libactfn.a" "$tmp/actfn.o"

# What a static link needs from the system: rustc says it for any staticlib.
STATIC_LIBS=$(echo 'fn main() {}' | rustc --crate-type staticlib --crate-name probe \
    --print native-static-libs -o "$tmp/libprobe.a" - 2>&1 |
    sed -n 's/.*native-static-libs: //p' | head -1)
[ -n "$STATIC_LIBS" ] || STATIC_LIBS="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
# libactfn itself also needs libm.
case " $STATIC_LIBS " in *" -lm "*) ;; *) STATIC_LIBS="$STATIC_LIBS -lm" ;; esac

# From lib/cmake/actfn back to the prefix: one ../ per component.
REL_PREFIX=$(echo "$LIBDIR/cmake/actfn" | sed 's|[^/][^/]*|..|g')
subst() {
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@INCLUDEDIR@|$INCLUDEDIR|g" \
        -e "s|@VERSION@|$VERSION|g" -e "s|@MAJOR@|$MAJOR|g" -e "s|@REL_PREFIX@|$REL_PREFIX|g" \
        -e "s|@STATIC_LIBS@|$STATIC_LIBS|g" "$1" > "$2"
}
subst cmake/actfn.pc.in "$tmp/actfn.pc"
subst cmake/actfnConfig.cmake.in "$tmp/actfnConfig.cmake"
subst cmake/actfnConfigVersion.cmake.in "$tmp/actfnConfigVersion.cmake"

: > "$tmp/manifest"
put() { # put MODE SRC DIR: install SRC into $DEST/DIR
    install -d "$DEST/$3"
    install -m "$1" "$2" "$DEST/$3/"
    echo "$PREFIX/$3/$(basename "$2")" >> "$tmp/manifest"
}
link() { # link TARGET DIR/NAME
    ln -sfn "$1" "$DEST/$2"
    echo "$PREFIX/$2" >> "$tmp/manifest"
}
put 755 "$tmp/libactfn.so.$VERSION" "$LIBDIR"
link "libactfn.so.$VERSION" "$LIBDIR/libactfn.so.$MAJOR"
link "libactfn.so.$MAJOR" "$LIBDIR/libactfn.so"
put 644 "$tmp/libactfn.a" "$LIBDIR"
put 644 include/actfn.h "$INCLUDEDIR"
put 644 "$tmp/actfn.pc" "$LIBDIR/pkgconfig"
put 644 "$tmp/actfnConfig.cmake" "$LIBDIR/cmake/actfn"
put 644 "$tmp/actfnConfigVersion.cmake" "$LIBDIR/cmake/actfn"
install -d "$DEST/share/actfn"
echo "$PREFIX/$MANIFEST" >> "$tmp/manifest"
install -m 644 "$tmp/manifest" "$DEST/$MANIFEST"
sed "s|^|installed $DESTDIR|" "$tmp/manifest"
