"""Search analytics for editors: top queries, queries without results (their to-do list) and clicks by result
position, week by week, with a CSV export."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.inputs import parse_int

from .models import SearchClickDay, SearchQueryDay

PERMISSION = "sitesearch.view_searchqueryday"
TOP = 20
POSITIONS = 10  # positions shown one by one; later ones are added up as "11+"


def weeks_back(request):
    return parse_int(request.GET.get("weeks"), 1, 52, default=4)


def since(weeks):
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    return monday - timezone.timedelta(weeks=weeks - 1)


def query_rows(start):
    """(week, query, searches, searches without results, clicks) of every query since ``start``."""
    return (
        SearchQueryDay.objects.filter(day__gte=start)
        .annotate(week=TruncWeek("day"))
        .values("week", "query")
        .annotate(searches=Sum("searches"), empty=Sum("no_results"), clicked=Sum("clicks"))
        .order_by("-week", "-searches", "query")
    )


def weekly_report(start):
    """One dict per week, newest first: its totals, top queries, queries without results, clicks by position."""
    weeks = {}
    for row in query_rows(start):
        week = weeks.setdefault(row["week"], {"week": row["week"], "queries": [], "searches": 0, "empty": 0})
        week["queries"].append(row)
        week["searches"] += row["searches"]
        week["empty"] += row["empty"]
    clicks = (
        SearchClickDay.objects.filter(day__gte=start)
        .annotate(week=TruncWeek("day"))
        .values("week", "position")
        .annotate(clicked=Sum("clicks"))
    )
    by_position = {}
    for row in clicks:
        slot = row["position"] if row["position"] <= POSITIONS else POSITIONS + 1
        counts = by_position.setdefault(row["week"], {})
        counts[slot] = counts.get(slot, 0) + row["clicked"]
    report = []
    for key in sorted(set(weeks) | set(by_position), reverse=True):
        week = weeks.get(key) or {"week": key, "queries": [], "searches": 0, "empty": 0}
        counts = by_position.get(key, {})
        searches = week["searches"]
        week["top"] = week["queries"][:TOP]
        week["no_results"] = sorted(
            (row for row in week["queries"] if row["empty"]), key=lambda row: (-row["empty"], row["query"])
        )[:TOP]
        week["positions"] = [
            {
                "position": str(slot) if slot <= POSITIONS else f"{POSITIONS + 1}+",
                "clicks": counts.get(slot, 0),
                "rate": counts.get(slot, 0) / searches if searches else 0,
            }
            for slot in range(1, POSITIONS + 2)
        ]
        week["clicks"] = sum(counts.values())
        report.append(week)
    return report


class SearchAnalyticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/analytics.html"
    page_title = _("Search analytics")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in ("queries", "clicks"):
            return self.export(request.GET["export"], since(weeks_back(request)))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        weeks = weeks_back(self.request)
        context.update({"weeks": weeks, "report": weekly_report(since(weeks)), "week_choices": [1, 4, 12, 26, 52]})
        return context

    def export(self, what, start):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="search-{what}-{start:%Y%m%d}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the Chinese as UTF-8
        writer = csv.writer(response)
        if what == "queries":
            writer.writerow(["week", "query", "searches", "searches_without_results", "clicks"])
            for row in query_rows(start):
                writer.writerow([row["week"], safe_cell(row["query"]), row["searches"], row["empty"], row["clicked"]])
        else:
            writer.writerow(["week", "position", "clicks", "searches", "click_rate"])
            for week in weekly_report(start):
                for slot in week["positions"]:
                    writer.writerow(
                        [week["week"], slot["position"], slot["clicks"], week["searches"], f"{slot['rate']:.4f}"]
                    )
        return response


def safe_cell(text):
    """A query as a spreadsheet cell: one typed as a formula (=, +, -, @) is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
