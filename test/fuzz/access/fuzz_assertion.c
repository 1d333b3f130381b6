/*
 * fuzz_assertion.c
 *	  libFuzzer harness for portal assertions (src/core/access/): the JSON
 *	  object reader and the compact JWS reader.
 *
 * Any byte string must be, as JSON, either refused with a one-sentence
 * detail and a hint, or accepted with every member asked for NUL-terminated
 * within its buffer; and, as a token, either refused the same way or read
 * into an assertion whose fields keep their promises (an accepted alg, a kid
 * of the allowed characters, a 64-byte signature after the signing input,
 * NUL-terminated claims), after which checking the signature with a fixed
 * Ed25519 key and the claims against fixed rules neither crashes nor
 * accepts (no input the fuzzer finds is signed by that key).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/access/assertion.h"
#include "core/access/json_members.h"

/* An Ed25519 public key (RFC 8032 §7.1, test 1). */
static const char KEY_PEM[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
	"-----END PUBLIC KEY-----\n";

/* Abort unless a refusal carries a detail sentence and a hint. */
static void
require_error(const ParseError *err)
{
	size_t		n = strlen(err->detail);

	if (err->hint == NULL || n == 0 || err->detail[n - 1] != '.')
		abort();
}

/* Abort unless buf holds a NUL within size bytes. */
static void
require_terminated(const char *buf, size_t size)
{
	if (memchr(buf, '\0', size) == NULL)
		abort();
}

/* The input as a JSON object with a string, an integer and an any member. */
static void
fuzz_json(const uint8_t *data, size_t size)
{
	char		s[8];
	int64_t		n = 0;
	JsonMember	m[] = {
		{"alg", JSON_MEMBER_STRING, false, s, sizeof(s), NULL, false},
		{"exp", JSON_MEMBER_INT, false, NULL, 0, &n, false},
		{"crit", JSON_MEMBER_ANY, false, NULL, 0, NULL, false},
	};
	ParseError	err;

	memset(s, 'x', sizeof(s));
	if (!json_members_read("claim set", (const char *) data, size, m, 3, &err))
		require_error(&err);
	else if (m[0].found)
		require_terminated(s, sizeof(s));
}

/* The input as a token. */
static void
fuzz_token(const uint8_t *data, size_t size)
{
	Assertion	a;
	ParseError	err;
	AssertionFault f = assertion_parse((const char *) data, size, &a, &err);
	AssertionRules rules = {"https://sso.example.vn", "urn:dossier:test", INT64_C(1767225600), 60, 600};
	EVP_PKEY   *key;

	if (f != ASSERTION_OK)
	{
		require_error(&err);
		return;
	}
	if ((a.alg != ASSERTION_ALG_EDDSA && a.alg != ASSERTION_ALG_ES256) ||
		a.sig_len != ASSERTION_SIG_LEN || a.signing_input_len >= size ||
		data[a.signing_input_len] != '.' || a.kid[0] == '\0' ||
		strspn(a.kid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(a.kid))
		abort();
	require_terminated(a.kid, sizeof(a.kid));
	require_terminated(a.iss, sizeof(a.iss));
	require_terminated(a.sub, sizeof(a.sub));
	require_terminated(a.aud, sizeof(a.aud));
	require_terminated(a.jti, sizeof(a.jti));
	if (a.iat < 0 || a.exp < 0 || a.nbf < 0 || a.sub[0] == '\0' || a.jti[0] == '\0')
		abort();

	key = assertion_key(KEY_PEM, sizeof(KEY_PEM) - 1, ASSERTION_ALG_EDDSA, &err);
	if (key == NULL)
		abort();
	f = assertion_verify_signature(&a, (const char *) data, key, ASSERTION_ALG_EDDSA, &err);
	if (f == ASSERTION_OK)
		abort();				/* a forgery of RFC 8032's key */
	require_error(&err);
	f = assertion_check_claims(&a, &rules, &err);
	if (f != ASSERTION_OK)
		require_error(&err);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_json(data, size);
	fuzz_token(data, size);
	return 0;
}
