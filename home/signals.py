"""Cached pages that show categories forget themselves when a category changes (see core.cache_invalidation)."""

from core.cache_invalidation import forget_everything_on_change


def connect():
    from .models import Category

    forget_everything_on_change(Category)
