"""The scheduler process of a deployment: runs the periodic commands in a loop, instead of cron.

- ``publish_scheduled`` (Wagtail) every ``--interval`` seconds (60): pages scheduled to go live are published and
  expired pages unpublished within a minute of their time;
- ``prune_audit_log`` once a day (and at start): audit entries past the retention period;
- ``send_signup_reminders`` every hour: queues the reminders for tomorrow's events (each sign-up is reminded once,
  ``Signup.reminded_at``, so running it often only sends the ones not yet sent);
- ``requeue_videos`` every 5 minutes: video conversions a crashed task worker left 处理中 are queued again;
- ``prune_uploads`` every hour: unfinished chunked uploads older than ``UPLOAD_SESSION_HOURS`` are removed.

Run exactly one per deployment (Procfile ``scheduler``, deploy/systemd/workershome-scheduler.service); a second
one would do no harm (both commands are idempotent) but no good either. SIGTERM or Ctrl-C ends it between two
rounds. A failing round is logged and the next one tries again.

After each round, and every ``core.heartbeat.EVERY`` seconds (10) while it waits, it writes its heartbeat to Redis;
``/healthz`` says ``scheduler`` is failing when the last one is older than ``HEALTHZ_QUEUE_STALE_SECONDS``.
"""

import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import heartbeat

logger = logging.getLogger("core.scheduler")

HOUR = 60 * 60
DAY = 24 * HOUR


class Command(BaseCommand):
    help = (
        "Run publish_scheduled every minute, send_signup_reminders hourly and prune_audit_log daily, until stopped "
        "(the Procfile's scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between publish_scheduled runs")
        parser.add_argument("--once", action="store_true", help="run every job once, then exit")

    def handle(self, *args, interval, once, **options):
        running = {"on": True}

        def stop(*_):
            running["on"] = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        jobs = [
            ("publish_scheduled", interval),
            ("prune_audit_log", DAY),
            ("send_signup_reminders", HOUR),
            ("requeue_videos", 5 * 60),
            ("prune_uploads", HOUR),
        ]
        last = {name: float("-inf") for name, _ in jobs}
        while running["on"]:
            for name, every in jobs:
                now = time.monotonic()
                if now - last[name] < every and not once:
                    continue
                last[name] = now
                try:
                    call_command(name, verbosity=0)
                except Exception:  # the scheduler outlives a database hiccup; the next round tries again
                    logger.exception("Scheduled command %s failed", name)
            heartbeat.beat()
            if once:
                break
            # Sleep in short steps, so a stop is honoured within a second; the heartbeat goes on meanwhile.
            deadline = time.monotonic() + min(every for _, every in jobs)
            beaten = time.monotonic()
            while running["on"] and time.monotonic() < deadline:
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                if time.monotonic() - beaten >= heartbeat.EVERY:
                    heartbeat.beat()
                    beaten = time.monotonic()
