/* t_userfaultfd - differential test of userfaultfd (374) in MISSING mode
 * on anonymous private memory: the flags and EPERM (uid 1000 without
 * UFFD_USER_MODE_ONLY, vm.unprivileged_userfaultfd 0), UFFDIO_API and its
 * masks, REGISTER/UNREGISTER and their errors, COPY and ZEROPAGE (EEXIST,
 * ENOENT, EFAULT, partial progress: EAGAIN), WAKE, read and poll, and
 * the page-fault path: a parent touches a registered page and a forked
 * handler child, holding the descriptor, reads the message and answers.
 * Also: a WAKE with no page (the fault comes again), a signal during the
 * wait, closing or unregistering while a fault waits, a registration
 * across mprotect's split and merge, a fork (the child is not
 * registered), an exec (the context resolves to nothing) and a kernel
 * access with UFFD_USER_MODE_ONLY (EFAULT).
 *
 * Left out, where the host (Linux 6.18, x86-64, running this i386
 * binary) differs from Linux 6.1 on i386 or from Pipit by decision:
 * UFFDIO_REGISTER_MODE_WP and MINOR (x86-64 has them, i386 6.1 does not:
 * EINVAL), feature bits other than THREAD_ID and EXACT_ADDRESS (masked:
 * later kernels add some), range ioctl bits other than WAKE, COPY and
 * ZEROPAGE (masked: WRITEPROTECT, MOVE, POISON are the host's), shared
 * anonymous memory (Linux registers it as shmem; Pipit refuses, see
 * docs/decisions.md), a kernel access without UFFD_USER_MODE_ONLY (Linux
 * waits; Pipit fails it), ranges near the top of user space (the host's
 * compat task size is not 3 GiB). */
#include "check.h"
#include "uffd_defs.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define PG 4096
#define BAD ((void *)16)
#define FEATS (UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS)
#define RANGE_IOCTLS ((1ull << _UFFDIO_WAKE) | (1ull << _UFFDIO_COPY) | (1ull << _UFFDIO_ZEROPAGE))

static char *self_exe;

static int uffd_new(int flags)
{
	long r = syscall(SYS_userfaultfd, flags);
	return r < 0 ? -errno : (int)r;
}

static int api(int fd, uint64_t features)
{
	struct uffdio_api a = { .api = UFFD_API, .features = features };
	return ioctl(fd, UFFDIO_API, &a) < 0 ? -errno : 0;
}

static int reg(int fd, void *p, uint64_t len, uint64_t mode)
{
	struct uffdio_register r = { .range = { (uintptr_t)p, len }, .mode = mode };
	return ioctl(fd, UFFDIO_REGISTER, &r) < 0 ? -errno : 0;
}

static int unreg(int fd, void *p, uint64_t len)
{
	struct uffdio_range r = { (uintptr_t)p, len };
	return ioctl(fd, UFFDIO_UNREGISTER, &r) < 0 ? -errno : 0;
}

static int wake(int fd, void *p, uint64_t len)
{
	struct uffdio_range r = { (uintptr_t)p, len };
	return ioctl(fd, UFFDIO_WAKE, &r) < 0 ? -errno : 0;
}

/* UFFDIO_COPY: -errno or 0, *copied gets .copy. */
static int copy(int fd, void *dst, const void *src, uint64_t len, uint64_t mode, int64_t *copied)
{
	struct uffdio_copy c = { (uintptr_t)dst, (uintptr_t)src, len, mode, 12345 };
	int r = ioctl(fd, UFFDIO_COPY, &c) < 0 ? -errno : 0;
	if (copied)
		*copied = c.copy;
	return r;
}

static int zeropage(int fd, void *dst, uint64_t len, uint64_t mode, int64_t *done)
{
	struct uffdio_zeropage z = { { (uintptr_t)dst, len }, mode, 12345 };
	int r = ioctl(fd, UFFDIO_ZEROPAGE, &z) < 0 ? -errno : 0;
	if (done)
		*done = z.zeropage;
	return r;
}

