/*
 * test_assertion.c
 *	  cmocka tests of portal assertions (src/core/access/assertion.c): the
 *	  compact JWS form, the header and claims, Ed25519 and ES256 signatures
 *	  made here with OpenSSL's API (keys fresh each run), algorithm
 *	  confusion, the key cache, and the time rules at their boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/access/assertion.h"

#define NOW INT64_C(1767225600)	/* 2026-01-01 00:00:00 UTC */
#define ISS "https://sso.example.vn"
#define AUD "urn:dossier:test"
#define ED_HEADER "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"ed1\"}"
#define ES_HEADER "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"es1\"}"

static EVP_PKEY *ed_key;		/* Ed25519 */
static EVP_PKEY *ed_rogue;		/* another Ed25519 */
static EVP_PKEY *es_key;		/* P-256 */
static EVP_PKEY *p384_key;		/* P-384: no algorithm of ours */
static char *ed_pem;
static char *es_pem;
static char *p384_pem;

/* base64url of in[0..n) without padding into out (NUL-terminated). */
static void
b64url(const unsigned char *in, size_t n, char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t		o = 0;

	for (size_t i = 0; i < n; i += 3)
	{
		uint32_t	v = (uint32_t) in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t) in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = abc[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = abc[v & 63];
	}
	out[o] = '\0';
}

/* The PEM public key of key (malloc'd). */
static char *
pem_of(EVP_PKEY *key)
{
	BIO		   *bio = BIO_new(BIO_s_mem());
	char	   *data;
	long		n;
	char	   *out;

	assert_non_null(bio);
	assert_int_equal(PEM_write_bio_PUBKEY(bio, key), 1);
	n = BIO_get_mem_data(bio, &data);
	out = malloc((size_t) n + 1);
	memcpy(out, data, (size_t) n);
	out[n] = '\0';
	BIO_free(bio);
	return out;
}

/*
 * The token base64url(header).base64url(claims).signature into out: signed
 * with key for alg (EdDSA, or ES256 as R || S), or with sig_b64 as given.
 */
static void
mint(char *out, const char *header, const char *claims, EVP_PKEY *key,
	 AssertionAlg alg, const char *sig_b64)
{
	char		h[1024],
				c[2048];
	unsigned char sig[256];
	size_t		siglen = sizeof(sig);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t		n;

	b64url((const unsigned char *) header, strlen(header), h);
	b64url((const unsigned char *) claims, strlen(claims), c);
	n = (size_t) sprintf(out, "%s.%s", h, c);
	if (sig_b64 != NULL)
	{
		sprintf(out + n, ".%s", sig_b64);
		EVP_MD_CTX_free(ctx);
		return;
	}
	if (alg == ASSERTION_ALG_EDDSA)
	{
		assert_int_equal(EVP_DigestSignInit(ctx, NULL, NULL, NULL, key), 1);
		assert_int_equal(EVP_DigestSign(ctx, sig, &siglen, (unsigned char *) out, n), 1);
	}
	else
	{
		unsigned char der[128];
		size_t		derlen = sizeof(der);
		const unsigned char *p = der;
		ECDSA_SIG  *s;

		assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key), 1);
		assert_int_equal(EVP_DigestSign(ctx, der, &derlen, (unsigned char *) out, n), 1);
		s = d2i_ECDSA_SIG(NULL, &p, (long) derlen);
		assert_non_null(s);
		assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, 32), 32);
		assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 32, 32), 32);
		ECDSA_SIG_free(s);
		siglen = 64;
	}
	EVP_MD_CTX_free(ctx);
	out[n] = '.';
	b64url(sig, siglen, out + n + 1);
}

/* Claims with iss, sub, aud, iat, exp, jti and extra members (or ""). */
static void
claims(char *out, const char *sub, int64_t iat, int64_t exp, const char *extra)
{
	sprintf(out, "{\"iss\":\"" ISS "\",\"sub\":\"%s\",\"aud\":\"" AUD "\",\"iat\":%lld,\"exp\":%lld,\"jti\":\"j-1\"%s}",
			sub, (long long) iat, (long long) exp, extra);
}

