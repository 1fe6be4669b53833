"""Screening editors' content: pages in the publishing workflow, and snippets.

``findings(obj)`` screens every text of a page revision or a snippet (``screening.content.texts``) with the same
matcher as comments (``screening.matcher``: the same list and the same folding against evasions) and returns what
it found, each with where it is and its context: ``html`` with the words in ``<mark>`` for the admin, ``text`` with
the words in 【】 for workflow comments and form errors (which are plain text).
"""

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .content import texts
from .matcher import STRICTNESS, screen
from .models import Action, Category, ScreeningReport

CONTEXT = 20  # characters shown each side of a match


def _window(text, start, end):
    return max(0, start - CONTEXT), min(len(text), end + CONTEXT)


def _marked(text, spans, mark_open, mark_close, escape_text):
    out, cursor = [], 0
    for start, end in spans:
        out.append(escape_text(text[cursor:start]))
        out.append(mark_open + escape_text(text[start:end]) + mark_close)
        cursor = end
    out.append(escape_text(text[cursor:]))
    return "".join(out)


def findings_in_text(where, text):
    result = screen(text)
    matches = sorted((m for m in result.matches if m.action != Action.ALLOW), key=lambda m: m.start)
    found, cluster = [], []
    for match in matches:
        if cluster and match.start > _window(text, cluster[-1].start, cluster[-1].end)[1]:
            found.append(_finding(where, text, cluster))
            cluster = []
        cluster.append(match)
    if cluster:
        found.append(_finding(where, text, cluster))
    return found


def _finding(where, text, matches):
    low = _window(text, matches[0].start, matches[0].end)[0]
    high = max(_window(text, m.start, m.end)[1] for m in matches)
    spans = []
    for m in matches:
        start, end = m.start - low, m.end - low
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    snippet = text[low:high].replace("\n", " ")
    prefix, suffix = ("…" if low > 0 else ""), ("…" if high < len(text) else "")
    action = max((m.action for m in matches), key=lambda a: STRICTNESS[a])
    return {
        "where": where,
        "action": action,
        "terms": sorted({m.term for m in matches}),
        "categories": sorted({m.category for m in matches}),
        "text": prefix + _marked(snippet, spans, "【", "】", str) + suffix,
        "html": escape(prefix) + _marked(snippet, spans, "<mark>", "</mark>", escape) + escape(suffix),
    }


def findings(obj):
    found = []
    for where, text in texts(obj):
        found.extend(findings_in_text(where, text))
    return found


def overall(found):
    actions = {f["action"] for f in found}
    if Action.REJECT in actions:
        return Action.REJECT
    if Action.HOLD in actions:
        return Action.HOLD
    return Action.ALLOW


def screen_revision(revision):
    """Screen a revision's content and keep the report (one per revision and word-list state)."""
    obj = revision.as_object()
    found = findings(obj)
    return ScreeningReport.objects.create(revision=revision, action=overall(found), findings=found)


def latest_report(obj):
    """The report of the object's latest revision, or None if that revision was never screened."""
    revision = obj.get_latest_revision() if hasattr(obj, "get_latest_revision") else None
    if revision is None:
        return None
    return ScreeningReport.objects.filter(revision=revision).first()


def summary(report):
    """Plain text for a workflow comment: the verdict, then each finding with its place and context."""
    if report.action == Action.ALLOW:
        return _("Screening found no sensitive words.")
    if report.action == Action.REJECT:
        head = _("Screening blocked this page: remove or rewrite the marked words, then submit it again.")
    else:
        head = _("Screening flagged words for the reviewers to check (the page goes on to human review).")
    lines = [head]
    for finding in report.findings:
        label = _("blocked") if finding["action"] == Action.REJECT else _("flagged")
        lines.append(f"· [{label}] {finding['where']}：{finding['text']}")
    return "\n".join(lines)


def summary_html(report):
    """The same as ``summary``, as HTML with the words in <mark> (every piece escaped)."""
    if report.action == Action.REJECT:
        head = _("Screening blocked this page: remove or rewrite the marked words, then submit it again.")
    else:
        head = _("Screening flagged words for the reviewers to check (the page goes on to human review).")
    items = []
    for finding in report.findings:
        label = _("blocked") if finding["action"] == Action.REJECT else _("flagged")
        items.append(
            f'<li data-screening="{escape(finding["action"])}">[{escape(label)}] {escape(finding["where"])}：'
            f"{finding['html']}</li>"
        )
    return mark_safe(f'{escape(head)}<ul class="screening-findings">{"".join(items)}</ul>')  # noqa: S308 - escaped


def screen_task_state(task_state, human):
    """Screen the revision a workflow step starts on. A reject word rejects the step (back to the editor with the
    words in context). The screening step itself passes otherwise (with the flags in its comment); a human step
    (``human=True``, a resubmission that went straight back to a reviewer) is left to its reviewers."""
    report = screen_revision(task_state.revision)
    if report.action == Action.REJECT:
        task_state.reject(user=None, update=False, comment=summary(report))
    elif not human:
        task_state.approve(user=None, update=False, comment=summary(report))
    return report


def on_task_submitted(sender, instance, user=None, **kwargs):
    """A resubmitted page goes back to the level that asked for changes, not to the screening step: screen what
    the editor changed before that level sees it (its own revision not screened yet)."""
    from .models import ScreeningTask

    task_state = instance
    if isinstance(task_state.task.specific, ScreeningTask):
        return
    workflow = task_state.workflow_state.workflow
    if not workflow.workflow_tasks.filter(task__in=ScreeningTask.objects.all()).exists():
        return
    if ScreeningReport.objects.filter(revision=task_state.revision).exists():
        return
    screen_task_state(task_state, human=True)


# ---- snippets editors publish --------------------------------------------------------------------------------


def validate_snippet(obj):
    """For a snippet's ``clean()``: reject words refuse the save, naming each word in its context."""
    found = [f for f in findings(obj) if f["action"] == Action.REJECT]
    if found:
        categories = "、".join(sorted({str(Category(c).label) for f in found for c in f["categories"]}))
        details = "；".join(f"{f['where']}：{f['text']}" for f in found)
        raise ValidationError(
            _("This contains words that are not allowed here (%(categories)s): %(details)s")
            % {"categories": categories, "details": details},
            code="rejected_words",
        )
