/* srv: the UNIX-socket server of the book's section 5.6.1. It binds a
 * stream socket to /tmp/server, listens, and goes into the background;
 * there it serves clients one after another: it reads a client's message
 * (its process id) and answers "Hello Client N, this is the Server.".
 * Who may connect is decided by the mode of /tmp/server (0777 less the
 * umask). Stop it with kill. */
#include "util.h"
#include <signal.h>
#include <sys/socket.h>

#define SERVER "/tmp/server"

/* Reads one client's message and answers it. */
static void serve(int fd)
{
	char buf[64], answer[128];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n <= 0)
		return;
	buf[n] = 0;
	int len = snprintf(answer, sizeof answer, "Hello Client %s, this is the Server.", buf);
	if (write(fd, answer, len) < 0)
		err_msg("write: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	prog_init_bare("srv",
		       "Bind a stream socket to " SERVER ", go into the background and answer\n"
		       "each client (see cli) with a greeting; stop it with kill.\n",
		       argc, argv);
	int fd = unix_stream_at(SERVER, 5);
	if (fd < 0)
		return 1;
	pid_t pid = fork();                 /* the server lives on in the background */
	if (pid < 0) {
		err_msg("fork: %s", strerror(errno));
		return 1;
	}
	if (pid > 0)
		return 0;
	signal(SIGPIPE, SIG_IGN);           /* a client that leaves early is no reason to die */
	for (;;) {
		int c = accept(fd, NULL, NULL);
		if (c < 0) {
			if (errno != EINTR)
				err_msg("accept: %s", strerror(errno));
			continue;
		}
		serve(c);
		close(c);
	}
}
