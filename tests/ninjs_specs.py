"""The IPTC's ninjs 2.1 schema and three agencies' example items, read where they are kept: ../shared/specs/ninjs/
beside the project (as the CI clone has it too), never copied into it."""

import json
import os
from functools import cache

import pytest
from django.conf import settings

SPECS = settings.BASE_DIR.parent / "shared" / "specs" / "ninjs"
EXAMPLES = ("dpa_text.json", "ninjsExSimpleText_2.json", "tt_text_image_2.json")


def specs():
    """The folder; the test is skipped, saying why, where it is missing (set NEWSROOM_REQUIRE_SPECS=1 to fail)."""
    if not (SPECS / "ninjs-schema_2.1.json").is_file():
        message = f"the ninjs specs are not at {SPECS} (../shared/specs/ninjs/ beside the project)"
        if os.environ.get("NEWSROOM_REQUIRE_SPECS"):
            pytest.fail(message)
        pytest.skip(message)
    return SPECS


def example(name):
    return json.loads((specs() / name).read_text(encoding="utf-8"))


@cache
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((specs() / "ninjs-schema_2.1.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(item):
    """Every way `item` breaks ninjs 2.1, formats (uri, date-time) included: [] when it is valid."""
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in _validator().iter_errors(item)]
