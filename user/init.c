/* init - the first user program, /sbin/init. Runs /etc/rc with /bin/sh if
 * both exist, then keeps a shell running on the console (respawned when it
 * exits), reaping orphans all the while. Without /bin/sh it says so and
 * powers off. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *envp[] = { "PATH=/bin:/usr/bin:/sbin", "HOME=/root", "TERM=vt100", NULL };

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

/* Starts /bin/sh with argv; waits for it, reaping orphans meanwhile. */
static void run_sh(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();                  /* its own session, the console */
		ioctl(0, TIOCSCTTY, 0);    /* as controlling tty, if it can */
		execve("/bin/sh", argv, envp);
		say("init: cannot run /bin/sh\n");
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

int main(void)
{
	int have_sh = access("/bin/sh", X_OK) == 0;
	if (have_sh && access("/etc/rc", R_OK) == 0)
		run_sh((char *[]){ "sh", "/etc/rc", NULL });
	if (!have_sh) {
		say("init: no /bin/sh yet; nothing to run\n");
		power_off();
	}
	for (;;) {
		time_t start = time(NULL);
		run_sh((char *[]){ "sh", NULL });
		if (time(NULL) - start < 2)    /* dying at once: do not spin */
			sleep(2);
	}
}
