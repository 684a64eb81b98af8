/* t_mremap - differential test of mremap(2) and the madvise advice that
 * changes memory (MADV_DONTNEED, MADV_FREE, MADV_DONTFORK, MADV_WIPEONFORK):
 * growing in place and by moving, shrinking, MREMAP_FIXED, MREMAP_DONTUNMAP,
 * the contents kept across a move, shared and file mappings, and every
 * errno of the man page in Linux's order. */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

enum { PG = 4096 };

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

/* A private anonymous mapping of n pages, each page filled with its index. */
static char *pages(int n)
{
	char *p = mmap(NULL, (size_t)n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < n; i++)
		memset(p + (size_t)i * PG, 'a' + i, PG);
	return p;
}

/* Whether every page i of p holds 'a' + i (n pages). */
static int holds(const char *p, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < PG; j += 512)
			if (p[(size_t)i * PG + j] != 'a' + i)
				return 0;
	return 1;
}

/* Whether addr is mapped (mincore-free probe: msync says ENOMEM if not). */
static int mapped(const void *addr)
{
	return msync((void *)((uintptr_t)addr & ~(uintptr_t)(PG - 1)), PG, MS_ASYNC) == 0;
}

/* A hole of n pages: mapped then unmapped, so nothing is there. */
static char *hole(int n)
{
	char *p = mmap(NULL, (size_t)n * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, (size_t)n * PG);
	return p;
}

