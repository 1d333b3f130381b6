/*
 * agency_code.c
 *	  Parsing, normalising and walking agency electronic IDs.
 *
 * See agency_code.h for both forms, their sources and the ordering.
 */
#include "core/identifiers/agency_code.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/identifiers/bytes_order.h"

const char	agency_code_hint[] =
"An agency code is a level-1 code (a letter A-Y and two digits) followed by "
"dot-separated groups of 2 or 3 letters or digits, e.g. H56.22.17; the legacy "
"form LLL.KK.JJ.MXX, e.g. 000.17.22.H56, is also accepted.";

static const char binary_hint[] =
"Binary input is the canonical text of the modern form, e.g. H56.22.17; send "
"other spellings as text.";

static const char legacy_hint[] =
"The legacy QCVN 102:2016 form LLL.KK.JJ.MXX holds at most 4 levels, with "
"2 characters at levels 2 and 3 and 3 at level 4; keep such codes in the "
"modern form.";

/* Widths of the legacy groups, in the order they are written. */
static const size_t legacy_width[AGENCY_CODE_LEGACY_LEVELS] = {3, 2, 2, 3};

/* One dot-separated group of the input: offset and length in bytes. */
typedef struct Group
{
	size_t		off;
	size_t		len;
} Group;

/* At most 35 characters: 18 one-character groups. */
#define MAX_GROUPS ((AGENCY_CODE_MAX_LEN + 1) / 2)

/* True for the characters a group may hold: digits and upper-case letters. */
static inline bool
is_group_char(char c)
{
	return parse_is_digit(c) || (c >= 'A' && c <= 'Z');
}

/* True when g is a level-1 code: a letter A-Y and two digits. */
static bool
is_level1(const char *g, size_t len)
{
	return len == 3 && g[0] >= 'A' && g[0] <= 'Y' &&
		parse_is_digit(g[1]) && parse_is_digit(g[2]);
}

/* True when every character of the group is '0'. */
static bool
is_all_zeros(const char *g, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (g[i] != '0')
			return false;
	return true;
}

/* Describe a refused character at 1-based position pos. */
static bool
bad_character(ParseError *err, const char *hint, const char *what,
			  size_t pos, char c)
{
	unsigned char u = (unsigned char) c;

	if (u >= 0x21 && u < 0x7f)
		return parse_error_set(err, hint,
							   "Character %zu ('%c') is not %s.", pos, c, what);
	return parse_error_set(err, hint,
						   "Character %zu is the byte 0x%02X, not %s.", pos, u, what);
}

/* Append n bytes to out at *pos. */
static void
put(char *out, size_t *pos, const char *s, size_t n)
{
	memcpy(out + *pos, s, n);
	*pos += n;
}

/* Check the groups after level 1 of a modern code. */
static bool
check_modern(const char *buf, const Group *g, int ngroups, ParseError *err)
{
	for (int i = 1; i < ngroups; i++)
	{
		const char *p = buf + g[i].off;

		if (g[i].len < 2 || g[i].len > 3)
			return parse_error_set(err, agency_code_hint,
								   "Group %d (\"%.*s\") has %zu character%s, expected 2 or 3.",
								   i + 1, (int) g[i].len, p, g[i].len,
								   g[i].len == 1 ? "" : "s");
		if (is_all_zeros(p, g[i].len))
			return parse_error_set(err, agency_code_hint,
								   "Group %d (\"%.*s\") is all zeros, which marks a missing level only in the legacy form.",
								   i + 1, (int) g[i].len, p);
	}
	return true;
}

/* Turn a legacy LLL.KK.JJ.MXX into the modern form in out. */
static bool
convert_legacy(const char *buf, const Group *g, char *out, size_t *out_len,
			   ParseError *err)
{
	bool		zero[AGENCY_CODE_LEGACY_LEVELS];
	size_t		n = 0;

	for (int i = 0; i < AGENCY_CODE_LEGACY_LEVELS - 1; i++)
	{
		if (g[i].len != legacy_width[i])
			return parse_error_set(err, agency_code_hint,
								   "In the legacy form LLL.KK.JJ.MXX group %d (\"%.*s\") must have %zu characters, not %zu.",
								   i + 1, (int) g[i].len, buf + g[i].off,
								   legacy_width[i], g[i].len);
		zero[i] = is_all_zeros(buf + g[i].off, g[i].len);
	}
	/* group 3 is level 2, group 2 level 3, group 1 level 4 */
	if (zero[2] && !zero[1])
		return parse_error_set(err, agency_code_hint,
							   "Level 3 (\"%.*s\") is set but level 2 is 00: in the legacy form a level can only be set below a set level.",
							   (int) g[1].len, buf + g[1].off);
	if (zero[1] && !zero[0])
		return parse_error_set(err, agency_code_hint,
							   "Level 4 (\"%.*s\") is set but level 3 is 00: in the legacy form a level can only be set below a set level.",
							   (int) g[0].len, buf + g[0].off);

	put(out, &n, buf + g[3].off, g[3].len);
	for (int i = 2; i >= 0 && !zero[i]; i--)
	{
		put(out, &n, ".", 1);
		put(out, &n, buf + g[i].off, g[i].len);
	}
	out[n] = '\0';
	*out_len = n;
	return true;
}

