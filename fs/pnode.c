/* Mount propagation (Linux's fs/pnode.c): peer groups and their slaves.
 * A mount made or moved under a shared mount is repeated under each mount
 * of its propagation tree (the mounts of its peer group, in any mount
 * namespace, the slaves of that group, their peers, and so on down), and
 * an unmount under one is repeated where its copies are. fs/mount_sys.c
 * and fs/mount_api.c call here after their checks; the tree's state is
 * the ints of struct mount (mnt_shared, mnt_slave_of). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include <linux/mount.h>

/* Peer group ids handed out smallest free first (Linux's ida): one pass
 * over the mounts makes a map of those in use (at most two a mount), and
 * each id handed out is marked in it, so a tree of k mounts costs one
 * pass, not k. Without memory for the map, each id is one pass. */
struct group_ids {
    uint32_t *used;
    int limit, next;
};

static void group_ids_begin(struct group_ids *g, int more)
{
    int n = 0;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        n++;
    g->limit = 2 * n + 2 + more;
    g->next = 1;
    g->used = kzalloc((g->limit + 31) / 32 * sizeof *g->used);
    for (struct mount *m = mnt_next(NULL); m && g->used; m = mnt_next(m)) {
        if (m->mnt_shared < g->limit)
            g->used[m->mnt_shared / 32] |= 1u << (m->mnt_shared % 32);
        if (m->mnt_slave_of < g->limit)
            g->used[m->mnt_slave_of / 32] |= 1u << (m->mnt_slave_of % 32);
    }
}

/* The next free id; the caller gives it to a mount before asking again. */
static int group_ids_next(struct group_ids *g)
{
    for (int id = g->next;; id++) {
        if (g->used && id < g->limit) {
            if (g->used[id / 32] & (1u << (id % 32)))
                continue;
            g->used[id / 32] |= 1u << (id % 32);
            g->next = id + 1;
            return id;
        }
        struct mount *m = mnt_next(NULL);    /* (no map, or past it) */
        while (m && m->mnt_shared != id && m->mnt_slave_of != id)
            m = mnt_next(m);
        if (!m)
            return id;
    }
}

static void group_ids_end(struct group_ids *g)
{
    kfree(g->used);
}

int group_id_alloc(void)
{
    struct group_ids g;
    group_ids_begin(&g, 1);
    int id = group_ids_next(&g);
    group_ids_end(&g);
    return id;
}

/* Does another attached mount share m's peer group? */
static bool peers_besides(struct mount *m)
{
    for (struct mount *p = mnt_next(NULL); p; p = mnt_next(p))
        if (p != m && p->mnt_attached && p->mnt_shared == m->mnt_shared)
            return true;
    return false;
}

/* One mount's new type (Linux's change_mnt_propagation): MS_SLAVE makes
 * a shared mount a slave of its peers (with none left, it keeps the
 * master it had) and keeps MS_UNBINDABLE; the others leave the master. */
void change_mnt_propagation(struct mount *m, unsigned long type)
{
    if (type == MS_SHARED) {
        m->mnt_unbindable = false;
        if (!m->mnt_shared)
            m->mnt_shared = group_id_alloc();
        return;
    }
    int group = m->mnt_shared;
    bool peers = group && peers_besides(m);
    mnt_leave_group(m);
    if (type == MS_SLAVE) {
        if (peers)
            m->mnt_slave_of = group;
        return;
    }
    m->mnt_slave_of = 0;                    /* MS_PRIVATE, MS_UNBINDABLE */
    m->mnt_unbindable = type == MS_UNBINDABLE;
}

/* A tree attached under a shared mount is shared: each of its mounts
 * not in a peer group gets a new one (attach_recursive_mnt's
 * invent_group_ids). */
void make_tree_shared(struct mount *top)
{
    mnt_mark_tree(top);
    struct mount *in = NULL;
    int k = 0;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (m->mnt_in && m->mnt_attached && !m->mnt_shared)
            m->mnt_prop_next = in, in = m, k++;
    struct group_ids g;
    group_ids_begin(&g, k);
    for (struct mount *m = in; m; m = m->mnt_prop_next) {
        m->mnt_unbindable = false;
        m->mnt_shared = group_ids_next(&g);
    }
    group_ids_end(&g);
}

/* A propagation tree: the peer groups reached from the first, breadth
 * first (a group's slaves after it), each with the index of its master
 * group, and the copy made in it (propagate_mnt's scratch). */
struct prop_tree {
    int n, cap;
    int *group;
    int *master;
    struct mount **rep;
};

static bool in_propagation(const struct mount *m)
{
    return m->mnt_attached && m->mnt_ns && !m->mnt_ns->anon;
}

static int prop_index(const struct prop_tree *t, int group)
{
    for (int i = 0; i < t->n; i++)
        if (t->group[i] == group)
            return i;
    return -1;
}

