/* Landlock's file-system checks: is an access to a path allowed by
 * every layer of current's domain? A layer allows it when a rule on the
 * file or on one of its ancestors grants it: the walk goes up through
 * ".." and across mounts (a mount's root to the directory it covers, as
 * Linux's follow_up) to the root of the mount tree. Reparenting (link,
 * rename) needs LANDLOCK_ACCESS_FS_REFER and must not give a file more
 * rights than it had (-EXDEV). The VFS calls the landlock_* hooks at
 * the places Linux calls its LSM hooks. Nothing here sleeps. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/nsfs.h"
#include "kernel/mm/secretmem.h"
#include "security/landlock/landlock.h"

typedef layer_mask_t layer_masks_t[LANDLOCK_NUM_ACCESS_FS];

/* Denied until a rule grants it, even by a ruleset that does not
 * handle it (an ABI 1 sandbox may not reparent files). */
#define ACCESS_INITIALLY_DENIED LANDLOCK_ACCESS_FS_REFER

static const struct landlock_ruleset *current_domain(void)
{
    return current ? current->landlock_domain : NULL;
}

/* For each right of `request`, the layers that handle it (and must
 * grant it) into masks; returns the rights some layer handles. */
static access_mask_t init_layer_masks(const struct landlock_ruleset *dom, access_mask_t request,
                                      layer_masks_t masks)
{
    access_mask_t handled = 0;
    memset(masks, 0, sizeof(layer_masks_t));
    for (int l = 0; l < dom->num_layers; l++)
        for (int b = 0; b < LANDLOCK_NUM_ACCESS_FS; b++)
            if ((request & (1u << b)) &&
                ((dom->fs_access_masks[l] | ACCESS_INITIALLY_DENIED) & (1u << b))) {
                masks[b] |= (layer_mask_t)(1u << l);
                handled |= (access_mask_t)(1u << b);
            }
    return handled;
}

/* What the layers of rule grant (of `request`) is taken off masks;
 * true when nothing of request is left to grant. */
static bool unmask_layers(const struct landlock_rule *rule, access_mask_t request, layer_mask_t *masks)
{
    if (!request || !masks)
        return true;
    if (!rule)
        return false;
    for (int i = 0; i < rule->num_layers; i++) {
        const struct landlock_layer *layer = &rule->layers[i];
        layer_mask_t bit = (layer_mask_t)(1u << (layer->level - 1));
        bool empty = true;
        for (int b = 0; b < LANDLOCK_NUM_ACCESS_FS; b++) {
            if (!(request & (1u << b)))
                continue;
            if (layer->access & (1u << b))
                masks[b] &= (layer_mask_t)~bit;
            empty = empty && !masks[b];
        }
        if (empty)
            return true;
    }
    return false;
}

static access_mask_t handled_accesses(const struct landlock_ruleset *dom)
{
    access_mask_t a = ACCESS_INITIALLY_DENIED;
    for (int l = 0; l < dom->num_layers; l++)
        a |= dom->fs_access_masks[l];
    return a & LANDLOCK_MASK_ACCESS_FS;
}

/* The right to make a file of this type (S_IF*; 0 is a regular file). */
static access_mask_t mode_access(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFLNK: return LANDLOCK_ACCESS_FS_MAKE_SYM;
    case 0:
    case S_IFREG: return LANDLOCK_ACCESS_FS_MAKE_REG;
    case S_IFDIR: return LANDLOCK_ACCESS_FS_MAKE_DIR;
    case S_IFCHR: return LANDLOCK_ACCESS_FS_MAKE_CHAR;
    case S_IFBLK: return LANDLOCK_ACCESS_FS_MAKE_BLOCK;
    case S_IFIFO: return LANDLOCK_ACCESS_FS_MAKE_FIFO;
    case S_IFSOCK: return LANDLOCK_ACCESS_FS_MAKE_SOCK;
    }
    return 0;
}

