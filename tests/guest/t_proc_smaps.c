/* t_proc_smaps - /proc/<pid>/smaps, smaps_rollup and pagemap as Linux 6.1
 * makes them from the page tables (issue 16), differential: a fresh
 * mapping has Linux's fields in order and no resident pages; touching a
 * page adds 4 kB to Rss, Private_Dirty and Anonymous; a page shared with
 * a child counts half in Pss; VmFlags names the mapping's flags; pagemap
 * has the present, exclusive and file bits of the pages the test touched,
 * at offset address / 4096 * 8, and EINVAL for unaligned reads. */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static char text[1 << 17];

/* The smaps entry of the mapping that starts at addr: its text in e
 * (the header line and the fields up to the next mapping). */
static int entry_of(void *addr, char *e, size_t size)
{
	char head[32];
	snprintf(head, sizeof head, "%08lx-", (unsigned long)addr);
	read_all("/proc/self/smaps", text, sizeof text);
	char *p = strstr(text, head);
	if (!p)
		return -1;
	char *end = strstr(p, "\nVmFlags:");
	end = end ? strchr(end + 1, '\n') : NULL;
	size_t len = end ? (size_t)(end + 1 - p) : strlen(p);
	snprintf(e, size, "%.*s", (int)(len < size ? len : size - 1), p);
	return 0;
}

/* A "Name:   N kB" value of an entry, -1 when missing. */
static long kb(const char *e, const char *name)
{
	char key[40];
	snprintf(key, sizeof key, "\n%s:", name);
	const char *p = strstr(e, key);
	return p ? atol(p + strlen(key)) : -1;
}

static const char *const smaps_names[] = {
	"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty", "Shared_Clean",
	"Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced", "Anonymous", "LazyFree",
	"AnonHugePages", "ShmemPmdMapped", "FilePmdMapped", "Shared_Hugetlb", "Private_Hugetlb",
	"Swap", "SwapPss", "Locked", "THPeligible", "VmFlags",
};

/* Whether the names appear in e in this order, each at a line start. */
static void names_in_order(const char *what, const char *e, const char *const *names, int n)
{
	const char *at = e;
	for (int i = 0; i < n; i++) {
		char key[40], name[96];
		snprintf(key, sizeof key, "\n%s:", names[i]);
		const char *p = strstr(at, key);
		snprintf(name, sizeof name, "%s has %s, in order", what, names[i]);
		CHECK(name, p != NULL);
		at = p ? p + 1 : at;
	}
}

static void fields(void)
{
	char e[4096];
	char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_EQ("the mapping has an entry", entry_of(m, e, sizeof e), 0);
	names_in_order("an entry", e, smaps_names, sizeof smaps_names / sizeof *smaps_names);
	char head[128];
	snprintf(head, sizeof head, "%08lx-%08lx rw-p 00000000 00:00 0 ", (unsigned long)m,
		 (unsigned long)m + 16384);
	CHECK("its first line is its maps line", !strncmp(e, head, strlen(head)));
	CHECK("Size:  16 kB, Linux's widths", strstr(e, "\nSize:                 16 kB\n") != NULL);
	CHECK_EQ("KernelPageSize 4", kb(e, "KernelPageSize"), 4);
	CHECK_EQ("MMUPageSize 4", kb(e, "MMUPageSize"), 4);
	CHECK_EQ("untouched: Rss 0", kb(e, "Rss"), 0);
	CHECK("VmFlags line ends with a space", strstr(e, " \n") && e[strlen(e) - 2] == ' ');
	char *flags = strstr(e, "\nVmFlags: ");
	CHECK("VmFlags has rd wr mr mw me ac", flags && strstr(flags, " rd wr ") &&
	      strstr(flags, " mr mw me ") && strstr(flags, " ac "));
	CHECK("... not ex, sh, gd", flags && !strstr(flags, " ex ") && !strstr(flags, " sh ") &&
	      !strstr(flags, " gd "));
}