/* Parse without trimming; see agency_code_parse_part. */
bool
agency_code_parse_part(const char *s, size_t len, char *out, size_t *out_len,
					   AgencyCodeForm *form, ParseError *err)
{
	char		buf[AGENCY_CODE_MAX_LEN];
	Group		g[MAX_GROUPS];
	int			ngroups = 0;
	size_t		start = 0;

	if (len == 0)
		return parse_error_set(err, agency_code_hint, "The value is empty.");
	if (len > AGENCY_CODE_MAX_LEN)
		return parse_error_set(err, agency_code_hint,
							   "The value has %zu characters, at most %d are allowed.",
							   len, AGENCY_CODE_MAX_LEN);

	/* fold case, check the alphabet and cut the groups */
	for (size_t i = 0; i <= len; i++)
	{
		if (i == len || s[i] == '.')
		{
			if (i == start)
				return parse_error_set(err, agency_code_hint,
									   "Group %d is empty: dots must separate groups of letters or digits.",
									   ngroups + 1);
			/* every group has a character and a dot follows all but the last */
			assert(ngroups < MAX_GROUPS);
			g[ngroups].off = start;
			g[ngroups].len = i - start;
			ngroups++;
			start = i + 1;
			if (i < len)
				buf[i] = '.';
			continue;
		}
		buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 'a' + 'A') : s[i];
		if (!is_group_char(buf[i]))
			return bad_character(err, agency_code_hint,
								 "a letter, a digit or a dot", i + 1, s[i]);
	}

	if (is_level1(buf, g[0].len))
	{
		if (!check_modern(buf, g, ngroups, err))
			return false;
		memcpy(out, buf, len);
		out[len] = '\0';
		*out_len = len;
		if (form)
			*form = AGENCY_CODE_MODERN;
		return true;
	}
	if (ngroups == AGENCY_CODE_LEGACY_LEVELS &&
		is_level1(buf + g[3].off, g[3].len))
	{
		if (!convert_legacy(buf, g, out, out_len, err))
			return false;
		if (form)
			*form = AGENCY_CODE_LEGACY;
		return true;
	}
	if (ngroups == AGENCY_CODE_LEGACY_LEVELS)
		return parse_error_set(err, agency_code_hint,
							   "Neither the first group (\"%.*s\") nor the last (\"%.*s\") is a level-1 code, a letter A-Y and two digits.",
							   (int) g[0].len, buf, (int) g[3].len, buf + g[3].off);
	return parse_error_set(err, agency_code_hint,
						   "The first group (\"%.*s\") is not a level-1 code, a letter A-Y and two digits, and a legacy code has 4 groups, not %d.",
						   (int) g[0].len, buf, ngroups);
}

/* Parse len bytes of s in either form; see agency_code.h. */
bool
agency_code_parse(const char *s, size_t len, char *out, size_t *out_len,
				  AgencyCodeForm *form, ParseError *err)
{
	parse_trim(&s, &len);
	return agency_code_parse_part(s, len, out, out_len, form, err);
}

/* Check a value received in binary form: a canonical modern code. */
bool
agency_code_check(const char *s, size_t len, ParseError *err)
{
	char		canon[AGENCY_CODE_TEXT_LEN];
	size_t		n;
	AgencyCodeForm form;

	if (!agency_code_parse_part(s, len, canon, &n, &form, err))
	{
		if (err)
			err->hint = binary_hint;
		return false;
	}
	if (form != AGENCY_CODE_MODERN || n != len || memcmp(canon, s, len) != 0)
		return parse_error_set(err, binary_hint,
							   "The value is not in canonical form, which is \"%s\".",
							   canon);
	return true;
}

