/* t_hostile_io - differential test of issue 21, items 9 and 10 and the
 * lock and file-size edge cases: a vector (readv, writev, preadv, pwritev,
 * preadv2, pwritev2) is one read or write of its total length (atomic on a
 * pipe or FIFO up to PIPE_BUF, EAGAIN rather than half of it, a readv
 * returns when a read would); a user buffer that runs into an unmapped page
 * gives the count of what was moved, as Linux counts it for files and
 * pipes; fcntl lock ranges past the largest offset are EOVERFLOW; flock's
 * order of checks; RLIMIT_FSIZE cuts a write short, then SIGXFSZ + EFBIG. */
#include "check.h"
#include <limits.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define RWF_HIPRI_   0x01              /* <linux/fs.h>, not in musl's headers */
#define RWF_APPEND_  0x10
#define LOCK_MAND_   32

static int fionread(int fd)
{
	int n = -1;
	ioctl(fd, FIONREAD, &n);
	return n;
}

/* `valid` bytes of 'a' that end where an unmapped page begins. */
static char *edge_buffer(size_t valid)
{
	char *m = mmap(NULL, 0x4000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 0x2000, 0x2000);
	memset(m, 'a', 0x2000);
	return m + 0x2000 - valid;
}

/* ---- item 9: vectors are one call ---- */

enum { WRITERS = 4, RECORDS = 40, BODY = 4000 };

/* Each writer sends RECORDS records of an 8-byte head and a BODY-byte body
 * with one writev; the reader checks that no record was cut. */
static void writer(int fd, int id)
{
	char head[8], body[BODY];
	memset(body, 'A' + id, sizeof body);
	for (int r = 0; r < RECORDS; r++) {
		snprintf(head, sizeof head, "%c%06d", 'A' + id, r);
		struct iovec v[2] = { { head, 8 }, { body, BODY } };
		if (writev(fd, v, 2) != 8 + BODY)
			_exit(2);
	}
	_exit(0);
}

