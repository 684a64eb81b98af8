/* Unpacks "newc" cpio archives (the initrd modules) into the root
 * filesystem through the ordinary namespace calls, as root. Later entries
 * replace earlier files, so a second archive can override the first.
 * Damaged input stops the unpacking with a message, never a crash. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "fs/vfs.h"

#define CPIO_HDR 110

struct cpio_entry {
    uint32_t mode, uid, gid, mtime, size, rdevmajor, rdevminor;
    const char *name;
    const char *data;
};

/* Eight hex digits at p; false if any is not one. */
static bool hex8(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

/* Creates the missing directories leading to path (an absolute path). */
static void make_parents(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        do_mkdirat(AT_FDCWD, path, 0755);   /* -EEXIST is fine */
        *s = '/';
    }
}

/* Clears the way for a new entry at path: an old directory stays when the
 * new entry is one too (only its attributes change). */
static int remove_old(const char *path, uint32_t type)
{
    struct inode *ip;
    if (namei_at(AT_FDCWD, path, 0, &ip))
        return 0;
    bool isdir = S_ISDIR(ip->i_mode);
    inode_put(ip);
    if (isdir && type == S_IFDIR)
        return 0;
    return isdir ? do_rmdir(AT_FDCWD, path) : do_unlinkat(AT_FDCWD, path);
}

static int write_file(const char *path, const struct cpio_entry *e)
{
    struct file *f;
    int r = do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, 0600, &f);
    if (r)
        return r;
    ssize_t n = e->size ? vfs_write_kernel(f->f_inode, e->data, e->size, 0) : 0;
    file_put(f);
    return n == (ssize_t)e->size ? 0 : (n < 0 ? (int)n : -ENOSPC);
}

static int make_symlink(const char *path, const struct cpio_entry *e)
{
    char *target = kmalloc(e->size + 1);
    if (!target)
        return -ENOMEM;
    memcpy(target, e->data, e->size);
    target[e->size] = 0;
    int r = do_symlinkat(target, AT_FDCWD, path);
    kfree(target);
    return r;
}

/* Makes one entry at path, then gives it the archive's owner, mode and
 * modification time. */
static int unpack_entry(char *path, const struct cpio_entry *e)
{
    uint32_t type = e->mode & S_IFMT;
    make_parents(path);
    int r = remove_old(path, type);
    if (r)
        return r;
    switch (type) {
    case S_IFDIR:
        r = do_mkdirat(AT_FDCWD, path, 0700);
        if (r == -EEXIST)
            r = 0;
        break;
    case S_IFREG:
        r = write_file(path, e);
        break;
    case S_IFLNK:
        r = make_symlink(path, e);
        break;
    case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
        r = do_mknodat(AT_FDCWD, path, type | 0600,
                       new_encode_dev(MKDEV(e->rdevmajor, e->rdevminor)));
        break;
    default:
        return -EINVAL;
    }
    struct inode *ip;
    if (r || (r = namei_at(AT_FDCWD, path, 0, &ip)))
        return r;
    ip->i_mode = type | (e->mode & 07777);
    ip->i_uid = e->uid;
    ip->i_gid = e->gid;
    ip->i_mtime = ip->i_atime = (struct ktime){ e->mtime, 0 };
    inode_put(ip);
    return 0;
}

/* Parses the header at p (left bytes remain). Returns the offset of the
 * next header, 0 at the trailer, or -1 when the archive is damaged. */
static long parse_one(const char *p, size_t left, struct cpio_entry *e, uint32_t *namesize)
{
    uint32_t f[13];
    if (left < CPIO_HDR || memcmp(p, "07070", 5) || (p[5] != '1' && p[5] != '2'))
        return -1;
    for (int i = 0; i < 13; i++)
        if (!hex8(p + 6 + 8 * i, &f[i]))
            return -1;
    e->mode = f[1]; e->uid = f[2]; e->gid = f[3]; e->mtime = f[5]; e->size = f[6];
    e->rdevmajor = f[9]; e->rdevminor = f[10];
    *namesize = f[11];
    size_t data = (CPIO_HDR + *namesize + 3) & ~3u;
    if (*namesize == 0 || *namesize > PATH_MAX_K || data > left || e->size > left - data)
        return -1;
    e->name = p + CPIO_HDR;
    if (e->name[*namesize - 1] != 0)
        return -1;
    e->data = p + data;
    if (!strcmp(e->name, "TRAILER!!!"))
        return 0;
    return (long)((data + e->size + 3) & ~3u);
}

void cpio_unpack(const void *archive, size_t len)
{
    const char *p = archive;
    size_t off = 0;
    int files = 0;
    char *path = kmalloc(PATH_MAX_K + 1);
    if (!path)
        return;
    while (off < len) {
        if (p[off] == 0) {                  /* padding between archives */
            off += 4;
            continue;
        }
        struct cpio_entry e;
        uint32_t namesize;
        long next = parse_one(p + off, len - off, &e, &namesize);
        if (next < 0) {
            printk("cpio: damaged archive at byte %u; stopped\n", (unsigned)off);
            break;
        }
        if (next == 0) {                    /* trailer: maybe another archive follows */
            off = (off + CPIO_HDR + namesize + 3) & ~(size_t)3;
            continue;
        }
        const char *name = e.name;
        while (name[0] == '.' && name[1] == '/')
            name += 2;
        while (name[0] == '/')
            name++;
        if (name[0] && strcmp(name, ".")) {
            path[0] = '/';
            strlcpy(path + 1, name, PATH_MAX_K);
            int r = unpack_entry(path, &e);
            if (r)
                printk("cpio: %s: error %d\n", path, r);
            else
                files++;
        }
        off += next;
    }
    kfree(path);
    printk("cpio: unpacked %d entries\n", files);
}
