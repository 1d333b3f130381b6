/*
 * assertion.c
 *	  Reading and verifying a portal assertion: compact JWS form, base64url,
 *	  header and claims, signature, times (see assertion.h).
 *
 * The JSON is read by json_members.c; signatures and keys are OpenSSL's
 * (EVP_DigestVerify, PEM_read_bio_PUBKEY, ECDSA_SIG for the conversion of
 * an ES256 signature from JWS's R || S to DER).
 */
#include "core/access/assertion.h"
#include "core/access/json_members.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#define FORM_HINT \
	"A portal assertion is a compact JWS: base64url(header).base64url(claims).base64url(signature); see docs/reference/access/portal.md."
#define ALG_HINT \
	"The identity side signs assertions with Ed25519 (alg EdDSA) or ECDSA P-256 (alg ES256), with the key registered in dossier.portal_key."
#define SIG_HINT \
	"The assertion was not signed by the key its kid names, or was changed after signing: ask the identity side for a new one."
#define KEY_HINT \
	"Register the public key as PEM SubjectPublicKeyInfo, e.g. the output of openssl pkey -pubout: an Ed25519 key for EdDSA, a P-256 key for ES256."
#define TIME_HINT \
	"Assertions live minutes: have the citizen sign in again, and check the clocks of the identity side and the database (dossier.portal_clock_skew)."

/* Bytes a part may decode to (a token is at most ASSERTION_MAX_LEN). */
#define PART_MAX ((ASSERTION_MAX_LEN / 4) * 3 + 3)

/* The value 0-63 of base64url character c, or -1. */
static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Decode the base64url text s[0..len) (no padding, unused bits zero) into
 * out (room for PART_MAX bytes); *out_len is the number of bytes.  what
 * names the part for the error.
 */
static bool
b64url_decode(const char *s, size_t len, unsigned char *out, size_t *out_len,
			  const char *what, ParseError *err)
{
	uint32_t	acc = 0;
	int			bits = 0;
	size_t		n = 0;

	if (len == 0)
		return parse_error_set(err, FORM_HINT, "The %s part is empty.", what);
	if (len % 4 == 1)
		return parse_error_set(err, FORM_HINT,
							   "The %s part has %zu characters, which no base64url text has.", what, len);
	for (size_t i = 0; i < len; i++)
	{
		int			v = b64url_value(s[i]);

		if (v < 0)
			return parse_error_set(err, FORM_HINT,
								   "The %s part has a character that is not base64url at position %zu (padding '=' is not used).",
								   what, i + 1);
		acc = (acc << 6) | (uint32_t) v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			assert(n < PART_MAX);
			out[n++] = (unsigned char) (acc >> bits);
			acc &= (UINT32_C(1) << bits) - 1;
		}
	}
	if (acc != 0)
		return parse_error_set(err, FORM_HINT,
							   "The %s part does not end as base64url does: its last character has unused bits set.", what);
	*out_len = n;
	return true;
}

/* The name of an algorithm as JWS writes it. */
const char *
assertion_alg_name(AssertionAlg alg)
{
	switch (alg)
	{
		case ASSERTION_ALG_EDDSA:
			return "EdDSA";
		case ASSERTION_ALG_ES256:
			return "ES256";
	}
	return "?";
}

/* The algorithm JWS writes name, or 0 when it is not one we accept. */
AssertionAlg
assertion_alg_of(const char *name)
{
	if (strcmp(name, "EdDSA") == 0)
		return ASSERTION_ALG_EDDSA;
	if (strcmp(name, "ES256") == 0)
		return ASSERTION_ALG_ES256;
	return 0;
}

/* Whether the key id is 1-64 of A-Z a-z 0-9 . _ - */
static bool
kid_ok(const char *kid)
{
	size_t		n = strlen(kid);

	if (n == 0 || n >= ASSERTION_KID_SIZE)
		return false;
	for (size_t i = 0; i < n; i++)
		if (b64url_value(kid[i]) < 0 && kid[i] != '.')
			return false;
	return true;
}

