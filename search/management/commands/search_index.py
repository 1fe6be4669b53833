"""Manage the site's search index: rebuild (zero downtime), status, drain, reconcile."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "The site search index: rebuild | status | drain | reconcile"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "drain", "reconcile"])
        parser.add_argument("--chunk-size", type=int, default=2000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, action, chunk_size, no_progress, **options):
        from search.client import engine_configured

        if not engine_configured():
            raise CommandError("Set ELASTICSEARCH_URL to the search engine first.")
        if action in ("drain", "reconcile"):
            self.ask_engine()
        getattr(self, action)(chunk_size=chunk_size, no_progress=no_progress)

    def ask_engine(self):
        """Ask the engine once, whatever the circuit breaker says (an answer closes it, so the drain runs)."""
        from search.breaker import EngineError
        from search.repair import site_index_missing

        try:
            missing = site_index_missing()
        except EngineError as error:
            raise CommandError(f"The search engine is unavailable: {error}") from error
        if missing:
            raise CommandError("The site index is missing: run `search_index rebuild` (search_worker does it too).")

    def rebuild(self, chunk_size, no_progress, **kwargs):
        from tqdm import tqdm

        from search.index import RebuildFailed, rebuild

        started = timezone.now()
        show = not no_progress and sys.stderr.isatty()
        with tqdm(desc="Indexing", unit=" docs", disable=not show) as bar:
            try:
                result = rebuild(progress=bar.update, chunk_size=chunk_size)
            except RebuildFailed as error:
                raise CommandError(f"Rebuild failed, the live index is unchanged: {error}") from error
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Index {result['index']} now serves {result['indexed']} documents "
                f"({result['documents']} loaded in {seconds:.1f}s, {result['documents'] / max(seconds, 0.001):.0f}/s)."
            )
        )

    def status(self, **kwargs):
        from django.db.models import Min

        from search.client import alias_name, get_client
        from search.index import current_index
        from search.models import PendingIndexUpdate

        client = get_client()
        index = current_index(client)
        count = client.count(index=alias_name())["count"] if index else 0
        pending = PendingIndexUpdate.objects.aggregate(oldest=Min("created_at"))
        self.stdout.write(f"alias {alias_name()} -> {index or '(none)'}: {count} documents")
        self.stdout.write(f"pending updates: {PendingIndexUpdate.objects.count()}, oldest {pending['oldest'] or '-'}")

    def drain(self, **kwargs):
        from search.sync import drain_all

        synced, failed = drain_all()
        self.stdout.write(f"{synced} objects synced, {failed} failed (they will be retried).")

    def reconcile(self, **kwargs):
        from search.sync import drain_all, reconcile

        counts = reconcile()
        synced, failed = drain_all()
        self.stdout.write(
            f"missing {counts['missing']}, stale {counts['stale']}, surplus {counts['surplus']}; "
            f"{synced} synced, {failed} failed."
        )
