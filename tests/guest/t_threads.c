/* t_threads - differential test of threads as musl's pthreads use them:
 * clone with CLONE_THREAD and its EINVAL rules, getpid/gettid, return
 * values through pthread_join (CLONE_CHILD_CLEARTID and its futex wake),
 * exit of one thread, exit_group from a thread, execve from a thread,
 * wait4 of a threaded child, signals (pthread_kill, kill to a group where
 * one thread does not block, sigwait in a thread, a fatal signal and a
 * fault end the group), shared descriptors and cwd, mutex, condition
 * variable, rwlock and barrier with counters, cancellation,
 * RLIMIT_NPROC, and /proc/<pid>/task and the Threads line. Every case
 * bounds its waits with alarm(). */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

static pid_t tid(void) { return (pid_t)syscall(SYS_gettid); }

/* ---- create, join, ids ---- */

static void *ret_double(void *arg)
{
	return (void *)((long)arg * 2);
}

static void create_join_many(void)
{
	alarm(30);
	enum { N = 64 };
	pthread_t t[N];
	int made = 0, right = 0;
	for (long i = 0; i < N; i++)
		made += pthread_create(&t[i], NULL, ret_double, (void *)i) == 0;
	for (long i = 0; i < N; i++) {
		void *r = NULL;
		if (i < made && pthread_join(t[i], &r) == 0 && (long)r == i * 2)
			right++;
	}
	CHECK_EQ("create_many_made", made, N);
	CHECK_EQ("join_many_values", right, N);
}

static pid_t seen_pid, seen_tid, seen_ppid;

static void *record_ids(void *arg)
{
	(void)arg;
	seen_pid = getpid();
	seen_tid = tid();
	seen_ppid = getppid();
	return NULL;
}

static void ids(void)
{
	alarm(20);
	pthread_t t;
	CHECK_EQ("ids_create", pthread_create(&t, NULL, record_ids, NULL), 0);
	pthread_join(t, NULL);
	CHECK("ids_getpid_is_group", seen_pid == getpid());
	CHECK("ids_gettid_differs", seen_tid != getpid() && seen_tid > 0);
	CHECK("ids_main_tid_is_pid", tid() == getpid());
	CHECK("ids_getppid_same", seen_ppid == getppid());
}

static void *exit_seven(void *arg)
{
	(void)arg;
	pthread_exit((void *)7);
}

static void thread_exit_value(void)
{
	alarm(20);
	pthread_t t;
	void *r = NULL;
	pthread_create(&t, NULL, exit_seven, NULL);
	CHECK_EQ("pthread_exit_join", pthread_join(t, &r), 0);
	CHECK_EQ("pthread_exit_value", (long)r, 7);
}

/* ---- clone's rules ---- */

static void clone_einval(void)
{
	CHECK_SYSERR("clone_thread_without_sighand", EINVAL, SYS_clone,
		     CLONE_VM | CLONE_THREAD, 0, 0, 0, 0);
	CHECK_SYSERR("clone_sighand_without_vm", EINVAL, SYS_clone,
		     CLONE_SIGHAND, 0, 0, 0, 0);
	CHECK_SYSERR("clone_thread_sighand_without_vm", EINVAL, SYS_clone,
		     CLONE_THREAD | CLONE_SIGHAND, 0, 0, 0, 0);
	CHECK_SYSERR("clone_fs_newns", EINVAL, SYS_clone, CLONE_FS | CLONE_NEWNS, 0, 0, 0, 0);
	CHECK_SYSERR("clone_thread_newpid", EINVAL, SYS_clone,
		     CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_NEWPID, 0, 0, 0, 0);
	int word;                       /* found by the fuzzer: pidfd and what shares its word */
	CHECK_SYSERR("clone_pidfd_parent_settid", EINVAL, SYS_clone,
		     CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &word, 0, 0);
	CHECK_SYSERR("clone_pidfd_detached", EINVAL, SYS_clone,
		     CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &word, 0, 0);
}

/* ---- exit, exit_group, wait4 ---- */