/* The right to remove ip (NULL: nothing is there to remove). */
static access_mask_t maybe_remove(const struct inode *ip)
{
    if (!ip)
        return 0;
    return S_ISDIR(ip->i_mode) ? LANDLOCK_ACCESS_FS_REMOVE_DIR : LANDLOCK_ACCESS_FS_REMOVE_FILE;
}

/* A place in the tree as the walk up sees it: ip (referenced) in mnt;
 * for a file, `dir` is the directory it was found in (referenced, or
 * NULL when none is known). */
struct ll_path {
    struct mount *mnt;
    struct inode *ip;
    struct inode *dir;
};

static void path_init(struct ll_path *p, struct mount *mnt, struct inode *ip, struct inode *dir)
{
    p->mnt = mnt ? mnt : mount_of_inode(ip);
    p->ip = ip;
    inode_get(ip);
    p->dir = dir;
    if (dir)
        inode_get(dir);
}

static void path_done(struct ll_path *p)
{
    inode_put(p->ip);
    if (p->dir)
        inode_put(p->dir);
}

static void path_set(struct ll_path *p, struct inode *ip)   /* takes ip's reference */
{
    inode_put(p->ip);
    p->ip = ip;
}

/* One step up: from a mount's root first to the directory it covers
 * (without looking at it: a rule there is on the hidden directory, as
 * Linux), then to the parent. false at the root of the tree, or where no
 * parent can be found (a file reached through no directory). */
static bool path_up(struct ll_path *p)
{
    if (!p->mnt)
        return false;
    while (p->ip == p->mnt->mnt_root) {
        struct mount *m = p->mnt;
        if (m->mnt_parent == m)
            return false;                    /* the real root, or a detached tree's */
        inode_get(m->mnt_mountpoint);
        path_set(p, m->mnt_mountpoint);
        p->mnt = m->mnt_parent;
        if (!S_ISDIR(p->ip->i_mode) && m->mnt_mp_dir) {   /* a file mount point */
            if (p->dir)
                inode_put(p->dir);
            p->dir = m->mnt_mp_dir;
            inode_get(p->dir);
        }
    }
    struct inode *up;
    if (!S_ISDIR(p->ip->i_mode)) {
        if (!(up = p->dir))
            return false;
        p->dir = NULL;                       /* its reference moves to p->ip */
    } else if (vfs_lookup(p->ip, "..", &up)) {
        return false;
    } else if (up == p->ip) {
        inode_put(up);                       /* a root that is no mount's: disconnected */
        return false;
    }
    path_set(p, up);
    return true;
}

/* The directory a file ip (not a directory) was reached from: the last
 * walk's, else one of its names' (a magic link, a file handle). Not
 * referenced; NULL when it has none. */
static struct inode *file_dir(struct inode *ip, struct inode **held)
{
    *held = NULL;
    if (S_ISDIR(ip->i_mode))
        return NULL;
    struct inode *dir = namei_parent_of(ip);
    char name[NAME_MAX_K + 1];
    if (!dir && ramfs_inode(ip) && ramfs_find_name(ip, held, name) == 0)
        dir = *held;
    return dir;
}

/* Does the path (mnt, ip) allow the accesses asked? Linux's
 * is_access_to_paths_allowed: with masks2, a double request for a
 * reparenting (child1 moves under parent 2, child2 the other way for an
 * exchange), which first compares what each side's hierarchy grants; else
 * a simple one (req2 0). */
static bool paths_allowed(const struct landlock_ruleset *dom, struct mount *mnt, struct inode *ip,
                          struct inode *dir, access_mask_t req1, layer_mask_t *masks1,
                          struct inode *child1, access_mask_t req2, layer_mask_t *masks2,
                          struct inode *child2);

/* Linux's no_more_access: would moving child1 from parent 1 under
 * parent 2 (and child2 back, for an exchange) give it rights its old
 * place did not? Only the file rights count for a file. */
