#!/bin/sh
# bench/instr.sh ("make bench-instr"): user-space instructions per
# in-process send+recv pair, the per-call cost of bench/run.sh's inproc
# row without the noise of a shared machine.
#
# Each implementation runs its inproc mode (one process, a blocking unix
# socketpair, N times a 1-byte send then a 1-byte recv; see bench/run.sh)
# under valgrind --tool=callgrind twice, with N = INSTR_N1=20000 and
# N = INSTR_N2=40000, and the script prints callgrind's total Ir as
#
#     (Ir(N2) - Ir(N1)) / (N2 - N1)
#
# so start-up, module loading and the exit cancel, and what is left is the
# loop body: the interpreter, the two calls and the user-space side of the
# two syscalls (the kernel is not counted).  Deterministic to a few
# instructions, so a change of 1 % shows.
#
# Implementations (INSTR_ONLY="floor least ours" picks some, in order):
#   c         cbench inproc (send/recv in C: the user-space floor)
#   floor     S-Lang loop + 2 trivial calls (__is_same twice)
#   least     the least possible module (bench/least-module.so)
#   ours      src/socket-module.so send/recv
#   ours_rw   S-Lang read/write on ours's socketpair
#   upstream  S-Lang read/write with Debian's module (BENCH_UPSTREAM_DIR)
#   python    Python 3 a.send/b.recv
#
# Variables: SLSH, PYTHON, CBENCH, VALGRIND (valgrind), INSTR_N1, INSTR_N2,
# INSTR_ONLY.  Needs bench/cbench and bench/least-module.so (make
# bench-instr builds them).

cd "$(dirname "$0")" || exit 1

: "${SLSH:=slsh}"
: "${PYTHON:=python3}"
: "${CBENCH:=./cbench}"
: "${VALGRIND:=valgrind}"
: "${INSTR_N1:=20000}"
: "${INSTR_N2:=40000}"
: "${INSTR_ONLY:=c floor least ours ours_rw upstream python}"

command -v "$VALGRIND" >/dev/null 2>&1 || { echo "instr.sh: $VALGRIND not found" >&2; exit 1; }
[ "$INSTR_N2" -gt "$INSTR_N1" ] || { echo "instr.sh: INSTR_N2 must exceed INSTR_N1" >&2; exit 1; }
# valgrind must see the interpreter itself, not a wrapper script (pyenv's
# python3 is a shell script)
PYEXE=$($PYTHON -c 'import sys; print (sys.executable)' 2>/dev/null) || PYEXE=$PYTHON

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socket-instr.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
failed=0

# cmd IMPL: the command line of IMPL's inproc mode, without N
cmd () {
    case $1 in
        c)        echo "$CBENCH inproc" ;;
        floor)    echo "$SLSH ./slbench.sl ours inproc_floor" ;;
        least)    echo "$SLSH ./slbench.sl ours inproc_least" ;;
        ours)     echo "$SLSH ./slbench.sl ours inproc" ;;
        ours_rw)  echo "$SLSH ./slbench.sl ours inproc_rw" ;;
        upstream) echo "$SLSH ./slbench.sl upstream inproc_rw" ;;
        python)   echo "$PYEXE ./pybench.py inproc" ;;
        *)        return 1 ;;
    esac
}

# ir IMPL N: callgrind's total Ir for IMPL at N, or nothing if it failed
ir () {
    out="$tmp/cg.$1.$2"
    if ! $VALGRIND --tool=callgrind --callgrind-out-file="$out" $(cmd "$1") "$2" >"$tmp/stdout" 2>"$tmp/err"; then
        echo "instr.sh: $1 at N=$2 failed:" >&2
        sed 's/^/  /' "$tmp/err" >&2
        return 1
    fi
    # "totals:" (or "summary:") holds the whole run's event counts; Ir first
    awk '/^(totals|summary):/ { print $2; exit }' "$out"
}

echo "callgrind instructions (Ir) per in-process send+recv pair: (Ir(N=$INSTR_N2) - Ir(N=$INSTR_N1)) / $((INSTR_N2 - INSTR_N1))"
echo "  ours: $($SLSH -e 'set_import_module_path ("../src:" + get_import_module_path ()); import ("socket"); () = fprintf (stdout, "%s", _socket_module_version_string);' 2>/dev/null) (src/), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- ../src 2>/dev/null || echo ' + uncommitted src/ changes')"
echo
echo "| implementation | Ir(N=$INSTR_N1) | Ir(N=$INSTR_N2) | instructions per send+recv |"
echo "|---|---:|---:|---:|"
for impl in $(echo "$INSTR_ONLY" | tr ',' ' '); do
    if ! cmd "$impl" >/dev/null; then
        echo "instr.sh: unknown implementation $impl" >&2; failed=1; continue
    fi
    a=$(ir "$impl" "$INSTR_N1") && b=$(ir "$impl" "$INSTR_N2") && [ -n "$a" ] && [ -n "$b" ] || { failed=1; echo "| $impl | ERR | ERR | ERR |"; continue; }
    per=$(awk -v a="$a" -v b="$b" -v n1="$INSTR_N1" -v n2="$INSTR_N2" 'BEGIN { printf "%.0f", (b - a) / (n2 - n1) }')
    echo "$per" > "$tmp/per.$impl"
    echo "| $impl | $a | $b | $per |"
done

per () { cat "$tmp/per.$1" 2>/dev/null; }
if [ -n "$(per ours)" ] && [ -n "$(per least)" ]; then
    echo
    echo "ours - least module: $(($(per ours) - $(per least))) instructions per pair (ours / least: $(awk -v a="$(per ours)" -v b="$(per least)" 'BEGIN { printf "%.2f", a / b }'))"
    [ -n "$(per floor)" ] && echo "least module - interpreter floor: $(($(per least) - $(per floor))) (the two calls' module API, syscall wrappers and BString)"
fi

[ "$failed" -eq 0 ] || { echo "instr.sh: some runs failed" >&2; exit 1; }
exit 0
