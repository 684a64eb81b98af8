/* fanotify's own structures, shared by its two files: fs/fanotify.c (the
 * group: its queue, read, write, fanotify_init, and the events the notify
 * layer hands it) and fs/fanotify_mark.c (marks and fanotify_mark). */
#ifndef FS_FANOTIFY_H
#define FS_FANOTIFY_H
#include "kernel/wait.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include <linux/fanotify.h>

#define FAN_HASH_SIZE 128                   /* merge buckets, as Linux's 1 << 7 */

/* A permission event's answer, as Linux's fanotify_perm_event states. */
enum { FAN_EVENT_INIT, FAN_EVENT_REPORTED, FAN_EVENT_ANSWERED, FAN_EVENT_CANCELED };

/* What an event names, as Linux's event types: an object to open a
 * descriptor on (a group without FID bits), a file identifier (FID), or
 * a directory's identifier with a name and maybe a child's (NAME). */
enum { FAN_EV_PATH, FAN_EV_FID, FAN_EV_NAME };

struct fanotify_event {
    struct fanotify_event *next;            /* the queue, or the access list once read */
    struct fanotify_event *h_next;          /* its merge bucket, newest first */
    struct inode *inode;                    /* PATH: held; NULL for the overflow event */
    int type;                               /* FAN_EV_* */
    /* FID and NAME events hold no inode (a FAN_DELETE_SELF is told as the
     * inode goes): they keep inode numbers, the ramfs's file handles
     * (fs/fhandle.c); 0 is none. */
    uint32_t fsid;                          /* statfs's f_fsid.val[0] (val[1] is 0) */
    uint32_t obj;                           /* FID: the object; NAME: the child (TARGET_FID...) */
    uint32_t dir, dir2;                     /* NAME: the directory, FAN_RENAME's new one */
    char *name, *name2;                     /* NAME: the entries' names (kmalloc'd with the event) */
    uint32_t mask;
    int pid;                                /* tgid, or tid (FAN_REPORT_TID) */
    bool perm;                              /* a permission event: a task waits on wq */
    int state, fd;                          /* perm: FAN_EVENT_*; the fd it was read with */
    uint32_t response;
    struct wait_queue wq;
};

struct fanotify_group {
    struct fanotify_group *next;            /* all groups, highest class first */
    struct fanotify_mark *marks;            /* newest first, as fdinfo shows them */
    struct fanotify_event *head, *tail;     /* the queue, oldest first */
    struct fanotify_event *hash[FAN_HASH_SIZE];
    struct fanotify_event *access;          /* permission events read, awaiting an answer */
    uint32_t q_len, max_events;             /* q_len counts the overflow event */
    struct fanotify_event overflow;
    bool overflow_queued;
    bool shutdown;                          /* released: takes no more events */
    uint32_t flags;                         /* fanotify_init's flags */
    uint32_t f_flags;                       /* event_f_flags: how event fds are opened */
    int priority;                           /* 0 NOTIF, 1 CONTENT, 2 PRE_CONTENT */
    bool unpriv;                            /* made without CAP_SYS_ADMIN (Linux's FANOTIFY_UNPRIV) */
    struct notify_user *user;
    struct wait_queue wq;                   /* readers and pollers */
};

/* A mark ties a group to an inode (FAN_MARK_INODE) or to a whole
 * filesystem, told by its st_dev (FAN_MARK_MOUNT and FAN_MARK_FILESYSTEM:
 * Pipit mounts each filesystem once, see decision 61). */
struct fanotify_mark {
    struct fanotify_mark *next;             /* the group's */
    struct fanotify_group *group;
    uint32_t type;                          /* FAN_MARK_INODE, _MOUNT, _FILESYSTEM */
    struct inode *inode;                    /* an inode mark's: held unless a ramfs inode (those
                                               drop their marks as they go: fanotify_inode_gone) */
    bool pinned;                            /* holds its inode */
    uint32_t dev;                           /* the others' */
    uint32_t mask, ignored_mask;
    bool surv_modify;                       /* FAN_MARK_IGNORED_SURV_MODIFY */
};

extern struct fanotify_group *fanotify_groups;
extern uint32_t fanotify_max_user_marks;

/* fs/fanotify.c */
extern const struct file_operations fanotify_fops;
/* fs/fanotify_mark.c: every mark of g goes (its release). */
void fanotify_marks_destroy(struct fanotify_group *g);
/* The marks that saw an event, as Linux's iterator types (its match_mask):
 * the object's own (a directory-entry event's directory), a directory
 * watching its children, FAN_RENAME's new directory, a mount or
 * filesystem mark. */
enum { FAN_SAW_INODE = 1, FAN_SAW_PARENT = 2, FAN_SAW_INODE2 = 4, FAN_SAW_SB = 8 };
/* The events of ev that g's marks want reported, with FAN_ONDIR for a
 * group with FID bits; 0 for none. *saw gets FAN_SAW_* bits, *parent the
 * watching directory a child's event came to (else left alone). Clears
 * the ignored masks a FAN_MODIFY clears, as 6.1's fanotify_group_event_mask
 * and send_to_group. */
uint32_t fanotify_group_mask(struct fanotify_group *g, const struct fsnotify_event *ev, uint32_t *saw,
                             struct inode **parent);
int fanotify_show_marks(struct fanotify_group *g, char *buf, int size);

#endif
