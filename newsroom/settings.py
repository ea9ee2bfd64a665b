"""Newsroom settings, read from the environment.

DJANGO_SECRET_KEY     required unless DJANGO_DEBUG=1
DJANGO_DEBUG          "1" for development (never in production)
DJANGO_ALLOWED_HOSTS  comma-separated host names
DATABASE_URL          default: SQLite db.sqlite3 in the project root; postgres://user:pass@host/db
DATABASE_CONN_MAX_AGE  seconds a process keeps its database connection between requests (default 60)
DATABASE_CONN_HEALTH_CHECKS  "0" not to check a kept connection at the start of each request (default on)
DATABASE_SERVER_SIDE_BINDING, DATABASE_PREPARE_THRESHOLD  PostgreSQL: see DATABASES below
NEWSROOM_TIME_ZONE    the newsroom's time zone for dates on pages and in the admin (default UTC)
NEWSROOM_MEDIA_ROOT   where uploads and image renditions are stored (default: media/ in the project root)
NEWSROOM_SERVE_MEDIA  "1" to have Django serve MEDIA_URL (default: as DJANGO_DEBUG); see newsroom/urls.py
NEWSROOM_SITE_URL     the public address, for absolute URLs built without a request (default http://127.0.0.1:8000)
NEWSROOM_HTTPS        "1" behind an HTTPS proxy that sets X-Forwarded-Proto: secure cookies, HSTS (preload;
                      NEWSROOM_HSTS_PRELOAD=0 to opt out), redirects to https
NEWSROOM_PAGE_CACHE   "0" to turn off the cache of rendered public pages (default: on unless DJANGO_DEBUG)
NEWSROOM_PUBLIC_MAX_AGE  seconds browsers may reuse a public page without asking (default 0: they revalidate)
NEWSROOM_PROXY_MAX_AGE   seconds shared caches and the site's own proxy may keep one: s-maxage and
                      X-Accel-Expires (default 2)
NEWSROOM_SITE_NAME    the publication's name on pages, feeds, cards and the news sitemap (default Newsroom)
NEWSROOM_NEWS_LANGUAGE  the publication's language for Google News (default: LANGUAGE_CODE's language, en)
NEWSROOM_CARD_IMAGE   an image file for social cards (default: one made from the site's name, 1200x630)
NEWSROOM_LOGO         an image file for the publisher's logo (default: one made from the site's name)
NEWSROOM_FEED_AUTHORITY  the domain in the feeds' permanent entry ids (default: NEWSROOM_SITE_URL's host;
                      set it once, and keep it when the site moves)
NEWSROOM_AGENCY_URLS  "Name=https://...,Name=https://..." home pages of the agencies stories credit
NEWSROOM_CACHE_URL    redis://host:6379/0 to share the cache between machines (default: a file cache, cache/)
NEWSROOM_CACHE_DIR    the file cache's folder (default: cache/ in the project root); the app must write it
NEWSROOM_ADMIN_URL    where the desk lives (default "admin/"); moving it keeps bots away from the login page
NEWSROOM_IMPORT_FILE_SECONDS  seconds the import may spend parsing and tagging one seed file before it
                      refuses the file (default 5; 0 for no limit)
NEWSROOM_API_RATE     API requests one address without a key may make (default 120/m; also /s, /h, /d)
NEWSROOM_API_PARTNER_RATE  API requests one partner key may make (default 600/m)
NEWSROOM_PARTNER_KEY_USE_DAYS  days each use of a partner key is kept for the desk to see (default 30)
NEWSROOM_URN_NAMESPACE  the API's story URNs are urn:<this>:story:<id> (default "newsroom"; never change it)
CSRF_TRUSTED_ORIGINS  comma-separated origins (https://news.example) allowed to post forms
NEWSROOM_TRUSTED_PROXIES  comma-separated addresses or networks of the site's own proxies, whose
                      X-Forwarded-For names the client (default: 127.0.0.1, ::1, a proxy on this machine)
"""

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (production) or set DJANGO_DEBUG=1 (development)."
        )
    # A fixed key is fine for a development server that only listens on loopback.
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "articles",
]

