"""Stories in the admin: editing with no lost edits, workflow buttons and bulk actions, preview."""

from functools import partial

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ...models import TAG_KINDS, Article, EditorialNote, StaleEdit
from .. import images, presence, previews, working_copy
from ..forms import DESK_FIELDS, ArticleAdminForm, fields_to_save
from ..roles import desk_members
from ..workflow import (
    TRANSITIONS,
    WorkflowError,
    WorkflowPermissionError,
    allowed_actions,
    can_edit,
    describe,
    may_delete,
    operate,
    set_embargo,
    transition,
)
from .filters import DeskListMixin, HeadlineOriginFilter, MyStoriesFilter, PendingFilter, StatusFilter
from .revision_views import RevisionViewsMixin
from .story_list import StoryListMixin, bulk_summary, machine_mark
from .story_queries import (
    COUNT_LIMIT,
    SEARCH_COUNT_LIMIT,
    AssigneeFilter,
    PublishedFilter,
    StoryChangeList,
    StoryPaginator,
    search_stories,
    tag_filter,
    tag_filter_media,
)
from .writing import WRITING_WIDGETS, WritingMixin, edited_labels, list_time, local_time

DELETE_REFUSED = _(
    "This story cannot be deleted: readers or partners may hold it, and a deleted story cannot tell them to take it "
    "down. Archive it instead."
)
# What a publisher is told once they have published or discarded a story's pending changes.
CHANGES_DONE = {
    "publish_changes": _("“%(story)s”: the pending changes are live."),
    "discard_changes": _("“%(story)s”: the pending changes were discarded."),
}


def done_message(action, article):
    """What the desk says once `action` moved the story: "“Ferry line opens” is now live.", "… is now a draft."."""
    if action in CHANGES_DONE:
        return CHANGES_DONE[action] % {"story": article}
    if article.status == Article.Status.DRAFT:
        return _("“%(story)s” is now a draft.") % {"story": article}
    return _("“%(story)s” is now %(status)s.") % {"story": article, "status": article.desk_status}


class EditorialNoteInline(admin.TabularInline):
    model = EditorialNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    verbose_name_plural = _("editorial notes (for the desk only, never published)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")  # shown with each note

    def has_change_permission(self, request, obj=None):
        return False  # a note, once written, stays as written

    def has_delete_permission(self, request, obj=None):
        return False


class DeskActionForm(forms.Form):
    """What a workflow button may carry; times are read in the newsroom's time zone."""

    reason = forms.CharField(
        required=False, max_length=2000, error_messages={"max_length": _("Keep the reason under 2,000 characters.")}
    )
    publish_at = forms.DateTimeField(
        required=False, error_messages={"invalid": _("The publication time is not a valid date and time.")}
    )
    embargo_until = forms.DateTimeField(
        required=False, error_messages={"invalid": _("The embargo time is not a valid date and time.")}
    )


