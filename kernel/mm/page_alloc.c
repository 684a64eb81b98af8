/* The physical page allocator. One reference count per page frame
 * (page_ref[]): 0 means free, REF_RESERVED marks memory that is not ours
 * (BIOS, kernel image, modules). Copy-on-write fork shares a frame by
 * raising its count; the last page_put() frees it. Counts are 32 bits, as
 * Linux's: every reference is a page-table entry or a kernel record of at
 * least 4 bytes, so 896 MiB cannot hold 2^32 - 1 of them (a 16-bit count
 * overflowed at 65,535 shared mappings of one page).
 *
 * The last free pages are kept for the kernel's own structures (Linux's
 * min_free_kbytes): user memory may not take the last `reserve` pages,
 * buffers and file data not the last 2 * reserve, so that when pipes or
 * files have taken the rest, programs can still fault pages in, and when
 * programs have, the kernel can still make a process and end one (the OOM
 * killer, kernel/mm/oom_kill.c). Allocation takes a frame freed lately
 * when there is one, else scans for a free frame from a moving hint:
 * simple, and fast enough for 896 MiB. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/multiboot.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/clock_data.h"

#define REF_RESERVED 0xFFFFFFFFu
#define POISON_PAGE  0x6B
#define MAX_PHYS     (896u << 20)          /* the direct-mapped limit */

static uint32_t *page_ref;
static uint32_t npages, nfree, ntotal, hint;
static uint32_t low_free;                  /* no frame below it is free: where runs are sought */
static uint32_t last_run, last_run_len;    /* the run page_free_contig gave back last */
static uint32_t reserve;                   /* pages user memory may not take */

/* Frames freed lately, the first to be given out again, last freed first
 * (as Linux's per-CPU page lists): a fork after an exit takes back the
 * frames the exit freed without a scan, which would cross every frame in
 * use between the hint and the next free one. An entry may be stale (the
 * scan took the frame since): a frame is taken from here only if free. */
#define RECENT_MAX 64
static uint32_t recent[RECENT_MAX], nrecent;

/* Page colours against QEMU's software TLB. Under TCG the TLB of each
 * privilege is direct-mapped and shrinks to 64 entries when few pages are
 * in use, as on a round trip: virtual page v goes in entry v mod 64. Two
 * pages a round trip touches that share an entry evict each other on
 * every alternate access (a 0.6 us, 7 % longer pipe round trip when a
 * pipe's pages fell on the entries of the hot data page and the vDSO's
 * clock page, docs/performance.md). The kernel's own hot pages are fixed:
 * the __hot text, the __hot_data page, the clock page, the first task
 * slots. So the frames the kernel takes for its objects (kmalloc's pages,
 * kernel stacks, page tables) are of the other colours while there are
 * such frames, as classic page colouring keeps a program's pages from
 * sharing a direct-mapped cache's sets. User memory, reached through user
 * addresses, and buffers (pipe rings, file data) take any frame: they are
 * most of memory, and coloured they would leave the free frames in short
 * runs, where exec's large allocations would not fit. A frame's colour is
 * its entry: the kernel's address of a frame is the physical one plus
 * 0xC0000000, a multiple of 64 pages. */
#define TLB_COLORS 64
static uint64_t hot_colors;                 /* bit c: a hot page of the kernel has colour c */
static uint32_t nfree_kernel_color;         /* free frames of the other colours */

static bool kernel_color(uint32_t pfn)
{
    return !(hot_colors >> (pfn % TLB_COLORS) & 1);
}

static void mark_hot(const void *start, const void *end)
{
    for (uintptr_t v = PAGE_DOWN((uintptr_t)start); v < (uintptr_t)end; v += PAGE_SIZE)
        hot_colors |= 1ull << ((v >> PAGE_SHIFT) % TLB_COLORS);
}

bool page_hot_color(paddr_t pa)
{
    return !kernel_color(pa >> PAGE_SHIFT);
}

uint32_t page_free_kernel_color_count(void)
{
    return nfree_kernel_color;
}

/* The colours of the kernel image's hot pages (linker.ld names them). */
static void hot_colors_init(void)
{
    extern char __hot_text_start[], __hot_text_end[], __hot_data_start[], __hot_data_end[];
    mark_hot(__hot_text_start, __hot_text_end);
    mark_hot(__hot_data_start, __hot_data_end);
    mark_hot(&vdso_time_page, &vdso_time_page + 1);
    mark_hot(&tasks[0], &tasks[8]);          /* init, the shell and the first programs */
    nfree_kernel_color = 0;
    for (uint32_t pfn = 0; pfn < npages; pfn++)
        nfree_kernel_color += page_ref[pfn] == 0 && kernel_color(pfn);
}

