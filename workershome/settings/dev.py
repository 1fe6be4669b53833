"""Development: runserver, debug pages, the embedded defaults (SQLite, local memory cache, local files)."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The dev server serves static files itself; whitenoise's finders keep `runserver --nostatic` working too.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
