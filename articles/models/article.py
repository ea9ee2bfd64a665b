"""A story, and the one definition of which stories readers may see."""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..links import page_path
from ..text import name_key, split_paragraphs
from .tags import TaggedCountry, TaggedMinistry, TaggedTopic


def live_q(now):
    """Readers may see it: published, due (no job needed to go live), and out of embargo."""
    return Q(status=Article.Status.PUBLISHED, published_at__lte=now) & ~Q(embargo_until__gt=now)


def embargoed_q(now):
    """Approved and held by an embargo not yet over: what partners see before readers do (never a draft or a
    story in review)."""
    return Q(status__in=[Article.Status.READY, Article.Status.PUBLISHED], embargo_until__gt=now)


def withdrawn_q(now):
    """Was on the site and is not any more (unpublished, archived or put under embargo while live)."""
    return Q(withdrawn_at__isnull=False) & ~live_q(now)


def partner_withdrawn_q(now):
    """Partners could read it (live, or approved under embargo) and no longer can: sent back, unpublished,
    archived, or its embargo lifted before it went out."""
    return Q(partner_withdrawn_at__isnull=False) & ~(live_q(now) | embargoed_q(now))


def withheld_q(now):
    """Approved under an embargo now over, and not on the site (nobody published it, or it waits for a later time):
    partners were sent it, told they might use it at that time, and may not."""
    return Q(status__in=[Article.Status.READY, Article.Status.PUBLISHED], embargo_until__lte=now) & ~live_q(now)


def scheduled_q(now):
    """Published, but readers cannot see it yet (its time or its embargo has not come): the published
    stories live_q leaves out, each way as a range of an index (not every published story read to find them)."""
    published = {"status": Article.Status.PUBLISHED}
    return (
        Q(**published, published_at__gt=now)
        | Q(**published, published_at__isnull=True)
        | Q(**published, embargo_until__gt=now)
    )


def desk_states(now):
    """The states as the desk counts them, in workflow order: (value, label, condition).

    A published story that readers cannot see yet (its time or its embargo has not come) is "scheduled".
    """
    S = Article.Status
    return [
        (S.DRAFT.value, _("draft"), Q(status=S.DRAFT)),
        (S.IN_REVIEW.value, _("in review"), Q(status=S.IN_REVIEW)),
        (S.READY.value, _("ready"), Q(status=S.READY)),
        ("scheduled", _("scheduled"), scheduled_q(now)),
        ("live", _("live"), live_q(now)),
        (S.UNPUBLISHED.value, _("unpublished"), Q(status=S.UNPUBLISHED)),
        (S.ARCHIVED.value, _("archived"), Q(status=S.ARCHIVED)),
    ]


class ImportedHeadline(models.Func):
    """The headline the importer wrote (the import snapshot's), "" for a story it did not write.

    Written out, without parameters, so that the same SQL comes every time: an index on stories whose
    headline is still the importer's (article_machine_headline_idx) is used only by a query whose
    condition is the index's own, word for word (Django's KT changes its SQL on SQLite from one process
    to the next, and passes the key as a parameter, which PostgreSQL's generic plans cannot match).
    """

    # A wire item's own headline (the snapshot's agency_headline) is the agency's, never machine-made.
    template = (
        "CASE WHEN JSON_TYPE(%(expressions)s, '$.agency_headline') IS NULL "
        "THEN COALESCE(JSON_EXTRACT(%(expressions)s, '$.headline'), '') ELSE '' END"
    )
    output_field = models.TextField()

    def __init__(self):
        super().__init__(models.F("import_snapshot"))

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "CASE WHEN (%(expressions)s -> 'agency_headline') IS NULL "
            "THEN COALESCE((%(expressions)s ->> 'headline'), '') ELSE '' END"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


# A headline nobody has changed since the import, and its opposite (an editor's, or a story not from the wire).
MACHINE_HEADLINE = Q(headline=ImportedHeadline())
EDITED_HEADLINE = ~MACHINE_HEADLINE


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what readers may see (at `now`, by default the present): every public
        surface starts here."""
        return self.filter(live_q(now or timezone.now()))

    def for_partners(self, now=None):
        """What a partner with a key may see: every published() story, and the ready ones under embargo."""
        now = now or timezone.now()
        return self.filter(live_q(now) | embargoed_q(now))

    def withdrawn(self, now=None):
        """Stories readers could see and no longer can: syndication clients are told to take them down."""
        return self.filter(withdrawn_q(now or timezone.now()))

    def withdrawn_from_partners(self, now=None):
        """Stories partners could see (withdrawn() ones, and embargoed copy pulled before it went out) and no
        longer can: partners are told to take them down. Never a public surface's."""
        now = now or timezone.now()
        return self.filter(withdrawn_q(now) | partner_withdrawn_q(now))

    def withheld_from_partners(self, now=None):
        """Stories partners were sent under an embargo that is over, and may not use: nobody published them."""
        return self.filter(withheld_q(now or timezone.now()))

    def visible_to(self, user):
        """The stories a member of staff may open in the admin: a reporter sees only their own, those they
        wrote and those an editor assigned to them."""
        if user.has_perm("articles.review_article"):
            return self
        return self.filter(Q(author=user) | Q(assignee=user))