/* Parse, verify with key (of alg) and check at NOW: the first fault. */
static AssertionFault
run(const char *token, EVP_PKEY *key, AssertionAlg alg, ParseError *err, Assertion *a)
{
	AssertionRules rules = {ISS, AUD, NOW, 60, 600};
	AssertionFault f = assertion_parse(token, strlen(token), a, err);

	if (f == ASSERTION_OK)
		f = assertion_verify_signature(a, token, key, alg, err);
	if (f == ASSERTION_OK)
		f = assertion_check_claims(a, &rules, err);
	if (f != ASSERTION_OK)
	{
		size_t		n = strlen(err->detail);

		assert_non_null(err->hint);
		assert_true(n > 0 && err->detail[n - 1] == '.');
	}
	return f;
}

/* Keys for the group. */
static int
setup(void **state)
{
	ed_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	ed_rogue = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	es_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	p384_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	if (!ed_key || !ed_rogue || !es_key || !p384_key)
		return -1;
	ed_pem = pem_of(ed_key);
	es_pem = pem_of(es_key);
	p384_pem = pem_of(p384_key);
	return 0;
}

/* Free the keys and the cache. */
static int
teardown(void **state)
{
	EVP_PKEY_free(ed_key);
	EVP_PKEY_free(ed_rogue);
	EVP_PKEY_free(es_key);
	EVP_PKEY_free(p384_key);
	free(ed_pem);
	free(es_pem);
	free(p384_pem);
	assertion_key_cache_reset();
	return 0;
}

/* The key of a PEM, through the cache. */
static EVP_PKEY *
key(const char *pem, AssertionAlg alg)
{
	ParseError	err;
	EVP_PKEY   *k = assertion_key(pem, strlen(pem), alg, &err);

	if (k == NULL)
		fail_msg("key refused: %s", err.detail);
	return k;
}

/* Valid Ed25519 and ES256 assertions, with their claims read back. */
static void
test_valid(void **state)
{
	char		tok[4096],
				c[1024];
	Assertion	a;
	ParseError	err;

	claims(c, "001099000021", NOW, NOW + 300, "");
	mint(tok, ED_HEADER, c, ed_key, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_OK);
	assert_int_equal(a.alg, ASSERTION_ALG_EDDSA);
	assert_string_equal(a.kid, "ed1");
	assert_string_equal(a.iss, ISS);
	assert_string_equal(a.sub, "001099000021");
	assert_string_equal(a.aud, AUD);
	assert_string_equal(a.jti, "j-1");
	assert_true(a.iat == NOW && a.exp == NOW + 300 && a.nbf == NOW);

	claims(c, "0100233488", NOW, NOW + 600, ",\"nbf\":1767225601,\"extra\":{\"x\":[1,2]}");
	mint(tok, ES_HEADER, c, es_key, ASSERTION_ALG_ES256, NULL);
	assert_int_equal(run(tok, key(es_pem, ASSERTION_ALG_ES256), ASSERTION_ALG_ES256, &err, &a), ASSERTION_OK);
	assert_int_equal(a.nbf, NOW + 1);
	assert_string_equal(assertion_alg_name(a.alg), "ES256");

	/* no typ is fine */
	claims(c, "001099000021", NOW, NOW + 300, "");
	mint(tok, "{\"kid\":\"ed1\",\"alg\":\"EdDSA\"}", c, ed_key, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_OK);
}

