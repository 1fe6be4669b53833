"""Keep the search index in sync, for production: drain the outbox every few seconds, reconcile now and then.

Run one (or more; they share the work safely) beside gunicorn: ``manage.py search_worker``.
"""

import signal
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Drain the search outbox continuously and reconcile the index periodically."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between drains")
        parser.add_argument("--reconcile-every", type=float, default=600.0, help="seconds between reconciles")
        parser.add_argument("--once", action="store_true", help="drain and reconcile once, then exit")

    def handle(self, *args, interval, reconcile_every, once, **options):
        from search.index import ensure_index
        from search.sync import drain_all, reconcile

        running = {"on": True}
        signal.signal(signal.SIGTERM, lambda *a: running.update(on=False))
        ensure_index()
        last_reconcile = 0.0
        while running["on"]:
            synced, failed = drain_all()
            if synced or failed:
                self.stdout.write(f"synced {synced}, failed {failed}")
            if time.monotonic() - last_reconcile >= reconcile_every or once:
                self.stdout.write(f"reconcile: {reconcile()}")
                last_reconcile = time.monotonic()
            if once:
                drain_all()
                break
            time.sleep(interval)
