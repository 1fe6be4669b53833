"""gunicorn settings for an app server behind nginx (deploy/Procfile, deploy/systemd/workershome-web@.service).

The address comes from the command line (--bind); the rest from here, each overridable by gunicorn's own
environment variables (WEB_CONCURRENCY, GUNICORN_CMD_ARGS).
"""

import os

wsgi_app = "workershome.wsgi"
# Sync workers, two per core: a request waits on PostgreSQL or Redis for a few milliseconds at most.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# nginx keeps connections to the app servers open (keepalive 32): hold them a little longer than nginx does.
keepalive = 75
timeout = 30
# SIGTERM lets requests in progress finish for this long (a rolling restart; a vote takes milliseconds).
graceful_timeout = 20
# A worker is replaced after this many requests (with jitter, so not all at once): memory stays flat.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# nginx on this host is the only client; its X-Forwarded-* headers are trusted from loopback only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
backlog = 2048
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