/* Read the header JSON into a; a fault with a sentence in err. */
static AssertionFault
read_header(const unsigned char *json, size_t len, Assertion *a, ParseError *err)
{
	char		alg[17];
	char		typ[17];
	JsonMember	m[] = {
		{"alg", JSON_MEMBER_STRING, true, alg, sizeof(alg), NULL, false},
		{"kid", JSON_MEMBER_STRING, true, a->kid, sizeof(a->kid), NULL, false},
		{"typ", JSON_MEMBER_STRING, false, typ, sizeof(typ), NULL, false},
		{"crit", JSON_MEMBER_ANY, false, NULL, 0, NULL, false},
	};

	if (!json_members_read("header", (const char *) json, len, m, 4, err))
	{
		/* an alg that does not even fit is not one we accept either */
		return ASSERTION_MALFORMED;
	}
	a->alg = assertion_alg_of(alg);
	if (a->alg == 0)
	{
		if (strcmp(alg, "none") == 0 || strcmp(alg, "None") == 0 || strcmp(alg, "NONE") == 0)
			parse_error_set(err, ALG_HINT, "The header says alg \"none\": unsigned assertions are refused.");
		else
			parse_error_set(err, ALG_HINT, "The header says alg \"%s\"; only EdDSA and ES256 are accepted.", alg);
		return ASSERTION_ALGORITHM;
	}
	if (!kid_ok(a->kid))
	{
		parse_error_set(err, FORM_HINT, "The header's kid is not 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'.");
		return ASSERTION_MALFORMED;
	}
	if (m[2].found && strcmp(typ, "JWT") != 0)
	{
		parse_error_set(err, FORM_HINT, "The header says typ \"%s\"; a portal assertion is a JWT (typ \"JWT\" or none).", typ);
		return ASSERTION_MALFORMED;
	}
	if (m[3].found)
	{
		parse_error_set(err, FORM_HINT, "The header names critical extensions (crit), which are not understood here.");
		return ASSERTION_MALFORMED;
	}
	return ASSERTION_OK;
}

/* Read the claims JSON into a; a fault with a sentence in err. */
static AssertionFault
read_claims(const unsigned char *json, size_t len, Assertion *a, ParseError *err)
{
	JsonMember	m[] = {
		{"iss", JSON_MEMBER_STRING, true, a->iss, sizeof(a->iss), NULL, false},
		{"sub", JSON_MEMBER_STRING, true, a->sub, sizeof(a->sub), NULL, false},
		{"aud", JSON_MEMBER_STRING, true, a->aud, sizeof(a->aud), NULL, false},
		{"jti", JSON_MEMBER_STRING, true, a->jti, sizeof(a->jti), NULL, false},
		{"exp", JSON_MEMBER_INT, true, NULL, 0, &a->exp, false},
		{"iat", JSON_MEMBER_INT, true, NULL, 0, &a->iat, false},
		{"nbf", JSON_MEMBER_INT, false, NULL, 0, &a->nbf, false},
	};

	if (!json_members_read("claim set", (const char *) json, len, m, 7, err))
		return ASSERTION_MALFORMED;
	if (!m[6].found)
		a->nbf = a->iat;
	if (a->jti[0] == '\0' || a->sub[0] == '\0')
	{
		parse_error_set(err, FORM_HINT, "The claim %s is empty.", a->jti[0] == '\0' ? "jti" : "sub");
		return ASSERTION_MALFORMED;
	}
	if (a->iat < 0 || a->exp < 0 || a->nbf < 0)
	{
		parse_error_set(err, FORM_HINT, "The claim %s is before 1970.",
						a->iat < 0 ? "iat" : a->exp < 0 ? "exp" : "nbf");
		return ASSERTION_MALFORMED;
	}
	return ASSERTION_OK;
}

/* Step 1: read token[0..len) into *a. */
AssertionFault
assertion_parse(const char *token, size_t len, Assertion *a, ParseError *err)
{
	const char *dot1,
			   *dot2;
	unsigned char buf[PART_MAX];
	size_t		n;
	AssertionFault f;

	assert(token != NULL || len == 0);
	memset(a, 0, sizeof(*a));
	if (len > ASSERTION_MAX_LEN)
	{
		parse_error_set(err, FORM_HINT, "The assertion has %zu bytes; at most %d are read.",
						len, ASSERTION_MAX_LEN);
		return ASSERTION_MALFORMED;
	}
	dot1 = len > 0 ? memchr(token, '.', len) : NULL;
	dot2 = dot1 != NULL ? memchr(dot1 + 1, '.', len - (size_t) (dot1 + 1 - token)) : NULL;
	if (dot2 == NULL || memchr(dot2 + 1, '.', len - (size_t) (dot2 + 1 - token)) != NULL)
	{
		parse_error_set(err, FORM_HINT, "The assertion is not three parts separated by '.'.");
		return ASSERTION_MALFORMED;
	}
	if (!b64url_decode(token, (size_t) (dot1 - token), buf, &n, "header", err))
		return ASSERTION_MALFORMED;
	if ((f = read_header(buf, n, a, err)) != ASSERTION_OK)
		return f;
	if (!b64url_decode(dot1 + 1, (size_t) (dot2 - dot1 - 1), buf, &n, "claim set", err))
		return ASSERTION_MALFORMED;
	if ((f = read_claims(buf, n, a, err)) != ASSERTION_OK)
		return f;
	if (!b64url_decode(dot2 + 1, len - (size_t) (dot2 + 1 - token), buf, &n, "signature", err))
		return ASSERTION_MALFORMED;
	if (n != ASSERTION_SIG_LEN)
	{
		parse_error_set(err, SIG_HINT, "The signature has %zu bytes; an %s signature has %d.",
						n, assertion_alg_name(a->alg), ASSERTION_SIG_LEN);
		return ASSERTION_SIGNATURE;
	}
	memcpy(a->sig, buf, n);
	a->sig_len = n;
	a->signing_input_len = (size_t) (dot2 - token);
	return ASSERTION_OK;
}

