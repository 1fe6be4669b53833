"""Queue again the video conversions a task worker never finished (it crashed, or was stopped mid-run).

Run by ``manage.py scheduler`` every few minutes; safe to run by hand or at start-up. An entry stays 处理中 until a
run finishes it, so nothing is lost; a queued run that finds the entry already done does nothing.
"""

from django.core.management.base import BaseCommand

from campaigns.transcode import requeue_stuck, stale_after


class Command(BaseCommand):
    help = "Queue again video entries stuck in processing longer than VIDEO_PROCESSING_STALE_MINUTES."

    def handle(self, *args, **options):
        ids = requeue_stuck()
        minutes = int(stale_after().total_seconds() // 60)
        self.stdout.write(f"{len(ids)} video(s) queued again (processing for more than {minutes} min).")
