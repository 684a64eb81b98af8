/* t_proc_sysinfo - the system-wide files of /proc and fdinfo as Linux 6.1
 * lays them out (issue 16), differential: mounts and mountinfo describe
 * the mounts that stat(2) sees, fdinfo gives a descriptor's position,
 * flags, mount and inode, cpuinfo agrees with CPUID, and version, uptime,
 * loadavg, stat and meminfo have Linux's lines in Linux's order. */
#include "check.h"
#include <cpuid.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>

static char text[1 << 16];

/* The mountinfo line whose mount point is dir: its id and device. */
static int mount_of(const char *dir, int *id, unsigned *maj, unsigned *min, char *type)
{
	static char mi[1 << 15];
	read_all("/proc/self/mountinfo", mi, sizeof mi);
	int found = 0;
	for (char *l = mi; *l; ) {
		char *nl = strchr(l, '\n');
		int i, parent;
		unsigned a, b;
		char root[256], point[256], *dash = strstr(l, " - ");
		if (nl)
			*nl = 0;
		if (sscanf(l, "%d %d %u:%u %255s %255s", &i, &parent, &a, &b, root, point) == 6 &&
		    !strcmp(point, dir) && dash) {
			*id = i, *maj = a, *min = b;
			sscanf(dash + 3, "%63s", type);
			found = 1;                 /* the last one wins: it is on top */
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return found;
}

static void mounts(void)
{
	static char self[1 << 15];
	read_all("/proc/mounts", text, sizeof text);
	read_all("/proc/self/mounts", self, sizeof self);
	CHECK("/proc/mounts is /proc/self/mounts", !strcmp(text, self));
	char link[64];
	ssize_t n = readlink("/proc/mounts", link, sizeof link - 1);
	link[n < 0 ? 0 : n] = 0;
	CHECK_STR("... a symlink to self/mounts", link, "self/mounts");
	int lines = 0, six = 0, proc = 0, root = 0;
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		char src[256], dir[256], type[64], opts[512];
		int a, b;
		lines++;
		six += sscanf(l, "%255s %255s %63s %511s %d %d", src, dir, type, opts, &a, &b) == 6;
		proc |= !strcmp(dir, "/proc") && !strcmp(type, "proc") && !strncmp(opts, "rw", 2);
		root |= !strcmp(dir, "/");
	}
	CHECK("every line has 6 fields", lines > 0 && six == lines);
	CHECK("proc is mounted rw on /proc", proc);
	CHECK("something is mounted on /", root);
}

static void mountinfo(void)
{
	int id, rid;
	unsigned maj, min;
	char type[64] = "";
	struct stat st;
	CHECK("mountinfo has /proc", mount_of("/proc", &id, &maj, &min, type));
	CHECK_STR("its type is proc", type, "proc");
	stat("/proc", &st);
	CHECK("its device is /proc's st_dev", maj == major(st.st_dev) && min == minor(st.st_dev));
	CHECK("mountinfo has /", mount_of("/", &rid, &maj, &min, type));
	stat("/", &st);
	CHECK("its device is /'s st_dev", maj == major(st.st_dev) && min == minor(st.st_dev));
	CHECK("the two have different ids", id != rid);
	read_all("/proc/self/mountinfo", text, sizeof text);
	CHECK("every line has the \" - \" separator", !strstr(text, "\n\n") && strstr(text, " - "));
	read_all("/proc/filesystems", text, sizeof text);
	CHECK("filesystems lists nodev proc", strstr(text, "nodev\tproc\n") != NULL);
	CHECK("filesystems lists nodev tmpfs", strstr(text, "nodev\ttmpfs\n") != NULL);
}

/* The value of "name:\t" in text. */
static long long value(const char *name, int base)
{
	char key[64];
	snprintf(key, sizeof key, "%s:\t", name);
	const char *p = !strncmp(text, key, strlen(key)) ? text : NULL;
	if (!p) {
		snprintf(key, sizeof key, "\n%s:\t", name);
		p = strstr(text, key);
	}
	return p ? strtoll(p + strlen(key), NULL, base) : -1;
}

static void fdinfo(void)
{
	char path[64];
	struct stat st;
	int fd = open(P("f"), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	write(fd, "hello", 5);
	lseek(fd, 2, SEEK_SET);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	read_all(path, text, sizeof text);
	CHECK("it starts with pos:", !strncmp(text, "pos:\t", 5));
	CHECK_EQ("pos", value("pos", 10), 2);
	CHECK_EQ("flags, octal: F_GETFL | O_CLOEXEC", value("flags", 8), fcntl(fd, F_GETFL) | O_CLOEXEC);
	CHECK("flags printed with a leading 0", strstr(text, "\nflags:\t0") != NULL);
	fstat(fd, &st);
	CHECK_EQ("ino is st_ino", value("ino", 10), (long long)st.st_ino);
	long long mnt = value("mnt_id", 10);
	int pid, did;
	unsigned maj, min;
	char type[64] = "";
	int p = open("/proc/self/status", O_RDONLY);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", p);
	read_all(path, text, sizeof text);
	mount_of("/proc", &pid, &maj, &min, type);
	CHECK_EQ("a /proc file's mnt_id is /proc's mount id", value("mnt_id", 10), pid);
	CHECK_EQ("O_RDONLY without O_CLOEXEC: flags 0 | O_LARGEFILE at most",
		 value("flags", 8) & ~O_LARGEFILE, 0);
	CHECK("the file's mnt_id is another mount", mnt != pid && mnt > 0);
	(void)did;
	CHECK_ERR("fdinfo of a closed descriptor -> ENOENT", open("/proc/self/fdinfo/999", O_RDONLY), ENOENT);
	DIR *d = opendir("/proc/self/fdinfo");
	int seen = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		seen |= atoi(e->d_name) == fd && e->d_type == DT_REG;
	CHECK("fdinfo lists the descriptor as a regular file", seen);
	if (d)
		closedir(d);
}

/* fdinfo's lock lines: flock, then POSIX and OFD record locks, each
 * numbered, with kind, type, pid, device:inode and range. */
static void fdinfo_locks(void)
{
	char path[64], want[512], head[64];
	struct stat st;
	int fd = open(P("r"), O_RDWR | O_CREAT, 0644), fl = open(P("l"), O_RDWR | O_CREAT, 0644);
	struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 5 };
	CHECK_OK0("F_SETLK read 10-14", fcntl(fd, F_SETLK, &l));
	l.l_type = F_WRLCK, l.l_start = 100, l.l_len = 0;
	CHECK_OK0("F_SETLK write 100-", fcntl(fd, F_SETLK, &l));
	fstat(fd, &st);
	snprintf(head, sizeof head, "%d %02x:%02x:%lu", getpid(), major(st.st_dev), minor(st.st_dev),
		 (unsigned long)st.st_ino);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	read_all(path, text, sizeof text);
	snprintf(want, sizeof want, "\nlock:\t1: POSIX  ADVISORY  READ %s 10 14\n"
		 "lock:\t2: POSIX  ADVISORY  WRITE %s 100 EOF\n", head, head);
	CHECK("two POSIX lock lines, Linux's format", strstr(text, want) != NULL);
	CHECK_OK0("flock LOCK_SH", flock(fl, LOCK_SH));
	fstat(fl, &st);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fl);
	read_all(path, text, sizeof text);
	snprintf(want, sizeof want, "\nlock:\t1: FLOCK  ADVISORY  READ %d %02x:%02x:%lu 0 EOF\n", getpid(),
		 major(st.st_dev), minor(st.st_dev), (unsigned long)st.st_ino);
	CHECK("a flock line", strstr(text, want) != NULL);
	int o = open(P("o"), O_RDWR | O_CREAT, 0644);
	struct flock ol = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	CHECK_OK0("F_OFD_SETLK write 0-0", fcntl(o, F_OFD_SETLK, &ol));
	fstat(o, &st);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", o);
	read_all(path, text, sizeof text);
	snprintf(want, sizeof want, "\nlock:\t1: OFDLCK ADVISORY  WRITE -1 %02x:%02x:%lu 0 0\n",
		 major(st.st_dev), minor(st.st_dev), (unsigned long)st.st_ino);
	CHECK("an OFD lock line, pid -1", strstr(text, want) != NULL);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", 0);
	read_all(path, text, sizeof text);
	CHECK("no lock lines for an unlocked file", !strstr(text, "lock:"));
}

