/* Landlock's rulesets and domains: a sorted array of rules, one per
 * inode, each with the rights every layer grants there. A ruleset being
 * built has one layer (level 0); landlock_restrict_self merges it into a
 * copy of the task's domain as a new top layer. Nothing here sleeps. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"

/* A new ruleset handling `handled` (not 0: -ENOMSG), one reference. */
struct landlock_ruleset *landlock_create_ruleset(access_mask_t handled)
{
    if (!handled)
        return ERR_PTR(-ENOMSG);
    struct landlock_ruleset *rs = kzalloc(sizeof *rs);
    if (!rs)
        return ERR_PTR(-ENOMEM);
    rs->usage = 1;
    rs->num_layers = 1;
    rs->fs_access_masks[0] = handled;
    return rs;
}

void landlock_get_ruleset(struct landlock_ruleset *rs)
{
    if (rs)
        rs->usage++;
}

static void put_hierarchy(struct landlock_hierarchy *h)
{
    while (h && --h->usage == 0) {
        struct landlock_hierarchy *parent = h->parent;
        kfree(h);
        h = parent;
    }
}

/* Drops a reference; the last one lets go of every rule's inode. */
void landlock_put_ruleset(struct landlock_ruleset *rs)
{
    if (!rs || --rs->usage > 0)
        return;
    put_hierarchy(rs->hierarchy);
    for (int i = 0; i < rs->num_rules; i++) {
        inode_put(rs->rules[i]->ip);
        kfree(rs->rules[i]);
    }
    kfree(rs->rules);
    kfree(rs);
}

