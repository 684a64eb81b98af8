/* t_utils_errors - Pipit's utilities (the programs in user/) say what went wrong as
 * coreutils does: the operand that failed and the errno of the call that
 * really failed ("touch: cannot touch 'ro/new': Permission denied", not
 * the ENOENT of the utimensat that follows the failed open), usage errors
 * end in "Try 'PROG --help' for more information.", and every program
 * answers --help (usage on stdout, status 0), --version, and an unknown
 * long option. The expected texts are what GNU coreutils 9.1 (procps,
 * util-linux) prints for the same commands in the same directory.
 *
 * Differential: the same Pipit binaries run in the guest (/bin/NAME) and
 * on the host (build/user/NAME, found from /proc/self/exe), so the host
 * kernel's errors are the reference. Each case builds its own directory
 * (tdir) and runs the commands there as root and as uid 1000. */
#include "check.h"
#include "run_prog.h"

/* The case's directory: files and directories for every kind of error.
 * ro is root's 0755 (no writing for uid 1000), noperm is 0000. */
static void fixture(void)
{
	if (chdir(tdir) < 0)
		fail("chdir", "%s", strerror(errno));
	chmod(".", 0777);
	put_file("file", "hello\n", 6);
	mkdir("ro", 0755);
	put_file("ro/f", "x\n", 2);
	mkdir("ro/sub", 0755);
	mkdir("dir", 0755);
	put_file("dir/x", "x", 1);
	mkdir("empty", 0755);
	mkdir("noperm", 0);
	put_file("unreadable", "x", 1);
	chmod("unreadable", 0);
	mkdir("sticky", 01777);
	chmod("sticky", 01777);
	put_file("sticky/f", "x", 1);
}

/* One command: its stderr and status must be the expected ones. */
static void expect(int user, int status, const char *err, char *const argv[])
{
	static struct result r;
	char name[256];
	int len = snprintf(name, sizeof name, "%s", user ? "u1000:" : "root:");
	for (int i = 0; argv[i] && len < (int)sizeof name - 1; i++)
		len += snprintf(name + len, sizeof name - (size_t)len, " %s", argv[i]);
	run(user, argv, &r);
	if (r.status == status && !strcmp(r.err, err))
		pass(name);
	else
		fail(name, "got status %d, stderr \"%s\"; expected %d, \"%s\"", r.status, r.err,
		     status, err);
}

/* A check on a run's result; the result is printed when it fails. */
static void check_run(const char *name, int ok, const struct result *r)
{
	if (ok)
		pass(name);
	else
		fail(name, "status %d, stdout \"%.200s\", stderr \"%s\"", r->status, r->out, r->err);
}

#define ROOT(status, err, ...) expect(0, status, err, (char *const[]){ __VA_ARGS__, NULL })
#define USER(status, err, ...) expect(1, status, err, (char *const[]){ __VA_ARGS__, NULL })
#define TRY(p) "Try '" p " --help' for more information.\n"

static void touch_errors(void)
{
	fixture();
	USER(1, "touch: cannot touch 'ro/new': Permission denied\n", "touch", "ro/new");
	USER(1, "touch: cannot touch '/x': Permission denied\n", "touch", "/x");
	USER(1, "touch: cannot touch 'ro/f': Permission denied\n", "touch", "ro/f");
	USER(1, "touch: setting times of 'dir': Permission denied\n", "touch", "dir");
	USER(1, "touch: cannot touch 'noperm/x': Permission denied\n", "touch", "noperm/x");
	USER(0, "", "touch", "-c", "nodir/x");
	ROOT(1, "touch: cannot touch 'nodir/x': No such file or directory\n", "touch", "nodir/x");
	ROOT(1, "touch: cannot touch 'file/x': Not a directory\n", "touch", "file/x");
	ROOT(1, "touch: missing file operand\n" TRY("touch"), "touch");
	ROOT(1, "touch: invalid option -- 'z'\n" TRY("touch"), "touch", "-z");
}

