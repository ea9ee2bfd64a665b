"""The API's views: stories as ninjs items, one or a page of them, and the tags they carry.

Readers' stories come from Article.objects.published(); a partner's key adds for_partners()'s embargoed
ones; withdrawn() stories (for a partner, withdrawn_from_partners()) are listed, as canceled, only to polling
clients (`since`) and to whoever asks for one by its id; for a partner, stories it was sent under an embargo now
over that nobody published are withheld. No filter reads a story the asker may not read: a
taken-down story's text and tags are no longer public, so `since` lists every takedown whatever the filters.
No view changes a story.
"""

import datetime

from django.conf import settings
from django.core.validators import slug_re
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ...ingest.country_codes import country_code, country_of_code
from ...models import Article, CountryTag, MinistryTag, TagRedirect, TopicTag
from .. import queries
from ..pagination import MAX_PAGE
from ..search import clean_query, search
from . import pagination
from .errors import BadParameter, check_parameters
from .items import NINJS_SCHEMA, canceled_item, change_time, site_root, story_item

TAG_FILTERS = {"country": CountryTag, "ministry": MinistryTag, "topic": TopicTag}
ERROR = {"type": "object", "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}
ERRORS = {code: OpenApiResponse(ERROR, description=what) for code, what in [
    (400, "A parameter the API cannot use; the message says which and why."),
    (401, "A partner key that is wrong or revoked."),
    (429, "Too many requests from this address or with this key: try again after Retry-After seconds."),
]}  # fmt: skip
NINJS = {"$ref": NINJS_SCHEMA}
TAG = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "stories": {"type": "integer", "description": "how many published stories carry it"},
        "url": {"type": "string", "format": "uri", "description": "its page on the site"},
        "api": {"type": "string", "format": "uri", "description": "its stories in the API"},
        "code": {"type": "string", "description": "a country's ISO 3166-1 alpha-2 code"},
    },
    "required": ["name", "slug", "stories", "url", "api"],
}
TAG_LIMIT = 200
# The parameters a list reads; each may be given once (the filters combine: country=...&topic=...).
LIST_PARAMETERS = (*TAG_FILTERS, "q", "since", "cursor")


class ApiView(APIView):
    """What every API answer shares: GET only, JSON, CORS for any origin, and caching by who asked."""

    http_method_names = ["get", "head", "options"]
    # The query parameters the view reads: any other is a 400 that names it (None: no check), saying what to
    # do instead for those in parameter_hints.
    parameters = ()
    parameter_hints = {"format": "the API answers JSON only: leave format out"}

    def initial(self, request, *args, **kwargs):
        # Before the key is read and the request counted: a key in the address is refused whoever asks.
        if self.parameters is not None:
            check_parameters(request.query_params, self.parameters, self.parameter_hints)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A shared cache must never give one asker's answer to another: a partner's holds embargoed copy.
        patch_vary_headers(response, ["Authorization"])
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if response.status_code >= 400:
            patch_cache_control(response, no_store=True)
        elif request.auth is not None:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            # As the pages (page_cache.public): browsers revalidate, shared caches keep it the proxy's time.
            patch_cache_control(
                response,
                public=True,
                max_age=settings.NEWSROOM_PUBLIC_MAX_AGE,
                s_maxage=settings.NEWSROOM_PROXY_MAX_AGE,
            )
        return response

    def options(self, request, *args, **kwargs):
        """A browser's CORS preflight: GET, with a partner key if it has one."""
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return response

    def stories(self, now):
        """The stories this asker may read: readers live ones; a partner the ready ones under embargo too."""
        if self.request.auth is not None:
            return Article.objects.for_partners(now)
        return Article.objects.published(now)

    def taken_down(self, now):
        """The stories this asker is told to take down: readers those taken off the site; a partner those, the
        embargoed copy pulled before it went out, and the copy withheld when its embargo ran out unpublished
        (which readers never learn of)."""
        if self.request.auth is not None:
            return Article.objects.withdrawn_from_partners(now) | Article.objects.withheld_from_partners(now)
        return Article.objects.withdrawn(now)

    def item(self, story, root, *, full):
        partner = self.request.auth is not None
        visible = story.is_for_partners if partner else story.is_live
        if not visible:
            return canceled_item(story, "withheld" if partner and story.is_withheld_from_partners else "canceled")
        # Readers never learn of a story taken from partners only (its version says nothing of it either).
        from_partners = story.partner_withdrawn_at is not None or story.was_withheld_from_partners
        taken_down = story.withdrawn_at is not None or (partner and from_partners)
        return story_item(story, root, full=full, taken_down=taken_down)


