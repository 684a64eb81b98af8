/* What the page tables say about a process's memory: resident pages by
 * kind (anonymous, file, shared memory) for /proc/<pid>/stat, statm and
 * status, and the per-mapping accounts of /proc/<pid>/smaps and
 * smaps_rollup, in Linux 6.1's fields and format. fs/proc.c calls these. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "fs/vfs.h"
#include "fs/proc.h"
#include "kernel/mm/secretmem.h"

#define PTE_A 0x020                          /* accessed (the CPU sets it) */
#define PTE_D 0x040                          /* dirty */
#define PSS_SHIFT 12                         /* Linux's fixed point for Pss */

/* The present PTE for va in mm, or 0; *next is where the walk goes on
 * (the next page, or the next page table when this one is missing). */
static uint32_t pte_of(struct mm *mm, uintptr_t va, uintptr_t *next)
{
    uint32_t pde = mm->pgdir[PDX(va)];
    if (!(pde & PTE_P) || (pde & PTE_PS)) {
        *next = (va & ~0x3FFFFFu) + 0x400000u;
        return 0;
    }
    *next = va + PAGE_SIZE;
    uint32_t pte = ((uint32_t *)P2V(PTE_ADDR(pde)))[PTX(va)];
    return pte & PTE_P ? pte : 0;
}

/* What kind of page the present entry pte of area a maps: a private
 * mapping of a file holds the file's own pages until a write copies one
 * (writable, or no longer the file's: one reference); areas with other
 * operations map shared memory objects (shmem, System V shm). */
int proc_page_kind(struct vm_area *a, uint32_t pte)
{
    if (!a->ops)
        return PK_ANON;
    if (vma_is_secretmem(a))
        return PK_FILE;                      /* a file's pages in Linux's page cache, not swap-backed */
    if (a->ops != &file_vm_ops)
        return PK_SHMEM;
    if (!(a->flags & VM_SHARED) && ((pte & PTE_W) || page_refcount(PTE_ADDR(pte)) == 1))
        return PK_ANON;
    return PK_FILE;
}

/* How many address spaces map the page of pte: its references, less the
 * one its file or shared memory object holds. At least 1. */
uint32_t proc_page_mapcount(int kind, uint32_t pte)
{
    uint32_t refs = page_refcount(PTE_ADDR(pte));
    if (kind != PK_ANON && refs > 1)
        refs--;
    return refs ? refs : 1;
}

void proc_rss(struct mm *mm, struct rss *r)
{
    r->anon = r->file = r->shmem = 0;
    for (struct vm_area *a = mm ? mm->areas : NULL; a; a = a->next)
        for (uintptr_t va = a->start, next; va < a->end; va = next) {
            uint32_t pte = pte_of(mm, va, &next);
            if (!pte)
                continue;
            int k = proc_page_kind(a, pte);
            (*(k == PK_ANON ? &r->anon : k == PK_FILE ? &r->file : &r->shmem))++;
        }
}

uint32_t proc_pte_pages(struct mm *mm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; mm && i < PDX(USER_TOP); i++)
        n += (mm->pgdir[i] & PTE_P) != 0;
    return n;
}

/* The counters of smaps, in bytes (Pss in bytes << PSS_SHIFT). */
struct mem_size_stats {
    uint64_t resident, shared_clean, shared_dirty, private_clean, private_dirty;
    uint64_t referenced, anonymous, pss, pss_dirty, pss_anon, pss_file, pss_shmem;
};

/* Adds the present pages of area a to mss, as Linux's smaps_account: a
 * page mapped more than once is shared and counts for a share of it in
 * Pss. */
static void smaps_area(struct mm *mm, struct vm_area *a, struct mem_size_stats *mss)
{
    for (uintptr_t va = a->start, next; va < a->end; va = next) {
        uint32_t pte = pte_of(mm, va, &next);
        if (!pte)
            continue;
        int k = proc_page_kind(a, pte);
        uint32_t mapcount = proc_page_mapcount(k, pte);
        bool dirty = pte & PTE_D;
        uint64_t pss = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / mapcount;
        mss->resident += PAGE_SIZE;
        mss->referenced += pte & PTE_A ? PAGE_SIZE : 0;
        mss->anonymous += k == PK_ANON ? PAGE_SIZE : 0;
        mss->pss += pss;
        mss->pss_dirty += dirty ? pss : 0;
        *(k == PK_ANON ? &mss->pss_anon : k == PK_FILE ? &mss->pss_file : &mss->pss_shmem) += pss;
        if (mapcount >= 2)
            *(dirty ? &mss->shared_dirty : &mss->shared_clean) += PAGE_SIZE;
        else
            *(dirty ? &mss->private_dirty : &mss->private_clean) += PAGE_SIZE;
    }
}

#define KB(x) ((uint32_t)((x) >> 10))

/* The counters, as Linux's __show_smap prints them (rollup adds the Pss
 * of each kind). Pipit has no swap, huge pages or locked memory. */
