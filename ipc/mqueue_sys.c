/* The POSIX queue calls that name, describe and watch a queue: mq_open,
 * mq_unlink, mq_getsetattr and mq_notify, in Linux's order of checks.
 * Names live in /dev/mqueue (ipc/mqueue_fs.c); musl passes them without
 * the leading slash, as the system call takes them. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "ipc/mqueue.h"
#include "ipc/socket.h"
#include "net/netlink.h"
#include "security/landlock/landlock.h"

/* The user's name: -EFAULT, -ENAMETOOLONG (past PATH_MAX), -ENOENT for
 * "" (getname's errors), then mqueue_check_name's. */
static char *mq_getname(const char *uname)
{
    char *name = getname(uname);
    if (IS_ERR_PTR(name))
        return name;
    int r = name[0] ? mqueue_check_name(name) : -ENOENT;
    if (r) {
        putname(name);
        return ERR_PTR(r);
    }
    return name;
}

/* The queue `name` for mq_open, made with O_CREAT: Linux's prepare_open.
 * -ENOENT, -EEXIST, -EINVAL (O_WRONLY|O_RDWR on an existing queue),
 * -EACCES, or mqueue_create_attr's errors. Referenced. */
static int mq_prepare_open(const char *name, int oflag, uint32_t mode,
                           const struct mq_attr *attr, struct inode **res)
{
    static const int acc_mask[3] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
    struct inode *dir = mqueue_root();
    int r = vfs_lookup(dir, name, res);
    if (r == -ENOENT) {
        if (!(oflag & O_CREAT))
            return -ENOENT;
        if ((r = inode_permission(dir, MAY_WRITE | MAY_EXEC)))
            return r;
        return mqueue_create_attr(dir, name, mode & ~current->fs->umask, attr, res);
    }
    if (r)
        return r;
    if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
        r = -EEXIST;
    else if ((oflag & O_ACCMODE) == (O_RDWR | O_WRONLY))
        r = -EINVAL;
    else
        r = inode_permission(*res, acc_mask[oflag & O_ACCMODE]);
    if (r)
        inode_put(*res);
    return r;
}

/* mq_open: a descriptor for the queue `name`, always close-on-exec as in
 * Linux. -EFAULT (attr or name), the name's errors, -EMFILE (no
 * descriptor, before the queue is looked at), then mq_prepare_open's. */
