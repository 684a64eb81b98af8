/* t_fifo - differential test of named pipes (issue 4, item 2): mkfifo and
 * mknod(S_IFIFO) with their modes, the open rendezvous (O_RDONLY waits for
 * a writer, O_WRONLY for a reader, ENXIO for a non-blocking writer without
 * reader, O_RDWR never waits), an open interrupted by a signal, data
 * flowing as in a pipe, a FIFO unlinked while open, data that does not
 * outlive the last close, two readers with two writers, and the times a
 * read and a write leave. */
#include "check.h"
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/resource.h>

/* ---- helpers ---- */

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A one-shot ITIMER_REAL of ms milliseconds. */
static void timer_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* open's result as a number: the fd (>= 0) or -errno. */
static int xopen(const char *path, int flags)
{
	errno = 0;
	int fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

static int fionread(int fd)
{
	int n = -1;
	return ioctl(fd, FIONREAD, &n) < 0 ? -1000 - errno : n;
}

static unsigned char pat(unsigned long i)
{
	return (unsigned char)((i * 2654435761u) >> 11);
}

/* ---- cases ---- */

static void make_fifo(void)
{
	struct stat st;
	umask(022);
	CHECK_OK0("mkfifo", mkfifo(P("f"), 0666));
	CHECK_OK0("stat_fifo", stat(P("f"), &st));
	CHECK("stat_S_ISFIFO", S_ISFIFO(st.st_mode));
	CHECK_MODE("mkfifo_mode_with_umask", st.st_mode, S_IFIFO | 0644);
	CHECK_EQ("fifo_nlink", st.st_nlink, 1);
	CHECK_EQ("fifo_size", st.st_size, 0);
	CHECK_EQ("fifo_owner", st.st_uid, 0);
	CHECK_OK0("lstat_fifo", lstat(P("f"), &st));
	CHECK("lstat_S_ISFIFO", S_ISFIFO(st.st_mode));

	CHECK_OK0("mknod_S_IFIFO", mknod(P("m"), S_IFIFO | 0640, 0));
	stat(P("m"), &st);
	CHECK_MODE("mknod_mode", st.st_mode, S_IFIFO | 0640);
	umask(0);
	CHECK_OK0("mkfifo_umask_0", mkfifo(P("u"), 0777));
	stat(P("u"), &st);
	CHECK_MODE("mkfifo_mode_umask_0", st.st_mode, S_IFIFO | 0777);
	umask(022);

	CHECK_ERR("mkfifo_exists_EEXIST", mkfifo(P("f"), 0600), EEXIST);
	CHECK_ERR("mknod_exists_EEXIST", mknod(P("f"), S_IFIFO | 0600, 0), EEXIST);
	CHECK_ERR("mkfifo_no_dir_ENOENT", mkfifo(P("nodir/f"), 0600), ENOENT);
	CHECK_OK0("chmod_fifo", chmod(P("f"), 0600));
	stat(P("f"), &st);
	CHECK_MODE("chmod_fifo_mode", st.st_mode, S_IFIFO | 0600);

	int seen = 0;
	DIR *d = opendir(tdir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, "f"))
			seen = e->d_type == DT_FIFO ? 1 : 2;
	if (d)
		closedir(d);
	CHECK_EQ("readdir_d_type_DT_FIFO", seen, 1);

	/* any user may make a FIFO; permissions apply to its open */
	chmod(tdir, 0777);
	pid_t pid = fork();
	if (pid == 0) {
		int bits = 0;
		if (setuid(1000) < 0)
			_exit(100);
		if (mkfifo(P("mine"), 0600) < 0)
			bits |= 1;
		if (!(open(P("f"), O_RDONLY | O_NONBLOCK) < 0 && errno == EACCES))
			bits |= 2;
		if (open(P("mine"), O_RDWR) < 0)
			bits |= 4;
		_exit(bits);
	}
	CHECK_EXIT("user_mkfifo_and_permissions", wait_for(pid), 0);
	CHECK_EQ("user_fifo_owner", stat(P("mine"), &st) == 0 ? (long)st.st_uid : -1, 1000);
}

