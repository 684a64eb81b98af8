/* kmalloc: power-of-two buckets from 16 to 2048 bytes carved out of whole
 * pages, and whole contiguous pages above that. Each block starts with a
 * small header naming its bucket (or page count) so kfree needs no size.
 * A bucket page whose blocks are all free goes back to the page allocator
 * when the bucket has another page's worth of free blocks, so memory that
 * a burst of allocations took comes back (the leak tests count pages);
 * kmalloc_trim (echo 3 > /proc/sys/vm/drop_caches) gives back every page
 * with no block in use. /proc/slabinfo shows the buckets (kmalloc_show). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/x86.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NBUCKETS  (MAX_SHIFT - MIN_SHIFT + 1)
#define MAGIC     0x6B6D0000u               /* "km" in the high half */
#define POISON    0x6B                      /* freed blocks, in DEBUG kernels */

struct header { uint32_t magic_class; uint32_t size; };
struct free_block { struct free_block *next; };

static struct free_block *buckets[NBUCKETS];
static uint32_t bucket_free[NBUCKETS];      /* free blocks in each list */
static uint16_t *page_blocks;               /* per frame: blocks handed out from it */
static uint32_t bucket_pages[NBUCKETS];     /* pages each bucket owns */
static uint32_t large_objs, large_pages;    /* allocations of whole pages */
static uint32_t used_bytes;

void kmalloc_init(void)
{
    uint32_t n = page_frames(), pages = (n * 2 + PAGE_SIZE - 1) / PAGE_SIZE;
    paddr_t pa = page_alloc_contig(pages);
    assert(pa);
    page_blocks = P2V(pa);
    memset(page_blocks, 0, pages * PAGE_SIZE);
}

static uint32_t per_page(int b) { return PAGE_SIZE >> (b + MIN_SHIFT); }

__hot static int bucket_of(size_t total)
{
    int b = 0;
    while ((1u << (b + MIN_SHIFT)) < total)
        b++;
    return b;
}

/* Split one fresh page into blocks of bucket b. */
static bool refill(int b)
{
    paddr_t pa = page_alloc();
    if (!pa)
        return false;
    uint32_t sz = 1u << (b + MIN_SHIFT);
    char *page = P2V(pa);
    if (DEBUG_ON)
        memset(page, POISON, PAGE_SIZE);     /* what kmalloc expects of a free block */
    for (uint32_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
        struct free_block *fb = (struct free_block *)(page + off);
        fb->next = buckets[b];
        buckets[b] = fb;
    }
    bucket_free[b] += per_page(b);
    bucket_pages[b]++;
    return true;
}

/* Gives the page back if none of its blocks is in use and the bucket
 * keeps a page's worth of free blocks without it. */
__hot static void maybe_release(int b, uintptr_t page)
{
    if (page_blocks[V2P(page) >> PAGE_SHIFT] || bucket_free[b] < 2 * per_page(b))
        return;
    for (struct free_block **pp = &buckets[b]; *pp;) {
        if (PAGE_DOWN(*pp) == page) {
            *pp = (*pp)->next;
            bucket_free[b]--;
        } else {
            pp = &(*pp)->next;
        }
    }
    bucket_pages[b]--;
    page_put(V2P(page));
}

/* Returns size bytes aligned to 8, or NULL when memory is out. Never sleeps;
 * safe with interrupts off. */
__hot void *kmalloc(size_t size)
{
    size_t total = size + sizeof(struct header);
    struct header *h;
    uint32_t f = irq_save();
    if (total <= (1u << MAX_SHIFT)) {
        int b = bucket_of(total);
        if (!buckets[b] && !refill(b)) { irq_restore(f); return NULL; }
        h = (struct header *)buckets[b];
        if (DEBUG_ON) {                      /* the poison kfree left must be intact */
            const uint8_t *q = (const uint8_t *)h + sizeof(struct free_block);
            for (uint32_t i = sizeof(struct free_block); i < (1u << (b + MIN_SHIFT)); i++, q++)
                if (*q != POISON && *q != 0)
                    panic("kmalloc: block %p was written after kfree (offset %u)", (void *)h, i);
        }
        buckets[b] = buckets[b]->next;
        bucket_free[b]--;
        if (page_blocks)
            page_blocks[V2P(h) >> PAGE_SHIFT]++;
        h->magic_class = MAGIC | (uint32_t)b;
    } else {
        uint32_t n = PAGE_ALIGN(total) >> PAGE_SHIFT;
        paddr_t pa = page_alloc_contig(n);
        if (!pa) { irq_restore(f); return NULL; }
        h = P2V(pa);
        h->magic_class = MAGIC | 0x8000 | n;
        large_objs++;
        large_pages += n;
    }
    h->size = size;
    used_bytes += size;
    irq_restore(f);
    return h + 1;
}

