"""Search: full rebuild speed for 10,000 generated pages, and search page latency for a mix of Chinese queries.

    .venv/bin/python bench/search_bench.py [--pages 10000] [--seconds 10] [--connections 8]
    .venv/bin/python bench/search_bench.py --pages 3000 --seconds 5 --compare /path/to/older/checkout [--rounds 2]

Creates a fresh bench database (PostgreSQL) with the demo content plus ``--pages`` generated feature articles
(Chinese bodies of a few paragraphs, tags, categories, listing images), starts a local engine (osmem-server)
unless ELASTICSEARCH_URL names one, and times ``search_index rebuild`` end to end: reading the database,
building the documents, streaming bulk into a new index, the count check and the alias swap. Then it serves the
site with gunicorn (production settings, 2 workers, the page cache off so every request really searches) and
drives the search page, the JSON API and the suggestions with wrk over a mix of queries, printing requests/s
and p50/p99 latency; "issue-19 queries" are traditional, pinyin, initials, synonym, typo and short queries (on
a checkout before issue 19 they are plain queries that find little). It also times the search beacon's counting
(where the checkout has it). Needs `wrk` (apt-get install wrk), PostgreSQL and Redis.

``--compare OTHER`` runs the whole bench ``--rounds`` times on each side, alternating (OTHER first, then this
checkout), each run in a fresh process with this bench script and OTHER's code (``BENCH_ROOT``, see
bench/common.py), and prints every run's figures with the host's load average, then the medians and this
checkout's ratios to OTHER's. On a shared host, alternating keeps a change in the load from landing on one side.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Gunicorn,
    collect_static,
    cpu_check,
    flush_redis,
    manage,
    parse_wrk,
    recreate_database,
    require_wrk,
    run_wrk,
    setup_django,
)

# Generated articles: each is about one theme (as the union's features are), written from that theme's phrases
# plus phrases every article shares, so a query for a theme's words matches that theme's share of the articles.
THEMES = {
    "宣讲": ["宣讲员走进车间开展理论宣讲", "大讲堂进企业进班组", "全年宣讲550场次", "宣讲团把课堂搬到厂房"],
    "职工书屋": ["职工书屋新添图书两千册", "书屋开展读书交友活动", "电子书屋上线阅读平台", "示范点书屋评选揭晓"],
    "微视频": ["职工原创微视频征集启动", "短视频记录岗位风采", "作品累计关注度93.3万人次", "e有绝活短视频投票开启"],
    "艺术节": ["荆江之春职工艺术节开幕", "职工文艺汇演精彩纷呈", "书画摄影展征集作品", "歌咏比赛唱响劳动之歌"],
    "体育节": ["荆江之秋职工体育节开赛", "篮球乒乓球羽毛球比赛", "拔河比赛和趣味运动会", "健步走活动万人参加"],
    "劳动竞赛": ["劳动和技能竞赛全面铺开", "焊工车工同台比武", "技术能手脱颖而出", "产业工人技能提升"],
    "送清凉": ["高温季节送清凉慰问", "清凉驿站为户外劳动者服务", "环卫工人收到防暑物资", "一线工地送去绿豆汤"],
    "工匠": ["劳模创新工作室攻克难题", "名师带徒传授绝活", "工匠精神代代相传", "五一劳动奖章获得者分享经验"],
    "维权": ["法律援助帮助职工讨薪", "劳动争议调解案件结案", "法院和工会诉调对接", "集体协商签订工资合同"],
    "建会入会": ["网约送餐员加入工会", "货车司机之家建成开放", "新就业形态劳动者入会", "物流行业工会联合会成立"],
}
SHARED = [
    "基层工会认真组织",
    "一线职工积极参与",
    "活动得到企业支持",
    "参加人数创历年新高",
    "相关负责人介绍情况",
    "下一步将继续做好服务",
    "职工纷纷表示收获很大",
]
PLACES = ["沙市区", "荆州区", "江陵县", "松滋市", "公安县", "石首市", "监利市", "洪湖市"]


def sentence(rng, theme):
    return f"{rng.choice(PLACES)}{rng.choice(THEMES[theme])}，{rng.choice(SHARED)}。"


def paragraph(rng, theme, sentences=6):
    return "".join(sentence(rng, theme) if i % 2 == 0 else rng.choice(SHARED) + "。" for i in range(sentences))


QUERIES = [
    "书屋",
    "职工书屋",
    "艺术节",
    "体育节",
    "进车间",
    "进班组",
    "大讲堂",
    "550场次",
    "e有绝活",
    "微视频",
    "送清凉",
    "劳模",
    "工匠",
    "创新工作室",
    "网约送餐员",
    "司机之家",
    "沙市区书屋",
    "技能竞赛",
    "清凉驿站",
    "读书交友",
]


def generate_pages(count, seed=2022):
    """``count`` live feature articles under the news index, written in bulk (the page tree's paths by hand)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page

    from taggit.models import Tag

    from home.models import Category, FeaturePage, FeaturePageTag, NewsIndexPage

    rng = random.Random(seed)
    news = NewsIndexPage.objects.order_by("depth", "path").first()  # the site's news index, not a district's
    categories = list(Category.objects.all())
    images = list(get_image_model().objects.all()[:10])
    tags = {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": f"bench-{i}"})[0] for i, name in enumerate(THEMES)
    }
    themes = list(THEMES)
    locale = Locale.get_default()
    now = timezone.now()
    start = news.numchild
    with transaction.atomic():
        pages, page_themes = [], []
        for i in range(count):
            theme = themes[i % len(themes)]
            title = f"{rng.choice(PLACES)}{rng.choice(THEMES[theme])}（第{i + 1}期）"
            page = FeaturePage(
                title=title,
                draft_title=title,
                slug=f"bench-{i + 1}",
                path=Page._get_path(news.path, news.depth + 1, start + i + 1),  # noqa: SLF001
                depth=news.depth + 1,
                numchild=0,
                url_path=f"{news.url_path}bench-{i + 1}/",
                live=True,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                summary=sentence(rng, theme),
                listing_image=rng.choice(images) if images else None,
                author=rng.choice(["工会宣传部", "新闻中心", "通讯员"]),
                date_published=now.date(),
                category=rng.choice(categories) if categories else None,
                body=[
                    ("heading", {"text": "一、" + rng.choice(THEMES[theme]), "size": "h2"}),
                    ("paragraph", "<p>" + paragraph(rng, theme) + "</p>"),
                    ("paragraph", "<p>" + paragraph(rng, theme) + "</p>"),
                    ("quote", {"text": sentence(rng, theme), "attribution": rng.choice(SHARED)}),
                ],
            )
            pages.append(page)
            page_themes.append(theme)
        insert_pages(pages)
        NewsIndexPage.objects.filter(pk=news.pk).update(numchild=start + count)
        ids = dict(Page.objects.filter(path__startswith=news.path, depth=news.depth + 1).values_list("path", "pk"))
        FeaturePageTag.objects.bulk_create(
            [
                FeaturePageTag(content_object_id=ids[page.path], tag=tags[theme])
                for page, theme in zip(pages, page_themes, strict=True)
            ],
            batch_size=2000,
        )
    connection.close()


def insert_pages(pages):
    """Multi-table rows in bulk: the Page rows with bulk_create, then the FeaturePage rows (a raw save each)."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page

    from home.models import FeaturePage

    content_type = ContentType.objects.get_for_model(FeaturePage)
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]  # noqa: SLF001
    bases = []
    for page in pages:
        page.content_type = content_type
        bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
    Page.objects.bulk_create(bases, batch_size=1000)
    if bases[0].pk is None:  # SQLite before RETURNING: read the ids back
        by_path = dict(Page.objects.filter(path__in=[b.path for b in bases]).values_list("path", "pk"))
        for base in bases:
            base.pk = by_path[base.path]
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = page.id = base.pk
        page._state.adding = True  # noqa: SLF001
        page.save_base(raw=True, force_insert=True)


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_rebuild(engine_pid=None):
    """The rebuild's wall time, with the CPU time this process and (when local) the engine spent on it."""
    from search.index import rebuild

    engine_before = cpu_seconds(engine_pid) if engine_pid else 0.0
    cpu_before = time.process_time()
    started = time.perf_counter()
    result = rebuild()
    seconds = time.perf_counter() - started
    cpu = {"python": time.process_time() - cpu_before}
    if engine_pid:
        cpu["engine"] = cpu_seconds(engine_pid) - engine_before
    return result, seconds, cpu


def wrk_mix(url_base, paths, seconds, connections):
    """wrk over several URLs, each connection cycling through them."""
    script = "\n".join(
        [
            "local paths = {" + ", ".join(f'"{p}"' for p in paths) + "}",
            "local i = 0",
            "request = function()",
            "  i = i % #paths + 1",
            "  return wrk.format(nil, paths[i])",
            "end",
        ]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        return parse_wrk(run_wrk(url_base + paths[0], seconds=seconds, connections=connections, script=handle.name))
    finally:
        os.unlink(handle.name)


NEW_QUERIES = ["職工書屋", "藝術節", "shuwu", "zgsw", "changjiang", "读书室", "劳动模范", "劳摸", "艺术街", "短视频"]


def beacon_cost(count=2000):
    """The search beacon's counting (search.analytics.record_search) in this process: distinct visitors, so every
    call passes the repeat check and writes (one UPDATE, an INSERT the first time of a query a day). None on a
    checkout without it."""
    try:
        from search import analytics
    except ImportError:
        return None
    queries = QUERIES + NEW_QUERIES
    started = time.perf_counter()
    for i in range(count):
        analytics.record_search(queries[i % len(queries)], i % 7, f"bench-visitor-{i}")
    elapsed = time.perf_counter() - started
    return count / elapsed, elapsed / count * 1000


def load_average():
    return Path("/proc/loadavg").read_text().split()[0]


REBUILD_LINE = re.compile(
    r"rebuild \((cold|warm)\): \d+ documents in ([\d.]+)s .*CPU: python ([\d.]+)s(?:, engine ([\d.]+)s)?"
)
ROW_LINE = re.compile(r"^(.+?)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$")


def one_run(checkout, args):
    """One whole bench run against ``checkout`` (in a child process): {figure name: value}, and its output."""
    command = [sys.executable, __file__, "--pages", str(args.pages), "--seconds", str(args.seconds)]
    command += ["--connections", str(args.connections), "--workers", str(args.workers)]
    env = {**os.environ, "BENCH_ROOT": str(checkout)}
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    figures = {}
    for line in output.splitlines():
        if match := REBUILD_LINE.search(line):
            label = match.group(1)
            figures[f"rebuild {label} s"] = float(match.group(2))
            figures[f"rebuild {label} python CPU s"] = float(match.group(3))
            if match.group(4):
                figures[f"rebuild {label} engine CPU s"] = float(match.group(4))
        elif match := ROW_LINE.match(line.strip()):
            figures[f"{match.group(1).strip()} c{match.group(2)} req/s"] = float(match.group(3))
    return figures, output


def compare(args):
    """Both checkouts, alternating, ``args.rounds`` times each: every run's figures, the medians and the ratios."""
    sides = [("other", Path(args.compare).resolve()), ("this", Path(__file__).resolve().parent.parent)]
    runs = []
    for round_number in range(1, args.rounds + 1):
        for side, checkout in sides:
            before = load_average()
            print(f"round {round_number}, {side} ({checkout}), load {before} ...", flush=True)
            figures, _output = one_run(checkout, args)
            runs.append((side, round_number, before, load_average(), figures))
            print("  " + ", ".join(f"{name} {value:g}" for name, value in figures.items()), flush=True)
    names = list(dict.fromkeys(name for *_rest, figures in runs for name in figures))
    print()
    print(f"other = {sides[0][1]}, this = {sides[1][1]}; {args.pages} pages, wrk {args.seconds} s a row")
    header = f"{'figure':<34}" + "".join(f"{f'{side} r{n}':>13}" for side, n, *_ in runs)
    print(header)
    print(f"{'load average before/after':<34}" + "".join(f"{f'{b}/{a}':>13}" for _s, _n, b, a, _f in runs))
    for name in names:
        print(f"{name:<34}" + "".join(f"{figures.get(name, float('nan')):>13.2f}" for *_rest, figures in runs))
    print()
    print(f"{'median':<34}{'other':>10}{'this':>10}{'this/other':>12}")
    for name in names:
        medians = []
        for side, _checkout in sides:
            values = [figures[name] for s, *_rest, figures in runs if s == side and name in figures]
            medians.append(statistics.median(values) if values else float("nan"))
        ratio = medians[1] / medians[0] if medians[0] else float("nan")
        print(f"{name:<34}{medians[0]:>10.2f}{medians[1]:>10.2f}{ratio:>11.0%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", metavar="CHECKOUT", help="another checkout to run alternately with this one")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each side with --compare")
    args = parser.parse_args()
    require_wrk()
    if args.compare:
        compare(args)
        return

    engine = None
    if not os.environ.get("ELASTICSEARCH_URL"):
        from osmem_server import OsmemServer

        engine = OsmemServer.start(japanese=False)
        os.environ["ELASTICSEARCH_URL"] = engine.url
    extra = {"ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"], "PAGE_CACHE_ENABLED": 0}
    try:
        print("Preparing a fresh bench database with the demo content ...", flush=True)
        recreate_database()
        collect_static()
        flush_redis()
        manage("load_demo", "-v0", **extra)
        setup_django(**extra)
        print(f"Generating {args.pages} feature articles ...", flush=True)
        started = time.perf_counter()
        generate_pages(args.pages)
        print(f"  written in {time.perf_counter() - started:.1f}s", flush=True)
        # A running site has an index and a worker that keeps it current; start the rebuilds from that state
        # rather than with the demo load's updates still queued (the first rebuild would replay them all).
        from search.index import ensure_index
        from search.sync import drain_all

        ensure_index()
        drain_all()

        print("Rebuilding the search index (twice: a cold and a warm run) ...", flush=True)
        speed_before = cpu_check()
        engine_pid = engine.process.pid if engine is not None else None
        rebuilds = [timed_rebuild(engine_pid) for _ in range(2)]

        from search.client import get_client

        engine_info = get_client().info()["version"]
        beacons = beacon_cost()
        rows = []
        with Gunicorn(workers=args.workers, **extra) as server:
            pages = [f"/search/?q={urllib.parse.quote(q)}" for q in QUERIES]
            api = [f"/api/search/?q={urllib.parse.quote(q)}" for q in QUERIES]
            suggest = [f"/search/suggest/?q={urllib.parse.quote(q[:2])}" for q in QUERIES]
            filtered = [f"/search/?q={urllib.parse.quote(q)}&type=feature&sort=newest&page=2" for q in QUERIES]
            new = [f"/search/?q={urllib.parse.quote(q)}" for q in NEW_QUERIES]
            for name, paths in [
                ("search page", pages),
                ("page: issue-19 queries", new),
                ("page: filter+sort+p2", filtered),
                ("JSON API", api),
                ("suggestions", suggest),
            ]:
                wrk_mix(server.url, paths, seconds=2, connections=2)  # warm
                for connections in sorted({args.workers, args.connections}):
                    stats = wrk_mix(server.url, paths, seconds=args.seconds, connections=connections)
                    rows.append((name, connections, stats))
        speed_after = cpu_check()
    finally:
        if engine is not None:
            engine.close()

    print()
    print(
        f"engine: {engine_info.get('distribution', 'elasticsearch')} {engine_info.get('number')}; "
        f"database: PostgreSQL; {args.pages} generated articles + the demo content"
    )
    for label, (result, seconds, cpu) in zip(["cold", "warm"], rebuilds, strict=True):
        spent = ", ".join(f"{name} {used:.1f}s" for name, used in cpu.items())
        print(
            f"rebuild ({label}): {result['documents']} documents in {seconds:.2f}s = "
            f"{result['documents'] / seconds:.0f} documents/s (CPU: {spent})"
        )
    print()
    print(
        f"gunicorn: {args.workers} workers, page cache off (every request searches); wrk: {args.seconds}s per row, "
        f"{len(QUERIES)} queries in rotation"
    )
    header = f"{'endpoint':<22} {'conns':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>8}"
    print(header)
    print("-" * len(header))
    for name, connections, stats in rows:
        print(
            f"{name:<22} {connections:>5} {stats['rps']:>8.0f} {stats['p50']:>7.1f} {stats['p99']:>7.1f} "
            f"{stats['non2xx']:>8}"
        )
    if beacons:
        print(f"search beacon, counting in one process: {beacons[0]:.0f}/s, {beacons[1]:.2f} ms each")
    print(
        f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
        f"{speed_after:.2f}s after"
    )


if __name__ == "__main__":
    main()