/* O_RDONLY waits until a writer opens. */
static void open_reader_waits(void)
{
	int order[2];
	mkfifo(P("f"), 0600);
	pipe2(order, O_NONBLOCK);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(order[1], "w", 1);
		int fd = open(P("f"), O_WRONLY);    /* a reader waits: no wait here */
		if (fd < 0)
			_exit(1);
		write(fd, "hi", 2);
		_exit(0);
	}
	int fd = xopen(P("f"), O_RDONLY);
	char o = 0, buf[8] = { 0 };
	CHECK("reader_open_ok", fd >= 0);
	CHECK_EQ("reader_open_waited_for_writer", read(order[0], &o, 1), 1);
	CHECK_EQ("reader_gets_data", read_full(fd, buf, 8), 2);
	CHECK_STR("reader_data", buf, "hi");
	CHECK_EQ("reader_eof", read(fd, buf, 8), 0);
	CHECK_EXIT("writer_child_exit", wait_for(pid), 0);
}

/* O_WRONLY waits until a reader opens. */
static void open_writer_waits(void)
{
	int order[2], res[2];
	mkfifo(P("f"), 0600);
	pipe2(order, O_NONBLOCK);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(order[1], "r", 1);
		int fd = open(P("f"), O_RDONLY);
		char buf[8] = { 0 };
		long n = read_full(fd, buf, 8);
		report(res[1], fd < 0 ? -1 : n == 2 && !strcmp(buf, "yo") ? 1 : 0);
		_exit(0);
	}
	int fd = xopen(P("f"), O_WRONLY);
	char o = 0;
	CHECK("writer_open_ok", fd >= 0);
	CHECK_EQ("writer_open_waited_for_reader", read(order[0], &o, 1), 1);
	CHECK_EQ("writer_writes", write(fd, "yo", 2), 2);
	close(fd);
	CHECK_EQ("reader_child_got_data", collect(res[0]), 1);
	wait_for(pid);
}

static void open_nonblock(void)
{
	char c;
	mkfifo(P("f"), 0600);
	CHECK_EQ("wronly_nonblock_no_reader_ENXIO", xopen(P("f"), O_WRONLY | O_NONBLOCK), -ENXIO);
	CHECK_EQ("wronly_nonblock_ENXIO_again", xopen(P("f"), O_WRONLY | O_NONBLOCK), -ENXIO);
	int r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK("rdonly_nonblock_returns_at_once", r >= 0);
	CHECK_EQ("read_without_writer_is_eof", read(r, &c, 1), 0);
	int w = xopen(P("f"), O_WRONLY | O_NONBLOCK);
	CHECK("wronly_nonblock_with_reader", w >= 0);
	CHECK_ERR("empty_with_writer_EAGAIN", read(r, &c, 1), EAGAIN);
	write(w, "x", 1);
	CHECK_EQ("nonblock_fifo_data", read(r, &c, 1), 1);
	close(w);
	CHECK_EQ("eof_after_writer_closed", read(r, &c, 1), 0);
	int w2 = xopen(P("f"), O_WRONLY);
	CHECK("blocking_writer_open_with_reader", w2 >= 0);
	CHECK_ERR("new_writer_no_eof_EAGAIN", read(r, &c, 1), EAGAIN);
	close(w2);
	close(r);
	CHECK_EQ("ENXIO_after_reader_closed", xopen(P("f"), O_WRONLY | O_NONBLOCK), -ENXIO);

	/* a blocking reader opens at once when a writer is there */
	int rw = xopen(P("f"), O_RDWR);
	CHECK("rdwr_open_at_once", rw >= 0);
	int r2 = xopen(P("f"), O_RDONLY);
	CHECK("reader_open_with_writer_present", r2 >= 0);
	int w3 = xopen(P("f"), O_WRONLY | O_NONBLOCK);
	CHECK("rdwr_counts_as_reader", w3 >= 0);
	close(w3);
	close(r2);
	close(rw);
}

