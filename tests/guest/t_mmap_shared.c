/* t_mmap_shared - differential test of shared anonymous memory
 * (mmap MAP_SHARED|MAP_ANONYMOUS): shared with children and grandchildren
 * after fork in both directions (unlike MAP_PRIVATE), a counter
 * incremented by many children, zero-filled pages, munmap of part of a
 * region (the rest stays shared, the hole faults), munmap by one process
 * only, mprotect of part of it, msync, and big regions. */
#include "check.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define PG 4096

static void *map_shared(size_t n)
{
	return mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

static volatile char *vp;

static void do_write(void)
{
	vp[0] = 1;
}

static void do_read(void)
{
	(void)*(volatile char *)vp;
}

/* ---- cases ---- */

static void both_ways(void)
{
	char *p = map_shared(PG);
	CHECK("mmap(MAP_SHARED|MAP_ANONYMOUS)", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	int zero = 1;
	for (int i = 0; i < PG; i++)
		zero &= p[i] == 0;
	CHECK("new shared memory reads as zeros", zero);
	strcpy(p, "parent");
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = !strcmp(p, "parent");
		strcpy(p + 100, "child");
		write(a[1], "x", 1);
		read(b[0], &c, 1);
		ok &= !strcmp(p + 200, "later");
		_exit(ok ? 0 : 1);
	}
	read(a[0], &c, 1);
	CHECK_STR("the parent sees the child's write", p + 100, "child");
	strcpy(p + 200, "later");
	write(b[1], "x", 1);
	CHECK_EXIT("the child saw the parent's data, before and after its write", wait_for(pid), 0);

	pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			strcpy(p + 300, "grandchild");
			_exit(0);
		}
		wait_for(g);
		_exit(0);
	}
	wait_for(pid);
	CHECK_STR("a grandchild's write reaches the parent", p + 300, "grandchild");
	CHECK_OK0("msync", msync(p, PG, MS_SYNC));
	CHECK_OK0("munmap", munmap(p, PG));
}

static void private_contrast(void)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(p, "mine");
	pid_t pid = fork();
	if (pid == 0) {
		strcpy(p, "child's");
		_exit(0);
	}
	wait_for(pid);
	CHECK_STR("MAP_PRIVATE: the child's write stays in the child", p, "mine");
	munmap(p, PG);
}

static void counter(void)
{
	volatile int *n = map_shared(PG);
	CHECK("mapped", n != MAP_FAILED);
	if (n == MAP_FAILED)
		return;
	pid_t pids[10];
	for (int i = 0; i < 10; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			for (int j = 0; j < 1000; j++) {
				__sync_fetch_and_add(&n[0], 1);
				if (j % 100 == 0)
					sched_yield();
			}
			__sync_fetch_and_add(&n[1 + i], i + 1);
			_exit(0);
		}
	}
	int ok = 1;
	for (int i = 0; i < 10; i++) {
		int st = wait_for(pids[i]);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK("ten children finished", ok);
	CHECK_EQ("the shared counter is 10 * 1000", n[0], 10000);
	int each = 1;
	for (int i = 0; i < 10; i++)
		each &= n[1 + i] == i + 1;
	CHECK("each child's own slot arrived", each);
	munmap((void *)n, PG);
}

