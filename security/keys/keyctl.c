/* The system calls of the key retention service: add_key (286) and
 * keyctl (288), as Linux 6.1's keyctl.c (request_key, 287:
 * request_key.c): each copies
 * its strings and payload in, looks its keys up by id (process_keys.c:
 * lookup_user_key, which checks the permission each operation needs) and
 * works on them (key.c, keyring.c). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "security/keys/keys.h"

#define USER_PAYLOAD_MAX 32767

/* A key type's name from user memory (Linux's key_get_type_from_user):
 * -EFAULT, -EINVAL (empty or too long), -EPERM (an internal '.' type). */
int key_get_type_from_user(char type[KEY_TYPE_MAX], const char *utype)
{
    int r = strncpy_from_user(type, utype, KEY_TYPE_MAX);
    if (r == -ENAMETOOLONG || r == 0)
        return -EINVAL;
    if (r < 0)
        return r;
    return type[0] == '.' ? -EPERM : 0;
}

/* A copy of a user string of at most max bytes with its terminator
 * (Linux's strndup_user): NULL with *err -EFAULT, -EINVAL or -ENOMEM. */
char *key_strndup_user(const char *u, size_t max, long *err)
{
    size_t len = strnlen_user(u, max);
    if (!len) {
        *err = -EFAULT;
        return NULL;
    }
    if (len > max) {
        *err = -EINVAL;
        return NULL;
    }
    char *s = kmalloc(len);
    if (!s) {
        *err = -ENOMEM;
        return NULL;
    }
    if (copy_from_user(s, u, len)) {
        kfree(s);
        *err = -EFAULT;
        return NULL;
    }
    s[len - 1] = 0;
    return s;
}

/* A payload of plen bytes from user memory (NULL for 0 bytes). */
static long get_payload(const void *u, uint32_t plen, uint8_t **out)
{
    *out = NULL;
    if (!plen)
        return 0;
    uint8_t *p = kmalloc(plen);
    if (!p)
        return -ENOMEM;
    if (copy_from_user(p, u, plen)) {
        kfree(p);
        return -EFAULT;
    }
    *out = p;
    return 0;
}

/* A type's check of a payload (Linux's preparse): user and logon take 1
 * to 32767 bytes, a keyring none. */
static int preparse(enum key_type_id type, const void *payload, uint32_t plen)
{
    if (type == KT_KEYRING)
        return plen ? -EINVAL : 0;
    return (plen == 0 || plen > USER_PAYLOAD_MAX || !payload) ? -EINVAL : 0;
}

/* A logon key's description is "service:name" (logon_vet_description). */
static int vet_description(enum key_type_id type, const char *desc)
{
    if (type != KT_LOGON)
        return 0;
    const char *p = strchr(desc, ':');
    return (!p || p == desc) ? -EINVAL : 0;
}

/* The permissions add_key and request_key give a new key. */
uint32_t key_default_perm(enum key_type_id type)
{
    uint32_t perm = KEY_POS_VIEW | KEY_POS_SEARCH | KEY_POS_LINK | KEY_POS_SETATTR | KEY_USR_VIEW;
    if (type != KT_LOGON)
        perm |= KEY_POS_READ;
    return perm | KEY_POS_WRITE;             /* a keyring, or a type that updates */
}

/* Linux's __key_update: a new payload for an existing key. */
static int key_update(struct key_ref ref, const void *payload, uint32_t plen)
{
    int r = key_task_permission(ref, KEY_NEED_WRITE);
    if (r < 0)
        return r;
    struct key *k = ref.key;
    if (k->type == KT_KEYRING)
        return -EOPNOTSUPP;
    if ((r = preparse(k->type, payload, plen)) < 0)
        return r;
    if ((r = key_instantiate_payload(k, payload, plen)) < 0)
        return r;
    k->expiry = 0;                           /* the new payload has no expiry */
    return 0;
}

