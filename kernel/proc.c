/* Processes: the task table, fork/clone, exit and wait4, process groups
 * and sessions, and the start of init. A task's kernel stack holds, at its
 * top, the trap frame of its user context. */
#include "kernel/kernel.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/events/perf_event.h"
#include "kernel/sched.h"
#include "kernel/mm/vm.h"
#include "kernel/signal.h"
#include "kernel/ptimers.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "ipc/sem.h"
#include "kernel/drivers/tty.h"
#include "kernel/futex.h"
#include "ipc/shm.h"
#include "kernel/pidfd.h"
#include "kernel/seccomp.h"
#include "security/keys/keys.h"
#include <asm/fcntl.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/ptrace.h>
#include <asm/ldt.h>
#include "security/landlock/landlock.h"
#include "kernel/nsproxy.h"
#include "kernel/pid_namespace.h"

struct task tasks[NR_TASKS];
__hot_data struct task *current = &tasks[0];
uint32_t pid_max = PID_MAX_DEFAULT;          /* /proc/sys/kernel/pid_max */
int last_pid_used(void) { return task_active_pid_ns(current)->last_pid; }   /* the reader's namespace's */

int slots_used = 1;                         /* tasks[slots_used ..] are all unused */
uint32_t fork_count;                        /* /proc/stat: processes */

void fork_child_start(void);
void fork_child_tail(void);
NORETURN void enter_user(struct trapframe *tf);

static struct trapframe *task_tf(struct task *t)
{
    return (struct trapframe *)(t->kstack + KSTACK_SIZE) - 1;
}

/* Whether pid names a task, a process group or a session. */
static bool pid_in_use(int pid)
{
    for (int i = 0; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED &&
            (tasks[i].pid == pid || tasks[i].pgid == pid || tasks[i].sid == pid))
            return true;
    return false;
}

/* The same, or a thread group's id (an exec'ing thread takes it over). */
bool id_in_use(int id)
{
    for (int i = 0; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED &&
            (tasks[i].pid == id || tasks[i].tgid == id || tasks[i].pgid == id || tasks[i].sid == id))
            return true;
    return false;
}

/* The next pid after the last one given, below pid_max (from 300 after
 * a wrap, as Linux), that no task, group or session uses; 0 if none. */
static int alloc_pid(void)
{
    for (uint32_t tries = 0; tries < pid_max; tries++) {
        int *last = &init_pid_ns.last_pid;   /* the initial namespace's (ns_last_pid) */
        *last = (uint32_t)*last + 1 >= pid_max ? RESERVED_PIDS : *last + 1;
        if (!pid_in_use(*last))
            return *last;
    }
    return 0;
}

/* A fresh task slot with a kernel stack, or NULL (-EAGAIN for the caller).
 * Its pid is `want` when that is not 0 (clone3's set_tid: the caller
 * checked it is free), else the next one. */
static struct task *task_alloc(int want)
{
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED)
            continue;
        int pid = want ? want : alloc_pid();
        if (!pid)
            return NULL;                     /* as Linux when pids run out */
        paddr_t stack = page_alloc_contig(KSTACK_SIZE / PAGE_SIZE);
        if (!stack)
            return NULL;
        struct ksiginfo *sinfo = kzalloc(2 * NSIG_K * sizeof *sinfo);   /* own, group's */
        if (!sinfo) {
            for (uint32_t k = 0; k < KSTACK_SIZE / PAGE_SIZE; k++)
                page_put(stack + k * PAGE_SIZE);
            return NULL;
        }
        memset(t, 0, sizeof *t);
        if (i + 1 > slots_used)
            slots_used = i + 1;
        t->sinfo = sinfo;
        t->shared_sinfo = sinfo + NSIG_K;
        t->kstack = P2V(stack);
        t->pid = t->tgid = pid;
        t->group_leader = t;
        t->exit_signal = SIGCHLD;
        t->state = TASK_UNINTERRUPTIBLE;     /* not runnable until set up */
        wait_queue_init(&t->wait_chld);
        wait_queue_name(&t->wait_chld, "wait4 %u children", (uint32_t)t->pid);
        t->start_time = jiffies;
        return t;
    }
    return NULL;
}

/* t lets go of its signal actions; the last sharer frees them. */
static void sighand_put(struct task *t)
{
    if (t->sighand && --t->sighand->refs == 0)
        kfree(t->sighand);
    t->sighand = NULL;
    t->action = NULL;
}

/* Gives back t's slot, kernel stack and signal information; its memory
 * and files are gone already (do_exit). */
void task_free(struct task *t)
{
    pidfd_task_free(t);
    hrtimer_cancel(&t->sleep_timer);         /* never armed here; cheap insurance */
    groups_exit(t);
    user_ns_exit(t);
    keys_exit(t);                            /* (a child that never ran) */
    seccomp_free(t);
    landlock_free(t);
    cgroup_release(t);
    sighand_put(t);
    for (uint32_t i = 0; i < KSTACK_SIZE / PAGE_SIZE; i++)
        page_put(V2P(t->kstack) + i * PAGE_SIZE);
    kfree(t->sinfo);
    t->sinfo = t->shared_sinfo = NULL;
    DEBUG_CHECK(!t->on_rq);                  /* only RUNNING tasks are queued */
    t->state = TASK_UNUSED;
    pid_ns_exit(t);
    pid_ns_task_gone(t);
    pid_release(t->pid);                     /* its numbers in pid namespaces, if no one uses them */
    pid_release(t->tgid);
    pid_release(t->pgid);
    pid_release(t->sid);
    t->pid = 0;
    while (slots_used > 1 && tasks[slots_used - 1].state == TASK_UNUSED)
        slots_used--;
}

