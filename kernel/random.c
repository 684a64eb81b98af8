/* Pseudo-random numbers for /dev/urandom, getrandom(2) and AT_RANDOM: an
 * xorshift generator stirred with the time stamp counter at every call.
 * Unpredictable enough for hash seeds and temporary names; Pipit makes no
 * claim of cryptographic quality. */
#include "kernel/kernel.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint32_t random_u32(void)
{
    state ^= rdtsc() + jiffies;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state >> 32);
}

long random_to_user(char *ubuf, size_t n)
{
    for (size_t done = 0; done < n;) {
        uint32_t v = random_u32();
        size_t k = MIN(n - done, sizeof v);
        if (copy_to_user(ubuf + done, &v, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return (long)n;
}

long sys_getrandom(char *buf, uint32_t len, uint32_t flags)
{
    if (flags & ~7u)                         /* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
        return -EINVAL;
    if (len > 0x1FFFFFF)
        len = 0x1FFFFFF;
    return random_to_user(buf, len);
}
