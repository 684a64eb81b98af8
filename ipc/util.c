/* System V IPC: permissions, keys and identifiers (see util.h). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "ipc/util.h"
#include "ipc/namespace.h"
#include "kernel/mm/uaccess.h"
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>

bool ipc_ns_capable(int cap)
{
    struct user_namespace *owner = current_ipc_ns()->user_ns;
    return ns_capable(owner ? owner : &init_user_ns, cap);
}

bool ipc_owner_or_capable(struct kern_ipc_perm *p)
{
    return current->euid == p->uid || current->euid == p->cuid || ipc_ns_capable(CAP_SYS_ADMIN);
}

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key)
{
    for (int i = 0; i <= ids->max_idx; i++) {
        struct kern_ipc_perm *p = ipc_at(ids, (uint32_t)i);
        if (p && p->key == key)
            return p;
    }
    return NULL;
}

/* The place of index idx in the table, its piece allocated if need be
 * (NULL without memory). */
static struct kern_ipc_perm **ipc_place(struct ipc_ids *ids, uint32_t idx)
{
    if (idx < IPC_CHUNK)
        return &ids->first[idx];
    struct kern_ipc_perm ***c = &ids->chunk[idx / IPC_CHUNK];
    if (!*c && !(*c = kzalloc(IPC_CHUNK * sizeof **c)))
        return NULL;
    return &(*c)[idx % IPC_CHUNK];
}

/* The lowest free index from `from` up to below `to`, or -1. */
static int ipc_free_idx(const struct ipc_ids *ids, int from, int to)
{
    for (int i = from; i < to; i++)
        if (!ipc_at(ids, (uint32_t)i))
            return i;
    return -1;
}

int ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *p, int32_t key, int mode)
{
    if ((uint32_t)ids->in_use >= MIN(*ids->limit, (uint32_t)IPC_OBJECTS))
        return -ENOSPC;                     /* Linux's ipc_addid, next_id kept */
    int32_t next_id = ids->next_id;
    ids->next_id = -1;
    int idx;
    if (next_id >= 0) {
        idx = ipc_free_idx(ids, next_id % SEQ_MULT, IPCMNI);
        p->seq = (uint16_t)(next_id / SEQ_MULT);
    } else {
        int window = MIN(MAX(ids->in_use * 3 / 2, IPC_MIN_CYCLE), IPCMNI);
        idx = ipc_free_idx(ids, ids->next_idx, window);
        if (idx < 0)
            idx = ipc_free_idx(ids, 0, window);
        if (idx >= 0) {
            if (idx <= ids->last_idx && ++ids->seq >= IPC_SEQ_MAX)
                ids->seq = 0;               /* the cycle came round */
            ids->last_idx = idx;
            ids->next_idx = idx + 1;
            p->seq = ids->seq;
        }
    }
    struct kern_ipc_perm **place = idx < 0 ? NULL : ipc_place(ids, (uint32_t)idx);
    if (!place)
        return idx < 0 ? -ENOSPC : -ENOMEM;
    p->key = key;
    p->uid = p->cuid = current->euid;
    p->gid = p->cgid = current->egid;
    p->mode = mode & 0777;
    p->id = p->seq * SEQ_MULT + idx;
    p->deleted = false;
    p->refs = 0;
    *place = p;
    ids->in_use++;
    if (idx > ids->max_idx)
        ids->max_idx = idx;
    return p->id;
}

void ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *p)
{
    uint32_t idx = (uint32_t)p->id % SEQ_MULT;
    if (ipc_at(ids, idx) == p) {
        struct kern_ipc_perm **c = idx < IPC_CHUNK ? NULL : ids->chunk[idx / IPC_CHUNK];
        *(c ? &c[idx % IPC_CHUNK] : &ids->first[idx]) = NULL;
        ids->in_use--;
        if (c) {                            /* a piece goes with its last object */
            int i = 0;
            while (i < IPC_CHUNK && !c[i])
                i++;
            if (i == IPC_CHUNK) {
                kfree(c);
                ids->chunk[idx / IPC_CHUNK] = NULL;
            }
        }
        while (ids->max_idx >= 0 && !ipc_at(ids, (uint32_t)ids->max_idx))
            ids->max_idx--;
    }
    p->deleted = true;
}

int ipc_get(struct ipc_ids *ids, int32_t key, int flg,
            int (*create)(int32_t key, int flg, void *arg),
            int (*check)(struct kern_ipc_perm *p, void *arg), void *arg)
{
    if (key == IPC_PRIVATE)
        return create(key, flg, arg);
    struct kern_ipc_perm *p = ipc_find_key(ids, key);
    if (!p)
        return (flg & IPC_CREAT) ? create(key, flg, arg) : -ENOENT;
    if ((flg & IPC_CREAT) && (flg & IPC_EXCL))
        return -EEXIST;
    int r;
    if (check && (r = check(p, arg)) < 0)   /* as Linux: the size before the permission */
        return r;
    if ((r = ipcperms(p, flg & 0777)))
        return r;
    return p->id;
}

/* The ipc64_perm that starts every *id64_ds, from the permission block
 * (its ids as current's user namespace sees them). */