/* The child's signal actions: the parent's own with CLONE_SIGHAND, else
 * a copy; with clone3's CLONE_CLEAR_SIGHAND every handled signal of the
 * copy goes back to SIG_DFL (ignored ones stay ignored), flags and masks
 * cleared, as Linux's flush_signal_handlers. 0 or -ENOMEM. */
static int copy_sighand(struct task *p, struct task *c, uint64_t flags)
{
    struct sighand *sh = p->sighand;
    if (!(flags & CLONE_SIGHAND) || !sh) {
        sh = kzalloc(sizeof *sh);
        if (!sh)
            return -ENOMEM;
        if (p->action)
            memcpy(sh->action, p->action, sizeof sh->action);
        for (int i = 0; (flags & CLONE_CLEAR_SIGHAND) && i < NSIG_K; i++) {
            struct k_sigaction *ka = &sh->action[i];
            *ka = (struct k_sigaction){ .handler = ka->handler == (uint32_t)SIG_IGN ?
                                                   (uint32_t)SIG_IGN : (uint32_t)SIG_DFL };
        }
    }
    sh->refs++;
    c->sighand = sh;
    c->action = sh->action;
    return 0;
}

/* Live (not exited) threads in t's group, t included if it is live. */
int thread_count(struct task *t)
{
    int n = 0;
    for (int i = 1; i < task_slots_used(); i++)
        n += tasks[i].state != TASK_UNUSED && tasks[i].state != TASK_ZOMBIE &&
             tasks[i].tgid == t->tgid;
    return n;
}

/* The live or zombie task with this pid, or NULL. */
struct task *task_find(int pid)
{
    if (pid <= 0)
        return NULL;
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].pid == pid)
            return &tasks[i];
    return NULL;
}

static void link_child(struct task *parent, struct task *child)
{
    child->parent = parent;
    child->sibling = parent->children;
    parent->children = child;
}

void unlink_child(struct task *child)
{
    struct task **pp = &child->parent->children;
    while (*pp != child)
        pp = &(*pp)->sibling;
    *pp = child->sibling;
}

/* Prepares t's kernel stack so that its first switch "returns" through
 * fork_child_start into trap_return with the trap frame at the top. */
static void prepare_kstack(struct task *t, void (*entry)(void))
{
    uint32_t *sp = (uint32_t *)task_tf(t);
    *--sp = (uint32_t)entry;                 /* swtch's ret */
    *--sp = 0;                               /* ebp */
    *--sp = 0;                               /* ebx */
    *--sp = 0;                               /* esi */
    *--sp = 0;                               /* edi */
    t->kesp = (uint32_t)sp;
    t->tf = task_tf(t);
}

/* The vfork parent sleeps until the child execs or exits (its slot may
 * then be free, or another task's), or until a fatal signal comes: as
 * Linux's, the sleep is killable, and the signal is acted on at the
 * return to user mode. */
static void vfork_wait(struct task *p, struct task *c, int pid)
{
    p->killable = true;
    wait_event(&p->group_leader->wait_chld, c->pid != pid || c->state == TASK_ZOMBIE ||
                              c->state == TASK_UNUSED || c->mm != p->mm ||
                              fatal_signal_pending(p));
    p->killable = false;
}

/* The checks fork makes before it makes anything: RLIMIT_NPROC (-EAGAIN)
 * and, with CLONE_SETTLS, the TLS descriptor at tls, read into *desc
 * (-EFAULT, -EINVAL). 0 or -errno. */
static long fork_checks(uint32_t flags, void *tls, struct user_desc *desc)
{
    if (over_nproc_limit())
        return -EAGAIN;                      /* RLIMIT_NPROC */
    if (!(flags & CLONE_SETTLS))
        return 0;
    long err = tls_desc_from_user(desc, tls);
    if (err)
        return err;
    if (desc->entry_number - GDT_TLS_MIN >= GDT_TLS_ENTRIES)
        return -EINVAL;                      /* -1 too: Linux picks no slot here */
    return 0;
}

/* The child's memory: the parent's own with CLONE_VM (one more user),
 * else a copy-on-write copy. 0 or -ENOMEM. */
static int copy_mm(struct task *p, struct task *c, uint32_t flags)
{
    c->mm = (flags & CLONE_VM) ? p->mm : mm_fork(p->mm);
    if (!c->mm)
        return -ENOMEM;
    if (flags & CLONE_VM)
        p->mm->users++;
    return 0;
}

/* The child's copy of the rest of the parent: name, process group,
 * session and terminal, credentials, limits, nice value, signal mask,
 * alternate signal stack, TLS and FPU state. */