static void *sleep_then_exit3(void *arg)
{
	(void)arg;
	usleep(100 * 1000);
	exit(3);
}

static void child_main_exits_first(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleep_then_exit3, NULL);
	pthread_exit(NULL);
}

static void *block_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *exit_group5(void *arg)
{
	(void)arg;
	usleep(20 * 1000);
	_exit(5);
}

static void child_thread_exit_group(void)
{
	pthread_t t;
	pthread_create(&t, NULL, block_forever, NULL);
	pthread_create(&t, NULL, exit_group5, NULL);
	for (;;)
		pause();
}

static void exits(void)
{
	alarm(20);
	CHECK_EXIT("main_exits_first_status", child_status(child_main_exits_first), 3);
	CHECK_EXIT("exit_group_from_thread", child_status(child_thread_exit_group), 5);
}

static int tidpipe[2];

static void *send_tid_then_block(void *arg)
{
	(void)arg;
	pid_t me = tid();
	write(tidpipe[1], &me, sizeof me);
	for (;;)
		pause();
	return NULL;
}

/* The leader ends first; the group is one child, not done until its last
 * thread ends; a thread's id is no child. */
static void wait4_group(void)
{
	alarm(20);
	pipe(tidpipe);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, send_tid_then_block, NULL);
		pthread_exit(NULL);
	}
	pid_t th = 0;
	read(tidpipe[0], &th, sizeof th);
	usleep(50 * 1000);
	int st;
	CHECK_EQ("wait4_leader_gone_not_done", waitpid(pid, &st, WNOHANG), 0);
	CHECK_ERR("wait4_thread_id_no_child", waitpid(th, &st, WNOHANG), ECHILD);
	CHECK_EQ("kill_group_by_thread_id", kill(th, SIGTERM), 0);
	CHECK_EQ("wait4_group_reaped", waitpid(pid, &st, 0), pid);
	CHECK_SIG("wait4_group_killed", st, SIGTERM);
	CHECK_ERR("wait4_no_more", waitpid(-1, &st, WNOHANG), ECHILD);
}

/* ---- execve from a thread ---- */

static char self_exe[256];

static void *exec_self(void *arg)
{
	char pidbuf[16];
	snprintf(pidbuf, sizeof pidbuf, "%ld", (long)arg);
	char *argv[] = { self_exe, "exec-check", pidbuf, NULL };
	execv(self_exe, argv);
	_exit(99);
}

static void child_exec_in_thread(void)
{
	pthread_t t;
	pthread_create(&t, NULL, block_forever, NULL);
	pthread_create(&t, NULL, exec_self, (void *)(long)getpid());
	for (;;)
		pause();
}

