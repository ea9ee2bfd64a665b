"""Parsing a ninjs wire item: a pure function of its bytes, as a seed's is. Its uri is its reference, its
headline the agency's, its body its HTML reduced to paragraphs with no markup left (or its text body), and a
bad item is refused with a reason."""

import datetime
import json

import pytest

from articles.ingest.ninjs import html_paragraphs, parse_ninjs
from articles.ingest.seeds import SeedError
from articles.ingest.tagging import TopicVocabulary, propose_tags
from tests.ninjs_specs import example, specs

TODAY = datetime.date(2026, 12, 7)


def item(**fields):
    base = {
        "uri": "urn:example:1",
        "versioncreated": "2024-05-06T10:00:00Z",
        "headlines": [{"role": "main", "value": "Minister of Economy of Azerbaijan visits Ankara"}],
        "bodies": [{"role": "text", "contenttype": "text/plain", "value": "First paragraph.\n\nSecond one."}],
    }
    base.update(fields)
    return json.dumps({key: value for key, value in base.items() if value is not None}).encode()


def parse(data):
    return parse_ninjs(data, today=TODAY)


def test_the_dpa_example_keeps_its_headline_language_credit_time_and_paragraphs():
    seed = parse((specs() / "dpa_text.json").read_bytes())
    assert seed.ref == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert seed.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?" and seed.agency_headline
    assert seed.language == "de" and seed.credit == "dpa" and seed.version == "2"
    assert seed.published_at == datetime.datetime(2019, 5, 10, 14, 2, 28, tzinfo=datetime.UTC)
    assert len(seed.paragraphs) == 9 and seed.paragraphs[0].startswith("Für Lucien Favre war es «der größte")
    assert not any("<" in paragraph for paragraph in seed.paragraphs)


def test_the_tt_html_body_loses_its_title_figure_and_caption_and_keeps_its_quotes():
    wire = example("tt_text_image_2.json")
    seed = parse(json.dumps(wire).encode())
    assert seed.paragraphs[0].startswith("Pandemin satte stopp") and seed.paragraphs[0].endswith("Sydöstran.")
    assert seed.paragraphs[1].startswith("Aurora 2023 kommer att genomföras")  # a <blockquote>
    text = " ".join(seed.paragraphs)
    assert "Karl Melander" not in text and "Arkivbild" not in text  # the figure's byline and caption
    assert seed.language == "sv" and seed.credit == "TT"


def test_html_is_reduced_to_paragraphs_by_a_sanitiser_not_patterns():
    html = (
        "<div><script>alert('x')</script><style>p{}</style><h1>The headline again</h1>"
        "<p>One <b>bold</b> &amp; <a href='javascript:x'>linked</a> word,<br>on two lines.</p>"
        "<!-- <p>commented out</p> --><ul><li>An item</li></ul><p>  </p><blockquote><p>A quote</p></blockquote>"
        "<figure><img src=x onerror=alert(1)><figcaption>Caption</figcaption></figure></div>"
    )
    assert html_paragraphs(html) == ["One bold & linked word, on two lines.", "An item", "A quote"]
    assert html_paragraphs("Text with no paragraphs<br>but a line break") == [
        "Text with no paragraphs",
        "but a line break",
    ]


def test_a_plain_text_body_is_split_at_blank_lines_or_else_at_lines():
    assert parse(item()).paragraphs == ["First paragraph.", "Second one."]
    body = [{"contenttype": "text/plain", "value": "One line.\nAnother line.\r\nA third."}]
    assert parse(item(bodies=body)).paragraphs == ["One line.", "Another line.", "A third."]


def test_a_ninjs_1_item_is_read_too():
    old = {"uri": "urn:old:1", "versioncreated": "2020-01-01T00:00:00Z", "headline": "Old style",
           "body_html": "<p>Old body.</p>", "description_text": "Old summary."}  # fmt: skip
    seed = parse(json.dumps(old).encode())
    assert (seed.headline, seed.paragraphs, seed.standfirst) == ("Old style", ["Old body."], "Old summary.")


def test_without_a_headline_one_is_made_from_the_lead_and_marked_machine_made():
    seed = parse(item(headlines=None))
    assert seed.headline == "First paragraph" and not seed.agency_headline


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not an object"),
        (b"null", "not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (item(uri=None), "no uri"),
        (item(uri=""), "no uri"),
        (item(uri="u" * 201), "longer than 200"),
        (item(uri="urn:with space"), "spaces or control"),
        (item(uri=["urn:x"]), "no uri"),
        (item(bodies=None), "no body"),
        (item(bodies=[{"contenttype": "text/html", "value": "<p> </p><script>x</script>"}]), "no body"),
        (item(bodies="text"), "no body"),
        (item(type="picture"), "not a text item"),
        (item(pubstatus="deleted"), "pubstatus"),
        (item(versioncreated=None), "no time"),
        (item(versioncreated="yesterday"), "not a date and time"),
        (item(versioncreated="9999-01-01T00:00:00Z"), "outside the range"),
        (item(embargoed="0001-01-01T00:00:00+05:00"), "outside the range"),
        (item(language="not a language!"), "language"),
        (item(headlines=[{"value": "Bell\u0007"}]), "control characters"),
        (item(bodies=[{"contenttype": "text/plain", "value": "Lone \ud800 surrogate"}]), "control characters"),
        ("\u00e9".encode("latin-1") + item()[1:], "not UTF-8"),
    ],
)
def test_a_bad_item_is_refused_with_its_reason(data, reason):
    with pytest.raises(SeedError, match=reason):
        parse(data)


def test_the_same_item_laid_out_otherwise_has_the_same_hash():
    wire = json.loads(item())
    assert parse(json.dumps(wire).encode()).source_hash == parse(json.dumps(wire, indent=4).encode()).source_hash
    assert parse(item(version="2")).source_hash != parse(item(version="3")).source_hash


def test_text_is_tagged_only_in_english_and_iso_codes_in_any_language():
    vocabulary = TopicVocabulary({"Trade": ["trade"]})
    places = [{"name": "Sverige", "literal": "SE"}, {"name": "Gotland"}, {"name": "Suomi", "uri": "iso3166-1a2:fi"}]
    subjects = [
        {"name": "Norge", "uri": "http://cv.iptc.org/newscodes/iso3166-1a2/NO"},
        {"name": "XX", "literal": "DE"},
    ]
    body = [
        {"contenttype": "text/plain", "value": "Trade with Kazakhstan, says the Minister of Economy of Azerbaijan."}
    ]
    english = propose_tags(parse(item(bodies=body, places=places, subjects=subjects)), vocabulary)
    assert english.countries == ["Azerbaijan", "Finland", "Kazakhstan", "Norway", "Sweden"]
    assert english.ministries == ["Ministry of Economy of Azerbaijan"] and english.topics == ["Trade"]
    swedish = propose_tags(parse(item(bodies=body, places=places, subjects=subjects, language="sv")), vocabulary)
    assert (swedish.countries, swedish.ministries, swedish.topics) == (["Finland", "Norway", "Sweden"], [], [])
    assert parse(item(language="en-GB")).language == "en-GB"
