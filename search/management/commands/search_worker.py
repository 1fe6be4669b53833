"""Keep the search index in sync, for production: drain the outbox every few seconds, reconcile now and then, and
recreate and refill any index the engine lost (see search.repair).

Run one (or more; they share the work safely) beside gunicorn: ``manage.py search_worker``.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand

logger = logging.getLogger("search.worker")


class Command(BaseCommand):
    help = "Drain the search outbox continuously, reconcile the index periodically, rebuild lost indexes."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between drains")
        parser.add_argument("--check-every", type=float, default=10.0, help="seconds between checks for lost indexes")
        parser.add_argument("--reconcile-every", type=float, default=600.0, help="seconds between reconciles")
        parser.add_argument("--once", action="store_true", help="check, drain and reconcile once, then exit")

    def handle(self, *args, interval, check_every, reconcile_every, once, **options):
        from search.repair import worker_pass

        running = {"on": True}
        signal.signal(signal.SIGTERM, lambda *a: running.update(on=False))
        last_check = last_reconcile = float("-inf")
        while running["on"]:
            now = time.monotonic()
            check = now - last_check >= check_every or once
            reconcile_now = now - last_reconcile >= reconcile_every or once
            try:
                report = worker_pass(reconcile_now=reconcile_now, check=check)
            except Exception:  # the worker outlives a database or engine hiccup; the next round tries again
                logger.exception("Search worker round failed")
                report = {}
            if check:
                last_check = now
            if reconcile_now and "reconcile" in report:
                last_reconcile = now
            if report:
                self.stdout.write(f"{report}")
            if once:
                break
            time.sleep(interval)