/* Forged: another key, a changed claim, a signature of the wrong size. */
static void
test_forged(void **state)
{
	char		tok[4096],
				tok2[4096],
				c[1024];
	Assertion	a;
	ParseError	err;
	char	   *dot;

	claims(c, "001099000021", NOW, NOW + 300, "");
	mint(tok, ED_HEADER, c, ed_rogue, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_SIGNATURE);
	assert_string_equal(err.detail, "The EdDSA signature does not verify with key \"ed1\".");

	/* B's claims under A's signature */
	mint(tok, ED_HEADER, c, ed_key, ASSERTION_ALG_EDDSA, NULL);
	claims(c, "001099000022", NOW, NOW + 300, "");
	dot = strrchr(tok, '.');
	mint(tok2, ED_HEADER, c, NULL, ASSERTION_ALG_EDDSA, dot + 1);
	assert_int_equal(run(tok2, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_SIGNATURE);

	/* ES256: another P-256 key's signature, the DER form instead of R || S */
	{
		EVP_PKEY   *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

		claims(c, "001099000021", NOW, NOW + 300, "");
		mint(tok, ES_HEADER, c, other, ASSERTION_ALG_ES256, NULL);
		assert_int_equal(run(tok, key(es_pem, ASSERTION_ALG_ES256), ASSERTION_ALG_ES256, &err, &a), ASSERTION_SIGNATURE);
		EVP_PKEY_free(other);
	}
	/* 63 and 65 bytes, and all zeros */
	mint(tok, ED_HEADER, c, NULL, ASSERTION_ALG_EDDSA,
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_SIGNATURE);
	mint(tok, ED_HEADER, c, NULL, ASSERTION_ALG_EDDSA,
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_SIGNATURE);
	assert_non_null(strstr(err.detail, "has 65 bytes"));
	mint(tok, ES_HEADER, c, NULL, ASSERTION_ALG_ES256,
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(run(tok, key(es_pem, ASSERTION_ALG_ES256), ASSERTION_ALG_ES256, &err, &a), ASSERTION_SIGNATURE);
}

/* Algorithms: none, HS256, RS256, and the header's alg against the key's. */
static void
test_algorithms(void **state)
{
	static const char *const refused[] = {
		"{\"alg\":\"none\",\"kid\":\"ed1\"}",
		"{\"alg\":\"NONE\",\"kid\":\"ed1\"}",
		"{\"alg\":\"HS256\",\"kid\":\"ed1\"}",
		"{\"alg\":\"RS256\",\"kid\":\"ed1\"}",
		"{\"alg\":\"Ed25519\",\"kid\":\"ed1\"}",
		"{\"alg\":\"eddsa\",\"kid\":\"ed1\"}",
		"{\"alg\":\"\",\"kid\":\"ed1\"}",
	};
	char		tok[4096],
				c[1024];
	Assertion	a;
	ParseError	err;

	claims(c, "001099000021", NOW, NOW + 300, "");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
	{
		mint(tok, refused[i], c, ed_key, ASSERTION_ALG_EDDSA, NULL);
		if (run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a) != ASSERTION_ALGORITHM)
			fail_msg("%s not refused as an algorithm", refused[i]);
	}
	mint(tok, refused[0], c, ed_key, ASSERTION_ALG_EDDSA, NULL);
	(void) run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a);
	assert_string_equal(err.detail, "The header says alg \"none\": unsigned assertions are refused.");

	/* ES256 under an Ed25519 key's kid, EdDSA under a P-256 key's: refused before verifying */
	mint(tok, "{\"alg\":\"ES256\",\"kid\":\"ed1\"}", c, es_key, ASSERTION_ALG_ES256, NULL);
	assert_int_equal(run(tok, key(ed_pem, ASSERTION_ALG_EDDSA), ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_ALGORITHM);
	assert_string_equal(err.detail, "The header says alg ES256, but key \"ed1\" is an EdDSA key.");
	mint(tok, "{\"alg\":\"EdDSA\",\"kid\":\"es1\"}", c, ed_key, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, key(es_pem, ASSERTION_ALG_ES256), ASSERTION_ALG_ES256, &err, &a), ASSERTION_ALGORITHM);
}

