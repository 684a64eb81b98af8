/* In-kernel self-tests, chosen with ktest=all or ktest=NAME on the command
 * line. Each prints one "[PASS] name" or "[FAIL] name: why" line; then the
 * kernel leaves QEMU with the overall status (tests/run.py reads both). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "kernel/mm/uaccess.h"

#define FAIL(...) do { snprintf(why, 128, __VA_ARGS__); return false; } while (0)

/* Allocate every free page, check each is distinct, free them all. */
static bool test_pmm(char *why)
{
    uint32_t start = page_free_count(), n = 0;
    paddr_t head = 0, pa;
    while ((pa = page_alloc())) {
        uint32_t *w = P2V(pa);
        w[0] = head;                         /* chain the pages through themselves */
        w[1] = n++ ^ 0x5A5A5A5A;
        head = pa;
    }
    if (n != start || page_free_count() != 0)
        FAIL("allocated %u of %u free pages", n, start);
    for (uint32_t i = n; head; ) {
        uint32_t *w = P2V(head);
        if (w[1] != (--i ^ 0x5A5A5A5A) || page_refcount(head) != 1)
            FAIL("page %p handed out twice", (void *)head);
        paddr_t next = w[0];
        page_put(head);
        head = next;
    }
    if (page_free_count() != start)
        FAIL("free count %u after freeing, expected %u", page_free_count(), start);
    pa = page_alloc();
    page_get(pa);
    page_put(pa);
    if (page_refcount(pa) != 1 || page_free_count() != start - 1)
        FAIL("a shared page was freed while still referenced");
    page_put(pa);
    paddr_t c = page_alloc_contig(16);
    if (!c || page_free_count() != start - 16)
        FAIL("contiguous allocation of 16 pages failed");
    for (int i = 0; i < 16; i++)
        page_put(c + i * PAGE_SIZE);
    if (page_free_count() != start)
        FAIL("free count %u, expected %u", page_free_count(), start);
    snprintf(why, 128, "%u pages", start);
    return true;
}

