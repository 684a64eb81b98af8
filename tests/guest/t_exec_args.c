/* t_exec_args - differential test of how much execve passes, and how
 * Linux (6.1) limits it (execve(2), "Limits on size of arguments and
 * environment"): the file name, the environment and the argument strings
 * with their pointers may take a quarter of RLIMIT_STACK, at least 128 KiB
 * and at most 6 MiB, and must fit in the stack the limit allows; one
 * string may have 128 KiB with its terminator; "#!" scripts are held to
 * the same limits after their arguments are rewritten; the first error met
 * decides between E2BIG and EFAULT (the environment is copied before the
 * arguments, each the last string first); a NULL argv gives argc 1.
 *
 * Each exec runs a copy of this program in the test's directory (so that
 * its path is as long on both systems) in --check mode: it checks the
 * number and the bytes of its arguments and environment, uses the stack
 * it is told to, and exits 42. The host's x86-64 kernel counts 8 bytes
 * for each pointer where i386 Linux counts 4, so the sizes here stay
 * clear of the limit by more than the pointers' difference, or go past
 * it on both counts. */
#include "check.h"
#include "exec_child.h"
#include <alloca.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/resource.h>

enum { PG = 4096, MAX_ARG_STRLEN = 32 * PG, BIG = MAX_ARG_STRLEN - 1 };
#define MiB (1 << 20)
#define LIMIT (2 * MiB)                      /* the strings' limit under an 8 MiB stack */
#define BAD ((char *)0xC0000000)             /* a kernel-half address */

extern char **environ;
static char self[256];                       /* the copy every exec runs */

/* What an exec passes, and the child checks: argv is "prog", "--check",
 * the spec as text, then na strings of la bytes (the last of last bytes);
 * envp has ne strings of le bytes; the child then uses kb KiB of stack. */
struct spec {
	int na, ne, kb;
	size_t la, last, le;
};

/* The string of n bytes for slot i: the alphabet from letter i % 26 on,
 * round and round. Strings of one length share 26 copies, made when
 * first asked for (four lengths are kept: an exec uses at most three). */
static char *text(int i, size_t n)
{
	static struct { size_t n; bool used; char *v[26]; } cache[4];
	static int next;
	int c = 0, k = i % 26;
	while (c < 4 && !(cache[c].used && cache[c].n == n))
		c++;
	if (c == 4) {
		c = next++ % 4;
		for (int j = 0; j < 26; j++) {
			free(cache[c].v[j]);
			cache[c].v[j] = NULL;
		}
		cache[c].n = n;
		cache[c].used = true;
	}
	if (!cache[c].v[k]) {
		char *s = malloc(n + 27);
		for (int j = 0; j < 26; j++)
			s[j] = (char)('a' + (k + j) % 26);
		for (size_t j = 26; j < n; j *= 2)   /* whole periods: copies keep the pattern */
			memcpy(s + j, s, j < n - j ? j : n - j);
		s[n] = 0;
		cache[c].v[k] = s;
	}
	return cache[c].v[k];
}

/* The vectors for s (malloc'd, freed by the next call). */
static char **argv_of, **envp_of;
static void make(const struct spec *s)
{
	static char spec[128];
	free(argv_of);
	free(envp_of);
	argv_of = calloc(s->na + 4, sizeof *argv_of);
	envp_of = calloc(s->ne + 1, sizeof *envp_of);
	snprintf(spec, sizeof spec, "%d %zu %zu %d %zu %d", s->na, s->la, s->last, s->ne, s->le, s->kb);
	argv_of[0] = "prog";
	argv_of[1] = "--check";
	argv_of[2] = spec;
	for (int i = 0; i < s->na; i++)
		argv_of[3 + i] = text(i, i == s->na - 1 ? s->last : s->la);
	for (int i = 0; i < s->ne; i++)
		envp_of[i] = text(i, s->le);
}

/* na arguments of la bytes and ne environment strings of le. */
static struct spec sized(int na, size_t la, int ne, size_t le)
{
	return (struct spec){ .na = na, .la = la, .last = la, .ne = ne, .le = le };
}

