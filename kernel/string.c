/* The few string and memory routines the kernel uses (no libc here). */
#include "kernel/kernel.h"

/* memset and memcpy move 32 bytes a loop step, then dwords, then the odd
 * bytes. Under QEMU's TCG each step of a rep prefix is one pass through a
 * translated block, dearer than the eight plain moves of a loop step, and
 * a byte-wise rep takes four times the steps. The empty asm statements
 * keep GCC from turning the loops back into calls to memset and memcpy. */
__hot void *memset(void *d, int c, size_t n)
{
    uint32_t v = (uint8_t)c * 0x01010101u, *p = d;
    for (; n >= 32; n -= 32, p += 8) {
        p[0] = v; p[1] = v; p[2] = v; p[3] = v;
        p[4] = v; p[5] = v; p[6] = v; p[7] = v;
        __asm__ volatile("" : : : "memory");
    }
    size_t words = n >> 2, tail = n & 3;
    __asm__ volatile("rep stosl" : "+D"(p), "+c"(words) : "a"(v) : "memory");
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(tail) : "a"(v) : "memory");
    return d;
}

/* Copies forwards, so that memmove may use it when the destination lies
 * below the source. */
__hot void *memcpy(void *d, const void *s, size_t n)
{
    uint32_t *dp = d;
    const uint32_t *sp = s;
    for (; n >= 32; n -= 32, dp += 8, sp += 8) {
        dp[0] = sp[0]; dp[1] = sp[1]; dp[2] = sp[2]; dp[3] = sp[3];
        dp[4] = sp[4]; dp[5] = sp[5]; dp[6] = sp[6]; dp[7] = sp[7];
        __asm__ volatile("" : : : "memory");
    }
    size_t words = n >> 2, tail = n & 3;
    __asm__ volatile("rep movsl" : "+D"(dp), "+S"(sp), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(dp), "+S"(sp), "+c"(tail) : : "memory");
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp <= sp || dp >= sp + n)
        return memcpy(d, s, n);
    while (n--)
        dp[n] = sp[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return (char *)s;
    return c ? NULL : (char *)s;
}

/* Copy at most n-1 bytes and always terminate; returns strlen(s). */
size_t strlcpy(char *d, const char *s, size_t n)
{
    size_t len = strlen(s);
    if (n) {
        size_t k = len < n - 1 ? len : n - 1;
        memcpy(d, s, k);
        d[k] = 0;
    }
    return len;
}
