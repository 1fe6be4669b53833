"""Django's model backend, with a cheaper way to load the signed-in user on every request.

Each request by a signed-in worker loads their row (``ModelBackend.get_user``); votes are the busiest signed-in
requests. Through the queryset API most of that time is building the same SQL again. This backend builds the
SELECT once (from the model's metadata: ``_meta.db_table``, each field's ``column``) and runs it with the public
``Manager.raw``, which turns the row into a user as the ORM does, converters included, on PostgreSQL and SQLite
alike. CPU µs per call, one process, alternating: the queryset API 600, ``raw`` 349, and the PostgreSQL-only
fast path this replaced (a cursor, ORM internals and ``Model.from_db``) 182. ``bench/votes.py`` back to back,
before / after (with the new ``cast_vote``), spread scenario, three pairs: 75, 66, 140 / 95, 113, 223 accepted
votes/s on a host whose speed check read 1.8-7.3 s: no loss beyond the host's noise. Sign-in and permissions are
Django's, unchanged.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router


@functools.cache
def user_by_pk_sql(vendor):
    """The SELECT of a user by primary key, every concrete column (names quoted by the database's rules)."""
    User = get_user_model()
    quote = connections[router.db_for_read(User)].ops.quote_name
    columns = ", ".join(quote(field.column) for field in User._meta.concrete_fields)
    return f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s"  # noqa: S608


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user_id = User._meta.pk.to_python(user_id)
        except ValidationError:  # a malformed id in a session is no user
            return None
        alias = router.db_for_read(User)
        sql = user_by_pk_sql(connections[alias].vendor)
        user = next(iter(User._default_manager.db_manager(alias).raw(sql, [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class SignInLimitBackend:
    """Rate limits on every sign-in, whichever form it comes from (the public one, the Wagtail admin's, any other
    that calls ``authenticate`` with the request): attempts per address (``LOGIN_RATE_PER_IP``, many usernames
    from one address) and per username (``LOGIN_RATE_PER_USERNAME``, one account from many addresses).

    It comes first in ``AUTHENTICATION_BACKENDS`` and authenticates nobody itself. Over a limit it marks the
    request and stops authentication (``PermissionDenied``), so the password is not even checked; the forms then
    say why (``accounts.forms.SignInLimitMixin``) and ``SignInLimitMiddleware`` answers 429. django-axes, next in
    line, still locks a username and address pair after repeated wrong passwords. Counting needs Redis: when it
    cannot be reached the attempt is refused with a 503 (``core.unavailable``), never let through uncounted.
    """

    def authenticate(self, request, username=None, **credentials):
        if request is None:
            return None
        from django.conf import settings
        from django.core.exceptions import PermissionDenied

        from core.net import client_ip
        from core.throttle import hit

        limits = [("login-ip", client_ip(request), settings.LOGIN_RATE_PER_IP)]
        if username:
            limits.append(("login-user", str(username)[:150].lower(), settings.LOGIN_RATE_PER_USERNAME))
        if hit(limits):
            request.sign_in_limited = True
            raise PermissionDenied("too many sign-in attempts")
        return None

    # No ``get_user``: this backend never signs anyone in, and Django picks the first backend that has one for
    # ``login()`` / ``force_login()`` without an explicit backend.


class SignInLimitMiddleware:
    """A sign-in refused by ``SignInLimitBackend`` answers 429 Too Many Requests (the form says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "sign_in_limited", False) and response.status_code == 200:
            response.status_code = 429
        return response
