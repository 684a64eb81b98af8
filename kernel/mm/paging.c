/* Page tables. The kernel half (0xC0000000 up) is the same in every page
 * directory: 4 MiB pages mapping physical memory, plus a window of 4 KiB
 * kernel mappings at KMAP_BASE whose page tables exist from boot, so that
 * copying the kernel's directory entries into a new directory is enough. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/x86.h"

extern uint32_t boot_pgdir[1024];
__hot_data uint32_t *kernel_pgdir = boot_pgdir;

/* For each page frame that is a page table, which of its 32 groups of 32
 * entries may hold a present entry (bit g: entries 32g to 32g + 31), as
 * Linux keeps facts about a page table in its struct page. pgdir_walk
 * sets the bit of every entry it gives out to be filled, and clears them
 * all when it makes the table, so a clear bit is an empty group: walks
 * read only the groups in use, and a table of a large, sparsely touched
 * area costs a few groups, not 1024 entries. A set bit may be stale (the
 * entries were cleared since); pt_forget() clears bits on unmap. */
static uint32_t *pt_groups;

#define GROUP(i) ((i) >> 5)                 /* entry index -> group */

/* The bits of groups first to last - 1 (first < last <= 32). */
static uint32_t group_bits(unsigned first, unsigned last)
{
    return (~0u << first) & (~0u >> (32 - last));
}

void paging_init(void)
{
    uint32_t pages = PAGE_ALIGN(page_frames() * sizeof *pt_groups) >> PAGE_SHIFT;
    paddr_t groups = page_alloc_contig(pages);
    assert(groups);
    pt_groups = P2V(groups);
    memset(pt_groups, 0, pages << PAGE_SHIFT);
    kernel_pgdir[0] = 0;                    /* drop the boot identity map */
    for (int i = 0; i < KMAP_PDES; i++) {
        paddr_t pt = page_alloc_zeroed();
        assert(pt);
        kernel_pgdir[PDX(KMAP_BASE) + i] = pt | PTE_P | PTE_W;
    }
    write_cr3(V2P(kernel_pgdir));
}

/* The page-table entry for va, creating its page table if asked.
 * Returns NULL when there is none (or no memory to make one). With
 * create, the caller means to make the entry present: its group is
 * marked for walk_ptes. Callers without create only read or change
 * entries that are present already. */
uint32_t *pgdir_walk(uint32_t *pgdir, uintptr_t va, bool create)
{
    uint32_t *pde = &pgdir[PDX(va)];
    if (!(*pde & PTE_P)) {
        if (!create)
            return NULL;
        paddr_t pt = page_alloc_zeroed();
        if (!pt)
            return NULL;
        pt_groups[pt >> PAGE_SHIFT] = 0;
        *pde = pt | PTE_P | PTE_W | (va < KERNEL_VMA ? PTE_U : 0);
    }
    if (*pde & PTE_PS)
        return NULL;
    if (create)
        pt_groups[*pde >> PAGE_SHIFT] |= 1u << GROUP(PTX(va));
    return (uint32_t *)P2V(PTE_ADDR(*pde)) + PTX(va);
}

/* Maps one page; the caller owns the reference on pa. -ENOMEM when no
 * page table could be made. */
int map_page(uint32_t *pgdir, uintptr_t va, paddr_t pa, uint32_t flags)
{
    uint32_t *pte = pgdir_walk(pgdir, va, true);
    if (!pte)
        return -ENOMEM;
    *pte = PTE_ADDR(pa) | flags | PTE_P;
    invlpg(va);
    return 0;
}

uint32_t unmap_page(uint32_t *pgdir, uintptr_t va)
{
    uint32_t *pte = pgdir_walk(pgdir, va, false);
    if (!pte)
        return 0;
    uint32_t old = *pte;
    *pte = 0;
    invlpg(va);
    return old;
}

/* Whether none of the eight entries from p on is present: one branch on
 * their OR, where a test per entry would take eight branches and loop
 * steps, which under TCG cost more than the loads. */
static inline bool none_present8(const uint32_t *p)
{
    return !((p[0] | p[1] | p[2] | p[3] | p[4] | p[5] | p[6] | p[7]) & PTE_P);
}

/* walk_ptes on entries [i, n) of one page table pt, which maps base:
 * the groups in use, and in them each eight entries that hold one. */
static int walk_table(uint32_t *pt, uintptr_t base, unsigned i, unsigned n,
                      int (*fn)(uint32_t *pte, uintptr_t va, void *arg), void *arg)
{
    uint32_t groups = pt_groups[V2P(pt) >> PAGE_SHIFT] & group_bits(GROUP(i), GROUP(n - 1) + 1);
    while (groups) {
        unsigned g = __builtin_ctz(groups), end = MIN(g * 32 + 32, n);
        groups &= groups - 1;
        for (unsigned j = MAX(i, g * 32); j < end; j++) {
            if (j % 8 == 0 && j + 8 <= end && none_present8(&pt[j])) {
                j += 7;                      /* with the loop's step: the next eight */
            } else if (pt[j] & PTE_P) {
                int r = fn(&pt[j], base + (j << PAGE_SHIFT), arg);
                if (r < 0)
                    return r;
            }
        }
    }
    return 0;
}

int walk_ptes(uint32_t *pgdir, uintptr_t start, uintptr_t end,
              int (*fn)(uint32_t *pte, uintptr_t va, void *arg), void *arg)
{
    for (uintptr_t va = start; va < end;) {
        uintptr_t base = va & ~0x3FFFFFu, next = MIN(base + 0x400000u, end);
        uint32_t pde = pgdir[PDX(va)];
        if ((pde & PTE_P) && !(pde & PTE_PS)) {
            int r = walk_table(P2V(PTE_ADDR(pde)), base, PTX(va), PTX(next - 1) + 1, fn, arg);
            if (r < 0)
                return r;
        }
        va = next;
    }
    return 0;
}

void pt_forget(uint32_t *pgdir, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start; va < end;) {
        uintptr_t base = va & ~0x3FFFFFu, next = MIN(base + 0x400000u, end);
        uint32_t pde = pgdir[PDX(va)];
        unsigned first = GROUP(PTX(va) + 31), last = GROUP(PTX(next - 1) + 1);   /* the whole groups */
        if ((pde & PTE_P) && !(pde & PTE_PS) && first < last)
            pt_groups[pde >> PAGE_SHIFT] &= ~group_bits(first, last);
        va = next;
    }
}

bool translate(uint32_t *pgdir, uintptr_t va, paddr_t *pa)
{
    uint32_t pde = pgdir[PDX(va)];
    if (!(pde & PTE_P))
        return false;
    if (pde & PTE_PS) {
        *pa = (pde & 0xFFC00000u) | (va & 0x3FFFFF);
        return true;
    }
    uint32_t pte = ((uint32_t *)P2V(PTE_ADDR(pde)))[PTX(va)];
    if (!(pte & PTE_P))
        return false;
    *pa = PTE_ADDR(pte) | (va & 0xFFF);
    return true;
}

uint32_t *pgdir_create(void)
{
    paddr_t pa = page_alloc_zeroed();
    if (!pa)
        return NULL;
    uint32_t *pd = P2V(pa);
    memcpy(pd + PDX(KERNEL_VMA), kernel_pgdir + PDX(KERNEL_VMA), (1024 - PDX(KERNEL_VMA)) * 4);
    return pd;
}

__hot void pgdir_switch(uint32_t *pgdir)
{
    write_cr3(V2P(pgdir));
}
