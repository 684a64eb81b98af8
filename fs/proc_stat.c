/* /proc/<pid>/stat, statm and status (and a thread's, under task/<tid>):
 * Linux 6.1's fields in its order and format (fs/proc/array.c), with
 * Pipit's values where it keeps them and Linux's value for an equivalent
 * process where it does not. fs/proc.c calls these. */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/vm.h"
#include "kernel/drivers/tty.h"
#include "fs/vfs.h"
#include "fs/proc.h"
#include "kernel/signal.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

#define PF_FORKNOEXEC 0x00000040             /* Linux's task flags (include/linux/sched.h) */
#define PF_RANDOMIZE  0x00400000

char proc_state_letter(struct task *t)
{
    return task_state_letter(t->state);
}

static const char *state_name(struct task *t)
{
    switch (proc_state_letter(t)) {
    case 'R': return "R (running)";
    case 'S': return "S (sleeping)";
    case 'D': return "D (disk sleep)";
    case 'T': return "T (stopped)";
    case 't': return "t (tracing stop)";
    case 'Z': return "Z (zombie)";
    default: return "X (dead)";
    }
}

/* The parent of t's process (threads have none of their own). */
int proc_ppid(struct task *t)
{
    struct task *p = t->group_leader ? t->group_leader->parent : NULL;
    return p ? proc_nr(p->tgid) : 0;
}

/* The controlling terminal's device as Linux encodes tty_nr
 * (new_encode_dev): the console is ttyS0 (4, 64), a pty slave 136:N. */
static int tty_nr(struct task *t) { return t->tty ? (int)tty_devnum(t->tty) : 0; }

/* The areas of mm summed as Linux's mm counters: total_vm, data_vm
 * (private writable, not stack), stack_vm and exec_vm, in pages. */
struct vm_sums { uint32_t total, data, stack, exec; };

