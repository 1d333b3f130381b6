/*
 * dossier_code.c
 *	  SQL type dossier.dossier_code: the dossier code printed on a receipt.
 *
 * A value is a varlena holding the canonical text (at most 61 bytes: a 1-byte
 * header, never toasted, still read with the TOAST-safe macros).  The agency
 * part is kept as written; dossier.agency() normalises it.  Order: agency
 * part bytes, date, sequence by value; equality and hashing are on the bytes,
 * so =, <> and the hash functions are the shared ones of bytes_ident.c.
 * Parsing, building and ordering live in src/core/identifiers/dossier_code.c; the
 * allocator dossier.next_dossier_code is PL/pgSQL
 * (extension/parts/50_dossier_code.sql).
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/sortsupport.h"

#include "core/identifiers/agency_code.h"
#include "pg/identifiers/agency_code_type.h"
#include "pg/identifiers/bytes_ident.h"
#include "pg/common/dossier.h"
#include "core/identifiers/dossier_code.h"

#define TYPE_LABEL "dossier code"

/* Bytes and length of a detoasted value. */
#define CODE_DATA(v) VARDATA_ANY(v)
#define CODE_LEN(v) VARSIZE_ANY_EXHDR(v)

PG_FUNCTION_INFO_V1(dossier_code_in);
PG_FUNCTION_INFO_V1(dossier_code_out);
PG_FUNCTION_INFO_V1(dossier_code_recv);
PG_FUNCTION_INFO_V1(dossier_code_cmp_sql);
PG_FUNCTION_INFO_V1(dossier_code_lt);
PG_FUNCTION_INFO_V1(dossier_code_le);
PG_FUNCTION_INFO_V1(dossier_code_gt);
PG_FUNCTION_INFO_V1(dossier_code_ge);
PG_FUNCTION_INFO_V1(dossier_code_sortsupport);
PG_FUNCTION_INFO_V1(dossier_code_agency);
PG_FUNCTION_INFO_V1(dossier_code_reception_date);
PG_FUNCTION_INFO_V1(dossier_code_sequence);
PG_FUNCTION_INFO_V1(dossier_code_make_sql);

/* A new value holding len bytes of s. */
static Datum
make_code(const char *s, size_t len)
{
	return PointerGetDatum(cstring_to_text_with_len(s, (int) len));
}

/* Dossier-code order of the two arguments, freeing detoasted copies. */
static inline int
compare_args(FunctionCallInfo fcinfo)
{
	return bytes_ident_compare_args(fcinfo, dossier_code_cmp);
}

/* Parse a stored value again to find its parts; it cannot fail. */
static void
split_value(struct varlena *v, DossierCodeParts *parts)
{
	char		buf[DOSSIER_CODE_TEXT_LEN];
	size_t		len;
	ParseError	err;

	if (!dossier_code_parse(CODE_DATA(v), CODE_LEN(v), buf, &len, parts, &err))
		elog(ERROR, "stored dossier code is invalid: %s", err.detail);
}

/* Text input: white space around it ignored, letters folded to upper case. */
Datum
dossier_code_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char		out[DOSSIER_CODE_TEXT_LEN];
	size_t		len;
	ParseError	err;

	if (!dossier_code_parse(input, strlen(input), out, &len, NULL, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	return make_code(out, len);
}

/* Text output: the canonical text. */
Datum
dossier_code_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(text_to_cstring((text *) PG_GETARG_VARLENA_PP(0)));
}

/* Binary input: the canonical text, checked byte for byte (else 22P03). */
Datum
dossier_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len;
	char	   *s = recv_text_body(buf, &len);
	ParseError	err;

	if (!dossier_code_check(s, len, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	return make_code(s, len);
}

/* Three-way comparison for btree. */
Datum
dossier_code_cmp_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(compare_args(fcinfo));
}

/* a < b */
Datum
dossier_code_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) < 0);
}

/* a <= b */
Datum
dossier_code_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) <= 0);
}

/* a > b */
Datum
dossier_code_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) > 0);
}

/* a >= b */
Datum
dossier_code_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) >= 0);
}

