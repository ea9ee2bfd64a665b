"""A headline and a standfirst from a story's lead, in the copy's own words: pure functions of the text.

The headline is the lead's first sentence, or the statement in it ("X said that <statement>"), made to fit
HEADLINE_LENGTH by leaving out what a desk editor would (the day, "of the Republic", a person's name after
a title that names the country, an opening clause, a trailing clause), then cut at a phrase boundary, never
inside a name. The standfirst is the next sentence, so that no page shows one sentence twice. Each step
reads a bounded stretch of the sentence: the time taken does not grow with a megabyte-long lead.
"""

import re
import unicodedata

from ..text import LazyPattern
from .country_names import COUNTRIES
from .gazetteer import DEMONYM_PATTERN, NAME_PATTERN, PLACE_PATTERN, alternation, canonical_country
from .portfolios import PORTFOLIO_WORDS

HEADLINE_LENGTH = 90
STANDFIRST_LENGTH = 300
# Longer than any headline could be built from: the rest of a longer sentence is never read.
READ_AT_MOST = 1000
SHORTEST_CUT = 30
DANGLING_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
PRONOUNS = {"it", "he", "she", "they", "his", "her", "their", "its", "this", "these", "we", "i", "our", "my"}

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_QUOTE_OPEN = "\"\u201c\u201e\u00ab'\u2018"
_QUOTE_CLOSE = "\"\u201d\u00bb'\u2019"
# "Yesterday, ..." "On Monday, ..." "Earlier today, ...": the day is on the page already.
OPENING_TIME = re.compile(
    rf"\A(?:Yesterday|Today|Tonight|Earlier\s+today|Earlier|Meanwhile|This\s+(?:week|morning)|On\s+{_WEEKDAY}"
    rf"|On\s+{_MONTH}\s+\d{{1,2}})\s*,\s+",
    re.IGNORECASE,
)
_SAYS = (
    r"(?:said|says|stated|noted|stressed|announced|emphasi[sz]ed|underlined|added|reported|reports|informs|confirmed"
    r"|told\s+(?:reporters|journalists|the\s+press|[A-Z][\w.]*))"
)
_WHEN = (
    rf"(?:\s+(?:on\s+{_WEEKDAY}|today|yesterday|in\s+a\s+statement|at\s+a\s+(?:briefing|press\s+conference|meeting)"
    r"|in\s+an\s+interview|during\s+[^,;\"]{1,60}?))?"
)
# "<speaker> said (on Monday) (that) <statement>": the statement is the news.
LEADING_ATTRIBUTION = re.compile(
    rf"\A(?P<speaker>[^,;:\"\u201c\u201d]{{3,160}}?)\s+{_SAYS}{_WHEN}(?:\s*,)?\s+(?:that\s+(?P<that>\S)|(?P<bare>[A-Z]))"
)
# "<statement>, <speaker> said (at a briefing in Bishkek)": the last comma's tail.
TRAILING_ATTRIBUTION = re.compile(
    rf"\A(?!(?:which|who|whose|where|while|as|and|but|when|if|after|before)\b)(?:[^,;\"]{{0,120}}?\s)?"
    rf"(?:{_SAYS}|according\s+to)\b[^,;\"]{{0,120}}\Z|\A(?:said|says)\s[^,;\"]{{1,120}}\Z"
)
QUOTED = re.compile(
    rf"\A[{_QUOTE_OPEN}]\s*(?P<quote>[^{_QUOTE_CLOSE}]{{10,400}}?)[,.!?]?[{_QUOTE_CLOSE}]\s*,?\s*"
    rf"(?P<speaker>[^.\"]{{3,120}}?)\s+{_SAYS}"
)
REPUBLIC_OF = re.compile(r"\bthe\s+Republic\s+of\s+(?=[A-Z])")
TIME_PHRASE = re.compile(rf",?\s+(?:on\s+{_WEEKDAY}|today|yesterday|on\s+{_MONTH}\s+\d{{1,2}})\b")
BRACKETS = re.compile(r"\s*\([^()]{0,80}\)")
OPENING_CLAUSE = re.compile(
    r"\A(?:As\s+part\s+of|During|Within|In\s+the\s+framework\s+of|Speaking|Following|After|On\s+the\s+sidelines\s+of"
    r"|According\s+to|Amid|At|In|Under)\b[^,;\"]{3,120},\s+(?=\S)"
)
TRAILING_CLAUSE = re.compile(
    r",\s+(?:which|who|whose|where|while|as|adding|saying|noting|stressing|with|including|according|citing)\b"
)
_APOSTROPHE_S = "['\u2019`\u00b4]s"
_PORTFOLIO_WORD = rf"(?:{alternation([*PORTFOLIO_WORDS, 'Europe', 'State'])})(?![\w'])"
_PORTFOLIO = rf"{_PORTFOLIO_WORD}(?:,?\s+(?:(?:and|of|for|the|&)\s+)*{_PORTFOLIO_WORD})*"
_NAME_WORD = rf"(?!{_PORTFOLIO_WORD}|Minist|and\b|of\b)[A-Z][\w'\u2019-]+"
_TITLE_WORD = (
    r"(?:Minister|Ministry|President|Ambassador|Chairman|Secretary|Governor|Mayor|Speaker|counterpart"
    r"|spokes(?:person|man|woman))"
)
_COUNTRY = rf"(?:{NAME_PATTERN})(?![\w$])"
# A country's name or adjective, in one trie (a headline pattern reads each capitalised word once, not twice).
_PLACE = rf"(?:{PLACE_PATTERN})(?![\w$])"
TITLE_WORDS = re.compile(_TITLE_WORD)
# A person's name after a title that names the country ("Minister of Economy of Azerbaijan Mikayil Jabbarov",
# "Turkish Energy Minister Alparslan Bayraktar"): the title says who, and the name takes a third of a headline.
NAME_AFTER_TITLE = LazyPattern(
    rf"(?<![\w'])(?=of\s|[A-Z])(?:of\s+(?:the\s+)?{_COUNTRY}|{_PLACE}(?:{_APOSTROPHE_S})?"
    rf"(?:\s+(?:Deputy|Vice|First|Acting|{_PORTFOLIO_WORD}|and|of|for)){{0,6}}?\s+{_TITLE_WORD}"
    rf"(?:\s+(?:of|for)\s+{_PORTFOLIO})?)"
    rf"(?P<name>(?:\s+{_NAME_WORD}){{1,3}})(?=\s+[a-z]|\s*[,.;:]|\Z)"
)
# "Minister of Foreign Affairs of Kazakhstan" -> "Kazakhstan's Foreign Minister": the same words, shorter.
TITLE_OF_COUNTRY = LazyPattern(
    rf"(?<![\w'])(?=[TtDVFM])(?:[Tt]he\s+)?\b(?P<rank>(?:Deputy|Vice|First\s+Deputy)\s+)?Minister\s+of\s+(?P<portfolio>{_PORTFOLIO})"
    rf"\s+of\s+(?:the\s+)?(?P<country>{_COUNTRY})"
)
# "Azerbaijani Minister of Culture" -> "Azerbaijani Culture Minister"
COUNTRY_TITLE_OF = LazyPattern(
    rf"(?<![\w'])(?=[A-Z])(?P<country>{_PLACE}(?:{_APOSTROPHE_S})?)\s+(?P<rank>(?:Deputy|Vice|First\s+Deputy)\s+)?"
    rf"Minister\s+of\s+(?P<portfolio>{_PORTFOLIO})(?![\w'])"
)
_TITLED = (
    rf"(?:(?P<{{0}}>{_PLACE})(?:{_APOSTROPHE_S})?\s+(?P<{{0}}_rank>(?:Deputy|Vice)\s+)?(?:{_PORTFOLIO}\s+)?"
    rf"Minister(?:\s+of\s+{_PORTFOLIO})?|(?P<{{0}}_rank2>(?:Deputy|Vice)\s+)?Minister\s+of\s+{_PORTFOLIO}\s+of\s+"
    rf"(?:the\s+)?(?P<{{0}}_of>{_COUNTRY}))"
)
# "India's Commerce and Industry Minister and Azerbaijani Economy Minister" -> "Indian and Azerbaijani ministers"
TITLED_PAIR = LazyPattern(
    rf"(?<![\w'])(?=[A-Z]|the\s)(?:[Tt]he\s+)?\b{_TITLED.format('one')}\s+and\s+(?:the\s+)?{_TITLED.format('two')}\b"
)
AUXILIARY = re.compile(
    r"\b(?:has|have)\s+(?=(?:\w+ed|met|held|led|made|sent|taken|given|begun|won|built|paid|brought|sought|set)\b)"
)
PAIR = LazyPattern(rf"\A(?P<one>{DEMONYM_PATTERN}) and (?P<two>{DEMONYM_PATTERN})(?= (?:deputy )?ministers\b)")
# "Foreign Ministers Mariya Gabriel of Bulgaria, Gordan Grlic Radman of Croatia and ..." -> "of Bulgaria, Croatia and"
NAME_OF_COUNTRY = LazyPattern(
    rf"(?P<before>Ministers|,|\band)(?:\s+{_NAME_WORD}){{1,3}}\s+of\s+(?=(?:the\s+)?{_COUNTRY})"
)
# "Ukrainian Foreign Minister and Lithuanian Foreign Minister" -> "Ukrainian and Lithuanian Foreign Ministers"
TWO_OF_A_KIND = LazyPattern(
    rf"(?<![\w'])(?=[A-Z])(?P<one>{_PLACE}(?:{_APOSTROPHE_S})?)\s+(?P<title>(?:{_PORTFOLIO}\s+)?Minister)\s+and\s+"
    rf"(?P<two>{_PLACE}(?:{_APOSTROPHE_S})?)\s+(?P=title)\b"
)
_CHAIN = r"[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|and|for|the|de)\s+)*[A-Z][\w'\u2019.-]*)*"
MEETING_WITH = LazyPattern(
    r"\s+(?:at|during|in)\s+(?:the|a|his|her)\s+(?:meeting|talks|phone\s+call|(?:phone|telephone)\s+conversation"
    rf"|conversation|session)\s+with\s+(?:the\s+)?{_CHAIN}(?=\s+[a-z])"
)
LED_BY = LazyPattern(
    rf"\s+(?:led|headed|chaired|accompanied|hosted)\s+by\s+(?:the\s+)?{_CHAIN}(?=\s+[a-z]|\s*[,.;]|\Z)"
)
# A verb a preposition completes ("met with", "led by", "called on"): no headline ends on one.
VERB_BEFORE_PREPOSITION = re.compile(
    r"(?:ed|met|held|led|said|told|made|gave|took|sent|spoke|began|became|brought|sought|saw|won|paid|built"
    r"|set|put|is|are|was|were|be|been|will|would|has|have|had)\Z"
)
BOUNDARY = re.compile(
    r"[,;]\s|\s(?=(?:and|but|while|as|which|who|where|that|to|on|in|at|with|for|during|within|through|from|by"
    r"|under|amid|over|about|between|into|among|against|via|following|after|before|since|until|including)\s)"
)
NAME_JOINERS = {"and", "of", "for", "&", "de"}
# A headline says what happened: at least one word in lower case that is not a joining word.
PREDICATE = re.compile(r"(?<![\w'\u2019-])(?!(?:and|of|the|for|with|to|in|on|at|by|from|a|an|or)\b)[a-z][a-z-]+\b")
# Prepositions a verb may need to make sense: "met with", "led by", "called on", "agreed to", "looked at",
# "talked over", "looked into", "talked about" (a headline ending "officials looked" says nothing).
COMPLETING = {"with", "by", "on", "for", "to", "at", "over", "into", "about"}
# Where no phrase boundary is close enough: before "of" ("discussed the construction | of the railway").
LAST_RESORT_BOUNDARY = re.compile(r"\s(?=of\s)")
DEMONYM_OF = {name: demonyms[0] for name, _names, demonyms in COUNTRIES if demonyms}
SHORT_PORTFOLIOS = {"Foreign Affairs": "Foreign", "Internal Affairs": "Interior"}


