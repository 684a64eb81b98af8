/* System V IPC: permissions, keys and identifiers (see util.h). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "ipc/util.h"
#include "kernel/mm/uaccess.h"
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>

bool ipc_owner_or_root(struct kern_ipc_perm *p)
{
    return current->euid == 0 || current->euid == p->uid || current->euid == p->cuid;
}

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key)
{
    for (int i = 0; i <= ids->max_idx; i++)
        if (ids->slot[i] && ids->slot[i]->key == key)
            return ids->slot[i];
    return NULL;
}

int ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *p, int32_t key, int mode)
{
    int idx = 0;
    if ((uint32_t)ids->in_use >= *ids->limit)
        return -ENOSPC;                     /* Linux's ipc_addid */
    while (idx < IPC_SLOTS && ids->slot[idx])
        idx++;
    if (idx == IPC_SLOTS)
        return -ENOSPC;
    p->key = key;
    p->uid = p->cuid = current->euid;
    p->gid = p->cgid = current->egid;
    p->mode = mode & 0777;
    p->seq = ids->seq;
    ids->seq = (uint16_t)((ids->seq + 1) % 65536);   /* 65535 * 32768 + slot < 2^31 */
    p->id = p->seq * SEQ_MULT + idx;
    p->deleted = false;
    p->refs = 0;
    ids->slot[idx] = p;
    ids->in_use++;
    if (idx > ids->max_idx)
        ids->max_idx = idx;
    return p->id;
}

void ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *p)
{
    int idx = p->id % SEQ_MULT;
    if (ids->slot[idx] == p) {
        ids->slot[idx] = NULL;
        ids->in_use--;
        while (ids->max_idx >= 0 && !ids->slot[ids->max_idx])
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

/* The ipc64_perm that starts every *id64_ds, from the permission block. */
static void ipc_fill_perm64(const struct kern_ipc_perm *p, struct ipc64_perm *u)
{
    u->key = p->key;
    u->uid = p->uid; u->gid = p->gid;
    u->cuid = p->cuid; u->cgid = p->cgid;
    u->mode = p->mode;
    u->seq = p->seq;
}

int ipc_set_perm64(struct kern_ipc_perm *p, const void *in, uint32_t *ctime)
{
    const struct ipc64_perm *u = in;
    if (u->uid == (uint32_t)-1 || u->gid == (uint32_t)-1)
        return -EINVAL;
    p->uid = u->uid;
    p->gid = u->gid;
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

/* The largest *id64_ds: IPC_STAT fills one of these on the stack. */
union ipc64_ds {
    struct ipc64_perm perm;                 /* every layout starts with it */
    struct msqid64_ds msg;
    struct semid64_ds sem;
    struct shmid64_ds shm;
};

/* The object a *_STAT command names: by id for IPC_STAT, else by slot. */
static struct kern_ipc_perm *ipc_stat_lookup(const struct ipc_kind *k, int id, int cmd)
{
    if (cmd == IPC_STAT)
        return ipc_lookup(k->ids, id);
    if (id >= IPC_SLOTS)
        return NULL;                        /* ipc_ctl_cmd ruled out id < 0 */
    return k->ids->slot[id];
}

long ipc_ctl_stat(const struct ipc_kind *k, int id, int cmd, void *ubuf)
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
    if (copy_to_user(ubuf, &ds, k->ds_size))
        return -EFAULT;
    return cmd == IPC_STAT ? 0 : p->id;
}

long ipc_ctl_info(struct ipc_ids *ids, void *ubuf, const void *info, uint32_t size)
{
    if (copy_to_user(ubuf, info, size))
        return -EFAULT;
    return ids->max_idx < 0 ? 0 : ids->max_idx;
}

long ipc_ctl_set(const struct ipc_kind *k, int id, void *ubuf)
{
    union ipc64_ds ds;
    if (copy_from_user(&ds, ubuf, k->ds_size))
        return -EFAULT;
    long r;
    struct kern_ipc_perm *p = ipc_ctl_owned(k->ids, id, &r);
    return p ? k->set(p, &ds) : r;
}

struct kern_ipc_perm *ipc_ctl_owned(struct ipc_ids *ids, int id, long *err)
{
    struct kern_ipc_perm *p = ipc_lookup(ids, id);
    *err = !p ? -EINVAL : !ipc_owner_or_root(p) ? -EPERM : 0;
    return *err ? NULL : p;
}
