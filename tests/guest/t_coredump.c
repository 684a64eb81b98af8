/* t_coredump - differential test of core dumps: a process ended by a
 * signal whose default action is "core" writes the ELF core file "core"
 * in its cwd when RLIMIT_CORE allows at least a page and it is dumpable,
 * and its wait status has WCOREDUMP (SIGCHLD says CLD_DUMPED). The core is
 * read back: ET_CORE for EM_386, a PT_NOTE with NT_PRSTATUS, NT_PRPSINFO,
 * NT_SIGINFO and NT_AUXV, and PT_LOAD segments holding the process's
 * memory. Needs kernel.core_pattern "core" and core_uses_pid 0 (both
 * Linux's defaults) on the host. */
#include "check.h"
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static volatile uint32_t marker = 0x5eed1234;      /* .data */
static volatile uint32_t late;                      /* .bss, set before the crash */
static char *volatile heap;                         /* .data: where the child's heap bytes are */

static void core_limit(rlim_t n)
{
	struct rlimit r = { n, RLIM_INFINITY };
	setrlimit(RLIMIT_CORE, &r);
}

/* Forks a child that enters tdir, sets RLIMIT_CORE to limit, runs
 * prepare (if any) and kills itself with sig; its wait status. */
static int die_by(int sig, rlim_t limit, void (*prepare)(void))
{
	unlink(P("core"));
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(tdir) < 0)
			_exit(99);
		core_limit(limit);
		if (prepare)
			prepare();
		signal(sig, SIG_DFL);
		kill(getpid(), sig);
		_exit(98);
	}
	return wait_for(pid);
}

static bool have_core(void)
{
	return access(P("core"), F_OK) == 0;
}

/* ---- reading the core ---- */

static char *core;
static size_t core_len;

