"""Ministries named in wire copy, each under one name: pure functions of the text and of the register handed in.

The copy around each "Minister"/"Ministry" (and, for ministries the register names so, "Office", "Department",
"Secretary") is read as words: a portfolio before or after the head, and the countries it belongs to, before
("Turkish", "Kenya's", "The Estonian and Latvian") or after ("of Chile and Peru", "Ana Petrova of Bulgaria,
Ivan Horvat of Croatia"). Every country and every portfolio of a phrase makes its own ministry; each is folded
onto the register's name, or given the normal form "Ministry of <Portfolio> of <Country>".
"""

import functools
import re

from ..text import LazyPattern
from ..text import name_key as sort_key
from .gazetteer import (
    NAMES,
    NOT_COUNTRIES,
    NOT_COUNTRY_WORDS,
    PLACE_PATTERN,
    canonical_country,
    country_phrase,
)
from .portfolios import (
    ADJECTIVES,
    DISPLAY_SPELLING,
    LOWER_CASE_PORTFOLIO,
    PORTFOLIO_WORDS,
    SHORT_FORMS,
)
from .register import MinistryRegister, name_key

RANKS = {"deputy", "vice", "first", "acting"}
# "Prime Minister", "Chief Minister", "Minister-Counsellor" (one word), "Minister Counsellor": no ministry.
NOT_BEFORE_HEAD = {"prime", "chief", "premier"}
NOT_AFTER_HEAD = {"counsellor", "counselor", "plenipotentiary", "without", "president"}
# Titles that stand between a minister and a "counterpart" who is then not a minister's counterpart.
OTHER_TITLES = {"president", "prime", "ambassador", "speaker", "chairman", "governor", "mayor", "king", "emir"}
MAX_MINISTRY_NAME = 200  # MinistryTag.name's length
EMPTY_REGISTER = MinistryRegister()
# How far before a head a phrase can start ("The Estonian and Latvian defence ...") and after it end.
BEFORE, AFTER = 120, 200
RUN_WORDS = 14
TRIGGERS = ("inist", "MFA", "FM", "Department", "Office", "Secretar")
SHORT_TRIGGERS = ("MFA", "FM")
APOSTROPHES = str.maketrans({"\u2019": "'", "`": "'", "\u00b4": "'", "\u2018": "'", "\u02bc": "'"})
TOKEN = LazyPattern(
    rf"(?P<place>(?<![\w.])(?=[A-Z])(?:{PLACE_PATTERN})(?![\w$]))"
    r"|(?P<possessive>'s(?!\w))"
    r"|(?P<word>[^\W\d_][\w-]*)"
    r"|(?P<punct>[^\w\s])"
)
HEADS = {"minister", "ministers", "ministry", "ministries"}
REGISTER_HEADS = {"Office": "office", "Department": "department", "Secretary": "secretary", "Secretaries": "secretary"}
JOINERS = {"and", "&", "of", "for", "the"}
# "the Kazakh MFA", "Azerbaijani FM Jeyhun Bayramov": the foreign ministry, or its minister.
FOREIGN_MINISTRY = {"MFA", "FM", "FMs"}
ACRONYM = re.compile(r"[A-Z]{2,5}\Z")
KNOWN_WORDS = 50_000


class _Words:
    """A stretch of copy as words, each with its class: C country, D demonym, S 's, H head, R register head,
    A 'MFA', K rank, J joiner, P portfolio word, N a capitalised other word, w other, and punctuation.
    PAD empty words at each end let the readers look a few words past either end without a check."""

    PAD = 4

    def __init__(self, text, vocabulary):
        portfolio_words, known = vocabulary
        tokens = [(match.lastgroup, match[0]) for match in TOKEN.finditer(text)]
        if len(known) > KNOWN_WORDS:
            known.clear()  # a long import sees ever more words: the cache stays within bounds
        found = [known.get(token) or known.setdefault(token, _classify(*token, portfolio_words)) for token in tokens]
        pad = [""] * self.PAD
        classes = [cls for cls, _low, _country in found]
        # An acronym is a portfolio word after "and", "of": "Science and ICT".
        before = ["", *classes[:-1]]
        classes = [("P" if j == "J" else "N") if cls == "a" else cls for j, cls in zip(before, classes, strict=True)]
        self.cls = [*pad, *classes, *pad]
        self.text = [*pad, *(value for _kind, value in tokens), *pad]
        self.low = [*pad, *(low for _cls, low, _country in found), *pad]
        self.country = [*pad, *(country for _cls, _low, country in found), *pad]
        self.end = self.PAD + len(tokens)


