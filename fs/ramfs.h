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

/* ramfs_super.c: the size and inode limits (tmpfs's size=, nr_inodes=). */
struct ramfs_usage { uint32_t blocks, bfree, files, ffree; };
extern uint32_t ramfs_max_blocks, ramfs_max_inodes;   /* 0: no limit */
bool ramfs_charge_block(void);              /* false: the filesystem is full */
bool ramfs_blocks_fit(uint32_t n);          /* would n more pages fit (fallocate's check)? */
void ramfs_uncharge_block(void);
bool ramfs_charge_inode(void);
void ramfs_uncharge_inode(void);
void ramfs_statfs(struct ramfs_usage *u);
int ramfs_set_max_blocks(uint32_t v);       /* 0 or -EINVAL (below what is used) */
int ramfs_set_max_inodes(uint32_t v);

#endif
