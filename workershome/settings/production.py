"""Production: gunicorn behind a reverse proxy, whitenoise for static files, PostgreSQL, Redis, Elasticsearch.

Every value comes from the environment; ``manage.py check --deploy --settings=workershome.settings.production``
passes with ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``SITE_URL`` set (the site's public address: the check fails
while it is unset or names this machine, see core/site_url.py).
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) for production.")

TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_str("TASKS_BACKEND", "database")]}}  # noqa: F405

STORAGES = {
    "default": MEDIA_DEFAULT_STORAGE,  # noqa: F405 (MEDIA_STORAGE: local disk or S3, see base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS: the proxy terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Cookies only over HTTPS. (SECURE_COOKIES=0 is for the test suite's plain-HTTP gunicorn, never a deployment.)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# X_FRAME_OPTIONS is SAMEORIGIN (base.py) for Wagtail's live preview, which Django's check would like to be DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A reverse proxy should serve MEDIA_ROOT; set SERVE_MEDIA=1 for a single host without one.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
