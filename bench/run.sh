#!/bin/sh
# bench/run.sh: "make bench".  Measures this module (src/socket-module.so)
# against Debian's upstream socket module, Python 3's socket and a C
# program (bench/cbench.c), prints a table, the ratios and PASS/MISS for
# the targets.  Targets are goals, not tests: the exit status is 0 unless
# a benchmark itself failed.
#
# Method: every workload's implementations are interleaved, A B C A B C
# ..., over BENCH_REPEAT=5 rounds, and each rate is the median of its
# rounds, printed with min..max (the raw results list every round).  On a
# shared machine load comes and goes; interleaving gives each
# implementation the same share of it, so the ratios, taken between
# medians of one run, cancel most of it.  Ratios are of rates (higher is
# better) even where a row is printed in nanoseconds.
#
# Workloads (sizes are the defaults; BENCH_SCALE=0.01 scales them all):
#   inproc    in-process ping-pong, the per-call cost: ONE process, a
#             blocking unix socketpair (a, b), BENCH_INPROC_N=500000 times a
#             1-byte send on a then a 1-byte recv on b (no poll, no second
#             process: no scheduler in the way); nanoseconds per send+recv
#             pair, both wall time and the process's own CPU time (first
#             field of /proc/self/schedstat, the same clock for C, Python
#             and S-Lang: it leaves out the time other processes held the
#             CPU; the inproc targets are judged on it where it exists).
#             Rows: C (send/recv), "S-Lang loop + 2 trivial calls"
#             (the interpreter floor: the same loop calling __is_same (a,
#             "x") and __is_same (b, 1), two intrinsics that pop the same
#             arguments and push an Int), "least possible module" (msend
#             and mrecv of bench/leastmod.c, bench/least-module.so: pop the
#             arguments, send(2)/recv(2) into a stack buffer, push the
#             result; the practical ceiling for any S-Lang module), ours
#             send/recv and read/write, Python 3 a.send/b.recv, upstream
#             read/write (it has no send/recv).  Pinned to BENCH_PIN.
#   pingpong  1-byte ping-pong over a unix socketpair, parent and forked
#             child, BENCH_PINGPONG_N=200000 round trips; round trips/s.
#             Both pinned to BENCH_PIN: the time is the CPU cost of both
#             ends plus two context switches per round trip.
#   bulk      TCP over 127.0.0.1, child sends BENCH_BULK_BYTES=1 GiB in
#             BENCH_BULK_CHUNK=64 KiB writes, parent receives with 64 KiB
#             reads and is timed from accept to the last byte; MB/s (1e6).
#             Both pinned to BENCH_PIN.  Beside it, the receiver's sleeps
#             per recv: its voluntary context switches over the timed
#             part (C getrusage ru_nvcsw, Python resource.getrusage,
#             S-Lang /proc/self/status voluntary_ctxt_switches) divided by
#             its recv calls.  Unpinned on 2 CPUs the rate measures luck:
#             the fastest receiver empties the socket and sleeps on almost
#             every recv (a cross-CPU wakeup per 64 KiB) while a slightly
#             slower one finds data waiting and never sleeps.
#   churn     socket+connect+accept+close (server side closes first) on
#             127.0.0.1 in one process, BENCH_CHURN_N=20000; per second
#             (not pinned)
#   udp       ping-pong of BENCH_UDP_SIZE=64-byte datagrams on 127.0.0.1:
#             parent sendto+recvfrom, child recvfrom+sendto back to the
#             sender, BENCH_UDP_N=200000 round trips (2 datagrams each,
#             i.e. 400000 sendto and 400000 recvfrom in all); round
#             trips/s; both pinned to BENCH_PIN
#   readline  a forked child writes BENCH_READLINE_N=2000000 80-byte lines
#             ("x"*79 + "\n") over a unix socketpair, BENCH_READLINE_PER=819
#             lines (65520 bytes) to a write, and closes; the parent counts
#             lines until end of stream: ours stream_readline, Python
#             sock.makefile('rb').readline(), S-Lang's fdopen+fgets on the
#             same socket (in the "read/write" column) and C read() of 64 KiB
#             + memchr (the floor); lines/s.  A second row reads them with
#             foreach line (st), the stream's foreach hook: one statement
#             for the whole stream, no intrinsic call per line.  Pinned like ping-pong (the
#             writer's CPU time is in every rate alike).
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
#             CPU time is in every rate alike); the six (C, Python, ours
#             with 0 idle, then with IDLE) are interleaved.  The pairs are
#             connect+accept on a unix listener rather than socketpair():
#             both ends of 10,100 pairs in one process need more than the
#             20,000 descriptors the hard limit allows here, so the far
#             ends live in the child.
#   mem       RSS growth for BENCH_MEM_N=10000 open, unconnected TCP
#             sockets (the array holding them is allocated before the first
#             reading); bytes per socket.  C's is the baseline (the
#             kernel's socket memory is not in RSS): the row that matters
#             is the bytes per socket beyond C's (target <= 128 for ours).
#   leak      this module, run once: VmRSS after BENCH_LEAK_N1=1000 and
#             after BENCH_LEAK_N2=1000000 send+recv pairs on a unix
#             socketpair, and the same for sendto+recvfrom over UDP; equal
#             = PASS (BENCH_LEAK_SLACK_KB=64 of slack for allocator noise).
#
# Pinning: ping-pong, UDP and bulk are bound by the scheduler when their
# two processes sit on two CPUs (cross-CPU wakeups vary 4x from run to run
# on a VM), so both processes are pinned to BENCH_PIN=0 (a taskset CPU
# list; empty: no pinning) and the time is the CPU cost of the two ends;
# inproc, readline and loop are pinned too.  Only churn is not.
#
# BENCH_ONLY="loop readline" (space- or comma-separated workload names)
# runs only those.  bench/instr.sh (make bench-instr) counts instructions
# per in-process send+recv under callgrind.
#
# Other variables: SLSH, PYTHON, CBENCH (the built C program),
# BENCH_UPSTREAM_DIR (directory of Debian's socket-module.so),
# BENCH_TIMEOUT=300 (seconds per run).

