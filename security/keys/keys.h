/* The key retention service (add_key, request_key, keyctl): keys, keyrings
 * and the keyrings a process holds, as Linux 6.1's security/keys/. A key
 * has a type ("user", "logon" or "keyring"), a description, an owner, a
 * permission mask and a payload; a keyring's payload is its links to other
 * keys. A key lives while something refers to it: a keyring's link, a
 * task's thread/process/session keyring, a user's keyrings, or a system
 * call in progress (key_put drops one reference). */
#ifndef SECURITY_KEYS_H
#define SECURITY_KEYS_H
#include "kernel/types.h"
#include <linux/keyctl.h>

struct task;

/* The permission bits: possessor, user, group, other (Linux's KEY_*). */
#define KEY_POS_VIEW    0x01000000u
#define KEY_POS_READ    0x02000000u
#define KEY_POS_WRITE   0x04000000u
#define KEY_POS_SEARCH  0x08000000u
#define KEY_POS_LINK    0x10000000u
#define KEY_POS_SETATTR 0x20000000u
#define KEY_POS_ALL     0x3f000000u
#define KEY_USR_VIEW    0x00010000u
#define KEY_USR_READ    0x00020000u
#define KEY_USR_SEARCH  0x00080000u
#define KEY_USR_LINK    0x00100000u
#define KEY_USR_ALL     0x003f0000u
#define KEY_GRP_ALL     0x00003f00u
#define KEY_OTH_ALL     0x0000003fu

/* What an operation needs, as the "other" bits. KEY_NEED_UNLINK needs nothing. */
enum key_need { KEY_NEED_VIEW = 0x01, KEY_NEED_READ = 0x02, KEY_NEED_WRITE = 0x04,
                KEY_NEED_SEARCH = 0x08, KEY_NEED_LINK = 0x10, KEY_NEED_SETATTR = 0x20,
                KEY_NEED_UNLINK = 0x100, KEY_DEFER_PERM_CHECK = 0x200 };

/* key->flags */
#define KEY_FLAG_DEAD        (1u << 0)       /* its owner's user went (never in Pipit) */
#define KEY_FLAG_REVOKED     (1u << 1)
#define KEY_FLAG_IN_QUOTA    (1u << 2)       /* charged to its owner's key_user */
#define KEY_FLAG_INSTANTIATED (1u << 3)      /* positive or negative */
#define KEY_FLAG_NEGATIVE    (1u << 4)       /* instantiated negatively: reject_error */
#define KEY_FLAG_INVALIDATED (1u << 5)
#define KEY_FLAG_UID_KEYRING (1u << 6)       /* a user's _uid.N or _uid_ses.N */
#define KEY_FLAG_RESTRICTED  (1u << 7)       /* KEYCTL_RESTRICT_KEYRING: no more links */

#define KEY_MAX_DESC_SIZE 4096
#define KEYQUOTA_LINK_BYTES 4                /* a keyring's link costs its owner this */
#define NO_GID 0xFFFFFFFFu                   /* Linux's INVALID_GID: shown as 65534 */

enum key_type_id { KT_KEYRING, KT_USER, KT_LOGON, KT_NTYPES };

struct key_user;

struct key {
    int32_t serial;
    int usage;                               /* references */
    enum key_type_id type;
    char *description;
    uint32_t uid, gid, perm;
    uint32_t flags;
    int reject_error;                        /* a negative key's error (-ENOKEY) */
    int64_t expiry;                          /* CLOCK_REALTIME seconds; 0: never */
    uint32_t datalen;                        /* payload bytes (a keyring: 4 per link) */
    uint32_t quotalen;                       /* what it costs its owner besides datalen */
    uint8_t *payload;                        /* user, logon: the bytes */
    struct key **links;                      /* keyring: the keys it links, referenced */
    int nr_links, max_links;
    struct key_user *user;                   /* its owner's accounting */
    struct key *next;                        /* all keys, by serial (/proc/keys) */
    struct key *gc_next;                     /* key_put's list of keys to destroy */
    uint32_t walk_gen;                       /* the last walk through it (keyring.c), */
    uint8_t walk_depths;                     /* and the depths it was reached at there */
    uint32_t mark_gen;                       /* KSEARCH_MARK: possessed in that walk */
};

/* A user's keys and quota (Linux's struct key_user), and its keyrings. */
struct key_user {
    uint32_t uid;
    int usage;                               /* keys and holders (as /proc/key-users shows) */
    int nkeys, nikeys;                       /* keys, instantiated keys */
    uint32_t qnkeys, qnbytes;                /* what counts against the quota */
    struct key *uid_keyring, *session_keyring;   /* _uid.N and _uid_ses.N, once made */
    struct key_user *next;
};

/* A key found by a lookup, and whether the caller possesses it. */
struct key_ref { struct key *key; bool possessed; };

extern uint32_t key_quota_maxkeys, key_quota_maxbytes;
extern uint32_t key_quota_root_maxkeys, key_quota_root_maxbytes, key_gc_delay;
extern uint32_t key_persistent_expiry;

/* key.c */
const char *key_type_name(enum key_type_id t);
int key_type_lookup(const char *name);      /* an enum key_type_id, or -ENOKEY */
struct key_user *key_user_lookup(uint32_t uid);   /* made at need; NULL: no memory */
void key_user_release(struct key_user *u);  /* frees a record nothing needs */
/* A new key (one reference) owned by uid, gid, charged to uid unless
 * !in_quota (overrun: charged but not refused); -EDQUOT, -ENOMEM. */