static char *map(int pages)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* A descriptor past UFFDIO_API (features), with [p, p + len) registered. */
static int ready(char *p, uint64_t len, uint64_t features)
{
	int fd = uffd_new(O_CLOEXEC);
	if (fd < 0 || api(fd, features) || reg(fd, p, len, UFFDIO_REGISTER_MODE_MISSING))
		return -1;
	return fd;
}

/* One blocking read of a message: its event, offset from base, flags. */
static int next_msg(int fd, char *base, struct uffd_msg *m)
{
	ssize_t n = read(fd, m, sizeof *m);
	if (n != sizeof *m)
		return -1;
	say("message: event 0x%x offset %ld flags %llu\n", m->event,
	    (long)((uintptr_t)m->arg.pagefault.address - (uintptr_t)base),
	    (unsigned long long)m->arg.pagefault.flags);
	return 0;
}

/* ---- cases ---- */

static void create_flags(void)
{
	int fd = uffd_new(0);
	CHECK("userfaultfd(0) as root", fd >= 0);
	CHECK_EQ("F_GETFL O_RDONLY", fcntl(fd, F_GETFL), O_RDONLY);
	CHECK_EQ("no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	CHECK_STR("/proc/self/fd link", fd_link(fd), "anon_inode:[userfaultfd]");
	int nb = uffd_new(O_NONBLOCK | O_CLOEXEC);
	CHECK_EQ("O_NONBLOCK: F_GETFL", fcntl(nb, F_GETFL), O_RDONLY | O_NONBLOCK);
	CHECK_EQ("O_CLOEXEC: FD_CLOEXEC", fcntl(nb, F_GETFD), FD_CLOEXEC);
	CHECK("UFFD_USER_MODE_ONLY", uffd_new(UFFD_USER_MODE_ONLY) >= 0);
	CHECK_EQ("flag 2 EINVAL", uffd_new(2), -EINVAL);
	CHECK_EQ("O_APPEND EINVAL", uffd_new(O_APPEND), -EINVAL);
	char buf[16] = "";
	CHECK("vm.unprivileged_userfaultfd readable",
	      get_file("/proc/sys/vm/unprivileged_userfaultfd", buf, sizeof buf) > 0);
	CHECK_STR("vm.unprivileged_userfaultfd is 0", buf, "0\n");
}

static void as_user(void)
{
	if (setgid(1000) || setuid(1000)) {
		fail("setuid", "errno %d", errno);
		return;
	}
	CHECK_EQ("uid 1000, flags 0: EPERM", uffd_new(0), -EPERM);
	CHECK_EQ("uid 1000, bad flags: EPERM first", uffd_new(2), -EPERM);
	int fd = uffd_new(UFFD_USER_MODE_ONLY);
	CHECK("uid 1000, UFFD_USER_MODE_ONLY", fd >= 0);
	CHECK_EQ("uid 1000: UFFDIO_API", api(fd, 0), 0);
	CHECK_EQ("uid 1000, USER_MODE_ONLY | bad flag: EINVAL", uffd_new(UFFD_USER_MODE_ONLY | 2), -EINVAL);
}

static void api_calls(void)
{
	int fd = uffd_new(O_NONBLOCK);
	char *p = map(1);
	char buf[64];
	CHECK_EQ("REGISTER before API: EINVAL", reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING), -EINVAL);
	CHECK_EQ("WAKE before API: EINVAL", wake(fd, p, PG), -EINVAL);
	CHECK_ERR("read before API: EINVAL", read(fd, buf, sizeof buf), EINVAL);
	struct pollfd pf = { fd, POLLIN, 0 };
	CHECK_EQ("poll before API", poll(&pf, 1, 0), 1);
	CHECK_EQ("poll before API: POLLERR", pf.revents, POLLERR);
	struct uffdio_api a = { .api = 0xAB, .features = 7, .ioctls = 7 };
	CHECK_ERR("api 0xAB: EINVAL", ioctl(fd, UFFDIO_API, &a), EINVAL);
	CHECK("api 0xAB: struct zeroed", a.api == 0 && a.features == 0 && a.ioctls == 0);
	a = (struct uffdio_api){ .api = UFFD_API, .features = 1ull << 40 };
	CHECK_ERR("unknown feature: EINVAL", ioctl(fd, UFFDIO_API, &a), EINVAL);
	CHECK_ERR("API at a bad pointer: EFAULT", ioctl(fd, UFFDIO_API, BAD), EFAULT);
	a = (struct uffdio_api){ .api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID };
	CHECK_OK0("UFFDIO_API", ioctl(fd, UFFDIO_API, &a));
	CHECK_EQ("api stays UFFD_API", a.api, UFFD_API);
	CHECK_EQ("features (THREAD_ID, EXACT_ADDRESS)", a.features & FEATS, FEATS);
	CHECK_EQ("ioctls: API, REGISTER, UNREGISTER", a.ioctls,
		 (1ull << _UFFDIO_API) | (1ull << _UFFDIO_REGISTER) | (1ull << _UFFDIO_UNREGISTER));
	a = (struct uffdio_api){ .api = UFFD_API };
	CHECK_ERR("second UFFDIO_API: EINVAL", ioctl(fd, UFFDIO_API, &a), EINVAL);
	CHECK_ERR("unknown ioctl: EINVAL", ioctl(fd, _IOWR(UFFDIO, 0x30, struct uffdio_range), buf), EINVAL);
	CHECK_ERR("read, empty, O_NONBLOCK: EAGAIN", read(fd, buf, sizeof buf), EAGAIN);
	CHECK_ERR("read of 31 bytes: EINVAL", read(fd, buf, 31), EINVAL);
	pf.revents = 0;
	CHECK_EQ("poll, nothing queued", poll(&pf, 1, 0), 0);
	int bl = uffd_new(0);
	api(bl, 0);
	pf = (struct pollfd){ bl, POLLIN, 0 };
	poll(&pf, 1, 0);
	CHECK_EQ("poll of a blocking descriptor: POLLERR", pf.revents, POLLERR);
}