static int records_intact(int rfd, int wfd)
{
	for (int i = 0; i < WRITERS; i++)
		if (fork() == 0)
			writer(wfd, i);
	close(wfd);
	msleep(200);                        /* let the writers fill the pipe and wait */
	static char rec[8 + BODY];
	int ok = 1;
	for (int n = 0; n < WRITERS * RECORDS; n++) {
		if (read_full(rfd, rec, sizeof rec) != (ssize_t)sizeof rec)
			return 0;
		for (int k = 8; k < 8 + BODY; k++)
			ok &= rec[k] == rec[0];
	}
	for (int i = 0; i < WRITERS; i++) {
		int st;
		wait(&st);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	return ok;
}

static void writev_atomic_pipe(void)
{
	alarm(30);                          /* a hang is a failure, not the end */
	int p[2];
	pipe(p);
	CHECK("pipe_writev_records_not_interleaved", records_intact(p[0], p[1]));
}

static void writev_atomic_fifo(void)
{
	alarm(30);                          /* a hang is a failure, not the end */
	mkfifo(P("fifo"), 0600);
	int r = open(P("fifo"), O_RDWR), w = open(P("fifo"), O_WRONLY);
	CHECK("fifo_writev_records_not_interleaved", records_intact(r, w));
}

/* 100 bytes of room: 15 full pages and 3996 bytes (as Linux counts). */
static int pipe_with_room_100(int p[2])
{
	static char big[65436];
	pipe2(p, O_NONBLOCK);
	return write(p[1], big, sizeof big);
}

static void writev_nonblock_all_or_nothing(void)
{
	int p[2];
	char a[60], b[60];
	CHECK_EQ("filled_to_100_bytes_of_room", pipe_with_room_100(p), 65436);
	struct iovec v[2] = { { a, 60 }, { b, 60 } };
	CHECK_ERR("writev_120_into_100_EAGAIN", writev(p[1], v, 2), EAGAIN);
	CHECK_EQ("nothing_written", fionread(p[0]), 65436);
	v[1].iov_len = 40;
	CHECK_EQ("writev_100_into_100", writev(p[1], v, 2), 100);
	CHECK_ERR("full_then_EAGAIN", write(p[1], a, 1), EAGAIN);
}

static volatile sig_atomic_t alarmed;
static void on_alarm(int sig) { (void)sig; alarmed = 1; }

static void readv_returns_what_is_there(void)
{
	int p[2];
	char a[5], b[100];
	pipe(p);
	handle(SIGALRM, on_alarm, 0);       /* no SA_RESTART: a hang becomes EINTR */
	write(p[1], "12345", 5);
	alarm(2);
	struct iovec v[2] = { { a, 5 }, { b, 100 } };
	CHECK_EQ("readv_5_of_105_at_once", readv(p[0], v, 2), 5);
	CHECK("readv_did_not_wait", !alarmed);
	write(p[1], "abcdefgh", 8);
	v[0].iov_len = 3;
	CHECK_EQ("readv_across_segments", readv(p[0], v, 2), 8);
	CHECK("readv_bytes_in_order", !memcmp(a, "abc", 3) && !memcmp(b, "defgh", 5));
	alarm(0);
}

static void vectors_on_files(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	char x[16] = { 0 }, y[16] = { 0 };
	struct iovec w[3] = { { "hello ", 6 }, { "", 0 }, { "world", 5 } };
	CHECK_EQ("pwritev", pwritev(fd, w, 3, 10), 11);
	CHECK_EQ("pwritev_keeps_offset", lseek(fd, 0, SEEK_CUR), 0);
	struct iovec r[2] = { { x, 4 }, { y, 16 } };
	CHECK_EQ("preadv", preadv(fd, r, 2, 10), 11);
	CHECK("preadv_bytes", !memcmp(x, "hell", 4) && !memcmp(y, "o world", 7));
	CHECK_SYSERR("preadv_minus_1_EINVAL", EINVAL, SYS_preadv, fd, r, 2, -1, -1);
	CHECK_EQ("preadv2_minus_1_is_readv", syscall(SYS_preadv2, fd, r, 2, -1, -1, 0), 20);
	CHECK_EQ("preadv2_moved_offset", lseek(fd, 0, SEEK_CUR), 20);
	CHECK_SYSERR("preadv2_minus_2_EINVAL", EINVAL, SYS_preadv2, fd, r, 2, -2, -1, 0);
	CHECK_SYSERR("preadv2_unknown_flag", EOPNOTSUPP, SYS_preadv2, fd, r, 2, 0, 0, 0x200);
	CHECK_EQ("preadv2_unknown_flag_nothing_to_do", syscall(SYS_preadv2, fd, r, 0, 0, 0, 0x200), 0);
	CHECK_SYSERR("pwritev2_append_and_noappend", EINVAL, SYS_pwritev2, fd, w, 3, 0, 0, 0x30);
	CHECK_EQ("pwritev2_append", syscall(SYS_pwritev2, fd, w, 3, 0, 0, RWF_APPEND_), 11);
	CHECK_EQ("pwritev2_append_at_end", lseek(fd, 0, SEEK_END), 32);
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ("pwritev2_own_offset_append", syscall(SYS_pwritev2, fd, w, 3, -1, -1, RWF_APPEND_), 11);
	CHECK_EQ("pwritev2_offset_after_append", lseek(fd, 0, SEEK_CUR), 43);
	int a = open(P("f"), O_WRONLY | O_APPEND);
	CHECK_EQ("pwritev2_noappend", syscall(SYS_pwritev2, a, w, 3, 0, 0, 0x20), 11);
	CHECK_EQ("noappend_kept_size", lseek(fd, 0, SEEK_END), 43);
	int wo = open(P("f"), O_WRONLY);
	CHECK_ERR("readv_0_on_write_only_EBADF", readv(wo, r, 0), EBADF);
	CHECK_ERR("pwrite_past_max_offset_EINVAL", pwrite(fd, x, 2, INT64_MAX - 1), EINVAL);
	int p[2];
	pipe(p);
	CHECK_SYSERR("preadv2_pipe_ESPIPE", ESPIPE, SYS_preadv2, p[0], r, 2, 0, 0, 0);
	CHECK_EQ("pwritev2_pipe_own_offset", syscall(SYS_pwritev2, p[1], w, 3, -1, -1, RWF_HIPRI_), 11);
}

/* ---- item 10: a buffer that runs into an unmapped page ---- */

static void file_writes_count_what_was_written(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	CHECK_EQ("write_100_then_fault", write(fd, edge_buffer(100), 200), 100);
	CHECK_EQ("pwrite_100_then_fault", pwrite(fd, edge_buffer(100), 200, 1000), 100);
	CHECK_EQ("size_after_pwrite", lseek(fd, 0, SEEK_END), 1100);
	CHECK_EQ("pwrite_5000_then_fault", pwrite(fd, edge_buffer(5000), 6000, 10000), 5000);
	CHECK_EQ("size_after_long_pwrite", lseek(fd, 0, SEEK_END), 15000);
	struct iovec v[2] = { { "xyz", 3 }, { edge_buffer(7), 20 } };
	CHECK_EQ("pwritev_second_segment_faults", pwritev(fd, v, 2, 20000), 10);
	v[0].iov_base = (void *)edge_buffer(0);
	CHECK_ERR("pwritev_nothing_written_EFAULT", pwritev(fd, v, 2, 30000), EFAULT);
	CHECK_EQ("pread_100_then_fault", pread(fd, edge_buffer(100), 200, 0), 100);
	CHECK_EQ("pread_5000_then_fault", pread(fd, edge_buffer(5000), 6000, 0), 5000);
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ("read_100_then_fault", read(fd, edge_buffer(100), 200), 100);
	CHECK_EQ("read_moved_offset_by_100", lseek(fd, 0, SEEK_CUR), 100);
}

static void pipe_writes_count_whole_pages(void)
{
	alarm(30);                          /* a hang is a failure, not the end */
	int p[2];
	static char b[20000];
	pipe(p);
	CHECK_ERR("pipe_write_100_then_fault", write(p[1], edge_buffer(100), 200), EFAULT);
	CHECK_EQ("pipe_nothing_kept", fionread(p[0]), 0);
	CHECK_EQ("pipe_write_5000_then_fault", write(p[1], edge_buffer(5000), 6000), 4096);
	CHECK_EQ("pipe_kept_a_page", fionread(p[0]), 4096);
	read(p[0], b, sizeof b);
	write(p[1], b, 50);
	CHECK_ERR("pipe_topup_faults", write(p[1], edge_buffer(100), 200), EFAULT);
	CHECK_EQ("pipe_topup_kept_nothing", fionread(p[0]), 50);
	CHECK_EQ("pipe_topup_then_page_faults", write(p[1], edge_buffer(5000), 6000), 1904);
	CHECK_EQ("pipe_kept_the_topup", fionread(p[0]), 1954);
	struct iovec v[2] = { { "xyz", 3 }, { edge_buffer(7), 20 } };
	CHECK_ERR("pipe_writev_second_segment_faults", writev(p[1], v, 2), EFAULT);
	CHECK_EQ("pipe_writev_kept_nothing", fionread(p[0]), 1954);
}

static void pipe_reads_keep_the_faulted_buffer(void)
{
	alarm(30);                          /* a hang is a failure, not the end */
	int p[2];
	static char b[20000];
	pipe(p);
	write(p[1], b, 200);
	CHECK_ERR("pipe_read_100_then_fault", read(p[0], edge_buffer(100), 200), EFAULT);
	CHECK_EQ("pipe_read_consumed_nothing", fionread(p[0]), 200);
	read(p[0], b, sizeof b);
	write(p[1], b, 4096);
	write(p[1], b, 200);
	CHECK_EQ("pipe_read_first_buffer_then_fault", read(p[0], edge_buffer(4100), 5000), 4096);
	CHECK_EQ("pipe_second_buffer_kept", fionread(p[0]), 200);
	char x[4];
	struct iovec v[2] = { { x, 4 }, { edge_buffer(0), 10 } };
	CHECK_ERR("pipe_readv_second_segment_faults", readv(p[0], v, 2), EFAULT);
	CHECK_EQ("pipe_readv_consumed_nothing", fionread(p[0]), 200);
}

static void devices_and_fifo(void)
{
	alarm(30);                          /* a hang is a failure, not the end */
	int nul = open("/dev/null", O_WRONLY), zero = open("/dev/zero", O_RDONLY);
	CHECK_EQ("null_write_never_looks", write(nul, edge_buffer(100), 200), 200);
	CHECK_EQ("zero_read_100_then_fault", read(zero, edge_buffer(100), 200), 100);
	CHECK_ERR("zero_read_fault_at_once", read(zero, edge_buffer(0), 200), EFAULT);
	mkfifo(P("fifo"), 0600);
	int f = open(P("fifo"), O_RDWR);
	CHECK_EQ("fifo_write_5000_then_fault", write(f, edge_buffer(5000), 6000), 4096);
	CHECK_EQ("fifo_kept_a_page", fionread(f), 4096);
}

/* A stream socket takes nothing from a write that faults (Linux copies a
 * whole message before it queues any of it), a datagram neither, and a
 * read that faults consumes nothing. */
static void sockets_take_nothing(void)
{
	int s[2], d[2];
	alarm(30);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	CHECK_ERR("stream_write_100_then_fault", write(s[1], edge_buffer(100), 200), EFAULT);
	CHECK_ERR("stream_write_5000_then_fault", write(s[1], edge_buffer(5000), 6000), EFAULT);
	CHECK_EQ("stream_kept_nothing", fionread(s[0]), 0);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
	struct iovec v[2] = { { "xyz", 3 }, { edge_buffer(7), 20 } };
	CHECK_ERR("dgram_writev_faults", writev(d[1], v, 2), EFAULT);
	CHECK_EQ("dgram_kept_nothing", fionread(d[0]), 0);
	write(s[1], "abcdef", 6);
	CHECK_ERR("stream_read_3_then_fault", read(s[0], edge_buffer(3), 6), EFAULT);
	CHECK_EQ("stream_read_consumed_nothing", fionread(s[0]), 6);
}

/* ---- fcntl and flock ranges ---- */

static int setlk(int fd, int cmd, int type, int whence, int64_t start, int64_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

static void lock_ranges_overflow(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	CHECK_ERR("setlk64_near_max_EOVERFLOW", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX - 10, 100), EOVERFLOW);
	CHECK_OK0("setlk64_up_to_max", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX - 10, 11));
	CHECK_ERR("setlk64_one_past_max", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX - 10, 12), EOVERFLOW);
	CHECK_OK0("setlk64_max_len_1", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX, 1));
	CHECK_OK0("setlk64_max_len_minus_1", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX, -1));
	CHECK_ERR("setlk64_len_int64_min", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX, INT64_MIN), EINVAL);
	CHECK_ERR("setlk64_before_0", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, -11), EINVAL);
	CHECK_OK0("setlk64_back_to_0", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, -10));
	lseek(fd, 100, SEEK_SET);
	CHECK_ERR("setlk64_cur_past_max", setlk(fd, F_SETLK, F_WRLCK, SEEK_CUR, INT64_MAX - 50, 0), EOVERFLOW);
	CHECK_OK0("setlk64_cur_to_max", setlk(fd, F_SETLK, F_WRLCK, SEEK_CUR, INT64_MAX - 100, 0));
	CHECK_ERR("setlk64_cur_int64_min", setlk(fd, F_SETLK, F_WRLCK, SEEK_CUR, INT64_MIN, 0), EINVAL);
	write(fd, "x", 1);
	CHECK_ERR("setlk64_end_past_max", setlk(fd, F_SETLK, F_WRLCK, SEEK_END, INT64_MAX, 0), EOVERFLOW);
	CHECK_ERR("setlk64_overflow_before_type", setlk(fd, F_SETLK, 99, SEEK_SET, INT64_MAX, 2), EOVERFLOW);
	CHECK_ERR("getlk64_near_max_EOVERFLOW", setlk(fd, F_GETLK, F_WRLCK, SEEK_SET, INT64_MAX - 10, 100), EOVERFLOW);
	CHECK_ERR("getlk64_type_before_range", setlk(fd, F_GETLK, F_UNLCK, SEEK_SET, INT64_MAX, 2), EINVAL);
	CHECK_ERR("getlk64_before_0", setlk(fd, F_GETLK, F_WRLCK, SEEK_SET, -1, 1), EINVAL);
}

