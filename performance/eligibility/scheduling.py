"""Coalesced recompute after a change: every announcement inside one transaction joins one
buffer that is flushed once, on commit, into ONE task (a few employees) or ONE full
recompute (a burst such as an import); a rolled-back change schedules nothing new."""

from __future__ import annotations

import logging
import threading

from django.db import transaction

from .services import FULL_RECOMPUTE_THRESHOLD

logger = logging.getLogger(__name__)
_state = threading.local()
ALL = "all"


def _buffer() -> set:
    if not hasattr(_state, "ids"):
        _state.ids = set()
    return _state.ids


def schedule_recompute(*, employee_ids, reason: str = "") -> None:
    """Subscriber of ``core.events.employees_changed``."""
    buffer = _buffer()
    if employee_ids is None:
        buffer.add(ALL)
    else:
        buffer.update(employee_ids)
    # Each call registers a callback; the first to run on commit flushes the whole buffer and
    # the others find it empty. Callbacks of a rolled-back transaction are dropped by Django.
    transaction.on_commit(flush)


def flush() -> None:
    from performance import tasks

    buffer = _buffer()
    if not buffer:
        return
    ids = set(buffer)
    buffer.clear()
    try:
        if ALL in ids or len(ids) > FULL_RECOMPUTE_THRESHOLD:
            tasks.recompute_eligibility.apply_async(countdown=5)
        else:
            tasks.recompute_eligibility_for.apply_async(args=[sorted(ids)], countdown=2)
    except Exception:  # the change is committed; the nightly recompute catches up
        logger.exception("Could not enqueue the eligibility recompute for %s employees", len(ids))
