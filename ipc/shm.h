/* System V shared memory (the book's section 5.5.4). */
#ifndef IPC_SHM_H
#define IPC_SHM_H
#include "ipc/util.h"

/* Mode bits of a segment beyond the 9 permission bits, as Linux shows
 * them in shm_perm.mode (not in the UAPI headers). */
#define SHM_DEST_K   01000                  /* removed; freed at the last detach */
#define SHM_LOCKED_K 02000

struct shmem;
struct shmid_kernel {                       /* the book's shmid_ds */
    struct kern_ipc_perm shm_perm;          /* key, owner, mode (| SHM_DEST_K when removed attached) */
    uint32_t shm_segsz;                     /* size in bytes, as asked */
    uint32_t shm_atime, shm_dtime, shm_ctime;   /* last attach, detach, change */
    int shm_cpid, shm_lpid;                 /* creator, last to attach or detach */
    int shm_nattch;                         /* attachments (areas) now */
    int shm_creator;                        /* the creating task (thread), 0 once it exited */
    struct shmem *mem;                      /* the pages, made on first touch */
    struct ipc_namespace *ns;               /* its namespace's table (ipc/namespace.h) */
};

struct task;

long shm_get(int32_t key, uint32_t size, int flg);
long shm_at(int id, uint32_t addr, int flg, uint32_t *result);
long shm_dt(uint32_t addr);
long shm_ctl(int id, int cmd, void *ubuf, int version);
int shm_proc_show(char *buf, int size);
void shm_exit(struct task *t);              /* t's segments lose their creator */
void shm_destroy_orphaned(void);            /* shm_rmid_forced set to 1 */

#endif
