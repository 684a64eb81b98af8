/* Shared memory segments: shmget, shmat, shmdt, shmctl. A segment's pages
 * live in a shmem object (kernel/mm/shmem.c) and are allocated lazily on the
 * first touch, as the book describes. Each attachment is a VM_SHARED area
 * whose vm_ops count attachments: fork adds one, exit/exec/shmdt remove
 * one. IPC_RMID of an attached segment marks it SHM_DEST and makes its
 * key private; the last detach frees it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "fs/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "ipc/shm.h"
#include "ipc/namespace.h"
#include <linux/shm.h>
#include <asm/shmbuf.h>

/* The table and the limits in /proc/sys/kernel (shmmax, the largest
 * segment: Pipit's default is 64 MiB, see docs/decisions.md; shmall,
 * pages in all segments; shmmni; shm_rmid_forced) are current's IPC
 * namespace's (ipc/namespace.h). A segment remembers its namespace, and
 * each attachment holds it, as Linux's shm_file_data: a namespace with
 * a segment attached lives on until the detach. */

static void shm_destroy(struct shmid_kernel *s)
{
    ipc_remove(&shm_ids(s->ns), &s->shm_perm);
    shmem_put(s->mem);
    kfree(s);
}

/* Linux's shm_may_destroy: unattached, and removed or shm_rmid_forced. */
static bool shm_may_destroy(struct shmid_kernel *s)
{
    return s->shm_nattch == 0 && (s->ns->shm_rmid_forced || (s->shm_perm.mode & SHM_DEST_K));
}

/* Pages in all segments (Linux's shm_tot). */
static uint32_t shm_total_pages(void)
{
    struct ipc_namespace *ns = current_ipc_ns();
    uint32_t n = 0;
    for (int i = 0; i <= shm_ids(ns).max_idx; i++)
        if (ipc_at(&shm_ids(ns), (uint32_t)i))
            n += PAGE_ALIGN(((struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i))->shm_segsz) >> PAGE_SHIFT;
    return n;
}

static int new_segment(int32_t key, int flg, void *arg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    uint32_t size = *(uint32_t *)arg;
    uint32_t pages = (uint32_t)(((uint64_t)size + PAGE_SIZE - 1) >> PAGE_SHIFT);
    if (size < SHMMIN || size > ns->shm_ctlmax)
        return -EINVAL;
    uint32_t tot = shm_total_pages();
    if (tot + pages < tot || tot + pages > ns->shm_ctlall)
        return -ENOSPC;                      /* shmall */
    struct shmid_kernel *s = kzalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    if (!(s->mem = shmem_create(size))) {
        kfree(s);
        return -ENOMEM;
    }
    int id = ipc_add(&shm_ids(ns), &s->shm_perm, key, flg);
    if (id < 0) {
        shmem_put(s->mem);
        kfree(s);
        return id;
    }
    s->ns = ns;
    s->shm_segsz = size;
    s->shm_cpid = current->pid;
    s->shm_creator = current->pid;
    s->shm_ctime = ipc_time();
    return id;
}

static int check_segment(struct kern_ipc_perm *p, void *arg)
{
    return *(uint32_t *)arg > ((struct shmid_kernel *)p)->shm_segsz ? -EINVAL : 0;
}

/* shmget: the segment of `key` (IPC_PRIVATE: always a new one) of `size`
 * bytes (SHMMIN..shmmax), made with IPC_CREAT; an existing one must be at
 * least that large. Its pages come at the first touch. Does not sleep.
 * The identifier, or -EINVAL, -ENOENT, -EEXIST, -EACCES, -ENOSPC,
 * -ENOMEM. */
long shm_get(int32_t key, uint32_t size, int flg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    return ipc_get(&shm_ids(ns), key, flg, new_segment, check_segment, &size);
}

/* The segment an attachment area belongs to is in a->pgoff's company:
 * private points at the segment, whose shmem backs the pages. */
static paddr_t shm_nopage(struct vm_area *a, uint32_t pgoff)
{
    struct shmid_kernel *s = a->private;
    return shmem_page(s->mem, pgoff);
}

static void shm_open(struct vm_area *a)
{
    struct shmid_kernel *s = a->private;
    get_ipc_ns(s->ns);
    s->shm_nattch++;
    s->shm_atime = ipc_time();
    s->shm_lpid = current->pid;
}

static void shm_close(struct vm_area *a)
{
    struct shmid_kernel *s = a->private;
    s->shm_dtime = ipc_time();
    s->shm_lpid = current->pid;
    s->shm_nattch--;
    struct ipc_namespace *ns = s->ns;
    if (shm_may_destroy(s))
        shm_destroy(s);
    put_ipc_ns(ns);                          /* perhaps its last user */
}

