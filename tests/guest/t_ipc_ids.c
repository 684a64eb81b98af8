/* t_ipc_ids - differential test of System V IPC identifiers as Linux 6.1
 * makes them (ipc/util.c: ipc_add): objects made one after another take
 * indexes in turn with the same sequence number (ids 0, 1, 2 on a fresh
 * system, not 0, 32769, 65538), a removed object's index is not taken
 * again at once, and kernel.{msg,sem,shm}_next_id choose the next id
 * (index and sequence), once. On the host the test runs in an IPC
 * namespace of its own when it may; Pipit's tables may hold the history
 * of earlier tests, so what is compared holds after any history. */
#define _GNU_SOURCE
#include "check.h"
#include <sched.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

enum { MSG, SEM, SHM };
static const char *const kind_name[] = { "msg", "sem", "shm" };

static int make(int kind)
{
	switch (kind) {
	case MSG: return msgget(IPC_PRIVATE, 0600);
	case SEM: return semget(IPC_PRIVATE, 1, 0600);
	default:  return shmget(IPC_PRIVATE, 4096, 0600);
	}
}

static int drop(int kind, int id)
{
	switch (kind) {
	case MSG: return msgctl(id, IPC_RMID, NULL);
	case SEM: return semctl(id, 0, IPC_RMID);
	default:  return shmctl(id, IPC_RMID, NULL);
	}
}

/* y came after x in the cycle: the next index with the same sequence
 * number, or the cycle came round (a lower index, the next number). */
static bool next_in_cycle(int x, int y)
{
	return y == x + 1 || (y % 32768 < x % 32768 && y / 32768 == (x / 32768 + 1) % 65535);
}

static const char *next_id_path(int kind)
{
	static char path[64];
	snprintf(path, sizeof path, "/proc/sys/kernel/%s_next_id", kind_name[kind]);
	return path;
}

static const char *read_next_id(int kind)
{
	static char buf[32];
	memset(buf, 0, sizeof buf);
	int fd = open(next_id_path(kind), O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) < 0)
		strcpy(buf, "(unreadable)\n");
	close(fd);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static int write_next_id(int kind, const char *text)
{
	int fd = open(next_id_path(kind), O_WRONLY);
	if (fd < 0)
		return -1;
	int r = (int)write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

static void in_turn(void)
{
	for (int k = 0; k < 3; k++) {
		char name[80];
		int a = make(k), b = make(k), c = make(k);
		snprintf(name, sizeof name, "%s: three made in turn, one cycle", kind_name[k]);
		CHECK(name, next_in_cycle(a, b) && next_in_cycle(b, c));
		drop(k, b);
		int d = make(k);
		snprintf(name, sizeof name, "%s: a removed index is not taken at once", kind_name[k]);
		CHECK(name, next_in_cycle(c, d));
		snprintf(name, sizeof name, "%s: the removed id is gone", kind_name[k]);
		CHECK_ERR(name, drop(k, b), EINVAL);
		drop(k, a);
		drop(k, c);
		drop(k, d);
	}
}

static void next_id(void)
{
	for (int k = 0; k < 3; k++) {
		char name[96];
		struct stat st;
		stat(next_id_path(k), &st);
		snprintf(name, sizeof name, "%s_next_id: mode 0444", kind_name[k]);
		CHECK_MODE(name, st.st_mode & 07777, 0444);
		snprintf(name, sizeof name, "%s_next_id: -1 when unset", kind_name[k]);
		CHECK_STR(name, read_next_id(k), "-1");
		snprintf(name, sizeof name, "%s_next_id: -1 may not be written", kind_name[k]);
		CHECK_ERR(name, write_next_id(k, "-1"), EINVAL);
		snprintf(name, sizeof name, "%s_next_id: nor junk", kind_name[k]);
		CHECK_ERR(name, write_next_id(k, "x"), EINVAL);

		CHECK_OK0("write 98307 (sequence 3, index 3)", write_next_id(k, "98307"));
		CHECK_STR("it reads back", read_next_id(k), "98307");
		int a = make(k);
		snprintf(name, sizeof name, "%s: the next object has that id", kind_name[k]);
		CHECK_EQ(name, a, 98307);
		CHECK_STR("then it is -1 again", read_next_id(k), "-1");
		write_next_id(k, "98307");
		int b = make(k);
		snprintf(name, sizeof name, "%s: index taken: the next free one above", kind_name[k]);
		CHECK_EQ(name, b, 98308);
		write_next_id(k, "2147483647");
		int c = make(k);
		snprintf(name, sizeof name, "%s: the largest id (index 32767)", kind_name[k]);
		CHECK_EQ(name, c, 2147483647);
		write_next_id(k, "66770");       /* index 1234, in a far part of the table */
		int d = make(k);
		snprintf(name, sizeof name, "%s: index 1234", kind_name[k]);
		CHECK_EQ(name, d, 66770);
		snprintf(name, sizeof name, "%s: an object there is found by its id", kind_name[k]);
		CHECK_OK0(name, drop(k, d));
		drop(k, a);
		drop(k, b);
		drop(k, c);

		pid_t pid = fork();
		if (pid == 0) {
			if (setuid(65534))
				_exit(2);
			int fd = open(next_id_path(k), O_WRONLY);
			_exit(fd < 0 && errno == EACCES ? 0 : 1);
		}
		snprintf(name, sizeof name, "%s_next_id: another user may not write it", kind_name[k]);
		CHECK_EQ(name, wait_for(pid), 0);
	}
}

int main(void)
{
	unshare(CLONE_NEWIPC);                   /* the host: a fresh namespace (Pipit: none) */
	RUN(in_turn);
	RUN(next_id);
	return cases_failed ? 1 : 0;
}
