/* /proc/<pid>/uid_map, gid_map and setgroups, as Linux 6.1's
 * kernel/user_namespace.c shows and takes them (fs/proc.c calls here):
 * a map is written once, whole, by a task in the namespace or its
 * parent, with the rights new_idmap_permitted asks; it is shown as the
 * reader's namespace sees the kernel ids. A write is checked against
 * the opener's credentials, kept at the open (struct idmap_opener), and,
 * where Linux asks both, the writer's. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/user_namespace.h"
#include <linux/capability.h>

#define MAX_BASE_EXTENTS 5                  /* Linux shows more than these sorted */

static struct uid_gid_map *map_of(struct user_namespace *ns, bool gid)
{
    return gid ? &ns->gid_map : &ns->uid_map;
}

/* Linux's uid_m_show and gid_m_show: each extent as "%10u %10u %10u",
 * its lower ids as current's namespace sees them, or, for a reader in
 * the namespace itself, as its parent does. */
int proc_id_map_show(struct task *t, bool gid, char *buf, int size)
{
    struct user_namespace *ns = task_user_ns(t);
    const struct user_namespace *lower = current_user_ns();
    if (lower == ns && ns->parent)
        lower = ns->parent;
    const struct uid_gid_map *map = map_of(ns, gid);
    int n = 0;
    for (int i = 0; i < map->nr_extents && n < size; i++) {
        const struct uid_gid_extent *e = &map->extent[i];
        uint32_t low = gid ? from_kgid(lower, e->lower_first) : from_kuid(lower, e->lower_first);
        n += snprintf(buf + n, size - n, "%10u %10u %10u\n", e->first, low, e->count);
    }
    return MIN(n, size);
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static char *skip_spaces(char *s)
{
    while (space(*s))
        s++;
    return s;
}

/* Linux's simple_strtoul in base 10: digits (none: 0), kept mod 2^32. */
static uint32_t strtou(char **s)
{
    uint32_t v = 0;
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (uint32_t)(*(*s)++ - '0');
    return v;
}

/* Linux's mappings_overlap: e's ids inside or below overlap an extent
 * of map's. */
static bool overlaps(const struct uid_gid_map *map, const struct uid_gid_extent *e)
{
    uint32_t up_last = e->first + e->count - 1, low_last = e->lower_first + e->count - 1;
    for (int i = 0; i < map->nr_extents; i++) {
        const struct uid_gid_extent *p = &map->extent[i];
        if (p->first <= up_last && p->first + p->count - 1 >= e->first)
            return true;
        if (p->lower_first <= low_last && p->lower_first + p->count - 1 >= e->lower_first)
            return true;
    }
    return false;
}

/* One line "first lower_first count" (blanks around and between) into
 * e, checked as Linux's map_write: 0 or -EINVAL. */
static int parse_extent(char *pos, struct uid_gid_extent *e)
{
    pos = skip_spaces(pos);
    e->first = strtou(&pos);
    if (!space(*pos))
        return -EINVAL;
    pos = skip_spaces(pos);
    e->lower_first = strtou(&pos);
    if (!space(*pos))
        return -EINVAL;
    pos = skip_spaces(pos);
    e->count = strtou(&pos);
    if (*pos && !space(*pos))
        return -EINVAL;
    pos = skip_spaces(pos);
    if (*pos || e->first == INVALID_ID || e->lower_first == INVALID_ID ||
        e->first + e->count <= e->first || e->lower_first + e->count <= e->lower_first)
        return -EINVAL;
    return 0;
}

/* The lines of text into map (extents room for the most), as
 * map_write parses them: 0 or -EINVAL (a bad line, an overlap, more
 * than UID_GID_MAP_MAX_EXTENTS lines, none). */
static int parse_map(char *text, struct uid_gid_map *map)
{
    char *next;
    for (char *pos = text; pos; pos = next) {
        struct uid_gid_extent e;
        next = strchr(pos, '\n');
        if (next) {
            *next++ = 0;
            if (!*next)
                next = NULL;
        }
        if (parse_extent(pos, &e) || overlaps(map, &e))
            return -EINVAL;
        if (map->nr_extents + 1 == UID_GID_MAP_MAX_EXTENTS && next)
            return -EINVAL;
        map->extent[map->nr_extents++] = e;
    }
    return map->nr_extents ? 0 : -EINVAL;
}

/* Linux's file_ns_capable: the opener's capability cap in ns. */
static bool opener_capable(const struct idmap_opener *o, const struct user_namespace *ns, int cap)
{
    return cred_ns_capable(o->ns, o->euid, o->cap_effective, ns, cap);
}

/* Linux's verify_root_map: a map that gives the namespace a root (a
 * lower id 0) needs CAP_SETFCAP: the creator's when the opener is in the
 * namespace it maps, else the opener's in the parent. */
static bool verify_root_map(const struct idmap_opener *o, struct user_namespace *ns,
                            const struct uid_gid_map *map)
{
    int i = 0;
    while (i < map->nr_extents && map->extent[i].lower_first != 0)
        i++;
    if (i == map->nr_extents)
        return true;
    if (ns == o->ns)
        return ns->parent_could_setfcap;
    return opener_capable(o, ns->parent, CAP_SETFCAP);
}

/* Linux's new_idmap_permitted: the owner may map its own effective id
 * alone (a gid only once setgroups is denied), judged by the opener's
 * ids; any ids need CAP_SETUID (CAP_SETGID) in the parent, held by the
 * writer and by the opener (a user may not have root write its map). */
static bool idmap_permitted(const struct idmap_opener *o, struct user_namespace *ns, bool gid,
                            const struct uid_gid_map *map)
{
    if (!gid && !verify_root_map(o, ns, map))
        return false;
    if (map->nr_extents == 1 && map->extent[0].count == 1 && ns->owner == o->euid) {
        uint32_t id = map->extent[0].lower_first;
        if (!gid && make_kuid(ns->parent, id) == o->euid)
            return true;
        if (gid && !ns->setgroups_allowed && make_kgid(ns->parent, id) == o->egid)
            return true;
    }
    int cap = gid ? CAP_SETGID : CAP_SETUID;
    return ns_capable(ns->parent, cap) && opener_capable(o, ns->parent, cap);
}

/* The map's lower ids from the parent's ids to kernel ids, in place:
 * 0, or -EPERM when a range is not mapped whole in the parent. Sorted by
 * first id beyond MAX_BASE_EXTENTS, as Linux shows such a map. */
static int map_lower(struct user_namespace *ns, bool gid, struct uid_gid_map *map)
{
    const struct uid_gid_map *up = map_of(ns->parent, gid);
    for (int i = 0; i < map->nr_extents; i++) {
        struct uid_gid_extent *e = &map->extent[i];
        uint32_t k = map_id_range_down(up, e->lower_first, e->count);
        if (k == INVALID_ID)
            return -EPERM;
        e->lower_first = k;
    }
    if (map->nr_extents > MAX_BASE_EXTENTS)
        for (int i = 1; i < map->nr_extents; i++)
            for (int j = i; j > 0 && map->extent[j - 1].first > map->extent[j].first; j--) {
                struct uid_gid_extent x = map->extent[j];
                map->extent[j] = map->extent[j - 1];
                map->extent[j - 1] = x;
            }
    return 0;
}

/* Linux's proc_uid_map_write, proc_gid_map_write and map_write, in
 * their order of checks: -EPERM (the initial namespace; an opener
 * outside the namespace and its parent), -EINVAL (not at offset 0, a
 * page or more), -EFAULT, -EPERM (written before; no CAP_SYS_ADMIN in
 * the namespace for the opener), -EINVAL (the text), -EPERM (the rights,
 * ids the parent does not map). n, or -errno; may sleep. */
long proc_id_map_write(const struct idmap_opener *o, bool gid, const char *ubuf, size_t n, loff_t pos)
{
    struct user_namespace *ns = o->target;
    if (!ns->parent || (o->ns != ns && o->ns != ns->parent))
        return -EPERM;
    if (pos != 0 || n >= PAGE_SIZE)
        return -EINVAL;
    get_user_ns(ns);                         /* (the file may close while kmalloc or the copy sleeps) */
    char *text = kmalloc(n + 1);
    struct uid_gid_map map = { 0, kmalloc(UID_GID_MAP_MAX_EXTENTS * sizeof(struct uid_gid_extent)) };
    long r = -ENOMEM;
    if (!text || !map.extent)
        goto put;
    r = -EFAULT;
    if (copy_from_user(text, ubuf, n))
        goto put;
    text[n] = 0;
    r = -EPERM;
    if (map_of(ns, gid)->nr_extents || !opener_capable(o, ns, CAP_SYS_ADMIN))
        goto put;
    r = parse_map(text, &map);
    if (!r)
        r = idmap_permitted(o, ns, gid, &map) ? map_lower(ns, gid, &map) : -EPERM;
    if (!r) {
        struct uid_gid_extent *e = kmalloc(map.nr_extents * sizeof *e);
        r = -ENOMEM;
        if (e && !map_of(ns, gid)->nr_extents) {
            memcpy(e, map.extent, map.nr_extents * sizeof *e);
            map_of(ns, gid)->extent = e;
            map_of(ns, gid)->nr_extents = map.nr_extents;
            e = NULL;
            r = (long)n;
        } else if (e) {
            r = -EPERM;                      /* written while kmalloc slept */
        }
        kfree(e);
    }
put:
    put_user_ns(ns);
    kfree(text);
    kfree(map.extent);
    return r;
}

void idmap_opener_get(struct idmap_opener *o, struct task *t)
{
    *o = (struct idmap_opener){ current_user_ns(), current->euid, current->egid, current->cap_effective,
                                task_user_ns(t) };
    get_user_ns(o->ns);
    get_user_ns(o->target);
}

void idmap_opener_put(struct idmap_opener *o)
{
    put_user_ns(o->ns);
    put_user_ns(o->target);
    o->ns = o->target = NULL;
}

int proc_setgroups_show(struct task *t, char *buf, int size)
{
    return snprintf(buf, size, "%s\n", task_user_ns(t)->setgroups_allowed ? "allow" : "deny");
}

/* Linux's proc_setgroups_open: writing asks CAP_SYS_ADMIN in t's
 * namespace (-EACCES). */
int proc_setgroups_may_open(struct task *t, bool write)
{
    return !write || ns_capable(task_user_ns(t), CAP_SYS_ADMIN) ? 0 : -EACCES;
}

static long proc_setgroups_set(struct user_namespace *ns, char *text, size_t n);

/* Linux's proc_setgroups_write: "allow" or "deny", blanks after; at
 * offset 0, under 8 bytes (-EINVAL). "deny" is for good and only
 * before the gid map; "allow" only while allowed (-EPERM). n or -errno. */
long proc_setgroups_write(struct task *t, const char *ubuf, size_t n, loff_t pos)
{
    char text[8];
    struct user_namespace *ns = task_user_ns(t);   /* (before the copy, which may sleep) */
    if (pos != 0 || n >= sizeof text)
        return -EINVAL;
    get_user_ns(ns);
    long r = copy_from_user(text, ubuf, n) ? -EFAULT : proc_setgroups_set(ns, text, n);
    put_user_ns(ns);
    return r;
}

/* The rest of proc_setgroups_write, on the n bytes copied to text. */
static long proc_setgroups_set(struct user_namespace *ns, char *text, size_t n)
{
    text[n] = 0;
    bool allow = !strncmp(text, "allow", 5);
    if (!allow && strncmp(text, "deny", 4))
        return -EINVAL;
    if (*skip_spaces(text + (allow ? 5 : 4)))
        return -EINVAL;
    if (allow ? !ns->setgroups_allowed : ns->gid_map.nr_extents != 0)
        return -EPERM;
    if (!allow)
        ns->setgroups_allowed = false;
    return (long)n;
}