static void register_errors(void)
{
	char *p = map(4);
	int fd = uffd_new(0), other = uffd_new(0);
	api(fd, 0);
	api(other, 0);
	uint64_t M = UFFDIO_REGISTER_MODE_MISSING;
	CHECK_EQ("start not aligned: EINVAL", reg(fd, p + 1, PG, M), -EINVAL);
	CHECK_EQ("len not aligned: EINVAL", reg(fd, p, PG + 1, M), -EINVAL);
	CHECK_EQ("len 0: EINVAL", reg(fd, p, 0, M), -EINVAL);
	CHECK_EQ("mode 0: EINVAL", reg(fd, p, PG, 0), -EINVAL);
	CHECK_EQ("mode 8: EINVAL", reg(fd, p, PG, 8), -EINVAL);
	CHECK_ERR("bad pointer: EFAULT", ioctl(fd, UFFDIO_REGISTER, BAD), EFAULT);
	tdir_setup("t_userfaultfd");
	mk("f", "file bytes");
	int ffd = open(P("f"), O_RDWR);
	char *fm = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ffd, 0);
	munmap(p + 3 * PG, PG);                   /* after the file's mmap, which might have taken it */
	char *hole = p + 3 * PG;
	CHECK_EQ("a hole below the next area: EINVAL", reg(fd, hole, PG, M), -EINVAL);
	CHECK_EQ("a private file mapping: EINVAL", reg(fd, fm, PG, M), -EINVAL);
	struct uffdio_register r = { .range = { (uintptr_t)p, 2 * PG }, .mode = M };
	CHECK_OK0("register two pages", ioctl(fd, UFFDIO_REGISTER, &r));
	CHECK_EQ("range ioctls: WAKE, COPY, ZEROPAGE", r.ioctls & RANGE_IOCTLS, RANGE_IOCTLS);
	CHECK_EQ("again, the same descriptor", reg(fd, p, 2 * PG, M), 0);
	CHECK_EQ("another descriptor: EBUSY", reg(other, p + PG, 2 * PG, M), -EBUSY);
	CHECK_EQ("another descriptor, unregistered page", reg(other, p + 2 * PG, PG, M), 0);
	CHECK_EQ("a range over a hole and an area", reg(other, p + 2 * PG, 2 * PG, M), 0);
	CHECK_EQ("UNREGISTER misaligned: EINVAL", unreg(fd, p + 1, PG), -EINVAL);
	CHECK_EQ("UNREGISTER a file mapping: EINVAL", unreg(fd, fm, PG), -EINVAL);
	CHECK_EQ("UNREGISTER", unreg(fd, p, PG), 0);
	CHECK_EQ("register a range of two descriptors: EBUSY", reg(fd, p, 3 * PG, M), -EBUSY);
	/* EINVAL: Linux's fix "prevent unregistering VMAs through a different
	 * userfaultfd" (2025), in the 6.1 stable kernels Debian ships */
	CHECK_EQ("UNREGISTER another descriptor's page: EINVAL", unreg(fd, p, 3 * PG), -EINVAL);
	CHECK_EQ("its own descriptor unregisters it", unreg(other, p + 2 * PG, 2 * PG), 0);
	CHECK_EQ("now the first registers all three", reg(fd, p, 3 * PG, M), 0);
	CHECK_EQ("UNREGISTER all three", unreg(fd, p, 3 * PG), 0);
	p[0] = 1;                                 /* would wait for ever if still registered */
	CHECK_EQ("then a write goes through", p[0], 1);
}

