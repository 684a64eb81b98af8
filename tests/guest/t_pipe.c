/* t_pipe - differential test of anonymous pipes (issue 4, item 1):
 * pipe/pipe2 and their flags, blocking and non-blocking reads and writes,
 * end of file, EPIPE and SIGPIPE, ESPIPE, fstat, the capacity (64 KiB, as
 * Linux's default), atomic writes of at most PIPE_BUF bytes from several
 * writers, a large write read in odd pieces, wake-ups on the last close,
 * FIONREAD and bad user buffers.
 *
 * Linux keeps a pipe as 16 page-sized slots; Pipit counts its 64 KiB ring
 * in the same slots (ipc/pipe.h), and t_hostile_io checks the cases where
 * that shows (a partial fill, a fault in the middle of a copy). */
#include "check.h"
#include <limits.h>
#include <stdint.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define CAP 65536

/* ---- helpers ---- */

static volatile sig_atomic_t sigpipes;
static void count_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* Fills a non-blocking pipe write end; returns the bytes that fit. */
static long fill(int wfd, size_t chunk)
{
	static char junk[8192];
	long total = 0;
	for (;;) {
		ssize_t w = write(wfd, junk, chunk);
		if (w < 0)
			return errno == EAGAIN ? total : -1;
		total += w;
	}
}

static int nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);
	return fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static int fionread(int fd)
{
	int n = -1;
	if (ioctl(fd, FIONREAD, &n) < 0)
		return -1000 - errno;
	return n;
}