class ApiResponse(Response):
    """A DRF Response that the page cache keeps as its rendered bytes only: DRF's own pickling keeps the data
    it was rendered from too, which doubled a page of stories in the cache and took longer to load than
    the bytes."""

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("data", None)
        return state


class NotFoundView(ApiView):
    """Any other address under /api/: a JSON 404, as the API's own."""

    schema = None
    parameters = None

    def get(self, request, *args, **kwargs):
        if not request.path.endswith("/") and _is_api_address(request.path + "/"):
            raise NotFound(f"There is nothing at this address; the API's addresses end in a slash: {request.path}/")
        raise NotFound("There is nothing at this address; the API's addresses are in /api/v1/openapi.json.")


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI description, which any origin may read too (a client generator or viewer in a browser)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


@extend_schema(
    summary="Stories, newest first",
    parameters=[
        OpenApiParameter(
            "country",
            str,
            description="stories tagged with this country: its slug or its ISO 3166-1 alpha-2 code, any case, as "
            "/api/v1/countries/ gives them (`slug`, `code`); a country of the world no story carries gives an "
            "empty list, any other value a 400 (with `since`: no story)",
        ),
        *(
            OpenApiParameter(
                name,
                str,
                description=f"stories tagged with this {name}: its slug, any case, as /api/v1/{model.kind}/ gives "
                f"them; an unknown one, or one no story you may read carries, is a 400 (with `since`: no story)",
            )
            for name, model in TAG_FILTERS.items()
            if name != "country"
        ),
        OpenApiParameter(
            "q", str, description="the site's search: stories holding every word; a value without a word is a 400"
        ),
        OpenApiParameter(
            "since",
            datetime.datetime,
            description="only stories changed after this time (RFC 3339) less a few minutes' overlap, oldest change "
            "first, with the ones taken down since (pubstatus canceled): for polling clients, which skip the items "
            "whose uri and version they have already handled",
        ),
        OpenApiParameter("cursor", str, description="where a page starts: follow `next` as it is given"),
    ],
    responses={
        200: OpenApiResponse(
            {
                "type": "object",
                "properties": {"results": {"type": "array", "items": NINJS}, "next": {"type": ["string", "null"]}},
            },
            description="A page of ninjs 2.1 items without their bodies (representationtype partial: the story's "
            "own address, /api/v1/stories/<id>/ where the id ends its uri, gives it whole) and the address of the "
            "next page (null on the last).",
        ),
        **ERRORS,
    },
)
class StoryList(ApiView):
    parameters = LIST_PARAMETERS
    # As the tag lists have it: here it would give the first page again and again.
    parameter_hints = {
        **ApiView.parameter_hints,
        "page": "stories are paged by cursor: follow the `next` link of each page",
    }

    @extend_schema(
        operation_id="list_stories",
        description="Live stories, newest first, 10 a page, each without its bodies: follow `next` to the end "
        "(stories arriving meanwhile neither repeat nor push others off a page). The filters combine, each given "
        "once. A tag filter naming no tag its list endpoint gives (a typo, say) is a 400 saying so, not an empty "
        "list; a country of the world no story carries gives an empty list; the slug of a tag merged into "
        "another gives that one's stories. With `since`, the stories changed after that time (less an overlap: "
        "skip the items whose uri and "
        "version you have handled) and those taken off the site (pubstatus canceled, "
        "without their text), oldest change first; any well-formed tag value is then taken, so that a poll still "
        "gets the kills of the stories its tag lost. With a partner key, ready stories under embargo too, with "
        "`embargoed`.",
    )
    def get(self, request):
        now = timezone.now()
        params = request.query_params
        for name in LIST_PARAMETERS:
            if len(params.getlist(name)) > 1:
                raise BadParameter(name, "given more than once; give it once (different filters combine)")
        since = _since(params.get("since"))
        # The filters read only stories this asker may read: never a taken-down story's text or tags now.
        readable = stories = self.stories(now)
        filtered = False
        for name, model in TAG_FILTERS.items():
            if params.get(name) is not None:
                tag = _filter_tag(name, model, params[name], readable, polling=since is not None)
                stories, filtered = stories.filter(**{model.kind: tag}) if tag else stories.none(), True
        if params.get("q") is not None:
            if not clean_query(params["q"]):
                raise BadParameter("q", "words to search for; leave q out for every story")
            stories, filtered = search(stories, params["q"]), True
        if since is not None:
            # Polling: what changed, and every story taken down, filters or not (a client skips the kills of
            # items it never had), oldest change first (the last one's versioncreated starts the next poll).
            if filtered:
                stories = Article.objects.filter(pk__in=stories.values("pk"))
            stories = (stories | self.taken_down(now)).annotate(changed_at=change_time(now))
            stories, field, order = stories.filter(changed_at__gt=since), "changed_at", pagination.OLDEST_FIRST
        else:
            field, order = "published_at", pagination.NEWEST_FIRST
            if request.auth is not None:  # a ready story under embargo has no publication time yet
                stories, field = stories.annotate(position=Coalesce("published_at", "embargo_until")), "position"
        # A list's items have no bodies: the text is not read. Nor are the desk's import snapshot and pending
        # changes (those wait for a publisher; readers and partners get the story as published).
        stories = stories.defer("import_snapshot", "pending", "body")
        rows, next_url = pagination.page(stories, request, field=field, order=order)
        queries.attach_tags(rows)
        root = site_root(request)
        return ApiResponse({"results": [self.item(story, root, full=False) for story in rows], "next": next_url})


