/*
 * json_members.c
 *	  A strict reader of one JSON object that copies out named members
 *	  (see json_members.h for what it accepts and why).
 *
 * A recursive-descent reader over the bytes of RFC 8259's grammar: at most
 * JSON_MEMBERS_MAX_DEPTH levels of recursion, no allocation, every refusal a
 * sentence naming the byte offset where reading stopped.
 */
#include "core/access/json_members.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define JSON_HINT \
	"The header and the claims of a portal assertion are JSON objects (RFC 8259); see docs/reference/access/portal.md."

/* Longest member name compared with the names asked for, in bytes. */
#define NAME_MAX_BYTES 64

typedef struct Reader
{
	const char *start;			/* the whole text, for offsets */
	const char *p;				/* next byte */
	const char *end;			/* one past the last byte */
	const char *what;			/* "header", "claim set" */
	ParseError *err;
} Reader;

/* Refuse: "The <what> is not valid JSON: <why> at byte N."; returns false. */
static bool
refuse(Reader *r, const char *why)
{
	return parse_error_set(r->err, JSON_HINT, "The %s is not valid JSON: %s at byte %ld.",
						   r->what, why, (long) (r->p - r->start));
}

/* Skip JSON white space (space, tab, line feed, carriage return). */
static void
skip_ws(Reader *r)
{
	while (r->p < r->end &&
		   (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* The value 0-15 of hex digit c, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read the 4 hex digits of a \u escape at r->p; -1 when they are not. */
static long
read_hex4(Reader *r)
{
	long		v = 0;

	if (r->end - r->p < 4)
		return -1;
	for (int i = 0; i < 4; i++)
	{
		int			h = hex_value(r->p[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	r->p += 4;
	return v;
}

/*
 * Length of the valid UTF-8 sequence of 2 to 4 bytes at p (p[0] >= 0x80),
 * or 0 when it is not one (overlong forms and surrogates are not).
 */
static int
utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	int			n;
	unsigned char lo = 0x80,
				hi = 0xBF;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
	{
		n = 3;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	}
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
	{
		n = 4;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	}
	else
		return 0;
	if (end - p < n || p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* The output of a string being read: a buffer, or nothing (just checked). */
typedef struct StringOut
{
	char	   *buf;			/* NULL: only check */
	size_t		size;
	size_t		len;			/* bytes decoded so far */
	bool		overflow;		/* more than size - 1 bytes */
	bool		has_nul;		/* a \u0000 */
} StringOut;

/* Append n bytes to out (counting them when they do not fit). */
static void
out_bytes(StringOut *out, const char *bytes, size_t n)
{
	if (out->buf != NULL && !out->overflow && out->len + n < out->size)
		memcpy(out->buf + out->len, bytes, n);
	else
		out->overflow = true;
	out->len += n;
}

/* Append code point cp (a scalar value) to out as UTF-8. */
static void
out_code_point(StringOut *out, long cp)
{
	char		b[4];

	assert(cp >= 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
	if (cp == 0)
		out->has_nul = true;
	if (cp < 0x80)
	{
		b[0] = (char) cp;
		out_bytes(out, b, 1);
	}
	else if (cp < 0x800)
	{
		b[0] = (char) (0xC0 | (cp >> 6));
		b[1] = (char) (0x80 | (cp & 0x3F));
		out_bytes(out, b, 2);
	}
	else if (cp < 0x10000)
	{
		b[0] = (char) (0xE0 | (cp >> 12));
		b[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char) (0x80 | (cp & 0x3F));
		out_bytes(out, b, 3);
	}
	else
	{
		b[0] = (char) (0xF0 | (cp >> 18));
		b[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char) (0x80 | (cp & 0x3F));
		out_bytes(out, b, 4);
	}
}

/* Read the escape after a backslash (r->p is past it) into out. */
static bool
read_escape(Reader *r, StringOut *out)
{
	static const char simple_in[] = "\"\\/bfnrt";
	static const char simple_out[] = "\"\\/\b\f\n\r\t";
	const char *s;
	long		cp;

	if (r->p >= r->end)
		return refuse(r, "the text ends inside an escape");
	if (*r->p != 'u')
	{
		s = strchr(simple_in, *r->p);
		if (s == NULL || *r->p == '\0')
			return refuse(r, "an unknown escape");
		out_bytes(out, &simple_out[s - simple_in], 1);
		r->p++;
		return true;
	}
	r->p++;
	if ((cp = read_hex4(r)) < 0)
		return refuse(r, "a \\u escape without four hex digits");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return refuse(r, "a low surrogate without a high one");
	if (cp >= 0xD800 && cp <= 0xDBFF)
	{
		long		low;

		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
			return refuse(r, "a high surrogate without a low one");
		r->p += 2;
		low = read_hex4(r);
		if (low < 0xDC00 || low > 0xDFFF)
			return refuse(r, "a high surrogate without a low one");
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
	}
	out_code_point(out, cp);
	return true;
}

/* Read a string (r->p at its opening quote) into out, decoding escapes. */
static bool
read_string(Reader *r, StringOut *out)
{
	assert(r->p < r->end && *r->p == '"');
	r->p++;
	for (;;)
	{
		unsigned char c;

		if (r->p >= r->end)
			return refuse(r, "a string is not closed");
		c = (unsigned char) *r->p;
		if (c == '"')
		{
			r->p++;
			break;
		}
		if (c == '\\')
		{
			r->p++;
			if (!read_escape(r, out))
				return false;
		}
		else if (c < 0x20)
			return refuse(r, "a control character in a string");
		else if (c < 0x80)
		{
			out_bytes(out, (const char *) &c, 1);
			r->p++;
		}
		else
		{
			int			n = utf8_sequence((const unsigned char *) r->p,
										  (const unsigned char *) r->end);

			if (n == 0)
				return refuse(r, "a string is not valid UTF-8");
			out_bytes(out, r->p, (size_t) n);
			r->p += n;
		}
	}
	if (out->buf != NULL && !out->overflow)
		out->buf[out->len] = '\0';
	return true;
}

/*
 * Read a number (r->p at its first byte); *is_int tells whether it has
 * neither fraction nor exponent, and *value is its int64 value when it is
 * such an integer and fits (*fits).
 */
static bool
read_number(Reader *r, bool *is_int, bool *fits, int64_t *value)
{
	bool		negative = false;
	uint64_t	mag = 0;
	uint64_t	limit;

	*is_int = true;
	*fits = true;
	if (r->p < r->end && *r->p == '-')
	{
		negative = true;
		r->p++;
	}
	limit = negative ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX;
	if (r->p >= r->end || !parse_is_digit(*r->p))
		return refuse(r, "a number without digits");
	if (*r->p == '0')
		r->p++;
	else
		while (r->p < r->end && parse_is_digit(*r->p))
		{
			unsigned	d = (unsigned) (*r->p - '0');

			if (mag > (limit - d) / 10)
				*fits = false;
			else
				mag = mag * 10 + d;
			r->p++;
		}
	if (r->p < r->end && *r->p == '.')
	{
		*is_int = false;
		r->p++;
		if (r->p >= r->end || !parse_is_digit(*r->p))
			return refuse(r, "a fraction without digits");
		while (r->p < r->end && parse_is_digit(*r->p))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
	{
		*is_int = false;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || !parse_is_digit(*r->p))
			return refuse(r, "an exponent without digits");
		while (r->p < r->end && parse_is_digit(*r->p))
			r->p++;
	}
	if (*fits)
		*value = negative ? (int64_t) (0 - mag) : (int64_t) mag;
	return true;
}

/* Read the literal word at r->p (true, false, null). */
static bool
read_literal(Reader *r, const char *word)
{
	size_t		n = strlen(word);

	if ((size_t) (r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return refuse(r, "an unexpected character");
	r->p += n;
	return true;
}

static bool read_value(Reader *r, int depth);

/*
 * Read an object or an array (r->p at its opening bracket) whose members
 * are skipped: checked, not kept.  depth is the level of the container.
 */
static bool
read_container(Reader *r, int depth)
{
	char		close = *r->p == '{' ? '}' : ']';
	bool		first = true;

	if (depth > JSON_MEMBERS_MAX_DEPTH)
		return refuse(r, "values nest too deep");
	r->p++;
	for (;;)
	{
		skip_ws(r);
		if (r->p >= r->end)
			return refuse(r, close == '}' ? "an object is not closed" : "an array is not closed");
		if (*r->p == close && first)
		{
			r->p++;
			return true;
		}
		if (close == '}')
		{
			StringOut skip = {NULL, 0, 0, false, false};

			if (*r->p != '"')
				return refuse(r, "a member name is not a string");
			if (!read_string(r, &skip))
				return false;
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':')
				return refuse(r, "a member name is not followed by ':'");
			r->p++;
		}
		if (!read_value(r, depth + 1))
			return false;
		first = false;
		skip_ws(r);
		if (r->p >= r->end)
			return refuse(r, close == '}' ? "an object is not closed" : "an array is not closed");
		if (*r->p == ',')
		{
			r->p++;
			continue;
		}
		if (*r->p == close)
		{
			r->p++;
			return true;
		}
		return refuse(r, close == '}' ? "members are not separated by ','" :
					  "elements are not separated by ','");
	}
}

/* Read and skip any value; depth is the level it would have as a container. */
static bool
read_value(Reader *r, int depth)
{
	bool		is_int,
				fits;
	int64_t		v;
	StringOut	skip = {NULL, 0, 0, false, false};

	skip_ws(r);
	if (r->p >= r->end)
		return refuse(r, "a value is missing");
	switch (*r->p)
	{
		case '{':
		case '[':
			return read_container(r, depth);
		case '"':
			return read_string(r, &skip);
		case 't':
			return read_literal(r, "true");
		case 'f':
			return read_literal(r, "false");
		case 'n':
			return read_literal(r, "null");
		default:
			if (*r->p == '-' || parse_is_digit(*r->p))
				return read_number(r, &is_int, &fits, &v);
			return refuse(r, "an unexpected character");
	}
}

/* The member of m named by the n bytes of name, or NULL. */
static JsonMember *
find_member(JsonMember *m, int count, const char *name, size_t n)
{
	for (int i = 0; i < count; i++)
		if (strlen(m[i].name) == n && memcmp(m[i].name, name, n) == 0)
			return &m[i];
	return NULL;
}

/* Read the value of member w (r->p at the value, white space skipped). */
static bool
read_wanted(Reader *r, JsonMember *w)
{
	if (w->kind == JSON_MEMBER_STRING)
	{
		StringOut	out = {w->str, w->str_size, 0, false, false};

		assert(w->str != NULL && w->str_size > 0);
		if (*r->p != '"')
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s is not a string.", w->name, r->what);
		if (!read_string(r, &out))
			return false;
		if (out.has_nul)
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s contains the character U+0000.", w->name, r->what);
		if (out.overflow)
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s is longer than %zu bytes.",
								   w->name, r->what, w->str_size - 1);
	}
	else if (w->kind == JSON_MEMBER_ANY)
	{
		if (!read_value(r, 2))
			return false;
	}
	else
	{
		bool		is_int,
					fits;
		int64_t		v = 0;

		assert(w->kind == JSON_MEMBER_INT && w->num != NULL);
		if (*r->p != '-' && !parse_is_digit(*r->p))
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s is not a number.", w->name, r->what);
		if (!read_number(r, &is_int, &fits, &v))
			return false;
		if (!is_int)
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s is not an integer (seconds since 1970 are written without fraction or exponent).",
								   w->name, r->what);
		if (!fits)
			return parse_error_set(r->err, JSON_HINT,
								   "Member \"%s\" of the %s is out of range.", w->name, r->what);
		*w->num = v;
	}
	w->found = true;
	return true;
}

/* Read the JSON object in json[0..len) and fill the members named in m. */
bool
json_members_read(const char *what, const char *json, size_t len,
				  JsonMember *m, int n, ParseError *err)
{
	Reader		r = {json, json, json + len, what, err};
	bool		first = true;

	assert(what != NULL && (json != NULL || len == 0) && n >= 0);
	for (int i = 0; i < n; i++)
		m[i].found = false;
	skip_ws(&r);
	if (r.p >= r.end || *r.p != '{')
		return parse_error_set(err, JSON_HINT, "The %s is not a JSON object.", what);
	r.p++;
	for (;;)
	{
		char		name[NAME_MAX_BYTES];
		StringOut	out = {name, sizeof(name), 0, false, false};
		JsonMember *w;

		skip_ws(&r);
		if (r.p >= r.end)
			return refuse(&r, "the object is not closed");
		if (*r.p == '}' && first)
		{
			r.p++;
			break;
		}
		if (*r.p != '"')
			return refuse(&r, "a member name is not a string");
		if (!read_string(&r, &out))
			return false;
		w = out.overflow ? NULL : find_member(m, n, name, out.len);
		skip_ws(&r);
		if (r.p >= r.end || *r.p != ':')
			return refuse(&r, "a member name is not followed by ':'");
		r.p++;
		skip_ws(&r);
		if (w != NULL)
		{
			if (w->found)
				return parse_error_set(err, JSON_HINT, "The %s has member \"%s\" twice.",
									   what, w->name);
			if (r.p >= r.end)
				return refuse(&r, "a value is missing");
			if (!read_wanted(&r, w))
				return false;
		}
		else if (!read_value(&r, 2))
			return false;
		first = false;
		skip_ws(&r);
		if (r.p >= r.end)
			return refuse(&r, "the object is not closed");
		if (*r.p == ',')
		{
			r.p++;
			continue;
		}
		if (*r.p == '}')
		{
			r.p++;
			break;
		}
		return refuse(&r, "members are not separated by ','");
	}
	skip_ws(&r);
	if (r.p != r.end)
		return refuse(&r, "text follows the object");
	for (int i = 0; i < n; i++)
		if (m[i].required && !m[i].found)
			return parse_error_set(err, JSON_HINT, "The %s has no member \"%s\".", what, m[i].name);
	return true;
}
