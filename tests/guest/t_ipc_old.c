/* t_ipc_old - the pre-2.4 System V IPC layouts, as native i386
 * Linux 6.1 has them: the ipc(2) multiplexer without IPC_64 in the
 * command (IPC_OLD) reads and writes the old msqid_ds, semid_ds, shmid_ds
 * and shminfo (ipc/msg.c copy_msqid_to_user and the others), with 16-bit
 * ids (an id above 65535 shows as the overflow id 65534), 16-bit message
 * counts and 32-bit
 * times; with IPC_64 it uses the 64 layouts, as the C libraries ask.
 * The host's 32-bit emulation leaves msg_lcbytes and msg_lqbytes 0:
 * they are in t_ipc_old_guest. */
#define _GNU_SOURCE
#include "check.h"
#include "ipc_old.h"
#include <limits.h>
#include <sys/mman.h>

/* Two pages, the second inaccessible: a buffer of n bytes ending where
 * the readable page ends. */
static void *at_page_end(size_t n)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + 4096, 4096, PROT_NONE))
		return NULL;
	memset(p, 0xA5, 4096);
	return p + 4096 - n;
}

static void msg_stat(void)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0640);
	struct { long type; char text[10]; } m = { 1, "123456789" };
	msgsnd(id, &m, 10, 0);
	msgsnd(id, &m, 7, 0);
	struct msqid_ds ds;
	CHECK_OK0("msgctl IPC_STAT", msgctl(id, IPC_STAT, &ds));
	struct old_msqid_ds *o = at_page_end(sizeof *o);
	CHECK_EQ("old IPC_STAT fits its 56 bytes", old_msgctl(id, OLD_IPC_STAT, o), 0);
	CHECK_EQ("key", o->msg_perm.key, 0);
	CHECK_EQ("uid", o->msg_perm.uid, (unsigned)getuid());
	CHECK_EQ("gid", o->msg_perm.gid, (unsigned)getgid());
	CHECK_EQ("cuid", o->msg_perm.cuid, (unsigned)getuid());
	CHECK_EQ("mode", o->msg_perm.mode, 0640);
	CHECK_EQ("seq as in the 64 layout", o->msg_perm.seq, ds.msg_perm.__seq);
	CHECK_EQ("msg_first and msg_last are 0", o->msg_first | o->msg_last, 0);
	CHECK_EQ("msg_stime", o->msg_stime, (int32_t)ds.msg_stime);
	CHECK_EQ("msg_rtime", o->msg_rtime, 0);
	CHECK_EQ("msg_ctime", o->msg_ctime, (int32_t)ds.msg_ctime);
	CHECK_EQ("msg_cbytes", o->msg_cbytes, 17);
	CHECK_EQ("msg_qnum", o->msg_qnum, 2);
	CHECK_EQ("msg_qbytes as in the 64 layout", o->msg_qbytes, (unsigned)ds.msg_qbytes);
	CHECK_EQ("msg_lspid", o->msg_lspid, getpid());
	CHECK_EQ("msg_lrpid", o->msg_lrpid, 0);
	struct msqid_ds *d64 = at_page_end(sizeof *o);
	CHECK_EQ("the 64 layout is longer: EFAULT", syscall(SYS_ipc, IPCOP_MSGCTL, id, OLD_IPC_STAT | 0x100, 0, d64, 0) < 0 ? errno : 0, EFAULT);
	CHECK_EQ("MSG_STAT by index gives the id", old_msgctl(id % 32768, OLD_MSG_STAT, o), id);
	CHECK_ERR("unknown command", old_msgctl(id, 99, o), EINVAL);
	CHECK_ERR("negative id", old_msgctl(-1, OLD_IPC_STAT, o), EINVAL);
	CHECK_ERR("old IPC_STAT to an unmapped buffer", old_msgctl(id, OLD_IPC_STAT, (void *)16), EFAULT);
	msgctl(id, IPC_RMID, NULL);
	CHECK_ERR("old IPC_STAT after IPC_RMID", old_msgctl(id, OLD_IPC_STAT, o), EINVAL);
}

