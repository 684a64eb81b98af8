/* t_mqueue_guest - guest only: what a differential test must not do on
 * the host. Writes /proc/sys/fs/mqueue (Linux's ranges, EINVAL past
 * them, EACCES for an ordinary user; the new limits take effect), root's
 * exemptions (CAP_SYS_RESOURCE: past msg_max and queues_max, the host
 * may run the tests without it), and leaks: queues made and removed with
 * messages, sleepers and pending notifications give back every kmalloc
 * object and page (kmem.h). The defaults are put back at the end. */
#include "check.h"
#include <mqueue.h>
#include "kmem.h"

static const char *const knobs[] = { "msg_max", "msgsize_max", "msg_default", "msgsize_default", "queues_max" };
static const char *const defaults[] = { "10", "8192", "10", "8192", "256" };

static int put_knob(const char *name, const char *value)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int r = write(fd, value, strlen(value)) < 0 ? -1 : 0;
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static void restore(void)
{
	for (int i = 0; i < 5; i++)
		put_knob(knobs[i], defaults[i]);
	mq_unlink("/t_mqg_a");
	mq_unlink("/t_mqg_b");
	char n[32];
	for (int i = 0; i < 8; i++) {
		snprintf(n, sizeof n, "/t_mqg_many%d", i);
		mq_unlink(n);
	}
}

static void user_sees_limits(void)
{
	struct mq_attr a = { .mq_maxmsg = 20, .mq_msgsize = 8 };
	CHECK_OK("msg_max 20: maxmsg 20", mq_open("/t_mqg_b", O_CREAT | O_RDWR, 0600, &a));
	a.mq_maxmsg = 21;
	CHECK_ERR("maxmsg 21: EINVAL", mq_open("/t_mqg_many4", O_CREAT | O_RDWR, 0600, &a), EINVAL);
	CHECK_ERR("a user may not write: EACCES", put_knob("msg_max", "30"), EACCES);
	CHECK_OK("queue 3 of queues_max 3", mq_open("/t_mqg_many0", O_CREAT | O_RDWR, 0600, NULL));
	CHECK_ERR("queue 4: ENOSPC", mq_open("/t_mqg_many2", O_CREAT | O_RDWR, 0600, NULL), ENOSPC);
}

static void writes(void)
{
	restore();
	CHECK_ERR("msg_max 0: EINVAL", put_knob("msg_max", "0"), EINVAL);
	CHECK_ERR("msg_max 65537: EINVAL", put_knob("msg_max", "65537"), EINVAL);
	CHECK_ERR("msgsize_max 127: EINVAL", put_knob("msgsize_max", "127"), EINVAL);
	CHECK_ERR("msgsize_max 16 MiB + 1: EINVAL", put_knob("msgsize_max", "16777217"), EINVAL);
	CHECK_ERR("msg_default 0: EINVAL", put_knob("msg_default", "0"), EINVAL);
	CHECK_ERR("msgsize_default 100: EINVAL", put_knob("msgsize_default", "100"), EINVAL);
	CHECK_OK0("msg_max 65536", put_knob("msg_max", "65536"));
	CHECK_OK0("msg_max 20", put_knob("msg_max", "20"));
	CHECK_OK0("msg_default 15", put_knob("msg_default", "15"));
	CHECK_OK0("msgsize_default 200", put_knob("msgsize_default", "200"));
	mqd_t q = mq_open("/t_mqg_a", O_CREAT | O_RDWR, 0644, NULL);
	struct mq_attr a;
	mq_getattr(q, &a);
	CHECK_EQ("new default maxmsg", a.mq_maxmsg, 15);
	CHECK_EQ("new default msgsize", a.mq_msgsize, 200);
	put_knob("msg_default", "50");
	close(q);
	mq_unlink("/t_mqg_a");
	q = mq_open("/t_mqg_a", O_CREAT | O_RDWR, 0644, NULL);
	mq_getattr(q, &a);
	CHECK_EQ("default past msg_max: msg_max", a.mq_maxmsg, 20);
	char text[32];
	get_file("/proc/sys/fs/mqueue/msg_max", text, sizeof text);
	CHECK_STR("msg_max reads back", text, "20\n");
	CHECK_OK0("queues_max 3", put_knob("queues_max", "3"));
	as_uid1000(user_sees_limits);
	struct mq_attr big = { .mq_maxmsg = 30, .mq_msgsize = 9000 };
	CHECK_OK("root: past queues_max, msg_max, msgsize_max", mq_open("/t_mqg_many3", O_CREAT | O_RDWR, 0600, &big));
	restore();
}

/* Queues with messages of several priorities, a blocked receiver and
 * sender, and pending notifications, closed and unlinked in every order. */
static int rounds(int n)
{
	int bad = 0;
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 512 };
	for (int i = 0; i < n; i++) {
		mqd_t q = mq_open("/t_mqg_a", O_CREAT | O_RDWR, 0600, &a);
		struct sigevent ev = { .sigev_notify = i % 2 ? SIGEV_NONE : SIGEV_SIGNAL };
		bad += q < 0 || mq_notify(q, &ev) != 0;
		for (int k = 0; k < 3; k++)
			bad += mq_send(q, "message", 7 + 100 * k, k * 7 % 5) != 0;
		if (i % 4 == 0) {
			pid_t pid = fork();
			if (pid == 0) {
				mq_send(q, "x", 1, 1);
				mq_send(q, "y", 1, 1);      /* full: sleeps until killed */
				_exit(0);
			}
			msleep(5);
			kill(pid, SIGKILL);
			wait_for(pid);
		}
		if (i % 3 == 0)
			bad += mq_unlink("/t_mqg_a") != 0;
		close(q);
		if (i % 3)
			bad += mq_unlink("/t_mqg_a") != 0;
	}
	return bad;
}

static void leaks(void)
{
	mask(SIG_BLOCK, SIGUSR1);
	mask(SIG_BLOCK, SIGALRM);
	measure_pages("queues with messages, sleepers and notifications", rounds, 20,
		      "warm-up without errors", 400, "%d rounds without errors");
}

static void thread_fn(union sigval v) { (void)v; }

/* musl's SIGEV_THREAD opens an AF_NETLINK socket for the kernel's
 * cookie (decision 76): the registration holds the queue; removing it
 * frees it (t_mqueue_notify runs the thread). */
static void sigev_thread(void)
{
	mqd_t q = mq_open("/t_mqg_a", O_CREAT | O_RDWR, 0600, NULL);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = thread_fn;
	CHECK_OK0("SIGEV_THREAD registers", mq_notify(q, &ev));
	ev.sigev_notify = SIGEV_NONE;
	CHECK_ERR("  the queue is held", mq_notify(q, &ev), EBUSY);
	CHECK_OK0("removed", mq_notify(q, NULL));
	CHECK_OK0("  free again", mq_notify(q, &ev));
}

int main(void)
{
	after_case = restore;
	RUN(writes);
	RUN(leaks);
	RUN(sigev_thread);
	return cases_failed != 0;
}
