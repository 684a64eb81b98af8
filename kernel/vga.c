/* The VGA text screen (80x25 at 0xB8000) as a simple scrolling terminal. */
#include "kernel.h"
#include "x86.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700             /* light grey on black */

static uint16_t *const screen = (uint16_t *)P2V(0xB8000);
static int row, col;

static void vga_cursor(void)
{
    uint16_t pos = (uint16_t)(row * COLS + col);
    outb(0x3D4, 14); outb(0x3D5, (uint8_t)(pos >> 8));
    outb(0x3D4, 15); outb(0x3D5, (uint8_t)pos);
}

void vga_init(void)
{
    for (int i = 0; i < COLS * ROWS; i++)
        screen[i] = ATTR | ' ';
    row = col = 0;
    vga_cursor();
}

static void vga_scroll(void)
{
    memmove(screen, screen + COLS, (ROWS - 1) * COLS * 2);
    for (int i = 0; i < COLS; i++)
        screen[(ROWS - 1) * COLS + i] = ATTR | ' ';
    row = ROWS - 1;
}

void vga_putc(char c)
{
    switch (c) {
    case '\n': col = 0; row++; break;
    case '\r': col = 0; break;
    case '\b': if (col) col--; break;
    case '\t': col = (col + 8) & ~7; break;
    default:
        screen[row * COLS + col] = ATTR | (uint8_t)c;
        col++;
    }
    if (col >= COLS) { col = 0; row++; }
    if (row >= ROWS)
        vga_scroll();
    vga_cursor();
}
