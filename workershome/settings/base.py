"""Settings shared by every environment.

Everything that differs between a laptop and a deployment is read from the environment (see ``env.py``):
``DATABASE_URL``, ``REDIS_URL``, ``ELASTICSEARCH_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``MEDIA_ROOT`` and a few
more listed in the README. With none of them set the site runs on SQLite, local memory caches and local files.
"""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"  # site-wide templates, static files and translations (not a Python package)
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --------------------------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our domains, one app each (see README "Architecture")
    "core",
    "accounts",
    "home",
    "campaigns",
    "voting",
    "signups",
    "judging",
    "comments",
    "screening",
    "search",
    "stats",
    # Wagtail
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",  # modelsearch under Wagtail's label; do not add "modelsearch" as well
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "axes",
    # Two-factor sign-in for staff (accounts/two_factor.py)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background work: django-tasks with a durable database queue
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so pages served from it carry the same policies (see "Security headers" below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses a body over its route's limit from the Content-Length alone, before anything reads it.
    "core.uploads.RequestBodyLimitMiddleware",
    # Before sessions and auth: a cache hit for an anonymous visitor costs two cache reads and nothing else.
    "core.pagecache.PageCacheMiddleware",
    # After it, so a cache hit does not need the site: the request's Wagtail site from the cache (core/sites.py).
    "core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff: signed out after STAFF_IDLE_TIMEOUT_MINUTES idle; no admin URL before the second factor (accounts/).
    "accounts.security.StaffIdleTimeoutMiddleware",
    "accounts.two_factor.StaffTwoFactorMiddleware",
    # What cannot be done without Redis (rate limits) answers 503 in the visitor's language (core/unavailable.py).
    "core.unavailable.ServiceUnavailableMiddleware",
    # Lets the admin search tell the editor when it answered from the database (search/admin_backend.py).
    "search.admin_backend.AdminSearchNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A sign-in refused by the rate limits answers 429 (accounts/backends.py).
    "accounts.backends.SignInLimitMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workershome.urls"
# Wagtail's live preview shows pages in a same-origin iframe; DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
WSGI_APPLICATION = "workershome.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --------------------------------------------------------------------------------------------------------------
# Database, cache and sessions
# --------------------------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a background task writes; a busy timeout instead of "database locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# A Redis that hangs holds a request for one timeout (connect or read), and then this process leaves it alone for
# REDIS_RETRY_INTERVAL seconds, serving without it (core/cache.py; README "When a service is down").
REDIS_SOCKET_TIMEOUT = float(env_str("REDIS_SOCKET_TIMEOUT", "0.5"))
REDIS_RETRY_INTERVAL = float(env_str("REDIS_RETRY_INTERVAL", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            # One Redis client per pool, short timeouts, and reads that miss while Redis is down: core/cache.py.
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "workershome"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "retry_interval": REDIS_RETRY_INTERVAL,
            },
        }
    }
    # Sessions are read from Redis and written through to the database, so a Redis restart logs nobody out, and
    # while Redis is down they are read from the database (core/sessions.py).
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "workershome",
            "TIMEOUT": 300,
        }
    }
    # A per-process memory cache cannot hold sessions shared by several processes.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --------------------------------------------------------------------------------------------------------------
# Background tasks (django-tasks). The database backend is durable: a worker (`manage.py db_worker`) runs them.
# The immediate backend runs a task inside the request that enqueues it (development and tests).
# --------------------------------------------------------------------------------------------------------------
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_str("TASKS_BACKEND", "immediate")]}}

# --------------------------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff accounts (等保 2.0): complexity, and none of their last five passwords.
    {"NAME": "accounts.validators.StaffPasswordComplexityValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.PasswordReuseValidator", "OPTIONS": {"remember": 5}},
]
# A staff session without a request for this long is signed out (accounts/security.py).
STAFF_IDLE_TIMEOUT_MINUTES = env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30)
# Sign-in events and Wagtail's audit log are kept this long (never fewer than 180 days) by prune_audit_log.
AUDIT_LOG_RETENTION_DAYS = env_int("AUDIT_LOG_RETENTION_DAYS", 180)
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "职工之家")
# Reset e-mails are sent by the task worker, so the answer takes as long for unknown addresses as for known ones.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.password_reset.AdminPasswordResetForm"  # noqa: S105 - a class path
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminSignInForm"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
AUTHENTICATION_BACKENDS = [
    # Rate limits per address and per username on every sign-in form (public and admin): refuses before any
    # password is checked.
    "accounts.backends.SignInLimitBackend",
    # Then django-axes, so every sign-in (the public one and the Wagtail admin's) counts failures and honours lockouts.
    "axes.backends.AxesStandaloneBackend",
    # Django's, with a cheaper load of the signed-in user on each request (accounts/backends.py).
    "accounts.backends.ModelBackend",
]
# Sign-in guessing: after 5 wrong passwords for one username from one address, that pair is locked for 15
# minutes (stored in the database, so it holds across all processes). Guessing one account from many addresses,
# or many accounts from one address, is slowed by the rate limits below instead of locking the real owner out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
LOGIN_RATE_PER_IP = env_str("LOGIN_RATE_PER_IP", "30/10m")
LOGIN_RATE_PER_USERNAME = env_str("LOGIN_RATE_PER_USERNAME", "20/h")
REGISTER_RATE = env_str("REGISTER_RATE", "10/h")
# Passwords that protect single pages (Wagtail's view restrictions): per address, and per page from everywhere.
PAGE_PASSWORD_RATE_PER_IP = env_str("PAGE_PASSWORD_RATE_PER_IP", "10/10m")
PAGE_PASSWORD_RATE = env_str("PAGE_PASSWORD_RATE", "100/h")
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105 - a template name

