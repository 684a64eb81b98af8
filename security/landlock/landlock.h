/* Landlock (Linux 6.1, ABI version 2): unprivileged sandboxing of file
 * access. A ruleset (ruleset.c) is built through a descriptor
 * (syscalls.c) and becomes a layer of the calling task's domain; the VFS
 * asks fs.c, at the single place where it checks each kind of access,
 * whether every layer of current's domain has a rule granting it on the
 * path's ancestors. What the rest of the kernel calls. */
#ifndef SECURITY_LANDLOCK_H
#define SECURITY_LANDLOCK_H
#include "kernel/types.h"
#include <linux/landlock.h>

#define LANDLOCK_ABI_VERSION     2
#define LANDLOCK_MAX_NUM_LAYERS  16
#define LANDLOCK_NUM_ACCESS_FS   14                 /* EXECUTE .. REFER */
#define LANDLOCK_MASK_ACCESS_FS  ((1u << LANDLOCK_NUM_ACCESS_FS) - 1)
/* The rights that make sense on a file that is not a directory. */
#define LANDLOCK_ACCESS_FILE     (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                                  LANDLOCK_ACCESS_FS_READ_FILE)

typedef uint16_t access_mask_t;                     /* LANDLOCK_ACCESS_FS_* */
typedef uint16_t layer_mask_t;                      /* bit n: layer n + 1 */

struct inode;
struct mount;
struct task;

/* One layer's grant in a rule: level 0 in a ruleset being built, 1 ..
 * num_layers in a domain. */
struct landlock_layer {
    uint16_t level;
    access_mask_t access;
};

/* The rights given on one inode and everything beneath it: the inode is
 * referenced while the rule lives (as Linux's landlock_object holds it). */
struct landlock_rule {
    struct inode *ip;
    int num_layers;
    struct landlock_layer layers[];                 /* by increasing level */
};

/* Where a domain sits among the domains it was stacked on: a domain
 * enforced on top of another is under it (ptrace's scope). Counted by its
 * domain and by the nodes under it, so it may outlive its domain. */
struct landlock_hierarchy {
    int usage;
    struct landlock_hierarchy *parent;
};

/* A ruleset (num_layers 1, fs_access_masks[0] what it handles) or a
 * domain (the rulesets enforced on a task, stacked: one mask per layer).
 * Counted: a descriptor, tasks, a domain being built. Rules are sorted by
 * inode address (binary search). */
struct landlock_ruleset {
    int usage;
    int num_layers;
    access_mask_t fs_access_masks[LANDLOCK_MAX_NUM_LAYERS];
    int num_rules, max_rules;
    struct landlock_rule **rules;
    struct landlock_hierarchy *hierarchy;   /* a domain's; NULL for a ruleset */
};

/* ruleset.c */
struct landlock_ruleset *landlock_create_ruleset(access_mask_t handled);   /* ERR_PTR */
void landlock_get_ruleset(struct landlock_ruleset *rs);
void landlock_put_ruleset(struct landlock_ruleset *rs);   /* NULL: nothing */
int landlock_insert_rule(struct landlock_ruleset *rs, struct inode *ip, access_mask_t access);
struct landlock_ruleset *landlock_merge_ruleset(struct landlock_ruleset *parent,
                                                struct landlock_ruleset *rs);   /* ERR_PTR */
const struct landlock_rule *landlock_find_rule(const struct landlock_ruleset *dom,
                                               const struct inode *ip);

/* Tasks: a domain is shared by fork and clone, kept by exec. */
void landlock_fork(struct task *parent, struct task *child);
void landlock_free(struct task *t);
/* May tracer's domain reach tracee (the tracee's domain is the tracer's
 * or one stacked on it; no domain reaches all)? 0 or -EPERM. */
int landlock_ptrace(struct task *tracer, struct task *tracee);

/* fs.c: the VFS's questions, each 0 when current has no domain. mnt is
 * the mount the path was reached through (NULL: the inode's first). */
int landlock_file_open(struct inode *ip, struct mount *mnt, int flags);   /* -EACCES */
int landlock_file_open_internal(struct inode *ip, struct inode *root, int flags);
int landlock_exec(struct inode *ip, struct mount *mnt);                   /* -EACCES */
int landlock_path_mknod(struct inode *dir, struct mount *mnt, uint32_t mode);
int landlock_path_remove(struct inode *dir, struct mount *mnt, const char *name, bool isdir);
int landlock_path_link(struct inode *old, struct inode *odir, struct inode *ndir,
                       struct mount *mnt);          /* -EACCES, -EXDEV */
int landlock_path_rename(struct inode *odir, struct inode *old, struct inode *ndir,
                         struct inode *new, struct mount *mnt, bool exchange);
int landlock_sb_change(void);
bool landlock_nameless(const struct inode *ip);   /* a pipe's, socket's...: no path leads there */                       /* mount, umount, pivot_root: -EPERM */

#endif