@admin.register(Article)
class ArticleAdmin(RevisionViewsMixin, WritingMixin, StoryListMixin, DeskListMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [EditorialNoteInline]
    list_display = [
        "headline",
        "desk_status",
        "published",
        "embargoed",
        "assignee",
        "machine_headline",
        "tag_list",
    ]
    list_select_related = ["assignee"]
    list_filter = [
        StatusFilter,
        PendingFilter,
        MyStoriesFilter,
        HeadlineOriginFilter,
        tag_filter("countries"),
        tag_filter("ministries"),
        tag_filter("topics"),
        ("assignee", AssigneeFilter),
        ("published_at", PublishedFilter),
    ]
    # Searched through the site's full-text index (get_search_results), not field by field.
    search_fields = ["headline", "standfirst", "body"]
    # Counts that read every story matching a filter: the list's own is enough, and stops at 10,000.
    show_full_result_count = False
    paginator = StoryPaginator
    # Fifty rows, not Django's hundred: the rows are most of a list page's time (each its checkbox, links, dates).
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER
    readonly_fields = [
        "desk_status",
        "publication_time",
        "embargo_time",
        "author",
        "tag_sources",
        "import_ref",
        "created_at",
        "updated_at",
        "lead_image_preview",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "dateline", "credit", "body", "correction"]}),
        (_("Image"), {"fields": ["lead_image", "lead_image_preview", "lead_image_alt", "lead_image_credit"]}),
        (_("Tags"), {"fields": ["countries", "ministries", "topics", "tag_sources"]}),
        (_("Desk"), {"fields": ["desk_status", "publication_time", "embargo_time", "assignee", "author"]}),
        (_("Provenance"), {"fields": ["import_ref", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    actions = ["submit_selected", "approve_selected", "publish_selected", "unpublish_selected", "archive_selected"]

    class Media:
        css = {"all": ["css/desk.css"]}  # the list's columns and the change form's fields

    # Who may see and change what; enforced here, on the server, whatever the page showed.

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).prefetch_related(*TAG_KINDS)

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_stories(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        searched = request.GET.get(SEARCH_VAR, "").strip()
        limit = SEARCH_COUNT_LIMIT if searched else COUNT_LIMIT
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, count_limit=limit)

    @property
    def media(self):
        # A property (the tag filters' pickers speak the request's language), which takes the place of the one
        # Django makes from the Media class above: that class's files are added here.
        return super().media + forms.Media(self.Media) + tag_filter_media(self.admin_site)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # The bulk delete asks this of each story too: none that readers or partners may hold goes.
        return super().has_delete_permission(request, obj) and (obj is None or may_delete(obj))

    def delete_view(self, request, object_id, extra_context=None):
        story = self.get_object(request, object_id)
        if story is not None and super().has_delete_permission(request, story) and not may_delete(story):
            messages.error(request, DELETE_REFUSED)
            return redirect("admin:articles_article_change", story.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.published_at is not None:
            fields.append("slug")  # once out, the URL stays
        return fields

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("articles.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    # The form.

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in TAG_KINDS:
            return self.tag_formfield(db_field, request)
        if db_field.name in WRITING_WIDGETS:
            kwargs["widget"] = WRITING_WIDGETS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            # Desk members only: the list must not show every account on the site.
            kwargs["queryset"] = desk_members()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def tag_formfield(self, db_field, request):
        """Tags are chosen from their own admin, by autocomplete; new ones are added with the + button."""
        tag_model = db_field.remote_field.model
        widget = RelatedFieldWidgetWrapper(
            AutocompleteSelectMultiple(db_field, self.admin_site),
            db_field.remote_field,
            self.admin_site,
            can_add_related=self.admin_site._registry[tag_model].has_add_permission(request),
        )
        return forms.ModelMultipleChoiceField(
            queryset=tag_model.objects.all(),
            required=False,
            widget=widget,
            label=db_field.verbose_name.capitalize(),
        )

    def save_model(self, request, obj, form, change):
        form.editor = request.user  # credited with the tags this save adds
        new_image = "lead_image" in form.changed_data and bool(obj.lead_image)
        try:
            if not change:
                obj.author = request.user
                obj.save()
                reversion.set_comment(_("Created in the desk."))
            elif not form.edited_fields():
                return  # nothing changed: no new version, so nobody who has the story open is made stale
            elif working_copy.applies(obj):
                # Readers keep the published version: the changes wait for a publisher.
                form.to_working_copy = request.saved_as_pending = True
                edited = form.edited_fields()
                working_copy.save(
                    obj,
                    working_copy.form_changes(form, edited),
                    expected_version=form.cleaned_data["base_version"],
                    by=request.user,
                    fields=[field for field in DESK_FIELDS if field in edited],
                )
                reversion.set_comment(_("Pending changes to %(fields)s.") % {"fields": ", ".join(edited)})
                return
            else:
                # Only what this editor changed is written; raises StaleEdit if someone saved since this
                # form's version (see changeform_view).
                obj.save_content(
                    expected_version=form.cleaned_data["base_version"],
                    fields=fields_to_save(form),
                    tags=[kind for kind in TAG_KINDS if kind in form.edited_fields()],
                )
                reversion.set_comment(_("Changed %(fields)s.") % {"fields": ", ".join(edited_labels(form))})
        except OSError as error:
            if new_image:  # the media folder refused the upload: the form comes back as typed (changeform_view)
                raise images.storage_refused(obj, error) from error
            raise
        finally:
            if new_image and obj.lead_image._committed:
                # Stored by the save: deleted again if the rest of it fails (see changeform_view).
                images.stored(obj.lead_image.name)
        if "lead_image" in form.changed_data:
            # A new image gets its renditions; a cleared one loses them. Raises images.RenditionError.
            images.update_renditions(obj)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.author = request.user
            note.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or form.edited_fields():
            # The revision holds the story as stored, with its tags: the form's instance still carries
            # this editor's stale copy of fields someone else changed and this save did not write.
            form.instance.refresh_from_db()
            reversion.add_to_revision(form.instance)
        presence.leave(form.instance, request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            # A save that fails is rolled back, and the image files it stored are deleted.
            with images.discard_on_failure(), reversion.create_revision():
                reversion.set_user(request.user)
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Someone saved between our check and our write; the form now shows their changes.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except images.RenditionError as error:
            # Nothing was saved: the form is shown again as the editor left it, with the reason (get_form).
            request.lead_image_failure = str(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "lead_image_failure", None)
        if failure is None:
            return form

        class FormWithImageFailure(form):
            def clean(self):
                data = super().clean()
                self.add_error("lead_image", ValidationError(failure, code="renditions"))
                return data

        return FormWithImageFailure

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if form.conflict and list(form.errors) == [NON_FIELD_ERRORS]:
            # The conflict box says it all; Django's "Please correct the error below." would tell it twice more.
            context["errors"] = []
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if article is not None:
            presence.touch(article, request.user)
            context.update(
                **self.writing_context(request, article),
                workflow_actions=allowed_actions(article, request.user),
                status_label=desk_status(article),
                publication_time=local_time(article.published_at),
                embargo_time=local_time(article.embargo_until),
                edits_wait=working_copy.applies(article),
                pending=working_copy.summary(article),
                can_publish_changes=working_copy.applies(article) and self.has_publish_permission(request),
                discard_url=reverse("admin:articles_article_transition", args=[article.pk, "discard_changes"]),
                workflow_events=[describe(event) for event in article.workflow_events.all()[:20]],
                can_lift_embargo=request.user.has_perm("articles.publish_article") and article.is_embargoed,
                preview_url=reverse("admin:articles_article_preview", args=[article.pk]),
                revisions_url=reverse("admin:articles_article_revisions", args=[article.pk]),
            )
        return super().change_view(request, object_id, form_url, context)

    def response_add(self, request, obj, post_url_continue=None):
        if self._desk_action(request, obj):
            return redirect("admin:articles_article_change", obj.pk)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        acted = self._desk_action(request, obj)
        # Said once the desk button is done: "Save and publish changes" leaves nothing pending to speak of.
        still_pending = Article.objects.filter(pk=obj.pk, pending__isnull=False)
        if getattr(request, "saved_as_pending", False) and still_pending.exists():
            messages.info(
                request,
                _("Your changes are pending: readers see the published version until a publisher publishes them."),
            )
        if acted:
            return redirect("admin:articles_article_change", obj.pk)
        # Django's "was changed successfully" names the story as the editor typed it, not as readers still have it.
        return super().response_change(request, working_copy.with_pending(obj) if obj.pending else obj)

    def _desk_action(self, request, obj):
        """ "Save and submit", "Save and publish", "Set embargo"...: the buttons inside the story's form.

        The form is saved first, so nothing typed is lost; then the workflow operation runs on the
        version just saved. A refusal is shown; the save stands.
        """
        action, embargo = request.POST.get("_transition"), request.POST.get("_embargo")
        if not action and not embargo:
            return False
        form = DeskActionForm(
            {
                "reason": request.POST.get(f"reason_{action or 'embargo'}", ""),
                "publish_at": request.POST.get("publish_at", ""),
                "embargo_until": request.POST.get("embargo_until_new", ""),
            }
        )
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return True
        data = form.cleaned_data
        try:
            if action:
                event = operate(
                    obj,
                    action,
                    by=request.user,
                    reason=data["reason"],
                    at=data["publish_at"],
                    version=obj.version,
                    tell=partial(messages.error, request),
                )
                self.log_event(request, obj, event)
                messages.success(request, done_message(action, obj))
            else:
                until = data["embargo_until"] if embargo == "set" else None
                if embargo == "set" and until is None:
                    raise WorkflowError(_("Give the time the embargo ends."))
                embargo_event = set_embargo(
                    obj, until, by=request.user, reason=data["reason"], tell=partial(messages.error, request)
                )
                self.log_event(request, obj, embargo_event)
                messages.success(request, _("Embargo set.") if until else _("Embargo lifted."))
        except WorkflowError as error:
            messages.error(request, str(error))
        return True

    def view_on_site(self, article):
        # Only a story readers can see has a page to view; the others have a preview.
        return article.get_absolute_url() if Article.objects.published().filter(pk=article.pk).exists() else None

    # Columns.

    @admin.display(description=_("status"), ordering="status")
    def desk_status(self, article):
        return desk_status(article)

    @admin.display(description=_("machine-made"))
    def machine_headline(self, article):
        return machine_mark(article)

    @admin.display(description=_("tags"))
    def tag_list(self, article):
        return "; ".join(", ".join(tag.name for tag in tags) for _kind, tags in article.tags_by_kind())

    # The list's time columns, shown so that a far date stored before the desk's limits still shows.
    @admin.display(description=_("publication time"), ordering="published_at")
    def published(self, article):
        return list_time(article.published_at)

    @admin.display(description=_("embargo until"), ordering="embargo_until")
    def embargoed(self, article):
        return list_time(article.embargo_until)

    @admin.display(description=_("publication time"))
    def publication_time(self, article):
        return local_time(article.published_at)

    @admin.display(description=_("embargo until"))
    def embargo_time(self, article):
        return local_time(article.embargo_until)

    @admin.display(description=_("image as readers see it"))
    def lead_image_preview(self, article):
        article = working_copy.with_pending(article) if article.pending else article
        smallest = min(images.page_sizes(article.lead_image_renditions), key=lambda r: r["width"], default=None)
        if not article.lead_image or smallest is None:
            return "-"
        return render_to_string(
            "admin/articles/article/lead_image_preview.html",
            {
                "src": images.rendition_url(smallest),
                "width": smallest["width"],
                "height": smallest["height"],
                "alt": article.lead_image_alt,
            },
        )

    @admin.display(description=_("who tagged"))
    def tag_sources(self, article):
        if article.pk is None:
            return "-"
        # Tags an editor's pending changes add or remove are shown so, as the form shows the pending tags.
        pending, by = article.pending_changes, (article.pending or {}).get("by") or _("an editor")
        tags, waiting = [], []
        for kind in TAG_KINDS:
            through = getattr(article, kind).through
            links = through.objects.filter(content_object=article).select_related("tag", "added_by")
            kept = {tag_id for tag_id, _name, _slug in pending[kind]} if kind in pending else None
            for link in links:
                tags.append(
                    {
                        "name": link.tag.name,
                        "added_by": link.added_by.get_username() if link.added_by else link.get_source_display(),
                        "added_at": date_format(timezone.localtime(link.added_at), "DATETIME_FORMAT"),
                        "removed_by": by if kept is not None and link.tag_id not in kept else "",
                    }
                )
            live = {link.tag_id for link in links}
            waiting += [{"name": name, "added_by": by} for tag, name, _slug in pending.get(kind, []) if tag not in live]
        return render_to_string("admin/articles/article/tag_sources.html", {"tags": tags, "waiting": waiting})

    # Workflow: buttons on the change form, and bulk actions, all through articles.desk.workflow.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
            path("<path:object_id>/preview/", view(self.preview_view), name="articles_article_preview"),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id):
        # A story's id is an integer, so the admin's URLs carry it unquoted; get_object refuses anything else.
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise Http404(_("No such story."))
        return article

    def _press_again(self, request, object_id, back_to):
        """A button's address reached without its press: the login page sends you there after your session ran
        out mid-click. Nothing is done; you are taken back to the story to press the button again."""
        article = self._article_or_404(request, object_id)
        messages.warning(
            request, _("Nothing was done: the button's request did not arrive (were you logged out?). Press it again.")
        )
        return redirect(back_to, article.pk)

    def transition_view(self, request, object_id, action):
        """A workflow operation by itself (the change form's buttons save first, then do the same)."""
        if request.method != "POST":
            return self._press_again(request, object_id, "admin:articles_article_change")
        article = self._article_or_404(request, object_id)
        form = DeskActionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        else:
            try:
                event = operate(
                    article,
                    action,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    at=form.cleaned_data["publish_at"],
                    version=_int(request.POST.get("base_version")),
                    tell=partial(messages.error, request),
                )
            except WorkflowPermissionError as error:
                raise PermissionDenied(str(error)) from None
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                self.log_event(request, article, event)
                messages.success(request, done_message(action, article))
        return redirect("admin:articles_article_change", article.pk)

    def log_event(self, request, article, event):
        """A workflow operation in Django's History, named as the story's workflow history names it."""
        if event is None:
            return
        what = describe(event)
        message = f"{what['what']}: {what['reason']}" if what["reason"] else str(what["what"])
        self.log_change(request, article, message[:1].upper() + message[1:] + ".")

    def log_change(self, request, obj, message):
        # A desk button saves the form first: with no field changed, its own History line (logged just after,
        # by log_event) says what was done, rather than "No fields changed."
        if not message and (request.POST.get("_transition") or request.POST.get("_embargo")):
            return None
        return super().log_change(request, obj, message)

    def _bulk(self, request, queryset, action):
        done, refused, waiting = 0, {}, []
        for article in queryset:
            try:
                event = transition(article, action, by=request.user, tell=partial(messages.error, request))
                self.log_event(request, article, event)
                done += 1
            except WorkflowError as error:
                refused.setdefault(str(error), []).append(str(article))
            else:
                if article.pending:
                    waiting.append(str(article))  # nobody read them here: transition left them waiting
        # One message for the whole selection, each reason for a refusal said once.
        level = messages.ERROR if refused and not done else messages.WARNING if refused or waiting else messages.SUCCESS
        messages.add_message(request, level, bulk_summary(TRANSITIONS[action], done, refused, waiting))

    @admin.action(description=_("Submit selected stories for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("Approve selected stories"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("Publish selected stories now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description=_("Archive selected stories"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, "archive")

    # Preview (the revisions and their restore: revision_views.py).

    def preview_view(self, request, object_id):
        """The story as readers would see it, published or not; staff only, never cached (admin_view). POSTed
        from the change form (its Preview button), the text as typed there, unsaved: nothing is written."""
        article = self._article_or_404(request, object_id)
        context = {"article": working_copy.with_pending(article), "preview": True, "pending": bool(article.pending)}
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied(_("You cannot change this story, so it has no unsaved text to preview."))
            context["article"], context["kept_as_saved"] = previews.story_as_typed(article, request.POST)
            context["as_typed"] = True
        elif request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = TemplateResponse(request, "articles/article_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def desk_status(article):
    """The status as the list and the workflow box show it: "published, with changes waiting"."""
    if article.pending:
        return _("%(status)s, with changes waiting") % {"status": article.desk_status}
    return article.desk_status


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
