"""Small text helpers shared by tagging, tags and slugs, and the rules for what text may hold."""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

# The blocks of the scripts the desk's copy is written in besides ASCII: Latin (Azerbaijani, Turkish, Turkmen,
# Uzbek, Polish, Nordic...), Greek, Cyrillic (Russian, Kazakh, Kyrgyz, Tajik, Ukrainian, Azerbaijani's former
# alphabet), Armenian, Georgian, and the modifier letters Uzbek writes 'Oʻzbekiston' with.
FOLDED_BLOCKS = (
    (0x00C0, 0x02FF), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F), (0x10A0, 0x10FF), (0x1C90, 0x1CBF),
    (0x1E00, 0x1EFF), (0x2C60, 0x2C7F),
)  # fmt: skip


def _no_ascii_letter(char):
    """A letter that NFKD does not take to an ASCII letter and accents: 'ı', 'ə', 'ł', 'ß', 'ж' (not 'ş')."""
    return unicodedata.category(char).startswith("L") and any(
        not part.isascii() and not unicodedata.combining(part) for part in unicodedata.normalize("NFKD", char)
    )


def _spelling(char):
    """anyascii's transliteration without the apostrophes it writes for soft signs and ejectives, which would
    split a word; None where that is not letters (a click written '!')."""
    spelling = anyascii(char).replace("'", "")
    return spelling if spelling.isascii() and spelling.isalpha() else None


# Those letters as a reader types them in ASCII (anyascii: 'ı' i, 'ə' e, 'ł' l, 'ß' ss, 'ж' zh, 'ქ' k).
# Letters NFKD takes apart ('ş' = 's' + cedilla) are not here: they fold as they always have.
ASCII_SPELLING = {
    ord(char): spelling
    for first, last in FOLDED_BLOCKS
    for char in map(chr, range(first, last + 1))
    if _no_ascii_letter(char) and (spelling := _spelling(char))
}
# Every kind of dash (hyphen, non-breaking hyphen, en and em dash, minus...) separates words in a slug.
DASHES = dict.fromkeys(
    map(ord, "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"), " "
)
SLUG_SPELLING = {**ASCII_SPELLING, **DASHES}


# Search reads the joiners as nothing: 'می\u200cخواهم' is found by 'میخواهم' as typed without one.
SEARCH_SPELLING = {**ASCII_SPELLING, 0x200C: None, 0x200D: None}


def search_spelling(text):
    """`text` as the search index holds it and is asked: the letters of ASCII_SPELLING written in ASCII, the
    joiners out, the rest as it is ('Bakı' -> 'Baki', 'Łódź' -> 'Lódź': each database folds accents itself)."""
    if text is None or text.isascii():
        return text
    return text.translate(SEARCH_SPELLING)


def fold(text, spelling=ASCII_SPELLING):
    """'Türkiye' -> 'Turkiye', 'Bakı' -> 'Baki', 'Москва' -> 'Moskva': the ASCII letters a reader would type."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.translate(spelling)).encode("ascii", "ignore").decode("ascii")


def name_key(name):
    """Sort names as a reader expects: 'Türkiye' before 'Turkmenistan', case ignored."""
    return (fold(name).casefold(), name)


def ascii_slug(text, max_length=100):
    """'Türkiye' -> 'turkiye', 'Azərbaycan' -> 'azerbaycan', 'Iran–Russia' -> 'iran-russia': URLs readers can
    type. Stored slugs made by the former rule (former_ascii_slug) stay as they are."""
    return slugify(fold(text, SLUG_SPELLING))[:max_length].strip("-") or "untitled"


def former_ascii_slug(text, max_length=100):
    """ascii_slug as it was until December 2026, which dropped the letters without an accent to fold ('Bakı'
    -> 'bak') and joined words at a dash: what a slug made then looks like, to recognise it."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(ascii_text)[:max_length].strip("-") or "untitled"


def slug_spellings(text, max_length=100):
    """The slugs `text` made under the current rule and under the former one (one if they agree)."""
    return tuple(dict.fromkeys((ascii_slug(text, max_length), former_ascii_slug(text, max_length))))


def _cut_at_word(base):
    return base.rsplit("-", 1)[0] if len(base) == 80 and "-" in base else base


def slug_base(headline):
    """The slug a story's headline starts from (before any '-2'): its ASCII slug, at most 80 characters,
    cut at a word."""
    return _cut_at_word(ascii_slug(headline, max_length=80))


def slug_bases(headline):
    """slug_base under the current rule and under the former one: a story's slug made by either follows it."""
    return tuple(dict.fromkeys(_cut_at_word(slug) for slug in slug_spellings(headline, max_length=80)))


def first_free(base, is_taken, start=1):
    """`base`, else `base-2`, `base-3`...: the first for which `is_taken` (e.g. a set's __contains__) is false.
    From number `start` on, when those below it are known to be taken."""
    n = max(start, 1)
    candidate = base if n == 1 else f"{base}-{n}"
    while is_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def split_paragraphs(text):
    """Plain text -> paragraphs: split at blank lines, whitespace inside each collapsed."""
    return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if block.strip()]


