/* t_exec_frag_guest - guest only (it fills the machine's memory, and
 * reads the kernel's memory account): execve copies its arguments onto
 * the new stack a page at a time, so it runs with 200 KiB of arguments
 * when free memory lies only in runs of a few frames; and an exec, failed
 * or not, gives back every page and object it took for its strings. */
#include "check.h"
#include "exec_child.h"
#include "kmem.h"
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>

enum { PG = 4096, ARG = 100 * 1024 - 1, BIG = 32 * PG - 1 };
#define BAD ((char *)0xC0000000)

static char self[256];
static char *arg_a, *arg_b, *big;            /* 100 KiB of 'a', of 'b'; 128 KiB of 'c' */

static char *filled(size_t n, char c)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = 0;
	return s;
}

/* Runs execve(path, argv, envp) in a child with RLIMIT_STACK at stack
 * bytes; the errno of a failed execve, or 0 when the program ran and
 * exited 42 (else -1). */
static int exec_result(const char *path, char **argv, char **envp, rlim_t stack)
{
	int st, e = try_exec(path, argv, envp, stack, &st);
	if (e)
		return e;
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 42 ? 0 : -1;
}

/* ---- fragmented memory ---- */

/* The pages user memory may not take (kernel/mm/page_alloc.c,
 * reserve_for: Linux's default min_free_kbytes, sqrt(16 * KiB of
 * memory) within [128 KiB, 64 MiB]). */
static long reserve_pages(void)
{
	struct sysinfo si;
	sysinfo(&si);
	unsigned long kb16 = (unsigned long)((unsigned long long)si.totalram * si.mem_unit / 1024 * 16), r = 0;
	while ((r + 1) * (r + 1) <= kb16)
		r++;
	r = r < 128 ? 128 : r > 65536 ? 65536 : r;
	return (long)(r / 4);
}

struct frag {
	char *area;
	size_t len;
	int msq;
};

/* Leaves free memory in runs of about two frames: user pages fill it
 * down to near the reserve the kernel keeps for itself, messages on a
 * queue (kmalloc's pages, which may take the reserve) take that down to
 * 16 free pages, then every other pair of the user pages is given back
 * (MADV_DONTNEED). With fewer than 33 pages free, no 33 lay in a row.
 * Whether memory came down to 16 pages. */
static bool fragment(struct frag *f)
{
	long reserve = reserve_pages();
	static struct { long type; char text[1900]; } m = { 1, "x" };   /* two a kmalloc page */
	struct msqid_ds ds;
	size_t n = 0;
	f->len = (size_t)free_pages() * PG;
	f->area = mmap(NULL, f->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	f->msq = msgget(IPC_PRIVATE, 0600);
	if (f->area == MAP_FAILED || f->msq < 0 || msgctl(f->msq, IPC_STAT, &ds) < 0)
		return false;
	ds.msg_qbytes = 64 << 20;                /* root may raise it */
	if (msgctl(f->msq, IPC_SET, &ds) < 0)
		return false;
	while (n < f->len / PG && free_pages() > reserve + 256)
		f->area[n++ * PG] = 1;
	while (free_pages() > 16 && msgsnd(f->msq, &m, sizeof m.text, IPC_NOWAIT) == 0)
		;
	bool low = free_pages() <= 16;
	for (size_t i = 0; i + 4 <= n; i += 4)
		madvise(f->area + (i + 2) * PG, 2 * PG, MADV_DONTNEED);
	return low;
}

static void unfragment(struct frag *f)
{
	if (f->msq >= 0)
		msgctl(f->msq, IPC_RMID, NULL);
	if (f->area != MAP_FAILED)
		munmap(f->area, f->len);
}

/* A child waits until memory is fragmented, then execs this program with
 * 200 KiB of arguments (main's --check). Under the old kernel, which
 * copied them into one 128 KiB kmalloc block (33 frames in a row), this
 * was ENOMEM. */
static void fragmented(void)
{
	int go[2], res[2];
	struct frag f = { MAP_FAILED, 0, -1 };
	if (pipe(go) < 0 || pipe2(res, O_CLOEXEC) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char c, *argv[] = { "prog", "--check", arg_a, arg_b, NULL }, *envp[] = { NULL };
		close(go[1]);
		close(res[0]);
		if (read(go[0], &c, 1) != 1)
			_exit(98);
		execve(self, argv, envp);
		int e = errno;
		write(res[1], &e, sizeof e);
		_exit(127);
	}
	close(go[0]);
	close(res[1]);
	bool low = fragment(&f);
	write(go[1], "g", 1);
	int e = 0;
	ssize_t n = read(res[0], &e, sizeof e);
	int st = wait_for(pid);
	unfragment(&f);
	CHECK("memory came down to 16 free pages before the user pages' gaps", low);
	if (n == (ssize_t)sizeof e)
		fail("200 KiB of arguments pass under fragmented memory", "execve: %s", errname(e));
	else
		CHECK_EXIT("200 KiB of arguments pass under fragmented memory", st, 42);
}

/* ---- every page back ---- */

static char *script(const char *rel, const char *interp)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4], line[300];
	snprintf(path, sizeof paths[0], "%s", P(rel));
	snprintf(line, sizeof line, "#!%s\n", interp ? interp : path);
	put_file(path, line, strlen(line));
	chmod(path, 0755);
	return path;
}

