/* t_flock - differential test of flock(2): shared and exclusive locks,
 * LOCK_NB -> EWOULDBLOCK, locks belonging to the open file description
 * (shared by dup and fork, a separate open() conflicts even in the same
 * process), release at the last close and at exit, conversions (not
 * atomic on Linux: a failed LOCK_NB conversion has dropped the old lock),
 * blocking waits woken by an unlock, EINTR, independence from fcntl
 * locks, and errors. Other processes report through their exit status. */
#include "check.h"
#include <signal.h>
#include <sys/file.h>

static const char *path;

/* A child opens path itself and tries flock(op | LOCK_NB): exits 0 on
 * success, else with errno. */
static int other_try(int op)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(100);
		_exit(flock(fd, op | LOCK_NB) == 0 ? 0 : errno);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

static int open_file(void)
{
	path = P("lockfile");
	put_file(path, "data\n", 5);
	return open(path, O_RDWR);
}

/* ---- cases ---- */

static void shared_locks(void)
{
	int fd = open_file();
	CHECK_OK0("LOCK_SH", flock(fd, LOCK_SH));
	CHECK_EQ("another process gets LOCK_SH too", other_try(LOCK_SH), 0);
	CHECK_EQ("another process: LOCK_EX|LOCK_NB -> EWOULDBLOCK", other_try(LOCK_EX), EWOULDBLOCK);
	CHECK_OK0("LOCK_SH again is a no-op", flock(fd, LOCK_SH));
	CHECK_OK0("LOCK_UN", flock(fd, LOCK_UN));
	CHECK_EQ("then another process gets LOCK_EX", other_try(LOCK_EX), 0);
	CHECK_OK0("LOCK_UN without a lock is fine", flock(fd, LOCK_UN));
	close(fd);
}

