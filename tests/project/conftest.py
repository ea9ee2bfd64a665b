"""Fixtures of the project's tests: `collected` static files as production has them, and deploy/nginx.conf run
for real on loopback in front of a test's live server (`nginx`, its origin), changed only where loopback must."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def collected(tmp_path):
    """collectstatic as production runs it, into a folder of the test's own."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=storages):
        call_command("collectstatic", "--noinput", stdout=StringIO())
    return tmp_path / "static"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback(conf, *, port, upstream, static, home):
    """deploy/nginx.conf on loopback: its own ports, no TLS, this test's app, cache and folders; nothing else."""
    edits = [
        (r"^(\s*proxy_cache_path\s+)\S+", str(home / "cache")),
        (r"(upstream\s+newsroom_app\s*\{[^}]*?\bserver\s+)[^\s;]+", upstream),
        (r"^(\s*listen\s+)80\s*;", f"127.0.0.1:{free_port()};"),
        (r"^(\s*listen\s+)443\b[^;]*;", f"127.0.0.1:{port};"),
        (r"^(\s*)ssl_certificate(?:_key)?\s[^;]*;", "# no TLS here"),
        (r"(location\s+/static/\s*\{[^}]*?\balias\s+)[^\s;]+", f"{static}/"),
        (r"(location\s+/media/renditions/\s*\{[^}]*?\balias\s+)[^\s;]+", f"{home}/renditions/"),
    ]
    for pattern, value in edits:
        conf, found = re.subn(pattern, lambda match, value=value: match[1] + value, conf, flags=re.MULTILINE)
        assert found, pattern
    return conf


@pytest.fixture
def nginx(live_server, collected, tmp_path):
    """deploy/nginx.conf serving on loopback in front of the test's live server; its origin."""
    if NGINX is None:
        pytest.skip("no nginx on this machine (apt-get install nginx-light)")
    home = tmp_path / "nginx"
    (home / "tmp").mkdir(parents=True)
    port = free_port()
    site = loopback(
        (ROOT / "deploy" / "nginx.conf").read_text(),
        port=port,
        upstream=live_server.url.removeprefix("http://"),
        static=collected,
        home=home,
    )
    (home / "site.conf").write_text(site)
    # Run by root (as in CI's containers), nginx's workers would be "nobody", who cannot read pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (home / "nginx.conf").write_text(
        f"daemon off; {user} pid {home}/nginx.pid; error_log {home}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ default_type text/html; access_log off; client_body_temp_path {home}/tmp/body;"
        f" proxy_temp_path {home}/tmp/proxy; fastcgi_temp_path {home}/tmp/fastcgi;"
        f" uwsgi_temp_path {home}/tmp/uwsgi; scgi_temp_path {home}/tmp/scgi;\n"
        " types { text/html html; text/css css; image/svg+xml svg; }\n"
        f" include {home}/site.conf; }}\n"
    )
    command = [NGINX, "-p", str(home), "-c", str(home / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(origin + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)