cd "$(dirname "$0")" || exit 1

: "${SLSH:=slsh}"
: "${PYTHON:=python3}"
: "${CBENCH:=./cbench}"
: "${BENCH_SCALE:=1}"
: "${BENCH_REPEAT:=5}"
: "${BENCH_PIN=0}"
: "${BENCH_INPROC_N:=500000}"
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

IP_N=$(scale "$BENCH_INPROC_N")
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

# sample NAME PIN COMMAND...: one run, its output line appended to
# $tmp/NAME.all ("ERR" if it failed).
sample () {
    name=$1; pin=$2; shift 2
    if out=$($TO $pin "$@" 2>"$tmp/err"); then
        echo "$out" >> "$tmp/$name.all"
    else
        echo "bench: $name failed: $*" >&2
        sed 's/^/  /' "$tmp/err" >&2
        failed=1
        echo ERR >> "$tmp/$name.all"
    fi
}

# rounds FUNC: BENCH_REPEAT rounds of FUNC, which samples every
# implementation of a workload once: the runs interleave A B C A B C ...
rounds () {
    r_=0
    while [ "$r_" -lt "$BENCH_REPEAT" ]; do
        r_=$((r_ + 1))
        "$1"
    done
}

# median NAME [FIELD [SUFFIX]]: "median min max" of field FIELD (1) of the
# runs in $tmp/NAME.all, saved in $tmp/NAME$SUFFIX (ERR if a run failed)
# and printed with every run.
median () {
    name=$1; f=${2:-1}; suf=${3:-}
    vals=$(awk -v f="$f" '{ print ($1 == "ERR") ? "ERR" : $f }' "$tmp/$name.all")
    if echo "$vals" | grep -q ERR; then
        m=ERR
    elif echo "$vals" | grep -qv '^[0-9.][0-9.]*$'; then
        m=-			       # not measured (e.g. no /proc/self/schedstat)
    else
        m=$(echo "$vals" | sort -g | awk '{ v[NR] = $1 }
            END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2;
                  printf "%s %s %s\n", m, v[1], v[NR] }')
    fi
    echo "$m" > "$tmp/$name$suf"
    set -- $m
    if [ "$1" = ERR ] || [ "$1" = - ]; then
        printf '  %-22s %s\n' "$name$suf" "$1"
    else
        printf '  %-22s %s (%s..%s; rounds: %s)\n' "$name$suf" "$1" "$2" "$3" "$(echo "$vals" | tr '\n' ' ' | sed 's/ $//')"
    fi
}
medians () { for n_ in "$@"; do median "$n_"; done; }

