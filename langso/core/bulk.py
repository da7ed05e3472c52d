"""Fast bulk inserts and updates: plain executemany of tuples, ids reserved up front.

Django's bulk_create builds a model instance and prepares every value through its field for
each row; for hundreds of thousands of rows that costs more than the database does. Here the
caller hands over tuples of values in column order (sent with executemany on SQLite, COPY on
PostgreSQL), values are adapted only where the database
needs it (dates, datetimes, UUIDs), and ids are reserved in one step so that rows can refer to
rows inserted in the same call. Use it only inside a transaction.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar, cast

from django.db import connection, models

T = TypeVar("T")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (the caller must hold a transaction)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so nobody else can
        # take these numbers before we insert them.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def _remembering(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The adapter, remembering its last answer: rows of one import share their timestamps."""
    last: list[Any] = [object(), None]

    def adapter(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return adapter


def _uuid_hex(value: Any) -> Any:
    return None if value is None else value.hex


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value of ``field`` must be changed before the database takes it (None: as it is).

    Every adapter takes None to None.
    """
    ops = connection.ops
    if isinstance(field, models.ForeignKey):
        # A foreign key is stored like the key it points to (a UUID, for observations).
        field = field.target_field
    if isinstance(field, models.DateTimeField):
        return _remembering(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        if connection.vendor == "sqlite":
            # Django registers sqlite3 adapters for dates (ISO format, as
            # adapt_datefield_value writes them): sqlite3 applies them without our help.
            return None
        return _remembering(ops.adapt_datefield_value)
    if isinstance(field, models.UUIDField) and connection.vendor != "postgresql":
        # Django keeps UUIDs as 32 hex digits where the database has no UUID type.
        return _uuid_hex
    return None


def _adapted(
    rows: list[Sequence[Any]], adapters: list[tuple[int, Callable[[Any], Any]]]
) -> list[Sequence[Any]]:
    """The rows with each value the database cannot take as it is adapted.

    Column by column, not row by row: the rows are turned into columns and back in C, and a
    column that holds one value throughout (the moment of an import) is adapted once.
    """
    if not adapters or not rows:
        return rows
    columns = list(zip(*rows, strict=True))
    for index, adapter in adapters:
        column = columns[index]
        first = column[0]
        # count() compares by identity first, so a column of one shared object is found in C;
        # the last value tells most other columns apart before count() compares every value.
        if column[-1] is first and column.count(first) == len(column):
            columns[index] = (adapter(first),) * len(column)
        else:
            columns[index] = tuple(map(adapter, column))
    return list(zip(*columns, strict=True))


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 5000,
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, by attribute name) into ``model``."""
    meta = model._meta
    columns = [cast(models.Field[Any, Any], meta.get_field(name)) for name in fields]
    adapters = [(index, adapter) for index, f in enumerate(columns) if (adapter := _adapter(f))]
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    if connection.vendor == "postgresql":
        return _copy_rows(meta.db_table, [str(f.column) for f in columns], adapters, rows)
    count = 0
    with connection.cursor() as cursor:
        for chunk in chunks(rows, batch):
            cursor.executemany(sql, _adapted(chunk, adapters))
            count += len(chunk)
    return count


def chunks(values: Iterable[T], size: int = 5000) -> Iterator[list[T]]:
    """``values`` in lists of ``size``: batches for executemany, or slices small enough for any
    database's limit on query parameters."""
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Update rows by primary key: each row is the values of ``fields`` followed by the key.

    One prepared UPDATE sent with executemany (pipelined on PostgreSQL), instead of the CASE
    expression per field that Django's bulk_update builds.
    """
    meta = model._meta
    columns = [cast(models.Field[Any, Any], meta.get_field(name)) for name in fields]
    adapters = [(index, adapter) for index, f in enumerate(columns) if (adapter := _adapter(f))]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in columns)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(str(meta.pk.column))} = %s"
    )
    prepared = _adapted(list(rows), adapters)
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
    return len(prepared)


def _copy_rows(
    table: str,
    columns: list[str],
    adapters: list[tuple[int, Callable[[Any], Any]]],
    rows: Iterable[Sequence[Any]],
) -> int:
    """PostgreSQL: COPY … FROM STDIN, several times faster than batched INSERTs."""
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for chunk in chunks(rows):
            for row in _adapted(chunk, adapters):
                copy.write_row(row)
            count += len(chunk)
    return count
