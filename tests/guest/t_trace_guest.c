/* t_trace_guest - guest only (the host's tracefs is not Pipit's): the
 * event trace of /sys/kernel/tracing. Enabling and filtering by event and
 * by pid, the text format, tracing_on, the lost-event count when the ring
 * overflows, trace_pipe (consuming, EAGAIN when empty), root only; and a
 * pipe read that sleeps gives exactly sleep -> write -> wake -> switch, in
 * that order, with the pipe's queue named; lock waits and grants (flock,
 * fcntl with its range, a semop's semaphore), socket bytes and a UNIX
 * listener's queue named by its path. */
#include "check.h"
#include <sys/file.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#define T "/sys/kernel/tracing/"

static int put(const char *file, const char *text, int trunc)
{
	int fd = open(file, O_WRONLY | (trunc ? O_TRUNC : 0));
	if (fd < 0)
		return -1;
	int r = *text ? (int)write(fd, text, strlen(text)) : 0;
	int e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

/* The whole of a file (static buffer, NUL-terminated). */
static char *slurp(const char *file)
{
	static char buf[300000];
	int fd = open(file, O_RDONLY), n = 0, k;
	while (fd >= 0 && (k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += k;
	if (fd >= 0)
		close(fd);
	buf[n] = 0;
	return buf;
}

static int count(const char *text, const char *what)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void reset(void)
{
	put(T "tracing_on", "0", 0);
	put(T "set_event", "", 1);
	put(T "set_event_pid", "", 1);
	put(T "trace", "", 1);
}

static void controls(void)
{
	reset();
	char *av = slurp(T "available_events");
	CHECK("available: sched_switch", strstr(av, "sched:sched_switch\n") != NULL);
	CHECK("available: ipc_sleep", strstr(av, "ipc:ipc_sleep\n") != NULL);
	CHECK_OK0("enable a subsystem", put(T "set_event", "sched:*", 0));
	CHECK_STR("set_event lists its events", slurp(T "set_event"),
		  "sched:sched_switch\nsched:sched_wakeup\nsched:sched_process_fork\n"
		  "sched:sched_process_exec\nsched:sched_process_exit\n");
	CHECK_OK0("disable one", put(T "set_event", "!sched:sched_wakeup", 0));
	CHECK("it is gone", strstr(slurp(T "set_event"), "sched_wakeup") == NULL);
	CHECK_ERR("unknown event", put(T "set_event", "nosuch:event", 0), EINVAL);
	CHECK_OK0("O_TRUNC clears", put(T "set_event", "ipc", 1));
	CHECK_STR("only ipc now", slurp(T "set_event"),
		  "ipc:ipc_sleep\nipc:ipc_wake\nipc:ipc_xfer\nipc:ipc_lock\n");
	CHECK_ERR("tracing_on 2", put(T "tracing_on", "2", 0), EINVAL);
	CHECK_OK0("tracing_on 1", put(T "tracing_on", "1", 0));
	CHECK_STR("reads 1", slurp(T "tracing_on"), "1\n");
	char *tr = slurp(T "trace");
	CHECK("header", !strncmp(tr, "# tracer: nop\n#\n# entries-in-buffer/entries-written: ", 52));
	CHECK("column line", strstr(tr, "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n") != NULL);
	reset();
	pid_t pid = fork();
	if (pid == 0) {
		setuid(1000);
		_exit(open(T "trace", O_RDONLY) < 0 && errno == EACCES &&
		      open(T "tracing_on", O_WRONLY) < 0 ? 0 : 1);
	}
	CHECK_EXIT("root only", wait_for(pid), 0);
}

/* The events of pid in the text: the lines that name it. */
static void pipe_sleep_wake(void)
{
	reset();
	int p[2];
	pipe(p);
	pid_t kid = fork();
	if (kid == 0) {
		char c;
		_exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	char pids[32];
	snprintf(pids, sizeof pids, "%d %d", (int)getpid(), (int)kid);
	put(T "set_event_pid", pids, 1);
	put(T "set_event", "ipc sched:sched_switch", 1);
	put(T "tracing_on", "1", 0);
	usleep(50000);                            /* the child is asleep on the pipe by now */
	write(p[1], "x", 1);
	wait_for(kid);
	put(T "tracing_on", "0", 0);
	char *tr = slurp(T "trace");
	char sleep_s[64], wake_s[96], switch_s[64], xfer_s[64];
	snprintf(sleep_s, sizeof sleep_s, "-%d ", (int)kid);
	/* The child's sleep on "pipe X readers", then our write, our wake-up of
	 * it on the same queue, then a switch to it. */
	const char *s = strstr(tr, "ipc_sleep: queue=\"pipe ");
	CHECK("the reader sleeps on the pipe", s != NULL);
	if (!s)
		return;
	const char *line = s;
	while (line > tr && line[-1] != '\n')
		line--;
	CHECK("the sleeper is the child", strncmp(strstr(line, "-"), sleep_s, strlen(sleep_s)) == 0);
	char queue[48];
	sscanf(s, "ipc_sleep: queue=\"%47[^\"]\"", queue);
	CHECK("its queue is the readers'", strstr(queue, " readers") != NULL);
	snprintf(xfer_s, sizeof xfer_s, "ipc_xfer: obj=\"%.*s\" wrote=1", (int)(strlen(queue) - 8), queue);
	snprintf(wake_s, sizeof wake_s, "ipc_wake: queue=\"%s\" woken_pid=%d", queue, (int)kid);
	snprintf(switch_s, sizeof switch_s, "next_pid=%d ", (int)kid);
	const char *x = strstr(s, xfer_s), *w = x ? strstr(x, wake_s) : NULL;
	const char *sw = w ? strstr(w, switch_s) : NULL;
	CHECK("then the write's transfer", x != NULL);
	CHECK("then the wake-up on that queue", w != NULL);
	CHECK("then the switch to it", sw != NULL);
}

static void overflow(void)
{
	reset();
	int pipefd = open(T "trace_pipe", O_RDONLY | O_NONBLOCK);
	char buf[4096];
	CHECK_ERR("trace_pipe empty: EAGAIN", read(pipefd, buf, sizeof buf), EAGAIN);
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	put(T "set_event_pid", pid, 1);
	put(T "set_event", "raw_syscalls", 1);
	put(T "tracing_on", "1", 0);
	for (int i = 0; i < 3000; i++)
		syscall(SYS_getppid);
	put(T "tracing_on", "0", 0);
	char *tr = slurp(T "trace");
	unsigned kept = 0, written = 0;
	sscanf(strstr(tr, "entries-written: ") + 17, "%u/%u", &kept, &written);
	CHECK_EQ("the ring keeps 2048", kept, 2048);
	CHECK("more were written", written > 6000);
	CHECK_EQ("lines kept", count(tr, "sys_enter: NR 64 ") + count(tr, "sys_exit: NR 64 ") >= 2000, 1);
	int n = (int)read(pipefd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK("trace_pipe says what it lost", !strncmp(buf, "CPU:0 [LOST ", 12));
	while (read(pipefd, buf, sizeof buf) > 0)
		;
	CHECK_ERR("consumed: empty again", read(pipefd, buf, sizeof buf), EAGAIN);
	close(pipefd);
	int before = count(slurp(T "trace"), "sys_enter");
	syscall(SYS_getppid);
	CHECK_EQ("off: nothing more", count(slurp(T "trace"), "sys_enter"), before);
	reset();
}

/* Starts tracing ipc events of this process and its children. */
static void trace_ipc(void)
{
	reset();
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	put(T "set_event_pid", pid, 1);
	put(T "set_event", "ipc", 1);
	put(T "tracing_on", "1", 0);
}

/* A child waits 50 ms, then runs fn(arg) and exits. */
static pid_t later(void (*fn)(int), int arg)
{
	pid_t kid = fork();
	if (kid == 0) {
		usleep(50000);
		fn(arg);
		_exit(0);
	}
	return kid;
}

static void unlock_fd(int fd) { flock(fd, LOCK_UN); }
static void sem_post1(int id) { struct sembuf op = { 1, 1, 0 }; semop(id, &op, 1); }
static void connect_to(int unused)
{
	(void)unused;
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/tmp/t_trace.sock" };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(fd, (struct sockaddr *)&a, sizeof a);
}

static void locks_and_sockets(void)
{
	int fd = open("/tmp/t_trace.lock", O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct stat st;
	fstat(fd, &st);
	flock(fd, LOCK_EX);
	trace_ipc();
	pid_t kid = later(unlock_fd, fd);
	int other = open("/tmp/t_trace.lock", O_RDWR);   /* a flock of another open file waits */
	CHECK_OK0("flock waits", flock(other, LOCK_EX));
	wait_for(kid);
	char *tr = slurp(T "trace"), want[128];
	snprintf(want, sizeof want, "ipc_lock: lock=\"flock ino %lu\" type=F_WRLCK start=0 end=EOF waits\n",
		 (unsigned long)st.st_ino);
	const char *w = strstr(tr, want);
	CHECK("flock: waits", w != NULL);
	snprintf(want, sizeof want, "ipc_sleep: queue=\"inode %lu locks\"\n", (unsigned long)st.st_ino);
	CHECK("on the inode's queue", w && strstr(w, want));
	snprintf(want, sizeof want, "ipc_lock: lock=\"flock ino %lu\" type=F_WRLCK start=0 end=EOF granted\n",
		 (unsigned long)st.st_ino);
	CHECK("then granted", w && strstr(w, want));

	kid = fork();
	if (kid == 0) {                            /* a record lock held by the child, bytes 10-19 */
		struct flock fl = { .l_type = F_WRLCK, .l_start = 10, .l_len = 10 };
		fcntl(fd, F_SETLK, &fl);
		usleep(50000);
		_exit(0);
	}
	usleep(20000);
	trace_ipc();
	struct flock fl = { .l_type = F_RDLCK, .l_start = 15, .l_len = 1 };
	CHECK_OK0("fcntl waits for the exit", fcntl(fd, F_SETLKW, &fl));
	wait_for(kid);
	snprintf(want, sizeof want, "ipc_lock: lock=\"fcntl ino %lu\" type=F_RDLCK start=15 end=15 waits\n",
		 (unsigned long)st.st_ino);
	w = strstr(slurp(T "trace"), want);
	CHECK("fcntl: waits, with the range", w != NULL);
	snprintf(want, sizeof want, "ipc_lock: lock=\"fcntl ino %lu\" type=F_RDLCK start=15 end=15 granted\n",
		 (unsigned long)st.st_ino);
	CHECK("then granted", w && strstr(w, want));
	close(other);
	close(fd);
	unlink("/tmp/t_trace.lock");

	int id = semget(IPC_PRIVATE, 2, 0600);
	trace_ipc();
	kid = later(sem_post1, id);
	struct sembuf op = { 1, -1, 0 };
	CHECK_OK0("semop waits", semop(id, &op, 1));
	wait_for(kid);
	snprintf(want, sizeof want, "ipc_lock: lock=\"sem %d #1 >0\" waits\n", id);
	CHECK("semop: which semaphore", strstr(slurp(T "trace"), want) != NULL);
	semctl(id, 0, IPC_RMID);

	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/tmp/t_trace.sock" };
	int l = socket(AF_UNIX, SOCK_STREAM, 0), sv[2];
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	trace_ipc();
	kid = later(connect_to, 0);
	int c = accept(l, NULL, NULL);
	CHECK("accept", c >= 0);
	wait_for(kid);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	char buf[8];
	write(sv[0], "hello", 5);
	read(sv[1], buf, sizeof buf);
	tr = slurp(T "trace");
	CHECK("the listener's queue is named by its path",
	      strstr(tr, "ipc_sleep: queue=\"unix /tmp/t_trace.sock accept\"\n") != NULL);
	CHECK("socket bytes written", strstr(tr, "\" wrote=5\n") && strstr(tr, "ipc_xfer: obj=\"socket "));
	CHECK("and read", strstr(tr, "\" read=5\n") != NULL);
	close(c);
	close(l);
	close(sv[0]);
	close(sv[1]);
	unlink(a.sun_path);
	reset();
}

int main(void)
{
	RUN(controls);
	RUN(pipe_sleep_wake);
	RUN(overflow);
	RUN(locks_and_sockets);
	reset();
	return cases_failed ? 1 : 0;
}
