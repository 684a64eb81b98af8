/* Processes: the task structure, the task table and the scheduler's view.
 * One kernel stack per task; the trap frame of its last entry from user
 * mode sits at the top of that stack (tf). The kernel is not preemptible:
 * a task switch happens only in schedule(), called when a task sleeps or on
 * the way back to user mode. */
#ifndef PROC_H
#define PROC_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"
#include "kernel/hrtimer.h"
#include "kernel/x86.h"
#include "kernel/trace.h"
#include <asm/resource.h>
#include <asm/unistd_32.h>
#include <linux/capability.h>

#define NR_TASKS   1024                     /* task slots: 1,000 processes and more (issue 18) */
#define INR_OPEN_CUR 1024                   /* RLIMIT_NOFILE at boot: soft, */
#define INR_OPEN_MAX 4096                   /* and hard (Linux's) */
#define KSTACK_SIZE 8192
#define NSIG_K     64
#define NGROUPS_K  65536                   /* NGROUPS_MAX */

enum task_state {
    TASK_UNUSED, TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE,
    TASK_STOPPED, TASK_TRACED, TASK_ZOMBIE,
};

typedef uint64_t sigset64_t;

struct k_sigaction {                        /* as the rt_sigaction ABI lays it out */
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    sigset64_t mask;
};

struct mm;
struct tty;
struct sem_undo_list;
struct file;
struct inode;
struct mount;
struct mnt_namespace;
struct io_ring_ctx;
struct landlock_ruleset;
struct key;
struct cgroup;
struct cgroup_namespace;
struct uts_namespace;
struct net;
struct ipc_namespace;

struct rlim_pair { uint64_t cur, max; };   /* as prlimit64's struct rlimit64 */

/* Supplementary groups, sorted; shared by fork, replaced by setgroups. */
struct group_info {
    int refs;
    int n;
    uint32_t gid[];
};
struct group_info *groups_get(struct group_info *g);   /* kernel/cred.c: a reference, or NULL */
void groups_put(struct group_info *g);

/* What clone's CLONE_SIGHAND shares: the signal actions. */
struct sighand {
    int refs;
    struct k_sigaction action[NSIG_K];
};

/* What CLONE_FILES shares: the descriptor table (fs/fd.c). It starts
 * with the NR_OPEN_SMALL slots inside it, as Linux i386's files_struct
 * embeds its first 32 (NR_OPEN_DEFAULT, BITS_PER_LONG), and grows by
 * Linux's steps (fdt_size: 256, 512, 1024, 2048, ... slots, up to
 * fs.nr_open) when a descriptor past them is needed: select() sees only
 * the slots the table has, /proc/<pid>/status's FDSize shows them. A
 * descriptor can be reserved, taken by an open that may still sleep and
 * not yet filled (Linux's open_fds bit without a file). */
#define NR_OPEN_SMALL 32
struct files_struct {
    int refs;
    int max_fds;                            /* slots in fd: NR_OPEN_SMALL, or fdt_size()'s */
    int next_fd;                            /* every descriptor below it is taken (a hint) */
    struct file **fd;                       /* fd_array, or fdt_grow's table */
    uint32_t *close_on_exec;                /* max_fds bits: small_cloexec, or after fd */
    uint32_t *reserved;                     /* fd_alloc'ed, not yet installed: the same */
    struct file *fd_array[NR_OPEN_SMALL];
    uint32_t small_cloexec[NR_OPEN_SMALL / 32], small_reserved[NR_OPEN_SMALL / 32];
};

/* What CLONE_FS shares: the working directory, the root (chroot) and
 * the umask (fs/fd.c). */
struct fs_struct {
    int refs;
    struct inode *cwd;
    struct inode *root;                     /* NULL: the filesystem's (fs_root) */
    struct mount *cwd_mnt, *root_mnt;       /* the mounts they are in (fs/mount.h), referenced;
                                               NULL: the root mount */
    uint32_t umask;
};

/* The debug registers a tracer set (kernel/hw_breakpoint.c). */
struct thread_debug {
    uint32_t addr[4];                       /* DR0-DR3 */
    uint8_t ctl[4];                         /* each slot's DR7 R/W and LEN bits */
    uint8_t used;                           /* slots given an address or enabled once */
    uint8_t enabled;                        /* slots armed */
    uint32_t ptrace_dr7;                    /* DR7 as the tracer wrote it (read back as is) */
    uint32_t virtual_dr6;                   /* DR6's event bits, positive polarity */
};

struct task {
    int pid, pgid, sid;                     /* pid: the thread's id (gettid) */
    int tgid;                               /* the thread group's id (getpid): its leader's pid */
    struct task *group_leader;              /* the thread whose pid is tgid (itself for a process) */
    int exit_signal;                        /* sent to the parent at exit (clone's CSIGNAL); -1: a thread */
    struct pid *thread_pid;                 /* what pidfds hold on to (kernel/pidfd.c), made at need */
    bool group_exiting;                     /* leader only: exit_group or a fatal signal ends all */
    bool exiting;                           /* in do_exit (Linux's PF_EXITING) */
    int group_exit_code;                    /* leader only: the wait status then */
    struct tty *tty;                        /* controlling terminal, or NULL */
    enum task_state state;
    char comm[16];