/* The index of ip's rule in rs, or where it would go (then *found false). */
static int rule_index(const struct landlock_ruleset *rs, const struct inode *ip, bool *found)
{
    int lo = 0, hi = rs->num_rules;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        uintptr_t k = (uintptr_t)rs->rules[mid]->ip;
        if (k == (uintptr_t)ip) {
            *found = true;
            return mid;
        }
        if (k < (uintptr_t)ip)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

const struct landlock_rule *landlock_find_rule(const struct landlock_ruleset *dom,
                                               const struct inode *ip)
{
    bool found;
    int i = rule_index(dom, ip, &found);
    return found ? dom->rules[i] : NULL;
}

static struct landlock_rule *rule_alloc(struct inode *ip, int num_layers)
{
    struct landlock_rule *r = kzalloc(sizeof *r + num_layers * sizeof r->layers[0]);
    if (r) {
        r->ip = ip;
        r->num_layers = num_layers;
        inode_get(ip);
    }
    return r;
}

/* Puts rule r at index i of rs (growing the array). 0 or -ENOMEM. */
static int rule_place(struct landlock_ruleset *rs, int i, struct landlock_rule *r)
{
    if (rs->num_rules == rs->max_rules) {
        int max = rs->max_rules ? 2 * rs->max_rules : 8;
        struct landlock_rule **a = kmalloc(max * sizeof *a);
        if (!a)
            return -ENOMEM;
        if (rs->num_rules)
            memcpy(a, rs->rules, rs->num_rules * sizeof *a);
        kfree(rs->rules);
        rs->rules = a;
        rs->max_rules = max;
    }
    memmove(&rs->rules[i + 1], &rs->rules[i], (rs->num_rules - i) * sizeof *rs->rules);
    rs->rules[i] = r;
    rs->num_rules++;
    return 0;
}

/* Adds layer l to ip's rule in rs: a new rule, or one more layer of the
 * existing one (the same level: the rights are joined, as a ruleset
 * merges two rules on one inode). 0 or -ENOMEM. */
static int insert_layer(struct landlock_ruleset *rs, struct inode *ip, struct landlock_layer l)
{
    bool found;
    int i = rule_index(rs, ip, &found);
    if (!found) {
        struct landlock_rule *r = rule_alloc(ip, 1);
        if (!r)
            return -ENOMEM;
        r->layers[0] = l;
        int err = rule_place(rs, i, r);
        if (err) {
            inode_put(ip);
            kfree(r);
        }
        return err;
    }
    struct landlock_rule *old = rs->rules[i];
    struct landlock_layer *top = &old->layers[old->num_layers - 1];
    if (top->level == l.level) {
        top->access |= l.access;
        return 0;
    }
    struct landlock_rule *r = kmalloc(sizeof *r + (old->num_layers + 1) * sizeof r->layers[0]);
    if (!r)
        return -ENOMEM;
    memcpy(r, old, sizeof *r + old->num_layers * sizeof r->layers[0]);
    r->layers[r->num_layers++] = l;
    rs->rules[i] = r;                        /* the inode's reference moves over */
    kfree(old);
    return 0;
}

/* add_rule's insertion into a ruleset being built (level 0). */
int landlock_insert_rule(struct landlock_ruleset *rs, struct inode *ip, access_mask_t access)
{
    return insert_layer(rs, ip, (struct landlock_layer){ 0, access });
}

/* A new domain: parent's layers and rules (parent may be NULL), then rs
 * as the layer above them. -E2BIG past LANDLOCK_MAX_NUM_LAYERS, -ENOMEM. */
struct landlock_ruleset *landlock_merge_ruleset(struct landlock_ruleset *parent,
                                                struct landlock_ruleset *rs)
{
    int n = parent ? parent->num_layers + 1 : 1;
    if (n > LANDLOCK_MAX_NUM_LAYERS)
        return ERR_PTR(-E2BIG);
    struct landlock_ruleset *dom = landlock_create_ruleset(rs->fs_access_masks[0]);
    if (IS_ERR_PTR(dom))
        return dom;
    dom->num_layers = n;
    if (!(dom->hierarchy = kzalloc(sizeof *dom->hierarchy))) {
        landlock_put_ruleset(dom);
        return ERR_PTR(-ENOMEM);
    }
    dom->hierarchy->usage = 1;
    if (parent && (dom->hierarchy->parent = parent->hierarchy))
        parent->hierarchy->usage++;
    if (parent)
        memcpy(dom->fs_access_masks, parent->fs_access_masks, (n - 1) * sizeof(access_mask_t));
    dom->fs_access_masks[n - 1] = rs->fs_access_masks[0];
    int err = 0;
    for (int i = 0; parent && !err && i < parent->num_rules; i++) {
        struct landlock_rule *p = parent->rules[i];
        struct landlock_rule *r = rule_alloc(p->ip, p->num_layers);
        if (!r) {
            err = -ENOMEM;
            break;
        }
        memcpy(r->layers, p->layers, p->num_layers * sizeof r->layers[0]);
        if ((err = rule_place(dom, dom->num_rules, r))) {   /* already in order */
            inode_put(r->ip);
            kfree(r);
        }
    }
    for (int i = 0; !err && i < rs->num_rules; i++)
        err = insert_layer(dom, rs->rules[i]->ip,
                           (struct landlock_layer){ n, rs->rules[i]->layers[0].access });
    if (err) {
        landlock_put_ruleset(dom);
        return ERR_PTR(err);
    }
    return dom;
}

int landlock_ptrace(struct task *tracer, struct task *tracee)
{
    struct landlock_ruleset *parent = tracer->landlock_domain, *child = tracee->landlock_domain;
    if (!parent)
        return 0;
    for (struct landlock_hierarchy *h = child ? child->hierarchy : NULL; h; h = h->parent)
        if (h == parent->hierarchy)
            return 0;
    return -EPERM;
}

void landlock_fork(struct task *parent, struct task *child)
{
    child->landlock_domain = parent->landlock_domain;
    landlock_get_ruleset(child->landlock_domain);
    child->nd_parent = NULL;
}

void landlock_free(struct task *t)
{
    landlock_put_ruleset(t->landlock_domain);
    t->landlock_domain = NULL;
    if (t->nd_parent)
        inode_put(t->nd_parent);
    t->nd_parent = NULL;
}
