"""What the API tests share: a partner key, and the API's items read as a client reads them."""

from django.contrib.auth.models import User
from django.test import Client

from articles.models import PartnerKey
from tests.desk_forms import change_url, story_form, user_in

STORIES = "/api/v1/stories/"


def partner_key(name="Trend syndication"):
    """A new key, as a publisher makes one in the desk: (its record, the key)."""
    publisher = User.objects.filter(username="publisher").first() or user_in("Publishers")
    return PartnerKey.issue(name=name, by=publisher)


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def item_url(story):
    return f"{STORIES}{story.pk}/"


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headlines"][0]["value"] for item in response.json()["results"] if item["pubstatus"] == "usable"]


def every_item(client, url=STORIES, **headers):
    """Every item of a list, following `next` to the end."""
    items = []
    while url:
        page = client.get(url, **headers).json()
        items += page["results"]
        url = page["next"]
    return items


def staff(role, username):
    """The desk's account of this name, made in `role` ("Editors", "Publishers") the first time."""
    return User.objects.filter(username=username).first() or user_in(role)


def desk_save(story, **changes):
    """An editor's plain "Save" in the desk, as a browser posts it: on a published story the changes wait for a
    publisher; on any other they are the story's at once."""
    desk = Client()
    desk.force_login(staff("Editors", "editor"))
    story.refresh_from_db()
    response = desk.post(change_url(story), story_form(story, **changes))
    assert response.status_code == 302, response.content


def since(moment):
    """The list of what changed after `moment`, as a poll asks for it."""
    return f"{STORIES}?since={moment.isoformat().replace('+', '%2B')}"