static bool no_more_access(const layer_mask_t *p1, const layer_mask_t *c1, bool c1dir,
                           const layer_mask_t *p2, const layer_mask_t *c2, bool c2dir)
{
    for (int b = 0; b < LANDLOCK_NUM_ACCESS_FS; b++) {
        bool file_access = LANDLOCK_ACCESS_FILE & (1u << b);
        if ((c1dir || file_access) && (((p1[b] & c1[b]) | p2[b]) != p2[b]))
            return false;
        if (c2 && (c2dir || file_access) && (((p2[b] & c2[b]) | p1[b]) != p1[b]))
            return false;
    }
    return true;
}

/* Forgets what is not asked; true when all that is asked is granted. */
static bool scope_to_request(access_mask_t request, layer_mask_t *masks)
{
    bool all = true;
    for (int b = 0; b < LANDLOCK_NUM_ACCESS_FS; b++) {
        if (!(request & (1u << b)))
            masks[b] = 0;
        all = all && !masks[b];
    }
    return all;
}

/* What one side's rules grant a child of its own (a rule on the moved
 * file or directory itself), into masks; whether it is a directory. */
static bool child_masks(const struct landlock_ruleset *dom, struct inode *child, layer_masks_t masks)
{
    unmask_layers(landlock_find_rule(dom, child), init_layer_masks(dom, LANDLOCK_MASK_ACCESS_FS, masks),
                  masks);
    return S_ISDIR(child->i_mode);
}

static bool paths_allowed(const struct landlock_ruleset *dom, struct mount *mnt, struct inode *ip,
                          struct inode *dir, access_mask_t req1, layer_mask_t *masks1,
                          struct inode *child1, access_mask_t req2, layer_mask_t *masks2,
                          struct inode *child2)
{
    if (!req1 && !req2)
        return true;
    bool dom_check = masks2 != NULL;
    access_mask_t am1 = dom_check ? handled_accesses(dom) : req1;
    access_mask_t am2 = dom_check ? am1 : req2;
    layer_masks_t cm1, cm2;
    bool c1dir = true, c2dir = true;
    if (child1)
        c1dir = child_masks(dom, child1, cm1);
    if (child2)
        c2dir = child_masks(dom, child2, cm2);
    bool allowed1 = false, allowed2 = false;
    struct ll_path p;
    path_init(&p, mnt, ip, dir);
    for (;;) {
        if (dom_check && no_more_access(masks1, child1 ? cm1 : NULL, c1dir, masks2,
                                        child2 ? cm2 : NULL, c2dir)) {
            allowed1 = scope_to_request(req1, masks1);
            allowed2 = scope_to_request(req2, masks2);
            if (allowed1 && allowed2)
                break;
            dom_check = false;               /* on with the requests alone */
            am1 = req1;
            am2 = req2;
        }
        const struct landlock_rule *rule = landlock_find_rule(dom, p.ip);
        allowed1 = unmask_layers(rule, am1, masks1);
        allowed2 = unmask_layers(rule, am2, masks2);
        if (allowed1 && allowed2)
            break;
        if (!path_up(&p))
            break;                           /* the root: some layer did not grant it */
    }
    path_done(&p);
    return allowed1 && allowed2;
}

/* The simple check: every right of request on (mnt, ip). 0 or -EACCES. */
static int check_access(const struct landlock_ruleset *dom, struct mount *mnt, struct inode *ip,
                        struct inode *dir, access_mask_t request)
{
    layer_masks_t masks;
    request = init_layer_masks(dom, request, masks);
    return paths_allowed(dom, mnt, ip, dir, request, masks, NULL, 0, NULL, NULL) ? 0 : -EACCES;
}

/* Is ip of what no path leads to (Linux's SB_NOUSER filesystems: the
 * pipes', sockets', anonymous inodes', memfds', memfd_secret's and
 * namespace files'),
 * reopened through /proc/<pid>/fd? Linux checks nothing there. */