/* Execs that copy much and then fail at each place where they can, and
 * one that works: whether each ends as it should. */
static bool exec_mix(void)
{
	static char *v[24];
	char *ok[] = { "prog", "--check", arg_a, arg_b, NULL }, *env[] = { "A=1", NULL };
	bool good = exec_result(self, ok, env, 8 << 20) == 0;
	v[0] = "prog";
	for (int i = 1; i <= 17; i++)
		v[i] = big;
	v[18] = NULL;
	good &= exec_result(self, v, env, 8 << 20) == E2BIG;      /* at the 16th string from the end */
	v[1] = BAD;
	v[9] = NULL;
	good &= exec_result(self, v, env, 8 << 20) == EFAULT;     /* after seven */
	good &= exec_result(self, ok, env, 64 << 10) == E2BIG;    /* past the 64 KiB stack */
	good &= exec_result(P("missing"), ok, env, 8 << 20) == ENOENT;
	put_file(P("junk"), "junk", 4);
	chmod(P("junk"), 0755);
	good &= exec_result(P("junk"), ok, env, 8 << 20) == ENOEXEC;
	good &= exec_result(script("noint", "/nonexistent/interp"), ok, env, 8 << 20) == ENOENT;
	good &= exec_result(script("loop", NULL), ok, env, 8 << 20) == ELOOP;

	/* Fifteen strings of 128 KiB and one more that fit with 8 bytes to
	 * spare (4 bytes a pointer), until the script's interpreter takes
	 * argv[0]'s place: E2BIG in the rewrite. */
	const char *path = script("full", self);
	char *none[] = { NULL };
	size_t used = strlen(path) + 1 + strlen("prog") + 1 + 15 * (BIG + 1) + 4 * 17;
	char *tail = filled((2u << 20) - 8 - used - 1, 'd');
	for (int i = 1; i <= 15; i++)
		v[i] = big;
	v[16] = tail;
	v[17] = NULL;
	good &= exec_result(self, v, none, 8 << 20) == -1;       /* runs (main's exit 1) */
	good &= exec_result(path, v, none, 8 << 20) == E2BIG;
	free(tail);
	return good;
}

/* i386 Linux's count to the byte, which the differential test cannot
 * show (the host's x86-64 kernel counts 8 bytes a pointer): the file
 * name, the strings and 4 bytes a pointer make exactly 2 MiB, then one
 * byte more. */
static void exact_limit(void)
{
	static char *v[20];
	char *env[] = { "A=1", NULL };
	size_t used = strlen(self) + 1 + strlen("prog") + 1 + 15 * (BIG + 1) + 4 + 4 * 18;
	size_t n = (2u << 20) - used - 1;
	char *tail = filled(n, 'd');
	v[0] = "prog";
	for (int i = 1; i <= 15; i++)
		v[i] = big;
	v[16] = tail;
	CHECK_EQ("2 MiB to the byte runs", exec_result(self, v, env, 8 << 20), -1);
	free(tail);
	v[16] = tail = filled(n + 1, 'd');
	CHECK_EQ("one byte more -> E2BIG", exec_result(self, v, env, 8 << 20), E2BIG);
	free(tail);
}

static void no_leaks(void)
{
	kmem_account("execs with 200 KiB to 2 MiB of strings, failed and not", exec_mix, 3,
		     "pages and kmalloc objects as before");
}

/* A vector of hundreds of millions of words (one memfd megabyte of
 * non-null words mapped 512 times over): counting it takes the kernel
 * many seconds, which must neither hold the CPU from others nor ignore
 * a SIGKILL (Linux's fatal-signal check and cond_resched in its loops). */
static void huge_vector(void)
{
	const size_t mb = 1 << 20;
	int fd = memfd_create("words", 0);
	ftruncate(fd, mb);
	char *w = mmap(NULL, mb, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(w, 1, mb);
	char *base = mmap(NULL, 512 * mb, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool mapped = w != MAP_FAILED && base != MAP_FAILED;
	for (int i = 0; mapped && i < 512; i++)
		mapped = mmap(base + i * mb, mb, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0) != MAP_FAILED;
	CHECK("512 MiB of one megabyte of words", mapped);
	pid_t pid = fork();
	if (pid == 0) {
		execve("/bin/true", (char **)base, NULL);
		_exit(1);
	}
	msleep(200);                             /* the parent runs: the CPU is shared */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill(pid, SIGKILL);
	int st = wait_for(pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("the exec dies of SIGKILL", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK("within a second or so (not at the vector's end)", ms < 3000);
	munmap(base, 512 * mb);
	munmap(w, mb);
	close(fd);
}

int main(int argc, char **argv)
{
	arg_a = filled(ARG, 'a');
	arg_b = filled(ARG, 'b');
	big = filled(BIG, 'c');
	if (argc > 1 && !strcmp(argv[1], "--check"))
		_exit(argc == 4 && !strcmp(argv[2], arg_a) && !strcmp(argv[3], arg_b) ? 42 : 1);
	if (argc > 1)
		_exit(1);                        /* run by exec_mix with other arguments */
	tdir_setup("t_exec_frag_guest");
	snprintf(self, sizeof self, "/tests/%s", argv[0]);
	RUN(fragmented);
	RUN(exact_limit);
	RUN(no_leaks);
	RUN(huge_vector);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
