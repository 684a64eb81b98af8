/* t_sh_posix - the shell against POSIX sh: each case runs a script with
 * /bin/sh -c and checks its output and exit status. In the guest /bin/sh
 * is Pipit's shell (user/sh/), on the host Linux's (dash or bash), so the
 * expected texts are what both of those print: tilde expansion, and trap
 * (actions between commands, EXIT, reset and ignored traps in subshells,
 * a trap interrupting wait). */
#include "check.h"

/* Run script with /bin/sh -c (stderr discarded, HOME=/h); its stdout into
 * out, its wait status returned. */
static int sh_run(const char *script, char *out, size_t n)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		close(p[0]);
		close(p[1]);
		setenv("HOME", "/h", 1);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t r;
	while (got + 1 < n && (r = read(p[0], out + got, n - 1 - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		got += r;
	}
	out[got] = 0;
	close(p[0]);
	return wait_for(pid);
}

/* The script prints want and ends with code (128 + n: killed by signal n). */
static void expect(const char *name, const char *script, const char *want, int code)
{
	char out[1024], nm[96];
	int st = sh_run(script, out, sizeof out);
	CHECK_STR(name, out, want);
	snprintf(nm, sizeof nm, "%s: exit status", name);
	CHECK_EQ(nm, st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), code);
}

static void tilde(void)
{
	expect("~ ~/x ~user, not quoted or inside a word; after = and : in assignments",
	       "HOME=/h; x=~/a:~/b:c~ y=~root; echo ~ ~/x a~b \"~\" \\~ ~\"/q\" $x $y ~nosuchuser",
	       "/h /h/x a~b ~ ~ ~/q /h/a:/h/b:c~ /root ~nosuchuser\n", 0);
}

static void trap_between_commands(void)
{
	expect("the action runs after the command the signal came in, $? kept",
	       "trap 'echo got; false' USR1; kill -USR1 $$; echo \"after $?\"",
	       "got\nafter 0\n", 0);
	expect("names and numbers; a number first resets",
	       "trap 'echo a' 10; trap 'echo b' USR2; kill -USR1 $$; kill -s USR2 $$; "
	       "trap 10 12; trap; echo done",
	       "a\nb\ndone\n", 0);
	expect("trap - resets, trap '' ignores",
	       "trap 'echo x' USR1; trap - USR1; trap '' USR2; kill -USR2 $$; echo alive; kill -USR1 $$; echo not",
	       "alive\n", 128 + SIGUSR1);
}

static void trap_exit(void)
{
	expect("EXIT runs at the end with the exit status in $?",
	       "trap 'echo exit $?' EXIT; (exit 3); false",
	       "exit 1\n", 1);
	expect("exit in a trap action sets the status",
	       "trap 'echo hup; exit 7' HUP; kill -HUP $$; echo not",
	       "hup\n", 7);
}

static void trap_subshell(void)
{
	/* dash resets the traps of a subshell late: it keeps the parent's
	 * action for a signal that comes at once (Pipit's shell blocks
	 * signals across fork), hence the "sleep 1" before kill */
	expect("a caught signal is default again in a subshell",
	       "trap 'echo T' TERM; (sleep 2; echo no) & sleep 1; kill $!; wait $!; echo $?",
	       "143\n", 0);
	expect("an ignored signal stays ignored in a subshell",
	       "trap '' TERM; (sleep 1; echo kept) & kill $!; wait $!; echo $?",
	       "kept\n0\n", 0);
}

static void trap_wait(void)
{
	expect("a trapped signal ends wait with 128+sig, then the action runs",
	       "trap 'echo got' USR1; (sleep 1; kill -USR1 $$) & sleep 4 & wait $!; echo $?",
	       "got\n138\n", 0);
}

int main(void)
{
	RUN(tilde);
	RUN(trap_between_commands);
	RUN(trap_exit);
	RUN(trap_subshell);
	RUN(trap_wait);
	return cases_failed ? 1 : 0;
}
