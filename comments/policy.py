"""What may be written, by whom, and what happens to it: posting, editing, reports, moderation and blocks.

Every rule that refuses something raises ``CommentRefused`` with a message for the worker, so views only turn
results into responses. Moderators' decisions are the action classes of ``comments/moderation.py`` (the queue's
bulk buttons and the comment's edit view run them directly; ``moderate`` runs them for code), which record who
did what and why in Wagtail's audit log, notify the author and forget the cached pages that show the comment.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Site

from core import pagecache, throttle
from core.inputs import plain_text
from screening.matcher import screen
from screening.models import Action

from .models import Comment, CommentBlock, CommentReport, CommentSettings, CommentsMode, HeldBecause, Status

APPROVE = "publiccomments.approve"
REJECT = "publiccomments.reject"
DELETE = "publiccomments.delete"
HIDE = "publiccomments.hide"
BLOCK = "publiccomments.block"  # written by comments.moderation.CreateBlock
MIN_LENGTH = 2
FLOOD_ACCOUNTS = 3  # the same text from this many accounts within FLOOD_WINDOW is held
FLOOD_WINDOW = 600


class CommentRefused(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def comment_settings():
    """The default site's comment settings, read from the shared cache until they (or a site) change
    (``core.pagecache.cached_until_changed``; saving them forgets every cached page: ``comments.apps``), not two
    queries on every page that shows comments."""

    def load():
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return CommentSettings()
        # Read again on its own, so the cached copy does not carry the site along (as core.models.SiteSettings).
        return CommentSettings.objects.get(pk=CommentSettings.for_site(site).pk)

    return pagecache.cached_until_changed("commentsettings", [], load)


def target_mode(target):
    mode = getattr(target, "comments_mode", None)
    return mode or CommentsMode.HIDDEN


def active_block(user):
    if not user.is_authenticated:
        return None
    return CommentBlock.objects.active().filter(user=user).order_by("-created_at").first()


def target_url(target):
    url = target.get_url() if hasattr(target, "get_url") else getattr(target, "url", "")
    return url or ""


def check_limits(user, ip):
    over = throttle.hit(
        [
            ("comment-user-min", user.pk, settings.COMMENT_RATE_PER_USER),
            ("comment-user-hour", user.pk, settings.COMMENT_RATE_PER_USER_HOUR),
            ("comment-ip", ip or "-", settings.COMMENT_RATE_PER_IP),
        ]
    )
    if over:
        raise CommentRefused("rate_limited", _("You are commenting too fast. Please wait a minute."), 429)


def text_fingerprint(body):
    from screening.normalize import normalize

    return hashlib.sha256(normalize(body)[0].encode()).hexdigest()[:32]


def is_flood(body, user):
    """The same (folded) text from several accounts in a few minutes: a coordinated flood, held for review."""
    key = f"comments:flood:{text_fingerprint(body)}"
    authors = cache.get(key) or []
    if user.pk not in authors:
        authors = [*authors, user.pk][-20:]
        cache.set(key, authors, FLOOD_WINDOW)
    return len(authors) >= FLOOD_ACCOUNTS


def clean_body(body, limits):
    """Normalised line ends, no control characters (PostgreSQL refuses NUL; none has a use in a comment)."""
    body = plain_text(body).strip()
    if len(body) < MIN_LENGTH:
        raise CommentRefused("too_short", _("Please write at least %(n)d characters.") % {"n": MIN_LENGTH})
    if len(body) > limits.max_length:
        raise CommentRefused(
            "too_long", _("A comment may be at most %(n)d characters long.") % {"n": limits.max_length}
        )
    return body


def initial_status(user, screening, limits, flooded):
    """(status, held_because) for a new or edited comment."""
    if screening.action == Action.HOLD:
        return Status.PENDING, HeldBecause.SCREENING
    if flooded:
        return Status.PENDING, HeldBecause.DUPLICATE
    if limits.moderation_mode == "post_verified" and getattr(user, "is_verified", False):
        return Status.APPROVED, ""
    return Status.PENDING, HeldBecause.PRE_MODERATION


def refuse_rejected_words(screening):
    if screening.action == Action.REJECT:
        from screening.validators import category_labels

        labels = category_labels(screening)
        raise CommentRefused(
            "rejected_words",
            _("Your comment contains words that are not allowed here (%(categories)s). Please rewrite it.")
            % {"categories": labels},
        )


def post_comment(user, target, body, parent=None, ip=None):
    if not user.is_authenticated:
        raise CommentRefused("not_signed_in", _("Please sign in to comment."), 401)
    block = active_block(user)
    if block is not None:
        until = timezone.localtime(block.ends_at).strftime("%Y-%m-%d %H:%M") if block.ends_at else _("further notice")
        raise CommentRefused(
            "blocked",
            _("You may not comment until %(until)s. Reason: %(reason)s") % {"until": until, "reason": block.reason},
            403,
        )
    if target_mode(target) != CommentsMode.OPEN:
        raise CommentRefused("closed", _("Comments are closed here."), 403)
    limits = comment_settings()
    body = clean_body(body, limits)
    if parent is not None:
        same_target = parent.content_type_id == ContentType.objects.get_for_model(target).pk and (
            parent.target_id == target.pk
        )
        if not same_target or parent.status != Status.APPROVED:
            raise CommentRefused("bad_parent", _("That comment cannot be replied to."))
        parent = parent.parent or parent  # one level: a reply to a reply joins the thread
    since = timezone.now() - timedelta(hours=24)
    if Comment.objects.filter(author=user, body=body, created_at__gte=since).exclude(status=Status.DELETED).exists():
        raise CommentRefused("duplicate", _("You have already posted this comment."), 409)
    screening = screen(body)
    refuse_rejected_words(screening)
    check_limits(user, ip)
    status, held = initial_status(user, screening, limits, is_flood(body, user))
    comment = Comment.objects.create(
        target=target,
        target_title=str(getattr(target, "title", target))[:255],
        target_url=target_url(target),
        parent=parent,
        author=user,
        body=body,
        status=status,
        held_because=held,
        matches=[match.as_dict() for match in screening.matches],
        match_categories=",".join(screening.categories),
        ip_address=ip,
    )
    if status == Status.APPROVED:
        forget_pages(comment)
    return comment


def edit_comment(user, comment, body):
    if not comment.can_be_changed_by(user):
        raise CommentRefused("not_editable", _("This comment can no longer be edited."), 403)
    limits = comment_settings()
    body = clean_body(body, limits)
    screening = screen(body)
    refuse_rejected_words(screening)
    was_public = comment.status == Status.APPROVED
    status, held = initial_status(user, screening, limits, flooded=False)
    if status == Status.PENDING and was_public and held == HeldBecause.PRE_MODERATION:
        held = HeldBecause.EDITED
    comment.body, comment.edited_at = body, timezone.now()
    comment.status, comment.held_because = status, held
    comment.matches = [match.as_dict() for match in screening.matches]
    comment.match_categories = ",".join(screening.categories)
    comment.save()
    if was_public or status == Status.APPROVED:
        forget_pages(comment)
    return comment


def delete_comment(user, comment):
    if not comment.can_be_changed_by(user):
        raise CommentRefused("not_deletable", _("This comment can no longer be deleted."), 403)
    was_public = comment.status == Status.APPROVED
    comment.status = Status.DELETED
    comment.save(update_fields=["status"])
    if was_public:
        forget_pages(comment)


def report_comment(user, comment, reason, detail=""):
    if not user.is_authenticated:
        raise CommentRefused("not_signed_in", _("Please sign in to report a comment."), 401)
    if comment.status != Status.APPROVED or comment.author_id == user.pk:
        raise CommentRefused("not_reportable", _("This comment cannot be reported."), 400)
    with transaction.atomic():
        _report, created = CommentReport.objects.get_or_create(
            comment=comment, reporter=user, defaults={"reason": reason, "detail": plain_text(detail).strip()[:200]}
        )
        if not created:
            raise CommentRefused("already_reported", _("You have already reported this comment."), 409)
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        comment.refresh_from_db()
        if comment.report_count >= comment_settings().report_threshold and comment.status == Status.APPROVED:
            comment.status, comment.held_because = Status.PENDING, HeldBecause.REPORTS
            comment.save(update_fields=["status", "held_because"])
            log(comment, HIDE, data={"reports": comment.report_count})
            transaction.on_commit(lambda: forget_pages(comment))
    return comment


def forget_pages(comment):
    """The cached pages that show this comment: its target's page (and, for an entry, the contest page)."""
    urls = [comment.target_url]
    target = comment.target
    contest = getattr(target, "contest", None)
    if contest is not None:
        urls.append(contest.url)
    pagecache.invalidate_urls(urls)


def moderate(comments, action, moderator, reason=""):
    """Approve, reject or remove comments: the moderation action for ``action`` (comments/moderation.py) on each,
    all or nothing. Rejecting and removing need a reason."""
    from .moderation import DECISIONS

    action_class = next(a for a in DECISIONS if a.log_action == action)
    return action_class.execute_many(list(comments), moderator, reason)


def notify_authors(comments):
    if not comments or not comment_settings().notify_by_email:
        return
    for comment in comments:
        if comment.author.email:
            send_mail(
                _("Your comment on %(title)s") % {"title": comment.target_title},
                _("Outcome: %(status)s. %(reason)s")
                % {"status": comment.get_status_display(), "reason": comment.moderation_reason},
                None,
                [comment.author.email],
                fail_silently=True,
            )


def block_user(user, reason, moderator, ends_at=None):
    """Block ``user`` from commenting (the admin's block form runs the same action)."""
    from .moderation import CreateBlock

    block = CommentBlock(user=user, reason=(reason or "").strip(), ends_at=ends_at)
    if not block.reason:
        raise ValueError("a reason is required to block a worker")
    return CreateBlock(block, user=moderator).execute()
