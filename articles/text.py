"""Small text helpers shared by tagging, tags and slugs, and the rules for what text may hold."""

import re
import unicodedata

from django.utils.text import slugify


def fold(text):
    """'Türkiye' -> 'Turkiye': the ASCII letters a reader would type."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def name_key(name):
    """Sort names as a reader expects: 'Türkiye' before 'Turkmenistan', case ignored."""
    return (fold(name).casefold(), name)


def ascii_slug(text, max_length=100):
    """'Türkiye' -> 'turkiye': URLs readers can type."""
    return slugify(fold(text))[:max_length].strip("-") or "untitled"


def slug_base(headline):
    """The slug a story's headline starts from (before any '-2'): its ASCII slug, at most 80 characters,
    cut at a word."""
    base = ascii_slug(headline, max_length=80)
    return base.rsplit("-", 1)[0] if len(base) == 80 and "-" in base else base


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
# controls (U+202E turns a headline around), invisible operators, the byte-order mark inside text,
# interlinear annotation marks and the tag characters that can smuggle hidden text. Variation selectors
# stay: they change how a character is drawn, not what it is.
INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# C0 and C1 controls and DEL, but tab, line feed, carriage return and form feed (white space, folded with
# the rest wherever text is split into words or paragraphs).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# What XML 1.0 cannot carry at all (feeds, sitemaps): C0 controls but tab, line feed and carriage return;
# lone surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text):
    """Copy as it is stored and shown: invisible characters (INVISIBLE_CHARACTERS) removed, then the text
    in Unicode's composed form (NFC), so that 'S' + combining cedilla and 'Ş' are one spelling.

    A pure function, for every way copy comes in (wire seeds, forms, tag names). It does not refuse
    anything: check has_control_characters() and xml_illegal() for what must be refused instead.
    """
    if text.isascii():
        return text  # nothing invisible, and already composed
    return unicodedata.normalize("NFC", INVISIBLE_CHARACTERS.sub("", text))


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
