/* t_splice - differential test of splice(2), tee(2) and vmsplice(2):
 * bytes between two pipes, between a file and a pipe (with and without an
 * offset, which moves instead of the file's position), into /dev/null;
 * how many buffers each leaves in the pipe (a pipe holds 16: what a
 * later write can still add tells them apart), the waits (only while
 * nothing was moved), SPLICE_F_NONBLOCK and O_NONBLOCK, SIGPIPE, and
 * every errno of the man pages' lists that Linux 6.1 gives. Also the
 * two calls built on splice: sendfile(2) and copy_file_range(2). */
#define _GNU_SOURCE
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#define RES(call) ({ errno = 0; long r_ = (long)(call); r_ < 0 ? -errno : r_; })

/* The bytes a pipe's write end still takes, a byte per write(2). */
static long room(int wfd)
{
	int fl = fcntl(wfd, F_GETFL);
	fcntl(wfd, F_SETFL, fl | O_NONBLOCK);
	long n = 0;
	while (write(wfd, "x", 1) == 1)
		n++;
	fcntl(wfd, F_SETFL, fl);
	return n;
}

/* Up to n bytes read from fd (non-blocking) as a string. */
static const char *drain(int fd, size_t n)
{
	static char buf[256];
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	ssize_t r = read(fd, buf, MIN(n, sizeof buf - 1));
	fcntl(fd, F_SETFL, fl);
	buf[r > 0 ? r : 0] = 0;
	return buf;
}

static volatile sig_atomic_t sigio_count;
static void on_sigio(int sig)
{
	(void)sig;
	sigio_count++;
}

static void pipes(int a[2], int b[2])
{
	if (pipe(a) || (b && pipe(b)))
		exit(2);
}

static void closeall(int a[2], int b[2])
{
	close(a[0]); close(a[1]);
	if (b) {
		close(b[0]); close(b[1]);
	}
}