static void msg_set(void)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0640);
	struct old_msqid_ds o;
	CHECK_OK0("old IPC_STAT", old_msgctl(id, OLD_IPC_STAT, &o));
	o.msg_perm.mode = 0604;
	o.msg_qbytes = 1000;
	CHECK_OK0("old IPC_SET", old_msgctl(id, IPC_SET, &o));
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	CHECK_MODE("mode set", ds.msg_perm.mode & 0777, 0604);
	CHECK_EQ("msg_qbytes set", (unsigned)ds.msg_qbytes, 1000);
	o.msg_perm.uid = 0xFFFF;                /* 65535, not -1 */
	o.msg_perm.gid = 0xFFFF;
	CHECK_OK0("old IPC_SET with ids 0xffff", old_msgctl(id, IPC_SET, &o));
	msgctl(id, IPC_STAT, &ds);
	CHECK_EQ("uid is 65535", (unsigned)ds.msg_perm.uid, 65535);
	CHECK_EQ("gid is 65535", (unsigned)ds.msg_perm.gid, 65535);
	CHECK_EQ("cuid kept", (unsigned)ds.msg_perm.cuid, (unsigned)getuid());
	ds.msg_perm.uid = 70000;
	ds.msg_perm.gid = 70001;
	CHECK_OK0("IPC_SET with ids past 16 bits", msgctl(id, IPC_SET, &ds));
	CHECK_OK0("old IPC_STAT", old_msgctl(id, OLD_IPC_STAT, &o));
	CHECK_EQ("uid shows as the overflow id", o.msg_perm.uid, 65534);
	CHECK_EQ("gid shows as the overflow id", o.msg_perm.gid, 65534);
	CHECK_ERR("old IPC_SET from an unmapped buffer", old_msgctl(id, IPC_SET, (void *)16), EFAULT);
	msgctl(id, IPC_RMID, NULL);
	CHECK_ERR("old IPC_SET on a removed queue", old_msgctl(id, IPC_SET, &o), EINVAL);
}

static void msg_info(void)
{
	struct msginfo a, b;
	CHECK_EQ("old IPC_INFO and IPC_INFO agree", old_msgctl(0, IPC_INFO, &a), msgctl(0, IPC_INFO, (void *)&b));
	CHECK_EQ("same msginfo", memcmp(&a, &b, sizeof a), 0);
}

static void sem_stat(void)
{
	int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0640);
	struct semid_ds ds;
	CHECK_OK0("semctl IPC_STAT", semctl(id, 0, IPC_STAT, &ds));
	struct old_semid_ds *o = at_page_end(sizeof *o);
	CHECK_EQ("old IPC_STAT fits its 44 bytes", old_semctl(id, 0, OLD_IPC_STAT, o), 0);
	CHECK_EQ("uid", o->sem_perm.uid, (unsigned)getuid());
	CHECK_EQ("mode", o->sem_perm.mode, 0640);
	CHECK_EQ("seq as in the 64 layout", o->sem_perm.seq, ds.sem_perm.__seq);
	CHECK_EQ("sem_otime", o->sem_otime, 0);
	CHECK_EQ("sem_ctime", o->sem_ctime, (int32_t)ds.sem_ctime);
	CHECK_EQ("sem_nsems", o->sem_nsems, 3);
	CHECK_EQ("the pointers are 0", o->sem_base | o->sem_pending | o->sem_pending_last | o->undo, 0);
	CHECK_EQ("SEM_STAT by index gives the id", old_semctl(id % 32768, 0, OLD_SEM_STAT, o), id);
	struct old_semid_ds s = *o;
	s.sem_perm.mode = 0600;
	s.sem_perm.uid = 70000 & 0xFFFF;        /* only 16 bits travel */
	CHECK_OK0("old IPC_SET", old_semctl(id, 0, IPC_SET, &s));
	semctl(id, 0, IPC_STAT, &ds);
	CHECK_MODE("mode set", ds.sem_perm.mode & 0777, 0600);
	CHECK_EQ("uid set to its 16 bits", (unsigned)ds.sem_perm.uid, 70000 & 0xFFFF);
	CHECK_ERR("old IPC_STAT, bad id", old_semctl(id + 1, 0, OLD_IPC_STAT, o), EINVAL);
	struct seminfo a, b;
	CHECK_EQ("old and new IPC_INFO agree", old_semctl(0, 0, IPC_INFO, &a), semctl(0, 0, IPC_INFO, &b));
	CHECK_EQ("same seminfo", memcmp(&a, &b, sizeof a), 0);
	semctl(id, 0, IPC_RMID);
}

