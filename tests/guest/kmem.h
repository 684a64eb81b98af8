/* kmem.h - the kernel's memory account as user space sees it, for leak
 * checks that must come out exact: the pages in use outside kmalloc's
 * buckets (all pages less the free ones, sysinfo, less the bucket pages)
 * and the kmalloc objects in use in each bucket (/proc/slabinfo), taken
 * after "3" has been written to /proc/sys/vm/drop_caches so that bucket
 * pages with no object in use are given back. Two accounts taken around
 * some work (done in a child, which has exited and been waited for) are
 * equal when the work gave back every page and every object it took.
 *
 * Why not the free pages alone: objects that outlive the work (a queue's
 * id table, the measuring process's own open file) may be freed and made
 * again in another bucket page, so the same objects can sit on one page
 * more or less than before. That is placement, not a leak; the account
 * shows it as a bucket's page count that moved, and the free pages then
 * differ by exactly that much.
 *
 * Pipit only, as root. kmem_take allocates nothing; it touches its static
 * buffer and the measuring process's stack (kmem_touch_stack) before it
 * counts, so the measuring process does not change the count. */
#ifndef KMEM_H
#define KMEM_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysinfo.h>

#define KMEM_LINES 16

struct kmem {
	long free_pages;
	long used_pages;                    /* not free and not a bucket page */
	int n;                              /* buckets read from slabinfo */
	char name[KMEM_LINES][24];
	long active[KMEM_LINES];            /* objects in use */
	long pages[KMEM_LINES];             /* pages holding them */
};

static char kmem_text[4096];

#define KMEM_STACK (32 * 1024)

/* The measuring process's own stack is part of the count, and it only
 * grows (its pages stay until exit, as in Linux): a stack page first
 * reached between two accounts, say by the snprintf of kmem_diff or the
 * printf of a PASS line run deeper than anything before the first
 * account, shows as "pages +1" in the second, though no kernel memory
 * leaked (t_pipeline64_guest saw exactly that). So every account first
 * touches the stack from here down to a floor fixed KMEM_STACK below the
 * first account's frame: the pages down to it are then in every count
 * alike. (Code that goes deeper than the floor still adds its pages.) */
__attribute__((unused, noinline))
static void kmem_touch_stack(void)
{
	static uintptr_t floor;
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	if (!floor)
		floor = here - KMEM_STACK;
	if (here <= floor)
		return;
	size_t n = here - floor;
	volatile char *p = __builtin_alloca(n);
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 0;
	p[n - 1] = 0;
}

