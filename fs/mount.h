/* Mounts: where a filesystem's root is attached to a directory of another
 * (fs/namespace.c). A tree of mounts for each mount namespace, from a
 * root ramfs down, all on one list; a walk (fs/namei.c) that reaches a directory
 * something is mounted on goes on in the mounted root, and ".." at a
 * mounted root goes up to the directory it covers first. A mount's flags
 * (read-only, nosuid, nodev, noexec, atime) hold for what is reached
 * through it; a file, a cwd and a root remember the mount they were
 * reached through, which keeps it busy. Shared mounts propagate what is
 * mounted on them to their peers and slaves (fs/pnode.c). */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H
#include "fs/vfs.h"

/* A filesystem instance: what statfs describes and st_dev names. */
struct super_block {
    uint32_t s_dev;
    const struct file_system_type *s_type;
    struct inode *s_root;                   /* referenced */
    bool s_rdonly;                          /* SB_RDONLY: mounted read-only as a whole */
    unsigned s_flags;                       /* the other SB_* shown: MS_SYNCHRONOUS,
                                               MS_DIRSYNC, MS_LAZYTIME (no effect here) */
    int s_mounts;                           /* mounts showing it; killed at 0 */
    bool s_dying;                           /* killed: freed with its last inode */
    void *s_fs_info;                        /* the filesystem's (ramfs: struct ramfs_sb) */
};

struct file_system_type {
    const char *name;
    /* A superblock for a new mount, from mount(2)'s data (a kernel string
     * or NULL, the generic options taken out); the mount made of it
     * counts in s_mounts (an sb no mount took is killed by the caller).
     * -errno: -EINVAL for options the filesystem refuses. */
    int (*get_sb)(const char *data, bool rdonly, struct super_block **sb);
    /* MS_REMOUNT's options for sb; NULL: none are understood but "" */
    int (*remount)(struct super_block *sb, const char *data);
    /* Its options as /proc/mounts shows them after rw/ro and the mount's. */
    int (*show_options)(struct super_block *sb, char *buf, int size);
    void (*kill_sb)(struct super_block *sb);  /* its last mount went */
    /* mountinfo's root of a mount whose root is ip, as current sees it,
     * into buf: 0, or -1 for the path in the filesystem (Linux's
     * show_path: cgroup2 prints it from the reader's cgroup namespace). */
    int (*show_path)(struct inode *ip, char *buf, int size);
};

/* Per-mount flags, as Linux's MNT_* (shown in /proc/mounts, statfs's f_flags). */
#define MNT_NOSUID      0x01
#define MNT_NODEV       0x02
#define MNT_NOEXEC      0x04
#define MNT_NOATIME     0x08
#define MNT_NODIRATIME  0x10
#define MNT_RELATIME    0x20
#define MNT_READONLY    0x40
#define MNT_NOSYMFOLLOW 0x80
#define MNT_ATIME_MASK  (MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)
/* A mount copied into a less privileged user namespace's tree
 * (mnt_ns_lock_tree): its flags may not be cleared, it may not go. */
#define MNT_LOCK_ATIME    0x040000
#define MNT_LOCK_NOEXEC   0x080000
#define MNT_LOCK_NOSUID   0x100000
#define MNT_LOCK_NODEV    0x200000
#define MNT_LOCK_READONLY 0x400000
#define MNT_LOCKED        0x800000
#define MNT_LOCK_MASK     0xFC0000

/* umount2's flags (Linux's include/linux/fs.h, not in the UAPI headers). */
#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8

/* A walk for umount2 (Linux's LOOKUP_MOUNTPOINT): it does not count as a
 * use of the mount it ends in (MNT_EXPIRE's mark stays); any other walk
 * ending in a mount clears the mark, as Linux's mntput of its path. */
#define LOOKUP_MOUNTPOINT 4

/* statfs's f_flags (Linux's include/linux/statfs.h). */
#define ST_RDONLY       0x0001
#define ST_NOSUID       0x0002
#define ST_NODEV        0x0004
#define ST_NOEXEC       0x0008
#define ST_SYNCHRONOUS  0x0010
#define ST_VALID        0x0020
#define ST_MANDLOCK     0x0040
#define ST_NOATIME      0x0400
#define ST_NODIRATIME   0x0800
#define ST_RELATIME     0x1000
#define ST_NOSYMFOLLOW  0x2000

/* A mount namespace (CLONE_NEWNS): a tree of mounts of its own, copied
 * from the creator's; its tasks and ns files count in refs (the
 * initial one has them all at boot and is never freed). */
struct mnt_namespace {
    int refs;                               /* tasks and ns files (fs/nsfs.c) */
    unsigned inum;                          /* its ns file's inode number */
    struct mount *root;
    bool anon;                              /* a detached tree's (fs/mount_api.c): no tasks */
    struct user_namespace *user_ns;         /* its owner, counted; NULL: the initial */
};

