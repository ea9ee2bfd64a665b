'use strict';
// The story list's tag filters (templates/admin/articles/article/tag_filter.html): choosing a tag in a
// picker opens the list filtered by it, with the other filters kept; clearing it removes the filter.
{
    const $ = django.jQuery;

    $(document).on('change', '.newsroom-tag-filter select', function() {
        const box = this.closest('.newsroom-tag-filter');
        const url = new URL(box.dataset.without, window.location.href);
        if (this.value) {
            url.searchParams.set(box.dataset.parameter, this.value);
        }
        window.location.assign(url.href);
    });
}
