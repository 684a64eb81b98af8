/* Memory: the physical page allocator with a reference count per page
 * (page_alloc.c), page tables (paging.c) and kmalloc (kmalloc.c).
 * Physical memory below 896 MiB is mapped at KERNEL_VMA (P2V/V2P). */
#ifndef MM_H
#define MM_H
#include "kernel/types.h"

typedef uint32_t paddr_t;

/* page_alloc.c */
void page_alloc_init(uint32_t mb_info_pa);
/* One page (contents undefined, or zeroed), 0 when none is left for that
 * use. The kernel's own structures may take every page; user memory
 * (faults, exec, shared memory) leaves page_reserve_count() pages free for
 * them, and buffers (pipes, sockets) and file data leave twice as many. */
paddr_t page_alloc(void);
paddr_t page_alloc_zeroed(void);
paddr_t page_alloc_user(void);
paddr_t page_alloc_user_zeroed(void);
paddr_t page_alloc_buffer(void);
paddr_t page_alloc_buffer_zeroed(void);
bool page_user_exhausted(void);            /* page_alloc_user() would fail */
uint32_t page_reserve_count(void);
paddr_t page_alloc_contig(uint32_t n);     /* n contiguous pages, each with ref 1 */
void page_free_contig(paddr_t pa, uint32_t n);   /* page_put of each; the run is reused first */
void page_get(paddr_t pa);                 /* one more reference */
void page_put(paddr_t pa);                 /* one fewer; freed at zero */
uint32_t page_refcount(paddr_t pa);
uint32_t page_free_count(void);
uint32_t page_total_count(void);
uint32_t page_frames(void);                /* frame numbers run 0 .. page_frames()-1 */
bool page_hot_color(paddr_t pa);           /* its colour is one of the kernel's hot pages' (page_alloc.c) */
uint32_t page_free_kernel_color_count(void);   /* free frames of the other colours */
void page_reserve_range(paddr_t start, paddr_t end);
void page_release_range(paddr_t start, paddr_t end);  /* give boot-time reserved pages back */
/* kernel/sys.c: pages of ramfs file data and of shared memory objects,
 * Linux's Shmem (tmpfs and shm), in sysinfo and /proc/meminfo. */
uint32_t mem_shared_pages(void);

/* paging.c: x86 two-level page tables. */
#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_U   0x004
#define PTE_PS  0x080
#define PTE_COW 0x200                      /* available bit: copy on write */
#define PTE_ADDR(e) ((e) & ~0xFFFu)
#define PDX(va) ((uintptr_t)(va) >> 22)
#define PTX(va) (((uintptr_t)(va) >> 12) & 0x3FF)

#define KMAP_BASE 0xF8000000u              /* 32 MiB of 4 KiB kernel mappings */
#define KMAP_PDES 8

extern uint32_t *kernel_pgdir;
void paging_init(void);
uint32_t *pgdir_walk(uint32_t *pgdir, uintptr_t va, bool create);
int map_page(uint32_t *pgdir, uintptr_t va, paddr_t pa, uint32_t flags);
uint32_t unmap_page(uint32_t *pgdir, uintptr_t va);   /* returns the old PTE */
bool translate(uint32_t *pgdir, uintptr_t va, paddr_t *pa);
/* Calls fn(pte, va, arg) on each present entry of [start, end) (user
 * half, page aligned), skipping each 4 MiB stretch that has no page table
 * and each group of 32 entries that pgdir_walk never filled: the cost
 * follows the pages in use, not the size of the range. fn may change or
 * clear its entry. The first negative return stops the walk and is
 * returned; else 0. */
int walk_ptes(uint32_t *pgdir, uintptr_t start, uintptr_t end,
              int (*fn)(uint32_t *pte, uintptr_t va, void *arg), void *arg);
/* [start, end) (user half, page aligned) holds no present entry any more:
 * walks skip its whole groups of entries until pgdir_walk fills one. */
void pt_forget(uint32_t *pgdir, uintptr_t start, uintptr_t end);
uint32_t *pgdir_create(void);              /* a new directory sharing the kernel half */
void pgdir_switch(uint32_t *pgdir);

/* oom_kill.c: when no page is left for user memory. */
struct task;
struct task *out_of_memory(void);          /* kills the largest consumer (never init); never sleeps */
void pagefault_out_of_memory(void);        /* the same, then waits a tick; may sleep */

/* kmalloc.c */
void kmalloc_init(void);                   /* after the page allocator */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
uint32_t kmalloc_used(void);               /* bytes handed out and not freed */
uint32_t kmalloc_trim(void);               /* frees empty bucket pages; how many */
uint32_t kmalloc_pages(void);              /* pages the buckets hold */
int kmalloc_show(char *buf, int size);     /* /proc/slabinfo */

#endif
