"""Small text helpers shared by tagging, tags and slugs."""

import re
import unicodedata

from django.utils.text import slugify


def fold(text):
    """'Türkiye' -> 'Turkiye': the ASCII letters a reader would type."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def name_key(name):
    """Sort names as a reader expects: 'Türkiye' before 'Turkmenistan', case ignored."""
    return (fold(name).casefold(), name)


def ascii_slug(text, max_length=100):
    """'Türkiye' -> 'turkiye': URLs readers can type."""
    return slugify(fold(text))[:max_length].strip("-") or "untitled"


def slug_base(headline):
    """The slug a story's headline starts from (before any '-2'): its ASCII slug, at most 80 characters,
    cut at a word."""
    base = ascii_slug(headline, max_length=80)
    return base.rsplit("-", 1)[0] if len(base) == 80 and "-" in base else base


def split_paragraphs(text):
    """Plain text -> paragraphs: split at blank lines, whitespace inside each collapsed."""
    return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if block.strip()]
