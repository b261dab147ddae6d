#!/bin/sh
# bench/run.sh: "make bench".  Measures this module (src/socket-module.so)
# against Debian's upstream socket module, Python 3's socket and a C
# program (bench/cbench.c), prints a table, the ratios and PASS/MISS for
# the targets.  Targets are goals, not tests: the exit status is 0 unless
# a benchmark itself failed.
#
# Workloads (sizes are the defaults; BENCH_SCALE=0.01 scales them all):
#   pingpong  1-byte ping-pong over a unix socketpair, parent and forked
#             child, BENCH_PINGPONG_N=200000 round trips; round trips/s
#   bulk      TCP over 127.0.0.1, child sends BENCH_BULK_BYTES=1 GiB in
#             BENCH_BULK_CHUNK=64 KiB writes, parent receives with 64 KiB
#             reads and is timed from accept to the last byte; MB/s (1e6)
#   churn     socket+connect+accept+close (server side closes first) on
#             127.0.0.1 in one process, BENCH_CHURN_N=20000; per second
#   udp       ping-pong of BENCH_UDP_SIZE=64-byte datagrams on 127.0.0.1:
#             parent sendto+recvfrom, child recvfrom+sendto back to the
#             sender, BENCH_UDP_N=200000 round trips (2 datagrams each,
#             i.e. 400000 sendto and 400000 recvfrom in all); round trips/s
#   mem       VmRSS growth for BENCH_MEM_N=10000 open, unconnected TCP
#             sockets (the array holding them is allocated before the first
#             reading); bytes per socket.  C's is the baseline (the
#             kernel's socket memory is not in RSS).
#   leak      this module: VmRSS after BENCH_LEAK_N1=1000 and after
#             BENCH_LEAK_N2=1000000 send+recv pairs on a unix socketpair,
#             and the same for sendto+recvfrom over UDP; equal = PASS
#             (BENCH_LEAK_SLACK_KB=64 of slack for allocator noise).
#
# Ping-pong and UDP are latency-bound: with the two processes on two CPUs
# the time is the cross-CPU wakeup (and varies 4x from run to run on a
# VM), so both processes are pinned to BENCH_PIN=0 (a taskset CPU list;
# empty: no pinning) and the time is the CPU cost of the two ends.  Every
# rate is the best of BENCH_REPEAT=3 runs.
#
# Other variables: SLSH, PYTHON, CBENCH (the built C program),
# BENCH_UPSTREAM_DIR (directory of Debian's socket-module.so).

cd "$(dirname "$0")" || exit 1

: "${SLSH:=slsh}"
: "${PYTHON:=python3}"
: "${CBENCH:=./cbench}"
: "${BENCH_SCALE:=1}"
: "${BENCH_REPEAT:=3}"
: "${BENCH_PIN=0}"
: "${BENCH_PINGPONG_N:=200000}"
: "${BENCH_BULK_BYTES:=1073741824}"
: "${BENCH_BULK_CHUNK:=65536}"
: "${BENCH_CHURN_N:=20000}"
: "${BENCH_UDP_N:=200000}"
: "${BENCH_UDP_SIZE:=64}"
: "${BENCH_MEM_N:=10000}"
: "${BENCH_LEAK_N1:=1000}"
: "${BENCH_LEAK_N2:=1000000}"
: "${BENCH_LEAK_SLACK_KB:=64}"
: "${BENCH_TIMEOUT:=300}"

scale () { awk -v n="$1" -v s="$BENCH_SCALE" 'BEGIN { v = int (n * s); if (v < 1) v = 1; printf "%d\n", v }'; }

PP_N=$(scale "$BENCH_PINGPONG_N")
BULK_BYTES=$(awk -v n="$BENCH_BULK_BYTES" -v s="$BENCH_SCALE" -v c="$BENCH_BULK_CHUNK" \
  'BEGIN { v = int (n * s / c) * c; if (v < c) v = c; printf "%d\n", v }')
CHURN_N=$(scale "$BENCH_CHURN_N")
UDP_N=$(scale "$BENCH_UDP_N")
MEM_N=$(scale "$BENCH_MEM_N")
LEAK_N2=$(scale "$BENCH_LEAK_N2")
LEAK_N1=$BENCH_LEAK_N1
[ "$LEAK_N1" -gt "$LEAK_N2" ] && LEAK_N1=$LEAK_N2