static bool shm_resident(struct vm_area *a, uint32_t pgoff)
{
    struct shmid_kernel *s = a->private;
    return shmem_resident(s->mem, pgoff);
}

static const struct vm_ops shm_vm_ops = {
    .nopage = shm_nopage, .open = shm_open, .close = shm_close, .resident = shm_resident,
};

/* shmat's address and flags, checked before the segment as Linux does:
 * an unaligned address without SHM_RND, or SHM_REMAP with no address
 * (also one that SHM_RND rounds to 0), is -EINVAL. */
static int shmat_addr(uint32_t *addr, int flg)
{
    if (*addr & (PAGE_SIZE - 1)) {
        if (!(flg & SHM_RND))
            return -EINVAL;
        *addr = PAGE_DOWN(*addr);
    }
    if (!*addr && (flg & SHM_REMAP))
        return -EINVAL;
    return 0;
}

/* shmat: attaches segment id to the current process at addr (0:
 * anywhere; SHM_RND rounds it down), read-only with SHM_RDONLY,
 * executable with SHM_EXEC (which needs execute permission); SHM_REMAP
 * replaces what was mapped there. *result is the address (the caller
 * stores it where the system call says). Maps no page yet; does not
 * sleep. 0, or -EINVAL, -EACCES, -ENOMEM (no room), -EPERM (below
 * mmap_min_addr). */
long shm_at(int id, uint32_t addr, int flg, uint32_t *result)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if (id < 0 || shmat_addr(&addr, flg))
        return -EINVAL;
    struct shmid_kernel *s = (struct shmid_kernel *)ipc_lookup(&shm_ids(ns), id);
    if (!s)
        return -EINVAL;
    int want = ((flg & SHM_RDONLY) ? 0444 : 0666) | ((flg & SHM_EXEC) ? 0111 : 0);
    int r = ipcperms(&s->shm_perm, want);
    if (r)
        return r;
    struct mm *mm = current->mm;
    uint32_t size = PAGE_ALIGN(s->shm_segsz);
    if (!addr) {
        if (!(addr = vm_find_free(mm, size)))
            return -ENOMEM;
    } else {
        if (addr + size > USER_TOP || addr + size < addr)
            return -ENOMEM;
        if (addr < mmap_min_addr && !capable(CAP_SYS_RAWIO))
            return -EPERM;                   /* as any fixed mapping (kernel/mm/mmap.c) */
        if (flg & SHM_REMAP)
            vm_unmap(mm, addr, addr + size);
    }
    uint32_t vmf = VM_SHARED | VM_READ | ((flg & SHM_RDONLY) ? 0 : VM_WRITE | VM_MAYWRITE) |
                   ((flg & SHM_EXEC) ? VM_EXEC : 0);
    r = vm_map(mm, addr, addr + size, vmf, &shm_vm_ops, s, 0);
    if (r < 0)
        return -EINVAL;                      /* overlaps a mapping, as Linux says */
    shm_open(vm_find(mm, addr));
    *result = addr;
    return 0;
}

/* shmdt: detaches the attachment that starts at addr (every piece of it,
 * if mprotect split it); the last detach of a removed segment frees it.
 * Does not sleep. 0, or -EINVAL (no attachment starts there). */
long shm_dt(uint32_t addr)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    struct mm *mm = current->mm;
    struct vm_area *a = vm_find(mm, addr);
    if (!a || a->start != addr || a->ops != &shm_vm_ops)
        return -EINVAL;
    struct shmid_kernel *s = a->private;
    uint32_t end = addr + PAGE_ALIGN(s->shm_segsz);
    /* every piece of this attachment (mprotect may have split it) */
    while ((a = vm_find(mm, addr)) && a->ops == &shm_vm_ops && a->private == s && addr < end) {
        uint32_t next = a->end;
        vm_unmap(mm, a->start, a->end);
        addr = next;
    }
    return 0;
}

/* IPC_STAT's fields past the permission block (see ipc_ctl_stat). */
static void shm_fill(const struct kern_ipc_perm *p, void *out)
{
    const struct shmid_kernel *s = (const struct shmid_kernel *)p;
    struct shmid64_ds *ds = out;
    ds->shm_segsz = s->shm_segsz;
    ds->shm_atime = s->shm_atime;
    ds->shm_dtime = s->shm_dtime;
    ds->shm_ctime = s->shm_ctime;
    ds->shm_cpid = pid_vnr(s->shm_cpid);
    ds->shm_lpid = pid_vnr(s->shm_lpid);
    ds->shm_nattch = s->shm_nattch;
}