# The language of stories that do not name their own: the site's ("en-gb" -> "en").
SITE_LANGUAGE = settings.LANGUAGE_CODE.split("-")[0]
# The kinds of tag, by their manager's name on Article, in the order pages show them.
TAG_KINDS = ("countries", "ministries", "topics")
# The copy of a story: what editors write, revisions keep, and the importer fills in.
CONTENT_FIELDS = ("headline", "slug", "standfirst", "body", "dateline", "credit")
# The text readers see besides the slug (fixed once out): on a published story, a change to these, its
# tags or its lead image waits in `pending` until a publisher publishes it (articles/desk/working_copy.py).
PENDING_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "dateline",
    "credit",
    "correction",
    "lead_image_alt",
    "lead_image_credit",
)
# A save that writes any of these changes what readers see.
READER_FIELDS = frozenset({*CONTENT_FIELDS, *PENDING_FIELDS, "lead_image"})


# What decides whether readers or partners see a story (is_live, is_for_partners).
VISIBILITY_FIELDS = ("status", "published_at", "embargo_until")
# What the API gives as a story's version and time when the desk's own differ (see Article.public_version).
API_FIELDS = ("public_version", "public_changed_at")
# A change readers or partners see: the API gives the story's own version and time again.
API_CHANGED = dict.fromkeys(API_FIELDS)


def api_kept_in_sql():
    """api_kept() as expressions of an UPDATE, which reads the row as it was before it."""
    return {
        "public_version": Coalesce("public_version", "version"),
        "public_changed_at": Coalesce("public_changed_at", "updated_at"),
    }


def api_kept(article):
    """For a change nobody outside the desk sees, made to `article` as it stands: the values of API_FIELDS that
    keep the version and time the API gives as they are, so that partners are not sent the same copy again nor
    shown when the desk works on a story."""
    return {
        "public_version": article.version if article.public_version is None else article.public_version,
        "public_changed_at": article.public_changed_at or article.updated_at,
    }


