/* t_exec_errors - differential test of execve's failures: garbage and
 * broken ELF files, wrong file types and permissions, bad paths, broken
 * "#!" scripts, bad argv/envp pointers and oversized arguments, each
 * checked by its errno; and that a failed execve leaves the caller whole.
 * The answers are Linux's (checked on Linux 6.1 i386 and on an x86-64
 * host running this i386 binary). Each execve runs in a child that reports
 * its errno through a close-on-exec pipe, so a wrongly successful exec
 * shows as "exec succeeded" instead of ending the test. */
#include "check.h"
#include "exec_child.h"
#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

enum { PG = 4096, LOAD_VA = 0x08048000, MAX_ARG_STRLEN = 32 * PG };
#define KBAD ((void *)0xC0000000)            /* a kernel-half address */

static char self[512];                       /* a copy of this program: exec works */
static char *argv1[] = { "prog", NULL };
static char *env1[] = { "A=1", NULL };

/* execve must fail with errno want. */
static void exec_err(const char *name, const char *path, char *const argv[], char *const envp[],
		     int want)
{
	int st;
	int e = try_exec(path, argv, envp, 0, &st);
	if (e == want)
		pass(name);
	else if (e == 0)
		fail(name, "exec succeeded (%s), expected %s", status_str(st), errname(want));
	else
		fail(name, "got %s, expected %s", errname(e), errname(want));
}

/* The same with a plain argv and envp. */
static void fails(const char *name, const char *path, int want)
{
	exec_err(name, path, argv1, env1, want);
}

/* execve must succeed and the new image exit with code. */
static void exec_ok(const char *name, const char *path, char *const argv[], char *const envp[],
		    int code)
{
	int st;
	int e = try_exec(path, argv, envp, 0, &st);
	if (e)
		fail(name, "got %s, expected success", errname(e));
	else
		CHECK_EXIT(name, st, code);
}

/* Writes tdir/rel with the given bytes and mode; returns its path. */
static const char *put_mode(const char *rel, const void *data, size_t len, mode_t mode)
{
	const char *path = P(rel);
	if (put_file(path, data, len) < 0 || chmod(path, mode) < 0)
		say("[FAIL] cannot write %s: %s\n", path, errname(errno));
	return path;
}

static const char *script(const char *rel, const char *text)
{
	return put_mode(rel, text, strlen(text), 0755);
}

/* ---- a tiny ELF program and its broken variants ---- */

/* "exit(42)" in i386 code: mov $1,%eax; mov $42,%ebx; int $0x80. */
static const unsigned char exit42[] = { 0xb8, 1, 0, 0, 0, 0xbb, 42, 0, 0, 0, 0xcd, 0x80 };
static const char missing_loader[] = "/nonexistent/ld.so";

/* A minimal static i386 executable: the ELF header, one PT_LOAD that maps
 * the whole file at LOAD_VA (and, if interp, a PT_INTERP after it naming a
 * loader that does not exist), then the code. Returns the file's size. */
static size_t tiny_elf(unsigned char *buf, int interp)
{
	int nph = interp ? 2 : 1;
	size_t code = sizeof(Elf32_Ehdr) + nph * sizeof(Elf32_Phdr);
	size_t str = code + sizeof exit42, size = str + (interp ? sizeof missing_loader : 0);
	Elf32_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
		.e_entry = LOAD_VA + code, .e_phoff = sizeof(Elf32_Ehdr), .e_ehsize = sizeof(Elf32_Ehdr),
		.e_phentsize = sizeof(Elf32_Phdr), .e_phnum = nph,
	};
	Elf32_Phdr ph[2] = {
		{ .p_type = PT_LOAD, .p_offset = 0, .p_vaddr = LOAD_VA, .p_paddr = LOAD_VA,
		  .p_filesz = size, .p_memsz = size, .p_flags = PF_R | PF_X, .p_align = PG },
		{ .p_type = PT_INTERP, .p_offset = str, .p_vaddr = LOAD_VA + str, .p_paddr = LOAD_VA + str,
		  .p_filesz = sizeof missing_loader, .p_memsz = sizeof missing_loader, .p_flags = PF_R,
		  .p_align = 1 },
	};
	memset(buf, 0, size);
	memcpy(buf, &eh, sizeof eh);
	memcpy(buf + sizeof eh, ph, nph * sizeof ph[0]);
	memcpy(buf + code, exit42, sizeof exit42);
	if (interp)
		memcpy(buf + str, missing_loader, sizeof missing_loader);
	return size;
}

