"""IPTC ninjs (News in JSON) wire items, parsed into a story: a pure function of the file's bytes, as seeds.py is.

An item's `uri` is its import reference; its headline is the agency's; its body comes from an HTML body
read as a desk reads it (bodies.py: every block element a paragraph boundary, inline elements never
splitting text, a row of labels such as TT's subject and credit left out, no markup left) or from a
plain-text body. ninjs 2.x (`headlines`, `bodies`, `descriptions`) and 1.x (`headline`,
`body_html`, `body_text`, `description_text`) items are read.
"""

import datetime
import hashlib
import json
import re
import unicodedata
from itertools import islice

from ..text import clean_text, control_character, xml_illegal
from .bodies import html_paragraphs, text_paragraphs
from .country_codes import country_of_code
from .datelines import read_dateline
from .headlines import STANDFIRST_LENGTH, cut, make_headline
from .seeds import Seed, SeedError, decode_seed, first_sentence, wire_dates

MAX_URI_LENGTH = 200  # Article.import_ref's
MAX_HEADLINE = 200  # Article.headline's: an agency's headline is kept whole up to it
MAX_CREDIT = 100
MAX_DATELINE = 80
PUBSTATUSES = ("usable", "withheld", "canceled")
LANGUAGE_TAG = re.compile(r"\A[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}\Z")
HTML_TYPES = ("text/html", "application/xhtml+xml")
WORD = re.compile(r"\w+")
# A place or subject in the ISO 3166-1 alpha-2 scheme: ".../iso3166-1a2/SE", "iso3166-1a2:SE".
ISO_URI = re.compile(r"iso3166-1a(?:lpha)?2[/:]([A-Za-z]{2})\Z", re.IGNORECASE)


def parse_ninjs(data, *, today=None):
    """Parse one ninjs item's bytes into a Seed, or raise SeedError saying why it cannot be a story."""
    text = decode_seed(data)
    try:
        item = json.loads(text)
    except RecursionError:
        raise SeedError("not a ninjs item: the JSON is nested too deeply") from None
    except ValueError as error:
        raise SeedError(f"not JSON ({error})") from None
    if not isinstance(item, dict):
        raise SeedError(f"not a ninjs item: the JSON is {type(item).__name__ if item is not None else 'null'}, "
                        "not an object")  # fmt: skip
    uri = _uri(item.get("uri"))
    kind = item.get("type", "text")
    if kind != "text":
        raise SeedError(f"not a text item (type {_shown(kind)}): only text items become stories")
    pubstatus = item.get("pubstatus", "usable")
    if pubstatus not in PUBSTATUSES:
        raise SeedError(f"pubstatus {_shown(pubstatus)} is none of {', '.join(PUBSTATUSES)}")
    # Cleaned, then blank ones left out: a paragraph of a zero-width space is no paragraph.
    cleaned = [" ".join(clean_text(text).split()) for text in body_paragraphs(item)]
    city, country, agency, paragraphs = lead_dateline(_checked([text for text in cleaned if text], "body"))
    if not paragraphs:
        raise SeedError("no body: the item has no text or HTML body with any text in it")
    agency_headline = _one_line(_first_value(item, "headlines", "headline"), "headline")
    lead = first_sentence(paragraphs[0])
    headline = cut(agency_headline, MAX_HEADLINE) or make_headline(lead)
    if not headline:
        raise SeedError("no headline: the item has none, and its lead no sentence to make one from")
    standfirst = _one_line(_first_value(item, "descriptions", "description_text"), "description")
    if repeats_the_body(standfirst, paragraphs):
        standfirst = ""  # TT's teaser: the lead again, cut mid-word
    located = _one_line(item.get("located"), "located")
    published = _time(item, "firstcreated", today) or _time(item, "versioncreated", today)
    if published is None:
        raise SeedError("no time: the item has neither firstcreated nor versioncreated")
    credit = _one_line(item.get("copyrightholder") or item.get("by"), "copyrightholder") or agency
    return Seed(
        wire_date=published.date(),
        # In capitals, composed again, as a seed's: "ΐ" in capitals is three characters, which compose to two.
        dateline=cut(unicodedata.normalize("NFC", (located or city).upper()), MAX_DATELINE),
        dateline_country="" if located else country,
        paragraphs=paragraphs,
        headline=headline,
        standfirst=cut(standfirst or lead, STANDFIRST_LENGTH),
        credit=cut(credit, MAX_CREDIT),
        # Of the item's content, not its layout: the same item indented otherwise is unchanged.
        source_hash=hashlib.sha256(json.dumps(item, sort_keys=True, separators=(",", ":")).encode()).hexdigest(),
        ref=uri,
        published_at=published,
        language=_language(item.get("language")),
        embargo_until=_time(item, "embargoed", today, bounded=False),
        pubstatus=pubstatus,
        version=str(item.get("version", "")),
        agency_headline=bool(agency_headline),
        country_codes=country_codes(item),
    )


