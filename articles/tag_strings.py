"""How tag lists are written in one text box: comma-separated, double quotes around a name with a comma.

Taggit's default splits on spaces when there is no comma, which would break "Ministry of Economy".
"""

import csv

from .text import name_key


def parse_tag_string(text):
    """'Trade, "Ministry of Investment, Industry and Trade of Uzbekistan"' -> the two names."""
    if not text or not text.strip():
        return []
    row = next(csv.reader([" ".join(text.splitlines())], skipinitialspace=True), [])
    names = []
    for name in row:
        name = " ".join(name.split())
        if name and name not in names:
            names.append(name)
    return sorted(names, key=name_key)


def format_tag_string(tags):
    """The inverse of parse_tag_string, for tag objects or names."""
    names = sorted((getattr(tag, "name", tag) for tag in tags), key=name_key)
    return ", ".join(_quoted(name) if "," in name or '"' in name else name for name in names)


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'
