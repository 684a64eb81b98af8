/* Reading directories: getdents64 packs the entries a filesystem's readdir
 * hands out into linux_dirent64 records in the user's buffer; getcwd
 * finds the name of each directory from the cwd up in its parent. */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
} __attribute__((packed));

struct getdents_ctx {
    char *ubuf;
    uint32_t size, used;
    int error;                              /* -EFAULT, or -EINVAL when nothing fit */
};

static bool filldir64(void *vctx, const char *name, int len, loff_t next, uint64_t ino, unsigned type)
{
    struct getdents_ctx *c = vctx;
    uint32_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~7u;
    if (c->used + reclen > c->size) {
        if (!c->used)
            c->error = -EINVAL;             /* not even one entry fits */
        return false;
    }
    union { struct linux_dirent64 d; char raw[320]; } rec;
    memset(&rec, 0, reclen);
    rec.d.d_ino = ino;
    rec.d.d_off = next;
    rec.d.d_reclen = (uint16_t)reclen;
    rec.d.d_type = (uint8_t)type;
    memcpy(rec.d.d_name, name, len);
    if (copy_to_user(c->ubuf + c->used, &rec, reclen)) {
        c->error = -EFAULT;
        return false;
    }
    c->used += reclen;
    return true;
}

long sys_getdents64(int fd, void *dirp, uint32_t count)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (!f->f_op || !f->f_op->readdir)
        return -ENOTDIR;
    struct getdents_ctx c = { dirp, count, 0, 0 };
    int r = f->f_op->readdir(f, &c, filldir64);
    if (r < 0)
        return r;
    if (c.used)
        return c.used;
    return c.error;
}

struct find_ctx {
    uint32_t ino;
    char *name;                             /* NAME_MAX_K + 1 bytes */
    bool found;
};

static bool find_ino(void *vctx, const char *name, int len, loff_t next UNUSED,
                     uint64_t ino, unsigned type UNUSED)
{
    struct find_ctx *c = vctx;
    if (ino != c->ino || (len == 1 && name[0] == '.') ||
        (len == 2 && name[0] == '.' && name[1] == '.'))
        return true;
    memcpy(c->name, name, len);
    c->name[len] = 0;
    c->found = true;
    return false;
}

/* The name of directory ip in its parent dir, into name. */
static int name_in_parent(struct inode *dir, struct inode *ip, char *name)
{
    struct file f = { .f_op = dir->i_fop, .f_inode = dir, .f_count = 1 };
    struct find_ctx c = { ip->i_ino, name, false };
    f.f_op->readdir(&f, &c, find_ino);
    return c.found ? 0 : -ENOENT;
}

/* Builds the path of the cwd backwards from the end of a kernel buffer. */
long sys_getcwd(char *ubuf, uint32_t size)
{
    char *buf = kmalloc(PATH_MAX_K), *name = kmalloc(NAME_MAX_K + 1);
    struct inode *ip = current->cwd ? current->cwd : fs_root;
    int r = buf && name ? 0 : -ENOMEM, at = PATH_MAX_K - 1;
    if (!r && ip->i_nlink == 0)
        r = -ENOENT;                        /* the cwd was removed */
    if (!r)
        buf[at] = 0;
    inode_get(ip);
    while (!r && ip != fs_root) {
        struct inode *up;
        if ((r = vfs_lookup(ip, "..", &up)))
            break;
        if (!(r = name_in_parent(up, ip, name))) {
            int len = (int)strlen(name);
            if (at - len - 1 < 0)
                r = -ENAMETOOLONG;
            else {
                at -= len;
                memcpy(buf + at, name, len);
                buf[--at] = '/';
            }
        }
        inode_put(ip);
        ip = up;
    }
    inode_put(ip);
    if (!r && at == PATH_MAX_K - 1)
        buf[--at] = '/';
    int len = PATH_MAX_K - at;              /* with the NUL */
    if (!r && (uint32_t)len > size)
        r = -ERANGE;
    if (!r && copy_to_user(ubuf, buf + at, len))
        r = -EFAULT;
    kfree(buf);
    kfree(name);
    return r ? r : len;
}