def make_headline(sentence, limit=HEADLINE_LENGTH):
    """The headline for a lead sentence (credit already taken out)."""
    text = _tidy(sentence[:READ_AT_MOST])
    text = OPENING_TIME.sub("", text)
    text = _statement(text) or text
    text = _capitalised(text)
    # What matters least goes first: the day, an opening or trailing clause; a name or a title only after.
    for step in (_without_republic, _without_time, _without_brackets, _without_opening_clause,
                 _without_trailing_clause, _without_meeting, _without_led_by, _without_names, _country_first,
                 _without_article, _without_auxiliary, _pair_of_ministers, _comma_for_and):  # fmt: skip
        if len(text) <= limit:
            break
        text = _capitalised(step(text))
    return cut(text, limit)


def _tidy(text):
    # "Kenya`s", "Kenya´s": an accent typed for an apostrophe.
    return " ".join(text.replace("`", "'").replace("\u00b4", "'").split()).rstrip(" .;:,!?")


def _capitalised(text):
    # Composed again: "ΐ" in capitals is three characters, which compose to two.
    first = text[:1].upper()
    return unicodedata.normalize("NFC", first + text[1:]) if len(first) > 1 else first + text[1:]


def _statement(text):
    """What a lead reports someone said, when the lead is that and nothing else; None otherwise."""
    quoted = QUOTED.match(text)
    if quoted:
        quote = _tidy(quoted["quote"])
        if quote.split()[0].casefold() not in PRONOUNS:
            return quote
        return f"{_tidy(quoted['speaker'])}: {quote}"
    if text[:1] in _QUOTE_OPEN:
        return text.strip(_QUOTE_OPEN + _QUOTE_CLOSE + " ")
    leading = LEADING_ATTRIBUTION.match(text)
    if leading:
        statement = text[(leading.start("that") if leading["that"] else leading.start("bare")) :]
        if _substantial(statement):
            return statement
    comma = text.rfind(", ")
    if comma > 0 and TRAILING_ATTRIBUTION.match(text[comma + 2 :]):
        statement = text[:comma]
        if _substantial(statement):
            return statement
    return None


