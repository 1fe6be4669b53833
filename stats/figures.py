"""The year in figures: every number of the annual report, computed in the database from the records.

Each group function takes ``(year, district=None, campaign=None)`` and returns a ``Group``: a few headline totals
and the tables behind them. Every number is a ``COUNT``/``SUM`` (or, for the moderation times, an average and a
median) of its records, grouped in the database (``values().annotate()``, ``TruncMonth``); Python only lays the
few aggregated rows out (a month by level table has at most 36 cells). Charts are drawn from the same tables, so
a chart and its table can never disagree.

What "of the year" means for each group:
- lecture sessions: sessions starting in the year (site time zone) on live tour pages; a session is *held* once it
  has started. People reached per session: its check-ins where any were recorded (``signups.Activity``), else the
  actual attendance its editor entered: the rule of ``signups.services.reach``, as a database expression;
- video contests: contests (live) whose submissions open in the year, with all their entries, valid votes and views
  (views flushed to the database: at most ``campaigns.viewcounts.FLUSH_INTERVAL`` seconds behind);
- reading rooms: the live rooms now (a room has no founding date), and reading events starting in the year;
- festivals: live festival pages of that edition year, their programme events and awards;
- comments: comments written in the year; the time to review is from writing to a moderator's decision;
- search: the daily anonymous search counts of the year.

District: reading rooms (and so their events), lecture sessions (where the host enterprise is) and festival events
(where the venue is) belong to a district, each chosen by its editor; records without one count under
"(no district)" in the by-district tables and drop out when a district is chosen. Contests, comments and searches
have no district, so the filter leaves those groups whole (the dashboard says so).
Campaign: a tour, contest, festival or the reading-room campaign narrows its own group (and the comments on it).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DurationField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOP = 20


@dataclass
class Table:
    """One table of figures, the unit of the dashboard, the exports and the charts.

    ``chart``: how the dashboard draws it ("bar", "stack" (stacked bars), "line", "pie") or None; the first column
    is the categories, the numeric columns after it are the series. ``public``: may show on the public page.
    """

    key: str
    title: str
    columns: list
    rows: list
    chart: str | None = "bar"
    public: bool = True

    def body(self):
        """The rows for a template: (value, is_number) per cell."""
        return [[(value, isinstance(value, int | float)) for value in row] for row in self.rows]

    def chart_data(self):
        if not self.chart or not self.rows:
            return None
        return {
            "type": self.chart,
            "title": str(self.title),
            "categories": [str(row[0]) for row in self.rows],
            "series": [
                {"name": str(name), "data": [row[i] for row in self.rows]}
                for i, name in enumerate(self.columns)
                if i > 0 and all(isinstance(row[i], int | float) for row in self.rows)
            ],
        }


@dataclass
class Group:
    key: str
    title: str
    totals: list  # [(label, value)]
    tables: list = field(default_factory=list)
    note: str = ""
    map: dict | None = None  # reading rooms placed on a drawing (campaigns.models.reading_rooms.room_map)


GROUP_KEYS = ["lectures", "contests", "reading_rooms", "festivals", "comments", "search"]
PUBLIC_GROUP_KEYS = ["lectures", "contests", "reading_rooms", "festivals"]  # no moderation, no search terms
GROUP_TITLES = {
    "lectures": _("Lecture sessions"),
    "contests": _("Video contests"),
    "reading_rooms": _("Reading rooms"),
    "festivals": _("Arts and sports festivals"),
    "comments": _("Comments and moderation"),
    "search": _("Site search"),
}


def months(year):
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def month_label(value):
    return f"{timezone.localtime(value) if hasattr(value, 'tzinfo') and value.tzinfo else value:%Y-%m}"


def checked_in(model):
    """The check-ins recorded for an inline item of ``model`` (its ``signups.Activity``), as a subquery."""
    from signups.models import Activity

    content_type = ContentType.objects.get_for_model(model)
    return Subquery(
        Activity.objects.filter(content_type=content_type, object_id=OuterRef("pk")).values("checked_in_count")[:1],
        output_field=IntegerField(),
    )


def reached(model, entered):
    """People reached by one item: its check-ins where any were recorded, else the number its editor entered."""
    return Coalesce(NullIf(checked_in(model), 0), F(entered), 0, output_field=IntegerField())


def live_pages(model, public=False):
    """The live pages of ``model``; on the public page only public ones (``core.visibility``: no view restriction,
    not expired), so no restricted page's records are counted or named there."""
    from core import visibility

    return visibility.public_pages(model) if public else model.objects.live()


