"""The project's code (articles/, newsroom/; migrations aside) imports only public names of Django, the
libraries and itself: nothing named with a leading underscore, and none of the modules below, which are
Django's or the standard library's own machinery, not their API."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGES = ("articles", "newsroom")

INTERNAL_MODULES = (
    "django.db.backends",  # the database drivers' wrappers: use django.db.connection
    "django.db.models.sql",  # the query compiler
    "django.db.models.query",  # QuerySet's module: import from django.db.models
    "django.db.models.query_utils",
    "django.contrib.admin.utils",
    "json.encoder",
)
# Public modules inside those: Django's signals reference documents connection_created at this path.
PUBLIC_MODULES = ("django.db.backends.signals",)


def private_imports(source, package=""):
    """(line, what) for each import in `source` of a private name or an internal module. `package` is the
    dotted package the source lives in, to resolve relative imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if _refused(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module or "", node.level, package)
            if _refused(module):
                found.append((node.lineno, module))
                continue
            for alias in node.names:
                # The name as imported counts, not what it is bound to: gettext_lazy as _ is fine.
                if alias.name.startswith("_") or _refused(f"{module}.{alias.name}"):
                    found.append((node.lineno, f"{module}.{alias.name}"))
    return found


def _absolute(module, level, package):
    if not level:
        return module
    parts = package.split(".")[: len(package.split(".")) - (level - 1)]
    return ".".join([*parts, module] if module else parts)


def _refused(module):
    segments = module.split(".")
    if any(segment.startswith("_") and segment != "__future__" for segment in segments):
        return True
    if module in PUBLIC_MODULES or module.rpartition(".")[0] in PUBLIC_MODULES:
        return False
    return any(module == internal or module.startswith(f"{internal}.") for internal in INTERNAL_MODULES)


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def test_the_project_imports_only_public_names_and_modules():
    refused = {}
    for path in modules():
        name = path.relative_to(ROOT).as_posix()
        package = ".".join(path.relative_to(ROOT).parent.parts)
        found = private_imports(path.read_text(encoding="utf-8"), package)
        if found:
            refused[name] = found
    assert refused == {}


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        ("from django.contrib.admin.utils import unquote", ["django.contrib.admin.utils"]),
        ("from django.db.models.query import get_related_populators", ["django.db.models.query"]),
        ("from django.db.models.sql.compiler import SQLCompiler", ["django.db.models.sql.compiler"]),
        ("import django.db.backends.sqlite3.base", ["django.db.backends.sqlite3.base"]),
        ("from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX", ["django.db.backends.sqlite3.base"]),
        ("from json.encoder import encode_basestring_ascii", ["json.encoder"]),
        ("from json import encoder", ["json.encoder"]),
        ("from django.utils.html import _json_script_escapes", ["django.utils.html._json_script_escapes"]),
        ("import django.utils._os", ["django.utils._os"]),
        ("from ._private import thing", ["articles.site._private"]),
        ("from . import _private", ["articles.site._private"]),
        ("from django.db.backends.signals import connection_created", []),
        ("from django.db.backends.signals import _private", ["django.db.backends.signals._private"]),
        ("from django.db.models import Q, QuerySet", []),
        ("from django.db.models.query_utils import Q", ["django.db.models.query_utils"]),
        ("from django.utils.translation import gettext_lazy as _", []),
        ("from ..models import Article", []),
        ("import json", []),
    ],
)
def test_the_check_tells_private_imports_from_public_ones(source, refused):
    assert [what for _line, what in private_imports(source, "articles.site")] == refused