def _substantial(statement):
    words = statement.split()
    return len(words) >= 4 and words[0].casefold() not in PRONOUNS and statement.count('"') % 2 == 0


def _without_republic(text):
    return REPUBLIC_OF.sub("", text)


def _without_time(text):
    return TIME_PHRASE.sub("", text)


def _without_brackets(text):
    return BRACKETS.sub("", text)


def _without_names(text):
    if not TITLE_WORDS.search(text):
        return text  # most leads name no one by a title: the long patterns below need not look

    def without_name(match):
        return match["before"] + (" of " if match["before"] == "Ministers" else " ")

    text = NAME_OF_COUNTRY.sub(without_name, text)
    return NAME_AFTER_TITLE.sub(lambda match: match[0][: match.start("name") - match.start()], text)


def _country_first(text):
    def shorter(match, possessive):
        portfolio = " ".join(match["portfolio"].split())
        if len(portfolio.split()) > 4:
            return match[0]
        portfolio = SHORT_PORTFOLIOS.get(portfolio, portfolio)
        country = match["country"]
        initials = re.sub(rf"{_APOSTROPHE_S}\Z", "", country)
        if initials.isupper():
            country, possessive = initials, ""  # "US Economy Minister", not "US's"
        return f"{country}{possessive} {match['rank'] or ''}{portfolio} Minister"

    # Each pattern only where its words are: a pattern of every country's name costs at every capital.
    if "Minister of" in text:
        text = TITLE_OF_COUNTRY.sub(lambda match: shorter(match, "'s"), text)
        text = COUNTRY_TITLE_OF.sub(lambda match: shorter(match, ""), text)
    if "Minister and" in text:
        text = TWO_OF_A_KIND.sub(
            lambda match: f"{_demonym(match['one'])} and {_demonym(match['two'])} {match['title']}s", text
        )
    return text