static void copy_zeropage(void)
{
	char *p = map(4), *plain = map(1);
	char src[2 * PG];
	memset(src, 'x', sizeof src);
	int fd = ready(p, 3 * PG, 0);
	int64_t n;
	CHECK_EQ("COPY misaligned dst: EINVAL", copy(fd, p + 1, src, PG, 0, &n), -EINVAL);
	CHECK_EQ("COPY len 0: EINVAL", copy(fd, p, src, 0, 0, &n), -EINVAL);
	CHECK_EQ("COPY mode 4: EINVAL", copy(fd, p, src, PG, 4, &n), -EINVAL);
	CHECK_EQ("COPY to unregistered memory: ENOENT", copy(fd, plain, src, PG, 0, &n), -ENOENT);
	CHECK_EQ("COPY: .copy is -ENOENT", n, -ENOENT);
	CHECK_EQ("COPY past the registered area: ENOENT", copy(fd, p + 2 * PG, src, 2 * PG, 0, &n), -ENOENT);
	CHECK_EQ("COPY from a bad address: EFAULT", copy(fd, p, BAD, PG, 0, &n), -EFAULT);
	CHECK_EQ("COPY: .copy is -EFAULT", n, -EFAULT);
	CHECK_ERR("COPY struct at a bad pointer: EFAULT", ioctl(fd, UFFDIO_COPY, BAD), EFAULT);
	CHECK_EQ("COPY one page", copy(fd, p + PG, src, PG, 0, &n), 0);
	CHECK_EQ("COPY: .copy is 4096", n, PG);
	CHECK_EQ("the bytes are there", p[PG] == 'x' && p[2 * PG - 1] == 'x', 1);
	CHECK_EQ("COPY over it: EEXIST", copy(fd, p + PG, src, PG, 0, &n), -EEXIST);
	CHECK_EQ("COPY: .copy is -EEXIST", n, -EEXIST);
	CHECK_EQ("COPY two pages, the second there: EAGAIN", copy(fd, p, src, 2 * PG, 0, &n), -EAGAIN);
	CHECK_EQ("COPY: .copy is the part done", n, PG);
	CHECK_EQ("the first page is copied", p[10], 'x');
	p[PG] = 'y';
	CHECK_EQ("a copied page is writable", p[PG], 'y');
	CHECK_EQ("ZEROPAGE mode 2: EINVAL", zeropage(fd, p + 2 * PG, PG, 2, &n), -EINVAL);
	CHECK_EQ("ZEROPAGE misaligned: EINVAL", zeropage(fd, p + 2 * PG, 100, 0, &n), -EINVAL);
	CHECK_EQ("ZEROPAGE over a page: EEXIST", zeropage(fd, p, PG, 0, &n), -EEXIST);
	CHECK_EQ("ZEROPAGE: .zeropage is -EEXIST", n, -EEXIST);
	CHECK_EQ("ZEROPAGE unregistered: ENOENT", zeropage(fd, plain, PG, 0, &n), -ENOENT);
	CHECK_EQ("ZEROPAGE", zeropage(fd, p + 2 * PG, PG, UFFDIO_ZEROPAGE_MODE_DONTWAKE, &n), 0);
	CHECK_EQ("ZEROPAGE: .zeropage is 4096", n, PG);
	CHECK_EQ("it reads 0", p[2 * PG + 7], 0);
	p[2 * PG + 7] = 5;
	CHECK_EQ("and takes a write", p[2 * PG + 7], 5);
	CHECK_EQ("WAKE misaligned: EINVAL", wake(fd, p, 5), -EINVAL);
	CHECK_EQ("WAKE len 0: EINVAL", wake(fd, p, 0), -EINVAL);
	CHECK_EQ("WAKE with nobody waiting", wake(fd, p, PG), 0);
}

