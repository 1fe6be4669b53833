"""The admin dashboard 数据统计: the year's figures with charts and tables, filtered by year, district and campaign,
with the XLSX and CSV exports. Who sees which groups: ``stats/permissions.py``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import exports, figures
from .forms import FiguresFilterForm
from .permissions import visible_groups


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "stats/admin/dashboard.html"
    page_title = _("Statistics")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        self.allowed = visible_groups(request.user)
        if not self.allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.form = FiguresFilterForm(request.GET)
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(groups=[]), status=400)
        year, district, campaign = self.form.filters()
        self.groups = figures.year_in_figures(year, district=district, campaign=campaign, groups=self.allowed)
        export = request.GET.get("export")
        if export == "xlsx":
            return exports.xlsx_response(self.groups, year)
        if export == "csv":
            response = exports.csv_response(self.groups, year, key=request.GET.get("table"))
            if response is None:
                raise Http404
            return response
        return self.render_to_response(self.get_context_data(groups=self.groups))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "form": self.form,
                "query": self.form.query_string() if self.form.is_bound and not self.form.errors else "",
                "years": figures.years_with_records(),
                "full_access": len(self.allowed) > 1,
            }
        )
        return context
