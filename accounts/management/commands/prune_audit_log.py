"""Delete audit entries older than the retention period (AUDIT_LOG_RETENTION_DAYS, never fewer than 180 days).

Run daily from cron. Sign-in events and Wagtail's audit log (pages and other records) younger than that are never
deleted, whatever the setting says.
"""

from django.core.management.base import BaseCommand

from accounts.security import prune, retention_days


class Command(BaseCommand):
    help = "Delete sign-in events and Wagtail audit-log entries older than the retention period (≥ 180 days)."

    def handle(self, *args, **options):
        deleted = prune()
        if options["verbosity"]:
            summary = ", ".join(f"{label}: {count}" for label, count in deleted.items())
            self.stdout.write(f"Kept the last {retention_days()} days; deleted {summary}.")
