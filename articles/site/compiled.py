"""The busiest public reads, compiled to SQL once per process and run with each request's values.

Turning published()'s queryset into SQL costs about ten times what running it does (0.5 ms against
0.05 ms for a story by its slug). A CompiledRead builds its queryset once, from published() as every
public read does, with stand-in values; each request swaps in its own (the time, a slug, a tag) and
runs the SQL through the same compiler, so rows come back converted exactly as the ORM's would.
"""

import datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

from .driver import Statement

# Values no request can bring: wherever the compiled parameters hold one, the request's value goes.
STAND_IN_NOW = datetime.datetime(1111, 11, 11, 11, 11, 11, 111111, tzinfo=datetime.UTC)
STAND_INS = ("\x00stand-in-1\x00", "\x00stand-in-2\x00")
STAND_IN_ID = -987_654_321
# Compiled shapes kept per read, most of them the first pages of a list.
MAX_SHAPES = 50


class CompiledRead:
    """`build(now, *values)` -> a queryset; values are strings, or one id with `with_id`.

    A read that does not depend on the time (a tag by its slug) says `at_time=False` and is built and
    called without `now`. `rewrite(sql, vendor)`, if given, may change the compiled SQL (a planner hint)
    but not what it selects.
    """

    def __init__(self, build, *, values=0, with_id=False, at_time=True, rewrite=None):
        self.build, self.at_time, self.rewrite = build, at_time, rewrite
        self.stand_ins = [STAND_IN_NOW] if at_time else []
        self.stand_ins += [STAND_IN_ID] if with_id else list(STAND_INS[:values])
        self._shapes = {}

    def objects(self, *args, offset=0, limit=None):
        """Model instances, as iterating the queryset would give them (select_related ones included)."""
        shape, rows = self._run(args, offset, limit)
        compiler, init_list, (start, end) = shape["compiler"], shape["init_list"], shape["model_columns"]
        model, db = compiler.klass_info["model"], compiler.using
        found = []
        for row in _converted(shape, rows):
            instance = model.from_db(db, init_list, row[start:end])
            for populator in shape["related"]:
                populator.populate(row, instance)
            for name, column in shape["annotations"]:
                setattr(instance, name, row[column])
            found.append(instance)
        return found

    def rows(self, *args, offset=0, limit=None):
        """Tuples, as a values_list() queryset would give them."""
        shape, rows = self._run(args, offset, limit)
        return _converted(shape, rows)

    def _run(self, args, offset, limit):
        connection = connections[DEFAULT_DB_ALIAS]
        shape = self._shape(connection, offset, limit)
        if self.at_time:
            args = (connection.ops.adapt_datetimefield_value(args[0]), *args[1:])
        swap = dict(zip(shape["stand_ins"], args, strict=True))
        params = [swap.get(param, param) if _hashable(param) else param for param in shape["params"]]
        return shape, shape["statement"].fetchall(params)

    def _shape(self, connection, offset, limit):
        key = (connection.alias, connection.vendor, offset, limit)
        shape = self._shapes.get(key)
        if shape is None:
            if len(self._shapes) >= MAX_SHAPES:
                # Each page of a list is a shape: a crawler walking deep pages must not grow memory.
                self._shapes.clear()
            queryset = self.build(*self.stand_ins)
            queryset = queryset[offset : offset + limit] if limit is not None else queryset
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            if self.rewrite:
                sql = self.rewrite(sql, connection.vendor)
            # The stand-ins as the SQL's parameters hold them (a time as the database adapts it).
            stand_ins = list(self.stand_ins)
            if self.at_time:
                stand_ins[0] = connection.ops.adapt_datetimefield_value(STAND_IN_NOW)
            found = set(params)
            if not all(value in found for value in stand_ins):
                raise ValueError("a stand-in value did not reach the SQL's parameters; cannot swap it")
            shape = {"statement": Statement(sql), "params": list(params), "stand_ins": stand_ins, "compiler": compiler}
            shape["converters"] = _converters(compiler, connection)
            if compiler.klass_info:  # a queryset of model instances, not of values
                columns = compiler.klass_info["select_fields"]
                start, end = columns[0], columns[-1] + 1
                shape["init_list"] = [column[0].target.attname for column in compiler.select[start:end]]
                shape["model_columns"] = (start, end)
                shape["related"] = get_related_populators(compiler.klass_info, compiler.select, compiler.using)
                shape["annotations"] = list(compiler.annotation_col_map.items())
            self._shapes[key] = shape
        return shape  # not looked up again: another thread may have cleared the shapes meanwhile


def _converters(compiler, connection):
    """The compiler's converters of each column (what results_iter() would look up on every call), with
    SQLite's datetime one replaced by _aware_datetime."""
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    if connection.vendor == "sqlite":
        slow = connection.ops.convert_datetimefield_value
        for position, (functions, expression) in converters.items():
            converters[position] = ([_aware_datetime if f == slow else f for f in functions], expression)
    return converters


def _aware_datetime(value, expression, connection):
    """DatabaseOperations.convert_datetimefield_value for the datetimes SQLite's driver has already
    parsed (Django registers a parser for the column type), without reading the settings per value:
    twenty times on a list page, it was half the cost of reading the rows. The connection's time zone
    is None without USE_TZ (Django forgets it when a setting changes)."""
    zone = connection.timezone
    if type(value) is not datetime.datetime or value.tzinfo is not None or zone is None:
        return connection.ops.convert_datetimefield_value(value, expression, connection)
    return value.replace(tzinfo=zone)  # timezone.make_aware, for a naive value


def _converted(shape, rows):
    """The rows as values_list() would give them: tuples of values, each through its column's converters."""
    converters = shape["converters"]
    if not converters:
        return rows
    return list(map(tuple, shape["compiler"].apply_converters(rows, converters)))


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True
