# Makefile for the S-Lang socket module (GNU make).
#
#   make                 build src/socket-module.so (runs ./configure first
#                        if config.mk is missing) and doc/help/socket.hlp
#   make check           run tests/run.sh against src/ and lib/
#   make check-valgrind  the same under valgrind
#   make check-asan      build src/asan/socket-module.so with ASan+UBSan and
#                        run the suite against it
#   make demo            echo over IPv4, IPv6 and a unix socket (examples/)
#   make bench           speed and memory against Debian's upstream module,
#                        Python 3 and C (bench/run.sh; BENCH_SCALE=0.01 for
#                        a quick run); targets are reported, never tested
#   make bench-instr     callgrind instructions per in-process send+recv
#                        (bench/instr.sh): ours, least module, interpreter
#                        floor, C, Python, upstream
#   make fuzz            [FUZZ_SECONDS=60] libFuzzer harness fuzz/fuzz_socket
#                        (clang); make fuzz-regress runs its corpus once
#   make install         [DESTDIR=...] install; make uninstall removes it
#   make install-test    install into a scratch DESTDIR, test, uninstall
#   make clean | distclean | dist
#
# Variables: WERROR=-Werror (CI), SANITIZE=1 (build into src/asan),
# VALGRIND=..., DESTDIR, prefix, and anything in config.mk.

SHELL = /bin/sh
.SUFFIXES:
.DELETE_ON_ERROR:

all:

# --- configuration ----------------------------------------------------------
# Goals that must not run ./configure.
NOCONFIG_GOALS := clean distclean dist
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
SKIP_CONFIG := 1
endif
endif

ifdef SKIP_CONFIG
-include config.mk
else
include config.mk
config.mk:
	./configure
endif

VERSION ?= $(shell sed -n '1{s/[[:space:]]//g;p;}' VERSION)
SLSH ?= slsh
TMEXPAND ?= tmexpand
INSTALL ?= install
DPKG_QUERY ?= dpkg-query
WERROR ?=
LTO_FLAGS ?=
VALGRIND ?=
TEST_ENV ?=

VALGRIND_CMD = valgrind -q --error-exitcode=1 --leak-check=full --run-libc-freeres=no \
  --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions=$(CURDIR)/tests/valgrind.supp

# --- the module -------------------------------------------------------------
ifeq ($(SANITIZE),1)
OUTDIR := src/asan
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer
else
OUTDIR := src
SAN_FLAGS :=
endif

