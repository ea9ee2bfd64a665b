"""Datelines and credits as each agency writes them: pure functions of the copy's text.

    BAKU, Azerbaijan, June 15.            Trend             MOSCOW, Feb 14 (Reuters) -     Reuters
    NAIROBI, Kenya, Sept.24.              (no space)        NAIROBI (Reuters) -            Reuters, no date
    Baku, January 22, AZERTAC.            AZERTAC           BAKU (APA):                    an agency in brackets
    YEREVAN, APRIL 17, ARMENPRESS.        Armenpress        NUR-SULTAN. KAZINFORM -        Kazinform, Kabar, TDH
    Tbilisi, 27 February 2024 -           a ministry        Baku. 15 June. REPORT.AZ/      Report, older copy
    NAIROBI -  /  WASHINGTON, DC -        a city and dash   (AZERTAC) -                    an agency alone
    GROSSETO, Italy (AP) — (or --)        AP, Italy

Every pattern is anchored and bounded (a city of at most 40 characters, white space taken whole), so a
dateline is read in constant time whatever follows it.
"""

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DASH = r"(?:-{1,2}|[\u2012\u2013\u2014\u2015])"
_MONTH = rf"(?i:{MONTHS})\.?"
# "June 15", "Sept.24", "SEPT. 24", "15 June", "27 February 2024", "Jan. 10, 2024"
_DATE = rf"(?:{_MONTH}\s*+\d{{1,2}}(?!\d)|\d{{1,2}}\s++{_MONTH}(?!\w))(?:,?\s++\d{{4}}(?!\d))?"
_CITY = r"(?P<city>[^\W\d_a-z][^\W\d_]*+(?:[ '-][^\W\d_]++){0,3})"
# An agency as a dateline writes it: "AZERTAC", "ARMENPRESS", "REPORT.AZ", "24.kg" (in capitals, or known).
_CAPS_AGENCY = r"[A-Z0-9][A-Z0-9.&-]*[A-Z0-9](?:\s[A-Z][A-Z0-9.&-]+){0,2}"
_BRACKETED = r"\((?P<{}>[^()\n]{{1,40}})\)"
_END = rf"\s*+(?:{_DASH}|[.:/])?[ \t]*+"

DATELINE = re.compile(
    rf"\A{_CITY}(?:"
    # "BAKU, Azerbaijan, June 15." / "Baku, January 22, AZERTAC." / "MOSCOW, Feb 14 (Reuters) -"
    rf",\s*+(?:(?P<country>[^\W\d_][^,\n\d()]{{1,40}}?),\s*+)?(?P<date>{_DATE})"
    rf"(?:\s*+{_BRACKETED.format('bracketed')}|,\s*+(?P<after_date>{_CAPS_AGENCY})(?=\s*+(?:[.:/]|{_DASH}|\n|\Z)))?"
    rf"\s*+[.,:]?"
    # "NAIROBI (Reuters) -", "BAKU (APA):"
    rf"|\s*+{_BRACKETED.format('bracketed2')}"
    # "GROSSETO, Italy (AP) —", "PARIS, France (Reuters) -": a country or region, then the agency
    rf"|,\s*+(?P<place>[A-Z][\w.'-]*+(?: [A-Z][\w.'-]*+){{0,2}})\s*+{_BRACKETED.format('bracketed3')}"
    # "Baku. 15 June. REPORT.AZ/"
    rf"|\.\s++{_DATE}\.\s++(?P<slashed>{_CAPS_AGENCY})(?=/)"
    # "NUR-SULTAN. KAZINFORM -"
    rf"|\.\s++(?P<dotted>{_CAPS_AGENCY})(?=\s*+(?:{_DASH}|:))"
    # "NAIROBI -", "WASHINGTON, DC -": a city in capitals (or Title Case and known) and a dash
    rf"|(?:,\s*+(?P<region>[A-Z][A-Za-z.]{{1,20}}))?(?=\s++{_DASH}\s)"
    rf"){_END}"
)
AGENCY_FIRST = re.compile(rf"\A{_BRACKETED.format('bracketed')}\s*+(?:{_DASH}|:)[ \t]*+")

