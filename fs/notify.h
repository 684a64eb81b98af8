/* The notify layer (Linux's fsnotify): the one place the VFS reports what
 * happened to a file, a directory or a name, so that inotify (fs/inotify.c)
 * and fanotify (fs/fanotify.c) can queue it for whoever watches. Each VFS
 * path calls one of these after its change succeeded (a permission hook,
 * before); each costs a test of a pointer and two counters while nothing
 * watches (an inode's i_watches is NULL, no directory is watched, no
 * fanotify mark exists). */
#ifndef FS_NOTIFY_H
#define FS_NOTIFY_H
#include "fs/vfs.h"
#include <linux/inotify.h>
#include <linux/fanotify.h>

/* fs/inotify.c: watches on directories, of every instance. While it is 0,
 * an event on a file need not look for a watching parent. */
extern int inotify_dir_watches;
/* fs.inotify.max_queued_events, max_user_instances, max_user_watches */
extern uint32_t inotify_max_queued_events, inotify_max_user_instances, inotify_max_user_watches;
/* fs/fanotify_mark.c: fanotify marks of every group. While it is 0, no
 * event need go to fanotify. */
extern int fanotify_marks;
/* fs.fanotify.max_queued_events, max_user_groups, max_user_marks */
extern uint32_t fanotify_max_queued_events, fanotify_max_user_groups, fanotify_max_user_marks;

/* ---- fs/notify.c: what one uid holds (Linux's ucounts), for the limits ---- */

enum { UC_INOTIFY_INSTANCES, UC_INOTIFY_WATCHES, UC_FANOTIFY_GROUPS, UC_FANOTIFY_MARKS, UC_COUNTS };
struct notify_user {
    struct notify_user *next;
    uint32_t uid;                           /* an effective uid */
    uint32_t count[UC_COUNTS];
};
/* current's effective uid's record, made at need; NULL when out of memory. */
struct notify_user *notify_user_get(void);
/* Frees u once it holds nothing. */
void notify_user_maybe_free(struct notify_user *u);

/* What one event is about, for fanotify: Linux's fsnotify() arguments. */
enum {
    FSN_PATH,                               /* through an open file (every mark, fd groups too) */
    FSN_INODE,                              /* a change by path or descriptor (fsnotify_change):
                                               FID groups, not mount marks */
    FSN_SELF,                               /* the inode only, no parent: *_SELF, link counts */
    FSN_DIRENT,                             /* an entry of dir made, removed or moved */
};
struct fsnotify_event {
    int kind;                               /* FSN_* */
    uint32_t mask;                          /* one event (FAN_OPEN|FAN_OPEN_EXEC for exec) */
    struct inode *inode;                    /* the object (a dirent event's entry; NULL: gone) */
    uint32_t ino, dev;                      /* its number and filesystem */
    bool isdir;                             /* it is a directory */
    struct inode *dir, *dir2;               /* FSN_DIRENT: the directory; FAN_RENAME's new one */
    const char *name, *name2;               /* the entries' names there */
};

/* ---- fs/notify.c: what the VFS calls ---- */

/* A file's data or state through an open file: IN_ACCESS (read, getdents),
 * IN_MODIFY (write), IN_OPEN (FAN_OPEN_EXEC too to fanotify for execve's
 * FMODE_EXEC file), IN_CLOSE_WRITE or IN_CLOSE_NOWRITE (its last close).
 * Reported to the file's own watches and, with its name, to those
 * of a directory holding it. Does not sleep. */
void __fsnotify_file(struct file *f, uint32_t mask);
/* The same for a change made through a path or a descriptor: IN_ATTRIB
 * (chmod, chown, utimes, xattrs), IN_MODIFY (truncate, fallocate), and
 * utimes' IN_ACCESS or IN_MODIFY when it sets only one time. */
void __fsnotify_change(struct inode *ip, uint32_t mask);