    /* Family: orphans are re-parented to init (pid 1). */
    struct task *parent, *children, *sibling;
    struct wait_queue wait_chld;            /* parent waits here in wait4 */
    struct wait_entry wait_self;            /* the entry of its wait_event sleeps (kernel/wait.h) */
    int exit_code;                          /* wait status once a zombie; stop signal */
    int stop_sig;                           /* the signal of its last job-control stop */
    bool cont_report;                       /* continued: for wait4(WCONTINUED) */
    bool jobctl_stop;                       /* owes its group's stop its own (signal.c) */
    int group_stop_count;                   /* leader only: threads still to stop */
    int group_stop_sig;                     /* leader only: the stop's signal */
    int group_stop_report;                  /* leader only: the stop wait4 has to report */
    bool group_stopped;                     /* leader only: the stop completed, no SIGCONT yet
                                               (Linux's SIGNAL_STOP_STOPPED) */
    uint32_t jobctl;                        /* JOBCTL_*: the traps it owes its tracer (below) */
    bool did_exec;                          /* setpgid by the parent: EACCES after exec */
    bool autoreap;                          /* parent ignores SIGCHLD: no zombie to wait for */
    bool killable;                          /* an uninterruptible sleep a fatal signal ends */

    /* Memory and machine context. */
    struct mm *mm;
    uint8_t *kstack;                        /* base of KSTACK_SIZE bytes */
    uint32_t kesp;                          /* saved kernel stack pointer */
    struct trapframe *tf;                   /* user registers at kernel entry */
    struct seg_desc tls[GDT_TLS_ENTRIES];   /* set_thread_area slots */
    uint32_t clear_child_tid;
    uint32_t set_child_tid;                 /* CLONE_CHILD_SETTID, written at the first run */

    /* Credentials. */
    uint32_t uid, euid, suid, gid, egid, sgid;
    uint32_t fsuid, fsgid;                  /* file permission checks: follow euid/egid (cred.c) */
    struct group_info *groups;              /* NULL: none (cred.c) */
    struct user_namespace *user_ns;         /* its ids' and capabilities' namespace
                                               (kernel/user_namespace.h); NULL: the initial */
    uint64_t cap_effective, cap_permitted;  /* capabilities (kernel/capability.c) */
    uint64_t cap_inheritable, cap_bset, cap_ambient;
    uint32_t securebits;                    /* SECBIT_* of <linux/securebits.h> */
    bool superpriv;                         /* a capability was used (acct's ASU); 0 at fork */
    bool signaled;                          /* dies of a signal, the group's end's SIGKILL too (AXSIG) */
    uint8_t iopl_emul;                      /* iopl(2)'s level; 3 opens every port (kernel/ioport.c) */
    struct io_bitmap *io_bitmap;            /* ioperm(2)'s ports; NULL: none */
    uint8_t acct_flags;                     /* the leader's: AFORK, ASU, ACORE, AXSIG (kernel/acct.c) */
    struct rlim_pair rlim[RLIM_NLIMITS];    /* kernel/rlimit.c */
    struct key *thread_keyring;             /* keyrings (security/keys/process_keys.c), */
    struct key *process_keyring;            /* referenced; NULL: none yet */
    struct key *session_keyring;
    int8_t jit_keyring;                     /* KEYCTL_SET_REQKEY_KEYRING's default */

    /* Files: owned by fs/ (fs_fork, fs_exec, fs_exit). */
    struct files_struct *fdt;               /* shared by CLONE_FILES */
    struct file **files;                    /* fdt->fd (an empty table once exited) */
    int nr_fds;                             /* fdt->max_fds: files[0 .. nr_fds) exist (0 once exited) */
    struct file *held[8];                   /* files this system call looked up (fget): referenced */
    int nheld;                              /* until the call returns (fput_held) */
    bool fget_holds;                        /* in a system call: fget holds what it finds */
    uint32_t *close_on_exec;                /* fdt->close_on_exec */
    struct fs_struct *fs;                   /* cwd and umask, shared by CLONE_FS */
    struct mnt_namespace *mnt_ns;           /* its mount tree (fs/mount.h); NULL: the initial */
    struct uts_namespace *uts_ns;           /* its host name (kernel/utsname.h); NULL: the initial */
    struct ipc_namespace *ipc_ns;           /* its System V and POSIX queues (ipc/namespace.h);
                                               NULL: the initial */
    struct time_namespace *time_ns;         /* its clocks' offsets (kernel/time_namespace.h) */
    struct time_namespace *time_ns_for_children;   /* its children's; NULL: the initial */
    struct pid_namespace *pid_ns_for_children;   /* where its children's pids are; NULL: the
                                               initial (its own: kernel/pid_namespace.h) */
    struct net *net_ns;                     /* its network (net/net_namespace.h); NULL: the initial */
    uint32_t nd_resolve;                    /* openat2's RESOLVE_* for its lookup (fs/namei.c) */
    struct inode *nd_root;                  /* and the directory a scoped one stays in */
    struct mount *nd_root_mnt;              /* and the mount it is in */
    struct mount *nd_mnt;                   /* the mount the last walk ended in (not
                                               referenced: read at once, before any sleep) */
    struct inode *nd_parent;                /* under a Landlock domain only: the directory
                                               the last walk found nd_last in (referenced
                                               until the system call ends) */
    struct inode *nd_last;                  /* (not referenced: compared, never used) */
    struct landlock_ruleset *landlock_domain;   /* a reference, NULL: none (security/landlock/) */
    struct cgroup *cgroups;                 /* its control group, referenced; NULL: the root
                                               (kernel/cgroup/cgroup.h) */
    struct cgroup_namespace *cgroup_ns;     /* referenced; NULL: the initial one */
    uint64_t cg_base_utime, cg_base_stime;  /* its CPU time when it entered its group */
    bool cg_live;                           /* counted in its group's tasks (until do_exit) */
    bool cg_charged;                        /* counted in pids.current (until reaped) */
    uint32_t cg_seq;                        /* when it joined its group: cgroup.procs' order */
    bool cg_frozen;                         /* asleep in the freezer's trap */

