/* io_uring's provided buffers (Linux 6.1's io_uring/kbuf.c): groups of
 * buffers the program hands the ring, from which a READ, READV or RECV
 * with IOSQE_BUFFER_SELECT takes one when it runs, naming it in its CQE
 * (IORING_CQE_F_BUFFER, the buffer id in the upper 16 bits). A group
 * is either a list that PROVIDE_BUFFERS fills and REMOVE_BUFFERS empties
 * (taken oldest first), or a ring in the program's memory
 * (IORING_REGISTER_PBUF_RING) whose tail the program moves and whose
 * head the kernel keeps. A request that would block gives its buffer
 * back before it waits and takes one again when it runs again. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"

#define MAX_BIDS_PER_BGID (1U << 16)

/* One provided buffer of a list group. */
struct io_buffer {
    uint32_t addr, len;
    uint16_t bid;
    struct io_buffer *next;
};

/* A buffer group: a list, or a ring mapped from the program. */
struct io_buffer_list {
    uint16_t bgid;
    bool is_ring;
    struct io_buffer *head, **tail;         /* the list: oldest first */
    uint32_t ring_addr, ring_mask;          /* the ring: its user address, entries - 1 */
    uint16_t ring_head;                     /* the next entry to take */
    struct io_buffer_list *next;
};

static struct io_buffer_list *group_find(struct io_ring_ctx *ctx, uint16_t bgid)
{
    for (struct io_buffer_list *bl = ctx->buf_groups; bl; bl = bl->next)
        if (bl->bgid == bgid)
            return bl;
    return NULL;
}

static struct io_buffer_list *group_new(struct io_ring_ctx *ctx, uint16_t bgid)
{
    struct io_buffer_list *bl = kzalloc(sizeof *bl);
    if (!bl)
        return NULL;
    bl->bgid = bgid;
    bl->tail = &bl->head;
    bl->next = ctx->buf_groups;
    ctx->buf_groups = bl;
    return bl;
}

/* Up to nbufs list buffers freed from the front; how many. */
static uint32_t list_remove(struct io_buffer_list *bl, uint32_t nbufs)
{
    uint32_t n = 0;
    while (bl->head && n < nbufs) {
        struct io_buffer *b = bl->head;
        bl->head = b->next;
        kfree(b);
        n++;
    }
    if (!bl->head)
        bl->tail = &bl->head;
    return n;
}

void io_kbuf_free_all(struct io_ring_ctx *ctx)
{
    while (ctx->buf_groups) {
        struct io_buffer_list *bl = ctx->buf_groups;
        ctx->buf_groups = bl->next;
        list_remove(bl, UINT32_MAX);
        kfree(bl);
    }
}

int io_provide_buffers_prep(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (req->opcode == IORING_OP_REMOVE_BUFFERS) {
        if (s->rw_flags || s->addr || s->len || s->off || s->splice_fd_in)
            return -EINVAL;
        return !s->fd || (uint32_t)s->fd > MAX_BIDS_PER_BGID ? -EINVAL : 0;
    }
    if (s->rw_flags || s->splice_fd_in)
        return -EINVAL;
    if (!s->fd || (uint32_t)s->fd > MAX_BIDS_PER_BGID)
        return -E2BIG;
    uint64_t size = (uint64_t)s->len * (uint32_t)s->fd;
    if (size > 0xFFFFFFFFu || s->addr + size > 0xFFFFFFFFu)
        return -EOVERFLOW;
    if (!user_range_ok((void *)(uint32_t)s->addr, (uint32_t)size))
        return -EFAULT;
    return s->off > 0xFFFF ? -E2BIG : 0;
}

/* PROVIDE_BUFFERS: fd buffers of len bytes from addr, ids from off on,
 * to the end of group buf_group's list (made if new; -EINVAL if it is a
 * ring). REMOVE_BUFFERS: up to fd of them from its front (-ENOENT with
 * no group): how many. */
long io_provide_buffers(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    struct io_ring_ctx *ctx = req->ctx;
    struct io_buffer_list *bl = group_find(ctx, s->buf_group);
    if (req->opcode == IORING_OP_REMOVE_BUFFERS) {
        if (!bl)
            return -ENOENT;
        return bl->is_ring ? -EINVAL : (long)list_remove(bl, (uint32_t)s->fd);
    }
    if (!bl && !(bl = group_new(ctx, s->buf_group)))
        return -ENOMEM;
    if (bl->is_ring)
        return -EINVAL;
    uint32_t addr = (uint32_t)s->addr, i;
    for (i = 0; i < (uint32_t)s->fd; i++) {
        struct io_buffer *b = kmalloc(sizeof *b);
        if (!b)
            break;
        b->addr = addr;
        b->len = MIN(s->len, (uint32_t)MAX_RW_COUNT);
        b->bid = (uint16_t)(s->off + i);
        b->next = NULL;
        *bl->tail = b;
        bl->tail = &b->next;
        addr += s->len;
    }
    return i ? 0 : -ENOMEM;
}

