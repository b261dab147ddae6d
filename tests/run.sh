#!/bin/sh
# Run every tests/test_*.sl (sorted) and total their results.
#
# Each test script prints what it likes and ends with a line
# "N passed, M failed".  A script that exits non-zero without reporting a
# failure, prints no summary line, or runs longer than TEST_TIMEOUT seconds
# counts as one failure.  The last line printed is the grand total,
# "N passed, M failed"; the exit status is 1 if anything failed.
#
# Environment: SLSH (default slsh), VALGRIND (a command prefix, e.g.
# "valgrind -q --error-exitcode=1"), TEST_TIMEOUT (default 120),
# SOCKET_MODULE_DIR (read by harness.sl: where socket-module.so is).

cd "$(dirname "$0")" || exit 1

: "${SLSH:=slsh}"
: "${VALGRIND:=}"
: "${TEST_TIMEOUT:=120}"

if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout $TEST_TIMEOUT"
else
    TIMEOUT=
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socket-tests.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

files=$(ls test_*.sl 2>/dev/null | LC_ALL=C sort)
if [ -z "$files" ]; then
    echo "run.sh: no test_*.sl files in $(pwd)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

total_pass=0
total_fail=0
broken=

for t in $files; do
    echo "=== $t"
    # Keep the exit status of the test while still streaming its output.
    { $TIMEOUT $VALGRIND "$SLSH" "./$t" </dev/null 2>&1; echo $? > "$tmp/rc"; } \
        | tee "$tmp/out"
    rc=$(cat "$tmp/rc")
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/out" | tail -n 1)
    if [ -n "$summary" ]; then
        p=${summary%% passed*}
        f=${summary#*passed, }; f=${f%% failed*}
    else
        p=0; f=0
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    why=
    if [ -z "$summary" ]; then
        why="no summary line"
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        case $rc in
            124) why="${why:+$why, }timed out after ${TEST_TIMEOUT}s" ;;
            *)   why="${why:+$why, }exit status $rc" ;;
        esac
    fi
    if [ -n "$why" ]; then
        total_fail=$((total_fail + 1))
        broken="$broken
  $t: $why"
        echo "*** $t: $why (counted as 1 failure)"
    fi
done

if [ -n "$broken" ]; then
    echo "Broken test files:$broken"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
