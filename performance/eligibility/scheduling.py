"""Coalesced recompute after a change: every announcement inside one transaction joins one
pending batch, flushed once on commit into ONE task (a few employees) or ONE full recompute
(a burst such as an import). A rolled-back transaction drops its batch with its callback."""

from __future__ import annotations

import logging
import threading

from django.db import transaction

from .services import FULL_RECOMPUTE_THRESHOLD

logger = logging.getLogger(__name__)
_state = threading.local()
ALL = "all"
# Seconds to wait before running, so the rest of a burst spread over requests can land first.
COUNTDOWN = 2
QUEUE: str | None = None  # the default queue unless a deployment (or a test) routes it


class _Pending:
    def __init__(self) -> None:
        self.ids: set = set()

    def __call__(self) -> None:
        flush(self.ids)


def _registered(pending: _Pending | None) -> bool:
    connection = transaction.get_connection()
    return (
        pending is not None
        and connection.in_atomic_block
        and any(item[1] is pending for item in connection.run_on_commit)
    )


def schedule_recompute(*, employee_ids, reason: str = "") -> None:
    """Subscriber of ``core.events.employees_changed``."""
    pending = getattr(_state, "pending", None)
    registered = _registered(pending)
    if not registered:
        pending = _state.pending = _Pending()
    if employee_ids is None:
        pending.ids.add(ALL)
    else:
        pending.ids.update(employee_ids)
    if not registered:
        transaction.on_commit(pending)


def flush(ids: set) -> None:
    from performance import tasks

    if not ids:
        return
    options = {"countdown": COUNTDOWN, **({"queue": QUEUE} if QUEUE else {})}
    try:
        if ALL in ids or len(ids) > FULL_RECOMPUTE_THRESHOLD:
            tasks.recompute_eligibility.apply_async(**options)
        else:
            tasks.recompute_eligibility_for.apply_async(args=[sorted(ids)], **options)
    except Exception:  # the change is committed; the nightly recompute catches up
        logger.exception("Could not enqueue the eligibility recompute for %s employees", len(ids))
