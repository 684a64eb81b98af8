/* Keys themselves: allocation with a random serial, references and
 * destruction, the owner's quota (struct key_user, kernel.keys.* sysctls),
 * validity (revoked, expired, invalidated) and the permission check, as
 * Linux 6.1's security/keys/key.c and permission.c. Called by keyring.c,
 * process_keys.c and keyctl.c; nothing here touches user memory. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "security/keys/keys.h"

uint32_t key_quota_maxkeys = 200, key_quota_maxbytes = 20000;
uint32_t key_quota_root_maxkeys = 1000000, key_quota_root_maxbytes = 25000000;
uint32_t key_gc_delay = 300, key_persistent_expiry = 259200;

struct key *key_list;                        /* every live key (unordered) */
struct key_user *key_users;

#define KEY_HASH 256
/* Keys by serial: a chain of small nodes per bucket. */
struct key_hnode { struct key *key; struct key_hnode *next; };
static struct key_hnode *key_buckets[KEY_HASH];

static const char *const type_names[KT_NTYPES] = { "keyring", "user", "logon" };

const char *key_type_name(enum key_type_id t)
{
    return type_names[t];
}

int key_type_lookup(const char *name)
{
    for (int i = 0; i < KT_NTYPES; i++)
        if (strcmp(name, type_names[i]) == 0)
            return i;
    return -ENOKEY;
}

/* The accounting record of uid, made at need. NULL: no memory. */
struct key_user *key_user_lookup(uint32_t uid)
{
    for (struct key_user *u = key_users; u; u = u->next)
        if (u->uid == uid)
            return u;
    struct key_user *u = kzalloc(sizeof *u);
    if (!u)
        return NULL;
    u->uid = uid;
    u->next = key_users;
    key_users = u;
    return u;
}

