/* Keyrings: a keyring's payload is its links, at most one key of a given
 * type and description; linking checks the target (a live keyring, not
 * restricted, no cycle, the owner's quota of 4 bytes a link), searching
 * walks nested keyrings six deep, as Linux 6.1's security/keys/keyring.c.
 * The links are an array in the order they were made. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "security/keys/keys.h"

/* The link of keyring to a key of this type and description: its index,
 * or -1. */
int keyring_find_index(struct key *keyring, enum key_type_id type, const char *desc)
{
    for (int i = 0; i < keyring->nr_links; i++)
        if (keyring->links[i]->type == type && strcmp(keyring->links[i]->description, desc) == 0)
            return i;
    return -1;
}

/* The walks through nested keyrings (a cycle check, a search) are
 * depth-first as Linux's, but a keyring reached again at a depth it was
 * already reached at in the same walk is not walked again: what it
 * leads to was seen then. Without this, keyrings that link each other
 * in a lattice (allowed: it has no cycle) would cost a walk exponential
 * in its depth, in a kernel that cannot be preempted. */
static uint32_t walk_gen;

static bool walk_seen(struct key *ring, int depth)
{
    if (ring->walk_gen != walk_gen) {
        ring->walk_gen = walk_gen;
        ring->walk_depths = 0;
    }
    if (ring->walk_depths & (1u << depth))
        return true;
    ring->walk_depths |= (uint8_t)(1u << depth);
    return false;
}

/* Whether target can be reached from ring (at `depth`) through links:
 * -EDEADLK; or the walk would go past KEYRING_SEARCH_MAX_DEPTH first:
 * -ELOOP (Linux's DETECT_TOO_DEEP); else 0. Depth-first, as Linux. */
static int keyring_reaches(struct key *ring, const struct key *target, int depth)
{
    if (walk_seen(ring, depth))
        return 0;
    for (int i = 0; i < ring->nr_links; i++)
        if (ring->links[i] == target)
            return -EDEADLK;
    for (int i = 0; i < ring->nr_links; i++) {
        struct key *k = ring->links[i];
        if (k->type != KT_KEYRING)
            continue;
        if (depth >= KEYRING_SEARCH_MAX_DEPTH)
            return -ELOOP;
        int r = keyring_reaches(k, target, depth + 1);
        if (r)
            return r;
    }
    return 0;
}

/* Whether linking keyring `key` into keyring would close a loop
 * (-EDEADLK) or nest too deep (-ELOOP): Linux's keyring_detect_cycle. */
static int keyring_detect_cycle(struct key *keyring, struct key *key)
{
    if (key == keyring)
        return -EDEADLK;
    walk_gen++;
    return keyring_reaches(key, keyring, 0);
}

/* The checks of a link of key (NULL: a key being made) into keyring, in
 * Linux's order: -ENOTDIR, -EKEYREVOKED (a revoked keyring), room for
 * one more link (-ENOMEM), its 4 bytes charged to the keyring's owner
 * unless it displaces a link (-EDQUOT), -EPERM (restricted), -EDEADLK
 * (a cycle), -ELOOP (nesting too deep). On success the charge stays (for
 * keyring_add_link, or keyring_unreserve). */
int keyring_check_link(struct key *keyring, struct key *key, bool replacing)
{
    if (keyring->type != KT_KEYRING)
        return -ENOTDIR;
    if (keyring->flags & KEY_FLAG_REVOKED)
        return -EKEYREVOKED;
    if (!replacing) {
        if (keyring->nr_links == keyring->max_links) {
            int n = keyring->max_links ? keyring->max_links * 2 : 4;
            struct key **a = kmalloc((size_t)n * sizeof *a);
            if (!a)
                return -ENOMEM;
            memcpy(a, keyring->links, (size_t)keyring->nr_links * sizeof *a);
            kfree(keyring->links);
            keyring->links = a;
            keyring->max_links = n;
        }
        int r = key_payload_reserve(keyring, keyring->datalen + KEYQUOTA_LINK_BYTES);
        if (r < 0)
            return r;
    }
    int r = 0;
    if (keyring->flags & KEY_FLAG_RESTRICTED)
        r = -EPERM;
    else if (key && key->type == KT_KEYRING)
        r = keyring_detect_cycle(keyring, key);
    if (r < 0 && !replacing)
        keyring_unreserve(keyring);
    return r;
}

