"""The authentication backend: Django's ModelBackend, loading the signed-in user in one query
with what every page reads about them (the navigation, the unread badge, "who am I").

Before, each page paid four queries for it: the user, the user's groups, the unread
notifications count and the linked employee. Here the user row comes with the linked employee
(``user.employee``, a reverse one-to-one named by the positions app), one flag per role group,
and the unread count, so ``roles.has_group``, ``positions.selectors.employee_for_user`` and the
context processor read them without a query.

Every signed-in request runs this lookup, so its SQL is written once per process from the
models' metadata (tables and columns, no hand-typed names) and only executed per request:
building the same ORM query each time (a join, five subqueries) cost more CPU than the rest of
a small page.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connections, router

from . import roles
from .models import Notification


@cache
def _lookup(alias: str):
    """The SQL (for one database) and, in order, the fields it reads and each one's converters."""
    User = get_user_model()
    Employee = User.employee.related.related_model
    link = User.employee.related.field  # Employee.user
    user_fields = list(User._meta.concrete_fields)
    employee_fields = list(Employee._meta.concrete_fields)
    user_groups = User.groups.through._meta
    group_fk = next(f for f in user_groups.get_fields() if getattr(f, "related_model", None) is Group)
    user_fk = next(f for f in user_groups.get_fields() if getattr(f, "related_model", None) is User)
    n = Notification._meta

    connection = connections[alias]
    q = connection.ops.quote_name

    user_pk = f"u.{q(User._meta.pk.column)}"
    select = [f"u.{q(f.column)}" for f in user_fields] + [f"e.{q(f.column)}" for f in employee_fields]
    recipient, read_at, done_at = (q(n.get_field(name).column) for name in ("recipient", "read_at", "done_at"))
    select.append(
        f"(SELECT COUNT(*) FROM {q(n.db_table)} n"  # noqa: S608 (names from the models, values bound)
        f" WHERE n.{recipient} = {user_pk} AND n.{read_at} IS NULL AND n.{done_at} IS NULL)"
    )
    group_pk, group_name = q(Group._meta.pk.column), q(Group._meta.get_field("name").column)
    select += [
        f"EXISTS(SELECT 1 FROM {q(user_groups.db_table)} ug"  # noqa: S608
        f" INNER JOIN {q(Group._meta.db_table)} g ON g.{group_pk} = ug.{q(group_fk.column)}"
        f" WHERE ug.{q(user_fk.column)} = {user_pk} AND g.{group_name} = %s)"
    ] * len(roles.ALL_GROUPS)
    sql = (
        f"SELECT {', '.join(select)} FROM {q(User._meta.db_table)} u"  # noqa: S608
        f" LEFT OUTER JOIN {q(Employee._meta.db_table)} e ON e.{q(link.column)} = {user_pk}"
        f" WHERE {user_pk} = %s"
    )
    # Values as the ORM would give them (SQLite's datetimes and booleans, for one).
    converters = [
        [*connection.ops.get_db_converters(f.cached_col), *f.cached_col.get_db_converters(connection)]
        for f in (*user_fields, *employee_fields)
    ]
    return sql, user_fields, employee_fields, converters


class RequestUserBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user_id = User._meta.pk.to_python(user_id)
        except Exception:
            return None
        db = router.db_for_read(User)
        connection = connections[db]
        sql, user_fields, employee_fields, converters = _lookup(db)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*roles.ALL_GROUPS, user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for i, field in enumerate((*user_fields, *employee_fields)):
            for converter in converters[i]:
                values[i] = converter(values[i], field.cached_col, connection)
        nu = len(user_fields)
        user = User.from_db(db, [f.attname for f in user_fields], values[:nu])
        if not self.user_can_authenticate(user):
            return None
        related = User.employee.related
        employee_values = values[nu : nu + len(employee_fields)]
        if employee_values[[f.primary_key for f in employee_fields].index(True)] is None:
            related.set_cached_value(user, None)  # user.employee raises DoesNotExist, as with select_related
        else:
            employee = related.related_model.from_db(db, [f.attname for f in employee_fields], employee_values)
            related.set_cached_value(user, employee)
            related.field.set_cached_value(employee, user)
        flags = values[nu + len(employee_fields) + 1 :]
        user.unread_count = values[nu + len(employee_fields)] or 0
        # Only the four role groups are asked for anywhere (roles.has_group).
        user._group_names = {name for name, flag in zip(roles.ALL_GROUPS, flags, strict=True) if flag}
        return user