static void ipc_fill_perm64(const struct kern_ipc_perm *p, struct ipc64_perm *u)
{
    u->key = p->key;
    u->uid = uid_out(p->uid); u->gid = gid_out(p->gid);
    u->cuid = uid_out(p->cuid); u->cgid = gid_out(p->cgid);
    u->mode = p->mode;
    u->seq = p->seq;
}

int ipc_set_perm64(struct kern_ipc_perm *p, const void *in, uint32_t *ctime)
{
    const struct ipc64_perm *u = in;
    uint32_t uid = make_kuid(current_user_ns(), u->uid), gid = make_kgid(current_user_ns(), u->gid);
    if (uid == INVALID_ID || gid == INVALID_ID)
        return -EINVAL;                      /* (-1, or an id current's namespace does not map) */
    p->uid = uid;
    p->gid = gid;
    p->mode = (p->mode & ~0777u) | (u->mode & 0777);
    *ctime = ipc_time();
    return 0;
}

int ipc_ctl_cmd(int id, int *cmd)
{
    if (id < 0 || *cmd < 0)
        return -EINVAL;
    *cmd &= ~IPC_64;
    return 0;
}

int ipc_parse_version(int *cmd)
{
    if (*cmd & IPC_64) {
        *cmd &= ~IPC_64;
        return IPC_64;
    }
    return IPC_OLD;
}

void ipc_perm_to_old(const struct ipc64_perm *in, struct ipc_perm *out)
{
    out->key = in->key;
    out->uid = high2lowuid(in->uid);
    out->gid = high2lowuid(in->gid);
    out->cuid = high2lowuid(in->cuid);
    out->cgid = high2lowuid(in->cgid);
    out->mode = (uint16_t)in->mode;
    out->seq = in->seq;
}

void ipc_perm_from_old(const struct ipc_perm *in, struct ipc64_perm *out)
{
    out->uid = in->uid;
    out->gid = in->gid;
    out->mode = in->mode;
}

/* The largest *id64_ds: IPC_STAT fills one of these on the stack. */
union ipc64_ds {
    struct ipc64_perm perm;                 /* every layout starts with it */
    struct msqid64_ds msg;
    struct semid64_ds sem;
    struct shmid64_ds shm;
};

/* The largest old *id_ds, for IPC_OLD. */
union ipc_old_ds {
    struct ipc_perm perm;
    struct msqid_ds msg;
    struct semid_ds sem;
    struct shmid_ds shm;
};

/* The object a *_STAT command names: by id for IPC_STAT, else by index. */
static struct kern_ipc_perm *ipc_stat_lookup(const struct ipc_kind *k, int id, int cmd)
{
    struct ipc_ids *ids = &current_ipc_ns()->ids[k->ids];
    if (cmd == IPC_STAT)
        return ipc_lookup(ids, id);
    return ipc_at(ids, (uint32_t)id);     /* ipc_ctl_cmd ruled out id < 0 */
}

long ipc_ctl_stat(const struct ipc_kind *k, int id, int cmd, void *ubuf, int version)
{
    struct kern_ipc_perm *p = ipc_stat_lookup(k, id, cmd);
    if (!p)
        return -EINVAL;
    long r;
    if (cmd != k->stat_any_cmd && (r = ipcperms(p, 0444)))
        return r;
    union ipc64_ds ds;
    memset(&ds, 0, sizeof ds);
    ipc_fill_perm64(p, &ds.perm);
    k->fill(p, &ds);
    if (version == IPC_OLD) {
        union ipc_old_ds old;
        memset(&old, 0, sizeof old);
        k->to_old(&ds, &old);
        if (copy_to_user(ubuf, &old, k->old_size))
            return -EFAULT;
    } else if (copy_to_user(ubuf, &ds, k->ds_size)) {
        return -EFAULT;
    }
    return cmd == IPC_STAT ? 0 : p->id;
}

long ipc_ctl_info(struct ipc_ids *ids, void *ubuf, const void *info, uint32_t size)
{
    if (copy_to_user(ubuf, info, size))
        return -EFAULT;
    return ids->max_idx < 0 ? 0 : ids->max_idx;
}

long ipc_ctl_set(const struct ipc_kind *k, int id, void *ubuf, int version)
{
    union ipc64_ds ds;
    if (version == IPC_OLD) {
        union ipc_old_ds old;
        if (copy_from_user(&old, ubuf, k->old_size))
            return -EFAULT;
        memset(&ds, 0, sizeof ds);
        k->from_old(&old, &ds);
    } else if (copy_from_user(&ds, ubuf, k->ds_size)) {
        return -EFAULT;
    }
    long r;
    struct kern_ipc_perm *p = ipc_ctl_owned(&current_ipc_ns()->ids[k->ids], id, &r);
    return p ? k->set(p, &ds) : r;
}

struct kern_ipc_perm *ipc_ctl_owned(struct ipc_ids *ids, int id, long *err)
{
    struct kern_ipc_perm *p = ipc_lookup(ids, id);
    *err = !p ? -EINVAL : !ipc_owner_or_capable(p) ? -EPERM : 0;
    return *err ? NULL : p;
}
