/* fanotify marks: fanotify_mark(2) (339) ties a group to an inode, a
 * mount or a filesystem with the events it wants and those it ignores;
 * fanotify_group_mask() answers, for an event, what a group's marks make
 * of it, as Linux 6.1's fanotify_group_event_mask. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include "fs/fanotify.h"
#include "fs/proc.h"

#define PERM_EVENTS  (FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM)
#define PATH_EVENTS  (FAN_ACCESS | FAN_MODIFY | FAN_CLOSE | FAN_OPEN | FAN_OPEN_EXEC)
#define INODE_EVENTS (FAN_MOVE | FAN_CREATE | FAN_DELETE | FAN_RENAME | FAN_ATTRIB | \
                      FAN_MOVE_SELF | FAN_DELETE_SELF)
#define EVENT_FLAGS  (FAN_EVENT_ON_CHILD | FAN_ONDIR)
#define FID_BITS     (FAN_REPORT_FID | FAN_REPORT_DIR_FID | FAN_REPORT_NAME | FAN_REPORT_TARGET_FID)
#define DIRONLY_BITS (FAN_MOVE | FAN_CREATE | FAN_DELETE | FAN_RENAME | EVENT_FLAGS)
/* 6.1's FANOTIFY_MARK_FLAGS: the flags it knows. */
#define MARK_FLAGS   (FAN_MARK_ADD | FAN_MARK_REMOVE | FAN_MARK_FLUSH | FAN_MARK_DONT_FOLLOW | \
                      FAN_MARK_ONLYDIR | FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM |              \
                      FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORE | FAN_MARK_IGNORED_SURV_MODIFY | \
                      FAN_MARK_EVICTABLE)
#define TYPE_BITS    (FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM)
#define CMD_BITS     (FAN_MARK_ADD | FAN_MARK_REMOVE | FAN_MARK_FLUSH)

int fanotify_marks;                         /* of every group: fs/notify.h's test */

/* ---- what an event makes of a group's marks ---- */

/* How mark k sees ev (FAN_SAW_*; 0: not at all), as Linux's fsnotify()
 * picks the marks: a directory-entry event's directory (and FAN_RENAME's
 * new one) or the object's own inode mark; a directory holding the
 * object (found among its entries: decision 52) with FAN_EVENT_ON_CHILD,
 * for an event that goes to parents; a filesystem mark; a mount mark for
 * an event through an open file. */
static uint32_t mark_sees(struct fanotify_mark *k, const struct fsnotify_event *ev)
{
    if (k->type != FAN_MARK_INODE)
        return k->dev == ev->dev && (k->type == FAN_MARK_FILESYSTEM || ev->kind == FSN_PATH) ? FAN_SAW_SB : 0;
    if (ev->kind == FSN_DIRENT)
        return (k->inode == ev->dir ? FAN_SAW_INODE : 0) |
               (ev->dir2 && k->inode == ev->dir2 ? FAN_SAW_INODE2 : 0);
    if (k->inode == ev->inode)
        return FAN_SAW_INODE;
    char name[NAME_MAX_K + 1];
    if (ev->kind != FSN_SELF && S_ISDIR(k->inode->i_mode) && (k->mask & FAN_EVENT_ON_CHILD) &&
        ramfs_name_in(k->inode, ev->inode, name) == 0)
        return FAN_SAW_PARENT;
    return 0;
}

uint32_t fanotify_group_mask(struct fanotify_group *g, const struct fsnotify_event *ev, uint32_t *saw,
                             struct inode **parent)
{
    uint32_t want = 0, ignore = 0;
    for (struct fanotify_mark *k = g->marks; k; k = k->next) {
        uint32_t how = mark_sees(k, ev);
        if (!how)
            continue;
        if ((ev->mask & FAN_MODIFY) && !k->surv_modify)
            k->ignored_mask = 0;            /* a change ends what was ignored */
        ignore |= k->ignored_mask;          /* the old API's ignore mask holds on dirs too */
        if (ev->isdir && !(k->mask & FAN_ONDIR))
            continue;
        want |= k->mask;
        *saw |= how;
        if (how == FAN_SAW_PARENT && !*parent)
            *parent = k->inode;
    }
    uint32_t mask = (ev->mask | (ev->isdir ? FAN_ONDIR : 0)) & want & ~ignore;
    if (!(g->flags & FID_BITS))
        return mask & ~EVENT_FLAGS;         /* FAN_ONDIR only for FID groups, as 6.1 */
    return mask & ~EVENT_FLAGS ? mask & ~FAN_EVENT_ON_CHILD : 0;
}