# Agencies by the names the copy gives them, and how the site shows each.
AGENCIES = {
    "trend": "Trend", "trend news agency": "Trend", "azernews": "AzerNews", "kazinform": "Kazinform",
    "kazinform news agency": "Kazinform", "kazinform international news agency": "Kazinform", "apa": "APA",
    "report": "Report", "report.az": "Report", "azertac": "AZERTAC", "azertag": "AZERTAC",
    "armenpress": "Armenpress", "reuters": "Reuters", "24.kg": "24.kg", "kabar": "Kabar", "akipress": "AKIpress",
    "uza": "UzA", "dunyo": "Dunyo", "khovar": "Khovar", "tdh": "TDH", "xinhua": "Xinhua", "tass": "TASS",
    "ria novosti": "RIA Novosti", "interfax": "Interfax", "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency", "irna": "IRNA", "tasnim": "Tasnim", "mehr": "Mehr", "isna": "ISNA",
    "sputnik": "Sputnik", "ap": "AP", "afp": "AFP", "bloomberg": "Bloomberg", "news.az": "News.az",
    "ukrinform": "Ukrinform", "bta": "BTA", "ctk": "CTK", "ansa": "ANSA", "efe": "EFE", "dpa": "dpa",
    "yonhap": "Yonhap", "kyodo": "Kyodo", "turan": "Turan", "day.az": "Day.Az", "asia-plus": "Asia-Plus",
    "interpressnews": "Interpressnews", "news.am": "News.am", "arka": "Arka", "tengrinews": "Tengrinews",
}  # fmt: skip
_KNOWN = "|".join(sorted((re.escape(name) for name in AGENCIES), key=len, reverse=True))
_NAMED = r"(?P<agency>[A-Z0-9][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})"
_AS = r"(?:\s+(?i:news\s+agency))?(?:'s)?(?:\s+correspondent)?"
_REPORTS = r"(?:reports|reported|informs|writes|has\s+learned)"
_SOURCE = r"(?:,?\s+(?:with\s+reference\s+to|citing|via|quoting|referring\s+to)\s[^.!?\n]{0,200}?)?"
# "..., Trend reports." "..., a Kazinform correspondent reports." "..., APA reports citing the ministry." at a
# sentence's end, and "..., reports 24.kg."
CREDIT = re.compile(
    rf"[,;]\s+(?:(?P<article>a|an|the)\s+)?{_NAMED}{_AS}\s+{_REPORTS}{_SOURCE}\s*(?P<end>[.!?](?=\s|\Z)|\Z)"
    rf"|[,;]\s+(?:reports|reported|informs)\s+(?P<agency2>[A-Z0-9][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){{0,2}})"
    rf"\s*(?P<end2>[.!?](?=\s|\Z)|\Z)"
)
# Known agencies only, anywhere: "told Trend", "citing Trend", "Report informs, ...", "AZERTAC reports".
NAMED_AGENCY = re.compile(
    rf"(?:\b(?:told|citing|according\s+to)\s+(?P<told>{_KNOWN})(?!\w|\.\w)"
    rf"|(?<![\w.])(?P<reporting>{_KNOWN}){_AS}\s+{_REPORTS}\b)",
    re.IGNORECASE,
)
NAMING_WORDS = ("told", "citing", "ccording", "reports", "reported", "informs", "writes", "learned")
CITING = re.compile(rf",\s+citing\s+(?:{_KNOWN})(?!\w|\.\w)\s*(?=[.!?]|\Z)", re.IGNORECASE)
MAX_CREDIT_LENGTH = 100
AGENCY_NAME = re.compile(r"[A-Z0-9][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}")


def read_dateline(text):
    """(city, country, agency, rest of the text) from the start of a story's copy; '' for what is not there."""
    match = DATELINE.match(text)
    if match and _is_dateline(match):
        agencies = ("bracketed", "bracketed2", "bracketed3", "after_date", "slashed", "dotted")
        agency = next((match[group] for group in agencies if match[group]), "")
        region = match["region"] or ""
        country = match["country"] or match["place"] or (region if len(region) > 3 else "")
        return _city(match["city"]), " ".join(country.split()), agency_name(agency), text[match.end() :]
    match = AGENCY_FIRST.match(text)
    if match and _looks_like_agency(match["bracketed"]):
        return "", "", agency_name(match["bracketed"]), text[match.end() :]
    return "", "", "", text


def _is_dateline(match):
    bracketed = match["bracketed"] or match["bracketed2"] or match["bracketed3"]
    if bracketed is not None and not _looks_like_agency(bracketed):
        return False
    # A bare "City -" is a dateline only in capitals: "Kazakhstan - Kyrgyzstan border talks" is a lead.
    marked = ("country", "date", "bracketed", "bracketed2", "bracketed3", "after_date", "slashed", "dotted")
    return any(match[group] for group in marked) or match["city"].isupper()


def _looks_like_agency(text):
    """'Reuters', 'APA', '24.kg', 'Trend News Agency'; not '2023' or 'in Baku'."""
    text = " ".join(text.split())
    return bool(text) and (text.casefold() in AGENCIES or bool(AGENCY_NAME.fullmatch(text)))


def _city(city):
    return " ".join(city.split()).upper()


def agency_name(name):
    """An agency as the site shows it: 'ARMENPRESS' -> 'Armenpress', 'Kazinform News Agency' -> 'Kazinform'."""
    name = " ".join(name.split()).strip(" .,")
    known = AGENCIES.get(name.casefold())
    if known:
        return known
    bare = re.sub(r"\s+(?i:news\s+agency|agency)\Z", "", name)
    return AGENCIES.get(bare.casefold(), bare)[:MAX_CREDIT_LENGTH]


def split_credit(lead):
    """'... relations, Trend reports. More.' -> ('Trend', '... relations. More.')."""
    match = CREDIT.search(lead)
    if not match:
        return "", lead
    agency = match["agency"] or match["agency2"]
    end = match["end"] if match["agency"] else match["end2"]
    if len(agency) > MAX_CREDIT_LENGTH or agency.split()[0] in ("It", "He", "She", "They", "This", "The"):
        return "", lead
    if match["article"] and "correspondent" not in match[0]:
        return "", lead  # "..., the State Statistics Committee reports": a source, not the agency
    return agency_name(agency), lead[: match.start()] + (end or ".") + lead[match.end() :]


def named_agency(text):
    """A known agency the copy names as its source: 'told Trend', 'citing Trend', 'Report informs'."""
    if not any(word in text for word in NAMING_WORDS):
        return ""  # the pattern of every agency's name need not look
    match = NAMED_AGENCY.search(text)
    return agency_name(match["told"] or match["reporting"]) if match else ""


def drop_citing(sentence):
    """'... by six months, citing Trend.' -> '... by six months.'"""
    return CITING.sub("", sentence)