@functools.lru_cache(maxsize=8)
def _vocabulary(register):
    """The portfolio words a register adds to the tagger's, and the classes of the words seen so far."""
    return frozenset(PORTFOLIO_WORDS) | register.words, {}


def _classify(kind, value, portfolio_words):
    """(class, the word in lower case, its country) of one word of copy."""
    country = canonical_country(value) if kind == "place" else None
    return _word_class(kind, value, portfolio_words), value.casefold(), country


def _word_class(kind, value, portfolio_words):
    if kind == "place":
        return "C" if value in NAMES else "D"
    if kind == "possessive":
        return "S"
    if kind == "punct":
        return "J" if value == "&" else ("," if value == "," else ("." if value in '.;:!?"' else value))

    folded = value.casefold()
    if folded in HEADS or folded.endswith(("-minister", "-ministers")):
        return "H"
    if value in REGISTER_HEADS:
        return "R"
    if value in FOREIGN_MINISTRY:
        return "A"
    if folded in RANKS:
        return "K"
    if folded in JOINERS:
        return "J"
    if value in portfolio_words or (value.islower() and folded in LOWER_CASE_PORTFOLIO):
        return "P"
    if ACRONYM.match(value):
        return "a"
    return "N" if value[:1].isupper() else "w"


class _Mention:
    __slots__ = ("countries", "head", "portfolio", "junior", "start", "end")

    def __init__(self, countries, head, portfolio, junior, start, end):
        self.countries, self.head, self.portfolio, self.junior = countries, head, portfolio, junior
        self.start, self.end = start, end


def find_ministries(text, register=EMPTY_REGISTER, home_country=None):
    """Ministries the text names with their country, sorted. `home_country`: the story's one country, for a
    minister named without one ("Energy Minister Jane Doe" in a Nairobi story about Kenya alone)."""
    text = " ".join(text.translate(APOSTROPHES).split())
    if any(word in text for word in NOT_COUNTRY_WORDS):
        text = NOT_COUNTRIES.sub(" ", text)
    vocabulary = _vocabulary(register)
    names, made = set(), {}
    for window in _windows(text):
        words = _Words(window, vocabulary)
        heads = (n for n in range(words.PAD, words.end) if words.cls[n] in ("H", "R", "A"))
        mentions = [mention for n in heads for mention in _read(words, n)]
        mentions += _counterparts(words, mentions)
        for mention in mentions:
            countries = mention.countries or ([home_country] if home_country else [])
            for country in countries:
                for portfolio in mention.portfolio:
                    # A name is made once for each way the copy puts it, however often it does.
                    key = (country, mention.head, tuple(portfolio), mention.junior)
                    if key not in made:
                        made[key] = _ministry_name(country, mention.head, portfolio, register, mention.junior)
                    if made[key] and len(made[key]) <= MAX_MINISTRY_NAME:
                        names.add(made[key])
    return sorted(names, key=sort_key)


def _windows(text):
    """The stretches of text around each head word, merged where they overlap."""
    spans = []
    for start in sorted(_heads_at(text)):
        low, high = max(0, start - BEFORE), start + AFTER
        if spans and low <= spans[-1][1]:
            spans[-1][1] = high
        else:
            spans.append([low, high])
    return [text[low:high] for low, high in spans]


def _heads_at(text):
    """Where a head word may be: str.find for each (a regular expression of alternatives tries each at every
    character), checked where the word could be a false start ("FMCG")."""
    for word in TRIGGERS:
        start = text.find(word)
        while start != -1:
            if word not in SHORT_TRIGGERS or not (
                text[start - 1 : start].isalnum() or _word_goes_on(text, start, word)
            ):
                yield start
            start = text.find(word, start + 1)


def _word_goes_on(text, start, word):
    after = text[start + len(word) : start + len(word) + 1]
    return after.isalnum() and not (word == "FM" and after == "s")


def _read(words, n):
    """The mention made by the head word at n, if it names a portfolio: [] or [_Mention]."""
    before = words.low[n - 1]
    if before in NOT_BEFORE_HEAD or (words.cls[n + 1] == "N" and words.low[n + 1] in NOT_AFTER_HEAD):
        return []
    if words.cls[n - 1] == "K" and words.low[n - 1] == "first" and words.cls[n - 2] not in ("K",):
        return []  # "First Minister"; "First Deputy Minister" has its rank before "Deputy"
    head = "ministry" if words.cls[n] in "HA" else REGISTER_HEADS[words.text[n]]
    plural = words.low[n].endswith(("ers", "ries", "ies")) or words.low[n] in ("secretaries", "fms")
    if words.cls[n] == "A":
        portfolios, junior, after = [[("Foreign", "P")]], False, n + 1
    else:
        portfolios, junior, after = _forward(words, n)
    start = n
    if portfolios:
        countries = _countries_after(words, after, plural) or _countries_before(words, _title_start(words, n), plural)
    else:
        found = _backward(words, n)
        if not found:
            return []
        portfolios, start = found
        countries = _countries_before(words, start, plural) or _countries_after(words, n + 1, plural)
        portfolios = _split_plural(portfolios, plural)
    return [_Mention(countries, head, portfolios, junior, start, after)]