static void copy_parent_parts(struct task *p, struct task *c)
{
    memcpy(c->comm, p->comm, sizeof c->comm);
    c->has_child_subreaper = p->group_leader->has_child_subreaper || p->group_leader->is_child_subreaper;
    c->pgid = p->pgid;
    c->sid = p->sid;
    c->tty = p->tty;
    c->uid = p->uid; c->euid = p->euid; c->suid = p->suid;
    c->gid = p->gid; c->egid = p->egid; c->sgid = p->sgid;
    c->fsuid = p->fsuid; c->fsgid = p->fsgid;
    groups_fork(p, c);
    memcpy(c->rlim, p->rlim, sizeof c->rlim);
    c->nice = p->nice;
    sched_fork(p, c);                        /* policy, or its reset (after nice) */
    c->dumpable = p->dumpable;
    c->no_new_privs = p->no_new_privs;
    c->nproc_exceeded = p->nproc_exceeded;   /* a task flag Linux's fork keeps */
    seccomp_fork(p, c);                      /* the same filters, shared */
    landlock_fork(p, c);                     /* the same domain, shared */
    ioport_fork(p, c);
    c->cap_effective = p->cap_effective;     /* pdeath_signal starts at 0, as Linux */
    c->cap_permitted = p->cap_permitted;
    c->cap_inheritable = p->cap_inheritable;
    c->cap_bset = p->cap_bset;
    c->cap_ambient = p->cap_ambient;
    c->securebits = p->securebits;
    user_ns_fork_creds(p, c);                /* (its namespace is ns_fork's) */
    c->personality = p->personality;
    c->arg_start = p->arg_start;             /* the same argv, in the copied memory */
    c->arg_end = p->arg_end;
    c->auxv_start = p->auxv_start;
    c->auxv_len = p->auxv_len;
    c->blocked = p->blocked;
    c->sas_sp = p->sas_sp;                   /* the alternate signal stack */
    c->sas_size = p->sas_size;
    c->sas_flags = p->sas_flags;
    memcpy(c->tls, p->tls, sizeof c->tls);
    fpu_flush(p);                            /* the parent's registers may be newer */
    memcpy(c->fpu, p->fpu, sizeof c->fpu);
}

/* What clone may share: memory, signal actions, descriptors, cwd, I/O
 * context, System V undo list, and the namespaces.
 * 0, or -errno (ns_fork's, else -ENOMEM) with none of it taken (c still holds nothing). */
static int copy_shared_parts(struct task *p, struct task *c, uint64_t flags)
{
    int err = -ENOMEM;
    if (copy_mm(p, c, (uint32_t)flags) < 0)
        return -ENOMEM;
    if (copy_sighand(p, c, flags) == 0) {
        if (fs_fork(p, c, (uint32_t)flags) == 0) {
            if (ioprio_fork(p, c, (uint32_t)flags) == 0) {
                if (sem_fork(p, c, (uint32_t)flags) == 0) {
                    if ((err = ns_fork(p, c, flags)) == 0)
                        return 0;
                    sem_exit(c);
                }
                ioprio_exit(c);
            }
            fs_exit(c);
        }
        sighand_put(c);
    }
    mm_put(c->mm);
    c->mm = NULL;
    return err;
}

/* Undoes copy_shared_parts for a child that will not run. */
static void release_shared_parts(struct task *c)
{
    ns_exit(c);
    sem_exit(c);                             /* shared: not the last, nothing applied */
    ioprio_exit(c);
    fs_exit(c);
    sighand_put(c);
    mm_put(c->mm);
    c->mm = NULL;
}

/* The child joins p's thread group (CLONE_THREAD) or becomes a child of
 * p's process, or with CLONE_PARENT of p's parent (and then signals it as
 * p would): a child belongs to the process, so it is linked to the group
 * leader, whose wait_chld every thread's wait4 sleeps on. */
static void link_new_task(struct task *p, struct task *c, const struct kernel_clone_args *a)
{
    if (a->flags & CLONE_THREAD) {
        c->tgid = p->tgid;
        c->group_leader = p->group_leader;
        c->parent = NULL;                    /* wait4 and SIGCHLD see the group only */
        c->exit_signal = -1;
        if (c->group_leader->group_stop_count > 0) {
            c->jobctl_stop = true;           /* born into a stopping group: it stops too */
            c->group_leader->group_stop_count++;
        }
        return;
    }
    if (a->flags & CLONE_PARENT) {
        c->exit_signal = p->group_leader->exit_signal;
        link_child(p->group_leader->parent, c);
        return;
    }
    c->exit_signal = a->exit_signal;
    link_child(p->group_leader, c);
}

/* The child's user context: the parent's trap frame, returning 0, on the
 * stack newsp when one is given, with the TLS entry of CLONE_SETTLS. Its
 * first switch goes through fork_child_start. */
static void copy_thread(struct task *p, struct task *c, uint32_t flags, uint32_t newsp,
                        const struct user_desc *tls_desc)
{
    prepare_kstack(c, fork_child_start);
    *c->tf = *p->tf;
    c->tf->eax = 0;
    if (newsp)
        c->tf->esp = newsp;
    if (flags & CLONE_SETTLS)
        tls_install(c, (int)tls_desc->entry_number, tls_desc);
}