/* A record with no key and no user keyrings goes (Linux's key_user_put). */
void key_user_release(struct key_user *u)
{
    if (!u || u->nkeys || u->uid_keyring || u->session_keyring)
        return;
    for (struct key_user **pp = &key_users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

static void quota_limits(uint32_t uid, uint32_t *maxkeys, uint32_t *maxbytes)
{
    *maxkeys = uid == 0 ? key_quota_root_maxkeys : key_quota_maxkeys;
    *maxbytes = uid == 0 ? key_quota_root_maxbytes : key_quota_maxbytes;
}

static bool serial_in_use(int32_t s)
{
    for (struct key_hnode *h = key_buckets[(uint32_t)s % KEY_HASH]; h; h = h->next)
        if (h->key->serial == s)
            return true;
    return false;
}

/* A new key: a random serial of at least 3 (as Linux), one reference,
 * charged to uid's quota as `quota` says. NULL with *err on -EDQUOT or
 * -ENOMEM. Not yet instantiated. */
struct key *key_alloc(enum key_type_id type, const char *desc, uint32_t uid, uint32_t gid,
                      uint32_t perm, int quota, long *err)
{
    size_t desclen = strlen(desc);
    struct key_user *user = key_user_lookup(uid);
    struct key *k = kzalloc(sizeof *k);
    struct key_hnode *h = kmalloc(sizeof *h);
    char *d = kmalloc(desclen + 1);
    *err = -ENOMEM;
    if (!user || !k || !h || !d)
        goto fail;
    uint32_t quotalen = (uint32_t)desclen + 1;
    if (quota != KEY_ALLOC_NOT_IN_QUOTA) {
        uint32_t maxkeys, maxbytes;
        quota_limits(uid, &maxkeys, &maxbytes);
        if (quota != KEY_ALLOC_QUOTA_OVERRUN &&
            (user->qnkeys + 1 > maxkeys || user->qnbytes + quotalen > maxbytes)) {
            *err = -EDQUOT;
            goto fail;
        }
        user->qnkeys++;
        user->qnbytes += quotalen;
        k->flags |= KEY_FLAG_IN_QUOTA;
    }
    memcpy(d, desc, desclen + 1);
    k->description = d;
    k->type = type;
    k->uid = uid;
    k->gid = gid;
    k->perm = perm;
    k->quotalen = quotalen;
    k->usage = 1;
    k->user = user;
    user->nkeys++;
    user->usage++;
    do {
        k->serial = (int32_t)(random_u32() >> 1);
    } while (k->serial < 3 || serial_in_use(k->serial));
    h->key = k;
    h->next = key_buckets[(uint32_t)k->serial % KEY_HASH];
    key_buckets[(uint32_t)k->serial % KEY_HASH] = h;
    k->next = key_list;
    key_list = k;
    return k;
fail:
    key_user_release(user);
    kfree(k);
    kfree(h);
    kfree(d);
    return NULL;
}

/* An empty keyring, instantiated (positive). */
struct key *keyring_alloc(const char *desc, uint32_t uid, uint32_t gid, uint32_t perm, int quota,
                          long *err)
{
    struct key *k = key_alloc(KT_KEYRING, desc, uid, gid, perm, quota, err);
    if (k) {
        k->flags |= KEY_FLAG_INSTANTIATED;
        k->user->nikeys++;
    }
    return k;
}

void key_get(struct key *k)
{
    if (k)
        k->usage++;
}

/* Takes k off the hash and the list, gives back its quota, lets go of
 * what it links and frees it. */
static void key_destroy(struct key *k)
{
    struct key_hnode **pp = &key_buckets[(uint32_t)k->serial % KEY_HASH];
    while (*pp && (*pp)->key != k)
        pp = &(*pp)->next;
    if (*pp) {
        struct key_hnode *h = *pp;
        *pp = h->next;
        kfree(h);
    }
    for (struct key **lp = &key_list; *lp; lp = &(*lp)->next)
        if (*lp == k) {
            *lp = k->next;
            break;
        }
    struct key_user *u = k->user;
    if (k->flags & KEY_FLAG_IN_QUOTA) {
        u->qnkeys--;
        u->qnbytes -= k->quotalen;
    }
    u->nkeys--;
    u->usage--;
    if ((k->flags & KEY_FLAG_INSTANTIATED))
        u->nikeys--;
    for (int i = 0; i < k->nr_links; i++)
        key_put(k->links[i]);                /* queued, not recursed (key_put) */
    kfree(k->links);
    kfree(k->payload);
    kfree(k->description);
    kfree(k);
    key_user_release(u);
}

/* Drops a reference; the last one destroys the key. Destruction may drop
 * the last reference of the keys a keyring linked: those are queued and
 * destroyed by the outermost call in a loop, so that a long chain of
 * keyrings costs no kernel stack. */
void key_put(struct key *k)
{
    static struct key *graveyard;
    static bool reaping;
    if (!k || --k->usage > 0)
        return;
    k->gc_next = graveyard;
    graveyard = k;
    if (reaping)
        return;
    reaping = true;
    while (graveyard) {
        struct key *g = graveyard;
        graveyard = g->gc_next;
        key_destroy(g);
    }
    reaping = false;
}

/* The key of a serial, referenced; NULL when there is none. */
struct key *key_lookup(int32_t serial)
{
    for (struct key_hnode *h = key_buckets[(uint32_t)serial % KEY_HASH]; h; h = h->next)
        if (h->key->serial == serial) {
            key_get(h->key);
            return h->key;
        }
    return NULL;
}

/* The payload's size becomes datalen: its owner is charged the
 * difference (-EDQUOT past the bytes allowed, nothing changed). */
int key_payload_reserve(struct key *k, uint32_t datalen)
{
    int32_t delta = (int32_t)datalen - (int32_t)k->datalen;
    if (delta != 0 && (k->flags & KEY_FLAG_IN_QUOTA)) {
        uint32_t maxkeys, maxbytes;
        quota_limits(k->user->uid, &maxkeys, &maxbytes);
        if (delta > 0 && k->user->qnbytes + (uint32_t)delta > maxbytes)
            return -EDQUOT;
        k->user->qnbytes += (uint32_t)delta;
        k->quotalen += (uint32_t)delta;
    }
    k->datalen = datalen;
    return 0;
}

int64_t key_now(void)
{
    return time_now().sec;
}

bool key_expired(const struct key *k, int64_t now)
{
    return k->expiry && now >= k->expiry;
}

/* Whether the key may still be used: Linux's key_validate. */
int key_validate(const struct key *k)
{
    if (k->flags & KEY_FLAG_INVALIDATED)
        return -ENOKEY;
    if (k->flags & (KEY_FLAG_REVOKED | KEY_FLAG_DEAD))
        return -EKEYREVOKED;
    if (key_expired(k, key_now()))
        return -EKEYEXPIRED;
    return 0;
}

/* Linux's key_task_permission: the user bits for the owner (fsuid), the
 * group bits for a member of the key's group, the other bits otherwise,
 * and the possessor bits on top for a possessed key. */
int key_task_permission(struct key_ref ref, uint32_t need)
{
    if (need & (KEY_NEED_UNLINK | KEY_DEFER_PERM_CHECK))
        return 0;
    const struct key *k = ref.key;
    uint32_t kperm;
    if (k->uid == current->fsuid)
        kperm = k->perm >> 16;
    else if (k->gid != NO_GID && (k->perm & KEY_GRP_ALL) && in_group(k->gid))
        kperm = k->perm >> 8;
    else
        kperm = k->perm;
    if (ref.possessed)
        kperm |= k->perm >> 24;
    return (kperm & need & 0x3f) == (need & 0x3f) ? 0 : -EACCES;
}

/* The payload of a user or logon key (a copy of data), or a new one in
 * place of the old (update). 0 or -EDQUOT, -ENOMEM. */
int key_instantiate_payload(struct key *k, const void *data, uint32_t len)
{
    uint8_t *p = kmalloc(len);
    if (!p)
        return -ENOMEM;
    int r = key_payload_reserve(k, len);
    if (r < 0) {
        kfree(p);
        return r;
    }
    memcpy(p, data, len);
    kfree(k->payload);
    k->payload = p;
    if (!(k->flags & KEY_FLAG_INSTANTIATED))
        k->user->nikeys++;
    k->flags = (k->flags | KEY_FLAG_INSTANTIATED) & ~KEY_FLAG_NEGATIVE;
    return 0;
}

/* Instantiates k negatively: lookups give `error` until it expires. */
void key_negate(struct key *k, int error, unsigned timeout)
{
    if (!(k->flags & KEY_FLAG_INSTANTIATED))
        k->user->nikeys++;
    k->flags |= KEY_FLAG_INSTANTIATED | KEY_FLAG_NEGATIVE;
    k->reject_error = error;
    k->expiry = timeout ? key_now() + timeout : 0;
}

/* Revocation: the payload goes (a keyring's links too). */
void key_revoke(struct key *k)
{
    if (k->flags & KEY_FLAG_REVOKED)
        return;
    k->flags |= KEY_FLAG_REVOKED;
    int64_t now = key_now();                 /* Linux keeps revoked_at where expiry was */
    if (!k->expiry || k->expiry > now)
        k->expiry = now;
    if (k->type == KT_KEYRING) {
        keyring_clear(k);
    } else {
        kfree(k->payload);
        k->payload = NULL;
        key_payload_reserve(k, 0);
    }
}

/* Invalidation: as Linux's garbage collector soon does, the key leaves
 * every keyring at once. */
void key_invalidate(struct key *k)
{
    if (k->flags & KEY_FLAG_INVALIDATED)
        return;
    k->flags |= KEY_FLAG_INVALIDATED;
    key_unlink_everywhere(k);
}