get () { cat "$tmp/$1" 2>/dev/null || echo "-"; }

OURS="$SLSH ./slbench.sl ours"
UP="$SLSH ./slbench.sl upstream"
PY="$PYTHON ./pybench.py"

ver=$($SLSH -e 'set_import_module_path ("../src:" + get_import_module_path ()); import ("socket"); () = fprintf (stdout, "%s", _socket_module_version_string);' 2>/dev/null)
echo "socket module benchmark: ours $ver (src/), upstream ${BENCH_UPSTREAM_DIR:-/usr/lib/x86_64-linux-gnu/slang/v2/modules}/socket-module.so,"
echo "  $($PYTHON --version 2>&1), C ($CBENCH); $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null); scale $BENCH_SCALE,"
echo "  median (min..max) of $BENCH_REPEAT interleaved rounds, pin '${BENCH_PIN}'"
echo "  inproc $IP_N, pingpong $PP_N, bulk $BULK_BYTES bytes in $BENCH_BULK_CHUNK, churn $CHURN_N, udp $UDP_N x $BENCH_UDP_SIZE bytes,"
echo "  readline $RL_N x 80 bytes ($BENCH_READLINE_PER to a write), loop $LOOP_N ($BENCH_LOOP_ACTIVE active, 0 and $BENCH_LOOP_IDLE idle),"
echo "  mem $MEM_N, leak $LEAK_N1/$LEAK_N2; open files $(ulimit -n)${BENCH_ONLY:+; only $BENCH_ONLY}"
echo "raw results (median (min..max; every round in order)):"

if only inproc; then
    [ -f ./least-module.so ] || { echo "bench: bench/least-module.so is missing (make bench builds it)" >&2; exit 1; }
    r_inproc () {
        sample ip_c       "$PIN" $CBENCH inproc "$IP_N"
        sample ip_floor   "$PIN" $OURS inproc_floor "$IP_N"
        sample ip_least   "$PIN" $OURS inproc_least "$IP_N"
        sample ip_ours    "$PIN" $OURS inproc "$IP_N"
        sample ip_ours_rw "$PIN" $OURS inproc_rw "$IP_N"
        sample ip_py      "$PIN" $PY inproc "$IP_N"
        sample ip_up_rw   "$PIN" $UP inproc_rw "$IP_N"
    }
    rounds r_inproc
    for n_ in ip_c ip_floor ip_least ip_ours ip_ours_rw ip_py ip_up_rw; do
        median "$n_"; median "$n_" 2 .cpu
    done
fi

if only pingpong; then
    r_pingpong () {
        sample pp_c       "$PIN" $CBENCH pingpong "$PP_N"
        sample pp_py      "$PIN" $PY pingpong "$PP_N"
        sample pp_ours    "$PIN" $OURS pingpong "$PP_N"
        sample pp_ours_rw "$PIN" $OURS pingpong_rw "$PP_N"
        sample pp_up_rw   "$PIN" $UP pingpong_rw "$PP_N"
    }
    rounds r_pingpong
    medians pp_c pp_py pp_ours pp_ours_rw pp_up_rw
fi

