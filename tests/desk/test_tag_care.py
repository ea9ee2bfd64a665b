"""Tag care: renaming a tag or merging duplicates moves stories, keeps revisions and leaves old URLs working."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from articles.desk import revisions
from articles.desk.tag_care import TagCareError, merge_tags, surviving_names
from articles.models import Article, CountryTag, MinistryTag, TaggedTopic, TagRedirect, TagSource, TopicTag
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TOPICS = reverse("admin:articles_topictag_changelist")


def topic(name):
    return TopicTag.objects.get(name=name)


def tagged(tag):
    return set(Article.objects.filter(topics=tag))


def topics_named(*names):
    """Which of these topics still exist (the starting vocabulary has others)."""
    return set(TopicTag.objects.filter(name__in=names).values_list("name", flat=True))


def merge_action(client, tags, **extra):
    """POST the changelist's merge action, as the admin's action bar does."""
    return client.post(TOPICS, {"action": "merge_selected", "_selected_action": [tag.pk for tag in tags], **extra})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_merging_two_topics_moves_every_story_to_the_survivor(admin_user):
    trade_story = make_article(topics=["Trade"])
    commerce_stories = [make_article(topics=["Commerce"]), make_article(topics=["Commerce", "Energy"])]

    moved = merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)

    assert moved == 2
    assert not TopicTag.objects.filter(name="Commerce").exists()
    assert tagged(topic("Trade")) == {trade_story, *commerce_stories}
    assert list(commerce_stories[1].topics.names().order_by("name")) == ["Energy", "Trade"]


def test_a_story_with_both_tags_keeps_one_link_and_the_editors_source(admin_user):
    story = make_article()
    story.topics.add("Trade", through_defaults={"source": TagSource.IMPORTER})
    story.topics.add("Commerce", through_defaults={"source": TagSource.EDITOR})

    merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)

    link = TaggedTopic.objects.get(content_object=story)
    assert link.tag == topic("Trade")
    assert link.source == TagSource.EDITOR


def test_the_old_tag_page_redirects_permanently_to_the_survivor_which_lists_the_moved_stories(admin_user, client):
    story = make_article(headline="Caspian ports grow", topics=["Commerce"])
    make_article(topics=["Trade"])

    merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)

    response = client.get("/topics/commerce/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/topics/trade/?page=1"
    page = client.get("/topics/trade/").content.decode()
    assert story.headline in page


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_the_old_tags_feeds_redirect_permanently_to_the_survivors(admin_user, client, feed):
    story = make_article(headline="Caspian ports grow", topics=["Commerce"])
    make_article(topics=["Trade"])

    merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)

    response = client.get(f"/topics/commerce/{feed}/")
    assert response.status_code == 301
    assert response["Location"] == f"/topics/trade/{feed}/"
    assert story.headline in client.get(response["Location"]).content.decode()


def test_an_old_slug_leading_to_a_tag_no_reader_can_see_has_no_feed(admin_user, client):
    make_article(topics=["Commerce"], status=Article.Status.DRAFT, published_at=None)
    make_article(topics=["Trade"], status=Article.Status.DRAFT, published_at=None)
    merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)
    assert client.get("/topics/commerce/rss/").status_code == 404
    assert client.get("/topics/no-such-tag/rss/").status_code == 404


def test_each_story_moved_gets_a_new_revision_saying_what_was_merged(admin_user):
    stories = [make_article(topics=["Commerce"]), make_article(topics=["Commerce", "Trade"])]
    untouched = make_article(topics=["Trade"])
    before = {story.pk: revisions.history(story).count() for story in [*stories, untouched]}

    merge_tags(topic("Trade"), [topic("Commerce")], user=admin_user)

    for story in stories:
        history = revisions.history(story)
        assert history.count() == before[story.pk] + 1
        latest = history.first()
        assert latest.revision.comment == "Tag Commerce merged into Trade."
        assert latest.revision.user == admin_user
        assert revisions.state(latest)["topics"] == ["Trade"]
    assert revisions.history(untouched).count() == before[untouched.pk]


def test_merging_countries_moves_their_ministries_to_the_survivor(admin_user):
    make_article(countries=["Azerbaijan", "Azerbaidjan"])
    azerbaijan, misspelt = CountryTag.objects.get(name="Azerbaijan"), CountryTag.objects.get(name="Azerbaidjan")
    ministry = MinistryTag.objects.create(name="Ministry of Ecology", country=misspelt)

    merge_tags(azerbaijan, [misspelt], user=admin_user)

    ministry.refresh_from_db()
    assert ministry.country == azerbaijan
    assert not CountryTag.objects.filter(name="Azerbaidjan").exists()
    assert TagRedirect.objects.get(kind="countries", old_slug="azerbaidjan").new_slug == "azerbaijan"


def test_the_admin_action_asks_which_tag_to_keep_then_merges_into_it(admin_client):
    make_article(topics=["Trade"])
    story = make_article(topics=["Commerce"])
    trade, commerce = topic("Trade"), topic("Commerce")
    assert "Merge selected tags into one…" in admin_client.get(TOPICS).content.decode()

    confirmation = merge_action(admin_client, [trade, commerce])

    assert confirmation.status_code == 200
    assert confirmation.templates[0].name == "admin/articles/merge_tags.html"
    page = confirmation.content.decode()
    assert "csrfmiddlewaretoken" in page
    assert f'name="survivor" id="survivor-{trade.pk}" value="{trade.pk}"' in page
    assert [(tag.name, tag.story_count) for tag in confirmation.context["tags"]] == [("Commerce", 1), ("Trade", 1)]
    assert topics_named("Trade", "Commerce") == {"Trade", "Commerce"}

    response = merge_action(admin_client, [trade, commerce], survivor=trade.pk)

    assert response.status_code == 302
    assert messages_of(response) == ["Merged “Commerce” into “Trade”: 1 story moved."]
    assert topics_named("Trade", "Commerce") == {"Trade"}
    assert list(story.topics.names()) == ["Trade"]


def test_a_merge_of_one_tag_is_refused_and_changes_nothing(admin_client):
    make_article(topics=["Trade"])

    response = merge_action(admin_client, [topic("Trade")], survivor=topic("Trade").pk)

    assert response.status_code == 302
    assert messages_of(response) == ["Choose at least two tags to merge."]
    assert len(tagged(topic("Trade"))) == 1
    assert not TagRedirect.objects.exists()


def test_a_survivor_outside_the_selection_is_refused_and_changes_nothing(admin_client):
    make_article(topics=["Trade", "Commerce", "Energy"])
    trade, commerce, energy = topic("Trade"), topic("Commerce"), topic("Energy")

    response = merge_action(admin_client, [trade, commerce], survivor=energy.pk)

    assert "must be one of the selected tags" in messages_of(response)[0]
    assert topics_named("Trade", "Commerce", "Energy") == {"Trade", "Commerce", "Energy"}
    assert not TagRedirect.objects.exists()


def test_merge_tags_refuses_a_survivor_with_nothing_to_merge(admin_user):
    make_article(topics=["Trade"])
    with pytest.raises(TagCareError):
        merge_tags(topic("Trade"), [topic("Trade")], user=admin_user)


def test_renaming_a_tag_with_a_new_slug_redirects_its_old_page_to_the_new_one(admin_client, client):
    make_article(topics=["Commerce"])
    commerce = topic("Commerce")

    response = admin_client.post(
        reverse("admin:articles_topictag_change", args=[commerce.pk]),
        {"name": "Commerce and trade", "slug": "commerce-and-trade", "keywords": "commerce"},
    )

    assert response.status_code == 302
    commerce.refresh_from_db()
    assert (commerce.name, commerce.slug) == ("Commerce and trade", "commerce-and-trade")
    old = client.get("/topics/commerce/?page=1")
    assert old.status_code == 301
    assert old["Location"] == "/topics/commerce-and-trade/?page=1"
    assert client.get("/topics/commerce-and-trade/").status_code == 200
    feed = client.get("/topics/commerce/atom/")
    assert (feed.status_code, feed["Location"]) == (301, "/topics/commerce-and-trade/atom/")


def test_renaming_a_tag_back_to_its_old_slug_leaves_no_redirect_over_it(admin_client, client):
    make_article(topics=["Commerce"])
    commerce = topic("Commerce")
    change = reverse("admin:articles_topictag_change", args=[commerce.pk])

    admin_client.post(change, {"name": "Commercial", "slug": "commercial", "keywords": ""})
    admin_client.post(change, {"name": "Commerce", "slug": "commerce", "keywords": ""})

    assert list(TagRedirect.objects.values_list("old_slug", "new_slug")) == [("commercial", "commerce")]
    assert client.get("/topics/commerce/").status_code == 200


def test_redirect_chains_collapse_so_the_oldest_page_goes_straight_to_the_last_survivor(admin_user, client):
    story = make_article(topics=["Alpha"])
    make_article(topics=["Beta"])
    make_article(topics=["Gamma"])

    merge_tags(topic("Beta"), [topic("Alpha")], user=admin_user)
    merge_tags(topic("Gamma"), [topic("Beta")], user=admin_user)

    response = client.get("/topics/alpha/")
    assert response.status_code == 301
    assert response["Location"] == "/topics/gamma/"
    assert story.headline in client.get(response["Location"]).content.decode()
    assert client.get("/topics/beta/")["Location"] == "/topics/gamma/"


def test_a_new_tag_takes_its_slug_back_from_a_redirect(admin_client):
    make_article(topics=["Commerce"])
    TagRedirect.objects.create(kind="topics", old_slug="commerce-and-trade", new_slug="commerce")

    admin_client.post(
        reverse("admin:articles_topictag_add"), {"name": "Commerce and trade", "slug": "commerce-and-trade"}
    )

    assert topics_named("Commerce and trade") == {"Commerce and trade"}
    assert not TagRedirect.objects.exists()


def test_a_slug_with_neither_tag_nor_redirect_is_not_found(client):
    assert client.get("/topics/nothing-here/").status_code == 404


def test_a_reporter_cannot_merge_tags(client):
    make_article(topics=["Trade"])
    make_article(topics=["Commerce"])
    reporter = User.objects.create_user("reporter", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(reporter)
    trade, commerce = topic("Trade"), topic("Commerce")

    changelist = client.get(TOPICS)
    assert changelist.status_code == 200
    assert "merge_selected" not in changelist.content.decode()
    merge_action(client, [trade, commerce], survivor=trade.pk)

    assert topics_named("Trade", "Commerce") == {"Trade", "Commerce"}
    assert not TagRedirect.objects.exists()
    with pytest.raises(TagCareError):
        merge_tags(trade, [commerce], user=reporter)


def test_the_importer_does_not_bring_back_a_merged_tag(tmp_path):
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())
    economy = MinistryTag.objects.get(name="Ministry of Economy of Azerbaijan")
    survivor = MinistryTag.objects.create(name="Ministry of the Economy of Azerbaijan")
    merge_tags(survivor, [economy], user=User.objects.create_superuser("boss", password="pw"))
    another = tmp_path / "another.txt"
    another.write_text(" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. Minister of Economy of Azerbaijan spoke.")

    call_command("import_seeds", str(another), stdout=StringIO())

    assert not MinistryTag.objects.filter(name="Ministry of Economy of Azerbaijan").exists()
    assert survivor.links.count() == 2


def test_a_tag_in_use_cannot_be_deleted_only_merged(admin_client):
    make_article(topics=["Trade"])
    trade = TopicTag.objects.get(name="Trade")
    response = admin_client.post(reverse("admin:articles_topictag_delete", args=[trade.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert TopicTag.objects.filter(pk=trade.pk).exists()
    assert not Group.objects.get(name="Editors").permissions.filter(codename="delete_topictag").exists()


def test_an_old_tag_url_does_not_name_a_survivor_no_reader_can_see(client, admin_client):
    hidden = TopicTag.objects.create(name="Secret merger", slug="secret-merger")
    old = TopicTag.objects.create(name="Old name", slug="old-name")
    merge_tags(hidden, [old], user=User.objects.create_superuser("chief", password="pw"))
    response = client.get("/topics/old-name/")
    assert response.status_code == 404
    assert "secret-merger" not in response.get("Location", "")


def test_a_tag_merged_away_before_its_letters_were_spelt_still_leads_the_importer_to_its_survivor(admin_user):
    """'Bakı metro' got the slug 'bak-metro' under the former rule; its redirect keeps that slug."""
    merged = TopicTag.objects.create(name="Bakı metro", slug="bak-metro")
    survivor = TopicTag.objects.create(name="Baku metro", slug="baku-metro")
    merge_tags(survivor, [merged], user=admin_user)

    assert surviving_names("topics", ["Bakı metro"]) == ["Baku metro"]


def live_story_with_a_pending_topic(client, topic_name, **changes):
    """A live story on "Energy"; an editor adds `topic_name` (a new topic) as a pending change."""
    story = make_article(headline="Azerenerji raises tariffs", topics=["Energy"])
    added = TopicTag.objects.create(name=topic_name)
    client.force_login(user_in("Editors", "alice"))
    client.post(change_url(story), story_form(story, topics=[topic("Energy").pk, added.pk], **changes))
    story.refresh_from_db()
    assert story.pending_changes["topics"]
    return story, added


def test_a_merge_that_leaves_nothing_to_publish_leaves_nothing_waiting(client, admin_client):
    story, added = live_story_with_a_pending_topic(client, "Enerji Şirketleri")

    merge_action(admin_client, [topic("Energy"), added], survivor=topic("Energy").pk)

    story.refresh_from_db()
    assert story.pending is None and list(story.topics.names()) == ["Energy"]
    waiting = admin_client.get(reverse("admin:articles_article_changelist") + "?changes=waiting").content.decode()
    assert "Azerenerji raises tariffs" not in waiting
    page = admin_client.get(change_url(story)).content.decode()
    assert "Changes waiting for a publisher" not in page and "No difference in text or tags" not in page


def test_a_merge_leaves_the_rest_of_the_pending_changes_waiting(client, admin_client):
    story, added = live_story_with_a_pending_topic(client, "Enerji Şirketleri", headline="Tariffs rise by a tenth")

    merge_action(admin_client, [topic("Energy"), added], survivor=topic("Energy").pk)

    story.refresh_from_db()
    assert story.pending_changes == {"headline": "Tariffs rise by a tenth"}
    assert desk_copy(story)["headline"] == "Tariffs rise by a tenth" and desk_copy(story)["topics"] == ["Energy"]


def test_deleting_the_only_tag_a_story_waits_for_leaves_nothing_waiting(client, admin_client):
    story, added = live_story_with_a_pending_topic(client, "Tariffs")

    response = admin_client.post(reverse("admin:articles_topictag_delete", args=[added.pk]), {"post": "yes"})

    assert response.status_code == 302 and not TopicTag.objects.filter(pk=added.pk).exists()
    story.refresh_from_db()
    assert story.pending is None and list(story.topics.names()) == ["Energy"]


def test_a_renamed_tag_is_named_anew_in_the_pending_changes(client, admin_client):
    story, added = live_story_with_a_pending_topic(client, "Tarifs")

    admin_client.post(
        reverse("admin:articles_topictag_change", args=[added.pk]),
        {"name": "Tariffs", "slug": "tariffs", "keywords": ""},
    )

    story.refresh_from_db()
    assert [name for _id, name, _slug in story.pending_changes["topics"]] == ["Energy", "Tariffs"]
    assert "<ins>+ Tariffs</ins>" in admin_client.get(change_url(story)).content.decode()
