import datetime

from django.utils import timezone

import pytest

from accounts import roles
from conftest import make_user


@pytest.fixture
def judging_contest(make_contest):
    """Submissions closed two days ago; judges score until tomorrow; results in a week, 公示 for five days."""
    now = timezone.now()
    return make_contest(
        submission_opens_at=now - datetime.timedelta(days=30),
        submission_closes_at=now - datetime.timedelta(days=2),
        voting_opens_at=now - datetime.timedelta(days=1),
        voting_closes_at=now + datetime.timedelta(days=3),
        judging_closes_at=now + datetime.timedelta(days=1),
        results_at=now + datetime.timedelta(days=7),
        notice_ends_at=now + datetime.timedelta(days=12),
    )


@pytest.fixture
def make_judge(db):
    from campaigns.models import ContestJudge

    counter = {"n": 0}

    def build(contest=None, work_unit="荆州市总工会", **fields):
        counter["n"] += 1
        user = make_user(f"judge{counter['n']}", roles.JUDGES, display_name=f"评委{counter['n']}", work_unit=work_unit)
        if contest is not None:
            ContestJudge.objects.create(contest=contest, user=user)
        return user

    return build


@pytest.fixture
def shortlisted(judging_contest, make_entry):
    return [
        make_entry(judging_contest, title=f"入围作品{i}", work_unit=unit, shortlisted=True)
        for i, unit in enumerate(["荆州电力公司", "沙市纺织厂", "荆江汽车零部件有限公司"])
    ]
