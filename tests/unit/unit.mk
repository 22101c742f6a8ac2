# Host unit tests of the monitor's pure logic: the same C files the monitor
# is built from, compiled for the host with -DHOST_TEST and sanitizers.

CC      := gcc
B       := build/unit
CFLAGS  := -std=c11 -O1 -g -DHOST_TEST -Wall -Wextra -Werror -Wshadow \
           -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer -Imonitor/include -Iguests/lib/include -Itests/unit
MONITOR_SRCS := monitor/core/edf.c monitor/core/virq.c monitor/core/ioemu.c monitor/core/guestmem.c \
                monitor/core/console.c monitor/core/fmt.c monitor/core/health.c \
                monitor/core/decode.c monitor/core/abort.c monitor/core/psci.c monitor/core/nssmp.c \
                monitor/core/wake.c monitor/core/vfp.c monitor/platform/zynq7000/tz.c \
                monitor/core/release.c
GUEST_SRCS   := guests/lib/ring.c
TESTS   := $(wildcard tests/unit/test_*.c)

.PHONY: all
all: $(B)/unit_tests
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(B)/unit_tests

$(B)/unit_tests: $(TESTS) tests/unit/main.c tests/unit/unit.h $(MONITOR_SRCS) \
                 $(GUEST_SRCS) $(wildcard monitor/include/*.h guests/lib/include/*.h) $(B)/decode_cases.h
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -o $@ tests/unit/main.c $(TESTS) $(MONITOR_SRCS) $(GUEST_SRCS)

# The decoder's cases: encodings from the real assembler (not committed).
$(B)/decode_cases.h: tests/unit/gen_decode_cases.py
	@mkdir -p $(B)
	/usr/bin/python3 tests/unit/gen_decode_cases.py $@