/* The form: parts, base64url, header members, claims. */
static void
test_form(void **state)
{
	static const char *const bad_tokens[][2] = {
		{"", "not three parts"},
		{"a.b", "not three parts"},
		{"a.b.c.d", "not three parts"},
		{"..", "header part is empty"},
		{"eyJhbGciOiJFZERTQSJ9==.e30.AA", "not base64url at position 21"},
		{"eyJhbGciOiJFZERTQSJ9+A.e30.AA", "not base64url"},
		{"eyJhbGciOiJFZERTQSJ9A.e30.AA", "which no base64url text has"},
		{"eyJ.e30.AA", "unused bits set"},
		{"e30.e30.AA", "has no member \"alg\""},
		{"W10.e30.AA", "header is not a JSON object"},
	};
	static const char *const bad_headers[][2] = {
		{"{\"alg\":\"EdDSA\"}", "has no member \"kid\""},
		{"{\"alg\":\"EdDSA\",\"kid\":\"\"}", "kid is not 1 to 64"},
		{"{\"alg\":\"EdDSA\",\"kid\":\"a/b\"}", "kid is not 1 to 64"},
		{"{\"alg\":\"EdDSA\",\"kid\":\"ed1\",\"typ\":\"JOSE\"}", "typ \"JOSE\""},
		{"{\"alg\":\"EdDSA\",\"kid\":\"ed1\",\"crit\":[\"exp\"]}", "critical extensions"},
		{"{\"alg\":\"EdDSA\",\"kid\":\"ed1\",\"alg\":\"none\"}", "member \"alg\" twice"},
		{"{\"alg\":\"EdDSA\",\"kid\":1}", "\"kid\" of the header is not a string"},
	};
	static const char *const bad_claims[][2] = {
		{"{}", "has no member \"iss\""},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":[\"" AUD "\"],\"iat\":1,\"exp\":2,\"jti\":\"j\"}", "\"aud\" of the claim set is not a string"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2.5,\"jti\":\"j\"}", "not an integer"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2,\"jti\":\"\"}", "claim jti is empty"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2,\"jti\":\"j\"}", "claim sub is empty"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" AUD "\",\"iat\":-1,\"exp\":2,\"jti\":\"j\"}", "claim iat is before 1970"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2,\"jti\":\"j\",\"nbf\":-5}", "claim nbf is before 1970"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"sub\":\"y\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2,\"jti\":\"j\"}", "member \"sub\" twice"},
		{"{\"iss\":\"" ISS "\",\"sub\":\"00000000000000000000000000000000000000000000000000000000000000000\",\"aud\":\"" AUD "\",\"iat\":1,\"exp\":2,\"jti\":\"j\"}", "longer than 64 bytes"},
	};
	char		tok[8192],
				c[1024];
	Assertion	a;
	ParseError	err;

	for (size_t i = 0; i < sizeof(bad_tokens) / sizeof(bad_tokens[0]); i++)
	{
		if (run(bad_tokens[i][0], ed_key, ASSERTION_ALG_EDDSA, &err, &a) != ASSERTION_MALFORMED)
			fail_msg("token %s not refused as malformed", bad_tokens[i][0]);
		if (strstr(err.detail, bad_tokens[i][1]) == NULL)
			fail_msg("token %s: \"%s\" lacks \"%s\"", bad_tokens[i][0], err.detail, bad_tokens[i][1]);
	}
	claims(c, "001099000021", NOW, NOW + 300, "");
	for (size_t i = 0; i < sizeof(bad_headers) / sizeof(bad_headers[0]); i++)
	{
		mint(tok, bad_headers[i][0], c, ed_key, ASSERTION_ALG_EDDSA, NULL);
		if (run(tok, ed_key, ASSERTION_ALG_EDDSA, &err, &a) != ASSERTION_MALFORMED)
			fail_msg("header %s not refused as malformed", bad_headers[i][0]);
		if (strstr(err.detail, bad_headers[i][1]) == NULL)
			fail_msg("header %s: \"%s\" lacks \"%s\"", bad_headers[i][0], err.detail, bad_headers[i][1]);
	}
	for (size_t i = 0; i < sizeof(bad_claims) / sizeof(bad_claims[0]); i++)
	{
		mint(tok, ED_HEADER, bad_claims[i][0], ed_key, ASSERTION_ALG_EDDSA, NULL);
		if (run(tok, ed_key, ASSERTION_ALG_EDDSA, &err, &a) != ASSERTION_MALFORMED)
			fail_msg("claims %s not refused as malformed", bad_claims[i][0]);
		if (strstr(err.detail, bad_claims[i][1]) == NULL)
			fail_msg("claims %s: \"%s\" lacks \"%s\"", bad_claims[i][0], err.detail, bad_claims[i][1]);
	}
	/* too long: refused before anything is decoded */
	memset(tok, 'A', ASSERTION_MAX_LEN + 1);
	tok[ASSERTION_MAX_LEN + 1] = '\0';
	assert_int_equal(run(tok, ed_key, ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_MALFORMED);
	assert_non_null(strstr(err.detail, "has 4097 bytes"));
}

