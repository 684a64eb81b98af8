/* t_hostile_oom_guest - guest only (it fills the machine's memory, and
 * sets /proc/sys/fs limits): an ordinary user who fills memory with pipe
 * buffers or with a growing file must not take the system down. The pipe
 * limits of /proc/sys/fs act as Linux's; while pipes fill memory root can
 * still run a program, and when a program then needs more, the OOM killer
 * kills the largest holder (a pipe filler), not the program that faulted
 * and never init; a file that grows until memory runs out gives its writer
 * ENOSPC; afterwards every page comes back (tests/guest/kmem.h). */
#include "check.h"
#include <sys/statfs.h>
#include "kmem.h"
#include <sys/mman.h>

#define PG 4096
#define MAX_FILLERS 128
#define PIPES_EACH 120

struct board {                              /* shared by the test and its children */
	volatile int ready;                     /* fillers that have filled their pipes */
	volatile int full;                      /* a filler met ENOMEM: memory is full */
	volatile int filled;                    /* the user's fillers are all in place */
	volatile int death;                     /* wait status of the first filler to die */
	volatile int nfillers;
};

static struct board *bd;
static char page[PG];

static int put(const char *path, const char *text)
{
	return put_file(path, text, strlen(text));
}

/* The capacity of a new pipe, or -errno when pipe() fails. */
static long new_pipe_capacity(void)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -errno;
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	long n = 0;
	while (write(fds[1], page, PG) == PG)
		n += PG;
	return n;
}

static void user_pipes_under_limits(void)
{
	long cap[7];
	for (int i = 0; i < 7; i++)
		cap[i] = new_pipe_capacity();
	CHECK_EQ("pipe 1 (16 of 32 soft pages) holds 65536", cap[0], 65536);
	CHECK_EQ("pipe 2 (32 pages: at the soft limit) holds 65536", cap[1], 65536);
	CHECK_EQ("pipe 3 (past the soft limit) holds 8192", cap[2], 8192);
	CHECK_EQ("pipe 6 (40 pages: at the hard limit) holds 8192", cap[5], 8192);
	CHECK_EQ("pipe 7 (past the hard limit) fails with ENFILE", cap[6], -ENFILE);
	CHECK_ERR("opening a FIFO past the hard limit: ENOMEM", open(P("fifo"), O_RDWR), ENOMEM);
}

static void pipe_limits(void)
{
	char buf[32];
	CHECK_OK0("root sets pipe-user-pages-soft to 32", put("/proc/sys/fs/pipe-user-pages-soft", "32\n"));
	CHECK_OK0("root sets pipe-user-pages-hard to 40", put("/proc/sys/fs/pipe-user-pages-hard", "40"));
	get_file("/proc/sys/fs/pipe-user-pages-soft", buf, sizeof buf);
	CHECK_STR("pipe-user-pages-soft reads back", buf, "32\n");
	CHECK_ERR("a word is not a number: EINVAL", put_file("/proc/sys/fs/pipe-user-pages-hard", "abc", 3), EINVAL);
	get_file("/proc/sys/fs/pipe-user-pages-hard", buf, sizeof buf);
	CHECK_STR("pipe-user-pages-hard unchanged by it", buf, "40\n");
	CHECK_OK0("mkfifo", mkfifo(P("fifo"), 0666));
	chmod(P("fifo"), 0666);
	as_uid1000(user_pipes_under_limits);
	long cap[4];
	for (int i = 0; i < 4; i++)
		cap[i] = new_pipe_capacity();
	CHECK("root's pipes are not limited", cap[0] == 65536 && cap[3] == 65536);
	CHECK_OK0("pipe-user-pages-soft back to 16384", put("/proc/sys/fs/pipe-user-pages-soft", "16384\n"));
	CHECK_OK0("pipe-user-pages-hard back to 0", put("/proc/sys/fs/pipe-user-pages-hard", "0\n"));
}

/* One filler: PIPES_EACH pipes, each written full, until memory runs out;
 * then it holds them. */