struct mount {
    int mnt_id;
    struct mnt_namespace *mnt_ns;           /* the tree it is in */
    struct mount *mnt_parent;               /* itself for the root and a detached mount */
    struct inode *mnt_mountpoint;           /* covered in the parent; referenced */
    struct inode *mnt_root;                 /* referenced: the sb's root or a bind's directory */
    struct super_block *mnt_sb;
    unsigned mnt_flags;                     /* MNT_* */
    int mnt_count;                          /* files, cwds, roots and mounts on it */
    int mnt_children;                       /* of those, the mounts attached on it */
    int mnt_writers;                        /* of its files, those open for writing */
    bool mnt_attached;                      /* in the tree (umount detaches) */
    bool mnt_expiry_mark;                   /* MNT_EXPIRE's first call */
    int mnt_shared;                         /* peer group of MS_SHARED, 0: none */
    bool mnt_unbindable;                    /* MS_UNBINDABLE */
    int mnt_slave_of;                       /* MS_SLAVE: its master's peer group, 0: none
                                               (a mount may be shared and a slave) */
    struct inode *mnt_mp_dir;               /* a file mount point's directory (referenced;
                                               NULL for a directory), for its path */
    struct inode *mnt_root_dir;             /* the same for a bind of a file: its directory */
    char *mnt_devname;                      /* mount(2)'s source */
    struct mount *mnt_next;                 /* the mount list, in mounting order */
    struct mount **mnt_pprev;               /* what points at it in the list */
    struct mount *mnt_hash_next;            /* lookup_mnt's chain, while attached on a directory */
    /* Scratch of one tree operation (mnt_mark_tree, the copies), which
     * never sleeps: each user's nesting costs linear time, not more. */
    unsigned mnt_seen;                      /* mnt_in is this operation's answer */
    bool mnt_in;                            /* under the operation's top */
    struct mount *mnt_copy;                 /* its copy being made */
    struct mount *mnt_prop_next;            /* fs/pnode.c's lists of one propagation */
    int mnt_prop_idx;                       /* its peer group's place in the tree */
    unsigned char mnt_umount;               /* umount_propagate's state */
};

extern struct mount *root_mount;            /* the initial namespace's root, made at boot */
extern struct mnt_namespace init_mnt_ns;

struct mnt_namespace *current_mnt_ns(void);
struct mount *ns_root_mount(void);         /* the root of current's tree */
/* Linux's lock_mnt_tree and CL_SHARED_TO_SLAVE, for a copy of a tree
 * into a namespace owned by another user namespace than the original's:
 * every mount MNT_LOCKED with its flags, a shared one a slave. */
void mnt_ns_lock_tree(struct mnt_namespace *ns);
/* Linux's may_mount: CAP_SYS_ADMIN in the owner of current's tree. */
bool may_mount(void);
/* Linux's mount_capable: may current make a new instance of fst? */
bool mount_capable(const struct file_system_type *fst);
/* A new namespace with a copy of ns's tree (counted once, for the
 * caller); fs's mounts become their copies. NULL when out of memory. */
struct mnt_namespace *copy_mnt_ns(struct mnt_namespace *ns, struct fs_struct *fs);
void get_mnt_ns(struct mnt_namespace *ns);  /* NULL: the initial one, not counted */
void put_mnt_ns(struct mnt_namespace *ns);  /* its mounts go with its last task */
void umount_tree(struct mount *top);        /* top and every mount below it, detached */
/* Sets mnt_in on top and every mount under it, clears it on the others
 * (scratch: read it before anything else marks). Linear time. */
void mnt_mark_tree(struct mount *top);
/* The same, but a mount for which cut() is true is not marked, nor is
 * anything under it (MS_REC's copies: unbindable mounts...). */
void mnt_mark_tree_cut(struct mount *top, bool (*cut)(struct mount *m, void *arg), void *arg);
void mnt_discard(struct mount *m);          /* one mnt_alloc made that was never attached */

/* namespace.c: the tree and its references */
int anon_dev_get(void);                     /* MKDEV(0, n) free, or -EMFILE */
void anon_dev_put(uint32_t dev);
struct mount *mnt_alloc(struct super_block *sb, struct inode *root, unsigned flags,
                        const char *devname);
void mnt_attach(struct mount *m, struct mount *parent, struct inode *ip);
void mnt_detach(struct mount *m);
void mnt_leave_group(struct mount *m);      /* out of its peer group (fs/namespace.c) */
void mnt_set_mp_dir(struct mount *m, struct inode *dir);
void mnt_move(struct mount *m, struct mount *parent, struct inode *ip);
struct mount *mnt_next(struct mount *m);    /* every mount in order: mnt_next(NULL) first */
struct mount *newest_mount(void);           /* the last in the list */
int mounts_count(struct mnt_namespace *ns);   /* the mounts of ns's tree (Linux's ns->mounts) */
extern uint32_t sysctl_mount_max;           /* fs.mount-max: 100000, as Linux */

