"""A ninjs item's lead as a desk expects it: an AP-style dateline is taken out of the text and kept as the
story's dateline, never made a headline; a teaser that only repeats the start of the lead (TT's, cut
mid-word) is no standfirst, a real summary is."""

import datetime
import json

import pytest

from articles.ingest.seeds import parse_seed
from tests.ingest.test_ninjs import item, parse
from tests.ninjs_specs import example

LEAD = "The trial of the captain of the wrecked cruise ship began on Tuesday in a theater in Tuscany."
AP_BODIES = {
    "an em dash in text": [{"contenttype": "text/plain", "value": f"GROSSETO, Italy (AP) \u2014 {LEAD}\n\nMore."}],
    "a double hyphen in HTML": [
        {"contenttype": "text/html", "value": f"<p>GROSSETO, Italy (AP) -- {LEAD}</p><p>More.</p>"}
    ],
}


@pytest.mark.parametrize("form", sorted(AP_BODIES))
def test_an_ap_dateline_leaves_the_lead_and_is_the_storys_dateline_not_its_headline(form):
    seed = parse(item(headlines=None, bodies=AP_BODIES[form]))
    assert seed.paragraphs == [LEAD, "More."]
    assert (seed.dateline, seed.dateline_country) == ("GROSSETO", "Italy")
    assert seed.headline.startswith("The trial of the captain") and "GROSSETO" not in seed.headline
    assert seed.standfirst == LEAD and seed.credit == "AP"  # the item names no copyright holder


def test_an_items_own_located_is_its_dateline_and_the_body_loses_the_agencys_anyway():
    seed = parse(item(located="Grosseto, Tuscany", bodies=AP_BODIES["an em dash in text"]))
    assert seed.dateline == "GROSSETO, TUSCANY" and seed.paragraphs[0] == LEAD


def test_a_dateline_with_no_country_and_a_lead_that_is_no_dateline():
    body = [{"contenttype": "text/html", "value": f"<p>WASHINGTON (AP) \u2014 {LEAD}</p>"}]
    seed = parse(item(bodies=body))
    assert (seed.dateline, seed.paragraphs) == ("WASHINGTON", [LEAD])
    plain = [{"contenttype": "text/plain", "value": "Kazakhstan - Kyrgyzstan border talks went well."}]
    seed = parse(item(bodies=plain, headlines=None))
    assert seed.dateline == "" and seed.paragraphs == ["Kazakhstan - Kyrgyzstan border talks went well."]


def test_the_ap_example_item_has_its_dateline_out_of_its_lead():
    seed = parse(json.dumps(example("ninjsExSimpleText_2.json")).encode())
    assert seed.paragraphs[0].startswith("The trial of the captain of the shipwrecked Costa Concordia")
    assert (seed.dateline, seed.dateline_country) == ("GROSSETO", "Italy") and len(seed.paragraphs) == 4


def test_a_plain_text_seed_reads_the_same_dateline():
    seed = parse_seed(f" date 2024-05-06 GROSSETO, Italy (AP) -- {LEAD}".encode(), today=datetime.date(2026, 1, 1))
    assert (seed.dateline, seed.dateline_country, seed.credit) == ("GROSSETO", "Italy", "AP")
    assert seed.paragraphs == [LEAD]


def test_the_tt_teaser_cut_mid_word_is_not_the_standfirst():
    seed = parse(json.dumps(example("tt_text_image_2.json")).encode())
    assert (
        seed.standfirst == "Pandemin satte stopp för den stora internationella militärövningen Aurora 2020 förra våren."
    )


BODY = [{"contenttype": "text/plain", "value": f"{LEAD} The defendant made no comment.\n\nMore."}]


# Summaries that are not the body's start again, though two begin as it does.
SUMMARIES = [
    "A captain's trial opens in a theater, with hundreds of survivors watching.",
    "The trial of the captain of the wrecked cruise ship was postponed.",
    f"{LEAD} The defendant made no comment. More. And the judge left.",
]


@pytest.mark.parametrize(
    "teaser",
    [
        "The trial of the captain of the wrecked cruise sh",
        "The trial of the captain of the wrecked cruise ship began\u2026",
        "the trial of the captain of the wrecked cruise ship began on Tuesday in a theater ...",
        f"{LEAD} The defendant made no comment. More.",
        f"GROSSETO, Italy (AP) \u2014 {LEAD} The defendant made",
    ],
)
def test_a_description_that_only_repeats_the_start_of_the_body_is_no_standfirst_but_a_summary_is(teaser):
    seed = parse(item(bodies=BODY, descriptions=[{"role": "text", "value": teaser}]))
    assert seed.standfirst == LEAD
    for summary in SUMMARIES:
        assert parse(item(bodies=BODY, descriptions=[{"role": "summary", "value": summary}])).standfirst == summary