/* The path the test runs this program by (tdir/self), seen from the
 * child: the directory of its own /proc/self/exe. */
static const char *self_path(void)
{
	static char path[512];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	path[n < 0 ? 0 : n] = 0;
	return path;
}

/* The child's side: whether argv and environ are what the spec in them
 * says, and AT_EXECFN the file the exec named. Run as a script's
 * interpreter, argv[1] is the script's argument, argv[2] the script, then
 * come the exec's argv[1..]. Returns the exit code: 42 when all is well. */
static int check_self(int argc, char **argv)
{
	int i = 2;
	if (argc > 3 && argv[2][0] == '/') {     /* self, its argument, the script, argv[1..] */
		if (strcmp(strrchr(argv[2], '/'), "/script") || strcmp(strrchr(argv[0], '/'), "/self") ||
		    strcmp(argv[3], "--check"))
			return 2;
		i = 4;
	}
	struct spec s;
	if (i >= argc || sscanf(argv[i], "%d %zu %zu %d %zu %d", &s.na, &s.la, &s.last, &s.ne, &s.le, &s.kb) != 6)
		return 3;
	if (argc != i + 1 + s.na)
		return 4;
	for (int k = 0; k < s.na; k++) {
		size_t n = k == s.na - 1 ? s.last : s.la;
		if (strlen(argv[i + 1 + k]) != n || memcmp(argv[i + 1 + k], text(k, n), n))
			return 5;
	}
	int n = 0;
	for (; environ[n]; n++)
		if (n >= s.ne || strlen(environ[n]) != s.le || memcmp(environ[n], text(n, s.le), s.le))
			return 6;
	if (n != s.ne)
		return 7;
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	if (!execfn || strcmp(execfn, i == 4 ? argv[2] : self_path()))
		return 8;
	if (s.kb) {
		/* The stack has 128 KiB below the strings from the start (a
		 * touch there needs no growth), and grows on below that. */
		((volatile char *)argv[0])[-120 * 1024] = 1;
		char *deep = alloca((size_t)s.kb << 10);
		memset(deep, 1, (size_t)s.kb << 10);
		if (((volatile char *)deep)[0] != 1)
			return 9;
	}
	return 42;
}

/* execve must fail with errno want (0: succeed, and the child exit 42). */
static void expect(const char *name, const char *path, char **argv, char **envp, rlim_t stack, int want)
{
	int st, e = try_exec(path, argv, envp, stack, &st);
	if (e == want && want)
		pass(name);
	else if (e)
		fail(name, "got %s, expected %s", errname(e), want ? errname(want) : "success");
	else if (want)
		fail(name, "exec succeeded (%s), expected %s", status_str(st), errname(want));
	else
		CHECK_EXIT(name, st, 42);
}

/* The same for the vectors of s, run as this program (or path). */
static void run(const char *name, struct spec s, rlim_t stack, int want)
{
	make(&s);
	expect(name, self, argv_of, envp_of, stack, want);
}

static void sizes(void)
{
	run("1 MiB of arguments (16 of 64 KiB) arrive intact", sized(16, 65535, 0, 0), 8 * MiB, 0);
	struct spec s = sized(8, BIG, 7, BIG);
	s.kb = 1024;
	run("15 strings of 128 KiB (1.9 MiB) in argv and envp arrive, the stack grows 1 MiB past them",
	    s, 8 * MiB, 0);
	run("16 of them are past 2 MiB -> E2BIG", sized(8, BIG, 8, BIG), 8 * MiB, E2BIG);
}

static void one_string(void)
{
	run("an argument of 131072 bytes with its terminator", sized(1, BIG, 0, 0), 8 * MiB, 0);
	run("an argument of 131073 -> E2BIG", sized(1, BIG + 1, 0, 0), 8 * MiB, E2BIG);
	run("an environment string of 131072 bytes with its terminator", sized(0, 0, 1, BIG), 8 * MiB, 0);
	run("an environment string of 131073 -> E2BIG", sized(0, 0, 1, BIG + 1), 8 * MiB, E2BIG);
}

