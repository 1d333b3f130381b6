/*
 * test_qr_svg.c
 *	  cmocka tests of QR codes as SVG (src/core/receipt/qr_svg.c).
 *
 * Two independent checks of a drawing: the SVG's path is read back here
 * into a matrix that must equal libqrencode's, module for module, inside a
 * white quiet zone of 4 modules; and the drawing, rendered by rsvg-convert
 * (librsvg2-bin), must be read back to the text it encodes by zbarimg
 * (zbar-tools, a decoder that shares no code with libqrencode).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/receipt/qr_svg.h"

/* Draw text at level into a malloc'd SVG; fails the test if it cannot. */
static char *
draw(const char *text, QrLevel level, QrMatrix *m)
{
	ParseError	err;
	size_t		cap;
	char	   *svg;
	size_t		len;

	if (qr_encode(text, level, m, &err) != QR_OK)
		fail_msg("cannot encode \"%.40s\": %s", text, err.detail);
	cap = qr_svg_bound(m->width);
	svg = malloc(cap);
	assert_non_null(svg);
	len = qr_svg_write(m, svg, cap);
	assert_int_equal(len, strlen(svg));
	assert_true(len < cap);
	return svg;
}

/*
 * Read the SVG's frame and path back into a grid of size x size cells
 * (quiet zone included), counting how often each cell is painted.  Fails
 * on anything but the shapes qr_svg_write() promises.
 */
static int
read_back(const char *svg, uint8_t *grid, int max)
{
	int			size;
	int			n = 0;
	const char *p;
	int			x = 0;
	int			y = 0;

	assert_int_equal(sscanf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
							"viewBox=\"0 0 %d %*d\" shape-rendering=\"crispEdges\">%n",
							&size, &n), 1);
	assert_true(n > 0 && size > 0 && size <= max);
	p = svg + n;
	{
		char		rect[80];

		snprintf(rect, sizeof(rect), "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
				 size, size);
		assert_memory_equal(p, rect, strlen(rect));
		p += strlen(rect);
	}
	memset(grid, 0, (size_t) size * (size_t) size);
	while (*p != '"')
	{
		int			dx = 0;
		int			run = 0;
		int			run2 = -1;
		int			used = 0;

		if (*p == 'M')
			assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2, &used), 4);
		else if (*p == 'm')
		{
			assert_int_equal(sscanf(p, "m%d 0h%dv1h-%dz%n", &dx, &run, &run2, &used), 3);
			assert_true(dx > 0);
			x += dx;
		}
		else
			fail_msg("unexpected path command '%c'", *p);
		assert_true(used > 0);
		assert_int_equal(run, run2);
		assert_true(run > 0 && x >= 0 && y >= 0 && x + run <= size && y < size);
		for (int i = 0; i < run; i++)
			grid[y * size + x + i]++;
		p += used;
	}
	assert_string_equal(p, "\"/></svg>");
	return size;
}

/* The drawing of m paints exactly its dark modules, once each, in the zone. */
static void
check_drawing(const QrMatrix *m, const char *svg)
{
	static uint8_t grid[(QR_MAX_WIDTH + 2 * QR_QUIET_ZONE) * (QR_MAX_WIDTH + 2 * QR_QUIET_ZONE)];
	int			size = read_back(svg, grid, QR_MAX_WIDTH + 2 * QR_QUIET_ZONE);

	assert_int_equal(size, m->width + 2 * QR_QUIET_ZONE);
	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++)
		{
			int			mx = x - QR_QUIET_ZONE;
			int			my = y - QR_QUIET_ZONE;
			int			want = (mx >= 0 && my >= 0 && mx < m->width && my < m->width) ?
				m->modules[my * m->width + mx] : 0;

			if (grid[y * size + x] != want)
				fail_msg("cell (%d, %d) painted %d times, expected %d", x, y,
						 grid[y * size + x], want);
		}
}

/* Error correction levels: one letter, either case, spaces around. */
static void
test_level_parse(void **state)
{
	QrLevel		l;
	ParseError	err;

	assert_true(qr_level_parse("L", 1, &l, &err));
	assert_int_equal(l, QR_LEVEL_L);
	assert_true(qr_level_parse("m", 1, &l, &err));
	assert_int_equal(l, QR_LEVEL_M);
	assert_true(qr_level_parse(" Q ", 3, &l, &err));
	assert_int_equal(l, QR_LEVEL_Q);
	assert_true(qr_level_parse("h", 1, &l, &err));
	assert_int_equal(l, QR_LEVEL_H);

	assert_false(qr_level_parse("", 0, &l, &err));
	assert_false(qr_level_parse("X", 1, &l, &err));
	assert_false(qr_level_parse("MM", 2, &l, &err));
	assert_false(qr_level_parse("\0", 1, &l, &err));
	assert_false(qr_level_parse("\xcc", 1, &l, &err));
	assert_false(qr_level_parse("medium", 6, &l, &err));
	assert_string_equal(err.detail, "The error correction level is not one of the letters L, M, Q, H.");
}

