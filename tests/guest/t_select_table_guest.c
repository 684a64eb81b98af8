/* t_select_table_guest - select() sees only the slots the descriptor
 * table has, as Linux i386: n is cut to the table's size, 32 (the slots
 * files_struct embeds, BITS_PER_LONG) until a descriptor past them is
 * asked for, then 256 (a 1 KiB array of pointers), 512, 1024 and on by
 * powers of two, as Linux's alloc_fdtable; bits past it are
 * neither read from the caller's sets nor checked for EBADF (kernel/poll.c:
 * select_common, fs/fd.c: fdt_grow). Not differential: the host's 64-bit
 * kernel embeds 64 slots and grows to 128. */
#include "check.h"
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/resource.h>
#include <pthread.h>

/* A set of `bytes` bytes that ends where an unmapped page begins, with
 * bit `fd` set (fd < bytes * 8), or no bit with fd < 0. */
static unsigned char *set_at_page_end(size_t bytes, int fd)
{
	unsigned char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	munmap(p + 4096, 4096);
	unsigned char *s = p + 4096 - bytes;
	memset(s, 0, bytes);
	if (fd >= 0)
		s[fd / 8] |= 1u << (fd % 8);
	return s;
}

static int select_read(int n, void *set)
{
	struct timeval tv = { 0, 0 };
	return select(n, set, NULL, NULL, &tv);
}

static void small_table(void)
{
	unsigned char *s = set_at_page_end(4, 31);
	CHECK_ERR("bit 31 of 32 slots, not open", select_read(32, s), EBADF);
	s = set_at_page_end(8, 32);
	CHECK_EQ("bit 32, past the 32 slots: not checked", select_read(33, s), 0);
	s = set_at_page_end(8, 40);
	CHECK_EQ("bit 40 with n 41: not checked", select_read(41, s), 0);
	s = set_at_page_end(4, 0);
	CHECK_EQ("n 1024 reads 4 bytes only: stdin readable or not", select_read(1024, s) >= 0, 1);
	s = set_at_page_end(4, -1);
	CHECK_EQ("n 1024, an empty 4-byte set", select_read(1024, s), 0);
}

static void grown_table(void)
{
	CHECK_EQ("dup2 to 40 grows the table", dup2(0, 40), 40);
	CHECK_EQ("close 40", close(40), 0);
	unsigned char *s = set_at_page_end(8, 40);
	CHECK_ERR("bit 40 with n 41: checked now", select_read(41, s), EBADF);
	s = set_at_page_end(4, -1);
	CHECK_ERR("n 1024 reads 32 bytes now", select_read(1024, s), EFAULT);
	s = set_at_page_end(32, 255);
	CHECK_ERR("bit 255 of 256 slots, not open", select_read(1024, s), EBADF);
	s = set_at_page_end(32, -1);
	CHECK_EQ("n 1024, an empty 32-byte set", select_read(1024, s), 0);
}

/* fork sizes the child's table by its highest open descriptor. */
static void fork_shrinks(void)
{
	dup2(0, 40);
	close(40);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned char *s = set_at_page_end(8, 40);
		_exit(select_read(41, s) == 0 ? 0 : 1);
	}
	int st = wait_for(pid);
	CHECK("the child's table has 32 slots again", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	dup2(0, 40);
	pid = fork();
	if (pid == 0) {
		unsigned char *s = set_at_page_end(8, 39);
		_exit(select_read(41, s) == -1 && errno == EBADF ? 0 : 1);
	}
	st = wait_for(pid);
	CHECK("with 40 open it has 256", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* status's FDSize is the table's size. */
static long fdsize(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY), n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strstr(buf, "FDSize:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

static void status_fdsize(void)
{
	CHECK_EQ("FDSize of a small table", fdsize(), 32);
	dup2(0, 40);
	CHECK_EQ("FDSize once it grew", fdsize(), 256);
	dup2(0, 256);
	CHECK_EQ("FDSize for 256: 512", fdsize(), 512);
	dup2(0, 600);
	CHECK_EQ("FDSize for 600: 1024 (pages of pointers by powers of two)", fdsize(), 1024);
	unsigned char *s = set_at_page_end(64, -1);
	CHECK_ERR("n 1024 reads 128 bytes now", select_read(1024, s), EFAULT);
	s = set_at_page_end(128, 1023);
	CHECK_ERR("bit 1023 of 1024 slots, not open", select_read(1024, s), EBADF);
	struct rlimit r = { 4096, 4096 };
	setrlimit(RLIMIT_NOFILE, &r);
	dup2(0, 2100);
	CHECK_EQ("FDSize for 2100: 4096", fdsize(), 4096);
	pid_t pid = fork();
	if (pid == 0) {
		close(2100);
		_exit(fdsize() == 4096 ? 0 : 1);
	}
	CHECK_EQ("a forked child's table is the parent's size", wait_for(pid), 0);
	close(2100);
	close(600);
	pid = fork();
	if (pid == 0)
		_exit(fdsize() == 512 ? 0 : 1);
	CHECK_EQ("or as its highest descriptor needs (256: 512)", wait_for(pid), 0);
}

static volatile int sleeper_up;

static void *fifo_reader(void *arg)
{
	sleeper_up = 1;
	return (void *)(long)open((const char *)arg, O_RDONLY);
}

/* A fork while a thread holds (reserved, not yet filled) descriptor 40
 * and nothing above 31 is open: the child's table is as large as the
 * parent's reservation needs (Linux sizes it by open_fds), though it
 * does not get the reservation. */
static void fork_sizes_by_reserved(void)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/t_select_table_guest.%d", (int)getpid());
	unlink(path);
	mkfifo(path, 0600);
	for (int fd = 3; fd < 40; fd++)
		dup2(0, fd);
	pthread_t t;
	pthread_create(&t, NULL, fifo_reader, path);
	while (!sleeper_up)
		sched_yield();
	usleep(50000);               /* the reader sleeps in open, holding 40 */
	for (int fd = 3; fd < 40; fd++)
		close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned char *s = set_at_page_end(8, 40);
		_exit(select_read(41, s) == -1 && errno == EBADF ? 0 : 1);
	}
	int st = wait_for(pid);
	CHECK("the child's table has 256 slots: bit 40 is checked", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	int w = open(path, O_WRONLY);
	void *r;
	pthread_join(t, &r);
	CHECK_EQ("the reader got 40", (long)r, 40);
	close(w);
	unlink(path);
}

int main(void)
{
	RUN(small_table);
	RUN(grown_table);
	RUN(fork_shrinks);
	RUN(status_fdsize);
	RUN(fork_sizes_by_reserved);
	return cases_failed ? 1 : 0;
}