/* The 32-bit struct flock of fcntl (not fcntl64): F_SETLK is 6 there. */
struct flock32 { short type, whence; int32_t start, len; int32_t pid; };

static void lock_ranges_32bit(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	struct flock32 f = { F_WRLCK, SEEK_SET, INT32_MAX, INT32_MAX, 0 };
	CHECK_OK0("setlk32_max_max", syscall(SYS_fcntl, fd, 6, &f));
	f.start = -1;
	CHECK_SYSERR("setlk32_negative", EINVAL, SYS_fcntl, fd, 6, &f);
	f.start = INT32_MAX;
	f.len = INT32_MIN;
	CHECK_SYSERR("setlk32_len_min", EINVAL, SYS_fcntl, fd, 6, &f);
	lseek(fd, 0x7ffffff0, SEEK_SET);
	f.whence = SEEK_CUR;
	f.len = INT32_MAX;
	CHECK_OK0("setlk32_cur_past_2g", syscall(SYS_fcntl, fd, 6, &f));
	CHECK_OK0("unlock_all", setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	CHECK_OK0("setlk64_at_2g", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0x80000000LL, 10));
	pid_t pid = fork();
	if (pid == 0) {
		struct flock32 g = { F_WRLCK, SEEK_SET, 0, 0, 0 };
		CHECK_SYSERR("getlk32_lock_past_2g_EOVERFLOW", EOVERFLOW, SYS_fcntl, fd, 5, &g);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("getlk32_child", wait_for(pid), 0);
}

static void flock_checks(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644);
	CHECK_OK0("flock_lock_mand_ignored", flock(-1, LOCK_MAND_ | LOCK_SH));
	CHECK_ERR("flock_bad_op_before_bad_fd", flock(-1, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR("flock_bad_fd", flock(-1, LOCK_SH), EBADF);
	CHECK_ERR("flock_op_0", flock(fd, 0), EINVAL);
	CHECK_ERR("flock_op_16", flock(fd, 16), EINVAL);
	CHECK_OK0("flock_ex_nb", flock(fd, LOCK_EX | LOCK_NB));
}

/* ---- RLIMIT_FSIZE ---- */

static void fsize_limit(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0644), p[2];
	char b[600] = { 0 };
	signal(SIGXFSZ, SIG_IGN);
	CHECK_OK0("setrlimit_fsize", setrlimit(RLIMIT_FSIZE, &(struct rlimit){ 1000, 1000 }));
	CHECK_EQ("write_below_limit", write(fd, b, 600), 600);
	CHECK_EQ("write_cut_at_limit", write(fd, b, 600), 400);
	CHECK_ERR("write_at_limit_EFBIG", write(fd, b, 1), EFBIG);
	CHECK_EQ("write_0_at_limit", write(fd, b, 0), 0);
	CHECK_ERR("pwrite_past_limit_EFBIG", pwrite(fd, b, 10, 5000), EFBIG);
	CHECK_EQ("pwrite_inside_limit", pwrite(fd, b, 10, 100), 10);
	struct iovec v[2] = { { b, 300 }, { b, 300 } };
	CHECK_EQ("pwritev_cut_at_limit", pwritev(fd, v, 2, 500), 500);
	CHECK_EQ("size_is_limit", lseek(fd, 0, SEEK_END), 1000);
	int a = open(P("f"), O_WRONLY | O_APPEND);
	CHECK_ERR("append_at_limit_EFBIG", write(a, b, 1), EFBIG);
	CHECK_ERR("ftruncate_past_limit_EFBIG", ftruncate(fd, 1001), EFBIG);
	CHECK_OK0("ftruncate_below_limit", ftruncate(fd, 999));
	CHECK_OK0("ftruncate_to_limit", ftruncate(fd, 1000));
	CHECK_ERR("truncate_past_limit_EFBIG", truncate(P("f"), 5000), EFBIG);
	pipe(p);
	CHECK_EQ("pipe_not_limited", write(p[1], b, 600) + write(p[1], b, 600), 1200);
	signal(SIGXFSZ, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0) {
		write(fd, b, 1);
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK("write_past_limit_kills_with_SIGXFSZ", WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ);
	if ((pid = fork()) == 0) {
		ftruncate(fd, 2000);
		_exit(0);
	}
	st = wait_for(pid);
	CHECK("ftruncate_past_limit_kills_with_SIGXFSZ", WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGPIPE, SIG_DFL);
	tdir_setup("t_hostile_io");
	RUN(writev_atomic_pipe);
	RUN(writev_atomic_fifo);
	RUN(writev_nonblock_all_or_nothing);
	RUN(readv_returns_what_is_there);
	RUN(vectors_on_files);
	RUN(file_writes_count_what_was_written);
	RUN(pipe_writes_count_whole_pages);
	RUN(pipe_reads_keep_the_faulted_buffer);
	RUN(devices_and_fifo);
	RUN(sockets_take_nothing);
	RUN(lock_ranges_overflow);
	RUN(lock_ranges_32bit);
	RUN(flock_checks);
	RUN(fsize_limit);
	rm_rf("/tmp/t_hostile_io.d");
	return cases_failed ? 1 : 0;
}