static void mkdir_errors(void)
{
	fixture();
	USER(1, "mkdir: cannot create directory 'ro/n': Permission denied\n", "mkdir", "ro/n");
	USER(1, "mkdir: cannot create directory 'ro/a': Permission denied\n", "mkdir", "-p", "ro/a/b");
	ROOT(1, "mkdir: cannot create directory 'file': File exists\n", "mkdir", "file");
	ROOT(1, "mkdir: cannot create directory 'nodir/a': No such file or directory\n", "mkdir", "nodir/a");
	ROOT(1, "mkdir: cannot create directory 'file': Not a directory\n", "mkdir", "-p", "file/a");
	ROOT(1, "mkdir: missing operand\n" TRY("mkdir"), "mkdir");
	ROOT(1, "mkdir: option requires an argument -- 'm'\n" TRY("mkdir"), "mkdir", "-m");
}

static void rm_errors(void)
{
	fixture();
	USER(1, "rm: cannot remove 'ro/f': Permission denied\n", "rm", "ro/f");
	USER(1, "rm: cannot remove 'sticky/f': Operation not permitted\n", "rm", "sticky/f");
	USER(0, "", "rm", "-r", "noperm");
	ROOT(1, "rm: cannot remove 'nofile': No such file or directory\n", "rm", "nofile");
	ROOT(1, "rm: cannot remove 'dir': Is a directory\n", "rm", "dir");
	ROOT(1, "rm: cannot remove 'file/x': Not a directory\n", "rm", "file/x");
	ROOT(1, "rm: cannot remove '.': Is a directory\n", "rm", ".");
	ROOT(1, "rm: refusing to remove '.' or '..' directory: skipping '..'\n", "rm", "-r", "..");
	ROOT(0, "", "rm", "-f", "nodir/x");
	ROOT(1, "rm: missing operand\n" TRY("rm"), "rm");
	ROOT(1, "rmdir: failed to remove 'dir': Directory not empty\n", "rmdir", "dir");
	ROOT(1, "rmdir: failed to remove 'file': Not a directory\n", "rmdir", "file");
	ROOT(1, "rmdir: failed to remove directory 'ro': Directory not empty\n", "rmdir", "-p", "ro/sub");
}

static void link_errors(void)
{
	fixture();
	USER(1, "ln: failed to create symbolic link 'ro/y': Permission denied\n", "ln", "-s", "x", "ro/y");
	USER(1, "ln: failed to create symbolic link 'ro/f': Permission denied\n", "ln", "-sf", "x", "ro/f");
	ROOT(1, "ln: failed to create symbolic link 'file': File exists\n", "ln", "-s", "x", "file");
	ROOT(1, "ln: failed to access 'nofile': No such file or directory\n", "ln", "nofile", "z");
	ROOT(1, "ln: failed to create hard link 'file': File exists\n", "ln", "file", "file");
	ROOT(1, "ln: missing file operand\n" TRY("ln"), "ln");
	USER(1, "mv: cannot move 'ro/f' to 'x': Permission denied\n", "mv", "ro/f", "x");
	ROOT(1, "mv: cannot stat 'nofile': No such file or directory\n", "mv", "nofile", "x");
	ROOT(1, "mv: cannot overwrite non-directory 'file' with directory 'dir'\n", "mv", "dir", "file");
	ROOT(1, "mv: cannot stat 'dir/x/y': Not a directory\n", "mv", "file", "dir/x/y");
	ROOT(1, "mv: cannot move 'dir' to a subdirectory of itself, 'dir/sub'\n", "mv", "dir", "dir/sub");
	ROOT(1, "mv: missing destination file operand after 'file'\n" TRY("mv"), "mv", "file");
}

static void copy_errors(void)
{
	fixture();
	USER(1, "cp: cannot create regular file 'ro/x': Permission denied\n", "cp", "file", "ro/x");
	USER(1, "cp: cannot open 'unreadable' for reading: Permission denied\n", "cp", "unreadable", "x");
	ROOT(1, "cp: cannot stat 'nofile': No such file or directory\n", "cp", "nofile", "x");
	ROOT(1, "cp: -r not specified; omitting directory 'dir'\n", "cp", "dir", "x");
	ROOT(1, "cp: 'file' and 'file' are the same file\n", "cp", "file", "file");
	ROOT(1, "cp: cannot stat 'dir/x/y': Not a directory\n", "cp", "file", "dir/x/y");
	ROOT(1, "cp: target 'nodir': No such file or directory\n", "cp", "file", "dir", "nodir");
	ROOT(1, "cp: missing file operand\n" TRY("cp"), "cp");
}