# mem opens MEM_N sockets at once.
want=$((MEM_N + 256))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
    ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
    echo "bench: cannot raise the open-file limit to $want (hard limit $(ulimit -Hn))" >&2
    exit 1
fi

if command -v timeout >/dev/null 2>&1; then TO="timeout $BENCH_TIMEOUT"; else TO=; fi
PIN=
[ -n "$BENCH_PIN" ] && PIN="taskset -c $BENCH_PIN"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socket-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
failed=0

# run NAME PIN COMMAND...: best (largest) first field of BENCH_REPEAT runs,
# saved in $tmp/NAME; "ERR" if a run failed.
run () {
    name=$1; pin=$2; shift 2
    best=
    i=0
    while [ $i -lt "$BENCH_REPEAT" ]; do
        i=$((i + 1))
        if ! out=$($TO $pin "$@" 2>"$tmp/err"); then
            echo "bench: $name failed: $*" >&2
            sed 's/^/  /' "$tmp/err" >&2
            failed=1
            echo ERR > "$tmp/$name"
            return
        fi
        v=${out%% *}
        best=$(awk -v a="$best" -v b="$v" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
    done
    echo "$best" > "$tmp/$name"
    printf '  %-22s %s\n' "$name" "$best"
}

# once NAME COMMAND...: one run, the whole output line in $tmp/NAME.
once () {
    name=$1; shift
    if ! out=$($TO "$@" 2>"$tmp/err"); then
        echo "bench: $name failed: $*" >&2
        sed 's/^/  /' "$tmp/err" >&2
        failed=1
        out=ERR
    fi
    echo "$out" > "$tmp/$name"
    printf '  %-22s %s\n' "$name" "$out"
}

get () { cat "$tmp/$1" 2>/dev/null || echo "-"; }

OURS="$SLSH ./slbench.sl ours"
UP="$SLSH ./slbench.sl upstream"
PY="$PYTHON ./pybench.py"

ver=$($SLSH -e 'set_import_module_path ("../src:" + get_import_module_path ()); import ("socket"); () = fprintf (stdout, "%s", _socket_module_version_string);' 2>/dev/null)
echo "socket module benchmark: ours $ver (src/), upstream ${BENCH_UPSTREAM_DIR:-/usr/lib/x86_64-linux-gnu/slang/v2/modules}/socket-module.so,"
echo "  $($PYTHON --version 2>&1), C ($CBENCH); $(nproc) CPUs; scale $BENCH_SCALE, best of $BENCH_REPEAT, pin '${BENCH_PIN}'"
echo "  pingpong $PP_N, bulk $BULK_BYTES bytes in $BENCH_BULK_CHUNK, churn $CHURN_N, udp $UDP_N x $BENCH_UDP_SIZE bytes, mem $MEM_N, leak $LEAK_N1/$LEAK_N2"
echo "raw results:"

run pp_c        "$PIN" $CBENCH pingpong "$PP_N"
run pp_py       "$PIN" $PY pingpong "$PP_N"
run pp_ours     "$PIN" $OURS pingpong "$PP_N"
run pp_ours_rw  "$PIN" $OURS pingpong_rw "$PP_N"
run pp_up_rw    "$PIN" $UP pingpong_rw "$PP_N"

run bulk_c       "" $CBENCH bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_py      "" $PY bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_ours    "" $OURS bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_ours_rw "" $OURS bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_up_rw   "" $UP bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"

run churn_c     "" $CBENCH churn "$CHURN_N"
run churn_py    "" $PY churn "$CHURN_N"
run churn_ours  "" $OURS churn "$CHURN_N"
run churn_up    "" $UP churn "$CHURN_N"

run udp_c       "$PIN" $CBENCH udp "$UDP_N" "$BENCH_UDP_SIZE"
run udp_py      "$PIN" $PY udp "$UDP_N" "$BENCH_UDP_SIZE"
run udp_ours    "$PIN" $OURS udp "$UDP_N" "$BENCH_UDP_SIZE"

once mem_c      $CBENCH mem "$MEM_N"
once mem_py     $PY mem "$MEM_N"
once mem_ours   $OURS mem "$MEM_N"
once mem_up     $UP mem "$MEM_N"

once leak_ours    $OURS leak "$LEAK_N1" "$LEAK_N2"
once leakudp_ours $OURS leakudp "$LEAK_N1" "$LEAK_N2"

first () { get "$1" | awk '{ print $1 }'; }
# ratio A B: A/B to 2 decimals, or "-"
ratio () {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
# verdict OK: PASS, MISS or "-" (OK is 1, 0, or empty when unknown)
verdict () { case $1 in 1) echo PASS ;; 0) echo MISS ;; *) echo "n/a" ;; esac; }
ge () { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.-]+$/ && b ~ /^[0-9.-]+$/) print (a + 0 >= b + 0) ? 1 : 0 }'; }