/* The value after "name\t...: " on cpuinfo's first processor. */
static const char *cpu_field(const char *name)
{
	static char v[4096];
	char key[64];
	snprintf(key, sizeof key, "\n%s", name);
	const char *p = !strncmp(text, key + 1, strlen(key + 1)) ? text - 1 : strstr(text, key);
	v[0] = 0;
	if (p && (p = strstr(p, ": ")))
		snprintf(v, sizeof v, "%.*s", (int)strcspn(p + 2, "\n"), p + 2);
	else if (p)
		v[0] = 0;
	return v;
}

static int has_flag(const char *flags, const char *f)
{
	char key[40];
	snprintf(key, sizeof key, " %s ", f);
	char padded[4200];
	snprintf(padded, sizeof padded, " %s ", flags);
	return strstr(padded, key) != NULL;
}

static const char *const cpu_keys[] = {
	"processor", "vendor_id", "cpu family", "model", "model name", "stepping", "fpu",
	"fpu_exception", "cpuid level", "wp", "flags", "bugs", "bogomips", "clflush size",
	"cache_alignment", "address sizes", "power management",
};

static void cpuinfo(void)
{
	unsigned a, b, c, d, max;
	read_all("/proc/cpuinfo", text, sizeof text);
	CHECK("starts with processor\\t: 0", !strncmp(text, "processor\t: 0\n", 14));
	const char *at = text;
	for (unsigned i = 0; i < sizeof cpu_keys / sizeof *cpu_keys; i++) {
		char key[64], name[96];
		snprintf(key, sizeof key, "\n%s%s", cpu_keys[i],
			 strcmp(cpu_keys[i], "power management") ? "\t" : ":");
		const char *p = i == 0 ? text : strstr(at, key);
		snprintf(name, sizeof name, "cpuinfo has %s, in order", cpu_keys[i]);
		CHECK(name, p != NULL);
		at = p ? p + 1 : at;
	}
	__cpuid(0, max, b, c, d);
	char vendor[13];
	memcpy(vendor, &b, 4), memcpy(vendor + 4, &d, 4), memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	CHECK_STR("vendor_id is CPUID's", cpu_field("vendor_id"), vendor);
	CHECK_EQ("cpuid level", atoi(cpu_field("cpuid level")), max);
	__cpuid(1, a, b, c, d);
	unsigned fam = (a >> 8) & 15, model = (a >> 4) & 15;
	if (fam == 15)
		fam += (a >> 20) & 255;
	if (fam >= 6)
		model += ((a >> 16) & 15) << 4;
	CHECK_EQ("cpu family", atoi(cpu_field("cpu family")), fam);
	CHECK_EQ("model", atoi(cpu_field("model\t")), model);
	CHECK_EQ("stepping", atoi(cpu_field("stepping")), a & 15);
	char flags[4096];
	snprintf(flags, sizeof flags, "%s", cpu_field("flags"));
	static const struct { const char *name; int ecx; int bit; } f[] = {
		{ "fpu", 0, 0 }, { "tsc", 0, 4 }, { "cx8", 0, 8 }, { "cmov", 0, 15 }, { "mmx", 0, 23 },
		{ "fxsr", 0, 24 }, { "sse", 0, 25 }, { "sse2", 0, 26 }, { "pni", 1, 0 },
		{ "ssse3", 1, 9 }, { "hypervisor", 1, 31 },
	};
	for (unsigned i = 0; i < sizeof f / sizeof *f; i++) {
		char name[64];
		unsigned reg = f[i].ecx ? c : d;
		snprintf(name, sizeof name, "flag %s iff CPUID says so", f[i].name);
		CHECK(name, has_flag(flags, f[i].name) == !!(reg & (1u << f[i].bit)));
	}
	CHECK("bogomips > 0", atof(cpu_field("bogomips")) > 0);
	CHECK("cpu MHz > 0", atof(cpu_field("cpu MHz")) > 0);
	unsigned phys, virt;
	CHECK("address sizes: N bits physical, M bits virtual",
	      sscanf(cpu_field("address sizes"), "%u bits physical, %u bits virtual", &phys, &virt) == 2);
	CHECK("each processor ends with an empty line", strstr(text, "\n\n") && text[strlen(text) - 2] == '\n');
}