static void open_rdwr(void)
{
	char buf[8] = { 0 };
	struct stat a, b;
	mkfifo(P("f"), 0600);
	int fd = xopen(P("f"), O_RDWR);
	CHECK("rdwr_never_waits", fd >= 0);
	CHECK_EQ("rdwr_write", write(fd, "loop", 4), 4);
	CHECK_EQ("rdwr_read", read(fd, buf, 8), 4);
	CHECK_STR("rdwr_data", buf, "loop");
	CHECK_EQ("rdwr_access_mode", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	fstat(fd, &a);
	stat(P("f"), &b);
	CHECK("fstat_open_fifo", S_ISFIFO(a.st_mode) && a.st_ino == b.st_ino);
	CHECK_ERR("fifo_lseek_ESPIPE", lseek(fd, 0, SEEK_SET), ESPIPE);
	write(fd, "abc", 3);
	CHECK_EQ("fifo_FIONREAD", fionread(fd), 3);
}

/* The times a read and a write leave (Linux's file_update_time and
 * file_accessed, under relatime): a write moves mtime and ctime, a read
 * moves atime (older than mtime) and neither of the others. The times
 * start far in the past, and the read comes a few ticks after the write
 * so that a wrong stamp would differ. */
static void times(void)
{
	struct stat w, r;
	mkfifo(P("t"), 0600);
	int fd = xopen(P("t"), O_RDWR);
	struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } };
	CHECK_EQ("times_futimens", futimens(fd, old), 0);
	write(fd, "x", 1);
	fstat(fd, &w);
	CHECK("times_write_moves_mtime", w.st_mtim.tv_sec > 1000);
	CHECK("times_write_moves_ctime", w.st_ctim.tv_sec > 1000);
	CHECK_EQ("times_write_leaves_atime", w.st_atim.tv_sec, 1000);
	usleep(50000);
	char c;
	read(fd, &c, 1);
	fstat(fd, &r);
	CHECK("times_read_moves_atime", r.st_atim.tv_sec > 1000);
	CHECK("times_read_leaves_mtime", r.st_mtim.tv_sec == w.st_mtim.tv_sec && r.st_mtim.tv_nsec == w.st_mtim.tv_nsec);
	CHECK("times_read_leaves_ctime", r.st_ctim.tv_sec == w.st_ctim.tv_sec && r.st_ctim.tv_nsec == w.st_ctim.tv_nsec);
	/* atime newer than mtime and ctime, in the same second as mtime: a
	 * read leaves it (relatime compares to the nanosecond) */
	write(fd, "y", 1);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct timespec later[2] = { { now.tv_sec + 100, 600000000 }, { now.tv_sec + 100, 200000000 } };
	futimens(fd, later);
	read(fd, &c, 1);
	fstat(fd, &r);
	CHECK("times_read_leaves_newer_atime", r.st_atim.tv_sec == now.tv_sec + 100 && r.st_atim.tv_nsec == 600000000);
	close(fd);
}

/* A FIFO moves data exactly like a pipe: many blocks, EOF, EPIPE. */
static void data_flow(void)
{
	enum { N = 300000 };
	mkfifo(P("f"), 0600);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(P("f"), O_WRONLY);
		static unsigned char b[N];
		for (unsigned long i = 0; i < N; i++)
			b[i] = pat(i);
		_exit(write(fd, b, N) == N ? 0 : 1);
	}
	int fd = xopen(P("f"), O_RDONLY);
	static unsigned char buf[5000];
	unsigned long total = 0, bad = 0;
	for (;;) {
		ssize_t r = read(fd, buf, 4999);
		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			bad += buf[i] != pat(total + i);
		total += r;
	}
	CHECK_EQ("fifo_bytes_through", total, N);
	CHECK_EQ("fifo_bytes_in_order", bad, 0);
	CHECK_EXIT("fifo_writer_exit", wait_for(pid), 0);
	close(fd);

	signal(SIGPIPE, SIG_IGN);
	int r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	int w = xopen(P("f"), O_WRONLY);
	close(r);
	CHECK_ERR("fifo_no_reader_EPIPE", write(w, "x", 1), EPIPE);
	close(w);
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		int r2 = open(P("f"), O_RDONLY | O_NONBLOCK);
		int w2 = open(P("f"), O_WRONLY);
		close(r2);
		write(w2, "x", 1);
		_exit(0);
	}
	CHECK_SIG("fifo_no_reader_SIGPIPE", wait_for(pid), SIGPIPE);
}