static void partial_munmap(void)
{
	char *p = map_shared(4 * PG);
	for (int i = 0; i < 4; i++)
		p[i * PG] = 'a' + i;
	CHECK_OK0("munmap the second page", munmap(p + PG, PG));
	vp = p + PG;
	CHECK_SIG("the hole -> SIGSEGV", child_status(do_read), SIGSEGV);
	CHECK("the other pages keep their data", p[0] == 'a' && p[2 * PG] == 'c' && p[3 * PG] == 'd');
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'A';
		p[2 * PG] = 'C';
		p[3 * PG] = 'D';
		_exit(0);
	}
	wait_for(pid);
	CHECK("both pieces are still shared with a child", p[0] == 'A' && p[2 * PG] == 'C' && p[3 * PG] == 'D');

	/* the parent unmaps the middle after fork: the child's view is intact */
	char *q = map_shared(3 * PG);
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	pid = fork();
	if (pid == 0) {
		read(b[0], &c, 1);           /* parent has unmapped q+PG */
		q[PG] = 'm';                  /* still mapped here */
		q[0] = 'x';
		q[2 * PG] = 'z';
		write(a[1], "x", 1);
		read(b[0], &c, 1);
		_exit(q[PG] == 'm' && q[0] == 'y' ? 0 : 1);
	}
	CHECK_OK0("parent unmaps the middle page", munmap(q + PG, PG));
	write(b[1], "x", 1);
	read(a[0], &c, 1);
	CHECK("the child's writes to the outer pages are seen", q[0] == 'x' && q[2 * PG] == 'z');
	q[0] = 'y';
	write(b[1], "x", 1);
	CHECK_EXIT("the child kept its middle page and sees the parent's write", wait_for(pid), 0);

	/* the parent unmaps everything: the child keeps the memory */
	char *r = map_shared(2 * PG);
	strcpy(r + PG, "kept");
	pid = fork();
	if (pid == 0) {
		read(b[0], &c, 1);
		_exit(!strcmp(r + PG, "kept") ? 0 : 1);
	}
	munmap(r, 2 * PG);
	write(b[1], "x", 1);
	CHECK_EXIT("after the parent's munmap the child still has the data", wait_for(pid), 0);
	vp = r;
	CHECK_SIG("and the parent's access faults", child_status(do_read), SIGSEGV);
	CHECK_ERR("munmap of an unaligned address -> EINVAL", munmap(p + 1, PG), EINVAL);
	CHECK_OK0("munmap of the rest, across the hole", munmap(p, 4 * PG));
	munmap(q, 3 * PG);
}

static void protect_part(void)
{
	char *p = map_shared(3 * PG);
	CHECK_OK0("mprotect the middle page PROT_READ", mprotect(p + PG, PG, PROT_READ));
	vp = p + PG;
	CHECK_SIG("writing it -> SIGSEGV", child_status(do_write), SIGSEGV);
	vp = p + 2 * PG;
	CHECK_EXIT("the last page is still writable", child_status(do_write), 0);
	CHECK_EQ("and the child's write is shared", p[2 * PG], 1);
	p[0] = 7;
	pid_t pid = fork();
	if (pid == 0)
		_exit(p[0] == 7 && p[PG] == 0 ? 0 : 1);
	CHECK_EXIT("the pieces are still shared after fork", wait_for(pid), 0);
	CHECK_OK0("mprotect it back", mprotect(p + PG, PG, PROT_READ | PROT_WRITE));
	vp = p + PG;
	CHECK_EXIT("writable again", child_status(do_write), 0);
	CHECK_EQ("shared again", p[PG], 1);
	munmap(p, 3 * PG);
}

static void big_and_odd(void)
{
	size_t n = 64 * PG;
	char *p = map_shared(n);
	CHECK("64 pages", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < n; i += 512)
			p[i] = (char)(i / 512);
		_exit(0);
	}
	wait_for(pid);
	int ok = 1;
	for (size_t i = 0; i < n; i += 512)
		ok &= p[i] == (char)(i / 512);
	CHECK("every page written by the child is seen", ok);
	munmap(p, n);

	/* rounded up to a page; the page after it is kept PROT_NONE */
	char *guard = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *o = mmap(guard, 100, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("an odd size maps", o != MAP_FAILED);
	o[PG - 1] = 5;
	pid = fork();
	if (pid == 0)
		_exit(o[PG - 1] == 5 ? 0 : 1);
	CHECK_EXIT("its whole page is there and shared", wait_for(pid), 0);
	vp = o + PG;
	CHECK_SIG("the next page is not", child_status(do_read), SIGSEGV);
	munmap(o, 100);
	munmap(guard, 2 * PG);
	CHECK_ERR("a zero-length shared mapping -> EINVAL", (long)map_shared(0), EINVAL);
}

static void ro_shared(void)
{
	char *p = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK("PROT_READ shared mapping", p != MAP_FAILED);
	CHECK_EQ("reads zero", p[10], 0);
	vp = p;
	CHECK_SIG("writing -> SIGSEGV", child_status(do_write), SIGSEGV);
	CHECK_OK0("mprotect to read-write (anonymous: allowed)", mprotect(p, PG, PROT_READ | PROT_WRITE));
	CHECK_EXIT("then a child writes", child_status(do_write), 0);
	CHECK_EQ("and the write is shared", p[0], 1);
	munmap(p, PG);
}

int main(void)
{
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	RUN(both_ways);
	RUN(private_contrast);
	RUN(counter);
	RUN(partial_munmap);
	RUN(protect_part);
	RUN(big_and_odd);
	RUN(ro_shared);
	return cases_failed ? 1 : 0;
}
