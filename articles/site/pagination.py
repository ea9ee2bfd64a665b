"""Pagination without COUNT(*): fetch one more than a page to know whether there is a next one."""

from django.http import Http404


class Page:
    """The part of Django's Page that templates use, without a total."""

    def __init__(self, object_list, number, has_next):
        self.object_list, self.number, self._has_next = object_list, number, has_next

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


MAX_PAGE = 100_000


def page_number(request):
    """?page=N as a number from 1 to MAX_PAGE; anything else is 404. ASCII digits only: str.isdigit also takes
    "²" and "①", which int() refuses, and int() takes " 1", "+1" or "١", other addresses of the same page."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= len(str(MAX_PAGE))):
        raise Http404("No such page.")
    if not 1 <= int(number) <= MAX_PAGE:
        raise Http404("No such page.")
    return int(number)


class CheapPaginationMixin:
    """For ListView: ?page=N costs one query, however many stories a tag or the site has."""

    # An empty first page answers 404 (a tag no published story has must not show its name).
    allow_empty_first_page = True

    def paginate_queryset(self, queryset, page_size):
        number = page_number(self.request)
        start = (number - 1) * page_size
        rows = list(queryset[start : start + page_size + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise Http404("No such page.")
        page = Page(rows[:page_size], number, has_next=len(rows) > page_size)
        return (None, page, page.object_list, page.has_other_pages())
