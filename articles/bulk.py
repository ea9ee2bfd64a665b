"""Many new rows of one model at once, when nothing needs their keys back: COPY on PostgreSQL, bulk_create elsewhere.

For the import's largest tables (revisions' versions, workflow events). bulk_create prepares every field of
every object in Python, then sends one INSERT for the lot; PostgreSQL's COPY takes the rows as they are,
through psycopg's `Cursor.copy()`, which Django's cursor passes through (and logs when queries are logged).
The values go in unconverted: they must be what the fields would store (text, numbers, aware datetimes).
"""

import contextlib

from django.db import DatabaseError, IntegrityError, connection


def insert_rows(model, fields, rows):
    """Insert `rows`, each a tuple of values for `fields` (the model's attribute names: `revision_id`, not
    `revision`). Fields left out get NULL on PostgreSQL, so name every one that has a value.

    `rows` may be a generator, as long as making them queries nothing: PostgreSQL stores the rows already
    sent while the next ones are made.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows])
        return
    quote, meta = connection.ops.quote_name, model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, _as_django_errors(), cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


@contextlib.contextmanager
def _as_django_errors():
    """psycopg's errors as Django's, as Django's cursor raises them for execute(): callers catch those."""
    import psycopg

    try:
        yield
    except psycopg.IntegrityError as error:
        raise IntegrityError(*error.args) from error
    except psycopg.Error as error:
        raise DatabaseError(*error.args) from error
