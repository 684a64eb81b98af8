/* ramfs regular files: data in whole pages allocated on first write, found
 * through a two-level table (top -> leaf -> page). Holes read as zeros.
 * read_iter/write_iter copy to and from user memory; the *_kernel forms serve exec
 * and the cpio unpacker. Nothing here sleeps. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "fs/ramfs.h"
#include "fs/notify.h"
#include <linux/fs.h>
#include <linux/falloc.h>

#define RAMFS_MAX_BYTES ((loff_t)1 << 40)

static struct ramfs_file *FILE_OF(struct inode *ip)
{
    return ip->i_private;
}

int ramfs_file_init(struct inode *ip)
{
    struct ramfs_file *rf = kzalloc(sizeof *rf);
    if (!rf)
        return -ENOMEM;
    rf->seals = F_SEAL_SEAL;                /* every tmpfs file starts so */
    ip->i_private = rf;
    ip->i_op = &ramfs_file_iops;
    ip->i_fop = &ramfs_file_fops;
    return 0;
}

/* The physical page holding page pg of the file, or 0 for a hole. With
 * alloc, a hole is filled with a zeroed page; 0 then means the filesystem
 * is full (its size limit, ramfs_super.c) or there is no memory for file
 * data (it may not take the pages kept for programs and the kernel,
 * kernel/mm/page_alloc.c), and a write gives ENOSPC or its short count. */
static paddr_t file_page(struct inode *ip, uint32_t pg, bool alloc)
{
    struct ramfs_file *rf = FILE_OF(ip);
    uint32_t t = pg / RAMFS_LEAF_PAGES, s = pg % RAMFS_LEAF_PAGES;
    if (t >= rf->ntop) {
        if (!alloc)
            return 0;
        uint32_t n = MAX(t + 1, rf->ntop * 2);
        uint32_t *top = kzalloc(n * sizeof *top);
        if (!top)
            return 0;
        if (rf->top)
            memcpy(top, rf->top, rf->ntop * sizeof *top);
        kfree(rf->top);
        rf->top = top;
        rf->ntop = n;
    }
    if (!rf->top[t]) {
        if (!alloc || !(rf->top[t] = page_alloc_buffer_zeroed()))
            return 0;
    }
    uint32_t *leaf = P2V(rf->top[t]);
    if (!leaf[s] && alloc) {
        if (!ramfs_charge_block(ip))
            return 0;
        if (!(leaf[s] = page_alloc_buffer_zeroed())) {
            ramfs_uncharge_block(ip);
            return 0;
        }
        ip->i_blocks += PAGE_SIZE / 512;
    }
    return leaf[s];
}

/* Moves one piece (inside one file page) between data (NULL: a hole,
 * read as zeros) and kbuf, or the user buffers of it when kbuf is NULL.
 * Returns the bytes moved: fewer than n when a user page faults. */
static size_t piece_move(char *data, char *kbuf, struct iov_iter *it, size_t n, bool write)
{
    if (kbuf && write)
        memcpy(data, kbuf, n);
    else if (kbuf && data)
        memcpy(kbuf, data, n);
    else if (kbuf)
        memset(kbuf, 0, n);
    else if (write)
        return copy_from_iter(data, n, it);
    else
        return data ? copy_to_iter(data, n, it) : iov_iter_zero(n, it);
    return n;
}

/* Moves n bytes between the file at off and kbuf, or the user buffers of
 * `it` when kbuf is NULL. Returns the bytes moved (a fault in the user's
 * buffers stops it there), or -errno when none were. */
static ssize_t ramfs_rw(struct inode *ip, char *kbuf, struct iov_iter *it, size_t n, loff_t off,
                        bool write)
{
    size_t done = 0;
    while (done < n) {
        loff_t pos = off + done;
        uint32_t o = (uint32_t)pos & (PAGE_SIZE - 1);
        size_t chunk = MIN(n - done, PAGE_SIZE - o);
        paddr_t pa = file_page(ip, (uint32_t)(pos >> PAGE_SHIFT), write);
        if (write && !pa)
            return done ? (ssize_t)done : -ENOSPC;
        size_t c = piece_move(pa ? (char *)P2V(pa) + o : NULL, kbuf ? kbuf + done : NULL, it,
                              chunk, write);
        done += c;
        if (c < chunk)
            return done ? (ssize_t)done : -EFAULT;
    }
    return (ssize_t)done;
}

static ssize_t ramfs_read_at(struct inode *ip, char *kbuf, struct iov_iter *it, size_t n, loff_t pos)
{
    if (pos >= ip->i_size)
        return 0;
    n = (size_t)MIN((loff_t)n, ip->i_size - pos);
    return ramfs_rw(ip, kbuf, it, n, pos, false);
}