    /* Signals: owned by kernel/signal.c. */
    sigset64_t pending, blocked, saved_mask;  /* pending: thread-directed (tgkill, faults) */
    sigset64_t shared_pending;              /* leader only: the group's (kill, sigqueue) */
    sigset64_t waiting_for;                 /* in rt_sigtimedwait: wake for these, blocked or not */
    bool restore_saved_mask;
    bool restarted;                         /* this call is a restart after a signal */
    uint64_t restart_until;                 /* nanosleep's deadline (ktime ns) across a restart */
    uint32_t restart_call;                  /* what restart_syscall resumes (restart_block()), 0 none */
    struct sighand *sighand;                /* shared by CLONE_SIGHAND */
    struct k_sigaction *action;             /* sighand->action */
    struct ksiginfo *sinfo;                 /* NSIG_K entries, kmalloc'd at fork */
    struct ksiginfo *shared_sinfo;          /* NSIG_K more: shared_pending's (same block) */
    uint32_t sas_sp, sas_size;              /* sigaltstack (kernel/sigframe.c); size 0: none */
    uint32_t sas_flags;                     /* SS_DISABLE when none, else 0 | SS_AUTODISARM */
    struct proc_timers *ptimers;            /* the leader's: itimers, POSIX timers; NULL none */

    /* ptrace (kernel/ptrace.c). */
    struct task *tracer;                    /* NULL: not traced */
    uint32_t ptrace_opts;                   /* PTRACE_O_* */
    bool ptrace_seized;                     /* by PTRACE_SEIZE (Linux's PT_SEIZED) */
    bool syscall_trace;                     /* stop at system-call entry and exit */
    bool syscall_emu;                       /* PTRACE_SYSEMU: stop at entry, the call not run */
    bool in_syscall;                        /* between entry and exit (orig_eax) */
    bool exit_reported;                     /* a tracer that is not the parent saw the exit */
    int resume_sig;                         /* the signal the tracer resumed with */
    uint32_t eventmsg;                      /* PTRACE_GETEVENTMSG: the stop's message */
    bool has_siginfo;                       /* this stop has a siginfo (not a group stop) */
    int32_t last_siginfo[8];                /* it: siginfo_t's words that mean something */
    bool ptracer_cap;                       /* the link was made by root: reads a non-dumpable tracee */
    struct thread_debug debug;              /* hardware breakpoints (PTRACE_POKEUSER u_debugreg) */

    /* seccomp (kernel/seccomp.c): tested at every system-call entry. */
    uint8_t seccomp_mode;                   /* SECCOMP_MODE_DISABLED, _STRICT or _FILTER */
    struct seccomp_filter *seccomp_filter;  /* the newest filter (a reference), NULL none */
    int seccomp_filters;                    /* how many (/proc/<pid>/status) */