/* Many sizes at once: no two blocks overlap, all memory comes back. */
static bool test_kmalloc(char *why)
{
    enum { N = 300 };
    static uint8_t *blk[N];
    static size_t len[N];
    uint32_t used0 = kmalloc_used();
    for (int i = 0; i < N; i++) {
        len[i] = 1 + (size_t)(i * 37) % 5000;
        blk[i] = kmalloc(len[i]);
        if (!blk[i] || ((uintptr_t)blk[i] & 7))
            FAIL("kmalloc(%u) gave %p", (unsigned)len[i], blk[i]);
        memset(blk[i], i & 0xFF, len[i]);
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (blk[i][k] != (i & 0xFF))
                FAIL("block %d (%u bytes) overwritten at %u", i, (unsigned)len[i], (unsigned)k);
    for (int i = 0; i < N; i++)
        kfree(blk[i]);
    if (kmalloc_used() != used0)
        FAIL("%u bytes still in use after freeing", kmalloc_used() - used0);
    void *p = kmalloc(100);
    kfree(p);
    void *q = kmalloc(100);
    kfree(q);
    if (p != q)
        FAIL("freed block not reused (%p then %p)", p, q);
    uint32_t free0 = page_free_count();
    void *big = kmalloc(3 * PAGE_SIZE);
    kfree(big);
    if (page_free_count() != free0)
        FAIL("large block's pages not returned");
    return true;
}

/* Map a page at a kernel window address, use it, unmap it, fault on it. */
static bool test_paging(char *why)
{
    uintptr_t va = KMAP_BASE + 0x123000;
    paddr_t pa = page_alloc_zeroed(), t;
    if (map_page(kernel_pgdir, va, pa, PTE_W) < 0)
        FAIL("map_page failed");
    *(volatile uint32_t *)(va + 8) = 0xCAFEBABE;
    if (((uint32_t *)P2V(pa))[2] != 0xCAFEBABE)
        FAIL("write through the mapping not seen in the page");
    if (!translate(kernel_pgdir, va + 8, &t) || t != pa + 8)
        FAIL("translate gave %p, expected %p", (void *)t, (void *)(pa + 8));
    uint8_t b;
    if (probe_read_byte((void *)va, &b) != 0)
        FAIL("probe of a mapped page faulted");
    unmap_page(kernel_pgdir, va);
    if (translate(kernel_pgdir, va, &t))
        FAIL("translate still succeeds after unmap");
    if (probe_read_byte((void *)va, &b) != -EFAULT)
        FAIL("access to an unmapped page did not fault");
    page_put(pa);
    return true;
}

static bool test_timer(char *why)
{
    uint32_t j0 = jiffies;
    while (jiffies < j0 + 5)
        hlt();                               /* a dead timer hangs: the harness times out */
    snprintf(why, 128, "%d Hz", HZ);
    return true;
}

static bool test_rtc(char *why)
{
    int y, mo, d, h, mi, s;
    rtc_read(&y, &mo, &d, &h, &mi, &s);
    snprintf(why, 128, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
    if (y < 2020 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
        h > 23 || mi > 59 || s > 60)
        return false;
    return rtc_epoch() > 1577836800;         /* after 2020-01-01 */
}

static bool test_fail_demo(char *why)
{
    snprintf(why, 128, "this self-test fails on purpose");
    return false;
}

static bool test_panic_demo(char *why)
{
    (void)why;
    panic("panic-demo: this panic is on purpose");
}

/* The free frames of the kernel's colours, counted one by one. */
static uint32_t count_kernel_color_free(void)
{
    uint32_t n = 0;
    for (uint32_t pfn = 0; pfn < page_frames(); pfn++)
        n += page_refcount((paddr_t)pfn << PAGE_SHIFT) == 0 && !page_hot_color((paddr_t)pfn << PAGE_SHIFT);
    return n;
}

/* Page colours (kernel/mm/page_alloc.c): the hot data page's colour is a
 * hot one; the allocator's count of free frames of the other colours is
 * exact (after pmm took every page and gave it back); and while memory is
 * mostly free, no frame the kernel takes for itself (page_alloc, a kernel
 * stack's two) has a hot colour. */
static bool test_page_colors(char *why)
{
    extern char __hot_data_start[];
    if (!page_hot_color(V2P(__hot_data_start)))
        FAIL("the hot data page's colour is not hot");
    if (page_free_kernel_color_count() != count_kernel_color_free())
        FAIL("%u free frames of kernel colours counted, %u free", page_free_kernel_color_count(),
             count_kernel_color_free());
    paddr_t pages[80], stack;
    int n = 0, bad = 0;
    while (n < 80 && (pages[n] = page_alloc()))
        bad += page_hot_color(pages[n++]);
    if ((stack = page_alloc_contig(2))) {
        bad += page_hot_color(stack) + page_hot_color(stack + PAGE_SIZE);
        page_free_contig(stack, 2);
    }
    while (n)
        page_put(pages[--n]);
    if (bad)
        FAIL("%d frames of hot colours given to the kernel", bad);
    if (page_free_kernel_color_count() != count_kernel_color_free())
        FAIL("the count is off after 80 pages came and went");
    return true;
}

bool test_ramfs(char *why);                  /* fs/ktest_fs.c */

static const struct ktest {
    const char *name;
    bool (*fn)(char *why);
    bool in_all;
} ktests[] = {
    { "pmm", test_pmm, true },
    { "page-colors", test_page_colors, true },
    { "kmalloc", test_kmalloc, true },
    { "paging", test_paging, true },
    { "timer", test_timer, true },
    { "rtc", test_rtc, true },
    { "ramfs", test_ramfs, true },
    { "fail-demo", test_fail_demo, false },
    { "panic-demo", test_panic_demo, false },
};

/* Runs the tests named by `which` ("all" or one name) and exits QEMU. */
NORETURN void ktest_run(const char *which)
{
    int failed = 0, ran = 0;
    for (size_t i = 0; i < ARRAY_SIZE(ktests); i++) {
        const struct ktest *t = &ktests[i];
        if (strcmp(which, t->name) && !(t->in_all && !strcmp(which, "all")))
            continue;
        char why[128] = "";
        bool ok = t->fn(why);
        ran++;
        failed += !ok;
        printk(ok ? "[PASS] %s%s%s\n" : "[FAIL] %s%s%s\n", t->name, why[0] ? ": " : "", why);
    }
    if (!ran) {
        printk("[FAIL] ktest: no self-test named '%s'\n", which);
        failed = 1;
    }
    printk("ktest: done\n");
    qemu_exit(failed);
}
