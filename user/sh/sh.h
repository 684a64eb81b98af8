/*
 * sh.h: what the parts of Pipit's shell (the .c files beside it) share: the parse
 * tree, the lexer's tokens, buffers and variables, the job table, the
 * global shell state and each part's functions, in call-path order:
 *
 *   util.c     buffers, string vectors, arenas, variables, messages
 *   lex.c      the lexer: words, operators, here-documents
 *   parse.c    recursive-descent parser -> struct node trees
 *   expand.c   word expansion: $params, $(cmd), $((arith)), splitting, globs
 *   jobs.c     the job table: process groups, the terminal, waiting
 *   exec.c     running trees: redirections, pipelines, PATH search
 *   builtin.c  cd, exit, export, read, set, eval, ... as functions
 *   bi_jobs.c  jobs, fg, bg, wait, kill
 *   test.c     test and [, and the table of builtins
 *   trap.c     signal names, the trap builtin, running trap actions
 *   edit.c     the interactive line editor: raw mode, keys, redrawing
 *   complete.c TAB completion for the editor (edit.h is theirs)
 *   hist.c     the history list, the history builtin, !-expansion
 *   main.c     main(): reads commands (from -c, a file, stdin or the
 *              editor), parses one complete command at a time and runs it
 */
#ifndef PIPIT_SH_H
#define PIPIT_SH_H

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* ---- the parse tree ---- */