class StaleEdit(Exception):
    """A save based on a version of the story that someone else has since replaced."""


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        READY = "ready", _("ready")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        ARCHIVED = "archived", _("archived")

    headline = models.CharField(_("headline"), max_length=200)
    # Unique outright, which also makes it unique for its date: a URL can never name two stories.
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    standfirst = models.CharField(
        _("standfirst"), max_length=400, blank=True, help_text=_("A one-line summary under the headline.")
    )
    body = models.TextField(_("body"), help_text=_("Plain text; separate paragraphs with a blank line."))
    dateline = models.CharField(_("dateline"), max_length=80, blank=True, help_text=_("The place, e.g. BAKU."))
    credit = models.CharField(_("credit"), max_length=100, blank=True, help_text=_("The agency, e.g. Trend."))
    # Changed only by the operations in articles/workflow.py.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("In the future, the story is scheduled: it goes live at that time."),
    )
    # Changed only by workflow.set_embargo: lifting an embargo is a publisher's decision, and recorded.
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Nobody can publish the story before this time, and it stays off the site until then."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_articles",
        db_index=False,  # article_assignee_idx (assignee, id) starts with it: one index less to write per story
    )
    # Set by the workflow when a live story leaves the site, so that API clients can be told to take it down.
    withdrawn_at = models.DateTimeField(_("taken off the site"), null=True, blank=True, editable=False)
    # Set by the workflow when a story partners could read (live, or approved under embargo) leaves what they
    # may read, so that a partner holding embargoed copy is told to take it down. Nullable: adding it did not
    # make SQLite copy the stories table (and drop its search triggers).
    partner_withdrawn_at = models.DateTimeField(_("taken from partners"), null=True, blank=True, editable=False)
    # Set with a takedown, in its transaction, and cleared once its image's files have new names
    # (desk/takedown_images.py): a move that never ran (a worker killed after the commit) is found, and
    # `manage.py retire_image_urls` finishes it. Nullable, like the two above.
    image_urls_owed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # BCP 47, as the wire gave it ("de", "sv"); None for the site's own language (`lang`). Nullable so that adding
    # it did not make SQLite copy the whole stories table (and drop its search triggers).
    language = models.CharField(_("language"), max_length=35, null=True, blank=True, editable=False)  # noqa: DJ001
    # Bumped by every save: a save based on an older version is refused, never applied.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set when the copy changes while the story is live, for the "Updated" note readers see.
    revised_at = models.DateTimeField(_("revised while live"), null=True, blank=True, editable=False)
    # The version and time the API gives while the desk changes what readers and partners do not see (pending
    # changes, a story off the site): NULL when `version` and `updated_at` are the public ones (api_kept()).
    # Nullable, so that adding them did not make SQLite copy the stories table (and drop its search triggers).
    public_version = models.PositiveIntegerField(_("version given out"), null=True, blank=True, editable=False)
    public_changed_at = models.DateTimeField(_("last change given out"), null=True, blank=True, editable=False)
    correction = models.TextField(
        _("correction"),
        blank=True,
        help_text=_('Shown to readers under the story, e.g. "An earlier version misspelled the minister\'s name."'),
    )

    lead_image = models.ImageField(
        _("lead image"),
        upload_to="lead/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    lead_image_credit = models.CharField(
        _("image credit"), max_length=200, blank=True, help_text=_("Required with an image, e.g. Trend / Ali Aliyev.")
    )
    # [{"width", "height", "name"}] for each size made from the upload; see articles/images.py.
    lead_image_renditions = models.JSONField(default=list, blank=True, editable=False)
    # The story's tags as words for search: their names and each country's other names (articles/site/
    # story_tags.py writes them whenever the tags change; the search index reads them with the copy).
    tag_words = models.TextField(_("tag words"), blank=True, default="", editable=False)
    # The story's tags as its pages show them, {kind: [[id, name, slug], ...]}: read with the story's row
    # (written by articles/site/story_tags.py with tag_words; null for a story that never had a tag).
    shown_tags = models.JSONField(_("tags shown"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    import_ref = models.CharField(
        _("import reference"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The seed file's name, for stories that came from the wire."),
    )
    source_hash = models.CharField(_("source hash"), max_length=64, blank=True, editable=False)
    # What the importer wrote, to tell an editor's change from the importer's own work.
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # A published story's working copy: only what differs from the live story, {"changes": {field or tag
    # kind: value}, "by": username, "at": time}; NULL when nothing waits. No public page reads it.
    pending = models.JSONField(_("pending changes"), null=True, blank=True, editable=False)

    countries = TaggableManager(
        verbose_name=_("countries"),
        through=TaggedCountry,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated country names, e.g. Azerbaijan, Türkiye."),
    )
    ministries = TaggableManager(
        verbose_name=_("ministries"),
        through=TaggedMinistry,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated; put a name with a comma in double quotes."),
    )
    topics = TaggableManager(
        verbose_name=_("topics"),
        through=TaggedTopic,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated topics, e.g. Trade, Energy."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # The desk speaks of stories; the model keeps its name for its tables and URLs.
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        indexes = [
            # What public lists filter and sort by, and the dates sitemaps read: they read this index, not the
            # stories' rows (on SQLite a row's later columns sit behind its body). It decides whether a story
            # is live (live_q) too: the desk counts live stories from it. With the id, PostgreSQL joins live
            # stories to their tags from the index alone (SQLite's indexes hold it anyway).
            models.Index(
                fields=["status", "published_at", "revised_at", "embargo_until", "id"], name="article_live_idx"
            ),
            # The few stories revised while live, whose revision dates their sitemap entries.
            models.Index(fields=["revised_at"], condition=Q(revised_at__isnull=False), name="article_revised_idx"),
            # The desk's story list: its default order and each column it sorts by, an index read forwards
            # or backwards either way (ties in the column's direction: articles/desk/admin/story_queries.py).
            models.Index(fields=["published_at", "id"], name="article_published_idx"),
            models.Index(fields=["headline", "id"], name="article_headline_idx"),
            models.Index(fields=["status", "id"], name="article_status_idx"),
            models.Index(fields=["embargo_until", "id"], name="article_embargo_idx"),
            # Published stories whose embargo has not ended: part of scheduled_q, read as a range.
            models.Index(fields=["status", "embargo_until"], name="article_embargoed_idx"),
            models.Index(fields=["assignee", "id"], name="article_assignee_idx"),
            # The desk's filter by headline (the importer's, or an editor's) and its front page's count.
            models.Index(fields=["published_at", "id"], condition=MACHINE_HEADLINE, name="article_machine_idx"),
            models.Index(fields=["published_at", "id"], condition=EDITED_HEADLINE, name="article_edited_idx"),
            # The desk's filter of stories whose changes wait for a publisher.
            models.Index(fields=["published_at", "id"], condition=Q(pending__isnull=False), name="article_pending_idx"),
        ]
        permissions = [
            ("submit_article", _("Can submit a story for review")),
            ("review_article", _("Can edit any story, approve it or send it back")),
            ("publish_article", _("Can publish, schedule, unpublish and archive stories")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Browsers send textareas with CRLF; one line-end convention keeps comparisons honest.
        self.body = self.body.replace("\r\n", "\n").replace("\r", "\n")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Where readers find the story once it is published (until then the URL answers 404)."""
        day = newsroom_time(self.published_at or self.created_at or timezone.now())
        return page_path("articles:detail", year=day.year, month=f"{day:%m}", day=f"{day:%d}", slug=self.slug)

    def save_content(self, *, expected_version, fields=CONTENT_FIELDS, tags=()):
        """Save edited fields only if nobody saved the story since `expected_version`; never touches status.
        `tags` names the kinds of tag the caller changes with it (written after, by the form).

        Call inside a transaction. The conditional UPDATE is the guard: of two concurrent saves from
        the same version, exactly one matches the row.
        """
        matched = Article.objects.filter(pk=self.pk, version=expected_version).update(version=expected_version + 1)
        if not matched:
            raise StaleEdit(self.pk)
        # The row as it stood (its version aside): whether anyone outside the desk sees the change.
        before = Article.objects.only(*VISIBILITY_FIELDS, *API_FIELDS, "updated_at").get(pk=self.pk)
        before.version, self.version = expected_version, expected_version + 1
        extra = ["version", "updated_at", *API_FIELDS]
        seen = READER_FIELDS.intersection(fields) or tags
        if seen and before.is_live:
            self.revised_at = timezone.now()
            extra.append("revised_at")
        kept = API_CHANGED if seen and before.is_for_partners else api_kept(before)
        self.public_version, self.public_changed_at = kept["public_version"], kept["public_changed_at"]
        self.save(update_fields=[*fields, *extra])

    def save_pending(self, changes, *, expected_version, by, fields=()):
        """Keep `changes` as pending changes of this published story, and save `fields` (desk settings readers
        do not see) as save_content does: one new version, or StaleEdit. Returns the changes it replaced.

        `changes` maps PENDING_FIELDS to text, a tag kind to [[id, name, slug], ...], "lead_image" to
        {"name", "width", "height", "renditions"}. One that matches the live story is no longer pending.
        """
        with transaction.atomic():
            # The version first: its UPDATE takes the row, so no save or publish slips in before we read it.
            self.save_content(expected_version=expected_version, fields=fields)
            live = Article.objects.get(pk=self.pk)
            before = live.pending_changes
            waiting = {name: value for name, value in before.items() if name not in changes}
            waiting.update(live.still_waiting(changes))
            who = by.get_username() if by else ""
            self.pending = {"changes": waiting, "by": who, "at": timezone.now().isoformat()}
            if not waiting:
                self.pending = None
            Article.objects.filter(pk=self.pk).update(pending=self.pending)
        return before

    @property
    def pending_changes(self):
        """What waits for a publisher: {field or tag kind: value}, empty if nothing (see save_pending)."""
        return (self.pending or {}).get("changes", {})

    def still_waiting(self, changes):
        """Those of `changes` (save_pending's shape) that differ from the live story: one that matches it, a field
        changed back or a tag merged into one the story has, is no longer pending."""
        return {name: value for name, value in changes.items() if not self.is_live_value(name, value)}

    def is_live_value(self, name, value):
        """Is `value` (in save_pending's shape) what the live story has for `name`?"""
        if name in TAG_KINDS:
            links = getattr(self, name).through.objects.filter(content_object=self)
            return {tag_id for tag_id, _name, _slug in value} == set(links.values_list("tag_id", flat=True))
        if name == "lead_image":
            return value["name"] == (self.lead_image.name or "")
        return value == getattr(self, name)

    @property
    def is_scheduled(self):
        """Published, but not yet on the site: its time or its embargo has not come."""
        return self.status == self.Status.PUBLISHED and (
            self.published_at is None or self.published_at > timezone.now() or self.is_embargoed
        )

    @property
    def is_embargoed(self):
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_live(self):
        """Readers can see it now: published() for one story in hand."""
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    @property
    def is_for_partners(self):
        """Partners can see it now: for_partners() for one story in hand."""
        return self.is_live or (self.status in (self.Status.READY, self.Status.PUBLISHED) and self.is_embargoed)

    @property
    def is_withheld_from_partners(self):
        """withheld_q() for one story in hand."""
        approved = self.status in (self.Status.READY, self.Status.PUBLISHED) and self.embargo_until is not None
        return approved and not self.is_embargoed and not self.is_live

    @property
    def was_withheld_from_partners(self):
        """Its embargo ended before it went live: partners were told meanwhile not to use it."""
        return (
            self.embargo_until is not None and self.published_at is not None and self.published_at > self.embargo_until
        )

    @property
    def was_shown_to_partners(self):
        """Partners could read it now, or could while its embargo held (an approved story with an embargo)."""
        return self.is_for_partners or (
            self.status in (self.Status.READY, self.Status.PUBLISHED) and self.embargo_until is not None
        )

    @property
    def desk_status(self):
        """The status as the desk speaks of it: a published story is 'live' once readers can see it, and
        'scheduled' until then."""
        if self.status != self.Status.PUBLISHED:
            return self.get_status_display()
        return _("scheduled") if self.is_scheduled else _("live")

    @property
    def lang(self):
        """The story's language as pages, feeds and the API give it: its own, or the site's."""
        return self.language or SITE_LANGUAGE

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)

    @property
    def standfirst_in_lists(self):
        """The standfirst a story list shows under the headline: none that is the headline's sentence again
        (as stories imported before the importer took the next sentence have)."""
        headline = _comparable(self.headline.rstrip("\u2026"))
        return "" if headline and headline in _comparable(self.standfirst) else self.standfirst

    @property
    def standfirst_on_page(self):
        """The standfirst the story's page shows: not one of the body's sentences again, nor the headline's."""
        shown = self.standfirst_in_lists
        return "" if shown and _comparable(shown) in _comparable(self.body) else shown

    @property
    def headline_is_machine_made(self):
        snapshot = self.import_snapshot or {}
        return bool(snapshot) and self.headline == snapshot.get("headline") and "agency_headline" not in snapshot

    def tags_by_kind(self):
        """[(kind, tags)] per kind with any tags, in page order: from attach_tags if it ran, else the managers."""
        refs = getattr(self, "tag_refs", None)
        groups = [(kind, refs[kind] if refs is not None else list(getattr(self, kind).all())) for kind in TAG_KINDS]
        return [(kind, tags) for kind, tags in groups if tags]

    def tag_groups(self):
        """[(label, tags)] per kind with any tags, in page order: ("countries", [...]), ..."""
        return [(self._meta.get_field(kind).verbose_name, tags) for kind, tags in self.tags_by_kind()]

    @property
    def tag_names(self):
        return [tag.name for _kind, tags in self.tags_by_kind() for tag in tags]

    @property
    def was_revised(self):
        """Changed after it went out: readers are told so."""
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    def editable_state(self):
        """The parts of a story an editor can change and the importer writes, as plain data."""
        state = {field: getattr(self, field) for field in ("headline", "standfirst", "body", "dateline", "credit")}
        for kind in TAG_KINDS:
            state[kind] = sorted(getattr(self, kind).names(), key=name_key)
        return state

    def editor_changes(self):
        """Names of the parts an editor changed since the last import (empty if none)."""
        if not self.import_snapshot:
            return []
        return self.parts_unlike(self.import_snapshot)

    def parts_unlike(self, state):
        """Names of the parts in which the story as the desk has it, pending changes included, differs from
        `state` (an editable_state(), or an import snapshot)."""
        current, other = self.editable_state(), dict(state)
        # Changes waiting for a publisher are an editor's too.
        for name, value in self.pending_changes.items():
            if name in TAG_KINDS:
                current[name] = sorted((tag_name for _id, tag_name, _slug in value), key=name_key)
            elif name in current:
                current[name] = value
        # Paragraphs, not raw text: re-wrapping lines or trailing spaces is not an edit.
        current["body"], other["body"] = split_paragraphs(current["body"]), split_paragraphs(other.get("body", ""))
        return [key for key, value in current.items() if other.get(key) != value]


def _comparable(text):
    """Text as a reader compares it: case, spacing and a final full stop aside."""
    return " ".join(text.casefold().split()).rstrip(".!?\u2026")


def newsroom_time(moment):
    """A stored time in the newsroom's zone; in UTC where that zone would carry it past the year 9999 (a time
    stored before the desk refused such times, or from the shell or the wire), so that a page still shows it."""
    try:
        return timezone.localtime(moment)
    except OverflowError:
        return moment.astimezone(datetime.UTC)