long sys_mq_open(const char *uname, int oflag, uint32_t mode, const struct mq_attr *uattr)
{
    struct mq_attr attr;
    if (uattr && copy_from_user(&attr, uattr, sizeof attr))
        return -EFAULT;
    char *name = getname(uname);
    if (IS_ERR_PTR(name))
        return PTR_ERR(name);
    int fd = name[0] ? fd_alloc(0) : -ENOENT;
    struct inode *ip;
    int r = fd;
    if (fd >= 0 && !(r = mqueue_check_name(name)) &&
        !(r = mq_prepare_open(name, oflag, mode, uattr ? &attr : NULL, &ip))) {
        struct file *f = NULL;
        if ((r = landlock_file_open_internal(ip, mqueue_root(), oflag)) || !(f = file_alloc())) {
            inode_put(ip);                   /* (a queue O_CREAT made stays, as Linux's) */
            r = r ? r : -ENOMEM;
        } else {
            int acc = oflag & O_ACCMODE;
            f->f_inode = ip;
            f->f_op = &mqueue_file_ops;
            f->f_flags = oflag & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
            f->f_mode = (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
                        (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
            if (f->f_mode & FMODE_WRITE)
                ip->i_writers++;            /* file_put takes it back */
            fd_install_at(fd, f, true);
            r = fd;
        }
    }
    if (r < 0 && fd >= 0)
        fd_unreserve(fd);
    putname(name);
    return r;
}

/* mq_unlink: the name goes at once; the queue when its last descriptor
 * closes. The name's errors, -ENOENT, -EACCES (someone else's queue, as
 * Linux answers; unlink(2) in the sticky /dev/mqueue says EPERM). */
long sys_mq_unlink(const char *uname)
{
    char *name = mq_getname(uname);
    if (IS_ERR_PTR(name))
        return PTR_ERR(name);
    struct inode *dir = mqueue_root(), *ip;
    int r = vfs_lookup(dir, name, &ip);
    if (!r) {
        if (!capable(CAP_FOWNER) && current->euid != ip->i_uid && current->euid != dir->i_uid)
            r = -EACCES;
        inode_put(ip);
    }
    if (!r)
        r = vfs_unlink(dir, name);
    putname(name);
    return r;
}

/* mq_getsetattr: -EFAULT, -EINVAL (flags other than O_NONBLOCK), -EBADF;
 * the old attributes are what they were before the change. */
long sys_mq_getsetattr(int mqdes, const struct mq_attr *unew, struct mq_attr *uold)
{
    struct mq_attr n, o;
    if (unew && copy_from_user(&n, unew, sizeof n))
        return -EFAULT;
    if (unew && (n.mq_flags & ~O_NONBLOCK))
        return -EINVAL;
    struct file *f = fget(mqdes);
    if (!f || f->f_op != &mqueue_file_ops)
        return -EBADF;
    struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
    o = info->attr;
    o.mq_flags = f->f_flags & O_NONBLOCK;
    if (unew) {
        f->f_flags = (f->f_flags & ~O_NONBLOCK) | (n.mq_flags & O_NONBLOCK);
        f->f_inode->i_atime = f->f_inode->i_ctime = current_time();
    }
    if (uold && copy_to_user(uold, &o, sizeof o))
        return -EFAULT;
    return 0;
}

/* The checks of a new registration before the queue is looked at, as in
 * Linux: the kind and signal (-EINVAL); SIGEV_THREAD names in sigev_signo
 * an AF_NETLINK socket to send a 32-byte cookie to: -EFAULT for the
 * cookie, -EBADF, -ENOTSOCK, and -EINVAL for a socket of another family.
 * The socket (referenced) and cookie go to *sk and cookie. */
static int mq_notify_check(const struct sigevent *n, struct socket **sk, char *cookie)
{
    if (n->sigev_notify != SIGEV_NONE && n->sigev_notify != SIGEV_SIGNAL &&
        n->sigev_notify != SIGEV_THREAD)
        return -EINVAL;
    if (n->sigev_notify == SIGEV_SIGNAL && (uint32_t)n->sigev_signo > NSIG_K)
        return -EINVAL;
    if (n->sigev_notify != SIGEV_THREAD)
        return 0;
    if (copy_from_user(cookie, n->sigev_value.sival_ptr, NOTIFY_COOKIE_LEN))
        return -EFAULT;
    int err;
    *sk = netlink_getsockbyfd(n->sigev_signo, &err);
    if (!*sk)
        return err;
    if ((err = netlink_attach(*sk, NOTIFY_COOKIE_LEN))) {
        sock_put(*sk);
        *sk = NULL;
    }
    return err;
}

/* mq_notify: registers current's process (usev) or, with NULL, removes its
 * registration. -EFAULT, mq_notify_check's errors, -EBADF, -EBUSY when
 * another registration holds the queue. */
long sys_mq_notify(int mqdes, const struct sigevent *usev)
{
    struct sigevent n;
    int r;
    if (usev && copy_from_user(&n, usev, sizeof n))
        return -EFAULT;
    struct socket *sk = NULL;
    char cookie[NOTIFY_COOKIE_LEN];
    if (usev && (r = mq_notify_check(&n, &sk, cookie)))
        return r;
    struct file *f = fget(mqdes);
    r = !f || f->f_op != &mqueue_file_ops ? -EBADF : 0;
    struct mqueue_inode_info *info = r ? NULL : MQUEUE_I(f->f_inode);
    if (!r && usev && info->notify_owner)
        r = -EBUSY;
    if (r) {
        if (sk)
            netlink_detach(sk, NOTIFY_COOKIE_LEN);
        return r;
    }
    if (!usev) {
        if (info->notify_owner == current->tgid)
            mq_remove_notification(info);
    } else {
        info->notify_sock = sk;
        memcpy(info->notify_cookie, cookie, sizeof cookie);
        info->notify.sigev_notify = n.sigev_notify;
        info->notify.sigev_signo = n.sigev_notify == SIGEV_SIGNAL ? n.sigev_signo : 0;
        info->notify.sigev_value = n.sigev_value;
        info->notify_owner = current->tgid;
    }
    f->f_inode->i_atime = f->f_inode->i_ctime = current_time();
    return 0;
}