def _title_start(words, n):
    """Where the title ending in the head at n starts: "Uzbek Deputy Prime Minister - Minister of Investment"
    names its country before the first of its two posts."""
    if words.cls[n - 1] in ("-", "\u2013", "\u2014") and words.low[n - 2] == "minister" and words.low[n - 3] == "prime":
        return n - 3
    return n


def _forward(words, n):
    """'of Economy', 'for Europe', 'of economy and of energy': ([portfolio, ...], junior, index after)."""
    k = n + 1
    if words.low[k] not in ("of", "for"):
        return [], False, k
    k += 1
    if words.low[k] == "the":
        k += 1
    junior = False
    if words.low[k] == "state" and words.cls[k + 1] != "P" and words.cls[n] == "H":
        if words.low[k + 1 : k + 2] != ["for"]:
            return [], False, k  # "Minister of State": a rank
        junior, k = True, k + 2  # "Minister of State for Europe": the register says whose
    end = _run_end(words, k)
    if end == k:
        return [], False, k
    run = list(range(k, end))
    classes = [words.cls[i] for i in run]
    if "," in classes and not _country_follows(words, end) and "and" not in words.low[run[classes.index(",")] : end]:
        # Commas only where "of <Country>" or "..., X and Y" closes the name: "Economy, State Tax Service" is two.
        run = run[: classes.index(",")]
    end = run[-1] + 1
    if words.cls[end] == "(" and ")" in words.cls[end + 1 : end + 5]:
        end = words.cls.index(")", end + 1) + 1  # "Ministry of Foreign Affairs (MFA) of Azerbaijan"
    return _split(words, run), junior, end


def _run_end(words, k):
    """The index after a run of portfolio words from k: 'Labour and Social Protection of Population'."""
    if words.cls[k] != "P":
        return k
    end, i = k + 1, k + 1
    while i < words.end and i - k < RUN_WORDS:
        j = i
        while words.cls[j] in ("J", ",") and not (words.low[j] == "of" and words.cls[j + 1] != "P"):
            j += 1
        if words.cls[j] != "P":
            break
        end = i = j + 1
    return end


def _country_follows(words, k):
    return words.low[k] == "of" and (words.cls[k + 1] == "C" or words.low[k + 1] == "the")


def _split(words, run):
    """A run of portfolio words as portfolios: split at 'and of' / ', of' ('of economy and of energy')."""
    parts, current = [], []
    for i in run:
        if words.low[i] in ("of", "for") and current and words.low[current[-1]] in ("and", ","):
            current.pop()
            parts.append(current)
            current = []
            continue
        current.append(i)
    parts.append(current)
    return [[(words.text[i], words.cls[i]) for i in part] for part in parts if part]


def _backward(words, n):
    """'Deputy Foreign Minister', 'Energy and Natural Resources Minister': ([portfolio], index where it starts)."""
    k = n - 1
    while n - k <= RUN_WORDS and words.cls[k] in ("P", "J", ",", "K") and words.low[k] != "the":
        k -= 1
    run = list(range(k + 1, n))
    commas = [i for i in run if words.cls[i] == ","]
    if commas and "and" not in words.low[commas[-1] : n]:
        run = [i for i in run if i > commas[-1]]  # "Economy, Energy Minister": the list was not his portfolio
    while run and words.cls[run[0]] in ("J", ","):
        run.pop(0)
    ranks = 0
    while ranks < len(run) and words.cls[run[ranks]] == "K":
        ranks += 1
    portfolio = run[ranks:]
    if not portfolio or words.cls[portfolio[-1]] != "P" or words.cls[portfolio[0]] != "P":
        return None
    if any(words.cls[i] == "K" for i in portfolio):
        return None
    return [[(words.text[i], words.cls[i]) for i in portfolio]], run[0]


