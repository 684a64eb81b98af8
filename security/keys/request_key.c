/* request_key(2) (287), as Linux 6.1's request_key.c: a search of the
 * caller's keyrings, and when nothing is found and the caller gave callout
 * information, the construction that Linux hands to /sbin/request-key,
 * which Pipit never runs (docs/decisions.md, 71). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/mm.h"
#include "security/keys/keys.h"

#define KEY_NEGATIVE_TIMEOUT 60              /* seconds a failed request_key stays */

/* Where request_key puts a key it makes: the caller's keyring by its
 * KEYCTL_SET_REQKEY_KEYRING default, which it must be able to write. */
static int request_dest_keyring(struct key **dest)
{
    struct key *k = NULL;
    int r = 0;
    switch (current->jit_keyring) {
    case KEY_REQKEY_DEFL_DEFAULT:
    case KEY_REQKEY_DEFL_REQUESTOR_KEYRING:
    case KEY_REQKEY_DEFL_THREAD_KEYRING:
        if ((k = current->thread_keyring))
            break;
        /* fall through */
    case KEY_REQKEY_DEFL_PROCESS_KEYRING:
        if ((k = current->process_keyring))
            break;
        /* fall through */
    case KEY_REQKEY_DEFL_SESSION_KEYRING:
        if ((k = current->session_keyring))
            break;
        /* fall through */
    case KEY_REQKEY_DEFL_USER_SESSION_KEYRING:
        r = look_up_user_keyrings(NULL, &k);
        goto check;
    case KEY_REQKEY_DEFL_USER_KEYRING:
        r = look_up_user_keyrings(&k, NULL);
        goto check;
    default:
        return -EINVAL;
    }
    key_get(k);
check:
    if (r < 0)
        return r;
    r = key_task_permission((struct key_ref){ k, true }, KEY_NEED_WRITE);
    if (r < 0) {
        key_put(k);
        return r;
    }
    *dest = k;
    return 0;
}

/* No /sbin/request-key is ever run: as Linux when the helper is not
 * there, the key is made, linked and negated for 60 seconds (later
 * requests: ENOKEY), and this caller gets the helper's ENOENT. */
static long construct_key(enum key_type_id t, const char *desc, struct key *dest)
{
    if (t == KT_KEYRING)
        return -EPERM;
    struct key *ring = dest;
    int r;
    if (ring)
        key_get(ring);
    else if ((r = request_dest_keyring(&ring)) < 0)
        return r;
    long err;
    struct key *k = key_alloc(t, desc, current->fsuid, current->fsgid, key_default_perm(t),
                              KEY_ALLOC_IN_QUOTA, &err);
    if (!k) {
        key_put(ring);
        return err;
    }
    key_negate(k, -ENOKEY, KEY_NEGATIVE_TIMEOUT);
    r = key_link(ring, k);
    key_put(ring);
    key_put(k);
    return r < 0 ? r : -ENOENT;
}

long sys_request_key(const char *utype, const char *udesc, const char *ucallout, int32_t destid)
{
    char type[KEY_TYPE_MAX];
    long r = key_get_type_from_user(type, utype);
    if (r < 0)
        return r;
    char *desc = key_strndup_user(udesc, KEY_MAX_DESC_SIZE, &r), *callout = NULL;
    struct key_ref dest = { NULL, false };
    if (!desc)
        return r;
    if (ucallout && !(callout = key_strndup_user(ucallout, PAGE_SIZE, &r)))
        goto out;
    if (destid && (r = lookup_user_key(destid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &dest)) < 0)
        goto out;
    int t = key_type_lookup(type);
    if (t < 0) {
        r = t;
        goto out;
    }
    struct key_search s = { .type = t, .desc = desc,
                            .flags = KSEARCH_DO_STATE_CHECK | KSEARCH_SKIP_EXPIRED | KSEARCH_RECURSE };
    int err;
    struct key *k = search_process_keyrings(&s, &err);
    if (k) {                                 /* linked only where the caller may link it */
        r = dest.key ? key_task_permission((struct key_ref){ k, true }, KEY_NEED_LINK) : 0;
        if (r == 0 && dest.key)
            r = key_link(dest.key, k);
        if (r == 0)
            r = k->serial;
        key_put(k);
    } else if (err != -EAGAIN) {
        r = err;                             /* a negative key's, a revoked key's... */
    } else {
        r = callout ? construct_key(t, desc, dest.key) : -ENOKEY;
    }
out:
    key_put(dest.key);
    kfree(callout);
    kfree(desc);
    return r;
}