def campaign_of(campaign, model):
    """The campaign page as ``model`` if it is one, else None."""
    if campaign is None:
        return None
    specific = campaign.specific
    return specific if isinstance(specific, model) else None


def by_district(items):
    """[district, items, people reached] rows of ``items`` (annotated with ``reach``), in the districts' order, those
    without a district last."""
    rows = (
        items.values("district__name", "district__sort_order")
        .annotate(n=Count("pk"), reached=Sum("reach", default=0))
        .order_by(F("district__sort_order").asc(nulls_last=True), "district__name")
    )
    return [[row["district__name"] or str(_("(no district)")), row["n"], row["reached"]] for row in rows]


# --- lecture sessions -------------------------------------------------------------------------------------------
def lectures(year, district=None, campaign=None, public=False, now=None):
    from campaigns.models import LectureSession, LectureTourPage, SessionLevel

    now = now or timezone.now()
    tours = live_pages(LectureTourPage, public).values("pk")
    sessions = LectureSession.objects.filter(tour__in=tours, starts_at__year=year)
    tour = campaign_of(campaign, LectureTourPage)
    if tour:
        sessions = sessions.filter(tour=tour)
    if district:
        sessions = sessions.filter(district=district)
    held = sessions.filter(starts_at__lt=now).annotate(reach=reached(LectureSession, "actual_attendance"))
    totals = held.aggregate(sessions=Count("pk"), reached=Sum("reach", default=0), tours=Count("tour", distinct=True))
    upcoming = sessions.filter(starts_at__gte=now).aggregate(
        sessions=Count("pk"), planned=Sum("planned_attendance", default=0)
    )
    levels = dict(SessionLevel.choices)
    by_level_month = list(
        held.annotate(month=TruncMonth("starts_at"))
        .values("month", "level")
        .annotate(sessions=Count("pk"), reached=Sum("reach", default=0))
        .order_by("month", "level")
    )
    level_keys = list(levels)
    by_level = {key: [0, 0] for key in level_keys}
    by_month = {label: [0] * len(level_keys) + [0] for label in months(year)}
    for row in by_level_month:
        by_level[row["level"]][0] += row["sessions"]
        by_level[row["level"]][1] += row["reached"]
        cells = by_month[month_label(row["month"])]
        cells[level_keys.index(row["level"])] += row["sessions"]
        cells[-1] += row["reached"]
    per_district = by_district(held)
    speakers = (
        held.exclude(speaker=None)
        .values("speaker__name", "speaker__organisation")
        .annotate(sessions=Count("pk"), reached=Sum("reach", default=0))
        .order_by("-sessions", "-reached", "speaker__name")[:TOP]
    )
    return Group(
        "lectures",
        GROUP_TITLES["lectures"],
        totals=[
            (_("Sessions held"), totals["sessions"]),
            (_("People reached"), totals["reached"]),
            (_("Tours with sessions"), totals["tours"]),
            (_("Sessions coming up"), upcoming["sessions"]),
        ],
        tables=[
            Table(
                "lectures_by_level",
                _("Sessions by venue kind"),
                [_("Venue kind"), _("Sessions"), _("People reached")],
                [[levels[key], *by_level[key]] for key in level_keys],
            ),
            Table(
                "lectures_by_month",
                _("Sessions by month"),
                [_("Month"), *[levels[key] for key in level_keys], _("People reached")],
                [[label, *cells] for label, cells in by_month.items()],
                chart="stack",
            ),
            Table(
                "lectures_by_district",
                _("Sessions by district"),
                [_("District"), _("Sessions"), _("People reached")],
                per_district,
            ),
            Table(
                "lectures_speakers",
                _("Speakers' sessions"),
                [_("Speaker"), _("Organisation"), _("Sessions"), _("People reached")],
                [[s["speaker__name"], s["speaker__organisation"], s["sessions"], s["reached"]] for s in speakers],
            ),
        ],
    )


