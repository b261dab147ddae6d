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
#   readline  a forked child writes BENCH_READLINE_N=2000000 80-byte lines
#             ("x"*79 + "\n") over a unix socketpair, BENCH_READLINE_PER=819
#             lines (65520 bytes) to a write, and closes; the parent counts
#             lines until end of stream: ours stream_readline, Python
#             sock.makefile('rb').readline(), S-Lang's fdopen+fgets on the
#             same socket (in the "read/write" column) and C read() of 64 KiB
#             + memchr (the floor); lines/s.  Pinned like ping-pong (the
#             writer's CPU time is in every rate alike), and the four are
#             interleaved (C, Python, ours, fgets, C, ...): the median of
#             BENCH_REPEAT rounds.
#   loop      the event loop (SPEC 14): BENCH_LOOP_ACTIVE=100 active plus
#             BENCH_LOOP_IDLE=10000 idle unix stream connections (not
#             scaled) to a far side that is always the C program
#             ("cbench loop_echo", over epoll), so only the near side, the
#             loop being measured, differs.  The far side pings on the
#             active ones; every connection is watched by the near side's
#             loop (ours eventloop_watch/eventloop_run, Python selectors,
#             C over epoll), whose callback on an active one does recv(1)
#             and sends the byte back, until BENCH_LOOP_N=200000 round
#             trips in all; the idle ones are never written.  Also with 0
#             idle.  Round trips/s; pinned like ping-pong (the far side's
#             CPU time is in every rate alike); the six are interleaved
#             (C, Python, ours with 0 idle, then with IDLE), the median of
#             BENCH_REPEAT rounds.  The pairs are connect+accept on a unix
#             listener rather than socketpair(): both ends of 10,100 pairs
#             in one process need more than the 20,000 descriptors the hard
#             limit allows here, so the far ends live in the child.
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
# rate is the best of BENCH_REPEAT=3 runs, but readline's and loop's: the
# median of BENCH_REPEAT interleaved rounds.
#
# BENCH_ONLY="loop readline" (space- or comma-separated workload names)
# runs only those.
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
: "${BENCH_READLINE_N:=2000000}"
: "${BENCH_READLINE_PER:=819}"
: "${BENCH_LOOP_N:=200000}"
: "${BENCH_LOOP_ACTIVE:=100}"
: "${BENCH_LOOP_IDLE:=10000}"
: "${BENCH_ONLY=}"
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
RL_N=$(scale "$BENCH_READLINE_N")
LOOP_N=$(scale "$BENCH_LOOP_N")
MEM_N=$(scale "$BENCH_MEM_N")
LEAK_N2=$(scale "$BENCH_LEAK_N2")
LEAK_N1=$BENCH_LEAK_N1
[ "$LEAK_N1" -gt "$LEAK_N2" ] && LEAK_N1=$LEAK_N2

# only NAME: whether workload NAME is to run (BENCH_ONLY empty: all).
only () {
    [ -z "$BENCH_ONLY" ] && return 0
    case " $(echo "$BENCH_ONLY" | tr ',' ' ') " in *" $1 "*) return 0 ;; esac
    return 1
}

# mem opens MEM_N sockets at once, loop LOOP_ACTIVE + LOOP_IDLE (the far
# ends are in the child: each process holds one end of each).
want=$MEM_N
[ $((BENCH_LOOP_ACTIVE + BENCH_LOOP_IDLE)) -gt "$want" ] && want=$((BENCH_LOOP_ACTIVE + BENCH_LOOP_IDLE))
want=$((want + 256))
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

