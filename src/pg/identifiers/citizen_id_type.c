/*
 * citizen_id.c
 *	  SQL type dossier.citizen_id: the 12-digit personal ID.
 *
 * The value is the ID's integer, stored as a pass-by-value int8, so it costs
 * what a bigint costs in tables and indexes.  Parsing and accessors live in
 * src/core/identifiers/citizen_id.c.  Comparison, hashing, sort support and binary output
 * are bigint's own functions, declared LANGUAGE internal in the install script.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "core/identifiers/citizen_id.h"
#include "pg/common/dossier.h"

#define TYPE_LABEL "personal ID"

PG_FUNCTION_INFO_V1(citizen_id_in);
PG_FUNCTION_INFO_V1(citizen_id_out);
PG_FUNCTION_INFO_V1(citizen_id_recv);
PG_FUNCTION_INFO_V1(citizen_id_birth_province);
PG_FUNCTION_INFO_V1(citizen_id_gender_text);
PG_FUNCTION_INFO_V1(citizen_id_birth_century);
PG_FUNCTION_INFO_V1(citizen_id_birth_year_int);

/* Text input: 12 digits, white space around them ignored. */
Datum
citizen_id_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int64_t		value;
	ParseError	err;

	if (!citizen_id_parse(input, strlen(input), &value, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	PG_RETURN_INT64(value);
}

/* Text output: always 12 digits with leading zeros. */
Datum
citizen_id_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(CITIZEN_ID_TEXT_LEN);

	citizen_id_format(PG_GETARG_INT64(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: an int8, checked like text input. */
Datum
citizen_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = pq_getmsgint64(buf);
	ParseError	err;

	if (!citizen_id_check(value, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	PG_RETURN_INT64(value);
}

/* Province of birth registration as its 3-digit code, e.g. '001'. */
Datum
citizen_id_birth_province(PG_FUNCTION_ARGS)
{
	char		code[4];

	snprintf(code, sizeof(code), "%03d",
			 citizen_id_province(PG_GETARG_INT64(0)));
	PG_RETURN_TEXT_P(cstring_to_text(code));
}

/* Gender as 'male' or 'female'. */
Datum
citizen_id_gender_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(
		citizen_id_gender(PG_GETARG_INT64(0)) == CITIZEN_FEMALE ? "female" : "male"));
}

/* Birth century as the law counts it: 20 for 1900-1999, 21 for 2000-2099. */
Datum
citizen_id_birth_century(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(citizen_id_century(PG_GETARG_INT64(0)));
}

/* Full year of birth. */
Datum
citizen_id_birth_year_int(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(citizen_id_birth_year(PG_GETARG_INT64(0)));
}
