"""The story list's own words: the machine-made headline mark, and one summary for a bulk action."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A refusal names this many headlines at most; the rest are counted.
NAMED_REFUSALS = 5


class StoryListMixin:
    """For ArticleAdmin: the story list without the admin's navigation column, whose 300 px the headlines
    need on a 1366 px screen (the breadcrumbs lead everywhere it did)."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})


def machine_mark(article):
    """A warning mark on a headline the importer wrote and nobody has rewritten yet; nothing on the others."""
    # In the list, read by its query (story_queries.StoryChangeList), not from each story's whole snapshot.
    machine_made = getattr(article, "machine_made", None)
    if not (article.headline_is_machine_made if machine_made is None else machine_made):
        return ""
    return render_to_string("admin/articles/article/machine_mark.html")


def bulk_summary(transition, done, refused, waiting=()):
    """'3 stories approved; 5 refused: A story that is draft cannot be approved: “A”, “B”.': `refused` maps
    each reason to the headlines refused for it, and each reason is said once. `waiting` are the headlines of
    stories moved whose pending changes still wait for a publisher (the action did not take them along)."""
    summary = ngettext("%(count)d story %(done)s", "%(count)d stories %(done)s", done) % {
        "count": done,
        "done": transition.past,
    }
    if waiting:
        summary += ngettext(
            " (%(count)d keeps its changes waiting for a publisher, not taken along: %(named)s)",
            " (%(count)d keep their changes waiting for a publisher, not taken along: %(named)s)",
            len(waiting),
        ) % {"count": len(waiting), "named": _named(waiting)}
    if not refused:
        return f"{summary}."
    reasons = [f"{reason.rstrip('.')}: {_named(headlines)}" for reason, headlines in refused.items()]
    count = sum(len(headlines) for headlines in refused.values())
    return _("%(summary)s; %(count)d refused: %(reasons)s.") % {
        "summary": summary,
        "count": count,
        "reasons": "; ".join(reasons),
    }


def _named(headlines):
    """“A”, “B” and 3 others."""
    named = ", ".join(f"“{headline}”" for headline in headlines[:NAMED_REFUSALS])
    if len(headlines) > NAMED_REFUSALS:
        more = len(headlines) - NAMED_REFUSALS
        named = ngettext("%(named)s and %(more)d other", "%(named)s and %(more)d others", more) % {
            "named": named,
            "more": more,
        }
    return named
