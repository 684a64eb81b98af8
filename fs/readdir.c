/* Reading directories: getdents64 packs the entries a filesystem's readdir
 * hands out into linux_dirent64 records in the user's buffer, the older
 * getdents into 32-bit linux_dirent ones, and the oldest, readdir, copies
 * out one old_linux_dirent per call; getcwd
 * finds the name of each directory from the cwd up in its parent, and so
 * does vfs_realpath (exec, for /proc/<pid>/exe). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
} __attribute__((packed));

/* getdents(2)'s record: d_type is the last byte, after the name's NUL. */
struct linux_dirent {
    uint32_t d_ino;
    uint32_t d_off;
    uint16_t d_reclen;
    char d_name[];
} __attribute__((packed));

/* readdir(2)'s: one entry, the name NUL-terminated after d_namlen bytes. */
struct old_linux_dirent {
    uint32_t d_ino;
    uint32_t d_offset;
    uint16_t d_namlen;
    char d_name[];
} __attribute__((packed));

struct getdents_ctx {
    char *ubuf;
    uint32_t size, used;
    int error;                              /* -EFAULT, -EOVERFLOW, or -EINVAL when nothing fit */
};

/* Stores a record of reclen bytes at the end of c's buffer; false (and
 * -EINVAL when it would have been the first, -EFAULT) when it does not go. */
static bool dirent_put(struct getdents_ctx *c, const void *rec, uint32_t reclen)
{
    if (c->used + reclen > c->size) {
        if (!c->used)
            c->error = -EINVAL;             /* not even one entry fits */
        return false;
    }
    if (copy_to_user(c->ubuf + c->used, rec, reclen)) {
        c->error = -EFAULT;
        return false;
    }
    c->used += reclen;
    return true;
}

static bool filldir64(void *vctx, const char *name, int len, loff_t next, uint64_t ino, unsigned type)
{
    uint32_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~7u;
    union { struct linux_dirent64 d; char raw[320]; } rec;
    memset(&rec, 0, reclen);
    rec.d.d_ino = ino;
    rec.d.d_off = next;
    rec.d.d_reclen = (uint16_t)reclen;
    rec.d.d_type = (uint8_t)type;
    memcpy(rec.d.d_name, name, len);
    return dirent_put(vctx, &rec, reclen);
}

/* Linux's filldir: the name, its NUL and d_type, 4-byte aligned. An inode
 * number past 32 bits is EOVERFLOW; the offset is cut to 32 bits, as
 * Linux does (Pipit's directory offsets are small counts). */
static bool filldir(void *vctx, const char *name, int len, loff_t next, uint64_t ino, unsigned type)
{
    struct getdents_ctx *c = vctx;
    uint32_t reclen = (offsetof(struct linux_dirent, d_name) + len + 2 + 3) & ~3u;
    if (reclen <= c->size - c->used && ino > 0xFFFFFFFFu) {
        c->error = -EOVERFLOW;
        return false;
    }
    union { struct linux_dirent d; char raw[320]; } rec;
    memset(&rec, 0, reclen);
    rec.d.d_ino = (uint32_t)ino;
    rec.d.d_off = (uint32_t)next;
    rec.d.d_reclen = (uint16_t)reclen;
    memcpy(rec.d.d_name, name, len);
    rec.raw[reclen - 1] = (char)type;
    return dirent_put(c, &rec, reclen);
}

/* The open directory a directory-reading call works on: NULL with *err
 * -EBADF (no such descriptor, or O_PATH) or -ENOTDIR. */
static struct file *dir_fget(int fd, int *err)
{
    struct file *f = fget(fd);
    *err = !f ? -EBADF : !f->f_op || !f->f_op->readdir ? -ENOTDIR : 0;
    return *err ? NULL : f;
}

/* A directory was read: IN_ACCESS, as Linux's iterate_dir, whatever came
 * of it, except for a removed ramfs directory, which Linux never reads. */
static void readdir_accessed(struct file *f)
{
    if (!(ramfs_inode(f->f_inode) && f->f_inode->i_nlink == 0))
        fsnotify_access(f);
}

/* getdents and getdents64 with their record packer: as many entries from
 * the directory's offset on as fit in count bytes. The bytes written, 0
 * at the end, or -errno when no entry was written: -EBADF, -ENOTDIR, the
 * filesystem's, or the packer's (-EINVAL: the first entry does not fit). */
static long getdents_common(int fd, void *dirp, uint32_t count, filldir_t fill)
{
    int r;
    struct file *f = dir_fget(fd, &r);
    if (!f)
        return r;
    if ((r = fsnotify_access_perm(f)))
        return r;                           /* iterate_dir's FAN_ACCESS_PERM */
    struct getdents_ctx c = { dirp, count, 0, 0 };
    r = f->f_op->readdir(f, &c, fill);
    readdir_accessed(f);
    if (r < 0)
        return r;
    return c.used ? (long)c.used : c.error;
}

long sys_getdents64(int fd, void *dirp, uint32_t count)
{
    return getdents_common(fd, dirp, count, filldir64);
}

