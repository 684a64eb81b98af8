/* t_perf_event - perf_event_open(2) on a machine whose events are the
 * software ones (decision 72): which types exist, attr.size and every
 * EINVAL reachable, groups and read_format, the ioctls, inheritance over
 * fork, enable_on_exec, prctl, the paranoid rules. Counts differ between
 * kernels, so counts are checked as relations ("grew over a busy loop",
 * ">= pages touched"), errors exactly. Differential. */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "perf_abi.h"

static int open_sw(int config, int disabled, int pid)
{
	struct pattr a = sw(config);
	a.disabled = disabled;
	return peo(&a, pid, -1, -1, 0);
}

static uint64_t rd(int fd)
{
	uint64_t v = ~0ull;
	if (read(fd, &v, sizeof v) != sizeof v)
		return ~0ull;
	return v;
}

static volatile unsigned sink;

/* About ms milliseconds of CPU (by the process CPU clock). */
static void busy(int ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	do {
		for (int i = 0; i < 10000; i++)
			sink += i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

/* Touches n fresh anonymous pages (fewer than a huge page's). */
static void touch_pages(int n)
{
	char *p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < n; i++)
		p[i * 4096] = 1;
	munmap(p, n * 4096);
}

static int paranoid(void)
{
	char buf[32];
	if (get_file("/proc/sys/kernel/perf_event_paranoid", buf, sizeof buf) <= 0)
		return -100;
	return atoi(buf);
}

/* ---- which events exist ---- */

static void types(void)
{
	struct pattr a = sw(0);
	for (int c = 0; c < 10; c++) {
		a.type = T_HW;
		a.config = c;
		CHECK_ERR("hardware events: ENOENT (no PMU)", peo(&a, 0, -1, -1, 0), ENOENT);
	}
	a.type = T_CACHE;
	a.config = 0;
	CHECK_ERR("hw cache event: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
	a.type = T_RAW;
	CHECK_ERR("raw event: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
	a.type = T_TP;
	CHECK_ERR("tracepoint id 0: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.config = 999999;
	CHECK_ERR("tracepoint id 999999: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.type = T_BP;
	a.config = 0;
	CHECK_ERR("breakpoint with no bp_type: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.type = 1000;
	CHECK_ERR("unknown type 1000: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
	a.type = 0x7fffffff;
	CHECK_ERR("unknown type 0x7fffffff: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
	for (int c = 0; c < SW_MAX; c++) {
		int fd = open_sw(c, 0, 0);
		CHECK("every software event opens", fd >= 0);
		CHECK("and reads 8 bytes", rd(fd) != ~0ull);
		close(fd);
	}
	a = sw(SW_MAX);
	CHECK_ERR("software config 12: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
	a.config = 1ull << 32;
	CHECK_ERR("software config 2^32: ENOENT", peo(&a, 0, -1, -1, 0), ENOENT);
}

static void file(void)
{
	struct pattr a = sw(SW_TASK_CLOCK);
	int fd = peo(&a, 0, -1, -1, 0);
	char link[64], want[64];
	snprintf(want, sizeof want, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(want, link, sizeof link - 1);
	link[n < 0 ? 0 : n] = 0;
	CHECK_STR("fd link", link, "anon_inode:[perf_event]");
	CHECK_EQ("O_RDWR", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR);
	CHECK_EQ("no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	char buf[8] = {0};
	CHECK_ERR("write: EINVAL", write(fd, buf, 8), EINVAL);
	CHECK_ERR("lseek: ESPIPE", lseek(fd, 0, SEEK_SET), ESPIPE);
	CHECK_ERR("read of 7 bytes: ENOSPC", read(fd, buf, 7), ENOSPC);
	CHECK_ERR("read into a bad buffer: EFAULT", read(fd, (void *)8, 8), EFAULT);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	CHECK_EQ("poll with no ring buffer: ready", poll(&p, 1, 0), 1);
	CHECK_EQ("and POLLHUP", p.revents, POLLHUP);
	int fd2 = peo(&a, 0, -1, -1, FLAG_CLOEXEC);
	CHECK_EQ("PERF_FLAG_FD_CLOEXEC", fcntl(fd2, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("unknown flag 0x10: EINVAL", peo(&a, 0, -1, -1, 16), EINVAL);
	CHECK_ERR("unknown flag 1<<31: EINVAL", peo(&a, 0, -1, -1, 1ul << 31), EINVAL);
}

/* ---- attr.size ---- */

static void attr_size(void)
{
	char big[4200];
	struct pattr *a = (struct pattr *)big;
	memset(big, 0, sizeof big);
	*a = sw(SW_DUMMY);
	a->size = 0;
	int fd = peo(a, 0, -1, -1, 0);
	CHECK("size 0 is PERF_ATTR_SIZE_VER0", fd >= 0);
	close(fd);
	uint32_t sizes[] = { 64, 72, 80, 96, 104, 112, 120, 128 };
	for (unsigned i = 0; i < 8; i++) {
		a->size = sizes[i];
		fd = peo(a, 0, -1, -1, 0);
		CHECK("each PERF_ATTR_SIZE_VERn opens", fd >= 0);
		close(fd);
	}
	a->size = 63;
	CHECK_ERR("size 63: E2BIG", peo(a, 0, -1, -1, 0), E2BIG);
	CHECK("and the kernel's size written back (a VERn >= VER7)", a->size >= 128 && a->size % 8 == 0);
	a->size = 4097;
	CHECK_ERR("size past a page: E2BIG", peo(a, 0, -1, -1, 0), E2BIG);
	CHECK("and the size written back", a->size >= 128 && a->size < 4096);
	a->size = 400;
	fd = peo(a, 0, -1, -1, 0);
	CHECK("size 400 with a zero tail opens", fd >= 0);
	close(fd);
	big[399] = 1;
	CHECK_ERR("a non-zero byte past the kernel's struct: E2BIG", peo(a, 0, -1, -1, 0), E2BIG);
	CHECK("and the size written back", a->size >= 128 && a->size < 400);
	CHECK_ERR("attr NULL: EFAULT", peo(NULL, 0, -1, -1, 0), EFAULT);
	CHECK_ERR("attr at a bad address: EFAULT", peo((void *)16, 0, -1, -1, 0), EFAULT);
	/* the struct ends at a page's end, the page past it unmapped */
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	struct pattr *e = (struct pattr *)(p + 4096 - 64);
	memset(e, 0, 64);
	e->type = T_SW;
	e->config = SW_DUMMY;
	e->size = 64;
	fd = peo(e, 0, -1, -1, 0);
	CHECK("VER0 struct at a page's end opens", fd >= 0);
	close(fd);
	e->size = 128;
	CHECK_ERR("a size running past the mapping: EFAULT", peo(e, 0, -1, -1, 0), EFAULT);
}

/* ---- EINVAL and friends, in Linux's order ---- */

static void einval(void)
{
	struct pattr a;
#define BAD(name, setup, pid, cpu, group, flags, E) do { \
	a = sw(SW_TASK_CLOCK); setup; \
	CHECK_ERR(name, peo(&a, pid, cpu, group, flags), E); \
} while (0)
	BAD("reserved attr bit: EINVAL", a.reserved_1 = 1u << 25, 0, -1, -1, 0, EINVAL);
	BAD("__reserved_2: EINVAL", a.reserved_2 = 1, 0, -1, -1, 0, EINVAL);
	BAD("unknown sample_type bit: EINVAL", a.sample_type = 1ull << 40, 0, -1, -1, 0, EINVAL);
	BAD("unknown read_format bit: EINVAL", a.read_format = 1 << 5, 0, -1, -1, 0, EINVAL);
	BAD("inherit_thread without inherit: EINVAL", a.inherit_thread = 1, 0, -1, -1, 0, EINVAL);
	BAD("remove_on_exec with enable_on_exec: EINVAL", (a.remove_on_exec = 1, a.enable_on_exec = 1),
	    0, -1, -1, 0, EINVAL);
	BAD("sigtrap without remove_on_exec: EINVAL", a.sigtrap = 1, 0, -1, -1, 0, EINVAL);
	BAD("sigtrap on a cpu: EINVAL", (a.sigtrap = 1, a.remove_on_exec = 1), -1, 0, -1, 0, EINVAL);
	BAD("sample_period with bit 63: EINVAL", a.sample_period = 1ull << 63, 0, -1, -1, 0, EINVAL);
	BAD("sample_freq past the max rate: EINVAL", (a.freq = 1,
	    a.sample_period = 1ull << 40), 0, -1, -1, 0, EINVAL);
	BAD("pid -1 and cpu -1: EINVAL", (void)0, -1, -1, -1, 0, EINVAL);
	BAD("cpu 100000: EINVAL", (void)0, 0, 100000, -1, 0, EINVAL);
	BAD("cpu -2: EINVAL", (void)0, 0, -2, -1, 0, EINVAL);
	BAD("PID_CGROUP with pid -1: EINVAL", (void)0, -1, 0, -1, FLAG_CGROUP, EINVAL);
	BAD("PID_CGROUP with cpu -1: EINVAL", (void)0, 0, -1, -1, FLAG_CGROUP, EINVAL);
	BAD("unknown clockid: EINVAL", (a.use_clockid = 1, a.clockid = 12345), 0, -1, -1, 0, EINVAL);
	BAD("CLOCK_PROCESS_CPUTIME_ID: EINVAL", (a.use_clockid = 1, a.clockid = CLOCK_PROCESS_CPUTIME_ID),
	    0, -1, -1, 0, EINVAL);
	BAD("branch stack with no branch type: EINVAL", a.sample_type = SAMPLE_BRANCH_STACK,
	    0, -1, -1, 0, EINVAL);
	BAD("branch stack with only privilege bits: EINVAL",
	    (a.sample_type = SAMPLE_BRANCH_STACK, a.branch_sample_type = BRANCH_USER), 0, -1, -1, 0, EINVAL);
	BAD("branch stack on a software event: EOPNOTSUPP",
	    (a.sample_type = SAMPLE_BRANCH_STACK, a.branch_sample_type = BRANCH_ANY | BRANCH_USER),
	    0, -1, -1, 0, EOPNOTSUPP);
	BAD("unaligned sample_stack_user: EINVAL",
	    (a.sample_type = SAMPLE_STACK_USER, a.sample_stack_user = 100), 0, -1, -1, 0, EINVAL);
	BAD("sample_stack_user 65535: EINVAL",
	    (a.sample_type = SAMPLE_STACK_USER, a.sample_stack_user = 65535), 0, -1, -1, 0, EINVAL);
	BAD("WEIGHT with WEIGHT_STRUCT: EINVAL", a.sample_type = SAMPLE_WEIGHT | SAMPLE_WEIGHT_STRUCT,
	    0, -1, -1, 0, EINVAL);
	BAD("no such pid: ESRCH", (void)0, 0x7fffffff, -1, -1, 0, ESRCH);
	BAD("pid -2: ESRCH", (void)0, -2, -1, -1, 0, ESRCH);
	BAD("group_fd not open: EBADF", (void)0, 0, -1, 999, 0, EBADF);
	BAD("group_fd not a perf event: EBADF", (void)0, 0, -1, 0, 0, EBADF);
	int fd;
	a = sw(SW_TASK_CLOCK);
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	fd = peo(&a, 0, -1, -1, 0);
	CHECK("use_clockid CLOCK_MONOTONIC opens", fd >= 0);
	a.clockid = CLOCK_REALTIME;
	int fd2 = peo(&a, 0, -1, -1, 0);
	CHECK("use_clockid CLOCK_REALTIME opens", fd2 >= 0);
	close(fd2);
	a = sw(SW_TASK_CLOCK);
	a.sample_period = 100000;
	fd2 = peo(&a, 0, -1, -1, 0);
	CHECK("a sampling software event opens", fd2 >= 0);
	close(fd2);
	a.freq = 1;
	a.sample_period = 1000;
	fd2 = peo(&a, 0, -1, -1, 0);
	CHECK("a frequency software event opens", fd2 >= 0);
	close(fd2);
	close(fd);
}

/* ---- groups ---- */

static void groups(void)
{
	struct pattr a = sw(SW_TASK_CLOCK);
	a.read_format = F_GROUP | F_ID;
	int lead = peo(&a, 0, -1, -1, 0);
	struct pattr b = sw(SW_PAGE_FAULTS);
	b.read_format = F_GROUP | F_ID;
	int s1 = peo(&b, 0, -1, lead, 0);
	CHECK("sibling opens", s1 >= 0);
	int s2 = peo(&b, 0, -1, lead, 0);
	CHECK("second sibling opens", s2 >= 0);
	CHECK_ERR("a sibling as group_fd: EINVAL", peo(&b, 0, -1, s1, 0), EINVAL);
	b.pinned = 1;
	CHECK_ERR("pinned sibling: EINVAL", peo(&b, 0, -1, lead, 0), EINVAL);
	b.pinned = 0;
	b.exclusive = 1;
	CHECK_ERR("exclusive sibling: EINVAL", peo(&b, 0, -1, lead, 0), EINVAL);
	b.exclusive = 0;
	b.inherit = 1;
	CHECK_ERR("inherit differs from the leader's: EINVAL", peo(&b, 0, -1, lead, 0), EINVAL);
	b.inherit = 0;
	CHECK_ERR("another cpu than the leader's: EINVAL", peo(&b, 0, 0, lead, 0), EINVAL);
	CHECK_ERR("a cpu-wide event in a task's group: EINVAL", peo(&b, -1, 0, lead, 0), EINVAL);
	b.use_clockid = 1;
	b.clockid = CLOCK_MONOTONIC;
	CHECK_ERR("another clock than the leader's: EINVAL", peo(&b, 0, -1, lead, 0), EINVAL);
	b.use_clockid = 0;
	CHECK_ERR("PERF_FLAG_FD_OUTPUT (no buffer to share): EINVAL",
		  peo(&b, 0, -1, lead, FLAG_OUTPUT), EINVAL);
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	CHECK_ERR("another task than the leader's: EINVAL", peo(&b, child, -1, lead, 0), EINVAL);
	kill(child, SIGKILL);
	wait_for(child);

	uint64_t v[16];
	busy(20);
	CHECK_EQ("group read: 1 + 2*(value, id) * 3", read(lead, v, sizeof v), 8 * 7);
	CHECK_EQ("nr is 3", v[0], 3);
	uint64_t id;
	ioctl(lead, IOC_ID, &id);
	CHECK("leader's id first", v[2] == id);
	ioctl(s1, IOC_ID, &id);
	CHECK("then the siblings' in order", v[4] == id);
	ioctl(s2, IOC_ID, &id);
	CHECK("the second sibling's", v[6] == id);
	CHECK("task clock counted", v[1] > 0);
	CHECK_EQ("a sibling's read is the group's", read(s1, v, sizeof v), 8 * 7);
	CHECK_ERR("group read into 55 bytes: ENOSPC", read(lead, v, 55), ENOSPC);
	int nog = peo(&b, 0, -1, lead, FLAG_NO_GROUP);
	CHECK("PERF_FLAG_FD_NO_GROUP opens", nog >= 0);
	CHECK_EQ("and is a group of its own", read(nog, v, sizeof v), 8 * 3);
	CHECK_EQ("the leader's group did not grow", read(lead, v, sizeof v), 8 * 7);
	close(s2);
	CHECK_EQ("a closed sibling leaves the group", read(lead, v, sizeof v), 8 * 5);
	close(lead);
	CHECK_EQ("a closed leader leaves its siblings alone", read(s1, v, sizeof v), 8 * 3);
	CHECK_EQ("nr 1", v[0], 1);

	/* a disabled leader stops its siblings; IOC_FLAG_GROUP acts on all */
	a = sw(SW_TASK_CLOCK);
	a.disabled = 1;
	lead = peo(&a, 0, -1, -1, 0);
	b = sw(SW_CPU_CLOCK);
	s1 = peo(&b, 0, -1, lead, 0);
	busy(10);
	CHECK_EQ("sibling of a disabled leader does not count", rd(s1), 0);
	CHECK_OK0("IOC_ENABLE on the leader", ioctl(lead, IOC_ENABLE, 0));
	busy(10);
	CHECK("now both count", rd(s1) > 0 && rd(lead) > 0);
	CHECK_OK0("IOC_DISABLE | IOC_FLAG_GROUP on the sibling", ioctl(s1, IOC_DISABLE, IOC_FLAG_GROUP));
	uint64_t l1 = rd(lead), c1 = rd(s1);
	busy(10);
	CHECK("the whole group stopped", rd(lead) == l1 && rd(s1) == c1);
	CHECK_OK0("IOC_RESET | IOC_FLAG_GROUP", ioctl(lead, IOC_RESET, IOC_FLAG_GROUP));
	CHECK("both zero", rd(lead) == 0 && rd(s1) == 0);
}

/* A group whose read would pass 16 KiB takes no more members (Linux's
 * perf_event_validate_size): E2BIG, by the new member's read_format or
 * by any member's. */
static void group_size(void)
{
	struct rlimit rl = { 2048, 2048 };
	setrlimit(RLIMIT_NOFILE, &rl);
	struct pattr a = sw(SW_DUMMY);
	a.read_format = F_GROUP | F_ID | F_LOST | F_TE | F_TR;   /* 24 + 24 a member */
	int lead = peo(&a, 0, -1, -1, 0), n = 1, last = 0;
	while (n < 700 && (last = peo(&a, 0, -1, lead, 0)) >= 0)
		n++;
	CHECK_EQ("members of 24 bytes until 16 KiB: 681", n, 681);
	CHECK_EQ("  the next: E2BIG", last < 0 ? errno : 0, E2BIG);
	struct pattr b = sw(SW_DUMMY);
	CHECK_ERR("  one that reads 8 bytes: E2BIG all the same (the others' reads)",
		  peo(&b, 0, -1, lead, 0), E2BIG);
	b.read_format = F_GROUP;
	int l2 = peo(&b, 0, -1, -1, 0);
	for (n = 1; n < 700; n++)
		peo(&b, 0, -1, l2, 0);
	b.read_format = F_GROUP | F_ID | F_LOST | F_TE | F_TR;
	CHECK_ERR("a member whose own read would pass it: E2BIG", peo(&b, 0, -1, l2, 0), E2BIG);
	uint64_t *v = malloc(16384);
	CHECK_EQ("a group of 700 reads 8 + 700 * 8", read(l2, v, 16384), 8 + 700 * 8);
	free(v);
}

/* ---- read_format ---- */

static void read_format(void)
{
	struct pattr a = sw(SW_TASK_CLOCK);
	a.read_format = F_TE | F_TR | F_ID | F_LOST;
	int fd = peo(&a, 0, -1, -1, 0);
	busy(20);
	uint64_t v[8];
	CHECK_EQ("value, enabled, running, id, lost: 40 bytes", read(fd, v, sizeof v), 40);
	CHECK_ERR("into 39 bytes: ENOSPC", read(fd, v, 39), ENOSPC);
	CHECK("value > 0", v[0] > 0);
	CHECK("time enabled > 0", v[1] > 0);
	CHECK("time running <= enabled", v[2] > 0 && v[2] <= v[1]);
	uint64_t id = 0;
	CHECK_OK0("IOC_ID", ioctl(fd, IOC_ID, &id));
	CHECK("the id read is IOC_ID's", v[3] == id && id != 0);
	CHECK_EQ("lost 0", v[4], 0);
	int fd2 = peo(&a, 0, -1, -1, 0);
	uint64_t id2 = 0;
	ioctl(fd2, IOC_ID, &id2);
	CHECK("a later event has a greater id", id2 > id);
	a.read_format = F_TE | F_TR;
	a.disabled = 1;
	int off = peo(&a, 0, -1, -1, 0);
	busy(10);
	CHECK_EQ("disabled: 24 bytes", read(off, v, sizeof v), 24);
	CHECK("disabled: nothing counted, no time", v[0] == 0 && v[1] == 0 && v[2] == 0);
}

/* ---- what the counters count ---- */

static void task_clock(void)
{
	int tc = open_sw(SW_TASK_CLOCK, 0, 0), cc = open_sw(SW_CPU_CLOCK, 0, 0);
	uint64_t t0 = rd(tc), c0 = rd(cc);
	busy(50);
	uint64_t t1 = rd(tc), c1 = rd(cc);
	CHECK("task_clock grew over a 50 ms busy loop by >= 40 ms", t1 - t0 >= 40000000);
	CHECK("and by less than 50 s", t1 - t0 < 50000000000ull);
	CHECK("cpu_clock grew by >= 40 ms", c1 - c0 >= 40000000);
	struct timespec ts = { 0, 50000000 };
	t0 = rd(tc);
	nanosleep(&ts, NULL);
	t1 = rd(tc);
	CHECK("task_clock hardly grows over a 50 ms sleep", t1 - t0 < 25000000);
	CHECK_OK0("IOC_DISABLE", ioctl(tc, IOC_DISABLE, 0));
	t0 = rd(tc);
	busy(20);
	CHECK("disabled: no growth", rd(tc) == t0);
	CHECK_OK0("IOC_RESET", ioctl(tc, IOC_RESET, 0));
	CHECK_EQ("reset: 0", rd(tc), 0);
	CHECK_OK0("IOC_ENABLE", ioctl(tc, IOC_ENABLE, 0));
	busy(20);
	CHECK("enabled again: it grows", rd(tc) >= 10000000);
	CHECK_OK0("IOC_ENABLE when enabled", ioctl(tc, IOC_ENABLE, 0));
	CHECK_OK0("IOC_DISABLE twice", (ioctl(tc, IOC_DISABLE, 0), ioctl(tc, IOC_DISABLE, 0)));
}

static void faults(void)
{
	int pf = open_sw(SW_PAGE_FAULTS, 1, 0), mn = open_sw(SW_MIN, 1, 0), mj = open_sw(SW_MAJ, 1, 0);
	struct pattr a = sw(SW_PAGE_FAULTS);
	a.disabled = 1;
	a.exclude_user = 1;
	int ku = peo(&a, 0, -1, -1, 0);
	a.exclude_user = 0;
	a.exclude_kernel = 1;
	int uo = peo(&a, 0, -1, -1, 0);
	prctl(PR_TASK_PERF_EVENTS_ENABLE, 0, 0, 0, 0);
	touch_pages(64);
	prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0);
	CHECK("page faults >= 64 pages touched", rd(pf) >= 64);
	CHECK("minor faults >= 64", rd(mn) >= 64);
	CHECK("major faults <= faults", rd(mj) <= rd(pf));
	CHECK("exclude_kernel: the user faults counted", rd(uo) >= 64);
	CHECK("exclude_user: the user faults not counted", rd(ku) < 64);
	CHECK("page faults not counted once disabled", (touch_pages(8), rd(pf)) == rd(mn) + rd(mj) ||
	      rd(pf) >= 64);
	int al = open_sw(SW_ALIGN, 0, 0), em = open_sw(SW_EMU, 0, 0), du = open_sw(SW_DUMMY, 0, 0);
	touch_pages(8);
	busy(5);
	CHECK_EQ("alignment faults: 0", rd(al), 0);
	CHECK_EQ("emulation faults: 0", rd(em), 0);
	CHECK_EQ("dummy: 0", rd(du), 0);
}

static void switches(void)
{
	int cs = open_sw(SW_CS, 0, 0);
	struct pattr a = sw(SW_CS);
	a.exclude_kernel = 1;
	int csu = peo(&a, 0, -1, -1, 0);
	int mig = open_sw(SW_MIGRATIONS, 0, 0);
	int p1[2], p2[2];
	pipe(p1);
	pipe(p2);
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(p1[1]);
		while (read(p1[0], &c, 1) == 1)
			write(p2[1], &c, 1);
		_exit(0);
	}
	uint64_t c0 = rd(cs);
	for (int i = 0; i < 50; i++) {
		char c = 'x';
		write(p1[1], &c, 1);
		read(p2[0], &c, 1);
	}
	uint64_t c1 = rd(cs);
	CHECK("context switches >= 50 after 50 round trips with another process", c1 - c0 >= 50);
	CHECK_EQ("exclude_kernel: switches are the kernel's, none counted", rd(csu), 0);
	CHECK("migrations read", rd(mig) != ~0ull);
	close(p1[1]);
	wait_for(child);
}

/* ---- ioctls ---- */

static void ioctls(void)
{
	int fd = open_sw(SW_TASK_CLOCK, 0, 0);
	int other = open_sw(SW_TASK_CLOCK, 0, 0);
	uint64_t v = 100;
	CHECK_ERR("IOC_ID to a bad address: EFAULT", ioctl(fd, IOC_ID, 8), EFAULT);
	CHECK_ERR("IOC_PERIOD on a counting event: EINVAL", ioctl(fd, IOC_PERIOD, &v), EINVAL);
	CHECK_ERR("IOC_PERIOD from a bad address: EFAULT", ioctl(fd, IOC_PERIOD, 8), EFAULT);
	CHECK_ERR("IOC_REFRESH on a counting event: EINVAL", ioctl(fd, IOC_REFRESH, 1), EINVAL);
	/* -1 is "no output" to i386 Linux; a 64-bit kernel's compat ioctl
	 * widens it to 0xffffffff, a bad descriptor (EBADF). */
	long r = ioctl(fd, IOC_SET_OUTPUT, -1);
	CHECK("IOC_SET_OUTPUT -1: 0 (i386) or EBADF (64-bit compat)", r == 0 || errno == EBADF);
	CHECK_ERR("IOC_SET_OUTPUT to itself: EINVAL", ioctl(fd, IOC_SET_OUTPUT, fd), EINVAL);
	CHECK_ERR("IOC_SET_OUTPUT to an event with no buffer: EINVAL", ioctl(fd, IOC_SET_OUTPUT, other), EINVAL);
	CHECK_ERR("IOC_SET_OUTPUT to a closed fd: EBADF", ioctl(fd, IOC_SET_OUTPUT, 999), EBADF);
	CHECK_ERR("IOC_SET_OUTPUT to a non-event: EBADF", ioctl(fd, IOC_SET_OUTPUT, 0), EBADF);
	CHECK_ERR("IOC_SET_FILTER on a software event: EINVAL", ioctl(fd, IOC_SET_FILTER, "x"), EINVAL);
	CHECK_ERR("IOC_SET_FILTER from a bad address: EFAULT", ioctl(fd, IOC_SET_FILTER, 8), EFAULT);
	CHECK_ERR("IOC_SET_BPF with a non-bpf fd: EINVAL", ioctl(fd, IOC_SET_BPF, 0), EINVAL);
	CHECK_ERR("IOC_SET_BPF with a closed fd: EBADF", ioctl(fd, IOC_SET_BPF, 999), EBADF);
	CHECK_ERR("IOC_PAUSE_OUTPUT with no buffer: EINVAL", ioctl(fd, IOC_PAUSE_OUTPUT, 1), EINVAL);
	CHECK_ERR("IOC_QUERY_BPF on a software event: EINVAL", ioctl(fd, IOC_QUERY_BPF, 8), EINVAL);
	struct pattr a = sw(SW_TASK_CLOCK);
	a.type = T_TP;
	CHECK_ERR("IOC_MODIFY_ATTRIBUTES to another type: EINVAL", ioctl(fd, IOC_MODIFY, &a), EINVAL);
	a = sw(SW_TASK_CLOCK);
	a.size = 63;
	CHECK_ERR("IOC_MODIFY_ATTRIBUTES with size 63: E2BIG", ioctl(fd, IOC_MODIFY, &a), E2BIG);
	CHECK_ERR("unknown ioctl: ENOTTY", ioctl(fd, _IO('$', 50), 0), ENOTTY);
	CHECK_ERR("TCGETS: ENOTTY", ioctl(fd, 0x5401, &a), ENOTTY);

	a = sw(SW_TASK_CLOCK);
	a.sample_period = 1000000;
	int s = peo(&a, 0, -1, -1, 0);
	v = 0;
	CHECK_ERR("IOC_PERIOD 0: EINVAL", ioctl(s, IOC_PERIOD, &v), EINVAL);
	v = 1ull << 63;
	CHECK_ERR("IOC_PERIOD with bit 63: EINVAL", ioctl(s, IOC_PERIOD, &v), EINVAL);
	v = 5000000;
	CHECK_OK0("IOC_PERIOD on a sampling event", ioctl(s, IOC_PERIOD, &v));
	CHECK_OK0("IOC_REFRESH on a sampling event", ioctl(s, IOC_REFRESH, 1));
	a.inherit = 1;
	int si = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("IOC_REFRESH on an inherited sampling event: EINVAL", ioctl(si, IOC_REFRESH, 1), EINVAL);
}

/* ---- tasks: inheritance, others, exec, prctl ---- */

static void inherit(void)
{
	struct pattr a = sw(SW_TASK_CLOCK);
	a.inherit = 1;
	int inh = peo(&a, 0, -1, -1, 0);
	a.inherit = 0;
	int own = peo(&a, 0, -1, -1, 0);
	a = sw(SW_PAGE_FAULTS);
	a.inherit = 1;
	int pf = peo(&a, 0, -1, -1, 0);
	uint64_t i0 = rd(inh), o0 = rd(own), p0 = rd(pf);
	pid_t child = fork();
	if (child == 0) {
		busy(100);
		touch_pages(64);
		_exit(0);
	}
	wait_for(child);
	uint64_t i1 = rd(inh), o1 = rd(own);
	CHECK("inherited task_clock sums the child's 100 ms", i1 - i0 >= 80000000);
	CHECK("not inherited: the child's time not in it", o1 - o0 < 80000000);
	CHECK("inherited page faults sum the child's 64", rd(pf) - p0 >= 64);
	/* a child's events stop with the parent's */
	ioctl(inh, IOC_DISABLE, 0);
	int p[2];
	pipe(p);
	uint64_t before = rd(inh);
	child = fork();
	if (child == 0) {
		busy(30);
		_exit(0);
	}
	wait_for(child);
	CHECK("a disabled inherited event stays disabled in the child", rd(inh) == before);
}

static void other_task(void)
{
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(p[0], &c, 1);
		busy(50);
		_exit(0);
	}
	int fd = open_sw(SW_TASK_CLOCK, 0, child);
	CHECK("an event on a child opens", fd >= 0);
	struct pattr a = sw(SW_TASK_CLOCK);
	a.read_format = F_TE | F_TR;
	int fd2 = peo(&a, child, -1, -1, 0);
	write(p[1], "x", 1);
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	wait_for(child);
	CHECK("it counted the child's 50 ms", rd(fd) >= 40000000);
	uint64_t v[3];
	CHECK_EQ("read after the exit", read(fd2, v, sizeof v), 24);
	CHECK("the times stay", v[1] >= 40000000 && v[2] <= v[1]);
	CHECK_EQ("poll after the exit: POLLHUP", poll(&pf, 1, 0), 1);
	CHECK_EQ("revents POLLHUP", pf.revents, POLLHUP);
	CHECK_OK0("IOC_ENABLE after the exit", ioctl(fd, IOC_ENABLE, 0));
	CHECK_ERR("a reaped pid: ESRCH", open_sw(SW_TASK_CLOCK, 0, child), ESRCH);
	/* a zombie */
	child = fork();
	if (child == 0)
		_exit(0);
	struct timespec ts = { 0, 100000000 };
	nanosleep(&ts, NULL);
	CHECK_ERR("a zombie: ESRCH", open_sw(SW_TASK_CLOCK, 0, child), ESRCH);
	wait_for(child);
}

static void enable_on_exec(void)
{
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(p[0], &c, 1);
		busy(20);
		execl("/proc/self/exe", "t_perf_event", "--busy", (char *)NULL);
		_exit(127);
	}
	struct pattr a = sw(SW_TASK_CLOCK);
	a.disabled = 1;
	a.enable_on_exec = 1;
	int fd = peo(&a, child, -1, -1, 0);
	a.enable_on_exec = 0;
	int off = peo(&a, child, -1, -1, 0);
	CHECK("opens on the child", fd >= 0 && off >= 0);
	write(p[1], "x", 1);
	int st = wait_for(child);
	CHECK_EXIT("the child ran its program", st, 0);
	uint64_t v = rd(fd);
	CHECK("enable_on_exec: counted after the exec", v >= 40000000);
	CHECK("and not the 20 ms before", v < 60000000 + 1000000000ull);
	CHECK_EQ("disabled without enable_on_exec: 0", rd(off), 0);
}

static void remove_on_exec(void)
{
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(p[0], &c, 1);
		busy(10);
		execl("/proc/self/exe", "t_perf_event", "--busy", (char *)NULL);
		_exit(127);
	}
	struct pattr a = sw(SW_TASK_CLOCK);
	a.remove_on_exec = 1;
	int fd = peo(&a, child, -1, -1, 0);
	a.remove_on_exec = 0;
	int all = peo(&a, child, -1, -1, 0);
	write(p[1], "x", 1);
	CHECK_EXIT("the child ran its program", wait_for(child), 0);
	CHECK("remove_on_exec: the new program's 50 ms not counted", rd(fd) < 40000000);
	CHECK("without it they are", rd(all) >= 50000000);
	CHECK_OK0("IOC_ENABLE of a removed event", ioctl(fd, IOC_ENABLE, 0));
}

static void prctl_disable(void)
{
	int fd = open_sw(SW_TASK_CLOCK, 0, 0);
	CHECK_OK0("PR_TASK_PERF_EVENTS_DISABLE", prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0));
	uint64_t v = rd(fd);
	busy(20);
	CHECK("the caller's events stopped", rd(fd) == v);
	CHECK_OK0("PR_TASK_PERF_EVENTS_ENABLE", prctl(PR_TASK_PERF_EVENTS_ENABLE, 0, 0, 0, 0));
	busy(20);
	CHECK("and run again", rd(fd) > v);
	/* only the events the caller opened, not those that watch it */
	pid_t child = fork();
	if (child == 0) {
		prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0);
		busy(50);
		_exit(0);
	}
	int on_child = open_sw(SW_TASK_CLOCK, 0, child);
	wait_for(child);
	CHECK("a child's prctl does not stop the parent's events on it", on_child < 0 || rd(on_child) > 0);
}

static void privilege(void)
{
	int par = paranoid();
	CHECK("perf_event_paranoid readable", par > -100);
	pid_t parent = getppid();   /* root's */
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
		fail("setresuid", "%s", errname(errno));
		return;
	}
	struct pattr a = sw(SW_TASK_CLOCK);
	long r = peo(&a, 0, -1, -1, 0);
	int e = errno;
	if (par > 1)
		CHECK_ERR("as nobody, kernel counting: EACCES (paranoid > 1)", (errno = e, r), EACCES);
	else
		CHECK("as nobody, kernel counting opens (paranoid <= 1)", r >= 0);
	a.exclude_kernel = 1;
	CHECK_OK("as nobody, user-only counting on itself", peo(&a, 0, -1, -1, 0));
	a.exclude_hv = 1;
	r = peo(&a, -1, 0, -1, 0);
	e = errno;
	if (par > 0)
		CHECK_ERR("as nobody, a cpu-wide event: EACCES (paranoid > 0)", (errno = e, r), EACCES);
	else
		CHECK("as nobody, a cpu-wide event opens (paranoid <= 0)", r >= 0);
	CHECK_ERR("as nobody, root's process: EACCES", peo(&a, parent, -1, -1, 0), EACCES);
	CHECK_ERR("as nobody, the flags are checked before: EINVAL", peo(&a, parent, -1, -1, 64), EINVAL);
	a.exclude_kernel = 0;
	if (par > 1)
		CHECK_ERR("as nobody, kernel counting is checked before the task: EACCES",
			  peo(&a, parent, -1, -1, 0), EACCES);
	else
		pass("as nobody, kernel counting is checked before the task: EACCES");
}

static void root_cpu(void)
{
	struct pattr a = sw(SW_CPU_CLOCK);
	int fd = peo(&a, -1, 0, -1, 0);
	CHECK("root: a cpu-wide cpu clock on cpu 0", fd >= 0);
	struct timespec ts = { 0, 30000000 };
	nanosleep(&ts, NULL);
	CHECK("it counts the sleep too (>= 20 ms)", rd(fd) >= 20000000);
	a = sw(SW_CS);
	int cs = peo(&a, -1, 0, -1, 0);
	CHECK("root: cpu-wide context switches", cs >= 0);
	int fd2 = peo(&a, 0, 0, -1, 0);
	CHECK("root: a task's event on cpu 0 only", fd2 >= 0);
}


/* ---- samples into a ring buffer ---- */

struct mmap_page {   /* struct perf_event_mmap_page's fields the test reads */
	uint32_t version, compat_version, lock, index;
	int64_t offset;
	uint64_t time_enabled, time_running, capabilities;
	char pad[1024 - 48];
	uint64_t data_head, data_tail, data_offset, data_size;
};
#define SAMPLE_IP 1
#define SAMPLE_TID 2
#define SAMPLE_ADDR 8
#define RECORD_SAMPLE 9
#define MISC_USER 2

/* The samples at p of pid whose address is in [lo, hi). */
static int samples_in(struct mmap_page *mp, int pid, uintptr_t lo, uintptr_t hi, int *user)
{
	uint64_t head = mp->data_head;
	__sync_synchronize();
	char *data = (char *)mp + mp->data_offset;
	int n = 0;
	*user = 0;
	for (uint64_t off = mp->data_tail; off < head; ) {
		uint64_t rec[8];
		for (unsigned i = 0; i < sizeof rec; i++)
			((char *)rec)[i] = data[(off + i) % mp->data_size];
		uint16_t type = (uint16_t)rec[0], misc = (uint16_t)(rec[0] >> 32 & 0xffff);
		uint16_t size = (uint16_t)(rec[0] >> 48);
		if (!size)
			break;
		if (type == RECORD_SAMPLE && (int)(uint32_t)rec[2] == pid && rec[3] >= lo && rec[3] < hi) {
			n++;
			*user += (misc & 7) == MISC_USER;
		}
		off += size;
	}
	return n;
}

static void ring_buffer(void)
{
	struct pattr a = sw(SW_PAGE_FAULTS);
	a.sample_period = 1;
	a.sample_type = SAMPLE_IP | SAMPLE_TID | SAMPLE_ADDR;
	a.wakeup_events = 1;
	a.exclude_kernel = 1;
	a.disabled = 1;
	int fd = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("mmap of 1 + 3 pages: EINVAL", mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
		  EINVAL);
	CHECK_ERR("a private mmap: EINVAL", mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0),
		  EINVAL);
	CHECK_ERR("mmap at page offset 1: EINVAL", mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096),
		  EINVAL);
	struct mmap_page *mp = mmap(NULL, 9 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap of 1 + 8 pages", mp != MAP_FAILED);
	if (mp == MAP_FAILED)
		return;
	CHECK_ERR("a second mmap of another size: EINVAL", mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0),
		  EINVAL);
	void *again = mmap(NULL, 9 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("a second mmap of the same size", again != MAP_FAILED);
	munmap(again, 9 * 4096);
	CHECK_EQ("data_offset: a page", mp->data_offset, 4096);
	CHECK_EQ("data_size: 8 pages", mp->data_size, 8 * 4096);
	CHECK_EQ("data_head 0", mp->data_head, 0);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	CHECK_EQ("poll before any sample: nothing", poll(&p, 1, 0), 0);
	char *m = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ioctl(fd, IOC_ENABLE, 0);
	for (int i = 0; i < 16; i++)
		m[i * 4096] = 1;
	ioctl(fd, IOC_DISABLE, 0);
	CHECK_EQ("poll after samples: POLLIN", poll(&p, 1, 0), 1);
	CHECK_EQ("revents", p.revents, POLLIN);
	CHECK_EQ("and not again", poll(&p, 1, 0), 0);
	int user;
	CHECK("a sample per page fault, with its address and pid",
	      samples_in(mp, getpid(), (uintptr_t)m, (uintptr_t)m + 16 * 4096, &user) >= 16);
	CHECK("in user mode", user >= 16);
	mp->data_tail = mp->data_head;
	uint64_t head = mp->data_head;
	for (int i = 0; i < 16; i++)
		m[i * 4096] = 2;             /* no fault, and the event is off anyway */
	CHECK("disabled: no more samples", mp->data_head == head);
	pid_t c = fork();
	if (c == 0)
		_exit(mp->data_size == 8 * 4096 ? 0 : 1);
	int st = wait_for(c);
	CHECK("a fork's child has no mapping of it (VM_DONTCOPY): SIGSEGV",
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	close(fd);
	CHECK("the buffer outlives the descriptor", mp->data_size == 8 * 4096);
	munmap(mp, 9 * 4096);
}

static int sigio_count;
static void on_sigio(int sig) { (void)sig; sigio_count++; }

static void ring_lost_and_signals(void)
{
	struct pattr a = sw(SW_PAGE_FAULTS);
	a.sample_period = 1;
	a.sample_type = SAMPLE_IP | SAMPLE_TID | SAMPLE_ADDR;
	a.read_format = F_LOST;
	a.wakeup_events = 1;
	a.exclude_kernel = 1;
	int fd = peo(&a, 0, -1, -1, 0);
	struct mmap_page *mp = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	signal(SIGIO, on_sigio);
	fcntl(fd, F_SETOWN, getpid());
	CHECK_OK0("O_ASYNC", fcntl(fd, F_SETFL, O_ASYNC));
	touch_pages(400);                  /* 400 samples of 40 bytes: a page holds 102 */
	struct timespec ts = { 0, 20000000 };
	nanosleep(&ts, NULL);
	CHECK("SIGIO at the wake-ups", sigio_count > 0);
	uint64_t v[2];
	CHECK_EQ("read: value, lost", read(fd, v, sizeof v), 16);
	CHECK("samples lost when the reader does not keep up", v[1] > 0);
	CHECK("the buffer holds no more than its size", mp->data_head - mp->data_tail <= 4096);
	munmap(mp, 2 * 4096);              /* (a mapping keeps a Linux event alive) */
	close(fd);
	signal(SIGIO, SIG_IGN);

	a = sw(SW_TASK_CLOCK);
	a.sample_period = 1000000;
	a.sample_type = SAMPLE_IP | SAMPLE_TID;
	a.exclude_kernel = 1;
	fd = peo(&a, 0, -1, -1, 0);
	mp = mmap(NULL, 17 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	busy(100);
	uint64_t head = mp->data_head;
	CHECK("task_clock samples over 100 ms (1 ms period)", head >= 5 * 24);

	a = sw(SW_PAGE_FAULTS);
	a.sample_period = 1;
	a.disabled = 1;
	a.exclude_kernel = 1;
	fd = peo(&a, 0, -1, -1, 0);
	CHECK_OK0("IOC_REFRESH 2", ioctl(fd, IOC_REFRESH, 2));
	touch_pages(32);
	CHECK("it stopped after about 2 overflows", rd(fd) < 16);
}

static void cleanup(void)
{
	/* many events opened and closed give everything back */
	for (int i = 0; i < 300; i++) {
		struct pattr a = sw(i % 3 == 0 ? SW_TASK_CLOCK : SW_PAGE_FAULTS);
		a.inherit = i & 1;
		int fd = peo(&a, 0, -1, -1, 0);
		int s = peo(&a, 0, -1, fd, 0);
		if (fd < 0 || s < 0) {
			fail("300 groups", "open %d: %s", i, errname(errno));
			return;
		}
		if (i % 50 == 0) {
			pid_t c = fork();
			if (c == 0)
				_exit(0);
			wait_for(c);
		}
		close(i & 2 ? fd : s);
		close(i & 2 ? s : fd);
	}
	pass("300 groups opened and closed");
	/* the opener exits with its events open: the watched task goes on */
	int p[2];
	pipe(p);
	pid_t watched = fork();
	if (watched == 0) {
		char c;
		read(p[0], &c, 1);
		busy(10);
		_exit(0);
	}
	pid_t opener = fork();
	if (opener == 0) {
		struct pattr a = sw(SW_TASK_CLOCK);
		a.inherit = 1;
		peo(&a, watched, -1, -1, 0);
		_exit(0);
	}
	wait_for(opener);
	write(p[1], "x", 1);
	CHECK_EXIT("the watched task runs on", wait_for(watched), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--busy")) {
		busy(50);
		return 0;
	}
	RUN(types);
	RUN(file);
	RUN(attr_size);
	RUN(einval);
	RUN(groups);
	RUN(read_format);
	RUN(group_size);
	RUN(task_clock);
	RUN(faults);
	RUN(switches);
	RUN(ioctls);
	RUN(inherit);
	RUN(other_task);
	RUN(enable_on_exec);
	RUN(remove_on_exec);
	RUN(prctl_disable);
	RUN(privilege);
	RUN(root_cpu);
	RUN(ring_buffer);
	RUN(ring_lost_and_signals);
	RUN(cleanup);
	return cases_failed ? 1 : 0;
}