TOP_ENTRY_FIELDS = ("title", "author_name", "work_unit", "contest__title", "vote_count", "view_count")


# --- video contests ---------------------------------------------------------------------------------------------
def contests(year, district=None, campaign=None, public=False):
    from campaigns.models import EntryStatus, VideoContestPage, VideoEntry
    from voting.models import Vote, VoteStatus

    pages = live_pages(VideoContestPage, public).filter(submission_opens_at__year=year)
    contest = campaign_of(campaign, VideoContestPage)
    if contest:
        pages = pages.filter(pk=contest.pk)
    contest_ids = pages.values("pk")
    entries = VideoEntry.objects.filter(contest__in=contest_ids)
    votes = Vote.objects.filter(contest__in=contest_ids, status=VoteStatus.VALID)
    page_views = pages.aggregate(contests=Count("pk"), views=Sum("page_views", default=0))
    entry_totals = entries.aggregate(
        entries=Count("pk"),
        approved=Count("pk", filter=Q(status=EntryStatus.APPROVED)),
        views=Sum("view_count", default=0),
        awarded=Count("pk", filter=Q(award__isnull=False)),
        votes=Sum("vote_count", default=0),
    )
    # Valid votes: the entries' counters, which change in the same transaction as the vote rows they count
    # (voting/models.py; ``manage.py check_vote_counts``), so the total needs no scan of the votes. The votes are
    # read twice: per day (one hash aggregation), and as a semi-join from the users (each user is looked up in the
    # votes' (voter, contest, day) index, stopping at the first vote) for the workers who voted per work unit; each
    # worker has one work unit, so their sum is the workers who voted.
    per_day = votes.values("day").annotate(votes=Count("pk")).order_by("day")
    voters_per_unit = list(
        get_user_model()
        .objects.filter(pk__in=votes.values("voter"))
        .annotate(unit=NullIf("work_unit", Value("")))
        .values("unit")
        .annotate(voters=Count("pk"))
        .order_by("-voters", "unit")
    )
    voters = sum(row["voters"] for row in voters_per_unit)  # a few dozen aggregated rows, one per work unit
    statuses = dict(EntryStatus.choices)
    by_status = dict(entries.values_list("status").annotate(n=Count("pk")).order_by())
    top = (
        entries.filter(status=EntryStatus.APPROVED)
        .order_by("-vote_count", "-view_count", "pk")
        .values(*TOP_ENTRY_FIELDS)[:TOP]
    )
    unnamed = _("(not given)")
    return Group(
        "contests",
        GROUP_TITLES["contests"],
        totals=[
            (_("Contests"), page_views["contests"]),
            (_("Entries submitted"), entry_totals["entries"]),
            (_("Entries approved"), entry_totals["approved"]),
            (_("Valid votes"), entry_totals["votes"]),
            (_("Workers who voted"), voters),
            (_("Views"), page_views["views"] + entry_totals["views"]),
            (_("Entries awarded"), entry_totals["awarded"]),
        ],
        tables=[
            Table(
                "contests_entries_by_status",
                _("Entries by status"),
                [_("Status"), _("Entries")],
                [[label, by_status.get(key, 0)] for key, label in statuses.items()],
                chart="pie",
            ),
            Table(
                "contests_votes_per_day",
                _("Votes per day"),
                [_("Day"), _("Valid votes")],
                [[f"{row['day']:%Y-%m-%d}", row["votes"]] for row in per_day],
                chart="line",
            ),
            Table(
                "contests_top_entries",
                _("Top entries by votes"),
                [_("Entry"), _("Author"), _("Work unit"), _("Contest"), _("Valid votes"), _("Views")],
                [[e[name] for name in TOP_ENTRY_FIELDS] for e in top],
                chart=None,
            ),
            Table(
                "contests_voters_by_unit",
                _("Voters by work unit"),
                [_("Work unit"), _("Workers who voted")],
                [[row["unit"] or unnamed, row["voters"]] for row in voters_per_unit[:TOP]],
                public=False,
            ),
        ],
        note=_("Contests have no district; the district filter does not narrow them."),
    )


