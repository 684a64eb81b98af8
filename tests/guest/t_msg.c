/* t_msg - differential test of System V message queues: msgget keys and
 * flags, msgsnd/msgrcv type selection (0, >0, <0, MSG_EXCEPT),
 * MSG_NOERROR and E2BIG, IPC_NOWAIT (EAGAIN on a full queue, ENOMSG),
 * blocking senders and receivers and what wakes them (a receive, a send,
 * IPC_RMID -> EIDRM, a signal -> EINTR), msg_lspid/msg_lrpid, msgctl
 * IPC_STAT/IPC_SET/IPC_INFO/MSG_STAT_ANY, and the permission rules for an
 * ordinary user (uid 1000). Identifiers and pids are never printed, only
 * compared. Every queue made is removed, even when a check fails. */
#include "check.h"
#include "ipc_made.h"
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct mbuf {
	long mtype;
	char mtext[8192];
};

/* Queues made by a case (ipc_made.h) are removed by main, even when the
 * case crashed. */
static void rm_made(int id)
{
	msgctl(id, IPC_RMID, NULL);
}

/* A new private queue with the given mode, remembered for cleanup. */
static int new_queue(int mode)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | mode);
	remember(id);
	return id;
}


static int send_msg(int id, long type, const char *text, int flg)
{
	struct mbuf m;
	m.mtype = type;
	size_t n = strlen(text);
	memcpy(m.mtext, text, n);
	return msgsnd(id, &m, n, flg);
}

/* Receives into a static buffer; the text (NUL-terminated) via *text. */
static long recv_msg(int id, long type, int flg, size_t size, long *gottype, const char **text)
{
	static struct mbuf m;
	memset(&m, 0, sizeof m);
	long n = msgrcv(id, &m, size, type, flg);
	if (n >= 0 && n < (long)sizeof m.mtext)
		m.mtext[n] = 0;
	if (gottype)
		*gottype = m.mtype;
	if (text)
		*text = m.mtext;
	return n;
}

static int qnum(int id)
{
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -1;
	return (int)ds.msg_qnum;
}

/* ---- cases ---- */

static int qid;

static void types(void)
{
	long t;
	const char *s;
	qid = new_queue(0600);
	CHECK_OK("msgget(IPC_PRIVATE)", qid);
	send_msg(qid, 3, "three", 0);
	send_msg(qid, 1, "one-a", 0);
	send_msg(qid, 2, "two", 0);
	send_msg(qid, 5, "five", 0);
	send_msg(qid, 1, "one-b", 0);
	send_msg(qid, 4, "four", 0);
	CHECK_EQ("six messages queued", qnum(qid), 6);

	CHECK_EQ("msgtyp 0: size", recv_msg(qid, 0, 0, 100, &t, &s), 5);
	CHECK_EQ("msgtyp 0: the first message (type 3)", t, 3);
	CHECK_STR("msgtyp 0: its text", s, "three");
	CHECK_EQ("msgtyp 2: size", recv_msg(qid, 2, 0, 100, &t, &s), 3);
	CHECK_STR("msgtyp 2: the first of type 2", s, "two");
	CHECK_EQ("msgtyp -4: size", recv_msg(qid, -4, 0, 100, &t, &s), 5);
	CHECK_EQ("msgtyp -4: lowest type <= 4", t, 1);
	CHECK_STR("msgtyp -4: first of the lowest type", s, "one-a");
	CHECK_EQ("MSG_EXCEPT 1: size", recv_msg(qid, 1, MSG_EXCEPT, 100, &t, &s), 4);
	CHECK_EQ("MSG_EXCEPT 1: first message not of type 1", t, 5);
	CHECK_EQ("msgtyp -3: size", recv_msg(qid, -3, 0, 100, &t, &s), 5);
	CHECK_STR("msgtyp -3: the other type 1", s, "one-b");
	CHECK_ERR("msgtyp -3: none left -> ENOMSG", recv_msg(qid, -3, IPC_NOWAIT, 100, &t, &s), ENOMSG);
	CHECK_ERR("msgtyp 7: none -> ENOMSG", recv_msg(qid, 7, IPC_NOWAIT, 100, &t, &s), ENOMSG);
	CHECK_ERR("MSG_EXCEPT 4: none -> ENOMSG", recv_msg(qid, 4, IPC_NOWAIT | MSG_EXCEPT, 100, &t, &s), ENOMSG);
	CHECK_EQ("msgtyp 4 still there", recv_msg(qid, 4, IPC_NOWAIT, 100, &t, &s), 4);
	CHECK_STR("msgtyp 4: its text", s, "four");
	CHECK_EQ("queue empty", qnum(qid), 0);
	CHECK_ERR("empty queue, IPC_NOWAIT -> ENOMSG", recv_msg(qid, 0, IPC_NOWAIT, 100, &t, &s), ENOMSG);

	/* zero-length messages */
	CHECK_OK0("msgsnd of 0 bytes", send_msg(qid, 9, "", 0));
	CHECK_EQ("msgrcv of a 0-byte message returns 0", recv_msg(qid, 0, 0, 0, &t, &s), 0);
	CHECK_EQ("and its type", t, 9);
	cleanup();
}