static void filler(void)
{
	int fds[2];
	for (int i = 0; i < PIPES_EACH && !bd->full; i++) {
		if (pipe(fds) < 0) {
			bd->full = 1;
			break;
		}
		fcntl(fds[1], F_SETFL, O_NONBLOCK);
		while (write(fds[1], page, PG) == PG)
			;
		if (errno == ENOMEM)
			bd->full = 1;
	}
	bd->ready++;
	for (;;)
		pause();
}

/* uid 1000: fillers one after another until memory is full; then waits
 * for the first to die and ends the others. */
static void pipe_hog(void)
{
	pid_t pids[MAX_FILLERS];
	int n = 0;
	while (n < MAX_FILLERS && !bd->full) {
		pids[n] = fork();
		if (pids[n] == 0)
			filler();
		if (pids[n] < 0)
			break;
		n++;
		while (bd->ready < n)
			msleep(2);
	}
	bd->nfillers = n;
	bd->filled = 1;
	int st;
	while (wait(&st) < 0 && errno == EINTR)
		;
	bd->death = st;
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	_exit(0);
}

static int run_true(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	return pid < 0 ? -1 : wait_for(pid);
}

static void pipes_fill_memory(void)
{
	memset((void *)bd, 0, sizeof *bd);
	pid_t hog = fork();
	if (hog == 0) {
		setgroups(0, NULL);
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(7);
		pipe_hog();
	}
	while (!bd->filled)
		msleep(10);
	CHECK("the user's pipes filled memory", bd->full);
	CHECK_EQ("root can still run a program", run_true(), 0);
	size_t len = 4 << 20;
	char *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; mem != MAP_FAILED && i < len; i += PG)
		mem[i] = 1;                      /* past the reserve: someone must die */
	CHECK("this process got its 4 MiB", mem != MAP_FAILED);
	int st = wait_for(hog);
	CHECK_EQ("the uid 1000 parent of the fillers ended normally", st, 0);
	CHECK_SIG("the first filler to die was killed", bd->death, SIGKILL);
}

/* uid 1000: writes a file until the write fails; exit 0 if it failed with
 * ENOSPC after filling what statfs said was free (less 1 MiB of slack for
 * the file's own blocks and what others write meanwhile), and at least
 * 8 MiB (the initrd's programs take much of the RAM filesystem). */
static void file_writer(void)
{
	static char chunk[64 * 1024];
	struct statfs sf;
	if (statfs(tdir, &sf) < 0)
		_exit(3);
	long long avail = (long long)sf.f_bavail * sf.f_bsize;
	int fd = open(P("big"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		_exit(2);
	long long total = 0;
	ssize_t r;
	while ((r = write(fd, chunk, sizeof chunk)) > 0)
		total += r;
	_exit(r < 0 && errno == ENOSPC && total >= avail - (1 << 20) && total > (8 << 20) ? 0 : 1);
}

static void file_fills_memory(void)
{
	chmod(tdir, 0777);
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(7);
		file_writer();
	}
	CHECK_EXIT("the writer of a file that fills memory gets ENOSPC", wait_for(pid), 0);
	CHECK_EQ("root can still run a program", run_true(), 0);
	CHECK_OK0("unlink the file", unlink(P("big")));
}

/* Runs fn in a child between two accounts of the kernel's memory: when
 * the child is gone, every page and object it made must be back. */
static void measured(void (*fn)(void))
{
	struct kmem before, after;
	static char why[256];
	int got = kmem_take(&before);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		fn();
		_exit(check_failed ? 1 : 0);
	}
	int st = wait_for(pid);
	got |= kmem_take(&after);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail("the scenario", "%s", status_str(st));
	CHECK_OK0("kmem_take", got);
	if (kmem_diff(&before, &after, why, sizeof why) == 0)
		pass("every page came back");
	else
		fail("every page came back", "%s", why);
}

static void pipes_then_pages_back(void) { measured(pipes_fill_memory); }
static void file_then_pages_back(void) { measured(file_fills_memory); }

int main(void)
{
	umask(022);
	bd = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(page, 'p', sizeof page);
	memset((void *)bd, 0, sizeof *bd);
	tdir_setup("t_hostile_oom_guest");
	RUN(pipe_limits);
	RUN(pipes_then_pages_back);
	RUN(file_then_pages_back);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
