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
from dataclasses import dataclass, field

MAX_SEED_BYTES = 1_000_000
HEADLINE_LENGTH = 100
STANDFIRST_LENGTH = 300

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
DATE_MARKER = re.compile(r"\A\s*date\b[ \t]*(?P<date>\S*)", re.IGNORECASE)
ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
# "BAKU, Azerbaijan, June 15." -- the country is optional, the city is written in capitals.
DATELINE = re.compile(
    rf"\A(?P<city>[^\W\d_][^,\n]{{0,48}}?),\s*(?:(?P<country>[^,\n\d]{{2,60}}?),\s*)?"
    rf"(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})\s*[.,:]?\s*(?:[-\u2013\u2014]+\s*)?"
)
# ", Trend reports." at the end of the lead names the agency.
CREDIT_SUFFIX = re.compile(
    r"[,;]?\s+(?P<agency>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+(?:reports|reported)\s*\.?\s*\Z"
)
CREDIT_PREFIX = re.compile(
    r",?\s*(?:reports|reported)\s+(?P<agency>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*\.?\s*\Z"
)
DANGLING_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|No))[.!?](?=\s+[A-Z\"\u201c])")


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
    text: str = field(repr=False)

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
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        raise SeedError("the file contains control characters, not plain text")
    return text


def parse_seed(data):
    """Parse one seed file's bytes into a Seed, or raise SeedError."""
    text = decode_seed(data).replace("\r\n", "\n").replace("\r", "\n").strip()
    marker = DATE_MARKER.match(text)
    if not marker:
        raise SeedError("no date marker: a seed must start with ' date YYYY-MM-DD'")
    wire_date = _parse_date(marker["date"])
    rest = text[marker.end() :].lstrip(" \t")

    dateline = dateline_country = ""
    match = DATELINE.match(rest)
    if match and match["city"].strip() == match["city"].strip().upper():
        dateline = " ".join(match["city"].split())
        dateline_country = " ".join((match["country"] or "").split())
        rest = rest[match.end() :]

    paragraphs = [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", rest)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise SeedError("no body: the file has a date but no story text")

    lead, credit = _split_credit(first_sentence(paragraphs[0]))
    return Seed(
        wire_date=wire_date,
        dateline=dateline,
        dateline_country=dateline_country,
        paragraphs=paragraphs,
        headline=shorten(lead.rstrip(" .;:,"), HEADLINE_LENGTH),
        standfirst=shorten(_full_stop(lead), STANDFIRST_LENGTH),
        credit=credit,
        source_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
    )


def _parse_date(value):
    if not ISO_DATE.match(value):
        raise SeedError(f"impossible date {value!r}: the marker needs a date written YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SeedError(f"impossible date {value!r}: there is no such day") from None


def first_sentence(paragraph):
    match = SENTENCE_END.search(paragraph)
    return paragraph[: match.end()] if match else paragraph


def _split_credit(sentence):
    """'..., Trend reports.' -> ('...', 'Trend')."""
    for pattern in (CREDIT_SUFFIX, CREDIT_PREFIX):
        match = pattern.search(sentence)
        if match:
            return sentence[: match.start()].rstrip(" ,;"), match["agency"].rstrip(".")
    return sentence, ""


def _full_stop(sentence):
    sentence = sentence.rstrip(" ,;:")
    return sentence if sentence.endswith((".", "!", "?", "\u2026")) else sentence + "."


def shorten(text, limit):
    """Cut at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    words = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.").split(" ")
    while len(words) > 1 and words[-1].lower() in DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:.") + "\u2026"
