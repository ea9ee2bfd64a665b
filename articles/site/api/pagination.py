"""Cursor pagination on (a time, the id): a page starts after the last story of the one before, so stories
published (or changed) meanwhile neither repeat nor push others off a page, and every page costs one query.

DRF's CursorPagination is not used: it breaks ties by an offset capped at 1,000 (a wire day can hold more
stories at one time) and cannot order by a time that may be missing (an embargoed story not yet published).
"""

import base64
import binascii
import datetime

from django.conf import settings
from django.db.models import Q

from .errors import BadParameter

NEWEST_FIRST, OLDEST_FIRST = "d", "a"
BAD_CURSOR = "not a cursor of this list; follow the `next` link as it is given"


def page(stories, request, *, field, order):
    """(stories of this page, the URL of the next or None): `stories` ordered by `field` (a time every story
    has, annotated or a column) then id, newest first or oldest first, after ?cursor= if given."""
    size = settings.NEWSROOM_API_PAGE_SIZE
    cursor = request.query_params.get("cursor")
    if cursor is not None:
        moment, last_id = decode(cursor, order)
        before = order == NEWEST_FIRST
        lookup = "lt" if before else "gt"
        stories = stories.filter(Q(**{f"{field}__{lookup}": moment}) | Q(**{field: moment, f"pk__{lookup}": last_id}))
    direction = "-" if order == NEWEST_FIRST else ""
    rows = list(stories.order_by(f"{direction}{field}", f"{direction}pk")[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    query = request.query_params.copy()
    query["cursor"] = encode(getattr(rows[-1], field), rows[-1].pk, order)
    return rows, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def encode(moment, story_id, order):
    text = f"{order}|{moment.isoformat()}|{story_id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor, order):
    """(time, id) from a cursor made by encode() for a list in the same order; BadParameter otherwise."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, moment, story_id = text.split("|")
        moment = datetime.datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            raise ValueError("a cursor's time has its offset")
        moment = moment.astimezone(datetime.UTC)
    except (ValueError, UnicodeError, binascii.Error, OverflowError):
        raise BadParameter("cursor", BAD_CURSOR) from None
    if kind != order or not story_id.isascii() or not story_id.isdigit() or len(story_id) > 18:
        raise BadParameter("cursor", BAD_CURSOR)
    return moment, int(story_id)
