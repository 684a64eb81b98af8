/* t_hostile_mem - differential test of counts a user can raise: one page
 * of a file mapped MAP_SHARED 512 times in each of 130 processes (about
 * 66,000 references to one page; a 16-bit page count overflowed) must
 * neither panic nor break the mappings, and the per-user pipe accounting
 * (pipe-user-pages-soft, 16384 pages by default): a user's 1025th pipe of
 * 64 KiB passes the soft limit and gets two pages, as Linux 6 gives it. */
#include "check.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define PG 4096
#define NMAP 512
#define NPROC 130

static char *maps[NMAP];

/* Maps page 0 of fd NMAP times, one page each, side by side inside one
 * reservation (so no search for room is needed); 0 or -1. */
static int map_many(int fd)
{
	char *base = mmap(NULL, NMAP * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	for (int i = 0; i < NMAP; i++) {
		maps[i] = mmap(base + i * PG, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
		if (maps[i] == MAP_FAILED)
			return -1;
	}
	return 0;
}

/* Child k: reads the page through every mapping, writes byte k+1 at
 * offset k through one of them, says so, and waits for the end. */
static void sharer(int k, int ready, int go)
{
	int sum = 0;
	for (int i = 0; i < NMAP; i++)
		sum += maps[i][NPROC];
	maps[(k * 7) % NMAP][k] = (char)(k + 1);
	char c = sum == 0 ? 'y' : 'n';
	if (write(ready, &c, 1) != 1)
		_exit(2);
	read(go, &c, 1);                         /* end of file: the parent is done */
	_exit(0);
}

/* Every byte 0..n-1 seen as k+1 through every mapping. */
static int all_seen(int n)
{
	for (int i = 0; i < NMAP; i++)
		for (int k = 0; k < n; k++)
			if (maps[i][k] != (char)(k + 1))
				return 0;
	return 1;
}

static void page_mapped_66000_times(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK0("ftruncate the file to one page", ftruncate(fd, PG));
	CHECK_OK0("map its page 512 times", map_many(fd));
	for (int i = 0; i < NMAP; i++)
		(void)*(volatile char *)maps[i];
	int ready[2], go[2];
	pipe(ready);
	pipe(go);
	int made = 1, ok = 0;
	pid_t pids[NPROC];
	for (int k = 0; k < NPROC - 1; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			close(ready[0]);
			close(go[1]);
			sharer(k, ready[1], go[0]);
		}
		made += pids[k] > 0;
	}
	CHECK_EQ("processes mapping the page 512 times", made, NPROC);
	close(ready[1]);
	close(go[0]);
	char c;
	for (int k = 1; k < made && read(ready[0], &c, 1) == 1; k++)
		ok += c == 'y';
	CHECK_EQ("children that saw a zero page through all 512 mappings", ok, NPROC - 1);
	CHECK("every child's byte seen through every mapping of the parent", all_seen(NPROC - 1));
	close(go[1]);
	int clean = 0;
	for (int k = 0; k < NPROC - 1; k++)
		clean += wait_for(pids[k]) == 0;
	CHECK_EQ("children exited 0", clean, NPROC - 1);
	CHECK_OK0("munmap all", munmap(maps[0], NMAP * PG));
	char buf[NPROC];
	CHECK_EQ("pread after the unmapping", pread(fd, buf, sizeof buf, 0), sizeof buf);
	int same = 1;
	for (int k = 0; k < NPROC - 1; k++)
		same &= buf[k] == (char)(k + 1);
	CHECK("the file holds what the children wrote", same);
	close(fd);
}

/* The bytes a pipe takes before a non-blocking write of 4096 fails: its
 * capacity. */
static long capacity(int wfd)
{
	static char page[PG];
	long n = 0;
	fcntl(wfd, F_SETFL, O_NONBLOCK);
	while (write(wfd, page, PG) == PG && n < (1 << 20))
		n += PG;
	return n;
}

#define USER_PIPES 1024                      /* 16 pages each: the soft limit */
#define PER_PROC 120

/* Makes `left` pipes, PER_PROC in each process of a chain of children
 * (a process has 256 descriptors), and the last one measures one pipe
 * more and sends its capacity to out. Each exits 0 when all went well. */
static void pipe_holders(int left, int out)
{
	int fds[2];
	for (;;) {
		int n = left < PER_PROC ? left : PER_PROC;
		for (int i = 0; i < n; i++)
			if (pipe(fds) < 0)
				_exit(3);
		left -= n;
		if (left == 0)
			break;
		pid_t pid = fork();
		if (pid != 0)
			_exit(pid > 0 && wait_for(pid) == 0 ? 0 : 4);
		for (int fd = 3; fd < 3 + 2 * n; fd++)
			if (fd != out)
				close(fd);
	}
	if (pipe(fds) < 0)
		_exit(5);
	report(out, capacity(fds[1]));
	_exit(0);
}

static void pipe_soft_limit(void)
{
	int res[2];
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		close(res[0]);
		if (dup2(res[1], 250) < 0)
			_exit(6);
		close(res[1]);
		setgroups(0, NULL);
		if (setgid(54321) < 0 || setuid(54321) < 0)
			_exit(7);
		int fds[2];
		if (pipe(fds) < 0)
			_exit(8);
		report(250, capacity(fds[1]));       /* the first pipe: 16 pages */
		close(fds[0]);
		close(fds[1]);
		pipe_holders(USER_PIPES, 250);
	}
	close(res[1]);
	CHECK_EQ("a user's first pipe holds 65536 bytes", collect(res[0]), 65536);
	CHECK_EQ("the pipe past 16384 pages of the user's pipes holds 8192", collect(res[0]), 8192);
	CHECK_EQ("the pipe holders exited 0", wait_for(pid), 0);
	close(res[0]);
}

static void sysctl_files(void)
{
	char buf[64];
	CHECK_EQ("read pipe-user-pages-soft", get_file("/proc/sys/fs/pipe-user-pages-soft", buf, sizeof buf), 6);
	CHECK_STR("pipe-user-pages-soft is 16384 by default", buf, "16384\n");
	CHECK_EQ("read pipe-user-pages-hard", get_file("/proc/sys/fs/pipe-user-pages-hard", buf, sizeof buf), 2);
	CHECK_STR("pipe-user-pages-hard is 0 by default", buf, "0\n");
	struct stat st = st_of("/proc/sys/fs/pipe-user-pages-soft");
	CHECK_MODE("pipe-user-pages-soft is 0644", st.st_mode & 07777, 0644);
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(7);
		errno = 0;
		int fd = open("/proc/sys/fs/pipe-user-pages-soft", O_WRONLY);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	CHECK_EQ("a user cannot open pipe-user-pages-soft for writing", wait_for(pid), 0);
}

int main(void)
{
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	tdir_setup("t_hostile_mem");
	RUN(page_mapped_66000_times);
	RUN(pipe_soft_limit);
	RUN(sysctl_files);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