/* The classic pattern: the parent registers, a forked handler keeps the
 * descriptor, reads each fault and answers with a page of known bytes. */
static void handled_fault(void)
{
	char *p = map(2);
	int fd = ready(p, 2 * PG, UFFD_FEATURE_THREAD_ID);
	pid_t me = getpid();
	pid_t h = fork();
	if (h == 0) {
		static char page[PG];
		struct uffd_msg m;
		for (int i = 0; i < 2; i++) {
			CHECK_OK0("handler reads a message", next_msg(fd, p, &m));
			CHECK_EQ("event UFFD_EVENT_PAGEFAULT", m.event, UFFD_EVENT_PAGEFAULT);
			CHECK_EQ("ptid is the faulting thread", m.arg.pagefault.feat.ptid, (uint32_t)me);
			memset(page, 'A' + i, PG);
			int64_t n;
			void *at = (void *)(uintptr_t)m.arg.pagefault.address;
			CHECK_EQ("handler COPY, DONTWAKE", copy(fd, at, page, PG, UFFDIO_COPY_MODE_DONTWAKE, &n), 0);
			CHECK_EQ("handler WAKE", wake(fd, at, PG), 0);
		}
		_exit(check_failed);
	}
	/* The parent prints only once the handler is gone: one order of lines. */
	char c = p[PG + 5];                       /* a read */
	p[100] = 'z';                             /* a write */
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the read saw the handler's page", c, 'A');
	CHECK_EQ("the write landed on the handler's page", p[100] == 'z' && p[101] == 'B', 1);
}

static void exact_address(void)
{
	char *p = map(1);
	int fd = ready(p, PG, UFFD_FEATURE_EXACT_ADDRESS);
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		next_msg(fd, p, &m);
		CHECK_EQ("ZEROPAGE answers", zeropage(fd, p, PG, 0, NULL), 0);
		_exit(check_failed);
	}
	char c = p[123];
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the page reads 0", c, 0);
}

/* A WAKE with no page: the access faults again, a second message. */
static void wake_without_page(void)
{
	char *p = map(1);
	int fd = ready(p, PG, 0);
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		next_msg(fd, p, &m);
		CHECK_EQ("WAKE with no page", wake(fd, p, PG), 0);
		next_msg(fd, p, &m);
		CHECK_EQ("then ZEROPAGE", zeropage(fd, p, PG, 0, NULL), 0);
		_exit(check_failed);
	}
	p[9] = 3;
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the write went through", p[9], 3);
}