/* IPC_SET past the ownership (ipc_ctl_set): a uid or gid of -1 is EINVAL. */
static long shm_set(struct kern_ipc_perm *p, const void *in)
{
    const struct shmid64_ds *ds = in;
    return ipc_set_perm64(p, &ds->shm_perm, &((struct shmid_kernel *)p)->shm_ctime);
}

/* IPC_STAT's old layout (Linux's copy_shmid_to_user for IPC_OLD). */
static void shm_to_old(const void *in, void *out)
{
    const struct shmid64_ds *ds = in;
    struct shmid_ds *o = out;
    ipc_perm_to_old(&ds->shm_perm, &o->shm_perm);
    o->shm_segsz = (int)ds->shm_segsz;
    o->shm_atime = (__kernel_old_time_t)ds->shm_atime;
    o->shm_dtime = (__kernel_old_time_t)ds->shm_dtime;
    o->shm_ctime = (__kernel_old_time_t)ds->shm_ctime;
    o->shm_cpid = (__kernel_ipc_pid_t)ds->shm_cpid;
    o->shm_lpid = (__kernel_ipc_pid_t)ds->shm_lpid;
    o->shm_nattch = (uint16_t)ds->shm_nattch;
}

/* IPC_SET's old layout: the owner and the mode. */
static void shm_from_old(const void *in, void *out)
{
    ipc_perm_from_old(&((const struct shmid_ds *)in)->shm_perm, &((struct shmid64_ds *)out)->shm_perm);
}

static const struct ipc_kind shm_kind = {
    .ids = IPC_SHM_IDS, .stat_any_cmd = SHM_STAT_ANY, .ds_size = sizeof(struct shmid64_ds),
    .fill = shm_fill, .set = shm_set,
    .old_size = sizeof(struct shmid_ds), .to_old = shm_to_old, .from_old = shm_from_old,
};

/* IPC_INFO (the limits, a shminfo64, or for IPC_OLD the five ints of a
 * shminfo) and SHM_INFO (usage, a shm_info, the same in both): the
 * highest slot in use. shmmax is cut to INT_MAX, as a 64-bit Linux tells
 * a 32-bit program (decision 14), and as the old layout must. */
static long shm_info(int cmd, void *ubuf, int version)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if (cmd == IPC_INFO) {
        struct shminfo64 si;
        memset(&si, 0, sizeof si);
        si.shmmax = MIN(ns->shm_ctlmax, 0x7FFFFFFFu);
        si.shmmin = SHMMIN;
        si.shmmni = ns->shm_ctlmni;
        si.shmseg = ns->shm_ctlmni;
        si.shmall = ns->shm_ctlall;
        if (version == IPC_OLD) {
            struct shminfo old = {
                .shmmax = (int)si.shmmax, .shmmin = (int)si.shmmin, .shmmni = (int)si.shmmni,
                .shmseg = (int)si.shmseg, .shmall = (int)si.shmall,
            };
            return ipc_ctl_info(&shm_ids(ns), ubuf, &old, sizeof old);
        }
        return ipc_ctl_info(&shm_ids(ns), ubuf, &si, sizeof si);
    }
    struct shm_info si;
    memset(&si, 0, sizeof si);
    si.used_ids = shm_ids(ns).in_use;
    for (int i = 0; i <= shm_ids(ns).max_idx; i++) {
        struct shmid_kernel *s = (struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i);
        if (s) {
            si.shm_tot += PAGE_ALIGN(s->shm_segsz) >> PAGE_SHIFT;
            si.shm_rss += s->mem->resident;
        }
    }
    return ipc_ctl_info(&shm_ids(ns), ubuf, &si, sizeof si);
}

/* IPC_RMID: an attached segment is only marked (and its key made
 * private); the last detach frees it. */
static long shm_rmid(int id)
{
    struct ipc_namespace *ns = current_ipc_ns();
    long r;
    struct shmid_kernel *s = (struct shmid_kernel *)ipc_ctl_owned(&shm_ids(ns), id, &r);
    if (!s)
        return r;
    if (s->shm_nattch == 0) {
        shm_destroy(s);
    } else {
        s->shm_perm.mode |= SHM_DEST_K;
        s->shm_perm.key = IPC_PRIVATE;
    }
    return 0;
}

