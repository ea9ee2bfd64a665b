"""The busiest public reads, handed to SQLite's driver with their SQL converted once.

Django's cursor rewrites each "%s" of a statement to SQLite's "?" with a regular expression on every
call, and wraps the driver's cursor in two layers: about 30 us of a 60 us read (a tag page makes three).
A Statement converts its SQL once, exactly as Django does, and runs it on the driver's connection,
keeping Django's translation of the driver's errors. While Django is recording queries (DEBUG, tests
counting them) or a wrapper watches them (connection.execute_wrapper), and on other databases, it goes
through Django's cursor as any query does, so every query stays visible to those who count them.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX


class Statement:
    """SQL in Django's "%s" style, with its SQLite form."""

    __slots__ = ("sql", "sqlite_sql")

    def __init__(self, sql):
        self.sql = sql
        self.sqlite_sql = FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")  # SQLiteCursorWrapper.convert_query

    def fetchall(self, params):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite" or connection.queries_logged or connection.execute_wrappers:
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                return cursor.fetchall()
        # The checks connection.cursor() and cursor.execute() make, without their wrapping.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        connection.validate_thread_sharing()
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            return connection.connection.execute(self.sqlite_sql, params).fetchall()
