/* The VGA text screen (80x25 at 0xB8000) as a small terminal: it scrolls,
 * and understands the few ANSI escapes a shell and `clear` send (cursor
 * moves, erase screen and line, colours ignored). */
#include "kernel/kernel.h"
#include "kernel/x86.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700             /* light grey on black */

static uint16_t *const screen = (uint16_t *)P2V(0xB8000);
static int row, col;
static enum { NORMAL, ESC, CSI } state;
static int params[4], nparams;

static void vga_cursor(void)
{
    uint16_t pos = (uint16_t)(row * COLS + col);
    outb(0x3D4, 14); outb(0x3D5, (uint8_t)(pos >> 8));
    outb(0x3D4, 15); outb(0x3D5, (uint8_t)pos);
}

static void clear_cells(int from, int to)
{
    for (int i = from; i < to; i++)
        screen[i] = ATTR | ' ';
}

void vga_init(void)
{
    clear_cells(0, COLS * ROWS);
    row = col = 0;
    vga_cursor();
}

static void vga_scroll(void)
{
    memmove(screen, screen + COLS, (ROWS - 1) * COLS * 2);
    clear_cells((ROWS - 1) * COLS, ROWS * COLS);
    row = ROWS - 1;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The final byte of an ESC [ sequence. */
static void csi(char c)
{
    int n = params[0] ? params[0] : 1;
    switch (c) {
    case 'A': row -= n; break;
    case 'B': row += n; break;
    case 'C': col += n; break;
    case 'D': col -= n; break;
    case 'G': col = n - 1; break;
    case 'H': case 'f':
        row = (params[0] ? params[0] : 1) - 1;
        col = (nparams > 1 && params[1] ? params[1] : 1) - 1;
        break;
    case 'J':
        if (params[0] == 2 || params[0] == 3) clear_cells(0, COLS * ROWS);
        else if (params[0] == 0) clear_cells(row * COLS + col, COLS * ROWS);
        else clear_cells(0, row * COLS + col + 1);
        break;
    case 'K':
        if (params[0] == 0) clear_cells(row * COLS + col, (row + 1) * COLS);
        else if (params[0] == 1) clear_cells(row * COLS, row * COLS + col + 1);
        else clear_cells(row * COLS, (row + 1) * COLS);
        break;
    }
    row = clamp(row, 0, ROWS - 1);
    col = clamp(col, 0, COLS - 1);
}

void vga_putc(char c)
{
    if (state == ESC) {
        state = c == '[' ? CSI : NORMAL;
        nparams = 0;
        memset(params, 0, sizeof params);
        return;
    }
    if (state == CSI) {
        if (c >= '0' && c <= '9') {
            if (!nparams) nparams = 1;
            params[nparams - 1] = params[nparams - 1] * 10 + (c - '0');
        } else if (c == ';') {
            if (nparams < 4) nparams++;
            if (nparams < 4) params[nparams - 1] = 0;
        } else if (c == '?') {
        } else {
            csi(c);
            state = NORMAL;
            vga_cursor();
        }
        return;
    }
    switch (c) {
    case 27: state = ESC; return;
    case '\n': row++; break;
    case '\r': col = 0; break;
    case '\b': if (col) col--; break;
    case '\t': col = (col + 8) & ~7; break;
    case '\a': break;
    default:
        screen[row * COLS + col] = ATTR | (uint8_t)c;
        col++;
    }
    if (col >= COLS) { col = 0; row++; }
    if (row >= ROWS)
        vga_scroll();
    vga_cursor();
}