/* The child's first steps (fork_child_start, before its return to user
 * mode): the scheduler's tail, then CLONE_CHILD_SETTID's word, written by
 * the child itself, so a copy-on-write page is copied for it and not for
 * the parent (Linux's schedule_tail), then its rseq work. A bad ctid is
 * ignored. May sleep. */
void fork_child_tail(void)
{
    struct task *c = current;
    uint32_t ctid = c->set_child_tid;
    sched_tail();
    c->set_child_tid = 0;
    int nr = pid_vnr(c->pid);                /* its number in its own namespace */
    if (ctid)
        copy_to_user((void *)ctid, &nr, sizeof nr);
    if (c->rseq_resume)
        rseq_resume(c->tf);                  /* a section the fork was made in aborts */
}

/* A task slot with the parent's memory, actions, files and (CLONE_PIDFD)
 * a pidfd for the parent: *c, or -errno with nothing left behind
 * (-EEXIST: set_tid names a pid in use; -EAGAIN, -ENOMEM, -EMFILE,
 * -EFAULT for a bad pidfd word). */
static long fork_alloc(struct task *p, const struct kernel_clone_args *a, struct task **res)
{
    uint32_t flags = (uint32_t)a->flags;
    int err, id0;
    struct pid_namespace *ns = task_pid_ns_for_children(p);
    if ((flags & CLONE_NEWPID) && ns != task_active_pid_ns(p))
        return -EINVAL;                      /* Linux's copy_pid_ns: after an unshare */
    if ((flags & CLONE_NEWPID) && !(ns = create_pid_ns(ns, &err)))
        return err;
    if ((err = pid_ns_check(ns, a->set_tid, a->set_tid_size, &id0)) < 0) {
        if (flags & CLONE_NEWPID)
            put_pid_ns(ns);
        return err;
    }
    struct task *c = task_alloc(id0);
    if (c && (err = pid_ns_alloc(ns, c->pid, a->set_tid, a->set_tid_size)) < 0) {
        task_free(c);
        c = NULL;
    }
    if (flags & CLONE_NEWPID)
        put_pid_ns(ns);                      /* the child's numbers hold it now */
    if (!c)
        return err ? err : -EAGAIN;
    pid_ns_fork(p, c);
    if ((err = (int)copy_shared_parts(p, c, a->flags)) < 0) {
        task_free(c);                        /* (ENOSPC, EPERM: a user namespace) */
        return err == -ENOMEM && (flags & CLONE_THREAD) ? -EAGAIN : err;
    }
    rseq_fork(p, c, flags);
    if (perf_event_init_task(p, c, flags) < 0) {
        release_shared_parts(c);
        task_free(c);
        return -ENOMEM;
    }
    long cgerr = cgroup_can_fork(p, c, a);   /* pids.max, CLONE_INTO_CGROUP */
    if (cgerr < 0) {
        perf_event_free_task(c);
        release_shared_parts(c);
        task_free(c);
        return cgerr;
    }
    if (flags & CLONE_PIDFD) {               /* after the copy: the child has no such fd */
        long fd = pidfd_install(c, a->pidfd);
        if (fd < 0) {
            perf_event_free_task(c);
            release_shared_parts(c);
            task_free(c);
            return fd;
        }
    }
    *res = c;
    return 0;
}

long kernel_clone(const struct kernel_clone_args *a)
{
    uint32_t flags = (uint32_t)a->flags;
    struct user_desc tls_desc;               /* CLONE_SETTLS: checked before anything is made */
    long err = fork_checks(flags, (void *)a->tls, &tls_desc);
    struct task *p = current, *c = NULL;
    if (err || (err = fork_alloc(p, a, &c)) < 0)
        return err;
    copy_parent_parts(p, c);
    keys_fork(p, c, flags);
    if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM)
        sigaltstack_reset(c);                /* a new thread starts without one, as Linux */
    copy_thread(p, c, flags, a->stack, &tls_desc);
    int vpid = pid_vnr(c->pid);              /* the child's number as the parent sees it */
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user((void *)a->parent_tid, &vpid, sizeof vpid);
    if (flags & CLONE_CHILD_CLEARTID)
        c->clear_child_tid = a->child_tid;
    if (flags & CLONE_CHILD_SETTID)
        c->set_child_tid = a->child_tid;
    link_new_task(p, c, a);
    cgroup_post_fork(c);
    task_set_running(c);
    fork_count++;
    int pid = c->pid;
    TRACE(TRACE_SCHED_FORK, (uint32_t)pid, flags, 0, 0, NULL);
    if (p->tracer)
        ptrace_fork_event(c, (flags & CLONE_VFORK) ? PTRACE_EVENT_VFORK :
                             a->exit_signal != SIGCHLD ? PTRACE_EVENT_CLONE : PTRACE_EVENT_FORK);
    if (flags & CLONE_VFORK)
        vfork_wait(p, c, pid);
    return vpid;
}