static void mark(uint32_t pfn, uint32_t ref)
{
    if (pfn >= npages)
        return;
    if (page_ref[pfn] == 0 && ref != 0) {
        nfree--;
        nfree_kernel_color -= kernel_color(pfn);
    }
    if (page_ref[pfn] != 0 && ref == 0) {
        nfree++;
        nfree_kernel_color += kernel_color(pfn);
    }
    if (ref == 0 && pfn < low_free) low_free = pfn;
    page_ref[pfn] = ref;
}

/* Reserved pages are not ours and do not count in the total (MemTotal,
 * sysinfo's totalram); a reserved range given back later (the boot
 * modules, once unpacked) counts from then on, as Linux's totalram_pages
 * grows when the initrd is freed. */
void page_reserve_range(paddr_t start, paddr_t end)
{
    for (uint32_t p = start >> PAGE_SHIFT; p < PAGE_ALIGN(end) >> PAGE_SHIFT; p++) {
        if (p < npages && page_ref[p] != REF_RESERVED)
            ntotal--;
        mark(p, REF_RESERVED);
    }
}

void page_release_range(paddr_t start, paddr_t end)
{
    for (uint32_t p = PAGE_ALIGN(start) >> PAGE_SHIFT; p < end >> PAGE_SHIFT; p++)
        if (p < npages && page_ref[p] == REF_RESERVED) {
            mark(p, 0);
            ntotal++;
        }
}

/* The first physical address above the kernel, the modules and the
 * Multiboot structures: where the reference-count array may go. */
static paddr_t boot_data_end(struct multiboot_info *mbi, paddr_t end)
{
    end = MAX(end, mbi->mmap_addr + mbi->mmap_length);
    if (mbi->flags & MB_INFO_CMDLINE)
        end = MAX(end, mbi->cmdline + strlen(P2V(mbi->cmdline)) + 1);
    if (mbi->flags & MB_INFO_MODS) {
        struct multiboot_module *mod = P2V(mbi->mods_addr);
        end = MAX(end, mbi->mods_addr + mbi->mods_count * sizeof *mod);
        for (uint32_t i = 0; i < mbi->mods_count; i++) {
            end = MAX(end, mod[i].mod_end);
            if (mod[i].string)
                end = MAX(end, mod[i].string + strlen(P2V(mod[i].string)) + 1);
        }
    }
    return end;
}

/* Linux's default min_free_kbytes, sqrt(16 * KiB of memory) within
 * [128 KiB, 64 MiB], in pages: 344 of 116 MiB. */
static uint32_t reserve_for(uint32_t pages)
{
    uint32_t kb16 = pages * 4 * 16, r = 0;
    while ((r + 1) * (r + 1) <= kb16)
        r++;
    return MIN(MAX(r, 128u), 65536u) / 4;
}

/* Builds the allocator from the Multiboot memory map. Everything starts
 * reserved; usable RAM above 1 MiB is released, then the kernel image, the
 * reference-count array itself, and the boot modules are reserved again. */
void page_alloc_init(uint32_t mb_info_pa)
{
    struct multiboot_info *mbi = P2V(mb_info_pa);
    extern char _kernel_end[];
    uint32_t top = 0;

    if (!(mbi->flags & MB_INFO_MMAP))
        panic("boot loader gave no memory map");
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        struct multiboot_mmap *m = P2V(mbi->mmap_addr + off);
        if (m->type == 1 && m->addr < MAX_PHYS) {
            uint64_t end = m->addr + m->len;
            if (end > MAX_PHYS) end = MAX_PHYS;
            if (end > top) top = (uint32_t)end;
        }
        off += m->size + 4;
    }
    npages = top >> PAGE_SHIFT;
    page_ref = P2V(PAGE_ALIGN(boot_data_end(mbi, V2P(_kernel_end))));
    for (uint32_t i = 0; i < npages; i++)
        page_ref[i] = REF_RESERVED;
    nfree = ntotal = 0;
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        struct multiboot_mmap *m = P2V(mbi->mmap_addr + off);
        if (m->type == 1 && m->addr < MAX_PHYS) {
            uint64_t end = m->addr + m->len;
            uint32_t s = m->addr < 0x100000 ? 0x100000 : (uint32_t)m->addr;
            page_release_range(s, end > MAX_PHYS ? MAX_PHYS : (uint32_t)end);
        }
        off += m->size + 4;
    }
    page_reserve_range(0x100000, V2P(page_ref + npages));
    if (mbi->flags & MB_INFO_MODS) {
        struct multiboot_module *mod = P2V(mbi->mods_addr);
        for (uint32_t i = 0; i < mbi->mods_count; i++)
            page_reserve_range(mod[i].mod_start, mod[i].mod_end);
    }
    hint = 0;
    reserve = reserve_for(ntotal);
    hot_colors_init();
}

static paddr_t take(uint32_t pfn)
{
    mark(pfn, 1);
    return (paddr_t)pfn << PAGE_SHIFT;
}

/* One free frame, if more than `keep` pages are free, else 0: one of
 * the frames freed lately, else the next free one from the hint on. For
 * the kernel's own objects (`kernel`), a frame of a colour the kernel's
 * hot pages do not have when one is free. Never sleeps. */
