"""Demo accounts, one per role. The password is printed by the run command; never use these in production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles

DEMO_PASSWORD = "workers-home-demo"  # noqa: S105 - demo only, printed on purpose

DEMO_USERS = [
    {
        "username": "admin",
        "role": "admin",
        "fields": {"first_name": "管理员", "display_name": "网站管理员", "is_staff": True, "is_superuser": True},
    },
    {
        "username": "editor",
        "role": roles.EDITORS,
        "fields": {"first_name": "编辑", "last_name": "王", "display_name": "王编辑", "email": "editor@example.com"},
    },
    {
        "username": "moderator",
        "role": roles.MODERATORS,
        "fields": {"first_name": "审核", "last_name": "刘", "display_name": "刘审核", "email": "moderator@example.com"},
    },
    {
        "username": "judge",
        "role": roles.JUDGES,
        "fields": {"display_name": "周评委", "work_unit": "市文联", "email": "judge@example.com"},
    },
    {
        "username": "worker",
        "role": roles.WORKERS,
        "fields": {
            "display_name": "李师傅",
            "work_unit": "荆江汽车零部件有限公司 总装车间",
            "membership_number": "GH2022000001",
            "phone": "13800000001",
        },
    },
    {
        "username": "organiser",
        "role": "活动管理员",  # signups.roles.ORGANISERS: checks workers in at events (signups/)
        "fields": {"display_name": "赵干事", "work_unit": "市总工会宣教部"},
    },
]


def load(log):
    User = get_user_model()
    created = 0
    for spec in DEMO_USERS:
        if User.objects.filter(username=spec["username"]).exists():
            continue
        user = User(username=spec["username"], **spec["fields"])
        user.set_password(DEMO_PASSWORD)
        user.save()
        if spec["role"] != "admin":
            user.groups.add(Group.objects.get(name=spec["role"]))
        created += 1
    return created


ROLE_LABELS = {
    "admin": "superuser",
    roles.EDITORS: "editor 编辑",
    roles.MODERATORS: "moderator 审核员",
    roles.WORKERS: "worker 职工",
    "活动管理员": "event organiser 活动管理员",
    roles.JUDGES: "judge 评委 (/judging/)",
}


def describe():
    """Lines for the run command's banner (the reviewers and district editors of ``demo_sections`` too)."""
    from .demo_sections import describe as describe_sections

    lines = [f"{spec['username']:<10} / {DEMO_PASSWORD}   ({ROLE_LABELS[spec['role']]})" for spec in DEMO_USERS]
    return lines + describe_sections()
