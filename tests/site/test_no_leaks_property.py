"""Property: whatever mix of stories exists, public surfaces show exactly the published-and-due ones."""

import datetime
import json
import re

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article
from tests import sitemaps
from tests.factories import make_article

S = Article.Status
TOPICS = ["Trade", "Energy", "Health"]
COUNTRIES = ["Azerbaijan", "Georgia"]

story = st.fixed_dictionaries(
    {
        "status": st.sampled_from(list(S)),
        "published_hours": st.integers(min_value=-72, max_value=72),  # negative: in the past
        "embargo_hours": st.one_of(st.none(), st.integers(min_value=-72, max_value=72)),
        "topics": st.lists(st.sampled_from(TOPICS), unique=True, max_size=2),
        "countries": st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=2),
    }
)


def body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


class PublicSurfacesShowOnlyPublishedStories(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(story, min_size=1, max_size=10))
    def test_every_public_surface_matches_published(self, stories):
        now = timezone.now()
        made = []
        for n, spec in enumerate(stories):
            embargo = spec["embargo_hours"]
            made.append(
                make_article(
                    headline=f"Zebra story {n}",
                    slug=f"story-{n}-zebra",
                    body="The zebra crossed.",
                    status=spec["status"],
                    published_at=now + datetime.timedelta(hours=spec["published_hours"]),
                    embargo_until=None if embargo is None else now + datetime.timedelta(hours=embargo),
                    topics=spec["topics"],
                    countries=spec["countries"],
                )
            )
        # Every surface links a story by its URL, which holds its slug; pages also show the headline.
        visible = {a.slug for a in made if a.status == S.PUBLISHED and a.published_at <= now and not a.is_embargoed}
        hidden = {a.slug for a in made} - visible
        client = Client()

        def shows(url, status=200):
            response = client.get(url)
            self.assertEqual(response.status_code, status, url)
            return body(response)

        for url in [
            "/",
            "/search/?q=zebra",
            "/feeds/rss/",
            "/feeds/atom/",
            *(path for path, _lastmod in sitemaps.index(client) if path.startswith("/sitemap-stories-")),
            "/sitemap-news.xml",
        ]:
            page = shows(url)
            # The news sitemap holds only the last two days, a month's section only its month: they must
            # hide, not necessarily show.
            for slug in visible if "sitemap" not in url else ():
                self.assertIn(slug, page, url)
            for slug in hidden:
                self.assertNotIn(slug, page, url)
        in_sitemaps = sitemaps.every_section_text(client)
        for slug in visible:
            self.assertIn(slug, in_sitemaps)
        for slug in hidden:
            self.assertNotIn(slug, in_sitemaps)

        for kind, names in (("topics", TOPICS), ("countries", COUNTRIES)):
            index = shows(f"/{kind}/")
            for name in names:
                slug = name.lower()
                carriers = {a.slug for a in made if name in getattr(a, kind).names()}
                public = carriers & visible
                # A tag's page, feeds and count exist only through published stories.
                status = 200 if public else 404
                for url in (f"/{kind}/{slug}/", f"/{kind}/{slug}/rss/"):
                    page = shows(url, status)
                    for slug in carriers - public:
                        self.assertNotIn(slug, page, url)
                if public:
                    count = len(public)
                    self.assertIn(f"{count} {'story' if count == 1 else 'stories'}", index)
                else:
                    self.assertNotIn(f">{name}</a>", index)

        for article in made:
            status = 200 if article.slug in visible else 404
            page = shows(article.get_absolute_url(), status)
            if status == 200:
                data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
                self.assertEqual(data["headline"], article.headline)
                related = page.split('id="related-heading"')[1] if 'id="related-heading"' in page else ""
                for slug in hidden:
                    self.assertNotIn(slug, related)
