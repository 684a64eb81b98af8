/* Inodes in memory: allocation, reference counts, eviction, ownership and
 * the permission check every path lookup and open goes through. An inode
 * lives while it has a name (i_nlink) or a user (i_count). */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"

static uint32_t next_ino = 1;

/* The ramfs's inodes in memory by number, for open_by_handle_at
 * (fs/fhandle.c): numbers are never given twice, so a number names one
 * inode for good. (/proc's inodes take numbers of their own: not here.) */
#define INO_HASH 256
static struct inode *ino_hash[INO_HASH];

static void ino_hash_remove(struct inode *ip)
{
    struct inode **pp = &ino_hash[ip->i_ino % INO_HASH];
    while (*pp && *pp != ip)
        pp = &(*pp)->i_hash_next;
    if (*pp)
        *pp = ip->i_hash_next;
}

/* Puts a new ramfs inode where inode_find finds it; eviction (or
 * inode_discard) takes it out. */
void inode_hash(struct inode *ip)
{
    ip->i_hash_next = ino_hash[ip->i_ino % INO_HASH];
    ino_hash[ip->i_ino % INO_HASH] = ip;
}

/* The inode numbered ino, with a reference; NULL when it is gone. */
struct inode *inode_find(uint32_t ino)
{
    for (struct inode *ip = ino_hash[ino % INO_HASH]; ip; ip = ip->i_hash_next)
        if (ip->i_ino == ino) {
            inode_get(ip);
            return ip;
        }
    return NULL;
}

/* A fresh inode of type `mode`, owned by current's effective ids, with all
 * three times now, one reference and no links. NULL when out of memory. */
struct inode *inode_alloc(uint32_t mode)
{
    return inode_alloc_extra(mode, 0);
}

struct inode *inode_alloc_extra(uint32_t mode, size_t extra)
{
    struct inode *ip = kzalloc(sizeof *ip + extra);
    if (!ip)
        return NULL;
    ip->i_ino = next_ino++;
    wait_queue_name(&ip->i_lock_wq, "inode %u locks", ip->i_ino);
    ip->i_dev = RAMFS_DEV;
    ip->i_mode = mode;
    ip->i_uid = current ? current->fsuid : 0;
    ip->i_gid = current ? current->fsgid : 0;
    ip->i_atime = ip->i_mtime = ip->i_ctime = current_time();
    ip->i_count = 1;
    return ip;
}

/* Frees an inode inode_alloc just made that no one has seen (its
 * filesystem could not finish it). */
void inode_discard(struct inode *ip)
{
    ino_hash_remove(ip);
    kfree(ip);
}

void inode_get(struct inode *ip)
{
    ip->i_count++;
}

/* Inodes with no reference and no link left, to be freed, and whether an
 * inode_evict below on the stack is freeing them. */
static struct inode *evict_list;
static bool evicting;

/* Frees ip. A directory's eviction puts its parent, which may go too, and
 * so on up a removed tree as deep as a user made it (issue 21): only the
 * first call on the stack evicts, in a loop; a call from inside it adds
 * its inode and returns. Never sleeps. */
static void inode_evict(struct inode *ip)
{
    ip->i_evict_next = evict_list;
    evict_list = ip;
    if (evicting)
        return;
    evicting = true;
    while ((ip = evict_list)) {
        evict_list = ip->i_evict_next;
        fsnotify_inoderemove(ip);           /* IN_DELETE_SELF, its watches go */
        ino_hash_remove(ip);
        if (ip->i_op && ip->i_op->evict)
            ip->i_op->evict(ip);
        xattrs_free(ip);
        kfree(ip);
    }
    evicting = false;
}

void inode_put(struct inode *ip)
{
    if (!ip)
        return;
    assert(ip->i_count > 0);
    if (--ip->i_count == 0 && ip->i_nlink == 0)
        inode_evict(ip);
}

void inode_drop_link(struct inode *ip)
{
    assert(ip->i_nlink > 0);
    if (--ip->i_nlink == 0 && ip->i_count == 0)
        inode_evict(ip);
}

/* Owner and group of a new inode in `dir`, as Linux: the group comes from
 * a set-group-id directory, and subdirectories inherit that bit; a plain
 * user may not create a setgid file for a group it is not in. */
void inode_init_owner(struct inode *ip, struct inode *dir, uint32_t mode)
{
    ip->i_uid = current->fsuid;
    ip->i_gid = current->fsgid;
    if (dir && (dir->i_mode & S_ISGID)) {
        ip->i_gid = dir->i_gid;
        if (S_ISDIR(mode))
            mode |= S_ISGID;
    }
    if (!S_ISDIR(mode) && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
        !in_group(ip->i_gid) && !capable_wrt_inode_uidgid(dir ? dir : ip, CAP_FSETID))
        mode &= ~S_ISGID;
    ip->i_mode = mode;
}

/* May current access ip for mask (MAY_READ | MAY_WRITE | MAY_EXEC)?
 * The owner's, the group's or the others' bits; where they refuse, as
 * Linux's generic_permission: CAP_DAC_READ_SEARCH passes reading and a
 * directory's search, CAP_DAC_OVERRIDE passes reading and writing
 * always, and executing a directory or a file with any x bit. 0 or
 * -EACCES. */
int inode_permission(struct inode *ip, int mask)
{
    uint32_t mode = ip->i_mode, bits = mode;
    int r = ip->i_op && ip->i_op->permission ? ip->i_op->permission(ip, mask) : 0;
    if (r)
        return r < 0 ? r : 0;                /* 1: the filesystem's rules alone decide */
    if ((mask & MAY_WRITE) && ip->i_sb && ip->i_sb->s_rdonly &&
        (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
        return -EROFS;                       /* a read-only filesystem (Linux's sb_permission) */
    if (current->fsuid == ip->i_uid)
        bits >>= 6;
    else if (in_group(ip->i_gid))
        bits >>= 3;
    if ((bits & mask & 7) == (uint32_t)mask)
        return 0;
    if (S_ISDIR(mode) ? !(mask & MAY_WRITE) : mask == MAY_READ)
        if (capable_wrt_inode_uidgid(ip, CAP_DAC_READ_SEARCH))
            return 0;
    if ((S_ISDIR(mode) || !(mask & MAY_EXEC) || (mode & 0111)) && capable_wrt_inode_uidgid(ip, CAP_DAC_OVERRIDE))
        return 0;
    return -EACCES;
}

bool inode_owner_or_capable(struct inode *ip)
{
    return current->fsuid == ip->i_uid || capable_wrt_inode_uidgid(ip, CAP_FOWNER);
}

/* A write or a change of owner removes set-user-id, and set-group-id when
 * the group may execute (otherwise that bit means mandatory locking). */
bool inode_kill_suid(struct inode *ip)
{
    uint32_t was = ip->i_mode;
    ip->i_mode &= ~S_ISUID;
    if ((ip->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
        ip->i_mode &= ~S_ISGID;
    return ip->i_mode != was;
}