    /* Scheduling. */
    int ticks_left;
    int nice;                               /* -20..19 (setpriority); the round robin ignores it */
    int policy;                             /* SCHED_NORMAL, _BATCH, _IDLE, _FIFO or _RR */
    struct io_context *io_context;          /* its I/O priority, once set; shared by CLONE_IO (ioprio.c) */
    int rt_priority;                        /* 1..99 for SCHED_FIFO and SCHED_RR, else 0 */
    int sched_rank;                         /* its queue, whom its wake-up preempts: RANK_* */
    bool sched_reset_on_fork;               /* SCHED_RESET_ON_FORK: children start normal */
    struct hrtimer sleep_timer;             /* timed sleeps (task_set_deadline) */
    struct task *run_next, *run_prev;       /* run queue links (sched.c), when on_rq */
    bool on_rq;                             /* on the run queue: RUNNING, or current until it switches */
    uint32_t start_time;                    /* in ticks */
    uint32_t nvcsw, nivcsw;                 /* switches away asleep / still runnable */
    uint32_t min_flt;                       /* page faults resolved (no disk: none is major) */
    struct perf_event *perf_events;         /* the events counting it (kernel/events/) */
    struct perf_event *perf_owned;          /* the events it opened (prctl's) */
    bool perf_exited;                       /* its events ended: no new one (perf_event_exit_task) */
    uint64_t sum_exec_ns, cpu_stamp;        /* CPU time: run time to the last switch (kernel/cputime.c) */
    uint32_t utime_ticks, stime_ticks;      /* where the tick found the task */
    uint64_t prev_utime_ns, prev_stime_ns;  /* the split last reported (never goes back) */
    uint64_t dead_utime_ns, dead_stime_ns;  /* the leader's: of the threads that ended */
    uint32_t dead_min_flt, dead_nvcsw, dead_nivcsw;   /* the leader's: the same for the counts */
    uint64_t cutime_ns, cstime_ns;          /* the leader's: of the children waited for */
    uint32_t cmin_flt, cnvcsw, cnivcsw;     /* the leader's: the same for the counts */
    uint32_t maxrss, cmaxrss;               /* the leader's: most pages of its images gone, and of the children's */
    struct sem_undo_list *undo_list;        /* System V SEM_UNDO records (CLONE_SYSVSEM shares) */
    uint32_t robust_list;                   /* set_robust_list head (user address), 0 none */
    /* Priority-inheritance futexes (kernel/futex_pi.c). */
    struct futex_pi *pi_held;               /* the PI futexes with waiters it owns */
    struct futex_q *pi_blocked_on;          /* the PI waiter it is, asleep, or NULL */
    int pi_boost;                           /* the rank its waiters lend it; RANK_NORMAL: none */
    bool futex_dead;                        /* past exit_pi_state_list: no PI futex attaches */
    int uring_release_depth;                /* io_uring releases under way on our stack */
    struct io_ring_ctx *uring_release_later;   /* rings whose release waits for them (fs/io_uring.c) */
    uint32_t arg_start, arg_end;            /* argv strings in user memory (/proc/<pid>/cmdline) */
    uint32_t auxv_start, auxv_len;          /* the auxv exec left on the stack (core dumps) */
    uint32_t syscall_nr;                    /* for restarting an interrupted call */

    /* prctl(2) (kernel/sys.c). */
    int pdeath_signal;                      /* sent to us when the parent exits; 0 none */
    bool is_child_subreaper;                /* leader only: PR_SET_CHILD_SUBREAPER */
    bool has_child_subreaper;               /* leader only: an ancestor is one (Linux's) */
    bool dumpable;                          /* PR_SET_DUMPABLE; 1 again after exec */
    bool no_new_privs;                      /* sticky; kept across fork and exec */
    bool nproc_exceeded;                    /* a change of user passed RLIMIT_NPROC (Linux's
                                               PF_NPROC_EXCEEDED): the next execve may fail */
    uint32_t personality;                   /* personality(2) (kernel/personality.c) */
    uint32_t rseq, rseq_sig;                /* rseq(2)'s struct rseq (0: none), its signature */
    bool rseq_event;                        /* preempted or signalled since (kernel/rseq.c) */
    bool rseq_resume;                       /* rseq work owed on the way back to user mode */
    uint8_t fpu_counter;                    /* its FPU state was wanted after a switch (fpu.c) */
    uint8_t fpu[512] __attribute__((aligned(16)));   /* x87/SSE state (fxsave) */
};

extern struct task *current;
extern struct task tasks[NR_TASKS];

/* What clone and clone3 ask of fork (kernel/clone.c checks it). The
 * addresses are user pointers; 0 is none. */
struct kernel_clone_args {
    uint64_t flags;                         /* CLONE_*, CLONE_CLEAR_SIGHAND; no CSIGNAL bits */
    uint32_t pidfd;                         /* CLONE_PIDFD: where the descriptor goes (an int) */
    uint32_t child_tid, parent_tid;
    int exit_signal;                        /* 0: none */
    uint32_t stack;                         /* the child's stack pointer; 0: the parent's */
    uint32_t tls;                           /* CLONE_SETTLS: a struct user_desc */
    int set_tid[32];                        /* clone3's set_tid: the deepest level's first */
    int set_tid_size;                       /* 0: any pids */
    int cgroup;                             /* CLONE_INTO_CGROUP: the group's descriptor */
};

/* proc.c */
void proc_init(void);
/* fork, vfork, clone and clone3: one path. The child's pid or -errno. */
long kernel_clone(const struct kernel_clone_args *args);
struct task *task_find(int pid);
#define PID_MAX_DEFAULT 32768                /* Linux's default and, on i386, its limit */
#define PID_MAX_LIMIT   32768
#define RESERVED_PIDS   300                  /* after a wrap, pids start here (Linux) */
extern uint32_t pid_max;                     /* pids are below it (kernel.pid_max) */
int last_pid_used(void);                    /* the newest pid (/proc/loadavg) */
/* 1 + the highest slot in use: the walks over every task stop there, so
 * that they cost what the tasks alive cost, not the 1,024 slots (each
 * slot touched is a page refill under QEMU: docs/performance.md). */
