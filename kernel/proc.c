/* Processes: the task table, fork/clone, exit and wait4, process groups
 * and sessions, and the start of init. A task's kernel stack holds, at its
 * top, the trap frame of its user context. */
#include "kernel.h"
#include "x86.h"
#include "proc.h"
#include "vm.h"
#include "signal.h"
#include "syscalls.h"
#include "uaccess.h"
#include "fs/vfs.h"
#include "ipc/sem.h"
#include <asm/fcntl.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/ptrace.h>

struct task tasks[NR_TASKS];
struct task *current = &tasks[0];
static int last_pid;
int last_pid_used(void) { return last_pid; }

static int slots_used = 1;                  /* the scheduler scans tasks[0 .. slots_used) */
int task_slots_used(void) { return slots_used; }
uint32_t fork_count;                        /* /proc/stat: processes */

void fork_child_start(void);
NORETURN void enter_user(struct trapframe *tf);

static struct trapframe *task_tf(struct task *t)
{
    return (struct trapframe *)(t->kstack + KSTACK_SIZE) - 1;
}

static bool pid_in_use(int pid)
{
    for (int i = 0; i < NR_TASKS; i++)
        if (tasks[i].state != TASK_UNUSED &&
            (tasks[i].pid == pid || tasks[i].pgid == pid || tasks[i].sid == pid))
            return true;
    return false;
}

static int alloc_pid(void)
{
    do {
        last_pid = last_pid >= 32767 ? 2 : last_pid + 1;
    } while (pid_in_use(last_pid));
    return last_pid;
}

/* A fresh task slot with a kernel stack, or NULL (-EAGAIN for the caller). */
static struct task *task_alloc(void)
{
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED)
            continue;
        paddr_t stack = page_alloc_contig(KSTACK_SIZE / PAGE_SIZE);
        if (!stack)
            return NULL;
        struct ksiginfo *sinfo = kzalloc(NSIG_K * sizeof *sinfo);
        if (!sinfo) {
            for (uint32_t k = 0; k < KSTACK_SIZE / PAGE_SIZE; k++)
                page_put(stack + k * PAGE_SIZE);
            return NULL;
        }
        memset(t, 0, sizeof *t);
        if (i + 1 > slots_used)
            slots_used = i + 1;
        t->sinfo = sinfo;
        t->kstack = P2V(stack);
        t->pid = alloc_pid();
        t->state = TASK_UNINTERRUPTIBLE;     /* not runnable until set up */
        wait_queue_init(&t->wait_chld);
        t->start_time = jiffies;
        return t;
    }
    return NULL;
}

static void task_free(struct task *t)
{
    for (uint32_t i = 0; i < KSTACK_SIZE / PAGE_SIZE; i++)
        page_put(V2P(t->kstack) + i * PAGE_SIZE);
    kfree(t->sinfo);
    t->sinfo = NULL;
    t->state = TASK_UNUSED;
    t->pid = 0;
    while (slots_used > 1 && tasks[slots_used - 1].state == TASK_UNUSED)
        slots_used--;
}