/* The program the thread execs: the same process id, one thread. */
static int exec_check(const char *pid)
{
	char buf[4096];
	ssize_t n = get_file("/proc/self/status", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	int ok = getpid() == atoi(pid) && tid() == getpid() && strstr(buf, "Threads:\t1\n");
	return ok ? 42 : 1;
}

static void execve_in_thread(void)
{
	alarm(20);
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	self_exe[n > 0 ? n : 0] = 0;
	CHECK_EXIT("execve_in_thread_takes_pid", child_status(child_exec_in_thread), 42);
}

/* ---- signals ---- */

static volatile pid_t handled_by;
static volatile int handled;

static void note_tid(int sig)
{
	(void)sig;
	handled_by = tid();
	handled++;
}

static volatile pid_t worker_tid;
static volatile int stop_worker;

static void *worker(void *arg)
{
	sigset_t *unblock = arg;
	if (unblock)
		pthread_sigmask(SIG_UNBLOCK, unblock, NULL);
	worker_tid = tid();
	while (!stop_worker)
		usleep(1000);
	return NULL;
}

static void pthread_kill_target(void)
{
	alarm(20);
	handle(SIGUSR1, note_tid, 0);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	while (!worker_tid)
		usleep(1000);
	CHECK_EQ("pthread_kill_ok", pthread_kill(t, SIGUSR1), 0);
	while (!handled)
		usleep(1000);
	CHECK("pthread_kill_reaches_thread", handled_by == worker_tid);
	stop_worker = 1;
	pthread_join(t, NULL);
	CHECK_SYSERR("tgkill_wrong_group", ESRCH, SYS_tgkill, getpid() + 100000, tid(), 0);
	CHECK_SYSERR("tgkill_bad_tgid", EINVAL, SYS_tgkill, 0, tid(), 0);
}

/* kill() to the process: only the thread that does not block it runs the
 * handler. */
static void kill_goes_to_unblocked(void)
{
	alarm(20);
	handle(SIGUSR2, note_tid, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	pthread_t t;
	pthread_create(&t, NULL, worker, &s);
	while (!worker_tid)
		usleep(1000);
	kill(getpid(), SIGUSR2);
	while (!handled)
		usleep(1000);
	CHECK("kill_handled_by_unblocking_thread", handled_by == worker_tid);
	stop_worker = 1;
	pthread_join(t, NULL);
	sigset_t p;
	sigpending(&p);
	CHECK("kill_not_left_pending_in_main", !sigismember(&p, SIGUSR2));
}

static void *waiter(void *arg)
{
	sigset_t *s = arg;
	int sig = 0;
	worker_tid = tid();
	sigwait(s, &sig);
	return (void *)(long)sig;
}

static void sigwait_in_thread(void)
{
	alarm(20);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	pthread_t t;
	pthread_create(&t, NULL, waiter, &s);
	while (!worker_tid)
		usleep(1000);
	usleep(20 * 1000);
	kill(getpid(), SIGUSR1);
	void *r = NULL;
	pthread_join(t, &r);
	CHECK_EQ("sigwait_in_thread_got", (long)r, SIGUSR1);
}

static void *fault(void *arg)
{
	(void)arg;
	usleep(20 * 1000);
	volatile int *volatile bad = (int *)8;
	*bad = 1;
	return NULL;
}

static void child_thread_faults(void)
{
	pthread_t t;
	pthread_create(&t, NULL, block_forever, NULL);
	pthread_create(&t, NULL, fault, NULL);
	for (;;)
		pause();
}

static void child_threads_block(void)
{
	pthread_t t;
	pthread_create(&t, NULL, block_forever, NULL);
	pthread_create(&t, NULL, block_forever, NULL);
	write(tidpipe[1], "r", 1);
	for (;;)
		pause();
}

static void fatal_ends_group(void)
{
	alarm(20);
	CHECK_SIG("thread_fault_kills_group", child_status(child_thread_faults), SIGSEGV);
	pipe(tidpipe);
	pid_t pid = fork();
	if (pid == 0)
		child_threads_block();
	char c;
	read(tidpipe[0], &c, 1);
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	CHECK_SIG("sigterm_kills_group", st, SIGTERM);
}

/* ---- what threads share ---- */

static int opened_fd = -1;

static void *open_and_chdir(void *arg)
{
	(void)arg;
	opened_fd = open("/", O_RDONLY);
	chdir("/tmp");
	umask(077);
	return NULL;
}

static void shared_files_fs(void)
{
	alarm(20);
	chdir("/");
	mode_t old = umask(022);
	pthread_t t;
	pthread_create(&t, NULL, open_and_chdir, NULL);
	pthread_join(t, NULL);
	CHECK("thread_fd_seen_by_main", opened_fd >= 0 && fcntl(opened_fd, F_GETFD) == 0);
	char cwd[64];
	CHECK_STR("thread_chdir_seen_by_main", getcwd(cwd, sizeof cwd), "/tmp");
	CHECK_MODE("thread_umask_seen_by_main", umask(old), 077);
}

/* ---- synchronisation ---- */

enum { WORKERS = 6, ROUNDS = 3000 };
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_locked(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&mtx);
		long v = counter;
		if (i % 64 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&mtx);
	}
	return NULL;
}

