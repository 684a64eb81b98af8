/* A process's address space: its page directory and a sorted list of
 * virtual memory areas (text, data, bss, heap, stack, mmap regions), each
 * with permissions. Pages are filled on demand (zero pages) and shared
 * copy-on-write after fork. VM_SHARED areas stay shared (for shared
 * anonymous memory and System V shm, which set vm_ops). */
#ifndef VM_H
#define VM_H
#include "kernel/types.h"
#include "kernel/mm/mm.h"

struct trapframe;

#define VM_READ      0x01
#define VM_WRITE     0x02
#define VM_EXEC      0x04
#define VM_SHARED    0x08
#define VM_GROWSDOWN 0x10
#define VM_MAYWRITE  0x20                  /* shared: mprotect may add write access */
#define VM_DONTCOPY  0x40                  /* MADV_DONTFORK: a child does not get it */
#define VM_WIPEONFORK 0x80                 /* MADV_WIPEONFORK: a child gets it empty */
#define VM_IO        0x100                 /* the vvar page: mprotect adds no access, ptrace reads nothing */
#define VM_LOCKED    0x200                 /* mlock (kernel/mm/mlock.c): counts against RLIMIT_MEMLOCK */
#define VM_SHARED_RW 0x400                 /* shared, of a file open for writing (Linux's VM_SHARED):
                                              a writer of it (i_writers, i_mmap_writable) */
#define VM_ACCOUNT   0x800                 /* private and once writable: Linux counts it committed */
#define VM_NORESERVE 0x1000                /* MAP_NORESERVE: never counted */
#define VM_LOCKONFAULT 0x2000              /* in mm->def_flags only: MCL_FUTURE | MCL_ONFAULT */
#define VM_DONTEXPAND 0x4000               /* mremap may not grow it (io_uring's rings: EFAULT) */
#define VM_NOEXEC_MNT 0x8000               /* of a file on a noexec mount: never executable
                                              (Linux's VM_MAYEXEC cleared) */
#define VM_MNT_WRITER 0x10000              /* of a file open for writing: as that file, a writer
                                              of its mount (a read-only remount waits) */
#define VM_DONTDUMP  0x20000               /* left out of core dumps (memfd_secret's) */

#define USER_TOP      0xC0000000u
#define STACK_TOP     0xBFFFF000u          /* one guard page below the kernel */
#define STACK_MAX     (8u << 20)           /* RLIMIT_STACK */
#define MMAP_BASE     0x40000000u

struct vm_area;
struct mount;
struct vm_ops {
    /* Gives the physical page backing offset `pgoff` of the area (with a
     * reference for the caller), or 0. Used for shared mappings. */
    paddr_t (*nopage)(struct vm_area *a, uint32_t pgoff);
    void (*open)(struct vm_area *a);       /* area duplicated (fork) */
    void (*close)(struct vm_area *a);      /* area unmapped */
    /* Whether page pgoff of the backing object is in memory, not
     * bringing it in (mincore). NULL: the object cannot tell (the vDSO). */
    bool (*resident)(struct vm_area *a, uint32_t pgoff);
    bool mergeable;                        /* two areas of one object may become one (vm_merge) */
};

struct vm_area {
    uintptr_t start, end;                  /* [start, end), page aligned */
    uint32_t flags;
    uint32_t pgoff;                        /* offset in pages into the backing object; anonymous: start in pages */
    const struct vm_ops *ops;              /* NULL: anonymous private memory */
    void *private;
    struct userfaultfd_ctx *uffd_ctx;      /* registered for missing-page faults (userfaultfd.c), or NULL */
    struct mount *mnt;                     /* a file's: the mount it was opened through, kept busy
                                              (referenced by the file ops' open/close) */
    struct vm_area *next;
};

struct inode;

struct mm {
    uint32_t *pgdir;
    struct vm_area *areas;                 /* sorted by address */
    uintptr_t brk_start, brk;
    int users;                             /* tasks sharing it (CLONE_VM, vfork) */
    int map_count;                         /* areas in the list */
    struct inode *exe;                     /* the program (referenced; no writers while set) */
    char *exe_path;                        /* its absolute path at exec (/proc/<pid>/exe), kmalloc'd */
    struct file *exe_file;                 /* exec's open of it (FMODE_EXEC), shared with forked
                                              copies: its last put is the close fsnotify reports */
    uintptr_t vdso;                        /* the vDSO's address (kernel/mm/vdso.h), 0 when none */
    /* Where exec put things, as Linux's mm_struct (/proc/<pid>/stat, statm). */
    uint32_t start_code, end_code, start_data, end_data, start_stack, env_start, env_end;
    uint32_t hiwater_vm;                   /* pages mapped before the last munmap (VmPeak) */
    uint32_t rss, hiwater_rss;             /* pages present in it, and the most ever (VmHWM, ru_maxrss) */
    uint32_t def_flags;                    /* VM_LOCKED after mlockall(MCL_FUTURE) */
    bool had_noaccess;                     /* an area was ever PROT_NONE (kernel/mm/uaccess.c) */
    void *ldt;                             /* modify_ldt's table (kernel/ldt.c), kmalloc'd */
    uint32_t ldt_entries;
    uint32_t walk_mark;                    /* a walk over all tasks has counted it (fs/proc_sysinfo.c) */
    uint32_t membarrier_state;             /* membarrier(2)'s registrations: kept by fork, not exec */
    struct kioctx_table *ioctx_table;      /* native AIO contexts (fs/aio.c): a child starts with none */
    bool oom_skip;                         /* reaped early (process_mrelease): Linux's MMF_OOM_SKIP */
    uint16_t pkey_allocation_map;          /* protection keys taken (kernel/mm/pkeys.c): fork copies it */
    struct user_namespace *user_ns;        /* Linux's mm->user_ns: where its program was exec'd
                                              (referenced; NULL: the initial one), whose
                                              CAP_SYS_PTRACE reaches it when not dumpable */
};

/* The program file of mm and the absolute path it was run from (copied):
 * the file is referenced, and denied to writers (ETXTBSY) until the
 * address space goes (mm_put). 0, or -ENOMEM with nothing set. */
int mm_set_exe(struct mm *mm, struct inode *ip, const char *path);

extern uint32_t sysctl_max_map_count;     /* /proc/sys/vm/max_map_count */
extern uint32_t mmap_min_addr;            /* /proc/sys/vm/mmap_min_addr (mmap.c) */

/* n more pages present in mm (fault, exec, fork); the high-water mark follows. */
static inline void mm_rss_add(struct mm *mm, uint32_t n)
{
    mm->rss += n;
    if (mm->rss > mm->hiwater_rss)
        mm->hiwater_rss = mm->rss;
}

struct mm *mm_create(void);
struct mm *mm_fork(struct mm *old);        /* copy-on-write duplicate */
void mm_put(struct mm *mm);                /* drop a user; frees at zero */
struct vm_area *vm_find(struct mm *mm, uintptr_t addr);   /* area containing addr */
/* Inserts [start, end) with flags, replacing nothing: -ENOMEM on overlap. */
void vm_merge(struct mm *mm, uintptr_t start, uintptr_t end);   /* joins neighbours there */
int vm_map(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
           const struct vm_ops *ops, void *private, uint32_t pgoff);
int vm_unmap(struct mm *mm, uintptr_t start, uintptr_t end);  /* also frees pages */
uint32_t vm_total_pages(struct mm *mm);    /* pages mapped (NULL: 0) */
int vm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags);
/* Sets then clears flag bits on [start, end), splitting areas at its ends
 * (-ENOMEM past vm.max_map_count). Bytes in no area are skipped. */