# --- reading rooms ----------------------------------------------------------------------------------------------
def reading_rooms(year, district=None, campaign=None, public=False):
    from campaigns.models import DemonstrationLevel, ReadingEvent, ReadingRoomIndexPage, ReadingRoomPage
    from campaigns.models.reading_rooms import room_map

    rooms = live_pages(ReadingRoomPage, public)
    index = campaign_of(campaign, ReadingRoomIndexPage)
    if index:
        rooms = rooms.child_of(index)
    if district:
        rooms = rooms.filter(district=district)
    events = ReadingEvent.objects.filter(room__in=rooms.values("pk"), starts_at__year=year)
    levels = dict(DemonstrationLevel.choices)
    level_keys = list(levels)
    rows = (
        rooms.values("district__name", "district__sort_order", "level")
        .annotate(rooms=Count("pk"), books=Sum("collection_size", default=0))
        .order_by("district__sort_order", "district__name")
    )
    table = {}
    by_level = dict.fromkeys(level_keys, 0)
    for row in rows:
        cells = table.setdefault(row["district__name"] or str(_("(no district)")), [0] * len(level_keys) + [0])
        cells[level_keys.index(row["level"])] += row["rooms"]
        cells[-1] += row["books"]
        by_level[row["level"]] += row["rooms"]
    room_totals = rooms.aggregate(rooms=Count("pk"), books=Sum("collection_size", default=0))
    attended = events.annotate(reach=Coalesce(checked_in(ReadingEvent), 0))
    event_totals = attended.aggregate(events=Count("pk"), attendance=Sum("reach", default=0))
    per_month = {label: [0, 0] for label in months(year)}
    for row in (
        attended.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(events=Count("pk"), attendance=Sum("reach", default=0))
        .order_by("month")
    ):
        per_month[month_label(row["month"])] = [row["events"], row["attendance"]]
    placed = rooms.filter(latitude__isnull=False, longitude__isnull=False).select_related("district")
    return Group(
        "reading_rooms",
        GROUP_TITLES["reading_rooms"],
        map=room_map(placed.order_by("district__sort_order", "title")),
        totals=[
            (_("Reading rooms"), room_totals["rooms"]),
            (_("Books on the shelves"), room_totals["books"]),
            *[(levels[key], by_level[key]) for key in level_keys[:3]],
            (_("Reading events"), event_totals["events"]),
            (_("Checked in at reading events"), event_totals["attendance"]),
        ],
        tables=[
            Table(
                "rooms_by_level",
                _("Reading rooms by demonstration level"),
                [_("Level"), _("Reading rooms")],
                [[levels[key], by_level[key]] for key in level_keys],
                chart="pie",
            ),
            Table(
                "rooms_by_district",
                _("Reading rooms by district and level"),
                [_("District"), *[levels[key] for key in level_keys], _("Books")],
                [[name, *cells] for name, cells in table.items()],
                chart="stack",
            ),
            Table(
                "rooms_events_by_month",
                _("Reading events by month"),
                [_("Month"), _("Events"), _("Checked in")],
                [[label, *cells] for label, cells in per_month.items()],
            ),
        ],
        note=_("Attendance at reading events is the check-ins recorded on the site; the events have no other count."),
    )


