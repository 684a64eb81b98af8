/* What the three ptrace files share: kernel/ptrace.c (the system call,
 * the stops, the requests on memory and the general registers),
 * kernel/ptrace_regset.c (register sets, the x87 and SSE state) and
 * kernel/ptrace_siginfo.c (siginfo, signal masks, system-call info).
 * Each request function is called by sys_ptrace once it has checked that
 * t is current's stopped tracee. */
#ifndef PTRACE_H
#define PTRACE_H
#include "kernel/types.h"

struct task;

/* Writes the word at byte offset off of t's struct pt_regs: 0, or -EIO
 * for a selector Linux refuses (ptrace.c). */
int ptrace_putreg(struct task *t, uint32_t off, uint32_t v);

/* ptrace_regset.c: PTRACE_SETREGS, PTRACE_GET/SETFPREGS,
 * PTRACE_GET/SETFPXREGS, PTRACE_GET/SETREGSET. */
long ptrace_regset_request(struct task *t, int request, uint32_t addr, uint32_t data);

/* ptrace_siginfo.c: PTRACE_GET/SETSIGINFO, PTRACE_PEEKSIGINFO,
 * PTRACE_GET/SETSIGMASK, PTRACE_GET_SYSCALL_INFO. */
long ptrace_siginfo_request(struct task *t, int request, uint32_t addr, uint32_t data);

#endif
