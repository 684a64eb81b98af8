/* System V IPC common parts (the book's ipc/util.c): the permission block
 * every object starts with (ipc_perm), the permission check (ipcperms),
 * and the tables that map keys and identifiers to objects. An identifier
 * is seq * IPCMNI + slot, as Linux builds it, so an object removed and
 * re-created in the same slot gets a new identifier. */
#ifndef IPC_UTIL_H
#define IPC_UTIL_H
#include "kernel/types.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/wait.h"
#include <linux/ipc.h>

#define IPCMNI      32768                   /* id = seq * IPCMNI + index, as Linux */
#define SEQ_MULT    IPCMNI
#define IPC_SEQ_MAX 65535                   /* a sequence number stays below it */
#define IPC_OBJECTS 128                     /* objects of each kind at once (the *mni default) */
#define IPC_MIN_CYCLE 64                    /* Linux's ipc_min_cycle: indexes cycle at least this far */
#define IPC_CHUNK   256                     /* the index table's pieces */

struct kern_ipc_perm {                      /* the book's ipc_perm */
    int32_t key;                            /* the key, or IPC_PRIVATE */
    uint32_t uid, gid;                      /* owner: IPC_SET may change them */
    uint32_t cuid, cgid;                    /* creator */
    uint32_t mode;                          /* 9 permission bits, plus SHM_DEST/SHM_LOCKED */
    uint16_t seq;                           /* the sequence number in the identifier */
    int id;                                 /* seq * IPCMNI + index */
    bool deleted;                           /* IPC_RMID done; sleepers see EIDRM */
    int refs;                               /* sleepers holding it across a sleep */
};

/* One table per kind and IPC namespace (ipc/namespace.h: msg_ids(ns),
 * sem_ids(ns), shm_ids(ns)). Objects are found by
 * their index (id % IPCMNI), as in Linux's idr: the first IPC_CHUNK
 * indexes in `first`, the others (only kernel.*_next_id reaches them) in
 * pieces allocated when an object needs one and freed with their last. */
struct ipc_ids {
    int in_use;                             /* objects now: the "used" counts of *_INFO */
    uint16_t seq;                           /* the sequence number of new objects */
    int last_idx;                           /* the index given last by the cycle, or -1 */
    int next_idx;                           /* where the cycle looks for a free index next */
    int32_t next_id;                        /* kernel.{msg,sem,shm}_next_id, or -1 */
    int max_idx;                            /* highest index in use, or -1 (*_INFO returns it) */
    const uint32_t *limit;                  /* kernel.{msg,sem,shm}mni: objects at most */
    struct kern_ipc_perm *first[IPC_CHUNK];
    struct kern_ipc_perm **chunk[IPCMNI / IPC_CHUNK];   /* [0] unused: first */
};

/* The object at index idx (0 <= idx < IPCMNI), or NULL. */
static inline struct kern_ipc_perm *ipc_at(const struct ipc_ids *ids, uint32_t idx)
{
    if (idx < IPC_CHUNK)
        return ids->first[idx];
    struct kern_ipc_perm **c = idx < IPCMNI ? ids->chunk[idx / IPC_CHUNK] : NULL;
    return c ? c[idx % IPC_CHUNK] : NULL;
}

/* Checks `flag`'s rwx bits (S_IRUGO/S_IWUGO style, e.g. 0400 | 0200) for the
 * current task: owner or creator, else group, else other; root passes.
 * 0 or -EACCES. The book's ipcperms(). Inline, like ipc_lookup and
 * ipc_time below: msgsnd, msgrcv and semop run it at every call, and
 * under TCG each call's return is a jump-cache lookup after a switch. */
/* cap in the user namespace that owns current's IPC namespace (Linux's
 * ns_capable(ns->user_ns, cap) of ipcperms and ipc_check_perms). */
bool ipc_ns_capable(int cap);
static inline int ipcperms(struct kern_ipc_perm *p, int flag)
{
    struct task *t = current;
    int requested = (flag >> 6) | (flag >> 3) | flag;    /* rwx in each position */
    int granted = (int)p->mode;
    if (t->euid == p->cuid || t->euid == p->uid)
        granted >>= 6;
    else if (in_group(p->cgid) || in_group(p->gid))
        granted >>= 3;
    if ((requested & ~granted & 0007) && !ipc_ns_capable(CAP_IPC_OWNER))
        return -EACCES;
    return 0;
}
bool ipc_owner_or_capable(struct kern_ipc_perm *p);

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key);

/* The object of identifier `id`: its index is id % IPCMNI, and the whole
 * id must match (an old id of a re-used index does not). NULL: -EINVAL. */
static inline struct kern_ipc_perm *ipc_lookup(struct ipc_ids *ids, int id)
{
    if (id < 0)
        return NULL;
    struct kern_ipc_perm *p = ipc_at(ids, (uint32_t)id % SEQ_MULT);
    return p && p->id == id ? p : NULL;
}
/* Enters a new object (perm filled by the caller except ids) under a new
 * identifier, as Linux 6.1's ipc_idr_alloc makes it: kernel.*_next_id's if
 * set (then it is used up: -1 again), else the next free index of a
 * cycle over max(in_use * 3/2, 64) indexes, the sequence number moving on
 * each time the cycle comes round. The id, or -ENOSPC when *ids->limit
 * objects (kernel.msgmni, semmni, shmmni) or IPC_OBJECTS are in use or no
 * index is free, -ENOMEM. */
int ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *p, int32_t key, int mode);
void ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *p);
/* The get() logic shared by msgget/semget/shmget. `create` makes a new
 * object (returns its id or -errno); `check` vets an existing one (its
 * size), before the permission check as in Linux: -EEXIST, then check's
 * error, then -EACCES. */
int ipc_get(struct ipc_ids *ids, int32_t key, int flg,
            int (*create)(int32_t key, int flg, void *arg),
            int (*check)(struct kern_ipc_perm *p, void *arg), void *arg);

/* The part of msgctl, semctl and shmctl that is the same for all three
 * (Linux's ipc/util.c: ipc_parse_version, ipcctl_obtain_check and the
 * *_STAT lookup). Each *ctl is a switch over one function per command;
 * these are the steps those functions share, in Linux's order. */

/* One kind of object, as the shared *ctl steps see it. */
struct ipc_kind {
    int ids;                                /* its table in current's namespace: IPC_MSG_IDS... */
    int stat_any_cmd;                       /* MSG_STAT_ANY...: *_STAT without the read check */
    uint32_t ds_size;                       /* sizeof its *id64_ds (ipc64_perm first) */
    void (*fill)(const struct kern_ipc_perm *p, void *ds);   /* IPC_STAT: the fields past the perm */
    long (*set)(struct kern_ipc_perm *p, const void *ds);    /* IPC_SET, ownership checked */
    /* The pre-2.4 layout that ipc(2) without IPC_64 asks for (IPC_OLD): */
    uint32_t old_size;                      /* sizeof its old *id_ds (struct ipc_perm first) */
    void (*to_old)(const void *ds64, void *old);   /* IPC_STAT: the whole *id64_ds, narrowed */
    void (*from_old)(const void *old, void *ds64); /* IPC_SET: what IPC_SET reads of the old one */
};

/* The layout a *ctl copies (Linux's ipc_parse_version): ipc(2) strips
 * IPC_64 from *cmd and says IPC_64 when it was there, IPC_OLD (0) when
 * not. The direct msgctl, semctl and shmctl always use IPC_64. */
#define IPC_OLD 0
int ipc_parse_version(int *cmd);

/* The permission block between the layouts (Linux's
 * ipc64_perm_to_ipc_perm and the IPC_SET half of copy_*_from_user):
 * ids above 65535 go out as the overflow id; coming in, the 16-bit ids
 * are widened as they are (0xffff is 65535, not -1). */
void ipc_perm_to_old(const struct ipc64_perm *in, struct ipc_perm *out);
void ipc_perm_from_old(const struct ipc_perm *in, struct ipc64_perm *out);

/* First step of every *ctl: strips IPC_64 from *cmd (left there by a
 * direct call, which has no old layout; decision 65); -EINVAL for a
 * negative id or command, else 0. */
int ipc_ctl_cmd(int id, int *cmd);

/* IPC_STAT (by id: returns 0), X_STAT (by slot: returns the object's id)
 * and X_STAT_ANY (by slot, no permission check: returns the id). Fills
 * the kind's *id64_ds and copies it, or its old layout for IPC_OLD, to
 * ubuf. -EINVAL (no object), -EACCES (no read permission), -EFAULT.
 * Does not sleep. */
long ipc_ctl_stat(const struct ipc_kind *k, int id, int cmd, void *ubuf, int version);

/* The end of IPC_INFO and X_INFO: copies `size` bytes of info to ubuf;
 * the highest slot in use (0 when none), or -EFAULT. */
long ipc_ctl_info(struct ipc_ids *ids, void *ubuf, const void *info, uint32_t size);

/* IPC_SET: reads the kind's *id64_ds (or old layout, for IPC_OLD) from
 * ubuf first (-EFAULT comes before a bad id, as in Linux), then
 * ipc_ctl_owned, then the kind's set. Does not sleep. 0 or -errno. */
long ipc_ctl_set(const struct ipc_kind *k, int id, void *ubuf, int version);

/* IPC_SET, IPC_RMID (and SHM_LOCK): the object by id (NULL, *err -EINVAL),
 * then the caller must own or have created it or be root (NULL, *err
 * -EPERM). Linux's ipcctl_obtain_check. Does not sleep. */
struct kern_ipc_perm *ipc_ctl_owned(struct ipc_ids *ids, int id, long *err);

/* IPC_SET of the permission block from an ipc64_perm, the caller's
 * ownership already checked (ipc_ctl_owned): -EINVAL for the uid or gid
 * -1 (no one), else sets uid, gid and the 9 mode bits, stamps the
 * object's change time *ctime and returns 0. */
int ipc_set_perm64(struct kern_ipc_perm *p, const void *ipc64_perm, uint32_t *ctime);

/* A time stamp (msg_stime, sem_otime, ...): seconds of CLOCK_REALTIME as
 * of the last tick, as Linux's ktime_get_real_seconds(). */
static inline uint32_t ipc_time(void)
{
    return (uint32_t)current_time().sec;
}

/* wake_up() for an IPC queue that is often empty (msgrcv's senders): an
 * empty one costs no interrupt save and restore. Reading head without
 * cli is safe: only task code adds or removes the entries of IPC queues,
 * and the kernel is not preemptible. */
static inline void ipc_wake_up(struct wait_queue *wq)
{
    if (wq->head)
        wake_up(wq);
}

#endif