# How many reverse proxies stand in front of the app (see core/net.py); client addresses for rate limits and
# audit records come from X-Forwarded-For only when this is set.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Rate limits (core/throttle.py) for comments, votes and entry submissions: per account, and per address (generous:
# a whole factory may share one address behind NAT).
COMMENT_RATE_PER_USER = env_str("COMMENT_RATE_PER_USER", "5/m")
COMMENT_RATE_PER_USER_HOUR = env_str("COMMENT_RATE_PER_USER_HOUR", "30/h")
COMMENT_RATE_PER_IP = env_str("COMMENT_RATE_PER_IP", "60/m")  # generous: a factory shares one NAT address
VOTE_RATE_PER_USER = env_str("VOTE_RATE_PER_USER", "20/m")
VOTE_RATE_PER_IP = env_str("VOTE_RATE_PER_IP", "600/m")
# Seconds an edit of a contest's voting rules (dates, eligibility, limits) may take to reach other processes.
VOTE_RULES_TTL = float(env_str("VOTE_RULES_TTL", "1"))
ENTRY_SUBMIT_RATE = env_str("ENTRY_SUBMIT_RATE", "10/h")

# Video entries (campaigns/videos.py, transcode.py, uploads.py): Debian's ffmpeg checks and converts them.
FFPROBE = env_str("FFPROBE", "") or None  # default: ffprobe / ffmpeg on the PATH
FFMPEG = env_str("FFMPEG", "") or None
VIDEO_PROCESSING_STALE_MINUTES = env_int("VIDEO_PROCESSING_STALE_MINUTES", 60)
VIDEO_TRANSCODE_THREADS = env_int("VIDEO_TRANSCODE_THREADS", 0)  # 0: ffmpeg's choice (every core)
VIDEO_TRANSCODE_NICE = env_int("VIDEO_TRANSCODE_NICE", 10)  # ffmpeg's priority below the app servers' (0: the same)
# Chunked, resumable uploads: piece size (under Django's 2.5 MB in-memory body limit), how long an unfinished one
# is kept, a worker's unfinished uploads (count and total), and how fast uploads and pieces may come.
UPLOAD_CHUNK_KB = env_int("UPLOAD_CHUNK_KB", 2048)
UPLOAD_SESSION_HOURS = env_int("UPLOAD_SESSION_HOURS", 24)
UPLOAD_MAX_OPEN = env_int("UPLOAD_MAX_OPEN", 3)
UPLOAD_QUOTA_MB = env_int("UPLOAD_QUOTA_MB", 2048)
UPLOAD_CREATE_RATE = env_str("UPLOAD_CREATE_RATE", "20/h")
UPLOAD_CHUNK_RATE = env_str("UPLOAD_CHUNK_RATE", "300/m")
# Sign-ups (signups/): attempts per account (sign up and cancel), check-in code attempts per organiser, and how long
# a worker's check-in QR code stays valid after their sign-up page showed it.
SIGNUP_RATE_PER_USER = env_str("SIGNUP_RATE_PER_USER", "30/m")
CHECKIN_RATE_PER_USER = env_str("CHECKIN_RATE_PER_USER", "120/m")
SIGNUP_TOKEN_MAX_AGE = env_int("SIGNUP_TOKEN_MAX_AGE", 24 * 3600)
OBJECTION_RATE = env_str("OBJECTION_RATE", "5/d")  # objections to a contest's 公示 results, per account
OBJECTION_RATE_PER_IP = env_str("OBJECTION_RATE_PER_IP", "60/h")
# What the moderators' Suspicious votes view flags (voting/suspicion.py): this many votes for one entry from one
# address within the window, or from this many accounts registered within the window of one another.
VOTE_BURST_THRESHOLD = env_int("VOTE_BURST_THRESHOLD", 10)
VOTE_BURST_WINDOW_MINUTES = env_int("VOTE_BURST_WINDOW_MINUTES", 10)
VOTE_SIGNUP_THRESHOLD = env_int("VOTE_SIGNUP_THRESHOLD", 5)
VOTE_SIGNUP_WINDOW_MINUTES = env_int("VOTE_SIGNUP_WINDOW_MINUTES", 30)
# Templates shown on a worker's account page, contributed by the apps (comments, entries, ...). Each is included
# with `request` and `user` in its context and loads its own data through its app's template tags.
ACCOUNT_PAGE_PANELS = [
    "signups/account_panel.html",
    "campaigns/account_panel.html",
    "comments/account_panel.html",
    "judging/account_panel.html",
]
# What each app adds to /accounts/me/ (the personal parts of a cached page): name -> function(request), which reads
# its own query parameters and returns JSON-ready data or None.
PERSONAL_PARTS = {
    "votes": "voting.personal.part",
    "comments": "comments.personal.part",
    "submissions": "campaigns.personal.part",
    "signups": "signups.personal.part",
}

