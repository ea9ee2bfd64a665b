"""Headless Debian chromium driven by Playwright, for tests of the pages people click."""

import contextlib
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
# Without these, chromium reaches for Google's servers, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium); .ci/run installs it"
)


@contextlib.contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            # Errors the page reports (a script refused by the Content-Security-Policy, say) fail the test.
            page.console_errors = []
            page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
            yield page
        finally:
            browser.close()


@contextlib.contextmanager
def browser_pages(count, **options):
    """`count` pages, each in a browser context of its own (its own cookies: one person each). Each page, and
    any page it opens (a new tab), collects its console errors in `console_errors`."""
    from playwright.sync_api import sync_playwright

    def watch(page):
        if not hasattr(page, "console_errors"):
            page.set_default_timeout(10_000)
            page.console_errors = []
            page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = []
            for _ in range(count):
                context = browser.new_context(**options)
                context.on("page", watch)
                page = context.new_page()
                watch(page)
                pages.append(page)
            yield pages
        finally:
            browser.close()
