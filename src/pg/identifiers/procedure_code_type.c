/*
 * procedure_code.c
 *	  SQL type dossier.procedure_code: the administrative procedure code.
 *
 * The value is a varlena holding the canonical text (at most 64 bytes, no
 * NUL).  Tables store it with a 1-byte header, and every function reads its
 * arguments with PG_GETARG_VARLENA_PP and VARDATA_ANY, so short-header,
 * compressed and out-of-line values are all handled.  Order is the byte
 * order of the canonical text, then its length (procedure_code_cmp in
 * src/core/identifiers/procedure_code.c), which puts a national code right before its
 * local variants; the comparison, hash and sort support functions are the
 * shared ones of bytes_ident.c.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "pg/common/dossier.h"
#include "core/identifiers/procedure_code.h"

#define TYPE_LABEL "procedure code"

PG_FUNCTION_INFO_V1(procedure_code_in);
PG_FUNCTION_INFO_V1(procedure_code_out);
PG_FUNCTION_INFO_V1(procedure_code_recv);
PG_FUNCTION_INFO_V1(procedure_code_national);
PG_FUNCTION_INFO_V1(procedure_code_suffix);
PG_FUNCTION_INFO_V1(procedure_code_is_local_bool);

/* Build a new value from len bytes of canonical text. */
static Datum
make_procedure_code(const char *code, size_t len)
{
	struct varlena *result = (struct varlena *) palloc(VARHDRSZ + len);

	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), code, len);
	PG_RETURN_POINTER(result);
}

/* Text input: canonicalised (trimmed, suffix letters upper-cased). */
Datum
procedure_code_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char		code[PROCEDURE_CODE_BUF_LEN];
	size_t		len;
	ParseError	err;

	if (!procedure_code_parse(input, strlen(input), code, &len, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	return make_procedure_code(code, len);
}

/* Text output: the canonical text. */
Datum
procedure_code_out(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_VARLENA_PP(0);

	PG_RETURN_CSTRING(text_to_cstring((text *) value));
}

/* Binary input: the text, checked and canonicalised like text input. */
Datum
procedure_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *input = recv_text_body(buf, &nbytes);
	char		code[PROCEDURE_CODE_BUF_LEN];
	size_t		len;
	ParseError	err;

	if (!procedure_code_parse(input, nbytes, code, &len, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	pfree(input);
	return make_procedure_code(code, len);
}

/* The national code: the first 8 characters (itself for a national code). */
Datum
procedure_code_national(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_VARLENA_PP(0);

	return make_procedure_code(VARDATA_ANY(value), PROCEDURE_CODE_NATIONAL_LEN);
}

/* The local suffix after the national code and its dot; NULL if national. */
Datum
procedure_code_suffix(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_VARLENA_PP(0);
	size_t		suffix_len;
	const char *suffix = procedure_code_local_suffix(VARDATA_ANY(value),
													 VARSIZE_ANY_EXHDR(value),
													 &suffix_len);

	if (suffix == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(suffix, suffix_len));
}

/* True for a local variant, false for a national code. */
Datum
procedure_code_is_local_bool(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_VARLENA_PP(0);

	PG_RETURN_BOOL(procedure_code_is_local(VARSIZE_ANY_EXHDR(value)));
}
