/* Shared memory objects: a set of pages, allocated on first touch, that
 * several address spaces map (MAP_SHARED|MAP_ANONYMOUS, System V shm).
 * The object is counted by the areas that map it and by its owner. */
#ifndef SHMEM_H
#define SHMEM_H
#include "kernel/types.h"
#include "kernel/mm/mm.h"

struct shmem {
    int refs;
    uint32_t npages;
    paddr_t *pages;                          /* 0 until touched */
    uint32_t resident;                       /* pages allocated */
};

struct shmem *shmem_create(uint32_t size);
void shmem_get(struct shmem *s);
void shmem_put(struct shmem *s);
paddr_t shmem_page(struct shmem *s, uint32_t pgoff);   /* with a reference for the caller */
bool shmem_resident(struct shmem *s, uint32_t pgoff);  /* touched (mincore); does not allocate */
/* MADV_REMOVE: pages first..last-1 become a hole (zeros): freed, or
 * zeroed where another mapping still holds them. */
void shmem_punch(struct shmem *s, uint32_t first, uint32_t last);
extern uint32_t shmem_resident_pages;

struct vm_ops;
extern const struct vm_ops shmem_vm_ops;    /* private = struct shmem * */

#endif