long sys_getdents(int fd, void *dirp, uint32_t count)
{
    return getdents_common(fd, dirp, count, filldir);
}

struct readdir_ctx {
    char *ubuf;
    loff_t pos;                             /* the directory's offset before the call */
    int result;                             /* 1 when an entry went out, or -errno */
};

/* Linux's fillonedir: takes the first entry only; its d_offset is where it
 * was read from. */
static bool fillonedir(void *vctx, const char *name, int len, loff_t next UNUSED, uint64_t ino,
                       unsigned type UNUSED)
{
    struct readdir_ctx *c = vctx;
    if (c->result)
        return false;
    if (ino > 0xFFFFFFFFu) {
        c->result = -EOVERFLOW;
        return false;
    }
    union { struct old_linux_dirent d; char raw[320]; } rec;
    uint32_t size = offsetof(struct old_linux_dirent, d_name) + len + 1;
    memset(&rec, 0, size);
    rec.d.d_ino = (uint32_t)ino;
    rec.d.d_offset = (uint32_t)c->pos;
    rec.d.d_namlen = (uint16_t)len;
    memcpy(rec.d.d_name, name, len);
    if (copy_to_user(c->ubuf, &rec, size)) {
        c->result = -EFAULT;
        return false;
    }
    c->result = 1;
    return true;
}

/* readdir(fd, dirent, count), Linux's old_readdir (89): the next entry of
 * the directory into one struct old_linux_dirent; count is not looked at.
 * 1, 0 at the end, or -EBADF, -ENOTDIR, -EFAULT, -EOVERFLOW. */
