/* The three Landlock system calls (Linux 6.1, ABI 2): a ruleset is an
 * anonymous "[landlock-ruleset]" descriptor; rules are added through it;
 * restrict_self stacks it on the calling thread's domain. Each checks
 * its arguments in Linux's order. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include "security/landlock/landlock.h"

/* read and write say EINVAL, as Linux's fop_dummy_read/write, which are
 * there to make the descriptor readable and writable. */
static ssize_t ruleset_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -EINVAL;
}

static ssize_t ruleset_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -EINVAL;
}

static void ruleset_release(struct inode *ip, struct file *f)
{
    (void)ip;
    landlock_put_ruleset(f->private_data);
}

static const struct file_operations ruleset_fops = {
    .read = ruleset_read,
    .write = ruleset_write,
    .lseek = no_lseek,
    .release = ruleset_release,
};

/* landlock_create_ruleset(2): with LANDLOCK_CREATE_RULESET_VERSION alone
 * (no attr, size 0), the ABI version; else a struct
 * landlock_ruleset_attr of `size` bytes (at least its 8: -EINVAL; more
 * must be zeros, -E2BIG) handling known rights (-EINVAL) and at least
 * one (-ENOMSG). The new descriptor (O_CLOEXEC) or -errno. */
long sys_landlock_create_ruleset(const void *uattr, size_t size, uint32_t flags)
{
    if (flags) {
        if (flags == LANDLOCK_CREATE_RULESET_VERSION && !uattr && !size)
            return LANDLOCK_ABI_VERSION;
        return -EINVAL;
    }
    struct landlock_ruleset_attr attr;
    if (!uattr)
        return -EFAULT;
    if (size < sizeof attr)
        return -EINVAL;
    if (size > PAGE_SIZE)
        return -E2BIG;
    long r = copy_struct_from_user(&attr, sizeof attr, uattr, size);
    if (r)
        return r;
    if (attr.handled_access_fs & ~(uint64_t)LANDLOCK_MASK_ACCESS_FS)
        return -EINVAL;
    struct landlock_ruleset *rs = landlock_create_ruleset((access_mask_t)attr.handled_access_fs);
    if (IS_ERR_PTR(rs))
        return PTR_ERR(rs);
    int fd = fd_alloc(0);                    /* as anon_inode_getfd: the slot first */
    struct file *f = fd < 0 ? NULL : anon_inode_getfile("[landlock-ruleset]", &ruleset_fops, rs, 0);
    if (!f) {
        if (fd >= 0)
            fd_unreserve(fd);
        landlock_put_ruleset(rs);
        return fd < 0 ? fd : -ENOMEM;
    }
    fd_install_at(fd, f, true);
    return fd;
}

/* The ruleset behind descriptor fd (not referenced: current holds the
 * file for the call): -EBADF, -EBADFD for another kind of file, -EPERM
 * without the access mode wanted (FMODE_READ or FMODE_WRITE). */
static struct landlock_ruleset *ruleset_from_fd(int fd, unsigned mode)
{
    struct file *f = fget(fd);
    if (!f)
        return ERR_PTR(-EBADF);
    if (f->f_op != &ruleset_fops)
        return ERR_PTR(-EBADFD);
    if (!(f->f_mode & mode))
        return ERR_PTR(-EPERM);
    return f->private_data;
}

/* The inode a rule's parent_fd names (O_PATH or not), referenced, with
 * its mount: -EBADF, or -EBADFD for a ruleset and for what is on no
 * mount a user can name (pipes, sockets, anonymous inodes, memfds). */
static int rule_inode_from_fd(int fd, struct inode **ip)
{
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    if (f->f_op == &ruleset_fops || !f->f_mnt || landlock_nameless(f->f_inode))
        return -EBADFD;
    *ip = f->f_inode;
    inode_get(*ip);
    return 0;
}

/* landlock_add_rule(2): a LANDLOCK_RULE_PATH_BENEATH rule (the only type
 * of 6.1: else -EINVAL) granting allowed_access (not 0: -ENOMSG; only
 * rights the ruleset handles: -EINVAL; on a file only the file rights:
 * -EINVAL) beneath parent_fd. No flags. 0 or -errno. */
long sys_landlock_add_rule(int ruleset_fd, int rule_type, const void *uattr, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    struct landlock_ruleset *rs = ruleset_from_fd(ruleset_fd, FMODE_WRITE);
    if (IS_ERR_PTR(rs))
        return PTR_ERR(rs);
    if (rule_type != LANDLOCK_RULE_PATH_BENEATH)
        return -EINVAL;
    struct landlock_path_beneath_attr attr;
    if (copy_from_user(&attr, uattr, sizeof attr))
        return -EFAULT;
    if (!attr.allowed_access)
        return -ENOMSG;
    if ((attr.allowed_access | rs->fs_access_masks[0]) != rs->fs_access_masks[0])
        return -EINVAL;
    struct inode *ip;
    int r = rule_inode_from_fd(attr.parent_fd, &ip);
    if (r)
        return r;
    access_mask_t access = (access_mask_t)attr.allowed_access;
    if (!S_ISDIR(ip->i_mode) && (access | LANDLOCK_ACCESS_FILE) != LANDLOCK_ACCESS_FILE)
        r = -EINVAL;                         /* files only get rights that make sense */
    else                                     /* what the ruleset does not handle, it allows */
        r = landlock_insert_rule(rs, ip, access | (LANDLOCK_MASK_ACCESS_FS &
                                                   ~(rs->fs_access_masks[0] | LANDLOCK_ACCESS_FS_REFER)));
    inode_put(ip);
    return r;
}

/* landlock_restrict_self(2): the ruleset becomes a new layer of the
 * calling thread's domain (other threads keep theirs, as Linux), kept
 * across fork and exec. No flags (-EINVAL); needs no_new_privs or
 * CAP_SYS_ADMIN (-EPERM); at most 16 layers (-E2BIG). 0 or -errno. */
long sys_landlock_restrict_self(int ruleset_fd, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    if (!current->no_new_privs && !capable(CAP_SYS_ADMIN))
        return -EPERM;
    struct landlock_ruleset *rs = ruleset_from_fd(ruleset_fd, FMODE_READ);
    if (IS_ERR_PTR(rs))
        return PTR_ERR(rs);
    struct landlock_ruleset *dom = landlock_merge_ruleset(current->landlock_domain, rs);
    if (IS_ERR_PTR(dom))
        return PTR_ERR(dom);
    landlock_put_ruleset(current->landlock_domain);
    current->landlock_domain = dom;
    return 0;
}
