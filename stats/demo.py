"""Demo content: one 数说工会 page, this year in figures (the demo's campaigns run around today)."""

from django.utils import timezone

from wagtail.models import Site

from core.demo import ensure_child

from .models import StatsPage


def load(log):
    home = Site.objects.get(is_default_site=True).root_page.specific
    _page, created = ensure_child(
        home,
        "shushuo",
        lambda: StatsPage(
            title="数说工会",
            year=timezone.localdate().year,
            intro="<p>宣讲进企业、进车间、进班组，微视频征集、职工书屋和文体节：这一年的数字，都由本站的记录统计得出。</p>",
            summary="一年的工会工作，用数字说话。",
        ),
    )
    return int(created)