MIDDLEWARE = [
    # Outermost: a HEAD gets no body, once everything below has set GET's headers (newsroom/head.py).
    "newsroom.head.HeadWithoutBodyMiddleware",
    # Then the client's address from a trusted proxy's X-Forwarded-For, for the lockout and the logs.
    "newsroom.client_address.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # X-Accel-Expires on public pages for the proxy; above ConditionalGet and everything that sets cookies.
    "newsroom.proxy_cache.ProxyMaxAgeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags on every response; 304 for a conditional GET that matches.
    "django.middleware.http.ConditionalGetMiddleware",
    # Below ConditionalGet, so a cached page still answers If-None-Match with 304.
    "articles.site.page_cache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy from CONTENT_SECURITY_POLICY below.
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        # The readers' pages (jinja2/): Jinja2 renders them quicker than DTL; first, so they are found at once.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "OPTIONS": {"environment": "newsroom.jinja2.environment"},
    },
    {
        # The desk (Django's admin and templates/admin/), sitemaps and robots.txt.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: a request reuses its process's connection (60 s idle at most) instead of
        # opening one; the health check (one SELECT 1 a request on PostgreSQL) drops a broken one first.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=env_flag("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters (psycopg 3), so that psycopg prepares the statements a kept connection runs
    # again and again (from their 5th run): PostgreSQL then parses and plans a page's few queries once per
    # process instead of at every request, where planning took longer than running them. In bench/ab.py,
    # page cache off, the story page gains most (the tag page, whose time is mostly rendering,
    # little); server-side parameters alone did not help. A plan made for a tag on 2,000
    # stories did not slow the page of a tag on one, nor the reverse. Behind PgBouncer in transaction
    # mode, which cannot keep a prepared statement, set DATABASE_PREPARE_THRESHOLD=none.
    _threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5").strip().lower()
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": env_flag("DATABASE_SERVER_SIDE_BINDING", True),
        # Runs of a statement before psycopg prepares it; "none": never (Django's default).
        "prepare_threshold": None if _threshold in ("", "none") else int(_threshold),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers, editors and an import at once: WAL lets reads run beside a write, writers wait their
    # turn (timeout, in seconds) and take the write lock up front instead of failing on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # 8 KB pages (a new database only): a story's row, copy and import snapshot, fits in one page
        # instead of spilling into overflow pages, so an import writes fewer pages and the file is smaller.
        "init_command": "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The desk's date and time formats (newsroom/formats/): a 24-hour clock naming the zone.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("NEWSROOM_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", BASE_DIR / "media"))
NEWSROOM_SERVE_MEDIA = env_flag("NEWSROOM_SERVE_MEDIA", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain files while developing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TAGGIT_CASE_INSENSITIVE = True

# The page cache (articles/site/page_cache.py) must be shared by every app process: a file cache on one
# machine by default, Redis across machines (NEWSROOM_CACHE_URL=redis://host:6379/0).
NEWSROOM_PAGE_CACHE = env_flag("NEWSROOM_PAGE_CACHE", not DEBUG)
# Two sites (say, two databases on one machine) must never share cached pages: keys name the database.
_database = DATABASES["default"]
_CACHE_PREFIX = (
    "newsroom-"
    + hashlib.sha256(
        f"{_database['ENGINE']}|{_database.get('HOST', '')}|{_database.get('PORT', '')}|{_database['NAME']}".encode()
    ).hexdigest()[:12]
)
# The API's rate counters ("api-rate"), written at every request the API answers: in Redis when there is
# one, shared by every app process; else in each process's memory (a file cache writes a file at every
# request, a heavy share of an API answer under load), so each process counts its own requests.
if os.environ.get("NEWSROOM_CACHE_URL"):
    _REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["NEWSROOM_CACHE_URL"]}
    CACHES = {"default": _REDIS, "api-rate": {**_REDIS, "KEY_PREFIX": "api-rate"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(BASE_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
            "KEY_PREFIX": _CACHE_PREFIX,
        },
        "api-rate": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-rate"},
    }

# Security. Django's own protections, all on; see `manage.py check --deploy` and README "Deploying".
HTTPS = env_flag("NEWSROOM_HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("NEWSROOM_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("NEWSROOM_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        # Opting out of the browsers' preload list is a decision, not an oversight: check --deploy stays clean.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages and the admin load scripts, styles, images and fonts from this site only; nothing inline runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_URL = os.environ.get("NEWSROOM_ADMIN_URL", "admin/").strip("/") + "/"

# Password guessing: django-axes locks an account and address out after repeated failures.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
# An account is locked for one address only: wrong passwords from elsewhere never lock out its owner.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address newsroom/client_address.py settled on: X-Forwarded-For is believed only from these proxies.
# (django-ipware, axes' other way, believes the header whoever sends it.)
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.axes_client_address"

# The read API (articles/site/api/): JSON only, partner keys as the one way to authenticate, a rate limit per
# key and per address, errors as {"status", "message"}, an OpenAPI description from drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.site.api.partners.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.site.api.partners.AddressRateThrottle",
        "articles.site.api.partners.PartnerRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.site.api.errors.json_error",
    "UNAUTHENTICATED_USER": None,
    # JSON only: ?format= is no switch (DRF's answered ?format=xml with a bare "Not found.").
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Stories as IPTC ninjs 2.1 items, and the tags they carry. See the README, section API.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Requests a minute the API answers (beyond those its page cache answers) for one address without a key, and
# for one partner key: "N/s", "N/m", "N/h" or "N/d". Over it, 429 with Retry-After.
NEWSROOM_API_RATE = os.environ.get("NEWSROOM_API_RATE", "120/m")
NEWSROOM_API_PARTNER_RATE = os.environ.get("NEWSROOM_API_PARTNER_RATE", "600/m")
# Each partner request is a row the desk shows ("Its uses"); older ones are pruned as keys are used.
NEWSROOM_PARTNER_KEY_USE_DAYS = int(os.environ.get("NEWSROOM_PARTNER_KEY_USE_DAYS", "30"))
# ?since=T lists what changed after T minus this many seconds: a story is stamped when saved, not when its
# transaction commits (an import batch, a slow save), so one committed after a client polled can carry an
# earlier time. Clients de-duplicate on uri and version (README "API").
NEWSROOM_API_SINCE_OVERLAP = 300
# Stories a page of the API lists (WordPress's REST API gives 10 too): at 20 a page cost more than a story page.
NEWSROOM_API_PAGE_SIZE = 10
# The namespace of the stories' permanent URNs in the API (urn:<this>:story:<id>): set it once, never change it.
NEWSROOM_URN_NAMESPACE = os.environ.get("NEWSROOM_URN_NAMESPACE", "newsroom")

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_NEWS_LANGUAGE = os.environ.get("NEWSROOM_NEWS_LANGUAGE", LANGUAGE_CODE.split("-")[0])
# Social cards and the publisher's logo: made from the site's name unless a file is given (any size: the
# card is cropped to 1200x630, the logo to a square).
NEWSROOM_CARD_IMAGE = os.environ.get("NEWSROOM_CARD_IMAGE", "")
NEWSROOM_LOGO = os.environ.get("NEWSROOM_LOGO", "")
# Home pages of the agencies whose copy the site carries: a story's credit links its author there in
# search engines' structured data. "Name=https://...,Name=https://..." adds or replaces.
NEWSROOM_AGENCY_URLS = {
    "AKIpress": "https://akipress.com/",
    "AzerNews": "https://www.azernews.az/",
    "Daryo": "https://daryo.uz/en/",
    "Kazinform": "https://www.inform.kz/en/",
    "Report": "https://report.az/en/",
    "Reuters": "https://www.reuters.com/",
    "Trend": "https://en.trend.az/",
    "Xinhua": "https://english.news.cn/",
    **dict(item.split("=", 1) for item in env_list("NEWSROOM_AGENCY_URLS") if "=" in item),
}
NEWSROOM_PAGE_SIZE = 20
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Feed entries are identified by tag: URIs (RFC 4151) under this domain, not by their URL, which moves.
NEWSROOM_FEED_AUTHORITY = os.environ.get("NEWSROOM_FEED_AUTHORITY", "") or urlsplit(NEWSROOM_SITE_URL).hostname
# Seconds browsers may reuse a public page before asking again (with its ETag: a 304 if unchanged). 0, so
# that an unpublished story leaves their screens at the next visit, not a minute later.
NEWSROOM_PUBLIC_MAX_AGE = int(os.environ.get("NEWSROOM_PUBLIC_MAX_AGE", "0"))
# Seconds the site's own reverse proxy (deploy/nginx.conf) may keep a public page: X-Accel-Expires, which
# nginx reads before Cache-Control and keeps from browsers (newsroom/proxy_cache.py). A publish or an edit
# is behind the proxy for about this long; 0 tells it not to keep pages.
NEWSROOM_PROXY_MAX_AGE = int(os.environ.get("NEWSROOM_PROXY_MAX_AGE", "2"))
# A seed file whose parsing and tagging takes longer than this is refused (articles/ingest/importers.py); 0: no limit.
# Parsing takes time in proportion to a file's length, far under the limit for the largest (1 MB): this
# is a backstop, not a limit any wire copy comes near.
NEWSROOM_IMPORT_FILE_SECONDS = float(os.environ.get("NEWSROOM_IMPORT_FILE_SECONDS", "5"))
# Someone "has a story open" if their change form was seen this recently: an open form says so every
# NEWSROOM_PRESENCE_HEARTBEAT_SECONDS (and that it closes, when it does), so a crashed browser drops out in a minute.
NEWSROOM_PRESENCE_SECONDS = 60
NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 15
# Lead image uploads (articles/desk/images.py): larger files, more pixels or narrower images are refused.
NEWSROOM_IMAGE_MAX_BYTES = 10 * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000
NEWSROOM_IMAGE_MIN_WIDTH = 320

# Logs to standard error, which gunicorn and systemd keep: our modules' warnings and errors, and Django's
# (a 500's traceback, a forged Host). Django's own configuration prints nothing there once DEBUG is off.
# django.request at ERROR: the 500s, not a line for every 404 a crawler asks for.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line", "level": "WARNING"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}
