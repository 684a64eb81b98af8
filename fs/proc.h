/* The texts of /proc's files that fs/proc.c serves, made by fs/proc_*.c. */
#ifndef FS_PROC_H
#define FS_PROC_H
#include "kernel/types.h"

struct task;
struct mm;
struct vm_area;
struct inode;

/* proc.c: whether current may see t's memory and files (ptrace read). */
bool proc_may_read(struct task *t);

/* proc_pid.c */
int proc_fd_link(struct task *t, int fd, char *kbuf, size_t size);   /* length, -ENOENT */
int proc_inode_name(struct inode *ip, char *buf, int size);           /* a file's name, as fd/N shows it */
struct file;
int proc_name_link(struct file *f, struct inode *ip, char *kbuf, size_t size);   /* readlink's text */
int proc_map_line(struct mm *mm, struct vm_area *a, char *buf, int size);
int proc_maps_show(struct task *t, char *buf, int size);
int proc_fdinfo_show(struct task *t, int fd, char *buf, int size);   /* -ENOENT: closed */

/* proc_stat.c: stat (whole: the thread group's times), statm, status. */
char proc_state_letter(struct task *t);
int proc_ppid(struct task *t);
/* proc.c: the pid namespace of the instance a file being made is of;
 * proc_nr: an id as that namespace sees it (0: it does not). */
struct pid_namespace;
extern struct pid_namespace *proc_ns;
int proc_nr(int id);
int proc_stat_show(struct task *t, bool whole, char *buf, int size);
int proc_statm_show(struct task *t, char *buf, int size);
int proc_status_show(struct task *t, char *buf, int size);

/* proc_mem.c: resident pages from the page tables, smaps. */
enum { PK_ANON, PK_FILE, PK_SHMEM };
struct rss { uint32_t anon, file, shmem; };
int proc_page_kind(struct vm_area *a, uint32_t pte);       /* of a present entry */
uint32_t proc_page_mapcount(int kind, uint32_t pte);
void proc_rss(struct mm *mm, struct rss *r);                 /* mm may be NULL */
uint32_t proc_pte_pages(struct mm *mm);                      /* user page tables */
int proc_smaps_show(struct task *t, char *buf, int size);
int proc_smaps_rollup_show(struct task *t, char *buf, int size);

/* proc_pagemap.c */
ssize_t proc_pagemap_read(int pid, char *ubuf, size_t n, loff_t *pos);

/* proc_mounts.c */
int proc_mnt_id(uint32_t dev);             /* the first mount of that filesystem's */
int proc_file_mnt_id(struct file *f);      /* the mount f was opened through */
int proc_mounts_show(char *buf, int size);
int proc_mountinfo_show(char *buf, int size);
int proc_filesystems_show(char *buf, int size);

/* proc_sysinfo.c: /proc/stat, loadavg, uptime, meminfo. */
int proc_stat_sys_show(char *buf, int size);
int proc_loadavg_show(char *buf, int size);
int proc_uptime_show(char *buf, int size);
int proc_meminfo_show(char *buf, int size);

/* proc_cpuinfo.c */
int proc_cpuinfo_show(char *buf, int size);
void proc_cpuinfo_init(void);                /* boot: starts the TSC measurement */

#endif