static void unlinked_while_open(void)
{
	char buf[16] = { 0 };
	struct stat st;
	mkfifo(P("f"), 0600);
	int r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	int w = xopen(P("f"), O_WRONLY);
	CHECK_OK0("unlink_open_fifo", unlink(P("f")));
	CHECK_ERR("unlinked_name_gone", stat(P("f"), &st), ENOENT);
	CHECK_EQ("unlinked_fifo_write", write(w, "still", 5), 5);
	CHECK_EQ("unlinked_fifo_read", read(r, buf, sizeof buf), 5);
	CHECK_STR("unlinked_fifo_data", buf, "still");
	CHECK_OK0("unlinked_fstat", fstat(r, &st));
	CHECK("unlinked_fstat_fifo", S_ISFIFO(st.st_mode));
	CHECK_EQ("unlinked_fstat_nlink_0", st.st_nlink, 0);

	/* a new FIFO of the same name is another FIFO */
	mkfifo(P("f"), 0600);
	CHECK_EQ("new_fifo_same_name_has_no_reader", xopen(P("f"), O_WRONLY | O_NONBLOCK), -ENXIO);
	write(w, "old", 3);
	int r2 = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	char c;
	CHECK_EQ("new_fifo_same_name_empty", read(r2, &c, 1), 0);
	close(w);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("unlinked_fifo_drains", read(r, buf, sizeof buf), 3);
	CHECK_EQ("unlinked_fifo_eof", read(r, buf, sizeof buf), 0);
}

/* The buffer lives while any end is open, and no longer. */
static void data_lifetime(void)
{
	char buf[16] = { 0 }, c;
	mkfifo(P("f"), 0600);
	int fd = xopen(P("f"), O_RDWR);
	write(fd, "stale", 5);
	close(fd);
	fd = xopen(P("f"), O_RDWR | O_NONBLOCK);
	CHECK_EQ("reopened_fifo_empty_FIONREAD", fionread(fd), 0);
	CHECK_ERR("reopened_fifo_empty_EAGAIN", read(fd, &c, 1), EAGAIN);
	close(fd);

	int r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	int w = xopen(P("f"), O_WRONLY);
	write(w, "gone", 4);
	close(w);
	close(r);
	r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	w = xopen(P("f"), O_WRONLY);
	CHECK_ERR("data_gone_after_last_close", read(r, &c, 1), EAGAIN);
	close(w);
	close(r);

	/* kept while the reader stays open */
	r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	w = xopen(P("f"), O_WRONLY);
	write(w, "keep", 4);
	close(w);
	w = xopen(P("f"), O_WRONLY);
	CHECK_EQ("data_kept_while_reader_open", read(r, buf, sizeof buf), 4);
	CHECK_STR("data_kept_reader_data", buf, "keep");

	/* kept while the writer stays open */
	write(w, "held", 4);
	close(r);
	r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("data_kept_while_writer_open", read(r, buf, sizeof buf), 4);
	CHECK_STR("data_kept_writer_data", buf, "held");
}

/* Two writers and two readers, records of 4096 bytes read 4096 at a time:
 * every record arrives once and whole. */