/* A file in the test's directory holding n bytes 'a' + i % 26. */
static int file_of(const char *name, int n, int flags)
{
	int fd = open(P(name), O_RDWR | O_CREAT | O_TRUNC | flags, 0600);
	char buf[512];
	for (int done = 0; done < n;) {
		int k = MIN(n - done, (int)sizeof buf);
		for (int i = 0; i < k; i++)
			buf[i] = (char)('a' + (done + i) % 26);
		done += (int)write(fd, buf, k);
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void pipe_to_pipe(void)
{
	int a[2], b[2];
	pipes(a, b);
	write(a[1], "hello world", 11);
	CHECK_EQ("splice 5 of a buffer", splice(a[0], NULL, b[1], NULL, 5, 0), 5);
	CHECK_STR("the 5 in the other pipe", drain(b[0], 100), "hello");
	CHECK_STR("the rest stays", drain(a[0], 100), " world");
	write(a[1], "a", 1);
	write(a[1], "bb", 2);
	write(a[1], "ccc", 3);
	CHECK_EQ("buffers moved while len lasts", splice(a[0], NULL, b[1], NULL, 5, 0), 5);
	CHECK_STR("in order", drain(b[0], 100), "abbcc");
	CHECK_EQ("the cut buffer's rest", splice(a[0], NULL, b[1], NULL, 100, 0), 1);
	CHECK_STR("is moved", drain(b[0], 100), "c");
	close(a[1]);
	CHECK_EQ("empty, no writer: 0", splice(a[0], NULL, b[1], NULL, 100, 0), 0);
	closeall(a, b);

	/* what a later write can add: a buffer moved whole can still be
	 * topped up, a part cannot */
	pipes(a, b);
	write(a[1], "q", 1);
	splice(a[0], NULL, b[1], NULL, 1, 0);
	CHECK_EQ("moved whole: writes top it up", room(b[1]), 65535);
	closeall(a, b);
	pipes(a, b);
	write(a[1], "qq", 2);
	splice(a[0], NULL, b[1], NULL, 1, 0);
	CHECK_EQ("a part: a buffer of its own", room(b[1]), 61440);
	closeall(a, b);
	pipes(a, b);
	char c;
	write(a[1], "abc", 3);
	read(a[0], &c, 1);
	splice(a[0], NULL, b[1], NULL, 10, 0);
	CHECK_EQ("read from, then moved whole: its page end is kept", room(b[1]), 65533);
	closeall(a, b);

	/* the output's room: a full pipe takes nothing more */
	pipes(a, b);
	room(b[1]);
	write(a[1], "z", 1);
	CHECK_EQ("output full, SPLICE_F_NONBLOCK", RES(splice(a[0], NULL, b[1], NULL, 1, SPLICE_F_NONBLOCK)), -EAGAIN);
	fcntl(b[1], F_SETFL, O_NONBLOCK);
	CHECK_EQ("output full, O_NONBLOCK output", RES(splice(a[0], NULL, b[1], NULL, 1, 0)), -EAGAIN);
	closeall(a, b);
	pipes(a, b);
	CHECK_EQ("input empty, SPLICE_F_NONBLOCK", RES(splice(a[0], NULL, b[1], NULL, 1, SPLICE_F_NONBLOCK)), -EAGAIN);
	fcntl(a[0], F_SETFL, O_NONBLOCK);
	CHECK_EQ("input empty, O_NONBLOCK input", RES(splice(a[0], NULL, b[1], NULL, 1, 0)), -EAGAIN);
	closeall(a, b);
}

/* A splice waits for its input, and a writer's bytes end the wait. */
static void waits(void)
{
	int a[2], b[2];
	pipes(a, b);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(a[1], "late", 4);
		_exit(0);
	}
	CHECK_EQ("waits for the writer", splice(a[0], NULL, b[1], NULL, 100, 0), 4);
	CHECK_STR("its bytes", drain(b[0], 100), "late");
	wait_for(pid);
	closeall(a, b);

	/* bytes there, no room: the splice waits for room; meanwhile another
	 * reader takes the bytes: it waits again, for new ones (not EOF) */
	int res[2];
	pipes(a, b);
	pipes(res, NULL);
	write(a[1], "x", 1);
	room(b[1]);
	pid = fork();
	if (pid == 0) {
		long r = splice(a[0], NULL, b[1], NULL, 1, 0);
		write(res[1], &r, sizeof r);
		_exit(0);
	}
	msleep(100);
	char page[4096], c;
	read(a[0], &c, 1);                       /* the bytes go elsewhere */
	read(b[0], page, sizeof page);           /* room: the splice wakes */
	msleep(100);
	write(a[1], "y", 1);
	long got = -99;
	read(res[0], &got, sizeof got);
	CHECK_EQ("raced for the bytes: waits again, then moves the new one", got, 1);
	wait_for(pid);
	closeall(a, b);
	closeall(res, NULL);

	int fd = file_of("w", 0, 0);
	pipes(a, NULL);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		write(a[1], "to file", 7);
		_exit(0);
	}
	CHECK_EQ("to a file: waits for the writer", splice(a[0], NULL, fd, NULL, 100, 0), 7);
	wait_for(pid);
	close(fd);
	closeall(a, NULL);
}

