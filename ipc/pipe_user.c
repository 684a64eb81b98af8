/* What the pipes of each user may hold, as Linux's /proc/sys/fs/
 * pipe-user-pages-soft and pipe-user-pages-hard: every pipe (and FIFO)
 * counts its capacity in pages against the real uid of the task that made
 * its buffer. Past the soft limit an ordinary user's new pipes get
 * PIPE_MIN_PAGES pages instead of PIPE_PAGES; past the hard limit they are
 * refused. Root is counted but not limited. A limit of 0 is no limit.
 * pipe_info_alloc/free (ipc/pipe.c) charge and uncharge; /proc/sys/fs
 * (fs/proc.c) reads and sets the limits. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "ipc/pipe.h"

uint32_t pipe_user_pages_soft = PIPE_PAGES * 1024;   /* Linux: 16 pages x 1024 files */
uint32_t pipe_user_pages_hard;
uint32_t pipe_max_size = 1048576;           /* fs.pipe-max-size, Linux's default; F_SETPIPE_SZ's limit */

struct pipe_user {
    uint32_t uid;
    uint32_t pages;                         /* capacity of this user's pipes */
    struct pipe_user *next;
};

static struct pipe_user *pipe_users;

/* The record of uid, made (with 0 pages) if there is none; NULL when
 * memory is out. */
static struct pipe_user *pipe_user_find(uint32_t uid)
{
    for (struct pipe_user *u = pipe_users; u; u = u->next)
        if (u->uid == uid)
            return u;
    struct pipe_user *u = kzalloc(sizeof *u);
    if (!u)
        return NULL;
    u->uid = uid;
    u->next = pipe_users;
    pipe_users = u;
    return u;
}

/* Takes pages back from u; its record goes when it holds none. */
void pipe_uncharge(struct pipe_user *u, uint32_t pages)
{
    u->pages -= pages;
    if (u->pages)
        return;
    for (struct pipe_user **pp = &pipe_users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

static bool over(uint32_t limit, uint32_t pages)
{
    return limit && pages > limit && !capable(CAP_SYS_RESOURCE) && !capable(CAP_SYS_ADMIN);
}

/* Charges p, a new pipe, to the current user and sets its capacity
 * (p->npages, p->user). Returns 0, or -ENOMEM when the user is past the
 * hard limit or memory is out (pipe(2) then fails with ENFILE, open(2) of
 * a FIFO with ENOMEM, as Linux). Never sleeps. */
int pipe_charge(struct pipe_inode_info *p)
{
    struct pipe_user *u = pipe_user_find(current->uid);
    if (!u)
        return -ENOMEM;
    uint32_t n = PIPE_PAGES;
    u->pages += n;
    if (over(pipe_user_pages_soft, u->pages)) {
        u->pages -= n - PIPE_MIN_PAGES;
        n = PIPE_MIN_PAGES;
    }
    if (over(pipe_user_pages_hard, u->pages)) {
        pipe_uncharge(u, n);
        return -ENOMEM;
    }
    p->user = u;
    p->npages = n;
    return 0;
}

/* F_SETPIPE_SZ's limits, as Linux's pipe_set_size: an ordinary user may
 * grow p past pipe_max_size bytes only with root, nor while (counting
 * the new size instead of the old) over the soft or hard limit. Charges
 * the new size in place of the old: 0, or -EPERM (nothing changed). The
 * caller sets p->npages. Never sleeps. */
int pipe_recharge(struct pipe_inode_info *p, uint32_t npages)
{
    struct pipe_user *u = p->user;
    bool grow = npages > p->npages;
    if (grow && npages * PAGE_SIZE > pipe_max_size && !capable(CAP_SYS_RESOURCE))
        return -EPERM;
    u->pages = u->pages - p->npages + npages;
    if (grow && (over(pipe_user_pages_hard, u->pages) || over(pipe_user_pages_soft, u->pages))) {
        u->pages = u->pages - npages + p->npages;
        return -EPERM;
    }
    return 0;
}

/* The buffer pages p holds now (the OOM killer's count). */
uint32_t pipe_pages_held(const struct pipe_inode_info *p)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->npages; i++)
        n += p->pages[i] != NULL;
    return n;
}
