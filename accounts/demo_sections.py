"""Demo district sections and reviewers: two 县市区总工会 with an editor each, the 编辑部 and the 分管领导, and the
campaign pages' one-step workflow. Runs after the pages exist (see DEMO_LOADERS)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .demo import DEMO_PASSWORD
from .districts import create_district_section
from .workflows import assign_campaign_workflow

DISTRICTS = [
    ("沙市区总工会", "shashi", {"display_name": "沙市区张编辑", "first_name": "编辑", "last_name": "张"}),
    ("荆州区总工会", "jingzhou", {"display_name": "荆州区陈编辑", "first_name": "编辑", "last_name": "陈"}),
]
REVIEWERS = [
    ("chief", roles.FIRST_REVIEWERS, {"display_name": "编辑部赵主任", "first_name": "主任", "last_name": "赵"}),
    ("leader", roles.LEADERS, {"display_name": "孙副主席", "first_name": "副主席", "last_name": "孙"}),
]
INTRO = "<p>{district}的工会工作动态，由{district}编辑撰写，经市总工会三审后发布。</p>"


def ensure_user(username, group_name, fields):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return 0
    user = User(username=username, **fields)
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return 1


def load(log):
    from home.models import NewsIndexPage

    created = assign_campaign_workflow()
    for username, group, fields in REVIEWERS:
        created += ensure_user(username, group, fields)
    news = NewsIndexPage.objects.filter(depth=3).order_by("path").first()
    if news is None:
        return created
    for district, username, fields in DISTRICTS:
        _section, group, made = create_district_section(district, news, intro=INTRO.format(district=district))
        created += made + ensure_user(username, group.name, fields)
    return created


def describe():
    """Lines for the run command's banner."""
    lines = [f"{u:<10} / {DEMO_PASSWORD}   ({g})" for u, g, _f in REVIEWERS]
    lines += [f"{u:<10} / {DEMO_PASSWORD}   ({roles.district_editors(d)})" for d, u, _f in DISTRICTS]
    return lines