static void noerror(void)
{
	long t;
	const char *s;
	qid = new_queue(0600);
	send_msg(qid, 1, "0123456789", 0);
	CHECK_ERR("msgrcv into 4 bytes -> E2BIG", recv_msg(qid, 0, 0, 4, &t, &s), E2BIG);
	CHECK_EQ("the message stays", qnum(qid), 1);
	CHECK_ERR("again with IPC_NOWAIT -> E2BIG", recv_msg(qid, 0, IPC_NOWAIT, 4, &t, &s), E2BIG);
	CHECK_EQ("MSG_NOERROR: truncated to 4", recv_msg(qid, 0, MSG_NOERROR, 4, &t, &s), 4);
	CHECK_STR("MSG_NOERROR: the first 4 bytes", s, "0123");
	CHECK_EQ("MSG_NOERROR removed the message", qnum(qid), 0);
	send_msg(qid, 1, "abc", 0);
	CHECK_EQ("exact size fits", recv_msg(qid, 0, 0, 3, &t, &s), 3);
	cleanup();
}

static void nowait(void)
{
	static struct mbuf m;
	struct msqid_ds ds;
	qid = new_queue(0600);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("default msg_qbytes is MSGMNB (16384)", ds.msg_qbytes, 16384);
	m.mtype = 1;
	memset(m.mtext, 'x', sizeof m.mtext);
	CHECK_OK0("msgsnd of MSGMAX (8192) bytes", msgsnd(qid, &m, 8192, IPC_NOWAIT));
	CHECK_ERR("msgsnd of 8193 bytes -> EINVAL", msgsnd(qid, &m, 8193, IPC_NOWAIT), EINVAL);
	CHECK_OK0("second 8192 fills the queue", msgsnd(qid, &m, 8192, IPC_NOWAIT));
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("msg_cbytes 16384", ds.msg_cbytes, 16384);
	CHECK_EQ("msg_qnum 2", ds.msg_qnum, 2);
	CHECK_ERR("full queue, IPC_NOWAIT -> EAGAIN", msgsnd(qid, &m, 1, IPC_NOWAIT), EAGAIN);
	CHECK_OK0("a 0-byte message still fits", msgsnd(qid, &m, 0, IPC_NOWAIT));
	CHECK_EQ("take one", msgrcv(qid, &m, 8192, 0, IPC_NOWAIT), 8192);
	CHECK_OK0("room again", msgsnd(qid, &m, 100, IPC_NOWAIT));
	CHECK_ERR("8192 more does not fit -> EAGAIN", msgsnd(qid, &m, 8192, IPC_NOWAIT), EAGAIN);
	CHECK_EQ("queue has three", qnum(qid), 3);
	cleanup();
}

