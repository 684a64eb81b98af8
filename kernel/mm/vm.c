/* Address spaces (see vm.h): areas, demand paging, copy-on-write. The page
 * fault handler lands here from trap(); fork, exec and exit use the rest. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/mm/vm.h"
#include "kernel/user_namespace.h"
#include "kernel/proc.h"
#include "kernel/events/perf_event.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "kernel/mm/vdso.h"
#include "kernel/mm/secretmem.h"
#include "fs/aio.h"
#include "fs/io_uring.h"
#include "kernel/mm/userfaultfd.h"

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof *mm);
    if (!mm)
        return NULL;
    mm->pgdir = pgdir_create();
    if (!mm->pgdir) {
        kfree(mm);
        return NULL;
    }
    mm->users = 1;
    return mm;
}

struct vm_area *vm_find(struct mm *mm, uintptr_t addr)
{
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (addr >= a->start && addr < a->end)
            return a;
    return NULL;
}

/* vm.max_map_count: the areas a process may have, as Linux's sysctl
 * (/proc/sys/vm/max_map_count; mmap and splits give -ENOMEM past it). */
uint32_t sysctl_max_map_count = 65530;

static void link_area(struct mm *mm, struct vm_area *n)
{
    struct vm_area **pp = &mm->areas;
    mm->map_count++;
    while (*pp && (*pp)->start < n->start)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
}

/* Whether area a allows a read (write: a write). x86 cannot make a page
 * writable or executable without making it readable, and Linux allows a
 * read of such an area; only PROT_NONE forbids it. */
static bool vm_allows(const struct vm_area *a, bool write)
{
    return write ? a->flags & VM_WRITE : a->flags & (VM_READ | VM_WRITE | VM_EXEC);
}

int vm_map(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
           const struct vm_ops *ops, void *private, uint32_t pgoff)
{
    if (start >= end || end > USER_TOP)
        return -ENOMEM;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (a->start < end && start < a->end)
            return -ENOMEM;
    struct vm_area *n = kmalloc(sizeof *n);
    if (!n)
        return -ENOMEM;
    *n = (struct vm_area){ .start = start, .end = end, .flags = flags, .ops = ops,
                           .private = private, .pgoff = pgoff };
    if (!vm_allows(n, false))
        mm->had_noaccess = true;
    link_area(mm, n);
    return 0;
}

struct drop_walk {
    bool loaded;                             /* the directory is the CPU's: its TLB may hold va */
    uint32_t dropped;
};

static int drop_pte(uint32_t *pte, uintptr_t va, void *arg)
{
    struct drop_walk *w = arg;
    paddr_t pa = PTE_ADDR(*pte);
    *pte = 0;
    if (w->loaded)
        invlpg(va);
    page_put(pa);
    w->dropped++;
    return 0;
}

/* Drops the pages mapped in [start, end) of mm (its rss goes down). */
static void unmap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct drop_walk w = { read_cr3() == V2P(mm->pgdir), 0 };
    walk_ptes(mm->pgdir, start, end, drop_pte, &w);
    pt_forget(mm->pgdir, start, end);
    mm->rss -= MIN(mm->rss, w.dropped);
}

void vm_zap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
    unmap_range(mm, start, end);
}

bool vm_range_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start; va < end; ) {
        struct vm_area *a = vm_find(mm, va);
        if (!a)
            return false;
        va = a->end;
    }
    return true;
}

/* Whether b, which begins where a ends, may join a, by Linux's rules
 * (is_mergeable_vma): the same flags, the same object at the next offset
 * (an anonymous area's offset is its address in pages, so two that were
 * never moved line up), and an object one area may stand for (not System
 * V shared memory, which counts its attaches, nor the vDSO). */
