#!/bin/sh
# Called by the Makefile: header checks, then every test program (through
# $RUN), summing the "RESULT passed failed" line each one prints.
# A program that dies without that line counts as one failure.
set -u
passed=0
failed=0
log="$BUILD/last_run.log"
: > "$log"

group() { # group NAME OK(0/1)
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL: $1"; fi
}

echo "== header"
out=$($CC -std=c99 -Wall -Wextra -Werror -I"$INCDIR" -c header_c99.c -o "$BUILD/header_c99.o" 2>&1)
rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$out" | head -20
group "actfn.h does not compile on its own as C99 ($CC -std=c99)" $rc
echo "  C99 ($CC): $([ $rc -eq 0 ] && echo ok || echo FAILED)"
if command -v "$CXX" >/dev/null 2>&1; then
    out=$($CXX -std=c++11 -Wall -Wextra -Werror -fsyntax-only -I"$INCDIR" header_cpp.cpp 2>&1)
    rc=$?
    [ $rc -ne 0 ] && printf '%s\n' "$out" | head -20
    group "actfn.h does not compile as C++11 ($CXX)" $rc
    echo "  C++11 ($CXX): $([ $rc -eq 0 ] && echo ok || echo FAILED)"
else
    echo "  C++11: skipped, no C++ compiler '$CXX' here"
fi

run_prog() { # run_prog LABEL ENVASSIGN PROG ARGS...
    label=$1; envset=$2; shift 2
    echo "== $label"
    if [ -n "$envset" ]; then
        env "$envset" $RUN "$@" > "$BUILD/out.txt" 2>&1
    else
        $RUN "$@" > "$BUILD/out.txt" 2>&1
    fi
    rc=$?
    grep -v '^RESULT ' "$BUILD/out.txt"
    cat "$BUILD/out.txt" >> "$log"
    res=$(grep '^RESULT ' "$BUILD/out.txt" | tail -1)
    if [ -z "$res" ]; then
        echo "  FAIL: $label died (exit status $rc) before reporting"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$res" | cut -d' ' -f2)
    f=$(echo "$res" | cut -d' ' -f3)
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -eq 0 ] && [ $rc -ne 0 ]; then
        echo "  FAIL: $label exited with status $rc"
        failed=$((failed + 1))
    fi
}

# The tests pick ISAs themselves; an inherited ACTFN_ISA would change the default.
unset ACTFN_ISA
for p in $PROGS; do
    run_prog "$p" "" "$BUILD/$p"
done
run_prog "ACTFN_ISA=scalar" "ACTFN_ISA=scalar" "$BUILD/symbols" env scalar
run_prog "ACTFN_ISA=bogus" "ACTFN_ISA=bogus" "$BUILD/symbols" env bogus

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
