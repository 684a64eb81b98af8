/* t_vdso - differential test of the vDSO (issue 18): the auxiliary vector
 * gives AT_SYSINFO_EHDR and AT_SYSINFO; the image is an i386 ELF shared
 * object whose dynamic symbol table finds each Linux entry point by name
 * and version, through DT_HASH and DT_GNU_HASH as musl and glibc look them
 * up; the clock functions agree with the system calls; __kernel_vsyscall
 * makes system calls (the six-argument mmap2 too) keeping the registers;
 * [vdso] and [vvar] in /proc/self/maps; fork keeps it, exec gives a new
 * one. The program re-executes itself (argv[1] = "probe"). */
#include "check.h"
#include "vsyscall.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/time.h>

/* The GNU hash lookup (DT_GNU_HASH, with its Bloom filter). */
static void *lookup_gnu(const struct vdso *v, const char *name, const char *ver)
{
	if (!v->gnu)
		return NULL;
	uint32_t h = 5381;
	for (const unsigned char *p = (const void *)name; *p; p++)
		h = h * 33 + *p;
	uint32_t nbuckets = v->gnu[0], symoff = v->gnu[1], bloom_size = v->gnu[2], shift = v->gnu[3];
	const uint32_t *bloom = v->gnu + 4, *buckets = bloom + bloom_size, *chain = buckets + nbuckets;
	uint32_t word = bloom[(h / 32) % bloom_size];
	uint32_t mask = 1u << (h % 32) | 1u << ((h >> shift) % 32);
	if ((word & mask) != mask)
		return NULL;
	uint32_t i = buckets[h % nbuckets];
	if (i < symoff)
		return NULL;
	for (;; i++) {
		uint32_t h2 = chain[i - symoff];
		if ((h | 1) == (h2 | 1)) {
			void *a = sym_addr(v, i, name, ver);
			if (a)
				return a;
		}
		if (h2 & 1)
			return NULL;
	}
}

static void auxv(void)
{
	uintptr_t ehdr = getauxval(AT_SYSINFO_EHDR), sysinfo = getauxval(AT_SYSINFO);
	CHECK("AT_SYSINFO_EHDR given", ehdr != 0);
	CHECK("AT_SYSINFO given", sysinfo != 0);
	CHECK("AT_SYSINFO_EHDR page aligned", (ehdr & 4095) == 0);
	CHECK("AT_SYSINFO is __kernel_vsyscall", sysinfo && sysinfo == (uintptr_t)vsym("__kernel_vsyscall", "LINUX_2.5"));
	struct vdso v;
	CHECK("AT_SYSINFO is the entry point", vdso_open(&v) == 0 && v.base + v.eh->e_entry == sysinfo);
}

