/*
 * qr_svg.h
 *	  QR codes as compact SVG: libqrencode makes the module matrix, this
 *	  file draws it.
 *
 * libqrencode (ISO/IEC 18004) chooses the smallest version that holds the
 * text at the error correction level asked for, the segment modes and the
 * mask; qr_encode() copies its matrix into a caller's QrMatrix (dark = 1)
 * and frees libqrencode's memory before returning, so nothing it allocated
 * outlives the call.
 *
 * qr_svg_write() draws one <path> of the dark modules over a white <rect>,
 * in a viewBox of integer module coordinates that includes the quiet zone
 * of QR_QUIET_ZONE modules ISO/IEC 18004 requires around the symbol: each
 * horizontal run of dark modules is one closed subpath "M x y h n v 1 h -n z"
 * (later runs of a row move relative to the previous one).  The picture
 * scales to any size; shape-rendering="crispEdges" keeps module edges sharp.
 */
#ifndef DOSSIER_QR_SVG_H
#define DOSSIER_QR_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

#define QR_MAX_WIDTH 177			/* version 40: 17 + 4 * 40 modules */
#define QR_QUIET_ZONE 4				/* modules of white around the symbol */

/* Error correction level: about 7, 15, 25 or 30 % of the symbol restorable. */
typedef enum QrLevel
{
	QR_LEVEL_L,
	QR_LEVEL_M,
	QR_LEVEL_Q,
	QR_LEVEL_H
} QrLevel;

/* What qr_encode() says. */
typedef enum QrStatus
{
	QR_OK,
	QR_EMPTY,					/* nothing to encode */
	QR_TOO_LONG,				/* more than version 40 holds at this level */
	QR_NO_MEMORY				/* libqrencode could not allocate */
} QrStatus;

/* A symbol: width x width modules, row by row, 1 for dark, 0 for light. */
typedef struct QrMatrix
{
	int			version;		/* 1..40 */
	int			width;			/* 17 + 4 * version */
	uint8_t		modules[QR_MAX_WIDTH * QR_MAX_WIDTH];
} QrMatrix;

/* Parse an error correction level: one letter L, M, Q or H (either case). */
bool		qr_level_parse(const char *s, size_t len, QrLevel *out, ParseError *err);

/*
 * Encode the NUL-terminated text (UTF-8 or any bytes; 8-bit, alphanumeric
 * and numeric segments as libqrencode finds best) at level into *out.  On
 * QR_EMPTY and QR_TOO_LONG err says why.
 */
QrStatus	qr_encode(const char *text, QrLevel level, QrMatrix *out, ParseError *err);

/* Bytes qr_svg_write() may need for a symbol of this width, NUL included. */
size_t		qr_svg_bound(int width);

/*
 * Draw m as SVG into out (cap bytes, at least qr_svg_bound(m->width));
 * returns the length written, without the NUL that follows.
 */
size_t		qr_svg_write(const QrMatrix *m, char *out, size_t cap);

#endif							/* DOSSIER_QR_SVG_H */
