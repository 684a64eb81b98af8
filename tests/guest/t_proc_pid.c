/* t_proc_pid - /proc/<pid>/fd, /proc/<pid>/maps and the signal lines of
 * /proc/<pid>/status, differential with Linux (issue 13): readlink of a
 * descriptor names its pipe, socket or file with fstat's inode number,
 * the links' modes follow the open mode, maps lines parse and show the
 * test's own mappings with their permissions, offsets and inodes, and
 * SigBlk/SigIgn/SigCgt/ShdPnd follow sigprocmask, sigaction and kill.
 * /proc is a filesystem of its own (statfs, st_dev). */
#include "check.h"
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#define PROC_SUPER_MAGIC 0x9fa0

static void link_of(int fd, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, buf, size - 1);
	buf[n < 0 ? 0 : n] = 0;
}

static void fd_links(void)
{
	int p[2], s[2];
	char got[256], want[256];
	struct stat st;
	CHECK_OK0("pipe", pipe(p));
	fstat(p[0], &st);
	link_of(p[0], got, sizeof got);
	snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)st.st_ino);
	CHECK("readlink of a pipe's read end is pipe:[st_ino]", !strcmp(got, want));
	link_of(p[1], got, sizeof got);
	CHECK("its write end names the same pipe", !strcmp(got, want));
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	fstat(s[0], &st);
	link_of(s[0], got, sizeof got);
	snprintf(want, sizeof want, "socket:[%lu]", (unsigned long)st.st_ino);
	CHECK("readlink of a socket is socket:[st_ino]", !strcmp(got, want));
	int f = open(P("file"), O_CREAT | O_RDWR, 0644);
	link_of(f, got, sizeof got);
	CHECK("readlink of a file is its absolute path", !strcmp(got, P("file")));
	int d = open(tdir, O_RDONLY | O_DIRECTORY);
	link_of(d, got, sizeof got);
	CHECK("readlink of a directory is its path", !strcmp(got, tdir));
	char path[64];
	struct stat ls;
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	CHECK_OK0("lstat of a read end's link", lstat(path, &ls));
	CHECK_MODE("it is lr-x------", ls.st_mode, S_IFLNK | 0500);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
	lstat(path, &ls);
	CHECK_MODE("a write end's is l-wx------", ls.st_mode, S_IFLNK | 0300);
	snprintf(path, sizeof path, "/proc/self/fd/%d", f);
	lstat(path, &ls);
	CHECK_MODE("an O_RDWR file's is lrwx------", ls.st_mode, S_IFLNK | 0700);
	close(p[0]);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	CHECK_ERR("a closed descriptor's link -> ENOENT", readlink(path, got, sizeof got), ENOENT);
	CHECK_ERR("/proc/self/fd/01 -> ENOENT", readlink("/proc/self/fd/01", got, sizeof got), ENOENT);
	CHECK_ERR("/proc/self/fd/x -> ENOENT", readlink("/proc/self/fd/x", got, sizeof got), ENOENT);
}

static void fd_dir(void)
{
	int p[2];
	pipe(p);
	dup2(p[1], 77);
	DIR *dir = opendir("/proc/self/fd");
	CHECK("opendir /proc/self/fd", dir != NULL);
	int seen0 = 0, seen77 = 0, seenp = 0, bad = 0;
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int fd = atoi(e->d_name);
		seen0 |= fd == 0;
		seen77 |= fd == 77;
		seenp |= fd == p[0];
		bad |= e->d_type != DT_LNK || fcntl(fd, F_GETFD) < 0;
	}
	if (dir)
		closedir(dir);
	CHECK("it lists 0, the pipe and 77", seen0 && seen77 && seenp);
	CHECK("every entry is a link to an open descriptor", !bad);
	struct stat st;
	CHECK_OK0("stat /proc/self/fd", stat("/proc/self/fd", &st));
	CHECK_MODE("it is dr-x------", st.st_mode, S_IFDIR | 0500);
}

/* The maps line of the area starting at addr: 1 when found, with its
 * fields. */
static int maps_find(unsigned long addr, char *perms, unsigned long *end, unsigned long *off,
		     unsigned *maj, unsigned *min, unsigned long *ino, char *name)
{
	FILE *fp = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (fp && !found && fgets(line, sizeof line, fp)) {
		unsigned long s;
		int n = 0;
		name[0] = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &s, end, perms, off, maj, min, ino, &n) < 7)
			continue;
		if (s != addr)
			continue;
		found = 1;
		sscanf(line + n, "%255[^\n]", name);
	}
	if (fp)
		fclose(fp);
	return found;
}