static int show_mss(struct mem_size_stats *m, bool rollup, char *buf, int size)
{
    int n = snprintf(buf, size, "Rss:            %8u kB\nPss:            %8u kB\n"
                     "Pss_Dirty:      %8u kB\n", KB(m->resident), KB(m->pss >> PSS_SHIFT),
                     KB(m->pss_dirty >> PSS_SHIFT));
    if (rollup && n < size)
        n += snprintf(buf + n, size - n, "Pss_Anon:       %8u kB\nPss_File:       %8u kB\n"
                      "Pss_Shmem:      %8u kB\n", KB(m->pss_anon >> PSS_SHIFT),
                      KB(m->pss_file >> PSS_SHIFT), KB(m->pss_shmem >> PSS_SHIFT));
    if (n < size)
        n += snprintf(buf + n, size - n,
                      "Shared_Clean:   %8u kB\nShared_Dirty:   %8u kB\nPrivate_Clean:  %8u kB\n"
                      "Private_Dirty:  %8u kB\nReferenced:     %8u kB\nAnonymous:      %8u kB\n"
                      "LazyFree:       %8u kB\nAnonHugePages:  %8u kB\nShmemPmdMapped: %8u kB\n"
                      "FilePmdMapped:  %8u kB\nShared_Hugetlb: %8u kB\nPrivate_Hugetlb: %7u kB\n"
                      "Swap:           %8u kB\nSwapPss:        %8u kB\nLocked:         %8u kB\n",
                      KB(m->shared_clean), KB(m->shared_dirty), KB(m->private_clean),
                      KB(m->private_dirty), KB(m->referenced), KB(m->anonymous), 0u, 0u, 0u,
                      0u, 0u, 0u, 0u, 0u, 0u);
    return n;
}

/* VmFlags: Linux's two-letter names of the area's vm_flags, in bit order.
 * Every mapping may be read (mr) and executed (me) but a file's on a
 * noexec mount (memfd_secret's too); a private one may be
 * made writable (mw) and is accounted (ac) once it was writable, unless
 * MAP_NORESERVE (nr); a
 * shared one is "sh" only when it may write (Pipit's VM_MAYWRITE) or its
 * file is open for writing (VM_SHARED_RW: F_SEAL_FUTURE_WRITE took
 * VM_MAYWRITE, Linux's VM_SHARED stays). */
static int vm_flags_line(struct vm_area *a, char *buf, int size)
{
    bool shared = a->flags & VM_SHARED, maywrite = !shared || (a->flags & VM_MAYWRITE);
    const struct { bool on; const char *name; } f[] = {
        { a->flags & VM_READ, "rd" }, { a->flags & VM_WRITE, "wr" }, { a->flags & VM_EXEC, "ex" },
        { shared && (maywrite || (a->flags & VM_SHARED_RW)), "sh" }, { true, "mr" }, { maywrite, "mw" },
        { !(a->flags & VM_NOEXEC_MNT), "me" },
        { shared, "ms" }, { a->flags & VM_GROWSDOWN, "gd" }, { a->flags & VM_LOCKED, "lo" },
        { a->flags & VM_IO, "io" },
        { a->flags & VM_DONTCOPY, "dc" }, { a->flags & VM_DONTEXPAND, "de" }, { a->flags & VM_ACCOUNT, "ac" },
        { a->flags & VM_NORESERVE, "nr" }, { a->flags & VM_WIPEONFORK, "wf" },
        { a->flags & VM_DONTDUMP, "dd" },
    };
    int n = snprintf(buf, size, "VmFlags: ");
    for (size_t i = 0; i < ARRAY_SIZE(f) && n < size; i++)
        if (f[i].on)
            n += snprintf(buf + n, size - n, "%s ", f[i].name);
    return n < size ? n + snprintf(buf + n, size - n, "\n") : n;
}

/* One mapping of smaps: its maps line, sizes, counters, THPeligible and
 * VmFlags. */
static int smaps_entry(struct mm *mm, struct vm_area *a, char *buf, int size)
{
    struct mem_size_stats mss = { 0 };
    smaps_area(mm, a, &mss);
    int n = proc_map_line(mm, a, buf, size);
    if (n < size)
        n += snprintf(buf + n, size - n, "Size:           %8u kB\nKernelPageSize: %8u kB\n"
                      "MMUPageSize:    %8u kB\n", (uint32_t)(a->end - a->start) >> 10,
                      PAGE_SIZE >> 10, PAGE_SIZE >> 10);
    if (n < size)
        n += show_mss(&mss, false, buf + n, size - n);
    if (n < size)
        n += snprintf(buf + n, size - n, "THPeligible:    0\n");
    return n < size ? n + vm_flags_line(a, buf + n, size - n) : n;
}

int proc_smaps_show(struct task *t, char *buf, int size)
{
    int n = 0;
    if (!t->mm || t->state == TASK_ZOMBIE)
        return 0;
    for (struct vm_area *a = t->mm->areas; a && n < size; a = a->next)
        n += smaps_entry(t->mm, a, buf + n, size - n);
    return n;
}

/* smaps_rollup: one header line from the first mapping's start to the
 * last one's end, named [rollup] at the column of maps' names, then the
 * counters of every mapping summed. */
int proc_smaps_rollup_show(struct task *t, char *buf, int size)
{
    struct mem_size_stats mss = { 0 };
    uintptr_t first = 0, last = 0;
    if (!t->mm || t->state == TASK_ZOMBIE)
        return 0;
    for (struct vm_area *a = t->mm->areas; a; a = a->next) {
        first = first ? first : a->start;
        last = a->end;
        smaps_area(t->mm, a, &mss);
    }
    int n = snprintf(buf, size, "%08x-%08x ---p 00000000 00:00 0", (uint32_t)first, (uint32_t)last);
    while (n < 49 && n < size - 1)
        buf[n++] = ' ';
    n += snprintf(buf + n, size - n, "[rollup]\n");
    return n < size ? n + show_mss(&mss, true, buf + n, size - n) : n;
}
