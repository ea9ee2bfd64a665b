"""Tags proposed for a story: pure functions of its text and of the topic vocabulary handed in."""

import re
from dataclasses import dataclass

from ..text import name_key
from .gazetteer import (
    DEMONYM_PATTERN,
    NAME_PATTERN,
    alternation,
    canonical_country,
    country_phrase,
    find_countries,
    ministry_country,
)

# Words a ministry's portfolio is made of. A person's name after the portfolio is not among them,
# which is how "Minister of Energy Daler Juma" stops at "Energy".
PORTFOLIO_WORDS = """
Administration Aerospace Affairs Agrarian Agricultural Agriculture Alleviation Arts Atomic Aviation
Budget Business Businesses Chemical Chemicals Children Circular Civil Climate Commerce Communication
Communications Competition Construction Consumer Cooperation Culture Cultural Defence Defense Development
Digital Digitalisation Digitalization Ecology Economic Economy Education Electricity Emergencies
Emergency Employment Energy Enterprise Enterprises Entrepreneurship Environment Environmental European External
Family Finance Financial Fisheries Food Foreign Forestry Gas Geology Government Green Health Healthcare
Heritage High Higher Home Housing Human Hydrocarbons Industrial Industries Industry Information
Infrastructure Innovation Innovations Innovative Integration Interior Internal International Investment
Investments Irrigation Justice Labor Labour Land Lands Legal Local Logistics Maritime Media Medium
Migration Mineral Mines Mining National Natural New Nuclear Oil Petroleum Planning Policy Population
Poverty Power Press Privatization Property Protection Public Railways Reclamation Reconstruction
Reduction Regional Relations Religious Reserves Resources Revenue Rights Road Roads Rural Science
Secondary Security Situations Small Social Space Sport Sports State Statistics Sustainable
Taxes Technologies Technology Telecommunications Territorial Tourism Trade Transition Transport
Transportation Treasury Urban Veterans Water Welfare Women Works Youth
""".split()
MAX_MINISTRY_NAME = 200  # MinistryTag.name's length
# Spelling variants folded into one tag; a bare "Foreign Minister" heads Foreign Affairs.
PORTFOLIO_SPELLING = {"Defense": "Defence", "Labor": "Labour"}
PORTFOLIO_SHORT_FORMS = {"Foreign": "Foreign Affairs", "Internal": "Internal Affairs", "Home": "Home Affairs"}

# A portfolio word (matched through a trie, see gazetteer.alternation), or an acronym such as ICT.
_WORD = "(?:" + alternation(PORTFOLIO_WORDS) + r"|[A-Z]{2,5})(?![\w'])"
_JOIN = r"\s+(?:(?:and|&|of|for|the)\s+)*"
_PORTFOLIO = rf"(?P<portfolio>{_WORD}(?:{_JOIN}{_WORD})*)"
# The same, taken whole (*+): where "Minister" must follow, a shorter run could never be followed by it.
_PORTFOLIO_RUN = rf"(?P<portfolio>{_WORD}(?:{_JOIN}{_WORD})*+)"
# Commas only where "of <Country>" closes the name: "Ministry of Investment, Industry and Trade of Uzbekistan".
_PORTFOLIO_WITH_COMMAS = rf"(?P<portfolio>{_WORD}(?:(?:\s*,\s*(?:and\s+)?|{_JOIN}){_WORD})*)"
_MINISTER = r"(?<!Prime )(?:Deputy\s+|First\s+Deputy\s+|Vice\s+)?Minist(?:er|ry)"
_RANK = r"(?:(?:First\s+)?Deputy\s+|Vice\s+)?"
_NAME = rf"(?P<country>{NAME_PATTERN})"
_DEMONYM = rf"(?P<country>{DEMONYM_PATTERN})"