bool landlock_nameless(const struct inode *ip)
{
    if (!(ip->i_mode & S_IFMT) || memfd_name((struct inode *)ip) || ip->i_dev == NSFS_DEV ||
        inode_is_secretmem(ip))
        return true;
    return (S_ISFIFO(ip->i_mode) || S_ISSOCK(ip->i_mode)) && !ramfs_inode(ip) && !(ip->i_sb && ip->i_sb->s_type == &proc_fs_type);
}

/* check_access of a file (its directory found by file_dir) or directory. */
static int check_inode(struct inode *ip, struct mount *mnt, access_mask_t request)
{
    const struct landlock_ruleset *dom = current_domain();
    if (!dom || !request || landlock_nameless(ip))
        return 0;
    struct inode *held, *dir = file_dir(ip, &held);
    int r = check_access(dom, mnt, ip, dir, request);
    if (held)
        inode_put(held);
    return r;
}

/* What opening ip with these flags asks: reading a directory is
 * READ_DIR; else READ_FILE and WRITE_FILE as the access mode says
 * (Linux's get_file_access). */
static access_mask_t file_access(struct inode *ip, int flags)
{
    int acc = flags & O_ACCMODE;
    access_mask_t a = 0;
    if (acc == O_RDONLY || acc == O_RDWR)
        a = S_ISDIR(ip->i_mode) ? LANDLOCK_ACCESS_FS_READ_DIR : LANDLOCK_ACCESS_FS_READ_FILE;
    if ((acc == O_WRONLY || acc == O_RDWR) && !S_ISDIR(ip->i_mode))
        a |= LANDLOCK_ACCESS_FS_WRITE_FILE;
    return a;
}

/* A file being opened (not O_PATH). */
int landlock_file_open(struct inode *ip, struct mount *mnt, int flags)
{
    if (!current_domain() || (flags & O_PATH))
        return 0;
    return check_inode(ip, mnt, file_access(ip, flags));
}

/* The open of ip, a file of the kernel's own mount of a filesystem
 * whose root is root (mq_open: Linux's internal mqueue mount): the walk
 * up stops at that root, so only a rule on the file or on the root (the
 * root of /dev/mqueue) grants anything. */
int landlock_file_open_internal(struct inode *ip, struct inode *root, int flags)
{
    const struct landlock_ruleset *dom = current_domain();
    if (!dom)
        return 0;
    layer_masks_t masks;
    access_mask_t request = init_layer_masks(dom, file_access(ip, flags), masks);
    if (!request || unmask_layers(landlock_find_rule(dom, ip), request, masks) ||
        (ip != root && unmask_layers(landlock_find_rule(dom, root), request, masks)))
        return 0;
    return -EACCES;
}

/* execve's open of a program: read with FMODE_EXEC. */
int landlock_exec(struct inode *ip, struct mount *mnt)
{
    return check_inode(ip, mnt, LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE);
}

/* A new name of type mode in dir: mknod, mkdir, symlink, O_CREAT, a
 * socket's bind. */
int landlock_path_mknod(struct inode *dir, struct mount *mnt, uint32_t mode)
{
    const struct landlock_ruleset *dom = current_domain();
    return dom ? check_access(dom, mnt, dir, NULL, mode_access(mode)) : 0;
}

/* unlink or rmdir of name in dir, once the name is known to exist
 * (-ENOENT first, as Linux looks it up before its hook). */
int landlock_path_remove(struct inode *dir, struct mount *mnt, const char *name, bool isdir)
{
    const struct landlock_ruleset *dom = current_domain();
    if (!dom)
        return 0;
    struct inode *ip;
    int r = vfs_lookup(dir, name, &ip);
    if (r)
        return r;
    inode_put(ip);
    return check_access(dom, mnt, dir, NULL,
                        isdir ? LANDLOCK_ACCESS_FS_REMOVE_DIR : LANDLOCK_ACCESS_FS_REMOVE_FILE);
}

/* Is any right of request still missing in masks (REFER alone is not:
 * that is -EXDEV)? */