static void errors(void)
{
	char *p = pages(4);
	CHECK("setup", p != NULL);
	CHECK_SYSERR("unknown flag", EINVAL, SYS_mremap, p, PG, PG, 8);
	CHECK_SYSERR("FIXED without MAYMOVE", EINVAL, SYS_mremap, p, PG, PG, MREMAP_FIXED, p + 8 * PG);
	CHECK_SYSERR("DONTUNMAP without MAYMOVE", EINVAL, SYS_mremap, p, PG, PG, MREMAP_DONTUNMAP);
	CHECK_SYSERR("DONTUNMAP, sizes differ", EINVAL, SYS_mremap, p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	CHECK_SYSERR("unaligned address", EINVAL, SYS_mremap, p + 1, PG, PG, 0);
	CHECK_SYSERR("new size 0", EINVAL, SYS_mremap, p, PG, 0, 0);
	CHECK_SYSERR("nothing mapped there", EFAULT, SYS_mremap, hole(2), PG, 2 * PG, MREMAP_MAYMOVE);
	CHECK_SYSERR("old size 0 of a private mapping", EINVAL, SYS_mremap, p, 0, PG, MREMAP_MAYMOVE);
	CHECK_SYSERR("old range past the area", EFAULT, SYS_mremap, p + 2 * PG, 4 * PG, 5 * PG, MREMAP_MAYMOVE);
	CHECK_SYSERR("FIXED: unaligned new address", EINVAL, SYS_mremap, p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 8 * PG + 1);
	CHECK_SYSERR("FIXED: overlapping ranges", EINVAL, SYS_mremap, p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG);
	CHECK_SYSERR("FIXED: past the top", EINVAL, SYS_mremap, p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0xFFFFF000u);
	/* Growing in place into the next mapping, without MAYMOVE. */
	char *h = hole(5);
	p = mremap(p, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, h);
	char *q = mmap(p + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("neighbour mapped", p == h && q == p + 4 * PG);
	CHECK_SYSERR("cannot grow in place", ENOMEM, SYS_mremap, p, 4 * PG, 5 * PG, 0);
	CHECK("contents kept after the failures", holds(p, 4));
	/* Old and new size equal: the same address, nothing moves. */
	CHECK("same size", (char *)syscall(SYS_mremap, p, 4 * PG, 4 * PG, 0) == p);
	CHECK("same size, unaligned length", (char *)syscall(SYS_mremap, p, 4 * PG - 100, 4 * PG - 5, 0) == p);
}

static void shrink(void)
{
	char *p = pages(4);
	CHECK("shrink returns the same address", mremap(p, 4 * PG, 2 * PG, 0) == p);
	CHECK("shrunk: head kept", holds(p, 2));
	CHECK("shrunk: tail unmapped", !mapped(p + 2 * PG) && !mapped(p + 3 * PG));
	/* Shrinking the middle of an area splits it. */
	char *r = pages(6);
	CHECK("shrink a middle part", mremap(r + PG, 3 * PG, PG, 0) == r + PG);
	CHECK("middle: pages 0-1 kept", holds(r, 2));
	CHECK("middle: hole", !mapped(r + 2 * PG) && !mapped(r + 3 * PG));
	CHECK("middle: pages 4-5 kept", r[4 * PG] == 'e' && r[5 * PG] == 'f');
}

static void grow(void)
{
	/* In place: the pages after are free. */
	char *h = hole(8);
	char *p = mmap(h, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	memset(p, 'a', PG);
	memset(p + PG, 'b', PG);
	CHECK("grow in place", mremap(p, 2 * PG, 6 * PG, 0) == p);
	CHECK("grown: old pages kept", holds(p, 2));
	CHECK("grown: new pages zero", p[2 * PG] == 0 && p[6 * PG - 1] == 0);
	p[5 * PG] = 'x';
	CHECK("grown: writable", p[5 * PG] == 'x');
	/* By moving: the next page is taken. */
	char *src = pages(3), *room = hole(4);
	char *q = mremap(src, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, room);
	char *block = mmap(q + 3 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("blocker", block == q + 3 * PG);
	char *n = mremap(q, 3 * PG, 10 * PG, MREMAP_MAYMOVE);
	CHECK("moved", n != MAP_FAILED && n != q);
	CHECK("moved: contents follow", n != MAP_FAILED && holds(n, 3));
	CHECK("moved: new tail zero", n != MAP_FAILED && n[9 * PG] == 0);
	CHECK("moved: old range unmapped", !mapped(q) && !mapped(q + 2 * PG));
	CHECK("moved: blocker untouched", mapped(block));
}

static void fixed(void)
{
	char *p = pages(3);
	char *dst = pages(5);                      /* replaced by the move */
	char *n = mremap(p, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	CHECK("FIXED goes where asked", n == dst);
	CHECK("FIXED: contents follow", holds(dst, 3));
	CHECK("FIXED: old range gone", !mapped(p));
	CHECK("FIXED: rest of the old target stays", mapped(dst + 4 * PG) && dst[4 * PG] == 'e');
	/* FIXED and shrink at once. */
	char *s = pages(4), *t = hole(4);
	CHECK("FIXED shrink", mremap(s, 4 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t) == t);
	CHECK("FIXED shrink: contents", holds(t, 2));
	CHECK("FIXED shrink: nothing after", !mapped(t + 2 * PG));
	CHECK("FIXED shrink: source gone", !mapped(s) && !mapped(s + 3 * PG));
}

static void dontunmap(void)
{
	char *p = pages(3);
	char *n = mremap(p, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	CHECK("DONTUNMAP moves", n != MAP_FAILED && n != p);
	CHECK("DONTUNMAP: contents follow", n != MAP_FAILED && holds(n, 3));
	CHECK("DONTUNMAP: old range still mapped", mapped(p) && mapped(p + 2 * PG));
	CHECK("DONTUNMAP: old range reads zero", p[0] == 0 && p[2 * PG + 7] == 0);
}

static void shared_and_file(void)
{
	/* A shared anonymous mapping moved: the child still shares it. */
	char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 'a';
	char *blocker = mmap(s + 2 * PG, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	(void)blocker;
	char *n = mremap(s, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole(2));
	CHECK("shared moved", n != MAP_FAILED && n[0] == 'a');
	pid_t pid = fork();
	if (pid == 0) {
		n[PG] = 'z';
		_exit(0);
	}
	wait_for(pid);
	CHECK("shared after the move", n[PG] == 'z');
	/* old_size 0 of a shared mapping: a second view of the same pages. */
	char *v = mremap(n, 0, 2 * PG, MREMAP_MAYMOVE);
	CHECK("old size 0 duplicates a shared mapping", v != MAP_FAILED && v != n);
	if (v != MAP_FAILED) {
		v[1] = 'y';
		CHECK("the two views share pages", n[1] == 'y' && mapped(n));
	}
	/* A file mapping moved keeps reading the file at the right offset. */
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[3 * PG];
	for (int i = 0; i < 3; i++)
		memset(buf + i * PG, 'a' + i, PG);
	CHECK_EQ("file written", write(fd, buf, sizeof buf), (long)sizeof buf);
	char *f = mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
	char *g = mremap(f + PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole(2));
	CHECK("file pages follow", g != MAP_FAILED && g[0] == 'b' && g[PG] == 'c');
	CHECK("file head still mapped", f[0] == 'a');
	/* Growing a file mapping past the end: SIGBUS there, as Linux. */
	char *h = mremap(f, PG, 4 * PG, MREMAP_MAYMOVE);
	CHECK("file mapping grown", h != MAP_FAILED && h[0] == 'a');
	if (h != MAP_FAILED) {
		pid = fork();
		if (pid == 0) {
			volatile char c = h[3 * PG];
			(void)c;
			_exit(0);
		}
		CHECK_SIG("past the end of the file", wait_for(pid), SIGBUS);
	}
	close(fd);
}

static void madv_dontneed(void)
{
	char *p = pages(4);
	CHECK_OK0("MADV_DONTNEED", madvise(p + PG, 2 * PG, MADV_DONTNEED));
	CHECK("private anonymous: zero after", p[PG] == 0 && p[3 * PG - 1] == 0);
	CHECK("outside the range kept", p[0] == 'a' && p[3 * PG] == 'd');
	p[PG] = 'q';
	CHECK("usable again", p[PG] == 'q');
	/* Shared memory keeps its data: only this mapping's entries go. */
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[5] = 'k';
	CHECK_OK0("MADV_DONTNEED shared", madvise(s, PG, MADV_DONTNEED));
	CHECK("shared: data kept", s[5] == 'k');
	/* After fork, the copy-on-write page of the child is private again. */
	char *c = pages(1);
	pid_t pid = fork();
	if (pid == 0) {
		madvise(c, PG, MADV_DONTNEED);
		_exit(c[0] == 0 ? 0 : 1);
	}
	CHECK_EXIT("child's page zero", wait_for(pid), 0);
	CHECK("parent's page kept", c[0] == 'a');
	CHECK_ERR("MADV_DONTNEED unmapped", madvise(hole(1), PG, MADV_DONTNEED), ENOMEM);
	CHECK_ERR("MADV_FREE shared", madvise(s, PG, MADV_FREE), EINVAL);
	CHECK_OK0("MADV_FREE private", madvise(p, PG, MADV_FREE));
}

static void madv_fork(void)
{
	char *d = pages(2), *w = pages(2);
	CHECK_OK0("MADV_DONTFORK", madvise(d, 2 * PG, MADV_DONTFORK));
	CHECK_OK0("MADV_WIPEONFORK", madvise(w, PG, MADV_WIPEONFORK));
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("MADV_WIPEONFORK shared", madvise(s, PG, MADV_WIPEONFORK), EINVAL);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		bad |= mapped(d) ? 1 : 0;            /* not inherited */
		bad |= w[0] != 0 ? 2 : 0;            /* wiped */
		bad |= w[PG] != 'b' ? 4 : 0;         /* the page outside the range is kept */
		_exit(bad);
	}
	CHECK_EXIT("child: DONTFORK gone, WIPEONFORK zero", wait_for(pid), 0);
	CHECK("parent keeps both", d[0] == 'a' && w[0] == 'a');
	CHECK_OK0("MADV_DOFORK", madvise(d, 2 * PG, MADV_DOFORK));
	CHECK_OK0("MADV_KEEPONFORK", madvise(w, PG, MADV_KEEPONFORK));
	pid = fork();
	if (pid == 0)
		_exit(mapped(d) && d[PG] == 'b' && w[0] == 'a' ? 0 : 1);
	CHECK_EXIT("child: inherited again", wait_for(pid), 0);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });   /* no core files */
	tdir_setup("t_mremap");
	RUN(errors);
	RUN(shrink);
	RUN(grow);
	RUN(fixed);
	RUN(dontunmap);
	RUN(shared_and_file);
	RUN(madv_dontneed);
	RUN(madv_fork);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
