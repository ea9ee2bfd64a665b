"""Generated ninjs items, hostile and odd, through the parser: a story or a refusal (SeedError), never a
crash, and nothing stored that copy may not hold."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.headlines import STANDFIRST_LENGTH
from articles.ingest.ninjs import parse_ninjs
from articles.ingest.seeds import SeedError
from tests.ingest.test_seed_fuzz import CONTROLS, INVISIBLES, SPACES, WORDS, assert_clean

TAGS = ["p", "div", "span", "a", "b", "em", "li", "ul", "blockquote", "h1", "h2", "section", "td", "table",
        "figure", "figcaption", "script", "pre", "x-y", "br", "img"]  # fmt: skip
PIECES = [
    "GROSSETO, Italy (AP) \u2014 ", "WASHINGTON (AP) -- ", "(AZERTAC) - ", "BAKU, Azerbaijan, June 15. ", "&amp;",
    "&#0;", "&#x110000;", "&nbsp;", "<!--", "-->", "<", ">", "</", "\u2026", "...", ". ", "Försvar", "TT",
]  # fmt: skip
piece = st.one_of(
    st.sampled_from(TAGS).flatmap(lambda tag: st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} class='dat'>"])),
    st.sampled_from(WORDS + PIECES + SPACES + INVISIBLES + CONTROLS),
    st.text(max_size=6),
)
html = st.lists(piece, max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=html, description=st.one_of(st.none(), html), plain=st.booleans(), located=st.sampled_from([None, "", "Baku"])
)
def test_any_item_parses_or_is_refused(body, description, plain, located):
    item = {
        "uri": "urn:fuzz:1",
        "versioncreated": "2024-05-06T10:00:00Z",
        "bodies": [{"contenttype": "text/plain" if plain else "text/html", "value": body}],
        "descriptions": [{"role": "summary", "value": description}] if description is not None else None,
        "located": located,
    }
    data = json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False)
    try:
        seed = parse_ninjs(data.encode("utf-8", "surrogatepass"), today=datetime.date(2026, 12, 7))
    except SeedError as error:
        assert str(error)
        return
    assert seed.paragraphs and all(paragraph.strip() for paragraph in seed.paragraphs)
    assert seed.headline and len(seed.standfirst) <= STANDFIRST_LENGTH
    for text in (seed.headline, seed.standfirst, seed.dateline, seed.dateline_country, seed.credit, *seed.paragraphs):
        assert_clean(text)


def test_a_body_of_invisible_characters_or_only_dots_without_a_headline_is_refused():
    # Both once became a story with an empty paragraph or an empty headline.
    def refusal(value, **fields):
        item = {"uri": "urn:x:1", "versioncreated": "2024-05-06T10:00:00Z", **fields}
        item["bodies"] = [{"contenttype": "text/html", "value": value}]
        with pytest.raises(SeedError) as refused:
            parse_ninjs(json.dumps(item).encode(), today=datetime.date(2026, 12, 7))
        return str(refused.value)

    assert "no body" in refusal("<p>\u200b</p>\u200b")
    assert "no headline" in refusal("<p>...</p>")
    assert "no headline" in refusal("<p>WASHINGTON (AP) \u2014 ...</p>")