/* SHM_LOCK and SHM_UNLOCK: only mark the segment (Pipit does not swap).
 * CAP_IPC_LOCK may lock any segment; anyone else only one it owns or
 * created, and SHM_LOCK only with a RLIMIT_MEMLOCK above 0, as Linux's
 * shmctl_do_lock. 0, -EINVAL or -EPERM. */
static long shm_lock(int id, bool lock)
{
    struct ipc_namespace *ns = current_ipc_ns();
    struct shmid_kernel *s = (struct shmid_kernel *)ipc_lookup(&shm_ids(ns), id);
    if (!s)
        return -EINVAL;
    if (!capable(CAP_IPC_LOCK) &&
        ((current->euid != s->shm_perm.uid && current->euid != s->shm_perm.cuid) ||
         (lock && rlimit(RLIMIT_MEMLOCK) == 0)))
        return -EPERM;
    if (lock)
        s->shm_perm.mode |= SHM_LOCKED_K;
    else
        s->shm_perm.mode &= ~SHM_LOCKED_K;
    return 0;
}

/* shmctl: one function per command, after the checks all commands share
 * (ipc_ctl_cmd); `version` is the layout of ubuf (IPC_64 or IPC_OLD,
 * ipc_parse_version). Does not sleep. 0, the id or slot that *_STAT and
 * *_INFO report, or -errno. */
long shm_ctl(int id, int cmd, void *ubuf, int version)
{
    long r = ipc_ctl_cmd(id, &cmd);
    if (r)
        return r;
    switch (cmd) {
    case IPC_INFO: case SHM_INFO:
        return shm_info(cmd, ubuf, version);
    case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
        return ipc_ctl_stat(&shm_kind, id, cmd, ubuf, version);
    case IPC_SET:
        return ipc_ctl_set(&shm_kind, id, ubuf, version);
    case IPC_RMID:
        return shm_rmid(id);
    case SHM_LOCK: case SHM_UNLOCK:
        return shm_lock(id, cmd == SHM_LOCK);
    }
    return -EINVAL;
}

int shm_proc_show(char *buf, int size)
{
    struct ipc_namespace *ns = current_ipc_ns();
    int n = snprintf(buf, size, "       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime        rss       swap\n");
    for (int i = 0; i <= shm_ids(ns).max_idx && n < size; i++) {
        struct shmid_kernel *s = (struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i);
        if (s)
            n += snprintf(buf + n, size - n, "%10d %10d  %4o %10u %5d %5d  %5d %5u %5u %5u %5u %10u %10u %10u %10u %10u\n",
                          s->shm_perm.key, s->shm_perm.id, s->shm_perm.mode & 01777, s->shm_segsz,
                          proc_nr(s->shm_cpid), proc_nr(s->shm_lpid), s->shm_nattch, uid_out(s->shm_perm.uid),
                          gid_out(s->shm_perm.gid), uid_out(s->shm_perm.cuid), gid_out(s->shm_perm.cgid),
                          s->shm_atime, s->shm_dtime,
                          s->shm_ctime, s->mem->resident * PAGE_SIZE, 0u);
    }
    return MIN(n, size);
}

/* At the exit of task t (do_exit, after its memory is gone): the segments
 * t created lose their creator, and with shm_rmid_forced those that are
 * not attached go (Linux's exit_shm). Does not sleep. */
void shm_exit(struct task *t)
{
    struct ipc_namespace *ns = task_ipc_ns(t);
    for (int i = 0; i <= shm_ids(ns).max_idx; i++) {
        struct shmid_kernel *s = (struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i);
        if (!s || s->shm_creator != t->pid)
            continue;
        s->shm_creator = 0;
        if (ns->shm_rmid_forced && shm_may_destroy(s))
            shm_destroy(s);
    }
}

/* The namespace's last user went (no attachment is left: each holds
 * it): every segment goes. */
void shm_exit_ns(struct ipc_namespace *ns)
{
    for (int i = 0; i <= shm_ids(ns).max_idx; i++) {
        struct shmid_kernel *s = (struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i);
        if (s)
            shm_destroy(s);
    }
}

/* Writing 1 to shm_rmid_forced: the unattached segments whose creator is
 * gone go at once (Linux's shm_destroy_orphaned). Does not sleep. */
void shm_destroy_orphaned(void)
{
    struct ipc_namespace *ns = current_ipc_ns();
    for (int i = 0; i <= shm_ids(ns).max_idx; i++) {
        struct shmid_kernel *s = (struct shmid_kernel *)ipc_at(&shm_ids(ns), (uint32_t)i);
        if (s && !s->shm_creator && shm_may_destroy(s))
            shm_destroy(s);
    }
}
