/* The system-wide texts of /proc: stat, meminfo, uptime and loadavg, in
 * Linux 6.1's formats for a uniprocessor i386 without swap, high memory
 * or huge pages (fs/proc/{stat,meminfo,uptime,loadavg}.c). /proc/stat
 * ends with two lines of Pipit's own (syscalls, page_faults) that the
 * benchmarks read. fs/proc.c calls these. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "fs/proc.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

extern uint32_t syscall_count, page_fault_count, fork_count;
extern uint32_t irq_counts[16];             /* kernel/trap.c */
extern uint32_t kstat_user, kstat_system;   /* kernel/sched.c: ticks of tasks but idle */

/* Counts the live tasks and those running (/proc/stat, /proc/loadavg). */
static void count_tasks(int *procs, int *running, int *blocked)
{
    *procs = *running = *blocked = 0;
    for (int i = 1; i < task_slots_used(); i++) {
        *procs += tasks[i].state != TASK_UNUSED && tasks[i].pid > 0;
        *running += tasks[i].state == TASK_RUNNING;
        *blocked += tasks[i].state == TASK_UNINTERRUPTIBLE && tasks[i].pid > 0;
    }
}

/* The cpu line and the one cpu0 line, the interrupts of the 16 PIC
 * lines, then Linux's counters. Times are in clock ticks (USER_HZ). */
int proc_stat_sys_show(char *buf, int size)
{
    int procs, running, blocked;
    count_tasks(&procs, &running, &blocked);
    uint32_t idle = (uint32_t)(task_cputime_ns(&tasks[0], NULL, NULL) / TICK_NSEC), total = 0;
    for (int i = 0; i < 16; i++)
        total += irq_counts[i];
    int n = snprintf(buf, size, "cpu  %u 0 %u %u 0 0 0 0 0 0\ncpu0 %u 0 %u %u 0 0 0 0 0 0\nintr %u",
                     kstat_user, kstat_system, idle, kstat_user, kstat_system, idle, total);
    for (int i = 0; i < 16; i++)
        n += snprintf(buf + n, size - n, " %u", irq_counts[i]);
    return n + snprintf(buf + n, size - n, "\nctxt %u\nbtime %u\nprocesses %u\nprocs_running %d\n"
                        "procs_blocked %d\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\nsyscalls %u\npage_faults %u\n",
                        context_switches, (uint32_t)(time_now().sec - jiffies / HZ), fork_count,
                        running, blocked, syscall_count, page_fault_count);
}

int proc_loadavg_show(char *buf, int size)
{
    int procs, running, blocked;
    count_tasks(&procs, &running, &blocked);
    return snprintf(buf, size, "0.00 0.00 0.00 %d/%d %d\n", running, procs, last_pid_used());
}

/* Seconds since boot (as the reader's time namespace has it) and
 * seconds the CPU was idle, to the hundredth. */
int proc_uptime_show(char *buf, int size)
{
    uint64_t up = (uint64_t)((int64_t)jiffies * TICK_NSEC + timens_offset(CLOCK_BOOTTIME)) / (NSEC_PER_SEC / 100);
    uint32_t idle = (uint32_t)(task_cputime_ns(&tasks[0], NULL, NULL) / TICK_NSEC);
    return snprintf(buf, size, "%llu.%02u %u.%02u\n", (unsigned long long)(up / 100), (uint32_t)(up % 100),
                    idle / HZ, idle % HZ);
}

/* The user memory of every address space, each counted once: resident
 * pages by kind, page tables, and what Linux would have committed
 * (private writable mappings). */
struct mm_totals { struct rss rss; uint32_t pte, committed; };

static void mm_totals(struct mm_totals *t)
{
    static uint32_t walk;                    /* this walk's mark: each mm once */
    walk++;
    memset(t, 0, sizeof *t);
    for (int i = 1; i < task_slots_used(); i++) {
        struct mm *mm = tasks[i].state == TASK_UNUSED || tasks[i].state == TASK_ZOMBIE ? NULL : tasks[i].mm;
        if (!mm || mm->walk_mark == walk)
            continue;
        mm->walk_mark = walk;
        struct rss r;
        proc_rss(mm, &r);
        t->rss.anon += r.anon, t->rss.file += r.file, t->rss.shmem += r.shmem;
        t->pte += proc_pte_pages(mm);
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if ((a->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
                t->committed += (a->end - a->start) >> PAGE_SHIFT;
    }
}

#define KB_LINE(name) name "%8u kB\n"

/* Linux's meminfo lines, in kB. The ramfs is counted as tmpfs is, in
 * Cached and in Shmem with shared memory, on the anonymous LRU; nothing
 * of it can be reclaimed, so MemAvailable is MemFree. kmalloc's pages are
 * unreclaimable slab; the kernel maps memory with 4 MiB pages. */
int proc_meminfo_show(char *buf, int size)
{
    struct mm_totals m;
    mm_totals(&m);
    int procs, running, blocked;
    count_tasks(&procs, &running, &blocked);
    uint32_t total = page_total_count() * 4, free = page_free_count() * 4;
    uint32_t shared = mem_shared_pages() * 4, slab = kmalloc_pages() * 4, anon = m.rss.anon * 4;
    return snprintf(buf, size,
        KB_LINE("MemTotal:       ") KB_LINE("MemFree:        ") KB_LINE("MemAvailable:   ")
        KB_LINE("Buffers:        ") KB_LINE("Cached:         ") KB_LINE("SwapCached:     ")
        KB_LINE("Active:         ") KB_LINE("Inactive:       ") KB_LINE("Active(anon):   ")
        KB_LINE("Inactive(anon): ") KB_LINE("Active(file):   ") KB_LINE("Inactive(file): ")
        KB_LINE("Unevictable:    ") KB_LINE("Mlocked:        ") KB_LINE("SwapTotal:      ")
        KB_LINE("SwapFree:       ") KB_LINE("Dirty:          ") KB_LINE("Writeback:      ")
        KB_LINE("AnonPages:      ") KB_LINE("Mapped:         ") KB_LINE("Shmem:          ")
        KB_LINE("KReclaimable:   ") KB_LINE("Slab:           ") KB_LINE("SReclaimable:   ")
        KB_LINE("SUnreclaim:     ") KB_LINE("KernelStack:    ") KB_LINE("PageTables:     ")
        KB_LINE("SecPageTables:  ") KB_LINE("NFS_Unstable:   ") KB_LINE("Bounce:         ")
        KB_LINE("WritebackTmp:   ") KB_LINE("CommitLimit:    ") KB_LINE("Committed_AS:   ")
        KB_LINE("VmallocTotal:   ") KB_LINE("VmallocUsed:    ") KB_LINE("VmallocChunk:   ")
        KB_LINE("Percpu:         ") KB_LINE("DirectMap4k:    ") KB_LINE("DirectMap4M:    "),
        total, free, free, 0u, shared, 0u, anon + shared, 0u, anon + shared, 0u, 0u, 0u, 0u, 0u,
        0u, 0u, 0u, 0u, anon, (m.rss.file + m.rss.shmem) * 4, shared, 0u, slab, 0u, slab,
        (uint32_t)procs * (KSTACK_SIZE / 1024), m.pte * 4, 0u, 0u, 0u, 0u, total / 2,
        m.committed * 4, KMAP_PDES * 4096u, 0u, 0u, 0u, 0u, (total + 4095) / 4096 * 4096);
}