static void version_uptime_loadavg(void)
{
	struct utsname u;
	uname(&u);
	char want[512];
	read_all("/proc/version", text, sizeof text);
	snprintf(want, sizeof want, "%s version %s (", u.sysname, u.release);
	CHECK("version: sysname version release (", !strncmp(text, want, strlen(want)));
	CHECK("... and ends with uname's version", strstr(text, u.version) != NULL);
	read_all("/proc/uptime", text, sizeof text);
	unsigned long a, b, c, d;
	char nl;
	CHECK("uptime: two numbers to the hundredth",
	      sscanf(text, "%lu.%2lu %lu.%2lu%c", &a, &b, &c, &d, &nl) == 5 && nl == '\n');
	read_all("/proc/loadavg", text, sizeof text);
	int run, all, last;
	double l1, l5, l15;
	CHECK("loadavg: three loads, running/total, last pid",
	      sscanf(text, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &all, &last) == 6);
	CHECK("1 <= running <= total", run >= 1 && run <= all);
}

/* sysinfo's uptime is CLOCK_BOOTTIME rounded up to the second: never
 * below the boot time read before it (rounded up), never above the one
 * read after it plus one. Three tries, so a floor cannot pass by luck. */
static void sysinfo_uptime(void)
{
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		struct timespec b1, b2;
		struct sysinfo si;
		clock_gettime(CLOCK_BOOTTIME, &b1);
		sysinfo(&si);
		clock_gettime(CLOCK_BOOTTIME, &b2);
		long lo = b1.tv_sec + (b1.tv_nsec != 0), hi = b2.tv_sec + 1;
		if ((long)si.uptime < lo || (long)si.uptime > hi)
			ok = 0;
	}
	CHECK("sysinfo: uptime is CLOCK_BOOTTIME rounded up", ok);
}