static void vm_sums(struct mm *mm, struct vm_sums *s)
{
    s->total = s->data = s->stack = s->exec = 0;
    for (struct vm_area *a = mm ? mm->areas : NULL; a; a = a->next) {
        uint32_t pages = (a->end - a->start) >> PAGE_SHIFT;
        s->total += pages;
        if (a->flags & VM_GROWSDOWN)
            s->stack += pages;
        else if ((a->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
            s->data += pages;
        else if ((a->flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
            s->exec += pages;
    }
}

static uint32_t text_pages(struct mm *mm)
{
    if (!mm || mm->start_code >= mm->end_code)
        return 0;
    return (PAGE_ALIGN(mm->end_code) - PAGE_DOWN(mm->start_code)) >> PAGE_SHIFT;
}

/* A live process's memory, or none for a zombie. */
static struct mm *mm_of(struct task *t) { return t->state == TASK_ZOMBIE ? NULL : t->mm; }

/* The sets of signals t ignores and catches. */
static void sig_sets(struct task *t, uint64_t *ign, uint64_t *cgt)
{
    *ign = *cgt = 0;
    for (int s = 1; s <= NSIG_K; s++) {
        uint32_t h = t->action[s - 1].handler;
        if (h == (uint32_t)SIG_IGN)
            *ign |= 1ull << (s - 1);
        else if (h != (uint32_t)SIG_DFL)
            *cgt |= 1ull << (s - 1);
    }
}

/* The thread's own pending signals (SigPnd: tgkill, faults) and its
 * process's (ShdPnd: kill, sigqueue; kept on the leader, kernel/signal.c). */
static uint64_t sig_private(struct task *t) { return t->pending; }
static uint64_t sig_shared(struct task *t) { return t->group_leader->shared_pending; }

/* Clock ticks t has run in user and system mode, and its page faults:
 * the whole thread group's for a process's file, the thread's own for
 * task/<tid>. */
struct cpu_times { uint32_t ut, st, min_flt, cut, cst, cmin_flt; };

/* The thread's times and faults, or (whole) its process's, the ended
 * threads' too; the children's (waited for) in both, as Linux shows. */
static void cpu_times(struct task *t, bool whole, struct cpu_times *c)
{
    struct rusage_k r, ch;
    if (whole) {
        group_usage(t, &r);                 /* kernel/cputime.c */
    } else {
        task_cputime_ns(t, &r.utime_ns, &r.stime_ns);
        r.min_flt = t->min_flt;
    }
    children_usage(t, &ch);
    c->ut = (uint32_t)(r.utime_ns / TICK_NSEC);
    c->st = (uint32_t)(r.stime_ns / TICK_NSEC);
    c->min_flt = r.min_flt;
    c->cut = (uint32_t)(ch.utime_ns / TICK_NSEC);
    c->cst = (uint32_t)(ch.stime_ns / TICK_NSEC);
    c->cmin_flt = ch.min_flt;
}

/* The priority stat shows (Linux's task_prio): -1 - rt_priority for a
 * real-time task, 0..39 by the nice value for the others. */
static int task_prio(struct task *t)
{
    return t->sched_rank > RANK_NORMAL ? -1 - t->sched_rank : 20 + t->nice;   /* boosted too */
}

/* When t started, in ticks since boot as the reader's time namespace
 * counts them (its boottime offset added, as Linux). */
static uint32_t start_ticks(const struct task *t)
{
    return (uint32_t)(((int64_t)t->start_time * TICK_NSEC + timens_offset(CLOCK_BOOTTIME)) / TICK_NSEC);
}

/* The 52 fields of stat: see man 5 proc. Memory addresses only for a
 * caller that may see the process's memory (Linux's "permitted"). */
int proc_stat_show(struct task *t, bool whole, char *buf, int size)
{
    struct mm *mm = mm_of(t);
    struct vm_sums vs;
    struct rss r;
    uint64_t ign, cgt;
    struct cpu_times ct;
    vm_sums(mm, &vs);
    proc_rss(mm, &r);
    sig_sets(t, &ign, &cgt);
    cpu_times(t, whole, &ct);
    bool perm = mm && proc_may_read(t);
    uint32_t flags = PF_RANDOMIZE | (t->did_exec ? 0 : PF_FORKNOEXEC);
    uint64_t rsslim = t->rlim[RLIMIT_RSS].cur;
    int n = snprintf(buf, size,
        "%d (%s) %c %d %d %d %d %d %u %u %u 0 0 %u %u %u %u %d %d %d 0 %u %u %u %u %u %u %u "
        "0 0 %u %u %u %u %d 0 0 %d 0 %d %d 0 0 0 ",
        proc_nr(t->pid), t->comm, proc_state_letter(t), proc_ppid(t), proc_nr(t->pgid), proc_nr(t->sid),
        tty_nr(t), t->tty ? proc_nr(t->tty->pgrp) : -1, flags, ct.min_flt, ct.cmin_flt, ct.ut, ct.st, ct.cut, ct.cst,
        task_prio(t), t->nice, thread_count(t),
        start_ticks(t), vs.total * PAGE_SIZE, r.anon + r.file + r.shmem,
        rsslim > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)rsslim,
        perm ? mm->start_code : 0, perm ? mm->end_code : 0, perm ? mm->start_stack : 0,
        (uint32_t)(sig_private(t) & 0x7FFFFFFF), (uint32_t)(t->blocked & 0x7FFFFFFF),
        (uint32_t)(ign & 0x7FFFFFFF), (uint32_t)(cgt & 0x7FFFFFFF),
        perm && t->state != TASK_RUNNING, t->pid == t->tgid ? SIGCHLD : -1,
        t->rt_priority, t->policy);
    if (n >= size)
        return n;
    return n + snprintf(buf + n, size - n, "%u %u %u %u %u %u %u %d\n",
        perm ? mm->start_data : 0, perm ? mm->end_data : 0, perm ? mm->brk_start : 0,
        perm ? t->arg_start : 0, perm ? t->arg_end : 0, perm ? mm->env_start : 0,
        perm ? mm->env_end : 0, t->state == TASK_ZOMBIE && proc_may_read(t) ? t->exit_code : 0);
}

/* statm: size resident shared text lib data dt, in pages (lib and dt are
 * 0 since Linux 2.6). */
int proc_statm_show(struct task *t, char *buf, int size)
{
    struct mm *mm = mm_of(t);
    struct vm_sums vs;
    struct rss r;
    vm_sums(mm, &vs);
    proc_rss(mm, &r);
    return snprintf(buf, size, "%u %u %u %u 0 %u 0\n", vs.total, r.anon + r.file + r.shmem,
                    r.file + r.shmem, text_pages(mm), vs.data + vs.stack);
}

/* status up to Groups: names, state, ids and credentials. */
static int status_ids(struct task *t, char *buf, int size)
{
    struct task *tracer = t->tracer;
    int n = snprintf(buf, size, "Name:\t");
    for (const char *c = t->comm; *c && n < size - 2; c++) {   /* escaped as Linux */
        if (*c == '\n' || *c == '\\')
            buf[n++] = '\\';
        buf[n++] = *c == '\n' ? 'n' : *c;
    }
    n += snprintf(buf + n, size - n, "\nUmask:\t0%03o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
                  "PPid:\t%d\nTracerPid:\t%d\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
                  "FDSize:\t%d\nGroups:\t", t->fs ? t->fs->umask : 022, state_name(t), proc_nr(t->tgid),
                  proc_nr(t->pid), proc_ppid(t), tracer ? proc_nr(tracer->tgid) : 0, uid_out(t->uid),
                  uid_out(t->euid), uid_out(t->suid), uid_out(t->fsuid), gid_out(t->gid), gid_out(t->egid),
                  gid_out(t->sgid), gid_out(t->fsgid), t->nr_fds);
    for (int i = 0; t->groups && i < t->groups->n && n < size; i++)
        n += snprintf(buf + n, size - n, i ? " %u" : "%u", gid_out(t->groups->gid[i]));
    n += n < size ? snprintf(buf + n, size - n, " ") : 0;
    /* the ids in each namespace from the reader's down to t's own */
    static const char *const heads[4] = { "\nNStgid:", "\nNSpid:", "\nNSpgid:", "\nNSsid:" };
    int ids[4] = { t->tgid, t->pid, t->pgid, t->sid };
    struct pid_namespace *own = pid_ns_of(t->pid);
    for (int k = 0; k < 4 && n < size; k++) {
        n += snprintf(buf + n, size - n, "%s", heads[k]);
        for (int lvl = proc_ns->level; lvl <= own->level && n < size; lvl++)
            n += snprintf(buf + n, size - n, "\t%d", pid_nr_ns(ids[k], pid_ns_at(own, lvl)));
    }
    return n < size ? n + snprintf(buf + n, size - n, "\n") : n;
}

/* status's memory lines (Linux's task_mem), in kB. VmLck is the pages of
 * locked areas (Linux's locked_vm: mlock, memfd_secret). VmPeak is the largest
 * size before an munmap, as Linux's hiwater_vm; VmHWM the most pages ever present. No HugetlbPages: Pipit has no
 * CONFIG_HUGETLB_PAGE. */
static int status_mem(struct mm *mm, char *buf, int size)
{
    struct vm_sums vs;
    struct rss r;
    vm_sums(mm, &vs);
    proc_rss(mm, &r);
    uint32_t text = MIN(text_pages(mm), vs.exec), rss = r.anon + r.file + r.shmem;
    return snprintf(buf, size,
        "VmPeak:\t%8u kB\nVmSize:\t%8u kB\nVmLck:\t%8u kB\nVmPin:\t%8u kB\nVmHWM:\t%8u kB\n"
        "VmRSS:\t%8u kB\nRssAnon:\t%8u kB\nRssFile:\t%8u kB\nRssShmem:\t%8u kB\n"
        "VmData:\t%8u kB\nVmStk:\t%8u kB\nVmExe:\t%8u kB\nVmLib:\t%8u kB\nVmPTE:\t%8u kB\n"
        "VmSwap:\t%8u kB\nCoreDumping:\t0\n",
        MAX(vs.total, mm->hiwater_vm) * 4, vs.total * 4, mm_locked_pages(mm) * 4, 0u, MAX(rss, mm->hiwater_rss) * 4, rss * 4, r.anon * 4, r.file * 4, r.shmem * 4,
        vs.data * 4, vs.stack * 4, text * 4, (vs.exec - text) * 4, proc_pte_pages(mm) * 4, 0u);
}

/* status from Threads on: signals, capabilities (kernel/capability.c),
 * no_new_privs and seccomp, and the CPU and memory node this uniprocessor
 * has. */
static int status_rest(struct task *t, char *buf, int size)
{
    uint64_t ign, cgt;
    sig_sets(t, &ign, &cgt);
    return snprintf(buf, size,
        "Threads:\t%d\nSigQ:\t%d/%u\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
        "SigIgn:\t%016llx\nSigCgt:\t%016llx\nCapInh:\t%016llx\nCapPrm:\t%016llx\n"
        "CapEff:\t%016llx\nCapBnd:\t%016llx\nCapAmb:\t%016llx\nNoNewPrivs:\t%d\n"
        "Seccomp:\t%d\nSeccomp_filters:\t%d\n"
        "Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n"
        "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n"
        "voluntary_ctxt_switches:\t%u\nnonvoluntary_ctxt_switches:\t%u\n",
        thread_count(t), __builtin_popcountll(sig_private(t) | sig_shared(t)),
        (uint32_t)t->rlim[RLIMIT_SIGPENDING].cur, (unsigned long long)sig_private(t),
        (unsigned long long)sig_shared(t), (unsigned long long)t->blocked,
        (unsigned long long)ign, (unsigned long long)cgt, (unsigned long long)t->cap_inheritable,
        (unsigned long long)t->cap_permitted, (unsigned long long)t->cap_effective,
        (unsigned long long)t->cap_bset, (unsigned long long)t->cap_ambient, t->no_new_privs,
        t->seccomp_mode, t->seccomp_filters, t->nvcsw, t->nivcsw);
}

int proc_status_show(struct task *t, char *buf, int size)
{
    int n = status_ids(t, buf, size);
    if (n < size && mm_of(t))
        n += status_mem(mm_of(t), buf + n, size - n);
    return n < size ? n + status_rest(t, buf + n, size - n) : n;
}
