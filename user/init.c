/* init - the first user program, /sbin/init (pid 1). It makes sure /dev
 * has its nodes, runs /etc/rc, then keeps a session running on the
 * console: a new session whose controlling terminal is the console
 * (/dev/ttyS0), running a root shell, or /bin/login when the kernel
 * command line has the word `login`. The session is restarted when it
 * ends, and init reaps every orphan meanwhile. Without /bin/sh it says so
 * and powers off. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

static char *envp[] = { "PATH=/bin:/sbin:/usr/bin", "HOME=/root", "TERM=vt100", "USER=root",
                        "LOGNAME=root", "SHELL=/bin/sh", NULL };

static void say(const char *s)
{
	write(2, s, strlen(s));
}

static void power_off(void)
{
	sync();
	if (getpid() == 1)           /* only ever the guest's init */
		reboot(RB_POWER_OFF);
	say("init: power off failed\n");
	_exit(1);
}

/* The device nodes a session needs, made if the initrd lacks them. */
static void make_dev_nodes(void)
{
	static const struct { const char *path; mode_t mode; int major, minor; } nodes[] = {
		{ "/dev/console", 0600, 5, 1 }, { "/dev/tty", 0666, 5, 0 },
		{ "/dev/ttyS0", 0660, 4, 64 }, { "/dev/null", 0666, 1, 3 },
		{ "/dev/zero", 0666, 1, 5 },
	};
	mkdir("/dev", 0755);
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
		if (access(nodes[i].path, F_OK) != 0)
			mknod(nodes[i].path, S_IFCHR | nodes[i].mode, makedev(nodes[i].major, nodes[i].minor));
}

/* In the child: a new session with the console as controlling terminal on
 * descriptors 0, 1 and 2. The last session released the console when its
 * leader exited; should another session hold it still, init (root) takes
 * it (TIOCSCTTY 1, as getty does): every shell gets a working terminal. */
static void console_session(void)
{
	setsid();
	int fd = open("/dev/ttyS0", O_RDWR);
	if (fd < 0) {
		say("init: cannot open /dev/ttyS0\n");
		return;
	}
	if (ioctl(fd, TIOCSCTTY, 1) < 0)
		say("init: /dev/ttyS0: cannot make it the controlling terminal\n");
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* Runs argv in a child (a console session if asked) and waits for it,
 * reaping orphans meanwhile. */
static void run(char *const argv[], int session)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (session)
			console_session();
		else
			setsid();
		execve(argv[0], argv, envp);
		say("init: cannot run ");
		say(argv[0]);
		say("\n");
		_exit(127);
	}
	if (pid < 0) {
		say("init: fork failed\n");
		return;
	}
	for (;;) {
		pid_t r = waitpid(-1, NULL, 0);
		if (r == pid || (r < 0 && errno != EINTR))
			return;
	}
}

static const struct prog_help help = {
	"[login]",
	"The first process (pid 1): make /dev's nodes, run /etc/rc, and keep a\n"
	"root shell (or /bin/login, with the word login) on the console.\n",
	1, PH_OPTS_FIRST,
};

int main(int argc, char **argv)
{
	if (getpid() != 1)
		prog_init("init", argc, argv, &help);
	int login = 0;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "login"))
			login = 1;
	make_dev_nodes();
	int have_sh = access("/bin/sh", X_OK) == 0;
	if (!have_sh) {
		say("init: no /bin/sh; nothing to run\n");
		power_off();
	}
	if (access("/etc/rc", R_OK) == 0)
		run((char *[]){ "/bin/sh", "/etc/rc", NULL }, 0);
	if (!login && access("/etc/motd", R_OK) == 0)
		run((char *[]){ "/bin/cat", "/etc/motd", NULL }, 0);
	for (;;) {
		time_t start = time(NULL);
		if (login && access("/bin/login", X_OK) == 0)
			run((char *[]){ "/bin/login", NULL }, 1);
		else
			run((char *[]){ "/bin/sh", NULL }, 1);
		if (time(NULL) - start < 2)    /* dying at once: do not spin */
			sleep(2);
	}
}