static void stat_file(void)
{
	read_all("/proc/stat", text, sizeof text);
	unsigned long long v[10];
	CHECK("cpu line: 10 numbers",
	      sscanf(text, "cpu  %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		     &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 10);
	CHECK("then cpu0", strstr(text, "\ncpu0 ") != NULL);
	static const char *const keys[] = { "\nintr ", "\nctxt ", "\nbtime ", "\nprocesses ",
					    "\nprocs_running ", "\nprocs_blocked ", "\nsoftirq " };
	const char *at = text;
	for (unsigned i = 0; i < sizeof keys / sizeof *keys; i++) {
		char name[64];
		const char *p = strstr(at, keys[i]);
		snprintf(name, sizeof name, "stat has%s, in order", keys[i]);
		name[8] = ' ';
		CHECK(name, p != NULL);
		at = p ? p + 1 : at;
	}
	const char *bt = strstr(text, "\nbtime ");
	CHECK("btime is in the past", bt && strtoull(bt + 7, NULL, 10) <= (unsigned long long)time(NULL));
}

static const char *const mem_keys[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
	"Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
	"Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages",
	"Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim", "KernelStack",
	"PageTables", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk",
	"Percpu",
};

static void meminfo(void)
{
	read_all("/proc/meminfo", text, sizeof text);
	char padded[1 << 16] = "\n";
	strcat(padded, text);
	const char *at = padded;
	for (unsigned i = 0; i < sizeof mem_keys / sizeof *mem_keys; i++) {
		char key[64], name[96];
		snprintf(key, sizeof key, "\n%s:", mem_keys[i]);
		const char *p = strstr(at, key);
		snprintf(name, sizeof name, "meminfo has %s, in order", mem_keys[i]);
		CHECK(name, p != NULL);
		at = p ? p + 1 : at;
	}
	CHECK("MemTotal:       N kB (Linux's widths)", !strncmp(text, "MemTotal:       ", 16) &&
	      strstr(text, " kB\nMemFree:        ") != NULL);
}

int main(void)
{
	tdir_setup("t_proc_sysinfo");
	RUN(mounts);
	RUN(mountinfo);
	RUN(fdinfo);
	RUN(fdinfo_locks);
	RUN(cpuinfo);
	RUN(version_uptime_loadavg);
	RUN(sysinfo_uptime);
	RUN(stat_file);
	RUN(meminfo);
	rm_rf(tdir);
	return cases_failed != 0;
}
