/* strace.h - what the parts of strace share: main.c runs and stops the
 * tracees, args.c shows a call's arguments and result, names.c holds the
 * symbolic names they print (tables end with an entry whose name is NULL),
 * filter.c decides which calls are shown (-e trace=). */
#ifndef PIPIT_STRACE_H
#define PIPIT_STRACE_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <ctype.h>
#include <stdint.h>
#include <sys/un.h>

/* A growing output line. */
struct sbuf {
	char buf[16384];
	size_t len;
};

struct nameval {
	unsigned long val;
	const char *name;
};

#define N(x) { (unsigned long)(x), #x }
#define N_END { 0, NULL }
#define COUNT(t) (sizeof (t) / sizeof (t)[0])

/* The kernel's restart codes, which only a tracer sees. */
struct restart_name {
	int val;
	const char *name, *text;
};

/* A call's shape. Argument kinds, one letter each:
 *   d int  u unsigned  x hex  p pointer  f fd  a dirfd (AT_FDCWD)
 *   s path  b buffer in (length: next arg)  B buffer out (length: result)
 *   g string out  o mode  O open flags  q mode, only with O_CREAT
 *   P mmap prot  M mmap flags  V mmap2 offset (pages)  S signal
 *   v argv  e envp  k IPC key  i IPC get flags  c msgctl cmd  Z semctl cmd
 *   U shmctl cmd  n msg IPC flags  D shmat flags  y msgbuf in (length next)
 *   Y msgbuf out (length: result)  z sembuf array (count next)
 *   F address family  T socket type  G accept4 flags  A sockaddr (length
 *   next)  m MSG_* flags  l socket level  N socket option  H shutdown how
 *   w whence  C fcntl cmd  j fcntl arg  I ioctl request  W wait status out
 *   X wait options  R int[2] out  h sigprocmask how  E access mode
 *   t AT_* flags  L clone flags  Q ptrace request  r flock operation
 *   [ iovec array in (count next)  ] iovec array out (bytes: result)
 *   K 64-bit offset (high word, then low word in a hidden _ argument)
 *   J 64-bit result out  ! madvise advice  2 O_CLOEXEC-style flags alone
 *   @ clock id
 * Result kinds: d decimal, x hex (addresses), o octal, ? none (exit). */
struct spec {
	const char *name, *args;
	char ret;
};

/* names.c */
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_puts(struct sbuf *b, const char *s);
const char *lookup(const struct nameval *t, unsigned long v);
void put_name(struct sbuf *b, const struct nameval *t, long v);
void put_flags(struct sbuf *b, const struct nameval *t, unsigned long v, const char *zero);
const char *signame(int sig);
void put_open_flags(struct sbuf *b, unsigned long v);
void put_mode(struct sbuf *b, unsigned long v);
void put_map_flags(struct sbuf *b, unsigned long v);
void put_ipc_flags(struct sbuf *b, unsigned long v);
void put_ipc_cmd(struct sbuf *b, const struct nameval *t, unsigned long v);
void put_socket_type(struct sbuf *b, unsigned long v);
void put_clone_flags(struct sbuf *b, unsigned long v);
extern const struct restart_name restart_names[];
extern const struct nameval errno_names[];
extern const struct nameval open_flags[];
extern const struct nameval prot_flags[];
extern const struct nameval madvise_advice[];
extern const struct nameval msg_flags_ipc[];
extern const struct nameval sem_flags[];
extern const struct nameval shm_flags[];
extern const struct nameval msgctl_cmds[];
extern const struct nameval semctl_cmds[];
extern const struct nameval shmctl_cmds[];
extern const struct nameval address_families[];
extern const struct nameval socket_type_flags[];
extern const struct nameval msg_flags[];
extern const struct nameval socket_levels[];
extern const struct nameval socket_options[];
extern const struct nameval shutdown_hows[];
extern const struct nameval seek_whences[];
extern const struct nameval fcntl_cmds[];
extern const struct nameval fd_flags[];
extern const struct nameval ioctl_requests[];
extern const struct nameval wait_options[];
extern const struct nameval access_modes[];
extern const struct nameval at_flags[];
extern const struct nameval sigprocmask_hows[];
extern const struct nameval clock_ids[];
extern const struct nameval flock_ops[];
extern const struct nameval ptrace_requests[];

/* filter.c */
void filter_parse(const char *arg);
int filter_traced(const char *name);

/* args.c */
size_t peek_mem(pid_t pid, unsigned long addr, void *buf, size_t len);
extern unsigned max_strlen;     /* -s: bytes of a data buffer shown */
const struct spec *spec_find(const char *name);
int kind_is_output(char k);
int peek_long(pid_t pid, unsigned long addr, unsigned long *v);
void put_ptr(struct sbuf *b, unsigned long p);
void put_arg_in(struct sbuf *b, pid_t pid, char k, const unsigned long *a, int i);
void put_arg_out(struct sbuf *b, pid_t pid, char k, const unsigned long *a, int i, long ret);
int arg_shown(char k, const unsigned long *a, int i);
void put_result(struct sbuf *b, char kind, long ret);

#endif