/* IORING_REGISTER_PBUF_RING and its UNREGISTER: Linux's checks, in its
 * order; the ring's memory must be mapped (-EFAULT). */
long io_register_pbuf_ring(struct io_ring_ctx *ctx, const void *uarg, uint32_t nr, bool reg)
{
    struct io_uring_buf_reg r;
    if (!uarg || nr != 1)
        return -EINVAL;
    if (copy_from_user(&r, uarg, sizeof r))
        return -EFAULT;
    if (r.pad || r.resv[0] || r.resv[1] || r.resv[2])
        return -EINVAL;
    struct io_buffer_list *bl = group_find(ctx, r.bgid);
    if (!reg) {
        if (!bl)
            return -ENOENT;
        if (!bl->is_ring)
            return -EINVAL;
        for (struct io_buffer_list **pp = &ctx->buf_groups; *pp; pp = &(*pp)->next)
            if (*pp == bl) {
                *pp = bl->next;
                break;
            }
        kfree(bl);
        return 0;
    }
    if (!r.ring_addr)
        return -EFAULT;
    if (r.ring_addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (!r.ring_entries || (r.ring_entries & (r.ring_entries - 1)) || r.ring_entries >= 65536)
        return -EINVAL;
    if (bl && (bl->is_ring || bl->head))
        return -EEXIST;
    uint32_t bytes = r.ring_entries * (uint32_t)sizeof(struct io_uring_buf);
    if (r.ring_addr >> 32 || !vm_range_mapped(current->mm, (uint32_t)r.ring_addr,
                                              PAGE_ALIGN((uint32_t)r.ring_addr + bytes)))
        return -EFAULT;
    if (!bl && !(bl = group_new(ctx, r.bgid)))
        return -ENOMEM;
    bl->is_ring = true;
    bl->ring_addr = (uint32_t)r.ring_addr;
    bl->ring_mask = r.ring_entries - 1;
    bl->ring_head = 0;
    return 0;
}

/* The ring's next buffer, if the program's tail is past the head. */
static bool ring_peek(struct io_buffer_list *bl, struct io_uring_buf *out)
{
    uint16_t tail;
    const char *ring = (const char *)bl->ring_addr;
    if (copy_from_user(&tail, ring + offsetof(struct io_uring_buf_ring, tail), sizeof tail) ||
        tail == bl->ring_head)
        return false;
    const struct io_uring_buf *b = (const struct io_uring_buf *)ring + (bl->ring_head & bl->ring_mask);
    return copy_from_user(out, b, sizeof *out) == 0;
}

int io_buffer_select(struct io_kiocb *req, uint32_t *addr, uint32_t *len)
{
    struct io_buffer_list *bl = group_find(req->ctx, req->sqe.buf_group);
    if (!bl)
        return -ENOBUFS;
    uint32_t blen;
    if (bl->is_ring) {
        struct io_uring_buf b;
        if (!ring_peek(bl, &b))
            return -ENOBUFS;
        *addr = (uint32_t)b.addr;
        blen = b.len;
        req->kbuf_bid = b.bid;
        req->kbuf_list = bl;
    } else {
        struct io_buffer *b = bl->head;
        if (!b)
            return -ENOBUFS;
        bl->head = b->next;
        if (!bl->head)
            bl->tail = &bl->head;
        *addr = b->addr;
        blen = b->len;
        req->kbuf_bid = b->bid;
        req->kbuf = b;
    }
    if (*len == 0 || *len > blen)
        *len = blen;
    req->kbuf_selected = true;
    return 0;
}

void io_kbuf_recycle(struct io_kiocb *req)
{
    if (!req->kbuf_selected)
        return;
    req->kbuf_selected = false;
    struct io_buffer *b = req->kbuf;
    req->kbuf = NULL;
    req->kbuf_list = NULL;
    if (!b)
        return;                             /* a ring's: its head was not moved */
    struct io_buffer_list *bl = group_find(req->ctx, req->sqe.buf_group);
    if (!bl || bl->is_ring) {
        kfree(b);
        return;
    }
    b->next = bl->head;
    if (!bl->head)
        bl->tail = &b->next;
    bl->head = b;
}

uint32_t io_kbuf_done(struct io_kiocb *req)
{
    if (!req->kbuf_selected)
        return 0;
    req->kbuf_selected = false;
    if (req->kbuf) {
        kfree(req->kbuf);
        req->kbuf = NULL;
    } else if (req->kbuf_list && group_find(req->ctx, req->sqe.buf_group) == req->kbuf_list) {
        req->kbuf_list->ring_head++;
    }
    req->kbuf_list = NULL;
    return IORING_CQE_F_BUFFER | (uint32_t)req->kbuf_bid << IORING_CQE_BUFFER_SHIFT;
}