static void shm_stat(void)
{
	int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0640);
	void *at = shmat(id, NULL, 0);
	struct shmid_ds ds;
	CHECK_OK0("shmctl IPC_STAT", shmctl(id, IPC_STAT, &ds));
	struct old_shmid_ds *o = at_page_end(sizeof *o);
	CHECK_EQ("old IPC_STAT fits its 48 bytes", old_shmctl(id, OLD_IPC_STAT, o), 0);
	CHECK_EQ("uid", o->shm_perm.uid, (unsigned)getuid());
	CHECK_EQ("mode", o->shm_perm.mode, 0640);
	CHECK_EQ("shm_segsz", o->shm_segsz, 8192);
	CHECK_EQ("shm_atime", o->shm_atime, (int32_t)ds.shm_atime);
	CHECK_EQ("shm_dtime", o->shm_dtime, 0);
	CHECK_EQ("shm_ctime", o->shm_ctime, (int32_t)ds.shm_ctime);
	CHECK_EQ("shm_cpid", o->shm_cpid, getpid());
	CHECK_EQ("shm_lpid", o->shm_lpid, getpid());
	CHECK_EQ("shm_nattch", o->shm_nattch, 1);
	CHECK_EQ("the spare fields are 0", o->shm_unused | o->shm_unused2 | o->shm_unused3, 0);
	CHECK_EQ("SHM_STAT by index gives the id", old_shmctl(id % 32768, OLD_SHM_STAT, o), id);
	struct old_shmid_ds s = *o;
	s.shm_perm.mode = 0600;
	s.shm_segsz = 1;                        /* not something IPC_SET changes */
	CHECK_OK0("old IPC_SET", old_shmctl(id, IPC_SET, &s));
	shmctl(id, IPC_STAT, &ds);
	CHECK_MODE("mode set", ds.shm_perm.mode & 0777, 0600);
	CHECK_EQ("size kept", (unsigned)ds.shm_segsz, 8192);
	shmdt(at);
	shmctl(id, IPC_RMID, NULL);
}

static void shm_info(void)
{
	struct shminfo b;
	int *a = at_page_end(5 * sizeof(int));
	long r = old_shmctl(0, IPC_INFO, a);
	CHECK_EQ("old IPC_INFO fits its five ints", r >= 0, 1);
	CHECK_EQ("and says what IPC_INFO says", r, shmctl(0, IPC_INFO, (void *)&b));
	CHECK_EQ("shmmax", a[0], (int)(b.shmmax > INT_MAX ? INT_MAX : b.shmmax));
	CHECK_EQ("shmmin", a[1], (int)b.shmmin);
	CHECK_EQ("shmmni", a[2], (int)b.shmmni);
	CHECK_EQ("shmseg", a[3], (int)b.shmseg);
	CHECK_EQ("shmall", a[4], (int)b.shmall);
	struct shm_info c, d;
	CHECK_EQ("old SHM_INFO", old_shmctl(0, SHM_INFO, &c), shmctl(0, SHM_INFO, (void *)&d));
	CHECK_EQ("same shm_info", memcmp(&c, &d, sizeof c), 0);
}

int main(void)
{
	RUN(msg_stat);
	RUN(msg_set);
	RUN(msg_info);
	RUN(sem_stat);
	RUN(shm_stat);
	RUN(shm_info);
	return cases_failed ? 1 : 0;
}