void keyring_unreserve(struct key *keyring)
{
    key_payload_reserve(keyring, keyring->datalen - KEYQUOTA_LINK_BYTES);
}

/* Links key into keyring, displacing a key of the same type and
 * description; keyring_check_link said yes (and charged a new link).
 * Takes a reference. */
void keyring_add_link(struct key *keyring, struct key *key)
{
    key_get(key);
    int i = keyring_find_index(keyring, key->type, key->description);
    if (i >= 0) {
        struct key *old = keyring->links[i];
        keyring->links[i] = key;
        key_put(old);
        return;
    }
    keyring->links[keyring->nr_links++] = key;
}

int key_link(struct key *keyring, struct key *key)
{
    bool replacing = keyring->type == KT_KEYRING &&
                     keyring_find_index(keyring, key->type, key->description) >= 0;
    int r = keyring_check_link(keyring, key, replacing);
    if (r == 0)
        keyring_add_link(keyring, key);
    return r;
}

/* Removes link i of keyring (the caller holds its own reference to the
 * key when it still needs it). */
static void keyring_remove_link(struct key *keyring, int i)
{
    struct key *k = keyring->links[i];
    memmove(&keyring->links[i], &keyring->links[i + 1],
            (size_t)(keyring->nr_links - i - 1) * sizeof *keyring->links);
    keyring->nr_links--;
    key_payload_reserve(keyring, keyring->datalen - KEYQUOTA_LINK_BYTES);
    key_put(k);
}

int key_unlink(struct key *keyring, struct key *key)
{
    if (keyring->type != KT_KEYRING)
        return -ENOTDIR;
    for (int i = 0; i < keyring->nr_links; i++)
        if (keyring->links[i] == key) {
            keyring_remove_link(keyring, i);
            return 0;
        }
    return -ENOENT;
}

/* KEYCTL_MOVE: key leaves `from` for `to` (0, or -errno with nothing
 * moved: -ENOTDIR, -ENOENT, -EEXIST with KEYCTL_MOVE_EXCL, the link's). */
int key_move(struct key *key, struct key *from, struct key *to, uint32_t flags)
{
    if (from == to)
        return 0;
    if (from->type != KT_KEYRING || to->type != KT_KEYRING)
        return -ENOTDIR;
    int i;
    for (i = 0; i < from->nr_links && from->links[i] != key; i++)
        ;
    if (i == from->nr_links)
        return -ENOENT;
    bool replacing = keyring_find_index(to, key->type, key->description) >= 0;
    if (replacing && (flags & KEYCTL_MOVE_EXCL))
        return -EEXIST;
    int r = keyring_check_link(to, key, replacing);
    if (r < 0)
        return r;
    keyring_add_link(to, key);
    for (i = 0; i < from->nr_links && from->links[i] != key; i++)
        ;
    if (i < from->nr_links)
        keyring_remove_link(from, i);
    return 0;
}

int keyring_clear(struct key *keyring)
{
    if (keyring->type != KT_KEYRING)
        return -ENOTDIR;
    struct key **links = keyring->links;
    int n = keyring->nr_links;
    keyring->links = NULL;
    keyring->nr_links = keyring->max_links = 0;
    key_payload_reserve(keyring, 0);
    for (int i = 0; i < n; i++)
        key_put(links[i]);
    kfree(links);
    return 0;
}

/* A keyring's payload as KEYCTL_READ gives it: the serials it links.
 * The size; the serials are copied only when they all fit, into a
 * buffer of whole serials (-EINVAL). */
long keyring_read(struct key *keyring, char *ubuf, uint32_t buflen)
{
    uint32_t size = (uint32_t)keyring->nr_links * 4;
    if (ubuf && buflen % 4)
        return -EINVAL;
    if (!ubuf || buflen < size || !size)
        return size;
    int32_t *ids = kmalloc(size);
    if (!ids)
        return -ENOMEM;
    for (int i = 0; i < keyring->nr_links; i++)
        ids[i] = keyring->links[i]->serial;
    long r = copy_to_user(ubuf, ids, size) ? -EFAULT : (long)size;
    kfree(ids);
    return r;
}

static bool search_match(const struct key *k, const struct key_search *s)
{
    if (s->flags & KSEARCH_MARK)
        return true;
    if (s->target)
        return k == s->target;
    return k->type == s->type && strcmp(k->description, s->desc) == 0;
}

