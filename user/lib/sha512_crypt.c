/* sha512_crypt.c - SHA-512 (FIPS 180-4) and the "$6$" password hash of
 * Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512", for programs
 * that check /etc/shadow: Debian's musl-dev:i386 has no crypt(3). Part of
 * user/lib, linked into every program; sha512_crypt.h declares the one entry.
 *
 *   sha512_crypt(key, "$6$salt$...")            5000 rounds
 *   sha512_crypt(key, "$6$rounds=N$salt$...")   N clamped to 1000..999999999
 *
 * returns "$6$[rounds=N$]salt$<86 characters>" in a static buffer (so a
 * whole hash is its own setting), or NULL if the setting is not "$6$...". */
#include "sha512_crypt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SHA-512, FIPS 180-4 ---------------------------------------------- */

struct sha512 {
    uint64_t h[8];                  /* the hash value H(i) */
    uint64_t len;                   /* message length so far, in bytes */
    unsigned char buf[128];         /* the unfinished 1024-bit block */
};

/* 4.2.3: the first 64 bits of the fractional parts of the cube roots of the
 * first 80 primes. */
static const uint64_t sha512_k[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define SHA512_ROTR(x, n) ((x) >> (n) | (x) << (64 - (n)))

/* 5.3.5: H(0) is the first 64 bits of the fractional parts of the square
 * roots of the first 8 primes. */
static void sha512_init(struct sha512 *c)
{
    static const uint64_t h0[8] = {
        0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
        0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
    };
    memcpy(c->h, h0, sizeof h0);
    c->len = 0;
}

/* 6.4.2: hashes one 1024-bit block p into c->h. */
static void sha512_block(struct sha512 *c, const unsigned char *p)
{
    uint64_t w[80], a, b, cc, d, e, f, g, h, t1, t2;
    int i;
    /* 1. the message schedule: 16 big-endian words, then sigma0/sigma1 */
    for (i = 0; i < 16; i++, p += 8)
        w[i] = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40
             | (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16
             | (uint64_t)p[6] << 8 | p[7];
    for (; i < 80; i++)
        w[i] = (SHA512_ROTR(w[i - 2], 19) ^ SHA512_ROTR(w[i - 2], 61) ^ w[i - 2] >> 6) + w[i - 7]
             + (SHA512_ROTR(w[i - 15], 1) ^ SHA512_ROTR(w[i - 15], 8) ^ w[i - 15] >> 7) + w[i - 16];
    /* 2. the working variables start as H(i-1) */
    a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
    e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
    /* 3. 80 rounds: T1 = h + Sigma1(e) + Ch(e,f,g) + K + W, T2 = Sigma0(a) + Maj(a,b,c) */
    for (i = 0; i < 80; i++) {
        t1 = h + (SHA512_ROTR(e, 14) ^ SHA512_ROTR(e, 18) ^ SHA512_ROTR(e, 41))
               + ((e & f) ^ (~e & g)) + sha512_k[i] + w[i];
        t2 = (SHA512_ROTR(a, 28) ^ SHA512_ROTR(a, 34) ^ SHA512_ROTR(a, 39))
           + ((a & b) ^ (a & cc) ^ (b & cc));
        h = g, g = f, f = e, e = d + t1;
        d = cc, cc = b, b = a, a = t1 + t2;
    }
    /* 4. H(i) = H(i-1) + the working variables */
    c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
    c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

/* Adds n bytes to the message, hashing every block that fills up. */
static void sha512_update(struct sha512 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t used = c->len % 128;
    c->len += n;
    while (n) {
        size_t k = 128 - used < n ? 128 - used : n;
        memcpy(c->buf + used, p, k);
        used += k, p += k, n -= k;
        if (used == 128) {
            sha512_block(c, c->buf);
            used = 0;
        }
    }
}

/* 5.1.2: pads the message with a 1 bit, zeros up to 896 mod 1024 bits and
 * the 128-bit big-endian message length in bits; the digest is H(N) as 64
 * big-endian bytes. */
static void sha512_final(struct sha512 *c, unsigned char out[64])
{
    static const unsigned char pad[128] = { 0x80 };
    unsigned char len[16];
    uint64_t hi = c->len >> 61, lo = c->len << 3;
    size_t used = c->len % 128;
    for (int i = 0; i < 8; i++) {
        len[i] = (unsigned char)(hi >> (56 - 8 * i));
        len[8 + i] = (unsigned char)(lo >> (56 - 8 * i));
    }
    sha512_update(c, pad, (used < 112 ? 112 : 240) - used);
    sha512_update(c, len, 16);
    for (int i = 0; i < 64; i++)
        out[i] = (unsigned char)(c->h[i / 8] >> (56 - 8 * (i % 8)));
}

/* Adds n bytes of src, src, src, ... (src is len bytes): the crypt spec's
 * "for each block of 64 bytes add X, then the first N bytes of X". */
static void sha512_repeat(struct sha512 *c, const unsigned char *src, size_t len, size_t n)
{
    for (; n > len; n -= len)
        sha512_update(c, src, len);
    sha512_update(c, src, n);
}

/* Zeroes n bytes in a way the compiler cannot drop as a dead store. */
static void sha512_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

/* ---- "$6$" crypt, Drepper's specification ------------------------------ */

char *sha512_crypt(const char *key, const char *setting)
{
    static const char b64[] =
        "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static char out[128];       /* "$6$rounds=999999999$" + 16 + "$" + 86 */
    unsigned char a[64], b[64], dp[64], ds[64];
    struct sha512 c;
    size_t klen = strlen(key), slen, n;
    unsigned long rounds = 5000, r;
    int custom = 0, pos;
    const char *salt;

    /* The setting: "$6$", an optional "rounds=N$", then the salt, which
     * ends at '$' or the end of the string and is cut to 16 characters. */
    if (strncmp(setting, "$6$", 3))
        return NULL;
    salt = setting + 3;
    if (!strncmp(salt, "rounds=", 7)) {
        char *end;
        if (salt[7] < '0' || salt[7] > '9')
            return NULL;
        r = strtoul(salt + 7, &end, 10);        /* ULONG_MAX if too big */
        if (*end != '$')
            return NULL;
        rounds = r < 1000 ? 1000 : r > 999999999 ? 999999999 : r;
        custom = 1;
        salt = end + 1;
    }
    slen = strcspn(salt, "$");
    if (slen > 16)
        slen = 16;

    /* Digest B = SHA512(key salt key). */
    sha512_init(&c);
    sha512_update(&c, key, klen);
    sha512_update(&c, salt, slen);
    sha512_update(&c, key, klen);
    sha512_final(&c, b);

    /* Digest A = SHA512(key salt, then as many bytes of B, B, ... as the
     * key is long, then for each bit of the key's length from the lowest
     * up to its highest 1 bit: B if the bit is 1, the key if it is 0). */
    sha512_init(&c);
    sha512_update(&c, key, klen);
    sha512_update(&c, salt, slen);
    sha512_repeat(&c, b, 64, klen);
    for (n = klen; n; n >>= 1)
        if (n & 1)
            sha512_update(&c, b, 64);
        else
            sha512_update(&c, key, klen);
    sha512_final(&c, a);

    /* Digest DP = SHA512(the key, as many times as the key has bytes); the
     * byte string P is DP, DP, ... cut to the key's length. */
    sha512_init(&c);
    for (n = 0; n < klen; n++)
        sha512_update(&c, key, klen);
    sha512_final(&c, dp);

    /* Digest DS = SHA512(the salt, 16 + A[0] times); the byte string S is
     * DS cut to the salt's length (at most 16 bytes). */
    sha512_init(&c);
    for (n = 0; n < 16u + a[0]; n++)
        sha512_update(&c, salt, slen);
    sha512_final(&c, ds);

    /* The rounds r = 0 .. rounds-1: C = SHA512(P if r is odd else C, then S
     * if r % 3 != 0, then P if r % 7 != 0, then C if r is odd else P). C
     * starts as A, and each round's digest is the next round's C. */
    for (r = 0; r < rounds; r++) {
        sha512_init(&c);
        if (r & 1)
            sha512_repeat(&c, dp, 64, klen);
        else
            sha512_update(&c, a, 64);
        if (r % 3)
            sha512_update(&c, ds, slen);
        if (r % 7)
            sha512_repeat(&c, dp, 64, klen);
        if (r & 1)
            sha512_update(&c, a, 64);
        else
            sha512_repeat(&c, dp, 64, klen);
        sha512_final(&c, a);
    }

    /* The result: "$6$", "rounds=N$" only if the setting had one (with the
     * clamped N), the salt, "$", then the 64 bytes of the last C in 21
     * groups: bytes {i, i+21, i+42} rotated left by i % 3 places (0 21 42,
     * 22 43 1, 44 2 23, 3 24 45, ...) as a 24-bit number, first byte
     * highest, written as 4 characters, lowest 6 bits first; then byte 63
     * as 2 characters. */
    pos = custom ? snprintf(out, sizeof out, "$6$rounds=%lu$", rounds)
                 : snprintf(out, sizeof out, "$6$");
    memcpy(out + pos, salt, slen);
    pos += (int)slen;
    out[pos++] = '$';
    for (int i = 0; i < 21; i++) {
        const unsigned char g[3] = { a[i], a[i + 21], a[i + 42] };
        uint32_t v = (uint32_t)g[i % 3] << 16 | (uint32_t)g[(i + 1) % 3] << 8 | g[(i + 2) % 3];
        for (int k = 0; k < 4; k++, v >>= 6)
            out[pos++] = b64[v & 63];
    }
    out[pos++] = b64[a[63] & 63];
    out[pos++] = b64[a[63] >> 6];
    out[pos] = 0;

    /* Wipe what could help someone reading a core dump. */
    sha512_wipe(&c, sizeof c);
    sha512_wipe(a, 64), sha512_wipe(b, 64), sha512_wipe(dp, 64), sha512_wipe(ds, 64);
    return out;
}
