/* The keyrings a process holds: its thread keyring (not inherited), its
 * process keyring (shared by the threads of a clone with CLONE_THREAD),
 * its session keyring (inherited over fork, kept over exec, joined with
 * KEYCTL_JOIN_SESSION_KEYRING) and its real user's _uid.N and _uid_ses.N
 * (made on first use, kept for good). Possession: a key reached by a
 * search from these keyrings. The special ids of the calls
 * (KEY_SPEC_*) are resolved here, as Linux 6.1's process_keys.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "security/keys/keys.h"
#include <linux/sched.h>

#define SES_PERM (KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ)

/* current's user's two keyrings, made on first use (the session one
 * links the other); each referenced when asked for (NULL: not wanted). */
int look_up_user_keyrings(struct key **user, struct key **user_session)
{
    uint32_t uid = current->uid;
    struct key_user *u = key_user_lookup(uid);
    if (!u)
        return -ENOMEM;
    char name[24];
    long err;
    if (!u->uid_keyring || (u->uid_keyring->flags & KEY_FLAG_INVALIDATED)) {
        snprintf(name, sizeof name, "_uid.%u", uid);
        struct key *k = keyring_alloc(name, uid, NO_GID, (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_ALL,
                                      KEY_ALLOC_IN_QUOTA, &err);
        if (!k) {
            key_user_release(u);
            return (int)err;
        }
        k->flags |= KEY_FLAG_UID_KEYRING;
        key_put(u->uid_keyring);
        u->uid_keyring = k;
    }
    if (!u->session_keyring || (u->session_keyring->flags & KEY_FLAG_INVALIDATED)) {
        snprintf(name, sizeof name, "_uid_ses.%u", uid);
        struct key *k = keyring_alloc(name, uid, NO_GID, (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_ALL,
                                      KEY_ALLOC_IN_QUOTA, &err);
        if (!k)
            return (int)err;
        k->flags |= KEY_FLAG_UID_KEYRING;
        int r = key_link(k, u->uid_keyring);
        if (r < 0) {
            key_put(k);
            return r;
        }
        key_put(u->session_keyring);
        u->session_keyring = k;
    }
    if (user) {
        key_get(u->uid_keyring);
        *user = u->uid_keyring;
    }
    if (user_session) {
        key_get(u->session_keyring);
        *user_session = u->session_keyring;
    }
    return 0;
}

/* Makes a keyring for current's own use (thread or process): 0 or -errno. */
static int install_own_keyring(struct key **slot, const char *name)
{
    if (*slot)
        return 0;
    long err;
    struct key *k = keyring_alloc(name, current->uid, current->gid, KEY_POS_ALL | KEY_USR_VIEW,
                                  KEY_ALLOC_QUOTA_OVERRUN, &err);
    if (!k)
        return (int)err;
    *slot = k;
    return 0;
}

int install_thread_keyring(void)
{
    return install_own_keyring(&current->thread_keyring, "_tid");
}

int install_process_keyring(void)
{
    return install_own_keyring(&current->process_keyring, "_pid");
}

/* current's session keyring becomes k (a reference is taken). */
static void install_session_keyring(struct key *k)
{
    key_get(k);
    key_put(current->session_keyring);
    current->session_keyring = k;
}

/* KEYCTL_JOIN_SESSION_KEYRING: a new anonymous session keyring (name
 * NULL) or the named keyring current may search, made when there is
 * none. Its serial; 0 when current is in it already; -errno. */
int join_session_keyring(const char *name)
{
    long err;
    if (!name) {
        int quota = current->session_keyring ? KEY_ALLOC_IN_QUOTA : KEY_ALLOC_QUOTA_OVERRUN;
        struct key *k = keyring_alloc("_ses", current->uid, current->gid, SES_PERM, quota, &err);
        if (!k)
            return (int)err;
        install_session_keyring(k);
        key_put(k);
        return k->serial;
    }
    struct key *k = find_keyring_by_name(name);
    if (!k) {
        k = keyring_alloc(name, current->uid, current->gid, SES_PERM | KEY_USR_LINK,
                          KEY_ALLOC_IN_QUOTA, &err);
        if (!k)
            return (int)err;
    } else if (k == current->session_keyring) {
        key_put(k);
        return 0;
    }
    install_session_keyring(k);
    int serial = k->serial;
    key_put(k);
    return serial;
}

/* Searches one of current's keyrings: Linux's search_cred_keyrings_rcu
 * keeps "no key" and a negative key's error over any other refusal. */
static struct key *search_one(struct key *ring, struct key_search *s, int *ret, int *other)
{
    if (!ring)
        return NULL;
    int err;
    struct key *k = keyring_search_one((struct key_ref){ ring, true }, s, &err);
    if (k)
        return k;
    if (err == -EAGAIN || err == -ENOKEY)
        *ret = err;
    else
        *other = err;
    return NULL;
}

struct key *search_process_keyrings(struct key_search *s, int *err)
{
    int ret = 0, other = -EAGAIN;
    struct key *k = search_one(current->thread_keyring, s, &ret, &other);
    if (!k)
        k = search_one(current->process_keyring, s, &ret, &other);
    if (!k && current->session_keyring) {
        k = search_one(current->session_keyring, s, &ret, &other);
    } else if (!k) {
        struct key_user *u = key_user_lookup(current->uid);
        if (u && u->session_keyring)
            k = search_one(u->session_keyring, s, &ret, &other);
    }
    if (!k)
        *err = ret ? ret : other;
    return k;
}

/* Whether current possesses k: reachable from its keyrings. */
static bool key_possessed(struct key *k)
{
    struct key_search s = { .target = k, .flags = KSEARCH_RECURSE };
    int err;
    struct key *found = search_process_keyrings(&s, &err);
    key_put(found);
    return found != NULL;
}

/* The key of a special id, referenced and possessed: 0 or -errno. */
static int lookup_special(int32_t id, int lflags, struct key **res)
{
    int r = 0;
    struct key *k;
    switch (id) {
    case KEY_SPEC_THREAD_KEYRING:
    case KEY_SPEC_PROCESS_KEYRING: {
        bool thread = id == KEY_SPEC_THREAD_KEYRING;
        k = thread ? current->thread_keyring : current->process_keyring;
        if (!k) {
            if (!(lflags & KEY_LOOKUP_CREATE))
                return -ENOKEY;
            r = thread ? install_thread_keyring() : install_process_keyring();
            if (r < 0)
                return r;
            k = thread ? current->thread_keyring : current->process_keyring;
        }
        key_get(k);
        *res = k;
        return 0;
    }
    case KEY_SPEC_SESSION_KEYRING:
        if (!current->session_keyring) {
            struct key *us;
            r = look_up_user_keyrings(NULL, &us);
            if (r < 0)
                return r;
            if (lflags & KEY_LOOKUP_CREATE)
                r = join_session_keyring(NULL);
            else
                install_session_keyring(us);
            key_put(us);
        } else if ((current->session_keyring->flags & KEY_FLAG_UID_KEYRING) &&
                   (lflags & KEY_LOOKUP_CREATE)) {
            r = join_session_keyring(NULL);
        }
        if (r < 0)
            return r;
        key_get(current->session_keyring);
        *res = current->session_keyring;
        return 0;
    case KEY_SPEC_USER_KEYRING:
        return look_up_user_keyrings(res, NULL);
    case KEY_SPEC_USER_SESSION_KEYRING:
        return look_up_user_keyrings(NULL, res);
    case KEY_SPEC_GROUP_KEYRING:
        return -EINVAL;                      /* not supported, as Linux */
    case KEY_SPEC_REQKEY_AUTH_KEY:
    case KEY_SPEC_REQUESTOR_KEYRING:
        return -ENOKEY;                      /* no request_key upcall is ever running */
    default:
        return -EINVAL;
    }
}

int lookup_user_key(int32_t id, int lflags, uint32_t need, struct key_ref *ref)
{
    struct key *k = NULL;
    bool possessed = true;
    int r;
    if (id < 0) {
        r = lookup_special(id, lflags, &k);
        if (r < 0)
            return r;
    } else {
        if (id < 1)
            return -EINVAL;
        k = key_lookup(id);
        if (!k)
            return -ENOKEY;
        possessed = key_possessed(k);
    }
    if (need != KEY_NEED_UNLINK) {
        if (!(lflags & KEY_LOOKUP_PARTIAL)) {
            r = (k->flags & KEY_FLAG_NEGATIVE) ? k->reject_error : key_validate(k);
            if (r < 0 && need != KEY_DEFER_PERM_CHECK)
                goto fail;
        } else if (need != KEY_DEFER_PERM_CHECK) {
            r = key_validate(k);
            if (r < 0)
                goto fail;
        }
    }
    r = key_task_permission((struct key_ref){ k, possessed }, need);
    if (r == 0) {
        ref->key = k;
        ref->possessed = possessed;
        return 0;
    }
fail:
    key_put(k);
    return r;                                /* *ref untouched */
}

/* fork and clone: the session keyring is inherited; the process keyring
 * only by a thread of the same process; a new thread of a caller that
 * has a thread keyring gets one of its own, as Linux's copy_creds. */
void keys_fork(struct task *p, struct task *c, uint32_t clone_flags)
{
    c->session_keyring = p->session_keyring;
    key_get(c->session_keyring);
    c->process_keyring = NULL;
    if (clone_flags & CLONE_THREAD) {
        c->process_keyring = p->process_keyring;
        key_get(c->process_keyring);
    }
    c->thread_keyring = NULL;
    if (p->thread_keyring && (clone_flags & CLONE_THREAD)) {
        long err;
        c->thread_keyring = keyring_alloc("_tid", c->uid, c->gid, KEY_POS_ALL | KEY_USR_VIEW,
                                          KEY_ALLOC_QUOTA_OVERRUN, &err);
    }
    c->jit_keyring = p->jit_keyring;
}

/* execve: a new image has neither thread nor process keyring. */
void keys_exec(struct task *t)
{
    key_put(t->thread_keyring);
    key_put(t->process_keyring);
    t->thread_keyring = t->process_keyring = NULL;
}

void keys_exit(struct task *t)
{
    keys_exec(t);
    key_put(t->session_keyring);
    t->session_keyring = NULL;
}

/* KEYCTL_SESSION_TO_PARENT: the parent process takes current's session
 * keyring (a new one if current has none or the user's), if it is a
 * single-threaded process of the same ids. */
int keyctl_session_to_parent(void)
{
    struct key_ref ref;
    int r = lookup_user_key(KEY_SPEC_SESSION_KEYRING, KEY_LOOKUP_CREATE, KEY_NEED_LINK, &ref);
    if (r < 0)
        return r;
    struct task *me = current, *parent = current->group_leader->parent;
    r = -EPERM;
    if (!parent || parent->tgid <= 1 || !parent->mm || thread_count(parent) != 1)
        goto out;
    r = 0;
    if (parent->session_keyring == me->session_keyring)
        goto out;
    r = -EPERM;
    if (parent->uid != me->euid || parent->euid != me->euid || parent->suid != me->euid ||
        parent->gid != me->egid || parent->egid != me->egid || parent->sgid != me->egid)
        goto out;
    if ((parent->session_keyring && parent->session_keyring->uid != me->euid) ||
        me->session_keyring->uid != me->euid)
        goto out;
    key_get(me->session_keyring);
    key_put(parent->session_keyring);
    parent->session_keyring = me->session_keyring;
    r = 0;
out:
    key_put(ref.key);
    return r;
}
