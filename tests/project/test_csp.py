"""newsroom/csp.py: the Content-Security-Policy header built once is the one django-csp builds, and a
view that changes the policy or takes a nonce still gets what django-csp gives it."""

from csp.constants import NONCE
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.csp import CSPMiddleware

HEADER = "Content-Security-Policy"


def plain(request):
    return HttpResponse("plain")


@csp_update({"img-src": "https://images.example"})
def updated(request):
    return HttpResponse("updated")


@csp_exempt()
def exempt(request):
    return HttpResponse("exempt")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def served(middleware_class, view):
    return middleware_class(view)(RequestFactory().get("/"))


def test_every_response_gets_the_header_django_csp_builds():
    expected = served(DjangoCSPMiddleware, plain)[HEADER]
    assert "default-src 'self'" in expected
    for _ in range(3):  # built on the first response, reused after
        assert served(CSPMiddleware, plain)[HEADER] == expected


def test_a_view_that_changes_the_policy_gets_its_own_header():
    served(CSPMiddleware, plain)
    header = served(CSPMiddleware, updated)[HEADER]
    assert "https://images.example" in header
    assert header == served(DjangoCSPMiddleware, updated)[HEADER]
    assert HEADER not in served(CSPMiddleware, exempt)
    assert "https://images.example" not in served(CSPMiddleware, plain)[HEADER]


def test_a_nonce_taken_by_the_view_is_in_the_header(settings):
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "script-src": ["'self'", NONCE]}
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    served(CSPMiddleware, plain)
    response = served(CSPMiddleware, with_nonce)
    nonce = response.content.decode().split("'")[1]
    assert f"'nonce-{nonce}'" in response[HEADER]
    assert "nonce-" not in served(CSPMiddleware, plain)[HEADER]


def test_a_setting_change_builds_the_header_again(settings):
    served(CSPMiddleware, plain)
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": ["'self'", "https://cdn.example"]}
    }
    assert "https://cdn.example" in served(CSPMiddleware, plain)[HEADER]