static void maps(void)
{
	char perms[8], name[256];
	unsigned long end, off, ino;
	unsigned maj, min;
	char *a = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("an anonymous read-only mapping is listed",
	      maps_find((unsigned long)a, perms, &end, &off, &maj, &min, &ino, name));
	CHECK_STR("its perms r--p", perms, "r--p");
	CHECK_EQ("its end", end, (unsigned long)a + 3 * 4096);
	CHECK("offset 0, device 00:00, inode 0, no name",
	      off == 0 && maj == 0 && min == 0 && ino == 0 && name[0] == 0);
	int fd = open(P("mapped"), O_CREAT | O_RDWR, 0644);
	ftruncate(fd, 3 * 4096);
	struct stat st;
	fstat(fd, &st);
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	CHECK("a shared file mapping is listed",
	      maps_find((unsigned long)m, perms, &end, &off, &maj, &min, &ino, name));
	CHECK_STR("its perms rw-s", perms, "rw-s");
	CHECK_EQ("its offset", off, 4096UL);
	CHECK("its device and inode are fstat's", maj == (unsigned)major(st.st_dev) && min == (unsigned)minor(st.st_dev) &&
	      ino == (unsigned long)st.st_ino);
	CHECK_STR("its name is the file's path", name, P("mapped"));
	unsigned long sp = (unsigned long)&st, cur = syscall(SYS_brk, 0);
	syscall(SYS_brk, cur + 4096);
	FILE *fp = fopen("/proc/self/maps", "r");
	char line[512];
	int stack_ok = 0, heap = 0, exe = 0, lines = 0, parsed = 0;
	char self[256] = { 0 };
	readlink("/proc/self/exe", self, sizeof self - 1);
	while (fp && fgets(line, sizeof line, fp)) {
		unsigned long s, e;
		char p[8];
		lines++;
		if (sscanf(line, "%lx-%lx %4s", &s, &e, p) == 3 && s < e && strlen(p) == 4)
			parsed++;
		if (strstr(line, "[stack]") && s <= sp && sp < e && !strcmp(p, "rw-p"))
			stack_ok = 1;
		if (strstr(line, "[heap]") && s <= cur && cur < e && !strcmp(p, "rw-p"))
			heap = 1;
		if (strstr(line, self) && p[2] == 'x')
			exe = 1;
	}
	if (fp)
		fclose(fp);
	CHECK("every line parses", lines > 0 && parsed == lines);
	CHECK("[stack] holds the stack, rw-p", stack_ok);
	CHECK("[heap] holds the break, rw-p", heap);
	CHECK("the program's text is listed by its path, executable", exe);
}

