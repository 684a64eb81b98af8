/* The out-of-memory killer, and process_mrelease(2), which frees a dying
 * process's memory early as Linux's OOM reaper does. When a page fault finds no page for user
 * memory (kernel/mm/vm.c: page_fault), a process is killed to free some, as
 * Linux chooses it: the one that holds the most memory -- its resident
 * pages and page tables (Linux's oom_badness), and here also the pipe
 * buffers it holds open -- never init, and not the one that faulted unless
 * it is the largest. While a victim is dying no other is chosen; the
 * faulting task waits a tick and tries its access again. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/pidfd.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"

static int victim_pid;                      /* the last one killed, 0 none */
static uint32_t victim_since;               /* jiffies when it was killed */

/* Present user pages of mm, and the page tables that map them. */
static uint32_t mm_pages(struct mm *mm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PDX(USER_TOP); i++) {
        if (!(mm->pgdir[i] & PTE_P))
            continue;
        const uint32_t *pt = P2V(PTE_ADDR(mm->pgdir[i]));
        n++;
        for (int j = 0; j < 1024; j++)
            n += pt[j] & PTE_P;
    }
    return n;
}

/* Pipe buffer pages t holds through its descriptors: each end held counts
 * half of the pipe's pages (a task holding both ends counts all of them). */
static uint32_t pipe_pages(struct task *t)
{
    uint32_t halves = 0;
    for (int fd = 0; t->files && fd < t->nr_fds; fd++) {
        struct file *f = t->files[fd];
        if (!f || !f->f_inode || !S_ISFIFO(f->f_inode->i_mode) || !f->f_inode->i_pipe)
            continue;
        uint32_t ends = !!(f->f_mode & FMODE_READ) + !!(f->f_mode & FMODE_WRITE);
        halves += ends * pipe_pages_held(f->f_inode->i_pipe);
    }
    return halves / 2;
}

static bool killable(struct task *t)
{
    return t->state != TASK_UNUSED && t->state != TASK_ZOMBIE && t->mm && t->tgid > 1;
}

/* The memory t would give back by dying (Linux's badness, in pages). */
static uint32_t oom_badness(struct task *t)
{
    return mm_pages(t->mm) + pipe_pages(t);
}

/* The largest consumer of memory (the first of equals), or NULL. */
static struct task *oom_select(void)
{
    struct task *chosen = NULL;
    uint32_t most = 0;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (!killable(t))
            continue;
        uint32_t points = oom_badness(t) + 1;
        if (points > most) {
            chosen = t;
            most = points;
        }
    }
    return chosen;
}

/* The victim still dying, or NULL; one that has not died within a second
 * (asleep where SIGKILL cannot reach it) no longer holds up the next. */
static struct task *victim_dying(void)
{
    struct task *v = victim_pid ? task_find(victim_pid) : NULL;
    if (!v || !killable(v) || jiffies - victim_since > HZ) {
        victim_pid = 0;
        return NULL;
    }
    return v;
}

/* Kills the largest consumer and every task sharing its memory, unless a
 * victim is still dying. Returns the victim (old or new), or NULL when
 * there is nothing to kill. Never sleeps. */
struct task *out_of_memory(void)
{
    struct task *v = victim_dying();
    if (v)
        return v;
    v = oom_select();
    if (!v)
        return NULL;
    klog("pipit: out of memory: killed process %d (%s), %u pages\n", v->pid, v->comm, oom_badness(v));
    struct mm *mm = v->mm;
    for (int i = 1; i < task_slots_used(); i++)
        if (killable(&tasks[i]) && tasks[i].mm == mm)
            force_sig(&tasks[i], SIGKILL);
    victim_pid = v->pid;
    victim_since = jiffies;
    return v;
}

/* A fault from user mode found no page: kill for memory, then let the
 * access be tried again, after a tick so that the victim can die first
 * (if the victim is the caller, SIGKILL acts on its way out). With
 * nothing to kill (init alone) init waits for memory. May sleep. */
void pagefault_out_of_memory(void)
{
    if (out_of_memory() != current)
        sleep_until_ns(deadline_after_ticks(1), true);
}

/* The address space of t's process: the first of its threads that still
 * has one (Linux's find_lock_task_mm), NULL when all have exited. */
static struct mm *process_mm(struct task *t)
{
    if (t->mm)
        return t->mm;
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].tgid == t->tgid && tasks[i].state != TASK_UNUSED && tasks[i].mm)
            return tasks[i].mm;
    return NULL;
}

/* Linux's task_will_free_mem: t's process is dying (group_exit_pending),
 * and so is every other process that shares mm (CLONE_VM), so that the
 * memory is bound to go. */
static bool task_will_free_mem(struct task *t, struct mm *mm)
{
    if (!group_exit_pending(t))
        return false;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *u = &tasks[i];
        if (u->state == TASK_UNUSED || u->mm != mm || u->tgid == t->tgid)
            continue;
        if (!group_exit_pending(u))
            return false;
    }
    return true;
}

/* Frees what the OOM reaper frees of a dying mm: the pages of every
 * private area (a shared object keeps its pages for its other users);
 * the areas stay, for the exit to take down. Never sleeps. */
static void oom_reap_mm(struct mm *mm)
{
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (!(a->flags & (VM_SHARED | VM_IO)))
            vm_zap_range(mm, a->start, a->end);
    mm->oom_skip = true;
}

/* process_mrelease(pidfd, flags): frees the memory of the dying process
 * pidfd names before it finishes exiting. 0 (also when it was reaped
 * already); -EINVAL for flags or a process that is not dying; -EBADF for
 * no pidfd; -ESRCH once it has no memory (a zombie) or was reaped. No
 * permission is asked: only a dying process is touched. */
long sys_process_mrelease(int pidfd, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    bool nonblock;
    struct pid *p = pidfd_get_pid(pidfd, &nonblock);
    if (IS_ERR_PTR(p))
        return PTR_ERR(p);
    struct task *t = p->task;
    struct mm *mm = t ? process_mm(t) : NULL;
    if (!mm)
        return -ESRCH;
    if (mm->oom_skip)
        return 0;                            /* the work is done already */
    if (!task_will_free_mem(t, mm))
        return -EINVAL;
    oom_reap_mm(mm);
    return 0;
}
