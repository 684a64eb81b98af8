/* The mqueue filesystem: the directory /dev/mqueue, where every POSIX
 * message queue has its name, as Linux mounts it. Like /proc, it is a
 * ramfs directory given other operations at boot (mqueue_init): lookup,
 * create (open(2) with O_CREAT makes a queue with the default sizes),
 * unlink (= mq_unlink) and readdir. Reading a queue's file shows its
 * QSIZE and notification. Also the limits of /proc/sys/fs/mqueue and the
 * RLIMIT_MSGQUEUE bytes of each user. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "ipc/mqueue.h"
#include "fs/mount.h"
#include <linux/resource.h>

#define DIRENT_SIZE 20                      /* a directory's st_size per entry, as Linux */
#define FILENT_SIZE 80                      /* a queue's st_size and its text's room */

/* /proc/sys/fs/mqueue, Linux's defaults. */
uint32_t mq_queues_max = DFLT_QUEUESMAX, mq_msg_max = DFLT_MSGMAX;
uint32_t mq_msgsize_max = DFLT_MSGSIZEMAX, mq_msg_default = DFLT_MSG;
uint32_t mq_msgsize_default = DFLT_MSGSIZE;
static uint32_t mq_queues_count;            /* queues alive, named or only open */

struct mq_dirent {                          /* one name in /dev/mqueue */
    struct mq_dirent *next;
    struct inode *ip;                       /* counted in ip->i_nlink */
    loff_t seq;                             /* readdir offset, stable under removal */
    char name[];
};

static struct inode *root, *root_parent;    /* the mqueue root, and its ".." (itself) */
static struct mq_dirent *entries;           /* oldest first */
static loff_t next_seq = 2;

struct mq_user {                            /* Linux's ucounts for RLIMIT_MSGQUEUE */
    struct mq_user *next;
    uint32_t uid;                           /* real uid */
    uint32_t bytes;
};
static struct mq_user *mq_users;

struct inode *mqueue_root(void) { return root; }