/* Linux's keyring_search_iterator on a matching key: 1 found, 0 skipped
 * (its refusal noted). */
static int search_accept(struct key *k, struct key_search *s, bool possessed)
{
    if (s->flags & KSEARCH_DO_STATE_CHECK) {
        if (k->flags & (KEY_FLAG_INVALIDATED | KEY_FLAG_REVOKED)) {
            s->skipped = -EKEYREVOKED;
            return 0;
        }
        if (key_expired(k, s->now)) {
            if (!(s->flags & KSEARCH_SKIP_EXPIRED))
                s->skipped = -EKEYEXPIRED;
            return 0;
        }
    }
    if (!(s->flags & KSEARCH_NO_CHECK_PERM) &&
        key_task_permission((struct key_ref){ k, possessed }, KEY_NEED_SEARCH) < 0) {
        s->skipped = -EACCES;
        return 0;
    }
    if ((s->flags & KSEARCH_DO_STATE_CHECK) && (k->flags & KEY_FLAG_NEGATIVE)) {
        s->skipped = k->reject_error;
        return 0;
    }
    return 1;
}

static struct key *search_nested(struct key *ring, struct key_search *s, bool possessed, int depth)
{
    if (walk_seen(ring, depth))
        return NULL;
    for (int i = 0; i < ring->nr_links; i++) {
        struct key *k = ring->links[i];
        if (search_match(k, s) && search_accept(k, s, possessed)) {
            if (!(s->flags & KSEARCH_MARK))
                return k;
            k->mark_gen = s->mark_gen;
        }
    }
    if (!(s->flags & KSEARCH_RECURSE) || depth >= KEYRING_SEARCH_MAX_DEPTH)
        return NULL;
    for (int i = 0; i < ring->nr_links; i++) {
        struct key *k = ring->links[i];
        if (k->type != KT_KEYRING)
            continue;
        if (!(s->flags & KSEARCH_NO_CHECK_PERM) &&
            key_task_permission((struct key_ref){ k, possessed }, KEY_NEED_SEARCH) < 0)
            continue;
        struct key *found = search_nested(k, s, possessed, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

struct key *keyring_search_one(struct key_ref keyring, struct key_search *s, int *err)
{
    struct key *ring = keyring.key;
    if (ring->type != KT_KEYRING) {
        *err = -ENOTDIR;
        return NULL;
    }
    if (!(s->flags & KSEARCH_NO_CHECK_PERM) && key_task_permission(keyring, KEY_NEED_SEARCH) < 0) {
        *err = -EACCES;
        return NULL;
    }
    s->now = key_now();
    s->skipped = -EAGAIN;
    walk_gen++;
    struct key *found = NULL;
    if (search_match(ring, s)) {             /* the keyring itself may be the one */
        bool ok = search_accept(ring, s, keyring.possessed);
        if (ok && (s->flags & KSEARCH_MARK))
            ring->mark_gen = s->mark_gen;
        else if (ok)
            found = ring;
        else if (!(s->flags & KSEARCH_MARK)) {
            *err = s->skipped;
            return NULL;
        }
    }
    if (!found)
        found = search_nested(ring, s, keyring.possessed, 0);
    if (!found) {
        *err = s->skipped;
        return NULL;
    }
    key_get(found);
    return found;
}

/* A named keyring current may search without possessing it, neither a
 * user's nor a revoked one (Linux's find_keyring_by_name): the oldest,
 * referenced (KEYCTL_JOIN_SESSION_KEYRING). */
struct key *find_keyring_by_name(const char *name)
{
    struct key *found = NULL;
    for (struct key *k = key_list; k; k = k->next)
        if (k->type == KT_KEYRING && !(k->flags & (KEY_FLAG_UID_KEYRING | KEY_FLAG_REVOKED)) &&
            strcmp(k->description, name) == 0 &&
            key_task_permission((struct key_ref){ k, false }, KEY_NEED_SEARCH) == 0)
            found = k;                       /* the list is newest first */
    key_get(found);
    return found;
}

/* Every keyring lets go of key (the caller holds a reference). */
void key_unlink_everywhere(struct key *key)
{
    for (struct key *r = key_list; r; r = r->next)
        if (r->type == KT_KEYRING)
            for (int i = 0; i < r->nr_links; i++)
                if (r->links[i] == key) {
                    keyring_remove_link(r, i);
                    break;
                }
}