long sys_fork(void)
{
    struct kernel_clone_args a = { .exit_signal = SIGCHLD };
    return kernel_clone(&a);
}

long sys_vfork(void)
{
    struct kernel_clone_args a = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
    return kernel_clone(&a);
}

/* A process group is orphaned when no member has a parent outside the
 * group but inside the session (`gone` is exiting and does not count).
 * POSIX: a group orphaned with stopped members gets SIGHUP, then SIGCONT. */
bool pgrp_orphaned(int pgid, struct task *gone)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *m = &tasks[i];
        if (m == gone || m->pgid != pgid || m->state == TASK_UNUSED || m->state == TASK_ZOMBIE)
            continue;
        struct task *p = m->parent;
        if (p && p != gone && p->pid != 1 && p->pgid != pgid && p->sid == m->sid)
            return false;                    /* (init is no link, as in Linux) */
    }
    return true;
}

/* m's group may lose its link to the session as `gone` exits: when
 * `link` (gone itself, or m's parent that was gone) is outside the group
 * but in the session. Only a group that becomes orphaned this way, with
 * a stopped member, gets SIGHUP and SIGCONT; one that already was (a
 * session leader's, say) gets nothing. */
static void kill_orphaned_pgrp(struct task *m, struct task *link, struct task *gone)
{
    int pgid = m->pgid;
    if (!link || link->pgid == pgid || link->sid != m->sid)
        return;
    bool stopped = false;
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].pgid == pgid && tasks[i].state == TASK_STOPPED && &tasks[i] != gone)
            stopped = true;
    if (stopped && pgrp_orphaned(pgid, gone)) {
        kill_pgrp(pgid, SIGHUP);
        kill_pgrp(pgid, SIGCONT);
    }
}

/* A task that exited with no one to wait for it. Its kernel stack is in
 * use until the switch away from it; the next task to run frees it. */
__hot_data struct task *exit_dead;

/* Frees the task that exited unwaited-for (exit_dead), now that it no
 * longer runs (release_dead_task in proc.h, after a switch). */
void release_dead_task_now(void)
{
    task_free(exit_dead);
    exit_dead = NULL;
}

/* A zombie child c given to a new parent `to` (Linux's reparent_leader):
 * `to` is told with SIGCHLD, and one that does not want zombies (SIGCHLD
 * ignored, SA_NOCLDWAIT) lets c go at once; a traced c, or one whose
 * threads go on, waits as it is. */