SRCS := $(sort $(wildcard src/*.c))
HDRS := $(wildcard src/*.h)
OBJS := $(patsubst src/%.c,$(OUTDIR)/%.o,$(SRCS))
MODULE := $(OUTDIR)/socket-module.so

# With LTO the optimiser runs at the link, so its warnings come from there:
# the link takes the same warning flags (and WERROR) as the compiles.
WARN_FLAGS = -Wall -Wextra $(WERROR)
MODULE_CFLAGS = -fPIC -fvisibility=hidden $(WARN_FLAGS) $(SAN_FLAGS) \
  -DSOCKET_MODULE_VERSION_STRING="\"$(VERSION)\""
COMPILE = $(CC) $(CPPFLAGS) $(CFLAGS) $(LTO_FLAGS) $(MODULE_CFLAGS)
LINK = $(CC) $(CFLAGS) $(LTO_FLAGS) $(WARN_FLAGS) -shared $(SAN_FLAGS) $(LDFLAGS)

# Rebuild when the compile or link command changes (WERROR, CFLAGS, ...):
# the stamp file is rewritten only when its contents would change.
FLAGS_STAMP := $(OUTDIR)/.build-flags
FLAGS_TEXT = $(COMPILE) | $(LINK) $(LIBS)

$(FLAGS_STAMP): FORCE
	@mkdir -p $(OUTDIR)
	@printf '%s\n' '$(subst ','\'',$(FLAGS_TEXT))' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

module: $(MODULE)

ifeq ($(SRCS),)
$(MODULE):
	@echo "make: src/socket-module.c is missing; nothing to build" >&2; exit 1
else
$(MODULE): $(OBJS) $(FLAGS_STAMP)
	$(LINK) -o $@ $(OBJS) $(LIBS)
endif

$(OUTDIR)/%.o: src/%.c $(HDRS) $(FLAGS_STAMP)
	$(COMPILE) -c -o $@ $<

# --- the help file ----------------------------------------------------------
# doc/help/socket.hlp is generated but committed, so a build without
# tmexpand still has it.
TM := doc/tm/socket.tm
HLP := doc/help/socket.hlp

ifneq ($(wildcard $(TM)),)
$(HLP): $(wildcard doc/tm/*.tm)
	@if command -v $(TMEXPAND) >/dev/null 2>&1; then \
	  mkdir -p $(dir $@) && \
	  echo "$(TMEXPAND) -Mslhlp $(TM) $@" && \
	  rm -f $@.tmp && $(TMEXPAND) -Mslhlp $(TM) $@.tmp </dev/null && mv -f $@.tmp $@; \
	elif [ -f $@ ]; then \
	  echo "make: $(TMEXPAND) not found; keeping the committed $@" >&2; \
	else \
	  echo "make: $(TMEXPAND) not found and $@ is missing; install the Debian package tmexpand" >&2; \
	  exit 1; \
	fi
endif

HELP_TARGET := $(if $(wildcard $(TM) $(HLP)),$(HLP))

all: module $(HELP_TARGET)

# --- tests and demo ---------------------------------------------------------
check: all
	cd tests && SLSH="$(SLSH)" VALGRIND="$(VALGRIND)" \
	  SOCKET_MODULE_DIR="$(CURDIR)/$(OUTDIR)" $(TEST_ENV) ./run.sh

check-valgrind:
	$(MAKE) check VALGRIND="$(VALGRIND_CMD)"

ASAN_PRELOAD = $(shell $(CC) -print-file-name=libasan.so):$(shell $(CC) -print-file-name=libubsan.so)

check-asan:
	$(MAKE) check SANITIZE=1 TEST_ENV="LD_PRELOAD=$(ASAN_PRELOAD) \
	  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"

# slsh.rc puts local-packages before $SLSH_PATH, so an installed socket.sl
# would shadow lib/socket.sl: prepend lib/ explicitly as well.
demo: all
	$(SLSH) --init tests/intree-init.sl examples/demo.sl

# --- benchmarks (never part of check) ---------------------------------------
PYTHON ?= python3
BENCH_CFLAGS ?= -O2 -Wall -Wextra -Werror

bench/cbench: bench/cbench.c
	$(CC) $(BENCH_CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ bench/cbench.c

# The "least possible module" of the in-process ping-pong: a yardstick
# loaded from bench/ only, never installed.
bench/least-module.so: bench/leastmod.c
	$(CC) $(BENCH_CFLAGS) -fPIC -shared $(CPPFLAGS) $(LDFLAGS) -o $@ bench/leastmod.c $(LIBS)

bench: all bench/cbench bench/least-module.so
	SLSH="$(SLSH)" PYTHON="$(PYTHON)" CBENCH="$(CURDIR)/bench/cbench" bench/run.sh

# callgrind instructions per in-process send+recv (bench/instr.sh)
bench-instr: all bench/cbench bench/least-module.so
	SLSH="$(SLSH)" PYTHON="$(PYTHON)" CBENCH="$(CURDIR)/bench/cbench" bench/instr.sh

# --- fuzzing (libFuzzer; clang, never part of check) ------------------------
# fuzz/fuzz_socket compiles the module's sources into a libFuzzer harness
# that embeds libslang (fuzz/fuzz_socket.c says what it checks).  Both
# targets run it in a scratch directory (unix socket paths land there);
# crash reproducers go to fuzz/artifacts/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_ARGS ?=
FUZZ_BIN := fuzz/fuzz_socket
FUZZ_SANITIZE := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(FUZZ_BIN): fuzz/fuzz_socket.c $(SRCS) $(HDRS)
	$(FUZZ_CC) -g -O1 -fno-omit-frame-pointer $(FUZZ_SANITIZE) $(CPPFLAGS) -I src \
	  -DSOCKET_MODULE_VERSION_STRING="\"$(VERSION)\"" -o $@ fuzz/fuzz_socket.c $(SRCS) \
	  $(LDFLAGS) $(LIBS) -lm

# make fuzz [FUZZ_SECONDS=60] [FUZZ_ARGS=...]: fuzz a copy of fuzz/corpus
fuzz: $(FUZZ_BIN)
	@set -e; top=$$(pwd); mkdir -p fuzz/artifacts; \
	tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/socket-fuzz.XXXXXX"); \
	trap 'rm -rf "$$tmp"' EXIT; \
	mkdir "$$tmp/corpus"; cp fuzz/corpus/* "$$tmp/corpus/"; \
	cd "$$tmp"; \
	echo "$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 $(FUZZ_ARGS) (in $$tmp)"; \
	"$$top/$(FUZZ_BIN)" -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	  -artifact_prefix="$$top/fuzz/artifacts/" -print_final_stats=1 $(FUZZ_ARGS) corpus

# make fuzz-regress: every input in fuzz/corpus and fuzz/regress, once
fuzz-regress: $(FUZZ_BIN)
	@set -e; top=$$(pwd); \
	tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/socket-fuzz.XXXXXX"); \
	trap 'rm -rf "$$tmp"' EXIT; \
	files=$$(ls -d "$$top"/fuzz/corpus/* "$$top"/fuzz/regress/* 2>/dev/null || true); \
	cd "$$tmp"; \
	"$$top/$(FUZZ_BIN)" -timeout=5 -rss_limit_mb=2048 $$files 2>"$$tmp/log" || \
	  { grep -v '^Running: \|^Executed \|^INFO: ' "$$tmp/log" >&2 || true; \
	    echo "fuzz-regress: FAIL" >&2; exit 1; }; \
	echo "fuzz-regress: $$(echo $$files | wc -w) inputs, PASS"

.PHONY: fuzz fuzz-regress

# --- install ----------------------------------------------------------------
# SLSH_LOCAL_PACKAGES comes first on slsh's load path, before Debian's
# /usr/share/slsh/socket.sl; the installed socket.sl imports the module from
# MODULE_DIR, so Debian's socket-module.so is not picked up.  For jed,
# /etc/jed.d/60slang-socket.sl puts local-packages first; jed-script skips
# /etc/jed.d, so a stub socket.sl in jed's library directory (first on
# jed-script's load path) loads ours.  None of these paths belongs to a
# Debian package (checked with dpkg-query -S before installing).
INST_MODULE := $(MODULE_DIR)/socket-module.so
INST_SL := $(SLSH_LOCAL_PACKAGES)/socket.sl
INST_HLP := $(SLSH_LOCAL_PACKAGES)/help/socket.hlp
INST_JED_D := $(if $(strip $(JED_D_DIR)),$(JED_D_DIR)/60slang-socket.sl)
INST_JED_LIB := $(if $(strip $(JED_LIB_DIR)),$(JED_LIB_DIR)/socket.sl)
INSTALLED_FILES = $(INST_MODULE) $(INST_SL) $(INST_HLP) $(INST_JED_D) $(INST_JED_LIB)

MODULE_DIR_LINE := private variable Socket_Module_Dir = NULL;

check-ownership:
	@if command -v $(DPKG_QUERY) >/dev/null 2>&1; then \
	  for f in $(INSTALLED_FILES); do \
	    if owner=$$($(DPKG_QUERY) -S "$$f" 2>/dev/null); then \
	      echo "make: $$f belongs to a Debian package ($$owner); refusing to touch it" >&2; \
	      exit 1; \
	    fi; \
	  done; \
	fi

ifeq ($(SANITIZE),1)
install uninstall install-test:
	@echo "make: do not $@ with SANITIZE=1" >&2; exit 1
else
install: all check-ownership
	@[ -f $(HLP) ] || { echo "make: $(HLP) is missing" >&2; exit 1; }
	grep -qxF '$(MODULE_DIR_LINE)' lib/socket.sl || \
	  { echo "make: lib/socket.sl lacks the line '$(MODULE_DIR_LINE)'" >&2; exit 1; }
	$(INSTALL) -d "$(DESTDIR)$(MODULE_DIR)" "$(DESTDIR)$(SLSH_LOCAL_PACKAGES)/help"
	$(INSTALL) -m 644 src/socket-module.so "$(DESTDIR)$(INST_MODULE)"
	sed 's|^$(MODULE_DIR_LINE)$$|private variable Socket_Module_Dir = "$(MODULE_DIR)";|' \
	  lib/socket.sl > lib/socket.sl.inst
	$(INSTALL) -m 644 lib/socket.sl.inst "$(DESTDIR)$(INST_SL)"
	rm -f lib/socket.sl.inst
	$(INSTALL) -m 644 $(HLP) "$(DESTDIR)$(INST_HLP)"
ifneq ($(INST_JED_D),)
	$(INSTALL) -d "$(DESTDIR)$(JED_D_DIR)"
	@echo "writing $(DESTDIR)$(INST_JED_D)"
	@printf '%s\n' \
	  '% $(notdir $(INST_JED_D)): installed by the S-Lang socket module $(VERSION);' \
	  '% "make uninstall" removes it.  Puts $(SLSH_LOCAL_PACKAGES)' \
	  '% first on the load path, so that require ("socket") in jed loads that' \
	  '% socket.sl (which imports the module from $(MODULE_DIR))' \
	  "% rather than Debian's /usr/share/slsh/socket.sl." \
	  'private define slang_socket_prepend_dir (dir)' \
	  '{' \
	  '   variable st = stat_file (dir);' \
	  '   if ((st == NULL) || (0 == stat_is ("dir", st.st_mode)))' \
	  '     return;' \
	  '   variable path = get_slang_load_path ();' \
	  '   if (0 == strncmp (path, dir + ":", strlen (dir) + 1))' \
	  '     return;' \
	  '   set_slang_load_path (dir + ":" + path);' \
	  '}' \
	  'slang_socket_prepend_dir ("$(SLSH_LOCAL_PACKAGES)");' \
	  > "$(DESTDIR)$(INST_JED_D)"
	chmod 644 "$(DESTDIR)$(INST_JED_D)"
endif
ifneq ($(INST_JED_LIB),)
	$(INSTALL) -d "$(DESTDIR)$(JED_LIB_DIR)"
	@echo "writing $(DESTDIR)$(INST_JED_LIB)"
	@printf '%s\n' \
	  '% socket.sl: installed by the S-Lang socket module $(VERSION);' \
	  '% "make uninstall" removes it.  jed-script does not read /etc/jed.d and' \
	  "% looks here before /usr/share/slsh (Debian's socket.sl), so this" \
	  '% loads the socket.sl installed in $(SLSH_LOCAL_PACKAGES).' \
	  '() = evalfile ("$(INST_SL)", current_namespace ());' \
	  > "$(DESTDIR)$(INST_JED_LIB)"
	chmod 644 "$(DESTDIR)$(INST_JED_LIB)"
endif

uninstall: check-ownership
	rm -f $(foreach f,$(INSTALLED_FILES),"$(DESTDIR)$(f)")
	@for d in "$(DESTDIR)$(SLSH_LOCAL_PACKAGES)/help" "$(DESTDIR)$(MODULE_DIR)" \
	          "$(DESTDIR)$(libdir)/slang/v2" "$(DESTDIR)$(libdir)/slang"; do \
	  [ -d "$$d" ] || continue; \
	  if command -v $(DPKG_QUERY) >/dev/null 2>&1 && \
	     $(DPKG_QUERY) -S "$${d#$(DESTDIR)}" >/dev/null 2>&1; then continue; fi; \
	  rmdir "$$d" 2>/dev/null || true; \
	done

# Install into a scratch DESTDIR, load it with a private slsh, uninstall.
install-test: all
	@set -e; \
	tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/socket-install-test.XXXXXX"); \
	trap 'rm -rf "$$tmp"' EXIT; \
	root=$$tmp/root; mkdir "$$root"; fail=0; \
	echo "== make install DESTDIR=$$root prefix=/usr/local"; \
	$(MAKE) --no-print-directory install DESTDIR="$$root" prefix=/usr/local; \
	lp="$$root$(SLSH_LOCAL_PACKAGES)"; md="$$root$(MODULE_DIR)"; \
	for f in $(INSTALLED_FILES); do \
	  if [ -f "$$root$$f" ]; then echo "installed $$f"; \
	  else echo "FAIL: $$f was not installed"; fail=1; fi; \
	done; \
	grep -qxF 'private variable Socket_Module_Dir = "$(MODULE_DIR)";' "$$lp/socket.sl" || \
	  { echo "FAIL: installed socket.sl does not name $(MODULE_DIR)"; fail=1; }; \
	printf '%s\n' \
	  'set_slang_load_path ("'"$$lp"':" + get_slang_load_path ());' \
	  'set_import_module_path ("'"$$md"':" + get_import_module_path ());' \
	  'require ("socket");' \
	  'variable ok = 1;' \
	  'if (_socket_module_version_string != "$(VERSION)")' \
	  '{' \
	  '   () = fprintf (stderr, "FAIL: version %s, expected $(VERSION)\n", _socket_module_version_string);' \
	  '   ok = 0;' \
	  '}' \
	  'variable h = get_doc_string_from_file ("'"$$lp"'/help/socket.hlp", "connect");' \
	  'if ((h == NULL) || (0 == is_substr (h, "connect")))' \
	  '{' \
	  '   () = fprintf (stderr, "FAIL: connect not found in the installed help file\n");' \
	  '   ok = 0;' \
	  '}' \
	  'else () = fprintf (stdout, "loaded socket module %s; found help for connect\n", _socket_module_version_string);' \
	  'exit (not ok);' \
	  > "$$tmp/check.sl"; \
	echo "== $(SLSH) against the installed tree"; \
	$(SLSH) -n "$$tmp/check.sl" || fail=1; \
	if [ -n "$(INST_JED_D)" ] && command -v jed-script >/dev/null 2>&1; then \
	  printf '%s\n' \
	    '() = evalfile ("'"$$root$(INST_JED_D)"'");' \
	    'variable p = get_slang_load_path ();' \
	    'variable want = "$(SLSH_LOCAL_PACKAGES):";' \
	    'if ((NULL != stat_file ("$(SLSH_LOCAL_PACKAGES)")) && (0 != strncmp (p, want, strlen (want))))' \
	    '  exit (1);' \
	    'exit (0);' \
	    > "$$tmp/jed.sl"; \
	  echo "== jed-script evaluates $(INST_JED_D)"; \
	  jed-script "$$tmp/jed.sl" </dev/null >/dev/null 2>&1 || \
	    { echo "FAIL: $(INST_JED_D) did not put $(SLSH_LOCAL_PACKAGES) first"; fail=1; }; \
	fi; \
	echo "== make uninstall DESTDIR=$$root"; \
	$(MAKE) --no-print-directory uninstall DESTDIR="$$root" prefix=/usr/local; \
	left=$$(find "$$root" ! -type d); \
	if [ -n "$$left" ]; then echo "FAIL: files left after uninstall:"; echo "$$left"; fail=1; fi; \
	if [ $$fail -eq 0 ]; then echo "install-test: PASS"; else echo "install-test: FAIL"; exit 1; fi
endif

# --- cleaning and distribution ----------------------------------------------
clean:
	rm -f src/*.o src/*.so src/.build-flags src/.build-flags.tmp lib/socket.sl.inst
	rm -rf src/asan
	rm -rf tests/tmp tests/*.tmp tests/*.log tests/core tests/core.* tests/vgcore.*
	rm -f doc/help/socket.hlp.tmp

distclean: clean
	rm -f config.mk socket-module-*.tar.gz

DISTNAME = socket-module-$(VERSION)

dist: $(HELP_TARGET)
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || \
	  { echo "make dist: not in a git work tree; dist packs the files git tracks" >&2; exit 1; }
	@[ -n "$$(git ls-files)" ] || { echo "make dist: git tracks no files yet" >&2; exit 1; }
	{ git ls-files -z; [ ! -f $(HLP) ] || printf '%s\0' $(HLP); } | sort -zu | \
	  tar --null -T - --transform='s,^,$(DISTNAME)/,S' --sort=name \
	    --owner=0 --group=0 --numeric-owner -czf $(DISTNAME).tar.gz
	@echo "wrote $(DISTNAME).tar.gz"

FORCE:

.PHONY: all module check check-valgrind check-asan demo bench bench-instr install uninstall \
  install-test check-ownership clean distclean dist FORCE