/* Linux's key_create_or_update: the serial of the key made or updated. */
static long key_create_or_update(struct key_ref ring, const char *type, const char *desc,
                                 const void *payload, uint32_t plen)
{
    int t = key_type_lookup(type);
    if (t < 0)
        return -ENODEV;
    struct key *keyring = ring.key;
    if (!desc)
        return -EINVAL;
    if (keyring->type != KT_KEYRING)
        return -ENOTDIR;
    int r = preparse(t, payload, plen);
    if (r < 0 || (r = vet_description(t, desc)) < 0)
        return r;
    int idx = keyring_find_index(keyring, t, desc);
    r = keyring_check_link(keyring, NULL, idx >= 0);
    if (r < 0)
        return r;
    if (t != KT_KEYRING && idx >= 0) {
        struct key *old = keyring->links[idx];
        if (!(old->flags & (KEY_FLAG_INVALIDATED | KEY_FLAG_REVOKED))) {
            key_get(old);
            r = key_update((struct key_ref){ old, ring.possessed }, payload, plen);
            long serial = r < 0 ? r : old->serial;
            key_put(old);
            return serial;
        }
    }
    long err;
    struct key *k = key_alloc(t, desc, current->fsuid, current->fsgid, key_default_perm(t),
                              KEY_ALLOC_IN_QUOTA, &err);
    if (k && t == KT_KEYRING) {
        k->flags |= KEY_FLAG_INSTANTIATED;
        k->user->nikeys++;
    } else if (k && (err = key_instantiate_payload(k, payload, plen)) < 0) {
        key_put(k);
        k = NULL;
    }
    if (!k) {
        if (idx < 0)
            keyring_unreserve(keyring);
        return err;
    }
    keyring_add_link(keyring, k);
    long serial = k->serial;
    key_put(k);
    return serial;
}

long sys_add_key(const char *utype, const char *udesc, const void *upayload, uint32_t plen,
                 int32_t ringid)
{
    char type[KEY_TYPE_MAX];
    if (plen > 1024 * 1024 - 1)
        return -EINVAL;
    long r = key_get_type_from_user(type, utype);
    if (r < 0)
        return r;
    char *desc = NULL;
    uint8_t *payload = NULL;
    if (udesc) {
        if (!(desc = key_strndup_user(udesc, KEY_MAX_DESC_SIZE, &r)))
            return r;
        if (!desc[0]) {
            kfree(desc);
            desc = NULL;
        } else if (desc[0] == '.' && strncmp(type, "keyring", 7) == 0) {
            r = -EPERM;
            goto out;
        }
    }
    if ((r = get_payload(upayload, plen, &payload)) < 0)
        goto out;
    struct key_ref ring;
    if ((r = lookup_user_key(ringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &ring)) < 0)
        goto out;
    r = key_create_or_update(ring, type, desc, payload, plen);
    key_put(ring.key);
out:
    kfree(payload);
    kfree(desc);
    return r;
}

static long keyctl_get_keyring_id(int32_t id, int create)
{
    struct key_ref ref;
    int r = lookup_user_key(id, create ? KEY_LOOKUP_CREATE : 0, KEY_NEED_SEARCH, &ref);
    if (r < 0)
        return r;
    r = ref.key->serial;
    key_put(ref.key);
    return r;
}

static long keyctl_join(const char *uname)
{
    if (!uname)
        return join_session_keyring(NULL);
    long err;
    char *name = key_strndup_user(uname, KEY_MAX_DESC_SIZE, &err);
    if (!name)
        return err;
    err = name[0] == '.' ? -EPERM : !name[0] ? -EINVAL : join_session_keyring(name);
    kfree(name);
    return err;
}

static long keyctl_update(int32_t id, const void *upayload, uint32_t plen)
{
    if (plen > PAGE_SIZE)
        return -EINVAL;
    uint8_t *payload;
    long r = get_payload(upayload, plen, &payload);
    if (r < 0)
        return r;
    struct key_ref ref;
    if ((r = lookup_user_key(id, 0, KEY_NEED_WRITE, &ref)) == 0) {
        r = key_update(ref, payload, plen);
        key_put(ref.key);
    }
    kfree(payload);
    return r;
}

