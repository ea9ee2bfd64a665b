"""The importer's inserts (articles/ingest/row_insert.py), handed to SQLite's driver with their SQL converted once.

Public pages no longer use it: it stays only while row_insert.py imports it, and goes when the
importer's rewrite lands. While Django is recording queries (DEBUG, tests counting them) or a wrapper
watches them (connection.execute_wrapper), and on other databases, a Statement goes through Django's
cursor as any query does.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX


class Statement:
    """SQL in Django's "%s" style, with its SQLite form."""

    __slots__ = ("sql", "sqlite_sql")

    def __init__(self, sql, sqlite_sql=None):
        """`sqlite_sql`, if given, is `sql` as SQLite takes it, written by the caller."""
        self.sql = sql
        # As SQLiteCursorWrapper.convert_query does it.
        self.sqlite_sql = sqlite_sql or FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")

    def fetchall(self, params):
        connection = connections[DEFAULT_DB_ALIAS]
        if not _direct(connection):
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                return cursor.fetchall()
        with connection.wrap_database_errors:
            return connection.connection.execute(self.sqlite_sql, params).fetchall()

    def executemany(self, param_list):
        connection = connections[DEFAULT_DB_ALIAS]
        if not _direct(connection):
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, param_list)
            return
        with connection.wrap_database_errors:
            connection.connection.executemany(self.sqlite_sql, param_list)


def _direct(connection):
    """Whether to hand the statement to the driver; if so, after the checks connection.cursor() and
    cursor.execute() make, without their wrapping."""
    if connection.vendor != "sqlite" or connection.queries_logged or connection.execute_wrappers:
        return False
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    return True