int mqueue_check_name(const char *name)
{
    size_t len = strlen(name);
    if (!len || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
        return -EACCES;
    return len > NAME_MAX_K ? -ENAMETOOLONG : 0;
}

static struct mq_dirent *find(const char *name, int len)
{
    for (struct mq_dirent *e = entries; e; e = e->next)
        if ((int)strlen(e->name) == len && !memcmp(e->name, name, len))
            return e;
    return NULL;
}

/* ---- RLIMIT_MSGQUEUE ---- */

/* What Linux charges for a queue: its text, a msg_msg per message and a
 * tree node per usable priority. 0 when that overflows (EOVERFLOW). */
static uint32_t mq_bytes_of(const struct mq_attr *a)
{
    uint32_t maxmsg = (uint32_t)a->mq_maxmsg, size = (uint32_t)a->mq_msgsize;
    if (size > 0xFFFFFFFFu / maxmsg)
        return 0;
    uint32_t tree = maxmsg * MQ_MSG_OVERHEAD + MIN(maxmsg, (uint32_t)MQ_PRIO_MAX) * MQ_NODE_OVERHEAD;
    uint32_t bytes = maxmsg * size;
    return bytes + tree < bytes ? 0 : bytes + tree;
}

/* Charges `bytes` to current's real uid: 0, or -EMFILE past its soft
 * RLIMIT_MSGQUEUE (root too), -ENOMEM. */
static int mq_charge(struct mqueue_inode_info *info, uint32_t bytes)
{
    struct mq_user *u = mq_users;
    while (u && u->uid != current->uid)
        u = u->next;
    if (!u) {
        if (!(u = kzalloc(sizeof *u)))
            return -ENOMEM;
        u->uid = current->uid;
        u->next = mq_users;
        mq_users = u;
    }
    uint64_t total = (uint64_t)u->bytes + bytes;
    if (total > rlimit(RLIMIT_MSGQUEUE)) {
        if (!u->bytes) {
            mq_users = u->next;             /* just made: it is first */
            kfree(u);
        }
        return -EMFILE;
    }
    u->bytes = (uint32_t)total;
    info->user = u;
    info->charged = bytes;
    return 0;
}

static void mq_uncharge(struct mqueue_inode_info *info)
{
    struct mq_user *u = info->user;
    if (!u)
        return;
    u->bytes -= info->charged;
    if (u->bytes)
        return;
    for (struct mq_user **pp = &mq_users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

/* ---- a queue's inode ---- */

/* The last reference and name are gone: messages, charge and count go. */
static void mqueue_evict(struct inode *ip)
{
    struct mqueue_inode_info *info = MQUEUE_I(ip);
    mq_uncharge(info);
    mq_info_free(info);
    mq_queues_count--;
}

/* truncate(2) of a queue's file, as Linux's simple_setattr: the size
 * stat shows changes, the queue does not. */
static int mqueue_truncate(struct inode *ip, loff_t size)
{
    ip->i_size = size;
    return 0;
}

static const struct inode_operations mqueue_file_iops = {
    .evict = mqueue_evict, .truncate = mqueue_truncate,
};

/* The attributes of a new queue, as Linux's mqueue_get_inode checks them:
 * -EINVAL (sizes <= 0, or past msg_max/msgsize_max for a user and past
 * the hard limits for root), -EOVERFLOW, then the charge (-EMFILE). */
static int mqueue_new_info(const struct mq_attr *attr, struct mqueue_inode_info *info)
{
    info->attr.mq_maxmsg = MIN(mq_msg_max, mq_msg_default);
    info->attr.mq_msgsize = MIN(mq_msgsize_max, mq_msgsize_default);
    if (attr) {
        info->attr.mq_maxmsg = attr->mq_maxmsg;
        info->attr.mq_msgsize = attr->mq_msgsize;
    }
    long maxmsg = info->attr.mq_maxmsg, size = info->attr.mq_msgsize;
    if (maxmsg <= 0 || size <= 0)
        return -EINVAL;
    if (capable(CAP_SYS_RESOURCE) ? maxmsg > HARD_MSGMAX || size > HARD_MSGSIZEMAX
                       : (uint32_t)maxmsg > mq_msg_max || (uint32_t)size > mq_msgsize_max)
        return -EINVAL;
    uint32_t bytes = mq_bytes_of(&info->attr);
    if (!bytes)
        return -EOVERFLOW;
    wait_queue_init(&info->poll_wq);
    return mq_charge(info, bytes);
}

/* A queue inode, not yet named. See mqueue.h. */
static int mqueue_new_inode(uint32_t mode, const struct mq_attr *attr, struct inode **res)
{
    struct mqueue_inode_info *info = kzalloc(sizeof *info);
    struct inode *ip = info ? inode_alloc(S_IFREG | (mode & 07777)) : NULL;
    int r = ip ? mqueue_new_info(attr, info) : -ENOMEM;
    if (r) {
        kfree(info);
        if (ip)
            inode_discard(ip);              /* never seen by anyone */
        return r;
    }
    ip->i_dev = MQUEUE_DEV;
    ip->i_size = FILENT_SIZE;
    ip->i_op = &mqueue_file_iops;
    ip->i_fop = &mqueue_file_ops;
    ip->i_private = info;
    *res = ip;
    return 0;
}

int mqueue_create_attr(const char *name, uint32_t mode, const struct mq_attr *attr,
                       struct inode **res)
{
    if (mq_queues_count >= mq_queues_max && !capable(CAP_SYS_RESOURCE))
        return -ENOSPC;
    struct mq_dirent *e = kmalloc(sizeof *e + strlen(name) + 1);
    if (!e)
        return -ENOMEM;
    struct inode *ip;
    int r = mqueue_new_inode(mode, attr, &ip);
    if (r) {
        kfree(e);
        return r;
    }
    mq_queues_count++;
    memcpy(e->name, name, strlen(name) + 1);
    e->ip = ip;
    e->seq = next_seq++;
    e->next = NULL;
    struct mq_dirent **pp = &entries;
    while (*pp)
        pp = &(*pp)->next;
    *pp = e;
    ip->i_nlink = 1;
    root->i_size += DIRENT_SIZE;
    root->i_mtime = root->i_ctime = root->i_atime = current_time();
    *res = ip;                              /* the caller's reference */
    return 0;
}

/* ---- the directory ---- */

static int mqueue_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    struct mq_dirent *e;
    if (len == 1 && name[0] == '.')
        *res = dir;
    else if (len == 2 && name[0] == '.' && name[1] == '.')
        *res = root_parent;
    else if ((e = find(name, len)))
        *res = e->ip;
    else
        return -ENOENT;
    inode_get(*res);
    return 0;
}

/* open(2) with O_CREAT, mknod: only queues (regular files), with the
 * default sizes. */
static int mqueue_create(struct inode *dir UNUSED, const char *name, uint32_t mode,
                         uint32_t rdev UNUSED, struct inode **res)
{
    if (!S_ISREG(mode))
        return -EPERM;
    return mqueue_create_attr(name, mode, NULL, res);
}

/* unlink(2) and mq_unlink: the name goes; the queue lives while open. */
static int mqueue_unlink(struct inode *dir, const char *name)
{
    for (struct mq_dirent **pp = &entries; *pp; pp = &(*pp)->next) {
        struct mq_dirent *e = *pp;
        if (strcmp(e->name, name))
            continue;
        *pp = e->next;
        dir->i_size -= DIRENT_SIZE;
        dir->i_mtime = dir->i_ctime = dir->i_atime = current_time();
        inode_touch(e->ip, false);
        inode_drop_link(e->ip);
        kfree(e);
        return 0;
    }
    return -ENOENT;
}

/* No hard links (vfs_link has refused other filesystems' with EXDEV). */
static int mqueue_link(struct inode *old UNUSED, struct inode *dir UNUSED, const char *name UNUSED)
{
    return -EPERM;
}

/* No renames inside the filesystem (moving across it is EXDEV). */
static int mqueue_rename(struct inode *odir UNUSED, const char *oname UNUSED,
                         struct inode *ndir UNUSED, const char *nname UNUSED, uint32_t flags UNUSED)
{
    return -EPERM;
}

static int mqueue_readdir(struct file *f, void *ctx, filldir_t fill)
{
    if (f->f_pos == 0) {
        if (!fill(ctx, ".", 1, 1, root->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 1;
    }
    if (f->f_pos == 1) {
        if (!fill(ctx, "..", 2, 2, root_parent->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 2;
    }
    for (struct mq_dirent *e = entries; e; e = e->next) {
        if (e->seq < f->f_pos)
            continue;
        if (!fill(ctx, e->name, (int)strlen(e->name), e->seq + 1, e->ip->i_ino, S_IFREG >> 12))
            return 0;
        f->f_pos = e->seq + 1;
    }
    return 0;
}

static const struct inode_operations mqueue_dir_iops = {
    .lookup = mqueue_lookup, .create = mqueue_create, .unlink = mqueue_unlink,
    .rename = mqueue_rename, .link = mqueue_link,
};
static const struct file_operations mqueue_dir_fops = { .readdir = mqueue_readdir };

/* ---- a queue's file ---- */

/* read(2): Linux's one line about the queue, from *pos on. */
static ssize_t mqueue_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    struct inode *ip = f->f_inode;
    struct mqueue_inode_info *info = MQUEUE_I(ip);
    char text[FILENT_SIZE];
    int notify = info->notify_owner ? info->notify.sigev_notify : 0;
    int signo = info->notify_owner && notify == SIGEV_SIGNAL ? info->notify.sigev_signo : 0;
    int len = snprintf(text, sizeof text, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
                       info->qsize, notify, signo, info->notify_owner);
    if (*pos >= len)
        return 0;
    size_t k = MIN(n, (size_t)(len - *pos));
    if (copy_to_user(ubuf, text + *pos, k))
        return -EFAULT;
    *pos += k;
    ip->i_atime = ip->i_ctime = current_time();
    return k;
}

static unsigned mqueue_poll(struct file *f, struct poll_table *pt)
{
    struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
    poll_wait(&info->poll_wq, pt);
    return mq_poll_mask(info);
}

/* Any close by the process that registered a notification removes it. */
static void mqueue_flush(struct file *f, struct task *t)
{
    struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
    if (info->notify_owner && info->notify_owner == t->tgid)
        mq_remove_notification(info);
}

const struct file_operations mqueue_file_ops = {
    .read = mqueue_read, .poll = mqueue_poll, .flush = mqueue_flush,
};

/* The one mqueue instance (Linux's per IPC namespace): a mount of it
 * shows the same queues. Options: none. */
static struct super_block mqueue_super = { .s_dev = MQUEUE_DEV, .s_type = &mqueue_fs_type };
struct super_block *mqueue_sb(void) { return &mqueue_super; }

static int mqueue_get_sb(const char *data, bool rdonly UNUSED, struct super_block **sb)
{
    if (*data)
        return -EINVAL;                      /* "mqueue: Unknown parameter" */
    *sb = &mqueue_super;
    return 0;
}

const struct file_system_type mqueue_fs_type = { .name = "mqueue", .get_sb = mqueue_get_sb };

/* Makes the mqueue root (mode 1777, owned by root, as Linux's
 * mqueue_fill_super) and mounts it on /dev/mqueue, made if missing. */
void mqueue_init(void)
{
    struct inode *dir, *ip = inode_alloc(S_IFDIR | 01777);
    if (!ip)
        panic("mqueue: no memory for its root");
    if (namei_at(AT_FDCWD, "/dev/mqueue", 0, &dir) < 0 &&
        (do_mkdirat(AT_FDCWD, "/dev/mqueue", 01777) < 0 || namei_at(AT_FDCWD, "/dev/mqueue", 0, &dir) < 0)) {
        printk("mqueue: cannot make /dev/mqueue\n");
        return;
    }
    ip->i_op = &mqueue_dir_iops;
    ip->i_fop = &mqueue_dir_fops;
    ip->i_uid = ip->i_gid = 0;
    ip->i_dev = MQUEUE_DEV;
    ip->i_sb = &mqueue_super;
    ip->i_nlink = 2;
    ip->i_size = 2 * DIRENT_SIZE;
    root = root_parent = ip;                 /* keeps the reference */
    mqueue_super.s_root = ip;
    if (!mount_boot(&mqueue_super, root_mount, dir, "mqueue"))
        printk("mqueue: cannot mount /dev/mqueue\n");
    inode_put(dir);
}