static bool is_eacces(const layer_mask_t *masks, access_mask_t request)
{
    for (int b = 0; b < LANDLOCK_NUM_ACCESS_FS; b++)
        if ((request & ~LANDLOCK_ACCESS_FS_REFER & (1u << b)) && masks[b])
            return true;
    return false;
}

/* What the layers grant (all rights handled) from dir up to the mount's
 * root, into masks; true when every layer grants all of them. */
static bool collect_domain_accesses(const struct landlock_ruleset *dom, struct mount *mnt,
                                    struct inode *dir, layer_masks_t masks)
{
    access_mask_t a = init_layer_masks(dom, LANDLOCK_MASK_ACCESS_FS, masks);
    bool all = false;
    inode_get(dir);
    for (;;) {
        if (unmask_layers(landlock_find_rule(dom, dir), a, masks)) {
            all = true;
            break;
        }
        struct inode *up;
        if (dir == mnt->mnt_root || vfs_lookup(dir, "..", &up))
            break;
        inode_put(dir);
        if (up == dir)
            break;
        dir = up;
    }
    inode_put(dir);
    return all;
}

/* Linux's current_check_refer_path: old (in odir) gets a name in ndir,
 * new being what is there (NULL: nothing); removable for a rename,
 * exchange for RENAME_EXCHANGE. Within one directory the rights to make
 * and remove the names suffice; across directories REFER is needed on
 * both sides, and the move must not give old (nor, exchanged, new) more
 * rights than its place did: -EXDEV, where a missing right of another
 * kind is -EACCES. */
static int check_refer(struct inode *odir, struct inode *old, struct inode *ndir, struct inode *new,
                       struct mount *mnt, bool removable, bool exchange)
{
    const struct landlock_ruleset *dom = current_domain();
    if (!dom)
        return 0;
    if (!mnt && !(mnt = mount_of_inode(ndir)))
        return -EACCES;                      /* on no mount: nothing can grant it */
    access_mask_t req1 = exchange && new ? mode_access(new->i_mode) : 0;
    access_mask_t req2 = mode_access(old->i_mode);
    if (removable) {
        req1 |= maybe_remove(old);
        req2 |= maybe_remove(new);
    }
    layer_masks_t m1, m2;
    if (odir == ndir) {                      /* no reparenting: no REFER */
        req1 = init_layer_masks(dom, req1 | req2, m1);
        return paths_allowed(dom, mnt, ndir, NULL, req1, m1, NULL, 0, NULL, NULL) ? 0 : -EACCES;
    }
    req1 |= LANDLOCK_ACCESS_FS_REFER;
    req2 |= LANDLOCK_ACCESS_FS_REFER;
    bool a1 = collect_domain_accesses(dom, mnt, odir, m1);
    bool a2 = collect_domain_accesses(dom, mnt, ndir, m2);
    if (a1 && a2)
        return 0;
    if (paths_allowed(dom, mnt, mnt->mnt_root, NULL, req1, m1, old, req2, m2, exchange ? new : NULL))
        return 0;
    if (is_eacces(m1, req1) || is_eacces(m2, req2))
        return -EACCES;
    return -EXDEV;
}

int landlock_path_link(struct inode *old, struct inode *odir, struct inode *ndir, struct mount *mnt)
{
    if (!current_domain())
        return 0;
    struct inode *held = NULL;
    if (!odir)
        odir = file_dir(old, &held);
    int r = odir ? check_refer(odir, old, ndir, NULL, mnt, false, false) : -EACCES;
    if (held)
        inode_put(held);
    return r;
}

int landlock_path_rename(struct inode *odir, struct inode *old, struct inode *ndir,
                         struct inode *new, struct mount *mnt, bool exchange)
{
    return check_refer(odir, old, ndir, new, mnt, true, exchange);
}

/* A sandboxed task may not change the mount tree (Linux's hook_sb_mount,
 * move_mount, sb_umount, sb_remount, sb_pivotroot). */
int landlock_sb_change(void)
{
    return current_domain() ? -EPERM : 0;
}