static void mode_errors(void)
{
	fixture();
	USER(1, "chmod: changing permissions of 'ro/f': Operation not permitted\n", "chmod", "644", "ro/f");
	USER(1, "chown: changing ownership of 'file': Operation not permitted\n", "chown", "1000", "file");
	USER(1, "chown: cannot read directory 'noperm': Permission denied\n", "chown", "-R", "0", "noperm");
	ROOT(1, "chmod: cannot access 'nofile': No such file or directory\n", "chmod", "644", "nofile");
	ROOT(1, "chmod: invalid mode: 'xyz'\n" TRY("chmod"), "chmod", "xyz", "file");
	ROOT(1, "chmod: missing operand after '644'\n" TRY("chmod"), "chmod", "644");
	ROOT(1, "chown: invalid user: 'nouser'\n", "chown", "nouser", "file");
	ROOT(1, "chown: cannot access 'nofile': No such file or directory\n", "chown", "0", "nofile");
	USER(1, "mkfifo: cannot create fifo 'ro/x': Permission denied\n", "mkfifo", "ro/x");
	ROOT(1, "mkfifo: cannot create fifo 'file': File exists\n", "mkfifo", "file");
	ROOT(1, "mknod: missing operand after 'x'\n" TRY("mknod"), "mknod", "x");
	ROOT(1, "mknod: missing operand after 'q'\nSpecial files require major and minor device numbers.\n"
	     TRY("mknod"), "mknod", "x", "q");
	ROOT(1, "mknod: extra operand '1'\nFifos do not have major and minor device numbers.\n"
	     TRY("mknod"), "mknod", "x", "p", "1", "2");
	ROOT(1, "mknod: file: File exists\n", "mknod", "file", "p");
}