struct task *task_find(int pid)
{
    if (pid <= 0)
        return NULL;
    for (int i = 1; i < NR_TASKS; i++)
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

static void unlink_child(struct task *child)
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

long set_tls_desc(struct task *t, void *u_info);

/* fork, vfork and clone: one path. Returns the child's pid or -errno. */
static long do_fork(uint32_t flags, uint32_t newsp, uint32_t *ptid, void *tls, uint32_t *ctid)
{
    struct task *p = current, *c = task_alloc();
    if (!c)
        return -EAGAIN;
    c->mm = (flags & CLONE_VM) ? p->mm : mm_fork(p->mm);
    if (!c->mm) {
        task_free(c);
        return -ENOMEM;
    }
    if (flags & CLONE_VM)
        p->mm->users++;
    memcpy(c->comm, p->comm, sizeof c->comm);
    c->pgid = p->pgid;
    c->sid = p->sid;
    c->tty = p->tty;
    c->uid = p->uid; c->euid = p->euid; c->suid = p->suid;
    c->gid = p->gid; c->egid = p->egid; c->sgid = p->sgid;
    memcpy(c->groups, p->groups, sizeof c->groups);
    c->ngroups = p->ngroups;
    c->nice = p->nice;
    c->dumpable = p->dumpable;
    c->no_new_privs = p->no_new_privs;
    c->keepcaps = p->keepcaps;               /* pdeath_signal starts at 0, as Linux */
    memcpy(c->rlim, p->rlim, sizeof c->rlim);
    c->arg_start = p->arg_start;             /* the same argv, in the copied memory */
    c->arg_end = p->arg_end;
    memcpy(c->action, p->action, sizeof c->action);
    c->blocked = p->blocked;
    memcpy(c->tls, p->tls, sizeof c->tls);
    fpu_flush(p);                            /* the parent's registers may be newer */
    memcpy(c->fpu, p->fpu, sizeof c->fpu);
    fs_fork(p, c);
    prepare_kstack(c, fork_child_start);
    *c->tf = *p->tf;
    c->tf->eax = 0;
    if (newsp)
        c->tf->esp = newsp;
    if ((flags & CLONE_SETTLS) && set_tls_desc(c, tls) < 0) {
        /* musl passes a valid descriptor; a bad one is the caller's bug */
    }
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user(ptid, &c->pid, sizeof c->pid);
    if (flags & CLONE_CHILD_CLEARTID)
        c->clear_child_tid = (uint32_t)ctid;
    link_child(p, c);
    c->state = TASK_RUNNING;
    if (flags & CLONE_CHILD_SETTID) {
        /* the child's own address space: write it through its page tables */
        struct mm *save = current->mm;
        pgdir_switch(c->mm->pgdir);
        copy_to_user(ctid, &c->pid, sizeof c->pid);
        pgdir_switch(save->pgdir);
    }
    fork_count++;
    int pid = c->pid;
    if (p->tracer)
        ptrace_fork_event(c, (flags & CLONE_VFORK) ? PTRACE_EVENT_VFORK :
                             (flags & 0xFF) != SIGCHLD ? PTRACE_EVENT_CLONE : PTRACE_EVENT_FORK);
    if (flags & CLONE_VFORK)                 /* until the child execs or exits */
        wait_event(&p->wait_chld, c->state == TASK_ZOMBIE || c->mm != p->mm);
    return pid;
}

long sys_fork(void) { return do_fork(SIGCHLD, 0, NULL, NULL, NULL); }
long sys_vfork(void) { return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL, NULL); }

long sys_clone(uint32_t flags, uint32_t newsp, uint32_t parent_tid, uint32_t tls, uint32_t child_tid)
{
    if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER))
        return -EINVAL;                      /* no threads in Pipit */
    return do_fork(flags, newsp, (uint32_t *)parent_tid, (void *)tls, (uint32_t *)child_tid);
}

/* A process group is orphaned when no member has a parent outside the
 * group but inside the session (`gone` is exiting and does not count).
 * POSIX: a group orphaned with stopped members gets SIGHUP, then SIGCONT. */
static bool pgrp_orphaned(int pgid, struct task *gone)
{
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *m = &tasks[i];
        if (m == gone || m->pgid != pgid || m->state == TASK_UNUSED || m->state == TASK_ZOMBIE)
            continue;
        struct task *p = m->parent;
        if (p && p != gone && p->pgid != pgid && p->sid == m->sid)
            return false;
    }
    return true;
}

static void kill_orphaned_pgrp(int pgid, struct task *gone)
{
    bool stopped = false;
    for (int i = 1; i < NR_TASKS; i++)
        if (tasks[i].pgid == pgid && tasks[i].state == TASK_STOPPED && &tasks[i] != gone)
            stopped = true;
    if (stopped && pgrp_orphaned(pgid, gone)) {
        kill_pgrp(pgid, SIGHUP);
        kill_pgrp(pgid, SIGCONT);
    }
}