struct key *key_alloc(enum key_type_id type, const char *desc, uint32_t uid, uint32_t gid,
                      uint32_t perm, int quota, long *err);
#define KEY_ALLOC_IN_QUOTA 0
#define KEY_ALLOC_QUOTA_OVERRUN 1
#define KEY_ALLOC_NOT_IN_QUOTA 2
struct key *keyring_alloc(const char *desc, uint32_t uid, uint32_t gid, uint32_t perm, int quota,
                          long *err);
void key_get(struct key *k);
void key_put(struct key *k);                 /* may free k and what only it held */
struct key *key_lookup(int32_t serial);      /* referenced, or NULL */
int key_payload_reserve(struct key *k, uint32_t datalen);   /* 0 or -EDQUOT */
int key_validate(const struct key *k);       /* 0, -ENOKEY, -EKEYREVOKED, -EKEYEXPIRED */
int64_t key_now(void);                       /* CLOCK_REALTIME seconds */
bool key_expired(const struct key *k, int64_t now);
int key_task_permission(struct key_ref ref, uint32_t need);   /* 0 or -EACCES */
void key_revoke(struct key *k);
void key_invalidate(struct key *k);
int key_instantiate_payload(struct key *k, const void *data, uint32_t len);
void key_negate(struct key *k, int error, unsigned timeout);
extern struct key *key_list;                 /* every key, by serial */
extern struct key_user *key_users;

/* keyring.c */
#define KEYRING_SEARCH_MAX_DEPTH 6
/* Search flags. */
#define KSEARCH_DO_STATE_CHECK 1             /* revoked, expired, negative keys stop the search */
#define KSEARCH_NO_CHECK_PERM  2
#define KSEARCH_RECURSE        4
#define KSEARCH_MARK           8             /* mark every key found (mark_gen), return none */
#define KSEARCH_SKIP_EXPIRED  16             /* an expired key is passed over silently */
struct key_search {
    enum key_type_id type;
    const char *desc;                        /* NULL: match `target` itself */
    const struct key *target;
    int flags;
    int64_t now;
    int skipped;                             /* the best refusal met: -EACCES, -EKEYREVOKED... */
    uint32_t mark_gen;                       /* KSEARCH_MARK's mark */
};
/* Searches keyring (and, with KSEARCH_RECURSE, the keyrings it links
 * that may be searched): the key found, referenced, or NULL with
 * *err: -EAGAIN (none) or the refusal met. */
struct key *keyring_search_one(struct key_ref keyring, struct key_search *s, int *err);
int key_link(struct key *keyring, struct key *key);   /* 0, -ENOTDIR, -EDEADLK, -ELOOP, -EDQUOT, ... */
int key_unlink(struct key *keyring, struct key *key); /* 0, -ENOTDIR, -ENOENT */
int key_move(struct key *key, struct key *from, struct key *to, uint32_t flags);
int keyring_clear(struct key *keyring);
long keyring_read(struct key *keyring, char *ubuf, uint32_t buflen);
int keyring_find_index(struct key *keyring, enum key_type_id type, const char *desc);
int keyring_check_link(struct key *keyring, struct key *key, bool replacing);
void keyring_add_link(struct key *keyring, struct key *key);   /* after the checks: takes a reference */
void keyring_unreserve(struct key *keyring);   /* a checked link not made after all */
struct key *find_keyring_by_name(const char *name);   /* referenced, or NULL */
void key_unlink_everywhere(struct key *key);

/* process_keys.c */
#define KEY_LOOKUP_CREATE  0x01
#define KEY_LOOKUP_PARTIAL 0x02
#define KEY_LOOKUP_FOR_UNLINK 0x04
/* A key named by an id of the caller's (a serial or a KEY_SPEC_*): its
 * reference in *ref, or -errno, as Linux's lookup_user_key. */
int lookup_user_key(int32_t id, int lflags, uint32_t need, struct key_ref *ref);
int look_up_user_keyrings(struct key **user, struct key **user_session);
int join_session_keyring(const char *name);  /* the serial, 0 (already), or -errno */
int install_thread_keyring(void);
int install_process_keyring(void);
/* Searches the caller's keyrings (thread, process, session or user
 * session): the key, referenced and possessed, or NULL with *err. */
struct key *search_process_keyrings(struct key_search *s, int *err);
void keys_fork(struct task *p, struct task *c, uint32_t clone_flags);
void keys_exec(struct task *t);
void keys_exit(struct task *t);
int keyctl_session_to_parent(void);

/* keyctl.c: what the calls share */
#define KEY_TYPE_MAX 32                      /* a type name's buffer */
int key_get_type_from_user(char type[KEY_TYPE_MAX], const char *utype);   /* 0, -EFAULT, -EINVAL, -EPERM */
char *key_strndup_user(const char *u, size_t max, long *err);       /* Linux's strndup_user */
uint32_t key_default_perm(enum key_type_id type);              /* a new key's permissions */

/* proc_keys.c */
int proc_keys_show(char *buf, int size);
int proc_key_users_show(char *buf, int size);

#endif
