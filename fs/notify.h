/* The notify layer (Linux's fsnotify): the one place the VFS reports what
 * happened to a file, a directory or a name, so that inotify (fs/inotify.c)
 * can queue it for whoever watches. Each VFS path calls one of these after
 * its change succeeded; each costs a test of a pointer and a counter while
 * nothing watches (an inode's i_watches is NULL, no directory is watched). */
#ifndef FS_NOTIFY_H
#define FS_NOTIFY_H
#include "fs/vfs.h"
#include <linux/inotify.h>

/* fs/inotify.c: watches on directories, of every instance. While it is 0,
 * an event on a file need not look for a watching parent. */
extern int inotify_dir_watches;
/* fs.inotify.max_queued_events, max_user_instances, max_user_watches */
extern uint32_t inotify_max_queued_events, inotify_max_user_instances, inotify_max_user_watches;

/* ---- fs/notify.c: what the VFS calls ---- */

/* A file's data or state through an open file: IN_ACCESS (read, getdents),
 * IN_MODIFY (write), IN_OPEN, IN_CLOSE_WRITE or IN_CLOSE_NOWRITE (its last
 * close). Reported to the file's own watches and, with its name, to those
 * of a directory holding it. Does not sleep. */
void __fsnotify_file(struct file *f, uint32_t mask);
/* The same for a change made through a path or a descriptor: IN_ATTRIB
 * (chmod, chown, utimes, xattrs), IN_MODIFY (truncate, fallocate), and
 * utimes' IN_ACCESS or IN_MODIFY when it sets only one time. */
void __fsnotify_change(struct inode *ip, uint32_t mask);

static inline bool fsnotify_wanted(struct inode *ip)
{
    return ip->i_watches || inotify_dir_watches;
}
static inline void fsnotify_access(struct file *f)
{
    if (fsnotify_wanted(f->f_inode))
        __fsnotify_file(f, IN_ACCESS);
}
static inline void fsnotify_modify(struct file *f)
{
    if (fsnotify_wanted(f->f_inode))
        __fsnotify_file(f, IN_MODIFY);
}
static inline void fsnotify_open(struct file *f)
{
    if (fsnotify_wanted(f->f_inode))
        __fsnotify_file(f, IN_OPEN);
}
static inline void fsnotify_close(struct file *f)
{
    if (f->f_inode && fsnotify_wanted(f->f_inode))
        __fsnotify_file(f, (f->f_mode & FMODE_WRITE) ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
}
static inline void fsnotify_change(struct inode *ip, uint32_t mask)
{
    if (fsnotify_wanted(ip))
        __fsnotify_change(ip, mask);
}

/* Namespace changes, reported to the directory's watches with the
 * entry's name (IN_ISDIR when the entry is a directory), after the change. */
void fsnotify_create(struct inode *dir, const char *name, bool isdir);    /* IN_CREATE */
void fsnotify_delete(struct inode *dir, const char *name, bool isdir);    /* IN_DELETE */
/* link(2): the inode's IN_ATTRIB (its link count), then IN_CREATE in dir. */
void fsnotify_link(struct inode *dir, const char *name, struct inode *ip);
/* The inode's own link count changed (unlink, rename over it): IN_ATTRIB
 * to its own watches only, not to the directory's. */
void fsnotify_link_count(struct inode *ip);
/* rename(2): IN_MOVED_FROM in odir and IN_MOVED_TO in ndir sharing a new
 * cookie, the replaced target's IN_ATTRIB, then IN_MOVE_SELF to moved. */
void fsnotify_move(struct inode *odir, const char *oname, struct inode *ndir,
                   const char *nname, struct inode *moved, struct inode *target);
/* ip is freed (no link, no user left: fs/inode.c's eviction): its
 * IN_DELETE_SELF, then every watch on it goes with IN_IGNORED. */
void fsnotify_inoderemove(struct inode *ip);

/* ---- fs/inotify.c: what the notify layer calls ---- */

/* mask (one event, maybe with IN_ISDIR) to every watch on ip that wants
 * it, with name (NULL: none) and cookie. unlinked: the event came through
 * an open file whose inode has no name left (IN_EXCL_UNLINK drops it). */
void inotify_inode_event(struct inode *ip, uint32_t mask, const char *name, uint32_t cookie,
                         bool unlinked);
/* mask to the watches of every watched directory that holds child, with
 * the child's name there. */
void inotify_parent_event(struct inode *child, uint32_t mask);
/* ip is going: its watches are removed, each instance told IN_IGNORED. */
void inotify_inode_gone(struct inode *ip);

#endif
