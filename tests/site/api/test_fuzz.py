"""Whatever query string comes with an API address, the answer is JSON and never a 500: odd numbers and dates,
repeated keys, control characters, broken escapes, forged cursors; with and without a partner key, in three
time zones (the same strategies as the pages' fuzzing, tests/site/test_query_fuzz.py)."""

import base64
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article
from tests.factories import make_article
from tests.site.test_query_fuzz import FUZZ, ZONES, dates, encode, query_strings, raw_pieces, values

from .helpers import bearer, partner_key

API_KEYS = ["country", "ministry", "topic", "since", "q", "cursor", "page", ""]
cursors = st.one_of(
    st.text(max_size=40),
    st.binary(max_size=40).map(lambda data: base64.urlsafe_b64encode(data).decode()),
    st.sampled_from(["ZHwyMDI0LTA1LTA2VDEyOjAwOjAwKzAwOjAwfDE", "YXwwMDAxLTAxLTAxVDAwOjAwOjAwfDE", "ZHx4fHk"]),
)


class ApiQueryStringsNeverAnswer500(TestCase):
    @classmethod
    def setUpTestData(cls):
        may = timezone.make_aware(datetime.datetime(2024, 5, 6, 12))
        tags = {"countries": ["Azerbaijan"], "ministries": ["Ministry of Economy of Azerbaijan"], "topics": ["Trade"]}
        make_article(headline="The May story", published_at=may, **tags)
        make_article(headline="Fresh story")
        later = timezone.now() + datetime.timedelta(days=1)
        make_article(status=Article.Status.READY, published_at=None, embargo_until=later)
        cls.key = partner_key()[1]

    def answer(self, url, query, zone, partner):
        with override_settings(TIME_ZONE=zone, NEWSROOM_API_RATE="100000/s", NEWSROOM_API_PARTNER_RATE="100000/s"):
            response = self.client.get(f"{url}?{query}", **(bearer(self.key) if partner else {}))
        self.assertLess(response.status_code, 500, f"{url}?{query}")
        self.assertEqual(response["Content-Type"], "application/json", f"{url}?{query}")
        self.assertIn("status" if response.status_code >= 400 else "results", response.json())

    @FUZZ
    @given(
        url=st.sampled_from(["/api/v1/stories/", "/api/v1/countries/", "/api/v1/topics/", "/api/v1/ministries/"]),
        query=query_strings(API_KEYS),
        zone=st.sampled_from(ZONES),
        partner=st.booleans(),
    )
    def test_any_query_string(self, url, query, zone, partner):
        self.answer(url, query, zone, partner)

    @FUZZ
    @given(
        since=st.one_of(dates, values, raw_pieces), cursor=cursors, zone=st.sampled_from(ZONES), partner=st.booleans()
    )
    def test_odd_times_and_cursors(self, since, cursor, zone, partner):
        self.answer("/api/v1/stories/", f"since={encode(since)}&cursor={encode(cursor)}", zone, partner)

    @FUZZ
    @given(
        story_id=st.one_of(
            st.text(min_size=1, max_size=30), st.integers(min_value=-(10**30), max_value=10**30).map(str)
        )
    )
    def test_any_story_id(self, story_id):
        with override_settings(NEWSROOM_API_RATE="100000/s"):
            response = self.client.get(f"/api/v1/stories/{encode(story_id)}/")
        self.assertIn(response.status_code, (200, 404))


@pytest.mark.django_db
def test_a_page_number_too_long_for_int_is_a_bad_parameter(client):
    # int() refuses strings over 4,300 digits with a ValueError: the answer must still be the JSON 400.
    for number in ("9" * 4301, "1" * 50, "0", "²"):
        response = client.get("/api/v1/countries/", {"page": number})
        assert response.status_code == 400 and response.json()["status"] == 400