static paddr_t alloc_keeping(uint32_t keep, bool kernel)
{
    uint32_t f = irq_save();
    paddr_t pa = 0;
    for (uint32_t i = nrecent; !pa && i > 0 && nfree > keep; i--) {
        uint32_t pfn = recent[i - 1];
        bool stale = page_ref[pfn] != 0;     /* taken by a scan since */
        if (!stale && kernel && !kernel_color(pfn))
            continue;                        /* left for user memory */
        recent[i - 1] = recent[--nrecent];
        if (!stale)
            pa = take(pfn);
    }
    for (int pass = kernel && nfree_kernel_color ? 0 : 1; !pa && pass < 2; pass++)
        for (uint32_t i = 0, pfn = hint; !pa && i < npages && nfree > keep; i++) {
            if (page_ref[pfn] == 0 && (pass || kernel_color(pfn))) {
                pa = take(pfn);
                hint = pfn;                  /* in use now: the next scan steps over it */
            }
            pfn = pfn + 1 < npages ? pfn + 1 : 0;
        }
    irq_restore(f);
    return pa;
}

static paddr_t zeroed(paddr_t pa)
{
    if (pa)
        memset(P2V(pa), 0, PAGE_SIZE);
    return pa;
}

paddr_t page_alloc(void) { return alloc_keeping(0, true); }
paddr_t page_alloc_zeroed(void) { return zeroed(page_alloc()); }
paddr_t page_alloc_user(void) { return alloc_keeping(reserve, false); }
paddr_t page_alloc_user_zeroed(void) { return zeroed(page_alloc_user()); }
paddr_t page_alloc_buffer(void) { return alloc_keeping(2 * reserve, false); }
paddr_t page_alloc_buffer_zeroed(void) { return zeroed(page_alloc_buffer()); }
bool page_user_exhausted(void) { return nfree <= reserve; }
uint32_t page_reserve_count(void) { return reserve; }

/* n frames in a row (kmalloc's large blocks: a TCP segment is five): the
 * run freed last when it is long enough and still free (a packet freed
 * after its read is the next one's), else the first run from low_free
 * on, which steps over the frames in use at the bottom of memory (the
 * kernel, the boot modules) once, not at each call. */
paddr_t page_alloc_contig(uint32_t n)
{
    uint32_t f = irq_save();
    paddr_t pa = 0;
    if (n <= last_run_len) {                 /* the run freed last, if it still is free */
        uint32_t i = 0;
        while (i < n && page_ref[last_run + i] == 0)
            i++;
        if (i == n) {
            for (i = 0; i < n; i++)
                take(last_run + i);
            pa = (paddr_t)last_run << PAGE_SHIFT;
            last_run_len = 0;
            irq_restore(f);
            return pa;
        }
    }
    while (low_free < npages && page_ref[low_free] != 0)
        low_free++;
    for (int pass = n <= 2 && nfree_kernel_color >= n ? 0 : 1; !pa && pass < 2; pass++)   /* a kernel stack: kernel colours first */
        for (uint32_t start = 0, run = 0, pfn = low_free; pfn < npages; pfn++) {
            if (page_ref[pfn] != 0 || (!pass && !kernel_color(pfn))) { run = 0; continue; }
            if (run++ == 0) start = pfn;
            if (run == n) {
                for (uint32_t i = start; i <= pfn; i++) take(i);
                pa = (paddr_t)start << PAGE_SHIFT;
                break;
            }
        }
    irq_restore(f);
    return pa;
}

void page_free_contig(paddr_t pa, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        page_put(pa + i * PAGE_SIZE);
    uint32_t f = irq_save();
    if (page_ref[pa >> PAGE_SHIFT] == 0) {   /* (no one else holds its first frame) */
        last_run = pa >> PAGE_SHIFT;
        last_run_len = n;
    }
    irq_restore(f);
}

void page_get(paddr_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    assert(pfn < npages && page_ref[pfn] != 0 && page_ref[pfn] < REF_RESERVED - 1);
    page_ref[pfn]++;
}

void page_put(paddr_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    assert(pfn < npages && page_ref[pfn] != 0 && page_ref[pfn] != REF_RESERVED);
    uint32_t f = irq_save();
    if (page_ref[pfn] > 1) {
        page_ref[pfn]--;
    } else {
        if (DEBUG_ON)
            memset(P2V(pa & ~0xFFFu), POISON_PAGE, PAGE_SIZE);   /* stale users read garbage */
        mark(pfn, 0);                        /* the free counts and low_free */
        if (pfn < hint) hint = pfn;
        if (nrecent < RECENT_MAX)
            recent[nrecent++] = pfn;
    }
    irq_restore(f);
}

uint32_t page_refcount(paddr_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    return pfn < npages ? page_ref[pfn] : 0;
}

uint32_t page_free_count(void) { return nfree; }
uint32_t page_frames(void) { return npages; }
uint32_t page_total_count(void) { return ntotal; }
