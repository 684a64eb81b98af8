/* cli: the UNIX-socket client of the book's section 5.6.1. It connects to
 * the server's socket /tmp/server (see srv), sends its process id, and
 * prints the server's answer: "Client received: Hello Client N, this is
 * the Server.". */
#include "util.h"
#include <sys/socket.h>

#define SERVER "/tmp/server"

int main(int argc, char **argv)
{
	prog_init_bare("cli",
		       "Connect to the server's socket " SERVER ", send this process's id and print\n"
		       "the server's answer (the book's section 5.6.1; start srv first).\n",
		       argc, argv);
	char msg[32], buf[128];
	int fd = unix_stream_at(SERVER, 0);
	if (fd < 0)
		return 1;
	int len = snprintf(msg, sizeof msg, "%d", (int)getpid());
	if (write(fd, msg, len) != len) {
		err_msg("write: %s", strerror(errno));
		return 1;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n < 0) {
		err_msg("read: %s", strerror(errno));
		return 1;
	}
	buf[n] = 0;
	printf("Client received: %s\n", buf);
	return 0;
}