static void block_send(void)
{
	static struct mbuf m;
	qid = new_queue(0600);
	m.mtype = 1;
	memset(m.mtext, 'y', sizeof m.mtext);
	msgsnd(qid, &m, 8192, 0);
	msgsnd(qid, &m, 8192, 0);
	pid_t pid = fork();
	if (pid == 0) {
		m.mtype = 2;
		_exit(msgsnd(qid, &m, 10, 0) == 0 ? 0 : 1);
	}
	CHECK("sender blocks on a full queue", still_running(pid, 200));
	CHECK_EQ("receive one message", msgrcv(qid, &m, 8192, 1, 0), 8192);
	CHECK_EXIT("the receive woke the sender", wait_for(pid), 0);
	CHECK_EQ("its message arrived", msgrcv(qid, &m, 8192, 2, IPC_NOWAIT), 10);
	cleanup();
}

static void block_recv(void)
{
	qid = new_queue(0600);
	pid_t pid = fork();
	if (pid == 0) {
		long t;
		const char *s;
		long n = recv_msg(qid, 6, 0, 100, &t, &s);
		_exit(n == 5 && t == 6 && !strcmp(s, "hello") ? 0 : 1);
	}
	CHECK("receiver blocks on an empty queue", still_running(pid, 200));
	send_msg(qid, 5, "other", 0);
	CHECK("a message of another type does not wake it", still_running(pid, 100));
	send_msg(qid, 6, "hello", 0);
	CHECK_EXIT("the send woke the receiver with the message", wait_for(pid), 0);
	CHECK_EQ("the other message stays", qnum(qid), 1);

	/* several receivers: each send wakes one of them with one message */
	pid_t r[3];
	for (int i = 0; i < 3; i++) {
		r[i] = fork();
		if (r[i] == 0) {
			long t;
			_exit(recv_msg(qid, 8, 0, 100, &t, NULL) == 3 ? 0 : 1);
		}
	}
	msleep(200);
	for (int i = 0; i < 3; i++)
		send_msg(qid, 8, "abc", 0);
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		int st = wait_for(r[i]);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK("three sends serve three blocked receivers", ok);
	CHECK_EQ("and leave only the other message", qnum(qid), 1);
	cleanup();
}

