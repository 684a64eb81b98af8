/* The notify layer: from a VFS change to the events inotify and fanotify
 * queue (a fanotify group reporting descriptors hears only of opens,
 * reads, writes and closes, execve's among them: Linux's path events; a
 * group reporting file identifiers hears of every change). Each
 * function here knows which events one kind of change makes, in Linux's
 * order, and which inodes hear of it (the inode itself, the directory
 * holding it, both); fs/inotify.c then finds the watches and queues. */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include <linux/fanotify.h>

/* IN_ISDIR on the events about a directory (not on its own *_SELF ones:
 * fs/inotify.c takes it off those, as Linux's inotify does). */
static uint32_t isdir_bit(struct inode *ip)
{
    return S_ISDIR(ip->i_mode) ? IN_ISDIR : 0;
}

/* An event on ip, to a directory watching it with ip's name there first,
 * then to ip's own watches (Linux reports both, parent first). */
static void parent_and_self(struct inode *ip, uint32_t mask, bool through_file)
{
    mask |= isdir_bit(ip);
    if (inotify_dir_watches)
        inotify_parent_event(ip, mask);
    if (ip->i_watches)
        inotify_inode_event(ip, mask, NULL, 0, through_file && ip->i_nlink == 0);
}

static struct notify_user *users;

struct notify_user *notify_user_get(void)
{
    for (struct notify_user *u = users; u; u = u->next)
        if (u->uid == current->euid)
            return u;
    struct notify_user *u = kzalloc(sizeof *u);
    if (u) {
        u->uid = current->euid;
        u->next = users;
        users = u;
    }
    return u;
}

void notify_user_maybe_free(struct notify_user *u)
{
    for (int i = 0; i < UC_COUNTS; i++)
        if (u->count[i])
            return;
    for (struct notify_user **pp = &users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

void __fsnotify_file(struct file *f, uint32_t mask)
{
    if (f->f_mode & (FMODE_PATH | FMODE_NONOTIFY))
        return;                             /* an O_PATH file is a place, not an open file */
    parent_and_self(f->f_inode, mask, true);
    if ((mask & IN_OPEN) && (f->f_mode & FMODE_EXEC))
        mask |= FAN_OPEN_EXEC;              /* fanotify's bit only: inotify has none */
    if (fanotify_marks)
        fanotify_event(f->f_inode, mask);
}

int __fsnotify_perm(struct inode *ip, uint32_t mask)
{
    return fanotify_event(ip, mask);
}

int fsnotify_open_exec_perm(struct inode *ip)
{
    if (!fanotify_marks)
        return 0;
    int r = fanotify_event(ip, FAN_OPEN_EXEC_PERM);
    return r ? r : fanotify_event(ip, FAN_OPEN_PERM);
}

/* fanotify's event of kind on ip (a dirent event's entry: may be NULL,
 * with ino given), in dir (and dir2) under name (and name2). */
static void fan(int kind, uint32_t mask, struct inode *ip, uint32_t ino, bool isdir, struct inode *dir,
                const char *name, struct inode *dir2, const char *name2)
{
    struct fsnotify_event ev = {
        .kind = kind, .mask = mask, .inode = ip, .ino = ip ? ip->i_ino : ino,
        .dev = ip ? ip->i_dev : dir->i_dev, .isdir = isdir, .dir = dir, .dir2 = dir2,
        .name = name, .name2 = name2,
    };
    fanotify_handle(&ev);
}

void __fsnotify_change(struct inode *ip, uint32_t mask)
{
    parent_and_self(ip, mask, false);
    if (fanotify_marks)
        fan(FSN_INODE, mask, ip, 0, S_ISDIR(ip->i_mode), NULL, NULL, NULL, NULL);
}

/* A directory-entry event: IN_CREATE, IN_DELETE (ino: the entry's). */
static void dirent_event(struct inode *dir, const char *name, bool isdir, uint32_t mask, uint32_t ino)
{
    if (dir->i_watches)
        inotify_inode_event(dir, mask | (isdir ? IN_ISDIR : 0), name, 0, false);
    if (!fanotify_marks)
        return;
    struct inode *ip = NULL;
    if (!ino && vfs_lookup(dir, name, &ip) == 0)
        ino = ip->i_ino;                    /* the entry just made */
    fan(FSN_DIRENT, mask, ip, ino, isdir, dir, name, NULL, NULL);
    inode_put(ip);
}

void fsnotify_create(struct inode *dir, const char *name, bool isdir)
{
    dirent_event(dir, name, isdir, IN_CREATE, 0);
}

void fsnotify_delete(struct inode *dir, const char *name, bool isdir, uint32_t ino)
{
    dirent_event(dir, name, isdir, IN_DELETE, ino);
}

void fsnotify_link_count(struct inode *ip)
{
    if (ip->i_watches)
        inotify_inode_event(ip, IN_ATTRIB | isdir_bit(ip), NULL, 0, false);
    if (fanotify_marks)
        fan(FSN_SELF, FAN_ATTRIB, ip, 0, S_ISDIR(ip->i_mode), NULL, NULL, NULL, NULL);
}

void fsnotify_link(struct inode *dir, const char *name, struct inode *ip)
{
    fsnotify_link_count(ip);
    fsnotify_create(dir, name, false);
}

/* The cookie that ties a MOVED_FROM to its MOVED_TO: a counter, never 0
 * (Linux's fsnotify_sync_cookie). */
static uint32_t move_cookie;

void fsnotify_move(struct inode *odir, const char *oname, struct inode *ndir,
                   const char *nname, struct inode *moved, struct inode *target)
{
    bool isdir = S_ISDIR(moved->i_mode);
    if (fanotify_marks) {
        fan(FSN_DIRENT, FAN_RENAME, moved, 0, isdir, odir, oname, ndir, nname);
        fan(FSN_DIRENT, FAN_MOVED_FROM, moved, 0, isdir, odir, oname, NULL, NULL);
        fan(FSN_DIRENT, FAN_MOVED_TO, moved, 0, isdir, ndir, nname, NULL, NULL);
    }
    uint32_t cookie = ++move_cookie ? move_cookie : ++move_cookie;
    if (odir->i_watches)
        inotify_inode_event(odir, IN_MOVED_FROM | isdir_bit(moved), oname, cookie, false);
    if (ndir->i_watches)
        inotify_inode_event(ndir, IN_MOVED_TO | isdir_bit(moved), nname, cookie, false);
    if (target)
        fsnotify_link_count(target);
    if (moved->i_watches)
        inotify_inode_event(moved, IN_MOVE_SELF, NULL, 0, false);
    if (fanotify_marks)
        fan(FSN_SELF, FAN_MOVE_SELF, moved, 0, isdir, NULL, NULL, NULL, NULL);
}

void fsnotify_inoderemove(struct inode *ip)
{
    if (fanotify_marks) {
        fan(FSN_SELF, FAN_DELETE_SELF, ip, 0, S_ISDIR(ip->i_mode), NULL, NULL, NULL, NULL);
        fanotify_inode_gone(ip);
    }
    if (!ip->i_watches)
        return;
    inotify_inode_event(ip, IN_DELETE_SELF, NULL, 0, false);
    inotify_inode_gone(ip);
}
