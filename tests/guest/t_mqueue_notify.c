/* t_mqueue_notify - differential test of mq_notify: SIGEV_SIGNAL (the
 * signal comes with si_code SI_MESGQ, the sender's pid and uid and the
 * registered si_value), SIGEV_NONE, the registration ending when it
 * fires, EBUSY for a second one, NULL removing only one's own, a close by
 * the owner removing it, no notification for a message that lands in a
 * non-empty queue or goes straight to a waiting receiver, what the
 * queue's file says about it (NOTIFY, SIGNO, NOTIFY_PID), and the errors
 * (EINVAL, EBADF, EFAULT; SIGEV_THREAD's socket checks: EBADF, ENOTSOCK,
 * EINVAL), and SIGEV_THREAD: through the system call, the cookie sent to
 * a netlink socket (its last byte NOTIFY_WOKENUP when the registration
 * fires, NOTIFY_REMOVED when it is removed), and the C library's thread
 * that runs the function. Pids are compared, never printed. */
#include "check.h"
#include <mqueue.h>
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>

static void unlink_all(void)
{
	mq_unlink("/t_mqn_a");
}

static mqd_t qopen(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	return mq_open("/t_mqn_a", O_CREAT | O_RDWR, 0600, &a);
}

static int notify_signal(mqd_t q, int sig, int value)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = value;
	return mq_notify(q, &ev);
}

static int notify_none(mqd_t q)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_NONE;
	return mq_notify(q, &ev);
}

/* Whether sig is pending within ms; its siginfo in *si. */
static int got_signal(int sig, siginfo_t *si, long ms)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	return sigtimedwait(&s, si, &ts) == sig;
}

static void send_from_child(mqd_t q, const char *text)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(mq_send(q, text, strlen(text), 0) == 0 ? 0 : 1);
	int st = wait_for(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		say("[FAIL] child send: %s\n", status_str(st));
}

static void signal_notify(void)
{
	mqd_t q = qopen();
	mask(SIG_BLOCK, SIGUSR1);
	CHECK_OK0("register SIGUSR1", notify_signal(q, SIGUSR1, 42));
	CHECK_ERR("a second registration: EBUSY", notify_signal(q, SIGUSR2, 1), EBUSY);
	pid_t pid = fork();
	if (pid == 0)
		_exit(mq_send(q, "hi", 2, 0) == 0 ? 0 : 1);
	wait_for(pid);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK("the signal came", got_signal(SIGUSR1, &si, 1000));
	CHECK_EQ("si_signo", si.si_signo, SIGUSR1);
	CHECK_EQ("si_code SI_MESGQ", si.si_code, SI_MESGQ);
	CHECK("si_pid: the sender", si.si_pid == pid);
	CHECK_EQ("si_uid: the sender's", si.si_uid, getuid());
	CHECK_EQ("si_value", si.si_value.sival_int, 42);
	CHECK_OK0("fired: registration gone, register again", notify_signal(q, SIGUSR1, 7));
	CHECK_OK0("second message, queue not empty", mq_send(q, "x", 1, 0));
	CHECK("no signal for a non-empty queue", !got_signal(SIGUSR1, &si, 200));
	CHECK_ERR("still registered: EBUSY", notify_none(q), EBUSY);
	char buf[16];
	mq_receive(q, buf, 16, NULL);
	mq_receive(q, buf, 16, NULL);
	send_from_child(q, "y");
	CHECK("empty -> non-empty: signal", got_signal(SIGUSR1, &si, 1000));
	CHECK_EQ("its value", si.si_value.sival_int, 7);
}

static void none_and_removal(void)
{
	mqd_t q = qopen();
	CHECK_OK0("SIGEV_NONE", notify_none(q));
	pid_t pid = fork();
	if (pid == 0) {
		int r1 = notify_none(q) < 0 && errno == EBUSY;
		int r2 = mq_notify(q, NULL) == 0;       /* not ours: nothing removed */
		int r3 = notify_none(q) < 0 && errno == EBUSY;
		_exit(r1 && r2 && r3 ? 0 : 1);
	}
	CHECK_EXIT("another process: EBUSY, NULL removes nothing", wait_for(pid), 0);
	CHECK_OK0("NULL removes ours", mq_notify(q, NULL));
	CHECK_OK0("NULL with none registered", mq_notify(q, NULL));
	CHECK_OK0("SIGEV_NONE again", notify_none(q));
	CHECK_OK0("send", mq_send(q, "a", 1, 0));
	CHECK_OK0("SIGEV_NONE fired and ended", notify_none(q));
	mqd_t q2 = mq_open("/t_mqn_a", O_RDWR);
	close(q2);
	CHECK_OK0("a close by the owner removes it", notify_signal(q, 0, 0));
	CHECK_ERR("signal 0 is accepted", notify_none(q), EBUSY);
	char buf[16];
	mq_receive(q, buf, 16, NULL);
	CHECK_OK0("signal 0: fires, sends nothing", mq_send(q, "b", 1, 0));
	CHECK_OK0("and ends", notify_none(q));
	pid = fork();
	if (pid == 0)
		_exit(notify_none(q) < 0 && errno == EBUSY ? 0 : 1);
	CHECK_EXIT("child sees ours", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		close(q);               /* not the owner: nothing removed */
		_exit(0);
	}
	wait_for(pid);
	CHECK_ERR("a child's close keeps it", notify_none(q), EBUSY);
}