if only bulk; then
    r_bulk () {
        sample bulk_c       "$PIN" $CBENCH bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
        sample bulk_py      "$PIN" $PY bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
        sample bulk_ours    "$PIN" $OURS bulk "$BULK_BYTES" "$BENCH_BULK_CHUNK"
        sample bulk_ours_rw "$PIN" $OURS bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"
        sample bulk_up_rw   "$PIN" $UP bulk_rw "$BULK_BYTES" "$BENCH_BULK_CHUNK"
    }
    rounds r_bulk
    for n_ in bulk_c bulk_py bulk_ours bulk_ours_rw bulk_up_rw; do
        median "$n_"; median "$n_" 2 .sleeps
    done
fi

if only churn; then
    r_churn () {
        sample churn_c    "" $CBENCH churn "$CHURN_N"
        sample churn_py   "" $PY churn "$CHURN_N"
        sample churn_ours "" $OURS churn "$CHURN_N"
        sample churn_up   "" $UP churn "$CHURN_N"
    }
    rounds r_churn
    medians churn_c churn_py churn_ours churn_up
fi

if only udp; then
    r_udp () {
        sample udp_c    "$PIN" $CBENCH udp "$UDP_N" "$BENCH_UDP_SIZE"
        sample udp_py   "$PIN" $PY udp "$UDP_N" "$BENCH_UDP_SIZE"
        sample udp_ours "$PIN" $OURS udp "$UDP_N" "$BENCH_UDP_SIZE"
    }
    rounds r_udp
    medians udp_c udp_py udp_ours
fi

if only readline; then
    r_readline () {
        sample rl_c     "$PIN" $CBENCH readline "$RL_N" "$BENCH_READLINE_PER"
        sample rl_py    "$PIN" $PY readline "$RL_N" "$BENCH_READLINE_PER"
        sample rl_ours  "$PIN" $OURS readline "$RL_N" "$BENCH_READLINE_PER"
        sample rl_fgets "$PIN" $OURS readline_fgets "$RL_N" "$BENCH_READLINE_PER"
        sample rl_each  "$PIN" $OURS readline_foreach "$RL_N" "$BENCH_READLINE_PER"
    }
    rounds r_readline
    medians rl_c rl_py rl_ours rl_fgets rl_each
fi

if only loop; then
    LA=$BENCH_LOOP_ACTIVE; LI=$BENCH_LOOP_IDLE
    r_loop () {
        sample loop0_c    "$PIN" $CBENCH loop "$LOOP_N" "$LA" 0
        sample loop0_py   "$PIN" $PY loop "$LOOP_N" "$LA" 0 "$CBENCH"
        sample loop0_ours "$PIN" $OURS loop "$LOOP_N" "$LA" 0 "$CBENCH"
        sample loop_c     "$PIN" $CBENCH loop "$LOOP_N" "$LA" "$LI"
        sample loop_py    "$PIN" $PY loop "$LOOP_N" "$LA" "$LI" "$CBENCH"
        sample loop_ours  "$PIN" $OURS loop "$LOOP_N" "$LA" "$LI" "$CBENCH"
    }
    rounds r_loop
    medians loop0_c loop0_py loop0_ours loop_c loop_py loop_ours
fi

if only mem; then
    r_mem () {
        sample mem_c    "" $CBENCH mem "$MEM_N"
        sample mem_py   "" $PY mem "$MEM_N"
        sample mem_ours "" $OURS mem "$MEM_N"
        sample mem_up   "" $UP mem "$MEM_N"
    }
    rounds r_mem
    medians mem_c mem_py mem_ours mem_up
fi

if only leak; then
    once leak_ours    $OURS leak "$LEAK_N1" "$LEAK_N2"
    once leakudp_ours $OURS leakudp "$LEAK_N1" "$LEAK_N2"
fi

