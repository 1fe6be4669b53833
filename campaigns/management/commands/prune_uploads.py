"""Remove chunked video uploads left unfinished (or finished but never submitted) for ``UPLOAD_SESSION_HOURS``.

Run by ``manage.py scheduler`` every hour; their pieces are deleted from the media storage with them.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.uploads import prune


class Command(BaseCommand):
    help = "Remove unfinished video uploads older than UPLOAD_SESSION_HOURS."

    def handle(self, *args, **options):
        removed = prune()
        self.stdout.write(f"{removed} unfinished upload(s) older than {settings.UPLOAD_SESSION_HOURS} h removed.")
