/* wait4, waitpid and waitid: one scan of the caller's children and
 * tracees (do_wait) for a state to report: an exit (the child is reaped
 * unless WNOWAIT), a stop, a continue. waitid also takes a pidfd
 * (P_PIDFD, kernel/pidfd.c). As Linux's do_wait in kernel/exit.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/pidfd.h"
#include "kernel/pid_namespace.h"
#include "fs/vfs.h"
#include "kernel/mm/uaccess.h"
#include <linux/sched.h>
#include <linux/wait.h>
#include <asm/fcntl.h>

#define WALL_OPTS (__WNOTHREAD | __WCLONE | __WALL)

/* What a wait asks for and, once found, what it reports. */
struct wait_opts {
    int type;                               /* P_ALL, P_PID, P_PGID or P_PIDFD */
    int id;                                 /* P_PID's pid, P_PGID's group */
    struct task *target;                    /* P_PIDFD: the process (NULL: it is gone) */
    int options;                            /* WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, __W* */
    int status;                             /* found: as wait4 encodes it */
    uint32_t uid;                           /* found: the child's real uid */
    struct rusage_k ru;                     /* found and reaped: its usage (and its children's) */
    bool trapped;                           /* found: a stop reported to a tracer */
};

/* The global id a waiter's number names (pid namespaces), -1 (which no
 * task has) when it names none the waiter sees. */
static int global_id(int nr)
{
    int id = nr > 0 ? pid_from_vnr(nr) : 0;
    return id ? id : -1;
}

/* Whether c is one the wait asks for. A child that signals its parent
 * with something else than SIGCHLD at exit is a "clone" child: only
 * __WCLONE waits for those, and only for those; __WALL for any. A tracee
 * is waited for whatever its exit signal. */
static bool wait_matches(struct task *c, const struct wait_opts *wo, bool traced)
{
    bool id = wo->type == P_ALL || (wo->type == P_PID && c->pid == wo->id) ||
              (wo->type == P_PGID && c->pgid == wo->id) || (wo->type == P_PIDFD && c == wo->target);
    if (!id || traced || (wo->options & __WALL))
        return id;
    return (c->exit_signal != SIGCHLD) == !!(wo->options & __WCLONE);
}

/* A zombie c's exit, for its parent (reaped unless WNOWAIT) or a tracer
 * that is not the parent (told once). Its pid, or 0 when already told. */
static int wait_exited(struct task *c, struct wait_opts *wo, bool child)
{
    int pid = pid_vnr(c->pid);               /* as the waiter sees it, before its numbers go */
    wo->status = c->exit_code;
    wo->uid = c->uid;
    if (wo->options & WNOWAIT)
        return pid;
    if (!child && c->exit_signal == -1) {
        task_free(c);                        /* a traced thread: its tracer releases it */
        return pid;
    }
    if (!child) {
        if (c->exit_reported)
            return 0;
        c->exit_reported = true;             /* the tracer learns; the parent reaps */
        if (c->parent)
            wake_up(&c->parent->wait_chld);  /* ... now that the tracer has seen it */
        return pid;
    }
    if (c->tracer && c->tracer->tgid != current->tgid && !c->exit_reported)
        return 0;                            /* as Linux: the tracer hears of the exit first */
    cputime_reap(current->group_leader, c, &wo->ru);   /* into cutime/cstime (kernel/cputime.c) */
    unlink_child(c);
    task_free(c);
    return pid;
}

/* A stop or a continue of c to report: its pid, or 0. The parent
 * hears of a process's stop once, when its whole group has stopped
 * (group_stop_report, kernel/signal.c); a tracer, of each stop of a
 * thread it traces, but not of one a PTRACE_LISTEN left unreported. */
static int report_stopped(struct task *c, struct wait_opts *wo, bool child, bool traced)
{
    bool keep = wo->options & WNOWAIT;
    wo->uid = c->uid;
    if (child && (wo->options & WSTOPPED) && c->group_stop_report) {
        wo->status = (c->group_stop_report << 8) | 0x7F;
        wo->trapped = false;
        if (!keep)
            c->group_stop_report = 0;
        return pid_vnr(c->pid);
    }
    if (c->exit_code && traced && (c->state == TASK_TRACED || c->state == TASK_STOPPED) &&
        !(c->jobctl & JOBCTL_LISTENING)) {
        wo->status = (c->exit_code << 8) | 0x7F;
        wo->trapped = traced;
        if (!keep)
            c->exit_code = 0;
        return pid_vnr(c->pid);
    }
    if ((wo->options & WCONTINUED) && c->cont_report && child) {
        wo->status = 0xFFFF;
        if (!keep)
            c->cont_report = false;
        return pid_vnr(c->pid);
    }
    return 0;
}

/* The same, with the usage the report carries (Linux's RUSAGE_BOTH). */
static int wait_stopped(struct task *c, struct wait_opts *wo, bool child, bool traced)
{
    int pid = report_stopped(c, wo, child, traced);
    if (pid)
        usage_both(c, &wo->ru);
    return pid;
}

/* One pass over the children and the tracees: >0 pid reaped or reported,
 * 0 none ready, -ECHILD none matching. A tracee's stops and exit are
 * reported to its tracer; only the real parent reaps. */