first () { get "$1" | awk '{ print $1 }'; }
# range NAME: "min..max" of NAME's rounds, or "-"
range () { get "$1" | awk '{ if (NF >= 3) printf "%s..%s", $2, $3; else printf "-" }'; }
# ratio A B: A/B to 2 decimals, or "-"
ratio () {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
# minus A B: A-B to 1 decimal, or "-"
minus () {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^-?[0-9.]+$/ && b ~ /^-?[0-9.]+$/) printf "%.1f", a - b; else printf "-" }'
}
# delta A B: A-B with its sign, to 1 decimal, or "-"
delta () {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^-?[0-9.]+$/ && b ~ /^-?[0-9.]+$/) printf "%+.1f", a - b; else printf "-" }'
}
# verdict OK: PASS, MISS or "n/a" (OK is 1, 0, or empty when unknown)
verdict () { case $1 in 1) echo PASS ;; 0) echo MISS ;; *) echo "n/a" ;; esac; }
ge () { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.-]+$/ && b ~ /^[0-9.-]+$/) print (a + 0 >= b + 0) ? 1 : 0 }'; }
le () { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.-]+$/ && b ~ /^[0-9.-]+$/) print (a + 0 <= b + 0) ? 1 : 0 }'; }
# mul X K: X*K, or "-"
mul () { awk -v a="$1" -v k="$2" 'BEGIN { if (a ~ /^[0-9.]+$/) print a * k; else print "-" }'; }

main_table=0
for w_ in pingpong bulk churn udp readline loop mem; do only "$w_" && main_table=1; done
if [ "$main_table" = 1 ]; then
echo
echo "| workload (unit) | C | Python | ours send/recv | ours read/write | upstream read/write | ours/Python | ours/C | ours/upstream |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
fi
row () {  # label c py ours ours_rw up   (ours/upstream compares like with like: read/write)
    o=$4; [ "$o" = "-" ] && o=$5
    orw=$5; [ "$orw" = "-" ] && orw=$4
    echo "| $1 | $2 | $3 | $4 | $5 | $6 | $(ratio "$o" "$3") | $(ratio "$o" "$2") | $(ratio "$orw" "$6") |"
}
only pingpong && row "ping-pong (round trips/s)" "$(first pp_c)" "$(first pp_py)" "$(first pp_ours)" "$(first pp_ours_rw)" "$(first pp_up_rw)"
if only bulk; then
    row "bulk TCP, pinned (MB/s)" "$(first bulk_c)" "$(first bulk_py)" "$(first bulk_ours)" "$(first bulk_ours_rw)" "$(first bulk_up_rw)"
    echo "| bulk: receiver's sleeps per recv | $(first bulk_c.sleeps) | $(first bulk_py.sleeps) | $(first bulk_ours.sleeps) | $(first bulk_ours_rw.sleeps) | $(first bulk_up_rw.sleeps) | - | - | - |"
fi
only churn && row "connection churn (/s)" "$(first churn_c)" "$(first churn_py)" "$(first churn_ours)" "-" "$(first churn_up)"
only udp && row "UDP ping-pong (round trips/s)" "$(first udp_c)" "$(first udp_py)" "$(first udp_ours)" "-" "-"
only readline && row "readline 80 B (lines/s) [1]" "$(first rl_c)" "$(first rl_py)" "$(first rl_ours)" "$(first rl_fgets)" "-"
only readline && row "readline 80 B, foreach line (st) (lines/s) [1]" "$(first rl_c)" "$(first rl_py)" "$(first rl_each)" "-" "-"
only loop && row "loop $BENCH_LOOP_ACTIVE active + $BENCH_LOOP_IDLE idle (rt/s) [2]" "$(first loop_c)" "$(first loop_py)" "$(first loop_ours)" "-" "-"
only loop && row "loop $BENCH_LOOP_ACTIVE active + 0 idle (rt/s) [2]" "$(first loop0_c)" "$(first loop0_py)" "$(first loop0_ours)" "-" "-"
mc=$(first mem_c); mp=$(first mem_py); mo=$(first mem_ours); mu=$(first mem_up)
only mem && echo "| memory (RSS bytes/socket) | $mc | $mp | $mo | - | $mu | - | - | - |"
only mem && echo "| memory beyond C's (bytes/socket) | 0 | $(minus "$mp" "$mc") | $(minus "$mo" "$mc") | - | $(minus "$mu" "$mc") | - | - | - |"
[ "$main_table" = 1 ] && echo && echo "(every rate: the median of $BENCH_REPEAT interleaved rounds; min..max in the raw results above)"
only readline && echo "[1] readline: ours = stream_readline, Python = sock.makefile('rb').readline(), read/write = S-Lang fdopen+fgets"
only readline && echo "    on the same socket, C = read() 64 KiB + memchr; ours/fgets $(ratio "$(first rl_ours)" "$(first rl_fgets)");"
only readline && echo "    the foreach row reads the same lines with foreach line (st): one statement, no call per line"
if only loop; then
    echo "[2] loop: ours = eventloop_watch + eventloop_run, Python = selectors.DefaultSelector, C = epoll; far side always"
    echo "    cbench loop_echo; idle cost (with $BENCH_LOOP_IDLE idle / with 0):"
    echo "    ours $(ratio "$(first loop_ours)" "$(first loop0_ours)"), Python $(ratio "$(first loop_py)" "$(first loop0_py)"), C $(ratio "$(first loop_c)" "$(first loop0_c)")"