MINISTRY_PHRASES = [
    # "Minister of Economy of Azerbaijan", "Ministry of Investment, Industry and Trade of Uzbekistan"
    re.compile(rf"{_MINISTER}\s+(?:of|for)\s+{_PORTFOLIO_WITH_COMMAS}\s+of\s+(?:the\s+)?{_NAME}(?![\w])"),
    # "Energy Minister of Azerbaijan", "Deputy Foreign Minister of Azerbaijan". Every run of portfolio words
    # matches, with no country when no "Minister of <Country>" follows it: so a run is read once. Tried
    # from each of its words in turn, a run of a few hundred ("AB AB AB ... Minister") took seconds a megabyte.
    re.compile(rf"(?<![\w.]){_RANK}{_PORTFOLIO_RUN}(?:\s+Minist(?:er|ry)\s+of\s+(?:the\s+)?{_NAME}(?![\w]))?"),
    # "Tajikistan's Minister of Energy and Water Resources"
    re.compile(rf"(?<![\w.]){_NAME}['\u2019]s\s+{_MINISTER}\s+(?:of|for)\s+{_PORTFOLIO}"),
    # "the Azerbaijani Ministry of Economy"
    re.compile(rf"(?<![\w.]){_DEMONYM}\s+{_MINISTER}\s+(?:of|for)\s+{_PORTFOLIO}"),
    # "Turkish Energy Minister", "Azerbaijan's Economy Minister"
    re.compile(rf"(?<![\w.]){_DEMONYM}\s+{_RANK}{_PORTFOLIO}\s+Minist(?:er|ry)(?!\w)"),
    re.compile(rf"(?<![\w.]){_NAME}['\u2019]s\s+{_RANK}{_PORTFOLIO}\s+Minist(?:er|ry)(?!\w)"),
]


def ministry_name(portfolio, country):
    """The tag name: 'Ministry of <Portfolio> of <Country>', spelled one way."""
    words = re.sub(r"\s*,\s*", ", ", " ".join(portfolio.split()))
    words = re.sub(r"\b\w+\b", lambda m: PORTFOLIO_SPELLING.get(m.group(), m.group()), words)
    words = PORTFOLIO_SHORT_FORMS.get(words, words)
    return f"Ministry of {words} of {country_phrase(canonical_country(country))}"


# How far before "Minist" a phrase can start ("the Azerbaijani Deputy Foreign ...") and after it end.
BEFORE, AFTER = 160, 260


def find_ministries(text):
    """Ministries the text names with their country, sorted; none when no country is named with one."""
    text = " ".join(text.split())
    names = set()
    for window in _windows(text, "Minist"):
        for match in (m for phrase in MINISTRY_PHRASES for m in phrase.finditer(window)):
            if match["country"] is None:
                continue  # a run of portfolio words that names no ministry
            name = ministry_name(match["portfolio"], match["country"])
            if len(name) <= MAX_MINISTRY_NAME:
                names.add(name)
    return sorted(names, key=name_key)


def _windows(text, word):
    """The stretches of text around each occurrence of `word`, merged where they overlap."""
    spans = []
    start = text.find(word)
    while start != -1:
        low, high = max(0, start - BEFORE), start + AFTER
        if spans and low <= spans[-1][1]:
            spans[-1][1] = high
        else:
            spans.append([low, high])
        start = text.find(word, start + 1)
    return [text[low:high] for low, high in spans]


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


@dataclass(frozen=True)
class ProposedTags:
    countries: list[str]
    ministries: list[str]
    topics: list[str]

    def as_dict(self):
        return {"countries": self.countries, "ministries": self.ministries, "topics": self.topics}


def propose_tags(seed, vocabulary):
    """Every tag the importer puts on a story; nothing is invented that the copy does not say."""
    text = "\n\n".join(seed.paragraphs)
    ministries = find_ministries(text)
    countries = set(find_countries(f"{seed.dateline_country}\n{text}"))
    # A ministry's country is a country of the story even when named only inside the ministry.
    countries.update(ministry_country(name) for name in ministries)
    return ProposedTags(
        countries=sorted(countries, key=name_key),
        ministries=ministries,
        topics=vocabulary.find_topics(text),
    )
