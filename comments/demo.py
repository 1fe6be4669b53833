"""Demo comments: approved ones with a reply on the first feature article and on an entry, and a queue for the
moderator (one held by a sensitive word, one reported, plain pre-moderation)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import EntryStatus, VideoEntry
from home.models import FeaturePage

from .models import Comment, HeldBecause, Status

APPROVED = [
    "宣讲员讲得很实在，我们班组下次还想听。",
    "车间里听宣讲比在会议室听更有感觉，点赞。",
    "希望大讲堂也能到我们物流园来。",
]
REPLY = "物流园的同事可以找工会报名，下一站就排上了。"
PENDING = [
    ("我们厂的书屋晚上几点关门？想下班后去看看。", HeldBecause.PRE_MODERATION, []),
    ("这种活动纯属浪费时间，组织的人都是废物。", HeldBecause.SCREENING, [("废物", "abuse", "hold")]),
]
ENTRY_COMMENT = "焊花这一段拍得真好看，给师傅点赞！"


def load(log):
    users = get_user_model().objects
    worker = users.filter(username="worker").first()
    moderator = users.filter(username="moderator").first()
    feature = FeaturePage.objects.live().order_by("pk").first()
    entry = VideoEntry.objects.filter(status=EntryStatus.APPROVED).order_by("pk").first()
    if worker is None or feature is None or Comment.objects.exists():
        return 0
    now = timezone.now()
    created = []

    def add(target, body, minutes_ago, **fields):
        comment = Comment.objects.create(
            target=target,
            target_title=target.title,
            target_url=target.get_url() if hasattr(target, "get_url") else target.url,
            author=fields.pop("author", worker),
            body=body,
            created_at=now - timezone.timedelta(minutes=minutes_ago),
            **fields,
        )
        created.append(comment)
        return comment

    approved = {"status": Status.APPROVED, "moderated_by": moderator, "moderated_at": now}
    first = None
    for i, body in enumerate(APPROVED):
        comment = add(feature, body, 600 - i * 60, **approved)
        first = first or comment
    add(feature, REPLY, 200, parent=first, author=moderator or worker, **approved)
    for i, (body, held, matches) in enumerate(PENDING):
        start = body.find(matches[0][0]) if matches else 0
        add(
            feature,
            body,
            30 - i * 10,
            status=Status.PENDING,
            held_because=held,
            matches=[
                {"term": t, "category": c, "action": a, "start": start, "end": start + len(t)} for t, c, a in matches
            ],
            match_categories=",".join(c for _t, c, _a in matches),
        )
    if entry is not None:
        add(entry, ENTRY_COMMENT, 120, **approved)
    return len(created)