/* ---- keys ---------------------------------------------------------------- */

typedef struct KeyEntry
{
	char	   *pem;			/* NULL when the slot is free */
	size_t		len;
	AssertionAlg alg;
	EVP_PKEY   *key;
} KeyEntry;

static KeyEntry key_cache[ASSERTION_KEY_CACHE_SIZE];
static int	key_next;			/* the slot replaced next */

/* Whether key is a key of alg: Ed25519, or EC on P-256. */
static bool
key_fits(EVP_PKEY *key, AssertionAlg alg)
{
	char		group[32];
	size_t		glen = 0;

	if (alg == ASSERTION_ALG_EDDSA)
		return EVP_PKEY_get_id(key) == EVP_PKEY_ED25519;
	assert(alg == ASSERTION_ALG_ES256);
	return EVP_PKEY_get_id(key) == EVP_PKEY_EC &&
		EVP_PKEY_get_group_name(key, group, sizeof(group), &glen) == 1 &&
		strcmp(group, "prime256v1") == 0;
}

/* Parse the PEM public key; NULL with a sentence in err. */
static EVP_PKEY *
parse_key(const char *pem, size_t len, AssertionAlg alg, ParseError *err)
{
	BIO		   *bio;
	EVP_PKEY   *key;

	if (len == 0 || len > ASSERTION_KEY_MAX_PEM)
	{
		parse_error_set(err, KEY_HINT, "The key has %zu bytes of text; a PEM public key of Ed25519 or P-256 has about 110 to 180.", len);
		return NULL;
	}
	bio = BIO_new_mem_buf(pem, (int) len);
	if (bio == NULL)
	{
		parse_error_set(err, KEY_HINT, "OpenSSL could not allocate memory to read the key.");
		return NULL;
	}
	key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (key == NULL)
	{
		parse_error_set(err, KEY_HINT, "The text is not a PEM public key (-----BEGIN PUBLIC KEY-----).");
		return NULL;
	}
	if (!key_fits(key, alg))
	{
		parse_error_set(err, KEY_HINT, "The key is not a key of %s (%s needs %s).", assertion_alg_name(alg),
						assertion_alg_name(alg), alg == ASSERTION_ALG_EDDSA ? "an Ed25519 key" : "an EC key on curve P-256");
		EVP_PKEY_free(key);
		ERR_clear_error();
		return NULL;
	}
	return key;
}

/* The public key of PEM text pem[0..len) for alg, from the cache. */
EVP_PKEY *
assertion_key(const char *pem, size_t len, AssertionAlg alg, ParseError *err)
{
	KeyEntry   *e;
	EVP_PKEY   *key;
	char	   *copy;

	assert(pem != NULL);
	for (int i = 0; i < ASSERTION_KEY_CACHE_SIZE; i++)
	{
		e = &key_cache[i];
		if (e->pem != NULL && e->alg == alg && e->len == len && memcmp(e->pem, pem, len) == 0)
			return e->key;
	}
	if ((key = parse_key(pem, len, alg, err)) == NULL)
		return NULL;
	if ((copy = malloc(len)) == NULL)
	{
		EVP_PKEY_free(key);
		parse_error_set(err, KEY_HINT, "Out of memory while keeping the key.");
		return NULL;
	}
	memcpy(copy, pem, len);
	assert(key_next >= 0 && key_next < ASSERTION_KEY_CACHE_SIZE);
	e = &key_cache[key_next];
	free(e->pem);
	EVP_PKEY_free(e->key);
	e->pem = copy;
	e->len = len;
	e->alg = alg;
	e->key = key;
	key_next = (key_next + 1) % ASSERTION_KEY_CACHE_SIZE;
	return key;
}

/* Empty the key cache (tests). */
void
assertion_key_cache_reset(void)
{
	for (int i = 0; i < ASSERTION_KEY_CACHE_SIZE; i++)
	{
		free(key_cache[i].pem);
		EVP_PKEY_free(key_cache[i].key);
		memset(&key_cache[i], 0, sizeof(key_cache[i]));
	}
	key_next = 0;
}

/* ---- signature ----------------------------------------------------------- */

/*
 * The DER form of the ES256 signature R || S in sig (64 bytes) into der
 * (room for 72 bytes); its length, or 0 when OpenSSL cannot make it.
 */