static void touch(void)
{
	char e[4096];
	char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	entry_of(m, e, sizeof e);
	CHECK_EQ("one page written: Rss 4", kb(e, "Rss"), 4);
	CHECK_EQ("Pss 4", kb(e, "Pss"), 4);
	CHECK_EQ("Private_Dirty 4", kb(e, "Private_Dirty"), 4);
	CHECK_EQ("Anonymous 4", kb(e, "Anonymous"), 4);
	CHECK_EQ("Referenced 4", kb(e, "Referenced"), 4);
	CHECK_EQ("Shared_Dirty 0", kb(e, "Shared_Dirty"), 0);
	m[3 * 4096] = 1;
	entry_of(m, e, sizeof e);
	CHECK_EQ("two pages: Rss 8", kb(e, "Rss"), 8);
	munmap(m + 4096, 4096);
	entry_of(m, e, sizeof e);
	CHECK_EQ("split by munmap: the first part has Size 4", kb(e, "Size"), 4);
	CHECK_EQ("and Rss 4", kb(e, "Rss"), 4);
}

/* After fork, a written private page is in both address spaces until one
 * writes it: shared, half of it each in Pss. */
static void fork_shares(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	s[0] = 1;
	char e[4096];
	entry_of(s, e, sizeof e);
	CHECK_EQ("shared anonymous: Rss 4", kb(e, "Rss"), 4);
	CHECK_EQ("not Anonymous (shmem)", kb(e, "Anonymous"), 0);
	CHECK_EQ("mapped once: Private_Dirty 4", kb(e, "Private_Dirty"), 4);
	char *flags = strstr(e, "\nVmFlags: ");
	CHECK("VmFlags has sh and ms, not ac", flags && strstr(flags, " sh ") && strstr(flags, " ms ") &&
	      !strstr(flags, " ac "));
	pid_t pid = fork();
	if (pid == 0) {
		s[0] = 2;
		entry_of(m, e, sizeof e);
		CHECK_EQ("child: the private page is Shared_Dirty", kb(e, "Shared_Dirty"), 4);
		CHECK_EQ("child: Pss 2", kb(e, "Pss"), 2);
		entry_of(s, e, sizeof e);
		CHECK_EQ("child: the shared page is Shared_Dirty", kb(e, "Shared_Dirty"), 4);
		CHECK_EQ("child: its Pss 2", kb(e, "Pss"), 2);
		m[0] = 3;
		entry_of(m, e, sizeof e);
		CHECK_EQ("child wrote its copy: Private_Dirty 4", kb(e, "Private_Dirty"), 4);
		_exit(check_failed != 0);
	}
	CHECK_EXIT("child", wait_for(pid), 0);
}

static const char *const rollup_names[] = {
	"Rss", "Pss", "Pss_Dirty", "Pss_Anon", "Pss_File", "Pss_Shmem", "Shared_Clean",
	"Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced", "Anonymous", "LazyFree",
	"AnonHugePages", "ShmemPmdMapped", "FilePmdMapped", "Shared_Hugetlb", "Private_Hugetlb",
	"Swap", "SwapPss", "Locked",
};

/* smaps_rollup: one [rollup] line, then the counters of all mappings. */
static void rollup(void)
{
	static char r[4096];
	read_all("/proc/self/smaps_rollup", r, sizeof r);
	char *nl = strchr(r, '\n');
	CHECK("the first line ends in [rollup]", nl && nl - r > 8 && !strncmp(nl - 8, "[rollup]", 8));
	CHECK("... and has ---p 00000000 00:00 0", strstr(r, " ---p 00000000 00:00 0 ") != NULL);
	char nlr[4100] = "\n";
	strcat(nlr, r);
	names_in_order("smaps_rollup", nlr, rollup_names, sizeof rollup_names / sizeof *rollup_names);
	long pss = kb(nlr, "Pss"), parts = kb(nlr, "Pss_Anon") + kb(nlr, "Pss_File") + kb(nlr, "Pss_Shmem");
	CHECK("Pss is Pss_Anon + Pss_File + Pss_Shmem (within rounding)", parts <= pss && pss - parts <= 2);
	char *m = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before = kb(nlr, "Anonymous");
	for (int i = 0; i < 16; i++)
		m[i * 4096] = 1;
	read_all("/proc/self/smaps_rollup", r, sizeof r);
	strcpy(nlr, "\n");
	strcat(nlr, r);
	CHECK("16 pages written: Anonymous grows by at least 64 kB", kb(nlr, "Anonymous") - before >= 64);
}

#define PM_PRESENT (1ull << 63)
#define PM_SWAP    (1ull << 62)
#define PM_FILE    (1ull << 61)
#define PM_EXCL    (1ull << 56)