__hot void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

__hot void kfree(void *p)
{
    if (!p)
        return;
    struct header *h = (struct header *)p - 1;
    if ((h->magic_class & 0xFFFF0000u) != MAGIC)
        panic("kfree: bad pointer %p", p);
    uint32_t f = irq_save();
    uint32_t cls = h->magic_class & 0xFFFF;
    used_bytes -= h->size;
    h->magic_class = 0;
    if (cls & 0x8000) {
        paddr_t pa = V2P(h);
        large_objs--;
        large_pages -= cls & 0x7FFF;
        page_free_contig(pa, cls & 0x7FFF);
    } else {
        struct free_block *fb = (struct free_block *)h;
        if (DEBUG_ON)
            memset(fb + 1, POISON, (1u << (cls + MIN_SHIFT)) - sizeof *fb);
        fb->next = buckets[cls];
        buckets[cls] = fb;
        bucket_free[cls]++;
        if (page_blocks && page_blocks[V2P(h) >> PAGE_SHIFT]) {
            page_blocks[V2P(h) >> PAGE_SHIFT]--;
            maybe_release((int)cls, PAGE_DOWN(h));
        }
    }
    irq_restore(f);
}

uint32_t kmalloc_used(void) { return used_bytes; }

/* Gives every bucket page with no block in use back to the page allocator,
 * in one pass over each free list: page_blocks of an empty page counts the
 * free blocks seen from 0x8000 up, and when all of them have been taken off
 * the list the page goes. Returns the number of pages given back. */
uint32_t kmalloc_trim(void)
{
    uint32_t f = irq_save(), released = 0;
    for (int b = 0; b < NBUCKETS; b++) {
        for (struct free_block **pp = &buckets[b]; *pp;) {
            uint16_t *count = &page_blocks[V2P(*pp) >> PAGE_SHIFT];
            if (*count && *count < 0x8000) {            /* a page with blocks in use */
                pp = &(*pp)->next;
                continue;
            }
            uintptr_t page = PAGE_DOWN(*pp);
            *pp = (*pp)->next;
            bucket_free[b]--;
            *count = *count ? *count + 1 : 0x8001;
            if (*count - 0x8000u == per_page(b)) {
                *count = 0;
                bucket_pages[b]--;
                page_put(V2P(page));
                released++;
            }
        }
    }
    irq_restore(f);
    return released;
}

/* The pages kmalloc's buckets hold (MemInfo's Slab). */
uint32_t kmalloc_pages(void)
{
    uint32_t n = 0;
    for (int b = 0; b < NBUCKETS; b++)
        n += bucket_pages[b];
    return n;
}

/* /proc/slabinfo, in Linux's version 2.1 layout: one line a bucket (objects
 * in use, objects the bucket's pages hold, object size, objects a page,
 * pages a slab : tunables : slabs in use, slabs) and one for allocations of
 * whole pages. Returns the length written to buf. */
int kmalloc_show(char *buf, int size)
{
    int n = snprintf(buf, size, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> "
                     "<objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> "
                     "<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
    for (int b = NBUCKETS - 1; b >= 0 && n < size; b--) {
        uint32_t total = bucket_pages[b] * per_page(b), sz = 1u << (b + MIN_SHIFT);
        char name[16];
        snprintf(name, sizeof name, "kmalloc-%u", sz);
        n += snprintf(buf + n, size - n, "%-17s %6u %6u %6u %4u %4u : tunables 0 0 0 : slabdata %6u %6u 0\n",
                      name, total - bucket_free[b], total, sz, per_page(b), 1, bucket_pages[b], bucket_pages[b]);
    }
    if (n < size)
        n += snprintf(buf + n, size - n, "%-17s %6u %6u %6u %4u %4u : tunables 0 0 0 : slabdata %6u %6u 0\n",
                      "kmalloc-pages", large_objs, large_objs, PAGE_SIZE, 1, 1, large_pages, large_pages);
    return MIN(n, size);
}