static void file_and_pipe(void)
{
	int a[2];
	int fd = file_of("f", 10000, 0);
	pipes(a, NULL);
	CHECK_EQ("file to pipe", splice(fd, NULL, a[1], NULL, 5, 0), 5);
	CHECK_EQ("moves the file's position", lseek(fd, 0, SEEK_CUR), 5);
	CHECK_STR("the file's bytes", drain(a[0], 100), "abcde");
	loff_t off = 26;
	CHECK_EQ("with an offset", splice(fd, &off, a[1], NULL, 3, 0), 3);
	CHECK_EQ("the offset moves", off, 29);
	CHECK_EQ("the position does not", lseek(fd, 0, SEEK_CUR), 5);
	CHECK_STR("bytes at the offset", drain(a[0], 100), "abc");
	off = 10000;
	CHECK_EQ("at the end: 0", splice(fd, &off, a[1], NULL, 3, 0), 0);
	off = 9998;
	CHECK_EQ("up to the end", splice(fd, &off, a[1], NULL, 30, 0), 2);
	drain(a[0], 100);

	/* a buffer per page of the file: from 100, 10000 bytes are three */
	off = 100;
	CHECK_EQ("pages of the file", splice(fd, &off, a[1], NULL, 10000, 0), 9900);
	CHECK_EQ("three buffers, none topped up", room(a[1]), 13 * 4096);
	closeall(a, NULL);
	pipes(a, NULL);
	off = 100;
	CHECK_EQ("a page's worth from 100", splice(fd, &off, a[1], NULL, 4096, 0), 4096);
	CHECK_EQ("is two buffers", room(a[1]), 14 * 4096);
	closeall(a, NULL);
	pipes(a, NULL);
	room(a[1]);
	char page[4096];
	read(a[0], page, sizeof page);           /* one buffer free */
	off = 0;
	CHECK_EQ("one free buffer: one page", splice(fd, &off, a[1], NULL, 10000, 0), 4096);
	CHECK_EQ("file to full pipe, SPLICE_F_NONBLOCK", RES(splice(fd, &off, a[1], NULL, 1, SPLICE_F_NONBLOCK)), -EAGAIN);
	closeall(a, NULL);

	/* pipe to file */
	int out = file_of("g", 0, 0);
	pipes(a, NULL);
	write(a[1], "abc", 3);
	CHECK_EQ("pipe to file: what is there", splice(a[0], NULL, out, NULL, 100, 0), 3);
	CHECK_EQ("moves the file's position", lseek(out, 0, SEEK_CUR), 3);
	write(a[1], "XY", 2);
	off = 10;
	CHECK_EQ("to an offset", splice(a[0], NULL, out, &off, 2, 0), 2);
	CHECK_EQ("the offset moves", off, 12);
	struct stat st;
	fstat(out, &st);
	CHECK_EQ("the file grows", st.st_size, 12);
	char buf[16] = { 0 };
	pread(out, buf, 12, 0);
	CHECK("a hole between", memcmp(buf, "abc\0\0\0\0\0\0\0XY", 12) == 0);
	write(a[1], "0123456789", 10);
	CHECK_EQ("len cuts a buffer", splice(a[0], NULL, out, NULL, 4, 0), 4);
	CHECK_STR("the rest stays", drain(a[0], 100), "456789");
	CHECK_EQ("empty pipe, SPLICE_F_NONBLOCK", RES(splice(a[0], NULL, out, NULL, 4, SPLICE_F_NONBLOCK)), -EAGAIN);
	close(a[1]);
	CHECK_EQ("empty, no writer: 0", splice(a[0], NULL, out, NULL, 4, 0), 0);
	closeall(a, NULL);

	/* SIGIO to an O_ASYNC writer when a buffer is freed, not for a part */
	int null0 = open("/dev/null", O_WRONLY);
	pipes(a, NULL);
	write(a[1], "ab", 2);
	room(a[1]);
	sigio_count = 0;
	handle(SIGIO, on_sigio, 0);
	fcntl(a[1], F_SETOWN, getpid());
	fcntl(a[1], F_SETFL, O_ASYNC);
	splice(a[0], NULL, null0, NULL, 1, 0);
	CHECK_EQ("part of a buffer taken: no SIGIO", sigio_count, 0);
	splice(a[0], NULL, null0, NULL, 4095, 0);
	CHECK_EQ("a buffer freed: SIGIO", sigio_count, 1);
	fcntl(a[1], F_SETFL, 0);
	closeall(a, NULL);
	signal(SIGIO, SIG_DFL);
	close(null0);

	/* to /dev/null */
	int null = open("/dev/null", O_WRONLY);
	pipes(a, NULL);
	write(a[1], "gone", 4);
	CHECK_EQ("to /dev/null", splice(a[0], NULL, null, NULL, 100, 0), 4);
	CHECK_EQ("the pipe is empty", RES(splice(a[0], NULL, null, NULL, 1, SPLICE_F_NONBLOCK)), -EAGAIN);
	closeall(a, NULL);
	close(null);
	close(fd);
	close(out);
}

