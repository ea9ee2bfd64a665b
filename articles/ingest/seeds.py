"""The wire seed format, parsed into a story: a pure function of the file's bytes.

A seed file is one story:

     date 2023-06-15 BAKU, Azerbaijan, June 15. Minister of Economy ... , Trend reports.

    Second paragraph ...

The ` date YYYY-MM-DD` marker comes first, then the dateline (CITY, Country, Month D.) and the lead;
paragraphs are separated by blank lines.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from ..text import clean_text, control_character, fold, split_paragraphs
from .datelines import drop_citing, named_agency, read_dateline, split_credit
from .headlines import STANDFIRST_LENGTH, make_headline

MAX_SEED_BYTES = 1_000_000
DATE_MARKER = re.compile(r"\A\s*date\b[ \t]*(?P<date>\S*)", re.IGNORECASE)
ISO_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# A full stop after these is not the end of a sentence.
ABBREVIATIONS = set(
    "Mr Mrs Ms Dr St Jr Sr vs No Gen Lt Col Maj Capt Sgt Adm Gov Sen Rep Prof Rev Hon Mt Ft Inc Ltd Co Corp "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec etc approx Dept Univ".split()
)
SENTENCE_END = re.compile(r"[.!?](?=\s+[\"\u201c\u2018'(A-Z0-9])")
# Whether the word before a full stop is an abbreviation shows in the few characters before it.
LAST_WORD = re.compile(r"\w+\Z")
LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
# A first paragraph that is only a byline ("By Alimat Aliyeva") or a city ("BAKU") is not the lead.
BYLINE = re.compile(r"\A(?:By|BY)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\Z")
CITY_ALONE = re.compile(r"\A[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2}[.,:]?\Z")
# How far into the copy an agency named in passing ("told Trend") is looked for.
CREDIT_SEARCH = 20_000
MIN_STANDFIRST = 25
# A standfirst starting so has lost, away from the lead, who "he" is.
PRONOUNS = {"He", "She", "It", "They", "This", "These", "His", "Her", "Its", "Their", "We"}
# Wire dates before this are refused, as are dates more than a year after the day of the import: a story
# dated 0001-01-01 or 9999-12-31 cannot be stored as a moment in every time zone.
FIRST_WIRE_DATE = datetime.date(1900, 1, 1)
WIRE_DATE_LEAD = datetime.timedelta(days=366)


class SeedError(ValueError):
    """A seed file that cannot become a story; the message says why, for the person running the import."""


@dataclass(frozen=True)
class Seed:
    wire_date: datetime.date
    dateline: str
    dateline_country: str
    paragraphs: list[str]
    headline: str
    standfirst: str
    credit: str
    source_hash: str
    # What a ninjs wire item (ninjs.py) adds; a plain-text seed has none of it.
    ref: str | None = None  # the item's uri, its import reference (a seed's is its file name)
    published_at: datetime.datetime | None = None  # the exact time (a seed has only its wire date)
    language: str | None = None  # BCP 47; None: the site's language
    embargo_until: datetime.datetime | None = None
    pubstatus: str = "usable"  # or "withheld", "canceled"
    version: str = ""
    agency_headline: bool = False  # the headline is the agency's own, not made from the lead
    country_codes: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, from its places and subjects

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)


def decode_seed(data):
    """Bytes -> text, refusing what is not UTF-8 text."""
    if not data.strip():
        raise SeedError("the file is empty")
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(f"the file is larger than {MAX_SEED_BYTES:,} bytes")
    if b"\x00" in data:
        raise SeedError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedError(f"the file is not UTF-8 text (bad byte at position {error.start})") from None
    # What XML cannot carry is refused too (text.xml_illegal): controls, and U+FFFE and U+FFFF. A form
    # feed is white space, folded with the rest: it never reaches a feed.
    found = control_character(text)
    if found is None and ("\ufffe" in text or "\uffff" in text):
        found = min((text.find(char), char) for char in "\ufffe\uffff" if char in text)
    if found:
        offset, char = found
        raise SeedError(
            f"the file contains control characters, not plain text (U+{ord(char):04X} at character {offset:,})"
        )
    return text


def parse_seed(data, *, today=None):
    """Parse one seed file's bytes into a Seed, or raise SeedError.

    The copy is cleaned (text.clean_text: no invisible characters, composed Unicode) before anything is
    read from it; the source hash is of the text as the wire sent it, so that a file imported before
    cleaning existed is still unchanged. `today` (default: the machine's date) bounds the wire date.
    Every step takes time in proportion to the file's length.
    """
    text = decode_seed(data).replace("\r\n", "\n").replace("\r", "\n").strip()
    source_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = clean_text(text).strip()
    marker = DATE_MARKER.match(text)
    if not marker:
        raise SeedError("no date marker: a seed must start with ' date YYYY-MM-DD'")
    wire_date = _parse_date(marker["date"], today or datetime.date.today())
    rest = text[marker.end() :].lstrip()

    dateline, dateline_country, agency, rest = read_dateline(rest)
    paragraphs = split_paragraphs(rest)
    if paragraphs and not dateline and CITY_ALONE.match(paragraphs[0]) and len(paragraphs) > 1:
        dateline, paragraphs = paragraphs[0].rstrip(" .,:"), paragraphs[1:]  # "BAKU" as a paragraph of its own
    # In capitals, composed again: "ΐ" in capitals is three characters, which compose to two.
    dateline = unicodedata.normalize("NFC", dateline.upper())
    if not paragraphs:
        raise SeedError("no body: the file has a date but no story text")

    lead_index = next((n for n, text in enumerate(paragraphs) if not BYLINE.match(text)), 0)
    credit, lead = split_credit(paragraphs[lead_index])
    credit = agency or credit or named_agency(" ".join(paragraphs[:3])[:CREDIT_SEARCH])
    sentence = first_sentence(lead)
    if not sentence.strip(" .,;:!?\"'"):
        raise SeedError("no lead: the first paragraph has no sentence to make a headline from")
    headline = make_headline(drop_citing(sentence))
    return Seed(
        wire_date=wire_date,
        dateline=dateline,
        dateline_country=dateline_country,
        paragraphs=paragraphs,
        headline=headline,
        standfirst=_standfirst(lead[len(sentence) :], paragraphs[lead_index + 1 : lead_index + 2], headline),
        credit=credit,
        source_hash=source_hash,
    )


def _standfirst(rest_of_lead, next_paragraph, headline):
    """The sentence after the headline's, when it adds something: never the headline's own sentence again."""
    rest = rest_of_lead.strip() or " ".join(next_paragraph)
    sentence = first_sentence(rest[: STANDFIRST_LENGTH + 2]).strip()
    if len(sentence) > STANDFIRST_LENGTH or len(sentence) < MIN_STANDFIRST or sentence[-1:] not in ".!?":
        return ""
    if fold(headline.rstrip("\u2026")) in fold(sentence) or sentence.split(" ", 1)[0] in PRONOUNS:
        return ""  # the headline's sentence again, or one whose "He" has lost who he is
    return sentence


def wire_dates(today):
    """The first and last wire dates an import on `today` accepts."""
    return FIRST_WIRE_DATE, today + WIRE_DATE_LEAD


def _parse_date(value, today):
    shown = repr(value if len(value) <= 40 else value[:40] + "...")
    if not ISO_DATE.match(value):
        raise SeedError(f"impossible date {shown}: the marker needs a date written YYYY-MM-DD")
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise SeedError(f"impossible date {shown}: there is no such day") from None
    first, last = wire_dates(today)
    if not first <= date <= last:
        raise SeedError(f"date {value} is outside the range of wire dates, {first} to {last}")
    return date


def first_sentence(paragraph):
    """The paragraph up to its first sentence end that is not an abbreviation's or an initial's full stop."""
    for end in SENTENCE_END.finditer(paragraph):
        # The word before the stop, read back at most one character further than the longest abbreviation:
        # a word that long is none. (Read back to its start, one long word was read again at every stop,
        # and a lead of "A. A. A. ..." whole at every one: time grew with the square of its length.)
        stop = end.start()
        word = LAST_WORD.search(paragraph, max(0, stop - LONGEST_ABBREVIATION - 1), stop)
        if word and (word[0] in ABBREVIATIONS or (len(word[0]) == 1 and word[0].isupper())):
            continue  # "Gen. Aliyev", "U.S. officials"
        return paragraph[: end.end()]
    return paragraph
