"""Who sees what of the statistics dashboard.

- ``stats.view_dashboard`` (编辑, 分管领导 and the read-only 统计查看 role): every figure group and the exports.
- ``stats.view_moderation_figures`` (审核员): the comments and moderation group only, and its exports.
- Anyone else who reaches the admin (a district editor, a judge): 403. Workers and anonymous visitors never reach
  it: Wagtail sends them to the admin's sign-in page, like every admin view.
"""

from . import figures

VIEW_DASHBOARD = "stats.view_dashboard"
VIEW_MODERATION = "stats.view_moderation_figures"
VIEWERS = "统计查看"  # the read-only role (data migration 0002)


def visible_groups(user):
    """The figure groups ``user`` may see, in the report's order ([] for no access)."""
    if user.has_perm(VIEW_DASHBOARD):
        return list(figures.GROUP_KEYS)
    if user.has_perm(VIEW_MODERATION):
        return ["comments"]
    return []


def may_see_dashboard(user):
    return bool(visible_groups(user))
