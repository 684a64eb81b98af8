/* /proc/keys and /proc/key-users, as Linux 6.1's security/keys/proc.c:
 * the keys the reader may view (possessed keys with the possessor's
 * bits), by serial; each user's key counts and quota. fs/proc.c calls
 * these to fill its snapshot of the file. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "security/keys/keys.h"

/* The timeout column: perm, expd, or what is left in s, m, h, d or w. */
static void timeout_text(const struct key *k, int64_t now, char *buf, size_t size)
{
    if (!k->expiry) {
        strlcpy(buf, "perm", size);
        return;
    }
    if (now >= k->expiry) {
        strlcpy(buf, "expd", size);
        return;
    }
    uint32_t t = (uint32_t)(k->expiry - now);
    if (t < 60)
        snprintf(buf, size, "%us", t);
    else if (t < 60 * 60)
        snprintf(buf, size, "%um", t / 60);
    else if (t < 60 * 60 * 24)
        snprintf(buf, size, "%uh", t / 3600);
    else if (t < 60 * 60 * 24 * 7)
        snprintf(buf, size, "%ud", t / 86400);
    else
        snprintf(buf, size, "%uw", t / (86400 * 7));
}

/* Marks every key current possesses with gen: one walk from its
 * keyrings, not a search per key (a thousand keys would cost a million). */
static void mark_possessed(uint32_t gen)
{
    struct key_search s = { .flags = KSEARCH_RECURSE | KSEARCH_MARK, .mark_gen = gen };
    int err;
    search_process_keyrings(&s, &err);
}

/* k's line; its usage leaves out the reference proc_keys_show holds. */
static int key_line(struct key *k, int64_t now, uint32_t gen, char *buf, int size)
{
    struct key_ref ref = { k, k->mark_gen == gen };
    if (key_task_permission(ref, KEY_NEED_VIEW) < 0)
        return 0;
    char timo[16];
    timeout_text(k, now, timo, sizeof timo);
    uint32_t f = k->flags;
    char type[10] = "         ";               /* the type, padded to 9 ("%-9.9s") */
    memcpy(type, key_type_name(k->type), strlen(key_type_name(k->type)));
    int n = snprintf(buf, size, "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %s %s",
                     (uint32_t)k->serial, (f & KEY_FLAG_INSTANTIATED) ? 'I' : '-',
                     (f & KEY_FLAG_REVOKED) ? 'R' : '-', (f & KEY_FLAG_DEAD) ? 'D' : '-',
                     (f & KEY_FLAG_IN_QUOTA) ? 'Q' : '-', '-', (f & KEY_FLAG_NEGATIVE) ? 'N' : '-',
                     (f & KEY_FLAG_INVALIDATED) ? 'i' : '-', k->usage - 1, timo, k->perm,
                     k->uid == NO_GID ? 65534 : (int)k->uid, k->gid == NO_GID ? 65534 : (int)k->gid,
                     type, k->description);
    if (n >= size)
        return n;
    if ((f & KEY_FLAG_INSTANTIATED) && !(f & KEY_FLAG_NEGATIVE)) {
        if (k->type != KT_KEYRING)
            n += snprintf(buf + n, size - n, ": %u", k->datalen);
        else if (k->nr_links)
            n += snprintf(buf + n, size - n, ": %d", k->nr_links);
        else
            n += snprintf(buf + n, size - n, ": empty");
    }
    if (n < size)
        n += snprintf(buf + n, size - n, "\n");
    return n;
}

/* Sorts keys by serial (a shell sort: no recursion, no extra memory). */
static void sort_by_serial(struct key **a, int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++)
            for (int j = i; j >= gap && a[j - gap]->serial > a[j]->serial; j -= gap) {
                struct key *t = a[j];
                a[j] = a[j - gap];
                a[j - gap] = t;
            }
}

int proc_keys_show(char *buf, int size)
{
    int count = 0;
    for (struct key *k = key_list; k; k = k->next)
        count++;
    struct key **a = kmalloc((size_t)(count ? count : 1) * sizeof *a);
    if (!a)
        return -ENOMEM;
    int i = 0;
    for (struct key *k = key_list; k; k = k->next) {
        key_get(k);                          /* the possession searches may not free it */
        a[i++] = k;
    }
    sort_by_serial(a, count);
    static uint32_t gen;
    mark_possessed(++gen);
    int64_t now = key_now();
    int n = 0;
    for (i = 0; i < count && n < size; i++)
        n += key_line(a[i], now, gen, buf + n, size - n);
    for (i = 0; i < count; i++)
        key_put(a[i]);
    kfree(a);
    return n;
}

int proc_key_users_show(char *buf, int size)
{
    /* Linux lists them by uid. */
    int n = 0;
    uint32_t last = 0;
    bool first = true;
    for (;;) {
        struct key_user *next = NULL;
        for (struct key_user *u = key_users; u; u = u->next)
            if ((first || u->uid > last) && (!next || u->uid < next->uid) && u->nkeys)
                next = u;
        if (!next || n >= size)
            break;
        uint32_t maxkeys = next->uid == 0 ? key_quota_root_maxkeys : key_quota_maxkeys;
        uint32_t maxbytes = next->uid == 0 ? key_quota_root_maxbytes : key_quota_maxbytes;
        n += snprintf(buf + n, size - n, "%5u: %5d %d/%d %u/%u %u/%u\n", next->uid, next->usage + 1,
                      next->nkeys, next->nikeys, next->qnkeys, maxkeys, next->qnbytes, maxbytes);
        last = next->uid;
        first = false;
    }
    return MIN(n, size);
}
