/* t_perf_event_guest - what t_perf_event cannot show on the host: the
 * answers of an i386 Linux 6.1 where a 64-bit host's compat layer or
 * newer kernel differs, Pipit's departures (decision 72: breakpoints,
 * mmap), kernel.perf_event_paranoid written, and that events, groups and
 * inherited copies give back all their memory. Pipit only, as root. */
#include "perf_abi.h"
#include "kmem.h"
#include <sys/mman.h>

static void i386_answers(void)
{
	int fd = peo(&(struct pattr){ .type = T_SW, .size = sizeof(struct pattr), .config = SW_TASK_CLOCK },
		     0, -1, -1, 0);
	CHECK_OK0("IOC_SET_OUTPUT -1 (none) is 0 on i386", ioctl(fd, IOC_SET_OUTPUT, -1));
	struct pattr a = sw(SW_TASK_CLOCK);
	CHECK_ERR("IOC_MODIFY_ATTRIBUTES of a software event: EOPNOTSUPP (6.1)", ioctl(fd, IOC_MODIFY, &a),
		  EOPNOTSUPP);
	a.sample_type = 1u << 21;   /* PERF_SAMPLE_CGROUP */
	CHECK_ERR("PERF_SAMPLE_CGROUP without CONFIG_CGROUP_PERF: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a = sw(SW_TASK_CLOCK);
	a.sample_type = 1u << 12;   /* PERF_SAMPLE_REGS_USER */
	a.sample_regs_user = 1u << 20;
	CHECK_ERR("REGS_USER past gs on i386: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.sample_regs_user = 0xffff;
	CHECK_OK("REGS_USER ax..gs", peo(&a, 0, -1, -1, 0));
	a = sw(SW_TASK_CLOCK);
	a.inherit = 1;
	a.sample_type = SAMPLE_READ;
	CHECK_ERR("inherit with PERF_SAMPLE_READ: EINVAL (6.1)", peo(&a, 0, -1, -1, 0), EINVAL);
	a = sw(SW_TASK_CLOCK);
	a.aux_output = 1;
	CHECK_ERR("aux_output on a software event: EOPNOTSUPP", peo(&a, 0, -1, -1, 0), EOPNOTSUPP);
	CHECK_ERR("cpu 1 of one: EINVAL", peo(&a, 0, 1, -1, 0), EINVAL);
}

static void breakpoints(void)
{
	static int var;
	struct pattr a = sw(0);
	a.type = T_BP;
	a.bp_type = 2;   /* HW_BREAKPOINT_W */
	a.config1 = (uintptr_t)&var;
	a.config2 = 4;
	CHECK_ERR("a valid write breakpoint: ENOSPC (no debug register free)", peo(&a, 0, -1, -1, 0), ENOSPC);
	a.bp_type = 1;   /* HW_BREAKPOINT_R: x86 has none */
	CHECK_ERR("a read breakpoint: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.bp_type = 2;
	a.config2 = 8;
	CHECK_ERR("length 8 on i386: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.config2 = 4;
	a.config1 |= 1;
	CHECK_ERR("unaligned: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
	a.bp_type = 4;   /* HW_BREAKPOINT_X */
	a.config2 = 1;
	CHECK_ERR("execute breakpoint of length 1: EINVAL", peo(&a, 0, -1, -1, 0), EINVAL);
}

static volatile unsigned sink;
static void busy_ms(int ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 10000; i++)
			sink += i;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

/* Linux keeps the event alive while its buffer is mapped; Pipit's ends
 * at the last close, and the pages stay with the mapping (decision 72). */
static void mapping_after_close(void)
{
	int fd = peo(&(struct pattr){ .type = T_SW, .size = sizeof(struct pattr), .config = SW_CPU_CLOCK,
				      .sample_period = 1000000 }, 0, -1, -1, 0);
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap of an event", p != MAP_FAILED);
	close(fd);
	busy_ms(30);
	CHECK("closed, its samples stop, its mapping stays (data_offset)", p[1040] == 0 && p[1041] == 16);
	CHECK_OK0("munmap", munmap(p, 2 * 4096));
}

static void sysctl(void)
{
	char buf[32];
	CHECK("perf_event_paranoid is 2 at boot", get_file("/proc/sys/kernel/perf_event_paranoid", buf,
	      sizeof buf) > 0 && !strcmp(buf, "2\n"));
	CHECK_OK0("write -1", put_file("/proc/sys/kernel/perf_event_paranoid", "-1\n", 3));
	get_file("/proc/sys/kernel/perf_event_paranoid", buf, sizeof buf);
	CHECK_STR("reads -1", buf, "-1\n");
	int fd = open("/proc/sys/kernel/perf_event_paranoid", O_WRONLY);
	CHECK_ERR("a word: EINVAL", write(fd, "abc", 3), EINVAL);
	close(fd);
	pid_t c = fork();
	if (c == 0) {
		setresuid(65534, 65534, 65534);
		struct pattr a = sw(SW_CPU_CLOCK);
		_exit(peo(&a, -1, 0, -1, 0) >= 0 ? 0 : 1);
	}
	CHECK_EXIT("paranoid -1: nobody opens a cpu-wide event counting the kernel", wait_for(c), 0);
	put_file("/proc/sys/kernel/perf_event_paranoid", "1\n", 2);
	c = fork();
	if (c == 0) {
		setresuid(65534, 65534, 65534);
		struct pattr a = sw(SW_CPU_CLOCK);
		if (peo(&a, 0, -1, -1, 0) < 0)
			_exit(1);
		_exit(peo(&a, -1, 0, -1, 0) < 0 && errno == EACCES ? 0 : 2);
	}
	CHECK_EXIT("paranoid 1: nobody counts the kernel on itself, not on a cpu", wait_for(c), 0);
	put_file("/proc/sys/kernel/perf_event_paranoid", "2\n", 2);
}

/* Events of every kind, with groups, inherited copies in children and
 * grandchildren that end before and after the events close. */
static void churn(void)
{
	int fds[64], n = 0;
	for (int i = 0; i < 16; i++) {
		struct pattr a = sw(i % 4 == 0 ? SW_TASK_CLOCK : i % 4 == 1 ? SW_PAGE_FAULTS : SW_CS);
		a.inherit = i & 1;
		a.read_format = F_GROUP | F_ID;
		fds[n] = peo(&a, 0, -1, -1, 0);
		int l = fds[n++];
		fds[n++] = peo(&a, 0, -1, l, 0);
		fds[n++] = peo(&a, 0, -1, l, 0);
		a.inherit = 0;
		a.read_format = 0;
		a.sample_period = 1;
		a.wakeup_events = 1;
		fds[n++] = peo(&a, -1, 0, -1, 0);
		void *m = mmap(NULL, (1 + (1 << (i % 3))) * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fds[n - 1], 0);
		if (i % 2)
			munmap(m, (1 + (1 << (i % 3))) * 4096);
	}
	pid_t c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			struct timespec ts = { 0, 50000000 };
			nanosleep(&ts, NULL);
			_exit(0);
		}
		_exit(0);   /* the grandchild outlives us and the events' closing */
	}
	wait_for(c);
	for (int i = 0; i < n; i += 5)
		close(fds[i]);      /* some leaders first */
	uint64_t v[16];
	read(fds[1], v, sizeof v);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	struct timespec ts = { 0, 100000000 };
	nanosleep(&ts, NULL);
	_exit(0);
}

static void leaks(void)
{
	struct kmem a, b;
	char why[256];
	memset(&b, 0, sizeof b);
	pid_t c = fork();
	if (c == 0)
		churn();
	wait_for(c);
	struct timespec ts = { 0, 200000000 };
	nanosleep(&ts, NULL);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (int i = 0; i < 3; i++) {
		c = fork();
		if (c == 0)
			churn();
		wait_for(c);
	}
	nanosleep(&ts, NULL);   /* the grandchildren end */
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("events, groups and copies: pages and kmalloc objects exactly as before");
	else
		fail("events, groups and copies: pages and kmalloc objects exactly as before", "%s", why);
}

/* An event on a task that is being watched when its opener dies, and a
 * watched task that execs and forks: nothing hangs, nothing is left. */
static void hostile(void)
{
	int p[2];
	pipe(p);
	pid_t w = fork();
	if (w == 0) {
		char ch;
		read(p[0], &ch, 1);
		for (int i = 0; i < 20; i++) {
			pid_t g = fork();
			if (g == 0)
				_exit(0);
			waitpid(g, NULL, 0);
		}
		_exit(0);
	}
	struct pattr a = sw(SW_TASK_CLOCK);
	a.inherit = 1;
	for (int i = 0; i < 8; i++)
		peo(&a, w, -1, -1, 0);
	a = sw(SW_PAGE_FAULTS);
	a.inherit = 1;
	int l = peo(&a, w, -1, -1, 0);
	peo(&a, w, -1, l, 0);
	close(l);
	write(p[1], "x", 1);
	CHECK_EXIT("the watched task forks 20 times and exits", wait_for(w), 0);
}

#include <sys/resource.h>

static void mlock_limit(void)
{
	struct pattr a = sw(SW_PAGE_FAULTS);
	a.sample_period = 1;
	a.exclude_kernel = 1;
	int fd = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("root: 1 + 8192 pages past Pipit's bound: ENOMEM",
		  mmap(NULL, 8193 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), ENOMEM);
	close(fd);
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_MEMLOCK, &rl);
	setresuid(65534, 65534, 65534);
	fd = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("nobody, no RLIMIT_MEMLOCK: 1 + 256 pages past perf_event_mlock_kb: EPERM",
		  mmap(NULL, 257 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	void *p = mmap(NULL, 65 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("nobody: 1 + 64 pages within it", p != MAP_FAILED);
	/* the limit is the user's, over all its buffers (Linux's user->locked_vm) */
	int fd2 = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("  another event's 1 + 64 pages: 130 past 129: EPERM",
		  mmap(NULL, 65 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0), EPERM);
	void *q = mmap(NULL, 33 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	CHECK("  its 1 + 32 pages: 98", q != MAP_FAILED);
	CHECK("  the first event's mapped again (no new buffer)",
	      mmap(NULL, 65 * 4096, PROT_READ, MAP_SHARED, fd, 0) != MAP_FAILED);
	int fd3 = peo(&a, 0, -1, -1, 0);
	CHECK_ERR("  a third's 1 + 32 pages: 131: EPERM",
		  mmap(NULL, 33 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd3, 0), EPERM);
	close(fd2);
	munmap(q, 33 * 4096);
	CHECK("  once the second is closed and unmapped, they fit",
	      mmap(NULL, 33 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd3, 0) != MAP_FAILED);
}

int main(void)
{
	RUN(i386_answers);
	RUN(breakpoints);
	RUN(mapping_after_close);
	RUN(sysctl);
	RUN(mlock_limit);
	RUN(leaks);
	RUN(hostile);
	return cases_failed ? 1 : 0;
}
