/*
 * errors.c
 *	  Turning core ParseErrors into ereports.
 *
 * Core parsers describe what was wrong; this file adds the SQLSTATE and the
 * message, and clips the echoed input so that a megabyte of garbage does not
 * become a megabyte of log.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"

#include "pg/common/dossier.h"

/* How much of an invalid input is quoted back, in bytes. */
#define ECHO_MAX_BYTES 64

/*
 * Copy at most ECHO_MAX_BYTES of input for an error message, cut at a
 * character boundary, with ASCII control characters shown as \xNN.
 */
static char *
clip_for_message(const char *input)
{
	int			len = strlen(input);
	int			cut = len <= ECHO_MAX_BYTES ? len :
		pg_mbcliplen(input, len, ECHO_MAX_BYTES);
	StringInfoData out;

	initStringInfo(&out);
	for (int i = 0; i < cut; i++)
	{
		unsigned char c = (unsigned char) input[i];

		if (c < 0x20 || c == 0x7f)
			appendStringInfo(&out, "\\x%02x", c);
		else
			appendStringInfoChar(&out, (char) c);
	}
	if (cut < len)
		appendStringInfoString(&out, "...");
	return out.data;
}

/* Report an invalid text input with SQLSTATE 22P02. */
void
report_invalid_text(const char *type_label, const char *input,
					const ParseError *err)
{
	Assert(err != NULL && err->hint != NULL);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid %s: \"%s\"", type_label, clip_for_message(input)),
			 errdetail("%s", err->detail),
			 errhint("%s", err->hint)));
	pg_unreachable();
}

/* Report an invalid binary input with SQLSTATE 22P03. */
void
report_invalid_binary(const char *type_label, const ParseError *err)
{
	Assert(err != NULL && err->hint != NULL);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid %s in binary input", type_label),
			 errdetail("%s", err->detail),
			 errhint("%s", err->hint)));
	pg_unreachable();
}

/* Read the rest of a binary message as text in the server encoding. */
char *
recv_text_body(StringInfo buf, int *len)
{
	return pq_getmsgtext(buf, buf->len - buf->cursor, len);
}
