"""An HTML body as the desk reads it: every block element is a paragraph boundary, text between blocks is a
paragraph of its own, inline elements never split a sentence, and a row of labels (TT's subject and credit)
is not copy. The agencies' real bodies give the paragraphs they always gave."""

import contextlib
import json

import pytest

from articles.ingest.bodies import html_paragraphs
from articles.ingest.ninjs import parse_ninjs
from articles.ingest.seeds import MAX_SEED_BYTES, SeedError
from tests.ingest.test_hostile_seeds import within
from tests.ingest.test_seed_fuzz import best_time
from tests.ninjs_specs import example


def test_text_in_divs_without_paragraphs_is_a_paragraph_a_div():
    assert html_paragraphs("<div>He arrived.</div><div>He left.</div>") == ["He arrived.", "He left."]
    assert html_paragraphs("<section>One.</section><article>Two.</article><table><tr><td>Three.</td></tr></table>") == [
        "One.",
        "Two.",
        "Three.",
    ]


def test_text_outside_paragraphs_is_kept_as_paragraphs_of_its_own():
    html = "Before them.<p>The first.</p>Between them, with <em>stress</em>.<div>In a div.</div><p>The last.</p>After."
    assert html_paragraphs(html) == [
        "Before them.",
        "The first.",
        "Between them, with stress.",
        "In a div.",
        "The last.",
        "After.",
    ]


def test_inline_elements_never_split_a_sentence():
    html = "<p>Before.</p><div>The <a href='x'>minister</a> <strong>said</strong> <span>so</span><i>on</i> "
    html += "<b>Monday</b>.</div>"
    assert html_paragraphs(html) == ["Before.", "The minister said soon Monday."]


def test_a_block_inside_a_paragraph_element_splits_it():
    html = (
        "<li>An item<blockquote>A quote.</blockquote>and its end.</li><blockquote><p>One.</p><p>Two.</p></blockquote>"
    )
    assert html_paragraphs(html) == ["An item", "A quote.", "and its end.", "One.", "Two."]


def test_a_row_of_labels_is_not_a_paragraph_but_prose_in_spans_is():
    labels = "<div class='dat'><span class='vignette'>Försvar</span><span class='source'>TT</span></div>"
    assert html_paragraphs(f"{labels}<div>The story.</div><div>Its end.</div>") == ["The story.", "Its end."]
    assert html_paragraphs("<p>The story.</p><div><a>Politik</a> <a>Karl Melander/TT</a></div>") == ["The story."]
    # A sentence in spans, one short fragment, or text of the block's own: copy.
    assert html_paragraphs("<div><span>He came.</span> <span>He went.</span></div>") == ["He came. He went."]
    assert html_paragraphs("<div><span>Stockholm</span></div>") == ["Stockholm"]
    assert html_paragraphs("<div>Filed by <span>Försvar</span> and <span>TT</span></div>") == [
        "Filed by Försvar and TT"
    ]
    # TT's real bodies: their row of labels is left out, and they give the four paragraphs they always gave.
    tt = example("tt_text_image_2.json")
    for role in ("html5", "richhtml5"):
        paragraphs = html_paragraphs(next(body["value"] for body in tt["bodies"] if body["role"] == role))
        assert len(paragraphs) == 4 and paragraphs[0].startswith("Pandemin satte stopp"), role
        assert paragraphs[1].startswith("Aurora 2023 kommer") and paragraphs[3].endswith("som deltar."), role
    assert len(html_paragraphs(next(body["value"] for body in example("dpa_text.json")["bodies"]))) == 9


def test_a_br_is_a_space_in_a_paragraph_and_a_line_end_outside_one():
    assert html_paragraphs("<p>One<br>line.</p>") == ["One line."]
    assert html_paragraphs("<div>Line one.<br>Line two.</div><p>Para.</p>") == ["Line one.", "Line two.", "Para."]


def body_item(html):
    return json.dumps(
        {
            "uri": "urn:x:1",
            "versioncreated": "2024-05-06T10:00:00Z",
            "bodies": [{"contenttype": "text/html", "value": html}],
        },
        ensure_ascii=False,
    ).encode()


def test_html_nested_deeper_than_any_story_is_refused():
    with pytest.raises(SeedError, match="nested"):
        parse_ninjs(body_item("<div>" * 1_000 + "Text."))
    assert html_paragraphs("<div>" * 50 + "Text." + "</div>" * 50) == ["Text."]
    # Elements that close themselves, or that HTML closes by itself, do not deepen it.
    assert len(html_paragraphs("<p>Para.<br><img src=x>" * 5_000)) == 5_000


def _repeated(unit, size):
    return unit * (size // len(unit.encode()))


HOSTILE_HTML = {
    "divs": lambda n: _repeated("<div>Word.</div>", n),
    "nested divs": lambda n: _repeated("<div>", n) + "Text.",
    "nested quotes": lambda n: _repeated("<blockquote>", n) + "Text.",
    "spans": lambda n: "<div>" + _repeated("<span>Försvar</span>", n) + "</div>",
    "labels": lambda n: _repeated("<div><span>A</span><span>B</span></div>", n),
    "breaks": lambda n: "<div>" + _repeated("Line.<br>", n) + "</div>",
    "paragraphs": lambda n: _repeated("<p>Text <b>bold</b> text.</p>x", n),
    "unclosed": lambda n: _repeated("<p>Text", n),
    "entities": lambda n: "<p>" + _repeated("&amp;&#x41;&lt;", n) + "</p>",
}


@pytest.mark.parametrize("shape", sorted(HOSTILE_HTML))
def test_reading_an_html_body_takes_time_in_proportion_to_its_length(shape):
    """As for a seed (test_seed_fuzz): eight times the HTML takes about eight times as long, and a megabyte a
    few seconds at most."""

    def parse(data):
        with contextlib.suppress(SeedError):
            parse_ninjs(data)

    small, large, megabyte = (body_item(HOSTILE_HTML[shape](size)) for size in (16_000, 128_000, MAX_SEED_BYTES - 200))
    assert len(megabyte) <= MAX_SEED_BYTES
    with within(20, f"reading {shape}"):
        parse(megabyte)
        small_time = best_time(lambda: parse(small), 5)
        large_time = best_time(lambda: parse(large), 3)
    assert large_time / small_time < 24, f"{small_time:.4f} s -> {large_time:.4f} s"
