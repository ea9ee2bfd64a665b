"""Country names as wire copy writes them, compiled once for matching."""

import re

from ..text import name_key
from .country_names import COUNTRIES

# Mention -> canonical name, for proper names ("Turkey") and adjectives ("Turkish") separately.
NAMES = {}
DEMONYMS = {}
for _canonical, _alternatives, _demonyms in COUNTRIES:
    for _name in (_canonical, *_alternatives):
        NAMES[_name] = _canonical
    for _demonym in _demonyms:
        DEMONYMS[_demonym] = _canonical

_CASEFOLDED = {mention.casefold(): canonical for mention, canonical in {**DEMONYMS, **NAMES}.items()}


def alternation(mentions):
    """A regex matching any of the mentions, the longest where several start alike ('Guinea-Bissau', not
    'Guinea'). Built as a trie: Python's regex engine tries a flat list of 600 names one by one at
    every position, but follows a trie letter by letter."""
    trie = {}
    for mention in mentions:
        node = trie
        for char in mention:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node):
    branches = [_char(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A name that ends here may also go on ('Guinea', 'Guinea-Bissau'): the greedy ? prefers the longer.
    return f"(?:{pattern})?" if "" in node else pattern


def _char(char):
    return "['\u2019]" if char == "'" else re.escape(char)


NAME_PATTERN = alternation(NAMES)
DEMONYM_PATTERN = alternation(DEMONYMS)
# Names and adjectives in one trie, for a reader that tells them apart afterwards (NAMES): one pass, not two.
PLACE_PATTERN = alternation({**NAMES, **DEMONYMS})
# "US$" is a currency, not a mention of the United States.
MENTION = re.compile(rf"(?<![\w.])(?:{NAME_PATTERN}|{DEMONYM_PATTERN})(?![\w$])")
# Places and people whose names contain a country's: "New Mexico", "Latin American", "Michael Jordan".
NOT_COUNTRIES = re.compile(
    r"\bNew Mexico\b|\b(?:Latin|South|North|Central) Americans?\b|\bIndian Ocean\b|\bBritish Columbia\b"
    r"|\bBritish Virgin Islands\b|\bAmerican Samoa\b"
    r"|(?<!of )(?<!in )(?<!to )\b(?:Chad|Jordan) (?=[A-Z][a-z])"
    r"|\b(?!(?:King|Queen|Prince|The|In|To|Of|And)\b)[A-Z][a-z]+ (?:Chad|Jordan)\b"
)
# A word every one of those contains: most copy has none, and a substring test is far cheaper than the regex.
NOT_COUNTRY_WORDS = ("Mexico", "American", "Indian Ocean", "British", "Chad", "Jordan")


def canonical_country(mention):
    """'Turkey', 'turkey', 'Türkiye', 'Turkish' -> 'Türkiye'; None for anything else."""
    mention = " ".join(mention.replace("\u2019", "'").split())
    return _CASEFOLDED.get(mention.casefold())


def find_countries(text):
    """Canonical names of every country the text mentions by name or adjective, sorted."""
    if any(word in text for word in NOT_COUNTRY_WORDS):
        text = NOT_COUNTRIES.sub(" ", text)
    return sorted({canonical_country(match.group()) for match in MENTION.finditer(text)}, key=name_key)


# Names read with "the" after "of": "Ministry of Health of the Netherlands".
_WITH_ARTICLE = ("United ", "Republic ", "Democratic ", "Central African", "Dominican ", "Czech ")
_PLURAL_NAMES = {
    "Bahamas",
    "Comoros",
    "Gambia",
    "Maldives",
    "Marshall Islands",
    "Netherlands",
    "Philippines",
    "Seychelles",
    "Solomon Islands",
    "United Arab Emirates",
}


def country_phrase(canonical):
    """'Netherlands' -> 'the Netherlands', 'Azerbaijan' -> 'Azerbaijan'."""
    return f"the {canonical}" if canonical.startswith(_WITH_ARTICLE) or canonical in _PLURAL_NAMES else canonical


_MINISTRY_COUNTRY = re.compile(rf"\bof\s+(?:the\s+)?(?P<country>{NAME_PATTERN})\s*\Z")


def ministry_country(ministry_name):
    """'Ministry of Economy of Azerbaijan' -> 'Azerbaijan'; None when the name ends in no country."""
    return split_ministry_name(ministry_name)[1]


def split_ministry_name(ministry_name):
    """'Ministry of Economy of Azerbaijan' -> ('Ministry of Economy', 'Azerbaijan'); (name, None) without one."""
    name = " ".join(ministry_name.replace("\u2019", "'").split())
    match = _MINISTRY_COUNTRY.search(name)
    return (name[: match.start()], canonical_country(match["country"])) if match else (name, None)


# Capitals and the wire's other dateline cities, in capitals as a dateline shows them: "NAIROBI" is in Kenya.
CAPITALS = {
    city.upper(): country
    for country, cities in (
        ("Azerbaijan", "Baku Ganja Shusha"), ("Armenia", "Yerevan"), ("Georgia", "Tbilisi Batumi"),
        ("Kazakhstan", "Astana Nur-Sultan Almaty Aktau"), ("Kyrgyzstan", "Bishkek Osh"), ("Tajikistan", "Dushanbe"),
        ("Turkmenistan", "Ashgabat"), ("Uzbekistan", "Tashkent Samarkand"), ("Türkiye", "Ankara Istanbul"),
        ("Iran", "Tehran"), ("Russia", "Moscow"), ("China", "Beijing Shanghai"), ("Ukraine", "Kyiv Kiev"),
        ("Belarus", "Minsk"), ("Moldova", "Chisinau"), ("United Kingdom", "London"), ("United States", "Washington"),
        ("France", "Paris"), ("Germany", "Berlin"), ("Italy", "Rome"), ("Spain", "Madrid"), ("Austria", "Vienna"),
        ("Belgium", "Brussels"), ("Bulgaria", "Sofia"), ("Croatia", "Zagreb"), ("Cyprus", "Nicosia"),
        ("Czechia", "Prague"), ("Denmark", "Copenhagen"), ("Estonia", "Tallinn"), ("Finland", "Helsinki"),
        ("Greece", "Athens"), ("Hungary", "Budapest"), ("Ireland", "Dublin"), ("Latvia", "Riga"),
        ("Lithuania", "Vilnius"), ("Malta", "Valletta"), ("Netherlands", "Amsterdam"), ("Poland", "Warsaw"),
        ("Portugal", "Lisbon"), ("Romania", "Bucharest"), ("Slovakia", "Bratislava"), ("Slovenia", "Ljubljana"),
        ("Sweden", "Stockholm"), ("Kenya", "Nairobi"), ("Uganda", "Kampala"), ("Pakistan", "Islamabad"),
        ("India", "New_Delhi"), ("Japan", "Tokyo"), ("South Korea", "Seoul"), ("Saudi Arabia", "Riyadh"),
        ("United Arab Emirates", "Abu_Dhabi Dubai"), ("Qatar", "Doha"), ("Egypt", "Cairo"), ("Afghanistan", "Kabul"),
        ("Mongolia", "Ulaanbaatar"), ("Serbia", "Belgrade"), ("Chile", "Santiago"), ("Peru", "Lima"),
    )
    for city in cities.replace("_", "\0").split()
    for city in [city.replace("\0", " ")]
}  # fmt: skip
