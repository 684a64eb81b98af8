/* t_proc_stat - /proc/<pid>/stat, statm and status as Linux 6.1 lays them
 * out (issue 16), differential: stat has 52 fields whose values follow
 * from the process itself (ids, state, nice, signals, code/stack/arg/env
 * addresses, a zombie's exit code), statm's 7 fields agree with stat, and
 * status has Linux's lines in Linux's order with the values of the ids,
 * umask, groups, signal sets and switch counts the test set. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/times.h>

extern char **environ;
static char **av;
static int initialised_data = 42;            /* in the data segment */
static char text[8192];

/* The fields of /proc/<who>/stat: f[1] is the pid, f[2] the comm
 * (parenthesised, taken up to the last ')'), f[3].. the rest. */
static int stat_fields(const char *who, char f[64][32])
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%s/stat", who);
	if (get_file(path, text, sizeof text) <= 0)
		return 0;
	char *close = strrchr(text, ')'), *p = text;
	int n = 1;
	sscanf(p, "%31s", f[1]);
	if (!close)
		return 1;
	snprintf(f[2], 32, "%.*s", (int)(close + 1 - strchr(text, '(')), strchr(text, '('));
	n = 2;
	for (p = close + 1; n < 63; ) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		int len = strcspn(p, " \n");
		snprintf(f[++n], 32, "%.*s", len, p);
		p += len;
	}
	return n;
}

static unsigned long long F(char f[64][32], int i) { return strtoull(f[i], NULL, 10); }

static void stat_fields_and_ids(void)
{
	char f[64][32];
	CHECK_EQ("stat has 52 fields", stat_fields("self", f), 52);
	CHECK_EQ("1 pid", F(f, 1), getpid());
	char comm[32];
	snprintf(comm, sizeof comm, "(%.15s)", program_invocation_short_name);
	CHECK_STR("2 comm in parentheses", f[2], comm);
	CHECK_STR("3 state of the reader: R", f[3], "R");
	CHECK_EQ("4 ppid", F(f, 4), getppid());
	CHECK_EQ("5 pgrp", F(f, 5), getpgrp());
	CHECK_EQ("6 session", F(f, 6), getsid(0));
	CHECK_EQ("18 priority is 20 + nice", atoi(f[18]), 20 + getpriority(PRIO_PROCESS, 0));
	CHECK_EQ("19 nice", atoi(f[19]), getpriority(PRIO_PROCESS, 0));
	CHECK_EQ("20 one thread", F(f, 20), 1);
	CHECK_EQ("21 itrealvalue 0", F(f, 21), 0);
	CHECK_EQ("29 kstkesp 0", F(f, 29), 0);
	CHECK_EQ("30 kstkeip 0", F(f, 30), 0);
	CHECK_EQ("35 wchan 0 while running", F(f, 35), 0);
	CHECK_EQ("36 nswap 0", F(f, 36), 0);
	CHECK_EQ("37 cnswap 0", F(f, 37), 0);
	CHECK_EQ("38 exit_signal SIGCHLD", F(f, 38), SIGCHLD);
	CHECK_EQ("40 rt_priority 0", F(f, 40), 0);
	CHECK_EQ("41 policy SCHED_OTHER", F(f, 41), 0);
	CHECK_EQ("43 guest_time 0", F(f, 43), 0);
	CHECK_EQ("52 exit_code 0 while alive", F(f, 52), 0);
	setpriority(PRIO_PROCESS, 0, 7);
	stat_fields("self", f);
	CHECK_EQ("nice 7: 19 is 7", atoi(f[19]), 7);
	CHECK_EQ("nice 7: 18 is 27", atoi(f[18]), 27);
}

static void stat_addresses(void)
{
	char f[64][32];
	int local;
	stat_fields("self", f);
	uintptr_t main_addr = (uintptr_t)&stat_addresses;
	CHECK("26-27 start_code <= code < end_code", F(f, 26) <= main_addr && main_addr < F(f, 27));
	CHECK("28 startstack above the stack in use", F(f, 28) > (uintptr_t)&local);
	CHECK("28 ... by less than 1 MiB", F(f, 28) - (uintptr_t)&local < (1 << 20));
	uintptr_t d = (uintptr_t)&initialised_data;
	CHECK("45-46 start_data <= data < end_data", F(f, 45) <= d && d < F(f, 46));
	CHECK("47 start_brk <= sbrk(0)", F(f, 47) <= (uintptr_t)sbrk(0));
	CHECK("48-49 argv[0] between arg_start and arg_end",
	      F(f, 48) == (uintptr_t)av[0] && (uintptr_t)av[0] < F(f, 49));
	CHECK("49 arg_end is past the last argument", F(f, 49) > (uintptr_t)av[0] + strlen(av[0]));
	CHECK("50-51 env_start <= env_end", F(f, 50) <= F(f, 51));
	CHECK("environ[0] between env_start and env_end",
	      !environ[0] || (F(f, 50) == (uintptr_t)environ[0] && (uintptr_t)environ[0] < F(f, 51)));
	struct rlimit rl;
	getrlimit(RLIMIT_RSS, &rl);
	unsigned long long lim = F(f, 25);
	CHECK("25 rsslim is RLIMIT_RSS", rl.rlim_cur == RLIM_INFINITY ? lim == 0xFFFFFFFFull ||
	      lim == ~0ull : lim == rl.rlim_cur);
}

