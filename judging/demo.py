"""Demo judging: a judges panel of five on the contest now being judged and on the contest whose results are in
their 公示, a shortlist on each, other judges' scores (the demo judge ``judge`` still has entries to score), and one
objection waiting for a moderator. Runs after the votes (voting.demo)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from campaigns.models import ContestJudge, EntryStatus, VideoContestPage
from campaigns.moderation import ShortlistEntry
from core.demo import demo_staff, publish_revision

from .models import Objection, Scorecard

JUDGING = "e-you-juehuo"
NOTICE = "gongjiang-gushi-2026"
PANEL = [
    ("judge-2", "钱评委", "荆州日报社"),
    ("judge-3", "孙评委", "市广播电视台"),
    ("judge-4", "郑评委", "长江大学"),
    ("judge-5", "冯评委", "市摄影家协会"),
]


def panel():
    User = get_user_model()
    group = Group.objects.get(name=roles.JUDGES)
    judges = [User.objects.filter(username="judge").first()]
    for username, name, unit in PANEL:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=name, work_unit=unit)
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        judges.append(user)
    return [j for j in judges if j is not None]


def load(log):
    moderator = get_user_model().objects.filter(username="moderator").first()
    contests = {c.slug: c for c in VideoContestPage.objects.filter(slug__in=[JUDGING, NOTICE])}
    if not contests or moderator is None:
        return 0
    judges = panel()
    rng = random.Random(21)
    created = 0
    for slug, contest in contests.items():
        if not contest.judges.exists():
            contest.judges = [ContestJudge(user=judge, sort_order=i) for i, judge in enumerate(judges)]
            if contest.judging_closes_at is None:  # a demo database loaded before judging existed
                contest.judging_closes_at = contest.results_at - datetime.timedelta(days=1)
            publish_revision(contest, *demo_staff())
            created += len(judges)
        entries = list(contest.entries.filter(status=EntryStatus.APPROVED).order_by("pk")[:8])
        todo = [e for e in entries if not e.shortlisted]
        if todo:
            ShortlistEntry.execute_many(todo, moderator)
            created += len(todo)
        # On the contest being judged the demo judge has scored nothing yet; on the 公示 one everyone has.
        scorers = judges[1:] if slug == JUDGING else judges
        criteria = contest.criteria_list()
        for entry in entries[:6] if slug == JUDGING else entries:
            for judge in scorers:
                points = {c.key: rng.randint(c.max_points // 2, c.max_points) for c in criteria}  # by key
                _card, was_created = Scorecard.objects.get_or_create(
                    judge=judge,
                    entry=entry,
                    defaults={"contest": contest, "points": points, "total": sum(points.values())},
                )
                created += was_created
    notice = contests.get(NOTICE)
    worker = get_user_model().objects.filter(username="demo-voter-01").first()
    if notice is not None and worker is not None and not Objection.objects.filter(contest=notice).exists():
        entry = notice.entries.filter(shortlisted=True).order_by("pk").first()
        Objection.objects.create(
            contest=notice,
            entry=entry,
            author=worker,
            reason="这部作品的部分镜头与去年另一部参赛作品相似，请评委会复核是否为原创。",
        )
        created += 1
    return created
