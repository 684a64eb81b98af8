/* lockdemo - file locking as the book's section 5.2 shows it.
 *
 *   lockdemo [-n] [-w WORKERS] [-i INCREMENTS] [FILE]
 *
 * 1. WORKERS processes each add 1 to a decimal counter kept in FILE
 *    (default /tmp/lockdemo.counter) INCREMENTS times: read the number,
 *    pause a moment, write it back. Each update is done under a POSIX
 *    write lock (fcntl F_SETLKW on the whole file), so no update is lost;
 *    with -n no lock is taken and updates are lost whenever a worker is
 *    preempted between its read and its write.
 * 2. A record-lock tour: the parent write-locks bytes 0-99, unlocks
 *    40-59, and a child asks F_GETLK about the file, seeing the two
 *    pieces and who holds them; then flock(2) LOCK_EX/LOCK_NB.
 * 3. A lock file made with open(O_CREAT|O_EXCL): the second try fails
 *    with EEXIST until the first owner removes it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/wait.h>
#include "util.h"

static const struct prog_help help = {
	"[-n] [-w WORKERS] [-i INCREMENTS] [FILE]",
	"WORKERS processes each add 1 to a counter in FILE INCREMENTS times, under\n"
	"a lock on the whole file; the final count shows whether updates were lost.\n\n"
	"  -n              no locking (updates get lost)\n"
	"  -w WORKERS      the number of processes (4)\n"
	"  -i INCREMENTS   increments per process (200)\n"
	"  -h              this help\n",
	1, 0,
};

static int use_locks = 1;

static int lock_whole(int fd, short type)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	while (fcntl(fd, F_SETLKW, &fl) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void worker(const char *path, int increments)
{
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		err_path(path);
		_exit(1);
	}
	for (int i = 0; i < increments; i++) {
		char buf[32] = { 0 };
		if (use_locks && lock_whole(fd, F_WRLCK) < 0) {
			err_msg("F_SETLKW: %s", strerror(errno));
			_exit(1);
		}
		pread(fd, buf, sizeof buf - 1, 0);
		long v = atol(buf);
		if (i % 8 == 0)
			sched_yield();           /* invite a race */
		int n = snprintf(buf, sizeof buf, "%ld\n", v + 1);
		pwrite(fd, buf, n, 0);
		if (use_locks)
			lock_whole(fd, F_UNLCK);
	}
	_exit(0);
}

static void show_getlk(int fd, off_t start, off_t len)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	if (fcntl(fd, F_GETLK, &fl) < 0) {
		printf("  F_GETLK: %s\n", strerror(errno));
		return;
	}
	if (fl.l_type == F_UNLCK)
		printf("  bytes %lld-%lld: free\n", (long long)start, (long long)(start + len - 1));
	else
		printf("  bytes %lld-%lld: %s lock on %lld-%lld held by pid %d\n",
		       (long long)start, (long long)(start + len - 1),
		       fl.l_type == F_WRLCK ? "write" : "read", (long long)fl.l_start,
		       (long long)(fl.l_start + fl.l_len - 1), (int)fl.l_pid);
}

static void tour(const char *path)
{
	int fd = open(path, O_RDWR);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
	fcntl(fd, F_SETLK, &fl);
	fl.l_type = F_UNLCK;
	fl.l_start = 40;
	fl.l_len = 20;
	fcntl(fd, F_SETLK, &fl);
	printf("\nparent (pid %d) write-locked bytes 0-99, then unlocked 40-59.\n"
	       "A child asks F_GETLK:\n", (int)getpid());
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDWR);
		show_getlk(f, 0, 40);
		show_getlk(f, 40, 20);
		show_getlk(f, 50, 50);
		struct flock try = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 1 };
		if (fcntl(f, F_SETLK, &try) < 0)
			printf("  F_SETLK on byte 10: %s\n", strerror(errno));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(fd);                        /* any close drops the record locks */

	fd = open(path, O_RDONLY);
	flock(fd, LOCK_EX);
	printf("\nparent holds flock LOCK_EX. A child opens the file itself:\n");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int f = open(path, O_RDONLY);
		if (flock(f, LOCK_SH | LOCK_NB) < 0)
			printf("  flock(LOCK_SH|LOCK_NB): %s\n", strerror(errno));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(fd);
}

static void lockfile(const char *path)
{
	char lk[4096];
	snprintf(lk, sizeof lk, "%s.LCK", path);
	unlink(lk);
	printf("\nlock file %s:\n", lk);
	int fd = open(lk, O_WRONLY | O_CREAT | O_EXCL, 0444);
	printf("  first open(O_CREAT|O_EXCL): %s\n", fd >= 0 ? "created, we own the lock" : strerror(errno));
	if (fd >= 0) {
		char buf[16];
		int n = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
		write(fd, buf, n);
		close(fd);
	}
	int again = open(lk, O_WRONLY | O_CREAT | O_EXCL, 0444);
	printf("  second open(O_CREAT|O_EXCL): %s\n", again >= 0 ? "created (wrong!)" : strerror(errno));
	unlink(lk);
	printf("  removed; now it can be taken again\n");
}

int main(int argc, char **argv)
{
	int workers = 4, increments = 200, c;
	prog_init("lockdemo", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "nw:i:h")) != -1) {
		switch (c) {
		case 'n': use_locks = 0; break;
		case 'w': workers = atoi(optarg); break;
		case 'i': increments = atoi(optarg); break;
		case 'h': printf("Usage: lockdemo %s\n%s", help.usage, help.text); return 0;
		default: bad_option(strchr("wi", optopt) ? 0 : optopt, 1);
		}
	}
	if (workers < 1 || workers > 64 || increments < 0 || optind + 1 < argc)
		usage_exit(1);
	const char *path = optind < argc ? argv[optind] : "/tmp/lockdemo.counter";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		err_path(path);
		return 1;
	}
	write(fd, "0\n", 2);
	close(fd);
	printf("%d workers add 1 to the counter in %s %d times each, %s\n", workers, path,
	       increments, use_locks ? "under fcntl write locks" : "WITHOUT locks");
	fflush(stdout);
	for (int i = 0; i < workers; i++)
		if (fork() == 0)
			worker(path, increments);
	int bad = 0, st;
	while (wait(&st) > 0)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	char buf[32] = { 0 };
	fd = open(path, O_RDONLY);
	read(fd, buf, sizeof buf - 1);
	close(fd);
	long got = atol(buf), want = (long)workers * increments;
	printf("counter = %ld, expected %ld: %s\n", got, want,
	       got == want ? "no update lost" : "updates were lost");
	tour(path);
	lockfile(path);
	unlink(path);
	return bad || (use_locks && got != want);
}
