/*
 * qr_code.c
 *	  SQL glue of QR codes: dossier.qr_svg(content, ec_level), the SVG
 *	  picture that dossier.receipt and dossier.procedure_poster print.
 *
 * libqrencode and the drawing are in src/core/receipt/qr_svg.c; this file
 * turns text into a C string, the core's statuses into ereports, and the
 * drawing into text.  The matrix is palloc'd (31 kB), libqrencode's own
 * memory never outlives qr_encode(), so an error leaks nothing.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "pg/common/dossier.h"
#include "core/receipt/qr_svg.h"

PG_FUNCTION_INFO_V1(qr_svg);

/*
 * qr_svg(content text, ec_level text): an SVG picture of the QR code of
 * content at the error correction level L, M, Q or H.
 */
Datum
qr_svg(PG_FUNCTION_ARGS)
{
	char	   *content = text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *level_text = PG_GETARG_TEXT_PP(1);
	QrLevel		level;
	QrMatrix   *m;
	ParseError	err;
	size_t		cap;
	char	   *svg;
	size_t		len;

	if (!qr_level_parse(VARDATA_ANY(level_text), VARSIZE_ANY_EXHDR(level_text),
						&level, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid QR error correction level"),
				 errdetail("%s", err.detail),
				 errhint("%s", err.hint)));

	m = palloc(sizeof(QrMatrix));
	switch (qr_encode(content, level, m, &err))
	{
		case QR_OK:
			break;
		case QR_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("nothing to put in a QR code"),
					 errdetail("%s", err.detail),
					 errhint("%s", err.hint)));
			break;
		case QR_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_QR_TOO_LONG),
					 errmsg("text too long for a QR code"),
					 errdetail("%s", err.detail),
					 errhint("%s", err.hint)));
			break;
		case QR_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("libqrencode could not allocate its symbol.")));
			break;
	}

	cap = qr_svg_bound(m->width);
	svg = palloc(cap);
	len = qr_svg_write(m, svg, cap);
	pfree(m);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(svg, (int) len));
}