/* ---- marks ---- */

static struct fanotify_mark *mark_find(struct fanotify_group *g, uint32_t type, struct inode *ip)
{
    for (struct fanotify_mark *k = g->marks; k; k = k->next)
        if (k->type == type && (type == FAN_MARK_INODE ? k->inode == ip : k->dev == ip->i_dev))
            return k;
    return NULL;
}

static void mark_destroy(struct fanotify_mark *k)
{
    struct fanotify_group *g = k->group;
    for (struct fanotify_mark **pp = &g->marks; *pp; pp = &(*pp)->next)
        if (*pp == k) {
            *pp = k->next;
            break;
        }
    if (k->pinned)
        inode_put(k->inode);
    g->user->count[UC_FANOTIFY_MARKS]--;
    fanotify_marks--;
    kfree(k);
}

void fanotify_inode_gone(struct inode *ip)
{
    for (struct fanotify_group *g = fanotify_groups; g; g = g->next)
        for (struct fanotify_mark *k = g->marks, *next; k; k = next) {
            next = k->next;
            if (k->type == FAN_MARK_INODE && k->inode == ip)
                mark_destroy(k);
        }
}

void fanotify_marks_destroy(struct fanotify_group *g)
{
    while (g->marks)
        mark_destroy(g->marks);
}

/* FAN_MARK_FLUSH: g's marks of one type go. */
static void marks_flush(struct fanotify_group *g, uint32_t type)
{
    for (struct fanotify_mark *k = g->marks, *next; k; k = next) {
        next = k->next;
        if (k->type == type)
            mark_destroy(k);
    }
}

/* FAN_MARK_ADD: g's mark on the object (made at need; an inode mark holds
 * its inode, as Linux's) gets mask in its events or, `ignored`, in its
 * ignored mask. 0, -ENOSPC (max_user_marks), -ENOMEM. */
static int mark_add(struct fanotify_group *g, uint32_t type, struct inode *ip, uint32_t mask,
                    uint32_t flags)
{
    struct fanotify_mark *k = mark_find(g, type, ip);
    if (!k) {
        if (!(g->flags & FAN_UNLIMITED_MARKS) && g->user->count[UC_FANOTIFY_MARKS] >= fanotify_max_user_marks)
            return -ENOSPC;
        if (!(k = kzalloc(sizeof *k)))
            return -ENOMEM;
        k->group = g;
        k->type = type;
        if (type == FAN_MARK_INODE) {
            k->pinned = !ramfs_inode(ip);   /* (a ramfs inode's eviction removes the mark) */
            if (k->pinned)
                inode_get(ip);
            k->inode = ip;
        }
        k->dev = ip->i_dev;
        k->next = g->marks;
        g->marks = k;
        g->user->count[UC_FANOTIFY_MARKS]++;
        fanotify_marks++;
    }
    if (flags & FAN_MARK_IGNORED_MASK) {
        k->ignored_mask |= mask;
        if (flags & FAN_MARK_IGNORED_SURV_MODIFY)
            k->surv_modify = true;
    } else {
        k->mask |= mask;
    }
    return 0;
}

/* FAN_MARK_REMOVE: mask leaves the mark's events (or ignored mask); the
 * mark goes when nothing but the flags in `keep_not` is left. 0 or
 * -ENOENT (no such mark). */
static int mark_remove(struct fanotify_group *g, uint32_t type, struct inode *ip, uint32_t mask,
                       uint32_t flags, uint32_t keep_not)
{
    struct fanotify_mark *k = mark_find(g, type, ip);
    if (!k)
        return -ENOENT;
    if (flags & FAN_MARK_IGNORED_MASK)
        k->ignored_mask &= ~mask;
    else
        k->mask &= ~mask;
    if (!((k->mask | k->ignored_mask) & ~keep_not))
        mark_destroy(k);
    return 0;
}