static int prop_add(struct prop_tree *t, int group, int master)
{
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 8;
        int *g = kmalloc(cap * sizeof *g), *ms = kmalloc(cap * sizeof *ms);
        struct mount **r = kzalloc(cap * sizeof *r);
        if (!g || !ms || !r) {
            kfree(g), kfree(ms), kfree(r);
            return -ENOMEM;
        }
        if (t->n) {
            memcpy(g, t->group, t->n * sizeof *g);
            memcpy(ms, t->master, t->n * sizeof *ms);
            memcpy(r, t->rep, t->n * sizeof *r);
        }
        kfree(t->group), kfree(t->master), kfree(t->rep);
        t->group = g, t->master = ms, t->rep = r, t->cap = cap;
    }
    t->group[t->n] = group;
    t->master[t->n] = master;
    t->rep[t->n] = NULL;
    t->n++;
    return 0;
}

static void prop_free(struct prop_tree *t)
{
    kfree(t->group), kfree(t->master), kfree(t->rep);
}

/* The propagation tree of peer group g (Linux's propagation_next order:
 * the peers, then each slave group with its own slaves after it). A pass
 * over the mounts for each group: root alone makes mounts, and a tree of
 * groups is as deep as the administrator made it. 0 or -ENOMEM. */
static int prop_tree_build(struct prop_tree *t, int g)
{
    *t = (struct prop_tree){ 0 };
    int r = prop_add(t, g, -1);
    for (int i = 0; !r && i < t->n; i++)
        for (struct mount *m = mnt_next(NULL); m && !r; m = mnt_next(m))
            if (in_propagation(m) && m->mnt_slave_of == t->group[i] && m->mnt_shared &&
                prop_index(t, m->mnt_shared) < 0)
                r = prop_add(t, m->mnt_shared, i);
    if (r)
        prop_free(t);
    return r;
}

/* The group of t whose copy is the master of copies made under slaves
 * of group i: the nearest one up that had a copy made. */
static struct mount *master_copy(const struct prop_tree *t, int i)
{
    while (!t->rep[i])
        i = t->master[i];
    return t->rep[i];
}

/* The mounts of t but dest, chained through mnt_prop_next in the order
 * Linux's propagate_mnt visits them (for each group, its mounts, then
 * its slaves that are in no group), each with its group's index in
 * mnt_prop_idx. With dir, only those on which a mount of dir would show
 * (dir, a directory or a file's directory, under their root), and none
 * of skip's tree (the new mounts). */
static struct mount *prop_targets(const struct prop_tree *t, struct mount *dest, struct inode *dir,
                                  struct mount *skip)
{
    if (skip)
        mnt_mark_tree(skip);
    struct mount *first = NULL, **tail = &first;
    for (int i = 0; i < t->n; i++)
        for (int single = 0; single < 2; single++)
            for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
                bool member = single ? !m->mnt_shared && m->mnt_slave_of == t->group[i]
                                     : m->mnt_shared == t->group[i];
                if (!member || m == dest || !in_propagation(m))
                    continue;
                if (dir && (m->mnt_in || m->mnt_sb != dest->mnt_sb || !vfs_is_subdir(dir, m->mnt_root)))
                    continue;
                m->mnt_prop_idx = i;
                *tail = m, tail = &m->mnt_prop_next;
            }
    *tail = NULL;
    return first;
}

/* The mounts a copy of from's tree takes, in list order: from and each
 * attached mount under it but the unbindable ones and what is under them
 * (copy_tree without CL_COPY_UNBINDABLE). Kept while copies of the same
 * tree are made: one pass over all mounts for each tree copied. */
struct tree_members {
    struct mount *root;
    struct mount **v;
    int n;
};

static bool unbindable_cut(struct mount *m, void *arg UNUSED)
{
    return m->mnt_unbindable;
}

static int members_of(struct mount *from, struct tree_members *tm)
{
    if (tm->root == from)
        return 0;
    kfree(tm->v);
    *tm = (struct tree_members){ 0 };
    mnt_mark_tree_cut(from, unbindable_cut, NULL);
    int n = 0;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        n += m->mnt_in && (m == from || m->mnt_attached);
    if (!(tm->v = kmalloc(n * sizeof *tm->v)))
        return -ENOMEM;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (m->mnt_in && (m == from || m->mnt_attached))
            tm->v[tm->n++] = m;
    tm->root = from;
    return 0;
}

/* A copy of the tree tm for the mount m of a propagation tree, in m's
 * namespace, not attached: peers of tm's mounts, or (slave) slaves of
 * their groups, in new groups of their own when m is shared. Made first,
 * then attached to each other (MS_MOVE may have put a mount before its
 * parent in the list). NULL: no memory, and no copy left. */