static uint64_t entry(int fd, void *addr)
{
	uint64_t e = 0xdead;
	if (pread(fd, &e, 8, (uintptr_t)addr / 4096 * 8) != 8)
		return 0xdead;
	return e;
}

static void pagemap(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK("open pagemap", fd >= 0);
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("untouched page: not present", !(entry(fd, m) & (PM_PRESENT | PM_SWAP)));
	m[4096] = 1;
	uint64_t e = entry(fd, m + 4096);
	CHECK("written page: present", e & PM_PRESENT);
	CHECK("... exclusively mapped", e & PM_EXCL);
	CHECK("... not file or shared", !(e & PM_FILE));
	CHECK("... not swapped", !(e & PM_SWAP));
	CHECK("its neighbours are not present", !(entry(fd, m) & PM_PRESENT) &&
	      !(entry(fd, m + 8192) & PM_PRESENT));
	munmap(m + 8192, 4096);
	CHECK_EQ("an unmapped page: 0 (soft-dirty aside)", entry(fd, m + 8192) & ~(1ull << 55), 0);
	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 1;
	e = entry(fd, s);
	CHECK("shared anonymous page: present and file/shared", (e & PM_PRESENT) && (e & PM_FILE));
	uint64_t two[2];
	lseek(fd, (uintptr_t)m / 4096 * 8, SEEK_SET);
	CHECK_EQ("read of two entries after lseek", read(fd, two, 16), 16);
	CHECK("they are the first two pages'", !(two[0] & PM_PRESENT) && (two[1] & PM_PRESENT));
	CHECK_EQ("lseek position moved by 16", lseek(fd, 0, SEEK_CUR), (uintptr_t)m / 4096 * 8 + 16);
	CHECK_ERR("unaligned offset -> EINVAL", pread(fd, two, 8, (uintptr_t)m / 4096 * 8 + 4), EINVAL);
	CHECK_ERR("size not a multiple of 8 -> EINVAL", pread(fd, two, 12, (uintptr_t)m / 4096 * 8), EINVAL);
	CHECK_EQ("size 0 -> 0", pread(fd, two, 0, 0), 0);
	CHECK_ERR("bad buffer -> EFAULT", pread(fd, (void *)8, 8, (uintptr_t)m / 4096 * 8), EFAULT);
	close(fd);
}

/* The frame number (bits 0-54) only for a reader with CAP_SYS_ADMIN. */
#define PM_PFN ((1ull << 55) - 1)

static char roots[64];                       /* the pagemap of the test, a root process */

static void pfn_hidden(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	CHECK_ERR("uid 1000 after setuid (not dumpable): own pagemap -> EACCES",
		  open("/proc/self/pagemap", O_RDONLY), EACCES);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e = entry(fd, m);
	CHECK("dumpable again: present, frame number 0", (e & PM_PRESENT) && (e & PM_PFN) == 0);
	CHECK_ERR("uid 1000: root's pagemap -> EACCES", open(roots, O_RDONLY), EACCES);
}

static void pfn(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK("root: the frame number is shown", (entry(fd, m) & PM_PFN) != 0);
	close(fd);
	snprintf(roots, sizeof roots, "/proc/%d/pagemap", getpid());
	as_uid1000(pfn_hidden);
}

/* A private file mapping that was only read maps the file's page. */
static void pagemap_file(void)
{
	char data[4096];
	memset(data, 'x', sizeof data);
	put_file(P("f"), data, sizeof data);
	int f = open(P("f"), O_RDONLY);
	volatile char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, f, 0);
	(void)m[0];
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e = entry(fd, (void *)m);
	CHECK("a read file page: present and file", (e & PM_PRESENT) && (e & PM_FILE));
	char en[4096];
	entry_of((void *)m, en, sizeof en);
	CHECK_EQ("its smaps: Rss 4", kb(en, "Rss"), 4);
	CHECK_EQ("Anonymous 0", kb(en, "Anonymous"), 0);
}

int main(void)
{
	tdir_setup("t_proc_smaps");
	RUN(fields);
	RUN(touch);
	RUN(fork_shares);
	RUN(rollup);
	RUN(pagemap);
	RUN(pagemap_file);
	RUN(pfn);
	rm_rf(tdir);
	return cases_failed != 0;
}