static inline bool fsnotify_wanted(struct inode *ip)
{
    return ip->i_watches || inotify_dir_watches || fanotify_marks;
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

/* Permission hooks, before the open or read they ask about: FAN_OPEN_PERM
 * (open(2), before the file's own open and O_TRUNC), FAN_ACCESS_PERM (a
 * read, a getdents). 0, or -EPERM when a listener denied it (may sleep
 * until one answers). */
int __fsnotify_perm(struct inode *ip, uint32_t mask);
static inline int fsnotify_open_perm(struct inode *ip)
{
    return fanotify_marks ? __fsnotify_perm(ip, FAN_OPEN_PERM) : 0;
}
static inline int fsnotify_access_perm(struct file *f)
{
    if (!fanotify_marks || (f->f_mode & FMODE_NONOTIFY))
        return 0;
    return __fsnotify_perm(f->f_inode, FAN_ACCESS_PERM);
}
/* execve's open of a program (or interpreter), before it: FAN_OPEN_EXEC_PERM,
 * then FAN_OPEN_PERM, as Linux's fsnotify_perm for an __FMODE_EXEC file
 * (the open itself is fsnotify_open of an FMODE_EXEC file: IN_OPEN, and
 * FAN_OPEN|FAN_OPEN_EXEC). 0 or -EPERM. May sleep. */
int fsnotify_open_exec_perm(struct inode *ip);

static inline void fsnotify_change(struct inode *ip, uint32_t mask)
{
    if (fsnotify_wanted(ip))
        __fsnotify_change(ip, mask);
}

/* Namespace changes, reported to the directory's watches with the
 * entry's name (IN_ISDIR when the entry is a directory), after the change;
 * fanotify's FID groups hear them too (the deleted entry's inode number
 * is ino: the inode may be gone). */
void fsnotify_create(struct inode *dir, const char *name, bool isdir);    /* IN_CREATE */
void fsnotify_delete(struct inode *dir, const char *name, bool isdir, uint32_t ino);   /* IN_DELETE */
/* link(2): the inode's IN_ATTRIB (its link count), then IN_CREATE in dir. */
void fsnotify_link(struct inode *dir, const char *name, struct inode *ip);
/* The inode's own link count changed (unlink, rename over it): IN_ATTRIB
 * to its own watches only, not to the directory's. */
void fsnotify_link_count(struct inode *ip);
/* rename(2): fanotify's FAN_RENAME, IN_MOVED_FROM in odir and IN_MOVED_TO
 * in ndir sharing a new cookie, the replaced target's IN_ATTRIB, then
 * IN_MOVE_SELF to moved. */
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
/* ip's filesystem is unmounted for good: each watch is told IN_UNMOUNT
 * (whatever its mask), then goes with IN_IGNORED (Linux's
 * fsnotify_unmount_inodes). */
void inotify_inode_unmount(struct inode *ip);


/* ---- fs/fanotify.c ---- */

/* ev to every group whose marks want it, highest class first. 0, or
 * -EPERM when a group denied a permission event (-ERESTARTSYS: killed
 * while waiting). May sleep for a permission event only. */
int fanotify_handle(const struct fsnotify_event *ev);
/* An FSN_PATH event on ip (a mask of FAN_* bits: one event, or FAN_OPEN
 * with FAN_OPEN_EXEC, or one permission event): fanotify_handle's. */
int fanotify_event(struct inode *ip, uint32_t mask);
/* fs/fanotify_mark.c: ip is going (after its FAN_DELETE_SELF): the marks
 * on it go. */
void fanotify_inode_gone(struct inode *ip);

/* Both: the filesystem of ip goes (its last mount did): inotify's
 * IN_UNMOUNT and IN_IGNORED, fanotify's marks dropped. */
static inline void fsnotify_unmount(struct inode *ip)
{
    if (ip->i_watches)
        inotify_inode_unmount(ip);
    if (fanotify_marks)
        fanotify_inode_gone(ip);
}

#endif