@extend_schema(
    summary="One story",
    responses={
        200: OpenApiResponse(
            NINJS,
            description="The story as a ninjs 2.1 item; pubstatus canceled if it was taken off the site (withheld: "
            "a partner's copy whose embargo ran out unpublished), with no text",
        ),  # fmt: skip
        404: OpenApiResponse(ERROR, description="No such story, or not one this asker may read."),
        **ERRORS,
    },
)
class StoryDetail(ApiView):
    @extend_schema(
        operation_id="get_story",
        description="One story as a whole ninjs item, bodies included (representationtype full); the id is the "
        "end of its uri. Its lead image is the picture in associations (name leadimage), which carries the "
        "image's renditions, each named for what it is, unique in the item (1280w-webp; a crop 16x9-1200w-webp); "
        "the text item has none of its own. A story taken off the site gives only its uri, version, "
        "versioncreated and pubstatus canceled.",
    )
    def get(self, request, story_id):
        now = timezone.now()
        if not (story_id.isascii() and story_id.isdigit() and len(story_id) <= 18):
            raise NotFound("No such story.")
        found = self.stories(now) | self.taken_down(now)
        story = found.defer("import_snapshot", "pending").filter(pk=int(story_id)).first()
        if story is None:
            raise NotFound("No such story, or not one you may read.")
        queries.attach_tags([story])
        return ApiResponse(self.item(story, site_root(request), full=True))


