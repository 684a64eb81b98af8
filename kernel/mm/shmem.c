/* Shared memory objects (see shmem.h) and the vm_ops that map them. */
#include "kernel/kernel.h"
#include "kernel/mm/shmem.h"
#include "kernel/mm/vm.h"

uint32_t shmem_resident_pages;               /* all objects' pages: meminfo's Shmem */

struct shmem *shmem_create(uint32_t size)
{
    struct shmem *s = kzalloc(sizeof *s);
    if (!s)
        return NULL;
    s->npages = PAGE_ALIGN(size) >> PAGE_SHIFT;
    s->pages = kzalloc(s->npages * sizeof *s->pages + 1);
    if (!s->pages) {
        kfree(s);
        return NULL;
    }
    s->refs = 1;
    return s;
}

void shmem_get(struct shmem *s)
{
    s->refs++;
}

void shmem_put(struct shmem *s)
{
    if (--s->refs > 0)
        return;
    for (uint32_t i = 0; i < s->npages; i++)
        if (s->pages[i])
            page_put(s->pages[i]);
    shmem_resident_pages -= s->resident;
    kfree(s->pages);
    kfree(s);
}

paddr_t shmem_page(struct shmem *s, uint32_t pgoff)
{
    if (pgoff >= s->npages)
        return 0;
    if (!s->pages[pgoff]) {
        paddr_t pa = page_alloc_user_zeroed();
        if (!pa)
            return 0;
        s->pages[pgoff] = pa;
        s->resident++;
        shmem_resident_pages++;
    }
    page_get(s->pages[pgoff]);
    return s->pages[pgoff];
}

void shmem_punch(struct shmem *s, uint32_t first, uint32_t last)
{
    for (uint32_t i = first; i < last && i < s->npages; i++) {
        paddr_t pa = s->pages[i];
        if (!pa)
            continue;
        if (page_refcount(pa) > 1) {          /* still mapped elsewhere: reads zeros there too */
            memset(P2V(pa), 0, PAGE_SIZE);
            continue;
        }
        s->pages[i] = 0;
        page_put(pa);
        s->resident--;
        shmem_resident_pages--;
    }
}

static paddr_t shmem_nopage(struct vm_area *a, uint32_t pgoff)
{
    return shmem_page(a->private, pgoff);
}

bool shmem_resident(struct shmem *s, uint32_t pgoff)
{
    return pgoff < s->npages && s->pages[pgoff];
}

static bool shmem_vm_resident(struct vm_area *a, uint32_t pgoff)
{
    return shmem_resident(a->private, pgoff);
}

static void shmem_open(struct vm_area *a) { shmem_get(a->private); }
static void shmem_close(struct vm_area *a) { shmem_put(a->private); }

const struct vm_ops shmem_vm_ops = {
    .nopage = shmem_nopage, .open = shmem_open, .close = shmem_close, .resident = shmem_vm_resident,
    .mergeable = true,
};