static volatile int got_sig;
static void on_sig(int s) { (void)s; got_sig++; }

/* A signal ends the wait; after the handler the access faults again. */
static void signal_while_waiting(void)
{
	signal(SIGUSR1, on_sig);
	char *p = map(1);
	int fd = ready(p, PG, 0);
	pid_t me = getpid();
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		next_msg(fd, p, &m);
		kill(me, SIGUSR1);
		next_msg(fd, p, &m);
		static char page[PG] = "hello";
		CHECK_EQ("COPY after the second message", copy(fd, p, page, PG, 0, NULL), 0);
		_exit(check_failed);
	}
	char c = p[0];
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_STR("the page after the signal", p, "hello");
	CHECK_EQ("read 'h'", c, 'h');
	CHECK_EQ("the handler ran once", got_sig, 1);
}

/* Poll and a non-blocking read while a fault waits. */
static void poll_and_read(void)
{
	char *p = map(1);
	int fd = uffd_new(O_NONBLOCK | O_CLOEXEC);
	api(fd, 0);
	reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING);
	pid_t h = fork();
	if (h == 0) {
		struct pollfd pf = { fd, POLLIN, 0 };
		CHECK_EQ("poll waits for the fault", poll(&pf, 1, 10000), 1);
		CHECK_EQ("POLLIN", pf.revents, POLLIN);
		struct uffd_msg m[2];
		CHECK_EQ("a read of 64 bytes gets one message", read(fd, m, sizeof m), 32);
		CHECK_EQ("read flags: a read", m[0].arg.pagefault.flags, 0);
		CHECK_ERR("read again: EAGAIN (the fault is read)", read(fd, m, sizeof m), EAGAIN);
		pf.revents = 0;
		CHECK_EQ("poll: nothing unread", poll(&pf, 1, 0), 0);
		CHECK_EQ("ZEROPAGE", zeropage(fd, p, PG, 0, NULL), 0);
		_exit(check_failed);
	}
	char c = p[0];
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the page reads 0", c, 0);
}

/* The handler closes the last descriptor while the fault waits: the
 * registration goes and the fault gets an ordinary zero page. */
static void close_while_waiting(void)
{
	char *p = map(1);
	int fd = ready(p, PG, 0);
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		next_msg(fd, p, &m);
		close(fd);
		_exit(check_failed);
	}
	close(fd);
	char c = p[77];
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("after the close the page reads 0", c, 0);
}

/* UNREGISTER wakes the faults in its range; they then fault normally. */
static void unregister_while_waiting(void)
{
	char *p = map(1);
	int fd = ready(p, PG, 0);
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		next_msg(fd, p, &m);
		CHECK_EQ("UNREGISTER", unreg(fd, p, PG), 0);
		CHECK_EQ("COPY after UNREGISTER: ENOENT", copy(fd, p, p, PG, 0, NULL), -ENOENT);
		_exit(check_failed);
	}
	p[1] = 9;
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the write went to a fresh page", p[0] == 0 && p[1] == 9, 1);
}

/* mprotect splits the registered area and joins it again; the
 * registration holds on every part. */
static void split_and_merge(void)
{
	char *p = map(3);
	int fd = ready(p, 3 * PG, 0);
	CHECK_OK0("mprotect the middle page read-only", mprotect(p + PG, PG, PROT_READ));
	CHECK_OK0("and back", mprotect(p + PG, PG, PROT_READ | PROT_WRITE));
	pid_t h = fork();
	if (h == 0) {
		struct uffd_msg m;
		static char page[PG];
		memset(page, 'Q', PG);
		next_msg(fd, p, &m);
		CHECK_EQ("ZEROPAGE the third page", zeropage(fd, p + 2 * PG, PG, 0, NULL), 0);
		next_msg(fd, p, &m);
		CHECK_EQ("COPY the first", copy(fd, p, page, PG, 0, NULL), 0);
		_exit(check_failed);
	}
	p[2 * PG + 1] = 1;
	char c = p[0];
	CHECK_EXIT("handler", wait_for(h), 0);
	CHECK_EQ("the first page", c, 'Q');
	CHECK_EQ("UNREGISTER the whole", unreg(fd, p, 3 * PG), 0);
}

