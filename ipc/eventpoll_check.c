/* Linux's checks at EPOLL_CTL_ADD when epolls nest: no loop, no chain of
 * more than EP_MAX_NESTS epolls (ELOOP), and from every watched file no
 * more wake-up paths than path_limits allows at each length, nor longer
 * ones (EINVAL). They run only when the epoll is itself watched or the new
 * file is an epoll, as Linux's "full check". */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "fs/vfs.h"
#include "ipc/eventpoll.h"

static uint32_t loop_check_gen;             /* eventpoll->gen of those visited in this check */
static struct eventpoll *inserting_into;

#define PATH_ARR_SIZE 5
static const int path_limits[PATH_ARR_SIZE] = { 1000, 500, 100, 50, 10 };
static int path_count[PATH_ARR_SIZE];

/* Remembers a non-epoll file whose paths the insert changes (once). */
static void list_file(struct ep_check *c, struct file *f)
{
    for (int i = 0; i < c->n; i++)
        if (c->files[i] == f)
            return;
    if (c->n == c->max) {
        int max = c->max ? 2 * c->max : 16;
        struct file **n = kmalloc(max * sizeof *n);
        if (!n)
            return;                         /* out of memory: that file goes unchecked */
        memcpy(n, c->files, c->n * sizeof *n);
        kfree(c->files);
        c->files = n;
        c->max = max;
    }
    c->files[c->n++] = f;
}

/* The depth of epolls below ep, or more than EP_MAX_NESTS when the walk
 * finds the epoll being inserted into (a loop) or goes too deep. */
static int ep_loop_check_proc(struct ep_check *c, struct eventpoll *ep, int depth)
{
    if (ep->gen == loop_check_gen)
        return ep->loop_check_depth;
    ep->gen = loop_check_gen;
    int result = 0;
    for (struct ep_list *l = ep->items.next; l != &ep->items; l = l->next) {
        struct epitem *epi = ep_entry(l, struct epitem, itlink);
        if (is_file_epoll(epi->file)) {
            struct eventpoll *to = epi->file->private_data;
            if (to == inserting_into || depth > EP_MAX_NESTS)
                result = EP_MAX_NESTS + 1;
            else
                result = MAX(result, ep_loop_check_proc(c, to, depth + 1) + 1);
            if (result > EP_MAX_NESTS)
                break;
        } else {
            list_file(c, epi->file);
        }
    }
    ep->loop_check_depth = result;
    return result;
}

/* The depth of epolls above ep (that watch it, or watch those...). */
static int ep_get_upwards_depth_proc(struct eventpoll *ep, int depth)
{
    if (ep->gen == loop_check_gen)
        return ep->loop_check_depth;
    int result = 0;
    for (struct epitem *epi = ep->file->f_ep; epi; epi = epi->f_next)
        result = MAX(result, ep_get_upwards_depth_proc(epi->ep, depth + 1) + 1);
    ep->gen = loop_check_gen;
    ep->loop_check_depth = result;
    return result;
}

static int ep_loop_check(struct ep_check *c, struct eventpoll *ep, struct eventpoll *to)
{
    inserting_into = ep;
    int depth = ep_loop_check_proc(c, to, 0);
    if (depth > EP_MAX_NESTS)
        return -1;
    return depth + 1 + ep_get_upwards_depth_proc(ep, 0) > EP_MAX_NESTS ? -1 : 0;
}

int ep_check_begin(struct ep_check *c, struct eventpoll *ep, struct file *tfile)
{
    if (!ep->file->f_ep && ep->gen != loop_check_gen && !is_file_epoll(tfile))
        return 0;
    loop_check_gen++;
    c->full = true;
    if (is_file_epoll(tfile) && ep_loop_check(c, ep, tfile->private_data)) {
        ep_check_end(c);
        return -ELOOP;
    }
    return 0;
}

static int path_count_inc(int nests)
{
    if (nests == 0)
        return 0;                           /* any number of direct watchers */
    return ++path_count[nests] > path_limits[nests] ? -1 : 0;
}

/* Counts the paths up from the epolls in refs (a file's watchers). */
static int reverse_path_check_proc(struct epitem *refs, int depth)
{
    if (depth > EP_MAX_NESTS)
        return -1;
    for (struct epitem *epi = refs; epi; epi = epi->f_next) {
        struct epitem *up = epi->ep->file->f_ep;
        int error = up ? reverse_path_check_proc(up, depth + 1) : path_count_inc(depth);
        if (error)
            return error;
    }
    return 0;
}

int ep_check_paths(struct ep_check *c, struct file *tfile)
{
    if (!c->full)
        return 0;
    if (!is_file_epoll(tfile))
        list_file(c, tfile);
    for (int i = 0; i < c->n; i++) {
        memset(path_count, 0, sizeof path_count);
        if (reverse_path_check_proc(c->files[i]->f_ep, 0))
            return -EINVAL;
    }
    return 0;
}

void ep_check_end(struct ep_check *c)
{
    if (c->full)
        loop_check_gen++;
    kfree(c->files);
    c->files = NULL;
    c->n = c->max = 0;
    c->full = false;
}
