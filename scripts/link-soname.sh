#!/bin/sh
# scripts/link-soname.sh LIBDIR: creates LIBDIR/libactfn.so.MAJOR -> libactfn.so
# (MAJOR read from the library's SONAME). cargo writes only libactfn.so, and a
# program linked to it records the SONAME, so without this link the programs
# built in the tree (examples/, c_tests/) would not find the library.
set -eu
dir=${1:?usage: $0 LIBDIR}
lib=$dir/libactfn.so
[ -f "$lib" ] || { echo "error: $lib not found; run 'cargo build --release' first" >&2; exit 1; }
soname=$(LC_ALL=C readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in
    libactfn.so.*) ;;
    *) echo "error: $lib has no SONAME libactfn.so.MAJOR (found '$soname')" >&2; exit 1 ;;
esac
[ "$(readlink "$dir/$soname" 2>/dev/null)" = libactfn.so ] || ln -sfn libactfn.so "$dir/$soname"