static struct mount *copy_for(struct tree_members *tm, struct mount *m, bool slave)
{
    struct group_ids g = { 0 };
    if (slave && m->mnt_shared)
        group_ids_begin(&g, tm->n);
    for (int i = 0; i < tm->n; i++) {
        struct mount *o = tm->v[i], *k = clone_mnt(o, o->mnt_root);
        if (!k) {
            while (i-- > 0)
                mnt_discard(tm->v[i]->mnt_copy);
            group_ids_end(&g);
            return NULL;
        }
        o->mnt_copy = k;
        k->mnt_ns = m->mnt_ns;
        if (slave) {
            k->mnt_slave_of = o->mnt_shared;
            k->mnt_shared = m->mnt_shared ? group_ids_next(&g) : 0;
        }
    }
    group_ids_end(&g);
    for (int i = 0; i < tm->n; i++) {
        struct mount *o = tm->v[i];
        if (o != tm->root) {
            mnt_attach(o->mnt_copy, o->mnt_parent->mnt_copy, o->mnt_mountpoint);
            mnt_set_mp_dir(o->mnt_copy, o->mnt_mp_dir);
        }
    }
    return tm->root->mnt_copy;
}

/* Attaches copy c on directory dir of m; a mount already there goes on
 * c's root instead (Linux's mount tucking: the propagated copy slides
 * under what m's own tree had mounted at dir). */
static void attach_tucked(struct mount *c, struct mount *m, struct inode *dir, struct inode *mp_dir)
{
    struct mount *q = lookup_mnt(m, dir);
    mnt_attach(c, m, dir);
    mnt_set_mp_dir(c, mp_dir);
    if (q) {
        struct mount *top = c;
        for (struct mount *on; (on = lookup_mnt(top, top->mnt_root));)
            top = on;
        mnt_move(q, top, top->mnt_root);
    }
}

/* Repeats the mount of tree `source`, attached (and made shared) on
 * directory dir of dest (mp_dir: a file mount point's directory, else
 * NULL), under every mount of dest's propagation tree that shows dir:
 * each peer gets a peer copy, each slave a slave copy (attach_recursive_mnt
 * and propagate_mnt). All copies are made before any is attached, so a
 * failure leaves none: 0, -ENOSPC when they would pass fs.mount-max, or
 * -ENOMEM. */
int propagate_mnt(struct mount *dest, struct inode *dir, struct inode *mp_dir, struct mount *source)
{
    if (!dest->mnt_shared)
        return 0;
    struct prop_tree t;
    int r = prop_tree_build(&t, dest->mnt_shared);
    if (r)
        return r;
    t.rep[0] = source;
    struct mount *targets = prop_targets(&t, dest, mp_dir ? mp_dir : dir, source), *copies = NULL, **tail = &copies;
    struct tree_members tm = { 0 };
    int n = 0;
    for (struct mount *m = targets; m; m = m->mnt_prop_next)
        n++;
    /* Would the copies pass fs.mount-max (count_mounts)? Counted against
     * dest's namespace, where Linux counts each copy in its own. */
    if (n && !(r = members_of(source, &tm)) &&
        mounts_count(dest->mnt_ns) + (long long)n * tm.n > sysctl_mount_max)
        r = -ENOSPC;
    for (struct mount *m = r ? NULL : targets; m; m = m->mnt_prop_next) {
        int i = m->mnt_prop_idx;
        bool first = m->mnt_shared && !t.rep[i], slave = first || !m->mnt_shared;
        struct mount *from = slave ? master_copy(&t, first ? t.master[i] : i) : t.rep[i], *c = NULL;
        if ((r = members_of(from, &tm)) || !(c = copy_for(&tm, m, slave))) {
            r = -ENOMEM;
            break;
        }
        if (first)
            t.rep[i] = c;
        c->mnt_prop_next = NULL;             /* (a copy is no target: the chains stay apart) */
        *tail = c, tail = &c->mnt_prop_next;
    }
    for (struct mount *c = copies, *m = targets, *next; c; c = next, m = m->mnt_prop_next) {
        next = c->mnt_prop_next;
        if (r)
            umount_tree(c);
        else
            attach_tucked(c, m, dir, mp_dir);
    }
    kfree(tm.v);
    prop_free(&t);
    return r;
}

/* The mounts attached on m other than `but`: are there any? */
static bool mounts_on(struct mount *m, struct mount *but)
{
    return m->mnt_children > (but && but->mnt_parent == m ? 1 : 0);
}

/* A mount on m's root that is the only mount on m (Linux's find_topper). */
static struct mount *find_topper(struct mount *m)
{
    struct mount *q = lookup_mnt(m, m->mnt_root);
    return q && !mounts_on(m, q) ? q : NULL;
}