static void read_errors(void)
{
	fixture();
	USER(1, "cat: unreadable: Permission denied\n", "cat", "unreadable");
	USER(1, "cat: noperm/x: Permission denied\n", "cat", "noperm/x");
	ROOT(1, "cat: nofile: No such file or directory\n", "cat", "nofile");
	ROOT(1, "cat: dir: Is a directory\n", "cat", "dir");
	ROOT(1, "head: cannot open 'nofile' for reading: No such file or directory\n", "head", "nofile");
	ROOT(1, "head: error reading 'dir': Is a directory\n", "head", "dir");
	ROOT(1, "tail: cannot open 'nofile' for reading: No such file or directory\n", "tail", "nofile");
	ROOT(1, "wc: nofile: No such file or directory\n", "wc", "nofile");
	ROOT(2, "sort: cannot read: nofile: No such file or directory\n", "sort", "nofile");
	ROOT(2, "sort: read failed: dir: Is a directory\n", "sort", "dir");
	ROOT(2, "grep: nofile: No such file or directory\n", "grep", "x", "nofile");
	ROOT(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\n" TRY("grep"), "grep");
	USER(1, "tee: ro/x: Permission denied\n", "tee", "ro/x");
	ROOT(2, "ls: cannot access 'nofile': No such file or directory\n", "ls", "nofile");
	USER(2, "ls: cannot open directory 'noperm': Permission denied\n", "ls", "noperm");
	ROOT(2, "ls: invalid option -- 'z'\n" TRY("ls"), "ls", "-z");
}

static void other_errors(void)
{
	fixture();
	ROOT(1, "kill: (999999): No such process\n", "kill", "999999");
	USER(1, "kill: (1): Operation not permitted\n", "kill", "-9", "1");
	ROOT(1, "id: 'nouser': no such user\n", "id", "nouser");
	ROOT(1, "id: cannot print only names or real IDs in default format\n", "id", "-n");
	ROOT(127, "env: 'nocmd': No such file or directory\n", "env", "nocmd");
	ROOT(126, "env: './file': Permission denied\n", "env", "./file");
	ROOT(125, "env: invalid option -- 'z'\n" TRY("env"), "env", "-z");
	ROOT(1, "sleep: invalid time interval 'x'\n" TRY("sleep"), "sleep", "x");
	ROOT(1, "sleep: missing operand\n" TRY("sleep"), "sleep");
	ROOT(1, "uname: extra operand 'x'\n" TRY("uname"), "uname", "x");
	ROOT(0, "pwd: ignoring non-option arguments\n", "pwd", "x");
}

/* Every program and its status for a bad option. */
static const struct { const char *name; int status; } progs[] = {
	{ "cat", 1 }, { "chmod", 1 }, { "chown", 1 }, { "clear", 1 }, { "cli", 1 }, { "cp", 1 }, { "epsrv", 1 },
	{ "env", 125 }, { "grep", 2 }, { "head", 1 }, { "id", 1 }, { "init", 1 }, { "ipcmk", 1 },
	{ "ipcrm", 1 }, { "ipcs", 1 }, { "kill", 1 }, { "ln", 1 }, { "lockdemo", 1 }, { "login", 1 },
	{ "ls", 2 }, { "mkdir", 1 }, { "mkfifo", 1 }, { "mknod", 1 }, { "more", 1 }, { "msgdemo", 1 },
	{ "mv", 1 }, { "poweroff", 1 }, { "ps", 1 }, { "pwd", 1 }, { "rm", 1 }, { "rmdir", 1 },
	{ "shmdemo", 1 }, { "sleep", 1 }, { "sort", 2 }, { "srv", 1 }, { "strace", 1 }, { "su", 1 },
	{ "tail", 1 }, { "tee", 1 }, { "touch", 1 }, { "tty", 2 }, { "uname", 1 }, { "wc", 1 }, { "yes", 1 },
	{ "echo", -1 }, { "true", -1 }, { "false", -1 },
};

/* PROG --help: "Usage: PROG ..." on stdout, nothing on stderr, status 0. */
static void help(void)
{
	static struct result r;
	char name[64], head[64];
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		char *argv[] = { (char *)progs[i].name, "--help", NULL };
		run(1, argv, &r);
		snprintf(name, sizeof name, "%s --help", progs[i].name);
		snprintf(head, sizeof head, "Usage: %s ", progs[i].name);
		check_run(name, r.status == 0 && !strncmp(r.out, head, strlen(head)) && !r.err[0] &&
			  strstr(r.out, "--help     display this help and exit\n"), &r);
	}
}

/* PROG --version: "PROG (Pipit) VERSION" and status 0. */
static void version(void)
{
	static struct result r;
	char name[64], head[64];
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		char *argv[] = { (char *)progs[i].name, "--version", NULL };
		run(1, argv, &r);
		snprintf(name, sizeof name, "%s --version", progs[i].name);
		snprintf(head, sizeof head, "%s (Pipit) ", progs[i].name);
		check_run(name, r.status == 0 && !strncmp(r.out, head, strlen(head)) && !r.err[0], &r);
	}
}

/* PROG --no-such-option: coreutils' two lines and the program's status;
 * echo prints it, true and false ignore it. */
static void unknown_long(void)
{
	static struct result r;
	char name[64], err[256];
	for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		const char *p = progs[i].name;
		char *argv[] = { (char *)p, "--no-such-option", NULL };
		run(1, argv, &r);
		snprintf(name, sizeof name, "%s --no-such-option", p);
		snprintf(err, sizeof err, "%s: unrecognized option '--no-such-option'\n" TRY("%s"), p, p);
		if (progs[i].status < 0)
			check_run(name, !r.err[0] && r.status == !strcmp(p, "false") &&
				  !strcmp(r.out, strcmp(p, "echo") ? "" : "--no-such-option\n"), &r);
		else
			check_run(name, r.status == progs[i].status && !strcmp(r.err, err) && !r.out[0], &r);
	}
}

int main(void)
{
	find_bindir();
	tdir_setup("t_utils_errors");
	RUN(touch_errors);
	RUN(mkdir_errors);
	RUN(rm_errors);
	RUN(link_errors);
	RUN(copy_errors);
	RUN(mode_errors);
	RUN(read_errors);
	RUN(other_errors);
	RUN(help);
	RUN(version);
	RUN(unknown_long);
	rm_rf(tdir);
	return cases_failed != 0;
}