static int
es256_der(const unsigned char *sig, unsigned char *der)
{
	ECDSA_SIG  *s = ECDSA_SIG_new();
	BIGNUM	   *r = BN_bin2bn(sig, 32, NULL);
	BIGNUM	   *ss = BN_bin2bn(sig + 32, 32, NULL);
	int			n = 0;

	if (s != NULL && r != NULL && ss != NULL && ECDSA_SIG_set0(s, r, ss) == 1)
	{
		unsigned char *p = der;

		r = ss = NULL;			/* owned by s now */
		n = i2d_ECDSA_SIG(s, NULL);
		if (n <= 0 || n > 72)
			n = 0;
		else
			n = i2d_ECDSA_SIG(s, &p);
	}
	BN_free(r);
	BN_free(ss);
	ECDSA_SIG_free(s);
	return n > 0 ? n : 0;
}

/* Step 2: verify the signature of a over token with key (of key_alg). */
AssertionFault
assertion_verify_signature(const Assertion *a, const char *token, EVP_PKEY *key,
						   AssertionAlg key_alg, ParseError *err)
{
	EVP_MD_CTX *ctx;
	int			ok;

	assert(a->sig_len == ASSERTION_SIG_LEN && key != NULL);
	if (a->alg != key_alg)
	{
		parse_error_set(err, ALG_HINT, "The header says alg %s, but key \"%s\" is an %s key.",
						assertion_alg_name(a->alg), a->kid, assertion_alg_name(key_alg));
		return ASSERTION_ALGORITHM;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL)
	{
		parse_error_set(err, SIG_HINT, "OpenSSL could not allocate memory to verify the signature.");
		return ASSERTION_SIGNATURE;
	}
	if (key_alg == ASSERTION_ALG_EDDSA)
		ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
			EVP_DigestVerify(ctx, a->sig, a->sig_len, (const unsigned char *) token,
							 a->signing_input_len) == 1;
	else
	{
		unsigned char der[72];
		int			n = es256_der(a->sig, der);

		ok = n > 0 &&
			EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
			EVP_DigestVerify(ctx, der, (size_t) n, (const unsigned char *) token,
							 a->signing_input_len) == 1;
	}
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (!ok)
	{
		parse_error_set(err, SIG_HINT, "The %s signature does not verify with key \"%s\".",
						assertion_alg_name(a->alg), a->kid);
		return ASSERTION_SIGNATURE;
	}
	return ASSERTION_OK;
}

/* ---- claims -------------------------------------------------------------- */

/* Step 3: check issuer, audience and times. */
AssertionFault
assertion_check_claims(const Assertion *a, const AssertionRules *rules, ParseError *err)
{
	assert(rules->issuer != NULL && rules->audience != NULL);
	assert(rules->skew >= 0 && rules->max_lifetime > 0);
	if (strcmp(a->iss, rules->issuer) != 0)
	{
		parse_error_set(err, "Each key is registered for one issuer (dossier.portal_key.issuer); the identity side must name it in iss.",
						"The assertion's issuer is not the issuer registered for key \"%s\".", a->kid);
		return ASSERTION_ISSUER;
	}
	if (strcmp(a->aud, rules->audience) != 0)
	{
		parse_error_set(err, "The identity side must name this database in aud, as the setting dossier.portal_audience says.",
						"The assertion is for another audience, not \"%s\".", rules->audience);
		return ASSERTION_AUDIENCE;
	}
	if (a->exp <= a->iat)
	{
		parse_error_set(err, TIME_HINT, "The assertion expires (exp) no later than it was issued (iat).");
		return ASSERTION_LIFETIME;
	}
	/* exp - iat cannot overflow: exp > iat >= 0 (assertion_parse) */
	assert(a->iat >= 0);
	if (a->exp - a->iat > rules->max_lifetime)
	{
		parse_error_set(err, TIME_HINT, "The assertion was issued for longer than %lld seconds (dossier.portal_assertion_max_lifetime).",
						(long long) rules->max_lifetime);
		return ASSERTION_LIFETIME;
	}
	if (a->exp <= rules->now - rules->skew)
	{
		parse_error_set(err, TIME_HINT, "The assertion expired %lld seconds ago.",
						(long long) (rules->now - a->exp));
		return ASSERTION_EXPIRED;
	}
	if (a->iat > rules->now + rules->skew || a->nbf > rules->now + rules->skew)
	{
		parse_error_set(err, TIME_HINT, "The assertion becomes valid in %lld seconds.",
						(long long) ((a->nbf > a->iat ? a->nbf : a->iat) - rules->now));
		return ASSERTION_NOT_YET_VALID;
	}
	return ASSERTION_OK;
}