# --------------------------------------------------------------------------------------------------------------
# Language and time: Chinese first, English available
# --------------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Pages are written in Chinese; the English interface shows the same pages under /en/.
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --------------------------------------------------------------------------------------------------------------
# Static and media files
# --------------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [SITE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Whether Django serves MEDIA_ROOT itself. In a deployment with a reverse proxy, the proxy should do it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Where uploads, converted videos and posters live: MEDIA_ROOT on this machine (default), or an S3-compatible object
# storage shared by every app server and worker (MEDIA_STORAGE=s3, django-storages). Everything goes through the
# storage API, so nothing else changes.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")


def s3_media_storage():
    options = {
        "bucket_name": env_str("MEDIA_S3_BUCKET", ""),
        "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
        "region_name": env_str("MEDIA_S3_REGION", "") or None,
        "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN", "") or None,  # a CDN or public host in front of the bucket
        "querystring_auth": env_bool("MEDIA_S3_SIGNED_URLS", False),  # signed, expiring URLs for a private bucket
        "file_overwrite": False,
        "default_acl": None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if MEDIA_STORAGE == "s3":
    MEDIA_DEFAULT_STORAGE = s3_media_storage()
elif MEDIA_STORAGE == "local":
    MEDIA_DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": MEDIA_DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies (core/uploads.py): refused from their declared length, before they are read.
MAX_ANONYMOUS_BODY_KB = env_int("MAX_ANONYMOUS_BODY_KB", 256)
MAX_REQUEST_BODY_MB = env_int("MAX_REQUEST_BODY_MB", 25)
REQUEST_BODY_LIMITS = ["campaigns.submissions.submission_body_limit"]

# --------------------------------------------------------------------------------------------------------------
# Wagtail
# --------------------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "职工之家"
# The public address of the site, e.g. https://zgzj.example.cn. After every `manage.py migrate` the default Wagtail
# Site takes its host and port (core/site_url.py), so the sitemap, canonical links, share cards and the API's
# html_url use it; `check --deploy` fails while it is unset or names this machine.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
# Slugs are ASCII: Chinese titles become pinyin (core/slugs.py), not percent-encoded addresses.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Wagtail saves an editor's draft this many milliseconds after a change (0 turns autosave off).
WAGTAIL_AUTOSAVE_INTERVAL = env_int("WAGTAIL_AUTOSAVE_INTERVAL", 500)
WAGTAIL_WORKFLOW_ENABLED = True
# 三审: the last approval publishes on the workflow's authority (accounts/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "accounts.workflows.publish_approved"
# No calls from the admin to outside services: avatars are Wagtail's own (uploaded or initials), and no version
# check (many union offices sit behind firewalls, and an admin page must not wait on, or leak to, a third party).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# --------------------------------------------------------------------------------------------------------------
# Search: the site's own index (search app) and the editors' admin search (Wagtail / modelsearch), both on
# Elasticsearch 8/9, OpenSearch 2/3 or osmem when ELASTICSEARCH_URL is set (comma-separated URLs). `./run.sh` starts
# a local engine (osmem-server) and sets it. Without one, the search page answers from the database (reduced mode)
# and the admin uses Wagtail's database backend. SEARCH_ENGINE names the engine, and so the client that talks to it
# (search/client.py): "elasticsearch" (the elasticsearch client; also osmem) or "opensearch" (opensearch-py).
# --------------------------------------------------------------------------------------------------------------
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_ENGINE = {"elasticsearch": "elasticsearch", "opensearch": "opensearch"}[
    env_str("SEARCH_ENGINE", "elasticsearch").lower()  # anything else stops the start here, with the bad value
]
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "workershome")
# Seconds the engine may take while someone waits: the search page, the API, suggestions, the admin search and
# the admin index's single-object writes. Background writes (the outbox drain, reconcile, Wagtail's update_index)
# allow SEARCH_INDEX_TIMEOUT (a rebuild at least 120 s). After a failure the engine is skipped for
# SEARCH_BREAKER_SECONDS (0: never skipped; see search/breaker.py).
SEARCH_TIMEOUT = float(env_str("SEARCH_TIMEOUT", "1.5"))
SEARCH_INDEX_TIMEOUT = float(env_str("SEARCH_INDEX_TIMEOUT", "10"))
SEARCH_BREAKER_SECONDS = float(env_str("SEARCH_BREAKER_SECONDS", "30"))
SEARCH_INDEX_REPLICAS = env_int("SEARCH_INDEX_REPLICAS", 0)
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.admin_backend",
            "URLS": [url.strip() for url in ELASTICSEARCH_URL.split(",")],
            "INDEX_PREFIX": f"{SEARCH_INDEX_PREFIX}-admin-",
            "TIMEOUT": SEARCH_INDEX_TIMEOUT,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --------------------------------------------------------------------------------------------------------------