enum redir_type { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct redir {
	enum redir_type type;
	int fd;                 /* the descriptor being redirected */
	char *word;             /* target word (raw), or here-document body */
	int quoted_doc;         /* here-document delimiter was quoted: no expansion */
	struct redir *next;
};

enum node_type {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT,
	N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE, N_GROUP, N_SUBSHELL, N_FUNC
};

struct case_item {
	char **pats;
	int npats;
	struct node *body;
	struct case_item *next;
};

/*
 * One node type for everything. Children by type:
 *   SEQ/AND/OR: a then b.  BG/NOT/GROUP/SUBSHELL/FUNC: a.
 *   IF: a condition, b then-part, c else-part.  WHILE/UNTIL: a cond, b body.
 *   FOR: name, words (nwords < 0: "$@"), a body.  CASE: words[0], items.
 *   PIPE: kids[0..nkids-1].  CMD: assigns, words, redirs.
 */
struct node {
	enum node_type type;
	struct node *a, *b, *c;
	struct node **kids;
	int nkids;
	char **words;
	int nwords;
	char **assigns;
	int nassigns;
	char *name;
	struct redir *redirs;
	struct case_item *items;
	char *text;             /* source text, for job listings */
};

/* ---- buffers, vectors, arenas, variables, functions (util.c) ---- */

struct buf {
	char *s;
	size_t n, cap;
};

struct strv {
	char **v;
	int n, cap;
};

/* Parse trees live in arenas; a function body's arena is kept. */
struct arena {
	struct arena_chunk *chunks;
	int keep;               /* holds a function body: never free */
};

struct var {
	char *name, *val;
	int exported;
	struct var *next;
};

struct func {
	char *name;
	struct node *body;
	struct func *next;
};

/* ---- the lexer (lex.c) ---- */

enum tok_type {
	T_WORD, T_NL, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR,
	T_LPAREN, T_RPAREN, T_DSEMI, T_REDIR, T_EOF
};

struct token {
	enum tok_type type;
	char *word;             /* T_WORD */
	enum redir_type rtype;  /* T_REDIR */
	int fd, strip_tabs;     /* T_REDIR: fd, "<<-" */
	size_t start, end;      /* extent in the source */
};

struct lexer {
	const char *s;
	size_t n, pos;
	struct token tok;
	int have_tok;
	size_t last_end;        /* end of the last token consumed */
	int incomplete, error;
	char errbuf[160];
	struct redir *docs[16]; /* here-documents whose bodies follow the next newline */
	int strip[16];
	int ndocs;
};

/* ---- word expansion (expand.c) ---- */

#define EXP_NOSPLIT 1   /* one field: assignments, redirections, case words */
#define EXP_NOGLOB  2

struct expand {
	int flags;
	struct buf cur, mask;   /* the field being built; mask[i] = 1 if quoted */
	int exists;             /* the field exists even when empty ("" seen) */
	int at_empty;           /* "$@" with no parameters seen inside "..." */
	int has_glob;
	struct strv *out;
};

/* ---- the job table (jobs.c) ---- */

enum { P_RUN, P_STOP, P_DONE };

struct job {
	int id;
	pid_t pgid;
	int n;
	pid_t *pids;
	int *status;            /* wait status of each process */
	char *state;            /* P_RUN, P_STOP or P_DONE per process */
	char *text;
	int notified;           /* its stop has been reported */
	int seq;                /* recency: the highest is the current job (%+) */
	struct termios tmodes;  /* terminal modes when it stopped */
	int have_tmodes;
};

#define MAXJOBS 64

/* ---- builtins (builtin.c, bi_jobs.c; the table in test.c) ---- */

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/* ---- global shell state (main.c unless named) ---- */

extern int last_status;          /* $? */
extern int interactive;          /* reading commands from a terminal */
extern int jobctl;               /* job control on: pgroups and the terminal */
extern int ttyfd;                /* the controlling terminal (CLOEXEC, >= 10) */
extern pid_t shell_pgid;
extern struct termios shell_tmodes;
extern pid_t last_bg_pid;        /* $! */
extern char *arg0;               /* $0 */
extern char **posargs;           /* $1 ... */
extern int nposargs;
extern int opt_errexit, opt_xtrace, opt_noglob;
extern int in_subshell;          /* a forked child running shell code */
extern int breaking, continuing; /* pending break/continue levels */
extern int returning;            /* return from a function pending */
extern int loop_depth, func_depth;
extern int interrupted;          /* a foreground job died of SIGINT */
extern int expand_error;         /* ${x?} or bad substitution in the last expansion */
extern struct arena *cur_arena;  /* util.c: where aalloc allocates */
extern struct var *vars;         /* util.c */
extern struct func *funcs;       /* util.c */
extern pid_t shell_pid;          /* expand.c: $$ */
extern struct job *jobtab[MAXJOBS]; /* jobs.c */
extern int job_seq;              /* jobs.c */
extern int keep_redirs;          /* exec.c: set by "exec" without a command */
extern const struct builtin builtins[]; /* test.c: ends with a NULL name */

/* util.c: buffers, string vectors, arenas, variables, messages */
void *aalloc(size_t n);
void arena_pop(struct arena *prev);
struct arena *arena_push(void);
size_t assign_len(const char *s);
char *astrndup(const char *s, size_t n);
void buf_addc(struct buf *b, char c);
void buf_addn(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_reserve(struct buf *b, size_t extra);
char *buf_take(struct buf *b);
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fdprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct func *func_find(const char *name);
const char *getvar(const char *name);
const char *ifs(void);
int is_name_char(int c);
int is_name_start(int c);
void set_posargs(char **args, int n);
void setvar(const char *name, const char *val, int export);
void strv_add(struct strv *sv, char *s);
void strv_free(struct strv *sv);
void unsetvar(const char *name);
int valid_name(const char *s);
struct var *var_find(const char *name);
char **vars_environ(void);
void vars_import(void);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* lex.c: the lexer: words, operators, here-documents */
void lex(struct lexer *lx, struct token *t);
void lexer_init(struct lexer *lx, const char *s, size_t n);
const char *scan_bquote(const char *p, const char *end);
const char *scan_dollar(const char *p, const char *end);
const char *scan_dquote(const char *p, const char *end);
const char *scan_squote(const char *p, const char *end);

/* parse.c: recursive-descent parser -> struct node trees */
struct node *parse_line(struct lexer *lx);

/* expand.c: word expansion: $params, $(cmd), $((arith)), splitting, globs */
void exp_end_field(struct expand *e);
char *expand_assign(const char *w);
char *expand_one(const char *w);
void expand_part(struct expand *e, const char *p, const char *end, int in_dq);
char *expand_pattern(const char *w);
void expand_words(char **words, int n, struct strv *out);

/* jobs.c: the job table: process groups, the terminal, waiting */
void child_signals_default(void);
pid_t fork_member(struct job *j, int fg, int in, int out, int close_fd);
struct job *job_by_rank(int rank);
void job_free(struct job *j);
char job_mark(struct job *j);
struct job *job_new(const char *text);
void job_print(struct job *j, int fd, int with_pid);
void job_record(pid_t pid, int st);
int job_state(struct job *j);
int job_status(struct job *j);
void jobs_forget(void);
void jobs_notify(void);
void jobs_reap(void);
void term_init(void);
int wait_fg(struct job *j);
int wstatus_to_code(int st);

/* exec.c: running trees: redirections, pipelines, PATH search */
char *cmd_subst(const char *s, size_t len);
void exec_command(char **argv) __attribute__((noreturn));
int is_number(const char *s);
int run(struct node *n);
int run_in_child(struct node *n);

/* builtin.c: cd, exit, export, read, set, eval, ... as functions */
int bi_break(int argc, char **argv);
int bi_cd(int argc, char **argv);
int bi_dot(int argc, char **argv);
int bi_echo(int argc, char **argv);
int bi_eval(int argc, char **argv);
int bi_exec(int argc, char **argv);
int bi_exit(int argc, char **argv);
int bi_export(int argc, char **argv);
int bi_pwd(int argc, char **argv);
int bi_read(int argc, char **argv);
int bi_return(int argc, char **argv);
int bi_set(int argc, char **argv);
int bi_shift(int argc, char **argv);
int bi_true(int argc, char **argv);
int bi_type(int argc, char **argv);
int bi_umask(int argc, char **argv);
int bi_unset(int argc, char **argv);
int cmp_str(const void *a, const void *b);
void print_quoted(struct buf *b, const char *v);
void sh_exit(int status) __attribute__((noreturn));

/* bi_jobs.c: jobs, fg, bg, wait, kill */
int bi_fg(int argc, char **argv);
int bi_jobs(int argc, char **argv);
int bi_kill(int argc, char **argv);
int bi_wait(int argc, char **argv);

/* test.c: test and [, and the table of builtins */
const struct builtin *builtin_find(const char *name);

/* trap.c: signal names, the trap builtin, running trap actions */
int bi_trap(int argc, char **argv);
pid_t sh_fork(void);
int sig_from_name(const char *s);
void sig_list(int fd);
const char *sig_name(int sig);
int trap_ignored(int sig);
int trap_pending_sig(void);
int trap_will_run(int sig);
void traps_exit(int status);
void traps_init(void);
void traps_run(void);

/* edit.c: the interactive line editor: raw mode, keys, redrawing */
int edit_line(struct buf *out, const char *ps2);

/* hist.c: the history list, the history builtin, !-expansion */
int bi_history(int argc, char **argv);
void hist_add(const char *s);
int hist_count(void);
int hist_expand(const char *line, struct buf *out);
const char *hist_get(int i);

/* main.c: reading commands from -c, a file, stdin or the editor */
int read_plain_line(int fd, int buffered, struct buf *line);
int run_string(const char *s, const char *what);

#endif
