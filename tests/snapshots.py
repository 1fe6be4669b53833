"""Copies of the test database, for tests that need a large starting state many times (the browser journeys need
the demo content): build it once, take a snapshot, and restore the snapshot for each later test instead of building
it again.

PostgreSQL copies a database with ``CREATE DATABASE … TEMPLATE`` (a file-level copy, no SQL replayed); SQLite with
its online backup API. Either way the copy replaces the whole database (tables, sequences), so a restored test sees
exactly what the first one saw after its build. Every connection of this process is closed first; a server that
used the database must be stopped before a restore.
"""

import sqlite3
from pathlib import Path

from django.db import connection, connections


def _is_postgres():
    return connection.vendor == "postgresql"


def _quote(name):
    return connection.ops.quote_name(name)


def _postgres(*statements, database):
    """Run statements outside any transaction, on the server's maintenance database, after ending every other
    session on ``database`` (a template must have none, and neither may a database that is dropped)."""
    import psycopg

    connections.close_all()
    db = connection.settings_dict
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as maintenance:
        maintenance.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        for statement in statements:
            maintenance.execute(statement)


def snapshot_name(suffix):
    """The name of a snapshot of the current test database: a database name, or a file beside it."""
    name = connection.settings_dict["NAME"]
    return f"{name}_{suffix}" if _is_postgres() else str(Path(name).with_name(f"{Path(name).name}-{suffix}"))


def _sqlite_copy(source, target):
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def take(snapshot):
    """Copy the test database as it is now to ``snapshot`` (replacing an older one)."""
    test_db = connection.settings_dict["NAME"]
    if _is_postgres():
        _postgres(
            f"DROP DATABASE IF EXISTS {_quote(snapshot)} WITH (FORCE)",
            f"CREATE DATABASE {_quote(snapshot)} TEMPLATE {_quote(test_db)}",
            database=test_db,
        )
    else:
        connections.close_all()
        _sqlite_copy(test_db, snapshot)


def restore(snapshot):
    """Replace the test database's whole content with the snapshot's."""
    test_db = connection.settings_dict["NAME"]
    if _is_postgres():
        _postgres(
            f"DROP DATABASE {_quote(test_db)} WITH (FORCE)",
            f"CREATE DATABASE {_quote(test_db)} TEMPLATE {_quote(snapshot)}",
            database=test_db,
        )
    else:
        connections.close_all()
        _sqlite_copy(snapshot, test_db)


def drop(snapshot):
    if _is_postgres():
        _postgres(f"DROP DATABASE IF EXISTS {_quote(snapshot)} WITH (FORCE)", database=snapshot)
    else:
        Path(snapshot).unlink(missing_ok=True)
