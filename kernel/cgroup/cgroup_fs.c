/* The cgroup2 filesystem (Linux's kernfs under cgroup): a directory per
 * group, holding its files (cgroup_files.c) and its children; mkdir
 * makes a group, rmdir removes one. One hierarchy: every mount shows
 * the same groups, from the root of the mounter's cgroup namespace
 * (each namespace has its superblock, all with one device). Nothing
 * else can be made, linked or renamed here. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/cgroup/cgroup.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"

static const char *const file_names[CGF_NFILES] = {
    [CGF_CONTROLLERS] = "cgroup.controllers", [CGF_EVENTS] = "cgroup.events",
    [CGF_FREEZE] = "cgroup.freeze", [CGF_KILL] = "cgroup.kill",
    [CGF_MAX_DEPTH] = "cgroup.max.depth", [CGF_MAX_DESCENDANTS] = "cgroup.max.descendants",
    [CGF_PROCS] = "cgroup.procs", [CGF_STAT] = "cgroup.stat",
    [CGF_SUBTREE_CONTROL] = "cgroup.subtree_control", [CGF_THREADS] = "cgroup.threads",
    [CGF_TYPE] = "cgroup.type", [CGF_CPU_STAT] = "cpu.stat",
    [CGF_PIDS_CURRENT] = "pids.current", [CGF_PIDS_EVENTS] = "pids.events", [CGF_PIDS_MAX] = "pids.max",
};
static const uint16_t file_modes[CGF_NFILES] = {
    [CGF_CONTROLLERS] = 0444, [CGF_EVENTS] = 0444, [CGF_FREEZE] = 0644, [CGF_KILL] = 0200,
    [CGF_MAX_DEPTH] = 0644, [CGF_MAX_DESCENDANTS] = 0644, [CGF_PROCS] = 0644, [CGF_STAT] = 0444,
    [CGF_SUBTREE_CONTROL] = 0644, [CGF_THREADS] = 0644, [CGF_TYPE] = 0644, [CGF_CPU_STAT] = 0444,
    [CGF_PIDS_CURRENT] = 0444, [CGF_PIDS_EVENTS] = 0444, [CGF_PIDS_MAX] = 0644,
};

const struct file_system_type cgroup2_fs_type;
static struct super_block root_sb = { .s_type = &cgroup2_fs_type };
static const struct inode_operations cg_dir_iops, cg_file_iops;
static const struct file_operations cg_dir_fops;
extern const struct file_operations cgroup_file_fops;   /* cgroup_files.c */

#define CG_OF(ip) ((struct cgroup *)(ip)->i_private)
#define CGFILE(ip) ((enum cgfile)(ip)->i_rdev)

/* Each inode holds its group: the last one of a removed group frees it. */
static void cg_evict(struct inode *ip)
{
    cgroup_put(CG_OF(ip));
}

static struct inode *cg_inode(struct cgroup *cg, uint32_t mode)
{
    struct inode *ip = inode_alloc(mode);
    if (!ip)
        return NULL;
    ip->i_dev = root_sb.s_dev;
    ip->i_sb = &root_sb;
    ip->i_private = cg;
    ip->i_size = 0;
    cgroup_get(cg);
    return ip;
}

/* File f of cg, linked (its name keeps it); a new pids.max starts over
 * (Linux makes a new css when the controller is enabled). */
static int add_file(struct cgroup *cg, enum cgfile f)
{
    struct inode *ip = cg_inode(cg, S_IFREG | file_modes[f]);
    if (!ip)
        return -ENOMEM;
    if (cg->dir) {
        ip->i_uid = cg->dir->i_uid;
        ip->i_gid = cg->dir->i_gid;
    }
    ip->i_op = &cg_file_iops;
    ip->i_fop = &cgroup_file_fops;
    ip->i_rdev = f;
    ip->i_nlink = 1;
    cg->files[f] = ip;
    if (f == CGF_PIDS_MAX) {
        cg->pids_max = PIDS_MAX;
        cg->pids_events_max = 0;
    }
    inode_put(ip);
    return 0;
}

static void remove_file(struct cgroup *cg, enum cgfile f)
{
    struct inode *ip = cg->files[f];
    cg->files[f] = NULL;
    inode_touch(ip, false);
    inode_drop_link(ip);                     /* open files keep it */
}

