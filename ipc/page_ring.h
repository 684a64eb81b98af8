/* The storage under a byte ring (pipes, UNIX stream sockets, TCP): npages
 * pages (a power of two: positions wrap with a mask, not a division), each
 * allocated the first time it is written, found by byte position. */
#ifndef IPC_PAGE_RING_H
#define IPC_PAGE_RING_H
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"

/* The byte at ring position pos (any value: taken modulo the ring's
 * size; npages is a power of two), allocating its page if needed; *room
 * is how many bytes follow it in the same page. NULL when no page could
 * be had. */
static inline char *page_ring_at(char **pages, uint32_t npages, uint32_t pos, uint32_t *room)
{
    pos &= npages * PAGE_SIZE - 1;
    uint32_t pg = pos / PAGE_SIZE, off = pos % PAGE_SIZE;
    if (!pages[pg]) {
        paddr_t pa = page_alloc_buffer();
        if (!pa)
            return NULL;
        pages[pg] = P2V(pa);
    }
    *room = PAGE_SIZE - off;
    return pages[pg] + off;
}

static inline void page_ring_free(char **pages, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        if (pages[i]) {
            page_put(V2P(pages[i]));
            pages[i] = NULL;
        }
}

#endif