echo
echo "| workload (unit) | C | Python | ours send/recv | ours read/write | upstream read/write | ours/Python | ours/C | ours/upstream |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
row () {  # label c py ours ours_rw up   (ours/upstream compares like with like: read/write)
    o=$4; [ "$o" = "-" ] && o=$5
    orw=$5; [ "$orw" = "-" ] && orw=$4
    echo "| $1 | $2 | $3 | $4 | $5 | $6 | $(ratio "$o" "$3") | $(ratio "$o" "$2") | $(ratio "$orw" "$6") |"
}
row "ping-pong (round trips/s)" "$(first pp_c)" "$(first pp_py)" "$(first pp_ours)" "$(first pp_ours_rw)" "$(first pp_up_rw)"
row "bulk TCP (MB/s)" "$(first bulk_c)" "$(first bulk_py)" "$(first bulk_ours)" "$(first bulk_ours_rw)" "$(first bulk_up_rw)"
row "connection churn (/s)" "$(first churn_c)" "$(first churn_py)" "$(first churn_ours)" "-" "$(first churn_up)"
row "UDP ping-pong (round trips/s)" "$(first udp_c)" "$(first udp_py)" "$(first udp_ours)" "-" "-"
mc=$(first mem_c); mp=$(first mem_py); mo=$(first mem_ours); mu=$(first mem_up)
echo "| memory (RSS bytes/socket) | $mc | $mp | $mo | - | $mu | - | - | - |"
echo
echo "memory beyond the C baseline (bytes/socket): ours $(awk -v a="$mo" -v b="$mc" 'BEGIN { printf "%.1f", a - b }'), Python $(awk -v a="$mp" -v b="$mc" 'BEGIN { printf "%.1f", a - b }'), upstream $(awk -v a="$mu" -v b="$mc" 'BEGIN { printf "%.1f", a - b }')"

leak_line () {  # name label
    set -- $(get "$1") "$2"
    if [ "$1" = ERR ] || [ $# -lt 4 ]; then echo "leak check ($2): failed to run"; leak_ok=; return; fi
    d=$(($2 - $1))
    ok=0; [ "$d" -le "$BENCH_LEAK_SLACK_KB" ] && ok=1
    echo "leak check ($4): RSS after $LEAK_N1 = $1 kB, after $LEAK_N2 = $2 kB (growth $d kB; $3 pairs/s) $(verdict $ok)"
}
leak_line leak_ours "send+recv"
leak_line leakudp_ours "sendto+recvfrom"

echo
echo "targets (goals, not tests):"
t1=$(ge "$(first pp_ours)" "$(awk -v p="$(first pp_py)" 'BEGIN { print 1.2 * p }')")
echo "  ping-pong ours send/recv >= 1.2 x Python:  $(ratio "$(first pp_ours)" "$(first pp_py)") x  $(verdict "$t1")"
t2=$(ge "$(first bulk_ours)" "$(awk -v p="$(first bulk_c)" 'BEGIN { print 0.9 * p }')")
echo "  bulk ours send/recv >= 0.9 x C:           $(ratio "$(first bulk_ours)" "$(first bulk_c)") x  $(verdict "$t2")"
t3=$(ge "$(first churn_ours)" "$(first churn_py)")
echo "  churn ours >= Python:                     $(ratio "$(first churn_ours)" "$(first churn_py)") x  $(verdict "$t3")"
t4=$(awk -v a="$mo" -v b="$mc" 'BEGIN { if (a ~ /^[0-9.-]+$/ && b ~ /^[0-9.-]+$/) print (a - b < 200) ? 1 : 0 }')
echo "  memory ours < C baseline + 200 B/socket:  $(awk -v a="$mo" -v b="$mc" 'BEGIN { printf "%.1f", a - b }') B  $(verdict "$t4")"

[ "$failed" -eq 0 ] || { echo "bench: some benchmarks failed to run" >&2; exit 1; }
exit 0