static void elf(void)
{
	struct vdso v;
	CHECK_EQ("dynamic section read", vdso_open(&v), 0);
	if (!v.eh)
		return;
	CHECK_EQ("ELF magic", memcmp(v.eh->e_ident, ELFMAG, SELFMAG), 0);
	CHECK_EQ("ELFCLASS32", v.eh->e_ident[EI_CLASS], ELFCLASS32);
	CHECK_EQ("little endian", v.eh->e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_EQ("ET_DYN", v.eh->e_type, ET_DYN);
	CHECK_EQ("EM_386", v.eh->e_machine, EM_386);
	CHECK("PT_LOAD", v.has_load);
	CHECK("PT_DYNAMIC", v.has_dynamic);
	CHECK("DT_HASH", v.hash != NULL);
	CHECK("DT_GNU_HASH", v.gnu != NULL);
	CHECK("DT_VERSYM and DT_VERDEF", v.versym && v.verdef);
	CHECK_STR("soname", v.soname, "linux-gate.so.1");
}

static const struct { const char *name, *ver; } entry_points[] = {
	{ "__kernel_vsyscall", "LINUX_2.5" }, { "__kernel_sigreturn", "LINUX_2.5" },
	{ "__kernel_rt_sigreturn", "LINUX_2.5" }, { "__vdso_clock_gettime", "LINUX_2.6" },
	{ "__vdso_clock_gettime64", "LINUX_2.6" }, { "__vdso_gettimeofday", "LINUX_2.6" },
	{ "__vdso_time", "LINUX_2.6" }, { "__vdso_clock_getres", "LINUX_2.6" },
	{ "__vdso_getcpu", "LINUX_2.6" },
};

static void symbols(void)
{
	struct vdso v;
	if (vdso_open(&v) < 0) {
		fail("vdso", "no dynamic section");
		return;
	}
	char name[128];
	for (size_t i = 0; i < sizeof entry_points / sizeof entry_points[0]; i++) {
		void *a = lookup_sysv(&v, entry_points[i].name, entry_points[i].ver);
		snprintf(name, sizeof name, "%s@%s by DT_HASH", entry_points[i].name, entry_points[i].ver);
		CHECK(name, a != NULL);
		snprintf(name, sizeof name, "%s@%s by DT_GNU_HASH, same address", entry_points[i].name,
			 entry_points[i].ver);
		CHECK(name, a && lookup_gnu(&v, entry_points[i].name, entry_points[i].ver) == a);
	}
	CHECK("wrong version not found", !lookup_sysv(&v, "__vdso_time", "LINUX_2.5"));
	CHECK("unknown name not found", !lookup_sysv(&v, "__vdso_nothing", "LINUX_2.6") &&
	      !lookup_gnu(&v, "__vdso_nothing", "LINUX_2.6"));
}

static int maps_line(const char *tag, uintptr_t *lo, uintptr_t *hi, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof line, f)) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		size_t n = strlen(line), t = strlen(tag);
		if (n >= t && !strcmp(line + n - t, tag) &&
		    sscanf(line, "%lx-%lx %4s", (unsigned long *)lo, (unsigned long *)hi, perms) == 3) {
			found = 1;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static void maps(void)
{
	uintptr_t lo, hi, vlo, vhi, ehdr = getauxval(AT_SYSINFO_EHDR);
	char perms[5], vperms[5];
	CHECK("[vdso] in maps", maps_line("[vdso]", &lo, &hi, perms));
	CHECK("[vdso] at AT_SYSINFO_EHDR", lo == ehdr);
	CHECK_STR("[vdso] r-xp", perms, "r-xp");
	CHECK("[vvar] in maps", maps_line("[vvar]", &vlo, &vhi, vperms));
	CHECK("[vvar] below [vdso]", vhi <= lo && lo - vhi < 0x10000);
	CHECK_STR("[vvar] r--p", vperms, "r--p");
	CHECK_ERR("mprotect [vvar] writable: EACCES", mprotect((void *)vlo, 4096, PROT_READ | PROT_WRITE), EACCES);
}

typedef int (*cgt_fn)(clockid_t, void *);
struct ts64 { int64_t sec, nsec; };
struct ts32 { int32_t sec, nsec; };

static int64_t ns64(struct ts64 t) { return t.sec * 1000000000 + t.nsec; }
static int64_t ns32(struct ts32 t) { return (int64_t)t.sec * 1000000000 + t.nsec; }

static const struct { clockid_t id; const char *name; } clocks[] = {
	{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
	{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" }, { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" }, { CLOCK_BOOTTIME, "BOOTTIME" },
};

/* Each clock read by the vDSO lies between two readings by the system call. */
static void clock_gettime_agrees(void)
{
	cgt_fn f64 = (cgt_fn)vsym("__vdso_clock_gettime64", "LINUX_2.6");
	cgt_fn f32 = (cgt_fn)vsym("__vdso_clock_gettime", "LINUX_2.6");
	if (!f64 || !f32) {
		fail("symbols", "missing");
		return;
	}
	char name[128];
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct ts64 a, b, v;
		struct ts32 a32, b32, v32;
		syscall(SYS_clock_gettime64, clocks[i].id, &a);
		int r = f64(clocks[i].id, &v);
		syscall(SYS_clock_gettime64, clocks[i].id, &b);
		snprintf(name, sizeof name, "clock_gettime64 %s: 0, between the system calls", clocks[i].name);
		CHECK(name, r == 0 && ns64(a) <= ns64(v) && ns64(v) <= ns64(b) && v.nsec < 1000000000);
		syscall(SYS_clock_gettime32, clocks[i].id, &a32);
		r = f32(clocks[i].id, &v32);
		syscall(SYS_clock_gettime32, clocks[i].id, &b32);
		snprintf(name, sizeof name, "clock_gettime %s: 0, between the system calls", clocks[i].name);
		CHECK(name, r == 0 && ns32(a32) <= ns32(v32) && ns32(v32) <= ns32(b32) && v32.nsec < 1000000000);
	}
	struct ts64 t;
	CHECK_EQ("clock_gettime64 bad clock: -EINVAL", f64(12345, &t), -EINVAL);
	CHECK_EQ("clock_gettime bad clock: -EINVAL", f32(-100, &t), -EINVAL);
}

static void gettimeofday_agrees(void)
{
	int (*gtod)(void *, void *) = (int (*)(void *, void *))vsym("__vdso_gettimeofday", "LINUX_2.6");
	if (!gtod) {
		fail("symbol", "missing");
		return;
	}
	struct { int32_t sec, usec; } a, b, v;
	struct { int32_t w, d; } tz, stz;
	memset(&tz, 0x55, sizeof tz);
	syscall(SYS_gettimeofday_time32, &a, &stz);
	int r = gtod(&v, &tz);
	syscall(SYS_gettimeofday_time32, &b, NULL);
	int64_t ta = (int64_t)a.sec * 1000000 + a.usec, tv = (int64_t)v.sec * 1000000 + v.usec,
		tb = (int64_t)b.sec * 1000000 + b.usec;
	CHECK("gettimeofday: 0, between the system calls", r == 0 && ta <= tv && tv <= tb && v.usec < 1000000);
	CHECK("timezone as the system call's", tz.w == stz.w && tz.d == stz.d);
	CHECK_EQ("both NULL: 0", gtod(NULL, NULL), 0);
}

static void time_agrees(void)
{
	int32_t (*vt)(int32_t *) = (int32_t (*)(int32_t *))vsym("__vdso_time", "LINUX_2.6");
	if (!vt) {
		fail("symbol", "missing");
		return;
	}
	int32_t a = syscall(SYS_time, NULL), t = -1, v = vt(&t), b = syscall(SYS_time, NULL);
	CHECK("time: between the system calls", a <= v && v <= b);
	CHECK("time: stored as returned", t == v);
	CHECK("time(NULL)", vt(NULL) >= v);
}

static void clock_getres_agrees(void)
{
	cgt_fn res = (cgt_fn)vsym("__vdso_clock_getres", "LINUX_2.6");
	if (!res) {
		fail("symbol", "missing");
		return;
	}
	char name[128];
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct ts32 s, v;
		memset(&s, 0x55, sizeof s);
		memset(&v, 0x66, sizeof v);
		long sr = syscall(SYS_clock_getres_time32, clocks[i].id, &s);
		int r = res(clocks[i].id, &v);
		snprintf(name, sizeof name, "clock_getres %s as the system call", clocks[i].name);
		CHECK(name, sr == 0 && r == 0 && s.sec == v.sec && s.nsec == v.nsec);
	}
	struct ts32 t;
	CHECK_EQ("clock_getres bad clock: -EINVAL", res(12345, &t), -EINVAL);
	CHECK_EQ("clock_getres NULL: 0", res(CLOCK_MONOTONIC, NULL), 0);
}