/* vsize is the sum of the sizes in maps. */
static void stat_vsize(void)
{
	static char maps[16384];
	char f[64][32];
	unsigned long total = 0;
	get_file("/proc/self/maps", maps, sizeof maps);
	stat_fields("self", f);
	for (char *p = maps; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		unsigned long a, b;
		if (sscanf(p, "%lx-%lx", &a, &b) == 2)
			total += b - a;
	}
	CHECK("23 vsize is the sum of maps", F(f, 23) == total);
}

/* Field 10 counts the page faults the process took. */
static void stat_faults(void)
{
	char f[64][32];
	char *m = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stat_fields("self", f);
	unsigned long long before = F(f, 10);
	for (int i = 0; i < 16; i++)
		m[i * 4096] = 1;
	stat_fields("self", f);
	CHECK("10 minflt grows by at least 16 for 16 fresh pages", F(f, 10) - before >= 16);
}

static void busy(void) { for (volatile long i = 0; i < 30000000; i++); }

static void stat_times(void)
{
	char f[64][32];
	struct tms t;
	busy();
	stat_fields("self", f);
	times(&t);
	long s = F(f, 14) + F(f, 15), c = t.tms_utime + t.tms_stime;
	/* Linux rounds the two differently (a 6.18 host's stat can be a tick
	 * ahead of times() read after it): within 2 ticks either way. */
	CHECK("14+15 utime+stime as times() (within 2 ticks)", s - c <= 2 && c - s <= 2);
	CHECK("16-17 no children's time yet", F(f, 16) == 0 && F(f, 17) == 0);
	char up[64];
	get_file("/proc/uptime", up, sizeof up);
	CHECK("22 starttime not after uptime", F(f, 22) <= strtod(up, NULL) * 100 + 1);
}

/* Signals: blocked, ignored and caught sets as decimal bit masks; a
 * kill() to the process is pending for it, not for the thread. */
static void on_term(int s) { (void)s; }

static void stat_signals(void)
{
	char f[64][32];
	mask(SIG_BLOCK, SIGUSR1);
	signal(SIGUSR2, SIG_IGN);
	handle(SIGTERM, on_term, 0);
	kill(getpid(), SIGUSR1);
	stat_fields("self", f);
	CHECK_EQ("31 signal: none for the thread", F(f, 31), 0);
	CHECK_EQ("32 blocked", F(f, 32), 1 << (SIGUSR1 - 1));
	CHECK_EQ("33 sigignore", F(f, 33), 1 << (SIGUSR2 - 1));
	CHECK_EQ("34 sigcatch", F(f, 34), 1 << (SIGTERM - 1));
}

/* A child's states: S in pause, T stopped, Z once dead with its wait
 * status as field 52. */
static char state_of(pid_t pid)
{
	char who[16], f[64][32];
	snprintf(who, sizeof who, "%d", pid);
	for (int i = 0; i < 200; i++) {
		if (stat_fields(who, f) == 52 && f[3][0] != 'R')
			return f[3][0];
		msleep(10);
	}
	return f[3][0];
}

static void stat_states(void)
{
	char who[16], f[64][32];
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_EQ("a child in pause is S", state_of(pid), 'S');
	snprintf(who, sizeof who, "%d", pid);
	stat_fields(who, f);
	CHECK_EQ("its ppid is us", F(f, 4), getpid());
	CHECK_EQ("its wchan is 1", F(f, 35), 1);
	kill(pid, SIGSTOP);
	CHECK_EQ("stopped: T", state_of(pid), 'T');
	kill(pid, SIGKILL);
	wait_for(pid);
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK_EQ("an exited child is Z", state_of(pid), 'Z');
	snprintf(who, sizeof who, "%d", pid);
	stat_fields(who, f);
	CHECK_EQ("a zombie's 52 is its wait status", F(f, 52), 3 << 8);
	CHECK_EQ("a zombie has no vsize", F(f, 23), 0);
	CHECK_EQ("nor code addresses", F(f, 26) + F(f, 27) + F(f, 28), 0);
	wait_for(pid);
}