static Elf32_Ehdr *ehdr(unsigned char *buf) { return (Elf32_Ehdr *)buf; }

static void elf_files(void)
{
	unsigned char b[256];
	size_t n = tiny_elf(b, 0);
	exec_ok("a tiny valid ELF runs (exit 42)", put_mode("ok", b, n, 0755), argv1, env1, 42);

	fails("ELF cut to 20 bytes -> ENOEXEC", put_mode("cut20", b, 20, 0755), ENOEXEC);
	/* Linux reads a short header as if zero-padded: e_phentsize is 0 here. */
	fails("ELF cut to 40 bytes (mid-header) -> ENOEXEC", put_mode("cut40", b, 40, 0755), ENOEXEC);
	/* e_phentsize and e_phnum made it, the program headers did not. */
	fails("ELF cut to 46 bytes (mid-header) -> ENOEXEC", put_mode("cut46", b, 46, 0755), ENOEXEC);
	fails("ELF header alone -> ENOEXEC", put_mode("hdr", b, sizeof(Elf32_Ehdr), 0755), ENOEXEC);

	tiny_elf(b, 0);
	ehdr(b)->e_phoff = 0x10000;
	fails("e_phoff past the end of the file -> ENOEXEC", put_mode("phoff", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_phoff = 0xFFFFFFF0u;
	fails("e_phoff near 4 GiB -> ENOEXEC", put_mode("phoff4g", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_phnum = 8;
	fails("e_phnum runs past the end of the file -> ENOEXEC", put_mode("phnum", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_phnum = 0;
	fails("e_phnum 0 -> ENOEXEC", put_mode("phnum0", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_phentsize = 40;
	fails("wrong e_phentsize -> ENOEXEC", put_mode("phentsize", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_type = ET_REL;
	fails("ET_REL object -> ENOEXEC", put_mode("rel", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	b[3] = 'G';
	fails("bad ELF magic -> ENOEXEC", put_mode("magic", b, n, 0755), ENOEXEC);
	tiny_elf(b, 0);
	ehdr(b)->e_machine = 0x1234;             /* no such machine, nor binfmt_misc entry */
	fails("ELF for an unknown machine -> ENOEXEC", put_mode("machine", b, n, 0755), ENOEXEC);

	/* A 64-bit x86-64 header. An i386 kernel refuses the machine; an
	 * x86-64 host would take it, so it also has no program headers,
	 * which every kernel refuses. */
	Elf64_Ehdr e64 = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT, .e_entry = 0x401000,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 0,
	};
	fails("ELFCLASS64 x86-64 header -> ENOEXEC", put_mode("x86_64", &e64, sizeof e64, 0755), ENOEXEC);

	n = tiny_elf(b, 1);
	fails("PT_INTERP naming a missing loader -> ENOENT", put_mode("interp", b, n, 0755), ENOENT);
	n = tiny_elf(b, 0);
	fails("valid ELF without x permission -> EACCES", put_mode("nox", b, n, 0644), EACCES);
}

static void garbage_files(void)
{
	static unsigned char junk[PG];
	uint32_t x = 12345;
	for (int i = 0; i < PG; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	junk[0] = 'R';                           /* neither "#!" nor "\177ELF" */
	fails("random bytes with x bit -> ENOEXEC", put_mode("junk", junk, PG, 0755), ENOEXEC);
	fails("empty executable file -> ENOEXEC", put_mode("empty", "", 0, 0755), ENOEXEC);
	fails("one-byte file \"#\" -> ENOEXEC", put_mode("hash", "#", 1, 0755), ENOEXEC);
	fails("text file without x -> EACCES", put_mode("text", "hello\n", 6, 0644), EACCES);
	fails("random bytes without x -> EACCES", put_mode("junk-nox", junk, PG, 0600), EACCES);
}

static const char *shared_exec;              /* for the uid-1000 cases */
static const char *shared_xonly;

static void user_denied(void)
{
	fails("uid 1000 gets EACCES for root's 0744 file", shared_exec, EACCES);
	exec_ok("uid 1000 runs an --x--x--x program", shared_xonly, argv1, env1, 42);
}

static void paths(void)
{
	mkdir(P("dir"), 0755);
	fails("a directory -> EACCES", P("dir"), EACCES);
	fails("a missing file -> ENOENT", P("missing"), ENOENT);
	fails("a missing directory on the way -> ENOENT", P("nodir/x"), ENOENT);
	mk("file", "data\n");
	fails("a path through a regular file -> ENOTDIR", P("file/x"), ENOTDIR);
	fails("an empty path -> ENOENT", "", ENOENT);
	symlink("nowhere", P("dangling"));
	fails("a dangling symlink -> ENOENT", P("dangling"), ENOENT);
	symlink("loop2", P("loop1"));
	symlink("loop1", P("loop2"));
	fails("a symlink loop -> ELOOP", P("loop1"), ELOOP);
	symlink("dir", P("dirlink"));
	fails("a symlink to a directory -> EACCES", P("dirlink"), EACCES);

	static char longname[600], longpath[5000];
	int l = snprintf(longname, sizeof longname, "%s/", tdir);
	memset(longname + l, 'n', 299);
	fails("a 299-byte name -> ENAMETOOLONG", longname, ENAMETOOLONG);
	memset(longpath, 'p', sizeof longpath - 1);
	fails("a 4999-byte path -> ENAMETOOLONG", longpath, ENAMETOOLONG);

	/* Permissions: root too needs some x bit; others need theirs. */
	unsigned char b[256];
	size_t n = tiny_elf(b, 0);
	shared_exec = put_mode("root0744", b, n, 0744);
	shared_xonly = put_mode("xonly", b, n, 0111);
	exec_ok("root runs a 0744 program", shared_exec, argv1, env1, 42);
	as_uid1000(user_denied);
}

static void scripts(void)
{
	char text[600];
	snprintf(text, sizeof text, "#!%s --exit42\n", self);
	exec_ok("a #! script runs its interpreter", script("good", text), argv1, env1, 42);
	fails("#! with a missing interpreter -> ENOENT", script("nointerp", "#!/nonexistent/sh\n"), ENOENT);
	fails("#! with a newline and no interpreter -> ENOEXEC", script("bare", "#!\n"), ENOEXEC);
	fails("#! with only blanks -> ENOEXEC", script("blanks", "#!  \t \n"), ENOEXEC);
	mkdir(P("idir"), 0755);
	snprintf(text, sizeof text, "#!%s\n", P("idir"));
	fails("#! naming a directory -> EACCES", script("todir", text), EACCES);
	put_mode("inox", "#!/bin/sh\n", 10, 0644);
	snprintf(text, sizeof text, "#!%s\n", P("inox"));
	fails("#! naming a file without x -> EACCES", script("toinox", text), EACCES);
	put_mode("ijunk", "\x01\x02junk", 6, 0755);
	snprintf(text, sizeof text, "#!%s\n", P("ijunk"));
	fails("#! naming garbage -> ENOEXEC", script("tojunk", text), ENOEXEC);
	snprintf(text, sizeof text, "#!%s\n", P("loop"));
	fails("#! naming itself -> ELOOP", script("loop", text), ELOOP);
	snprintf(text, sizeof text, "#!%s --exit42\n", self);
	fails("a #! script without x -> EACCES", put_mode("sh-nox", text, strlen(text), 0644), EACCES);

	/* Interpreters may nest: five scripts deep is allowed, six is not. */
	snprintf(text, sizeof text, "#!%s --exit42\n", self);
	script("c0", text);
	for (int i = 1; i <= 6; i++) {
		char rel[8], prev[8];
		snprintf(rel, sizeof rel, "c%d", i);
		snprintf(prev, sizeof prev, "c%d", i - 1);
		snprintf(text, sizeof text, "#!%s\n", P(prev));
		script(rel, text);
	}
	exec_ok("scripts nested 5 deep run", P("c4"), argv1, env1, 42);
	fails("scripts nested 6 deep -> ELOOP", P("c5"), ELOOP);
}

static void bad_pointers(void)
{
	unsigned char b[256];
	size_t n = tiny_elf(b, 0);
	const char *ok = put_mode("ok", b, n, 0755);
	const char *junk = put_mode("junk", "junk", 4, 0755);
	char *bad_elem[] = { "prog", "arg", KBAD, NULL };
	char *bad_env[] = { "A=1", (char *)0xFFFFF000, NULL };
	fails("path in the kernel half -> EFAULT", KBAD, EFAULT);
	fails("path at 0xFFFFFFF8 -> EFAULT", (char *)0xFFFFFFF8, EFAULT);
	exec_err("argv in the kernel half -> EFAULT", ok, KBAD, env1, EFAULT);
	exec_err("argv element in the kernel half -> EFAULT", ok, bad_elem, env1, EFAULT);
	exec_err("envp in the kernel half -> EFAULT", ok, argv1, KBAD, EFAULT);
	exec_err("envp element at 0xFFFFF000 -> EFAULT", ok, argv1, bad_env, EFAULT);
	exec_err("argv at an unmapped user address -> EFAULT", ok, (char **)0x30000000, env1, EFAULT);

	/* A string that runs into an unmapped page before its NUL. */
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', PG);
	munmap(p + PG, PG);
	char *unterminated[] = { "prog", p, NULL };
	exec_err("argv string without NUL before a hole -> EFAULT", ok, unterminated, env1, EFAULT);

	/* The arguments are read before the file's format is looked at.
	 * (Whether before or after the file is opened differs between Linux
	 * 6.1 and later kernels, so a missing file with a bad argv is not a
	 * case here.) */
	exec_err("garbage file and bad argv -> EFAULT", junk, bad_elem, env1, EFAULT);
}

static void too_big(void)
{
	unsigned char b[256];
	size_t n = tiny_elf(b, 0);
	const char *ok = put_mode("ok", b, n, 0755);
	char *s = malloc(MAX_ARG_STRLEN + 2);
	memset(s, 's', MAX_ARG_STRLEN + 1);
	s[MAX_ARG_STRLEN] = 0;                   /* strlen 32 pages: one byte too long */
	char *one[] = { "prog", s, NULL };
	exec_err("an argument of 32 pages -> E2BIG", ok, one, env1, E2BIG);
	char *envbig[] = { s, NULL };
	exec_err("an environment string of 32 pages -> E2BIG", ok, argv1, envbig, E2BIG);

	s[MAX_ARG_STRLEN - PG] = 0;              /* 31 pages each, 200 times: 24 MiB */
	static char *many[202];
	many[0] = "prog";
	for (int i = 1; i <= 200; i++)
		many[i] = s;
	exec_err("200 arguments of 31 pages -> E2BIG", ok, many, env1, E2BIG);

	s[60000] = 0;
	char *fits[] = { "prog", s, NULL };
	exec_ok("a 60000-byte argument is fine", ok, fits, env1, 42);
	free(s);
}

/* ---- a failed execve leaves the caller whole ---- */

static volatile int usr1_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen = 1; }

static uint32_t sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

static unsigned char data_area[3 * PG];

/* execve with an empty argv: since Linux 5.18 the program gets argc 1 and
 * an empty argv[0] (main below exits 43 then), never argc 0. */
static void empty_argv(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { NULL }, *envp[] = { NULL };
		execve(self, argv, envp);
		_exit(127);
	}
	int st = wait_for(pid);
	CHECK_EQ("empty_argv_gives_argc_1_and_empty_argv0", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 43);
}

static void caller_survives(void)
{
	size_t big = 1 << 20;
	unsigned char *heap = malloc(big);
	unsigned char stack[8192];
	for (size_t i = 0; i < big; i++)
		heap[i] = (unsigned char)(i * 7 + 1);
	for (size_t i = 0; i < sizeof stack; i++)
		stack[i] = (unsigned char)(i * 13 + 5);
	for (size_t i = 0; i < sizeof data_area; i++)
		data_area[i] = (unsigned char)(i * 3 + 11);
	uint32_t hs = sum(heap, big), ss = sum(stack, sizeof stack), ds = sum(data_area, sizeof data_area);
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigaction(SIGUSR1, &sa, NULL);
	int fd = open(P("kept"), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
	write(fd, "kept", 4);
	pid_t me = getpid();

	unsigned char b[256];
	size_t n = tiny_elf(b, 1);
	const char *interp = put_mode("interp", b, n, 0755);
	n = tiny_elf(b, 0);
	ehdr(b)->e_phoff = 0x10000;
	const char *phoff = put_mode("phoff", b, n, 0755);
	n = tiny_elf(b, 0);
	const char *ok = put_mode("ok", b, n, 0755);
	const char *junk = put_mode("junk", "\x7f" "ELX....", 8, 0755);
	char *bad_elem[] = { "prog", "a", "b", (char *)0xC0100000, NULL };
	char *big_arg = malloc(MAX_ARG_STRLEN + 1);
	memset(big_arg, 'x', MAX_ARG_STRLEN);
	big_arg[MAX_ARG_STRLEN] = 0;
	char *too_big[] = { "prog", big_arg, NULL };

	CHECK_ERR("in place, garbage -> ENOEXEC", execve(junk, argv1, env1), ENOEXEC);
	CHECK_ERR("in place, program headers past the end -> ENOEXEC", execve(phoff, argv1, env1), ENOEXEC);
	CHECK_ERR("in place, missing loader -> ENOENT", execve(interp, argv1, env1), ENOENT);
	CHECK_ERR("in place, bad argv element -> EFAULT", execve(ok, bad_elem, env1), EFAULT);
	CHECK_ERR("in place, oversized argument -> E2BIG", execve(ok, too_big, env1), E2BIG);
	CHECK_ERR("in place, missing script interpreter -> ENOENT",
		  execve(script("s", "#!/nonexistent/sh -x\n"), argv1, env1), ENOENT);

	CHECK("heap unchanged", sum(heap, big) == hs);
	CHECK("stack unchanged", sum(stack, sizeof stack) == ss);
	CHECK("data unchanged", sum(data_area, sizeof data_area) == ds);
	CHECK("same pid", getpid() == me);
	char got[8] = { 0 };
	CHECK_EQ("close-on-exec descriptor still open", pread(fd, got, 4, 0), 4);
	CHECK_STR("and its file intact", got, "kept");
	raise(SIGUSR1);
	CHECK("signal handler still installed", usr1_seen);
	pid_t pid = fork();
	if (pid == 0)
		_exit(heap[big - 1] == (unsigned char)((big - 1) * 7 + 1) ? 7 : 1);
	CHECK_EXIT("fork still works, child sees the heap", wait_for(pid), 7);
	exec_ok("and a good exec still works", ok, argv1, env1, 42);
	free(big_arg);
	free(heap);
}

static char running[512];                    /* this program's own file */

/* Read-only data with whole zero pages in the middle: a copy of this
 * program with holes there must run (--sum-rodata) and keep its holes. */
static const unsigned char rodata_zeros[6 * PG] = { [0] = 1, [6 * PG - 1] = 1 };

static int sum_rodata(void)
{
	int s = 0;
	for (size_t i = 0; i < sizeof rodata_zeros; i++)
		s += ((volatile const unsigned char *)rodata_zeros)[i];
	return s;
}

int main(int argc, char **argv);

/* ETXTBSY, as Linux: the file of a running program cannot be opened for
 * writing or truncated, and a file open for writing cannot be run. A
 * program's text comes from its file's pages (Pipit maps them as Linux
 * does): writing our own text after mprotect changes our copy only. */
static void text_busy(void)
{
	CHECK_ERR("open the running program O_WRONLY -> ETXTBSY", open(running, O_WRONLY), ETXTBSY);
	CHECK_ERR("open it O_RDWR -> ETXTBSY", open(running, O_RDWR), ETXTBSY);
	CHECK_ERR("truncate it -> ETXTBSY", truncate(running, 0), ETXTBSY);
	CHECK_ERR("open it O_RDONLY|O_TRUNC -> ETXTBSY", open(running, O_RDONLY | O_TRUNC), ETXTBSY);
	int fd = open(running, O_RDONLY);
	CHECK("open it O_RDONLY works", fd >= 0);
	close(fd);

	int in[2], out[2];
	if (pipe(in) < 0 || pipe(out) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(self, "prog", "--wait-stdin", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	char c = 0;
	CHECK_EQ("a child runs the copy", read(out[0], &c, 1), 1);
	CHECK_ERR("while it runs, the copy opened O_WRONLY -> ETXTBSY", open(self, O_WRONLY), ETXTBSY);
	close(in[1]);                            /* it exits at end of file */
	CHECK_EXIT("the child ends", wait_for(pid), 0);
	close(out[0]);
	fd = open(self, O_WRONLY);
	CHECK("once it has exited, the copy opens for writing", fd >= 0);
	char *exit42[] = { "prog", "--exit42", NULL };
	exec_err("exec of a file open for writing -> ETXTBSY", self, exit42, env1, ETXTBSY);
	close(fd);
	exec_ok("closed again, it runs", self, exit42, env1, 42);

	fd = open(self, O_RDWR);
	void *m = fd < 0 ? MAP_FAILED : mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	CHECK("a shared writable mapping of the copy", m != MAP_FAILED);
	exec_err("its descriptor closed, the mapping still keeps exec out -> ETXTBSY", self, exit42, env1, ETXTBSY);
	if (m != MAP_FAILED)
		munmap(m, PG);
	exec_ok("unmapped, it runs", self, exit42, env1, 42);

	/* A copy with holes where the program has whole zero pages: running
	 * it reads the holes as zeros and leaves them holes. */
	const char *sparse = P("sparse");
	int src = open(self, O_RDONLY), dst = open(sparse, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	static char block[PG], zero[PG];
	ssize_t n;
	off_t at = 0;
	while (src >= 0 && dst >= 0 && (n = read(src, block, PG)) > 0) {
		if (n < PG || memcmp(block, zero, PG))
			pwrite(dst, block, n, at);
		at += n;
	}
	if (dst >= 0)
		ftruncate(dst, at);
	close(src);
	close(dst);
	struct stat before, after;
	stat(sparse, &before);
	char *sum[] = { "prog", "--sum-rodata", NULL };
	exec_ok("a copy with holes runs and reads them as zeros", sparse, sum, env1, 42);
	stat(sparse, &after);
	CHECK("running it leaves its holes holes (st_blocks as before)", after.st_blocks == before.st_blocks);

	unsigned char *code = (unsigned char *)main;
	unsigned char *page = (unsigned char *)((uintptr_t)code & ~(uintptr_t)(PG - 1));
	CHECK_OK0("mprotect our own text writable", mprotect(page, 2 * PG, PROT_READ | PROT_WRITE | PROT_EXEC));
	unsigned char was = code[0];
	code[0] = 0xCC;                          /* int3 at main: a run of the file would trap */
	exec_ok("our text written: the file runs as before", running, exit42, env1, 42);
	code[0] = was;
}

/* Copies this program to tdir/self: the interpreter of the good scripts.
 * On the host argv[0] is its full path; in Pipit runtests starts /tests/NAME. */
static int copy_self(const char *argv0)
{
	char src[512];
	if (strchr(argv0, '/'))
		snprintf(src, sizeof src, "%s", argv0);
	else
		snprintf(src, sizeof src, "/tests/%s", argv0);
	snprintf(running, sizeof running, "%s", src);
	snprintf(self, sizeof self, "%s", P("self"));
	return copy_program(src, self);
}

int main(int argc, char **argv)
{
	if (argc == 0)
		_exit(44);                       /* an old kernel's argc 0 */
	if (argc == 1 && argv[0][0] == '\0' && !argv[1])
		_exit(43);                       /* empty_argv's child */
	if (argc >= 2 && !strcmp(argv[1], "--exit42"))
		_exit(42);                       /* run as a script's interpreter */
	if (argc >= 2 && !strcmp(argv[1], "--sum-rodata"))
		_exit(sum_rodata() == 2 ? 42 : 1);
	if (argc >= 2 && !strcmp(argv[1], "--wait-stdin")) {
		char c;                          /* text_busy's running copy */
		write(1, "r", 1);
		while (read(0, &c, 1) > 0)
			;
		_exit(0);
	}
	umask(022);
	tdir_setup("t_exec_errors");
	if (copy_self(argv[0]) < 0)
		say("[FAIL] cannot copy %s to %s\n", argv[0], self);
	RUN(garbage_files);
	RUN(elf_files);
	RUN(paths);
	RUN(scripts);
	RUN(bad_pointers);
	RUN(too_big);
	RUN(empty_argv);
	RUN(caller_survives);
	RUN(text_busy);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