static long keyctl_revoke(int32_t id)
{
    struct key_ref ref;
    int r = lookup_user_key(id, 0, KEY_NEED_WRITE, &ref);
    if (r == -EACCES)
        r = lookup_user_key(id, 0, KEY_NEED_SETATTR, &ref);
    if (r < 0)
        return r;
    key_revoke(ref.key);
    key_put(ref.key);
    return 0;
}

/* KEYCTL_CHOWN: only CAP_SYS_ADMIN gives a key away, or to a group the
 * caller is not in; the new owner's quota takes it (-EDQUOT). */
static long keyctl_chown(int32_t id, uint32_t uid, uint32_t gid)
{
    if (uid == (uint32_t)-1 && gid == (uint32_t)-1)
        return 0;
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, &ref);
    if (r < 0)
        return r;
    struct key *k = ref.key;
    bool priv = (uid != (uint32_t)-1 && k->uid != uid) ||
                (gid != (uint32_t)-1 && gid != k->gid && !in_group(gid));
    r = -EACCES;
    if (priv && !capable(CAP_SYS_ADMIN))
        goto out;
    if (uid != (uint32_t)-1 && uid != k->uid) {
        r = -ENOMEM;
        struct key_user *nu = key_user_lookup(uid), *ou = k->user;
        if (!nu)
            goto out;
        if (k->flags & KEY_FLAG_IN_QUOTA) {
            uint32_t maxkeys = uid == 0 ? key_quota_root_maxkeys : key_quota_maxkeys;
            uint32_t maxbytes = uid == 0 ? key_quota_root_maxbytes : key_quota_maxbytes;
            r = -EDQUOT;
            if (nu->qnkeys + 1 > maxkeys || nu->qnbytes + k->quotalen > maxbytes) {
                key_user_release(nu);
                goto out;
            }
            nu->qnkeys++;
            nu->qnbytes += k->quotalen;
            ou->qnkeys--;
            ou->qnbytes -= k->quotalen;
        }
        nu->nkeys++;
        nu->usage++;
        ou->nkeys--;
        ou->usage--;
        if (k->flags & KEY_FLAG_INSTANTIATED) {
            nu->nikeys++;
            ou->nikeys--;
        }
        k->user = nu;
        k->uid = uid;
        key_user_release(ou);
    }
    if (gid != (uint32_t)-1)
        k->gid = gid;
    r = 0;
out:
    key_put(k);
    return r;
}

static long keyctl_setperm(int32_t id, uint32_t perm)
{
    if (perm & ~(KEY_POS_ALL | KEY_USR_ALL | KEY_GRP_ALL | KEY_OTH_ALL))
        return -EINVAL;
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, &ref);
    if (r < 0)
        return r;
    r = -EACCES;
    if (ref.key->uid == current->fsuid || capable(CAP_SYS_ADMIN)) {
        ref.key->perm = perm;
        r = 0;
    }
    key_put(ref.key);
    return r;
}

/* A user or group id as the calls show it: no group is 65534. */
static int munged(uint32_t id)
{
    return id == NO_GID ? 65534 : (int)id;
}

static long keyctl_describe(int32_t id, char *ubuf, uint32_t buflen)
{
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW, &ref);
    if (r < 0)
        return r;
    struct key *k = ref.key;
    char head[80];
    int hl = snprintf(head, sizeof head, "%s;%d;%d;%08x;", key_type_name(k->type), munged(k->uid),
                      munged(k->gid), k->perm);
    long dl = (long)strlen(k->description);
    long len = hl + dl + 1;
    if (ubuf && (long)buflen >= len &&
        (copy_to_user(ubuf, head, hl) || copy_to_user(ubuf + hl, k->description, dl + 1)))
        len = -EFAULT;
    key_put(k);
    return len;
}

static long keyctl_clear(int32_t id)
{
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &ref);
    if (r < 0)
        return r;
    r = keyring_clear(ref.key);
    key_put(ref.key);
    return r;
}

