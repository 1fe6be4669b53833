"""Demo sensitive words: a small list in every category and action, so the demo's review queue has something
to show. (The union's real list is maintained by its moderators in the admin.)"""

from .models import Action, Category, SensitiveWord

WORDS = [
    ("加微信领红包", Category.SPAM, Action.REJECT),
    ("代开发票", Category.SPAM, Action.REJECT),
    ("刷单返利", Category.SPAM, Action.REJECT),
    ("网络赌场", Category.ILLEGAL, Action.REJECT),
    ("赌博", Category.ILLEGAL, Action.HOLD),
    ("色情", Category.VULGAR, Action.HOLD),
    ("特色情景", Category.OTHER, Action.ALLOW),
    ("废物", Category.ABUSE, Action.HOLD),
    ("滚出去", Category.ABUSE, Action.HOLD),
    ("砍死", Category.VIOLENCE, Action.HOLD),
]


def load(log):
    created = 0
    for term, category, action in WORDS:
        _word, was_created = SensitiveWord.objects.get_or_create(
            term=term, defaults={"category": category, "action": action, "note": "示例词条"}
        )
        created += was_created
    return created
