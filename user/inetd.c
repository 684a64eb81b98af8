/* inetd: the INET daemon of the book's section 5.6. It reads
 * /etc/inetd.conf (the classic format: service, socket type, protocol,
 * wait/nowait, user, server program, arguments), listens on the port of
 * each service (/etc/services, or a number), and when a client comes it
 * forks and runs the service program with the socket as its standard
 * input, output and error: a program with no network code serves the
 * network. "nowait" services get each connection; "wait" services get the
 * socket itself (a UDP service reads its datagrams from it) and inetd
 * waits for them to end. echo, daytime and chargen are also "internal". */
#include "util.h"
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <grp.h>

#define MAX_SERVICES 16
#define MAX_ARGS 8

struct service {
	char name[32];
	int type;               /* SOCK_STREAM or SOCK_DGRAM */
	bool wait;              /* the program takes the socket itself */
	char user[32];
	char path[128];         /* or "internal" */
	char *argv[MAX_ARGS + 1];
	int fd;                 /* listening (stream) or bound (dgram) socket */
	pid_t busy;             /* wait: the program that has the socket */
	uint16_t port;
};

static struct service svc[MAX_SERVICES];
static int nsvc;

/* The port of a service: a number, or its name in /etc/services for the
 * protocol. 0 when unknown. */
static uint16_t service_port(const char *name, const char *proto)
{
	char *end;
	long n = strtol(name, &end, 10);
	if (!*end && n > 0 && n < 65536)
		return (uint16_t)n;
	FILE *f = fopen("/etc/services", "r");
	char line[256], sname[64], sport[64];
	uint16_t port = 0;
	while (f && !port && fgets(line, sizeof line, f)) {
		if (line[0] == '#' || sscanf(line, "%63s %63s", sname, sport) != 2)
			continue;
		char *slash = strchr(sport, '/');
		if (slash && !strcmp(sname, name) && !strcmp(slash + 1, proto))
			port = (uint16_t)atoi(sport);
	}
	if (f)
		fclose(f);
	return port;
}

/* One line of inetd.conf into s; false for a comment or a bad line. */
static bool parse_line(char *line, struct service *s)
{
	char *f[7 + MAX_ARGS];
	int n = 0;
	for (char *t = strtok(line, " \t\n"); t && n < 7 + MAX_ARGS; t = strtok(NULL, " \t\n"))
		f[n++] = t;
	if (n < 6 || f[0][0] == '#')
		return false;
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", f[0]);
	s->type = !strcmp(f[1], "dgram") ? SOCK_DGRAM : SOCK_STREAM;
	s->wait = !strncmp(f[3], "wait", 4);
	snprintf(s->user, sizeof s->user, "%s", f[4]);
	snprintf(s->path, sizeof s->path, "%s", f[5]);
	for (int i = 6; i < n; i++)
		s->argv[i - 6] = strdup(f[i]);
	if (!s->argv[0])
		s->argv[0] = strdup(base_name(s->path));
	s->port = service_port(s->name, f[2]);
	if (!s->port)
		err_msg("%s/%s: unknown service", s->name, f[2]);
	return s->port != 0;
}