/* non-lazy umount's last check (propagate_mount_busy): m's copies under
 * the other mounts of its parent's propagation tree, those with nothing
 * mounted on them but a topper, are not in use. 0, -EBUSY or -ENOMEM. */
int propagate_mount_busy(struct mount *m)
{
    struct mount *p = m->mnt_parent;
    if (p == m || !p->mnt_shared)
        return 0;
    struct prop_tree t;
    int r = prop_tree_build(&t, p->mnt_shared);
    if (r)
        return r;
    for (struct mount *x = prop_targets(&t, p, NULL, NULL); x && !r; x = x->mnt_prop_next) {
        struct mount *c = lookup_mnt(x, m->mnt_mountpoint);
        if (!c)
            continue;
        struct mount *topper = find_topper(c);
        if (!topper && mounts_on(c, NULL))
            continue;                        /* it stays: something is mounted on it */
        if (c->mnt_count > (topper ? 1 : 0))
            r = -EBUSY;
    }
    prop_free(&t);
    return r;
}

enum { UM_NONE, UM_TREE, UM_COPY, UM_KEPT };   /* mnt_umount's states */

/* Marks UM_COPY the copies of the UM_TREE mounts on the mounts of peer
 * group g (under the other mounts of g's propagation tree, where each
 * such mount's mount point is), those not already marked. */
static int mark_copies(int g)
{
    struct prop_tree t;
    int r = prop_tree_build(&t, g);
    if (r)
        return r;
    struct mount *targets = prop_targets(&t, NULL, NULL, NULL);
    for (struct mount *u = mnt_next(NULL); u; u = mnt_next(u)) {
        if (u->mnt_umount != UM_TREE || u->mnt_parent == u || u->mnt_parent->mnt_shared != g)
            continue;
        for (struct mount *x = targets; x; x = x->mnt_prop_next) {
            struct mount *c = lookup_mnt(x, u->mnt_mountpoint);
            if (c && c->mnt_umount == UM_NONE)
                c->mnt_umount = UM_COPY;
        }
    }
    prop_free(&t);
    return 0;
}

/* Marks the copies of the UM_TREE mounts, a peer group at a time: each
 * group's propagation tree is made once. */
static void mark_all_copies(void)
{
    int *done = NULL, ndone = 0;
    for (struct mount *u = mnt_next(NULL); u; u = mnt_next(u)) {
        int g = u->mnt_umount == UM_TREE && u->mnt_parent != u ? u->mnt_parent->mnt_shared : 0, k = 0;
        while (k < ndone && done[k] != g)
            k++;
        if (!g || k < ndone)
            continue;
        int *more = kmalloc((ndone + 1) * sizeof *more);
        if (!more || mark_copies(g)) {
            kfree(more);
            break;                           /* (no memory: the copies that stay stay) */
        }
        if (ndone)
            memcpy(more, done, ndone * sizeof *more);
        kfree(done);
        done = more;
        done[ndone++] = g;
    }
    kfree(done);
}

/* Unmounts top (lazy: and the mounts below it, as umount_tree) and the
 * copies propagation made of them (Linux's propagate_umount): a copy
 * goes when nothing is mounted on it but other copies that go and one
 * mount on its root, its topper, which takes the copy's place. Without
 * memory for a propagation tree, top alone goes. */
void umount_propagate(struct mount *top, bool lazy)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        m->mnt_umount = UM_NONE;
    if (lazy)
        mnt_mark_tree(top);
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (m == top || (lazy && m->mnt_in && m->mnt_attached))
            m->mnt_umount = UM_TREE;
    mark_all_copies();
    /* A copy with a mount on it that stays, stays, and so does every
     * copy it is mounted on. */
    for (struct mount *x = mnt_next(NULL); x; x = mnt_next(x)) {
        bool blocks = x->mnt_umount == UM_KEPT ||
                      (x->mnt_umount == UM_NONE && x->mnt_mountpoint != x->mnt_parent->mnt_root);
        for (struct mount *c = x, *p = x->mnt_parent; blocks && p != c && p->mnt_umount == UM_COPY;
             c = p, p = p->mnt_parent)
            p->mnt_umount = UM_KEPT;
    }
    for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c)) {
        struct mount *q = c->mnt_umount == UM_COPY ? lookup_mnt(c, c->mnt_root) : NULL;
        if (q && q->mnt_umount == UM_NONE) { /* the topper, down in the copy's place */
            mnt_move(q, c->mnt_parent, c->mnt_mountpoint);
            mnt_set_mp_dir(q, c->mnt_mp_dir);
        }
    }
    for (struct mount *c = mnt_next(NULL), *next; c; c = next) {
        next = c->mnt_next;                  /* (as umount_tree: c may be freed) */
        if (c->mnt_umount == UM_COPY && c->mnt_attached)
            mnt_detach(c);
    }
    if (lazy)
        umount_tree(top);
    else
        mnt_detach(top);
}
