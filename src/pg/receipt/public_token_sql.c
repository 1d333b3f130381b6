/*
 * public_token_sql.c
 *	  SQL glue of the public lookup token: dossier.new_public_token() draws
 *	  one, dossier.public_token_hash(token) gives the digest the lookup
 *	  compares (src/core/receipt/public_token.h says what they are).
 *
 * The random bytes come from pg_strong_random(), PostgreSQL's interface to
 * OpenSSL's RAND_bytes on this build: the source gen_random_uuid() and
 * pgcrypto's gen_random_bytes() use.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "pg/common/dossier.h"
#include "core/receipt/public_token.h"

PG_FUNCTION_INFO_V1(new_public_token);
PG_FUNCTION_INFO_V1(public_token_hash);

/* new_public_token(): 160 fresh random bits in base32, 32 characters. */
Datum
new_public_token(PG_FUNCTION_ARGS)
{
	uint8_t		raw[PUBLIC_TOKEN_BYTES];
	char		out[PUBLIC_TOKEN_CHARS + 1];

	if (!pg_strong_random(raw, sizeof(raw)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random bytes for a lookup token")));
	public_token_encode(raw, out);
	explicit_bzero(raw, sizeof(raw));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, PUBLIC_TOKEN_CHARS));
}

/*
 * public_token_hash(token text): SHA-256 of the token's canonical text, or
 * of the input as given when it is not a token; never an error, so that
 * dossier.public_status answers every input alike.
 */
Datum
public_token_hash(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	bytea	   *out = palloc(VARHDRSZ + PUBLIC_TOKEN_DIGEST_LEN);
	bool		is_token;

	SET_VARSIZE(out, VARHDRSZ + PUBLIC_TOKEN_DIGEST_LEN);
	if (!public_token_digest(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
							 (uint8_t *) VARDATA(out), &is_token))
		elog(ERROR, "could not compute SHA-256");
	PG_RETURN_BYTEA_P(out);
}