long sys_old_readdir(int fd, void *dirent, uint32_t count UNUSED)
{
    int r;
    struct file *f = dir_fget(fd, &r);
    if (!f)
        return r;
    if ((r = fsnotify_access_perm(f)))
        return r;                           /* iterate_dir's FAN_ACCESS_PERM */
    struct readdir_ctx c = { dirent, f->f_pos, 0 };
    r = f->f_op->readdir(f, &c, fillonedir);
    readdir_accessed(f);
    return c.result ? c.result : r;
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

/* Puts "/name" of ip in its parent `up` in front of the path being built
 * backwards at buf + *at. 0, -ENOENT, -ENAMETOOLONG. */
static int prepend_name(struct inode *up, struct inode *ip, char *buf, int *at, char *name)
{
    int r = name_in_parent(up, ip, name);
    if (r)
        return r;
    int len = (int)strlen(name);
    if (*at - len - 1 < 0)
        return -ENAMETOOLONG;
    *at -= len;
    memcpy(buf + *at, name, len);
    buf[--*at] = '/';
    return 0;
}

/* The absolute path of directory ip, in mount m, as current sees it (from
 * its root, chroot), built backwards from the end of buf (PATH_MAX_K
 * bytes) by finding each directory's name in its parent, and at a
 * mount's root going on from the directory it covers; *outside (if
 * given) tells that ip is not under current's root (the path is then from
 * the top of the mounts it is in). Returns the offset in buf where the
 * NUL-terminated path starts, or -ENOENT (ip was removed), -ENAMETOOLONG. */
static int dir_path(struct mount *m, struct inode *ip, char *buf, char *name, bool *outside)
{
    int r = ip->i_nlink == 0 ? -ENOENT : 0, at = PATH_MAX_K - 1;
    struct inode *root = task_root();
    struct mount *root_mnt = task_root_mnt();
    buf[at] = 0;
    inode_get(ip);
    while (!r && !(ip == root && m == root_mnt)) {
        if (ip == m->mnt_root) {
            if (m->mnt_parent == m)
                break;                       /* the top: the root mount, or a detached one */
            struct inode *mp = m->mnt_mountpoint;
            inode_get(mp);
            inode_put(ip);
            ip = mp;
            m = m->mnt_parent;
            continue;
        }
        struct inode *up;
        if ((r = vfs_lookup(ip, "..", &up)))
            break;
        if (up == ip) {                      /* a filesystem's root its mount does not show */
            inode_put(up);
            break;
        }
        r = prepend_name(up, ip, buf, &at, name);
        inode_put(ip);
        ip = up;
    }
    if (outside)
        *outside = !(ip == root && m == root_mnt);
    inode_put(ip);
    if (!r && at == PATH_MAX_K - 1)
        buf[--at] = '/';
    return r ? r : at;
}

int vfs_dir_path(struct inode *ip, char *buf, char *name)
{
    return dir_path(mount_of_inode(ip), ip, buf, name, NULL);
}

int vfs_path_of(struct mount *m, struct inode *ip, char *buf, char *name)
{
    bool outside;
    int r = dir_path(m, ip, buf, name, &outside);
    return r >= 0 && outside ? -ENOENT : r;
}

int vfs_name_in_dir(struct inode *dir, struct inode *ip, char *name)
{
    return name_in_parent(dir, ip, name);
}

/* The path of a file ip that is an entry of directory dir, in mount m
 * (a file mount point: mountinfo's field). As vfs_path_of. */
int vfs_path_of_file(struct mount *m, struct inode *dir, struct inode *ip, char *buf, char *name)
{
    char file[NAME_MAX_K + 1];
    int r = name_in_parent(dir, ip, file);
    if (r)
        return r;
    int at = vfs_path_of(m, dir, buf, name), len = (int)strlen(file);
    if (at < 0)
        return at;
    int plen = PATH_MAX_K - 1 - at;         /* without the NUL */
    if (plen == 1)
        plen = 0;                           /* "/": the name follows it alone */
    if (at < len + 1)
        return -ENAMETOOLONG;
    memmove(buf + at - len - 1, buf + at, plen);
    at -= len + 1;
    buf[at + plen] = '/';
    memcpy(buf + at + plen + 1, file, len);
    buf[at + plen + 1 + len] = 0;
    return at;
}

/* The path of directory ip from its filesystem's root (mountinfo's root
 * field of a bind mount). */
int vfs_path_in_sb(struct inode *ip, char *buf, char *name)
{
    int r = 0, at = PATH_MAX_K - 1;
    buf[at] = 0;
    inode_get(ip);
    for (;;) {
        struct inode *up;
        if ((r = vfs_lookup(ip, "..", &up)))
            break;
        if (up == ip) {
            inode_put(up);
            break;
        }
        r = prepend_name(up, ip, buf, &at, name);
        inode_put(ip);
        ip = up;
        if (r)
            break;
    }
    inode_put(ip);
    if (!r && at == PATH_MAX_K - 1)
        buf[--at] = '/';
    return r ? r : at;
}

/* The path the cwd has from the root (dir_path); a cwd outside a chroot
 * is "(unreachable)" and its path from the filesystem's root, as Linux. */
long sys_getcwd(char *ubuf, uint32_t size)
{
    char *buf = kmalloc(PATH_MAX_K), *name = kmalloc(NAME_MAX_K + 1);
    bool outside = false;
    struct fs_struct *fs = current->fs;
    struct inode *cwd = fs && fs->cwd ? fs->cwd : fs_root;
    struct mount *m = fs && fs->cwd_mnt ? fs->cwd_mnt : ns_root_mount();
    int r = buf && name ? dir_path(m, cwd, buf, name, &outside) : -ENOMEM;
    if (r >= 0 && outside)
        r = r < 13 ? -ENAMETOOLONG : (memcpy(buf + r - 13, "(unreachable)", 13), r - 13);
    int len = r < 0 ? 0 : PATH_MAX_K - r;   /* with the NUL */
    if (r >= 0 && (uint32_t)len > size)
        r = -ERANGE;
    if (r >= 0 && copy_to_user(ubuf, buf + r, len))
        r = -EFAULT;
    kfree(buf);
    kfree(name);
    return r < 0 ? r : len;
}

/* realpath(3) for the kernel: the absolute path of what kpath names
 * (relative to the cwd), with every symlink resolved, the last one too,
 * and no "." or "..", into buf (PATH_MAX_K bytes): what exec records for
 * /proc/<pid>/exe. The last component must exist. 0 or -errno. */
int vfs_realpath(const char *kpath, char *buf)
{
    char *name = kmalloc(NAME_MAX_K + 1), *link = kmalloc(PATH_MAX_K);
    struct inode *dir = NULL, *ip;
    bool slash;
    int r = name && link ? namei_parent(AT_FDCWD, kpath, &dir, name, &slash) : -ENOMEM;
    for (int links = 0; !r; links++) {       /* the last component, while it is a link */
        if (last_type(name) != LAST_NORM) {
            r = -EINVAL;                     /* ".", ".." or "/": not a file */
            break;
        }
        if ((r = vfs_lookup(dir, name, &ip)))
            break;
        bool is_link = S_ISLNK(ip->i_mode);
        int n = is_link ? ip->i_op->readlink(ip, link, PATH_MAX_K - 1) : 0;
        inode_put(ip);
        if (!is_link)
            break;
        if (links == MAXSYMLINKS || n <= 0) {
            r = links == MAXSYMLINKS ? -ELOOP : -ENOENT;
            break;
        }
        link[n] = 0;
        struct inode *up;
        r = namei_parent_in(dir, link, &up, name, &slash);
        if (!r) {
            inode_put(dir);
            dir = up;
        }
    }
    int at = r ? r : vfs_dir_path(dir, link, buf);   /* buf lends room for a name */
    if (at >= 0) {
        size_t dl = strlen(link + at), nl = strlen(name);
        bool root = dl == 1;
        if (dl + !root + nl + 1 > PATH_MAX_K)
            at = -ENAMETOOLONG;
        else {
            memcpy(buf, link + at, dl);
            if (!root)
                buf[dl++] = '/';
            memcpy(buf + dl, name, nl + 1);
        }
    }
    if (dir)
        inode_put(dir);
    kfree(name);
    kfree(link);
    return at < 0 ? at : 0;
}
