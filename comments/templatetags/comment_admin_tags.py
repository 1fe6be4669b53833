from django import template

from screening.matcher import highlight

register = template.Library()


@register.simple_tag
def highlighted_body(comment):
    """The comment as the moderator sees it: escaped, with the matched words in <mark>."""
    return highlight(comment.body, comment.matches)