/* fdinfo's mark lines, as 6.1's fanotify_fdinfo: inode marks with tmpfs's
 * file handle (see inotify's), mount marks by mount id, filesystem marks
 * by the kernel's dev_t. The bytes written. */
int fanotify_show_marks(struct fanotify_group *g, char *buf, int size)
{
    int n = 0;
    for (struct fanotify_mark *k = g->marks; k; k = k->next) {
        char *p = buf + n;
        int room = size > n ? size - n : 0;
        uint32_t mflags = k->surv_modify ? FAN_MARK_IGNORED_SURV_MODIFY : 0;
        if (k->type == FAN_MARK_INODE) {
            uint32_t ino = k->inode->i_ino;
            n += snprintf(p, room,
                          "fanotify ino:%x sdev:%x mflags:%x mask:%x ignored_mask:%x "
                          "fhandle-bytes:c fhandle-type:1 f_handle:00000000%02x%02x%02x%02x00000000\n",
                          ino, k->dev, mflags, k->mask, k->ignored_mask, ino & 0xff,
                          (ino >> 8) & 0xff, (ino >> 16) & 0xff, ino >> 24);
        } else if (k->type == FAN_MARK_MOUNT) {
            n += snprintf(p, room, "fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x\n",
                          proc_mnt_id(k->dev), mflags, k->mask, k->ignored_mask);
        } else {
            n += snprintf(p, room, "fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x\n",
                          k->dev, mflags, k->mask, k->ignored_mask);
        }
    }
    return n;
}

/* ---- fanotify_mark(2) ---- */

/* The object a mark names, as 6.1's fanotify_find_path: dirfd itself when
 * path is NULL, else path from dirfd (followed unless DONT_FOLLOW); read
 * permission needed. A referenced inode in *out, or -EBADF, -ENOTDIR
 * (FAN_MARK_ONLYDIR), -ENOENT, -EACCES, -EFAULT... */
static int mark_object(int dirfd, const char *upath, uint32_t flags, struct inode **out)
{
    struct inode *ip;
    if (!upath) {
        struct file *f = fget_raw(dirfd);
        if (!f)
            return -EBADF;
        ip = f->f_inode;
        if ((flags & FAN_MARK_ONLYDIR) && !S_ISDIR(ip->i_mode))
            return -ENOTDIR;
        inode_get(ip);
    } else {
        char *path = getname(upath);
        if (IS_ERR_PTR(path))
            return PTR_ERR(path);
        int r = namei_at(dirfd, path, flags & FAN_MARK_DONT_FOLLOW ? 0 : LOOKUP_FOLLOW, &ip);
        putname(path);
        if (r)
            return r;
        if ((flags & FAN_MARK_ONLYDIR) && !S_ISDIR(ip->i_mode)) {
            inode_put(ip);
            return -ENOTDIR;
        }
    }
    int r = inode_permission(ip, MAY_READ);
    if (r) {
        inode_put(ip);
        return r;
    }
    *out = ip;
    return 0;
}

/* The checks 6.1 makes before it looks at the group: 0 or -EINVAL. */
static int mark_check(uint32_t flags, uint32_t mask, uint32_t mask_hi)
{
    if (mask_hi || (flags & ~MARK_FLAGS))
        return -EINVAL;
    uint32_t type = flags & TYPE_BITS;
    if (type == TYPE_BITS)
        return -EINVAL;
    switch (flags & CMD_BITS) {
    case FAN_MARK_ADD:
    case FAN_MARK_REMOVE:
        if (!mask)
            return -EINVAL;
        break;
    case FAN_MARK_FLUSH:
        if (flags & ~(TYPE_BITS | FAN_MARK_FLUSH))
            return -EINVAL;
        break;
    default:
        return -EINVAL;
    }
    if (mask & ~(PATH_EVENTS | INODE_EVENTS | FAN_FS_ERROR | EVENT_FLAGS | PERM_EVENTS))
        return -EINVAL;
    if ((flags & FAN_MARK_IGNORE) && (flags & FAN_MARK_IGNORED_MASK))
        return -EINVAL;
    return 0;
}

