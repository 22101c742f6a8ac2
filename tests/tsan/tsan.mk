# The cross-core protocols' C under ThreadSanitizer: the monitor's own
# files (not copies) built for the host, two threads per protocol playing
# the two cores, platform functions replaced by small shims (shims.c) whose
# "SGI" carries no memory ordering, so only the code's own atomics order
# anything. Any data race, or a wrong result, fails the run.

CC      := gcc
B       := build/tsan
CFLAGS  := -std=c11 -O1 -g -DHOST_TSAN -Wall -Wextra -Werror -Wshadow \
           -Wno-int-to-pointer-cast -Wno-pointer-to-int-cast \
           -fsanitize=thread -fno-omit-frame-pointer -pthread \
           -Imonitor/include -Iguests/lib/include -Itests/tsan
SRCS    := monitor/core/ioproxy.c monitor/core/wake.c monitor/core/virq.c \
           monitor/core/console.c monitor/core/fmt.c monitor/core/guestmem.c \
           guests/lib/ring.c
HARNESS := tests/tsan/main.c tests/tsan/shims.c tests/tsan/yield.c

.PHONY: all
all: $(B)/tsan_tests
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(B)/tsan_tests

$(B)/tsan_tests: $(SRCS) $(HARNESS) tests/tsan/shims.h $(wildcard monitor/include/*.h guests/lib/include/*.h)
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -o $@ $(HARNESS) $(SRCS)