static long keyctl_link(int32_t id, int32_t ringid)
{
    struct key_ref ring, ref;
    int r = lookup_user_key(ringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &ring);
    if (r < 0)
        return r;
    if ((r = lookup_user_key(id, KEY_LOOKUP_CREATE, KEY_NEED_LINK, &ref)) == 0) {
        r = key_link(ring.key, ref.key);
        key_put(ref.key);
    }
    key_put(ring.key);
    return r;
}

static long keyctl_unlink(int32_t id, int32_t ringid)
{
    struct key_ref ring, ref;
    int r = lookup_user_key(ringid, 0, KEY_NEED_WRITE, &ring);
    if (r < 0)
        return r;
    r = lookup_user_key(id, KEY_LOOKUP_PARTIAL | KEY_LOOKUP_FOR_UNLINK, KEY_NEED_UNLINK, &ref);
    if (r == 0) {
        r = key_unlink(ring.key, ref.key);
        key_put(ref.key);
    }
    key_put(ring.key);
    return r;
}

static long keyctl_search(int32_t ringid, const char *utype, const char *udesc, int32_t destid)
{
    char type[KEY_TYPE_MAX];
    long r = key_get_type_from_user(type, utype);
    if (r < 0)
        return r;
    char *desc = key_strndup_user(udesc, KEY_MAX_DESC_SIZE, &r);
    if (!desc)
        return r;
    struct key_ref ring, dest = { NULL, false };
    if ((r = lookup_user_key(ringid, 0, KEY_NEED_SEARCH, &ring)) < 0)
        goto out;
    if (destid && (r = lookup_user_key(destid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &dest)) < 0)
        goto out_ring;
    int t = key_type_lookup(type);
    if (t < 0) {
        r = t;
        goto out_dest;
    }
    struct key_search s = { .type = t, .desc = desc, .flags = KSEARCH_DO_STATE_CHECK | KSEARCH_RECURSE };
    int err;
    struct key *k = keyring_search_one(ring, &s, &err);
    if (!k) {
        r = err == -EAGAIN ? -ENOKEY : err;
        goto out_dest;
    }
    r = k->serial;
    if (dest.key) {
        int e = key_task_permission((struct key_ref){ k, ring.possessed }, KEY_NEED_LINK);
        if (e == 0)
            e = key_link(dest.key, k);
        if (e < 0)
            r = e;
    }
    key_put(k);
out_dest:
    key_put(dest.key);
out_ring:
    key_put(ring.key);
out:
    kfree(desc);
    return r;
}

/* KEYCTL_READ: a possessor may read without the read bit (Linux). The
 * payload is copied only when the buffer holds all of it; the size is
 * returned. */
static long keyctl_read(int32_t id, char *ubuf, uint32_t buflen)
{
    struct key_ref ref;
    if (lookup_user_key(id, 0, KEY_DEFER_PERM_CHECK, &ref) < 0)
        return -ENOKEY;
    struct key *k = ref.key;
    long r;
    if (k->flags & KEY_FLAG_NEGATIVE) {
        r = k->reject_error;
        goto out;
    }
    r = key_task_permission(ref, KEY_NEED_READ);
    if (r < 0 && !ref.possessed)
        goto out;
    r = -EOPNOTSUPP;
    if (k->type == KT_LOGON)
        goto out;
    if ((r = key_validate(k)) < 0)
        goto out;
    if (k->type == KT_KEYRING) {
        r = keyring_read(k, ubuf, buflen);
    } else {
        r = k->datalen;
        if (ubuf && buflen >= k->datalen && copy_to_user(ubuf, k->payload, k->datalen))
            r = -EFAULT;
    }
out:
    key_put(k);
    return r;
}

