from django.core.management.base import BaseCommand

from signups.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue the reminders for tomorrow's events (run daily from cron; the task worker sends them)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="the events' day, YYYY-MM-DD (default: tomorrow)")

    def handle(self, *args, day=None, **options):
        send_reminders.enqueue(day)
        self.stdout.write("Queued the sign-up reminders.")
