/*
 * qr_svg.c
 *	  QR codes with libqrencode, drawn as compact SVG (qr_svg.h).
 */
#include "core/receipt/qr_svg.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#define QR_LEVEL_HINT "Pass L, M, Q or H (about 7, 15, 25 or 30 % of the symbol restorable)."

/* Bytes of 8-bit text a version 40 symbol holds, per level (ISO/IEC 18004 Table 7). */
static const int capacity_8bit[] = {2953, 2331, 1663, 1273};
static const char level_letter[] = "LMQH";

/* Parse an error correction level: one letter L, M, Q or H. */
bool
qr_level_parse(const char *s, size_t len, QrLevel *out, ParseError *err)
{
	const char *p = NULL;

	assert(s != NULL || len == 0);
	parse_trim(&s, &len);
	if (len == 1 && (s[0] & ~0x20) != 0)
		p = strchr(level_letter, s[0] & ~0x20);	/* upper case */
	if (p == NULL)
		return parse_error_set(err, QR_LEVEL_HINT,
							   "The error correction level is not one of the letters L, M, Q, H.");
	*out = (QrLevel) (p - level_letter);
	return true;
}

/* Encode the NUL-terminated text at level into *out. */
QrStatus
qr_encode(const char *text, QrLevel level, QrMatrix *out, ParseError *err)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode	   *qr;
	size_t		len = strlen(text);

	assert(level >= QR_LEVEL_L && level <= QR_LEVEL_H);
	if (len == 0)
	{
		parse_error_set(err, "Pass the URL or text the QR code should carry.",
						"The text is empty.");
		return QR_EMPTY;
	}
	errno = 0;
	qr = QRcode_encodeString(text, 0, levels[level], QR_MODE_8, 1);
	if (qr == NULL)
	{
		if (errno == ENOMEM)
			return QR_NO_MEMORY;
		/* ERANGE: too long; EINVAL cannot happen for a non-empty string */
		parse_error_set(err, "Shorten the text, or choose a lower error correction level.",
						"The text has %zu bytes; a QR code at level %c holds at most %d "
						"bytes of text (more if it is digits or capital letters only).",
						len, level_letter[level], capacity_8bit[level]);
		return QR_TOO_LONG;
	}
	assert(qr->width == 17 + 4 * qr->version && qr->width <= QR_MAX_WIDTH);
	out->version = qr->version;
	out->width = qr->width;
	for (int i = 0; i < qr->width * qr->width; i++)
		out->modules[i] = qr->data[i] & 1;
	QRcode_free(qr);
	return QR_OK;
}

/* Bytes qr_svg_write() may need for a symbol of this width, NUL included. */
size_t
qr_svg_bound(int width)
{
	/*
	 * The frame is under 200 bytes; a row has at most (width + 1) / 2 runs
	 * and a run at most "M185 185h177v1h-177z", 20 bytes.
	 */
	assert(width > 0 && width <= QR_MAX_WIDTH);
	return 256 + (size_t) width * (size_t) ((width + 1) / 2) * 20;
}

/* Draw m as SVG into out; returns the length written. */
size_t
qr_svg_write(const QrMatrix *m, char *out, size_t cap)
{
	int			size = m->width + 2 * QR_QUIET_ZONE;
	size_t		n;

	assert(m->width > 0 && m->width <= QR_MAX_WIDTH);
	assert(cap >= qr_svg_bound(m->width));
	n = (size_t) snprintf(out, cap,
						  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
						  "shape-rendering=\"crispEdges\">"
						  "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
						  size, size, size, size);
	for (int y = 0; y < m->width; y++)
	{
		const uint8_t *row = m->modules + (size_t) y * (size_t) m->width;
		int			prev = -1;	/* x of the previous run of this row */

		for (int x = 0; x < m->width;)
		{
			int			run;

			if (!row[x])
			{
				x++;
				continue;
			}
			for (run = 1; x + run < m->width && row[x + run]; run++)
				;
			if (prev < 0)
				n += (size_t) snprintf(out + n, cap - n, "M%d %dh%dv1h-%dz",
									   x + QR_QUIET_ZONE, y + QR_QUIET_ZONE, run, run);
			else
				n += (size_t) snprintf(out + n, cap - n, "m%d 0h%dv1h-%dz",
									   x - prev, run, run);
			prev = x;
			x += run;
		}
	}
	n += (size_t) snprintf(out + n, cap - n, "\"/></svg>");
	assert(n < cap);
	return n;
}
