# Pipit: build, run and test. `make` builds the kernel, the initrd and the
# GRUB ISO; `make run` boots the ISO in QEMU on this terminal; `make test`
# runs every test. Both install missing tools first (tools/install-deps.sh).

VERSION  := 0.1
# Builds run in parallel unless a -j is given.
ifeq ($(filter -j% j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
CROSS    ?= i686-linux-gnu-
CC       := $(CROSS)gcc
LD       := $(CROSS)ld
NM       := $(CROSS)nm
NASM     ?= nasm
QEMU     ?= qemu-system-i386
ACCEL    ?= tcg
PYTHON   ?= python3
B        := build
UAPI     := /usr/i686-linux-gnu/include

KCFLAGS  := -I. -std=gnu11 -m32 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
            -fno-omit-frame-pointer -fno-strict-aliasing -mno-sse -mno-mmx -mno-80387 \
            -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) -isystem $(UAPI) -idirafter kernel/shim \
            -O2 -g -Wall -Wextra -Werror -DPIPIT_VERSION='"$(VERSION)"'
# make DEBUG=1: the kernel checks its invariants (kernel/kernel.h: DEBUG_CHECK)
# and poisons freed memory; it is built in build-debug/, beside the other.
ifeq ($(DEBUG),1)
KCFLAGS  += -DDEBUG
B        := build-debug
endif
KLDFLAGS := -m elf_i386 -T linker.ld -nostdlib -z noexecstack
LIBGCC    = $(shell $(CC) -m32 -print-libgcc-file-name)

# User programs: static musl binaries, real Linux i386 executables.
UCC      := $(CC) -specs /usr/lib/i386-linux-musl/musl-gcc.specs
UCFLAGS  := -std=gnu11 -static -O2 -g -Wall -Wextra -Werror -DPIPIT_VERSION='"$(VERSION)"'

KSRC := $(wildcard kernel/*.c kernel/mm/*.c kernel/drivers/*.c kernel/events/*.c kernel/cgroup/*.c fs/*.c ipc/*.c net/*.c \
                  security/keys/*.c security/landlock/*.c)
KASM := $(wildcard boot/*.asm)
KOBJ := $(patsubst %.c,$(B)/%.o,$(KSRC)) $(patsubst %.asm,$(B)/%.o,$(KASM)) $(B)/gen/config_gz.o $(B)/gen/vdso_image.o

# One .c per simple program in user/; the shell (user/sh/) and strace
# (user/strace/) are built from several; user/lib/ is linked into all.
USER_PROGS := $(patsubst user/%.c,%,$(wildcard user/*.c)) sh strace runtests
USER_LIB   := $(B)/user/lib/libpipit.a
LIB_OBJ    := $(patsubst user/lib/%.c,$(B)/user/obj/lib/%.o,$(wildcard user/lib/*.c))
SH_OBJ     := $(patsubst user/sh/%.c,$(B)/user/obj/sh/%.o,$(wildcard user/sh/*.c))
STRACE_OBJ := $(patsubst user/strace/%.c,$(B)/user/obj/strace/%.o,$(wildcard user/strace/*.c))
TEST_PROGS := $(patsubst tests/guest/%.c,%,$(wildcard tests/guest/*.c))

# Guest tests whose behaviour depends on the C library (threads, signals,
# time and the vDSO, stat, IPC, sockets) are built a second time against
# glibc, as build/tests/NAME_glibc: the host's `gcc -m32 -static` with
# Debian's i386 glibc (libc6-dev-i386, lib32gcc-12-dev), never the cross
# compiler, so no musl or cross header is in sight. Linux's asm/ headers
# come from the host's linux-libc-dev through a symlink of our own:
# gcc-multilib, which would add /usr/include/asm, conflicts with the i686
# cross gcc on Debian 12. Without a 32-bit glibc the twins are skipped.
GLIBC_TESTS := t_hello t_threads t_threads_guest t_futex t_signal t_sigwait t_time t_sigshared \
               t_ptrace_thread t_ptrace_seize t_clock t_nanosleep t_timer \
               t_files t_sem t_sem_undo t_sem_edges t_shm t_msg t_poll t_unix_stream t_socket_timeo \
               t_mqueue t_mqueue_notify t_vdso t_sysenter t_inet t_signalfd t_proc_stat \
               t_epoll t_epoll_nest t_seccomp t_seccomp_trace t_seccomp_notify t_pty t_pty_job t_ipc_ns t_landlock t_time_ns \
               t_getifaddrs t_futex_pi t_user_ns t_net_ns t_pid_ns
GCC32       ?= gcc -m32
GLIBC_ASM   := /usr/include/$(shell gcc -print-multiarch 2>/dev/null)/asm
GLIBC_CFLAGS := -std=gnu11 -static -O2 -g -Wall -Wextra -Werror -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 \
               -Wno-stringop-overflow -Wno-stringop-overread -Wno-nonnull \
               -idirafter $(B)/gen/glibc-include -include tests/guest/glibc_compat.h
HAVE_GLIBC32 := $(shell [ -f "$$($(GCC32) -print-file-name=libc.a 2>/dev/null)" ] && \
                  [ -f "$$($(GCC32) -print-libgcc-file-name 2>/dev/null)" ] && [ -d $(GLIBC_ASM) ] && echo yes)
GLIBC_PROGS := $(if $(HAVE_GLIBC32),$(addsuffix _glibc,$(GLIBC_TESTS)))
# tests/run.py runs what is in build/tests: no twins from a glibc now gone.
$(if $(HAVE_GLIBC32),,$(shell rm -f $(B)/tests/*_glibc))

.PHONY: all deps run run-vga gdb test clean help
all: $(B)/kernel.elf $(B)/initrd.cpio $(B)/pipit.iso

help:
	@echo "make          build build/kernel.elf, build/initrd.cpio, build/pipit.iso"
	@echo "make run      boot the GRUB ISO in QEMU, serial console here (Ctrl-A x quits; poweroff too)"
	@echo "make run CMDLINE='login'   boot with that kernel command line (QEMU -kernel, no GRUB)"
	@echo "make run-vga  the same in a window with the VGA screen"
	@echo "make run USERLAND=busybox  the same with Debian's busybox as /bin (docs/busybox.md)"
	@echo "make gdb      QEMU stopped with a gdb stub; then run gdb here (.gdbinit)"
	@echo "make test     build and run every test (tests/run.py)"
	@echo "make test ONLY=guest:t_sem,t_msg   only those guest programs; t_sem/basics+limits: only those cases; ONLY=session: one suite"
	@echo "make clean    remove build/"
	@echo "make bench   Pipit against Linux 6.1 in the same QEMU: table, build/bench.csv, build/bench.png"
	@echo "make profile CMD='ls -lR /'   run CMD under Pipit's sampling profiler, print the top functions"
	@echo "make torture [SEED=n N=calls T=seconds]   stress test and system-call fuzzer (a short run is part of make test)"

deps:
	@bash tools/install-deps.sh

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(B)/boot/%.o: boot/%.asm boot/segfix.inc
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) -f elf32 -g -F dwarf $< -o $@

# /proc/config.gz: kernel/config, gzip'ed (no name or time stamp in it, so
# the same file gives the same bytes) and linked in between config_gz and
# config_gz_end.
$(B)/gen/config.gz: kernel/config
	@mkdir -p $(dir $@)
	@echo "  GZIP    $<"
	@gzip -9 -n -c $< > $@

$(B)/gen/config_gz.o: $(B)/gen/config.gz
	@printf 'section .rodata\nglobal config_gz, config_gz_end\nconfig_gz: incbin "%s"\nconfig_gz_end:\n' $< > $(B)/gen/config_gz.asm
	@$(NASM) -f elf32 $(B)/gen/config_gz.asm -o $@

# The vDSO (kernel/mm/vdso/): a small shared object of user code, linked
# at 0 by vdso.lds, with no relocation and nothing undefined (checked), its
# symbols stripped but the dynamic ones. The kernel embeds its bytes
# (vdso_image) and knows its entry points by the absolute symbols
# vdso_sym_NAME, the offsets nm finds in the unstripped link.
VDSO_SRC    := $(wildcard kernel/mm/vdso/*.c kernel/mm/vdso/*.S)
VDSO_OBJ    := $(patsubst %,$(B)/%.o,$(basename $(VDSO_SRC)))
VDSO_CFLAGS := -I. -std=gnu11 -m32 -fPIC -O2 -g -ffreestanding -fno-stack-protector -fomit-frame-pointer \
               -fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none -mno-sse -mno-mmx -mno-80387 \
               -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) -isystem $(UAPI) \
               -Wall -Wextra -Werror
VDSO_SYMS   := __kernel_vsyscall vsyscall_sysenter vsyscall_int80_landing_pad __kernel_sigreturn __kernel_rt_sigreturn

$(B)/kernel/mm/vdso/%.o: kernel/mm/vdso/%.c
	@mkdir -p $(dir $@)
	@echo "  VDSOCC  $<"
	@$(CC) $(VDSO_CFLAGS) -MMD -MP -c $< -o $@

$(B)/kernel/mm/vdso/%.o: kernel/mm/vdso/%.S
	@mkdir -p $(dir $@)
	@echo "  VDSOAS  $<"
	@$(CC) $(VDSO_CFLAGS) -MMD -MP -c $< -o $@

$(B)/gen/vdso.so.dbg: $(VDSO_OBJ) kernel/mm/vdso/vdso.lds
	@mkdir -p $(dir $@)
	@echo "  VDSO    $@"
	@$(CC) -m32 -shared -nostdlib -Wl,-T,kernel/mm/vdso/vdso.lds -Wl,--hash-style=both -Wl,-soname=linux-gate.so.1 \
	  -Wl,-Bsymbolic -Wl,-z,noexecstack -Wl,--no-undefined -Wl,--build-id=none $(VDSO_OBJ) -o $@
	@if $(CROSS)readelf -rW $@ | grep -q 'R_386'; then echo "vdso: relocations in $@"; rm -f $@; exit 1; fi

$(B)/gen/vdso.so: $(B)/gen/vdso.so.dbg
	@$(CROSS)objcopy -S $< $@

$(B)/gen/vdso_image.o: $(B)/gen/vdso.so $(B)/gen/vdso.so.dbg
	@{ printf 'section .rodata\nglobal vdso_image, vdso_image_end\nalign 4\nvdso_image: incbin "%s"\nvdso_image_end:\n' $<; \
	  for s in $(VDSO_SYMS); do $(NM) $(B)/gen/vdso.so.dbg | awk -v s=$$s '$$3 == s { printf "global vdso_sym_%s\nvdso_sym_%s equ 0x%s\n", s, s, $$1; f = 1 } END { exit !f }' || exit 1; done; \
	} > $(B)/gen/vdso_image.asm
	@$(NASM) -f elf32 $(B)/gen/vdso_image.asm -o $@

# Two links: the first gives the addresses for the symbol table that the
# second links in (after .text, so no function moves).
$(B)/kernel.elf: $(KOBJ) linker.ld tools/ksyms.sh
	@mkdir -p $(B)/gen
	@printf '#include "kernel/ksyms.h"\n__attribute__((section(".ksymtab"))) const struct ksym ksyms[] = {{0, "?"}};\n__attribute__((section(".ksymtab"))) const unsigned ksyms_count = 1;\n' > $(B)/gen/ksyms0.c
	@$(CC) $(KCFLAGS) -c $(B)/gen/ksyms0.c -o $(B)/gen/ksyms0.o
	@$(LD) $(KLDFLAGS) -o $(B)/kernel0.elf $(KOBJ) $(B)/gen/ksyms0.o $(LIBGCC)
	@sh tools/ksyms.sh $(NM) $(B)/kernel0.elf > $(B)/gen/ksyms.c
	@$(CC) $(KCFLAGS) -c $(B)/gen/ksyms.c -o $(B)/gen/ksyms.o
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJ) $(B)/gen/ksyms.o $(LIBGCC)

# User programs and guest tests.
$(B)/user/obj/lib/%.o: user/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(USER_LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@$(CROSS)ar rcs $@ $^

$(B)/user/obj/sh/%.o: user/sh/%.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) -Iuser/lib -MMD -MP -c $< -o $@

$(B)/user/obj/strace/%.o: user/strace/%.c $(B)/gen/syscall_names.h
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) -Iuser/lib -I$(B)/gen -MMD -MP -c $< -o $@

$(B)/user/sh: $(SH_OBJ) $(USER_LIB)
	@echo "  LINK    $@"
	@$(UCC) $(UCFLAGS) $^ -o $@

$(B)/user/strace: $(STRACE_OBJ) $(USER_LIB)
	@echo "  LINK    $@"
	@$(UCC) $(UCFLAGS) $^ -o $@

# The guest test runner sits beside the harness but is installed as /bin/runtests.
$(B)/user/runtests: tests/runtests.c tests/guest/check.h
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) $< -o $@

$(B)/user/%: user/%.c $(USER_LIB)
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) -Iuser/lib -MMD -MP -MT $@ -MF $@.d $< $(USER_LIB) -o $@

$(B)/tests/%: tests/guest/%.c $(wildcard tests/guest/*.h)
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) $< -o $@

$(B)/gen/glibc-include/asm:
	@mkdir -p $(dir $@)
	@ln -sfn $(GLIBC_ASM) $@

$(B)/tests/%_glibc: tests/guest/%.c $(wildcard tests/guest/*.h) | $(B)/gen/glibc-include/asm
	@mkdir -p $(dir $@)
	@echo "  GLIBC   $<"
	@$(GCC32) $(GLIBC_CFLAGS) $< -o $@ -lm

# The initrd: etc/ plus the user programs and the guest tests (with the glibc twins).
$(B)/initrd.cpio: $(addprefix $(B)/user/,$(USER_PROGS)) $(addprefix $(B)/tests/,$(TEST_PROGS) $(GLIBC_PROGS)) $(shell find etc -type f 2>/dev/null) tools/mkinitrd.sh
	@[ -n "$(HAVE_GLIBC32)" ] || echo "glibc: no 32-bit static glibc for '$(GCC32) -static' (apt-get install libc6-dev-i386 lib32gcc-12-dev): the *_glibc tests are skipped"
	sh tools/mkinitrd.sh $(B) "$(USER_PROGS)" "$(TEST_PROGS) $(GLIBC_PROGS)"

$(B)/pipit.iso: $(B)/kernel.elf $(B)/initrd.cpio boot/grub.cfg
	@mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/initrd.cpio $(B)/iso/boot/
	cp boot/grub.cfg $(B)/iso/boot/grub/
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || (cat $(B)/grub-mkrescue.log; false)

# USERLAND=busybox: the ISO gets build/busybox.cpio as a second module, so
# Debian's busybox replaces Pipit's /bin/sh, ls, cat, ... (docs/busybox.md).
USERLAND ?=
ifeq ($(USERLAND),busybox)
RUN_ISO := $(B)/pipit-busybox.iso
else ifeq ($(USERLAND),)
RUN_ISO := $(B)/pipit.iso
else
$(error USERLAND=$(USERLAND): the only other userland is busybox)
endif

# Debian's busybox-static:i386, fetched and unpacked (never installed).
$(B)/busybox.cpio: tools/busybox.sh
	sh tools/busybox.sh $(B)

# The same boot entry as pipit.iso's, with busybox.cpio unpacked after initrd.cpio.
$(B)/pipit-busybox.iso: $(B)/kernel.elf $(B)/initrd.cpio $(B)/busybox.cpio boot/grub.cfg
	@mkdir -p $(B)/iso-busybox/boot/grub
	cp $(B)/kernel.elf $(B)/initrd.cpio $(B)/busybox.cpio $(B)/iso-busybox/boot/
	sed 's|^\( *\)module /boot/initrd.cpio.*|&\n\1module /boot/busybox.cpio busybox|' boot/grub.cfg > $(B)/iso-busybox/boot/grub/grub.cfg
	grep -q 'module /boot/busybox.cpio' $(B)/iso-busybox/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso-busybox 2>$(B)/grub-mkrescue-busybox.log || (cat $(B)/grub-mkrescue-busybox.log; false)

QEMU_COMMON = $(QEMU) -accel $(ACCEL) -m 128M -no-reboot \
              -device isa-debug-exit,iobase=0xf4,iosize=0x04

# The boot of `make run`: the ISO through GRUB, or, with CMDLINE='...', the
# same kernel and modules straight from QEMU, so the command line is yours.
RUN_MODULES := $(B)/initrd.cpio$(if $(filter busybox,$(USERLAND)),$(comma)$(B)/busybox.cpio)
comma := ,
ifeq ($(CMDLINE),)
RUN_BOOT = -cdrom $(RUN_ISO)
else
RUN_BOOT = -kernel $(B)/kernel.elf -initrd '$(RUN_MODULES)' -append '$(CMDLINE)'
endif
# isa-debug-exit: status 1 is the guest's poweroff, 0 is Ctrl-A x; 3 is a
# kernel panic (or a failed self-test).
RUN_STATUS = s=$$?; [ $$s -le 1 ] || { echo "QEMU exited with status $$s: the kernel panicked"; exit $$s; }

run: deps
	@$(MAKE) --no-print-directory all $(RUN_ISO)
	$(QEMU_COMMON) -display none -serial mon:stdio $(RUN_BOOT); $(RUN_STATUS)

# A window needs a display (X11 or Wayland) and QEMU's GTK front end
# (Debian's qemu-system-gui, which tools/install-deps.sh installs).
run-vga: deps
	@$(MAKE) --no-print-directory all $(RUN_ISO)
	@bash tools/install-deps.sh --gui
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run-vga: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)."; \
	  echo "  Run it in a graphical session, or over ssh -X; or use 'make run' (serial console),"; \
	  echo "  or 'make run-vga VGA=vnc' and connect a VNC viewer to localhost:5900."; \
	  [ "$(VGA)" = vnc ] || exit 1; fi
	$(QEMU_COMMON) -serial stdio $(if $(filter vnc,$(VGA)),-display vnc=:0) $(RUN_BOOT); $(RUN_STATUS)

gdb: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/initrd.cpio
	printf 'set architecture i386\nfile %s\ntarget remote localhost:1234\n' $(B)/kernel.elf > .gdbinit
	@echo "QEMU waits for gdb on :1234; in another terminal run: gdb -x .gdbinit"
	$(QEMU_COMMON) -display none -serial mon:stdio -s -S -kernel $(B)/kernel.elf -initrd $(B)/initrd.cpio $(if $(CMDLINE),-append '$(CMDLINE)'); $(RUN_STATUS)

test: deps
	@$(MAKE) --no-print-directory all $(B)/torture/fuzz $(B)/torture/stress
	@$(MAKE) --no-print-directory DEBUG=1 build-debug/kernel.elf
	@$(MAKE) --no-print-directory $(B)/busybox.cpio || echo "busybox: not available; session.busybox will be skipped"
	$(PYTHON) tests/run.py --kernel $(B)/kernel.elf --initrd $(B)/initrd.cpio --debug-kernel build-debug/kernel.elf $(if $(ONLY),--only '$(ONLY)')

clean:
	rm -rf build build-debug .gdbinit

-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)

# strace's name tables, generated so that no number is retyped: system
# calls from <asm/unistd_32.h>, socketcall(2) subcalls from <linux/net.h>,
# ipc(2) subcalls and IPC_64 from <linux/ipc.h>.
$(B)/gen/syscall_names.h: $(UAPI)/asm/unistd_32.h $(UAPI)/linux/net.h $(UAPI)/linux/ipc.h
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@{ echo '/* Generated by the Makefile from the UAPI headers; do not edit. */'; \
	  echo 'static const char *const syscall_names[] = {'; \
	  awk '$$1 == "#define" && $$2 ~ /^__NR_/ && $$3 ~ /^[0-9]+$$/ { printf "\t[%s] = \"%s\",\n", $$3, substr($$2, 6) }' $(UAPI)/asm/unistd_32.h; \
	  echo '};'; echo 'static const char *const socketcall_names[] = {'; \
	  awk '$$1 == "#define" && $$2 ~ /^SYS_[A-Z0-9]+$$/ && $$3 ~ /^[0-9]+$$/ { printf "\t[%s] = \"%s\",\n", $$3, tolower(substr($$2, 5)) }' $(UAPI)/linux/net.h; \
	  echo '};'; echo 'static const char *const ipccall_names[] = {'; \
	  awk '$$1 == "#define" && $$2 ~ /^(SEM|MSG|SHM)[A-Z]+$$/ && $$3 ~ /^[0-9]+$$/ { printf "\t[%s] = \"%s\",\n", $$3, tolower($$2) }' $(UAPI)/linux/ipc.h; \
	  echo '};'; \
	  awk '$$1 == "#define" && $$2 == "IPC_64" { printf "#define UAPI_IPC_64 %s\n", $$3 }' $(UAPI)/linux/ipc.h; \
	} > $@.tmp && mv $@.tmp $@

# Performance and robustness (docs/performance.md): the benchmark against
# Linux, the profiler, the torture tests. The programs are static musl
# binaries like user/; the fuzzer takes its numbers from the UAPI headers.
.PHONY: bench profile torture trace docs-trace
$(B)/bench/bench: tests/bench/bench.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) $< -o $@

$(B)/torture/%: tests/torture/%.c tests/torture/ipc_cleanup.h tests/guest/kmem.h
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(UCC) $(UCFLAGS) -idirafter $(UAPI) $< -o $@

bench: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/bench/bench $(B)/user/sh
	@command -v gnuplot >/dev/null 2>&1 || apt-get install -y -q gnuplot-nox >/dev/null 2>&1 || \
	  sudo apt-get install -y -q gnuplot-nox >/dev/null 2>&1 || echo "bench: gnuplot not installed: no plot"
	ACCEL=$(ACCEL) QEMU=$(QEMU) $(PYTHON) tools/bench.py --kernel $(B)/kernel.elf --bench $(B)/bench/bench \
	  --sh $(B)/user/sh --out $(B) $(BENCH_ARGS)

CMD ?= ls -lR /
profile: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/initrd.cpio $(B)/bench/bench
	ACCEL=$(ACCEL) QEMU=$(QEMU) $(PYTHON) tools/profile.py --kernel $(B)/kernel.elf --initrd $(B)/initrd.cpio \
	  --bench $(B)/bench/bench --out $(B) --cmd '$(CMD)'

# make trace CMD='ls -l | more': the command under the kernel's event trace,
# drawn (build/trace/trace.{txt,json,html}); EVENTS picks the subsystems.
EVENTS ?= ipc,sched,signal
TRACE_CMD = $(if $(filter command line,$(origin CMD)),$(CMD),ls -l / | more)
trace: export PIPIT_TRACE_CMD = $(TRACE_CMD)
trace: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/initrd.cpio
	ACCEL=$(ACCEL) QEMU=$(QEMU) $(PYTHON) tools/trace.py --kernel $(B)/kernel.elf --initrd $(B)/initrd.cpio \
	  --out $(B)/trace/trace --events '$(EVENTS)' --cmd "$$PIPIT_TRACE_CMD"

# make docs-trace: the docs' timeline pictures (docs/img/trace-*.svg), one
# boot each, from the table in tools/doc_traces.py.
docs-trace: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/initrd.cpio
	ACCEL=$(ACCEL) QEMU=$(QEMU) $(PYTHON) tools/doc_traces.py --kernel $(B)/kernel.elf --initrd $(B)/initrd.cpio

SEED ?= 1
N    ?= 20000
T    ?= 20
torture: deps
	@$(MAKE) --no-print-directory $(B)/kernel.elf $(B)/torture/fuzz $(B)/torture/stress
	ACCEL=$(ACCEL) QEMU=$(QEMU) $(PYTHON) tests/torture/run.py --kernel $(B)/kernel.elf --fuzz $(B)/torture/fuzz \
	  --stress $(B)/torture/stress --out $(B)/torture --seed $(SEED) --calls $(N) --seconds $(T) $(TORTURE_ARGS)