/* What the seals (fs/memfd.c) leave of a write of n bytes at pos, as
 * tmpfs asks them for each piece of a page in turn: nothing under
 * F_SEAL_WRITE or F_SEAL_FUTURE_WRITE; under F_SEAL_GROW, the pieces that
 * end inside the file. 0: the write fails with EPERM. */
static size_t sealed_write_len(struct inode *ip, loff_t pos, size_t n)
{
    unsigned seals = FILE_OF(ip)->seals;
    if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
        return 0;
    if (!(seals & F_SEAL_GROW) || pos + (loff_t)n <= ip->i_size)
        return n;
    loff_t end = ip->i_size & ~(loff_t)(PAGE_SIZE - 1);   /* the last page edge inside */
    return end > pos ? (size_t)(end - pos) : 0;
}

/* Bytes that reach the file count even when the rest of the user's
 * buffer faulted: the size grows by them and the write returns them. A
 * write the seals refuse still stamps the times, as Linux updates them
 * before it asks. */
static ssize_t ramfs_write_at(struct inode *ip, const char *kbuf, struct iov_iter *it, size_t n,
                              loff_t pos)
{
    if (n == 0)
        return 0;
    if (pos >= RAMFS_MAX_BYTES)
        return -EFBIG;
    n = (size_t)MIN((loff_t)n, RAMFS_MAX_BYTES - pos);
    if (FILE_OF(ip)->seals & ~F_SEAL_SEAL && !(n = sealed_write_len(ip, pos, n))) {
        inode_touch(ip, true);
        return -EPERM;
    }
    ssize_t r = ramfs_rw(ip, (char *)kbuf, it, n, pos, true);
    if (r > 0) {
        if (pos + r > ip->i_size)
            ip->i_size = pos + r;
        inode_touch(ip, true);
    }
    return r;
}

static ssize_t ramfs_file_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
    if (!iov_iter_count(to))
        return 0;
    ssize_t r = ramfs_read_at(f->f_inode, NULL, to, iov_iter_count(to), *pos);
    if (r > 0)
        *pos += r;
    if (r >= 0 && !(f->f_flags & O_NOATIME))
        file_accessed_via(f);
    return r;
}

/* fs/read_write.c has put an append at the end and applied RLIMIT_FSIZE.
 * A write without CAP_FSETID drops set-user-id; any drops file
 * capabilities. */
static ssize_t ramfs_file_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
    struct inode *ip = f->f_inode;
    ssize_t r = ramfs_write_at(ip, NULL, from, iov_iter_count(from), *pos);
    if (r > 0) {
        *pos += r;
        inode_killpriv(ip);
        if (!capable(CAP_FSETID) && inode_kill_suid(ip))
            fsnotify_change(ip, IN_ATTRIB);  /* before the write's IN_MODIFY, as Linux's */
    }
    return r;
}

/* splice(2) from the file (ipc/splice.c): a read into the pipe's ring. */
static ssize_t ramfs_splice_read(struct file *f, char *kbuf, size_t n, loff_t *pos)
{
    ssize_t r = ramfs_read_at(f->f_inode, kbuf, NULL, n, *pos);
    if (r > 0)
        *pos += r;
    if (r >= 0 && !(f->f_flags & O_NOATIME))
        file_accessed_via(f);
    return r;
}

/* splice(2) to the file: a write from the pipe's ring, with write(2)'s
 * RLIMIT_FSIZE and set-user-id rules (ipc/splice.c has refused O_APPEND). */
static ssize_t ramfs_splice_write(struct file *f, const char *kbuf, size_t n, loff_t *pos)
{
    ssize_t max = write_check_limits(f, *pos, n);
    if (max < 0)
        return max;
    ssize_t r = ramfs_write_at(f->f_inode, kbuf, NULL, (size_t)max, *pos);
    if (r > 0) {
        *pos += r;
        inode_killpriv(f->f_inode);
        if (!capable(CAP_FSETID) && inode_kill_suid(f->f_inode))
            fsnotify_change(f->f_inode, IN_ATTRIB);
    }
    return r;
}

static ssize_t ramfs_read_kernel(struct inode *ip, void *kbuf, size_t n, loff_t off)
{
    return ramfs_read_at(ip, kbuf, NULL, n, off);
}

static ssize_t ramfs_write_kernel(struct inode *ip, const void *kbuf, size_t n, loff_t off)
{
    return ramfs_write_at(ip, kbuf, NULL, n, off);
}