static void statm(void)
{
	char f[64][32], m[256];
	unsigned long v[8];
	stat_fields("self", f);
	get_file("/proc/self/statm", m, sizeof m);
	int n = sscanf(m, "%lu %lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		       &v[6], &v[7]);
	CHECK_EQ("statm has 7 numbers", n, 7);
	CHECK("size is stat's vsize in pages", v[0] == F(f, 23) / 4096);
	CHECK("resident <= size, shared <= resident", v[1] <= v[0] && v[2] <= v[1]);
	unsigned long text = ((F(f, 27) + 4095) & ~4095ul) - (F(f, 26) & ~4095ul);
	CHECK("text from start_code and end_code", v[3] == text / 4096);
	CHECK("lib and dt are 0", v[4] == 0 && v[6] == 0);
	CHECK("data is at most size", v[5] <= v[0]);
}

/* The lines of status, in Linux 6.1's order (a newer Linux adds some). */
static const char *const status_names[] = {
	"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
	"FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon",
	"RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap",
	"CoreDumping", "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn",
	"SigCgt", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs",
	"Speculation_Store_Bypass", "SpeculationIndirectBranch", "Cpus_allowed",
	"Cpus_allowed_list", "Mems_allowed", "Mems_allowed_list", "voluntary_ctxt_switches",
	"nonvoluntary_ctxt_switches",
};

/* The value of status line name ("" when missing). */
static const char *field(const char *name)
{
	static char v[256];
	char key[64];
	snprintf(key, sizeof key, "\n%s:\t", name);
	const char *p = strstr(text, key);
	if (!p && !strncmp(text, key + 1, strlen(key + 1)))
		p = text - 1;
	v[0] = 0;
	if (p)
		snprintf(v, sizeof v, "%.*s", (int)strcspn(p + strlen(key), "\n"), p + strlen(key));
	return v;
}

static void status_order(void)
{
	get_file("/proc/self/status", text, sizeof text);
	const char *at = text;
	for (unsigned i = 0; i < sizeof status_names / sizeof *status_names; i++) {
		char key[64], name[96];
		snprintf(key, sizeof key, "%s:\t", status_names[i]);
		const char *p = at == text && !strncmp(text, key, strlen(key)) ? text : NULL;
		if (!p) {
			snprintf(key, sizeof key, "\n%s:\t", status_names[i]);
			p = strstr(at, key);
		}
		snprintf(name, sizeof name, "status has %s, in order", status_names[i]);
		CHECK(name, p != NULL);
		at = p ? p + 1 : at;
	}
}

static void status_values(void)
{
	char buf[128];
	umask(027);
	gid_t g[2] = { 5, 7 };
	setgroups(2, g);
	mask(SIG_BLOCK, SIGUSR1);
	signal(SIGUSR2, SIG_IGN);
	handle(SIGTERM, on_term, 0);
	kill(getpid(), SIGUSR1);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	msleep(20);
	char f[64][32];
	stat_fields("self", f);
	get_file("/proc/self/status", text, sizeof text);
	char comm[16];
	snprintf(comm, sizeof comm, "%.15s", program_invocation_short_name);
	CHECK_STR("Name", field("Name"), comm);
	CHECK_STR("Umask", field("Umask"), "0027");
	CHECK_STR("State", field("State"), "R (running)");
	snprintf(buf, sizeof buf, "%d", getpid());
	CHECK_STR("Tgid", field("Tgid"), buf);
	CHECK_STR("Pid", field("Pid"), buf);
	snprintf(buf, sizeof buf, "%d", getppid());
	CHECK_STR("PPid", field("PPid"), buf);
	CHECK_STR("TracerPid", field("TracerPid"), "0");
	CHECK_STR("Uid: real, effective, saved, fs", field("Uid"), "0\t0\t0\t0");
	CHECK_STR("Gid", field("Gid"), "0\t0\t0\t0");
	CHECK_STR("Groups: each followed by a space", field("Groups"), "5 7 ");
	CHECK_STR("Threads", field("Threads"), "1");
	CHECK_STR("SigPnd: kill() is not the thread's", field("SigPnd"), "0000000000000000");
	CHECK_STR("ShdPnd", field("ShdPnd"), "0000000000000200");
	CHECK_STR("SigBlk", field("SigBlk"), "0000000000000200");
	CHECK_EQ("SigIgn (of signals 1-31: the harness may ignore others)",
		 strtoull(field("SigIgn"), NULL, 16) & 0x7FFFFFFF, 0x800);
	CHECK_STR("SigCgt", field("SigCgt"), "0000000000004000");
	CHECK_STR("CapInh", field("CapInh"), "0000000000000000");
	CHECK_EQ("CapEff is 16 hex digits", strspn(field("CapEff"), "0123456789abcdef"), 16);
	CHECK_STR("NoNewPrivs", field("NoNewPrivs"), "1");
	CHECK("voluntary_ctxt_switches counts a sleep", atoi(field("voluntary_ctxt_switches")) >= 1);
	snprintf(buf, sizeof buf, "%8llu kB", F(f, 23) / 1024);
	CHECK_STR("VmSize is stat's vsize, %8lu kB", field("VmSize"), buf);
	CHECK("VmPeak >= VmSize", atol(field("VmPeak")) >= atol(field("VmSize")));
	CHECK("VmHWM >= VmRSS", atol(field("VmHWM")) >= atol(field("VmRSS")));
	CHECK("VmStk is not empty", atol(field("VmStk")) > 0);
	CHECK("VmExe is not empty", atol(field("VmExe")) > 0);
}

/* VmPeak remembers a mapping that is gone. */
static void status_peak(void)
{
	get_file("/proc/self/status", text, sizeof text);
	long size = atol(field("VmSize"));
	void *m = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m, 1 << 20);
	get_file("/proc/self/status", text, sizeof text);
	CHECK("after 1 MiB mapped and unmapped: VmPeak >= VmSize + 1024",
	      atol(field("VmPeak")) >= size + 1024);
	CHECK_EQ("VmSize as before", atol(field("VmSize")), size);
}

