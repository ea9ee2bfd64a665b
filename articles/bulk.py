"""Many new rows of one model at once: COPY on PostgreSQL, bulk_create elsewhere.

For the import's largest tables: rows nothing needs the keys of (revisions' versions, workflow events) with
insert_rows, new stories with create_objects. bulk_create prepares every field of every object in Python, then
sends one INSERT for the lot (on PostgreSQL each column as an array, written out by psycopg value by value);
PostgreSQL's COPY takes the rows as they are, through psycopg's `Cursor.copy()`, which Django's cursor passes
through (and logs when queries are logged).
"""

import contextlib

from django.db import DatabaseError, IntegrityError, connection
from django.db.models import NOT_PROVIDED


def insert_rows(model, fields, rows):
    """Insert `rows`, each a tuple of values for `fields` (the model's attribute names: `revision_id`, not
    `revision`). Fields left out get NULL on PostgreSQL, so name every one that has a value.

    The values go in unconverted: they must be what the fields would store (text, numbers, aware datetimes).
    `rows` may be a generator, as long as making them queries nothing: PostgreSQL stores the rows already
    sent while the next ones are made.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(list(_instances(model, fields, rows)))
        return
    quote, meta = connection.ops.quote_name, model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, _as_django_errors(), cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def create_objects(model, objs, *, key):
    """Save new `objs` of `model` and give each its primary key, as bulk_create does.

    On PostgreSQL, with COPY: bulk_create sends each column as an array, which psycopg writes out value by
    value in Python; COPY's rows are written in C. Each field's value is the one bulk_create would send
    (Field.pre_save, then get_db_prep_save), and the keys are read back by `key`, the names of fields whose
    values together tell one row (("slug",)). Elsewhere, bulk_create. Unlike bulk_create's, the objects saved
    by COPY are still taken for unsaved by model validation (validate_unique would find each one's own row):
    read them again before validating them.
    """
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    # A default the database computes is one bulk_create leaves to it: not written here.
    if connection.vendor != "postgresql" or not objs or any(field.db_default is not NOT_PROVIDED for field in fields):
        return model.objects.bulk_create(objs)
    insert_rows(
        model,
        [field.attname for field in fields],
        ([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objs),
    )
    found = model.objects.filter(**{f"{key[0]}__in": {getattr(obj, key[0]) for obj in objs}}).values_list(*key, "pk")
    pks = {tuple(values): pk for *values, pk in found}
    for obj in objs:
        obj.pk = pks[tuple(getattr(obj, name) for name in key)]
    return objs


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


def _instances(model, fields, rows):
    """An instance of `model` for each row, made from the values in field order (Django makes a model from
    positional values faster than from keywords); the fields not named get their default, as
    from keywords."""
    concrete = model._meta.concrete_fields
    unknown = set(fields) - {field.attname for field in concrete}
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    where = {name: n for n, name in enumerate(fields)}
    slots = [(where.get(field.attname), field) for field in concrete]
    for row in rows:
        if len(row) != len(fields):
            raise ValueError(f"a row of {len(row)} values for {len(fields)} fields")
        yield model(*(field.get_default() if n is None else row[n] for n, field in slots))
