"""Production settings, security headers, log-in lockout, the movable admin, and /healthz."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.commands import manage
from tests.desk_forms import user_in
from tests.factories import make_article

ROOT = settings.BASE_DIR
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tn8Vb" * 3,
    "DJANGO_ALLOWED_HOSTS": "news.example",
    "NEWSROOM_HTTPS": "1",
    "CSRF_TRUSTED_ORIGINS": "https://news.example",
    "NEWSROOM_SITE_URL": "https://news.example",
}


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_of_a_site_address_left_at_this_machine():
    """Left unset, feeds minted their permanent entry ids under 127.0.0.1, and sitemaps named it."""
    unset = {name: value for name, value in PRODUCTION.items() if name != "NEWSROOM_SITE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **unset)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr and "NEWSROOM_SITE_URL is http://127.0.0.1:8000" in result.stderr


def test_check_deploy_is_clean_when_the_site_opts_out_of_hsts_preload():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, NEWSROOM_HSTS_PRELOAD="0")
    assert result.returncode == 0, result.stdout + result.stderr
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_SECONDS > 0)"
    assert manage("shell", "-c", code, **PRODUCTION, NEWSROOM_HSTS_PRELOAD="0").stdout.split()[-2:] == ["False", "True"]


def test_production_settings_secure_cookies_hsts_and_redirect_to_https():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "True"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, url):
    make_article()
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client):
    user_in("Editors", "ed")
    page = client.get("/admin/login/")
    assert page.cookies["csrftoken"]["httponly"]
    client.post("/admin/login/", {"username": "ed", "password": "pw", "next": "/admin/"})
    assert client.cookies["sessionid"]["httponly"]


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_even_with_the_right_one(client):
    user_in("Editors", "ed")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/admin/login/", {"username": "ed", "password": "wrong", "next": "/admin/"})
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    response = client.post("/admin/login/", {"username": "ed", "password": "pw", "next": "/admin/"})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_can_be_moved_by_a_setting():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    moved = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", NEWSROOM_ADMIN_URL="desk-7f3a/")
    assert moved.stdout.strip() == "/desk-7f3a/"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    code = (
        "from django.test import Client; r = Client(HTTP_HOST='127.0.0.1').get('/healthz'); "
        "print(r.status_code, r.content.decode().strip())"
    )
    missing = tmp_path / "no" / "such" / "dir" / "db.sqlite3"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{missing}")
    assert result.stdout.strip() == "503 database unavailable", result.stderr


def log_in(client, password, via):
    """A log-in through the site's proxy (REMOTE_ADDR 127.0.0.1) for the client at `via`."""
    data = {"username": "publisher", "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, headers={"X-Forwarded-For": via})


@pytest.mark.django_db
def test_wrong_passwords_from_one_client_behind_the_proxy_do_not_lock_out_the_real_user(client):
    user_in("Publishers", "publisher")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", via="203.0.113.9")
    assert log_in(client, "pw", via="203.0.113.9").status_code == 429  # the attacker's address is locked

    response = log_in(client, "pw", via="198.51.100.20")

    assert response.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.django_db
def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(client):
    from axes.models import AccessAttempt

    user_in("Publishers", "publisher")
    client.post(
        "/admin/login/",
        {"username": "publisher", "password": "wrong"},
        headers={"X-Forwarded-For": "192.0.2.1"},
        REMOTE_ADDR="198.51.100.77",
    )
    log_in(client, "wrong", via="10.1.2.3, 203.0.113.9")  # the client forged the left-most hop

    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.77", "203.0.113.9"]


def test_the_client_address_is_the_right_most_hop_no_trusted_proxy_holds():
    from newsroom.client_address import _networks, client_address

    trusted = _networks(["127.0.0.1", "10.0.0.0/8"])
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.0.0.5"}
    assert client_address(meta, trusted) == "203.0.113.9"
    assert client_address({**meta, "REMOTE_ADDR": "198.51.100.1"}, trusted) == "198.51.100.1"
    assert client_address({"REMOTE_ADDR": "127.0.0.1"}, trusted) == "127.0.0.1"
    assert client_address({**meta, "HTTP_X_FORWARDED_FOR": "203.0.113.9, not-an-address"}, trusted) == "127.0.0.1"
