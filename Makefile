# Top level of the build. `make` checks system.yaml and builds its image;
# `make run` boots it in QEMU; `make test` runs every test; `make bench`
# prints instruction counts of the monitor's paths. See README.md.
#
#   make [VARIANT=name] [SYSTEM=file.yaml]   -> build/<name>/image.elf, and beside it
#                                               image.bin + image.txt, image.ub, boot.bif
#       (VARIANT defaults to `default` for system.yaml, else to the
#        file's name: make SYSTEM=path/x.yaml -> build/x/)
#   make deploy                              -> the same (the artefacts for a board)
#   make variants                            -> every variants/*.yaml, and default
#   FSBL=/path/to/fsbl.elf                   -> the FSBL boot.bif names (docs/boards.md)
#
# The generator turns SYSTEM into build/<VARIANT>/gen/ (tables, linker
# scripts, build.mk); mk/image.mk then builds the guests and the monitor
# from those files. With the default SYSTEM, variants/<VARIANT>.yaml (if it
# exists) is merged onto it as an overlay (docs/variants.md); OVERLAY=file
# names another one.

PY       := /usr/bin/python3
SYSTEM   ?= system.yaml
ifeq ($(SYSTEM),system.yaml)
VARIANT  ?= default
else
VARIANT  ?= $(basename $(notdir $(SYSTEM)))
endif
B        := build/$(VARIANT)
GEN      := $(B)/gen
RUN_SECONDS ?= 8

QEMU      = qemu-system-arm -M xilinx-zynq-a9 -smp 2 -m 1G -display none \
            -monitor none -semihosting-config enable=on,target=native -no-reboot
