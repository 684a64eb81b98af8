/* t_ipc_old_guest - what only native i386 Linux 6.1 does with the old
 * msqid_ds of ipc(2) without IPC_64 (ipc/msg.c: copy_msqid_to_user and
 * copy_msqid_from_user for IPC_OLD): the 16-bit counts stop at 65535
 * and their full values go in msg_lcbytes and msg_lqbytes; IPC_SET takes
 * msg_lqbytes when msg_qbytes is 0. A 64-bit host's 32-bit emulation
 * leaves the spare fields 0 and ignores them (t_ipc_old has the rest). */
#define _GNU_SOURCE
#include "check.h"
#include "ipc_old.h"

/* Counts past 16 bits: the 16-bit fields stop at 65535, the spare
 * 32-bit ones have them; at IPC_SET a msg_qbytes of 0 takes msg_lqbytes. */
static void msg_big(void)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 100000;
	CHECK_OK0("IPC_SET msg_qbytes 100000", msgctl(id, IPC_SET, &ds));
	static struct { long type; char text[8192]; } m = { 1, "" };
	for (int i = 0; i < 9; i++)
		CHECK_OK0("msgsnd 8192", msgsnd(id, &m, 8192, IPC_NOWAIT));
	struct old_msqid_ds o;
	CHECK_OK0("old IPC_STAT", old_msgctl(id, OLD_IPC_STAT, &o));
	CHECK_EQ("msg_cbytes stops at 65535", o.msg_cbytes, 65535);
	CHECK_EQ("msg_lcbytes", o.msg_lcbytes, 9 * 8192);
	CHECK_EQ("msg_qnum", o.msg_qnum, 9);
	CHECK_EQ("msg_qbytes stops at 65535", o.msg_qbytes, 65535);
	CHECK_EQ("msg_lqbytes", o.msg_lqbytes, 100000);
	o.msg_qbytes = 0;
	o.msg_lqbytes = 90000;
	CHECK_OK0("old IPC_SET with msg_qbytes 0", old_msgctl(id, IPC_SET, &o));
	msgctl(id, IPC_STAT, &ds);
	CHECK_EQ("msg_qbytes from msg_lqbytes", (unsigned)ds.msg_qbytes, 90000);
	o.msg_qbytes = 500;
	CHECK_OK0("old IPC_SET with msg_qbytes 500", old_msgctl(id, IPC_SET, &o));
	msgctl(id, IPC_STAT, &ds);
	CHECK_EQ("msg_qbytes from msg_qbytes", (unsigned)ds.msg_qbytes, 500);
	msgctl(id, IPC_RMID, NULL);
}

int main(void)
{
	RUN(msg_big);
	return cases_failed ? 1 : 0;
}
