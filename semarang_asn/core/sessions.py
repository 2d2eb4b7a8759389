"""Database sessions (Django's ``db`` engine) read with one statement written once per process.

Every signed-in request reads its session first. Django's engine builds the same ORM query
(``Session.objects.get(session_key=…, expire_date__gt=now)``) each time; here its SQL is
written once from the model's metadata and only executed. Writing, expiry and clean-up are
Django's own. The session stays in the database with Redis configured too (settings.py says
why).
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


@cache
def _select(alias: str, model) -> str:
    meta = model._meta
    q = connections[alias].ops.quote_name
    data, key, expires = (q(meta.get_field(name).column) for name in ("session_data", "session_key", "expire_date"))
    return f"SELECT {data} FROM {q(meta.db_table)} WHERE {key} = %s AND {expires} > %s"  # noqa: S608 (names from the model, values bound)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_select(alias, self.model), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=row[0])
