/*
 * pdf_bytes.c
 *	  Byte-level checks of a signed PDF: header, revision ends, /ByteRange
 *	  shape, the gap between the ranges, coverage, DER length of /Contents.
 *
 * See pdf_bytes.h.  Only raw bytes are read here; PDF objects are qpdf's.
 */
#include "core/pdf/pdf_bytes.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/cms.h>

static const char *const header_hint =
	"A PDF starts with a header such as %PDF-1.7 in its first 1024 bytes.";

/* True for the PDF white-space characters (ISO 32000-1, 7.2.2). */
static bool
is_pdf_space(uint8_t c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/*
 * Class of a byte inside a hex string (ISO 32000-1, 7.3.4.3): a digit's
 * value plus one, HEX_SPACE for white space, 0 for anything else.  A table,
 * since a signature's /Contents is thousands of digits long.
 */
#define HEX_SPACE 17
static const uint8_t hex_class[256] = {
	[0] = HEX_SPACE, ['\t'] = HEX_SPACE, ['\n'] = HEX_SPACE, ['\f'] = HEX_SPACE,
	['\r'] = HEX_SPACE, [' '] = HEX_SPACE,
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* True when "%PDF-1.x" or "%PDF-2.x" starts within the first bytes. */
bool
pdf_bytes_has_header(const uint8_t *pdf, size_t len, ParseError *err)
{
	size_t		window = len < PDF_HEADER_WINDOW ? len : PDF_HEADER_WINDOW;

	if (len > PDF_SIG_MAX_INPUT)
		return parse_error_set(err, header_hint,
							   "The input has %zu bytes, more than the %zu accepted.",
							   len, PDF_SIG_MAX_INPUT);
	for (size_t i = 0; i + 7 <= window; i++)
	{
		if (pdf[i] == '%' && memcmp(pdf + i, "%PDF-", 5) == 0 &&
			(pdf[i + 5] == '1' || pdf[i + 5] == '2') && pdf[i + 6] == '.')
			return true;
	}
	return parse_error_set(err, header_hint,
						   "No %%PDF- header was found in the first %zu bytes.",
						   window);
}

/* True when an object header "N G obj" or "xref" starts at off. */
static bool
looks_like_xref_start(const uint8_t *pdf, size_t len, size_t off)
{
	size_t		i = off;
	int			numbers = 0;

	/* some writers point at white space before the keyword */
	while (i < len && i - off < 16 && is_pdf_space(pdf[i]))
		i++;
	off = i;
	if (off + 4 <= len && memcmp(pdf + off, "xref", 4) == 0)
		return true;
	/* an xref stream: "N G obj" */
	while (numbers < 2)
	{
		size_t		start = i;

		while (i < len && parse_is_digit((char) pdf[i]))
			i++;
		if (i == start || i - start > 10)
			return false;
		numbers++;
		if (i >= len || !is_pdf_space(pdf[i]))
			return false;
		while (i < len && is_pdf_space(pdf[i]))
			i++;
	}
	return i + 3 <= len && memcmp(pdf + i, "obj", 3) == 0;
}

/*
 * If a valid "startxref <n> %%EOF" ends at eof (the offset of "%%EOF"),
 * return true.  Reads backwards over white space, the number, white space.
 */
static bool
startxref_before(const uint8_t *pdf, size_t len, size_t eof)
{
	size_t		i = eof;
	size_t		num_end,
				num_start;
	uint64_t	off = 0;

	while (i > 0 && is_pdf_space(pdf[i - 1]))
		i--;
	num_end = i;
	while (i > 0 && parse_is_digit((char) pdf[i - 1]) && num_end - i < 19)
		i--;
	num_start = i;
	if (num_start == num_end)
		return false;
	while (i > 0 && is_pdf_space(pdf[i - 1]))
		i--;
	if (i < 9 || memcmp(pdf + i - 9, "startxref", 9) != 0)
		return false;
	for (size_t k = num_start; k < num_end; k++)
		off = off * 10 + (uint64_t) (pdf[k] - '0');
	/* linearized first-page trailers say "startxref 0" */
	if (off == 0 || off >= i - 9)
		return false;
	return looks_like_xref_start(pdf, len, (size_t) off);
}

/* Find revision ends; see pdf_bytes.h. */
int
pdf_bytes_revisions(const uint8_t *pdf, size_t len, PdfRevisionEnd *ends, int max)
{
	int			n = 0;
	const uint8_t *p = pdf;
	const uint8_t *end = pdf + len;

	assert(pdf != NULL && (ends != NULL || max == 0));
	while (p < end)
	{
		const uint8_t *hit = memchr(p, '%', (size_t) (end - p));
		size_t		at;

		if (hit == NULL)
			break;
		at = (size_t) (hit - pdf);
		p = hit + 1;
		if (at + 5 > len || memcmp(hit, "%%EOF", 5) != 0)
			continue;
		if (!startxref_before(pdf, len, at))
			continue;
		if (n < max)
		{
			size_t		e = at + 5;

			ends[n].eof_end = e;
			if (e < len && pdf[e] == '\r')
				e++;
			if (e < len && pdf[e] == '\n')
				e++;
			ends[n].end = e;
		}
		n++;
		p = hit + 5;
	}
	return n;
}

/* Whether the /ByteRange names two ranges inside the file; see pdf_bytes.h. */
bool
pdf_bytes_ranges_inside(const int64_t *br, int count, size_t len)
{
	if (count != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (br[i] < 0 || (uint64_t) br[i] > len)
			return false;
	return (uint64_t) br[0] + (uint64_t) br[1] <= len &&
		(uint64_t) br[2] + (uint64_t) br[3] <= len;
}

/* Check the /ByteRange numbers; see pdf_bytes.h. */
bool
pdf_bytes_check_ranges(const int64_t *br, int count, size_t len,
					   char *why, size_t why_len)
{
#define WHY(msg) do { snprintf(why, why_len, "%s", msg); return false; } while (0)
	if (count < 0)
		WHY("The /ByteRange is missing or not an array.");
	if (count != 4)
	{
		snprintf(why, why_len,
				 "The /ByteRange has %d numbers, expected 4 (two offset-length pairs).",
				 count);
		return false;
	}
	for (int i = 0; i < 4; i++)
		if (br[i] < 0)
			WHY("The /ByteRange has a negative number.");
	if (br[0] != 0)
		WHY("The /ByteRange does not start at offset 0.");
	if (br[1] == 0)
		WHY("The first range of the /ByteRange is empty.");
	if ((uint64_t) br[1] > len || (uint64_t) br[2] > len || (uint64_t) br[3] > len)
		WHY("The /ByteRange points past the end of the file.");
	if (br[2] < br[0] + br[1])
		WHY("The two ranges of the /ByteRange overlap.");
	if (br[2] - (br[0] + br[1]) < 2)
		WHY("The /ByteRange leaves no room for the /Contents string between its ranges.");
	if ((uint64_t) br[2] + (uint64_t) br[3] > len)
		WHY("The /ByteRange points past the end of the file.");
	return true;
#undef WHY
}

/* Compare the gap with the dictionary's /Contents value; see pdf_bytes.h. */
PdfGap
pdf_bytes_check_gap(const uint8_t *pdf, size_t len, const int64_t *br,
					const uint8_t *value, size_t value_len)
{
	size_t		gs = (size_t) (br[0] + br[1]);
	size_t		ge = (size_t) br[2];
	size_t		close = 0,
				k,
				n = 0;
	int			hi = -1;
	bool		mismatch = false;
	static const char key[] = "/Contents";
	size_t		klen = sizeof(key) - 1;

	if (ge > len || gs + 2 > ge || pdf[gs] != '<')
		return PDF_GAP_NOT_HEX;
	/* the hex string: digits and white space up to '>' */
	for (k = gs + 1; k < ge; k++)
	{
		uint8_t		c;

		/* the usual case, pairs of digits: a byte at a time */
		while (hi < 0 && k + 1 < ge && n < value_len)
		{
			uint8_t		d1 = hex_class[pdf[k]],
						d2 = hex_class[pdf[k + 1]];

			if (d1 - 1u >= 16u || d2 - 1u >= 16u)
				break;
			mismatch |= value[n++] != (uint8_t) ((d1 - 1) << 4 | (d2 - 1));
			k += 2;
		}
		if (k >= ge)
			break;
		c = hex_class[pdf[k]];

		if (c == HEX_SPACE)
			continue;
		if (c == 0)
		{
			if (pdf[k] != '>')
				return PDF_GAP_NOT_HEX;
			close = k;
			break;
		}
		if (hi < 0)
			hi = c - 1;
		else
		{
			if (n >= value_len || value[n] != (uint8_t) (hi << 4 | (c - 1)))
				mismatch = true;
			n++;
			hi = -1;
		}
	}
	if (close == 0)
		return PDF_GAP_NOT_HEX;
	if (hi >= 0)				/* odd digit count: a final 0 is implied */
	{
		if (n >= value_len || value[n] != (uint8_t) (hi << 4))
			mismatch = true;
		n++;
	}
	if (close + 1 != ge)
		return PDF_GAP_EXTRA_BYTES;

	/* the string must be the value of a /Contents key */
	k = gs;
	while (k > 0 && is_pdf_space(pdf[k - 1]))
		k--;
	if (k < klen || memcmp(pdf + k - klen, key, klen) != 0)
		return PDF_GAP_NOT_CONTENTS;
	if (mismatch || n != value_len)
		return PDF_GAP_OTHER_VALUE;
	return PDF_GAP_EXACT;
}

/* Coverage of a signature whose second range ends at signed_end. */
PdfSigCoverage
pdf_bytes_coverage(size_t signed_end, size_t len, const PdfRevisionEnd *ends, int n)
{
	if (signed_end == len)
		return PDF_COVERAGE_ENTIRE_FILE;
	for (int i = 0; i < n; i++)
		if (signed_end >= ends[i].eof_end && signed_end <= ends[i].end)
			return PDF_COVERAGE_ENTIRE_REVISION;
	return PDF_COVERAGE_UNCLEAR;
}

/* 1-based revision holding offset pos: the first whose end is after it. */
int
pdf_bytes_revision_of(size_t pos, const PdfRevisionEnd *ends, int n)
{
	for (int i = 0; i < n; i++)
		if (pos < ends[i].eof_end)
			return i + 1;
	return n + 1;
}

/* Length of the DER element at the start of /Contents; see pdf_bytes.h. */
PdfDer
pdf_bytes_der_length(const uint8_t *value, size_t value_len, size_t *der_len)
{
	const unsigned char *p = value;
	long		content_len = 0;
	int			tag,
				xclass,
				ret;
	size_t		total;

	if (value_len == 0 || value_len > (size_t) 0x7fffffff)
		return PDF_DER_NOT_DER;
	ret = ASN1_get_object(&p, &content_len, &tag, &xclass, (long) value_len);
	/* a CMS ContentInfo is a SEQUENCE */
	if ((ret & 0x80) || tag != V_ASN1_SEQUENCE || xclass != V_ASN1_UNIVERSAL ||
		!(ret & V_ASN1_CONSTRUCTED))
		return PDF_DER_NOT_DER;
	if (ret & 0x01)
	{
		/* indefinite length (BER): measure by decoding the whole CMS */
		const unsigned char *q = value;
		CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &q, (long) value_len);

		if (cms == NULL)
			return PDF_DER_NOT_DER;
		CMS_ContentInfo_free(cms);
		total = (size_t) (q - value);
	}
	else
		total = (size_t) (p - value) + (size_t) content_len;
	if (total > value_len)
		return PDF_DER_NOT_DER;
	*der_len = total;
	for (size_t i = total; i < value_len; i++)
		if (value[i] != 0)
			return PDF_DER_TRAILING_DATA;
	return PDF_DER_OK;
}