static bool load_core(void)
{
	struct stat st;
	int fd = open(P("core"), O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return false;
	core_len = (size_t)st.st_size;
	core = malloc(core_len);
	bool ok = core && read(fd, core, core_len) == (ssize_t)core_len;
	close(fd);
	return ok;
}

static Elf32_Ehdr *eh(void) { return (Elf32_Ehdr *)core; }
static Elf32_Phdr *ph(int i) { return (Elf32_Phdr *)(core + eh()->e_phoff) + i; }

/* The description of note `type` in the PT_NOTE, and its size. */
static void *find_note(uint32_t type, uint32_t *size)
{
	for (int i = 0; i < eh()->e_phnum; i++) {
		if (ph(i)->p_type != PT_NOTE)
			continue;
		char *p = core + ph(i)->p_offset, *end = p + ph(i)->p_filesz;
		while (p + sizeof(Elf32_Nhdr) <= end) {
			Elf32_Nhdr *n = (Elf32_Nhdr *)p;
			char *desc = p + sizeof *n + ((n->n_namesz + 3) & ~3u);
			if (n->n_type == type && !strcmp(p + sizeof *n, "CORE")) {
				*size = n->n_descsz;
				return desc;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return NULL;
}

/* The word at address va as the core's PT_LOAD segments have it. */
static bool word_at(uintptr_t va, uint32_t *out)
{
	for (int i = 0; i < eh()->e_phnum; i++) {
		Elf32_Phdr *p = ph(i);
		if (p->p_type == PT_LOAD && va >= p->p_vaddr && va + 4 <= p->p_vaddr + p->p_filesz &&
		    p->p_offset + (va - p->p_vaddr) + 4 <= core_len) {
			memcpy(out, core + p->p_offset + (va - p->p_vaddr), 4);
			return true;
		}
	}
	return false;
}

/* The i386 layouts (Linux's <linux/elfcore.h>): pr_cursig at 12, pr_pid
 * at 24, the registers at 72; pr_fname at 28 of prpsinfo, pr_pid at 12. */
static void prepare_memory(void)
{
	late = 0xC0FFEE00u + 7;
	heap = malloc(64);
	memcpy(heap, "heap-marker-42", 15);
}

static void check_notes(pid_t pid)
{
	uint32_t size = 0;
	char *st = find_note(NT_PRSTATUS, &size);
	CHECK("NT_PRSTATUS", st != NULL);
	if (!st)
		return;
	CHECK_EQ("prstatus size", size, 144);
	CHECK_EQ("pr_cursig", *(int16_t *)(st + 12), SIGSEGV);
	CHECK_EQ("pr_info.si_signo", *(int32_t *)st, SIGSEGV);
	CHECK("pr_pid is the child", *(int32_t *)(st + 24) == pid);
	CHECK("pr_ppid is us", *(int32_t *)(st + 28) == getpid());
	uint32_t *regs = (uint32_t *)(st + 72);
	CHECK("eax holds the marker", regs[6] == 0x5eed1234);
	CHECK("user cs", (regs[13] & 3) == 3);
	char *ps = find_note(NT_PRPSINFO, &size);
	CHECK("NT_PRPSINFO", ps != NULL);
	if (ps) {
		CHECK_EQ("prpsinfo size", size, 124);
		CHECK("pr_fname", !strncmp(ps + 28, "t_coredump", 16));
		CHECK("pr_pid", *(int32_t *)(ps + 12) == pid);
	}
	siginfo_t *si = find_note(NT_SIGINFO, &size);
	CHECK("NT_SIGINFO", si != NULL);
	if (si) {
		CHECK_EQ("siginfo size", size, 128);
		CHECK_EQ("si_signo", si->si_signo, SIGSEGV);
		CHECK_EQ("si_code", si->si_code, SEGV_MAPERR);
		CHECK("si_addr", si->si_addr == (void *)16);
	}
	uint32_t *av = find_note(NT_AUXV, &size);
	CHECK("NT_AUXV", av != NULL);
	bool entry = false, pagesz = false, end = false;
	for (uint32_t i = 0; av && i + 1 < size / 4; i += 2) {
		entry |= av[i] == AT_ENTRY && av[i + 1] == getauxval(AT_ENTRY);
		pagesz |= av[i] == AT_PAGESZ && av[i + 1] == 4096;
		end |= av[i] == AT_NULL && i + 2 == size / 4;
	}
	CHECK("auxv: AT_ENTRY", entry);
	CHECK("auxv: AT_PAGESZ", pagesz);
	CHECK("auxv: ends with AT_NULL", end);
}

/* Loads the marker into eax and writes through a bad pointer. */
static void crash(void)
{
	prepare_memory();
	core_limit(RLIM_INFINITY);
	if (chdir(tdir) < 0)
		_exit(99);
	uint32_t m = marker;
	__asm__ volatile("movl %0, %%eax\n\tmovl %%eax, 16" : : "r"(m) : "eax", "memory");
	_exit(97);
}

static volatile sig_atomic_t chld_code, chld_status;

static void on_chld(int s, siginfo_t *si, void *uc)
{
	(void)s; (void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void segv_core(void)
{
	tdir_setup("t_coredump");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0)
		crash();
	int st = wait_for(pid);
	CHECK_SIG("killed by SIGSEGV", st, SIGSEGV);
	CHECK("WCOREDUMP", st != -1 && WCOREDUMP(st));
	CHECK_EQ("SIGCHLD: CLD_DUMPED", chld_code, CLD_DUMPED);
	CHECK_EQ("SIGCHLD: si_status", chld_status, SIGSEGV);
	struct stat cs = st_of(P("core"));
	CHECK_MODE("core is a 0600 file", cs.st_mode, S_IFREG | 0600);
	CHECK("loaded", load_core());
	if (!core)
		return;
	CHECK("ELF magic", !memcmp(core, ELFMAG, SELFMAG));
	CHECK_EQ("ELFCLASS32", core[EI_CLASS], ELFCLASS32);
	CHECK_EQ("ET_CORE", eh()->e_type, ET_CORE);
	CHECK_EQ("EM_386", eh()->e_machine, EM_386);
	CHECK_EQ("first program header is PT_NOTE", ph(0)->p_type, PT_NOTE);
	check_notes(pid);
	uint32_t v = 0;
	CHECK("marker in a PT_LOAD", word_at((uintptr_t)&marker, &v) && v == 0x5eed1234);
	CHECK("late (bss) in a PT_LOAD", word_at((uintptr_t)&late, &v) && v == 0xC0FFEE07);
	uint32_t hp = 0;
	CHECK("heap in a PT_LOAD", word_at((uintptr_t)&heap, &hp) && word_at(hp, &v) && !memcmp(&v, "heap", 4));
	bool stack = false;
	for (int i = 0; i < eh()->e_phnum; i++)
		stack |= ph(i)->p_type == PT_LOAD && (uintptr_t)&v >= ph(i)->p_vaddr &&
			 (uintptr_t)&v < ph(i)->p_vaddr + ph(i)->p_memsz && (ph(i)->p_flags & PF_W);
	CHECK("the stack is a writable PT_LOAD", stack);
}

static void every_core_signal(void)
{
	tdir_setup("t_coredump");
	static const struct { int sig; const char *name; } s[] = {
		{ SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" },
		{ SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
		{ SIGSEGV, "SIGSEGV" }, { SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
		{ SIGSYS, "SIGSYS" },
	};
	char name[64];
	for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
		int st = die_by(s[i].sig, RLIM_INFINITY, NULL);
		snprintf(name, sizeof name, "%s: WCOREDUMP and a core", s[i].name);
		CHECK(name, st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == s[i].sig && WCOREDUMP(st) &&
		      have_core());
	}
	static const int term[] = { SIGTERM, SIGINT, SIGKILL, SIGUSR1, SIGALRM };
	for (unsigned i = 0; i < sizeof term / sizeof term[0]; i++) {
		int st = die_by(term[i], RLIM_INFINITY, NULL);
		snprintf(name, sizeof name, "signal %d: no core", term[i]);
		CHECK(name, st != -1 && WIFSIGNALED(st) && !WCOREDUMP(st) && !have_core());
	}
}

static void limits(void)
{
	tdir_setup("t_coredump");
	int st = die_by(SIGQUIT, 0, NULL);
	CHECK("RLIMIT_CORE 0: no bit", WIFSIGNALED(st) && !WCOREDUMP(st));
	CHECK("RLIMIT_CORE 0: no file", !have_core());
	st = die_by(SIGQUIT, 4095, NULL);
	CHECK("below a page: no bit", WIFSIGNALED(st) && !WCOREDUMP(st));
	CHECK("below a page: no file", !have_core());
	st = die_by(SIGQUIT, 4096, NULL);
	CHECK("one page: cut short, still WCOREDUMP", WIFSIGNALED(st) && WCOREDUMP(st));
	struct stat cs = st_of(P("core"));
	CHECK("one page: a file of at most the limit", S_ISREG(cs.st_mode) && cs.st_size <= 4096);
}

static void not_dumpable(void) { prctl(PR_SET_DUMPABLE, 0); }
static void dumpable_again(void) { prctl(PR_SET_DUMPABLE, 0); prctl(PR_SET_DUMPABLE, 1); }
static void other_euid(void) { setresuid(0, 1000, 0); }
static void strict_umask(void) { umask(0277); }

static void dumpable(void)
{
	tdir_setup("t_coredump");
	chmod(tdir, 0777);
	int st = die_by(SIGABRT, RLIM_INFINITY, not_dumpable);
	CHECK("PR_SET_DUMPABLE 0: no core", !WCOREDUMP(st) && !have_core());
	st = die_by(SIGABRT, RLIM_INFINITY, dumpable_again);
	CHECK("PR_SET_DUMPABLE 1 again: core", WCOREDUMP(st) && have_core());
	st = die_by(SIGABRT, RLIM_INFINITY, other_euid);
	CHECK("after a change of euid: no core (suid_dumpable 0)", !WCOREDUMP(st) && !have_core());
	st = die_by(SIGABRT, RLIM_INFINITY, strict_umask);
	CHECK("umask 0277: the file is refused, no bit", !WCOREDUMP(st));
	CHECK_EQ("umask 0277: left empty", st_of(P("core")).st_size, 0);
}

static void as_user_in(const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		setgroups(0, NULL);
		if (setgid(100) < 0 || setuid(1000) < 0 || chdir(dir) < 0)
			_exit(99);
		prctl(PR_SET_DUMPABLE, 1);        /* setuid made it undumpable */
		core_limit(RLIM_INFINITY);
		abort();
	}
	int st = wait_for(pid);
	char name[96];
	snprintf(name, sizeof name, "user in %s: SIGABRT", strrchr(dir, '/'));
	CHECK_SIG(name, st, SIGABRT);
	bool want = strstr(dir, "open") != NULL;
	snprintf(name, sizeof name, "user in %s: %s", strrchr(dir, '/'), want ? "core" : "no core");
	char core_path[160];
	snprintf(core_path, sizeof core_path, "%s/core", dir);
	struct stat cs;
	bool there = stat(core_path, &cs) == 0 && cs.st_size > 0;
	CHECK(name, (WCOREDUMP(st) != 0) == want && there == want);
	if (want)
		CHECK("owned by the user", cs.st_uid == 1000);
}

static void files(void)
{
	tdir_setup("t_coredump");
	char dir[160];
	snprintf(dir, sizeof dir, "%s", P("closed"));
	mkdir(dir, 0755);
	as_user_in(dir);
	snprintf(dir, sizeof dir, "%s", P("open"));
	mkdir(dir, 0777);
	chmod(dir, 0777);
	put_file(P("open/core"), "old", 3);      /* root's old core is replaced */
	as_user_in(dir);
	mk("target", "keep");
	CHECK_OK0("core as a symlink", symlink("target", P("core")));
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(tdir) < 0)
			_exit(99);
		core_limit(RLIM_INFINITY);
		abort();
	}
	int st = wait_for(pid);
	CHECK("a symlink named core is replaced", WCOREDUMP(st) && S_ISREG(st_of(P("core")).st_mode));
	CHECK_STR("its target is untouched", content("target"), "keep");
}

int main(void)
{
	RUN(segv_core);
	RUN(every_core_signal);
	RUN(limits);
	RUN(dumpable);
	RUN(files);
	rm_rf("/tmp/t_coredump.d");             /* the cores are large */
	return cases_failed ? 1 : 0;
}