def _without_article(text):
    return text[4:] if text.startswith("The ") and text[4:5].isupper() else text


def _without_auxiliary(text):
    """'has launched' -> 'launched', as headlines say it."""
    return AUXILIARY.sub("", text, count=1)


def _comma_for_and(text):
    """'Indian and Azerbaijani ministers' -> 'Indian, Azerbaijani ministers', as headlines say it."""
    if " ministers" not in text:
        return text
    return PAIR.sub(r"\g<one>, \g<two>", text, count=1)


def _pair_of_ministers(text):
    if text.count("Minister") < 2 or " and " not in text:
        return text

    def pair(match):
        ranks = [match["one_rank"] or match["one_rank2"], match["two_rank"] or match["two_rank2"]]
        rank = "deputy " if all(ranks) else ""
        one, two = (_demonym(match[side] or match[f"{side}_of"]) for side in ("one", "two"))
        return f"{one} and {two} {rank}ministers"

    return _capitalised(TITLED_PAIR.sub(pair, text, count=1))


def _demonym(mention):
    country = canonical_country(re.sub(_APOSTROPHE_S + r"\Z", "", mention))
    return DEMONYM_OF.get(country) or mention


def _without_led_by(text):
    return LED_BY.sub("", text)


def _without_meeting(text):
    return MEETING_WITH.sub("", text)


