# Builds one variant's image from the generator's output in $(GEN):
# every guest (crt0 + guests/lib + its sources + newlib, linked at its
# virtual addresses, or a prebuilt ELF), its checked flat binary, and the monitor linked with the
# generated tables and the guest binaries. Called by the top Makefile.

include $(GEN)/build.mk

CROSS   := arm-none-eabi-
CC      := $(CROSS)gcc
PY      ?= /usr/bin/python3
OBJCOPY := $(CROSS)objcopy
READELF := $(CROSS)readelf
MKIMAGE := mkimage

ARCHFLAGS := -mcpu=cortex-a9 -marm -mfloat-abi=soft
# Hard-float guests (`float: hard`): the Cortex-A9's VFPv3-D32 and NEON.
ARCHFLAGS_HF := -mcpu=cortex-a9 -marm -mfpu=neon -mfloat-abi=hard
WARN      := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes
WARN_CXX  := -Wall -Wextra -Werror -Wshadow
MON_CFLAGS := $(ARCHFLAGS) -std=c11 -O2 -g -ffreestanding -fno-builtin \
              -fno-tree-loop-distribute-patterns -nostdlib $(WARN) \
              -Imonitor/include -Imonitor/arch/armv7-a -Imonitor/platform/zynq7000 \
              -MMD -MP
# build: test_stack_check: every C entry from the vectors checks its sp.
MON_CFLAGS += $(if $(filter 1,$(TEST_STACK_CHECK)),-DTEST_STACK_CHECK)
# build: {bench: true}: the world switch stamps PMCCNTR (nsworld.h).
MON_CFLAGS += $(if $(filter 1,$(BENCH)),-DCONFIG_BENCH_STAMPS)
ifeq ($(TRACE),1)
MON_CFLAGS += -DCONFIG_TRACE          # build: {trace: true} (monitor/include/trace.h)
endif
# An SRT guest with exact_release: the time-triggered release is compiled in
# (monitor/include/release.h); without one the pass has no trace of it.
MON_CFLAGS += $(if $(filter 1,$(RELEASE_LEADS)),-DCONFIG_RELEASE_LEADS)
# Guests: the architecture flags and warnings are per guest (GUEST_RULES).
# _POSIX_TIMERS, _POSIX_MONOTONIC_CLOCK: newlib's <time.h> then declares
# clock_gettime() and nanosleep(), which guests/lib/time.c implements.
GUEST_BASE_CFLAGS := -O2 -g -Iguests/lib/include -Imonitor/include \
                     -D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L \
                     -ffunction-sections -fdata-sections -MMD -MP
# C++ in guests: newlib's libstdc++ (Debian's libstdc++-arm-none-eabi-newlib),
# without exceptions or RTTI (no unwinder tables in a guest image).
CXX := $(CROSS)g++
CXXFLAGS_ONLY := -std=gnu++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics

MON_SRCS := $(wildcard monitor/core/*.c monitor/arch/armv7-a/*.c \
                       monitor/arch/armv7-a/*.S monitor/platform/zynq7000/*.c)
MON_OBJS := $(patsubst %,$(B)/obj/%.o,$(MON_SRCS)) $(B)/obj/gen/config_gen.o \
            $(B)/obj/gen/images.o

LIB_SRCS := $(wildcard guests/lib/*.c)

.DELETE_ON_ERROR:
.PHONY: FORCE

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @echo "  $(1)	$(2)"
endif

all: $(B)/image.elf $(B)/image.bin $(B)/image.txt $(B)/image.ub $(B)/boot.bif

# The monitor's flags as last used: rewritten only when they change (a build
# option such as test_stack_check), so that its objects are rebuilt then.
MON_FLAGS_STAMP := $(B)/obj/mon_cflags
$(MON_FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(MON_CFLAGS)' | cmp -s - $@ || echo '$(MON_CFLAGS)' > $@
.PHONY: FORCE

$(B)/obj/%.c.o: %.c $(MON_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)
	$(Q)$(CC) $(MON_CFLAGS) -c $< -o $@

$(B)/obj/%.S.o: %.S $(MON_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)
	$(Q)$(CC) $(MON_CFLAGS) -c $< -o $@

$(B)/obj/gen/config_gen.o: $(GEN)/config_gen.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)
	$(Q)$(CC) $(MON_CFLAGS) -c $< -o $@

$(B)/obj/gen/images.o: $(GEN)/images.S $(foreach g,$(GUESTS),$(B)/guests/$(g).bin) $(NS_DEPS)
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)
	$(Q)$(CC) $(MON_CFLAGS) -c $< -o $@

$(B)/image.elf: $(MON_OBJS) $(GEN)/monitor_mem.ld monitor/arch/armv7-a/monitor.ld
	$(call quiet,LD,$@)
	$(Q)$(CC) $(MON_CFLAGS) -T $(GEN)/monitor_mem.ld -Lmonitor/arch/armv7-a \
	    -Wl,--gc-sections -Wl,-Map,$(B)/image.map -o $@ $(MON_OBJS) -lgcc

# A Non-secure guest's device tree (Debian's device-tree-compiler).
$(B)/%.dtb: $(GEN)/%.dts
	$(call quiet,DTC,$<)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

# Deployable artefacts beside image.elf (docs/boards.md). image.bin is the
# loadable sections from the lowest load address on (objcopy fills the gaps
# with zeros; .bss and the stacks are cleared by the monitor itself);
# image.txt states where it goes and where it starts. image.ub is a U-Boot
# legacy image of it for `bootm` (U-Boot's `bootelf` takes image.elf as it
# is). boot.bif is the input of Xilinx bootgen for BOOT.BIN: the FSBL of
# your hardware design, then the monitor's ELF. FSBL is a placeholder path
# until you set it (make FSBL=/path/to/fsbl.elf).
FSBL ?= $(abspath fsbl/fsbl.elf)
elf_entry = $$($(READELF) -h $(1) | awk '/Entry point address/ {print $$4}')
elf_load  = $$($(READELF) -lW $(1) | awk '$$1 == "LOAD" && $$5 != "0x000000" {print $$4}' | sort | head -n 1)

$(B)/image.bin: $(B)/image.elf
	$(call quiet,BIN,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

$(B)/image.txt: $(B)/image.bin
	$(Q)load=$(call elf_load,$(B)/image.elf); entry=$(call elf_entry,$(B)/image.elf); \
	    printf 'image.bin: load address %s, entry %s, %s bytes (raw binary of image.elf, variant %s)\n' \
	    "$$load" "$$entry" "$$(stat -c %s $<)" "$(VARIANT_NAME)" > $@

$(B)/image.ub: $(B)/image.bin $(B)/image.txt
	$(call quiet,MKIMAGE,$@)
	$(Q)load=$$(awk '{print $$4}' $(B)/image.txt | tr -d ,); entry=$$(awk '{print $$6}' $(B)/image.txt | tr -d ,); \
	    SOURCE_DATE_EPOCH=0 $(MKIMAGE) -A arm -O linux -T kernel -C none -a "$$load" -e "$$entry" \
	    -n "monitor $(VARIANT_NAME)" -d $< $@ >/dev/null

# Rewritten when FSBL= changes (the stamp holds the path last written).
$(B)/fsbl.path: FORCE
	$(Q)echo '$(FSBL)' | cmp -s - $@ || echo '$(FSBL)' > $@

$(B)/boot.bif: $(B)/image.elf $(B)/fsbl.path
	$(call quiet,BIF,$@)
	$(Q)printf '%s\n' \
	    '// Xilinx bootgen input for variant $(VARIANT_NAME): bootgen -arch zynq -image boot.bif -o BOOT.BIN' \
	    '// The FSBL is the one of your hardware design (make FSBL=/path/to/fsbl.elf; docs/boards.md).' \
	    'the_ROM_image:' '{' \
	    '    [bootloader] $(FSBL)' \
	    '    $(abspath $(B)/image.elf)' '}' > $@

# guests/lib, once per flavour: User mode (svc) or PL1 HRT (smc), each
# soft-float or hard-float (lib-user, lib-hrt, lib-user-hf, lib-hrt-hf).
define LIB_RULES
$(B)/lib-$(1)/%.o: guests/lib/%.c
	@mkdir -p $$(dir $$@)
	$$(call quiet,CC,$$<)
	$$(Q)$$(CC) $(2) $$(GUEST_BASE_CFLAGS) -std=c11 $$(WARN) $(3) -c $$< -o $$@
$(B)/lib-$(1)/%.o: guests/lib/%.S
	@mkdir -p $$(dir $$@)
	$$(call quiet,CC,$$<)
	$$(Q)$$(CC) $(2) $$(GUEST_BASE_CFLAGS) $$(WARN) $(3) -c $$< -o $$@
endef
$(eval $(call LIB_RULES,user,$(ARCHFLAGS),))
$(eval $(call LIB_RULES,hrt,$(ARCHFLAGS),-DGUEST_HRT))
$(eval $(call LIB_RULES,user-hf,$(ARCHFLAGS_HF),))
$(eval $(call LIB_RULES,hrt-hf,$(ARCHFLAGS_HF),-DGUEST_HRT))

kind = $(if $(filter HRT,$(GUEST_$(1)_LEVEL)),hrt,user)
flavour = $(call kind,$(1))$(if $(filter hard,$(GUEST_$(1)_FLOAT)),-hf)
arch_of = $(if $(filter hard,$(GUEST_$(1)_FLOAT)),$(ARCHFLAGS_HF),$(ARCHFLAGS))
lib_objs = $(patsubst guests/lib/%.c,$(B)/lib-$(call flavour,$(1))/%.o,$(LIB_SRCS)) \
           $(B)/lib-$(call flavour,$(1))/crt0_$(call kind,$(1)).o
warn_of = $(if $(filter relaxed,$(GUEST_$(1)_WARN)),-Wall,$(if $(filter none,$(GUEST_$(1)_WARN)),-w,$(2)))

# A guest from sources: .c, .S and .cpp files anywhere under its folder (the
# generator expands its `build: sources` globs), its own include folders,
# defines, flags and warnings policy, linked with guests/lib, newlib's libc
# and libm (and libstdc++ with C++). The image is checked after linking
# (generator/elfimage.py): an image too large for its memory is reported
# there, at its system.yaml line, and the flat binary is written.
define GUEST_RULES
$(1)_FLAGS := $$(call arch_of,$(1)) -I$(GEN)/guest_$(1) $(if $(filter HRT,$(GUEST_$(1)_LEVEL)),-DGUEST_HRT)
$(1)_OBJS := $$(patsubst %,$(B)/guests/$(1)/%.o,$$(GUEST_$(1)_SRCS))
$(1)_CXX := $$(filter %.cpp,$$(GUEST_$(1)_SRCS))

$(B)/guests/$(1)/%.c.o: %.c
	@mkdir -p $$(dir $$@)
	$$(call quiet,CC,$$<)
	$$(Q)$$(CC) $$($(1)_FLAGS) $$(GUEST_BASE_CFLAGS) -std=c11 $$(call warn_of,$(1),$$(WARN)) $$(GUEST_$(1)_CFLAGS) -c $$< -o $$@
$(B)/guests/$(1)/%.S.o: %.S
	@mkdir -p $$(dir $$@)
	$$(call quiet,AS,$$<)
	$$(Q)$$(CC) $$($(1)_FLAGS) $$(GUEST_BASE_CFLAGS) $$(call warn_of,$(1),$$(WARN)) $$(GUEST_$(1)_CFLAGS) -c $$< -o $$@
$(B)/guests/$(1)/%.cpp.o: %.cpp
	@mkdir -p $$(dir $$@)
	$$(call quiet,CXX,$$<)
	$$(Q)$$(CXX) $$($(1)_FLAGS) $$(GUEST_BASE_CFLAGS) $$(CXXFLAGS_ONLY) $$(call warn_of,$(1),$$(WARN_CXX)) $$(GUEST_$(1)_CXXFLAGS) -c $$< -o $$@

$(B)/guests/$(1).elf: $$($(1)_OBJS) $$(call lib_objs,$(1)) $$(GUEST_$(1)_LDS) guests/lib/guest.ld
	$$(call quiet,LD,$$@)
	$$(Q)$$(if $$($(1)_CXX),$$(CXX),$$(CC)) $$(call arch_of,$(1)) -nostartfiles -T $$(GUEST_$(1)_LDS) -Lguests/lib \
	    -Wl,--gc-sections -Wl,-Map,$(B)/guests/$(1).map -o $$@ \
	    $$(call lib_objs,$(1)) $$($(1)_OBJS) $$(GUEST_$(1)_LIBS) \
	    -Wl,--start-group $$(if $$($(1)_CXX),-lstdc++ -lsupc++) -lc -lm -lgcc -Wl,--end-group

$(B)/guests/$(1).bin: $$(if $$(GUEST_$(1)_ELF),$$(GUEST_$(1)_ELF),$(B)/guests/$(1).elf) $(GEN)/build.mk
	$$(call quiet,CHECK,$$<)
	$$(Q)$$(PY) -m generator.elfimage --guest $(1) $$(GUEST_$(1)_CHECK) --elf $$< --bin $$@
endef

$(foreach g,$(GUESTS),$(eval $(call GUEST_RULES,$(g))))

-include $(shell find $(B) -name '*.d' 2>/dev/null)