/* Number of levels of a canonical code. */
int
agency_code_levels(const char *code, size_t len)
{
	int			levels = 1;

	for (size_t i = 0; i < len; i++)
		if (code[i] == '.')
			levels++;
	return levels;
}

/* Length of the ancestor prefix at the given level, or 0. */
size_t
agency_code_ancestor_len(const char *code, size_t len, int level)
{
	int			seen = 1;

	if (level < 1)
		return 0;
	for (size_t i = 0; i < len; i++)
	{
		if (code[i] == '.')
		{
			if (seen == level)
				return i;
			seen++;
		}
	}
	return seen == level ? len : 0;
}

/* True when a is b or one of b's descendants. */
bool
agency_code_is_under(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen < blen || memcmp(a, b, blen) != 0)
		return false;
	return alen == blen || a[blen] == '.';
}

/* Byte order: memcmp over the common length, then the shorter first. */
int
agency_code_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	return bytes_order_cmp(a, alen, b, blen);
}

/* Write the legacy LLL.KK.JJ.MXX form of a canonical code. */
bool
agency_code_legacy_form(const char *code, size_t len, char *out, bool *exact,
						ParseError *err)
{
	int			levels = agency_code_levels(code, len);
	const char *level_text[AGENCY_CODE_LEGACY_LEVELS + 1] = {NULL};
	size_t		level_len[AGENCY_CODE_LEGACY_LEVELS + 1] = {0};
	size_t		n = 0;
	bool		padded = false;

	if (levels > AGENCY_CODE_LEGACY_LEVELS)
		return parse_error_set(err, legacy_hint,
							   "The code %.*s has %d levels; the legacy form holds at most 4.",
							   (int) len, code, levels);
	for (int level = 1; level <= levels; level++)
	{
		size_t		end = agency_code_ancestor_len(code, len, level);
		size_t		begin = level == 1 ? 0 :
			agency_code_ancestor_len(code, len, level - 1) + 1;

		level_text[level] = code + begin;
		level_len[level] = end - begin;
	}
	for (int level = 2; level <= 3 && level <= levels; level++)
		if (level_len[level] != 2)
			return parse_error_set(err, legacy_hint,
								   "Level %d of %.*s (\"%.*s\") has %zu characters; the legacy form has room for 2.",
								   level, (int) len, code, (int) level_len[level],
								   level_text[level], level_len[level]);

	/*
	 * level 4: 3 characters, a 2-character group padded with a leading 0.
	 * A group shaped like a level-1 code would come first and make the text
	 * read as a modern code, so it has no legacy form.
	 */
	if (levels == 4 && is_level1(level_text[4], level_len[4]))
		return parse_error_set(err, legacy_hint,
							   "Level 4 of %.*s (\"%.*s\") has the shape of a level-1 code, so its legacy form would read as a modern code.",
							   (int) len, code, (int) level_len[4], level_text[4]);
	if (levels == 4)
	{
		if (level_len[4] == 2)
		{
			put(out, &n, "0", 1);
			padded = true;
		}
		put(out, &n, level_text[4], level_len[4]);
	}
	else
		put(out, &n, "000", 3);
	for (int level = 3; level >= 2; level--)
	{
		put(out, &n, ".", 1);
		if (level <= levels)
			put(out, &n, level_text[level], level_len[level]);
		else
			put(out, &n, "00", 2);
	}
	put(out, &n, ".", 1);
	put(out, &n, level_text[1], level_len[1]);
	out[n] = '\0';
	if (exact)
		*exact = !padded;
	return true;
}

/*
 * The greatest valid code in a subtree.  Codes compare by bytes and '.' sorts
 * below every digit and letter, so among the codes that start with the given
 * one the greatest appends full groups of the greatest character for as long
 * as the length limit allows: a group has at most 3 characters, so a last
 * group of 2 fits when only 3 bytes are left, and 1 or 2 bytes fit nothing.
 */
size_t
agency_code_subtree_max(const char *code, size_t len, char *out)
{
	size_t		n = len;

	memcpy(out, code, len);
	while (AGENCY_CODE_MAX_LEN - n >= 3)
	{
		size_t		group = AGENCY_CODE_MAX_LEN - n >= 4 ? 3 : 2;

		out[n++] = '.';
		memset(out + n, AGENCY_CODE_MAX_CHAR, group);
		n += group;
	}
	out[n] = '\0';
	return n;
}
