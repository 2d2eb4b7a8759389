"""One in-process hook: "these employees' records changed".

Lower layers (positions, training) announce it from their services; higher layers
(performance's eligibility recompute) subscribe in their AppConfig.ready. So a lower layer
never imports the layer that reacts, and no business rule hides in a model signal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_subscribers: list[Callable[..., None]] = []


def subscribe(callback: Callable[..., None]) -> None:
    """Register ``callback(employee_ids=..., reason=...)``; registering twice is a no-op."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def employees_changed(*, employee_ids: Iterable[int] | None, reason: str) -> None:
    """Announce a change to these employees' records (None: possibly everyone)."""
    ids = None if employee_ids is None else sorted({int(i) for i in employee_ids})
    for callback in list(_subscribers):
        callback(employee_ids=ids, reason=reason)