static void splice_errors(void)
{
	int a[2], b[2];
	pipes(a, b);
	int fd = file_of("e", 100, 0), ro = open(P("e"), O_RDONLY), app = file_of("app", 0, O_APPEND);
	loff_t off = 0, neg = -1;
	write(a[1], "data", 4);
	CHECK_EQ("len 0: 0, before anything", splice(-1, NULL, -1, NULL, 0, 0), 0);
	CHECK_ERR("unknown flag", splice(a[0], NULL, b[1], NULL, 1, 0x100), EINVAL);
	CHECK_ERR("bad input fd", splice(-1, NULL, b[1], NULL, 1, 0), EBADF);
	CHECK_ERR("bad output fd", splice(a[0], NULL, 99, NULL, 1, 0), EBADF);
	CHECK_ERR("input is a write end", splice(a[1], NULL, b[1], NULL, 1, 0), EBADF);
	CHECK_ERR("output is a read end", splice(a[0], NULL, b[0], NULL, 1, 0), EBADF);
	CHECK_ERR("output file read-only", splice(a[0], NULL, ro, NULL, 1, 0), EBADF);
	CHECK_ERR("no pipe at all", splice(fd, NULL, fd, NULL, 1, 0), EINVAL);
	CHECK_ERR("an offset for a pipe's input", splice(a[0], &off, fd, NULL, 1, 0), ESPIPE);
	CHECK_ERR("an offset for a pipe's output", splice(fd, NULL, b[1], &off, 1, 0), ESPIPE);
	CHECK_ERR("ESPIPE before EBADF", splice(a[1], &off, b[1], NULL, 1, 0), ESPIPE);
	CHECK_ERR("a pipe to itself", splice(a[0], NULL, a[1], NULL, 1, 0), EINVAL);
	CHECK_ERR("an O_APPEND output", splice(a[0], NULL, app, NULL, 1, 0), EINVAL);
	CHECK_ERR("a negative output offset", splice(a[0], NULL, fd, &neg, 1, 0), EINVAL);
	CHECK_ERR("a negative input offset", splice(fd, &neg, b[1], NULL, 1, 0), EINVAL);
	CHECK_ERR("a bad offset pointer", splice(fd, (loff_t *)8, b[1], NULL, 1, 0), EFAULT);
	CHECK_STR("nothing moved", drain(a[0], 100), "data");

	signal(SIGPIPE, SIG_IGN);
	close(b[0]);
	write(a[1], "x", 1);
	CHECK_ERR("no reader: EPIPE", splice(a[0], NULL, b[1], NULL, 1, 0), EPIPE);
	CHECK_ERR("file to a pipe without reader", splice(fd, NULL, b[1], NULL, 1, 0), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0) {
		splice(a[0], NULL, b[1], NULL, 1, 0);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("and SIGPIPE", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	closeall(a, NULL);
	close(b[1]);
	close(fd);
	close(ro);
	close(app);
}

static void tee_pipes(void)
{
	int a[2], b[2];
	pipes(a, b);
	write(a[1], "one", 3);
	write(a[1], "two", 3);
	CHECK_EQ("tee copies", tee(a[0], b[1], 100, 0), 6);
	CHECK_STR("into the other", drain(b[0], 100), "onetwo");
	CHECK_EQ("tee of a part", tee(a[0], b[1], 4, 0), 4);
	CHECK_STR("the part", drain(b[0], 100), "onet");
	CHECK_STR("the input keeps all", drain(a[0], 100), "onetwo");
	write(a[1], "q", 1);
	tee(a[0], b[1], 1, 0);
	CHECK_EQ("a tee'd buffer is not topped up", room(b[1]), 61440);
	drain(b[0], 100);
	CHECK_EQ("len 0", tee(a[0], b[1], 0, 0), 0);
	CHECK_ERR("unknown flag before len 0", tee(a[0], b[1], 0, 0x100), EINVAL);
	int fd = file_of("t", 10, 0);
	CHECK_ERR("not a pipe", tee(fd, b[1], 1, 0), EINVAL);
	CHECK_ERR("the same pipe", tee(a[0], a[1], 1, 0), EINVAL);
	CHECK_ERR("input not readable", tee(a[1], b[1], 1, 0), EBADF);
	CHECK_ERR("bad fd", tee(a[0], -1, 1, 0), EBADF);
	drain(a[0], 100);
	CHECK_ERR("empty, SPLICE_F_NONBLOCK", tee(a[0], b[1], 1, SPLICE_F_NONBLOCK), EAGAIN);
	close(a[1]);
	CHECK_EQ("empty, no writer: 0", tee(a[0], b[1], 1, 0), 0);
	closeall(a, b);
	close(fd);
}

static void vmsplice_pipes(void)
{
	int a[2];
	pipes(a, NULL);
	char one[] = "vm", two[] = "splice";
	struct iovec iov[3] = { { one, 2 }, { NULL, 0 }, { two, 6 } };
	CHECK_EQ("to a pipe, a vector", vmsplice(a[1], iov, 3, 0), 8);
	CHECK_EQ("a buffer per segment", room(a[1]), 14 * 4096);
	closeall(a, NULL);

	/* a segment across a page boundary is two buffers */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(pg + 4092, "acrosspg", 8);
	pipes(a, NULL);
	struct iovec cross = { pg + 4092, 8 };
	CHECK_EQ("across a page", vmsplice(a[1], &cross, 1, 0), 8);
	CHECK_EQ("two buffers", room(a[1]), 14 * 4096);
	closeall(a, NULL);

	/* from a pipe's read end into the user's buffers */
	pipes(a, NULL);
	write(a[1], "readback", 8);
	char x[4] = { 0 }, y[8] = { 0 };
	struct iovec in[2] = { { x, 3 }, { y, 7 } };
	CHECK_EQ("from a pipe", vmsplice(a[0], in, 2, 0), 8);
	CHECK("into the segments", memcmp(x, "rea", 3) == 0 && memcmp(y, "dback", 5) == 0);
	CHECK_ERR("empty, SPLICE_F_NONBLOCK", vmsplice(a[0], in, 2, SPLICE_F_NONBLOCK), EAGAIN);

	/* errors */
	CHECK_ERR("unknown flag", vmsplice(a[1], iov, 1, 0x100), EINVAL);
	CHECK_ERR("bad fd", vmsplice(-1, iov, 1, 0), EBADF);
	int fd = file_of("v", 10, 0);
	CHECK_ERR("not a pipe", vmsplice(fd, iov, 1, 0), EBADF);
	CHECK_EQ("not a pipe, nothing to move: 0", vmsplice(fd, iov + 1, 1, 0), 0);
	CHECK_ERR("too many segments", vmsplice(a[1], iov, 1025, 0), EINVAL);
	struct iovec bad = { (void *)8, 4 };
	CHECK_ERR("a bad buffer", vmsplice(a[1], &bad, 1, 0), EFAULT);
	CHECK_ERR("a bad vector", vmsplice(a[1], (struct iovec *)8, 1, 0), EFAULT);
	room(a[1]);
	CHECK_ERR("full, SPLICE_F_NONBLOCK", vmsplice(a[1], iov, 1, SPLICE_F_NONBLOCK), EAGAIN);
	signal(SIGPIPE, SIG_IGN);
	close(a[0]);
	CHECK_ERR("no reader", vmsplice(a[1], iov, 1, 0), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(a[1]);
	close(fd);
	munmap(pg, 8192);
}

/* A FIFO is a pipe to splice too; spliced bytes reach a reader through it. */
static void fifo(void)
{
	mkfifo(P("fifo"), 0600);
	int r = open(P("fifo"), O_RDONLY | O_NONBLOCK), w = open(P("fifo"), O_WRONLY);
	int fd = file_of("src", 100, 0);
	CHECK_EQ("file to FIFO", splice(fd, NULL, w, NULL, 30, 0), 30);
	int a[2];
	pipes(a, NULL);
	CHECK_EQ("FIFO to pipe", splice(r, NULL, a[1], NULL, 30, 0), 30);
	CHECK_EQ("bytes through", strlen(drain(a[0], 100)), 30);
	closeall(a, NULL);
	close(r);
	close(w);
	close(fd);
}


/* The file's bytes from off, n of them, are 'a' + (off + i) % 26? */
static int same_bytes(int fd, off_t at, off_t off, int n)
{
	char buf[512];
	for (int done = 0; done < n;) {
		int k = MIN(n - done, (int)sizeof buf);
		if (pread(fd, buf, k, at + done) != k)
			return 0;
		for (int i = 0; i < k; i++)
			if (buf[i] != (char)('a' + (off + done + i) % 26))
				return 0;
		done += k;
	}
	return 1;
}

static void sendfile_calls(void)
{
	int in = file_of("sf_in", 10000, 0), out = file_of("sf_out", 0, 0);
	CHECK_EQ("file to file", sendfile(out, in, NULL, 10000), 10000);
	CHECK_EQ("the input's position moves", lseek(in, 0, SEEK_CUR), 10000);
	CHECK_EQ("the output's too", lseek(out, 0, SEEK_CUR), 10000);
	CHECK("the bytes", same_bytes(out, 0, 0, 10000));
	off_t off = 100;
	CHECK_EQ("from an offset", sendfile(out, in, &off, 50), 50);
	CHECK_EQ("the offset moves", off, 150);
	CHECK_EQ("the input's position does not", lseek(in, 0, SEEK_CUR), 10000);
	CHECK("bytes from the offset", same_bytes(out, 10000, 100, 50));
	off = 9990;
	CHECK_EQ("up to the end", sendfile(out, in, &off, 100), 10);
	CHECK_EQ("at the end: 0", sendfile(out, in, &off, 100), 0);
	CHECK_EQ("count 0", sendfile(out, in, &off, 0), 0);
	int a[2];
	pipes(a, NULL);
	off = 26;
	CHECK_EQ("file to pipe", sendfile(a[1], in, &off, 5), 5);
	CHECK_STR("its bytes", drain(a[0], 100), "abcde");

	int ro = open(P("sf_in"), O_RDONLY), wo = open(P("sf_in"), O_WRONLY), app = file_of("sf_app", 0, O_APPEND);
	int dir = open(P("."), O_RDONLY | O_DIRECTORY);
	off = 0;
	CHECK_ERR("bad input fd", sendfile(out, -1, NULL, 1), EBADF);
	CHECK_ERR("input not readable", sendfile(out, wo, NULL, 1), EBADF);
	CHECK_ERR("bad output fd", sendfile(99, in, NULL, 1), EBADF);
	CHECK_ERR("output not writable", sendfile(ro, in, &off, 1), EBADF);
	CHECK_ERR("an offset on a pipe", sendfile(out, a[0], &off, 1), ESPIPE);
	write(a[1], "p", 1);
	CHECK_ERR("a pipe as input", sendfile(out, a[0], NULL, 1), EINVAL);
	CHECK_ERR("a directory as input", sendfile(out, dir, NULL, 1), EINVAL);
	CHECK_ERR("an O_APPEND output", sendfile(app, in, &off, 1), EINVAL);
	off = -1;
	CHECK_ERR("a negative offset", sendfile(out, in, &off, 1), EINVAL);
	CHECK_ERR("a bad offset pointer", sendfile(out, in, (off_t *)8, 1), EFAULT);
	int32_t off32 = 0x7fffffff;
	CHECK_EQ("sendfile (32-bit) at 2^31 - 1: EOVERFLOW",
		 RES(syscall(SYS_sendfile, out, in, &off32, 1)), -EOVERFLOW);
	off32 = 5;
	CHECK_EQ("sendfile (32-bit)", RES(syscall(SYS_sendfile, out, in, &off32, 3)), 3);
	CHECK_EQ("its offset moves", off32, 8);
	closeall(a, NULL);
	close(in); close(out); close(ro); close(wo); close(app); close(dir);
}

static void copy_file_range_calls(void)
{
	int in = file_of("cf_in", 10000, 0), out = file_of("cf_out", 0, 0);
	CHECK_EQ("copy", copy_file_range(in, NULL, out, NULL, 6000, 0), 6000);
	CHECK_EQ("the input's position moves", lseek(in, 0, SEEK_CUR), 6000);
	CHECK_EQ("the output's too", lseek(out, 0, SEEK_CUR), 6000);
	CHECK("the bytes", same_bytes(out, 0, 0, 6000));
	off_t oi = 9000, oo = 20000;
	CHECK_EQ("offsets, cut at the input's end", copy_file_range(in, &oi, out, &oo, 5000, 0), 1000);
	CHECK_EQ("the input offset moves", oi, 10000);
	CHECK_EQ("the output offset moves", oo, 21000);
	CHECK_EQ("the positions do not", lseek(in, 0, SEEK_CUR) + lseek(out, 0, SEEK_CUR), 12000);
	struct stat st;
	fstat(out, &st);
	CHECK_EQ("the output grows", st.st_size, 21000);
	CHECK("the bytes at the offset", same_bytes(out, 20000, 9000, 1000));
	CHECK_EQ("at the input's end: 0", copy_file_range(in, &oi, out, &oo, 10, 0), 0);
	oi = 0;
	oo = 5000;
	CHECK_EQ("within one file, apart", copy_file_range(in, &oi, in, &oo, 100, 0), 100);
	CHECK("its bytes", same_bytes(in, 5000, 0, 100));

	int a[2];
	pipes(a, NULL);
	int ro = open(P("cf_in"), O_RDONLY), wo = open(P("cf_in"), O_WRONLY), app = file_of("cf_app", 0, O_APPEND);
	int dir = open(P("."), O_RDONLY | O_DIRECTORY);
	oi = 0;
	oo = 50;
	off_t neg = -1;
	CHECK_ERR("bad fd", copy_file_range(-1, NULL, out, NULL, 1, 0), EBADF);
	CHECK_ERR("a flag", copy_file_range(in, NULL, out, NULL, 1, 1), EINVAL);
	CHECK_ERR("a directory", copy_file_range(dir, NULL, out, NULL, 1, 0), EISDIR);
	CHECK_ERR("a pipe", copy_file_range(a[0], NULL, out, NULL, 1, 0), EINVAL);
	CHECK_ERR("into a pipe", copy_file_range(in, NULL, a[1], NULL, 1, 0), EINVAL);
	CHECK_ERR("input not readable", copy_file_range(wo, NULL, out, NULL, 1, 0), EBADF);
	CHECK_ERR("output not writable", copy_file_range(in, NULL, ro, NULL, 1, 0), EBADF);
	CHECK_ERR("an O_APPEND output", copy_file_range(in, NULL, app, NULL, 1, 0), EBADF);
	CHECK_ERR("overlapping in one file", copy_file_range(in, &oi, in, &oo, 100, 0), EINVAL);
	CHECK_ERR("a negative offset: the unsigned sum wraps", copy_file_range(in, &neg, out, NULL, 1, 0), EOVERFLOW);
	CHECK_ERR("a negative offset, nothing to copy", copy_file_range(in, &neg, out, NULL, 0, 0), EINVAL);
	int proc = open("/proc/self/status", O_RDONLY);
	CHECK_ERR("another filesystem", copy_file_range(proc, NULL, out, NULL, 10, 0), EXDEV);
	close(proc);
	CHECK_ERR("a bad offset pointer", copy_file_range(in, (off_t *)8, out, NULL, 1, 0), EFAULT);
	closeall(a, NULL);
	close(in); close(out); close(ro); close(wo); close(app); close(dir);
}

/* sendfile to a socket, the classic use: a UNIX stream pair and a TCP
 * connection over the loopback take a file's bytes; a full non-blocking
 * socket says EAGAIN, a closed peer EPIPE. */
static void sendfile_sockets(void)
{
	int in = file_of("sf_sock", 10000, 0);
	static char buf[10000];
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_EQ("to a UNIX stream socket", sendfile(sv[0], in, NULL, 10000), 10000);
	CHECK_EQ("all of it arrives", read_full(sv[1], buf, 10000), 10000);
	CHECK("the file's bytes", same_bytes(in, 0, 0, 10000) && buf[26] == 'a' && buf[9999] == 'a' + 9999 % 26);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	while (write(sv[0], buf, sizeof buf) > 0)
		;
	off_t off = 0;
	CHECK_ERR("a full non-blocking socket: EAGAIN", sendfile(sv[0], in, &off, 100), EAGAIN);
	CHECK_EQ("the offset stays", off, 0);
	close(sv[1]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("the peer closed: EPIPE", sendfile(sv[0], in, &off, 100), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(sv[0]);

	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &alen);
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s2 = accept(l, NULL, NULL);
	off = 100;
	CHECK_EQ("to a TCP connection", sendfile(c, in, &off, 5000), 5000);
	CHECK_EQ("its offset moves", off, 5100);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("all of it arrives", read_full(s2, buf, 5000), 5000);
	CHECK("from the offset", buf[0] == 'a' + 100 % 26 && buf[4999] == 'a' + 5099 % 26);
	close(c);
	close(s2);
	close(l);
	close(in);
}

/* splice between pipes and sockets (Linux's sock_splice_read and its
 * sendpage): a stream gives what it has, a datagram socket one message;
 * each pipe buffer goes out as one send (one datagram); the socket's own
 * blocking, SPLICE_F_NONBLOCK, EPIPE and SIGPIPE, no offsets. */
static void splice_sockets(void)
{
	int p[2], sv[2];
	char buf[64];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(p[1], "hello", 5);
	CHECK_EQ("a pipe into a stream socket", splice(p[0], NULL, sv[0], NULL, 100, 0), 5);
	CHECK_STR("it arrives", drain(sv[1], 100), "hello");
	write(sv[1], "wor", 3);
	write(sv[1], "ld", 2);
	CHECK_EQ("a stream socket into a pipe: all it has", splice(sv[0], NULL, p[1], NULL, 100, 0), 5);
	CHECK_STR("in the pipe", drain(p[0], 100), "world");
	write(sv[1], "abcdef", 6);
	CHECK_EQ("len caps it", splice(sv[0], NULL, p[1], NULL, 4, 0), 4);
	CHECK_EQ("the rest stays in the socket", splice(sv[0], NULL, p[1], NULL, 100, 0), 2);
	CHECK_STR("in order", drain(p[0], 100), "abcdef");
	CHECK_ERR("an empty socket, SPLICE_F_NONBLOCK: EAGAIN", splice(sv[0], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK), EAGAIN);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	CHECK_ERR("an empty O_NONBLOCK socket: EAGAIN", splice(sv[0], NULL, p[1], NULL, 100, 0), EAGAIN);
	fcntl(sv[0], F_SETFL, 0);
	loff_t off = 0;
	write(p[1], "x", 1);
	CHECK_ERR("an offset for the socket (output): EINVAL", splice(p[0], NULL, sv[0], &off, 1, 0), EINVAL);
	CHECK_ERR("an offset for the socket (input): EINVAL", splice(sv[0], &off, p[1], NULL, 1, 0), EINVAL);
	drain(p[0], 100);
	close(sv[1]);
	CHECK_EQ("the peer gone: end of stream, 0", splice(sv[0], NULL, p[1], NULL, 100, 0), 0);
	write(p[1], "x", 1);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("into a socket whose peer is gone: EPIPE", splice(p[0], NULL, sv[0], NULL, 1, 0), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	CHECK_STR("the byte stays in the pipe", drain(p[0], 100), "x");
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "y", 1);
		splice(p[0], NULL, sv[0], NULL, 1, 0);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("and SIGPIPE", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	CHECK_STR("its byte stays too", drain(p[0], 100), "y");
	close(sv[0]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[1], "ab", 2, 0);
	send(sv[1], "cde", 3, 0);
	CHECK_EQ("a datagram socket into a pipe: one message", splice(sv[0], NULL, p[1], NULL, 100, 0), 2);
	CHECK_EQ("then the next", splice(sv[0], NULL, p[1], NULL, 100, 0), 3);
	CHECK_STR("both in the pipe", drain(p[0], 100), "abcde");
	write(p[1], "one", 3);
	CHECK_EQ("a pipe into a datagram socket", splice(p[0], NULL, sv[0], NULL, 100, 0), 3);
	CHECK_EQ("one datagram", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 3);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0) {                       /* the reader comes later */
		char big[70000];
		close(sv[0]);
		usleep(100000);
		size_t got = 0;
		ssize_t n;
		while ((n = read(sv[1], big, sizeof big)) > 0)
			got += (size_t)n;
		_exit(got == 65536 * 3 ? 0 : 1);
	}
	close(sv[1]);
	static char chunk[65536];
	memset(chunk, 'z', sizeof chunk);
	long total = 0;
	for (int i = 0; i < 3; i++) {
		write(p[1], chunk, sizeof chunk);
		long n;
		while ((n = splice(p[0], NULL, sv[0], NULL, sizeof chunk, 0)) > 0 && (total += n) % 65536)
			;
	}
	CHECK_EQ("a blocking splice waits for a full socket", total, 65536 * 3);
	close(sv[0]);
	CHECK_EQ("and the reader got every byte", wait_for(pid), 0);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	tdir_setup("t_splice");
	RUN(pipe_to_pipe);
	RUN(waits);
	RUN(file_and_pipe);
	RUN(splice_errors);
	RUN(tee_pipes);
	RUN(vmsplice_pipes);
	RUN(fifo);
	RUN(sendfile_calls);
	RUN(copy_file_range_calls);
	RUN(sendfile_sockets);
	RUN(splice_sockets);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
