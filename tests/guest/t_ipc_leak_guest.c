/* t_ipc_leak_guest - guest only: thousands of System V IPC objects, shared
 * mappings and locks made and destroyed must give back every page. Each
 * kind runs a warm-up round, then the free page count (sysinfo().freeram,
 * pages on Pipit) is taken, the full round runs, and the count must come
 * back exactly. Counts are printed only on failure. Leaks of small kernel
 * structures show too: thousands of them fill pages. */
#include "check.h"
#include <signal.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sched.h>
#include <mqueue.h>
#include "kmem.h"

#define PG 4096

struct mbuf {
	long mtype;
	char mtext[2048];
};

/* Each round function returns the number of failed operations. */

static int msg_rounds(int n)
{
	static struct mbuf m;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0) {
			bad++;
			continue;
		}
		for (int k = 0; k < 4; k++) {
			m.mtype = 1 + k;
			bad += msgsnd(id, &m, 100 + 500 * k, IPC_NOWAIT) != 0;
		}
		bad += msgrcv(id, &m, sizeof m.mtext, 2, IPC_NOWAIT) != 600;
		bad += msgrcv(id, &m, 10, 0, IPC_NOWAIT | MSG_NOERROR) != 10;
		bad += msgctl(id, IPC_RMID, NULL) != 0;   /* two messages left in it */
	}
	return bad;
}

/* Sleepers removed by IPC_RMID: their references must be dropped too. */
static int msg_sleeper_rounds(int n)
{
	static struct mbuf m;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		pid_t pid = fork();
		if (pid == 0)
			_exit(msgrcv(id, &m, 10, 0, 0) == -1 && (errno == EIDRM || errno == EINVAL) ? 0 : 1);
		msleep(i % 4 == 0 ? 10 : 0);      /* most often it sleeps; else EINVAL */
		msgctl(id, IPC_RMID, NULL);
		int st = wait_for(pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	return bad;
}

static int sem_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = semget(IPC_PRIVATE, 1 + i % 16, IPC_CREAT | 0600);
		if (id < 0) {
			bad++;
			continue;
		}
		struct sembuf up = { 0, 2, SEM_UNDO }, down = { 0, -1, 0 };
		bad += semop(id, &up, 1) != 0;
		bad += semop(id, &down, 1) != 0;
		bad += semctl(id, 0, IPC_RMID) != 0;
	}
	return bad;
}

/* Children with SEM_UNDO records and sleepers woken by IPC_RMID. */
static int sem_child_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
		pid_t pid = fork();
		if (pid == 0) {
			struct sembuf up = { 1, 1, SEM_UNDO }, wait = { 0, -1, SEM_UNDO };
			semop(id, &up, 1);
			_exit(semop(id, &wait, 1) == -1 && errno == EIDRM ? 0 : 1);
		}
		for (int k = 0; k < 500 && semctl(id, 0, GETNCNT) != 1; k++)
			msleep(1);
		semctl(id, 0, IPC_RMID);
		int st = wait_for(pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	return bad;
}

static int shm_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = shmget(IPC_PRIVATE, (1 + i % 8) * PG, IPC_CREAT | 0600);
		if (id < 0) {
			bad++;
			continue;
		}
		char *p = shmat(id, NULL, 0);
		if (p == (void *)-1) {
			bad++;
			shmctl(id, IPC_RMID, NULL);
			continue;
		}
		for (int k = 0; k <= i % 8; k++)
			p[k * PG] = (char)k;
		if (i % 2) {
			bad += shmctl(id, IPC_RMID, NULL) != 0;   /* while attached */
			bad += shmdt(p) != 0;
		} else {
			bad += shmdt(p) != 0;
			bad += shmctl(id, IPC_RMID, NULL) != 0;
		}
	}
	return bad;
}

/* Attachments inherited by a child and dropped at its exit or exec. */
static int shm_fork_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int id = shmget(IPC_PRIVATE, 4 * PG, IPC_CREAT | 0600);
		char *p = shmat(id, NULL, 0);
		shmctl(id, IPC_RMID, NULL);
		pid_t pid = fork();
		if (pid == 0) {
			p[PG] = 1;
			p[3 * PG] = 2;
			_exit(0);
		}
		p[0] = 3;
		shmdt(p);
		int st = wait_for(pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	return bad;
}

