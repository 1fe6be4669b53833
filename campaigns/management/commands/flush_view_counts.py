from django.core.management.base import BaseCommand

from campaigns import viewcounts


class Command(BaseCommand):
    help = "Write view counts collected in the cache into the database (run from cron every minute or so)."

    def handle(self, *args, **options):
        written = viewcounts.flush()
        self.stdout.write(f"{written} views written.")
