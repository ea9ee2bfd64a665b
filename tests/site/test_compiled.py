"""CompiledRead: published() compiled once, run with each request's time and values."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.site.compiled import CompiledRead
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BY_SLUG = CompiledRead(lambda now, slug: Article.objects.published(now).filter(slug=slug), values=1)
LATEST = CompiledRead(lambda now: Article.objects.published(now).order_by("-published_at").values_list("slug"))


def test_the_time_of_each_call_decides_what_is_published():
    now = timezone.now()
    make_article(slug="out", published_at=now - datetime.timedelta(hours=1))
    make_article(slug="due", published_at=now + datetime.timedelta(minutes=5))
    make_article(
        slug="held", published_at=now - datetime.timedelta(hours=1), embargo_until=now + datetime.timedelta(hours=1)
    )
    make_article(slug="draft", status=Article.Status.DRAFT)
    later = now + datetime.timedelta(hours=2)
    for moment in (now, later):
        expected = sorted(Article.objects.published(moment).values_list("slug", flat=True))
        assert sorted(slug for (slug,) in LATEST.rows(moment)) == expected
    assert [a.slug for a in BY_SLUG.objects(now, "due")] == []
    assert [a.slug for a in BY_SLUG.objects(later, "due")] == ["due"]  # the same compiled SQL, a later time
    assert BY_SLUG.objects(now, "held") == [] and BY_SLUG.objects(later, "held")[0].slug == "held"
    assert BY_SLUG.objects(later, "draft") == []


def test_instances_come_back_as_the_orm_gives_them():
    story = make_article(slug="same", topics=["Energy"])
    [found] = BY_SLUG.objects(timezone.now(), "same")
    orm = Article.objects.get(pk=story.pk)
    for field in Article._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(orm, field.attname), field.name
    assert found.published_at.tzinfo is not None  # converted from the database as the ORM does
    assert LATEST.rows(timezone.now(), offset=0, limit=1) == [("same",)]


def test_a_value_that_never_reaches_the_sql_is_refused():
    ignores_its_value = CompiledRead(lambda now, slug: Article.objects.published(now), values=1)
    with pytest.raises(ValueError, match="stand-in"):
        ignores_its_value.objects(timezone.now(), "anything")


def test_deep_pages_do_not_pile_up_compiled_queries():
    from articles.site.compiled import MAX_SHAPES

    make_article(slug="one")
    for page in range(3 * MAX_SHAPES):
        LATEST.rows(timezone.now(), offset=page * 20, limit=21)
    assert len(LATEST._shapes) <= MAX_SHAPES
    assert LATEST.rows(timezone.now(), offset=0, limit=21) == [("one",)]


def test_a_read_without_time_brings_related_objects_and_annotations():
    from django.db.models import Value

    from articles.models import MinistryTag

    make_article(ministries=["Ministry of Economy of Azerbaijan"])
    read = CompiledRead(
        lambda slug: MinistryTag.objects.select_related("country").filter(slug=slug).annotate(mark=Value(7)),
        values=1,
        at_time=False,
    )
    [ministry] = read.objects("ministry-of-economy-of-azerbaijan")
    assert ministry.country.name == "Azerbaijan" and ministry.mark == 7
    assert read.objects("no-such-ministry") == []
