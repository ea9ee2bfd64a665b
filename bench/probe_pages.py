"""Run inside the app by bench/http_bench.py, with the server's settings: which URLs to load, and the SQL
queries each one costs, counted through Django's test client. Prints JSON.

    DATABASE_URL=... .venv/bin/python bench/probe_pages.py "solar power plant" [--like STORY_FILE KIND/SLUG]

The pages: the newest story carrying the biggest tag (a breaking story on a busy subject), the page of the
tag with the most published stories, the home page, and a search. With --like (the shared corpus, measured
beside the Wagtail peer): the story imported from the seed file whose name starts with STORY_FILE and the
tag KIND/SLUG (countries/tajikistan), the pages the peer's urls.sh names, so both serve the same story
and the same tag.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, CountryTag, MinistryTag, TopicTag  # noqa: E402


def biggest_tag():
    """(tag, its number of published stories) for the tag with the most, of any kind."""
    best = (None, 0)
    for model in (CountryTag, MinistryTag, TopicTag):
        tag = (
            model.objects.filter(articles__in=Article.objects.published())
            .annotate(stories=Count("articles"))
            .order_by("-stories", "pk")
            .first()
        )
        if tag is not None and tag.stories > best[1]:
            best = (tag, tag.stories)
    return best


def named(story_file, tag_path):
    """The story from the seed file named STORY_FILE..., and the tag KIND/SLUG, with its published stories."""
    kind, slug = tag_path.split("/")
    model = Article._meta.get_field(kind).remote_field.model
    tag = model.objects.filter(slug=slug).first()
    story = Article.objects.published().filter(import_ref__startswith=story_file).first()
    if tag is None or story is None:
        raise SystemExit(f"no published story from {story_file}* or no tag {tag_path}: import the shared corpus")
    return story, tag, Article.objects.published().filter(**{kind: tag}).count()


def pages(query, like=None):
    if like:
        story, tag, tag_stories = named(*like)
    else:
        tag, tag_stories = biggest_tag()
        if tag is None:
            raise SystemExit("no published story has a tag: import a corpus first")
        story = Article.objects.published().filter(**{tag.kind: tag}).first()
    return {
        "stories": Article.objects.published().count(),
        "tag_name": tag.name,
        "tag_stories": tag_stories,
        "urls": {
            "article": story.get_absolute_url(),
            "tag": tag.get_absolute_url(),
            "home": "/",
            "search": "/search/?" + urlencode({"q": query}),
            # The read API beside the pages: the first page of stories, and the story above as a ninjs item.
            "api list": "/api/v1/stories/",
            "api item": f"/api/v1/stories/{story.pk}/",
        },
    }


def cost(url):
    """Status, size and queries of a first (cold) and a second (warm) request to `url`."""
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
        counts.append(len(queries))
    return {"status": response.status_code, "bytes": len(body), "cold": counts[0], "queries": counts[1]}


def main():
    args = sys.argv[1:]
    like = None
    if "--like" in args:
        at = args.index("--like")
        like, args = tuple(args[at + 1 : at + 3]), args[:at] + args[at + 3 :]
    query = args[0] if args else "solar power plant"
    found = pages(query, like)
    found["cost"] = {name: cost(url) for name, url in found["urls"].items()}
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
