"""Plain multi-row INSERTs for the importer: tens of thousands of rows without a model instance each.

For a bulk import, the ORM's per-object work (building instances, preparing every field of every row)
costs more than the database does. RowInserter converts each model's defaults and the batch's constants
once, and per row only the values that vary -- through the fields' own conversions, so what lands in
the table is what Model.save() would have written.
"""

import functools
import sqlite3

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from ..site.driver import Statement

# Values of these field types reach the database as they are: no conversion needed per row.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


class RowInserter:
    """INSERTs of rows into one model's table: `varying` values given per row, the rest fixed per batch.

    Fields named in neither `varying` nor `fixed` get their model default.
    """

    def __init__(self, model, varying, fixed=None):
        fixed = fixed or {}
        fields = {field.attname: field for field in model._meta.concrete_fields if not field.primary_key}
        unknown = (set(varying) | set(fixed)) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column for {', '.join(sorted(unknown))}")
        self.model, self.pk = model, model._meta.pk.column
        self.columns = [fields[name].column for name in varying]
        # The connection itself, not django.db.connection's per-access lookup: converters run per row.
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.convert = [_converter(fields[name], self.connection) for name in varying]
        self.fixed_values = []
        for name, field in fields.items():
            if name in varying:
                continue
            value = fixed[name] if name in fixed else _default(field)
            self.columns.append(field.column)
            self.fixed_values.append(field.get_db_prep_save(value, connection))
        self.per_statement = max(1, _max_parameters() // len(self.columns))
        self.as_given = all(convert is _same for convert in self.convert) and not self.fixed_values

    def insert(self, rows):
        """Insert the rows (tuples in the order of `varying`); returns their new primary keys, in order."""
        rows = [self._values(row) for row in rows]
        ids = []
        for start in range(0, len(rows), self.per_statement):
            chunk = rows[start : start + self.per_statement]
            inserted = self._statement(len(chunk), returning=True).fetchall([value for row in chunk for value in row])
            # Keys are handed out in row order; RETURNING's own order is not promised, so sort.
            ids.extend(sorted(pk for (pk,) in inserted))
        return ids

    def insert_only(self, rows):
        """Insert the rows when nothing needs their keys: one prepared statement, many parameter sets."""
        rows = [self._values(row) for row in rows]
        if rows:
            self._statement(1, returning=False).executemany(rows)

    def _values(self, row):
        if self.as_given:
            return row
        return [convert(value) for convert, value in zip(self.convert, row, strict=True)] + self.fixed_values

    def _statement(self, count, *, returning):
        return _statement(self.model._meta.db_table, tuple(self.columns), self.pk, count, returning)


@functools.lru_cache(maxsize=64)
def _statement(table, columns, pk, count, returning):
    """The INSERT of `count` rows as a Statement (articles/driver.py): on SQLite it goes to the driver
    without Django converting its thousands of placeholders on every call."""
    quote = connection.ops.quote_name

    def written(placeholder):
        one = "({})".format(", ".join([placeholder] * len(columns)))
        sql = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES {', '.join([one] * count)}"
        return sql + f" RETURNING {quote(pk)}" if returning else sql

    # Written with SQLite's placeholders too: the number of links in a batch varies, and converting
    # thousands of "%s" with a regular expression was 4% of an import.
    return Statement(written("%s"), written("?"))


def _converter(field, connection):
    if field.get_internal_type() in PLAIN_TYPES:
        return _same
    return lambda value: field.get_db_prep_save(value, connection)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()  # what the field's pre_save would set
    return field.get_default()


def _same(value):
    return value


def _max_parameters():
    """How many parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65535  # PostgreSQL's protocol limit