static void stack_limits(void)
{
	run("1 MiB stack: 200 KiB pass", sized(2, 100 * 1024 - 1, 0, 0), MiB, 0);
	run("1 MiB stack: 256 KiB (a quarter) -> E2BIG", sized(2, BIG, 0, 0), MiB, E2BIG);
	run("256 KiB stack: 100 KiB pass (the 128 KiB floor)", sized(1, 100 * 1024 - 1, 0, 0), 256 * 1024, 0);
	run("256 KiB stack: 140 KiB -> E2BIG", sized(2, 70 * 1024 - 1, 0, 0), 256 * 1024, E2BIG);
	run("64 KiB stack: 40 KiB pass", sized(1, 40 * 1024 - 1, 0, 0), 64 * 1024, 0);
	run("64 KiB stack: 100 KiB do not fit in it -> E2BIG", sized(1, 100 * 1024 - 1, 0, 0), 64 * 1024, E2BIG);
	run("unlimited stack: 5 MiB pass", sized(40, BIG, 0, 0), RLIM_INFINITY, 0);
	run("unlimited stack: 6.25 MiB -> E2BIG (at most 6 MiB)", sized(50, BIG, 0, 0), RLIM_INFINITY, E2BIG);
}

static void many_strings(void)
{
	run("80000 strings of 16 bytes arrive", sized(80000, 15, 0, 0), 8 * MiB, 0);
	run("120000 of them (1.9 MiB) and their pointers -> E2BIG", sized(120000, 15, 0, 0), 8 * MiB, E2BIG);
	run("600000 empty strings: their pointers alone -> E2BIG", sized(600000, 0, 0, 0), 8 * MiB, E2BIG);
}

/* A "#!" script run by this program, with a long argument: argv becomes
 * self, the argument, the script, then argv[1..]; argv[0] goes. */
static const char shebang_arg[] =
	"--check-as-interpreter-with-an-argument-long-enough-to-matter-at-the-limit-of-2MiB";

static void scripts(void)
{
	char line[512];
	const char *path = P("script");
	snprintf(line, sizeof line, "#!%s %s\n", self, shebang_arg);
	if (put_file(path, line, strlen(line)) < 0 || chmod(path, 0755) < 0)
		say("[FAIL] cannot write %s\n", path);
	struct spec s = sized(7, BIG, 0, 0);
	make(&s);
	expect("a script gets 900 KiB of arguments intact", path, argv_of, envp_of, 8 * MiB, 0);

	/* Strings that fit with 16 bytes to spare (counting 8 bytes a
	 * pointer), but not with the interpreter, its argument and the
	 * script's path in place of argv[0]. */
	s = sized(16, BIG, 0, 0);
	make(&s);
	size_t used = strlen(path) + 1;
	for (int i = 0; argv_of[i]; i++)
		used += strlen(argv_of[i]) + 1;
	size_t want = LIMIT - 8 * (3 + s.na) - 16;
	s.last = BIG - (used - want);
	make(&s);
	expect("arguments that fit only before the script's rewrite -> E2BIG", path, argv_of, envp_of,
	       8 * MiB, E2BIG);
	s.last -= 300;
	make(&s);
	expect("300 bytes fewer fit after it", path, argv_of, envp_of, 8 * MiB, 0);
	expect("run directly, the program gets them too", self, argv_of, envp_of, 8 * MiB, 0);
}

/* Which error comes first: both vectors are counted (a bad vector:
 * EFAULT), the pointers checked against the limit, then the strings are
 * copied, the environment's and then the arguments', each vector from
 * its last string: the first string that faults or does not fit
 * decides. */
