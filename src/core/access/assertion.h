/*
 * assertion.h
 *	  Portal assertions: a compact JWS (RFC 7515) carrying JWT claims
 *	  (RFC 7519), signed by the identity side with Ed25519 (alg EdDSA,
 *	  RFC 8037) or ECDSA P-256 with SHA-256 (alg ES256, RFC 7518 §3.4), that
 *	  says which citizen or enterprise is signed in to a portal now
 *	  (docs/reference/access/portal.md).
 *
 * The reading is in three steps, each of which can refuse with a fault and
 * a sentence in a ParseError:
 *
 *	 1. assertion_parse: the token's form.  Three base64url parts without
 *		padding (canonical: unused bits zero), at most ASSERTION_MAX_LEN
 *		bytes; the header a JSON object with alg ("EdDSA" or "ES256"; "none"
 *		and every other algorithm refused), kid (the key's id, 1-64 of
 *		A-Z a-z 0-9 . _ -), typ "JWT" if present, no crit; the claims a JSON
 *		object with iss, sub, aud (strings), exp, iat (integers, seconds
 *		since 1970), jti (string) and optionally nbf; a 64-byte signature.
 *	 2. assertion_verify_signature: the signature over the first two parts
 *		with the public key the caller found for kid.  The key decides the
 *		algorithm: a token whose alg is not the key's is refused before any
 *		verification (no algorithm confusion).
 *	 3. assertion_check_claims: issuer, audience, and the times against the
 *		caller's clock with a tolerance for clock skew: expired, not yet
 *		valid (iat or nbf in the future), or issued for longer than the
 *		longest lifetime allowed.
 *
 * Public keys are PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----"),
 * parsed by OpenSSL and kept in a small per-process cache keyed by their
 * exact text (OpenSSL 3.0's decoders cost tens of microseconds a key; see
 * cms_read.h).  All cryptography and key parsing is OpenSSL's.  No
 * PostgreSQL header, no allocation in the parsers; not thread-safe (a
 * backend, a test or a fuzzer is one thread).
 */
#ifndef DOSSIER_ASSERTION_H
#define DOSSIER_ASSERTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "core/common/parse_error.h"

/* The longest token read, in bytes. */
#define ASSERTION_MAX_LEN 4096

/* Sizes of the claim buffers, NUL included. */
#define ASSERTION_KID_SIZE 65
#define ASSERTION_ISS_SIZE 257
#define ASSERTION_SUB_SIZE 65
#define ASSERTION_AUD_SIZE 257
#define ASSERTION_JTI_SIZE 129

/* Bytes of an Ed25519 signature and of an ES256 one (R || S). */
#define ASSERTION_SIG_LEN 64

/* Keys the cache holds, and the longest PEM text it keeps. */
#define ASSERTION_KEY_CACHE_SIZE 16
#define ASSERTION_KEY_MAX_PEM 1024

typedef enum AssertionAlg
{
	ASSERTION_ALG_EDDSA = 1,	/* Ed25519 */
	ASSERTION_ALG_ES256 = 2		/* ECDSA P-256 with SHA-256 */
} AssertionAlg;

/* Why an assertion is refused; each has its own SQLSTATE in the glue. */
typedef enum AssertionFault
{
	ASSERTION_OK = 0,
	ASSERTION_MALFORMED,		/* not a compact JWS with the claims we need */
	ASSERTION_ALGORITHM,		/* alg none, unknown, or not the key's */
	ASSERTION_SIGNATURE,		/* the signature does not verify: forged */
	ASSERTION_ISSUER,			/* iss is not the issuer of the key */
	ASSERTION_AUDIENCE,			/* aud is not this database */
	ASSERTION_EXPIRED,			/* exp has passed */
	ASSERTION_NOT_YET_VALID,	/* iat or nbf in the future */
	ASSERTION_LIFETIME			/* issued for too long, or exp before iat */
} AssertionFault;

/* A parsed assertion: the header, the claims and where the signature is. */
typedef struct Assertion
{
	AssertionAlg alg;
	char		kid[ASSERTION_KID_SIZE];
	char		iss[ASSERTION_ISS_SIZE];
	char		sub[ASSERTION_SUB_SIZE];
	char		aud[ASSERTION_AUD_SIZE];
	char		jti[ASSERTION_JTI_SIZE];
	int64_t		iat;
	int64_t		exp;
	int64_t		nbf;			/* iat when the token has none */
	size_t		signing_input_len;	/* bytes of "header.claims" */
	unsigned char sig[ASSERTION_SIG_LEN];
	size_t		sig_len;
} Assertion;

/* What the claims are checked against. */
typedef struct AssertionRules
{
	const char *issuer;			/* the issuer registered with the key */
	const char *audience;		/* this database's name for itself */
	int64_t		now;			/* seconds since 1970 */
	int64_t		skew;			/* tolerated clock difference, seconds */
	int64_t		max_lifetime;	/* longest exp - iat, seconds */
} AssertionRules;

/* The name of an algorithm as JWS writes it ("EdDSA", "ES256"). */
const char *assertion_alg_name(AssertionAlg alg);

/* The algorithm written name, or 0 when it is not one we accept. */
AssertionAlg assertion_alg_of(const char *name);

/* Step 1: read token[0..len) into *a. */
AssertionFault assertion_parse(const char *token, size_t len, Assertion *a,
							   ParseError *err);

/*
 * The public key of PEM text pem[0..len) for algorithm alg, from the cache
 * or parsed into it; NULL with a sentence in err when the text is not one
 * public key of that algorithm (Ed25519, or EC on P-256).  The key belongs
 * to the cache: valid until the next call, never freed by the caller.
 */
EVP_PKEY   *assertion_key(const char *pem, size_t len, AssertionAlg alg, ParseError *err);

/* Empty the key cache (tests). */
void		assertion_key_cache_reset(void);

/*
 * Step 2: verify the signature of a (parsed from token) with key, a key of
 * algorithm key_alg from assertion_key.
 */
AssertionFault assertion_verify_signature(const Assertion *a, const char *token,
										  EVP_PKEY *key, AssertionAlg key_alg,
										  ParseError *err);

/* Step 3: check issuer, audience and times. */
AssertionFault assertion_check_claims(const Assertion *a, const AssertionRules *rules,
									  ParseError *err);

#endif							/* DOSSIER_ASSERTION_H */