void cgroup_fs_update_files(struct cgroup *cg)
{
    for (int f = 0; f < CGF_NFILES; f++) {
        bool want = cgroup_has_file(cg, f);
        if (want && !cg->files[f] && add_file(cg, f) < 0)
            printk("cgroup: no memory for %s\n", file_names[f]);
        else if (!want && cg->files[f])
            remove_file(cg, f);
    }
}

static uint32_t mkdir_mode = 0755;          /* the mode of cgroup_fs_add's directory */

int cgroup_fs_add(struct cgroup *cg)
{
    struct inode *ip = cg_inode(cg, S_IFDIR | mkdir_mode);
    if (!ip)
        return -ENOMEM;
    ip->i_op = &cg_dir_iops;
    ip->i_fop = &cg_dir_fops;
    ip->i_nlink = 2;
    cg->dir = ip;
    for (int f = 0; f < CGF_NFILES; f++)
        if (cgroup_has_file(cg, f) && add_file(cg, f) < 0) {
            cgroup_fs_remove(cg);
            inode_put(ip);
            return -ENOMEM;
        }
    if (cg->parent)
        cg->parent->dir->i_nlink++;
    inode_put(ip);                           /* its links keep it */
    return 0;
}

void cgroup_fs_remove(struct cgroup *cg)
{
    for (int f = 0; f < CGF_NFILES; f++)
        if (cg->files[f])
            remove_file(cg, f);
    struct inode *ip = cg->dir;
    inode_get(ip);
    if (cg->parent && cg->dead) {
        cg->parent->dir->i_nlink--;
        inode_touch(cg->parent->dir, true);
    }
    ip->i_nlink = 0;
    inode_put(ip);                           /* gone unless open or walked */
}

/* ".", "..", a file of the group, or a child group. */
static int cg_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    struct cgroup *cg = CG_OF(dir);
    if (len == 1 && name[0] == '.') {
        *res = dir;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        *res = cg->parent && !cg->dead ? cg->parent->dir : dir;
    } else {
        *res = NULL;
        if (cg->dead)
            return -ENOENT;
        for (int f = 0; f < CGF_NFILES && !*res; f++)
            if (cg->files[f] && (int)strlen(file_names[f]) == len && !memcmp(file_names[f], name, len))
                *res = cg->files[f];
        for (struct cgroup *c = cg->children; c && !*res; c = c->sibling)
            if ((int)strlen(c->name) == len && !memcmp(c->name, name, len))
                *res = c->dir;
        if (!*res)
            return -ENOENT;
    }
    inode_get(*res);
    return 0;
}

/* mkdir (Linux's cgroup_mkdir): no newline in the name (-EINVAL), not in
 * a removed group (-ENOENT), within cgroup.max.* (-EAGAIN). */
static int cg_mkdir(struct inode *dir, const char *name, uint32_t mode)
{
    struct cgroup *parent = CG_OF(dir);
    int err;
    if (strchr(name, '\n'))
        return -EINVAL;
    if (parent->dead)
        return -ENOENT;
    mkdir_mode = mode & 07777;
    struct cgroup *cg = cgroup_create(parent, name, &err);
    mkdir_mode = 0755;
    if (!cg)
        return err;
    inode_touch(dir, true);
    return 0;
}

static int cg_rmdir(struct inode *dir, const char *name)
{
    struct inode *ip;
    int r = cg_lookup(dir, name, (int)strlen(name), &ip);
    if (r)
        return r;
    struct cgroup *cg = CG_OF(ip);
    r = S_ISDIR(ip->i_mode) && cg != CG_OF(dir) ? cgroup_destroy(cg) : -ENOTDIR;
    inode_put(ip);
    return r;
}

static int cg_rename(struct inode *odir UNUSED, const char *oname UNUSED, struct inode *ndir UNUSED,
                     const char *nname UNUSED, uint32_t flags UNUSED)
{
    return -EPERM;                           /* kernfs without a rename of the filesystem's */
}

/* The child with the smallest id >= id, or NULL. */
static struct cgroup *child_from(struct cgroup *cg, uint32_t id)
{
    struct cgroup *best = NULL;
    for (struct cgroup *c = cg->children; c; c = c->sibling)
        if (c->id >= id && (!best || c->id < best->id))
            best = c;
    return best;
}