/* Ends the current task with a wait status (exit code << 8, or a signal
 * number). Children go to init, and those that asked for one get their
 * parent-death signal; the parent is told with SIGCHLD. */
void do_exit(int wait_status)
{
    struct task *t = current, *init = task_find(1);
    if (t->pid == 1) {
        printk("init exited with status %d; powering off\n",
               (wait_status & 0x7F) ? 128 + (wait_status & 0x7F) : (wait_status >> 8) & 0xFF);
        qemu_exit(wait_status != 0);
    }
    ptrace_tracer_exit(t);
    fpu_drop(t);
    sem_exit(t);
    fs_exit(t);
    if (t->mm) {
        mm_put(t->mm);
        t->mm = NULL;
    }
    kill_orphaned_pgrp(t->pgid, t);          /* our own group may lose its link */
    while (t->children) {
        struct task *c = t->children;
        t->children = c->sibling;
        link_child(init, c);
        if (c->pdeath_signal)
            send_sig(c, c->pdeath_signal);   /* prctl(PR_SET_PDEATHSIG); after the re-parenting */
        if (c->state == TASK_ZOMBIE)
            wake_up(&init->wait_chld);
        else if (c->pgid != t->pgid)
            kill_orphaned_pgrp(c->pgid, t);  /* ... and so may each child's */
    }
    cli();
    t->exit_code = wait_status;
    t->state = TASK_ZOMBIE;
    int code = (wait_status & 0x7F) ? CLD_KILLED : CLD_EXITED;
    int status = (wait_status & 0x7F) ? (wait_status & 0x7F) : (wait_status >> 8) & 0xFF;
    struct k_sigaction *ka = &t->parent->action[SIGCHLD - 1];
    if (ka->handler == (uint32_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT))
        t->autoreap = true;                  /* POSIX: no zombie for this parent */
    notify_parent(t, t->parent, code, status);
    wake_up(&t->parent->wait_chld);
    if (t->tracer && t->tracer != t->parent) {
        notify_parent(t, t->tracer, code, status);
        wake_up(&t->tracer->wait_chld);
    }
    schedule();
    panic("zombie %d was scheduled", t->pid);
}

long sys_exit(int code) { do_exit((code & 0xFF) << 8); }
long sys_exit_group(int code) { do_exit((code & 0xFF) << 8); }

static bool wait_matches(struct task *c, int pid)
{
    if (pid > 0) return c->pid == pid;
    if (pid == 0) return c->pgid == current->pgid;
    if (pid < -1) return c->pgid == -pid;
    return true;
}

/* One pass over the children and the tracees: >0 pid reaped or reported,
 * 0 none ready, -ECHILD none matching. A tracee's stops and exit are
 * reported to its tracer; only the real parent reaps. */
static int wait_scan(int pid, int options, int *status)
{
    bool any = false;
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *c = &tasks[i];
        bool child = c->parent == current, traced = c->tracer == current;
        if (c->state == TASK_UNUSED || (!child && !traced) || !wait_matches(c, pid))
            continue;
        if (c->state == TASK_ZOMBIE && child && c->autoreap) {
            unlink_child(c);                 /* reaped without a word */
            task_free(c);
            continue;
        }
        any = true;
        if (c->state == TASK_ZOMBIE) {
            if (!child) {
                if (c->exit_reported)
                    continue;
                c->exit_reported = true;     /* the tracer learns; the parent reaps */
                *status = c->exit_code;
                return c->pid;
            }
            int cpid = c->pid;
            *status = c->exit_code;
            unlink_child(c);
            task_free(c);
            return cpid;
        }
        if (c->state == TASK_TRACED && traced && c->exit_code) {
            *status = (c->exit_code << 8) | 0x7F;
            c->exit_code = 0;
            return c->pid;
        }
        if (c->state == TASK_STOPPED && c->exit_code && ((options & WUNTRACED) || traced)) {
            *status = (c->exit_code << 8) | 0x7F;
            c->exit_code = 0;
            return c->pid;
        }
        if ((options & WCONTINUED) && c->cont_report && child) {
            *status = 0xFFFF;
            c->cont_report = false;
            return c->pid;
        }
    }
    return any ? 0 : -ECHILD;
}