static void reparent_zombie(struct task *c, struct task *to)
{
    wake_up(&to->wait_chld);
    if (c->tracer || thread_count(c) > 0)
        return;
    int ws = c->exit_code;
    int code = (ws & 0x7F) ? (ws & 0x80 ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
    struct k_sigaction *ka = &to->action[SIGCHLD - 1];
    notify_parent_sig(c, to, SIGCHLD, code, (ws & 0x7F) ? (ws & 0x7F) : (ws >> 8) & 0xFF);
    if (ka->handler == (uint32_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT)) {
        unlink_child(c);
        task_free(c);
    }
}

/* The process l (a group leader: current, or a zombie whose threads have
 * all gone) has ended with wait_status: its children go to init, and those
 * that asked for one get their parent-death signal; its parent is told
 * with SIGCHLD. A leader no one will wait for is freed (current: after the
 * switch away from it). */
static void process_exit_notify(struct task *l, int wait_status)
{
    struct task *init = pid_ns_reaper(l);
    if (l->sid == l->tgid)
        disassociate_ctty(true);             /* a session leader frees its terminal */
    kill_orphaned_pgrp(l, l->parent, l);     /* our own group may lose its link */
    while (l->children) {
        struct task *c = l->children;
        l->children = c->sibling;
        link_child(init, c);
        c->exit_signal = SIGCHLD;            /* "we don't want people slaying init" */
        if (c->pdeath_signal)
            send_sig(c, c->pdeath_signal);   /* prctl(PR_SET_PDEATHSIG); after the re-parenting */
        if (c->state == TASK_ZOMBIE)
            reparent_zombie(c, init);
        else
            kill_orphaned_pgrp(c, l, l);     /* ... and so may each child's */
    }
    cli();
    l->exit_code = wait_status;
    l->state = TASK_ZOMBIE;
    int code = (wait_status & 0x7F) ? (wait_status & 0x80 ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
    int status = (wait_status & 0x7F) ? (wait_status & 0x7F) : (wait_status >> 8) & 0xFF;
    struct k_sigaction *ka = &l->parent->action[SIGCHLD - 1];
    if (l->exit_signal == SIGCHLD && (ka->handler == (uint32_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT)))
        l->autoreap = true;                  /* POSIX: no zombie for this parent */
    if (l->exit_signal > 0)                  /* clone's exit signal; 0: none */
        notify_parent_sig(l, l->parent, l->exit_signal, code, status);
    pidfd_task_exit(l);
    wake_up(&l->parent->wait_chld);
    if (l->tracer && l->tracer != l->parent) {
        notify_parent(l, l->tracer, code, status);
        wake_up(&l->tracer->group_leader->wait_chld);
    }
    if (l->autoreap && !l->tracer) {         /* no one will wait */
        unlink_child(l);
        l->parent = NULL;
        if (l == current)
            exit_dead = l;                   /* freed at the switch */
        else
            task_free(l);
    }
}

/* CLONE_CHILD_CLEARTID / set_tid_address: a thread leaving memory that
 * others still use writes 0 at its word and wakes one futex waiter there
 * (pthread_join). A bad address is ignored. */
static void clear_tid_word(struct task *t)
{
    uint32_t zero = 0, *word = (uint32_t *)t->clear_child_tid;
    t->clear_child_tid = 0;
    if (!word || !t->mm || t->mm->users < 2)
        return;
    if (copy_to_user(word, &zero, sizeof zero) == 0)
        futex_wake_user(t->mm, (uint32_t)(uintptr_t)word, 1);
}

/* The status wait4 reports for leader l's process: exit_group's or the
 * fatal signal's when the group was ended, else l's own. */
static int group_status(struct task *l, int own)
{
    return l->group_exiting ? l->group_exit_code : own;
}

/* Ends the current thread with a wait status (exit code << 8, or a signal
 * number). Its memory, descriptors and actions are let go (the last
 * sharer frees them). The last thread of a group ends the process; a
 * leader that is not the last waits as a zombie no one can reap yet, and
 * another thread is freed at once. */
void do_exit(int wait_status)
{
    struct task *t = current, *l = t->group_leader;
    t->exiting = true;
    t->fget_holds = false;                   /* exit ends its system call here */
    fput_held();
    if (t->nd_parent)
        namei_put_parent();
    TRACE(TRACE_SCHED_EXIT, (uint32_t)wait_status, 0, 0, 0, NULL);
    bool last = thread_count(t) == 1;
    if (t->tgid == 1 && last) {
        printk("init exited with status %d; powering off\n",
               (wait_status & 0x7F) ? 128 + (wait_status & 0x7F) : (wait_status >> 8) & 0xFF);
        qemu_exit(wait_status != 0);
    }
    if (t->jobctl_stop)
        group_stop_count_down(t);           /* its group's stop need not wait for it */
    ptrace_tracer_exit(t);
    fpu_drop(t);
    clear_tid_word(t);
    if (last)                                /* a record for acct(2), the memory still there */
        acct_process(t, t == l ? wait_status : l->exit_code);
    else
        acct_collect(t, wait_status);
    sem_exit(t);                             /* the last task sharing the undo list applies it */
    if (last)
        proc_timers_exit(l);
    perf_event_exit_task(t);                 /* before its run time is handed on */
    cgroup_exit(t);                          /* its run time to its group, as well */
    if (t != l) {                            /* its CPU time stays with the process */
        uint64_t u, s;
        task_cputime_ns(t, &u, &s);
        l->dead_utime_ns += u;
        l->dead_stime_ns += s;
        l->dead_min_flt += t->min_flt;
        l->dead_nvcsw += t->nvcsw;
        l->dead_nivcsw += t->nivcsw;
        t->min_flt = t->nvcsw = t->nivcsw = 0;
        t->sum_exec_ns = t->prev_utime_ns = t->prev_stime_ns = 0;
        t->utime_ticks = t->stime_ticks = 0;
    }
    fs_exit(t);
    keys_exit(t);
    ioprio_exit(t);
    ioport_exit(t);
    exit_robust_list(t);                     /* before the memory goes */
    t->futex_dead = true;                    /* no PI futex attaches to it from now on */
    exit_pi_state_list(t);                   /* its PI locks go to their waiters */
    shm_exit(t);
    if (t->mm) {
        l->maxrss = MAX(l->maxrss, t->mm->hiwater_rss);   /* ru_maxrss (kernel/cputime.c) */
        mm_put(t->mm);
        t->mm = NULL;
    }
    ns_exit(t);                              /* after its shm attachments went */
    if (last && is_child_reaper(t))
        zap_pid_ns_processes(l);             /* a pid namespace's init: the namespace ends */
    if (t != l) {
        cli();
        t->exit_code = wait_status;
        t->state = TASK_ZOMBIE;
        if (t->tracer) {                     /* its tracer waits for it, then frees it; */
            t->tgid = t->pid;                /* the group may end and go meanwhile */
            t->group_leader = t;
            ptrace_exit_notify(t);
        }
        else
            exit_dead = t;                   /* no one waits for a thread */
        if (last)
            process_exit_notify(l, group_status(l, l->exit_code));
        else
            wake_up(&l->wait_chld);          /* an exec in another thread waits for us */
    } else if (!last) {
        cli();
        t->exit_code = wait_status;          /* reported when the last thread goes */
        t->state = TASK_ZOMBIE;
        wake_up(&t->wait_chld);              /* an exec in another thread waits for us */
    } else {
        process_exit_notify(t, group_status(t, wait_status));
    }
    schedule();
    panic("zombie %d was scheduled", t->pid);
}

/* Ends the whole thread group: the first caller's status wins, every
 * other thread gets SIGKILL and ends on its way back to user mode. */
void do_group_exit(int wait_status)
{
    struct task *l = current->group_leader;
    if (!l->group_exiting) {
        l->group_exiting = true;
        l->group_exit_code = wait_status;
        for (int i = 1; i < task_slots_used(); i++) {
            struct task *t = &tasks[i];
            if (t != current && t->tgid == current->tgid && t->state != TASK_UNUSED &&
                t->state != TASK_ZOMBIE)
                send_sig_kernel(t, SIGKILL);
        }
    }
    do_exit(l->group_exit_code);
}

long sys_exit(int code) { do_exit((code & 0xFF) << 8); }
long sys_exit_group(int code) { do_group_exit((code & 0xFF) << 8); }

long sys_getpid(void) { return pid_vnr(current->tgid); }
long sys_gettid(void) { return pid_vnr(current->pid); }

/* 0 when the parent is in no namespace the caller sees (an ancestor's). */
__hot long sys_getppid(void)
{
    struct task *p = current->group_leader->parent;
    return p ? pid_vnr(p->tgid) : 0;
}
long sys_getpgrp(void) { return pid_vnr(current->pgid); }

long sys_getpgid(int pid)
{
    struct task *t = pid ? find_task_by_vpid(pid) : current;
    return t ? pid_vnr(t->pgid) : -ESRCH;
}

long sys_getsid(int pid)
{
    struct task *t = pid ? find_task_by_vpid(pid) : current;
    return t ? pid_vnr(t->sid) : -ESRCH;
}

/* A new session and group led by the caller, without a terminal: the
 * session id, or -EPERM for a group leader. */
long sys_setsid(void)
{
    for (int i = 1; i < task_slots_used(); i++)       /* already a group leader? */
        if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == current->pid)
            return -EPERM;
    int old_pgid = current->pgid, old_sid = current->sid;
    current->sid = current->pgid = current->pid;
    current->tty = NULL;
    pid_release(old_pgid);
    pid_release(old_sid);
    return pid_vnr(current->sid);
}

/* setpgid as POSIX says: the caller or one of its children (before exec),
 * within the caller's session. */
long sys_setpgid(int pid, int pgid)
{
    struct task *t = pid ? find_task_by_vpid(pid) : current;
    if (pgid < 0)
        return -EINVAL;
    if (pgid && !(pgid = pid_from_vnr(pgid)))
        pgid = -1;                           /* no group of that number seen here: EPERM below */
    if (!t || (t != current && t->parent != current))
        return -ESRCH;
    if (t != current && t->did_exec)
        return -EACCES;                      /* a child that has exec'd is on its own */
    if (t->sid != current->sid)
        return -EPERM;
    if (t->sid == t->pid)
        return -EPERM;                       /* a session leader */
    if (!pgid)
        pgid = t->pid;
    if (pgid != t->pid) {
        bool ok = false;
        for (int i = 1; i < task_slots_used(); i++)
            if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == pgid && tasks[i].sid == current->sid)
                ok = true;
        if (!ok)
            return -EPERM;
    }
    int old = t->pgid;
    t->pgid = pgid;
    pid_release(old);
    return 0;
}