fi

if only inproc; then
    echo
    echo "in-process ping-pong, ns per 1-byte send+recv (one process, unix socketpair, $IP_N pairs; median and min..max of $BENCH_REPEAT interleaved rounds;"
    echo "wall: elapsed time; CPU: the process's own CPU time (/proc/self/schedstat), which leaves out the time other processes held the CPU):"
    echo
    echo "| | C | S-Lang loop + 2 trivial calls | least possible module | ours send/recv | Python 3 | upstream read/write | ours read/write |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for k_ in "" .cpu; do
        lab=wall; [ "$k_" = .cpu ] && lab=CPU
        echo "| $lab ns, median | $(first ip_c$k_) | $(first ip_floor$k_) | $(first ip_least$k_) | $(first ip_ours$k_) | $(first ip_py$k_) | $(first ip_up_rw$k_) | $(first ip_ours_rw$k_) |"
        echo "| $lab ns, min..max | $(range ip_c$k_) | $(range ip_floor$k_) | $(range ip_least$k_) | $(range ip_ours$k_) | $(range ip_py$k_) | $(range ip_up_rw$k_) | $(range ip_ours_rw$k_) |"
    done
    echo
    for k_ in .cpu ""; do
        lab=wall; [ "$k_" = .cpu ] && lab=CPU
        ic=$(first ip_c$k_); il=$(first ip_least$k_); io=$(first ip_ours$k_)
        iorw=$(first ip_ours_rw$k_); ip=$(first ip_py$k_); iu=$(first ip_up_rw$k_)
        echo "$lab time, ours' rate over X's (= ns of X / ns of ours): ours/least module $(ratio "$il" "$io"), ours/Python $(ratio "$ip" "$io"), ours/C $(ratio "$ic" "$io"),"
        echo "  ours read/write / upstream read/write $(ratio "$iu" "$iorw"); ns above C: least module $(delta "$il" "$ic"), ours $(delta "$io" "$ic"); ours above least module $(delta "$io" "$il")"
    done
    # the targets are judged on CPU time where it was measured
    ik=.cpu; [ "$(first ip_ours.cpu)" = - ] && ik=
    il=$(first ip_least$ik); io=$(first ip_ours$ik); ip=$(first ip_py$ik)
    ikl=CPU; [ -z "$ik" ] && ikl=wall
    ilw=$(first ip_least); iow=$(first ip_ours); ipw=$(first ip_py)
fi