static int mmap_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			bad++;
			continue;
		}
		p[0] = 1;
		pid_t pid = fork();
		if (pid == 0) {
			for (int k = 0; k < 8; k++)
				p[k * PG] = (char)k;
			munmap(p + 2 * PG, 3 * PG);
			_exit(0);
		}
		munmap(p + 4 * PG, PG);
		int st = wait_for(pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0 || p[7 * PG] != 7;
		munmap(p, 8 * PG);
	}
	return bad;
}

static int lock_rounds(int n)
{
	int bad = 0;
	put_file("/tmp/t_ipc_leak_guest.lock", "x", 1);
	for (int i = 0; i < n; i++) {
		int fd = open("/tmp/t_ipc_leak_guest.lock", O_RDWR);
		bad += flock(fd, LOCK_EX) != 0;
		for (int k = 0; k < 5; k++) {
			struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = k * 20, .l_len = 10 };
			bad += fcntl(fd, F_SETLK, &fl) != 0;
		}
		struct flock un = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 50 };
		bad += fcntl(fd, F_SETLK, &un) != 0;      /* splits and trims */
		if (i % 2)
			flock(fd, LOCK_UN);
		close(fd);                                /* the rest go here */
	}
	unlink("/tmp/t_ipc_leak_guest.lock");
	return bad;
}

/* A child fills a new IPC namespace (and a UTS one) with a queue and its
 * messages, an array, a segment, POSIX queues, then exits; every other
 * round the parent held the namespace by its file and closes it after:
 * the namespace's last user destroys all of it. */
static int ns_rounds(int n)
{
	static struct mbuf m;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int p[2], q[2];
		if (pipe(p) < 0 || pipe(q) < 0)
			return bad + 1;
		pid_t pid = fork();
		if (pid == 0) {
			char x = 0;
			if (unshare(CLONE_NEWIPC | CLONE_NEWUTS) < 0)
				_exit(1);
			int mid = msgget(1234, IPC_CREAT | 0600), s = semget(IPC_PRIVATE, 4, 0600);
			int sh = shmget(IPC_PRIVATE, 3 * PG, 0600);
			m.mtype = 1;
			int r = msgsnd(mid, &m, 1000, IPC_NOWAIT) | msgsnd(mid, &m, 10, IPC_NOWAIT);
			char *a = shmat(sh, NULL, 0);
			if (a != (char *)-1)
				a[PG] = 1;
			mqd_t mq = mq_open("/leak", O_CREAT | O_RDWR, 0600, NULL);
			r |= mq_send(mq, "abc", 3, 0) | (s < 0) | (mq_open("/leak2", O_CREAT | O_RDWR, 0600, NULL) < 0);
			write(p[1], &x, 1);
			close(q[1]);
			read(q[0], &x, 1);               /* until the parent looked */
			_exit(r ? 1 : 0);
		}
		close(p[1]);
		close(q[0]);
		char x, path[64];
		int fd = -1;
		snprintf(path, sizeof path, "/proc/%d/ns/ipc", pid);
		if (read(p[0], &x, 1) == 1 && i % 2)
			fd = open(path, O_RDONLY);
		close(q[1]);
		int st = wait_for(pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0 || (i % 2 && fd < 0);
		if (fd >= 0)
			close(fd);
		close(p[0]);
	}
	return bad;
}

static void measure(const char *name, int (*rounds)(int), int n)
{
	measure_pages(name, rounds, n / 10 + 1, "warm-up round without errors", n, "%d rounds without errors");
}

static void msgs(void) { measure("message queues", msg_rounds, 3000); }
static void msg_sleepers(void) { measure("queues removed under a sleeper", msg_sleeper_rounds, 300); }
static void sems(void) { measure("semaphore arrays", sem_rounds, 3000); }
static void sem_children(void) { measure("semaphores with undo and sleepers", sem_child_rounds, 300); }
static void shms(void) { measure("shm segments", shm_rounds, 3000); }
static void shm_forks(void) { measure("shm attachments across fork", shm_fork_rounds, 500); }
static void mmaps(void) { measure("shared anonymous mappings", mmap_rounds, 1000); }
static void locks(void) { measure("flock and fcntl locks", lock_rounds, 3000); }
static void namespaces(void) { measure("IPC namespaces full of objects", ns_rounds, 300); }

int main(void)
{
	CHECK("sysinfo reports free pages", free_pages() > 0);
	RUN(msgs);
	RUN(msg_sleepers);
	RUN(sems);
	RUN(sem_children);
	RUN(shms);
	RUN(shm_forks);
	RUN(mmaps);
	RUN(locks);
	RUN(namespaces);
	return cases_failed || check_failed ? 1 : 0;
}
