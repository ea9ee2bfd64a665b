"""Tags proposed for a story: pure functions of its text and of the topic vocabulary handed in."""

import re
from dataclasses import dataclass

from ..text import name_key
from .country_codes import country_of_code
from .gazetteer import CAPITALS, alternation, canonical_country, find_countries, ministry_country
from .ministries import EMPTY_REGISTER, find_ministries


class TopicVocabulary:
    """Topic names with their keywords, compiled once: {'Trade': ['trade', 'export'], ...}."""

    def __init__(self, keywords_by_topic):
        # One pattern for every keyword of every topic, longest first, so the text is read once.
        self.topics_of = {}
        for topic, keywords in keywords_by_topic.items():
            for keyword in keywords:
                self.topics_of.setdefault(_folded(keyword), set()).add(topic)
        # Matched against the folded text: lower case, single spaces; "industry" also as "industrie(s)".
        forms = {*self.topics_of, *(keyword[:-1] + "ie" for keyword in self.topics_of if keyword.endswith("y"))}
        self.pattern = re.compile(rf"(?<!\w)({alternation(forms)})(?:s|es)?(?!\w)") if forms else None

    def find_topics(self, text):
        if self.pattern is None:
            return []
        found = set()
        for match in self.pattern.finditer(" ".join(text.casefold().split())):
            found |= self.topics_of.get(_folded(match[1]), set())
        return sorted(found, key=name_key)


def _folded(keyword):
    """A keyword as matched, back to its form in the vocabulary: 'Industries' -> 'industry'."""
    folded = " ".join(keyword.casefold().split())
    return folded[:-2] + "y" if folded.endswith("ie") else folded


def _home_country(seed, countries):
    """The story's one country, when its dateline is there too: a minister named without a country is its."""
    if len(countries) != 1:
        return None
    [country] = countries
    at = canonical_country(seed.dateline_country) if seed.dateline_country else CAPITALS.get(seed.dateline)
    return country if at == country else None


@dataclass(frozen=True)
class ProposedTags:
    countries: list[str]
    ministries: list[str]
    topics: list[str]

    def as_dict(self):
        return {"countries": self.countries, "ministries": self.ministries, "topics": self.topics}


def is_english(language):
    """Whether copy in `language` (BCP 47; None: the site's, English) is read by the tagger."""
    return language is None or language.split("-")[0].lower() == "en"


def propose_tags(seed, vocabulary, register=EMPTY_REGISTER):
    """Every tag the importer puts on a story; nothing is invented that the copy does not say. `register`: the
    ministry register (ministries.MinistryRegister), onto whose names the ministries found are folded.

    The tagger reads English: copy in another language is tagged only with the countries its wire item
    names by ISO code (which are tagged in any language).
    """
    countries = {country_of_code(code) for code in seed.country_codes} - {None}
    if not is_english(seed.language):
        return ProposedTags(countries=sorted(countries, key=name_key), ministries=[], topics=[])
    # A wire item's own headline and summary are copy too (a seed's are made from its lead).
    text = "\n\n".join([seed.headline, seed.standfirst, *seed.paragraphs] if seed.agency_headline else seed.paragraphs)
    countries.update(find_countries(f"{seed.dateline_country}\n{text}"))
    ministries = find_ministries(text, register, home_country=_home_country(seed, countries))
    # A ministry's country is a country of the story even when named only inside the ministry.
    countries.update(ministry_country(name) for name in ministries)
    return ProposedTags(
        countries=sorted(countries, key=name_key),
        ministries=ministries,
        topics=vocabulary.find_topics(text),
    )
