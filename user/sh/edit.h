/*
 * edit.h: what the two halves of the line editor share: edit.c (the
 * screen, the keys, the loop) and complete.c (TAB completion).
 */
#ifndef PIPIT_SH_EDIT_H
#define PIPIT_SH_EDIT_H

#include "sh.h"

/*
 * One line being edited. Screen positions are offsets in columns from the
 * first column of the prompt; the row of offset k is k / cols, its column
 * k % cols, so a line wider than the terminal is drawn over several rows.
 */
struct editor {
	struct buf line;
	size_t pos;             /* cursor, as an offset into line */
	const char *prompt;
	size_t plen;            /* columns the prompt takes */
	size_t cur;             /* where the terminal's cursor is (screen offset) */
	size_t cols;            /* terminal width */
	struct buf out;         /* pending output, written once per key */
	int fd;                 /* where the echo goes */
	int last_tab;
	int hidx;               /* history entry shown; hist_count() when none */
	char *saved;            /* the line being typed while history is shown */
};

/* edit.c */
void ed_insert(struct editor *e, const char *s, size_t n);
void ed_newline(struct editor *e);
void ed_puts(struct editor *e, const char *s);
void ed_refresh(struct editor *e);
const char *ed_text(struct editor *e);

/* complete.c */
void ed_complete(struct editor *e);
int term_width(void);

#endif