# Characters that show nothing yet change what a reader sees or what a program matches: zero-width spaces
# and joiners ("Azer\u200bbaijan" is not "Azerbaijan" to a search or a tagger), the soft hyphen, bidi
# controls (U+202E turns a headline around), invisible operators, the word joiner, the byte-order mark inside
# text, interlinear annotation marks and the tag characters that can smuggle hidden text (but in a flag:
# SUBDIVISION_FLAG). Variation selectors stay: they change how a character is drawn, not what it is. The two
# joiners are kept where they are spelling (JOINERS).
INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# The tag characters are spelling in one place: a subdivision's flag (England's is the black flag, 'gbeng' in
# tag letters, then the cancel tag), as Unicode's emoji tag sequences have it. Only a subdivision's code
# fits there (3 to 7 tag letters or digits), so no sentence can hide in one.
SUBDIVISION_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{3,7}\U000e007f")
# Zero-width non-joiner (U+200C) and joiner (U+200D). Both are spelling, and visible, in three places, kept
# there (as IDNA's CONTEXTJ rules and Unicode's emoji sequences have them): after a virama, where they choose
# a conjunct's form (Hindi, Bengali, Sinhala...); the non-joiner between two letters of a cursive script,
# whose join it breaks (Persian 'می\u200cخواهم' must not read 'میخواهم'); the joiner between two emoji,
# which it makes one ('👨\u200d👩\u200d👧' is a family). Anywhere else, between Latin letters
# above all, they show nothing and only hide a word: removed.
JOINERS = re.compile("[\u200c\u200d]+")
# Arabic (with its supplements and presentation forms), Syriac, Thaana, N'Ko, Mongolian.
CURSIVE = re.compile("[\u0600-\u07ff\u0860-\u08ff\u1800-\u18af\ufb50-\ufdff\ufe70-\ufefc]")
# What may sit between an emoji and the joiner that follows it: the emoji presentation selector and the five
# skin tones ('👩🏽\u200d💻').
EMOJI_TAIL = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]*$")


def _is_spelling(joiner, before, after):
    """Whether `joiner` between the text `before` it and the character `after` it is spelling (JOINERS)."""
    if not before or not after:
        return False
    if unicodedata.combining(before[-1]) == 9:  # a virama
        return unicodedata.category(after).startswith("L")
    if joiner == "\u200c":
        letter = before
        while letter and unicodedata.category(letter[-1]) == "Mn":  # vowel signs between the letter and it
            letter = letter[:-1]
        return bool(letter and CURSIVE.match(letter[-1]) and CURSIVE.match(after)) and after.isalpha()
    emoji = EMOJI_TAIL.sub("", before[-8:])
    return bool(emoji) and unicodedata.category(emoji[-1]) == "So" and unicodedata.category(after) == "So"


def _joiner(match):
    """The first joiner of a run that is spelling where it sits, or none."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[max(0, start - 8) : start], text[end : end + 1]
    return next((joiner for joiner in match.group() if _is_spelling(joiner, before, after)), "")


# C0 and C1 controls and DEL, but tab, line feed, carriage return and form feed (white space, folded with
# the rest wherever text is split into words or paragraphs).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# What XML 1.0 cannot carry at all (feeds, sitemaps): C0 controls but tab, line feed and carriage return;
# lone surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text):
    """Copy as it is stored and shown: invisible characters (INVISIBLE_CHARACTERS) removed, and the joiners
    that are not spelling (JOINERS), then the text in Unicode's composed form (NFC), so that 'S' + combining
    cedilla and 'Ş' are one spelling.

    A pure function, for every way copy comes in (wire seeds, forms, tag names). It does not refuse
    anything: check has_control_characters() and xml_illegal() for what must be refused instead.
    """
    if text.isascii():
        return text  # nothing invisible, and already composed
    text = _without_invisible(text)
    if "\u200c" in text or "\u200d" in text:
        text = JOINERS.sub(_joiner, text)
    return unicodedata.normalize("NFC", text)


def _without_invisible(text):
    """`text` without INVISIBLE_CHARACTERS, but for the subdivisions' flags (SUBDIVISION_FLAG)."""
    if "\U0001f3f4" not in text:
        return INVISIBLE_CHARACTERS.sub("", text)
    kept, start = [], 0
    for flag in SUBDIVISION_FLAG.finditer(text):
        kept += [INVISIBLE_CHARACTERS.sub("", text[start : flag.start()]), flag.group()]
        start = flag.end()
    return "".join([*kept, INVISIBLE_CHARACTERS.sub("", text[start:])])


def control_character(text):
    """The first C0 or C1 control character or DEL in `text` (tab, newlines and form feed are white
    space, not controls) as (offset, character), or None."""
    match = CONTROL_CHARACTERS.search(text)
    return (match.start(), match.group()) if match else None


def has_control_characters(text):
    """Whether `text` holds a C0 or C1 control character or DEL other than tab, newlines and form feed."""
    return CONTROL_CHARACTERS.search(text) is not None


def xml_illegal(text):
    """Whether `text` holds a character XML 1.0 cannot carry (a control but tab and newlines, a lone
    surrogate, U+FFFE or U+FFFF): such text cannot go into a feed or a sitemap."""
    return XML_ILLEGAL.search(text) is not None


def escape_unprintable(text):
    """`text` safe to print on a terminal: every character that is not printable (controls such as ESC,
    invisible and bidi characters, lone surrogates from undecodable file names) written as Python writes
    it in a string ('\\x1b', '\\u202e'); printable characters, accented letters included, as they are."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class LazyPattern:
    """A regular expression compiled when first used. The ingest patterns that hold every country's name are
    slow to compile: the importing process, which never parses, does not pay for them; each
    parsing worker does, once."""

    def __init__(self, pattern, flags=0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)
