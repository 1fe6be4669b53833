"""The attendee list of an event for its organisers: CSV (UTF-8 with a byte-order mark, which Excel needs to read
Chinese) and XLSX (openpyxl). Cells that a spreadsheet would read as a formula get a leading apostrophe."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Signup, SignupStatus

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def when(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def rows(activity):
    signups = list(
        Signup.objects.filter(activity=activity)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "queue_number", "created_at")
    )
    questions = activity.questions
    yield [
        _("No."),
        _("Name"),
        _("Work unit"),
        _("Membership number"),
        _("Phone"),
        _("Status"),
        _("Place on the waiting list"),
        _("Signed up at"),
        _("Checked in at"),
        *questions,
    ]
    waiting = 0
    for number, signup in enumerate(signups, start=1):
        position = ""
        if signup.status == SignupStatus.WAITLISTED:
            waiting += 1
            position = waiting
        user = signup.user
        yield [
            number,
            user.public_name,
            user.work_unit,
            user.membership_number or "",
            user.phone,
            str(signup.get_status_display()),
            position,
            when(signup.created_at),
            when(signup.checked_in_at),
            *(signup.answers.get(q, "") for q in questions),
        ]


def csv_bytes(activity):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(activity):
        writer.writerow([safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx(activity):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Sign-ups")[:31]
    for row in rows(activity):
        sheet.append([cell if isinstance(cell, int) else safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