/* Gives up the rest of the time slice: sleeps until scheduled again. */
/* exec by a thread that is not the leader (l, a zombie now, its other
 * threads gone): t takes l's pid, parent, children and interval timer,
 * and l's slot is freed (t keeps its own System V undo list, as Linux). */
static void take_leader_place(struct task *t, struct task *l)
{
    int pid = l->pid;
    struct task **pp = &l->parent->children;
    while (*pp != l)
        pp = &(*pp)->sibling;
    *pp = t;
    t->sibling = l->sibling;
    t->parent = l->parent;
    t->children = l->children;
    for (struct task *c = t->children; c; c = c->sibling)
        c->parent = t;
    l->children = NULL;
    t->ptimers = l->ptimers;                 /* the process's timers */
    l->ptimers = NULL;
    if (t->ptimers)
        t->ptimers->leader = t;
    uint64_t lu, ls;
    task_cputime_ns(l, &lu, &ls);
    t->dead_utime_ns = l->dead_utime_ns + lu;
    t->dead_stime_ns = l->dead_stime_ns + ls;
    t->dead_min_flt = l->dead_min_flt + l->min_flt;
    t->dead_nvcsw = l->dead_nvcsw + l->nvcsw;
    t->dead_nivcsw = l->dead_nivcsw + l->nivcsw;
    t->cutime_ns = l->cutime_ns;
    t->cstime_ns = l->cstime_ns;
    t->cmin_flt = l->cmin_flt;
    t->maxrss = l->maxrss;
    t->cmaxrss = l->cmaxrss;
    t->cnvcsw = l->cnvcsw;
    t->cnivcsw = l->cnivcsw;
    t->start_time = l->start_time;
    t->acct_flags = l->acct_flags;           /* AFORK, AXSIG the old leader left (acct.c) */
    t->group_exiting = false;
    t->exit_signal = SIGCHLD;                /* as Linux's de_thread */
    pidfd_transfer(l, t);                    /* the process's pidfds now name t */
    signal_transfer_group(l, t);             /* and its pending signals are t's to hold */
    task_free(l);
    int old = t->pid;
    t->pid = pid;
    t->group_leader = t;
    pid_release(old);
}

