"""The ministry register: each ministry's name and the variants wire copy uses, and the key that tells two
names of one ministry apart from two ministries. Pure: built from the data file or from what editors keep
in the admin, and handed to the tagger like the topic vocabulary."""

import functools
import re
from pathlib import Path

from .gazetteer import canonical_country, country_phrase, split_ministry_name

REGISTER_FILE = Path(__file__).resolve().parent / "data" / "ministry_register.txt"

# What a head word makes of a name: "Foreign Office", "State Department", "Secretary of State".
HEADS = {
    "minister": "ministry", "ministers": "ministry", "ministry": "ministry", "ministries": "ministry",
    "office": "office", "department": "department", "secretary": "secretary", "secretaries": "secretary",
}  # fmt: skip
# Words that never tell two ministries apart: "Ministry of National Defence" is the "Defence Ministry".
KEY_STOP_WORDS = {"of", "for", "and", "the", "&", "federal", "hm", "national", "affairs", "in"}
SPELLING = {
    "defense": "defence",
    "labor": "labour",
    "healthcare": "health",
    "programme": "program",
    "transportation": "transport",
}
WORD = re.compile(r"[^\W\d_][\w-]*|\d+")


def normal_word(word):
    """One spelling and number for a word of a portfolio: 'Investments' -> 'investment', 'Defense' -> 'defence'."""
    word = word.casefold().replace("\u2019", "'")
    word = SPELLING.get(word, word).replace("isation", "ization")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_key(text):
    """(head, key) of a ministry's name, variant or portfolio: the key is the set of its telling words."""
    head, words = "ministry", set()
    for word in WORD.findall(text):
        folded = word.casefold()
        if folded in HEADS:
            head = HEADS[folded] if HEADS[folded] != "ministry" or head == "ministry" else head
        elif folded not in KEY_STOP_WORDS:
            words.add(normal_word(word))
    return head, frozenset(words)


@functools.lru_cache(maxsize=4096)
def ministry_identity(name):
    """(country, key) of a ministry's tag name, or None: two names of one identity are one ministry
    ("Ministry of Finance and Economy of X", "Ministry of Economy and Finance of X")."""
    portfolio, country = split_ministry_name(name)
    key = name_key(portfolio)[1] if country else None
    return (country, key) if key else None


class MinistryRegister:
    """Ministries by country and key. `entries`: (tag name, country, variants); the tag name ends in its country."""

    def __init__(self, entries=()):
        self.exact = {}  # (country, key) -> entry
        self.keys = {}  # country -> [(key, entry)] for a portfolio named in part
        self.words = set()  # every word of every name and variant: the tagger reads them as portfolio words
        for name, country, variants in entries:
            country = canonical_country(country) or country
            own = _without_country(name, country)
            entry = _Entry(name, {"ministry", "secretary"})
            for text in (own, *variants):
                head, key = name_key(text)
                if not key:
                    continue
                entry.heads.add(head)
                self.exact.setdefault((country, key), entry)
                self.keys.setdefault(country, []).append((key, entry))
                self.words.update(word for word in WORD.findall(text) if _telling(word))

    @classmethod
    def from_file(cls, path=REGISTER_FILE):
        return cls(read_register_file(path))

    def fold(self, country, head, key):
        """The register's name for this ministry, or None: the whole key, or the one ministry it is part of."""
        entry = self.exact.get((country, key))
        if entry is None and key and head == "ministry":
            holders = {id(found): found for found_key, found in self.keys.get(country, ()) if key <= found_key}
            entry = next(iter(holders.values())) if len(holders) == 1 else None
        if entry is not None and head in entry.heads:
            return entry.name
        return None


def _telling(word):
    folded = word.casefold()
    return word[:1].isupper() and folded not in HEADS and folded not in KEY_STOP_WORDS and not canonical_country(word)


class _Entry:
    __slots__ = ("name", "heads")

    def __init__(self, name, heads):
        self.name, self.heads = name, heads


def _without_country(name, country):
    suffix = f" of {country_phrase(country)}"
    return name[: -len(suffix)] if name.endswith(suffix) else name


def read_register_file(path=REGISTER_FILE):
    """[(tag name, country, [variants])] from the register's data file (its format is in its header)."""
    entries, country = [], None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            country = canonical_country(line.strip("[]"))
            if country is None:
                raise ValueError(f"{path}:{number}: {line} is not a country of the gazetteer")
            continue
        official, _sep, variants = line.partition("=")
        official = " ".join(official.split())
        variants = [" ".join(variant.split()) for variant in variants.split(";") if variant.strip()]
        entries.append((f"{official} of {country_phrase(country)}", country, variants))
    return entries