# `make run` counts instructions at the rate the timing tests use (8 ns
# each: the platform's cpu_hz, 125 MHz): the emulated timers follow the
# guests' execution, not the host's load. While both cores wait, time
# passes in real time (sleep=on, QEMU's default), so an idle system, or a
# Linux shell's `sleep 1`, takes as long as it says. Without -icount (a
# host thread per core) this machine's load showed as intervals of
# 29..264940 us and SRT deadline misses; under shift=auto QEMU's rate
# adjustments still let core 0's turn hold motor's tick back by up to
# 0.5 ms in some seconds.
RUN_ICOUNT := -icount shift=3
GEN_DEPS := $(wildcard generator/*.py schema/*.json templates/* platforms/*.yaml)
ifeq ($(SYSTEM),system.yaml)
OVERLAY  ?= $(wildcard variants/$(VARIANT).yaml)
endif
VARIANTS := default $(sort $(basename $(notdir $(wildcard variants/*.yaml))))

.PHONY: all image deploy run test test-generator test-unit test-models test-tsan test-system bench profile setup clean variants linux-assets debug trace
.DELETE_ON_ERROR:

all: image

# Installs missing packages from Debian's archive (idempotent, instant when
# everything is there). Order-only, so it never forces a rebuild.
setup:
	@bash scripts/setup-host.sh

# The Linux guest's kernel and initramfs, from Debian's archive, cached in
# build/linux/ (scripts/linux-assets.sh; a second run downloads nothing).
linux-assets: | setup
	@bash scripts/linux-assets.sh build/linux

# A system with a Non-secure (Linux) guest needs Debian's kernel first.
NEEDS_LINUX := $(if $(shell grep -ls 'world: *non-secure' $(SYSTEM) $(OVERLAY)),linux-assets)
# The guests' source folders and prebuilt ELF files, as the last run listed them.
GEN_SOURCE_DEPS := $(shell sed -n 's/^GEN_SOURCE_DEPS := //p' $(GEN)/build.mk 2>/dev/null)

$(GEN)/build.mk: $(SYSTEM) $(OVERLAY) $(GEN_DEPS) $(GEN_SOURCE_DEPS) | setup $(NEEDS_LINUX)
	@$(PY) -m generator --root . --system $(SYSTEM) $(addprefix --overlay ,$(OVERLAY)) \
	    --variant $(VARIANT) --out $(GEN)
	@cp $(GEN)/report.txt $(GEN)/report.svg $(B)/

image: $(GEN)/build.mk | setup
	@$(MAKE) --no-print-directory -f mk/image.mk VARIANT=$(VARIANT) B=$(B) GEN=$(GEN)

# The deployable artefacts are part of every image build (mk/image.mk).
deploy: image

# One image per variant: build/<name>/image.elf for each variants/<name>.yaml.
variants: | setup linux-assets
	@for v in $(VARIANTS); do \
	    echo "[make variants] $$v"; \
	    $(MAKE) --no-print-directory VARIANT=$$v image || exit 1; \
	done

# A system with a Non-secure (Linux) guest: its console is UART1, QEMU's
# second -serial; both UARTs then share the terminal (lines may interleave).
RUN_LINUX_SERIAL := -chardev stdio,id=uarts,mux=on,signal=off -serial chardev:uarts -serial chardev:uarts

run: image
	@echo "[make run] booting $(B)/image.elf on 2 emulated cores for $(RUN_SECONDS) s" \
	      "(RUN_SECONDS=0 runs until you press Ctrl-A X)"
	@echo "[make run] timing: times are QEMU's virtual time, 8 ns per instruction executed" \
	      "(not the host's load; real time while both cores wait); motor's interval is its 1 kHz timer, which only the monitor" \
	      "could hold back (no monitor instruction on its interrupt path; a bounded path of" \
	      "<= 2000 instructions, 16 us, when motor calls it), not QEMU's turn-taking of the" \
	      "2 cores (guests/motor/main.c); the monitor's costs: make bench; what ran when: make trace."
	@if grep -q '^NS_GUESTS := [a-z]' $(GEN)/build.mk; then serial="$(RUN_LINUX_SERIAL)"; \
	    mon="$(RUN_LINUX_SERIAL) -mon chardev=uarts,mode=readline"; \
	else serial="-serial stdio"; mon="-serial mon:stdio"; fi; \
	if [ "$(RUN_SECONDS)" = 0 ]; then \
	    $(QEMU) $(RUN_ICOUNT) $$mon -kernel $(B)/image.elf; \
	else \
	    timeout -s KILL $(RUN_SECONDS) $(QEMU) $(RUN_ICOUNT) $$serial -kernel $(B)/image.elf </dev/null; \
	    rc=$$?; [ $$rc -eq 137 ] && echo "[make run] stopped after $(RUN_SECONDS) s"; \
	    [ $$rc -eq 137 ] || exit $$rc; \
	fi

# `make debug`: QEMU halted at the first instruction with its gdb stub on
# GDB_PORT, and gdb-multiarch with the monitor's and every guest's symbols
# (scripts/gdb/hv.py, docs/debugging.md). The console goes to
# build/<variant>/console.log. QEMU ends with the gdb session.
GDB_PORT ?= 1234
DEBUG_ICOUNT ?= -icount shift=3,sleep=off

$(B)/debug.gdb: Makefile | image
	@printf '%s\n' 'set pagination off' 'set confirm off' \
	    'set trust-readonly-sections on' 'file $(B)/image.elf' \
	    'source scripts/gdb/hv.py' 'hv setup $(B)' > $@

debug: image $(B)/debug.gdb
	@echo "[make debug] QEMU halted, gdb stub on port $(GDB_PORT); console: tail -f $(B)/console.log"
	@$(QEMU) $(DEBUG_ICOUNT) -serial file:$(B)/console.log -gdb tcp::$(GDB_PORT) -S \
	    -kernel $(B)/image.elf </dev/null & qemu=$$!; \
	    trap 'kill $$qemu 2>/dev/null' EXIT INT TERM; \
	    gdb-multiarch -q -x $(B)/debug.gdb -ex 'target remote localhost:$(GDB_PORT)'; kill $$qemu 2>/dev/null; wait $$qemu 2>/dev/null; true

# `make trace`: the system built again with the monitor's event trace
# compiled in (build/<variant>/traced/, an overlay that sets build: {trace:
# true}), booted for TRACE_SECONDS (or until the console matches
# TRACE_UNTIL), its rings read out of the emulated memory and rendered into
# build/<variant>/trace.json, trace.svg and trace.txt (docs/trace.md).
TRACE_SECONDS ?= 5
TRACE_ICOUNT ?= shift=3,sleep=off
TB := $(B)/traced

trace: | setup
	@mkdir -p $(TB)
	@printf '%s\n' '# make trace: the monitor records its events (docs/trace.md)' \
	    'build: {trace: true}' > $(TB)/trace.yaml
	@$(PY) -m generator --root . --system $(SYSTEM) $(addprefix --overlay ,$(OVERLAY)) \
	    --overlay $(TB)/trace.yaml --variant $(VARIANT) --out $(TB)/gen
	@$(MAKE) --no-print-directory -f mk/image.mk VARIANT=$(VARIANT) B=$(TB) GEN=$(TB)/gen
	@$(PY) scripts/tracetool --elf $(TB)/image.elf --meta $(TB)/gen/trace_meta.json \
	    --out $(B) --seconds $(TRACE_SECONDS) --icount '$(TRACE_ICOUNT)' \
	    $(if $(TRACE_UNTIL),--until '$(TRACE_UNTIL)')

test: test-generator test-unit test-models test-tsan test-system

# A test system names a guest ELF that is built, not committed
# (tests/system/prebuilt.yaml): linked here with its own script, as a
# third-party build would, before the tests that read it.
PREBUILT_ELF := build/prebuilt-elf/app.elf
$(PREBUILT_ELF): tests/system/prebuilt/app.S tests/system/prebuilt/app.ld | setup
	@mkdir -p $(dir $@)
	@arm-none-eabi-gcc -mcpu=cortex-a9 -nostdlib -nostartfiles \
	    -T tests/system/prebuilt/app.ld tests/system/prebuilt/app.S -o $@

test-generator: | setup linux-assets $(PREBUILT_ELF)
	$(PY) -m pytest -q tests/generator

test-unit: | setup
	@$(MAKE) --no-print-directory -f tests/unit/unit.mk

# The cross-core protocols: their Promela models checked exhaustively with
# spin (tests/models/), and their C run by two threads under ThreadSanitizer.
test-models: | setup
	$(PY) -m pytest -q tests/models

test-tsan: | setup
	@$(MAKE) --no-print-directory -f tests/tsan/tsan.mk

# QEMU scenarios, two at a time (one per host core; a test file stays on one
# worker). The timing tests count instructions, so they do not depend on
# what runs beside them.
test-system: | setup linux-assets $(PREBUILT_ELF)
	$(PY) -m pytest -q -n 2 --dist loadfile tests/system

bench: | setup
	@$(PY) tests/system/bench.py
ifeq ($(PROFILE),1)
	@$(PY) tests/system/benchprofile.py
endif

# Where each bench row's instructions go, per monitor function (QEMU's
# instruction trace, docs/performance.md "Profile"). Same as PROFILE=1.
profile: | setup
	@$(PY) tests/system/benchprofile.py

clean:
	rm -rf build