static void getcpu(void)
{
	long (*gc)(unsigned *, unsigned *, void *) = (long (*)(unsigned *, unsigned *, void *))vsym("__vdso_getcpu", "LINUX_2.6");
	unsigned cpu = ~0u, node = ~0u;
	CHECK("getcpu: 0", gc && gc(&cpu, &node, NULL) == 0);
	CHECK("cpu in range", cpu < (unsigned)sysconf(_SC_NPROCESSORS_CONF));
	CHECK("NULL pointers: 0", gc && gc(NULL, NULL, NULL) == 0);
}

/* __kernel_vsyscall: a call, its errors, and every register but eax kept. */
static void vsyscall_calls(void)
{
	CHECK_EQ("getpid", vsys(SYS_getpid, 0), getpid());
	CHECK_EQ("close(-1): -EBADF", vsys(SYS_close, -1), -EBADF);
	CHECK_EQ("number 9999: -ENOSYS", vsys(9999, 0), -ENOSYS);
	struct vregs r = { SYS_getppid, 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555,
			   0x66666666, (uint32_t)getauxval(AT_SYSINFO) };
	vsys_regs(&r);
	CHECK_EQ("result in eax", r.eax, getppid());
	CHECK("ebx ecx edx esi edi ebp kept", r.ebx == 0x11111111 && r.ecx == 0x22222222 &&
	      r.edx == 0x33333333 && r.esi == 0x44444444 && r.edi == 0x55555555 && r.ebp == 0x66666666);
}

