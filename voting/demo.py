"""Demo votes: workers' votes on the contest now in its voting phase and on last year's finished contest.

The demo's own worker account (``worker``) casts none, so whoever tries the demo can vote.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from campaigns.models import EntryStatus, VideoContestPage

from .models import Vote
from .services import VoteRejected, cast_vote

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
UNITS = [
    "荆江汽车零部件有限公司",
    "江汉石油装备厂",
    "荆州纺织印染公司",
    "长江港口物流集团",
    "市第一建筑公司",
    "荆江智能家电有限公司",
    "荆州供电公司",
    "市中心医院",
]


def demo_voters(count=40):
    User = get_user_model()
    group = Group.objects.get(name=roles.WORKERS)
    voters = []
    for i in range(count):
        username = f"demo-voter-{i + 1:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=f"{SURNAMES[i % len(SURNAMES)]}师傅",
                work_unit=UNITS[i % len(UNITS)],
                membership_number=f"GH2022{i + 100:06d}",
                is_verified=i % 3 != 0,
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        voters.append(user)
    return voters


def load(log):
    contests = [c for c in VideoContestPage.objects.live() if c.entries.filter(status=EntryStatus.APPROVED).exists()]
    if not contests or Vote.objects.filter(contest__in=contests).exists():
        return 0
    voters = demo_voters()
    rng = random.Random(2022)
    created = 0
    for contest in contests:
        entries = list(contest.public_entries().order_by("pk"))
        weights = [rng.random() ** 2 for _ in entries]  # a few popular entries, a long tail
        start = contest.voting_opens_at + datetime.timedelta(hours=1)
        for day in range(3):
            moment = start + datetime.timedelta(days=day)
            if not contest.is_open_for_voting(moment):
                continue
            for voter in voters:
                for entry in set(rng.choices(entries, weights=weights, k=3)):
                    try:
                        cast_vote(
                            entry.pk, voter, f"10.{day}.{voter.pk % 250}.{entry.pk % 250}", "DemoPhone/1.0", now=moment
                        )
                        created += 1
                    except VoteRejected:
                        pass
    return created