static long keyctl_set_reqkey_keyring(int defl)
{
    int old = current->jit_keyring;
    int r = 0;
    switch (defl) {
    case KEY_REQKEY_DEFL_NO_CHANGE:
        return old;
    case KEY_REQKEY_DEFL_THREAD_KEYRING:
        r = install_thread_keyring();
        break;
    case KEY_REQKEY_DEFL_PROCESS_KEYRING:
        r = install_process_keyring();
        break;
    case KEY_REQKEY_DEFL_DEFAULT: case KEY_REQKEY_DEFL_SESSION_KEYRING:
    case KEY_REQKEY_DEFL_USER_KEYRING: case KEY_REQKEY_DEFL_USER_SESSION_KEYRING:
    case KEY_REQKEY_DEFL_REQUESTOR_KEYRING:
        break;
    default:
        return -EINVAL;
    }
    if (r < 0)
        return r;
    current->jit_keyring = (int8_t)defl;
    return old;
}

static long keyctl_set_timeout(int32_t id, uint32_t timeout)
{
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, &ref);
    if (r < 0)
        return r;
    ref.key->expiry = timeout ? key_now() + timeout : 0;
    key_put(ref.key);
    return 0;
}

/* No security module labels keys: an empty string. */
static long keyctl_get_security(int32_t id, char *ubuf, uint32_t buflen)
{
    struct key_ref ref;
    int r = lookup_user_key(id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW, &ref);
    if (r < 0)
        return r;
    key_put(ref.key);
    if (ubuf && buflen > 0 && copy_to_user(ubuf, "", 1))
        return -EFAULT;
    return 1;
}

static long keyctl_invalidate(int32_t id)
{
    struct key_ref ref;
    int r = lookup_user_key(id, 0, KEY_NEED_SEARCH, &ref);
    if (r < 0)
        return r;
    key_invalidate(ref.key);
    key_put(ref.key);
    return 0;
}

/* KEYCTL_RESTRICT_KEYRING: with no type, nothing more may be linked in.
 * No Pipit type offers a restriction of its own (-ENOENT). */
static long keyctl_restrict(int32_t id, const char *utype, const char *urestriction)
{
    struct key_ref ref;
    long r = lookup_user_key(id, 0, KEY_NEED_SETATTR, &ref);
    if (r < 0)
        return r;
    char type[KEY_TYPE_MAX];
    r = -EINVAL;
    if (utype) {
        if (!urestriction)
            goto out;
        if ((r = key_get_type_from_user(type, utype)) < 0)
            goto out;
        char *restriction = key_strndup_user(urestriction, PAGE_SIZE, &r);
        if (!restriction)
            goto out;
        kfree(restriction);
    } else if (urestriction) {
        goto out;
    }
    struct key *k = ref.key;
    if (k->type != KT_KEYRING) {
        r = -ENOTDIR;
    } else if (utype) {
        r = key_type_lookup(type) < 0 ? -ENOKEY : -ENOENT;
    } else if (k->flags & KEY_FLAG_RESTRICTED) {
        r = -EEXIST;
    } else {
        k->flags |= KEY_FLAG_RESTRICTED;
        r = 0;
    }
out:
    key_put(ref.key);
    return r;
}

static long keyctl_move(int32_t id, int32_t fromid, int32_t toid, uint32_t flags)
{
    if (flags & ~KEYCTL_MOVE_EXCL)
        return -EINVAL;
    struct key_ref key, from, to;
    int r = lookup_user_key(id, KEY_LOOKUP_CREATE, KEY_NEED_LINK, &key);
    if (r < 0)
        return r;
    if ((r = lookup_user_key(fromid, 0, KEY_NEED_WRITE, &from)) < 0)
        goto out;
    if ((r = lookup_user_key(toid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &to)) == 0) {
        r = key_move(key.key, from.key, to.key, flags);
        key_put(to.key);
    }
    key_put(from.key);
out:
    key_put(key.key);
    return r;
}

/* KEYCTL_CAPABILITIES: what this service does, two bytes (the rest of
 * the buffer is cleared). */