@extend_schema(
    summary="Tags with published stories, with how many",
    parameters=[OpenApiParameter("page", int, description=f"page number, {TAG_LIMIT} tags a page")],
    responses={
        200: OpenApiResponse(
            {
                "type": "object",
                "properties": {"results": {"type": "array", "items": TAG}, "next": {"type": ["string", "null"]}},
            },
            description="The tags with published stories, by name, and the address of the next page (null on the "
            "last).",
        ),
        **ERRORS,
    },  # fmt: skip
)
class TagList(ApiView):
    tag_model = None
    parameters = ("page",)

    @extend_schema(description="The tags of this kind that published stories carry, by name, 200 a page.")
    def get(self, request):
        if len(request.query_params.getlist("page")) > 1:
            raise BadParameter("page", "given more than once; give it once")
        number = request.query_params.get("page", "1")
        # Length first: int() refuses more than 4,300 digits with a ValueError (a 500).
        fits = number.isascii() and number.isdigit() and len(number) <= len(str(MAX_PAGE))
        if not (fits and 1 <= int(number) <= MAX_PAGE):
            raise BadParameter("page", f"a page number from 1 to {MAX_PAGE:,}")
        start = (int(number) - 1) * TAG_LIMIT
        tags = list(
            self.tag_model.objects.filter(articles__in=Article.objects.published())
            .annotate(story_count=Count("articles"))
            .order_by("name")[start : start + TAG_LIMIT + 1]
        )
        query = request.query_params.copy()
        query["page"] = str(int(number) + 1)
        more = request.build_absolute_uri(f"{request.path}?{query.urlencode()}") if len(tags) > TAG_LIMIT else None
        return ApiResponse({"results": [self.tag(tag) for tag in tags[:TAG_LIMIT]], "next": more})

    def tag(self, tag):
        stories = f"/api/v1/stories/?{FILTER_OF[self.tag_model]}={tag.slug}"
        entry = {
            "name": tag.name,
            "slug": tag.slug,
            "stories": tag.story_count,
            "url": self.request.build_absolute_uri(tag.get_absolute_url()),
            "api": self.request.build_absolute_uri(stories),
        }
        if self.tag_model is CountryTag and country_code(tag.name):
            entry["code"] = country_code(tag.name)
        return entry


FILTER_OF = {model: name for name, model in TAG_FILTERS.items()}


def _since(value):
    """?since= as an aware time (a time without an offset is UTC), less NEWSROOM_API_SINCE_OVERLAP: a story
    saved before a poll and committed after it carries a time before the poll's, and is not to be missed."""
    if value is None:
        return None
    try:
        # A "+" left unescaped arrives as a space; RFC 3339 allows a lower-case "t" and "z".
        moment = datetime.datetime.fromisoformat(value.strip().replace(" ", "+").upper())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        moment = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadParameter("since", "a date and time, RFC 3339, e.g. 2026-12-07T09:30:00Z") from None
    overlap = datetime.timedelta(seconds=settings.NEWSROOM_API_SINCE_OVERLAP)
    earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return moment - overlap if moment - earliest > overlap else earliest  # the year 1 has nothing before it


def _is_api_address(path):
    try:
        return resolve(path).url_name != "not-found"
    except Resolver404:
        return False


def _filter_tag(name, model, value, readable, *, polling):
    """The tag a filter names: by its slug (any case), a country by its ISO code too, or the tag a merge or a
    new slug left the slug leading to. A value naming no tag the asker can find in the list endpoint (a tag
    no story it may read carries, which says nothing of tags only unpublished stories carry) is a 400, not an
    empty list that looks like no news; except a country of the world, which is public whatever the stories,
    and in a poll (`since`), whose answer must still hold the kills of stories the tag lost: there None for a
    tag not found, which filters to nothing."""
    listed = f"/api/v1/{model.kind}/"
    country = model is CountryTag
    if len(value) > 100 or not slug_re.match(value):
        what = "its slug or ISO 3166-1 alpha-2 code" if country else "its slug"
        raise BadParameter(name, f"a {model._meta.verbose_name} by {what}, as {listed} gives them")
    slug = value.lower()
    tag = queries.tag_by_slug(model, slug)
    if tag is None and country and country_of_code(value):
        tag = model.objects.filter(name=country_of_code(value)).first()
    if tag is None:
        moved = TagRedirect.objects.filter(kind=model.kind, old_slug=slug).first()
        tag = queries.tag_by_slug(model, moved.new_slug) if moved else None
    known = tag is not None and ((country and country_code(tag.name)) or readable.filter(**{model.kind: tag}).exists())
    if known or polling:
        return tag
    shown = value[:40]
    if country:
        raise BadParameter(name, f"no country has the slug or code {shown!r}; {listed} lists those with stories")
    verbose = model._meta.verbose_name
    raise BadParameter(name, f"no {verbose} with stories you may read has the slug {shown!r}; {listed} lists them")