static int status_sig(const char *field, unsigned long long *v)
{
	char text[4096] = { 0 };
	int fd = open("/proc/self/status", O_RDONLY), n = 0, r;
	while ((r = read(fd, text + n, sizeof text - 1 - n)) > 0)
		n += r;
	close(fd);
	char key[16];
	snprintf(key, sizeof key, "\n%s:\t", field);
	char *p = strstr(text, key);
	if (!p)
		return 0;
	p += strlen(key);
	for (int i = 0; i < 16; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	if (p[16] != '\n')
		return 0;
	*v = strtoull(p, NULL, 16);
	return 1;
}

static void on_sig(int s) { (void)s; }

static void status_signals(void)
{
	unsigned long long v;
	const char *fields[] = { "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt" };
	for (int i = 0; i < 5; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s: 16 hex digits", fields[i]);
		CHECK(name, status_sig(fields[i], &v));
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	status_sig("SigBlk", &v);
	CHECK("SigBlk shows SIGUSR1 and SIGRTMIN+2", (v & (1ULL << (SIGUSR1 - 1))) &&
	      (v & (1ULL << (SIGRTMIN + 2 - 1))));
	signal(SIGUSR2, SIG_IGN);
	status_sig("SigIgn", &v);
	CHECK("SigIgn shows SIGUSR2", v & (1ULL << (SIGUSR2 - 1)));
	signal(SIGTERM, on_sig);
	status_sig("SigCgt", &v);
	CHECK("SigCgt shows SIGTERM", v & (1ULL << (SIGTERM - 1)));
	status_sig("SigIgn", &v);
	CHECK("SigIgn does not", !(v & (1ULL << (SIGTERM - 1))));
	kill(getpid(), SIGUSR1);
	status_sig("ShdPnd", &v);
	CHECK("kill makes SIGUSR1 pending in ShdPnd", v & (1ULL << (SIGUSR1 - 1)));
	status_sig("SigPnd", &v);
	CHECK("not in the thread's SigPnd", !(v & (1ULL << (SIGUSR1 - 1))));
}

static void proc_is_its_own_fs(void)
{
	struct statfs s;
	struct stat a, b;
	CHECK_OK0("statfs /proc", statfs("/proc", &s));
	CHECK_EQ("f_type PROC_SUPER_MAGIC", (long)s.f_type, (long)PROC_SUPER_MAGIC);
	CHECK_EQ("f_blocks 0", (long)s.f_blocks, 0L);
	stat("/", &a);
	stat("/proc", &b);
	CHECK("/proc has another st_dev than /", a.st_dev != b.st_dev);
}

/* pwrite on the files Linux serves through seq_file is ESPIPE (seq_open
 * takes FMODE_PWRITE away), while pread works; /proc/sys's files take
 * pwrite (an empty one here, which changes nothing). */
static void positioned_writes(void)
{
	static const struct { const char *path; int err; } files[] = {
		{ "/proc/self/comm", ESPIPE }, { "/proc/self/timens_offsets", ESPIPE },
		{ "/proc/self/stat", ESPIPE }, { "/proc/self/status", ESPIPE },
		{ "/proc/self/maps", ESPIPE }, { "/proc/uptime", ESPIPE },
		{ "/proc/sys/kernel/hostname", 0 }, { "/proc/sys/kernel/domainname", 0 },
		{ "/proc/sys/fs/file-max", 0 },
	};
	for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
		char name[96], b[8];
		int fd = open(files[i].path, O_RDWR);
		snprintf(name, sizeof name, "open %s O_RDWR", files[i].path);
		CHECK_OK(name, fd);
		snprintf(name, sizeof name, "pread %s", files[i].path);
		CHECK_OK(name, pread(fd, b, sizeof b, 0));
		snprintf(name, sizeof name, "pwrite %s", files[i].path);
		if (files[i].err)
			CHECK_ERR(name, pwrite(fd, "", 0, 0), files[i].err);
		else
			CHECK_EQ(name, pwrite(fd, "", 0, 0), 0);
		close(fd);
	}
}

static const char *comm_text(const char *path)
{
	static char b[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
	close(fd);
	b[n < 0 ? 0 : n] = 0;
	return b;
}

/* /proc/<pid>/comm is 0644 and takes writes from the process itself: the
 * first 15 bytes up to a NUL, a newline kept; another process's is
 * EINVAL. A write to another file of a process is EINVAL, to a
 * system-wide one EIO. */
static void comm_writes(void)
{
	struct stat st;
	CHECK_OK0("stat comm", stat("/proc/self/comm", &st));
	CHECK_MODE("comm is 0644", st.st_mode & 07777, 0644);
	int fd = open("/proc/self/comm", O_WRONLY);
	CHECK_OK("open comm O_WRONLY", fd);
	CHECK_EQ("write abc\\n", write(fd, "abc\n", 4), 4);
	CHECK_STR("the newline is kept", comm_text("/proc/self/comm"), "abc\n\n");
	CHECK_EQ("write 20 bytes", write(fd, "0123456789abcdefghij", 20), 20);
	CHECK_STR("15 of them", comm_text("/proc/self/comm"), "0123456789abcde\n");
	CHECK_EQ("write x NUL yz", write(fd, "x\0yz", 4), 4);
	CHECK_STR("up to the NUL", comm_text("/proc/self/comm"), "x\n");
	CHECK_EQ("write nothing", write(fd, "", 0), 0);
	CHECK_STR("an empty name", comm_text("/proc/self/comm"), "\n");
	CHECK_ERR("a bad buffer: EFAULT", write(fd, (void *)1, 3), EFAULT);
	close(fd);
	pid_t kid = fork();
	if (kid == 0) {
		pause();
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)kid);
	fd = open(path, O_WRONLY);
	CHECK_ERR("another process's comm: EINVAL", write(fd, "kid", 3), EINVAL);
	close(fd);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	fd = open("/proc/self/stat", O_RDWR);
	CHECK_ERR("write stat: EINVAL", write(fd, "x", 1), EINVAL);
	CHECK_ERR("write nothing to stat: EINVAL", write(fd, "", 0), EINVAL);
	close(fd);
	fd = open("/proc/uptime", O_WRONLY);
	CHECK_ERR("write uptime: EIO", write(fd, "x", 1), EIO);
	close(fd);
}

int main(void)
{
	tdir_setup("t_proc_pid");
	RUN(fd_links);
	RUN(fd_dir);
	RUN(maps);
	RUN(status_signals);
	RUN(proc_is_its_own_fs);
	RUN(positioned_writes);
	RUN(comm_writes);
	rm_rf(tdir);
	return cases_failed || check_failed ? 1 : 0;
}