extern int slots_used;
static inline int task_slots_used(void) { return slots_used; }
NORETURN void do_exit(int wait_status);    /* ends the thread; wait_status as wait4 reports it */
NORETURN void do_group_exit(int wait_status);  /* ends every thread of current's group */
int de_thread(void);                        /* exec: the other threads end; 0 or -EINTR/-ENOMEM */
int thread_count(struct task *t);           /* live threads in t's group */
bool pgrp_orphaned(int pgid, struct task *gone);   /* no member has a parent in the session outside it */
/* ioport.c: ports into the TSS at a switch; shared at fork; let go at exit */
void ioport_switch(struct task *t);
void ioport_fork(struct task *p, struct task *c);
void ioport_exit(struct task *t);
const uint8_t *ioport_bits(struct task *t);   /* NT_386_IOPERM: t has a bitmap */
/* acct.c: a thread's exit joins its flags to its process's; the last
 * one's writes the process's record (wait_status: the process's). */
void acct_collect(struct task *t, int wait_status);
void acct_process(struct task *t, int wait_status);
/* ioprio.c: the I/O context at fork (0 or -ENOMEM) and at exit; Linux's
 * ioprio_check_cap of a value (also IOCB_FLAG_IOPRIO's): 0 or -errno */
int ioprio_fork(struct task *p, struct task *c, uint32_t flags);
void ioprio_exit(struct task *t);
int ioprio_check_cap(int ioprio);
/* futex.c: wakes up to n waiters on a word of current's memory. */
extern struct task *exit_dead;               /* proc.c: exited, unwaited-for, not yet freed */
void release_dead_task_now(void);
/* After a switch (sched.c): frees an autoreaped task once it is no longer
 * the one running. */
static inline void release_dead_task(void)
{
    if (exit_dead && exit_dead != current)
        release_dead_task_now();
}
void task_free(struct task *t);             /* its slot, stack and pid (exit_wait.c reaps) */
void unlink_child(struct task *child);      /* off its parent's list of children */
void start_init(const char *path, char *const argv[]);

/* CPU time (cputime.c): in schedule(), interrupts off, prev's run ends
 * and next's begins. Inline: it is on every switch. */
static inline void cputime_switch(struct task *prev, struct task *next)
{
    uint64_t now = ktime_get_ns_irqoff();
    prev->sum_exec_ns += now > prev->cpu_stamp ? now - prev->cpu_stamp : 0;
    next->cpu_stamp = now;
}

/* sched.c */
void schedule(void);                        /* run someone else; returns later */
void task_set_running(struct task *t);     /* any state -> RUNNING, on the run queue */
void sched_tick(bool user_mode);             /* timer interrupt */
void sched_tail(void);                       /* a new task's first switch: the scheduler's part */
NORETURN void cpu_idle(void);
extern uint32_t context_switches;
extern volatile bool resched;               /* sched.c: the slice is over, or someone woke */
static inline bool need_resched(void) { return resched; }

/* The run queue (sched.c says what is on it) and the two steps of a
 * wake-up, inline because every wake-up of a sleeper runs them (a call's
 * return is a lookup in QEMU's jump cache: docs/performance.md). */
extern struct task *rq_head, *rq_tail;
extern int nr_running;

/* task->sched_rank, from its policy (kernel/sched_rt.c): which queue it
 * waits on, and the order of the classes. A task that becomes runnable
 * with a higher rank than current's makes current give way at its next
 * return to user mode; equals wait their turn. A real-time task's rank
 * is its rt_priority, 1..99. Zero, a new slot's value, is normal. */
#define RANK_IDLE_TASK  (-2)                /* task 0: anyone preempts it */
#define RANK_SCHED_IDLE (-1)                /* SCHED_IDLE: runs when no other can */
#define RANK_NORMAL     0                   /* SCHED_NORMAL, SCHED_BATCH */
void enqueue_task_class(struct task *t, bool at_head);   /* sched_rt.c: the other queues */

/* Appends t to the run queue of its class unless it is there or is the
 * idle task. Interrupts off. */
static inline __attribute__((always_inline)) void enqueue_task(struct task *t)
{
    if (t->on_rq || t == &tasks[0])
        return;
    if (__builtin_expect(t->sched_rank != RANK_NORMAL, 0)) {
        enqueue_task_class(t, false);
        return;
    }
    t->run_next = NULL;
    t->run_prev = rq_tail;
    if (rq_tail)
        rq_tail->run_next = t;
    else
        rq_head = t;
    rq_tail = t;
    t->on_rq = true;
    nr_running++;
}

/* t becomes RUNNING and queued, and current is told to give way soon
 * if t outranks it: the idle task always, a normal task for a real-time
 * one (task_set_running's work). Interrupts off. */
static inline __attribute__((always_inline)) void __task_set_running(struct task *t)
{
    t->state = TASK_RUNNING;
    enqueue_task(t);
    if (t->sched_rank > current->sched_rank)
        resched = true;
}

/* Makes a sleeping or stopped task runnable (not a traced one: ptrace
 * resumes it with task_set_running). Interrupts off; never sleeps. */
