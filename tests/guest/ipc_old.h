/* ipc_old.h - the pre-2.4 System V IPC layouts of i386 (linux/ipc.h,
 * msg.h, sem.h, shm.h: struct ipc_perm, msqid_ds, semid_ds, shmid_ds),
 * which the C libraries' headers replace with the 64 ones, and the
 * ipc(2) call numbers. For t_ipc_old and t_ipc_old_guest. */
#ifndef IPC_OLD_H
#define IPC_OLD_H
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { IPCOP_SEMCTL = 3, IPCOP_MSGCTL = 14, IPCOP_SHMCTL = 24 };

/* The commands as numbers: musl's IPC_STAT and *_STAT carry IPC_64. */
enum { OLD_IPC_STAT = 2, OLD_MSG_STAT = 11, OLD_SEM_STAT = 18, OLD_SHM_STAT = 13 };

struct old_ipc_perm {
	int32_t key;
	uint16_t uid, gid, cuid, cgid;
	uint16_t mode, seq;
};

struct old_msqid_ds {
	struct old_ipc_perm msg_perm;
	uint32_t msg_first, msg_last;           /* kernel pointers, always 0 */
	int32_t msg_stime, msg_rtime, msg_ctime;
	uint32_t msg_lcbytes, msg_lqbytes;      /* the full counts (native i386) */
	uint16_t msg_cbytes, msg_qnum, msg_qbytes;
	uint16_t msg_lspid, msg_lrpid;
};

struct old_semid_ds {
	struct old_ipc_perm sem_perm;
	int32_t sem_otime, sem_ctime;
	uint32_t sem_base, sem_pending, sem_pending_last, undo;
	uint16_t sem_nsems;
};

struct old_shmid_ds {
	struct old_ipc_perm shm_perm;
	int32_t shm_segsz;
	int32_t shm_atime, shm_dtime, shm_ctime;
	uint16_t shm_cpid, shm_lpid;
	uint16_t shm_nattch, shm_unused;
	uint32_t shm_unused2, shm_unused3;
};

/* ipc(2) without IPC_64 (or with it, in cmd). */
static inline long old_msgctl(int id, int cmd, void *buf) { return syscall(SYS_ipc, IPCOP_MSGCTL, id, cmd, 0, buf, 0); }
static inline long old_shmctl(int id, int cmd, void *buf) { return syscall(SYS_ipc, IPCOP_SHMCTL, id, cmd, 0, buf, 0); }
static inline long old_semctl(int id, int num, int cmd, void *buf)
{
	unsigned long arg = (unsigned long)buf;   /* union semun, passed by address */
	return syscall(SYS_ipc, IPCOP_SEMCTL, id, num, cmd, &arg, 0);
}

_Static_assert(sizeof(struct old_msqid_ds) == 56, "msqid_ds");
_Static_assert(sizeof(struct old_semid_ds) == 44, "semid_ds");
_Static_assert(sizeof(struct old_shmid_ds) == 48, "shmid_ds");
#endif
