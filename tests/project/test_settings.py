"""Settings come from the environment, and production refuses to start without a secret key."""

import pytest
from django.conf import settings

from tests.commands import manage

ROOT = settings.BASE_DIR


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


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