# Logging: one readable line per event on stderr; deployments collect stderr.
# --------------------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --------------------------------------------------------------------------------------------------------------
# Security headers. Content-Security-Policy (django-csp): the public site loads scripts, styles, fonts and media
# only from itself (no inline script or style anywhere in its templates), so the policy is enforced there. The
# Wagtail admin (and its live preview) runs inline scripts of Wagtail's own, so there the same policy is only
# reported (Content-Security-Policy-Report-Only), which shows what enforcing it would break. Extra sources come
# from the environment: CSP_MEDIA_HOSTS (object storage or a CDN serving media), CSP_FRAME_HOSTS (video platforms
# whose players editors embed), CSP_REPORT_URI (where browsers send violation reports).
# --------------------------------------------------------------------------------------------------------------
SELF = "'self'"
CSP_MEDIA_HOSTS = env_list("CSP_MEDIA_HOSTS")
CSP_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *CSP_MEDIA_HOSTS],
    "media-src": [SELF, *CSP_MEDIA_HOSTS],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [SELF, *env_list("CSP_FRAME_HOSTS", ["https://player.bilibili.com", "https://v.qq.com"])],
    "object-src": ["'none'"],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
if env_str("CSP_REPORT_URI"):
    CSP_POLICY["report-uri"] = [env_str("CSP_REPORT_URI")]
CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/admin/"], "DIRECTIVES": CSP_POLICY}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_POLICY}
# Permissions-Policy: no page of the site uses the camera, microphone, location, payment or device APIs.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# /healthz calls a worker's queue stale when its oldest due item has waited this long (the worker is not running).
HEALTHZ_QUEUE_STALE_SECONDS = env_int("HEALTHZ_QUEUE_STALE_SECONDS", 300)

# Whole-page cache for anonymous visitors (core/pagecache.py): how long a page may be kept, in this cache and by
# a CDN (s-maxage). Pages are also forgotten the moment they, or anything they list, change.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TTL = env_int("PAGE_CACHE_TTL", 300)

# A CDN or reverse-proxy cache in front: purge the exact URLs when content changes (core/pagecache.py), with the
# backends and the purge task of wagtail.contrib.frontend_cache. That app is deliberately not in INSTALLED_APPS: its
# own signal handlers would purge every published page a second time, and without our language variants.
# FRONTEND_CACHE_PURGE_URL: an HTTP cache that accepts PURGE (Varnish, nginx proxy_cache_purge, Squid);
# CLOUDFLARE_API_TOKEN + CLOUDFLARE_ZONE_ID: Cloudflare. Unset: no CDN, only the cache above.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID", required=True),
    }

# Serve /bench/bare/ (a fixed response) for the benchmarks' ceiling measurement; never in a real deployment.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", False)

SITE_DESCRIPTION = _("The home online of the city's trade union members: news, campaigns and services.")

# Demo content loaders run by `manage.py load_demo`, in this order (each is a module with `load(log)`).
DEMO_LOADERS = [
    "accounts.demo",
    "home.demo",
    "campaigns.demo",
    "accounts.demo_sections",
    "voting.demo",
    "judging.demo",
    "screening.demo",
    "comments.demo",
    "search.demo",
    "stats.demo",
]