static void two_and_two(void)
{
	enum { RECS = 100, REC = 4096 };
	int opened[2], res[2];
	mkfifo(P("f"), 0600);
	pipe(opened);
	pipe(res);
	/* placeholders so no open waits and no reader sees an early EOF */
	int hold_r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	int hold_w = xopen(P("f"), O_WRONLY);
	pid_t pids[4];
	for (int k = 0; k < 4; k++) {
		pids[k] = fork();
		if (pids[k] != 0)
			continue;
		close(hold_r);
		close(hold_w);
		static unsigned char rec[REC];
		if (k < 2) {                        /* writer k */
			int fd = open(P("f"), O_WRONLY);
			write(opened[1], "o", 1);
			for (int s = 0; s < RECS; s++) {
				rec[0] = 'A' + k;
				rec[1] = s;
				for (int i = 2; i < REC; i++)
					rec[i] = (unsigned char)(k * 13 + s + i);
				if (write(fd, rec, REC) != REC)
					_exit(1);
			}
			_exit(0);
		}
		int fd = open(P("f"), O_RDONLY);    /* reader */
		write(opened[1], "o", 1);
		long cnt[2] = { 0, 0 }, bad = 0;
		for (;;) {
			ssize_t r = read(fd, rec, REC);
			if (r <= 0)
				break;
			int w = rec[0] - 'A';
			if (r != REC || w < 0 || w > 1) {
				bad++;
				continue;
			}
			for (int i = 2; i < REC; i++)
				if (rec[i] != (unsigned char)(w * 13 + rec[1] + i)) {
					bad++;
					break;
				}
			cnt[w]++;
		}
		long out[3] = { cnt[0], cnt[1], bad };   /* one atomic write */
		_exit(write(res[1], out, sizeof out) == sizeof out ? 0 : 1);
	}
	char o[4];
	read_full(opened[0], o, 4);
	close(hold_r);
	close(hold_w);
	long c0 = 0, c1 = 0, bad = 0;
	for (int k = 0; k < 2; k++) {
		long in[3] = { 0, 0, 1 };
		read_full(res[0], in, sizeof in);
		c0 += in[0];
		c1 += in[1];
		bad += in[2];
	}
	int ok = 1;
	for (int k = 0; k < 4; k++) {
		int st = wait_for(pids[k]);
		ok &= st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK("two_and_two_all_exit_0", ok);
	CHECK_EQ("two_and_two_writer0_records", c0, RECS);
	CHECK_EQ("two_and_two_writer1_records", c1, RECS);
	CHECK_EQ("two_and_two_no_torn_record", bad, 0);
}

/* An open waiting for the other side is interrupted by a signal: EINTR
 * without SA_RESTART (and nothing is left counted), restarted with it. */
static void open_interrupted(void)
{
	char c;
	mkfifo(P("f"), 0600);
	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	timer_ms(100);
	CHECK_EQ("reader_open_EINTR", xopen(P("f"), O_RDONLY), -EINTR);
	CHECK_EQ("reader_open_EINTR_handler_ran", alarms, 1);
	CHECK_EQ("no_reader_left_after_EINTR", xopen(P("f"), O_WRONLY | O_NONBLOCK), -ENXIO);
	timer_ms(100);
	CHECK_EQ("writer_open_EINTR", xopen(P("f"), O_WRONLY), -EINTR);
	int r = xopen(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK_EQ("no_writer_left_after_EINTR", read(r, &c, 1), 0);
	close(r);

	handle(SIGALRM, on_alarm, SA_RESTART);
	alarms = 0;
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());   /* its timer set, it opens: the open comes after the timer */
		msleep(400);
		int w = open(P("f"), O_WRONLY);
		write(w, "R", 1);
		_exit(0);
	}
	timer_ms(100);
	r = xopen(P("f"), O_RDONLY);
	CHECK("reader_open_restarted", r >= 0);
	CHECK_EQ("reader_open_restart_handler_ran", alarms, 1);
	c = 0;
	CHECK_EQ("reader_open_restarted_data", read(r, &c, 1) == 1 && c == 'R', 1);
	wait_for(pid);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGPIPE, SIG_DFL);
	umask(022);
	tdir_setup("t_fifo");
	RUN(make_fifo);
	RUN(open_reader_waits);
	RUN(open_writer_waits);
	RUN(open_nonblock);
	RUN(open_rdwr);
	RUN(times);
	RUN(data_flow);
	RUN(unlinked_while_open);
	RUN(data_lifetime);
	RUN(two_and_two);
	RUN(open_interrupted);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