def _split_plural(portfolios, plural):
    """'the foreign and defence ministers': two portfolios, when each part is one alone."""
    if not plural or len(portfolios) != 1:
        return portfolios
    parts, current = [], []
    for word, cls in portfolios[0]:
        if word.casefold() in ("and", "&", ","):
            parts.append(current)
            current = []
        elif cls == "P":
            current.append((word, cls))
        else:
            return portfolios
    parts.append(current)
    if len(parts) > 1 and all(len(part) == 1 and _valid([w for w, _c in part]) for part in parts):
        return parts
    return portfolios


def _countries_after(words, k, plural):
    """'of Chile and Peru', 'of Kenya Jane Doe and of Uganda John Roe', 'Ana Petrova of Bulgaria, Ivan Horvat of
    Croatia and Marko Ilic of Serbia': the countries a head or portfolio is followed by."""
    found, need_of = [], True
    while k < words.end:
        names = 0
        while words.cls[k] == "N" and names < 4:
            k, names = k + 1, names + 1
        if words.low[k] == "of":
            k += 1
        elif need_of or names:
            break
        if words.low[k] == "the":
            k += 1
        if words.cls[k] != "C" or (found and words.cls[k + 1] == "S"):
            break
        found.append(words.country[k])
        k += 1
        if not plural:
            break
        while words.cls[k] == "N" and names < 8:
            k, names = k + 1, names + 1
        if words.cls[k] != "," and words.low[k] != "and":
            break
        k += 1 + (words.cls[k] == "," and words.low[k + 1] == "and")
        need_of = False
    return found


def _countries_before(words, k, plural):
    """'Turkish', "Kenya's", 'Azerbaijan' (ranks and 'the' skipped), and 'The Estonian and Latvian' before k."""
    k -= 1
    while words.cls[k] == "K":
        k -= 1
    found = []
    while True:
        if words.cls[k] == "D":
            found.append(words.country[k])
            k -= 1
        elif words.cls[k] == "S" and words.cls[k - 1] == "C":
            found.append(words.country[k - 1])
            k -= 2
        elif words.cls[k] == "C" and not found:
            found.append(words.country[k])
            k -= 1
        else:
            break
        if not plural or not (words.cls[k] == "," or words.low[k] == "and"):
            break
        k -= 1 + (words.low[k] == "and" and words.cls[k - 1] == ",")
    return found


def _counterparts(words, mentions):
    """'his Kyrgyz counterpart' after a minister in the same sentence: that minister's portfolio, for Kyrgyzstan."""
    found = []
    for n in range(words.PAD, words.end):
        word = words.low[n]
        if word not in ("counterpart", "counterparts"):
            continue
        countries = _countries_before(words, n, plural=word.endswith("s"))
        earlier = [m for m in mentions if m.end <= n and m.countries]
        if not countries or not earlier:
            continue
        mention = earlier[-1]
        between = range(mention.end, n)
        if any(words.cls[i] == "." or words.low[i] in OTHER_TITLES or words.cls[i] in "HRA" for i in between):
            continue
        found.append(_Mention(countries, mention.head, mention.portfolio, mention.junior, n, n + 1))
    return found


def _ministry_name(country, head, portfolio, register, junior):
    """The register's name for the ministry, or the normal form; None for what is no ministry."""
    words = [word for word, _cls in portfolio]
    display = _display(words)
    if not display:
        return None
    folded = register.fold(country, head, name_key(display)[1])
    if folded:
        return folded
    if junior or head != "ministry" or not _valid(words):
        return None
    if any(cls == "P" and word not in PORTFOLIO_WORDS and word.casefold() not in LOWER_CASE_PORTFOLIO
           and not ACRONYM.match(word) for word, cls in portfolio):  # fmt: skip
        return None  # a word only the register knows ("Europe"): its ministry is the register's to name
    return f"Ministry of {display} of {country_phrase(country)}"


def _valid(words):
    telling = [word for word in words if word.casefold() not in JOINERS and word != ","]
    if not telling or len(telling) > 10 or [w.casefold() for w in telling] == ["state"]:
        return False
    last = telling[-1]
    return last.casefold() not in ADJECTIVES or last.capitalize() in SHORT_FORMS


def _display(words):
    """'foreign' -> 'Foreign Affairs'; 'Investment, Industry, and Trade' -> 'Investment, Industry and Trade'."""
    shown = []
    for word in words:
        if word == ",":
            if shown:
                shown[-1] += ","
            continue
        folded = word.casefold()
        if folded in JOINERS:
            shown.append("and" if word == "&" else folded)
            continue
        word = word if not word.islower() else word.capitalize()
        shown.append(DISPLAY_SPELLING.get(word, word))
    while shown and shown[0] in JOINERS:
        shown.pop(0)
    text = " ".join(shown).replace(", and ", " and ").rstrip(",")
    return SHORT_FORMS.get(text, text)
