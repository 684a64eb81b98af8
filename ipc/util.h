/* System V IPC common parts (the book's ipc/util.c): the permission block
 * every object starts with (ipc_perm), the permission check (ipcperms),
 * and the tables that map keys and identifiers to objects. An identifier
 * is seq * IPCMNI + slot, as Linux builds it, so an object removed and
 * re-created in the same slot gets a new identifier. */
#ifndef IPC_UTIL_H
#define IPC_UTIL_H
#include "kernel/types.h"
#include "kernel/time.h"
#include <linux/ipc.h>

#define IPCMNI      32768                   /* id = seq * IPCMNI + slot, as Linux */
#define IPC_SLOTS   128                     /* objects of each kind at once */
#define SEQ_MULT    IPCMNI

struct kern_ipc_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;                          /* 9 permission bits, plus SHM_DEST/SHM_LOCKED */
    uint16_t seq;
    int id;
    bool deleted;                           /* IPC_RMID done; sleepers see EIDRM */
    int refs;                               /* sleepers holding it across a sleep */
};

struct ipc_ids {
    int in_use;
    uint16_t seq;
    int max_idx;                            /* highest slot in use, or -1 */
    struct kern_ipc_perm *slot[IPC_SLOTS];
};

/* Checks `flag`'s rwx bits (S_IRUGO/S_IWUGO style, e.g. 0400 | 0200) for the
 * current task: owner or creator, else group, else other; root passes.
 * 0 or -EACCES. The book's ipcperms(). */
int ipcperms(struct kern_ipc_perm *p, int flag);
bool ipc_owner_or_root(struct kern_ipc_perm *p);

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key);
struct kern_ipc_perm *ipc_lookup(struct ipc_ids *ids, int id);   /* NULL: -EINVAL */
/* Enters a new object (perm filled by the caller except ids); -ENOSPC. */
int ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *p, int32_t key, int mode);
void ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *p);
/* The get() logic shared by msgget/semget/shmget. `create` makes a new
 * object (returns its id or -errno); `check` vets an existing one (its
 * size), before the permission check as in Linux: -EEXIST, then check's
 * error, then -EACCES. */
int ipc_get(struct ipc_ids *ids, int32_t key, int flg,
            int (*create)(int32_t key, int flg, void *arg),
            int (*check)(struct kern_ipc_perm *p, void *arg), void *arg);

/* IPC_STAT/IPC_SET of the permission block in the ipc64_perm layout. */
void ipc_fill_perm64(const struct kern_ipc_perm *p, void *ipc64_perm);
int ipc_set_perm64(struct kern_ipc_perm *p, const void *ipc64_perm);
int ipc_stat_index(struct ipc_ids *ids, int idx, struct kern_ipc_perm **res);  /* *_STAT by slot */
uint32_t ipc_time(void);

#endif