static inline __attribute__((always_inline)) void __wake_task(struct task *t)
{
    if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE ||
        t->state == TASK_STOPPED) {
        TRACE(TRACE_SCHED_WAKEUP, (uint32_t)t->pid, 0, 0, 0, "%s", t->comm);
        if (t->sleep_timer.queued)
            hrtimer_cancel(&t->sleep_timer);
        __task_set_running(t);
    }
}

/* The same from any context. */
static inline void wake_task(struct task *t)
{
    uint32_t f = irq_save();
    __wake_task(t);
    irq_restore(f);
}

/* The signals waiting for t: its own and its thread group's (signal.c). */
static inline sigset64_t task_pending(const struct task *t)
{
    return t->pending | t->group_leader->shared_pending;
}

/* task->jobctl, Linux's names: what a tracee owes its tracer besides
 * signals. A STOP trap (a PTRACE_EVENT_STOP of a seized tracee, or the
 * group stop of an attached one) is owed after PTRACE_INTERRUPT or when
 * its group stops; a NOTIFY trap, by a seized tracee whose group's stop
 * began or ended; LISTENING is a seized tracee that PTRACE_LISTEN left in
 * its PTRACE_EVENT_STOP, in no ptrace-stop, until a trap is owed. REJOIN:
 * a tracee let go (detach, the tracer's exit) while its group's stop is
 * in effect goes back into it, already counted (Linux's __ptrace_unlink). */
#define JOBCTL_TRAP_STOP   (1u << 0)
#define JOBCTL_TRAP_NOTIFY (1u << 1)
#define JOBCTL_TRAP_MASK   (JOBCTL_TRAP_STOP | JOBCTL_TRAP_NOTIFY)
#define JOBCTL_LISTENING   (1u << 2)
#define JOBCTL_STOP_REJOIN (1u << 3)
#define JOBCTL_TRAP_FREEZE (1u << 4)        /* its cgroup freezes: sleep in the freezer's trap */

/* An unblocked signal waits for t, or its group's stop, or a trap for
 * its tracer (signal.c). */
static inline bool signal_pending(const struct task *t)
{
    return t && ((task_pending(t) & ~t->blocked) || t->jobctl_stop ||
                 (t->jobctl & (JOBCTL_TRAP_MASK | JOBCTL_STOP_REJOIN | JOBCTL_TRAP_FREEZE)));
}

/* A system call's result asks to be restarted (or to fail with EINTR). */
static inline bool is_restart(int err)
{
    return err == -ERESTARTSYS || err == -ERESTARTNOHAND || err == -ERESTARTNOINTR;
}

/* A call Linux resumes through a restart block (a relative nanosleep, a
 * timed futex wait, poll) passes its result through here: its
 * -ERESTARTNOHAND, when no handler runs, goes back to the user as
 * restart_syscall, the number the filters and a tracer then see, and
 * sys_restart_syscall (kernel/syscall.c) runs the call again. */
static inline long restart_block(long r)
{
    if (r == -ERESTARTNOHAND && current->syscall_nr != __NR_restart_syscall)
        current->restart_call = current->syscall_nr;
    return r;
}

/* The way back to user mode has work (kernel/trap.c: return_to_user()):
 * a switch, a signal, a system call to restart, a mask to restore. */
static inline bool exit_work_pending(const struct trapframe *tf, bool from_syscall)
{
    return need_resched() || signal_pending(current) || current->restore_saved_mask ||
           current->rseq_resume || (from_syscall && is_restart((int)tf->eax));
}

/* The inline parts of a sleep (kernel/wait.h: __wait_event()), here as
 * they need struct task; inline because every blocking IPC call runs
 * them. __wait_prepare queues the current task and marks it sleeping,
 * with interrupts off until __wait_finish, so that a wake-up between
 * the caller's test of its condition and the schedule() in __wait_sleep
 * is not lost. */
static inline void __wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool intr)
{
    e->irq_flags = irq_save();
    DEBUG_CHECK(!e->next && !e->prev && wq->head != e);   /* not queued already */
    e->task = current;
    e->intr = intr;
    e->func = NULL;
    e->exclusive = false;
    if (wq->head) {
        wait_link(wq, e);
    } else {                                 /* (the usual case: the only sleeper) */
        e->next = e->prev = NULL;
        wq->head = e;
    }
    current->state = intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
}

/* One sleep, queued by __wait_prepare: runs others until a wake-up, and
 * marks the task sleeping again for the caller's next test. -EINTR at
 * once when an interruptible sleep has a signal waiting, else 0. */
static inline int __wait_sleep(struct wait_queue *wq, struct wait_entry *e)
{
    if (e->intr && signal_pending(current))
        return -EINTR;
    if (TRACE_ON(TRACE_IPC_SLEEP))
        wait_trace_sleep(wq);
    schedule();
    current->state = e->intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
    return 0;
}

/* The end of a sleep: running, off the queue, interrupts as they were. */
static inline void __wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
    current->state = TASK_RUNNING;
    __wait_unlink(wq, e);
    irq_restore(e->irq_flags);
}
/* wake_up_poll (kernel/wait.h), inline here for the wakers on every
 * round trip of a ping-pong (pipe_put), where the call and its return
 * cost more than the work: wakes every sleeper on wq and calls every
 * callback that wants key, except that after one exclusive callback has
 * woken something the further exclusive ones are left (Linux's
 * __wake_up_common with nr_exclusive 1). Any context; never sleeps. */