# --- festivals --------------------------------------------------------------------------------------------------
def festivals(year, district=None, campaign=None, public=False):
    from campaigns.models import EventCategory, FestivalAward, FestivalEvent, FestivalKind, FestivalPage

    pages = live_pages(FestivalPage, public).filter(edition_year=year)
    festival = campaign_of(campaign, FestivalPage)
    if festival:
        pages = pages.filter(pk=festival.pk)
    events = FestivalEvent.objects.filter(festival__in=pages.values("pk"))
    if district:
        # The festivals with events in the district, those events, and those festivals' awards (an award names a
        # work unit, not a place).
        events = events.filter(district=district)
        pages = pages.filter(pk__in=events.values("festival"))
    ids = pages.values("pk")
    events = events.annotate(reach=reached(FestivalEvent, "participants"))
    awards = FestivalAward.objects.filter(festival__in=ids)
    kinds = dict(FestivalKind.choices)
    categories = dict(EventCategory.choices)
    event_totals = events.aggregate(events=Count("pk"), participants=Sum("reach", default=0))
    by_kind = dict(pages.values_list("kind").annotate(n=Count("pk")).order_by())
    per_category = events.values("category").annotate(events=Count("pk"), participants=Sum("reach", default=0))
    by_category = {row["category"]: row for row in per_category.order_by()}
    by_award = awards.values("award").annotate(n=Count("pk")).order_by("-n", "award")
    return Group(
        "festivals",
        GROUP_TITLES["festivals"],
        totals=[
            *[(kinds[key], by_kind.get(key, 0)) for key in kinds],
            (_("Programme events"), event_totals["events"]),
            (_("Participants"), event_totals["participants"]),
            (_("Awards"), awards.count()),
        ],
        tables=[
            Table(
                "festivals_events_by_category",
                _("Festival events by category"),
                [_("Category"), _("Events"), _("Participants")],
                [
                    [label, by_category[key]["events"], by_category[key]["participants"]]
                    for key, label in categories.items()
                    if key in by_category
                ],
            ),
            Table(
                "festivals_events_by_district",
                _("Festival events by district"),
                [_("District"), _("Events"), _("Participants")],
                by_district(events),
            ),
            Table(
                "festivals_awards",
                _("Festival awards"),
                [_("Award"), _("Awards")],
                [[row["award"], row["n"]] for row in by_award],
            ),
        ],
        note=_("With a district chosen: the festivals with events there, those events, and those festivals' awards.")
        if district
        else "",
    )


# --- comments ---------------------------------------------------------------------------------------------------
def comment_queryset(year, campaign=None):
    from comments.models import Comment

    comments = Comment.objects.filter(created_at__year=year)
    if campaign is not None:
        from campaigns.models import VideoContestPage, VideoEntry

        on_page = Q(target_id=campaign.pk) & ~Q(content_type=ContentType.objects.get_for_model(VideoEntry))
        contest = campaign_of(campaign, VideoContestPage)
        if contest:
            entry_type = ContentType.objects.get_for_model(VideoEntry)
            on_page |= Q(content_type=entry_type, target_id__in=VideoEntry.objects.filter(contest=contest).values("pk"))
        comments = comments.filter(on_page)
    return comments


