"""A wire item's body, HTML or plain text, as a story's paragraphs: pure functions of the text, in time
proportional to its length.

An HTML body is read as a desk reads it. nh3 first takes out every element but the block and inline ones
below (and the content of DROPPED: scripts, a figure with its caption, an <h1> that repeats the headline).
Then every block element (p, div, section, li, a table cell...) is a paragraph boundary and inline elements
(span, a, em, strong...) never split text: the text of a paragraph element is one paragraph, a <br> in it
a space; text in no paragraph element (in a div, or loose between blocks) is read as a plain-text body is,
a line each, since the agency marked no paragraphs there. One exception: a block holding nothing but two
or more short inline fragments without sentence punctuation is a row of labels, not copy, as TT's
`<div class="dat"><span class="vignette">Försvar</span><span class="source">TT</span></div>`, its TTNITF
DAT: a subject and the credit, which the item gives in its own fields too.
"""

import re
from html.parser import HTMLParser

import nh3

from ..text import split_paragraphs
from .seeds import SeedError

# Elements whose text is a paragraph of its own, and blocks whose text is read as lines (each element of
# either kind is a paragraph boundary); inline elements only carry text.
PARAGRAPHS = {"p", "blockquote", "li", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt"}
BLOCKS = {
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "address", "hgroup", "details",
    "summary", "ul", "ol", "dl", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
}  # fmt: skip
INLINE = {"span", "a", "em", "strong", "b", "i"}
# Taken out with their content: a figure's caption belongs to its image, an <h1> in a body repeats the headline.
DROPPED = {"script", "style", "head", "title", "figure", "h1", "template", "noscript", "iframe", "object", "svg"}
# A row of labels: each of its fragments at most this many words, with no sentence punctuation in any.
LABEL_WORDS = 4
SENTENCE_PUNCTUATION = re.compile(r"[.!?\u2026:;]")
# No story nests deeper; nh3's parser takes time growing with the square of the depth (a megabyte of
# <div>s, minutes), so a deeper body is refused before it is parsed.
MAX_DEPTH = 200
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# Elements that never deepen the tree: void ones, and those HTML closes by itself at the next of their kind.
UNNESTED = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rp", "rt",
}  # fmt: skip


def html_paragraphs(html):
    """HTML -> the text of its paragraphs, no markup left; SeedError for HTML nested deeper than any story."""
    if _depth(html) > MAX_DEPTH:
        raise SeedError(f"the HTML body is nested more than {MAX_DEPTH} elements deep")
    cleaned = nh3.clean(
        html,
        tags=PARAGRAPHS | BLOCKS | INLINE | {"br"},
        clean_content_tags=DROPPED,
        attributes={},
        link_rel=None,
        strip_comments=True,
    )
    reader = _BodyReader()
    reader.feed(cleaned)
    reader.close()
    reader.flush()
    return reader.paragraphs


def text_paragraphs(text):
    """Plain text -> paragraphs: at blank lines if it has any, else one a line (as agencies send them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        return split_paragraphs(text)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _depth(html):
    """How deep the HTML's elements nest at most, counting only the elements that can nest."""
    depth = deepest = 0
    for tag in TAG.finditer(html):
        if tag[2].lower() not in UNNESTED:
            depth = max(0, depth - 1) if tag[1] else depth + 1
            deepest = max(deepest, depth)
    return deepest


class _BodyReader(HTMLParser):
    """Reads nh3's output (only the elements above) into paragraphs, one run of text between two boundaries
    at a time."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.in_paragraph = self.inline = 0  # how many paragraph and inline elements are open
        self._start_run()

    def _start_run(self):
        # An inline element still open (a <span> around a <p>) goes on into the next run.
        self.run, self.fragments, self.own_text = [], [[]] if self.inline else [], False

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.run.append(" " if self.in_paragraph else "\n")
        elif tag in INLINE:
            if not self.inline:
                self.fragments.append([])
            self.inline += 1
        elif tag in PARAGRAPHS or tag in BLOCKS:
            self.flush()
            self.in_paragraph += tag in PARAGRAPHS

    def handle_endtag(self, tag):
        if tag in INLINE:
            self.inline = max(0, self.inline - 1)
        elif tag in PARAGRAPHS or tag in BLOCKS:
            self.flush()
            if tag in PARAGRAPHS:
                self.in_paragraph = max(0, self.in_paragraph - 1)

    def handle_data(self, data):
        self.run.append(data)
        if self.inline:
            self.fragments[-1].append(data)
        elif not data.isspace():
            self.own_text = True

    def flush(self):
        """The run so far becomes a paragraph (in a paragraph element) or lines (outside one), unless labels."""
        text = "".join(self.run)
        if self.in_paragraph:
            if text.strip():
                self.paragraphs.append(" ".join(text.split()))
        elif not self._labels():
            self.paragraphs.extend(text_paragraphs(text))
        self._start_run()

    def _labels(self):
        # "Försvar" "TT": short inline fragments side by side, with no text of the block's own, read as no sentence.
        if self.own_text or len(self.fragments) < 2:
            return False
        texts = ["".join(fragment) for fragment in self.fragments]
        return all(len(text.split()) <= LABEL_WORDS and not SENTENCE_PUNCTUATION.search(text) for text in texts)