long sys_wait4(int pid, int *ustatus, int options, void *rusage)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD))
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;
    int status = 0, r;
    long err = wait_event_interruptible(&current->wait_chld,
                                        (r = wait_scan(pid, options, &status)) != 0 || (options & WNOHANG));
    if (err)
        return -ERESTARTSYS;
    if (r > 0 && ustatus && copy_to_user(ustatus, &status, sizeof status))
        return -EFAULT;
    if (r > 0 && rusage) {
        static const uint32_t zero[18];
        if (copy_to_user(rusage, zero, sizeof zero))
            return -EFAULT;
    }
    return r;
}

long sys_waitpid(int pid, int *status, int options)
{
    return sys_wait4(pid, status, options, NULL);
}

long sys_getpid(void) { return current->pid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->parent ? current->parent->pid : 0; }
long sys_getpgrp(void) { return current->pgid; }

long sys_getpgid(int pid)
{
    struct task *t = pid ? task_find(pid) : current;
    return t ? t->pgid : -ESRCH;
}

long sys_getsid(int pid)
{
    struct task *t = pid ? task_find(pid) : current;
    return t ? t->sid : -ESRCH;
}

long sys_setsid(void)
{
    for (int i = 1; i < NR_TASKS; i++)       /* already a group leader? */
        if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == current->pid)
            return -EPERM;
    current->sid = current->pgid = current->pid;
    current->tty = NULL;
    return current->sid;
}

/* setpgid as POSIX says: the caller or one of its children (before exec),
 * within the caller's session. */
long sys_setpgid(int pid, int pgid)
{
    struct task *t = pid ? task_find(pid) : current;
    if (pgid < 0)
        return -EINVAL;
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
        for (int i = 1; i < NR_TASKS; i++)
            if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == pgid && tasks[i].sid == current->sid)
                ok = true;
        if (!ok)
            return -EPERM;
    }
    t->pgid = pgid;
    return 0;
}

long sys_sched_yield(void)
{
    current->ticks_left = 0;
    schedule();
    return 0;
}

long sys_set_tid_address(uint32_t *tidptr)
{
    current->clear_child_tid = (uint32_t)tidptr;
    return current->pid;
}

/* Task 0 becomes the idle task; the boot stack is its kernel stack. */
void proc_init(void)
{
    struct task *t = &tasks[0];
    t->state = TASK_RUNNING;
    strlcpy(t->comm, "idle", sizeof t->comm);
    wait_queue_init(&t->wait_chld);
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

void start_init(const char *path, char *const argv[])
{
    struct task *t = task_alloc();
    assert(t && t->pid == 1);
    t->mm = mm_create();
    assert(t->mm);
    strlcpy(t->comm, "init", sizeof t->comm);
    t->dumpable = true;
    t->pgid = t->sid = 1;
    for (int i = 0; i < 16; i++)
        t->rlim[i].rlim_cur = t->rlim[i].rlim_max = ~0ull;   /* RLIM64_INFINITY */
    t->parent = &tasks[0];
    fs_fork(&tasks[0], t);
    int n = 0;
    init_argv[n++] = (char *)path;
    for (; argv && argv[n - 1] && n < 63; n++)
        init_argv[n] = argv[n - 1];
    init_argv[n] = NULL;
    prepare_kstack(t, init_start);
    fpu_reset(t);
    t->state = TASK_RUNNING;
}
