/* Whose request it is (fs/io_uring.h): a request runs with what its
 * submitter had at submission, in whichever task issues it later (a
 * link, a drain, a retry): the ids, capabilities and Landlock domain
 * (Linux's req->creds), or those of a registered personality
 * (IORING_REGISTER_PERSONALITY, sqe->personality); and the descriptor
 * table (Linux runs the request in the submitter's task). */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include "security/landlock/landlock.h"

#define IO_MAX_PERSONALITY 0xffff           /* Linux's XA_LIMIT(0, USHRT_MAX), ids from 1 */

/* Current's credentials as an io_creds (one reference), or NULL. */
struct io_creds *io_creds_current(void)
{
    struct io_creds *c = kmalloc(sizeof *c);
    if (!c)
        return NULL;
    struct task *t = current;
    *c = (struct io_creds){
        .refs = 1, .uid = t->uid, .euid = t->euid, .suid = t->suid, .gid = t->gid,
        .egid = t->egid, .sgid = t->sgid, .fsuid = t->fsuid, .fsgid = t->fsgid,
        .groups = groups_get(t->groups), .cap_effective = t->cap_effective,
        .cap_permitted = t->cap_permitted, .cap_inheritable = t->cap_inheritable,
        .cap_bset = t->cap_bset, .cap_ambient = t->cap_ambient, .securebits = t->securebits,
        .landlock_domain = t->landlock_domain, .user_ns = t->user_ns,
    };
    landlock_get_ruleset(c->landlock_domain);
    get_user_ns(c->user_ns);                 /* the capabilities are its (decision 80) */
    return c;
}

void io_creds_put(struct io_creds *c)
{
    if (!c || --c->refs > 0)
        return;
    groups_put(c->groups);
    landlock_put_ruleset(c->landlock_domain);
    put_user_ns(c->user_ns);
    kfree(c);
}

/* Puts c's fields in t, what t had going to c (a swap: twice restores). */
static void creds_swap(struct task *t, struct io_creds *c)
{
#define SWAP(f) do { __typeof__(t->f) x = t->f; t->f = c->f; c->f = x; } while (0)
    SWAP(uid); SWAP(euid); SWAP(suid); SWAP(gid); SWAP(egid); SWAP(sgid);
    SWAP(fsuid); SWAP(fsgid); SWAP(groups); SWAP(cap_effective); SWAP(cap_permitted);
    SWAP(cap_inheritable); SWAP(cap_bset); SWAP(cap_ambient); SWAP(securebits);
    SWAP(landlock_domain); SWAP(user_ns);
#undef SWAP
}

void io_req_own(struct io_kiocb *req, struct io_creds *creds)
{
    if (!req->creds && creds) {
        req->creds = creds;
        creds->refs++;
    }
    req->fdt = files_get_current();
}

void io_req_disown(struct io_kiocb *req)
{
    io_creds_put(req->creds);
    req->creds = NULL;
    files_put(req->fdt);
    req->fdt = NULL;
}

/* Current takes req's credentials and table; *saved keeps its own, and
 * references to req's (the request may be freed before io_as_self). */
void io_as_submitter(struct io_kiocb *req, struct io_issuer *saved)
{
    saved->held = req->creds;
    saved->held_fdt = req->fdt;
    if (req->creds) {
        req->creds->refs++;
        saved->creds = *req->creds;
        creds_swap(current, &saved->creds);
    }
    if (req->fdt)
        req->fdt->refs++;
    saved->fdt = req->fdt ? files_swap(current, req->fdt) : current->fdt;
}

void io_as_self(struct io_issuer *saved)
{
    if (saved->held)
        creds_swap(current, &saved->creds);
    files_swap(current, saved->fdt);
    io_creds_put(saved->held);
    files_put(saved->held_fdt);
}

/* ---- personalities: ctx->pers[id] (NULL: free), grown by doubling ---- */

struct io_creds *io_personality(struct io_ring_ctx *ctx, uint32_t id)
{
    return id < ctx->nr_pers ? ctx->pers[id] : NULL;
}

/* IORING_REGISTER_PERSONALITY: current's credentials under the next free
 * id after the last one given (cyclic, 1 .. 65535, as Linux's
 * xa_alloc_cyclic; -EBUSY when all are taken). The id, or -errno. */
long io_register_personality(struct io_ring_ctx *ctx)
{
    uint32_t id = ctx->pers_next ? ctx->pers_next : 1;
    for (uint32_t tries = 0; io_personality(ctx, id); tries++) {
        if (tries == IO_MAX_PERSONALITY)
            return -EBUSY;
        id = id == IO_MAX_PERSONALITY ? 1 : id + 1;
    }
    if (id >= ctx->nr_pers) {
        uint32_t n = ctx->nr_pers ? ctx->nr_pers : 16;
        while (n <= id)
            n *= 2;
        struct io_creds **a = kzalloc(n * sizeof *a);
        if (!a)
            return -ENOMEM;
        if (ctx->pers)
            memcpy(a, ctx->pers, ctx->nr_pers * sizeof *a);
        kfree(ctx->pers);
        ctx->pers = a;
        ctx->nr_pers = n;
    }
    if (!(ctx->pers[id] = io_creds_current()))
        return -ENOMEM;
    ctx->pers_next = id == IO_MAX_PERSONALITY ? 1 : id + 1;
    return id;
}

/* IORING_UNREGISTER_PERSONALITY: 0, or -EINVAL for an id not registered.
 * Requests that took it keep their reference. */
long io_unregister_personality(struct io_ring_ctx *ctx, uint32_t id)
{
    struct io_creds *c = io_personality(ctx, id);
    if (!c)
        return -EINVAL;
    ctx->pers[id] = NULL;
    io_creds_put(c);
    return 0;
}

void io_unregister_personalities(struct io_ring_ctx *ctx)
{
    for (uint32_t id = 0; id < ctx->nr_pers; id++)
        io_creds_put(ctx->pers[id]);
    kfree(ctx->pers);
    ctx->pers = NULL;
    ctx->nr_pers = 0;
}