def median(durations, count):
    """The median of a queryset's ``wait`` column, read in the database: the middle one (or two) of ``count``."""
    if not count:
        return None
    middle = list(durations.order_by("wait").values_list("wait", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return sum(middle, timedelta()) / len(middle)


def minutes(duration):
    return round(duration.total_seconds() / 60, 1) if duration is not None else None


def comments(year, district=None, campaign=None, public=False):
    from django.db.models import Avg

    from comments.models import HeldBecause, Status

    comments = comment_queryset(year, campaign)
    totals = comments.aggregate(
        posted=Count("pk"),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        waiting=Count("pk", filter=Q(status=Status.PENDING)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        deleted=Count("pk", filter=Q(status=Status.DELETED)),
        held=Count("pk", filter=~Q(held_because="")),
    )
    reviewed = comments.filter(moderated_by__isnull=False, moderated_at__isnull=False).annotate(
        wait=ExpressionWrapper(F("moderated_at") - F("created_at"), output_field=DurationField())
    )
    review = reviewed.aggregate(reviewed=Count("pk"), mean=Avg("wait"))
    reasons = dict(HeldBecause.choices)
    by_reason = dict(comments.exclude(held_because="").values_list("held_because").annotate(n=Count("pk")).order_by())
    per_month = {label: [0, 0, 0] for label in months(year)}
    for row in (
        comments.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            posted=Count("pk"),
            held=Count("pk", filter=~Q(held_because="")),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        )
        .order_by("month")
    ):
        per_month[month_label(row["month"])] = [row["posted"], row["held"], row["rejected"]]
    return Group(
        "comments",
        GROUP_TITLES["comments"],
        totals=[
            (_("Comments posted"), totals["posted"]),
            (_("Held for review"), totals["held"]),
            (_("Approved"), totals["approved"]),
            (_("Rejected"), totals["rejected"]),
            (_("Still awaiting review"), totals["waiting"]),
            (_("Reviewed by a moderator"), review["reviewed"]),
            (_("Mean time to review (minutes)"), minutes(review["mean"])),
            (_("Median time to review (minutes)"), minutes(median(reviewed, review["reviewed"]))),
        ],
        tables=[
            Table(
                "comments_by_month",
                _("Comments by month"),
                [_("Month"), _("Posted"), _("Held for review"), _("Rejected")],
                [[label, *cells] for label, cells in per_month.items()],
                chart="line",
                public=False,
            ),
            Table(
                "comments_held_because",
                _("Why comments were held"),
                [_("Reason"), _("Comments")],
                [[label, by_reason.get(key, 0)] for key, label in reasons.items()],
                chart="pie",
                public=False,
            ),
        ],
    )


# --- search -----------------------------------------------------------------------------------------------------
def search(year, district=None, campaign=None, public=False):
    from search.models import SearchQueryDay

    days = SearchQueryDay.objects.filter(day__year=year)
    totals = days.aggregate(
        searches=Sum("searches", default=0), empty=Sum("no_results", default=0), clicks=Sum("clicks", default=0)
    )
    by_query = days.values("query").annotate(searches=Sum("searches"), empty=Sum("no_results"), clicked=Sum("clicks"))
    top = by_query.order_by("-searches", "query")[:TOP]
    empty = by_query.filter(empty__gt=0).order_by("-empty", "query")[:TOP]
    per_month = {label: [0, 0] for label in months(year)}
    for row in (
        days.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(searches=Sum("searches"), empty=Sum("no_results"))
        .order_by("month")
    ):
        per_month[month_label(row["month"])] = [row["searches"], row["empty"]]
    return Group(
        "search",
        GROUP_TITLES["search"],
        totals=[
            (_("Searches"), totals["searches"]),
            (_("Searches without results"), totals["empty"]),
            (_("Clicks on results"), totals["clicks"]),
        ],
        tables=[
            Table(
                "search_by_month",
                _("Searches by month"),
                [_("Month"), _("Searches"), _("Without results")],
                [[label, *cells] for label, cells in per_month.items()],
                chart="line",
                public=False,
            ),
            Table(
                "search_top_terms",
                _("Most searched terms"),
                [_("Query"), _("Searches"), _("Without results"), _("Clicks")],
                [[r["query"], r["searches"], r["empty"], r["clicked"]] for r in top],
                chart=None,
                public=False,
            ),
            Table(
                "search_no_results",
                _("Searches with no results"),
                [_("Query"), _("Searches without results")],
                [[r["query"], r["empty"]] for r in empty],
                chart=None,
                public=False,
            ),
        ],
    )


GROUPS = {
    "lectures": lectures,
    "contests": contests,
    "reading_rooms": reading_rooms,
    "festivals": festivals,
    "comments": comments,
    "search": search,
}
CAMPAIGN_GROUPS = {  # the group a campaign page narrows (by its model's label)
    "campaigns.lecturetourpage": "lectures",
    "campaigns.videocontestpage": "contests",
    "campaigns.readingroomindexpage": "reading_rooms",
    "campaigns.festivalpage": "festivals",
}


def year_in_figures(year, district=None, campaign=None, groups=None, public=False):
    """The groups asked for (default: all), in the report's order. With a campaign: its own group and the comments
    on it. ``public``: for the public page: public pages only, and only the tables marked public."""
    keys = [key for key in GROUP_KEYS if groups is None or key in groups]
    if campaign is not None:
        own = CAMPAIGN_GROUPS.get(campaign.specific_class._meta.label_lower if campaign.specific_class else "")
        keys = [key for key in keys if key in (own, "comments")]
    result = [GROUPS[key](year, district=district, campaign=campaign, public=public) for key in keys]
    if public:
        for group in result:
            group.tables = [table for table in group.tables if table.public]
    return result


def years_with_records():
    """Years that have any record, newest first (for the year choice), with this year always offered."""
    from campaigns.models import LectureSession, VideoContestPage
    from comments.models import Comment

    years = {timezone.localdate().year}
    for queryset, name in (
        (LectureSession.objects.all(), "starts_at"),
        (VideoContestPage.objects.all(), "submission_opens_at"),
        (Comment.objects.all(), "created_at"),
    ):
        years.update(d.year for d in queryset.datetimes(name, "year"))
    return sorted(years, reverse=True)
