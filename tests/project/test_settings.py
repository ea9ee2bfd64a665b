"""Settings come from the environment, and production refuses to start without a secret key."""

import io
import os
import subprocess

import pytest
from django.conf import settings

from tests.commands import manage

ROOT = settings.BASE_DIR


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_development_starts_without_a_secret_key():
    assert manage("check", DJANGO_DEBUG="1").returncode == 0


def test_database_url_chooses_the_database():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    sqlite = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1")
    assert sqlite.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]
    postgres = manage(
        "shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", DATABASE_URL="postgres://u:p@127.0.0.1:5432/news"
    )
    assert postgres.stdout.split() == ["django.db.backends.postgresql", "news"]


def test_postgresql_keeps_connections_and_prepares_statements_unless_told_not_to():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS'].get('server_side_binding'), "
        "d['OPTIONS'].get('prepare_threshold'))"
    )
    url = "postgres://u:p@127.0.0.1:5432/news"
    default = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", DATABASE_URL=url)
    assert default.stdout.split() == ["60", "True", "True", "5"]
    # Behind PgBouncer in transaction mode, say: no prepared statements, no kept connections.
    told = manage(
        "shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", DATABASE_URL=url, DATABASE_CONN_MAX_AGE="0",
        DATABASE_CONN_HEALTH_CHECKS="0", DATABASE_SERVER_SIDE_BINDING="0", DATABASE_PREPARE_THRESHOLD="none",
    )  # fmt: skip
    assert told.stdout.split() == ["0", "False", "False", "None"]
    sqlite = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1")
    assert sqlite.stdout.split() == ["60", "True", "None", "None"]


def test_allowed_hosts_come_from_the_environment():
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.DEBUG)"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="news.example, www.news.example",
    )
    assert result.stdout.strip() == "['news.example', 'www.news.example'] False"


@pytest.mark.django_db
def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"--accent" in b"".join(response.streaming_content)


def test_development_accounts_are_refused_outside_development():
    result = manage("create_dev_accounts", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Refused" in result.stderr


def test_production_logs_a_server_error_with_its_traceback_to_standard_error(collected):
    """With DEBUG off, Django's own logging sends a 500 nowhere an operator looks: a trial took the
    database down and found nothing in gunicorn's log."""
    code = (
        "from django.test import Client; c = Client(raise_request_exception=False, HTTP_HOST='news.example'); "
        "print(c.get('/').status_code)"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="news.example",
        DATABASE_URL="postgres://nobody:wrong@127.0.0.1:1/none", NEWSROOM_STATIC_ROOT=str(collected),
    )  # fmt: skip
    assert result.stdout.split() == ["500"], result.stderr
    assert "ERROR django.request: Internal Server Error: /" in result.stderr
    assert "OperationalError" in result.stderr  # the traceback, with its cause


@pytest.mark.django_db
def test_development_accounts_leave_an_existing_account_of_that_name_alone(settings):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    settings.DEBUG = True
    own = User.objects.create_user("editor", password="her own long passphrase", is_staff=False)
    own.groups.set([Group.objects.get(name="Reporters")])

    call_command("create_dev_accounts", stdout=io.StringIO())

    own.refresh_from_db()
    assert own.check_password("her own long passphrase") and not own.is_staff
    assert list(own.groups.values_list("name", flat=True)) == ["Reporters"]
    assert User.objects.get(username="publisher").groups.get().name == "Publishers"


def test_make_run_uses_the_embedded_database_whatever_the_shell_exports():
    """A shell with production's DATABASE_URL exported must not get the development accounts into it."""
    result = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DATABASE_URL": "postgres://newsroom:secret@db.example:5432/production"},
    )  # fmt: skip
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert len(commands) == 4, result.stdout
    assert all(f"DATABASE_URL=sqlite:///{ROOT}/db.sqlite3" in line for line in commands), commands