static int wait_scan(struct wait_opts *wo)
{
    bool any = false;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *c = &tasks[i];
        bool child = c->parent && c->parent == current->group_leader;
        bool traced = c->tracer && c->tracer->tgid == current->tgid;   /* any thread of the tracer's */
        if (c->state == TASK_UNUSED || (!child && !traced) || !wait_matches(c, wo, traced && !child))
            continue;
        if (c->state == TASK_ZOMBIE && c->pid == c->tgid && thread_count(c) > 0) {
            any = true;                      /* a leader whose threads go on: not done yet, */
            int pid = child ? wait_stopped(c, wo, child, false) : 0;
            if (pid)                         /* but its process may stop and go on */
                return pid;
            continue;
        }
        if (c->state == TASK_ZOMBIE && child && c->autoreap &&
            (!c->tracer || c->tracer->tgid == current->tgid || c->exit_reported)) {
            unlink_child(c);                 /* reaped without a word (once a tracer saw it) */
            task_free(c);
            continue;
        }
        any = true;
        int pid = c->state == TASK_ZOMBIE ? ((wo->options & WEXITED) ? wait_exited(c, wo, child) : 0)
                                          : wait_stopped(c, wo, child, traced);
        if (pid)
            return pid;
    }
    return any ? 0 : -ECHILD;
}

/* Sleeps (unless WNOHANG) until a matching child or tracee has a state
 * to report. Its pid, 0 (WNOHANG, none ready), -ECHILD or -ERESTARTSYS. */
static long do_wait(struct wait_opts *wo)
{
    int r;
    long err = wait_event_interruptible(&current->group_leader->wait_chld,
                                        (r = wait_scan(wo)) != 0 || (wo->options & WNOHANG));
    return err ? -ERESTARTSYS : r;
}

/* The reaped child's user and system time (zeros for a stop, a
 * continue or an exit only reported), Pipit's other counts zero. */
static int put_rusage(void *rusage, const struct wait_opts *wo)
{
    return rusage ? rusage_to_user(rusage, &wo->ru) : 0;
}

/* Returns the pid reported, 0 (WNOHANG, none ready), -ECHILD, -EINVAL,
 * -ESRCH, -EFAULT or -ERESTARTSYS. */
long sys_wait4(int pid, int *ustatus, int options, void *rusage)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WALL_OPTS))
        return -EINVAL;
    if (pid == INT32_MIN)
        return -ESRCH;
    struct wait_opts wo = { .type = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID,
                            .id = pid > 0 ? global_id(pid) : pid == 0 ? current->pgid : global_id(-pid),
                            .options = options | WEXITED };
    long r = do_wait(&wo);
    if (r > 0 && ustatus && copy_to_user(ustatus, &wo.status, sizeof wo.status))
        return -EFAULT;
    if (r > 0 && put_rusage(rusage, &wo))
        return -EFAULT;
    return r;
}

long sys_waitpid(int pid, int *status, int options)
{
    return sys_wait4(pid, status, options, NULL);
}

/* waitid's arguments into wo: 0, -EINVAL or (P_PIDFD) -EBADF; *nonblock
 * when the pidfd was opened PIDFD_NONBLOCK. */
static long waitid_opts(int which, int id, int options, struct wait_opts *wo, bool *nonblock)
{
    if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | WALL_OPTS))
        return -EINVAL;
    if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    *wo = (struct wait_opts){ .type = which, .id = id, .options = options };
    switch (which) {
    case P_ALL:
        return 0;
    case P_PID:
        wo->id = global_id(id);
        return id <= 0 ? -EINVAL : 0;
    case P_PGID:
        if (id < 0)
            return -EINVAL;
        wo->id = id ? global_id(id) : current->pgid;
        return 0;
    case P_PIDFD: {
        if (id < 0)
            return -EINVAL;
        struct pid *p = pidfd_get_pid(id, nonblock);
        if (IS_ERR_PTR(p))
            return PTR_ERR(p);
        wo->target = p->task;
        if (*nonblock)
            wo->options |= WNOHANG;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

/* The siginfo_t fields waitid sets (the rest of the user's is left). */
static int waitid_info(int32_t *infop, int pid, const struct wait_opts *wo)
{
    int st = wo->status, code = 0, status = 0;
    if (pid > 0 && st == 0xFFFF) {
        code = CLD_CONTINUED, status = SIGCONT;
    } else if (pid > 0 && (st & 0xFF) == 0x7F) {
        code = wo->trapped ? CLD_TRAPPED : CLD_STOPPED, status = st >> 8;
    } else if (pid > 0 && (st & 0x7F)) {
        code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED, status = st & 0x7F;
    } else if (pid > 0) {
        code = CLD_EXITED, status = (st >> 8) & 0xFF;
    }
    int32_t v[6] = { pid > 0 ? SIGCHLD : 0, 0, code, pid > 0 ? pid : 0,
                     pid > 0 ? (int32_t)wo->uid : 0, status };
    return copy_to_user(infop, v, sizeof v) ? -EFAULT : 0;
}

/* waitid(which, id, infop, options, rusage): 0 (infop says what was found;
 * si_pid 0 when WNOHANG found nothing), -EAGAIN (a PIDFD_NONBLOCK pidfd,
 * nothing ready), -ECHILD, -EINVAL, -EBADF, -EFAULT or -ERESTARTSYS. */
long sys_waitid(int which, int id, int32_t *infop, int options, void *rusage)
{
    struct wait_opts wo;
    bool nonblock = false;
    long r = waitid_opts(which, id, options, &wo, &nonblock);
    if (r)
        return r;
    r = do_wait(&wo);
    if (r < 0)
        return r;
    if (r > 0 && put_rusage(rusage, &wo))
        return -EFAULT;
    if (infop && waitid_info(infop, (int)r, &wo))
        return -EFAULT;
    return r == 0 && nonblock && !(options & WNOHANG) ? -EAGAIN : 0;
}