leak_line () {  # name label
    set -- $(get "$1") "$2"
    if [ "$1" = ERR ] || [ $# -lt 4 ]; then echo "leak check ($2): failed to run"; leak_ok=; return; fi
    d=$(($2 - $1))
    ok=0; [ "$d" -le "$BENCH_LEAK_SLACK_KB" ] && ok=1
    echo "leak check ($4): RSS after $LEAK_N1 = $1 kB, after $LEAK_N2 = $2 kB (growth $d kB; $3 pairs/s) $(verdict $ok)"
}
if only leak; then
echo
leak_line leak_ours "send+recv"
leak_line leakudp_ours "sendto+recvfrom"
fi

echo
echo "targets (goals, not tests; ratios of rates):"
if only inproc; then
t=$(ge "$(ratio "$il" "$io")" 0.95)
echo "  in-process ours send/recv >= 0.95 x least module:  $(ratio "$il" "$io") x  $(verdict "$t")  ($ikl time; wall $(ratio "$ilw" "$iow") x)"
t=$(ge "$(ratio "$ip" "$io")" 1.05)
echo "  in-process ours send/recv >= 1.05 x Python:        $(ratio "$ip" "$io") x  $(verdict "$t")  ($ikl time; wall $(ratio "$ipw" "$iow") x)"
fi
if only pingpong; then
t=$(ge "$(first pp_ours)" "$(mul "$(first pp_py)" 1.2)")
echo "  ping-pong ours send/recv >= 1.2 x Python:          $(ratio "$(first pp_ours)" "$(first pp_py)") x  $(verdict "$t")"
fi
if only bulk; then
t=$(ge "$(first bulk_ours)" "$(mul "$(first bulk_c)" 0.95)")
echo "  bulk (pinned) ours send/recv >= 0.95 x C:          $(ratio "$(first bulk_ours)" "$(first bulk_c)") x  $(verdict "$t")"
fi
if only churn; then
t=$(ge "$(first churn_ours)" "$(mul "$(first churn_c)" 0.95)")
echo "  churn ours >= 0.95 x C:                            $(ratio "$(first churn_ours)" "$(first churn_c)") x  $(verdict "$t")"
t=$(ge "$(first churn_ours)" "$(first churn_py)")
echo "  churn ours >= Python:                              $(ratio "$(first churn_ours)" "$(first churn_py)") x  $(verdict "$t")"
fi
if only udp; then
t=$(ge "$(first udp_ours)" "$(first udp_py)")
echo "  UDP ping-pong ours >= Python:                      $(ratio "$(first udp_ours)" "$(first udp_py)") x  $(verdict "$t")"
fi
if only readline; then
t=$(ge "$(first rl_ours)" "$(first rl_py)")
echo "  readline ours >= Python:                           $(ratio "$(first rl_ours)" "$(first rl_py)") x  $(verdict "$t")"
t=$(ge "$(first rl_each)" "$(first rl_py)")
echo "    (foreach line (st) >= Python:                     $(ratio "$(first rl_each)" "$(first rl_py)") x  $(verdict "$t"))"
fi
if only loop; then
t=$(ge "$(first loop_ours)" "$(mul "$(first loop_c)" 0.9)")
echo "  loop ours ($BENCH_LOOP_IDLE idle) >= 0.9 x C:              $(ratio "$(first loop_ours)" "$(first loop_c)") x  $(verdict "$t")"
t=$(ge "$(first loop_ours)" "$(mul "$(first loop0_ours)" 0.9)")
echo "  loop idle cost, ours $BENCH_LOOP_IDLE idle >= 0.9 x 0 idle: $(ratio "$(first loop_ours)" "$(first loop0_ours)") x  $(verdict "$t")"
fi
if only mem; then
t=$(le "$(minus "$mo" "$mc")" 128)
echo "  memory ours <= C baseline + 128 B/socket:          $(delta "$mo" "$mc") B  $(verdict "$t")"
echo "    (for comparison: Python $(delta "$mp" "$mc") B $(verdict "$(le "$(minus "$mp" "$mc")" 128)"), upstream $(delta "$mu" "$mc") B $(verdict "$(le "$(minus "$mu" "$mc")" 128)"))"
fi

[ "$failed" -eq 0 ] || { echo "bench: some benchmarks failed to run" >&2; exit 1; }
exit 0
