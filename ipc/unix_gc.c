/* The garbage collector of files in flight. A file passed with
 * SCM_RIGHTS is referenced by the scm_fp_list queued with the data until
 * it is received. A socket sent over itself, or two sockets holding each
 * other, keep their files open after every descriptor is closed: each
 * file's last references sit in a queue that only those files could ever
 * read. This finds such sockets and drops what their queues hold, which
 * lets their files (and anything else in flight with them) go.
 *
 * One pass, over every AF_UNIX socket (Linux's idea, our own code):
 *  1. count, for each socket, the references to its file in all queues;
 *  2. a socket all of whose file's references are counted is a candidate;
 *  3. every other socket with a file is alive (a descriptor or the kernel
 *     holds it), and so is whatever its queues hold, transitively (a work
 *     list: each socket is scanned once, whatever order they chain in);
 *  4. the candidates left are unreachable: their queues' file lists are
 *     taken out (nothing is freed yet), then dropped.
 * A listener's queues include those of the connections in its backlog,
 * which only an accept through it can reach. Steps 1-4 take the lists
 * out without sleeping or freeing; only the drop frees, and it walks just
 * the lists taken, so the sockets it releases (which call unix_gc again)
 * are never walked. Such calls only ask for another pass.
 * Also here: the count of the files a user has in flight, which Linux
 * bounds by RLIMIT_NOFILE. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "ipc/socket.h"

static bool gc_running;             /* a pass is under way (maybe asleep in a drop) */
static bool gc_again;               /* something was released meanwhile: pass again */
static struct socket *gc_alive;     /* step 3: alive sockets whose queues are not yet marked */
static struct scm_fp_list *gc_hitlist;  /* step 4: lists taken out, to drop */
static struct file *gc_closing;      /* a file whose descriptor is closing: one reference less */

/* The AF_UNIX socket behind open file f, or NULL for any other file. */
static struct socket *file_socket(struct file *f)
{
    if (f->f_op != &socket_file_ops || !f->f_inode)
        return NULL;
    return f->f_inode->i_socket;
}

/* Calls fn on each slot of sk's own queues that holds a file list. */
static void queue_lists(struct socket *sk, void (*fn)(struct scm_fp_list **))
{
    for (struct unix_seg *s = sk->ring.seg; s; s = s->next)
        if (s->fp)
            fn(&s->fp);
    for (struct sk_buff *b = sk->rq_head; b; b = b->next)
        if (b->fp)
            fn(&b->fp);
}

/* The same for everything reading through sk reaches: its own queues and
 * those of the connections waiting in its backlog. */
static void socket_lists(struct socket *sk, void (*fn)(struct scm_fp_list **))
{
    queue_lists(sk, fn);
    for (struct socket *e = sk->backlog; e; e = e->next_embryo)
        queue_lists(e, fn);
}

/* Step 1: one more in-flight reference for each socket file in *fpp. */
static void gc_count(struct scm_fp_list **fpp)
{
    for (int i = 0; i < (*fpp)->count; i++) {
        struct socket *t = file_socket((*fpp)->fp[i]);
        if (t)
            t->gc_inflight++;
    }
}

/* Step 3: s is alive; what its queues hold is still to be marked. */
static void gc_push(struct socket *s)
{
    s->gc_next = gc_alive;
    gc_alive = s;
}

/* Step 3: the candidates in *fpp are reachable, so alive. */
static void gc_mark(struct scm_fp_list **fpp)
{
    for (int i = 0; i < (*fpp)->count; i++) {
        struct socket *t = file_socket((*fpp)->fp[i]);
        if (t && t->gc_cand) {
            t->gc_cand = false;
            gc_push(t);
        }
    }
}

/* Step 4: *fpp leaves its queue for the hit list. */
static void gc_take(struct scm_fp_list **fpp)
{
    (*fpp)->next = gc_hitlist;
    gc_hitlist = *fpp;
    *fpp = NULL;
}

/* Steps 1-4 up to the drop: fills gc_hitlist. Never sleeps or frees.
 * Sockets without a file are in a backlog (counted with their listener). */
static void gc_find(void)
{
    struct socket *s;
    for (s = unix_socket_list; s; s = s->next)
        s->gc_inflight = 0;
    for (s = unix_socket_list; s; s = s->next)
        if (s->file)
            socket_lists(s, gc_count);
    gc_alive = NULL;
    for (s = unix_socket_list; s; s = s->next) {
        s->gc_cand = s->file && s->gc_inflight == s->file->f_count - (s->file == gc_closing);
        if (s->file && !s->gc_cand)
            gc_push(s);
    }
    while ((s = gc_alive)) {                /* each socket once: linear, however they chain */
        gc_alive = s->gc_next;
        socket_lists(s, gc_mark);
    }
    for (s = unix_socket_list; s; s = s->next)
        if (s->gc_cand)
            socket_lists(s, gc_take);
}

/* ---- files in flight per user ---- */

static uint32_t inflight_uid;
static int inflight_count;

static void count_user(struct scm_fp_list **fpp)
{
    if ((*fpp)->uid == inflight_uid)
        inflight_count += (*fpp)->count;
}

/* The files user uid has sent that wait in some queue: Linux's
 * user->unix_inflight, counted when asked (sends with files are rare;
 * nothing to keep in step). */
static int unix_inflight_of(uint32_t uid)
{
    inflight_uid = uid;
    inflight_count = 0;
    for (struct socket *s = unix_socket_list; s; s = s->next)
        queue_lists(s, count_user);
    return inflight_count;
}

/* Whether current may put more files in flight: not when its user already
 * has more than its RLIMIT_NOFILE there (the send that crosses the limit
 * still goes, as in Linux), unless it is root (CAP_SYS_RESOURCE). 0 or
 * -ETOOMANYREFS. Never sleeps. */
int unix_inflight_check(void)
{
    if (capable(CAP_SYS_RESOURCE) || capable(CAP_SYS_ADMIN) || !scm_fp_lists)
        return 0;
    return (uint64_t)unix_inflight_of(current->uid) > rlimit(RLIMIT_NOFILE) ? -ETOOMANYREFS : 0;
}

/* Frees the sockets (and the files in flight with them) that only their
 * own queues keep, as above. Called at the release of an AF_UNIX socket
 * and at the close of a descriptor of one (unix_gc_closing), and when a
 * receive dropped files; cheap while no file is in flight. May sleep (a
 * dropped file's release may); a call made during a pass makes that pass
 * run again. */
void unix_gc(void)
{
    if (!scm_fp_lists)
        return;
    if (gc_running) {
        gc_again = true;
        return;
    }
    gc_running = true;
    do {
        gc_again = false;
        gc_find();
        while (gc_hitlist) {
            struct scm_fp_list *fp = gc_hitlist;
            gc_hitlist = fp->next;
            scm_fp_free(fp);
        }
    } while (gc_again && scm_fp_lists);
    gc_running = false;
}

/* The close of one descriptor of `closing` (a socket file): collects as if
 * that reference were already gone, since it goes right after. */
void unix_gc_closing(struct file *closing)
{
    if (gc_running) {                        /* a drop inside a pass: the pass looks again */
        unix_gc();
        return;
    }
    gc_closing = closing;
    unix_gc();
    gc_closing = NULL;
}
