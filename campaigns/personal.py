"""A worker's own entries in a contest, for ``/accounts/me/``: the contest page is one cached copy for everyone, so
what the worker submitted there (and each entry's state: awaiting review, approved, not approved with the reason)
comes apart, rendered as the account page lists them (``campaigns/includes/my_entries_list.html``).

The contest page asks with ``?submissions=<contest id>``; one query (the worker's entries in that contest with their
contest), none when the parameter is missing. Without JavaScript the account page lists the same entries.
"""

from django.template.loader import render_to_string

from core.inputs import parse_int

from .models import VideoEntry

MAX_SHOWN = 20  # a worker submits a handful per contest; the account page lists them all


def part(request):
    """The ``submissions`` part: ``{"count": n, "html": the list}`` of the worker's entries in the contest."""
    contest_id = parse_int(request.GET.get("submissions"), minimum=1)
    if contest_id is None:
        return None
    entries = list(
        VideoEntry.objects.filter(author=request.user, contest_id=contest_id)
        .select_related("contest")
        .order_by("-submitted_at")[:MAX_SHOWN]
    )
    if not entries:
        return {"count": 0, "html": ""}
    html = render_to_string("campaigns/includes/my_entries_list.html", {"my_entries": entries}, request=request)
    return {"count": len(entries), "html": html}
