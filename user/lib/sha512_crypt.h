/* sha512_crypt.h - the "$6$" (SHA-512) password hash, for programs that
 * check /etc/shadow (Debian's musl-dev:i386 has no crypt(3)).
 *
 *   sha512_crypt(key, "$6$salt$...")            5000 rounds
 *   sha512_crypt(key, "$6$rounds=N$salt$...")   N clamped to 1000..999999999
 *
 * returns "$6$[rounds=N$]salt$<86 characters>" in a static buffer (so a
 * whole hash is its own setting), or NULL if the setting is not "$6$...". */
#ifndef SHA512_CRYPT_H
#define SHA512_CRYPT_H

char *sha512_crypt(const char *key, const char *setting);

#endif