void mnt_get(struct mount *m);
void mnt_put(struct mount *m);              /* frees a detached mount at its last user */
struct mount *lookup_mnt(struct mount *parent, struct inode *dir);   /* topmost, or NULL */
struct mount *mount_of_inode(struct inode *ip);   /* the first mount showing ip's filesystem */
bool mnt_is_readonly(const struct mount *m);
int mnt_want_write(const struct mount *m);  /* 0 or -EROFS */
int mnt_want_write_file(struct file *f);    /* the same for the mount f was opened through */
unsigned mnt_statfs_flags(const struct mount *m);   /* ST_* of statfs */
/* Attaches sb's root on the directory ip of mount parent at boot (the
 * root's own mount when parent is NULL). NULL when out of memory. */
struct mount *mount_boot(struct super_block *sb, struct mount *parent, struct inode *ip,
                         const char *devname);
void mounts_show(char *buf, int size, int *n, bool info);   /* /proc/mounts, mountinfo */

/* readdir.c: the path of directory ip, reached through m, as current sees
 * it (from its root), into buf (PATH_MAX_K bytes): the offset where it
 * starts, or -ENOENT (removed, or not under current's root). And the path
 * of ip from its own filesystem's root. */
int vfs_path_of(struct mount *m, struct inode *ip, char *buf, char *name);
int vfs_path_in_sb(struct inode *ip, char *buf, char *name);
int vfs_path_of_file(struct mount *m, struct inode *dir, struct inode *ip, char *buf, char *name);
int vfs_name_in_dir(struct inode *dir, struct inode *ip, char *name);   /* ip's name in dir */

/* mount_sys.c's helpers that the new mount API (fs/mount_api.c,
 * fs/fs_context.c) shares: see their heads there. */
const struct file_system_type *get_fs_type(const char *name, bool *internal);
int mount_options_each(const char *data, size_t max, int (*fn)(char *opt, void *arg), void *arg);
bool has_writers(struct super_block *sb, struct mount *only);
struct mount *clone_mnt(struct mount *src, struct inode *dir);
int copy_submounts(struct mount *src, struct inode *dir, struct mount *copy, struct mount *last);
bool tree_has_unbindable(struct mount *m);
bool can_change_locked_flags(const struct mount *m, unsigned mf);
bool has_locked_children(struct mount *parent, struct inode *dir);
bool mount_too_revealing(struct super_block *sb, unsigned *mf);
int attach_moved(struct mount *m, struct mount *p, struct inode *ip, struct inode *dir);

/* pnode.c: propagation between peer groups and their slaves. */
int group_id_alloc(void);                   /* the smallest peer group id free */
void change_mnt_propagation(struct mount *m, unsigned long type);
void make_tree_shared(struct mount *top);   /* a group for each of its mounts in none */
/* After source's tree was attached on dir of dest (and made shared if
 * dest is): the copies under dest's peers and slaves. 0, -ENOSPC or -ENOMEM (no
 * copy made; the caller takes source down). */
int propagate_mnt(struct mount *dest, struct inode *dir, struct inode *mp_dir, struct mount *source);
int propagate_mount_busy(struct mount *m);  /* umount(2)'s: 0, -EBUSY, -ENOMEM */
void umount_propagate(struct mount *top, bool lazy);   /* top (its tree) and its copies */

/* mount_api.c: a detached tree (open_tree's clone, fsmount's mount) in
 * an anonymous namespace of its own, behind an O_PATH file whose last
 * close takes the tree down unless move_mount attached it. root (count
 * 0, not attached) and the mounts below it go into the tree; ip, root's
 * directory, is referenced and taken over. 0 with the file in *res, or
 * -errno with the tree gone. */
int mnt_detached_open(struct mount *root, struct inode *ip, struct file **res);
/* fsmount's attr_flags (MOUNT_ATTR_*) as a new mount's MNT_*: -1 for a
 * flag it does not take or an atime value that is none. */
long mount_attr_flags(unsigned attr);

/* Filesystem types (registered in fs/namespace.c's table). */
extern const struct file_system_type tmpfs_fs_type, ramfs_fs_type, proc_fs_type, mqueue_fs_type;
struct super_block *proc_sb(void);          /* the boot procfs instance, /proc's (fs/proc.c) */
/* fsconfig's check of a proc parameter (NULL value: a flag): 0, or
 * -EINVAL with Linux's message in msg ("": the generic "Bad value"). */
int proc_check_param(const char *key, const char *value, char *msg, int size);
extern const struct file_system_type devpts_fs_type;
extern const struct file_system_type cgroup2_fs_type;   /* kernel/cgroup/cgroup_fs.c */
struct super_block *devpts_sb(void);        /* the one devpts instance (fs/devpts.c) */

#endif