/* The pattern of the large transfers: byte i of a stream. */
static unsigned char pat(unsigned long i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* ---- cases ---- */

static void basics(void)
{
	int p[2], q[2];
	CHECK_OK0("pipe", pipe(p));
	CHECK("pipe_fds_distinct", p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
	CHECK_EQ("pipe_read_end_O_RDONLY", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	CHECK_EQ("pipe_write_end_O_WRONLY", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_WRONLY);
	CHECK_EQ("pipe_no_cloexec", fcntl(p[0], F_GETFD) | fcntl(p[1], F_GETFD), 0);
	CHECK_EQ("write_5", write(p[1], "hello", 5), 5);
	char buf[100] = { 0 };
	CHECK_EQ("read_returns_what_is_there", read(p[0], buf, sizeof buf), 5);
	CHECK_STR("read_data", buf, "hello");

	CHECK_EQ("write_in_two", write(p[1], "ab", 2) + write(p[1], "cdef", 4), 6);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("read_partial_count", read(p[0], buf, 3), 3);
	CHECK_STR("read_partial_data", buf, "abc");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("read_rest", read(p[0], buf, sizeof buf), 3);
	CHECK_STR("read_rest_data", buf, "def");

	struct stat s0, s1;
	CHECK_OK0("fstat_read_end", fstat(p[0], &s0));
	CHECK_OK0("fstat_write_end", fstat(p[1], &s1));
	CHECK("fstat_S_ISFIFO", S_ISFIFO(s0.st_mode) && S_ISFIFO(s1.st_mode));
	CHECK_MODE("fstat_mode", s0.st_mode, S_IFIFO | 0600);
	CHECK_EQ("fstat_nlink", s0.st_nlink, 1);
	CHECK_EQ("fstat_size", s0.st_size, 0);
	CHECK("fstat_same_inode", s0.st_ino == s1.st_ino && s0.st_dev == s1.st_dev);
	CHECK_OK0("pipe_second", pipe(q));
	struct stat s2;
	fstat(q[0], &s2);
	CHECK("fstat_other_pipe_other_inode", s2.st_ino != s0.st_ino);

	CHECK_ERR("lseek_read_end_ESPIPE", lseek(p[0], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR("lseek_write_end_ESPIPE", lseek(p[1], 0, SEEK_SET), ESPIPE);
	CHECK_ERR("pread_ESPIPE", pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR("pwrite_ESPIPE", pwrite(p[1], buf, 1, 0), ESPIPE);
	CHECK_ERR("write_read_end_EBADF", write(p[0], "x", 1), EBADF);
	CHECK_ERR("read_write_end_EBADF", read(p[1], buf, 1), EBADF);
	CHECK_EQ("read_zero_bytes", read(p[0], buf, 0), 0);
	CHECK_EQ("write_zero_bytes", write(p[1], buf, 0), 0);
	CHECK_EQ("zero_write_adds_nothing", fionread(p[0]), 0);
}

static void pipe2_flags(void)
{
	int p[2];
	CHECK_OK0("pipe2_0", pipe2(p, 0));
	CHECK_EQ("pipe2_0_fd_flags", fcntl(p[0], F_GETFD) | fcntl(p[1], F_GETFD), 0);
	CHECK_EQ("pipe2_0_fl_flags", (fcntl(p[0], F_GETFL) | fcntl(p[1], F_GETFL)) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);

	CHECK_OK0("pipe2_O_CLOEXEC", pipe2(p, O_CLOEXEC));
	CHECK_EQ("pipe2_O_CLOEXEC_read_end", fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ("pipe2_O_CLOEXEC_write_end", fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK_EQ("pipe2_O_CLOEXEC_not_nonblock", (fcntl(p[0], F_GETFL) | fcntl(p[1], F_GETFL)) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);

	CHECK_OK0("pipe2_O_NONBLOCK", pipe2(p, O_NONBLOCK));
	CHECK_EQ("pipe2_O_NONBLOCK_read_end", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	CHECK_EQ("pipe2_O_NONBLOCK_write_end", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_WRONLY | O_NONBLOCK);
	CHECK_EQ("pipe2_O_NONBLOCK_not_cloexec", fcntl(p[0], F_GETFD) | fcntl(p[1], F_GETFD), 0);
	char c;
	CHECK_ERR("pipe2_O_NONBLOCK_read_EAGAIN", read(p[0], &c, 1), EAGAIN);
	close(p[0]);
	close(p[1]);

	CHECK_OK0("pipe2_both", pipe2(p, O_NONBLOCK | O_CLOEXEC));
	CHECK("pipe2_both_flags", fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC &&
	      (fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK));
	close(p[0]);
	close(p[1]);

	CHECK_ERR("pipe2_bad_flag_EINVAL", pipe2(p, O_APPEND), EINVAL);
	int before = dup(1);
	close(before);
	CHECK_SYSERR("pipe_bad_pointer_EFAULT", EFAULT, SYS_pipe, (void *)8);
	int after = dup(1);
	close(after);
	CHECK_EQ("pipe_EFAULT_leaks_no_fd", after, before);

	/* F_SETFL toggles O_NONBLOCK on one end only */
	CHECK_OK0("pipe_for_setfl", pipe(p));
	CHECK_OK0("F_SETFL_O_NONBLOCK", nonblock(p[0], 1));
	CHECK_ERR("F_SETFL_read_EAGAIN", read(p[0], &c, 1), EAGAIN);
	CHECK_EQ("F_SETFL_other_end_unchanged", fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
}

/* A reader blocked on an empty pipe is woken by a writer in another
 * process, and gets what that writer wrote. */
static void blocking_reader(void)
{
	int p[2], order[2];
	pipe(p);
	pipe2(order, O_NONBLOCK);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		msleep(100);
		write(order[1], "w", 1);    /* before the data: the reader waited */
		write(p[1], "wake", 4);
		msleep(100);
		write(p[1], "more", 4);
		_exit(0);
	}
	close(p[1]);
	char buf[64] = { 0 }, o = 0;
	CHECK_EQ("blocked_read_returns_4", read(p[0], buf, sizeof buf), 4);
	CHECK_STR("blocked_read_data", buf, "wake");
	CHECK_EQ("reader_waited_for_the_writer", read(order[0], &o, 1), 1);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("second_blocked_read", read(p[0], buf, sizeof buf), 4);
	CHECK_STR("second_blocked_read_data", buf, "more");
	CHECK_EQ("eof_after_writer_exit", read(p[0], buf, sizeof buf), 0);
	CHECK_EXIT("writer_exit", wait_for(pid), 0);
}

static void eof(void)
{
	int p[2];
	char buf[16] = { 0 };
	pipe(p);
	write(p[1], "xy", 2);
	close(p[1]);
	CHECK_EQ("data_before_eof", read(p[0], buf, sizeof buf), 2);
	CHECK_EQ("eof_read_0", read(p[0], buf, sizeof buf), 0);
	CHECK_EQ("eof_read_0_again", read(p[0], buf, sizeof buf), 0);
	close(p[0]);

	/* a dup of the write end keeps the pipe open */
	pipe(p);
	int w2 = dup(p[1]);
	close(p[1]);
	nonblock(p[0], 1);
	CHECK_ERR("dup_writer_keeps_pipe_open", read(p[0], buf, 1), EAGAIN);
	write(w2, "z", 1);
	CHECK_EQ("write_through_dup", read(p[0], buf, 16), 1);
	close(w2);
	CHECK_EQ("eof_after_last_dup_closed", read(p[0], buf, 1), 0);
	close(p[0]);

	/* the last writer is a child: its exit is the end of file */
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		msleep(100);
		_exit(0);
	}
	close(p[1]);
	CHECK_EQ("eof_when_child_writer_exits", read(p[0], buf, 1), 0);
	wait_for(pid);
}

/* Closing the last writer wakes a reader blocked in another process. */
static void last_writer_close_wakes_reader(void)
{
	int p[2], res[2];
	pipe(p);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		char c;
		errno = 0;
		long r = read(p[0], &c, 1);
		report(res[1], r < 0 ? -errno : r);
		_exit(0);
	}
	close(p[0]);
	msleep(100);
	close(p[1]);
	CHECK_EQ("blocked_reader_gets_eof", collect(res[0]), 0);
	CHECK_EXIT("blocked_reader_exit", wait_for(pid), 0);
}

static void nonblock_reads(void)
{
	int p[2];
	char buf[8];
	pipe2(p, O_NONBLOCK);
	CHECK_ERR("empty_nonblock_read_EAGAIN", read(p[0], buf, 8), EAGAIN);
	write(p[1], "abc", 3);
	CHECK_EQ("nonblock_read_partial", read(p[0], buf, 8), 3);
	CHECK_ERR("empty_again_EAGAIN", read(p[0], buf, 8), EAGAIN);
	close(p[1]);
	CHECK_EQ("nonblock_read_eof_0", read(p[0], buf, 8), 0);
}

static void die_of_sigpipe(void)
{
	int p[2];
	signal(SIGPIPE, SIG_DFL);
	pipe(p);
	close(p[0]);
	write(p[1], "x", 1);
}

static void write_no_reader(void)
{
	CHECK_SIG("sigpipe_default_kills", child_status(die_of_sigpipe), SIGPIPE);

	int p[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	CHECK_ERR("sigpipe_ignored_write_EPIPE", write(p[1], "x", 1), EPIPE);
	CHECK_ERR("nonblock_write_no_reader_EPIPE", (nonblock(p[1], 1), write(p[1], "x", 1)), EPIPE);
	CHECK_EQ("zero_write_no_reader_is_0", write(p[1], "x", 0), 0);
	close(p[1]);

	handle(SIGPIPE, count_sigpipe, 0);
	pipe(p);
	close(p[0]);
	sigpipes = 0;
	CHECK_ERR("sigpipe_handled_write_EPIPE", write(p[1], "xyz", 3), EPIPE);
	CHECK_EQ("sigpipe_handler_ran_once", sigpipes, 1);
	CHECK_EQ("zero_write_raises_no_sigpipe", (write(p[1], "x", 0), sigpipes), 1);

	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK_ERR("sigpipe_blocked_write_EPIPE", write(p[1], "x", 1), EPIPE);
	sigpending(&pend);
	CHECK_EQ("sigpipe_blocked_is_pending", sigismember(&pend, SIGPIPE), 1);
	CHECK_EQ("sigpipe_blocked_not_yet_handled", sigpipes, 1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK_EQ("sigpipe_unblocked_handled", sigpipes, 2);
	signal(SIGPIPE, SIG_DFL);
}

/* How much a pipe holds, and what a non-blocking writer sees. */
static void capacity(void)
{
	int p[2];
	pipe2(p, O_NONBLOCK);
	CHECK_EQ("capacity_in_1024_byte_writes", fill(p[1], 1024), CAP);
	CHECK_EQ("capacity_fionread", fionread(p[0]), CAP);
	CHECK_ERR("full_pipe_write_1_EAGAIN", write(p[1], "x", 1), EAGAIN);
	static char buf[CAP + 10];
	CHECK_EQ("full_pipe_read_all", read(p[0], buf, sizeof buf), CAP);
	close(p[0]);
	close(p[1]);

	pipe2(p, O_NONBLOCK);
	CHECK_EQ("capacity_in_1_byte_writes", fill(p[1], 1), CAP);
	close(p[0]);
	close(p[1]);

	pipe2(p, O_NONBLOCK);
	CHECK_EQ("capacity_in_4096_byte_writes", fill(p[1], 4096), CAP);
	close(p[0]);
	close(p[1]);

	/* one big non-blocking write into an empty pipe: what fits */
	static char big[200000];
	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = pat(i);
	pipe2(p, O_NONBLOCK);
	CHECK_EQ("big_nonblock_write_partial", write(p[1], big, sizeof big), CAP);
	CHECK_ERR("then_full_EAGAIN", write(p[1], big, sizeof big), EAGAIN);
	CHECK_EQ("partial_data_read", read(p[0], buf, sizeof buf), CAP);
	CHECK("partial_data_is_the_start", memcmp(buf, big, CAP) == 0);
	close(p[0]);
	close(p[1]);

	/* partly full (whole pages): the partial count is the room left */
	pipe2(p, O_NONBLOCK);
	write(p[1], big, 40960);
	CHECK_EQ("partly_full_big_write_partial", write(p[1], big + 40960, 100000), CAP - 40960);
	CHECK_EQ("partly_full_read_back", read_full(p[0], buf, CAP), CAP);
	CHECK("partly_full_data_in_order", memcmp(buf, big, CAP) == 0);
	close(p[0]);
	close(p[1]);

	/* a write of at most PIPE_BUF goes in whole or not at all */
	pipe2(p, O_NONBLOCK);
	write(p[1], big, CAP - 4096);
	write(p[1], big, 1);                           /* room: 4095 */
	CHECK_ERR("atomic_4096_no_room_EAGAIN", write(p[1], big, PIPE_BUF), EAGAIN);
	CHECK_EQ("atomic_4095_fits", write(p[1], big, 4095), 4095);
	CHECK_ERR("atomic_1_no_room_EAGAIN", write(p[1], big, 1), EAGAIN);
	CHECK_EQ("PIPE_BUF_is_4096", PIPE_BUF, 4096);
}

/* Writer children write records of at most PIPE_BUF bytes (4096 at most,
 * also odd sizes) filled with their id and sequence number; one reader
 * reads in odd sizes and must find every record whole and in order. */
#define NW 4
static const int rec_size[NW] = { 4096, 4096, 512, 100 };
static const int rec_count[NW] = { 300, 300, 1000, 1000 };

static unsigned char rec_byte(int w, int seq, int i)
{
	return (unsigned char)(w * 31 + seq * 7 + i);
}

static void atomic_writes(void)
{
	int p[2];
	pipe(p);
	pid_t pids[NW];
	for (int w = 0; w < NW; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(p[0]);
			unsigned char rec[4096];
			for (int s = 0; s < rec_count[w]; s++) {
				rec[0] = 'A' + w;
				rec[1] = s & 0xff;
				rec[2] = s >> 8;
				for (int i = 3; i < rec_size[w]; i++)
					rec[i] = rec_byte(w, s, i);
				if (write(p[1], rec, rec_size[w]) != rec_size[w])
					_exit(1);
			}
			_exit(0);
		}
	}
	close(p[1]);
	static unsigned char buf[65536 + 8192];
	size_t have = 0;
	int next[NW] = { 0 }, bad = 0, sizes[] = { 3001, 1, 777, 4096, 65536 };
	unsigned long total = 0;
	for (int k = 0; !bad; k++) {
		ssize_t r = read(p[0], buf + have, sizes[k % 5]);
		if (r <= 0)
			break;
		total += r;
		have += r;
		size_t off = 0;
		while (off < have && !bad) {
			int w = buf[off] - 'A';
			if (w < 0 || w >= NW) {
				bad = 1;
				break;
			}
			if (have - off < (size_t)rec_size[w])
				break;
			int s = buf[off + 1] | buf[off + 2] << 8;
			if (s != next[w])
				bad = 2;
			for (int i = 3; i < rec_size[w] && !bad; i++)
				if (buf[off + i] != rec_byte(w, s, i))
					bad = 3;
			next[w]++;
			off += rec_size[w];
		}
		memmove(buf, buf + off, have - off);
		have -= off;
	}
	if (bad)
		fail("atomic_records_whole_and_in_order", "record %d/%d/%d/%d: %s", next[0], next[1], next[2],
		     next[3], bad == 1 ? "bad tag" : bad == 2 ? "bad sequence" : "torn");
	else
		pass("atomic_records_whole_and_in_order");
	CHECK_EQ("atomic_no_leftover_bytes", have, 0);
	unsigned long want = 0;
	for (int w = 0; w < NW; w++)
		want += (unsigned long)rec_size[w] * rec_count[w];
	CHECK_EQ("atomic_total_bytes", total, want);
	int all = 1;
	for (int w = 0; w < NW; w++)
		all &= next[w] == rec_count[w];
	CHECK("atomic_every_record_arrived", all);
	int ok = 1;
	for (int w = 0; w < NW; w++) {
		int st = wait_for(pids[w]);
		ok &= st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK("atomic_writers_wrote_whole_records", ok);
}

/* One write of 1 MiB while the reader takes odd sizes: the write returns
 * the whole count, the reader gets every byte in order. */
static void large_write(void)
{
	enum { N = 1 << 20 };
	int p[2], res[2];
	pipe(p);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		unsigned char *b = malloc(N);
		for (unsigned long i = 0; i < N; i++)
			b[i] = pat(i);
		report(res[1], write(p[1], b, N));
		_exit(0);
	}
	close(p[1]);
	static unsigned char buf[70000];
	const int sizes[] = { 1, 777, 4097, 65537, 10, 3, 12345 };
	uint32_t h = 2166136261u;
	unsigned long total = 0, mism = 0;
	for (int k = 0;; k++) {
		ssize_t r = read(p[0], buf, sizes[k % 7]);
		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			mism += buf[i] != pat(total + i);
		h = fnv(h, buf, r);
		total += r;
	}
	unsigned char *e = malloc(N);
	for (unsigned long i = 0; i < N; i++)
		e[i] = pat(i);
	CHECK_EQ("large_write_returns_all", collect(res[0]), N);
	CHECK_EQ("large_write_bytes_read", total, N);
	CHECK_EQ("large_write_bytes_in_order", mism, 0);
	CHECK("large_write_checksum", h == fnv(2166136261u, e, N));
	CHECK_EXIT("large_write_writer_exit", wait_for(pid), 0);
}

/* The last reader's close wakes a writer blocked on a full pipe. */
static void last_reader_close_wakes_writer(void)
{
	int p[2], res[2];
	pipe(p);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		close(p[0]);
		nonblock(p[1], 1);
		fill(p[1], 4096);
		nonblock(p[1], 0);
		errno = 0;
		long r = write(p[1], "more", 4);   /* blocks: the pipe is full */
		report(res[1], r < 0 ? -errno : r);
		_exit(0);
	}
	close(p[1]);
	msleep(100);
	close(p[0]);
	CHECK_STR("blocked_writer_woken_EPIPE", errname(-collect(res[0])), "EPIPE");
	CHECK_EXIT("blocked_writer_exit", wait_for(pid), 0);

	/* a big blocking write that was partly done returns its count */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		close(p[0]);
		static char big[100000];
		errno = 0;
		long r = write(p[1], big, sizeof big);
		report(res[1], r < 0 ? -errno : r);
		_exit(0);
	}
	close(p[1]);
	wait_sleeping(pid);               /* blocked in its write: a close before it gives EPIPE */
	close(p[0]);
	CHECK_EQ("partly_done_write_returns_count", collect(res[0]), CAP);
	wait_for(pid);

	/* ... and with SIGPIPE at its default the writer dies of it */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		close(p[0]);
		static char big[100000];
		write(p[1], big, sizeof big);
		_exit(0);
	}
	close(p[1]);
	msleep(100);
	close(p[0]);
	CHECK_SIG("partly_done_writer_killed_by_SIGPIPE", wait_for(pid), SIGPIPE);
}

static void fionread_counts(void)
{
	int p[2];
	char buf[200];
	pipe(p);
	CHECK_EQ("FIONREAD_empty", fionread(p[0]), 0);
	memset(buf, 'q', sizeof buf);
	write(p[1], buf, 123);
	CHECK_EQ("FIONREAD_123", fionread(p[0]), 123);
	read(p[0], buf, 23);
	CHECK_EQ("FIONREAD_after_read", fionread(p[0]), 100);
	CHECK_EQ("FIONREAD_on_write_end", fionread(p[1]), 100);
	read(p[0], buf, 100);
	CHECK_EQ("FIONREAD_drained", fionread(p[0]), 0);
	CHECK_EQ("FIONREAD_bad_pointer", ioctl(p[0], FIONREAD, (int *)8) < 0 ? errno : 0, EFAULT);
}

static void bad_buffers(void)
{
	int p[2];
	char buf[8] = { 0 };
	pipe(p);
	write(p[1], "data", 4);
	CHECK_ERR("read_bad_buffer_EFAULT", read(p[0], (void *)8, 4), EFAULT);
	CHECK_EQ("data_kept_after_EFAULT", read(p[0], buf, 8), 4);
	CHECK_STR("data_after_EFAULT", buf, "data");
	CHECK_ERR("write_bad_buffer_EFAULT", write(p[1], (void *)8, 4), EFAULT);
	CHECK_EQ("nothing_written_after_EFAULT", fionread(p[0]), 0);
	close(p[1]);
	CHECK_EQ("eof_after_EFAULT_write", read(p[0], buf, 8), 0);
}

/* Many pipes open at once, each with its own contents. */
static void many_pipes(void)
{
	enum { K = 50 };
	int p[K][2], ok = 1;
	for (int i = 0; i < K; i++) {
		if (pipe(p[i]) < 0) {
			ok = 0;
			break;
		}
		char c = 'a' + i % 26;
		write(p[i][1], &c, 1);
	}
	CHECK("50_pipes_opened", ok);
	for (int i = K - 1; ok && i >= 0; i--) {
		char c = 0;
		ok &= read(p[i][0], &c, 1) == 1 && c == 'a' + i % 26;
		close(p[i][0]);
		close(p[i][1]);
	}
	CHECK("50_pipes_keep_their_data", ok);
}

/* Packet mode (pipe2 O_DIRECT, or F_SETFL O_DIRECT on an end): each write
 * is a packet of at most PIPE_BUF bytes, a read takes one packet (what
 * does not fit is thrown away), nothing is topped up. O_DIRECT on a
 * socket is refused; O_NOATIME only for the file's owner. */
static void packet_mode(void)
{
	int p[2];
	char buf[8192];
	CHECK_EQ("pipe2(O_DIRECT)", pipe2(p, O_DIRECT | O_NONBLOCK), 0);
	CHECK("O_DIRECT on the write end only", !(fcntl(p[0], F_GETFL) & O_DIRECT) && (fcntl(p[1], F_GETFL) & O_DIRECT));
	write(p[1], "abc", 3);
	write(p[1], "defgh", 5);
	CHECK_EQ("FIONREAD counts both", ({ int n = 0; ioctl(p[0], FIONREAD, &n); n; }), 8);
	CHECK_EQ("a read takes one packet", read(p[0], buf, sizeof buf), 3);
	CHECK_EQ("then the next", read(p[0], buf, sizeof buf), 5);
	CHECK("its bytes", memcmp(buf, "defgh", 5) == 0);
	write(p[1], "123456", 6);
	write(p[1], "78", 2);
	CHECK_EQ("a short read", read(p[0], buf, 2), 2);
	CHECK_EQ("the rest of that packet is gone", read(p[0], buf, sizeof buf), 2);
	CHECK("the next packet's bytes", memcmp(buf, "78", 2) == 0);
	memset(buf, 'z', sizeof buf);
	CHECK_EQ("a write of 5000", write(p[1], buf, 5000), 5000);
	CHECK_EQ("is a packet of PIPE_BUF", read(p[0], buf, sizeof buf), PIPE_BUF);
	CHECK_EQ("and one of the rest", read(p[0], buf, sizeof buf), 5000 - PIPE_BUF);
	CHECK_EQ("a write of 0: no packet", write(p[1], buf, 0), 0);
	CHECK_ERR("nothing to read", read(p[0], buf, sizeof buf), EAGAIN);
	CHECK_EQ("16 one-byte packets fill it", fill(p[1], 1), 16);
	close(p[0]);
	close(p[1]);

	/* F_SETFL O_DIRECT on an end of a plain pipe: packets from then on */
	pipe2(p, O_NONBLOCK);
	write(p[1], "aa", 2);
	CHECK_OK0("F_SETFL O_DIRECT", fcntl(p[1], F_SETFL, O_DIRECT | O_NONBLOCK));
	write(p[1], "bb", 2);
	CHECK_EQ("a plain buffer is read as before", read(p[0], buf, 1), 1);
	CHECK_EQ("the rest of it, then the packet: the read stops there", read(p[0], buf, sizeof buf), 3);
	write(p[1], "cc", 2);
	CHECK_OK0("F_SETFL without O_DIRECT", fcntl(p[1], F_SETFL, O_NONBLOCK));
	write(p[1], "dd", 2);
	CHECK_EQ("a plain write does not top up a packet", read(p[0], buf, sizeof buf), 2);
	CHECK_EQ("it is a buffer of its own", read(p[0], buf, sizeof buf), 2);
	close(p[0]);
	close(p[1]);

	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_ERR("F_SETFL O_DIRECT on a socket", fcntl(sv[0], F_SETFL, O_DIRECT), EINVAL);
	close(sv[0]);
	close(sv[1]);

	int fd = open("/tmp/t_pipe.noatime", O_RDWR | O_CREAT | O_TRUNC, 0644);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		int r = open("/tmp/t_pipe.noatime", O_RDONLY);
		int ok = r >= 0 && fcntl(r, F_SETFL, O_NOATIME) < 0 && errno == EPERM &&
			 open("/tmp/t_pipe.noatime", O_RDONLY | O_NOATIME) < 0 && errno == EPERM;
		_exit(ok ? 0 : 1);
	}
	CHECK_EQ("O_NOATIME: another user's file, EPERM (fcntl and open)", wait_for(pid), 0);
	CHECK_OK0("the owner may", fcntl(fd, F_SETFL, O_NOATIME));
	CHECK("and it shows", fcntl(fd, F_GETFL) & O_NOATIME);
	close(fd);
	unlink("/tmp/t_pipe.noatime");
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGPIPE, SIG_DFL);
	RUN(basics);
	RUN(pipe2_flags);
	RUN(blocking_reader);
	RUN(eof);
	RUN(last_writer_close_wakes_reader);
	RUN(nonblock_reads);
	RUN(write_no_reader);
	RUN(capacity);
	RUN(atomic_writes);
	RUN(large_write);
	RUN(last_reader_close_wakes_writer);
	RUN(fionread_counts);
	RUN(bad_buffers);
	RUN(many_pipes);
	RUN(packet_mode);
	return cases_failed ? 1 : 0;
}