/* Sizes: a slip's URL fits a small symbol; capacity limits per level. */
static void
test_versions_and_limits(void **state)
{
	static QrMatrix m;
	ParseError	err;
	static char big[3000];
	const char *url = "https://dichvucong.example.gov.vn/tra-cuu/status/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	assert_int_equal(qr_encode(url, QR_LEVEL_M, &m, &err), QR_OK);
	assert_int_equal(m.width, 17 + 4 * m.version);
	assert_true(m.version >= 4 && m.version <= 6);

	assert_int_equal(qr_encode("", QR_LEVEL_M, &m, &err), QR_EMPTY);
	assert_string_equal(err.detail, "The text is empty.");

	/* 8-bit capacity of version 40 (ISO/IEC 18004 Table 7): fits, one more does not */
	memset(big, 'a', 2331);
	big[2331] = '\0';
	assert_int_equal(qr_encode(big, QR_LEVEL_M, &m, &err), QR_OK);
	assert_int_equal(m.version, 40);
	assert_int_equal(m.width, QR_MAX_WIDTH);
	big[2331] = 'a';
	big[2332] = '\0';
	assert_int_equal(qr_encode(big, QR_LEVEL_M, &m, &err), QR_TOO_LONG);
	assert_string_equal(err.detail, "The text has 2332 bytes; a QR code at level M holds at most "
						"2331 bytes of text (more if it is digits or capital letters only).");
	memset(big, 'a', 1273);
	big[1273] = '\0';
	assert_int_equal(qr_encode(big, QR_LEVEL_H, &m, &err), QR_OK);
	big[1273] = 'a';
	big[1274] = '\0';
	assert_int_equal(qr_encode(big, QR_LEVEL_H, &m, &err), QR_TOO_LONG);
}

/* The path read back equals the matrix, for sizes from version 1 to 40. */
static void
test_drawing_matches_matrix(void **state)
{
	static QrMatrix m;
	static char text[2400];
	static const size_t lengths[] = {1, 10, 80, 300, 1000, 2331};

	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
	{
		char	   *svg;

		for (size_t j = 0; j < lengths[i]; j++)
			text[j] = (char) ('!' + (j * 7 + i) % 90);
		text[lengths[i]] = '\0';
		svg = draw(text, QR_LEVEL_M, &m);
		check_drawing(&m, svg);
		free(svg);
	}

	/* the extremes of the bound: all dark, and alternating modules */
	memset(&m, 0, sizeof(m));
	m.version = 40;
	m.width = QR_MAX_WIDTH;
	for (int pass = 0; pass < 2; pass++)
	{
		size_t		cap = qr_svg_bound(m.width);
		char	   *svg = malloc(cap);

		for (int k = 0; k < m.width * m.width; k++)
			m.modules[k] = pass == 0 ? 1 : (uint8_t) ((k % m.width) % 2 == 0);
		assert_non_null(svg);
		assert_true(qr_svg_write(&m, svg, cap) < cap);
		check_drawing(&m, svg);
		free(svg);
	}
}

/*
 * Render svg with rsvg-convert (librsvg, the reference SVG renderer of
 * Debian) at a scale that is not a whole number of pixels per module, as a
 * printer driver would, and read it with zbarimg; returns what zbarimg read.
 */
static char *
zbar_read(const char *svg, char *out, size_t cap)
{
	char		path[] = "/tmp/test_qr_svg.XXXXXX";
	char		cmd[512];
	int			fd = mkstemp(path);
	FILE	   *f;
	size_t		n;
	int			size;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(svg, f);
	fclose(f);
	assert_int_equal(sscanf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d", &size), 1);
	snprintf(cmd, sizeof(cmd),
			 "rsvg-convert -w %d -h %d %s -o %s.png && zbarimg -q --raw %s.png 2>/dev/null",
			 size * 13 / 2, size * 13 / 2, path, path, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	if (pclose(f) != 0)
		fail_msg("could not read back the QR code of %s (are librsvg2-bin and zbar-tools installed?)", path);
	unlink(path);
	snprintf(cmd, sizeof(cmd), "%s.png", path);
	unlink(cmd);
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

/* A decoder that shares nothing with libqrencode reads every drawing back. */
static void
test_zbar_reads_back(void **state)
{
	static const struct
	{
		const char *text;
		QrLevel		level;
	}			cases[] = {
		{"https://dichvucong.example.gov.vn/tra-cuu/status/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", QR_LEVEL_M},
		{"https://dichvucong.example.gov.vn/tra-cuu/procedure/1.000656.000.00.00.H56", QR_LEVEL_Q},
		{"HTTPS://DVC.EXAMPLE.GOV.VN/STATUS/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", QR_LEVEL_L},
		{"000.17.22.H56-210531-0001", QR_LEVEL_H},
	};
	static QrMatrix m;
	char		got[4096];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char	   *svg = draw(cases[i].text, cases[i].level, &m);

		assert_string_equal(zbar_read(svg, got, sizeof(got)), cases[i].text);
		free(svg);
	}

	/* a large symbol: 1,000 characters of a URL path */
	{
		static char text[1100];
		char	   *svg;

		strcpy(text, "https://example.vn/");
		for (size_t j = strlen(text); j < 1000; j++)
			text[j] = (char) ('a' + j % 26);
		text[1000] = '\0';
		svg = draw(text, QR_LEVEL_M, &m);
		assert_true(m.version > 20);
		assert_string_equal(zbar_read(svg, got, sizeof(got)), text);
		free(svg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_versions_and_limits),
		cmocka_unit_test(test_drawing_matches_matrix),
		cmocka_unit_test(test_zbar_reads_back),
	};

	return cmocka_run_group_tests_name("qr_svg", tests, NULL, NULL);
}
