"""Django's model backend, with a cheaper way to load the signed-in user on every request.

Each request by a signed-in worker loads their row (``ModelBackend.get_user``). Through the ORM that costs
about 440 µs of CPU here, most of it building the same SQL again; votes are the busiest signed-in requests and
this was a quarter of their Python time. This backend builds the statement once per database and turns the row
into a user with ``Model.from_db``, as the ORM does (about 130 µs). It does so only where the database hands
back every column as the right Python type (PostgreSQL); where the ORM would convert values (SQLite returns
booleans as integers), it asks the ORM as before. Sign-in and permissions are Django's, unchanged.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router


class ModelBackend(DjangoModelBackend):
    _statements = {}  # database alias -> (SQL, field attnames), or None where the ORM must convert values

    def get_user(self, user_id):
        User = get_user_model()
        alias = router.db_for_read(User)
        statement = self._statements.get(alias, False)
        if statement is False:
            statement = self._statements[alias] = _user_statement(User, connections[alias])
        try:
            user_id = User._meta.pk.to_python(user_id)
        except ValidationError:  # a malformed id in a session is no user
            return None
        if statement is None:
            return super().get_user(user_id)
        sql, attnames = statement
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(alias, attnames, row)
        return user if self.user_can_authenticate(user) else None


def _user_statement(User, connection):
    """The SELECT of a user by primary key, or None if any of its columns needs converting after the fetch."""
    fields = User._meta.concrete_fields
    for field in fields:
        column = field.get_col(User._meta.db_table)
        if connection.ops.get_db_converters(column) or column.get_db_converters(connection):
            return None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s"  # noqa: S608
    return sql, [field.attname for field in fields]


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