/* Issuer, audience and times at their boundaries (skew 60 s, lifetime 600 s). */
static void
test_claims(void **state)
{
	struct
	{
		int64_t		iat;
		int64_t		exp;
		const char *extra;
		AssertionFault want;
	}			cases[] = {
		{NOW - 600, NOW - 59, "", ASSERTION_OK},	/* expired 59 s ago: within the skew */
		{NOW - 600, NOW - 60, "", ASSERTION_EXPIRED},
		{NOW + 60, NOW + 300, "", ASSERTION_OK},	/* issued 60 s ahead: within the skew */
		{NOW + 61, NOW + 300, "", ASSERTION_NOT_YET_VALID},
		{NOW, NOW + 300, ",\"nbf\":1767225660", ASSERTION_OK},
		{NOW, NOW + 300, ",\"nbf\":1767225661", ASSERTION_NOT_YET_VALID},
		{NOW, NOW + 600, "", ASSERTION_OK},
		{NOW, NOW + 601, "", ASSERTION_LIFETIME},
		{NOW, NOW, "", ASSERTION_LIFETIME},
		{NOW, NOW - 1, "", ASSERTION_LIFETIME},
		{0, INT64_MAX, "", ASSERTION_LIFETIME},
		{NOW, NOW + 300, ",\"nbf\":9223372036854775807", ASSERTION_NOT_YET_VALID},
	};
	char		tok[4096],
				c[1024];
	Assertion	a;
	ParseError	err;
	EVP_PKEY   *k = key(ed_pem, ASSERTION_ALG_EDDSA);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		AssertionFault f;

		claims(c, "001099000021", cases[i].iat, cases[i].exp, cases[i].extra);
		mint(tok, ED_HEADER, c, ed_key, ASSERTION_ALG_EDDSA, NULL);
		f = run(tok, k, ASSERTION_ALG_EDDSA, &err, &a);
		if (f != cases[i].want)
			fail_msg("case %zu: fault %d, expected %d (%s)", i, (int) f, (int) cases[i].want,
					 f == ASSERTION_OK ? "" : err.detail);
	}
	/* another issuer, another audience */
	mint(tok, ED_HEADER, "{\"iss\":\"https://evil.example\",\"sub\":\"x\",\"aud\":\"" AUD "\",\"iat\":1767225600,\"exp\":1767225900,\"jti\":\"j\"}",
		 ed_key, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, k, ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_ISSUER);
	mint(tok, ED_HEADER, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"urn:dossier:other\",\"iat\":1767225600,\"exp\":1767225900,\"jti\":\"j\"}",
		 ed_key, ASSERTION_ALG_EDDSA, NULL);
	assert_int_equal(run(tok, k, ASSERTION_ALG_EDDSA, &err, &a), ASSERTION_AUDIENCE);
	assert_string_equal(err.detail, "The assertion is for another audience, not \"urn:dossier:test\".");
}

/* Keys: each algorithm's kind only; the cache returns the same key. */
static void
test_keys(void **state)
{
	ParseError	err;
	EVP_PKEY   *k1,
			   *k2;
	static const char garbage[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";

	assertion_key_cache_reset();
	k1 = assertion_key(ed_pem, strlen(ed_pem), ASSERTION_ALG_EDDSA, &err);
	k2 = assertion_key(ed_pem, strlen(ed_pem), ASSERTION_ALG_EDDSA, &err);
	assert_non_null(k1);
	assert_ptr_equal(k1, k2);
	assert_non_null(assertion_key(es_pem, strlen(es_pem), ASSERTION_ALG_ES256, &err));

	assert_null(assertion_key(es_pem, strlen(es_pem), ASSERTION_ALG_EDDSA, &err));
	assert_string_equal(err.detail, "The key is not a key of EdDSA (EdDSA needs an Ed25519 key).");
	assert_null(assertion_key(ed_pem, strlen(ed_pem), ASSERTION_ALG_ES256, &err));
	assert_null(assertion_key(p384_pem, strlen(p384_pem), ASSERTION_ALG_ES256, &err));
	assert_string_equal(err.detail, "The key is not a key of ES256 (ES256 needs an EC key on curve P-256).");
	assert_null(assertion_key(garbage, strlen(garbage), ASSERTION_ALG_EDDSA, &err));
	assert_null(assertion_key("", 0, ASSERTION_ALG_EDDSA, &err));
	assert_null(assertion_key(garbage, ASSERTION_KEY_MAX_PEM + 1, ASSERTION_ALG_EDDSA, &err));

	/* more keys than the cache holds: every one still comes back right */
	for (int i = 0; i < ASSERTION_KEY_CACHE_SIZE + 4; i++)
	{
		EVP_PKEY   *g = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		char	   *pem = pem_of(g);
		EVP_PKEY   *got = assertion_key(pem, strlen(pem), ASSERTION_ALG_EDDSA, &err);

		assert_non_null(got);
		assert_int_equal(EVP_PKEY_eq(got, g), 1);
		free(pem);
		EVP_PKEY_free(g);
	}
	assert_non_null(assertion_key(ed_pem, strlen(ed_pem), ASSERTION_ALG_EDDSA, &err));
	assert_int_equal(EVP_PKEY_eq(assertion_key(ed_pem, strlen(ed_pem), ASSERTION_ALG_EDDSA, &err), ed_key), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_claims),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests_name("assertion", tests, setup, teardown);
}