/* Frees the pages from page `first` on, and the leaves left empty. */
static void free_pages_from(struct inode *ip, uint32_t first)
{
    struct ramfs_file *rf = FILE_OF(ip);
    for (uint32_t t = 0; t < rf->ntop; t++) {
        if (!rf->top[t] || (t + 1) * RAMFS_LEAF_PAGES <= first)
            continue;
        uint32_t *leaf = P2V(rf->top[t]);
        for (uint32_t s = 0; s < RAMFS_LEAF_PAGES; s++) {
            if (leaf[s] && t * RAMFS_LEAF_PAGES + s >= first) {
                page_put(leaf[s]);
                ramfs_uncharge_block(ip);
                leaf[s] = 0;
                ip->i_blocks -= PAGE_SIZE / 512;
            }
        }
        if (t * RAMFS_LEAF_PAGES >= first) {
            page_put(rf->top[t]);
            rf->top[t] = 0;
        }
    }
}

/* Sets the size. Shrinking frees whole pages past the end and zeroes the
 * rest of the last page, so growing again reads zeros. F_SEAL_SHRINK and
 * F_SEAL_GROW refuse their change of size (EPERM). */
static int ramfs_truncate(struct inode *ip, loff_t size)
{
    unsigned seals = FILE_OF(ip)->seals;
    if (size > RAMFS_MAX_BYTES)
        return -EFBIG;
    if ((size < ip->i_size && (seals & F_SEAL_SHRINK)) || (size > ip->i_size && (seals & F_SEAL_GROW)))
        return -EPERM;
    if (size < ip->i_size) {
        uint32_t o = (uint32_t)size & (PAGE_SIZE - 1);
        free_pages_from(ip, (uint32_t)((size + PAGE_SIZE - 1) >> PAGE_SHIFT));
        paddr_t pa = o ? file_page(ip, (uint32_t)(size >> PAGE_SHIFT), false) : 0;
        if (pa)
            memset((char *)P2V(pa) + o, 0, PAGE_SIZE - o);
    }
    ip->i_size = size;
    return 0;
}

void ramfs_file_evict(struct inode *ip)
{
    struct ramfs_file *rf = FILE_OF(ip);
    free_pages_from(ip, 0);
    kfree(rf->top);
    kfree(rf->memfd_name);
    kfree(rf);
    ramfs_uncharge_inode(ip);
}

/* The first page from pg on that holds data (want_data) or is a hole,
 * before page `end`; `end` when there is none. Skips missing leaves
 * whole. Does not sleep. */
static uint64_t find_page(struct inode *ip, uint64_t pg, uint64_t end, bool want_data)
{
    struct ramfs_file *rf = FILE_OF(ip);
    while (pg < end) {
        uint64_t t = pg / RAMFS_LEAF_PAGES;
        if (t >= rf->ntop || !rf->top[t]) {
            if (!want_data)
                return pg;
            if (t >= rf->ntop)
                return end;
            pg = (t + 1) * RAMFS_LEAF_PAGES;
            continue;
        }
        uint32_t *leaf = P2V(rf->top[t]);
        if ((leaf[pg % RAMFS_LEAF_PAGES] != 0) == want_data)
            return pg;
        pg++;
    }
    return end;
}

/* lseek: SEEK_DATA and SEEK_HOLE see the file's holes a page at a time,
 * as tmpfs (the end of the file counts as a hole); the rest is generic.
 * Returns the new position, or -ENXIO (offset not inside the file, or no
 * data after it), -EINVAL. */