/* Fills k; returns 0, or -1 if /proc/slabinfo or drop_caches is missing. */
__attribute__((unused))
static int kmem_take(struct kmem *k)
{
	memset(kmem_text, 0, sizeof kmem_text);     /* touched before counting */
	kmem_touch_stack();
	memset(k, 0, sizeof *k);
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3\n", 2) != 2) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return -1;
	k->free_pages = (long)((unsigned long long)si.freeram * (si.mem_unit ? si.mem_unit : 1) / 4096);
	k->used_pages = (long)((unsigned long long)si.totalram * (si.mem_unit ? si.mem_unit : 1) / 4096)
			- k->free_pages;
	fd = open("/proc/slabinfo", O_RDONLY);
	if (fd < 0)
		return -1;
	int len = 0, r;
	while (len < (int)sizeof kmem_text - 1 && (r = read(fd, kmem_text + len, sizeof kmem_text - 1 - len)) > 0)
		len += r;
	close(fd);
	for (char *line = kmem_text; line && *line && k->n < KMEM_LINES;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (!strncmp(line, "kmalloc-", 8) &&
		    sscanf(line, "%23s %ld %*d %*d %*d %*d : tunables %*d %*d %*d : slabdata %ld",
			   k->name[k->n], &k->active[k->n], &k->pages[k->n]) == 3) {
			if (strcmp(k->name[k->n], "kmalloc-pages"))   /* whole pages stay "used" */
				k->used_pages -= k->pages[k->n];
			k->n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	return k->n ? 0 : -1;
}

/* Writes what differs between a (before) and b (after) into why, as
 * "pages +3, kmalloc-64 +2 objects"; returns how many things differ.
 * Bucket pages and free pages that moved are shown after it, as "(free
 * pages -1, kmalloc-128 +1 pages)", but do not count as a difference. */
__attribute__((unused))
static int kmem_diff(const struct kmem *a, const struct kmem *b, char *why, size_t size)
{
	char moved[160] = "";
	size_t m = 0;
	if (a->free_pages != b->free_pages)
		m += snprintf(moved, sizeof moved, " (free pages %+ld", b->free_pages - a->free_pages);
	for (int i = 0; i < a->n && i < b->n && m < sizeof moved; i++)
		if (a->pages[i] != b->pages[i])
			m += snprintf(moved + m, sizeof moved - m, "%s%s %+ld pages", m ? ", " : " (",
				      a->name[i], b->pages[i] - a->pages[i]);
	if (m && m < sizeof moved)
		snprintf(moved + m, sizeof moved - m, ")");

	int differ = 0;
	size_t len = 0;
	why[0] = 0;
	if (a->used_pages != b->used_pages) {
		len += snprintf(why, size, "pages %+ld", b->used_pages - a->used_pages);
		differ++;
	}
	for (int i = 0; i < a->n && i < b->n && len < size; i++)
		if (a->active[i] != b->active[i]) {
			len += snprintf(why + len, size - len, "%s%s %+ld objects", differ ? ", " : "",
					a->name[i], b->active[i] - a->active[i]);
			differ++;
		}
	if (!differ)
		len = snprintf(why, size, "pages and kmalloc objects as before");
	if (len < size)
		snprintf(why + len, size - len, "%s", moved);
	return differ;
}

/* The free page count alone (sysinfo's freeram, in pages), for the checks
 * that need only it; -1 on error. */
__attribute__((unused))
static long free_pages(void)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return -1;
	return (long)((unsigned long long)si.freeram * si.mem_unit / 4096);
}

#ifdef CHECK_H    /* the checks below need check.h, included first */

/* Free pages once they stop moving back towards want (up to ~1 s). */
__attribute__((unused))
static long settled(long want)
{
	long now = free_pages();
	for (int i = 0; i < 50 && now != want; i++) {
		msleep(20);
		now = free_pages();
	}
	return now;
}

/* A leak check by free pages: rounds(warm) first (caches, first-touch
 * pages), then rounds(n) must report no failed round and give back every
 * page. The checks are "<name>: <warmed>", "<name>: <ran>" (with n) and
 * "<name>: free pages back where they started". */
__attribute__((unused))
static void measure_pages(const char *name, int (*rounds)(int), int warm, const char *warmed,
			  int n, const char *ran)
{
	char what[128], fmt[128];
	snprintf(what, sizeof what, "%s: %s", name, warmed);
	CHECK_EQ(what, rounds(warm), 0);
	long before = free_pages();
	int bad = rounds(n);
	long after = settled(before);
	snprintf(fmt, sizeof fmt, "%s: %s", name, ran);
	snprintf(what, sizeof what, fmt, n);
	CHECK_EQ(what, bad, 0);
	snprintf(what, sizeof what, "%s: free pages back where they started", name);
	if (before > 0 && after == before)
		pass(what);
	else
		fail(what, "before %ld, after %ld (%+ld pages)", before, after, after - before);
}

/* Runs work in a child; true when it said it worked. */
__attribute__((unused))
static bool run_work(bool (*work)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(work() ? 0 : 1);
	return wait_for(pid) == 0;
}

/* The work once to warm up, then `times` more: checks "<what>: works every
 * time" and "<what>: <same>", that the account after them is exactly as
 * before them. */
__attribute__((unused))
static void kmem_account(const char *what, bool (*work)(void), int times, const char *same)
{
	struct kmem a, b;
	char why[256], name[160];
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	bool ok = run_work(work);
	kmem_take(&a);
	for (int i = 0; i < times; i++)
		ok = run_work(work) && ok;
	kmem_take(&b);
	snprintf(name, sizeof name, "%s: works every time", what);
	CHECK(name, ok);
	snprintf(name, sizeof name, "%s: %s", what, same);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass(name);
	else
		fail(name, "%s", why);
}

#endif

/* Pipit's system-call count (/proc/stat "syscalls N"): how many calls
 * some work made (the vDSO's clocks make none). */
__attribute__((unused))
static unsigned long syscalls_so_far(void)
{
	char buf[4096];
	int fd = open("/proc/stat", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	const char *p = strstr(buf, "\nsyscalls ");
	return p ? strtoul(p + 10, NULL, 10) : 0;
}

#endif
