"""Demo content: one 数说工会 page, the year of the union's 2022 work report in figures."""

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
            year=2022,
            intro="<p>2022年，宣讲进企业、进车间、进班组，微视频征集、职工书屋和文体节的数字，都由本站的记录统计得出。</p>",
            summary="一年的工会工作，用数字说话。",
        ),
    )
    return int(created)