static void mutex_counter(void)
{
	alarm(60);
	pthread_t t[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, add_locked, NULL);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("mutex_counter_exact", counter, WORKERS * ROUNDS);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue_len, produced, consumed;
enum { ITEMS = 2000 };

static void *consume(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mtx);
		while (!queue_len && produced < ITEMS)
			pthread_cond_wait(&cond, &mtx);
		if (!queue_len) {
			pthread_mutex_unlock(&mtx);
			return NULL;
		}
		queue_len--;
		consumed++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&mtx);
	}
}

static void condvar_queue(void)
{
	alarm(60);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, consume, NULL);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&mtx);
		while (queue_len >= 4)
			pthread_cond_wait(&cond, &mtx);
		queue_len++;
		produced++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&mtx);
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("condvar_consumed_all", consumed, ITEMS);
	CHECK_EQ("condvar_queue_empty", queue_len, 0);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_a, shared_b, torn;

static void *rw_reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_rwlock_rdlock(&rw);
		if (shared_a != shared_b)
			torn++;
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void *rw_writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++) {
		pthread_rwlock_wrlock(&rw);
		shared_a++;
		if (i % 32 == 0)
			sched_yield();
		shared_b++;
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void rwlock_consistent(void)
{
	alarm(60);
	pthread_t t[5];
	for (int i = 0; i < 5; i++)
		pthread_create(&t[i], NULL, i < 2 ? rw_writer : rw_reader, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("rwlock_writes", shared_a, 2000);
	CHECK_EQ("rwlock_never_torn", torn, 0);
}

static pthread_barrier_t bar;
static volatile int phase_count[10];
static int phase_bad, serial_seen;

static void *barrier_worker(void *arg)
{
	(void)arg;
	for (int p = 0; p < 10; p++) {
		__sync_fetch_and_add(&phase_count[p], 1);
		int r = pthread_barrier_wait(&bar);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__sync_fetch_and_add(&serial_seen, 1);
		if (phase_count[p] != 4)
			__sync_fetch_and_add(&phase_bad, 1);
		pthread_barrier_wait(&bar);
	}
	return NULL;
}

static void barrier_phases(void)
{
	alarm(60);
	pthread_barrier_init(&bar, NULL, 4);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, barrier_worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("barrier_all_arrived_each_phase", phase_bad, 0);
	CHECK_EQ("barrier_one_serial_per_wait", serial_seen, 10);
}

/* ---- cancellation ---- */

static volatile int cleaned;

static void cleanup(void *arg)
{
	(void)arg;
	cleaned = 1;
}

static void *cancellable(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, NULL);
	worker_tid = tid();
	for (;;)
		pause();
	pthread_cleanup_pop(0);
	return NULL;
}

static void cancel_blocked(void)
{
	alarm(20);
	pthread_t t;
	pthread_create(&t, NULL, cancellable, NULL);
	while (!worker_tid)
		usleep(1000);
	usleep(20 * 1000);
	CHECK_EQ("cancel_ok", pthread_cancel(t), 0);
	void *r = NULL;
	CHECK_EQ("cancel_join", pthread_join(t, &r), 0);
	CHECK("cancel_result", r == PTHREAD_CANCELED);
	CHECK_EQ("cancel_cleanup_ran", cleaned, 1);
}

/* ---- limits ---- */

static void nproc_limit_as_user(void)
{
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_NPROC, &rl);
	pthread_t t;
	CHECK_STR("pthread_create_past_nproc", errname(pthread_create(&t, NULL, ret_double, NULL)),
		  "EAGAIN");
	char buf[4096];
	ssize_t n = get_file("/proc/self/status", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK("nproc_nothing_left", strstr(buf, "Threads:\t1\n") != NULL);
}

static void nproc_limit(void)
{
	alarm(20);
	as_uid1000(nproc_limit_as_user);
}

/* ---- /proc ---- */

static void proc_task_dir(void)
{
	alarm(20);
	pthread_t t[2];
	worker_tid = 0;
	pthread_create(&t[0], NULL, worker, NULL);
	while (!worker_tid)
		usleep(1000);
	pid_t w = worker_tid;
	worker_tid = 0;
	pthread_create(&t[1], NULL, worker, NULL);
	while (!worker_tid)
		usleep(1000);
	char buf[4096], path[64];
	ssize_t n = get_file("/proc/self/status", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK("status_threads_3", strstr(buf, "Threads:\t3\n") != NULL);
	DIR *d = opendir("/proc/self/task");
	int entries = 0, found = 0;
	for (struct dirent *e; d && (e = readdir(d)); ) {
		if (e->d_name[0] == '.')
			continue;
		entries++;
		found += atoi(e->d_name) == w || atoi(e->d_name) == getpid();
	}
	if (d)
		closedir(d);
	CHECK_EQ("task_dir_entries", entries, 3);
	CHECK_EQ("task_dir_has_main_and_worker", found, 2);
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)w);
	n = get_file(path, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK_EQ("task_stat_pid_field", atoi(buf), w);
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)getpid(), (int)w);
	n = get_file(path, buf, sizeof buf - 1);
	CHECK("task_comm_readable", n > 1 && buf[n - 1] == '\n');
	snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)w);
	n = get_file(path, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	char want[64];
	snprintf(want, sizeof want, "Tgid:\t%d\n", (int)getpid());
	CHECK("task_status_tgid", strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "Pid:\t%d\n", (int)w);
	CHECK("task_status_pid", strstr(buf, want) != NULL);
	stop_worker = 1;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
}