/* mmap2's sixth argument (the page offset, in ebp) goes through. */
static void vsyscall_six_args(void)
{
	tdir_setup("t_vdso");
	int fd = open(P("two_pages"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[4096];
	memset(page, 'a', sizeof page);
	CHECK_EQ("write page 0", write(fd, page, sizeof page), 4096);
	memset(page, 'b', sizeof page);
	CHECK_EQ("write page 1", write(fd, page, sizeof page), 4096);
	long p = vsys(SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 1);
	CHECK("mmap2 offset 1 through the vsyscall", p > 0 || p < -4095);
	if (p > 0 || p < -4095)
		CHECK_EQ("it maps page 1", *(char *)p, 'b');
	CHECK_EQ("bad fd: -EBADF", vsys(SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, 9999, 1), -EBADF);
	long q = vsys(SYS_mmap2, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("anonymous mmap2", q > 0 || q < -4095);
	close(fd);
	rm_rf(tdir);
}

static int probe(void)
{
	struct vdso v;
	if (vdso_open(&v) < 0 || memcmp(v.eh->e_ident, ELFMAG, SELFMAG))
		return 2;
	int (*f)(clockid_t, struct timespec *) = (int (*)(clockid_t, struct timespec *))
		lookup_sysv(&v, "__vdso_clock_gettime64", "LINUX_2.6");
	struct timespec t;
	return f && f(CLOCK_MONOTONIC, &t) == 0 && vsys(SYS_getpid, 0) == getpid() ? 0 : 3;
}

static char self[512];

static void fork_keeps(void)
{
	uintptr_t ehdr = getauxval(AT_SYSINFO_EHDR);
	pid_t pid = fork();
	if (pid == 0)
		_exit(probe() == 0 && getauxval(AT_SYSINFO_EHDR) == ehdr ? 0 : 1);
	CHECK_EXIT("child uses the same vDSO", wait_for(pid), 0);
}

static void exec_new(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "probe", NULL };
		execv(self, argv);
		_exit(127);
	}
	CHECK_EXIT("exec'd program finds its vDSO", wait_for(pid), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "probe"))
		return probe();
	if (access("/tests/t_vdso", X_OK) == 0) {
		strcpy(self, "/tests/t_vdso");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	RUN(auxv);
	RUN(elf);
	RUN(symbols);
	RUN(maps);
	RUN(clock_gettime_agrees);
	RUN(gettimeofday_agrees);
	RUN(time_agrees);
	RUN(clock_getres_agrees);
	RUN(getcpu);
	RUN(vsyscall_calls);
	RUN(vsyscall_six_args);
	RUN(fork_keeps);
	RUN(exec_new);
	return cases_failed ? 1 : 0;
}