def lead_dateline(paragraphs):
    """(city, country, agency, paragraphs) with an agency's dateline ("GROSSETO, Italy (AP) \u2014") taken out
    of the lead by the rule a seed's is read by (datelines.read_dateline); '' for what is not there."""
    if not paragraphs:
        return "", "", "", paragraphs
    city, country, agency, rest = read_dateline(paragraphs[0])
    if rest == paragraphs[0]:
        return "", "", "", paragraphs
    return city, country, agency, [rest.strip()] * bool(rest.strip()) + paragraphs[1:]


def repeats_the_body(description, paragraphs):
    """Whether the description is only the body's first words again, its last perhaps cut (TT's teaser):
    compared word by word, so that its own spacing, dashes and an ellipsis do not count."""
    words = WORD.findall(read_dateline(description)[3].casefold())
    if not words:
        return False
    body = [word[0] for word in islice(WORD.finditer("\n".join(paragraphs).casefold()), len(words))]
    return len(body) == len(words) and body[:-1] == words[:-1] and body[-1].startswith(words[-1])


def body_paragraphs(item):
    """The item's body as paragraphs: its first HTML body reduced to paragraphs, else its first text body."""
    bodies = [b for b in _list(item.get("bodies")) if isinstance(b, dict) and isinstance(b.get("value"), str)]
    html = [b["value"] for b in bodies if _is_html(b)]
    text = [b["value"] for b in bodies if not _is_html(b) and b.get("contenttype", "text/plain") == "text/plain"]
    for key, found in (("body_html", html), ("body_text", text)):  # ninjs 1.x
        if isinstance(item.get(key), str):
            found.append(item[key])
    if html and (paragraphs := html_paragraphs(html[0])):
        return paragraphs
    return text_paragraphs(text[0]) if text else []


def _is_html(body):
    return body.get("contenttype") in HTML_TYPES or ("contenttype" not in body and "html" in str(body.get("role")))


def country_codes(item):
    """ISO 3166-1 alpha-2 codes the item's places (by `literal` or `uri`) and subjects (by `uri`) carry."""
    codes = []
    for key in ("places", "subjects"):
        for entry in _list(item.get(key)):
            if not isinstance(entry, dict):
                continue
            found = ISO_URI.search(entry["uri"]) if isinstance(entry.get("uri"), str) else None
            code = found[1] if found else (entry.get("literal") if key == "places" else None)
            if country_of_code(code) and code.upper() not in codes:
                codes.append(code.upper())
    return tuple(codes)


def _uri(value):
    if not isinstance(value, str) or not value.strip():
        raise SeedError("no uri: a ninjs item needs its uri, which becomes the story's reference")
    if len(value) > MAX_URI_LENGTH:
        raise SeedError(f"the uri is longer than {MAX_URI_LENGTH} characters")
    if not value.isprintable() or any(ch.isspace() for ch in value):
        raise SeedError("the uri contains spaces or control characters")
    return value


def _first_value(item, plural, singular):
    """The value of the main (or first) entry of `plural` ([{role, value}]), or the 1.x string `singular`."""
    entries = [e for e in _list(item.get(plural)) if isinstance(e, dict) and isinstance(e.get("value"), str)]
    entries.sort(key=lambda e: e.get("role") not in ("main", "summary"))
    if entries:
        entry = entries[0]
        return " ".join(html_paragraphs(entry["value"])) if _is_html(entry) else entry["value"]
    return item.get(singular) if isinstance(item.get(singular), str) else ""


def _one_line(value, what):
    if not isinstance(value, str):
        return ""
    return " ".join(_checked([clean_text(value)], what)[0].split())


def _checked(texts, what):
    """`texts`, refused if any holds what copy may not (controls, what XML cannot carry), as a seed's would be."""
    for text in texts:
        found = control_character(text)
        if found or xml_illegal(text):
            shown = f"U+{ord(found[1]):04X}" if found else "a character XML cannot carry"
            raise SeedError(f"the {what} contains control characters, not plain text ({shown})")
    return texts


def _time(item, key, today, bounded=True):
    value = item.get(key)
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise SeedError(f"{key} {_shown(value)} is not a date and time (RFC 3339, e.g. 2024-05-06T10:00:00Z)")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)  # RFC 3339 requires an offset; UTC is the likeliest
    first, last = wire_dates(today or datetime.date.today())
    if bounded and not first <= moment.date() <= last:
        raise SeedError(f"{key} {value} is outside the range of wire dates, {first} to {last}")
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise SeedError(f"{key} {value} is outside the range of dates") from None


def _language(value):
    if value is None:
        return None
    if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
        raise SeedError(f"language {_shown(value)} is not a language tag (BCP 47, e.g. en, de, sv-SE)")
    return value


def _list(value):
    return value if isinstance(value, list) else []


def _shown(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "..."
