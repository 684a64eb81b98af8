/* kmalloc: power-of-two buckets from 16 to 2048 bytes carved out of whole
 * pages, and whole contiguous pages above that. Each block starts with a
 * small header naming its bucket (or page count) so kfree needs no size.
 * A bucket page whose blocks are all free goes back to the page allocator
 * when the bucket has another page's worth of free blocks, so memory that
 * a burst of allocations took comes back (the leak tests count pages). */
#include "kernel.h"
#include "mm.h"
#include "x86.h"

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

static int bucket_of(size_t total)
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
    return true;
}

/* Gives the page back if none of its blocks is in use and the bucket
 * keeps a page's worth of free blocks without it. */
static void maybe_release(int b, uintptr_t page)
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
    page_put(V2P(page));
}

/* Returns size bytes aligned to 8, or NULL when memory is out. Never sleeps;
 * safe with interrupts off. */
void *kmalloc(size_t size)
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
    }
    h->size = size;
    used_bytes += size;
    irq_restore(f);
    return h + 1;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
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
        for (uint32_t i = 0; i < (cls & 0x7FFF); i++)
            page_put(pa + i * PAGE_SIZE);
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
