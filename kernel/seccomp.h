/* seccomp: the system-call filters of a task (kernel/seccomp.c) and the
 * classic BPF they are written in (kernel/seccomp_bpf.c). do_syscall()
 * calls seccomp_syscall_enter() when the task's seccomp_mode is set. */
#ifndef SECCOMP_H
#define SECCOMP_H
#include "kernel/types.h"
#include <linux/filter.h>
#include <linux/seccomp.h>

struct task;
struct trapframe;

struct seccomp_listener;
struct file;

/* One filter: its program as the user gave it, and the filter installed
 * before it (NULL: none). Shared by every task that inherited it (fork,
 * TSYNC), so counted; a filter holds a reference to its prev. `users`
 * counts the tasks and newer filters that still run it (Linux's users):
 * at 0 its listener's poll says POLLHUP; `refs` counts those and the
 * listener's file, which keeps the filter after its last task. */
struct seccomp_filter {
    int refs;
    int users;
    bool log;                                /* SECCOMP_FILTER_FLAG_LOG */
    bool wait_killable_recv;                 /* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV */
    struct seccomp_filter *prev;
    struct seccomp_listener *notif;          /* NEW_LISTENER's, until its file closes */
    uint32_t len;                            /* 1 .. BPF_MAXINSNS */
    uint32_t ebpf_len;                       /* what the limit counts (seccomp_bpf_len) */
    struct sock_filter insns[];
};

/* seccomp_bpf.c: Linux's bpf_check_classic() and seccomp_check_filter()
 * in one: 0, or -EINVAL for a program seccomp refuses. */
int seccomp_bpf_check(const struct sock_filter *f, uint32_t len);
/* Its length as Linux's eBPF translation has it. */
uint32_t seccomp_bpf_len(const struct sock_filter *f, uint32_t len);
/* Runs a checked program on sd; its return value (action | data). */
uint32_t seccomp_bpf_run(const struct sock_filter *f, const struct seccomp_data *sd);

/* seccomp.c */
/* The entry check: false when the call must not run (tf->eax then holds
 * its result); may stop for a tracer, send SIGSYS, or end the task. */
bool seccomp_syscall_enter(struct trapframe *tf);
void seccomp_fork(struct task *p, struct task *c);   /* c shares p's filters */
void seccomp_free(struct task *t);                    /* t's slot goes: its reference */
long seccomp_prctl_set(uint32_t mode, void *filter); /* PR_SET_SECCOMP */
/* ptrace's requests: PTRACE_SECCOMP_GET_FILTER and _GET_METADATA of
 * tracee t, and the check PTRACE_O_SUSPEND_SECCOMP makes of the tracer. */
long seccomp_get_filter(struct task *t, uint32_t off, void *data);
long seccomp_get_metadata(struct task *t, uint32_t size, void *data);
int seccomp_suspend_check(void);
/* Drops a reference on f (the last frees it and drops its prev's). */
void seccomp_filter_put(struct seccomp_filter *f);

/* seccomp_notify.c: the listener of a filter installed with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER. seccomp_listener_new gives f a
 * listener and its file, not yet tied to f (NULL: out of memory);
 * seccomp_listener_attach ties them once f is installed (the file takes
 * a reference on f); seccomp_listener_free undoes _new for a filter
 * that was not installed. None sleeps. */
struct file *seccomp_listener_new(struct seccomp_filter *f);
void seccomp_listener_attach(struct file *lf, struct seccomp_filter *f);
void seccomp_listener_free(struct file *lf, struct seccomp_filter *f);
/* f's last user went (users 0): its listener's pollers see POLLHUP. */
void seccomp_notify_orphaned(struct seccomp_filter *f);
/* SECCOMP_RET_USER_NOTIF from filter match on the call sd describes:
 * current sleeps until the supervisor answers. true to run the call
 * (CONTINUE), false when tf->eax holds its result (the answer; -ENOSYS
 * without a listener; -ERESTARTSYS when a signal came first). */
bool seccomp_user_notif(struct seccomp_filter *match, const struct seccomp_data *sd,
                        struct trapframe *tf);

#endif