/* Sort comparator: dossier-code order without the fmgr call. */
static int
dossier_code_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	return bytes_ident_compare_datums(x, y, dossier_code_cmp);
}

/* Sort support: install the comparator above. */
Datum
dossier_code_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = dossier_code_fastcmp;
	PG_RETURN_VOID();
}

/* The receiving agency, normalised to the modern form. */
Datum
dossier_code_agency(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	DossierCodeParts parts;
	char		agency[AGENCY_CODE_TEXT_LEN];
	size_t		len;
	ParseError	err;

	split_value(v, &parts);
	if (!agency_code_parse_part(CODE_DATA(v), parts.agency_len, agency, &len,
								NULL, &err))
		elog(ERROR, "stored dossier code has an invalid agency: %s", err.detail);
	return agency_code_datum(agency, len);
}

/* The reception date YYMMDD as a date. */
Datum
dossier_code_reception_date(PG_FUNCTION_ARGS)
{
	DossierCodeParts parts;

	split_value(PG_GETARG_VARLENA_PP(0), &parts);
	PG_RETURN_DATEADT(date2j(parts.year, parts.month, parts.day) -
					  POSTGRES_EPOCH_JDATE);
}

/* The number of the sequence: all its digits, or the 4 after AA. */
Datum
dossier_code_sequence(PG_FUNCTION_ARGS)
{
	DossierCodeParts parts;

	split_value(PG_GETARG_VARLENA_PP(0), &parts);
	PG_RETURN_INT64(parts.seq_value);
}

/*
 * make_dossier_code(agency, day, seq, legacy): the code of dossier seq
 * received on day.  With legacy, the agency is written in the legacy form
 * when that form names exactly the same agency, else in the modern form.
 */
Datum
dossier_code_make_sql(PG_FUNCTION_ARGS)
{
	struct varlena *agency = PG_GETARG_VARLENA_PP(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	int64		seq = PG_GETARG_INT64(2);
	bool		legacy = PG_GETARG_BOOL(3);
	char		legacy_text[AGENCY_CODE_LEGACY_TEXT_LEN];
	bool		exact = false;
	const char *agency_text = CODE_DATA(agency);
	size_t		agency_len = CODE_LEN(agency);
	int			year = 0,
				month = 0,
				mday = 0;
	char		out[DOSSIER_CODE_TEXT_LEN];
	size_t		len;
	ParseError	err;

	/* every agency_code value is valid (input, recv and every function check) */
	if (!agency_code_check(agency_text, agency_len, &err))
		elog(ERROR, "agency code value is invalid: %s", err.detail);
	if (!DATE_NOT_FINITE(day))
		j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	if (DATE_NOT_FINITE(day) || !dossier_code_date_ok(year, month, mday))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("reception date %s is out of range for a dossier code",
						DATE_NOT_FINITE(day) ?
						(DATE_IS_NOBEGIN(day) ? "-infinity" : "infinity") :
						psprintf("%04d-%02d-%02d", year, month, mday)),
				 errdetail("A dossier code writes the reception date as YYMMDD, so it can carry dates from 2000-01-01 to 2099-12-31 only."),
				 errhint("Pass the day the agency received the dossier, in Vietnam time.")));
	if (seq < 1 || seq > DOSSIER_CODE_SEQ_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dossier sequence " INT64_FORMAT " is out of range", seq),
				 errdetail("A dossier sequence is from 1 to " INT64_FORMAT " (at most %d digits).",
						   (int64) DOSSIER_CODE_SEQ_MAX, DOSSIER_CODE_MAX_SEQ_DIGITS),
				 errhint("Sequences restart at 1 every day for each agency; dossier.next_dossier_code allocates them.")));

	if (legacy && agency_code_legacy_form(agency_text, agency_len, legacy_text,
										  &exact, NULL) && exact)
	{
		agency_text = legacy_text;
		agency_len = strlen(legacy_text);
	}
	if (!dossier_code_make(agency_text, agency_len, year, month, mday, seq,
						   out, &len, &err))
		elog(ERROR, "could not build a dossier code: %s", err.detail);
	return make_code(out, len);
}
