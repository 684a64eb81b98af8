/* t_inotify_exec - the inotify events of execve, differential against
 * Linux 6.1: the kernel opens the program (IN_OPEN), reads its headers
 * (IN_ACCESS: the loader's reads, merged by the queue as consecutive
 * equal events, so their number never shows), and closes it when the
 * last address space mapping it goes (IN_CLOSE_NOWRITE at exit, or at
 * the next exec; a forked child keeps it open). A #! script is opened
 * and read, then its interpreter; the script is closed at the end of
 * the execve. A file that is no program is opened, read and closed by
 * the failing execve. A program that may be executed but not read
 * reports the same. (Tested on a copy of this program in the test's
 * directory; fexecve is left out: 6.1 reports no IN_OPEN for it, newer
 * kernels do.) */
#include "check.h"
#include <poll.h>
#include <sys/inotify.h>

/* The events waiting on fd, "OPEN prog; ACCESS prog; ...", without
 * waiting (IN_ISDIR would show as "|ISDIR"). */
static void events(int fd, char *out, size_t cap)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ IN_ACCESS, "ACCESS" }, { IN_MODIFY, "MODIFY" }, { IN_ATTRIB, "ATTRIB" },
		{ IN_CLOSE_WRITE, "CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
		{ IN_OPEN, "OPEN" }, { IN_CREATE, "CREATE" }, { IN_DELETE, "DELETE" },
		{ IN_ISDIR, "ISDIR" },
	};
	char buf[4096];
	size_t n = 0;
	out[0] = 0;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 0) != 1)
			break;
		ssize_t len = read(fd, buf, sizeof buf);
		for (char *q = buf; len > 0 && q < buf + len; ) {
			struct inotify_event *e = (struct inotify_event *)q;
			const char *sep = "";
			n += snprintf(out + n, cap - n, "%s", n ? "; " : "");
			for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
				if (e->mask & names[i].bit) {
					n += snprintf(out + n, cap - n, "%s%s", sep, names[i].name);
					sep = "|";
				}
			n += snprintf(out + n, cap - n, " %s", e->len ? e->name : "-");
			q += sizeof *e + e->len;
		}
	}
}

#define EXPECT(name, fd, exp) do { \
	char got_[2048]; events(fd, got_, sizeof got_); CHECK_STR(name, got_, exp); } while (0)

/* A copy of this program as tdir/rel with mode. */
static void copy_self(const char *rel, mode_t mode)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(P(rel), O_WRONLY | O_CREAT | O_TRUNC, 0700);
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	close(out);
	chmod(P(rel), mode);
}

/* Runs tdir/rel with one argument in a child; its exit status (the
 * execve's errno when it failed). */
static int run(const char *rel, const char *arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)rel, (char *)arg, NULL };
		execv(P(rel), argv);
		_exit(errno);
	}
	return WEXITSTATUS(wait_for(pid));
}

static void program(void)
{
	copy_self("prog", 0755);
	int in = inotify_init1(IN_NONBLOCK);
	CHECK("watch the directory", inotify_add_watch(in, tdir, IN_ALL_EVENTS) > 0);
	CHECK_EQ("the program ran", run("prog", "--noop"), 0);
	EXPECT("open, read, closed at exit", in, "OPEN prog; ACCESS prog; CLOSE_NOWRITE prog");
	chmod(P("prog"), 0111);
	EXPECT("chmod", in, "ATTRIB prog");
	CHECK_EQ("an unreadable program ran", run("prog", "--noop"), 0);
	EXPECT("read by the kernel all the same", in, "OPEN prog; ACCESS prog; CLOSE_NOWRITE prog");
	int in2 = inotify_init1(IN_NONBLOCK);
	CHECK("watch the program itself", inotify_add_watch(in2, P("prog"), IN_OPEN | IN_ACCESS | IN_CLOSE) > 0);
	CHECK_EQ("ran again", run("prog", "--noop"), 0);
	EXPECT("the file's own watch", in2, "OPEN -; ACCESS -; CLOSE_NOWRITE -");
	EXPECT("and the directory's", in, "OPEN prog; ACCESS prog; CLOSE_NOWRITE prog");
}

static void script(void)
{
	copy_self("interp", 0755);
	char text[300];
	snprintf(text, sizeof text, "#!%s --noop\n", P("interp"));
	mk("script", text);
	chmod(P("script"), 0755);
	int in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, tdir, IN_ALL_EVENTS);
	CHECK_EQ("the script ran", run("script", "x"), 0);
	EXPECT("script, then its interpreter", in,
	       "OPEN script; ACCESS script; OPEN interp; ACCESS interp; "
	       "CLOSE_NOWRITE script; CLOSE_NOWRITE interp");
	mk("junk", "no program at all\n");
	chmod(P("junk"), 0755);
	EXPECT("made", in, "CREATE junk; OPEN junk; MODIFY junk; CLOSE_WRITE junk; ATTRIB junk");
	CHECK_EQ("not a program", run("junk", "x"), ENOEXEC);
	EXPECT("opened, read and closed by the failed exec", in,
	       "OPEN junk; ACCESS junk; CLOSE_NOWRITE junk");
	mk("noexec", "#!/bin/sh\n");
	chmod(P("noexec"), 0644);
	events(in, text, sizeof text);
	CHECK_EQ("no execute permission", run("noexec", "x"), EACCES);
	EXPECT("nothing opened", in, "");
}

/* The program runs in a child that waits, then in a child of its own. */
static void lifetime(void)
{
	copy_self("prog", 0755);
	int in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, tdir, IN_ALL_EVENTS);
	int to[2], from[2];
	if (pipe(to) || pipe(from))
		perror("pipe");
	for (int forked = 0; forked < 2; forked++) {
		pid_t pid = fork();
		if (pid == 0) {
			dup2(to[0], 0);
			dup2(from[1], 1);
			close(to[1]);
			close(from[0]);
			char *argv[] = { "prog", forked ? "--fork-hold" : "--hold", NULL };
			execv(P("prog"), argv);
			_exit(errno);
		}
		char c = 0;
		CHECK_EQ(forked ? "its child started" : "started", read(from[0], &c, 1), 1);
		if (forked)
			CHECK_EQ("the program exited", WEXITSTATUS(wait_for(pid)), 0);
		EXPECT(forked ? "open while its child lives" : "open while it runs", in,
		       "OPEN prog; ACCESS prog");
		CHECK_EQ("let go", write(to[1], "g", 1), 1);
		if (!forked)
			CHECK_EQ("exited", WEXITSTATUS(wait_for(pid)), 0);
		struct pollfd p = { in, POLLIN, 0 };
		CHECK_EQ("an event within 5 s", poll(&p, 1, 5000), 1);
		EXPECT(forked ? "closed when the child exits" : "closed at exit", in,
		       "CLOSE_NOWRITE prog");
	}
}

int main(int argc, char **argv)
{
	char c;
	if (argc > 1 && !strcmp(argv[1], "--noop"))
		return 0;
	if (argc > 1 && !strcmp(argv[1], "--hold")) {
		write(1, "r", 1);
		return read(0, &c, 1) == 1 ? 0 : 1;
	}
	if (argc > 1 && !strcmp(argv[1], "--fork-hold")) {
		if (fork() == 0) {
			write(1, "r", 1);
			_exit(read(0, &c, 1) == 1 ? 0 : 1);
		}
		return 0;
	}
	tdir_setup("t_inotify_exec");
	RUN(program);
	RUN(script);
	RUN(lifetime);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
