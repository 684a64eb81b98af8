/* mq - make, use and remove POSIX message queues from the shell (Pipit's
 * own tool; Linux shows queues only as files in /dev/mqueue):
 *   mq create NAME [-m MAXMSG] [-s MSGSIZE] [-p MODE]
 *   mq send NAME [-P PRIO] TEXT
 *   mq recv NAME [-n]        (prints "PRIO TEXT"; -n: do not wait)
 *   mq info NAME             (the attributes and the queue's file)
 *   mq unlink NAME
 * NAME may be given with or without its leading slash. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <mqueue.h>
#include "util.h"

static const struct prog_help help = {
	"create|send|recv|info|unlink NAME [OPTION]... [TEXT]",
	"Make, use and remove a POSIX message queue.\n\n"
	"  create NAME [-m MAXMSG] [-s MSGSIZE] [-p MODE]   make a queue (O_CREAT|O_EXCL)\n"
	"  send NAME [-P PRIO] TEXT    send TEXT with priority PRIO (default 0)\n"
	"  recv NAME [-n]              receive the oldest message of the highest\n"
	"                              priority and print \"PRIO TEXT\"; -n: do not wait\n"
	"  info NAME                   print the attributes and /dev/mqueue/NAME\n"
	"  unlink NAME                 remove the queue's name\n",
	1, PH_OPTS_FIRST,
};

struct args {
	const char *cmd, *text;
	char name[300];
	long maxmsg, msgsize, prio;
	int mode, nonblock;
};

static long number(const char *s, int base, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, base);
	if (!*s || *end || errno || v < 0) {
		err_msg("invalid %s: '%s'", what, s);
		usage_exit(1);
	}
	return v;
}

static void parse(int argc, char **argv, struct args *a)
{
	if (argc < 3) {
		err_msg("missing operand");
		usage_exit(1);
	}
	a->cmd = argv[1];
	snprintf(a->name, sizeof a->name, "%s%s", argv[2][0] == '/' ? "" : "/", argv[2]);
	optind = 3;
	opterr = 0;
	int c;
	while ((c = getopt(argc, argv, "+m:s:p:P:n")) != -1) {
		switch (c) {
		case 'm': a->maxmsg = number(optarg, 10, "message count"); break;
		case 's': a->msgsize = number(optarg, 10, "message size"); break;
		case 'p': a->mode = (int)number(optarg, 8, "mode"); break;
		case 'P': a->prio = number(optarg, 10, "priority"); break;
		case 'n': a->nonblock = 1; break;
		default: bad_option(strchr("msPp", optopt) ? 0 : optopt, 1);
		}
	}
	a->text = optind < argc ? argv[optind] : NULL;
}

static int do_create(const struct args *a)
{
	struct mq_attr at = { .mq_maxmsg = a->maxmsg, .mq_msgsize = a->msgsize };
	mqd_t q = mq_open(a->name, O_CREAT | O_EXCL | O_RDWR, a->mode, a->maxmsg || a->msgsize ? &at : NULL);
	if (q < 0)
		return err_errno(errno, "%s", a->name);
	return 0;
}

static int do_send(const struct args *a)
{
	if (!a->text) {
		err_msg("missing text");
		usage_exit(1);
	}
	mqd_t q = mq_open(a->name, O_WRONLY);
	if (q < 0 || mq_send(q, a->text, strlen(a->text), (unsigned)a->prio) < 0)
		return err_errno(errno, "%s", a->name);
	return 0;
}

static int do_recv(const struct args *a)
{
	struct mq_attr at;
	mqd_t q = mq_open(a->name, O_RDONLY | (a->nonblock ? O_NONBLOCK : 0));
	if (q < 0 || mq_getattr(q, &at) < 0)
		return err_errno(errno, "%s", a->name);
	char *buf = xmalloc(at.mq_msgsize + 1);
	unsigned prio;
	ssize_t n = mq_receive(q, buf, at.mq_msgsize, &prio);
	if (n < 0)
		return err_errno(errno, "%s", a->name);
	buf[n] = 0;
	printf("%u %s\n", prio, buf);
	return 0;
}

static int do_info(const struct args *a)
{
	struct mq_attr at;
	mqd_t q = mq_open(a->name, O_RDONLY);
	if (q < 0 || mq_getattr(q, &at) < 0)
		return err_errno(errno, "%s", a->name);
	printf("maxmsg %ld msgsize %ld curmsgs %ld\n", at.mq_maxmsg, at.mq_msgsize, at.mq_curmsgs);
	char text[128];
	ssize_t n = read(q, text, sizeof text - 1);   /* the file's line, as cat shows it */
	if (n > 0)
		fwrite(text, 1, n, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { .mode = 0644 };
	prog_init("mq", argc, argv, &help);
	parse(argc, argv, &a);
	if (!strcmp(a.cmd, "create"))
		return do_create(&a);
	if (!strcmp(a.cmd, "send"))
		return do_send(&a);
	if (!strcmp(a.cmd, "recv"))
		return do_recv(&a);
	if (!strcmp(a.cmd, "info"))
		return do_info(&a);
	if (!strcmp(a.cmd, "unlink"))
		return mq_unlink(a.name) < 0 ? err_errno(errno, "%s", a.name) : 0;
	err_msg("unknown command '%s'", a.cmd);
	usage_exit(1);
}