static volatile int waiter_tid, waiter_go;

/* Tells its tid, then waits until waiter_go. */
static void *waiter_thread_fn(void *arg)
{
	(void)arg;
	waiter_tid = (int)syscall(SYS_gettid);
	while (!waiter_go)
		sched_yield();
	return NULL;
}

/* Resource limits are the process's: what one thread sets, with
 * setrlimit or with prlimit on another thread's id, every thread has. */
static void *set_nofile(void *arg)
{
	(void)arg;
	struct rlimit r = { 20, 40 };
	return (void *)(long)setrlimit(RLIMIT_NOFILE, &r);
}

static void limits_shared(void)
{
	pthread_t t;
	void *ret;
	pthread_create(&t, NULL, set_nofile, NULL);
	pthread_join(t, &ret);
	CHECK_EQ("setrlimit in a thread", (long)ret, 0);
	struct rlimit r;
	CHECK_OK0("getrlimit in the main thread", getrlimit(RLIMIT_NOFILE, &r));
	CHECK_EQ("its soft limit", (long)r.rlim_cur, 20);
	CHECK_EQ("its hard limit", (long)r.rlim_max, 40);
	CHECK_ERR("dup2 to 20", dup2(0, 20), EBADF);
	CHECK_EQ("dup2 to 19", dup2(0, 19), 19);
	pthread_create(&t, NULL, waiter_thread_fn, NULL);
	while (!waiter_tid)
		sched_yield();
	struct rlimit n = { 64 << 20, RLIM_INFINITY }, o;
	CHECK_OK0("prlimit on the other thread's id", prlimit(waiter_tid, RLIMIT_STACK, &n, &o));
	CHECK_OK0("getrlimit here", getrlimit(RLIMIT_STACK, &r));
	CHECK_EQ("the main thread has it", (long)r.rlim_cur, 64 << 20);
	waiter_go = 1;
	pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-check"))
		return exec_check(argv[2]);
	RUN(create_join_many);
	RUN(ids);
	RUN(thread_exit_value);
	RUN(clone_einval);
	RUN(exits);
	RUN(wait4_group);
	RUN(execve_in_thread);
	RUN(pthread_kill_target);
	RUN(kill_goes_to_unblocked);
	RUN(sigwait_in_thread);
	RUN(fatal_ends_group);
	RUN(shared_files_fs);
	RUN(mutex_counter);
	RUN(condvar_queue);
	RUN(rwlock_consistent);
	RUN(barrier_phases);
	RUN(cancel_blocked);
	RUN(nproc_limit);
	RUN(proc_task_dir);
	RUN(limits_shared);
	return cases_failed ? 1 : 0;
}