static void waiting_receiver(void)
{
	mqd_t q = qopen();
	mask(SIG_BLOCK, SIGUSR1);
	CHECK_OK0("register", notify_signal(q, SIGUSR1, 1));
	pid_t pid = fork();
	if (pid == 0) {
		char buf[16];
		_exit(mq_receive(q, buf, 16, NULL) == 3 ? 0 : 1);
	}
	CHECK("receiver waits", still_running(pid, 100));
	CHECK_OK0("send", mq_send(q, "abc", 3, 0));
	CHECK_EXIT("the receiver got it", wait_for(pid), 0);
	siginfo_t si;
	CHECK("no signal: someone was waiting", !got_signal(SIGUSR1, &si, 200));
	CHECK_ERR("registration kept", notify_none(q), EBUSY);
}

static void file_text(void)
{
	mqd_t q = qopen();
	char want[128], text[128];
	mask(SIG_BLOCK, SIGUSR2);
	notify_signal(q, SIGUSR2, 0);
	mq_send(q, "four", 4, 0);       /* fires, and the registration ends */
	notify_signal(q, SIGUSR2, 0);
	lseek(q, 0, SEEK_SET);
	ssize_t n = read(q, text, sizeof text - 1);
	text[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", 4ul, 0, SIGUSR2, getpid());
	CHECK_STR("SIGEV_SIGNAL in the file", text, want);
	mq_notify(q, NULL);
	notify_none(q);
	lseek(q, 0, SEEK_SET);
	n = read(q, text, sizeof text - 1);
	text[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", 4ul, 1, 0, getpid());
	CHECK_STR("SIGEV_NONE in the file", text, want);
}

static void errors(void)
{
	mqd_t q = qopen();
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = 99;
	CHECK_ERR("sigev_notify 99: EINVAL", mq_notify(q, &ev), EINVAL);
	ev.sigev_notify = SIGEV_THREAD_ID;
	CHECK_ERR("SIGEV_THREAD_ID: EINVAL", mq_notify(q, &ev), EINVAL);
	CHECK_ERR("signal 65: EINVAL", notify_signal(q, 65, 0), EINVAL);
	CHECK_ERR("signal -1: EINVAL", notify_signal(q, -1, 0), EINVAL);
	CHECK_OK0("signal 64", notify_signal(q, 64, 0));
	mq_notify(q, NULL);
	CHECK_ERR("EINVAL before EBADF", notify_signal(999, 65, 0), EINVAL);
	CHECK_ERR("bad descriptor: EBADF", notify_signal(999, SIGUSR1, 0), EBADF);
	CHECK_ERR("a pipe: EBADF", notify_signal(0, SIGUSR1, 0), EBADF);
	CHECK_ERR("NULL on a bad descriptor: EBADF", mq_notify(999, NULL), EBADF);
	CHECK_SYSERR("bad sigevent: EFAULT", EFAULT, SYS_mq_notify, q, (void *)8);
	/* SIGEV_THREAD through the system call: sigev_signo is a netlink
	 * socket, sival_ptr a 32-byte cookie (musl's mq_notify makes both). */
	char cookie[32] = { 0 };
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_value.sival_ptr = (void *)8;
	ev.sigev_signo = sv[0];
	CHECK_SYSERR("SIGEV_THREAD bad cookie: EFAULT", EFAULT, SYS_mq_notify, q, &ev);
	ev.sigev_value.sival_ptr = cookie;
	ev.sigev_signo = 999;
	CHECK_SYSERR("SIGEV_THREAD bad socket fd: EBADF", EBADF, SYS_mq_notify, q, &ev);
	ev.sigev_signo = 1;
	CHECK_SYSERR("SIGEV_THREAD not a socket: ENOTSOCK", ENOTSOCK, SYS_mq_notify, q, &ev);
	ev.sigev_signo = sv[0];
	CHECK_SYSERR("SIGEV_THREAD not netlink: EINVAL", EINVAL, SYS_mq_notify, q, &ev);
	CHECK_SYSERR("socket checked before the queue", EINVAL, SYS_mq_notify, 999, &ev);
	CHECK_OK0("nothing registered by the failures", notify_none(q));
}

/* The cookie a netlink socket was sent, or -1 after a few seconds. */
static ssize_t read_cookie(int nl, char *buf, uint32_t *from_pid)
{
	struct pollfd p = { nl, POLLIN, 0 };
	struct sockaddr_storage a;
	socklen_t al = sizeof a;
	if (poll(&p, 1, 5000) != 1)
		return -1;
	ssize_t n = recvfrom(nl, buf, 64, MSG_DONTWAIT, (struct sockaddr *)&a, &al);
	memcpy(from_pid, (char *)&a + 4, 4);   /* struct sockaddr_nl's nl_pid */
	return n;
}

static void thread_syscall(void)
{
	mqd_t q = qopen();
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
	CHECK("a netlink socket", nl >= 0);
	char cookie[32], buf[64];
	for (int i = 0; i < 32; i++)
		cookie[i] = 'a' + i;
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_signo = nl;
	ev.sigev_value.sival_ptr = cookie;
	CHECK_OK0("SIGEV_THREAD registered", syscall(SYS_mq_notify, q, &ev));
	CHECK_ERR("  a second: EBUSY", syscall(SYS_mq_notify, q, &ev), EBUSY);
	CHECK_ERR("  nothing sent yet", recv(nl, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_OK0("a message", mq_send(q, "m", 1, 0));
	uint32_t from = 99;
	CHECK_EQ("  the cookie comes", read_cookie(nl, buf, &from), 32);
	CHECK_EQ("  from the kernel", from, 0);
	CHECK_EQ("  its first 31 bytes", memcmp(buf, cookie, 31), 0);
	CHECK_EQ("  the last: NOTIFY_WOKENUP", buf[31], 1);
	CHECK_OK0("  the registration is over", notify_none(q));
	mq_notify(q, NULL);
	CHECK_OK0("registered again", syscall(SYS_mq_notify, q, &ev));
	CHECK_OK0("removed", mq_notify(q, NULL));
	CHECK_EQ("  the cookie comes", read_cookie(nl, buf, &from), 32);
	CHECK_EQ("  the last: NOTIFY_REMOVED", buf[31], 2);
	CHECK_OK0("registered, then the socket closed", syscall(SYS_mq_notify, q, &ev));
	close(nl);
	char m[16];
	mq_receive(q, m, sizeof m, NULL);
	CHECK_OK0("  a message fires it all the same", mq_send(q, "m", 1, 0));
	CHECK_OK0("  and it is over", notify_none(q));
	mq_notify(q, NULL);
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
	ev.sigev_signo = nl;
	mq_receive(q, m, sizeof m, NULL);
	CHECK_OK0("registered, then the queue closed", syscall(SYS_mq_notify, q, &ev));
	mq_close(q);
	CHECK_EQ("  NOTIFY_REMOVED", read_cookie(nl, buf, &from) == 32 ? buf[31] : -1, 2);
}

/* Cookies nobody reads fill the socket's queue: a registration then
 * waits for room (here until an alarm ends the process). */
static void thread_full(void)
{
	mqd_t q = qopen();
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0), v = 1;
	setsockopt(nl, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	char cookie[32] = { 0 };
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_signo = nl;
	ev.sigev_value.sival_ptr = cookie;
	int *count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(2);
		for (*count = 0; *count < 10000; ++*count)
			if (syscall(SYS_mq_notify, q, &ev) || mq_notify(q, NULL))
				_exit(1);
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK_SIG("registrations wait once the queue is full", st, SIGALRM);
	CHECK("  after some", *count > 0 && *count < 10000);
	char buf[64];
	int n = 0;
	while (recv(nl, buf, sizeof buf, MSG_DONTWAIT) == 32)
		n++;
	CHECK("  the cookies were queued", n > 0);
}

static int thread_pipe[2];

static void thread_fn(union sigval v)
{
	char c = (char)v.sival_int;
	write(thread_pipe[1], &c, 1);
}

static void thread_libc(void)
{
	mqd_t q = qopen();
	pipe(thread_pipe);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = thread_fn;
	ev.sigev_value.sival_int = 'T';
	CHECK_OK0("mq_notify SIGEV_THREAD", mq_notify(q, &ev));
	CHECK_ERR("  a second: EBUSY", mq_notify(q, &ev), EBUSY);
	CHECK_OK0("a message", mq_send(q, "m", 1, 0));
	struct pollfd p = { thread_pipe[0], POLLIN, 0 };
	char c = 0;
	CHECK_EQ("  the function runs", poll(&p, 1, 10000), 1);
	CHECK_EQ("  with the value", read(thread_pipe[0], &c, 1) == 1 ? c : 0, 'T');
}

int main(void)
{
	after_case = unlink_all;
	unlink_all();
	RUN(signal_notify);
	RUN(none_and_removal);
	RUN(waiting_receiver);
	RUN(file_text);
	RUN(errors);
	RUN(thread_syscall);
	RUN(thread_full);
	RUN(thread_libc);
	return cases_failed != 0;
}
