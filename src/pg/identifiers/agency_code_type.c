/*
 * agency_code.c
 *	  SQL type dossier.agency_code: the agency electronic ID.
 *
 * A value is a varlena holding the text of the canonical modern code (at most
 * 35 bytes, so it is stored with a 1-byte header and never toasted; it is
 * still read with the TOAST-safe macros).  Comparison is on the bytes, which
 * makes a subtree a contiguous btree key range; the comparison, hash and sort
 * support functions are the shared ones of bytes_ident.c, and the planner
 * support function that turns <@ and @> into range conditions lives in
 * agency_code_support.c.
 * Parsing, the hierarchy and the legacy form live in src/core/identifiers/agency_code.c.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "core/identifiers/agency_code.h"
#include "pg/identifiers/agency_code_type.h"
#include "pg/common/dossier.h"

#define TYPE_LABEL "agency code"

/* Bytes and length of a detoasted value. */
#define CODE_DATA(v) VARDATA_ANY(v)
#define CODE_LEN(v) VARSIZE_ANY_EXHDR(v)

PG_FUNCTION_INFO_V1(agency_code_in);
PG_FUNCTION_INFO_V1(agency_code_out);
PG_FUNCTION_INFO_V1(agency_code_recv);
PG_FUNCTION_INFO_V1(agency_code_is_under_sql);
PG_FUNCTION_INFO_V1(agency_code_contains_sql);
PG_FUNCTION_INFO_V1(agency_code_parent);
PG_FUNCTION_INFO_V1(agency_code_level);
PG_FUNCTION_INFO_V1(agency_code_ancestor);
PG_FUNCTION_INFO_V1(agency_code_legacy_text);
PG_FUNCTION_INFO_V1(agency_code_subtree_max_sql);

/* A new agency_code value holding len bytes of a canonical code. */
Datum
agency_code_datum(const char *s, size_t len)
{
	/* callers pass codes the core parsed or built: canonical, bounded */
	Assert(len > 0 && len <= AGENCY_CODE_MAX_LEN);
	return PointerGetDatum(cstring_to_text_with_len(s, (int) len));
}

/* Text input: either form, white space around it ignored, case folded. */
Datum
agency_code_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char		out[AGENCY_CODE_TEXT_LEN];
	size_t		len;
	ParseError	err;

	if (!agency_code_parse(input, strlen(input), out, &len, NULL, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	return agency_code_datum(out, len);
}

/* Text output: the canonical modern code. */
Datum
agency_code_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);

	PG_RETURN_CSTRING(text_to_cstring((text *) v));
}

/* Binary input: the canonical text, checked byte for byte (else 22P03). */
Datum
agency_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len;
	char	   *s = recv_text_body(buf, &len);
	ParseError	err;

	if (!agency_code_check(s, len, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	return agency_code_datum(s, len);
}

/* a <@ b: a is b or below b. */
Datum
agency_code_is_under_sql(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_VARLENA_PP(0);
	struct varlena *b = PG_GETARG_VARLENA_PP(1);

	PG_RETURN_BOOL(agency_code_is_under(CODE_DATA(a), CODE_LEN(a),
										CODE_DATA(b), CODE_LEN(b)));
}

/* a @> b: b is a or below a. */
Datum
agency_code_contains_sql(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_GETARG_VARLENA_PP(0);
	struct varlena *b = PG_GETARG_VARLENA_PP(1);

	PG_RETURN_BOOL(agency_code_is_under(CODE_DATA(b), CODE_LEN(b),
										CODE_DATA(a), CODE_LEN(a)));
}

/* The code one level up; NULL at level 1. */
Datum
agency_code_parent(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	const char *s = CODE_DATA(v);
	size_t		len = CODE_LEN(v);
	int			levels = agency_code_levels(s, len);

	if (levels <= 1)
		PG_RETURN_NULL();
	return agency_code_datum(s, agency_code_ancestor_len(s, len, levels - 1));
}

/* Number of levels: 1 for H56, 3 for H56.22.17. */
Datum
agency_code_level(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);

	PG_RETURN_INT32(agency_code_levels(CODE_DATA(v), CODE_LEN(v)));
}

/* The ancestor at the given level; NULL when deeper than the code. */
Datum
agency_code_ancestor(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	int32		level = PG_GETARG_INT32(1);
	size_t		len;

	if (level < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agency code level must be at least 1, not %d", level),
				 errdetail("Level 1 is the ministry or province code, such as H56."),
				 errhint("Use dossier.ancestor(code, 1) for the level-1 code.")));
	len = agency_code_ancestor_len(CODE_DATA(v), CODE_LEN(v), level);
	if (len == 0)
		PG_RETURN_NULL();
	return agency_code_datum(CODE_DATA(v), len);
}

/* The legacy QCVN 102:2016 form LLL.KK.JJ.MXX, or 22023 if there is none. */
Datum
agency_code_legacy_text(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	char		out[AGENCY_CODE_LEGACY_TEXT_LEN];
	ParseError	err;

	if (!agency_code_legacy_form(CODE_DATA(v), CODE_LEN(v), out, NULL, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agency code %s has no legacy form",
						text_to_cstring((text *) v)),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint)));
	PG_RETURN_TEXT_P(cstring_to_text(out));
}

/* The greatest valid code under a code: the top of its subtree's key range. */
Datum
agency_code_subtree_max_datum(Datum code)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(code);
	char		max[AGENCY_CODE_TEXT_LEN];
	size_t		len;

	if (CODE_LEN(v) > AGENCY_CODE_MAX_LEN)
		elog(ERROR, "agency code of %zu bytes exceeds the maximum", CODE_LEN(v));
	len = agency_code_subtree_max(CODE_DATA(v), CODE_LEN(v), max);
	return agency_code_datum(max, len);
}

/*
 * SQL access to the above.  The planner uses it to build "col <= max(x)" when
 * x is not a constant (see agency_code_support.c); the result is a valid code.
 */
Datum
agency_code_subtree_max_sql(PG_FUNCTION_ARGS)
{
	return agency_code_subtree_max_datum(PG_GETARG_DATUM(0));
}