/* The socket of a service: bound to its port on every address. */
static int open_socket(struct service *s)
{
	int fd = socket(AF_INET, s->type | SOCK_CLOEXEC, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(s->port) };
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    (s->type == SOCK_STREAM && listen(fd, 16) < 0)) {
		err_msg("%s (port %u): %s", s->name, s->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* ---- the internal services (RFC 862, 867, 864) ---- */

static void internal_echo(const struct service *s)
{
	char buf[4096];
	if (s->type == SOCK_DGRAM) {
		struct sockaddr_in from;
		socklen_t n = sizeof from;
		ssize_t k = recvfrom(0, buf, sizeof buf, 0, (struct sockaddr *)&from, &n);
		if (k >= 0)
			sendto(0, buf, k, 0, (struct sockaddr *)&from, n);
		return;
	}
	copy_fd(0, 1);
}

static void internal_daytime(void)
{
	time_t t = time(NULL);
	char line[64];
	strftime(line, sizeof line, "%a %b %e %H:%M:%S %Y\r\n", gmtime(&t));
	write_all(1, line, strlen(line));
}

static void internal_chargen(void)
{
	char line[74];
	for (int start = 0;; start = (start + 1) % 95) {
		for (int i = 0; i < 72; i++)
			line[i] = (char)(' ' + (start + i) % 95);
		line[72] = '\r';
		line[73] = '\n';
		if (write_all(1, line, sizeof line) < 0)
			return;
	}
}

/* In the child: fd becomes 0, 1 and 2, the user is taken on, and the
 * service runs. Never returns. */
static void run_service(const struct service *s, int fd)
{
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	struct pw_entry pw;
	if (!pw_find(s->user, 0, &pw) || setgroups(0, NULL) < 0 || setgid(pw.gid) < 0 ||
	    setuid(pw.uid) < 0)
		_exit(1);                   /* never run a service as someone else */
	if (!strcmp(s->path, "internal")) {
		if (!strcmp(s->name, "echo"))
			internal_echo(s);
		else if (!strcmp(s->name, "daytime"))
			internal_daytime();
		else if (!strcmp(s->name, "chargen"))
			internal_chargen();
		_exit(0);
	}
	execv(s->path, s->argv);
	_exit(127);
}

/* A client at service s: fork the program for it. */
static void serve(struct service *s)
{
	int conn = s->fd;
	if (s->type == SOCK_STREAM && !s->wait) {
		conn = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);
		if (conn < 0)
			return;
	}
	pid_t pid = fork();
	if (pid == 0)
		run_service(s, conn);
	if (conn != s->fd)
		close(conn);
	if (pid > 0 && s->wait)
		s->busy = pid;
}

/* Children that ended; a "wait" service listens again. */
static void reap(void)
{
	pid_t pid;
	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		for (int i = 0; i < nsvc; i++)
			if (svc[i].busy == pid)
				svc[i].busy = 0;
}

static void on_child(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	static const struct prog_help help = {
		"[-d] [CONFIG]",
		"Listen on the ports of the services in CONFIG (default /etc/inetd.conf)\n"
		"and run each service's program with the connection as its standard input\n"
		"and output. Goes into the background unless -d.\n"
		"\n"
		"  -d    stay in the foreground\n",
		1, 0,
	};
	prog_init("inetd", argc, argv, &help);
	int debug = 0;
	int *const flags[] = { &debug };
	flag_options(argc, argv, "d", flags, 1);
	const char *conf = optind < argc ? argv[optind] : "/etc/inetd.conf";
	FILE *f = fopen(conf, "r");
	if (!f) {
		err_path(conf);
		return 1;
	}
	char line[512];
	while (nsvc < MAX_SERVICES && fgets(line, sizeof line, f))
		if (parse_line(line, &svc[nsvc]) && (svc[nsvc].fd = open_socket(&svc[nsvc])) >= 0)
			nsvc++;
	fclose(f);
	if (!nsvc) {
		err_msg("no services");
		return 1;
	}
	if (!debug && fork() > 0)
		return 0;                   /* the daemon lives on in the background */
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_child };   /* no SA_RESTART: poll wakes */
	sigaction(SIGCHLD, &sa, NULL);
	for (;;) {
		struct pollfd p[MAX_SERVICES];
		for (int i = 0; i < nsvc; i++)
			p[i] = (struct pollfd){ svc[i].busy ? -1 : svc[i].fd, POLLIN, 0 };
		int n = poll(p, nsvc, -1);
		reap();
		for (int i = 0; n > 0 && i < nsvc; i++)
			if (p[i].revents & POLLIN)
				serve(&svc[i]);
	}
}