/* Offsets: 0 ".", 1 "..", 2 + f the files, FIRST_CHILD + id the children. */
#define FIRST_CHILD (2 + CGF_NFILES)
static int cg_readdir(struct file *f, void *ctx, filldir_t fill)
{
    struct inode *dir = f->f_inode;
    struct cgroup *cg = CG_OF(dir);
    for (;;) {
        loff_t pos = f->f_pos;
        bool ok;
        if (pos == 0) {
            ok = fill(ctx, ".", 1, 1, dir->i_ino, S_IFDIR >> 12);
        } else if (pos == 1) {
            struct inode *up = cg->parent && !cg->dead ? cg->parent->dir : dir;
            ok = fill(ctx, "..", 2, 2, up->i_ino, S_IFDIR >> 12);
        } else if (pos < FIRST_CHILD) {
            int i = (int)pos - 2;
            while (i < CGF_NFILES && !cg->files[i])
                i++;
            if (i == CGF_NFILES) {
                f->f_pos = FIRST_CHILD;
                continue;
            }
            pos = 2 + i;
            ok = fill(ctx, file_names[i], (int)strlen(file_names[i]), pos + 1, cg->files[i]->i_ino,
                      S_IFREG >> 12);
        } else {
            struct cgroup *c = cg->dead ? NULL : child_from(cg, (uint32_t)(pos - FIRST_CHILD));
            if (!c)
                return 0;
            pos = FIRST_CHILD + c->id;
            ok = fill(ctx, c->name, (int)strlen(c->name), pos + 1, c->dir->i_ino, S_IFDIR >> 12);
        }
        if (!ok)
            return 0;
        f->f_pos = pos + 1;
    }
}

static const struct inode_operations cg_dir_iops = {
    .lookup = cg_lookup, .mkdir = cg_mkdir, .rmdir = cg_rmdir, .rename = cg_rename, .evict = cg_evict,
};
static const struct inode_operations cg_file_iops = { .evict = cg_evict };
static const struct file_operations cg_dir_fops = { .readdir = cg_readdir };

struct cgroup *cgroup_get_from_fd(int fd, int *err)
{
    struct file *f = fget_raw(fd);
    if (!f) {
        *err = -EBADF;
        return NULL;
    }
    struct inode *ip = f->f_inode;
    if (!ip || ip->i_op != &cg_dir_iops) {
        *err = -EBADF;
        return NULL;
    }
    struct cgroup *cg = CG_OF(ip);
    if (cg->dead) {
        *err = -ENOENT;
        return NULL;
    }
    cgroup_get(cg);
    return cg;
}

/* ---- the filesystem type ---- */

/* Options (Linux's cgroup2_parse_param): nsdelegate, favordynmods,
 * memory_localevents, memory_recursiveprot; a mount in the initial
 * namespace sets them for the hierarchy (apply_cgroup_root_flags).
 * -EINVAL for any other. Only nsdelegate changes what Pipit does. */
static bool opt_dynmods, opt_localevents, opt_recursiveprot;

static int parse_options(const char *data, bool *nsdel, bool *dyn, bool *local, bool *recur)
{
    char buf[128];
    strlcpy(buf, data, sizeof buf);
    *nsdel = *dyn = *local = *recur = false;
    for (char *p = buf, *opt; p && *p; p = opt) {
        opt = strchr(p, ',');
        if (opt)
            *opt++ = 0;
        if (!*p)
            continue;
        if (!strcmp(p, "nsdelegate"))
            *nsdel = true;
        else if (!strcmp(p, "favordynmods"))
            *dyn = true;
        else if (!strcmp(p, "memory_localevents"))
            *local = true;
        else if (!strcmp(p, "memory_recursiveprot"))
            *recur = true;
        else
            return -EINVAL;
    }
    return 0;
}

/* The superblock of current's cgroup namespace, made at its first mount. */
static struct super_block *ns_sb(struct cgroup_namespace *ns)
{
    if (ns == &init_cgroup_ns)
        return &root_sb;
    if (!ns->sb) {
        struct super_block *sb = kzalloc(sizeof *sb);
        if (!sb)
            return NULL;
        *sb = root_sb;
        sb->s_mounts = 0;
        sb->s_root = ns->root->dir;
        sb->s_fs_info = ns;                  /* NULL once the namespace is gone */
        inode_get(sb->s_root);
        ns->sb = sb;
    }
    return ns->sb;
}