static loff_t ramfs_lseek(struct file *f, loff_t off, int whence)
{
    struct inode *ip = f->f_inode;
    if (whence != SEEK_DATA && whence != SEEK_HOLE)
        return generic_lseek(f, off, whence);
    if (off < 0 || off >= ip->i_size)
        return -ENXIO;
    uint64_t end = ((uint64_t)ip->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT;
    uint64_t pg = find_page(ip, (uint64_t)off >> PAGE_SHIFT, end, whence == SEEK_DATA);
    loff_t pos = MAX(off, (loff_t)(pg << PAGE_SHIFT));
    if (whence == SEEK_DATA && pg == end)
        return -ENXIO;
    if (pos > ip->i_size)
        pos = ip->i_size;
    f->f_pos = pos;
    return pos;
}

/* Makes [start, end) read as zeros: a whole page that only the file
 * holds goes back (a hole again); one that is mapped too, and the ends
 * of the range, are zeroed in place, so a mapping sees what Linux's
 * would after it dropped the page and faulted it back in. */
static void punch_hole(struct inode *ip, loff_t start, loff_t end)
{
    uint64_t last = ((uint64_t)end + PAGE_SIZE - 1) >> PAGE_SHIFT;
    for (uint64_t pg = find_page(ip, (uint64_t)start >> PAGE_SHIFT, last, true); pg < last;
         pg = find_page(ip, pg + 1, last, true)) {
        loff_t base = (loff_t)(pg << PAGE_SHIFT);
        uint32_t from = (uint32_t)(MAX(start, base) - base);
        uint32_t to = (uint32_t)(MIN(end, base + PAGE_SIZE) - base);
        uint32_t *leaf = P2V(FILE_OF(ip)->top[pg / RAMFS_LEAF_PAGES]);
        paddr_t pa = leaf[pg % RAMFS_LEAF_PAGES];
        if (from == 0 && to == PAGE_SIZE && page_refcount(pa) == 1) {
            leaf[pg % RAMFS_LEAF_PAGES] = 0;
            page_put(pa);
            ramfs_uncharge_block(ip);
            ip->i_blocks -= PAGE_SIZE / 512;
        } else {
            memset((char *)P2V(pa) + from, 0, to - from);
        }
    }
}

/* fallocate(2) on a regular file, after fs/attr.c's checks, as tmpfs:
 * FALLOC_FL_PUNCH_HOLE (always with FALLOC_FL_KEEP_SIZE there), refused
 * by F_SEAL_WRITE and F_SEAL_FUTURE_WRITE; or a page for every page of the
 * range, the size growing to its end unless FALLOC_FL_KEEP_SIZE, refused
 * by F_SEAL_GROW when the range goes past the end (even with KEEP_SIZE).
 * As tmpfs, the whole range must fit under the size limit, pages it
 * already has included. 0 or -EFBIG, -EOPNOTSUPP, -EPERM, -ENOSPC. */
static int ramfs_fallocate(struct inode *ip, int mode, loff_t off, loff_t len)
{
    unsigned seals = FILE_OF(ip)->seals;
    loff_t end = off + len;
    if (end > RAMFS_MAX_BYTES)
        return -EFBIG;
    if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if (mode & FALLOC_FL_PUNCH_HOLE) {
        if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
            return -EPERM;
        punch_hole(ip, off, end);
        inode_touch(ip, true);
        return 0;
    }
    int r = inode_newsize_ok(ip, end);
    if (r)
        return r;
    if ((seals & F_SEAL_GROW) && end > ip->i_size)
        return -EPERM;
    uint32_t first = (uint32_t)(off >> PAGE_SHIFT), last = (uint32_t)((end + PAGE_SIZE - 1) >> PAGE_SHIFT);
    if (RAMFS_SB(ip)->max_blocks && last - first > RAMFS_SB(ip)->max_blocks)
        return -ENOSPC;                     /* as tmpfs: only a range that can never fit; pages
                                               already there take no more room */
    for (uint32_t pg = first; pg < last; pg++)
        if (!file_page(ip, pg, true))
            return -ENOSPC;                 /* out of memory: the pages made stay */
    if (!(mode & FALLOC_FL_KEEP_SIZE) && end > ip->i_size)
        ip->i_size = end;
    inode_touch(ip, false);
    return 0;
}

static paddr_t ramfs_file_page(struct inode *ip, uint32_t pg, bool fill);
static bool ramfs_page_cached(struct inode *ip, uint32_t pg);

const struct inode_operations ramfs_file_iops = {
    .page = ramfs_file_page,
    .page_cached = ramfs_page_cached,
    .truncate = ramfs_truncate,
    .fallocate = ramfs_fallocate,
    .read_kernel = ramfs_read_kernel,
    .write_kernel = ramfs_write_kernel,
    .evict = ramfs_file_evict,
};

const struct file_operations ramfs_file_fops = {
    .read_iter = ramfs_file_read,
    .write_iter = ramfs_file_write,
    .lseek = ramfs_lseek,
    .splice_read = ramfs_splice_read,
    .splice_write = ramfs_splice_write,
};

/* The inode operation `page_cached` (fs/vfs.h): page pg is no hole. */
static bool ramfs_page_cached(struct inode *ip, uint32_t pg)
{
    return file_page(ip, pg, false) != 0;
}

/* The inode operation `page` (fs/vfs.h) of a regular ramfs file. */
static paddr_t ramfs_file_page(struct inode *ip, uint32_t pg, bool fill)
{
    paddr_t pa = file_page(ip, pg, fill);
    if (!pa && !fill)
        return page_alloc_user_zeroed();
    if (pa)
        page_get(pa);
    return pa;
}
