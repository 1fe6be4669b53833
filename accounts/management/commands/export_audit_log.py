"""The audit log as CSV for auditors: sign-in events and Wagtail's log of pages and other records, oldest first.

``manage.py export_audit_log --since 2026-01-01 --until 2026-07-01 > audit.csv``
"""

import csv
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

COLUMNS = ["time", "source", "action", "user", "address", "object", "details"]


def rows(since=None, until=None):
    from wagtail.models import ModelLogEntry, PageLogEntry

    from accounts.models import SignInEvent

    def window(queryset, field="timestamp"):
        if since:
            queryset = queryset.filter(**{f"{field}__gte": since})
        if until:
            queryset = queryset.filter(**{f"{field}__lt": until})
        return queryset

    out = []
    for event in window(SignInEvent.objects.select_related("user")):
        out.append(
            [
                event.timestamp,
                "sign-in",
                event.action,
                event.username,
                event.ip_address or "",
                event.path,
                event.user_agent,
            ]
        )
    for model, source in ((PageLogEntry, "page"), (ModelLogEntry, "record")):
        for entry in window(model.objects.select_related("user", "content_type")):
            user = entry.user.username if entry.user_id and entry.user else ""
            obj = f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id} {entry.label}"
            out.append([entry.timestamp, source, entry.action, user, "", obj, entry.data or ""])
    out.sort(key=lambda row: row[0])
    for row in out:
        row[0] = timezone.localtime(row[0]).isoformat()
    return out


def parse_date(value):
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Command(BaseCommand):
    help = "Write the audit log (sign-ins and Wagtail's log) as CSV to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="from this day (YYYY-MM-DD), inclusive")
        parser.add_argument("--until", help="up to this day (YYYY-MM-DD), exclusive")

    def handle(self, *args, since=None, until=None, **options):
        writer = csv.writer(self.stdout)
        writer.writerow(COLUMNS)
        writer.writerows(rows(since and parse_date(since), until and parse_date(until)))