int vm_set_flags(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t set, uint32_t clear);
/* Drops the pages mapped in [start, end); the areas stay, so the next
 * access faults a page in again (zero, or the backing object's). */
void vm_zap_range(struct mm *mm, uintptr_t start, uintptr_t end);
/* Whether every page of [start, end) lies in some area. */
bool vm_range_mapped(struct mm *mm, uintptr_t start, uintptr_t end);
/* Where a new mapping of size bytes goes (mmap.c; Linux's
 * get_unmapped_area): 0 with *addr set, or -errno. */
int mmap_place(struct mm *mm, uint32_t *addr, uint32_t size, int flags);
/* Sets (lock) or clears VM_LOCKED on the areas in [start, end), splitting
 * them at its ends; the range must be mapped (-ENOMEM, nothing changed). */
int vm_lock_range(struct mm *mm, uintptr_t start, uintptr_t end, bool lock);
/* pkeys.c: whether pkey is one pkey_alloc gave mm (never, without OSPKE) */
bool mm_pkey_is_allocated(struct mm *mm, int pkey);
/* kernel/ldt.c */
void ldt_load(struct mm *mm);
int ldt_dup(struct mm *old, struct mm *mm);
void ldt_free(struct mm *mm);
/* mlock.c */
uint32_t mm_locked_pages(struct mm *mm);   /* pages in VM_LOCKED areas (Linux's locked_vm) */
bool vm_special(const struct vm_area *a);  /* the vDSO and vvar: never locked */
bool can_do_mlock(void);                   /* RLIMIT_MEMLOCK > 0, or root */
bool mlock_future_ok(struct mm *mm, uint32_t len);   /* a new locked mapping fits the limit */
uintptr_t vm_find_free(struct mm *mm, uint32_t len);          /* 0 when none */
/* Resolves a fault at addr (write: was it a write). 0 when the access may
 * be retried, -EFAULT when it is a real violation. */
int vm_fault(struct mm *mm, uintptr_t addr, bool write, uint32_t user_esp);
/* vm_fault's answer for a missing page of an area registered with a
 * userfaultfd: nothing was mapped; the fault is the handler's (userfaultfd.h). */
#define VM_FAULT_USERFAULT 1
/* Sets the userfaultfd of the areas in [start, end) to ctx (NULL: none),
 * splitting them at its ends and merging after: 0 or -ENOMEM. */
int vm_set_uffd(struct mm *mm, uintptr_t start, uintptr_t end, struct userfaultfd_ctx *ctx);
/* The page at addr of a present for ptrace, whatever a's protection. */
int access_vm(struct mm *mm, uint32_t addr, void *buf, uint32_t len, bool write);   /* ptrace, /proc: 0 or -EIO */
/* Makes the pages of [start, end) present as mlock wants them (vm.c):
 * 0, -ENOMEM or -EIO; ignore_errors: always 0. */
int vm_populate(struct mm *mm, uintptr_t start, uintptr_t end, bool ignore_errors);
/* The page at addr of mm for an access its area allows (no forcing, as
 * Linux's get_user_pages without FOLL_FORCE: process_vm_readv/writev),
 * brought in if need be, a write breaking copy-on-write: its kernel
 * address, with a reference on the page *pa for the caller (page_put),
 * or NULL (no area, not allowed, no memory, past the end of a file).
 * Does not sleep. */
void *vm_get_page(struct mm *mm, uintptr_t addr, bool write, paddr_t *pa);
/* mmap.c: areas backed by a ramfs file's pages (private: copied on write). */
extern const struct vm_ops file_vm_ops;
void page_fault(struct trapframe *tf);

#endif
