"""The year's figures as a workbook (XLSX: a 总览 sheet of the headline totals, then one sheet per table) and as
CSV (one table, or every table in a zip). Headers and sheet names are Chinese whatever the admin's language, since
they go into the Chinese annual report. Text a spreadsheet would run as a formula is written as text."""

import csv
import io
import re
import zipfile

from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from search.admin_views import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_LANGUAGE = "zh-hans"


def cell(value):
    return safe_cell(str(value)) if isinstance(value, str | Promise) else value


def sheet_name(title, taken):
    """A valid, unique worksheet name: at most 31 characters, none of []:*?/\\ ."""
    base = re.sub(r"[\[\]:*?/\\]", "", str(title))[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def tables_of(groups):
    return [table for group in groups for table in group.tables]


def workbook(groups, year):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(REPORT_LANGUAGE):
        book = Workbook()
        summary = book.active
        taken = set()
        summary.title = sheet_name(_("Overview %(year)s") % {"year": year}, taken)
        summary.append([_("Figure group"), _("Figure"), _("Value")])
        for group in groups:
            for label, value in group.totals:
                summary.append([str(group.title), str(label), value])
        for table in tables_of(groups):
            sheet = book.create_sheet(sheet_name(table.title, taken))
            sheet.append([str(column) for column in table.columns])
            for row in table.rows:
                sheet.append([cell(value) for value in row])
        for sheet in book.worksheets:
            for header in sheet[1]:
                header.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def table_csv(table):
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the Chinese as UTF-8
    writer = csv.writer(out)
    with translation.override(REPORT_LANGUAGE):
        writer.writerow([str(column) for column in table.columns])
        for row in table.rows:
            writer.writerow([cell(value) for value in row])
    return out.getvalue()


def xlsx_response(groups, year):
    response = HttpResponse(workbook(groups, year), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="figures-{year}.xlsx"'
    return response


def csv_response(groups, year, key=None):
    """One table's CSV (``key``), or every table's in a zip. None for an unknown key."""
    tables = tables_of(groups)
    if key:
        table = next((t for t in tables if t.key == key), None)
        if table is None:
            return None
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="figures-{year}-{table.key}.csv"'
        return response
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"{table.key}.csv", table_csv(table).encode())
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="figures-{year}-csv.zip"'
    return response
