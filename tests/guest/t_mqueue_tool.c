/* t_mqueue_tool - Pipit's mq tool (user/mq.c): create with sizes and a
 * mode, send with priorities, recv (highest first, -n not waiting), info
 * (the attributes and the queue's file line), unlink, and its messages
 * and statuses for the errors. Differential: the same binaries run in the
 * guest and on the host (run_prog.h). */
#include "check.h"
#include "run_prog.h"
#include <mqueue.h>

static struct result r;

static void tool_argv(char *const argv[])
{
	memset(&r, 0, sizeof r);
	run(0, argv, &r);
}

#define mq(...) tool_argv((char *const[]){ "mq", __VA_ARGS__, NULL })

static void unlink_all(void)
{
	mq_unlink("/t_mqt_a");
}

static void commands(void)
{
	mq("create", "/t_mqt_a", "-m", "3", "-s", "64", "-p", "600");
	CHECK_EQ("create: status", r.status, 0);
	struct stat st;
	mqd_t q = mq_open("/t_mqt_a", O_RDONLY);
	fstat(q, &st);
	CHECK_MODE("create: the mode", st.st_mode, S_IFREG | 0600);
	mq("send", "t_mqt_a", "-P", "5", "hello");
	CHECK_EQ("send: status", r.status, 0);
	mq("send", "t_mqt_a", "world");
	mq("info", "t_mqt_a");
	CHECK_STR("info", r.out, "maxmsg 3 msgsize 64 curmsgs 2\n"
		  "QSIZE:10         NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
	mq("recv", "t_mqt_a");
	CHECK_STR("recv: the highest priority", r.out, "5 hello\n");
	mq("recv", "t_mqt_a", "-n");
	CHECK_STR("recv: then the next", r.out, "0 world\n");
	mq("recv", "t_mqt_a", "-n");
	CHECK_EQ("recv -n on an empty queue: status", r.status, 1);
	CHECK_STR("recv -n: message", r.err, "mq: /t_mqt_a: Resource temporarily unavailable\n");
	mq("create", "t_mqt_a");
	CHECK_STR("create again", r.err, "mq: /t_mqt_a: File exists\n");
	mq("unlink", "t_mqt_a");
	CHECK_EQ("unlink: status", r.status, 0);
	mq("unlink", "t_mqt_a");
	CHECK_STR("unlink again", r.err, "mq: /t_mqt_a: No such file or directory\n");
	mq("create", "t_mqt_a", "-m", "0", "-s", "8");
	CHECK_STR("create with no room", r.err, "mq: /t_mqt_a: Invalid argument\n");
	mq("frob", "t_mqt_a");
	CHECK_EQ("unknown command: status", r.status, 1);
	CHECK_STR("unknown command", r.err, "mq: unknown command 'frob'\nTry 'mq --help' for more information.\n");
}

int main(void)
{
	find_bindir();
	after_case = unlink_all;
	unlink_all();
	RUN(commands);
	return cases_failed != 0;
}