static inline __attribute__((always_inline)) void __wake_up_poll(struct wait_queue *wq, unsigned key)
{
    uint32_t f = irq_save();
    bool exclusive_done = false;
    for (struct wait_entry *e = wq->head; e; e = e->next) {
        DEBUG_CHECK(!e->next || e->next->prev == e);
        if (!e->func) {
            DEBUG_CHECK(e->task && e->task->state != TASK_UNUSED && e->task->state != TASK_ZOMBIE);
            if (TRACE_ON(TRACE_IPC_WAKE))
                wait_trace_wake(wq, e->task);
            __wake_task(e->task);
        } else if (!(e->exclusive && exclusive_done) && e->func(e, key) && e->exclusive) {
            exclusive_done = true;
        }
    }
    irq_restore(f);
}

int sleep_until_ns(uint64_t at, bool interruptible);  /* ktime ns; 0 or -EINTR */
void task_set_deadline(uint64_t at);        /* current's timed sleep ends by `at`; 0 none */
/* posix_timers.c / itimer.c: per-process timers */
void itimer_cpu_tick(struct task *t, bool user_mode);
void proc_timers_exit(struct task *leader);  /* the last thread ended: all go */
void posix_timers_exec(struct task *leader); /* exec: the POSIX timers go */

/* ptrace.c */
bool ptrace_may_access(struct task *t);     /* PTRACE_MODE_ATTACH_REALCREDS, as attach checks it */
bool ptrace_may_read(struct task *t);       /* ... READ_REALCREDS: its own process too */
/* Stops current for its tracer with wait status code; the tracer may read
 * msg (PTRACE_GETEVENTMSG) and si (a siginfo_t, NULL: none), and change si.
 * Returns the signal to deliver (0: none). */
int ptrace_stop(int code, uint32_t msg, int32_t *si);
bool ptrace_syscall_stop(bool entry);   /* false: a fatal signal, the call must not run */
void ptrace_event_stop(int event, uint32_t msg);   /* a PTRACE_EVENT_* stop, if the tracer asked */
struct ksiginfo;
/* The signal-delivery-stop of do_signal: sig with siginfo si (and info,
 * the same) goes to the tracer first; returns the signal to act on (0:
 * none), with si and info describing it. */
int ptrace_signal(int sig, int32_t si[32], struct ksiginfo *info);
void ptrace_fork_event(struct task *child, int event);
void ptrace_do_jobctl_trap(void);           /* do_signal: current owes its tracer a trap */
void ptrace_trap_notify(struct task *t);    /* seized t: its group's stop began or ended */
void ptrace_exec_event(void);
/* kernel/rseq.c */
void rseq_resume(struct trapframe *tf);     /* return_to_user: the fixup and cpu ids */
void rseq_signal_deliver(struct trapframe *tf);   /* before a handler's frame */
void rseq_fork(struct task *p, struct task *c, uint32_t flags);
void ptrace_tracer_exit(struct task *tracer);
void ptrace_exit_notify(struct task *t);    /* a traced thread (not a leader) has exited */
struct pt_regs;
void ptrace_get_regs(struct task *t, struct pt_regs *r);   /* t's user registers (core dumps too) */
/* hw_breakpoint.c: the debug registers of ptrace and the #DB trap */
uint32_t ptrace_get_debugreg(struct task *t, int n);
int ptrace_set_debugreg(struct task *t, int n, uint32_t v);   /* 0, -EINVAL or -EIO */
void hw_breakpoint_flush(struct task *t);   /* exec: none left */
extern uint32_t loaded_dr7;                 /* what DR7 holds: 0 when no breakpoint is armed */
void hw_breakpoint_load(struct task *next);
/* At a switch: next's breakpoints into the CPU, when either side has some. */
static inline void hw_breakpoint_switch(struct task *next)
{
    if (next->debug.enabled || loaded_dr7)
        hw_breakpoint_load(next);
}
int hw_breakpoint_user(struct trapframe *tf);   /* #DB from user mode: si_code, 0 none */
bool hw_breakpoint_kernel(void);            /* #DB in kernel mode: a user watchpoint */
/* TLS slots (tls.c): set_thread_area's checks, for clone and ptrace too */
struct user_desc;
long tls_desc_from_user(struct user_desc *u, void *u_info);
long tls_install(struct task *t, int idx, const struct user_desc *u);
long set_tls_desc(struct task *t, int idx, void *u_info);
long get_tls_desc(struct task *t, int idx, void *u_info);
void tls_get(struct task *t, int idx, struct user_desc *u);
long tls_set_slots(struct task *t, const void *ubuf, int n);

/* Reads or writes another process's memory (ptrace, /proc): 0 or -EIO. */