/* fanotify_mark(2) on i386: the 64-bit mask comes as two words, low
 * first. 0 or -errno, in 6.1's order: -EINVAL (flags, mask, not an
 * fanotify fd, a permission event for a notification group, an event
 * needing file handles for a group without them or on a mount mark,
 * FAN_RENAME without FAN_REPORT_NAME), -EBADF, -EPERM (a mount or
 * filesystem mark without CAP_SYS_ADMIN, or for a group made without
 * it), the lookup's errors, -ENOTDIR (an entry event on a file, with
 * 5.17's flags), -ENODEV (file handles for a file that has none),
 * -ENOENT (removing no mark), -ENOSPC, -ENOMEM. */
long sys_fanotify_mark(int fd, uint32_t flags, uint32_t mask, uint32_t mask_hi, int dirfd,
                       const char *upath)
{
    int r = mark_check(flags, mask, mask_hi);
    if (r)
        return r;
    uint32_t type = flags & TYPE_BITS, cmd = flags & CMD_BITS, keep_not = 0;
    if (flags & FAN_MARK_IGNORED_MASK) {
        mask &= ~EVENT_FLAGS;               /* no meaning in an ignored mask */
        keep_not = EVENT_FLAGS;
    }
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (f->f_op != &fanotify_fops)
        return -EINVAL;
    struct fanotify_group *g = f->private_data;
    if (type != FAN_MARK_INODE && (!capable(CAP_SYS_ADMIN) || g->unpriv))
        return -EPERM;                      /* (a group an unprivileged user made, too) */
    if ((mask & PERM_EVENTS) && g->priority < 1)
        return -EINVAL;
    if ((mask & FAN_FS_ERROR) && type != FAN_MARK_FILESYSTEM)
        return -EINVAL;
    if ((flags & FAN_MARK_EVICTABLE) && type != FAN_MARK_INODE)
        return -EINVAL;
    uint32_t fid = g->flags & FID_BITS;
    if ((mask & ~(PATH_EVENTS | PERM_EVENTS | EVENT_FLAGS)) && (!fid || type == FAN_MARK_MOUNT))
        return -EINVAL;                     /* events reported by file handle only */
    if ((mask & FAN_RENAME) && !(fid & FAN_REPORT_NAME))
        return -EINVAL;
    if (flags & (FAN_MARK_IGNORE | FAN_MARK_EVICTABLE))
        return -EINVAL;                     /* not done: decision 61 */
    if (cmd == FAN_MARK_FLUSH) {
        marks_flush(g, type);
        return 0;
    }
    struct inode *ip;
    if ((r = mark_object(dirfd, upath, flags, &ip)))
        return r;
    if (cmd == FAN_MARK_ADD && (mask & PERM_EVENTS) && ip->i_sb && ip->i_sb->s_type == &proc_fs_type)
        r = -EINVAL;                        /* proc's FS_DISALLOW_NOTIFY_PERM */
    if (!r && cmd == FAN_MARK_ADD && ((fid & FAN_REPORT_TARGET_FID) || (mask & FAN_RENAME)) &&
        type == FAN_MARK_INODE && !S_ISDIR(ip->i_mode) && (mask & DIRONLY_BITS))
        r = -ENOTDIR;                       /* 5.17's strict checks, for its new flags */
    if (!r && fid && !ramfs_inode(ip))
        r = -ENODEV;                        /* no fsid: /proc, pipes, sockets (decision 61) */
    if (!r && (type != FAN_MARK_INODE || !S_ISDIR(ip->i_mode))) {
        mask &= ~FAN_EVENT_ON_CHILD;        /* only a directory has children */
        keep_not |= FAN_EVENT_ON_CHILD;
        if ((fid & FAN_REPORT_DIR_FID) && cmd == FAN_MARK_ADD && !(flags & FAN_MARK_IGNORED_MASK))
            mask |= FAN_EVENT_ON_CHILD;     /* events with the parent's fid and name */
    }
    if (!r)
        r = cmd == FAN_MARK_ADD ? mark_add(g, type, ip, mask, flags)
                                : mark_remove(g, type, ip, mask, flags, keep_not);
    inode_put(ip);
    return r;
}