/* The options of a mount or remount in the initial namespace hold for
 * the hierarchy; in another namespace they change nothing. */
static void apply_options(bool nsdel, bool dyn, bool local, bool recur)
{
    if (current->cgroup_ns)
        return;
    cgrp_nsdelegate = nsdel;
    opt_dynmods = dyn;
    opt_localevents = local;
    opt_recursiveprot = recur;
}

static int cg_get_sb(const char *data, bool rdonly UNUSED, struct super_block **sb)
{
    bool nsdel, dyn, local, recur;
    if (strlen(data) >= 128 || parse_options(data, &nsdel, &dyn, &local, &recur))
        return -EINVAL;
    struct cgroup_namespace *ns = task_cgroup_ns(current);
    if (ns->root->dead)
        return -ENOENT;
    if (!(*sb = ns_sb(ns)))
        return -ENOMEM;
    apply_options(nsdel, dyn, local, recur);
    return 0;
}

static void sb_free(struct super_block *sb)
{
    inode_put(sb->s_root);
    kfree(sb);
}

void cgroup_ns_sb_put(struct cgroup_namespace *ns)
{
    struct super_block *sb = ns->sb;
    ns->sb = NULL;
    if (sb && sb->s_mounts)
        sb->s_fs_info = NULL;                /* the last mount's kill_sb frees it */
    else if (sb)
        sb_free(sb);
}

/* The last mount of a superblock went: a namespace's that outlived its
 * namespace is freed; the others wait for their next mount. */
static void cg_kill_sb(struct super_block *sb)
{
    if (sb != &root_sb && !sb->s_fs_info)
        sb_free(sb);
}

static int cg_show_options(struct super_block *sb UNUSED, char *buf, int size)
{
    return snprintf(buf, size, "%s%s%s%s", cgrp_nsdelegate ? ",nsdelegate" : "",
                    opt_dynmods ? ",favordynmods" : "", opt_localevents ? ",memory_localevents" : "",
                    opt_recursiveprot ? ",memory_recursiveprot" : "");
}

static int cg_remount(struct super_block *sb UNUSED, const char *data)
{
    bool nsdel, dyn, local, recur;
    if (strlen(data) >= 128 || parse_options(data, &nsdel, &dyn, &local, &recur))
        return -EINVAL;
    apply_options(nsdel, dyn, local, recur);
    return 0;
}

/* Linux's cgroup_show_path: the mount's group from the reader's
 * namespace root ("/.." above it). */
static int cg_show_path(struct inode *ip, char *buf, int size)
{
    if (ip->i_op != &cg_dir_iops)
        return -1;
    cgroup_path_ns(CG_OF(ip), task_cgroup_ns(current), buf, size);
    return 0;
}

const struct file_system_type cgroup2_fs_type = {
    .name = "cgroup2", .get_sb = cg_get_sb, .remount = cg_remount, .show_options = cg_show_options,
    .show_path = cg_show_path, .kill_sb = cg_kill_sb,
};

/* At boot, after the root and /sys: the root group's directory, mounted
 * on /sys/fs/cgroup as systemd does (without its options). */
void cgroup_init(void)
{
    int dev = anon_dev_get();
    if (dev < 0)
        panic("cgroup: no device number");
    root_sb.s_dev = (uint32_t)dev;
    wait_queue_init(&cgrp_root.events_wq);
    mkdir_mode = 0555;                       /* kernfs's root: S_IRUGO | S_IXUGO */
    if (cgroup_fs_add(&cgrp_root) < 0)
        panic("cgroup: no memory for the root group");
    mkdir_mode = 0755;
    cgrp_root.dir->i_uid = cgrp_root.dir->i_gid = 0;
    root_sb.s_root = cgrp_root.dir;
    inode_get(root_sb.s_root);
    struct inode *dir;
    do_mkdirat(AT_FDCWD, "/sys", 0555);
    do_mkdirat(AT_FDCWD, "/sys/fs", 0555);
    do_mkdirat(AT_FDCWD, "/sys/fs/cgroup", 0755);
    if (namei_at(AT_FDCWD, "/sys/fs/cgroup", 0, &dir) < 0 ||
        !mount_boot(&root_sb, root_mount, dir, "cgroup2"))
        printk("cgroup: cannot mount /sys/fs/cgroup\n");
    else
        inode_put(dir);
}
