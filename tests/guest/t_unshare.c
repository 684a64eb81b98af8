/* t_unshare - unshare(2) as Linux 6.1 for what clone shares: a thread's
 * own descriptor table (CLONE_FILES) and cwd and umask (CLONE_FS), the
 * semaphore undo list applied as at exit (CLONE_SYSVSEM), the thread
 * group, signal actions and address space that can only be found not
 * shared (EINVAL in a thread group or a vfork child), and unknown flags
 * (kernel/unshare.c). Namespaces differ by configuration: in
 * t_unshare_guest. */
#include "check.h"
#include <sched.h>
#include <pthread.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static long unshare_(unsigned long flags)
{
	return syscall(SYS_unshare, flags);
}

static void plain(void)
{
	CHECK_OK0("nothing", unshare_(0));
	CHECK_ERR("CLONE_VFORK: EINVAL", unshare_(CLONE_VFORK), EINVAL);
	CHECK_ERR("CLONE_PTRACE: EINVAL", unshare_(CLONE_PTRACE), EINVAL);
	CHECK_ERR("CLONE_SETTLS: EINVAL", unshare_(CLONE_SETTLS), EINVAL);
	CHECK_OK0("CLONE_THREAD alone in its group", unshare_(CLONE_THREAD));
	CHECK_OK0("CLONE_SIGHAND, not shared", unshare_(CLONE_SIGHAND));
	CHECK_OK0("CLONE_VM, not shared", unshare_(CLONE_VM));
	CHECK_OK0("CLONE_FILES, not shared", unshare_(CLONE_FILES));
	CHECK_OK0("CLONE_FS, not shared", unshare_(CLONE_FS));
}

static long thread_r[4];
static int fd_main;

static void *files_thread(void *arg)
{
	(void)arg;
	thread_r[0] = unshare_(CLONE_FILES);
	thread_r[1] = close(fd_main);                /* only in the thread's copy */
	thread_r[2] = dup(0);                        /* only in the thread's table */
	return NULL;
}

static void files(void)
{
	fd_main = dup(0);
	pthread_t t;
	pthread_create(&t, NULL, files_thread, NULL);
	pthread_join(t, NULL);
	CHECK_EQ("a thread unshares its table", thread_r[0], 0);
	CHECK_EQ("and closes a descriptor there", thread_r[1], 0);
	CHECK_EQ("which the process still has", fcntl(fd_main, F_GETFD), 0);
	CHECK("the thread's new one is its own", thread_r[2] == fd_main || fcntl(thread_r[2], F_GETFD) == -1);
}

static void *fs_thread(void *arg)
{
	(void)arg;
	thread_r[0] = unshare_(CLONE_FS);
	thread_r[1] = chdir("/");
	thread_r[2] = umask(077);
	return NULL;
}

static void fs(void)
{
	char before[256], after[256];
	chdir("/proc");
	umask(022);
	getcwd(before, sizeof before);
	pthread_t t;
	pthread_create(&t, NULL, fs_thread, NULL);
	pthread_join(t, NULL);
	getcwd(after, sizeof after);
	CHECK_EQ("a thread unshares cwd and umask", thread_r[0], 0);
	CHECK_EQ("and changes them", thread_r[1], 0);
	CHECK_STR("the process's cwd stays", after, "/proc");
	CHECK_EQ("its umask too", umask(022), 022);
}

static volatile int parked;

static void *park(void *arg)
{
	(void)arg;
	parked = 1;
	pause();
	return NULL;
}

static void in_a_group(void)
{
	pthread_t t;
	pthread_create(&t, NULL, park, NULL);
	while (!parked)
		sched_yield();
	CHECK_ERR("CLONE_THREAD with two threads: EINVAL", unshare_(CLONE_THREAD), EINVAL);
	CHECK_ERR("CLONE_SIGHAND (shared): EINVAL", unshare_(CLONE_SIGHAND), EINVAL);
	CHECK_ERR("CLONE_VM (shared): EINVAL", unshare_(CLONE_VM), EINVAL);
	CHECK_ERR("CLONE_NEWUSER brings CLONE_THREAD: EINVAL", unshare_(CLONE_NEWUSER), EINVAL);
	CHECK_ERR("an unknown flag first: EINVAL", unshare_(CLONE_FILES | CLONE_VFORK), EINVAL);
	CHECK_OK0("CLONE_FILES is fine", unshare_(CLONE_FILES));
}

static void vfork_child(void)
{
	pid_t pid = vfork();
	if (pid == 0)
		_exit(unshare_(CLONE_VM) == -1 && errno == EINVAL ? 0 : 1);
	CHECK_EQ("a vfork child: CLONE_VM is shared, EINVAL", wait_for(pid), 0);
	pid = vfork();
	if (pid == 0)
		_exit(unshare_(CLONE_FILES | CLONE_FS) == 0 ? 0 : 1);
	CHECK_EQ("but its files and fs are its own already", wait_for(pid), 0);
}

static void sysvsem(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600);
	struct sembuf up = { 0, 3, SEM_UNDO };
	semop(id, &up, 1);
	CHECK_EQ("3 with SEM_UNDO", semctl(id, 0, GETVAL), 3);
	CHECK_OK0("CLONE_SYSVSEM", unshare_(CLONE_SYSVSEM));
	CHECK_EQ("the undo applied at once", semctl(id, 0, GETVAL), 0);
	up.sem_op = 2;
	semop(id, &up, 1);
	pid_t pid = fork();
	if (pid == 0) {
		struct sembuf one = { 0, 1, SEM_UNDO };
		semop(id, &one, 1);
		unshare_(CLONE_SYSVSEM);
		_exit(semctl(id, 0, GETVAL) == 2 ? 0 : 1);
	}
	CHECK_EQ("a child's own undo only", wait_for(pid), 0);
	CHECK_EQ("2 left after the child", semctl(id, 0, GETVAL), 2);
	semctl(id, 0, IPC_RMID);
}

int main(void)
{
	RUN(plain);
	RUN(files);
	RUN(fs);
	RUN(in_a_group);
	RUN(vfork_child);
	RUN(sysvsem);
	return cases_failed ? 1 : 0;
}