def _without_opening_clause(text):
    rest = OPENING_CLAUSE.sub("", text, count=1)
    return rest if len(rest) >= SHORTEST_CUT else text


def _without_trailing_clause(text):
    for match in TRAILING_CLAUSE.finditer(text):
        if match.start() >= SHORTEST_CUT:
            return text[: match.start()]
    return text


def cut(text, limit):
    """The longest start of `text` within `limit` that ends at a phrase boundary outside any name; an ellipsis
    only where there is none."""
    if len(text) <= limit:
        return text
    predicate = PREDICATE.search(text, 0, limit)
    # "... Minister of Trade and the Ambassador of China": no one does anything before the first lower-case word.
    does = predicate.end() if predicate else limit + 1
    for boundaries in (BOUNDARY, LAST_RESORT_BOUNDARY):
        best = None
        for match in boundaries.finditer(text, max(SHORTEST_CUT, does), limit + 20):
            prefix = text[: match.start()].rstrip(" ,;:")
            if len(prefix) < SHORTEST_CUT or len(prefix) > limit or _inside_name(text, match):
                continue
            *_, before, last = ["", *prefix.rsplit(" ", 2)]
            if last.casefold() in DANGLING_WORDS:
                continue
            following = text[match.end() :].split(" ", 1)[0]
            if match[0][0] == " " and (
                (following in COMPLETING and VERB_BEFORE_PREPOSITION.search(last)) or before == "to"
            ):
                continue  # "met | with", "called | on", "to push | for"
            best = prefix
        if best:
            return best
    words = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.").split(" ")
    while len(words) > 1 and words[-1].casefold() in DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:.") + "\u2026"


def _inside_name(text, match):
    """A boundary between two capitalised words joined by 'and', 'of', a comma: 'Ministry of Energy and Natural
    Resources', 'Investment, Industry and Trade'."""
    before = text[: match.start()].rstrip(" ,;").rsplit(" ", 1)[-1]
    after = text[match.end() :].split(" ", 2)
    if not after or not before[:1].isupper():
        return False
    first = after[0]
    if match[0].startswith((",", ";")):
        return first[:1].isupper() or first in NAME_JOINERS
    following = [word for word in text[match.end() :].split(" ", 3)[1:] if word != "the"][:1]
    return (
        first in NAME_JOINERS
        and bool(following)
        and following[0][:1].isupper()
        and not following[0].endswith(("'s", "\u2019s"))
    )
