/*
 * public_token.h
 *	  The token a receipt slip's QR code carries to the public status lookup.
 *
 * A token is PUBLIC_TOKEN_BYTES random bytes (160 bits from the server's
 * strong random source, drawn by the glue) written in base32 (RFC 4648 §6,
 * alphabet A-Z 2-7, no padding): 32 characters, safe in a URL path and in a
 * QR code's alphanumeric mode.  Nothing about a dossier goes into it, so it
 * cannot be derived from the dossier code, and 2^160 values cannot be
 * enumerated.
 *
 * The database keeps the SHA-256 of the canonical text of each token and the
 * lookup compares digests (docs/reference/receipt/receipt.md, "Tokens").
 * public_token_digest() hashes whatever it is given, well-formed or not,
 * with the same work, so that a malformed token and an unknown one cannot
 * be told apart by the answer or by its time.
 *
 * A person may type a token from the slip, where it is printed in groups of
 * four: parsing ignores spaces and hyphens, accepts lower case, and reads
 * the digits 0, 1 and 8 (absent from the alphabet) as the letters O, I and
 * B they are mistaken for.
 */
#ifndef DOSSIER_PUBLIC_TOKEN_H
#define DOSSIER_PUBLIC_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

#define PUBLIC_TOKEN_BYTES 20		/* 160 random bits */
#define PUBLIC_TOKEN_CHARS 32		/* base32 of 20 bytes, no padding */
#define PUBLIC_TOKEN_DIGEST_LEN 32	/* SHA-256 */

/*
 * Input longer than this is never a token (a token with a separator between
 * every two characters has 63): only this many bytes are read, hashed or
 * quoted.
 */
#define PUBLIC_TOKEN_INPUT_MAX 128

/* Write the canonical text of raw (PUBLIC_TOKEN_CHARS characters and a NUL). */
void		public_token_encode(const uint8_t raw[PUBLIC_TOKEN_BYTES],
								char out[PUBLIC_TOKEN_CHARS + 1]);

/*
 * Parse len bytes of s as a token (separators, case and look-alike digits
 * as above); on success write its canonical text into out.
 */
bool		public_token_parse(const char *s, size_t len,
							   char out[PUBLIC_TOKEN_CHARS + 1], ParseError *err);

/*
 * Write the SHA-256 of the canonical text into out when s is a token, else
 * of its first PUBLIC_TOKEN_INPUT_MAX bytes as given (which no stored digest
 * matches, stored digests being of canonical texts); *is_token says which.
 * Returns false only when OpenSSL fails.
 */
bool		public_token_digest(const char *s, size_t len,
								uint8_t out[PUBLIC_TOKEN_DIGEST_LEN],
								bool *is_token);

#endif							/* DOSSIER_PUBLIC_TOKEN_H */
