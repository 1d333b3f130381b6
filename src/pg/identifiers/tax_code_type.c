/*
 * tax_code.c
 *	  SQL type dossier.tax_code: the enterprise / tax code (MST).
 *
 * The value is base * 1000 + branch (0 for a head office), stored as a
 * pass-by-value int8, so it costs what a bigint costs in tables and indexes
 * and every branch sorts right after its head office.  Parsing, the check
 * digit and accessors live in src/core/identifiers/tax_code.c.  Comparison, hashing, sort
 * support and binary output are bigint's own functions, declared LANGUAGE
 * internal in the install script.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "pg/common/dossier.h"
#include "core/identifiers/tax_code.h"

#define TYPE_LABEL "tax code"

PG_FUNCTION_INFO_V1(tax_code_in);
PG_FUNCTION_INFO_V1(tax_code_out);
PG_FUNCTION_INFO_V1(tax_code_recv);
PG_FUNCTION_INFO_V1(tax_code_is_branch_bool);
PG_FUNCTION_INFO_V1(tax_code_parent);
PG_FUNCTION_INFO_V1(tax_code_branch_number);

/* Text input: 10 digits, or 13 for a branch with or without the dash. */
Datum
tax_code_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int64_t		value;
	ParseError	err;

	if (!tax_code_parse(input, strlen(input), &value, &err))
		report_invalid_text(TYPE_LABEL, input, &err);
	PG_RETURN_INT64(value);
}

/* Text output: 10 digits, then "-NNN" for a branch. */
Datum
tax_code_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(TAX_CODE_TEXT_LEN);

	tax_code_format(PG_GETARG_INT64(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: an int8 (base * 1000 + branch), checked like text input. */
Datum
tax_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = pq_getmsgint64(buf);
	ParseError	err;

	if (!tax_code_check(value, &err))
		report_invalid_binary(TYPE_LABEL, &err);
	PG_RETURN_INT64(value);
}

/* True for a branch (dependent unit), false for a head office. */
Datum
tax_code_is_branch_bool(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tax_code_is_branch(PG_GETARG_INT64(0)));
}

/* The head office of a branch; NULL for a head office, which has no parent. */
Datum
tax_code_parent(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);

	if (!tax_code_is_branch(value))
		PG_RETURN_NULL();
	PG_RETURN_INT64(tax_code_head_office(value));
}

/* The branch number 1..999; 0 for a head office. */
Datum
tax_code_branch_number(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(tax_code_branch(PG_GETARG_INT64(0)));
}
