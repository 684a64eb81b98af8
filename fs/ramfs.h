/* ramfs internals shared by its directory half (ramfs.c) and its data half
 * (ramfs_file.c). Everything lives in kernel memory; nothing is cached
 * because there is nothing below. */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H
#include "fs/vfs.h"

#define BOGO_DIRENT_SIZE 20                 /* a directory's st_size per entry, as tmpfs */

struct ramfs_dirent {
    struct ramfs_dirent *next;
    struct inode *ip;                       /* the entry counts in ip->i_nlink */
    loff_t seq;                             /* readdir offset: stable under removal */
    int len;
    char name[];
};

struct ramfs_dir {
    struct ramfs_dirent *head, *tail;       /* in order of creation */
    struct inode *parent;                   /* referenced: ".." */
    loff_t next_seq;
};

/* A regular file's pages: top[i] is a page of 1024 page addresses (a leaf),
 * each leaf covering 4 MiB; 0 means a hole, which reads as zeros. */
#define RAMFS_LEAF_PAGES 1024
struct ramfs_file {
    uint32_t *top;                          /* physical addresses of leaves */
    uint32_t ntop;
    unsigned seals;                         /* F_SEAL_*: F_SEAL_SEAL but on a memfd that allows
                                               sealing, as tmpfs (fs/memfd.c) */
    char *memfd_name;                       /* "memfd:NAME" of a memfd_create file; else NULL */
};

extern const struct inode_operations ramfs_file_iops;
extern const struct file_operations ramfs_file_fops;
int ramfs_file_init(struct inode *ip);
void ramfs_file_evict(struct inode *ip);
/* ramfs.c: a regular file that no directory holds (memfd_create), mode
 * `mode`, owned by current, referenced once. NULL: -ENOSPC, the inode
 * limit or memory is out. */
struct inode *ramfs_new_file(uint32_t mode);

/* ramfs_super.c: one instance's limits and use (tmpfs's size=,
 * nr_inodes=, mode=, uid=, gid=; a "ramfs" mount has none), kept in its
 * super_block's s_fs_info. The root filesystem is ramfs_root_sb. */
struct ramfs_sb {
    uint32_t max_blocks, max_inodes;        /* 0: no limit */
    uint32_t used_blocks, used_inodes;      /* an instance lives while it has inodes */
    uint32_t mode, uid, gid;                /* of its root */
    bool tmpfs;                             /* false: "ramfs", which takes no limits */
};
struct ramfs_usage { uint32_t blocks, bfree, files, ffree; };
extern struct ramfs_sb ramfs_root_sb;
struct ramfs_sb *RAMFS_SB(const struct inode *ip);   /* the instance ip belongs to */
bool ramfs_charge_block(struct inode *ip);  /* false: the filesystem is full */
bool ramfs_blocks_fit(struct inode *ip, uint32_t n);   /* would n more pages fit (fallocate)? */
void ramfs_uncharge_block(struct inode *ip);
bool ramfs_charge_inode(struct super_block *sb);
void ramfs_uncharge_inode(struct inode *ip);
void ramfs_statfs(struct super_block *sb, struct ramfs_usage *u);
int ramfs_set_max_blocks(uint32_t v);       /* the root's, by sysctl: 0 or -EINVAL (below use) */
int ramfs_set_max_inodes(uint32_t v);
struct super_block *ramfs_root_super(void);
int tmpfs_check_option(const char *opt, bool tmpfs);    /* one "key=value" of fsconfig: 0 or -EINVAL */
/* ramfs.c: a new instance's root directory in sb (mode, uid, gid from its
 * ramfs_sb), and the teardown of a whole tree at its last umount. */
struct inode *ramfs_make_root(struct super_block *sb);
void ramfs_kill_tree(struct inode *root);

#endif