static long keyctl_capabilities(uint8_t *ubuf, uint32_t buflen)
{
    static const uint8_t caps[2] = {
        KEYCTL_CAPS0_CAPABILITIES | KEYCTL_CAPS0_INVALIDATE | KEYCTL_CAPS0_RESTRICT_KEYRING |
        KEYCTL_CAPS0_MOVE,
        KEYCTL_CAPS1_NS_KEYRING_NAME | KEYCTL_CAPS1_NS_KEY_TAG,
    };
    uint32_t n = MIN(buflen, (uint32_t)sizeof caps);
    if (n && copy_to_user(ubuf, caps, n))
        return -EFAULT;
    if (n < buflen && clear_user(ubuf + n, buflen - n))
        return -EFAULT;
    return sizeof caps;
}

/* request_key's authority is never held (no upcall runs): the calls that
 * need it are EPERM after their own argument checks. */
static long keyctl_reject(int32_t id, uint32_t timeout, uint32_t error)
{
    (void)id; (void)timeout;
    if (error <= 0 || error >= 4096 || error == 512 || error == 513 || error == 514 ||
        error == 516)                        /* ERESTARTSYS, NOINTR, NOHAND, _RESTARTBLOCK */
        return -EINVAL;
    return -EPERM;
}

long sys_keyctl(int op, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    switch (op) {
    case KEYCTL_GET_KEYRING_ID: return keyctl_get_keyring_id((int32_t)a2, (int)a3);
    case KEYCTL_JOIN_SESSION_KEYRING: return keyctl_join((const char *)a2);
    case KEYCTL_UPDATE: return keyctl_update((int32_t)a2, (const void *)a3, a4);
    case KEYCTL_REVOKE: return keyctl_revoke((int32_t)a2);
    case KEYCTL_CHOWN: return keyctl_chown((int32_t)a2, a3, a4);
    case KEYCTL_SETPERM: return keyctl_setperm((int32_t)a2, a3);
    case KEYCTL_DESCRIBE: return keyctl_describe((int32_t)a2, (char *)a3, a4);
    case KEYCTL_CLEAR: return keyctl_clear((int32_t)a2);
    case KEYCTL_LINK: return keyctl_link((int32_t)a2, (int32_t)a3);
    case KEYCTL_UNLINK: return keyctl_unlink((int32_t)a2, (int32_t)a3);
    case KEYCTL_SEARCH: return keyctl_search((int32_t)a2, (const char *)a3, (const char *)a4, (int32_t)a5);
    case KEYCTL_READ: return keyctl_read((int32_t)a2, (char *)a3, a4);
    case KEYCTL_INSTANTIATE:
        return a4 > 1024 * 1024 - 1 ? -EINVAL : -EPERM;
    case KEYCTL_INSTANTIATE_IOV:
        return -EPERM;
    case KEYCTL_NEGATE: return keyctl_reject((int32_t)a2, a3, ENOKEY);
    case KEYCTL_REJECT: return keyctl_reject((int32_t)a2, a3, a4);
    case KEYCTL_SET_REQKEY_KEYRING: return keyctl_set_reqkey_keyring((int)a2);
    case KEYCTL_SET_TIMEOUT: return keyctl_set_timeout((int32_t)a2, a3);
    case KEYCTL_ASSUME_AUTHORITY:
        return (int32_t)a2 < 0 ? -EINVAL : a2 == 0 ? 0 : -ENOKEY;
    case KEYCTL_GET_SECURITY: return keyctl_get_security((int32_t)a2, (char *)a3, a4);
    case KEYCTL_SESSION_TO_PARENT: return keyctl_session_to_parent();
    case KEYCTL_INVALIDATE: return keyctl_invalidate((int32_t)a2);
    case KEYCTL_RESTRICT_KEYRING:
        return keyctl_restrict((int32_t)a2, (const char *)a3, (const char *)a4);
    case KEYCTL_MOVE: return keyctl_move((int32_t)a2, (int32_t)a3, (int32_t)a4, a5);
    case KEYCTL_CAPABILITIES: return keyctl_capabilities((uint8_t *)a2, a3);
    default:
        return -EOPNOTSUPP;                  /* GET_PERSISTENT, DH, PKEY_*, WATCH_KEY: not built */
    }
}