/* fpu.c */
void fpu_init(void);
extern struct task *fpu_owner;              /* whose state the FPU registers hold */
extern bool fpu_ts_set;                     /* CR0.TS as last written */
void fpu_set_ts(bool on);                   /* CR0.TS on or off */
#define FPU_EAGER_AFTER 5
/* After a task switch: TS stays set, so that next's first FPU instruction
 * traps (fpu_trap), unless next's state is the one in the registers and
 * next has wanted it after each of its last switches (fpu_counter, as
 * Linux 2.6's): then TS is cleared at once, and the count goes on until it
 * wraps round, when the trap is tried again. Inline: most switches write
 * nothing. */
static inline void fpu_switch(struct task *next)
{
    if (next == fpu_owner && next->fpu_counter > FPU_EAGER_AFTER) {
        next->fpu_counter++;
        if (fpu_ts_set)
            fpu_set_ts(false);
    } else if (!fpu_ts_set) {
        fpu_set_ts(true);
    }
}
void fpu_trap(void);                        /* #NM */
void fpu_flush(struct task *t);             /* bring t->fpu up to date */
void fpu_drop(struct task *t);              /* t->fpu was replaced */
void fpu_reset(struct task *t);             /* FNINIT state */
uint32_t fpu_mxcsr_mask(void);              /* the MXCSR bits a program may set */

/* exec.c: run a program from kernel context (init). 0 or -errno. */
int kernel_execve(const char *path, char *const argv[], char *const envp[]);

/* sys.c: the prctl state an exec resets (dumpable). */
void prctl_exec(struct task *t, bool creds_changed);
/* personality.c: what an exec of program ip leaves of t's personality. */
void personality_exec(struct task *t, struct inode *ip);

/* Credentials helpers. capable(CAP_x): whether current holds the
 * capability in its effective set (kernel/capability.c), in the initial
 * user namespace (others: ns_capable, kernel/user_namespace.h). */
#define CAP_FULL_SET ((1ull << (CAP_LAST_CAP + 1)) - 1)
static inline bool capable(int cap)
{
    if (current->user_ns || !((current->cap_effective >> cap) & 1))
        return false;
    current->superpriv = true;               /* Linux's PF_SUPERPRIV: acct's ASU */
    return true;
}

/* cred.c and capability.c: the ids before a set*id call, and which kind
 * of call it was (Linux's LSM_SETID_*), for cap_fix_setuid. */
struct old_ids { uint32_t uid, euid, suid, fsuid, egid, fsgid; };
enum setid_kind { SETID_ID, SETID_FS, SETID_GROUP };
void cap_init(struct task *t);
void cap_fix_setuid(struct task *t, const struct old_ids *o, enum setid_kind kind);
struct file_caps { bool has, effective; uint64_t permitted, inheritable; };
struct vfs_ns_cap_data;
int cap_exec_file(struct inode *ip, struct file_caps *fc);
bool cap_exec(struct task *t, const struct inode *ip, const struct file_caps *fc);
int cap_convert_nscap(const void **value, size_t size, struct vfs_ns_cap_data *buf);
ssize_t cap_getsecurity(struct vfs_ns_cap_data *v, ssize_t n);
bool cap_prctl(int option, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, long *ret);
/* Linux's high2lowuid: an id as the 16-bit calls and structures (uid16.c,
 * the old stat of fs/stat_old.c) show it; one above 65535 is the
 * overflow id 65534 (/proc/sys/kernel/overflowuid). */
#define OVERFLOW_ID 65534
static inline uint16_t high2lowuid(uint32_t id)
{
    return (id & ~0xFFFFu) ? OVERFLOW_ID : (uint16_t)id;
}
bool cred_exec(struct task *t, const struct inode *ip, const struct file_caps *fc, bool *changed);
bool in_group(uint32_t gid);
long groups_set(uint32_t *gids, int n);
/* setgroups' checks in Linux's order (EPERM, then EINVAL for size) and a
 * buffer for size gids (kfree it); NULL with *err set on a refusal. */
uint32_t *setgroups_buffer(int size, long *err);
void groups_fork(struct task *parent, struct task *child);
void groups_exit(struct task *t);

/* rlimit.c: limits. rlimit() is current's soft limit of a resource. */
void rlimit_init(struct task *t);
uint64_t rlimit(int res);
uint32_t stack_limit(void);                 /* RLIMIT_STACK in bytes */
void rlimit_cpu_tick(struct task *t);       /* RLIMIT_CPU: SIGXCPU, SIGKILL */
int nofile_limit(void);                     /* descriptors current may use: 0 .. n-1 */
bool over_nproc_limit(void);                /* a fork must fail with EAGAIN */
void nproc_flag_setuid(struct task *t);     /* after t's real uid changed */
bool nproc_exec_refused(void);              /* an execve must fail with EAGAIN */
struct mm;
bool may_expand_vm(struct mm *mm, uint32_t npages);   /* RLIMIT_AS */
bool may_map(struct mm *mm, uint32_t addr, uint32_t size, bool fixed);
int rlimit_proc_show(struct task *t, char *buf, int size);
extern uint32_t sysctl_nr_open, max_threads;  /* fs.nr_open, kernel.threads-max */

char task_state_letter(int state);          /* 'R', 'S', 'D', 'T', 't', 'Z' */

#endif
