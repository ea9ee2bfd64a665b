"""What the API tests share: a partner key, and the API's items read as a client reads them."""

from django.contrib.auth.models import User

from articles.models import PartnerKey
from tests.desk_forms import user_in

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
