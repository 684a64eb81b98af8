/* t_epoll_guest - guest only: epoll's limits and memory. fs.epoll.
 * max_user_watches counts every item of a user's epolls and refuses more
 * with ENOSPC (the host's value cannot be changed from a test); epoll sets
 * that watch files and each other, closed in any order, with items ready
 * and waiters asleep, give back every kernel object; a tty is pollable. */
#include "check.h"
#include "epoll_util.h"
#include "kmem.h"
#include <sys/socket.h>

#define WATCHES "/proc/sys/fs/epoll/max_user_watches"

static void set_watches(const char *v)
{
	if (put_file(WATCHES, v, strlen(v)) < 0)
		say("[FAIL] cannot set " WATCHES "\n");
}

static int add_pipes(int e, int n, int *fds)
{
	int p[2], done = 0;
	for (int i = 0; i < n; i++) {
		pipe(p);
		fds[2 * i] = p[0];
		fds[2 * i + 1] = p[1];
		if (epoll_add(e, p[0], EPOLLIN, i) == 0)
			done++;
	}
	return done;
}

static void uid1000_limit(void)
{
	int e = epoll_create1(0), fds[16];
	CHECK_EQ("another user: its own five", add_pipes(e, 5, fds), 5);
	CHECK_ERR("and no sixth", epoll_add(e, fds[1], EPOLLOUT, 0), ENOSPC);
	CHECK_ERR("may not raise the limit", open(WATCHES, O_WRONLY), EACCES);
}

static void watches_limit(void)
{
	char old[32] = "";
	get_file(WATCHES, old, sizeof old);
	set_watches("5\n");
	char now[32] = "";
	get_file(WATCHES, now, sizeof now);
	CHECK_STR("set to 5", now, "5\n");
	int e = epoll_create1(0), e2 = epoll_create1(0), fds[16];
	CHECK_EQ("three in one set", add_pipes(e, 3, fds), 3);
	CHECK_EQ("two in another", add_pipes(e2, 2, fds + 6), 2);
	CHECK_ERR("the sixth: ENOSPC", epoll_add(e, fds[1], EPOLLOUT, 0), ENOSPC);
	CHECK_ERR("in either set", epoll_add(e2, fds[1], EPOLLOUT, 0), ENOSPC);
	CHECK_OK0("MOD still works", epoll_mod(e, fds[0], EPOLLIN | EPOLLET, 9));
	as_uid1000(uid1000_limit);
	CHECK_OK0("DEL frees one", epoll_ctl(e, EPOLL_CTL_DEL, fds[0], NULL));
	CHECK_OK0("then one more", epoll_add(e, fds[1], EPOLLOUT, 0));
	close(fds[2]);
	CHECK_OK0("a last close frees one", epoll_add(e, fds[3], EPOLLOUT, 0));
	close(e2);
	CHECK_OK0("closing a set frees its items", epoll_add(e, fds[7], EPOLLOUT, 0));
	CHECK_ERR("negative", put_file(WATCHES, "-1\n", 3), EINVAL);
	set_watches("0\n");
	CHECK_ERR("limit 0", epoll_add(e, fds[9], EPOLLOUT, 0), ENOSPC);
	set_watches(old);
	CHECK_OK0("limit restored", epoll_add(e, fds[9], EPOLLOUT, 0));
	close(e);
}

static void tty(void)
{
	int t = open("/dev/console", O_RDWR | O_NOCTTY), e = epoll_create1(0);
	CHECK_OK0("a tty is pollable", epoll_add(e, t, EPOLLOUT, 1));
	CHECK_STR("and writable", wait_str(e, 0), "1:0x4/1");
	CHECK_OK0("IN", epoll_mod(e, t, EPOLLIN, 2));
	CHECK_STR("no input waiting", wait_str(e, 0), "0");
	close(t); close(e);
}

/* ---- leaks ---- */

static bool chain_work(int order)
{
	int p[2], s[2], e[4];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	for (int i = 0; i < 4; i++)
		e[i] = epoll_create1(0);
	bool ok = epoll_add(e[0], p[0], EPOLLIN, 0) == 0 && epoll_add(e[0], s[0], EPOLLIN | EPOLLOUT, 1) == 0 &&
		  epoll_add(e[1], e[0], EPOLLIN, 2) == 0 && epoll_add(e[2], e[1], EPOLLIN | EPOLLET, 3) == 0 &&
		  epoll_add(e[3], e[0], EPOLLIN, 4) == 0 && epoll_add(e[3], p[1], EPOLLOUT, 5) == 0 &&
		  epoll_add(e[2], s[1], EPOLLIN | EPOLLONESHOT, 6) == 0;
	write(p[1], "x", 1);
	write(s[1], "y", 1);
	struct epoll_event ev[4];
	ok = ok && epoll_wait(e[2], ev, 4, 0) == 1 && epoll_wait(e[3], ev, 4, 0) == 2;
	int fds[8] = { e[0], e[1], e[2], e[3], p[0], p[1], s[0], s[1] };
	for (int i = 0; i < 8; i++) {        /* close in an order that depends on `order` */
		int k = (i * (order * 2 + 1) + order) % 8;
		close(fds[k]);
	}
	return ok;
}

static int order;
static bool chain_any_order(void)
{
	return chain_work(order);
}

/* A child asleep in epoll_wait is killed; its set and files go. */
static bool sleeper_work(void)
{
	int e = epoll_create1(0), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct epoll_event ev;
		epoll_wait(e, &ev, 1, -1);
		_exit(0);
	}
	msleep(20);
	kill(pid, SIGKILL);
	int st = wait_for(pid);
	close(e); close(p[0]); close(p[1]);
	return WIFSIGNALED(st);
}

static void leaks(void)
{
	char what[64];
	for (order = 0; order < 4; order++) {
		snprintf(what, sizeof what, "nested sets, close order %d", order);
		kmem_account(what, chain_any_order, 3, "the account exactly as before");
	}
	kmem_account("a killed waiter", sleeper_work, 3, "the account exactly as before");
}

int main(void)
{
	RUN(watches_limit);
	RUN(tty);
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
