/* The notify layer: from a VFS change to the events inotify and fanotify
 * queue (fanotify, reporting descriptors, hears only of opens, reads,
 * writes and closes, execve's among them: Linux's path events). Each
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

void __fsnotify_change(struct inode *ip, uint32_t mask)
{
    parent_and_self(ip, mask, false);
}

void fsnotify_create(struct inode *dir, const char *name, bool isdir)
{
    if (dir->i_watches)
        inotify_inode_event(dir, IN_CREATE | (isdir ? IN_ISDIR : 0), name, 0, false);
}

void fsnotify_delete(struct inode *dir, const char *name, bool isdir)
{
    if (dir->i_watches)
        inotify_inode_event(dir, IN_DELETE | (isdir ? IN_ISDIR : 0), name, 0, false);
}

void fsnotify_link_count(struct inode *ip)
{
    if (ip->i_watches)
        inotify_inode_event(ip, IN_ATTRIB | isdir_bit(ip), NULL, 0, false);
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
    if (!odir->i_watches && !ndir->i_watches && !moved->i_watches && !(target && target->i_watches))
        return;
    uint32_t cookie = ++move_cookie ? move_cookie : ++move_cookie;
    uint32_t isdir = isdir_bit(moved);
    if (odir->i_watches)
        inotify_inode_event(odir, IN_MOVED_FROM | isdir, oname, cookie, false);
    if (ndir->i_watches)
        inotify_inode_event(ndir, IN_MOVED_TO | isdir, nname, cookie, false);
    if (target)
        fsnotify_link_count(target);
    if (moved->i_watches)
        inotify_inode_event(moved, IN_MOVE_SELF, NULL, 0, false);
}

void fsnotify_inoderemove(struct inode *ip)
{
    if (!ip->i_watches)
        return;
    inotify_inode_event(ip, IN_DELETE_SELF, NULL, 0, false);
    inotify_inode_gone(ip);
}
