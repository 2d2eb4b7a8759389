"""SQLite for the embedded default (``make run`` with no DATABASE_URL), where the web
server, the worker and beat write to one file.

Settings open every transaction with ``BEGIN IMMEDIATE`` (so a writer takes the lock before
reading, and SQLite's busy timeout applies instead of an instant "database is locked" on
lock upgrade) and give the busy timeout. This backend adds a retry with back-off around
``BEGIN``: nothing has been read or written yet at that point, so retrying is always safe.
"""

import logging
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    lock_retries = 5
    lock_backoff_seconds = 0.2

    def _start_transaction_under_autocommit(self):
        for attempt in range(self.lock_retries + 1):
            try:
                return super()._start_transaction_under_autocommit()
            except OperationalError as exc:
                if "locked" not in str(exc) or attempt == self.lock_retries:
                    raise
                logger.warning("SQLite is locked; retrying BEGIN (%s of %s)", attempt + 1, self.lock_retries)
                time.sleep(self.lock_backoff_seconds * (attempt + 1))
        return None