/* A zombie's status stops before the memory lines. */
static void status_zombie(void)
{
	char path[64];
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_EQ("the child is Z", state_of(pid), 'Z');
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	get_file(path, text, sizeof text);
	CHECK_STR("its State", field("State"), "Z (zombie)");
	CHECK("no VmSize line", !strstr(text, "VmSize"));
	CHECK("a Threads line", strstr(text, "\nThreads:\t") != NULL);
	wait_for(pid);
}

/* A second thread: its own stat under task/<tid>, with exit_signal -1. */
static volatile int thread_tid, thread_done, thread_check;
static char thread_link[64], thread_self_link[64];

static void *thread_fn(void *arg)
{
	(void)arg;
	thread_tid = syscall(SYS_gettid);
	while (!thread_done) {
		if (thread_check == 1) {
			ssize_t n = readlink("/proc/thread-self", thread_link, sizeof thread_link - 1);
			thread_link[n < 0 ? 0 : n] = 0;
			n = readlink("/proc/self", thread_self_link, sizeof thread_self_link - 1);
			thread_self_link[n < 0 ? 0 : n] = 0;
			thread_check = 2;
		}
		msleep(5);
	}
	return NULL;
}

static void threads(void)
{
	pthread_t th;
	char who[64], f[64][32];
	pthread_create(&th, NULL, thread_fn, NULL);
	while (!thread_tid)
		msleep(5);
	stat_fields("self", f);
	CHECK_EQ("two threads: field 20 is 2", F(f, 20), 2);
	snprintf(who, sizeof who, "self/task/%d", thread_tid);
	CHECK_EQ("the thread's stat has 52 fields", stat_fields(who, f), 52);
	CHECK_EQ("its field 1 is its tid", F(f, 1), thread_tid);
	CHECK_EQ("its ppid is the process's", F(f, 4), getppid());
	CHECK_EQ("its exit_signal is -1", atoi(f[38]), -1);
	char path[80];
	snprintf(path, sizeof path, "/proc/%s/status", who);
	get_file(path, text, sizeof text);
	snprintf(who, sizeof who, "%d", getpid());
	CHECK_STR("its status: Tgid is the process", field("Tgid"), who);
	snprintf(who, sizeof who, "%d", thread_tid);
	CHECK_STR("Pid is the thread", field("Pid"), who);
	CHECK_STR("Threads 2", field("Threads"), "2");
	char link[64], want[64];
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);
	link[n < 0 ? 0 : n] = 0;
	snprintf(want, sizeof want, "%d", getpid());
	CHECK_STR("/proc/self is the process id", link, want);
	thread_check = 1;
	while (thread_check == 1)
		msleep(5);
	CHECK_STR("in the thread too", thread_self_link, want);
	snprintf(want, sizeof want, "%d/task/%d", getpid(), thread_tid);
	CHECK_STR("/proc/thread-self in the thread is pid/task/tid", thread_link, want);
	thread_done = 1;
	pthread_join(th, NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	av = argv;
	RUN(stat_fields_and_ids);
	RUN(stat_addresses);
	RUN(stat_vsize);
	RUN(stat_times);
	RUN(stat_faults);
	RUN(stat_signals);
	RUN(stat_states);
	RUN(statm);
	RUN(status_order);
	RUN(status_values);
	RUN(status_peak);
	RUN(status_zombie);
	RUN(threads);
	return cases_failed != 0;
}