static void rmid_wakes(void)
{
	static struct mbuf m;
	qid = new_queue(0600);
	m.mtype = 1;
	msgsnd(qid, &m, 8192, 0);
	msgsnd(qid, &m, 8192, 0);
	pid_t snd = fork();
	if (snd == 0) {
		errno = 0;
		int r = msgsnd(qid, &m, 10, 0);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	pid_t rcv = fork();
	if (rcv == 0) {
		errno = 0;
		long r = msgrcv(qid, &m, 8192, 42, 0);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	CHECK("sender blocked", still_running(snd, 200));
	CHECK("receiver blocked", still_running(rcv, 0));
	CHECK_OK0("IPC_RMID", msgctl(qid, IPC_RMID, NULL));
	CHECK_EXIT("blocked sender gets EIDRM", wait_for(snd), 0);
	CHECK_EXIT("blocked receiver gets EIDRM", wait_for(rcv), 0);
	CHECK_ERR("the id is gone -> EINVAL", msgsnd(qid, &m, 1, IPC_NOWAIT), EINVAL);
	CHECK_ERR("IPC_STAT of it -> EINVAL", qnum(qid), EINVAL);
	cleanup();
}

static void eintr(void)
{
	static struct mbuf m;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	qid = new_queue(0600);
	for (int restart = 0; restart < 2; restart++) {
		sa.sa_flags = restart ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		pid_t pid = fork();
		if (pid == 0) {
			errno = 0;
			long r = msgrcv(qid, &m, 100, 0, 0);
			_exit(r == -1 && errno == EINTR ? 0 : 1);
		}
		msleep(200);
		CHECK_EXIT(restart ? "blocked msgrcv + SA_RESTART handler -> EINTR (never restarted)"
			   : "blocked msgrcv + signal -> EINTR", kick(pid, SIGUSR1), 0);
	}
	m.mtype = 1;
	msgsnd(qid, &m, 8192, 0);
	msgsnd(qid, &m, 8192, 0);
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		int r = msgsnd(qid, &m, 8192, 0);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	msleep(200);
	CHECK_EXIT("blocked msgsnd + signal -> EINTR", kick(pid, SIGUSR1), 0);
	CHECK_EQ("nothing was added", qnum(qid), 2);
	pid = fork();
	if (pid == 0) {
		msgrcv(qid, &m, 100, 99, 0);
		_exit(3);
	}
	msleep(200);
	CHECK_SIG("a blocked receiver can be killed", kick(pid, SIGKILL), SIGKILL);
	CHECK_EQ("queue unchanged", qnum(qid), 2);
	cleanup();
}

static void pids(void)
{
	struct msqid_ds ds;
	qid = new_queue(0600);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("new queue: msg_lspid 0", ds.msg_lspid, 0);
	CHECK_EQ("new queue: msg_lrpid 0", ds.msg_lrpid, 0);
	CHECK_EQ("new queue: msg_stime 0", ds.msg_stime, 0);
	CHECK_EQ("new queue: msg_rtime 0", ds.msg_rtime, 0);
	CHECK("new queue: msg_ctime set", ds.msg_ctime != 0);
	pid_t child = fork();
	if (child == 0)
		_exit(send_msg(qid, 1, "from child", 0) == 0 ? 0 : 1);
	wait_for(child);
	msgctl(qid, IPC_STAT, &ds);
	CHECK("msg_lspid is the sending child", ds.msg_lspid == child);
	CHECK("msg_stime set", ds.msg_stime != 0);
	CHECK_EQ("msg_lrpid still 0", ds.msg_lrpid, 0);
	long t;
	recv_msg(qid, 0, 0, 100, &t, NULL);
	msgctl(qid, IPC_STAT, &ds);
	CHECK("msg_lrpid is the receiver (me)", ds.msg_lrpid == getpid());
	CHECK("msg_lspid unchanged", ds.msg_lspid == child);
	CHECK("msg_rtime set", ds.msg_rtime != 0);
	send_msg(qid, 1, "from me", 0);
	child = fork();
	if (child == 0) {
		long tt;
		_exit(recv_msg(qid, 0, 0, 100, &tt, NULL) == 7 ? 0 : 1);
	}
	wait_for(child);
	msgctl(qid, IPC_STAT, &ds);
	CHECK("msg_lspid is me", ds.msg_lspid == getpid());
	CHECK("msg_lrpid is the receiving child", ds.msg_lrpid == child);
	cleanup();
}

static void ctl_set_lower(void)
{
	struct msqid_ds ds;
	static struct mbuf m;
	qid = new_queue(0600);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_MODE("IPC_STAT: mode", ds.msg_perm.mode & 0777, 0600);
	CHECK_EQ("IPC_STAT: uid", ds.msg_perm.uid, 0);
	CHECK_EQ("IPC_STAT: cuid", ds.msg_perm.cuid, 0);
	CHECK_EQ("IPC_STAT: key IPC_PRIVATE", ds.msg_perm.__key, IPC_PRIVATE);
	CHECK_EQ("IPC_STAT: qnum 0", ds.msg_qnum, 0);
	ds.msg_qbytes = 100;
	ds.msg_perm.mode = 0640;
	CHECK_OK0("IPC_SET: qbytes 100, mode 0640", msgctl(qid, IPC_SET, &ds));
	memset(&ds, 0, sizeof ds);
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("msg_qbytes now 100", ds.msg_qbytes, 100);
	CHECK_MODE("mode now 0640", ds.msg_perm.mode & 0777, 0640);
	m.mtype = 1;
	CHECK_ERR("101 bytes never fit -> EAGAIN", msgsnd(qid, &m, 101, IPC_NOWAIT), EAGAIN);
	CHECK_OK0("60 bytes fit", msgsnd(qid, &m, 60, IPC_NOWAIT));
	CHECK_ERR("60 more -> EAGAIN", msgsnd(qid, &m, 60, IPC_NOWAIT), EAGAIN);
	CHECK_OK0("40 more fit exactly", msgsnd(qid, &m, 40, IPC_NOWAIT));
	ds.msg_qbytes = 16384;
	CHECK_OK0("raise qbytes back to MSGMNB", msgctl(qid, IPC_SET, &ds));
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("msg_qbytes now 16384", ds.msg_qbytes, 16384);
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 100;
	CHECK_OK0("IPC_SET uid 1000 gid 100", msgctl(qid, IPC_SET, &ds));
	msgctl(qid, IPC_STAT, &ds);
	CHECK_EQ("uid now 1000", ds.msg_perm.uid, 1000);
	CHECK_EQ("gid now 100", ds.msg_perm.gid, 100);
	CHECK_EQ("cuid still 0", ds.msg_perm.cuid, 0);
	cleanup();
}

/* Made by uid 1000 itself: the owner may lower qbytes but not raise it
 * past MSGMNB. */
static void user_queue(void)
{
	struct msqid_ds ds;
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK_OK("user makes a queue", id);
	msgctl(id, IPC_STAT, &ds);
	CHECK_EQ("its uid is 1000", ds.msg_perm.uid, 1000);
	CHECK_EQ("its gid is 100", ds.msg_perm.gid, 100);
	ds.msg_qbytes = 20000;
	CHECK_ERR("user raises qbytes above MSGMNB -> EPERM", msgctl(id, IPC_SET, &ds), EPERM);
	ds.msg_qbytes = 16384;
	CHECK_OK0("user sets qbytes to MSGMNB", msgctl(id, IPC_SET, &ds));
	ds.msg_qbytes = 1000;
	CHECK_OK0("user lowers qbytes", msgctl(id, IPC_SET, &ds));
	ds.msg_qbytes = 2000;
	CHECK_OK0("and raises it again below MSGMNB", msgctl(id, IPC_SET, &ds));
	CHECK_OK0("owner removes it", msgctl(id, IPC_RMID, NULL));
}

static void ctl_user(void)
{
	as_uid1000(user_queue);
}

static key_t key;

static void user_denied(void)
{
	struct msqid_ds ds;
	static struct mbuf m;
	m.mtype = 1;
	CHECK_ERR("uid 1000: msgget(key, 0400) on 0600 -> EACCES", msgget(key, 0400), EACCES);
	CHECK_ERR("uid 1000: msgget(key, 0200) on 0600 -> EACCES", msgget(key, 0200), EACCES);
	CHECK("uid 1000: msgget(key, 0) asks nothing -> the id", msgget(key, 0) == qid);
	CHECK_ERR("uid 1000: msgsnd -> EACCES", msgsnd(qid, &m, 1, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: msgrcv -> EACCES", msgrcv(qid, &m, 10, 0, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: IPC_STAT -> EACCES", msgctl(qid, IPC_STAT, &ds), EACCES);
	memset(&ds, 0, sizeof ds);
	ds.msg_qbytes = 100;
	ds.msg_perm.mode = 0666;
	CHECK_ERR("uid 1000: IPC_SET -> EPERM", msgctl(qid, IPC_SET, &ds), EPERM);
	CHECK_ERR("uid 1000: IPC_RMID -> EPERM", msgctl(qid, IPC_RMID, NULL), EPERM);
}

static void user_partial(void)
{
	static struct mbuf m;
	m.mtype = 1;
	CHECK("uid 1000: msgget(key, 0200) on 0602 -> the id", msgget(key, 0200) == qid);
	CHECK_ERR("uid 1000: msgget(key, 0600) on 0602 -> EACCES", msgget(key, 0600), EACCES);
	CHECK_OK0("uid 1000: msgsnd with other-write", msgsnd(qid, &m, 1, IPC_NOWAIT));
	CHECK_ERR("uid 1000: msgrcv without other-read -> EACCES", msgrcv(qid, &m, 10, 0, IPC_NOWAIT), EACCES);
	CHECK_ERR("uid 1000: IPC_RMID -> EPERM", msgctl(qid, IPC_RMID, NULL), EPERM);
}

static void user_group(void)
{
	static struct mbuf m;
	m.mtype = 1;
	CHECK_EQ("group 100 member: msgrcv with group-read", msgrcv(qid, &m, 10, 0, IPC_NOWAIT), 1);
	CHECK_ERR("group 100 member: msgsnd without group-write -> EACCES",
		  msgsnd(qid, &m, 1, IPC_NOWAIT), EACCES);
}

static void user_owner(void)
{
	static struct mbuf m;
	m.mtype = 1;
	CHECK_OK0("uid 1000 made owner by IPC_SET: msgsnd with user-write",
		  msgsnd(qid, &m, 1, IPC_NOWAIT));
	CHECK_ERR("but owner bits forbid reading -> EACCES", msgrcv(qid, &m, 10, 0, IPC_NOWAIT), EACCES);
	CHECK_OK0("the owner may remove it", msgctl(qid, IPC_RMID, NULL));
}

static void perms(void)
{
	struct msqid_ds ds;
	put_file(P("keyfile"), "k", 1);
	key = ftok(P("keyfile"), 'm');
	CHECK("ftok on a new file", key != -1);
	qid = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	remember(qid);
	CHECK_OK("msgget(key, IPC_CREAT|IPC_EXCL|0600)", qid);
	CHECK_EQ("IPC_STAT: the key", (msgctl(qid, IPC_STAT, &ds), ds.msg_perm.__key), key);
	CHECK("ftok again gives the same key", ftok(P("keyfile"), 'm') == key);
	CHECK("another proj id gives another key", ftok(P("keyfile"), 'n') != key);
	as_uid1000(user_denied);

	ds.msg_perm.mode = 0602;
	msgctl(qid, IPC_SET, &ds);
	as_uid1000(user_partial);

	ds.msg_perm.mode = 0640;
	ds.msg_perm.gid = 100;
	msgctl(qid, IPC_SET, &ds);
	send_msg(qid, 1, "g", 0);
	as_uid1000(user_group);

	ds.msg_perm.mode = 0240;
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 0;
	msgctl(qid, IPC_SET, &ds);
	as_uid1000(user_owner);
	CHECK_ERR("removed by uid 1000 -> gone", qnum(qid), EINVAL);
	cleanup();
}

static void keys_and_ids(void)
{
	put_file(P("keyfile"), "k", 1);
	key_t k = ftok(P("keyfile"), 'K');
	int id = msgget(k, IPC_CREAT | 0644);
	remember(id);
	CHECK_OK("msgget(key, IPC_CREAT)", id);
	CHECK("msgget(key, IPC_CREAT) again: same id", msgget(k, IPC_CREAT | 0644) == id);
	CHECK("msgget(key, 0): same id", msgget(k, 0) == id);
	CHECK_ERR("msgget(key, IPC_CREAT|IPC_EXCL) -> EEXIST", msgget(k, IPC_CREAT | IPC_EXCL | 0644), EEXIST);
	CHECK_ERR("msgget(other key, 0) -> ENOENT", msgget(ftok(P("keyfile"), 'L'), 0), ENOENT);
	CHECK_ERR("msgget(other key, IPC_EXCL) -> ENOENT", msgget(ftok(P("keyfile"), 'L'), IPC_EXCL), ENOENT);
	CHECK_OK0("IPC_RMID", msgctl(id, IPC_RMID, NULL));
	CHECK_ERR("msgget(key, 0) after IPC_RMID -> ENOENT", msgget(k, 0), ENOENT);
	CHECK_ERR("IPC_RMID again -> EINVAL", msgctl(id, IPC_RMID, NULL), EINVAL);
	int id2 = msgget(k, IPC_CREAT | 0644);
	remember(id2);
	CHECK_OK("re-created", id2);
	CHECK("the re-created queue has a new id", id2 != id);
	CHECK_ERR("the old id -> EINVAL", msgsnd(id, &(struct mbuf){ .mtype = 1 }, 1, IPC_NOWAIT), EINVAL);

	int a = new_queue(0600), b = new_queue(0600);
	CHECK("two IPC_PRIVATE queues differ", a >= 0 && b >= 0 && a != b);
	static struct mbuf m;
	m.mtype = 1;
	CHECK_ERR("msgsnd to id -1 -> EINVAL", msgsnd(-1, &m, 1, IPC_NOWAIT), EINVAL);
	CHECK_ERR("msgrcv from id -1 -> EINVAL", msgrcv(-1, &m, 1, 0, IPC_NOWAIT), EINVAL);
	CHECK_ERR("msgctl(-1, IPC_STAT) -> EINVAL", msgctl(-1, IPC_STAT, &(struct msqid_ds){ 0 }), EINVAL);
	CHECK_ERR("msgctl(0x7ffffff0, IPC_RMID) -> EINVAL", msgctl(0x7ffffff0, IPC_RMID, NULL), EINVAL);
	CHECK_ERR("msgctl bad cmd -> EINVAL", msgctl(a, 12345, NULL), EINVAL);
	m.mtype = 0;
	CHECK_ERR("mtype 0 -> EINVAL", msgsnd(a, &m, 1, IPC_NOWAIT), EINVAL);
	m.mtype = -5;
	CHECK_ERR("mtype -5 -> EINVAL", msgsnd(a, &m, 1, IPC_NOWAIT), EINVAL);
	CHECK_ERR("msgsnd size -1 -> EINVAL", msgsnd(a, &m, (size_t)-1, IPC_NOWAIT), EINVAL);
	CHECK_ERR("msgrcv size -1 -> EINVAL", msgrcv(a, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL);
	CHECK_ERR("msgsnd from a bad pointer -> EFAULT", msgsnd(a, (void *)16, 1, IPC_NOWAIT), EFAULT);
	cleanup();
}

static void info(void)
{
	struct msginfo mi;
	memset(&mi, 0, sizeof mi);
	int max = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK("IPC_INFO returns the highest index in use (>= 0)", max >= 0);
	CHECK_EQ("IPC_INFO: msgmax", mi.msgmax, 8192);
	CHECK_EQ("IPC_INFO: msgmnb", mi.msgmnb, 16384);
	CHECK("IPC_INFO: msgmni > 0", mi.msgmni > 0);
	qid = new_queue(0600);
	send_msg(qid, 1, "12345", 0);
	memset(&mi, 0, sizeof mi);
	max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	CHECK("MSG_INFO: at least one queue in use", mi.msgpool >= 1);
	CHECK("MSG_INFO: at least one message", mi.msgmap >= 1);
	CHECK("MSG_INFO: at least 5 bytes queued", mi.msgtql >= 5);
	int found = 0, bad = 0;
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id == qid)
			found += ds.msg_qnum == 1 && ds.msg_cbytes == 5 && (ds.msg_perm.mode & 0777) == 0600;
		else if (id < 0 && errno != EINVAL)
			bad++;
	}
	CHECK("MSG_STAT_ANY over 0..max finds the queue", found == 1);
	CHECK("MSG_STAT_ANY: only EINVAL for empty slots", bad == 0);
	found = 0;
	for (int i = 0; i <= max; i++) {
		struct msqid_ds ds;
		found += msgctl(i, MSG_STAT, &ds) == qid;
	}
	CHECK("MSG_STAT over 0..max finds it too", found == 1);
	cleanup();
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_msg");
	made_setup(rm_made);
	RUN(types);
	RUN(noerror);
	RUN(nowait);
	RUN(block_send);
	RUN(block_recv);
	RUN(rmid_wakes);
	RUN(eintr);
	RUN(pids);
	RUN(ctl_set_lower);
	RUN(ctl_user);
	RUN(perms);
	RUN(keys_and_ids);
	RUN(info);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
