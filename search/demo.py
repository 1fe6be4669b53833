"""Demo synonym groups: words workers use for the same thing (editors keep the real list under Snippets)."""

from .models import SynonymGroup

GROUPS = [
    "书屋 = 读书室 = 图书室 = 阅览室",
    "劳模 = 劳动模范",
    "工会 = 总工会",
    "送清凉 = 防暑降温",
]


def load(log):
    created = 0
    for terms in GROUPS:
        _group, was_created = SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": "示例"})
        created += was_created
    return created