# sample NAME PIN COMMAND...: one run, its first field appended to
# $tmp/NAME.all ("ERR" if it failed).  median NAME: the median of those in
# $tmp/NAME (ERR if any failed), printed with every run.
sample () {
    name=$1; pin=$2; shift 2
    if out=$($TO $pin "$@" 2>"$tmp/err"); then
        echo "${out%% *}" >> "$tmp/$name.all"
    else
        echo "bench: $name failed: $*" >&2
        sed 's/^/  /' "$tmp/err" >&2
        failed=1
        echo ERR >> "$tmp/$name.all"
    fi
}
median () {
    name=$1
    if grep -q ERR "$tmp/$name.all"; then
        m=ERR
    else
        m=$(sort -g "$tmp/$name.all" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    fi
    echo "$m" > "$tmp/$name"
    printf '  %-22s %s (median of %s)\n' "$name" "$m" "$(tr '\n' ' ' < "$tmp/$name.all" | sed 's/ $//')"
}

get () { cat "$tmp/$1" 2>/dev/null || echo "-"; }

OURS="$SLSH ./slbench.sl ours"
UP="$SLSH ./slbench.sl upstream"
PY="$PYTHON ./pybench.py"

ver=$($SLSH -e 'set_import_module_path ("../src:" + get_import_module_path ()); import ("socket"); () = fprintf (stdout, "%s", _socket_module_version_string);' 2>/dev/null)
echo "socket module benchmark: ours $ver (src/), upstream ${BENCH_UPSTREAM_DIR:-/usr/lib/x86_64-linux-gnu/slang/v2/modules}/socket-module.so,"
echo "  $($PYTHON --version 2>&1), C ($CBENCH); $(nproc) CPUs; scale $BENCH_SCALE, best of $BENCH_REPEAT (readline, loop: median), pin '${BENCH_PIN}'"
echo "  pingpong $PP_N, bulk $BULK_BYTES bytes in $BENCH_BULK_CHUNK, churn $CHURN_N, udp $UDP_N x $BENCH_UDP_SIZE bytes,"
echo "  readline $RL_N x 80 bytes ($BENCH_READLINE_PER to a write), loop $LOOP_N ($BENCH_LOOP_ACTIVE active, 0 and $BENCH_LOOP_IDLE idle),"
echo "  mem $MEM_N, leak $LEAK_N1/$LEAK_N2; open files $(ulimit -n)${BENCH_ONLY:+; only $BENCH_ONLY}"
echo "raw results:"

if only pingpong; then
run pp_c        "$PIN" $CBENCH pingpong "$PP_N"
run pp_py       "$PIN" $PY pingpong "$PP_N"
run pp_ours     "$PIN" $OURS pingpong "$PP_N"
run pp_ours_rw  "$PIN" $OURS pingpong_rw "$PP_N"
run pp_up_rw    "$PIN" $UP pingpong_rw "$PP_N"
fi

if only bulk; then
run bulk_c       "" $CBENCH bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_py      "" $PY bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_ours    "" $OURS bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_ours_rw "" $OURS bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"
run bulk_up_rw   "" $UP bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"
fi

if only churn; then
run churn_c     "" $CBENCH churn "$CHURN_N"
run churn_py    "" $PY churn "$CHURN_N"
run churn_ours  "" $OURS churn "$CHURN_N"
run churn_up    "" $UP churn "$CHURN_N"
fi

if only udp; then
run udp_c       "$PIN" $CBENCH udp "$UDP_N" "$BENCH_UDP_SIZE"
run udp_py      "$PIN" $PY udp "$UDP_N" "$BENCH_UDP_SIZE"
run udp_ours    "$PIN" $OURS udp "$UDP_N" "$BENCH_UDP_SIZE"
fi

if only readline; then
i=0
while [ $i -lt "$BENCH_REPEAT" ]; do
    i=$((i + 1))
    sample rl_c     "$PIN" $CBENCH readline "$RL_N" "$BENCH_READLINE_PER"
    sample rl_py    "$PIN" $PY readline "$RL_N" "$BENCH_READLINE_PER"
    sample rl_ours  "$PIN" $OURS readline "$RL_N" "$BENCH_READLINE_PER"
    sample rl_fgets "$PIN" $OURS readline_fgets "$RL_N" "$BENCH_READLINE_PER"
done
median rl_c; median rl_py; median rl_ours; median rl_fgets
fi

if only loop; then
LA=$BENCH_LOOP_ACTIVE; LI=$BENCH_LOOP_IDLE
i=0
while [ $i -lt "$BENCH_REPEAT" ]; do
    i=$((i + 1))
    sample loop0_c    "$PIN" $CBENCH loop "$LOOP_N" "$LA" 0
    sample loop0_py   "$PIN" $PY loop "$LOOP_N" "$LA" 0 "$CBENCH"
    sample loop0_ours "$PIN" $OURS loop "$LOOP_N" "$LA" 0 "$CBENCH"
    sample loop_c     "$PIN" $CBENCH loop "$LOOP_N" "$LA" "$LI"
    sample loop_py    "$PIN" $PY loop "$LOOP_N" "$LA" "$LI" "$CBENCH"
    sample loop_ours  "$PIN" $OURS loop "$LOOP_N" "$LA" "$LI" "$CBENCH"
done
median loop0_c; median loop0_py; median loop0_ours
median loop_c; median loop_py; median loop_ours
fi

if only mem; then
once mem_c      $CBENCH mem "$MEM_N"
once mem_py     $PY mem "$MEM_N"
once mem_ours   $OURS mem "$MEM_N"
once mem_up     $UP mem "$MEM_N"
fi

if only leak; then
once leak_ours    $OURS leak "$LEAK_N1" "$LEAK_N2"
once leakudp_ours $OURS leakudp "$LEAK_N1" "$LEAK_N2"
fi

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
only pingpong && row "ping-pong (round trips/s)" "$(first pp_c)" "$(first pp_py)" "$(first pp_ours)" "$(first pp_ours_rw)" "$(first pp_up_rw)"
only bulk && row "bulk TCP (MB/s)" "$(first bulk_c)" "$(first bulk_py)" "$(first bulk_ours)" "$(first bulk_ours_rw)" "$(first bulk_up_rw)"
only churn && row "connection churn (/s)" "$(first churn_c)" "$(first churn_py)" "$(first churn_ours)" "-" "$(first churn_up)"
only udp && row "UDP ping-pong (round trips/s)" "$(first udp_c)" "$(first udp_py)" "$(first udp_ours)" "-" "-"
only readline && row "readline 80 B (lines/s) [1]" "$(first rl_c)" "$(first rl_py)" "$(first rl_ours)" "$(first rl_fgets)" "-"
only loop && row "loop $BENCH_LOOP_ACTIVE active + $BENCH_LOOP_IDLE idle (rt/s) [2]" "$(first loop_c)" "$(first loop_py)" "$(first loop_ours)" "-" "-"
only loop && row "loop $BENCH_LOOP_ACTIVE active + 0 idle (rt/s) [2]" "$(first loop0_c)" "$(first loop0_py)" "$(first loop0_ours)" "-" "-"
mc=$(first mem_c); mp=$(first mem_py); mo=$(first mem_ours); mu=$(first mem_up)
only mem && echo "| memory (RSS bytes/socket) | $mc | $mp | $mo | - | $mu | - | - | - |"
echo
only readline && echo "[1] readline: ours = stream_readline, Python = sock.makefile('rb').readline(), read/write = S-Lang fdopen+fgets"
only readline && echo "    on the same socket, C = read() 64 KiB + memchr; median of $BENCH_REPEAT interleaved rounds; ours/fgets $(ratio "$(first rl_ours)" "$(first rl_fgets)")"
if only loop; then
    echo "[2] loop: ours = eventloop_watch + eventloop_run, Python = selectors.DefaultSelector, C = epoll; far side always"
    echo "    cbench loop_echo; median of $BENCH_REPEAT interleaved rounds; idle cost (with $BENCH_LOOP_IDLE idle / with 0):"
    echo "    ours $(ratio "$(first loop_ours)" "$(first loop0_ours)"), Python $(ratio "$(first loop_py)" "$(first loop0_py)"), C $(ratio "$(first loop_c)" "$(first loop0_c)")"
fi
only mem && echo "memory beyond the C baseline (bytes/socket): ours $(awk -v a="$mo" -v b="$mc" 'BEGIN { printf "%.1f", a - b }'), Python $(awk -v a="$mp" -v b="$mc" 'BEGIN { printf "%.1f", a - b }'), upstream $(awk -v a="$mu" -v b="$mc" 'BEGIN { printf "%.1f", a - b }')"

leak_line () {  # name label
    set -- $(get "$1") "$2"
    if [ "$1" = ERR ] || [ $# -lt 4 ]; then echo "leak check ($2): failed to run"; leak_ok=; return; fi
    d=$(($2 - $1))
    ok=0; [ "$d" -le "$BENCH_LEAK_SLACK_KB" ] && ok=1
    echo "leak check ($4): RSS after $LEAK_N1 = $1 kB, after $LEAK_N2 = $2 kB (growth $d kB; $3 pairs/s) $(verdict $ok)"
}
if only leak; then
leak_line leak_ours "send+recv"
leak_line leakudp_ours "sendto+recvfrom"
fi

echo
echo "targets (goals, not tests):"
if only pingpong; then
t1=$(ge "$(first pp_ours)" "$(awk -v p="$(first pp_py)" 'BEGIN { print 1.2 * p }')")
echo "  ping-pong ours send/recv >= 1.2 x Python:  $(ratio "$(first pp_ours)" "$(first pp_py)") x  $(verdict "$t1")"
fi
if only bulk; then
t2=$(ge "$(first bulk_ours)" "$(awk -v p="$(first bulk_c)" 'BEGIN { print 0.9 * p }')")
echo "  bulk ours send/recv >= 0.9 x C:           $(ratio "$(first bulk_ours)" "$(first bulk_c)") x  $(verdict "$t2")"
fi
if only churn; then
t3=$(ge "$(first churn_ours)" "$(first churn_py)")
echo "  churn ours >= Python:                     $(ratio "$(first churn_ours)" "$(first churn_py)") x  $(verdict "$t3")"
fi
if only readline; then
t5=$(ge "$(first rl_ours)" "$(first rl_py)")
echo "  readline ours >= Python:                  $(ratio "$(first rl_ours)" "$(first rl_py)") x  $(verdict "$t5")"
fi
if only loop; then
t6=$(ge "$(first loop_ours)" "$(awk -v p="$(first loop_c)" 'BEGIN { print 0.9 * p }')")
echo "  loop ours ($BENCH_LOOP_IDLE idle) >= 0.9 x C:    $(ratio "$(first loop_ours)" "$(first loop_c)") x  $(verdict "$t6")"
t7=$(ge "$(first loop_ours)" "$(awk -v p="$(first loop0_ours)" 'BEGIN { print 0.9 * p }')")
echo "  loop idle cost, ours $BENCH_LOOP_IDLE idle >= 0.9 x 0 idle:  $(ratio "$(first loop_ours)" "$(first loop0_ours)") x  $(verdict "$t7")"
fi
if only mem; then
t4=$(awk -v a="$mo" -v b="$mc" 'BEGIN { if (a ~ /^[0-9.-]+$/ && b ~ /^[0-9.-]+$/) print (a - b < 200) ? 1 : 0 }')
echo "  memory ours < C baseline + 200 B/socket:  $(awk -v a="$mo" -v b="$mc" 'BEGIN { printf "%.1f", a - b }') B  $(verdict "$t4")"
fi

[ "$failed" -eq 0 ] || { echo "bench: some benchmarks failed to run" >&2; exit 1; }
exit 0