static void error_order(void)
{
	char *huge = text(0, BIG + 1);
	static char *v[32];
	char *bad_env[] = { BAD, NULL }, *huge_env[] = { huge, NULL }, *no_env[] = { NULL };
	v[0] = "prog";
	v[1] = BAD, v[2] = huge, v[3] = NULL;
	expect("a bad string before one too long -> E2BIG", self, v, no_env, 8 * MiB, E2BIG);
	v[1] = huge, v[2] = BAD;
	expect("one too long before a bad string -> EFAULT", self, v, no_env, 8 * MiB, EFAULT);
	v[1] = BAD, v[2] = NULL;
	expect("a bad argument, an environment string too long -> E2BIG", self, v, huge_env, 8 * MiB, E2BIG);
	for (int i = 2; i < 19; i++)
		v[i] = text(i, BIG);
	v[19] = NULL;
	expect("a bad string before 17 of 128 KiB -> E2BIG", self, v, no_env, 8 * MiB, E2BIG);
	expect("the same with a bad environment string -> EFAULT", self, v + 1, bad_env, 8 * MiB, EFAULT);
	v[1] = text(1, BIG);
	expect("18 strings of 128 KiB, a bad environment string -> EFAULT", self, v, bad_env, 8 * MiB, EFAULT);
	expect("a bad path and too much -> EFAULT", BAD, v, no_env, 8 * MiB, EFAULT);

	struct spec s = sized(600000, 0, 0, 0);
	make(&s);
	argv_of[10] = BAD;
	expect("600000 pointers, one string bad -> E2BIG (pointers first)", self, argv_of, no_env, 8 * MiB, E2BIG);

	/* Vectors that run into an unmapped page before their NULL. */
	char **edge = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap((char *)edge + PG, PG);
	for (int i = 0; i < PG / (int)sizeof *edge; i++)
		edge[i] = huge;
	expect("an argv of strings too long without its NULL -> EFAULT", self, edge, no_env, 8 * MiB, EFAULT);
	expect("18 strings of 128 KiB, an envp without its NULL -> EFAULT", self, v, edge, 8 * MiB, EFAULT);
}

/* A NULL argv is an empty one: the program gets argc 1 and argv[0] ""
 * (main below exits 43, or 44 with an environment). */
static void null_vectors(void)
{
	int st;
	char *env[] = { "A=1", NULL };
	CHECK_EQ("argv and envp NULL: runs", try_exec(self, NULL, NULL, 8 * MiB, &st), 0);
	CHECK_EXIT("with argc 1, argv[0] \"\" and no environment", st, 43);
	CHECK_EQ("argv NULL, an environment: runs", try_exec(self, NULL, env, 8 * MiB, &st), 0);
	CHECK_EXIT("with argc 1, argv[0] \"\" and its environment", st, 44);
}

/* The argument pages are the new stack's and count against RLIMIT_AS,
 * as any stack growth (E2BIG when they pass it). */
static void address_space_limit(void)
{
	struct spec s = sized(16, 65535, 0, 0);
	make(&s);
	int st, e = try_exec_rlimit(self, argv_of, envp_of, RLIMIT_AS, 512 * 1024, &st);
	CHECK_EQ("1 MiB of arguments under a 512 KiB RLIMIT_AS: E2BIG", e, E2BIG);
}

/* Copies this program (/proc/self/exe) to tdir/self. */
static int copy_self(void)
{
	char src[512];
	ssize_t n = readlink("/proc/self/exe", src, sizeof src - 1);
	if (n <= 0)
		return -1;
	src[n] = 0;
	snprintf(self, sizeof self, "%s", P("self"));
	return copy_program(src, self);
}

int main(int argc, char **argv)
{
	if (argc == 1 && argv[0][0] == '\0')
		_exit(environ[0] ? 44 : 43);     /* null_vectors' child */
	if (argc > 1 && !strncmp(argv[1], "--check", 7))
		_exit(check_self(argc, argv));
	tdir_setup("t_exec_args");
	if (copy_self() < 0)
		say("[FAIL] cannot copy this program to %s\n", self);
	RUN(sizes);
	RUN(one_string);
	RUN(stack_limits);
	RUN(many_strings);
	RUN(scripts);
	RUN(error_order);
	RUN(null_vectors);
	RUN(address_space_limit);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