static void exclusive(void)
{
	int fd = open_file();
	CHECK_OK0("LOCK_EX", flock(fd, LOCK_EX));
	CHECK_EQ("another process: LOCK_SH|LOCK_NB -> EWOULDBLOCK", other_try(LOCK_SH), EWOULDBLOCK);
	CHECK_EQ("another process: LOCK_EX|LOCK_NB -> EWOULDBLOCK", other_try(LOCK_EX), EWOULDBLOCK);
	int fd2 = open(path, O_RDWR);
	CHECK_ERR("a second open() in the same process conflicts", flock(fd2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR("even for LOCK_SH", flock(fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	close(fd2);
	CHECK_EQ("closing the other descriptor released nothing", other_try(LOCK_SH), EWOULDBLOCK);
	int ro = open(path, O_RDONLY);
	close(fd);
	CHECK_EQ("close of the only descriptor releases it", other_try(LOCK_EX), 0);
	CHECK_OK0("LOCK_EX on an O_RDONLY descriptor is allowed", flock(ro, LOCK_EX));
	close(ro);
}

static void dup_shares(void)
{
	int fd = open_file();
	flock(fd, LOCK_EX);
	int d = dup(fd);
	CHECK_OK0("LOCK_EX through a dup of the holder: same lock", flock(d, LOCK_EX | LOCK_NB));
	close(fd);
	CHECK_EQ("closing one of two descriptors keeps the lock", other_try(LOCK_SH), EWOULDBLOCK);
	int d2 = dup(d);
	CHECK_OK0("LOCK_UN through a dup", flock(d2, LOCK_UN));
	CHECK_EQ("released the lock of the open file", other_try(LOCK_EX), 0);
	flock(d, LOCK_SH);
	close(d);
	CHECK_EQ("a dup still holds the LOCK_SH", other_try(LOCK_EX), EWOULDBLOCK);
	close(d2);
	CHECK_EQ("released at the last close", other_try(LOCK_EX), 0);
}

static void fork_shares(void)
{
	int fd = open_file();
	flock(fd, LOCK_EX);
	pid_t pid = fork();
	if (pid == 0)
		_exit(flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	CHECK_EXIT("a child's LOCK_EX on the inherited descriptor succeeds", wait_for(pid), 0);
	CHECK_EQ("the child's exit did not release it (the parent's fd is open)", other_try(LOCK_SH), EWOULDBLOCK);
	pid = fork();
	if (pid == 0)
		_exit(flock(fd, LOCK_UN) == 0 ? 0 : 1);
	wait_for(pid);
	CHECK_EQ("a child can unlock the parent's lock", other_try(LOCK_EX), 0);

	flock(fd, LOCK_SH);
	int gate[2];
	pipe(gate);
	pid = fork();
	if (pid == 0) {
		char g;
		close(gate[1]);
		read(gate[0], &g, 1);     /* alive until the parent has looked */
		_exit(0);
	}
	close(gate[0]);
	close(fd);
	CHECK_EQ("the parent closed, the child's inherited fd still holds it", other_try(LOCK_EX), EWOULDBLOCK);
	close(gate[1]);
	wait_for(pid);
	CHECK_EQ("the child's exit was the last close", other_try(LOCK_EX), 0);

	/* a process's own open file: released when it exits */
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		flock(f, LOCK_EX);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("exit releases the locks of its open files", other_try(LOCK_EX), 0);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		flock(f, LOCK_EX);
		pause();
		_exit(0);
	}
	msleep(100);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_EQ("and so does death by a signal", other_try(LOCK_EX), 0);
}

static void conversion(void)
{
	int fd = open_file();
	flock(fd, LOCK_SH);
	CHECK_OK0("LOCK_SH -> LOCK_EX when alone", flock(fd, LOCK_EX | LOCK_NB));
	CHECK_EQ("now exclusive", other_try(LOCK_SH), EWOULDBLOCK);
	CHECK_OK0("LOCK_EX -> LOCK_SH", flock(fd, LOCK_SH | LOCK_NB));
	CHECK_EQ("now others may share", other_try(LOCK_SH), 0);

	/* someone else shares it: the upgrade fails, and (Linux) drops ours */
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		flock(f, LOCK_SH);
		write(a[1], "x", 1);
		read(b[0], &c, 1);
		_exit(0);
	}
	read(a[0], &c, 1);
	CHECK_ERR("upgrade while another holds LOCK_SH -> EWOULDBLOCK", flock(fd, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	write(b[1], "x", 1);
	wait_for(pid);
	CHECK_EQ("the failed conversion dropped the old LOCK_SH", other_try(LOCK_EX), 0);

	/* a blocking upgrade waits for the other sharer */
	flock(fd, LOCK_SH);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		flock(f, LOCK_SH);
		write(a[1], "x", 1);
		read(b[0], &c, 1);
		flock(f, LOCK_UN);
		msleep(200);
		_exit(0);
	}
	read(a[0], &c, 1);
	pid_t up = fork();
	if (up == 0) {
		int r = flock(fd, LOCK_EX);  /* the inherited open file */
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("the blocking upgrade waits", still_running(up, 200));
	write(b[1], "x", 1);
	CHECK_EXIT("and completes when the other unlocks", wait_for(up), 0);
	wait_for(pid);
	CHECK_EQ("the open file now holds LOCK_EX", other_try(LOCK_SH), EWOULDBLOCK);
	close(fd);
}

static void blocking(void)
{
	int fd = open_file();
	flock(fd, LOCK_EX);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		int r = flock(f, LOCK_SH);
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("LOCK_SH blocks behind LOCK_EX", still_running(pid, 200));
	flock(fd, LOCK_UN);
	CHECK_EXIT("the unlock wakes it", wait_for(pid), 0);

	flock(fd, LOCK_EX);
	pid = fork();
	if (pid == 0) {
		close(fd);                   /* else the inherited fd keeps it */
		int f = open(path, O_RDONLY);
		int r = flock(f, LOCK_EX);
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("LOCK_EX blocks", still_running(pid, 200));
	close(fd);
	CHECK_EXIT("the close wakes it", wait_for(pid), 0);

	fd = open(path, O_RDWR);
	flock(fd, LOCK_EX);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		errno = 0;
		int r = flock(f, LOCK_EX);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	msleep(100);
	CHECK_EXIT("a signal interrupts a blocked flock -> EINTR", kick(pid, SIGUSR1), 0);
	CHECK_EQ("the lock is still held", other_try(LOCK_SH), EWOULDBLOCK);
	close(fd);
}

static void independent_of_fcntl(void)
{
	int fd = open_file();
	flock(fd, LOCK_EX);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		_exit(fcntl(f, F_SETLK, &fl) == 0 ? 0 : 1);
	}
	CHECK_EXIT("an fcntl write lock ignores the flock", wait_for(pid), 0);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	fcntl(fd, F_SETLK, &fl);
	flock(fd, LOCK_UN);
	CHECK_EQ("flock LOCK_EX by another ignores our fcntl lock", other_try(LOCK_EX), 0);
	close(fd);
}

static void errors(void)
{
	int fd = open_file();
	CHECK_ERR("flock on a closed fd -> EBADF", flock(99, LOCK_SH), EBADF);
	CHECK_ERR("flock(-1) -> EBADF", flock(-1, LOCK_SH), EBADF);
	CHECK_ERR("op 0 -> EINVAL", flock(fd, 0), EINVAL);
	CHECK_ERR("op LOCK_NB alone -> EINVAL", flock(fd, LOCK_NB), EINVAL);
	CHECK_ERR("op 77 -> EINVAL", flock(fd, 77), EINVAL);
	int d = open(tdir, O_RDONLY);
	CHECK_OK0("a directory can be flocked", flock(d, LOCK_EX));
	close(d);
	int p[2];
	pipe(p);
	CHECK_OK0("so can a pipe", flock(p[0], LOCK_EX));
	close(fd);
}

int main(void)
{
	umask(022);
	tdir_setup("t_flock");
	RUN(shared_locks);
	RUN(exclusive);
	RUN(dup_shares);
	RUN(fork_shares);
	RUN(conversion);
	RUN(blocking);
	RUN(independent_of_fcntl);
	RUN(errors);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
