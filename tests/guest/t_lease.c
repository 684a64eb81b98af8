/* t_lease - differential test of file leases (fcntl F_SETLEASE and
 * F_GETLEASE): who may take which lease when the file is open elsewhere,
 * and the break: a conflicting open signals the holder (SIGIO, or the
 * F_SETSIG signal with POLL_MSG and si_fd), an O_NONBLOCK opener gets
 * EWOULDBLOCK, a blocking one waits until the holder gives way. Waiting
 * for fs.lease-break-time is t_lease_guest's (it sets the knob). */
#include "check.h"
#include <poll.h>

static volatile sig_atomic_t sigs, last_code, last_fd, last_band, answer = -1, lease_fd = -1;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	sigs++;
	last_code = sig == SIGIO ? -1 : si->si_code;
	last_fd = si->si_fd;
	last_band = si->si_band;
	if (answer >= 0)                         /* give way as a holder should */
		fcntl(lease_fd, F_SETLEASE, answer);
}

static void catch(int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void basics(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	int fd = open(P("f"), O_RDONLY);
	CHECK_EQ("no lease", fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_OK0("read lease", fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK_EQ("F_GETLEASE read", fcntl(fd, F_GETLEASE), F_RDLCK);
	CHECK_OK0("upgrade to write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK_EQ("F_GETLEASE write", fcntl(fd, F_GETLEASE), F_WRLCK);
	CHECK_OK0("downgrade", fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK_OK0("unlock", fcntl(fd, F_SETLEASE, F_UNLCK));
	CHECK_EQ("gone", fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_ERR("unlock without a lease", fcntl(fd, F_SETLEASE, F_UNLCK), EAGAIN);
	CHECK_ERR("bad type", fcntl(fd, F_SETLEASE, 7), EINVAL);
	CHECK_ERR("bad type -1", fcntl(fd, F_SETLEASE, -1), EINVAL);
	int d = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR("directory", fcntl(d, F_SETLEASE, F_RDLCK), EINVAL);
	CHECK_EQ("directory F_GETLEASE", fcntl(d, F_GETLEASE), F_UNLCK);
	int p[2];
	pipe(p);
	CHECK_ERR("pipe", fcntl(p[0], F_SETLEASE, F_RDLCK), EINVAL);
	int o = open(P("f"), O_PATH);
	CHECK_ERR("O_PATH", fcntl(o, F_SETLEASE, F_RDLCK), EBADF);
	CHECK_ERR("O_PATH F_GETLEASE", fcntl(o, F_GETLEASE), EBADF);
	CHECK_ERR("bad fd", fcntl(99, F_SETLEASE, F_RDLCK), EBADF);
}

static void other_opens(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	int a = open(P("f"), O_RDONLY), b = open(P("f"), O_RDONLY);
	CHECK_ERR("write lease with another reader", fcntl(a, F_SETLEASE, F_WRLCK), EAGAIN);
	CHECK_OK0("read lease a", fcntl(a, F_SETLEASE, F_RDLCK));
	CHECK_OK0("read lease b too", fcntl(b, F_SETLEASE, F_RDLCK));
	close(b);
	CHECK_OK0("b's close took its lease", fcntl(a, F_SETLEASE, F_WRLCK));
	CHECK("O_PATH open does not break it", open(P("f"), O_PATH) >= 0);
	CHECK_EQ("still write", fcntl(a, F_GETLEASE), F_WRLCK);
	CHECK_OK0("unlock", fcntl(a, F_SETLEASE, F_UNLCK));
	int w = open(P("f"), O_WRONLY);
	CHECK_ERR("read lease while a writer is open", fcntl(a, F_SETLEASE, F_RDLCK), EAGAIN);
	CHECK_ERR("write lease while a writer is open", fcntl(a, F_SETLEASE, F_WRLCK), EAGAIN);
	CHECK_OK0("the writer alone may take a write lease", close(a) || fcntl(w, F_SETLEASE, F_WRLCK));
	CHECK_OK0("unlock w", fcntl(w, F_SETLEASE, F_UNLCK));
	CHECK_ERR("but no read lease", fcntl(w, F_SETLEASE, F_RDLCK), EAGAIN);
	int d = dup(w);
	CHECK_OK0("dup", close(w));
	CHECK_OK0("a dup is the same file", fcntl(d, F_SETLEASE, F_WRLCK));
}

static void nonblocking_breaks(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	catch(SIGIO, 0);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("read lease", fcntl(fd, F_SETLEASE, F_RDLCK));
	int r = open(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK("a reader does not break a read lease", r >= 0 && sigs == 0);
	close(r);
	CHECK_ERR("a writer does (even our own)", open(P("f"), O_WRONLY | O_NONBLOCK), EWOULDBLOCK);
	CHECK_EQ("holder got SIGIO", sigs, 1);
	CHECK_EQ("F_GETLEASE shows the target", fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_ERR("again: no second signal", open(P("f"), O_RDWR | O_NONBLOCK), EWOULDBLOCK);
	CHECK_EQ("one signal", sigs, 1);
	CHECK_ERR("a new read lease elsewhere", fcntl(open(P("f"), O_RDONLY), F_SETLEASE, F_RDLCK), EAGAIN);
	CHECK_OK0("holder gives way", fcntl(fd, F_SETLEASE, F_UNLCK));
	int w = open(P("f"), O_WRONLY | O_NONBLOCK);
	CHECK("now the writer opens", w >= 0);
	close(w);
}

static void downgrade(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	catch(SIGIO, 0);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK_ERR("a reader breaks it", open(P("f"), O_RDONLY | O_NONBLOCK), EWOULDBLOCK);
	CHECK_EQ("SIGIO", sigs, 1);
	CHECK_EQ("target: read", fcntl(fd, F_GETLEASE), F_RDLCK);
	CHECK_OK0("downgrade", fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK_EQ("read lease", fcntl(fd, F_GETLEASE), F_RDLCK);
	int r = open(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK("reader opens", r >= 0);
	CHECK_EQ("no new signal", sigs, 1);
	CHECK("O_RDONLY|O_TRUNC is a reader", open(P("f"), O_RDONLY | O_TRUNC | O_NONBLOCK) >= 0);
}

static void setsig(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	int sig = SIGRTMIN + 1;
	catch(sig, 0);
	int fd = open(P("f"), O_RDONLY);
	CHECK_OK0("F_SETSIG", fcntl(fd, F_SETSIG, sig));
	CHECK_OK0("write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK_EQ("F_GETOWN is us", fcntl(fd, F_GETOWN), getpid());
	CHECK_ERR("break", open(P("f"), O_RDONLY | O_NONBLOCK), EWOULDBLOCK);
	CHECK_EQ("one signal", sigs, 1);
	CHECK_EQ("si_code POLL_MSG", last_code, POLL_MSG);
	CHECK_EQ("si_fd", last_fd, fd);
	CHECK_EQ("si_band", last_band, POLLIN | POLLRDNORM | POLLMSG);
}

/* A child opens the file; the parent (the holder) gives way in its
 * signal handler: the child's open returns only then. */
static void blocking_break(int how, int answer_type, int expect_lease)
{
	tdir_setup("t_lease");
	mk("f", "data");
	catch(SIGIO, SA_RESTART);
	int fd = open(P("f"), O_RDONLY);
	lease_fd = fd;
	answer = answer_type;
	CHECK_OK0("write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	pid_t pid = fork();
	if (pid == 0) {
		int c = open(P("f"), how);
		_exit(c >= 0 ? 0 : 10 + errno % 100);
	}
	int st = wait_for(pid);
	CHECK_EXIT("the opener got in after the holder gave way", st, 0);
	CHECK_EQ("holder signalled once", sigs, 1);
	CHECK_EQ("lease left", fcntl(fd, F_GETLEASE), expect_lease);
}

static void writer_waits(void) { blocking_break(O_WRONLY, F_UNLCK, F_UNLCK); }
static void reader_waits(void) { blocking_break(O_RDONLY, F_RDLCK, F_RDLCK); }

static void on_alarm(int s) { (void)s; }

static void opener_interrupted(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	int fd = open(P("f"), O_RDONLY);
	signal(SIGIO, SIG_IGN);
	CHECK_OK0("write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;        /* no SA_RESTART */
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
		int c = open(P("f"), O_RDWR);
		_exit(c < 0 && errno == EINTR ? 0 : 1);
	}
	CHECK_EXIT("a signal ends the wait: EINTR", wait_for(pid), 0);
	CHECK_EQ("break still pending", fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_OK0("unlock", fcntl(fd, F_SETLEASE, F_UNLCK));
}

static void user_rules(void)
{
	int fd = open(P("f"), O_RDONLY);
	CHECK_ERR("not the owner", fcntl(fd, F_SETLEASE, F_RDLCK), EACCES);
	CHECK_ERR("not the owner, unlock", fcntl(fd, F_SETLEASE, F_UNLCK), EACCES);
	CHECK_ERR("bad type first", fcntl(fd, F_SETLEASE, 9), EINVAL);
	CHECK_EQ("F_GETLEASE", fcntl(fd, F_GETLEASE), F_UNLCK);
	int m = open(P("mine"), O_RDONLY);
	CHECK_OK0("own file", fcntl(m, F_SETLEASE, F_RDLCK));
}

static void permissions(void)
{
	tdir_setup("t_lease");
	mk("f", "data");
	mk("mine", "m");
	chown(P("mine"), 1000, 100);
	as_uid1000(user_rules);
}

int main(void)
{
	RUN(basics);
	RUN(other_opens);
	RUN(nonblocking_breaks);
	RUN(downgrade);
	RUN(setsig);
	RUN(writer_waits);
	RUN(reader_waits);
	RUN(opener_interrupted);
	RUN(permissions);
	return cases_failed ? 1 : 0;
}
