/*
 * fuzz_qr_svg.c
 *	  libFuzzer harness for QR encoding and its SVG drawing
 *	  (src/core/receipt/qr_svg.c).
 *
 * The first byte picks the error correction level, the rest (up to a NUL)
 * is the text.  It must be refused as empty or too long with a detail and a
 * hint, or encoded into a symbol of a valid version whose drawing fits the
 * bound, is one <path> inside the frame, and has exactly one closed subpath
 * per horizontal run of dark modules, each a whole number of modules wide
 * and inside the quiet-zone frame.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/receipt/qr_svg.h"

static QrMatrix m;

/* Number of horizontal runs of dark modules in m. */
static int
count_runs(void)
{
	int			runs = 0;

	for (int y = 0; y < m.width; y++)
		for (int x = 0; x < m.width; x++)
			if (m.modules[y * m.width + x] &&
				(x == 0 || !m.modules[y * m.width + x - 1]))
				runs++;
	return runs;
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text;
	ParseError	err = {{0}, NULL};
	QrStatus	st;
	size_t		cap;
	char	   *svg;
	size_t		len;
	int			z = 0;
	int			frame;
	int			x = -1;
	int			y = -1;
	const char *path;
	char		head[128];

	if (size == 0)
		return 0;
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	st = qr_encode(text, (QrLevel) (data[0] % 4), &m, &err);
	free(text);
	if (st == QR_EMPTY || st == QR_TOO_LONG)
	{
		size_t		n = strlen(err.detail);

		if (err.hint == NULL || n == 0 || err.detail[n - 1] != '.')
			abort();
		return 0;
	}
	if (st != QR_OK)
		return 0;				/* out of memory */
	if (m.version < 1 || m.version > 40 || m.width != 17 + 4 * m.version)
		abort();

	cap = qr_svg_bound(m.width);
	svg = malloc(cap);
	if (svg == NULL)
		return 0;
	len = qr_svg_write(&m, svg, cap);
	if (len >= cap || strlen(svg) != len)
		abort();
	frame = m.width + 2 * QR_QUIET_ZONE;
	snprintf(head, sizeof(head),
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" ", frame, frame);
	path = strstr(svg, "<path d=\"");
	if (strncmp(svg, head, strlen(head)) != 0 || path == NULL ||
		strstr(path + 1, "<path") != NULL ||
		strcmp(svg + len - 9, "\"/></svg>") != 0)
		abort();

	/* every subpath: a run inside the frame, closed; one per run */
	for (const char *p = path + strlen("<path d=\""); *p != '"';)
	{
		int			a = 0;
		int			b = 0;
		int			run = 0;
		int			run2 = -1;
		int			used = 0;

		if (*p == 'M' && sscanf(p, "M%d %dh%dv1h-%dz%n", &a, &b, &run, &run2, &used) == 4)
		{
			x = a;
			y = b;
		}
		else if (*p == 'm' && sscanf(p, "m%d 0h%dv1h-%dz%n", &a, &run, &run2, &used) == 3 && a > 0)
			x += a;
		else
			abort();
		if (used == 0 || run != run2 || run < 1 || x < QR_QUIET_ZONE || y < QR_QUIET_ZONE ||
			x + run > frame - QR_QUIET_ZONE || y >= frame - QR_QUIET_ZONE)
			abort();
		z++;
		p += used;
	}
	if (z != count_runs())
		abort();
	free(svg);
	return 0;
}