static bool areas_mergeable(const struct vm_area *a, const struct vm_area *b)
{
    return a->end == b->start && a->flags == b->flags && a->ops == b->ops &&
           a->private == b->private && (!a->ops || a->ops->mergeable) &&
           a->uffd_ctx == b->uffd_ctx && a->mnt == b->mnt &&
           a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

/* Joins the areas that meet in [start, end], ends included, wherever they
 * may (Linux's vma_merge after mmap, brk, mprotect, mlock, madvise and a
 * move by mremap): /proc/<pid>/maps shows one line where Linux does, and
 * the joined area counts once against vm.max_map_count. The area that
 * goes lets go of its object (ops->close); the one that stays has its own
 * reference. Never sleeps. */
void vm_merge(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct vm_area *a = mm->areas;
    while (a && a->end < start)
        a = a->next;
    while (a && a->start <= end) {
        struct vm_area *b = a->next;
        if (!b || !areas_mergeable(a, b)) {
            a = b;
            continue;
        }
        a->end = b->end;
        a->next = b->next;
        if (b->ops && b->ops->close)
            b->ops->close(b);
        mm->map_count--;
        kfree(b);
    }
}

/* Splits area a of mm at addr (inside it); returns the upper half, or
 * NULL when memory runs out or (limit) mm has vm.max_map_count areas. */
static struct vm_area *split_area(struct mm *mm, struct vm_area *a, uintptr_t addr, bool limit)
{
    if (limit && (uint32_t)mm->map_count >= sysctl_max_map_count)
        return NULL;
    struct vm_area *hi = kmalloc(sizeof *hi);
    if (!hi)
        return NULL;
    mm->map_count++;
    *hi = *a;
    hi->start = addr;
    hi->pgoff = a->pgoff + ((addr - a->start) >> PAGE_SHIFT);
    a->end = addr;
    a->next = hi;
    if (hi->ops && hi->ops->open)
        hi->ops->open(hi);
    return hi;
}

/* Isolates [start, end) as whole areas; calls fn on each. Each split
 * counts against vm.max_map_count when limit is set. */
static int for_range(struct mm *mm, uintptr_t start, uintptr_t end, bool limit,
                     int (*fn)(struct mm *, struct vm_area **, uint32_t), uint32_t arg)
{
    struct vm_area **pp = &mm->areas;
    while (*pp) {
        struct vm_area *a = *pp;
        if (a->end <= start || a->start >= end) { pp = &a->next; continue; }
        if (a->start < start) {
            if (!split_area(mm, a, start, limit)) return -ENOMEM;
            pp = &a->next;
            continue;
        }
        if (a->end > end && !split_area(mm, a, end, limit))
            return -ENOMEM;
        int r = fn(mm, pp, arg);
        if (r < 0)
            return r;
        if (*pp == a)
            pp = &a->next;
    }
    return 0;
}

static int drop_area(struct mm *mm, struct vm_area **pp, uint32_t unused)
{
    (void)unused;
    struct vm_area *a = *pp;
    unmap_range(mm, a->start, a->end);
    if (a->ops && a->ops->close)
        a->ops->close(a);
    *pp = a->next;
    mm->map_count--;
    kfree(a);
    return 0;
}

/* As Linux, unmapping may split areas at its ends even at the limit (the
 * pieces go at once); only a hole in the middle of one area, which leaves
 * one more area than before, is refused there (before anything changes). */
/* Pages mapped in mm: Linux's total_vm. */
uint32_t vm_total_pages(struct mm *mm)
{
    uint32_t n = 0;
    for (struct vm_area *a = mm ? mm->areas : NULL; a; a = a->next)
        n += (a->end - a->start) >> PAGE_SHIFT;
    return n;
}

int vm_unmap(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct vm_area *a = vm_find(mm, start);
    if (a && a->start < start && a->end > end && (uint32_t)mm->map_count >= sysctl_max_map_count)
        return -ENOMEM;
    mm->hiwater_vm = MAX(mm->hiwater_vm, vm_total_pages(mm));   /* as Linux: before unmapping */
    return for_range(mm, start, end, false, drop_area, 0);
}

/* Present pages lose write access; a later write fault restores it where
 * the area allows (and copies the page if it is shared). */
static int protect_pte(uint32_t *pte, uintptr_t va, void *area)
{
    const struct vm_area *a = area;
    if (!(a->flags & (VM_READ | VM_WRITE | VM_EXEC)))
        *pte &= ~PTE_U;
    else
        *pte |= PTE_U;
    if (!(a->flags & VM_WRITE) || !(a->flags & VM_SHARED))
        *pte &= ~PTE_W;
    invlpg(va);
    return 0;
}

static int protect_area(struct mm *mm, struct vm_area **pp, uint32_t flags)
{
    struct vm_area *a = *pp;
    if ((flags & VM_WRITE) && !(a->flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
        a->flags |= VM_ACCOUNT;              /* a private area made writable is counted from now on */
    a->flags = (a->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | (flags & (VM_READ | VM_WRITE | VM_EXEC));
    if (!vm_allows(a, false))
        mm->had_noaccess = true;
    return walk_ptes(mm->pgdir, a->start, a->end, protect_pte, a);
}

int vm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags)
{
    for (uintptr_t va = start; va < end;) {          /* all of it must be mapped */
        struct vm_area *a = vm_find(mm, va);
        if (!a)
            return -ENOMEM;
        if ((flags & VM_WRITE) && (a->flags & VM_SHARED) && !(a->flags & VM_MAYWRITE))
            return -EACCES;                          /* a shared file opened read-only */
        if ((flags & (VM_WRITE | VM_EXEC)) && (a->flags & VM_IO))
            return -EACCES;                          /* [vvar]: read-only for good */
        if ((flags & VM_EXEC) && (a->flags & VM_NOEXEC_MNT))
            return -EACCES;                          /* a file of a noexec mount */
        va = a->end;
    }
    int r = for_range(mm, start, end, true, protect_area, flags);
    vm_merge(mm, start, end);
    return r;
}

/* set_clear: the flag bits to set in its low half, to clear in its high. */
static int flag_area(struct mm *mm, struct vm_area **pp, uint32_t set_clear)
{
    (void)mm;
    (*pp)->flags = ((*pp)->flags | (set_clear & 0xFFFF)) & ~(set_clear >> 16);
    return 0;
}

int vm_set_flags(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t set, uint32_t clear)
{
    int r = for_range(mm, start, end, true, flag_area, (set & 0xFFFF) | clear << 16);
    vm_merge(mm, start, end);
    return r;
}

/* Whether a is one of the kernel's own mappings, which Linux never
 * locks nor counts as locked (VM_SPECIAL): the vDSO and its vvar page. */
bool vm_special(const struct vm_area *a)
{
    return (a->flags & VM_IO) || a->ops == &vdso_vm_ops;
}

static int lock_area(struct mm *mm, struct vm_area **pp, uint32_t lock)
{
    (void)mm;
    if (!vm_special(*pp) && !vma_is_secretmem(*pp))   /* locked for good, as Linux's mlock_fixup */
        (*pp)->flags = lock ? (*pp)->flags | VM_LOCKED : (*pp)->flags & ~VM_LOCKED;
    return 0;
}

static int uffd_area(struct mm *mm, struct vm_area **pp, uint32_t ctx)
{
    (void)mm;
    (*pp)->uffd_ctx = (struct userfaultfd_ctx *)(uintptr_t)ctx;
    return 0;
}

int vm_set_uffd(struct mm *mm, uintptr_t start, uintptr_t end, struct userfaultfd_ctx *ctx)
{
    int r = for_range(mm, start, end, true, uffd_area, (uint32_t)(uintptr_t)ctx);
    vm_merge(mm, start, end);
    return r;
}

int vm_lock_range(struct mm *mm, uintptr_t start, uintptr_t end, bool lock)
{
    for (uintptr_t va = start; va < end;) {          /* all of it must be mapped */
        struct vm_area *a = vm_find(mm, va);
        if (!a)
            return -ENOMEM;
        va = a->end;
    }
    int r = for_range(mm, start, end, true, lock_area, lock);
    vm_merge(mm, start, end);
    return r;
}

/* Highest free gap of len bytes below the stack region, above MMAP_BASE. */
uintptr_t vm_find_free(struct mm *mm, uint32_t len)
{
    uintptr_t top = STACK_TOP - STACK_MAX;
    for (;;) {
        if (top < len || top - len < MMAP_BASE)
            return 0;
        uintptr_t start = top - len;
        struct vm_area *clash = NULL;
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if (a->start < top && start < a->end)
                clash = a;
        if (!clash)
            return start;
        top = PAGE_DOWN(clash->start);
    }
}

struct fork_walk {
    struct mm *child;
    const struct vm_area *area;
};

/* One present page of the parent at va: shared with the child, and made
 * copy-on-write in both where the area is private and writable. Only an
 * entry that changes is flushed from the TLB: the parent's when it loses
 * PTE_W, never the child's, whose directory has not been loaded yet. */
static int fork_pte(uint32_t *pte, uintptr_t va, void *arg)
{
    struct fork_walk *w = arg;
    if (!(w->area->flags & VM_SHARED) && (*pte & PTE_W)) {
        *pte = (*pte & ~PTE_W) | PTE_COW;
        invlpg(va);
    }
    uint32_t *child = pgdir_walk(w->child->pgdir, va, true);
    if (!child)
        return -ENOMEM;
    *child = *pte;
    page_get(PTE_ADDR(*pte));
    mm_rss_add(w->child, 1);
    return 0;
}

/* Copy-on-write duplicate for fork: private writable pages become
 * read-only in both and gain a reference; shared areas stay writable.
 * Only the page tables that exist are visited. MADV_DONTFORK areas are
 * left out, MADV_WIPEONFORK ones start empty. */
struct mm *mm_fork(struct mm *old)
{
    struct mm *mm = mm_create();
    if (!mm)
        return NULL;
    mm->brk_start = old->brk_start;
    mm->brk = old->brk;
    mm->had_noaccess = old->had_noaccess;
    mm->vdso = old->vdso;
    mm->membarrier_state = old->membarrier_state;   /* Linux's dup_mm copies it; exec clears it */
    mm->pkey_allocation_map = old->pkey_allocation_map;   /* dup_mm's copy of the context too */
    mm->user_ns = old->user_ns;
    get_user_ns(mm->user_ns);
    mm->start_code = old->start_code, mm->end_code = old->end_code;
    mm->start_data = old->start_data, mm->end_data = old->end_data;
    mm->start_stack = old->start_stack, mm->env_start = old->env_start, mm->env_end = old->env_end;
    if ((old->exe && mm_set_exe(mm, old->exe, old->exe_path) < 0) || ldt_dup(old, mm) < 0)
        goto fail;
    if ((mm->exe_file = old->exe_file))
        mm->exe_file->f_count++;
    for (struct vm_area *a = old->areas; a; a = a->next) {
        if (a->flags & VM_DONTCOPY)
            continue;
        if (vm_map(mm, a->start, a->end, a->flags & ~VM_LOCKED, a->ops, a->private, a->pgoff) < 0)
            goto fail;                       /* a child inherits no memory locks */
        struct vm_area *na = vm_find(mm, a->start);
        if (a->ops && a->ops->open)
            a->ops->open(na);
        struct fork_walk w = { mm, a };
        if (!(a->flags & VM_WIPEONFORK) && walk_ptes(old->pgdir, a->start, a->end, fork_pte, &w) < 0)
            goto fail;
    }
    return mm;
fail:
    mm_put(mm);
    return NULL;
}

int mm_set_exe(struct mm *mm, struct inode *ip, const char *path)
{
    size_t n = strlen(path) + 1;
    char *copy = kmalloc(n);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, path, n);
    inode_get(ip);
    ip->i_deny_write++;
    mm->exe = ip;
    mm->exe_path = copy;
    return 0;
}

void mm_put(struct mm *mm)
{
    if (--mm->users > 0)
        return;
    userfaultfd_exit_mm(mm);                 /* its userfaultfds no longer resolve */
    if (mm->ioctx_table)
        aio_exit_mm(mm);                     /* Linux's exit_aio, in mmput */
    io_uring_exit_mm(mm);                    /* its io_uring requests are cancelled */
    if (read_cr3() == V2P(mm->pgdir))
        pgdir_switch(kernel_pgdir);          /* first: then no page needs its invlpg */
    vm_unmap(mm, 0, USER_TOP);
    ldt_free(mm);
    put_user_ns(mm->user_ns);
    mm->user_ns = NULL;
    if (mm->exe) {
        mm->exe->i_deny_write--;
        inode_put(mm->exe);
        kfree(mm->exe_path);
    }
    if (mm->exe_file)
        file_put(mm->exe_file);              /* the last image: IN_CLOSE_NOWRITE */
    for (int i = 0; i < (int)PDX(KERNEL_VMA); i++)
        if (mm->pgdir[i] & PTE_P)
            page_put(PTE_ADDR(mm->pgdir[i]));
    page_put(V2P(mm->pgdir));
    kfree(mm);
}

/* A private copy of the page at pa for user memory, or 0 when no page is
 * left. The copy-on-write step of the fault handler and of forced writes. */
static paddr_t page_copy(paddr_t pa)
{
    paddr_t copy = page_alloc_user();
    if (copy)
        memcpy(P2V(copy), P2V(pa), PAGE_SIZE);
    return copy;
}

/* Gives the page under *pte (at va) to this address space alone: a page
 * that others share (after fork, a file's page, the zero page) is replaced
 * by a copy; the last sharer keeps it. The entry keeps its flags but
 * PTE_COW, plus `add`. 0 or -ENOMEM; does not sleep. */
static int unshare_pte(uint32_t *pte, uintptr_t va, uint32_t add)
{
    paddr_t old = PTE_ADDR(*pte);
    uint32_t flags = (*pte & 0xFFF & ~PTE_COW) | add;
    if (page_refcount(old) > 1) {
        paddr_t copy = page_copy(old);
        if (!copy)
            return -ENOMEM;
        page_put(old);
        old = copy;
    }
    *pte = old | flags;
    invlpg(va);
    return 0;
}

/* Makes the page at va present (and writable if write) in area a. */
static int fault_in(struct mm *mm, struct vm_area *a, uintptr_t va, bool write)
{
    uint32_t *pte = pgdir_walk(mm->pgdir, va, true);
    if (!pte)
        return -ENOMEM;
    uint32_t flags = PTE_U | (a->flags & VM_WRITE && (write || (a->flags & VM_SHARED)) ? PTE_W : 0);
    if (!(*pte & PTE_P)) {
        paddr_t pa;
        if (a->ops && a->ops->nopage)
            pa = a->ops->nopage(a, a->pgoff + ((va - a->start) >> PAGE_SHIFT));
        else
            pa = page_alloc_user_zeroed();
        if (!pa)                             /* past the end of its file, or the file is full: SIGBUS */
            return a->ops == NULL || page_user_exhausted() ? -ENOMEM : -EIO;
        if (write && a->ops && !(a->flags & VM_SHARED)) {
            /* a private mapping of shared pages (a file): write to a copy */
            paddr_t copy = page_copy(pa);
            page_put(pa);
            if (!copy)
                return -ENOMEM;
            pa = copy;
        }
        if (!(a->flags & VM_SHARED) && !write && (a->flags & VM_WRITE))
            flags |= PTE_COW;                /* first write just sets PTE_W */
        *pte = pa | flags | PTE_P;
        invlpg(va);
        mm_rss_add(mm, 1);
        return 0;
    }
    if (!write)
        return 0;
    if (a->flags & VM_SHARED) {              /* shared pages are written in place */
        *pte |= PTE_U | PTE_W;
        invlpg(va);
        return 0;
    }
    return unshare_pte(pte, va, PTE_U | PTE_W | PTE_P);
}

int vm_fault(struct mm *mm, uintptr_t addr, bool write, uint32_t user_esp)
{
    if (!mm || addr >= USER_TOP)
        return -EFAULT;
    struct vm_area *a = vm_find(mm, addr);
    if (!a) {
        /* Stack growth: the area just above grows down to cover addr,
         * when addr is not far below the stack pointer (as Linux allows). */
        struct vm_area *s = mm->areas;
        while (s && s->end <= addr)
            s = s->next;
        if (!s || !(s->flags & VM_GROWSDOWN) || s->end - PAGE_DOWN(addr) > stack_limit())
            return -EFAULT;
        if (!may_expand_vm(mm, (s->start - PAGE_DOWN(addr)) >> PAGE_SHIFT))
            return -EFAULT;                  /* RLIMIT_AS */
        if (user_esp && addr + 65536 + 32 * 4 < user_esp)
            return -EFAULT;
        for (struct vm_area *p = mm->areas; p && p != s; p = p->next)
            if (p->end > PAGE_DOWN(addr))
                return -EFAULT;
        s->pgoff -= (s->start - PAGE_DOWN(addr)) >> PAGE_SHIFT;   /* still its address in pages */
        s->start = PAGE_DOWN(addr);
        a = s;
    }
    if (!vm_allows(a, write))
        return -EACCES;                      /* mapped, but not for this access */
    uint32_t *pte = pgdir_walk(mm->pgdir, addr, false);
    if (pte && (*pte & PTE_P) && (*pte & PTE_W) && (*pte & PTE_U))
        return -EACCES;                      /* present and allowed: not ours to fix */
    if (a->uffd_ctx && (!pte || !(*pte & PTE_P)))
        return VM_FAULT_USERFAULT;           /* a missing page: the handler fills it */
    int r = fault_in(mm, a, PAGE_DOWN(addr), write);
    return r == -EIO || r == -ENOMEM ? r : r ? -EFAULT : 0;
}

/* Linux's populate_vma_page_range over [start, end) (page aligned): every
 * page of an accessible area is made present, writable private areas
 * get their own copies (mlock: later writes must not fault). Pages
 * already there, PROT_NONE areas, the vvar page and holes are skipped.
 * 0, -ENOMEM (no memory), or -EIO (a page past the end of its file, or
 * memfd_secret's memory, which no one but its user may bring in);
 * with ignore_errors it goes on past those and returns 0. Does not
 * sleep. */
int vm_populate(struct mm *mm, uintptr_t start, uintptr_t end, bool ignore_errors)
{
    for (struct vm_area *a = mm->areas; a && a->start < end; a = a->next) {
        if (a->end <= start || (a->flags & VM_IO) || !(a->flags & (VM_READ | VM_WRITE | VM_EXEC)))
            continue;
        if (vma_is_secretmem(a)) {           /* GUP refuses it (check_vma_flags' EFAULT) */
            if (!ignore_errors)
                return -EIO;
            continue;
        }
        bool write = (a->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
        for (uintptr_t va = MAX(start, a->start); va < MIN(end, a->end); va += PAGE_SIZE) {
            uint32_t *pte = pgdir_walk(mm->pgdir, va, false);
            if (pte && (*pte & PTE_P) && (!write || (*pte & PTE_W)))
                continue;
            int r = fault_in(mm, a, va, write);
            if (r < 0 && !ignore_errors)
                return r == -EIO ? -EIO : -ENOMEM;
        }
    }
    return 0;
}

/* (Its contract is in vm.h.) */
void *vm_get_page(struct mm *mm, uintptr_t addr, bool write, paddr_t *pa)
{
    struct vm_area *a = mm ? vm_find(mm, addr) : NULL;
    if (!a || addr >= USER_TOP || (a->flags & VM_IO) || !(a->flags & (write ? VM_WRITE : VM_READ)) ||
        vma_is_secretmem(a))                 /* as Linux's GUP: a secret is its mappers' alone */
        return NULL;
    uint32_t *pte = pgdir_walk(mm->pgdir, addr, false);
    if ((!pte || !(*pte & PTE_P) || (write && !(*pte & PTE_W))) &&
        fault_in(mm, a, PAGE_DOWN(addr), write) < 0)
        return NULL;
    pte = pgdir_walk(mm->pgdir, addr, false);
    if (!pte || !(*pte & PTE_P))
        return NULL;
    *pa = PTE_ADDR(*pte);
    page_get(*pa);
    return P2V(*pa);
}

/* Brings the page at addr of area a in for a forced read (ptrace), what-
 * ever a's present protection: the area's kind, not its PROT_ bits,
 * decides what a forced access may do (access_vm). A page of a PROT_NONE
 * area comes in without PTE_U, so the program still may not touch it.
 * Does not sleep; 0, -ENOMEM, or -EIO past the end of a mapped file. */
static int vm_fault_force(struct mm *mm, struct vm_area *a, uintptr_t addr)
{
    int r = fault_in(mm, a, PAGE_DOWN(addr), false);
    if (r || (a->flags & (VM_READ | VM_WRITE | VM_EXEC)))
        return r;
    uint32_t *pte = pgdir_walk(mm->pgdir, PAGE_DOWN(addr), false);
    *pte &= ~(PTE_U | PTE_W);
    invlpg(PAGE_DOWN(addr));
    return 0;
}

/* Whether a forced write (ptrace) may go to area a. As Linux's FOLL_FORCE:
 * a private area is always written, in a private copy of the page (a
 * breakpoint in text leaves the program file alone); a shared area only
 * while it is writable, since the write would reach the file or segment
 * that others see (a read-only descriptor, SHM_RDONLY, PROT_READ). */
static bool may_force_write(const struct vm_area *a)
{
    return !(a->flags & VM_SHARED) || (a->flags & VM_WRITE);
}

/* Reads or writes len bytes of mm's memory at addr through its page
 * tables (ptrace, /proc), faulting pages in whatever their protection (a PROT_NONE page
 * is read too, as on Linux). Writes obey may_force_write. Does not
 * sleep; 0 or -EIO (nothing mapped there, or not to be written). */
int access_vm(struct mm *mm, uint32_t addr, void *buf, uint32_t len, bool write)
{
    while (len) {
        uint32_t off = addr & (PAGE_SIZE - 1), n = MIN(len, PAGE_SIZE - off);
        struct vm_area *a = mm ? vm_find(mm, addr) : NULL;
        if (!a || addr >= USER_TOP || (a->flags & VM_IO) || vma_is_secretmem(a) ||
            (write && !may_force_write(a)))
            return -EIO;
        uint32_t *pte = pgdir_walk(mm->pgdir, addr, false);
        if ((!pte || !(*pte & PTE_P)) && vm_fault_force(mm, a, addr) < 0)
            return -EIO;
        pte = pgdir_walk(mm->pgdir, addr, false);
        if (!pte || !(*pte & PTE_P))
            return -EIO;
        if (write && !(a->flags & VM_SHARED) && unshare_pte(pte, PAGE_DOWN(addr), 0) < 0)
            return -EIO;
        char *p = (char *)P2V(PTE_ADDR(*pte)) + off;
        if (write) memcpy(p, buf, n); else memcpy(buf, p, n);
        addr += n;
        buf = (char *)buf + n;
        len -= n;
    }
    return 0;
}

uint32_t page_fault_count;                  /* /proc/stat */

void page_fault(struct trapframe *tf)
{
    page_fault_count++;
    uintptr_t addr = read_cr2();
    bool write = tf->err & 2;
    struct mm *mm = current ? current->mm : NULL;
    sti();
    uint32_t esp = from_user(tf) ? tf->esp : 0;
    if (current && addr < USER_TOP)
        perf_sw_event(current, PERF_COUNT_SW_PAGE_FAULTS, from_user(tf), tf->eip, addr);
    int r = addr < USER_TOP ? vm_fault(mm, addr, write, esp) : -EFAULT;
    if (r == VM_FAULT_USERFAULT && from_user(tf)) {
        handle_userfault(mm, addr, write);   /* sleeps; the access is tried again */
        return;
    }
    if (r == VM_FAULT_USERFAULT)
        r = -EFAULT;                         /* the kernel's copy fails (docs/decisions.md) */
    if (r == 0 && current) {
        current->min_flt++;                  /* /proc/<pid>/stat */
        perf_sw_event(current, PERF_COUNT_SW_PAGE_FAULTS_MIN, from_user(tf), tf->eip, addr);
    }
    if (r == 0)
        return;
    if (r == -ENOMEM && from_user(tf)) {
        pagefault_out_of_memory();           /* the access is tried again */
        return;
    }
    if (r == -ENOMEM)
        out_of_memory();                     /* and the kernel's access fails, as Linux's */
    if (!from_user(tf)) {
        uint32_t fixup = ex_table_lookup(tf->eip);
        if (fixup) {
            tf->eip = fixup;
            return;
        }
        printk("\nKERNEL PANIC: page fault at %p (%s) in kernel mode\n", (void *)addr, write ? "write" : "read");
        print_trapframe(tf);
        backtrace(tf->ebp, tf->eip);
        qemu_exit(1);
    }
    if (r == -EIO)
        force_sig_fault(current, SIGBUS, BUS_ADRERR, addr);
    else
        force_sig_fault(current, SIGSEGV, r == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, addr);
}