/* A forked child's areas are not registered (no UFFD_FEATURE_EVENT_FORK). */
static void fork_child(void)
{
	char *p = map(1);
	int fd = ready(p, PG, 0);
	pid_t c = fork();
	if (c == 0) {
		p[0] = 4;
		_exit(p[0] == 4 && p[1] == 0 ? 0 : 1);
	}
	CHECK_EXIT("the child touches the area freely", wait_for(c), 0);
	static char page[PG] = "abc";
	CHECK_EQ("the parent's page is still missing: COPY works", copy(fd, p, page, PG, 0, NULL), 0);
	CHECK_STR("and it holds the bytes", p, "abc");
}

/* A kernel access to a missing registered page with UFFD_USER_MODE_ONLY
 * fails with EFAULT (Linux gives the kernel SIGBUS there). */
static void kernel_access(void)
{
	char *p = map(1);
	int fd = uffd_new(UFFD_USER_MODE_ONLY);
	api(fd, 0);
	CHECK_EQ("register", reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING), 0);
	int pp[2];
	pipe(pp);
	CHECK_ERR("write(2) from the missing page: EFAULT", write(pp[1], p, 10), EFAULT);
	write(pp[1], "0123456789", 10);
	CHECK_ERR("read(2) into it: EFAULT", read(pp[0], p, 10), EFAULT);
}

/* After exec the registered address space is gone: the descriptor
 * resolves to nothing. */
static void after_exec(void)
{
	char *p = map(1);
	int fd = uffd_new(0);
	api(fd, 0);
	reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING);
	char fds[16], addr[32];
	snprintf(fds, sizeof fds, "%d", fd);
	snprintf(addr, sizeof addr, "%lu", (unsigned long)(uintptr_t)p);
	execl(self_exe, self_exe, "after-exec", fds, addr, (char *)NULL);
	fail("execl", "errno %d", errno);
}

static int after_exec_side(int fd, char *p)
{
	static char page[PG];
	char *mine = map(1);
	int64_t n = 0;
	CHECK_EQ("COPY: ESRCH", copy(fd, p, page, PG, 0, &n), -ESRCH);
	CHECK_EQ("ZEROPAGE: ESRCH", zeropage(fd, p, PG, 0, &n), -ESRCH);
	CHECK_EQ("REGISTER: ENOMEM", reg(fd, mine, PG, UFFDIO_REGISTER_MODE_MISSING), -ENOMEM);
	CHECK_EQ("UNREGISTER: ENOMEM", unreg(fd, mine, PG), -ENOMEM);
	CHECK_EQ("WAKE: 0", wake(fd, p, PG), 0);
	CHECK_EQ("API again: EINVAL", api(fd, 0), -EINVAL);
	mine[0] = 1;
	CHECK_EQ("own memory is unaffected", mine[0], 1);
	return check_failed;
}

int main(int argc, char **argv)
{
	self_exe = "/proc/self/exe";
	if (argc == 4 && !strcmp(argv[1], "after-exec"))
		return after_exec_side(atoi(argv[2]), (char *)(uintptr_t)strtoul(argv[3], NULL, 10));
	RUN(create_flags);
	RUN(as_user);
	RUN(api_calls);
	RUN(register_errors);
	RUN(copy_zeropage);
	RUN(handled_fault);
	RUN(exact_address);
	RUN(wake_without_page);
	RUN(signal_while_waiting);
	RUN(poll_and_read);
	RUN(close_while_waiting);
	RUN(unregister_while_waiting);
	RUN(split_and_merge);
	RUN(fork_child);
	RUN(kernel_access);
	RUN(after_exec);
	return cases_failed ? 1 : 0;
}
