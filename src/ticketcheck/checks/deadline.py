"""``deadline``: the response goes out inside Amazon's window.

Amazon answers late responses by deciding without them: an A-to-Z claim whose information
request is not answered within 72 hours is granted and debited, and an appeal of a granted,
seller-funded claim is accepted only within 30 calendar days. The window counts from the
time in the front-matter ``field`` (default ``received_at``: when Amazon's request or the
claim arrived; write it with its zone, a time without one is read as UTC) to the time of the
check (``check --now TIME`` or the API's ``now=``; by default the current time).

Past the window is a problem at the rule's severity. Within ``warn-before-hours`` of its end
(default 6) it is a warning, so there is still time to submit. A case without the field is
not checked (require it with a ``required-field`` rule). Give the window as ``window-hours``
or ``window-days``.

```yaml
- id: response-deadline
  check: deadline
  field: received_at
  window-hours: 72
  warn-before-hours: 6
```
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import NonNegativeFloat, PositiveFloat, model_validator

from ..case import Case
from ..findings import Problem, Severity
from .base import Check, CheckContext


class Deadline(Check):
    """The case is submitted within its window, counted from a front-matter time."""

    SUMMARY = "the response is inside the category's window (e.g. 72 hours for A-to-Z information requests)"

    check: Literal["deadline"]
    field: str = "received_at"
    window_hours: PositiveFloat | None = None
    window_days: PositiveFloat | None = None
    warn_before_hours: NonNegativeFloat = 6.0

    @model_validator(mode="after")
    def _one_window(self) -> Deadline:
        if (self.window_hours is None) == (self.window_days is None):
            raise ValueError("give the window as window-hours or window-days (one of them)")
        return self

    @property
    def window(self) -> dt.timedelta:
        if self.window_days is not None:
            return dt.timedelta(days=self.window_days)
        return dt.timedelta(hours=self.window_hours or 0)

    @property
    def in_days(self) -> bool:
        return self.window_days is not None

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        name = self.field
        raw = case.received_at if name == "received_at" else case.extra.get(name)
        if raw is None:
            return
        start = event_time(raw)
        if start is None:
            yield Problem(
                f"{name} {raw!r} is not a time",
                field=name,
                hint=f"write {name} as an ISO time with its zone: 2026-11-20T10:00:00+00:00",
            )
            return
        now = ctx.now if ctx.now.tzinfo else ctx.now.replace(tzinfo=dt.UTC)
        elapsed = now - start
        window = span(self.window, days=self.in_days)
        when = stamp(start)
        if elapsed < dt.timedelta(0):
            yield Problem(
                f"{name} ({when}) is after the time of the check ({stamp(now)})",
                field=name,
                hint="check the date and its time zone",
                severity=Severity.WARNING,
            )
            return
        after = f"the response is {span(elapsed, days=self.in_days)} after {name} ({when})"
        if elapsed > self.window:
            yield Problem(
                f"{after}; the window is {window}",
                field=name,
                hint=None if self.hint else "submit it at once, and say why it is late",
            )
        elif elapsed > self.window - dt.timedelta(hours=self.warn_before_hours):
            left = span(self.window - elapsed, days=False)
            yield Problem(
                f"{after}; the window of {window} closes in {left}",
                field=name,
                hint=f"submit it before {stamp(start + self.window)}",
                severity=Severity.INFO if self.severity is Severity.INFO else Severity.WARNING,
            )


def event_time(value: Any) -> dt.datetime | None:
    """A front-matter time as an aware datetime (naive = UTC), or None if it is not one."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """``2026-11-20 10:00 UTC``: the form messages show times in."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def span(delta: dt.timedelta, *, days: bool) -> str:
    """``73 hours``, ``72 hours 30 minutes``, ``31 days 4 hours``. Rounded up to the minute,
    so a response one second late never reads as exactly the window."""
    minutes = max(0, math.ceil(delta.total_seconds() / 60))
    hours, minute = divmod(minutes, 60)
    if days:
        whole, hour = divmod(hours, 24)
        parts = [(whole, "day"), (hour, "hour"), (minute, "minute")]
    else:
        parts = [(hours, "hour"), (minute, "minute")]
    shown = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(shown) or "0 minutes"