/* Before an exec: signal actions shared with another process (clone's
 * CLONE_SIGHAND without threads) become current's own copy. 0 or -ENOMEM. */
static int unshare_sighand(struct task *t)
{
    if (t->sighand->refs == 1)
        return 0;
    struct sighand *old = t->sighand;
    if (copy_sighand(t, t, 0) < 0)
        return -ENOMEM;
    old->refs--;
    return 0;
}

/* exec in a thread group: every other thread ends (SIGKILL, as a group
 * exit that spares current), then current takes over the leader's place
 * (its pid becomes the group's id, its parent and children are the
 * leader's) and the old leader is freed. The signal actions and the
 * descriptor table become current's own if another process shares them.
 * May sleep. 0, -EINTR (current was killed meanwhile: it dies on return)
 * or -ENOMEM. */
int de_thread(void)
{
    struct task *t = current, *l = t->group_leader;
    if (thread_count(t) > 1) {
        l->group_exiting = true;
        l->group_exit_code = SIGKILL;
        for (int i = 1; i < task_slots_used(); i++)
            if (&tasks[i] != t && tasks[i].tgid == t->tgid && tasks[i].state != TASK_UNUSED &&
                tasks[i].state != TASK_ZOMBIE)
                send_sig_kernel(&tasks[i], SIGKILL);
        t->killable = true;
        wait_event(&l->wait_chld, thread_count(t) == 1 || fatal_signal_pending(t));
        t->killable = false;
        if (thread_count(t) > 1)
            return -EINTR;                   /* the group is ending: current too */
        l->group_exiting = false;
    }
    if (t != l)
        take_leader_place(t, l);
    return unshare_sighand(t) < 0 || fs_unshare_files(t) < 0 ? -ENOMEM : 0;
}

/* sched_yield: current goes behind the others of its class and
 * priority (a normal task gives up the rest of its slice). Always 0. */
__hot long sys_sched_yield(void)
{
    if (__builtin_expect(current->sched_rank > RANK_NORMAL, 0))
        rt_yield(current);
    else
        current->ticks_left = 0;
    schedule();
    return 0;
}

long sys_set_tid_address(uint32_t *tidptr)
{
    current->clear_child_tid = (uint32_t)tidptr;
    return pid_vnr(current->pid);
}

/* The letter Linux shows for a task state (ps, /proc/<pid>/stat, the
 * trace's sched_switch). */
char task_state_letter(int state)
{
    switch (state) {
    case TASK_RUNNING: return 'R';
    case TASK_INTERRUPTIBLE: return 'S';
    case TASK_UNINTERRUPTIBLE: return 'D';
    case TASK_STOPPED: return 'T';
    case TASK_TRACED: return 't';
    case TASK_ZOMBIE: return 'Z';
    default: return 'X';
    }
}

/* Task 0 becomes the idle task; the boot stack is its kernel stack. */
void proc_init(void)
{
    static struct sighand idle_sighand = { .refs = 1 };
    struct task *t = &tasks[0];
    t->state = TASK_RUNNING;
    t->sighand = &idle_sighand;
    t->action = idle_sighand.action;
    t->group_leader = t;
    t->sched_rank = RANK_IDLE_TASK;          /* below every policy (sched.h) */
    strlcpy(t->comm, "idle", sizeof t->comm);
    wait_queue_init(&t->wait_chld);
    rlimit_init(t);                          /* kernel work done as idle (ktest) is not limited to 0 */
    cap_init(t);
    current = t;
}

static char *init_argv[64];

/* init's first moments, in kernel mode as pid 1: the console on 0, 1 and
 * 2, then execve into user mode. */
static void init_start(void)
{
    sti();
    for (int i = 0; i < 3; i++)
        if (fs_open_fd("/dev/console", O_RDWR, 0) != i)
            printk("init: cannot open /dev/console as fd %d\n", i);
    static char *envp[] = { "HOME=/", "TERM=linux", "PATH=/bin:/sbin:/usr/bin", NULL };
    int r = kernel_execve(init_argv[0], init_argv, envp);
    if (r == 0)
        enter_user(current->tf);
    panic("cannot run init %s: error %d", init_argv[0], r);
}

/* Makes pid 1, which will run init_start with path and argv; a boot
 * without memory for it panics. */
void start_init(const char *path, char *const argv[])
{
    pidfd_init();
    struct task *t = task_alloc(0);
    assert(t && t->pid == 1);
    t->mm = mm_create();
    assert(t->mm);
    strlcpy(t->comm, "init", sizeof t->comm);
    t->dumpable = true;
    t->pgid = t->sid = 1;
    t->parent = &tasks[0];
    rlimit_init(t);
    cap_init(t);
    if (copy_sighand(&tasks[0], t, 0) < 0 || fs_fork(&tasks[0], t, 0) < 0)
        panic("no memory for init");
    int n = 0;
    init_argv[n++] = (char *)path;
    for (; argv && argv[n - 1] && n < 63; n++)
        init_argv[n] = argv[n - 1];
    init_argv[n] = NULL;
    prepare_kstack(t, init_start);
    fpu_reset(t);
    task_set_running(t);
}
