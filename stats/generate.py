"""A generated year of records for the dashboard's timing (``manage.py generate_stats_year``, bench/stats_bench.py).

Pages are made the ordinary way (a few dozen, published through revisions); the records under them — sessions,
entries, voters, votes, reading events, comments, search counts — are inserted in bulk: ``bulk_create`` in batches,
and for the votes on PostgreSQL ``COPY`` (psycopg's copy protocol, many times faster than INSERTs for 500,000
rows). Every row honours the database's constraints: each (entry, voter, day, slot) once, void votes none, every
entry exactly one video source; each entry's ``vote_count`` is then set from its votes by one UPDATE, so the
counters agree with the rows as ``manage.py check_vote_counts`` requires. Random but reproducible (a fixed seed).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.models import Site

BATCH = 5000
UNUSABLE = "!"  # Django's mark of an unusable password: the generated voters cannot sign in
UNITS = [
    f"{name}{kind}"
    for name in ("荆江", "沙市", "江陵", "楚都", "长江", "古城", "凤凰", "纪南", "洪湖", "松滋")
    for kind in ("机械厂", "纺织厂", "供电公司", "汽车零部件公司", "医院")
]
QUERIES = [
    "职工书屋",
    "劳模",
    "工匠",
    "宣讲",
    "短视频",
    "投票",
    "文体节",
    "读书",
    "法律援助",
    "困难帮扶",
    "技能竞赛",
    "疗休养",
    "健步走",
    "书法",
    "摄影",
    "篮球",
    "合唱",
    "心理健康",
    "女职工",
    "农民工",
]


def aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def publish(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def index_page(model, home, title, slug):
    found = model.objects.first()
    return found or publish(home, model(title=title, slug=slug))


def generate_year(year, sessions=2000, entries=5000, votes=500_000, voters=2000, log=print, seed=2022):
    from campaigns.models import (
        ContestCategory,
        ContestIndexPage,
        District,
        EntryStatus,
        FestivalAward,
        FestivalEvent,
        FestivalIndexPage,
        FestivalPage,
        LectureSession,
        LectureTourPage,
        ReadingEvent,
        ReadingRoomIndexPage,
        ReadingRoomPage,
        Speaker,
        TourIndexPage,
        VideoContestPage,
        VideoEntry,
    )
    from comments.models import Comment
    from search.models import SearchQueryDay
    from voting.models import Vote

    rng = random.Random(seed)
    prefix = f"gen{year}"
    if LectureTourPage.objects.filter(slug=f"{prefix}-tour-0").exists():
        raise ValueError(f"The year {year} is generated already.")
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year, 12, 31) - start).days + 1

    def some_day():
        return start + datetime.timedelta(days=rng.randrange(days))

    home = Site.objects.get(is_default_site=True).root_page.specific
    with transaction.atomic():
        tour_index = index_page(TourIndexPage, home, "宣讲活动", "lectures")
        contest_index = index_page(ContestIndexPage, home, "微视频征集", "video-contests")
        room_index = index_page(ReadingRoomIndexPage, home, "职工书屋", "reading-rooms")
        festival_index = index_page(FestivalIndexPage, home, "文体节", "festivals")
        speakers = Speaker.objects.bulk_create(
            [Speaker(name=f"宣讲人{prefix}-{i}", organisation=rng.choice(UNITS)) for i in range(40)]
        )
        tours = [
            publish(tour_index, LectureTourPage(title=f"{year}年大讲堂{i}", slug=f"{prefix}-tour-{i}"))
            for i in range(20)
        ]
        districts = list(District.objects.all()) or [
            District.objects.create(name=name, sort_order=i) for i, name in enumerate(["沙市区", "荆州区", "江陵县"])
        ]
        levels = ["enterprise", "workshop", "team"]
        LectureSession.objects.bulk_create(
            [
                LectureSession(
                    tour=tours[i % len(tours)],
                    starts_at=aware(some_day(), rng.choice((9, 14, 19))),
                    venue="职工之家",
                    host_enterprise=rng.choice(UNITS),
                    district=districts[i % len(districts)] if i % 10 else None,  # a tenth without a district
                    level=levels[i % 3],
                    speaker=speakers[i % len(speakers)],
                    planned_attendance=100,
                    actual_attendance=rng.randrange(20, 200),
                    sort_order=i,
                )
                for i in range(sessions)
            ],
            batch_size=BATCH,
        )
        log(f"{len(tours)} tours, {sessions} sessions")

        contests = []
        for i in range(5):
            opens = datetime.date(year, 1 + i * 2, 1)
            page = VideoContestPage(
                title=f"{year}年短视频征集{i}",
                slug=f"{prefix}-contest-{i}",
                submission_opens_at=aware(opens),
                submission_closes_at=aware(opens + datetime.timedelta(days=20)),
                voting_opens_at=aware(opens + datetime.timedelta(days=21)),
                voting_closes_at=aware(opens + datetime.timedelta(days=50)),
                results_at=aware(opens + datetime.timedelta(days=55)),
                page_views=rng.randrange(10_000, 100_000),
            )
            page.categories.add(ContestCategory(name="技能绝活", sort_order=0))
            contests.append(publish(contest_index, page))
        statuses = [EntryStatus.APPROVED] * 8 + [EntryStatus.PENDING, EntryStatus.REJECTED]
        made = VideoEntry.objects.bulk_create(
            [
                VideoEntry(
                    contest=contests[i % len(contests)],
                    title=f"作品{i}",
                    author_name=f"职工{i}",
                    work_unit=rng.choice(UNITS),
                    external_url=f"https://www.douyin.com/video/{prefix}{i}",
                    status=(status := rng.choice(statuses)),
                    rejection_reason="与主题无关" if status == EntryStatus.REJECTED else "",
                    submitted_at=aware(some_day()),
                    view_count=rng.randrange(0, 2000),
                )
                for i in range(entries)
            ],
            batch_size=BATCH,
        )
        approved = [(e.pk, e.contest_id) for e in made if e.status == EntryStatus.APPROVED]
        log(f"{len(contests)} contests, {entries} entries")

        User = get_user_model()
        User.objects.bulk_create(
            [
                User(username=f"{prefix}-voter-{i}", password=UNUSABLE, work_unit=rng.choice(UNITS + [""]))
                for i in range(voters)
            ],
            batch_size=BATCH,
        )
        voter_ids = list(
            User.objects.filter(username__startswith=f"{prefix}-voter-").order_by("pk").values_list("pk", flat=True)
        )
        # Voter v votes once on day d (slot 1): vote i is voter i % V on day i // V, so (entry, voter, day, slot) is
        # unique whichever entry it backs.
        now = timezone.now()

        def vote_rows():
            for i in range(votes):
                entry, contest = approved[rng.randrange(len(approved))]
                day = start + datetime.timedelta(days=(i // len(voter_ids)) % days)
                yield (entry, contest, voter_ids[i % len(voter_ids)], day, 1, now, f"10.{i % 250}.{i // 250 % 250}.1")

        if connection.vendor == "postgresql":
            columns = "entry_id, contest_id, voter_id, day, slot, created_at, ip, user_agent, status, void_reason"
            sql = f"COPY {Vote._meta.db_table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in vote_rows():
                    copy.write_row((*row, "", "valid", ""))
        else:
            batch = []
            for entry, contest, voter, day, slot, _created, ip in vote_rows():
                batch.append(Vote(entry_id=entry, contest_id=contest, voter_id=voter, day=day, slot=slot, ip=ip))
                if len(batch) == BATCH:
                    Vote.objects.bulk_create(batch)
                    batch = []
            Vote.objects.bulk_create(batch)
        counts = Vote.objects.filter(entry=OuterRef("pk"), status="valid").values("entry").annotate(n=Count("pk"))
        VideoEntry.objects.filter(contest__in=contests).update(vote_count=Coalesce(Subquery(counts.values("n")[:1]), 0))
        log(f"{len(voter_ids)} voters, {votes} votes")

        room_levels = ["national", "provincial", "provincial", "city", "city", "city", "none"]
        rooms = [
            publish(
                room_index,
                ReadingRoomPage(
                    title=f"{year}职工书屋{i}",
                    slug=f"{prefix}-room-{i}",
                    district=districts[i % len(districts)],
                    address=f"测试路{i}号",
                    collection_size=rng.randrange(1000, 20000),
                    level=room_levels[i % len(room_levels)],
                ),
            )
            for i in range(30)
        ]
        ReadingEvent.objects.bulk_create(
            [
                ReadingEvent(room=rooms[i % 30], starts_at=aware(some_day(), 14), topic=f"读书会{i}", sort_order=i)
                for i in range(300)
            ]
        )
        for i, kind in enumerate(("arts", "sports")):
            title = f"{year}年职工{'艺术' if kind == 'arts' else '运动'}节"
            page = FestivalPage(title=title, slug=f"{prefix}-festival-{i}", kind=kind, edition_year=year)
            festival = publish(festival_index, page)
            categories = ["performance", "calligraphy", "singing"] if kind == "arts" else ["ball_games", "athletics"]
            FestivalEvent.objects.bulk_create(
                [
                    FestivalEvent(
                        festival=festival,
                        name=f"项目{j}",
                        category=categories[j % len(categories)],
                        date=some_day(),
                        district=districts[j % len(districts)],
                        participants=rng.randrange(10, 300),
                        sort_order=j,
                    )
                    for j in range(30)
                ]
            )
            FestivalAward.objects.bulk_create(
                [
                    FestivalAward(
                        festival=festival,
                        event=f"项目{j}",
                        award=["一等奖", "二等奖", "三等奖"][j % 3],
                        winner=f"获奖者{j}",
                        sort_order=j,
                    )
                    for j in range(20)
                ]
            )
        log(f"{len(rooms)} rooms, 300 reading events, 2 festivals")

        contest_type = ContentType.objects.get_for_model(VideoContestPage)
        comment_rows = []
        for i in range(3000):
            created = aware(some_day(), rng.randrange(8, 22))
            held = rng.random() < 0.4
            status = rng.choice(["approved", "approved", "rejected", "pending"]) if held else "approved"
            moderated = held and status != "pending"
            comment_rows.append(
                Comment(
                    content_type=contest_type,
                    target_id=contests[i % len(contests)].pk,
                    target_title=contests[i % len(contests)].title,
                    author_id=voter_ids[i % len(voter_ids)],
                    body=f"评论{i}",
                    status=status,
                    held_because=rng.choice(["new", "screening", "reports"]) if held else "",
                    created_at=created,
                    moderated_at=created + datetime.timedelta(minutes=rng.randrange(1, 600)) if moderated else None,
                    moderated_by_id=voter_ids[0] if moderated else None,
                )
            )
        Comment.objects.bulk_create(comment_rows, batch_size=BATCH)
        SearchQueryDay.objects.bulk_create(
            [
                SearchQueryDay(
                    day=start + datetime.timedelta(days=d),
                    query=query,
                    searches=(n := rng.randrange(1, 50)),
                    no_results=n if query in ("法律援助", "疗休养") and d % 3 == 0 else 0,
                    clicks=rng.randrange(0, n + 1),
                )
                for d in range(days)
                for query in QUERIES
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        log("3000 comments, a year of search counts")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum would gather them after a bulk load
    return {"valid_votes": Vote.objects.filter(contest__in=contests).filter(Q(status="valid")).count()}
