"""Duty time counted once: a person on duty at two overlapping visits serves one
stretch of time, not two; a van is at one place at a time.

Plain functions over ISO timestamps; the services fold duty events into intervals per person
and visit (``intervals``), then ``count_once`` gives each person's seconds per visit with the
overlap counted for the visit that started first, and names every overlap so the health check
(``caravan check``) and the reports can flag it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ON, OFF = "on", "off"


@dataclass(frozen=True)
class Overlap:
    """``key`` (a person or a van) was at ``first`` and ``second`` at once for ``seconds``."""

    key: str
    first: str  # the visit counted for the shared time
    second: str  # the visit whose shared time is not counted again
    start: str
    end: str
    seconds: int

    @property
    def minutes(self) -> int:
        return to_minutes(self.seconds)


def to_minutes(seconds: float) -> int:
    """Whole minutes, half a minute and more rounds up (the reports' one rounding rule)."""
    return int(seconds // 60 + (1 if seconds % 60 >= 30 else 0))


def intervals(events: Iterable[tuple[str, str, str]], until: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """(start, end) stretches on duty per person at one visit from (person, kind, at) events in
    time order: only state changes count (two laptops scanning one badge fold), an "on" without
    an "off" lasts until ``until`` (the visit's leave time) or is dropped when there is none."""
    started: dict[str, str] = {}
    out: dict[str, list[tuple[str, str]]] = {}
    for pid, kind, at in events:
        out.setdefault(pid, [])
        if kind == ON:
            started.setdefault(pid, at)
        elif pid in started:
            out[pid].append((started.pop(pid), at))
    if until:
        for pid, t in started.items():
            if until > t:
                out[pid].append((t, until))
    return out


def visit_minutes(events: Iterable[tuple[str, str, str]], until: str | None = None) -> dict[str, int]:
    """Whole minutes on duty per person at one visit (the stored truth every paper prints):
    the stretches of ``intervals`` summed in seconds, then rounded once (``to_minutes``).
    Every person seen gets an entry, 0 when no stretch closed."""
    return {pid: to_minutes(sum(_secs(a, b) for a, b in spans)) for pid, spans in intervals(events, until).items()}


def _secs(a: str, b: str) -> float:
    return max(0.0, (dt.datetime.fromisoformat(b) - dt.datetime.fromisoformat(a)).total_seconds())


def count_once(
    per_visit: dict[str, dict[str, list[tuple[str, str]]]],
) -> tuple[dict[tuple[str, str], int], list[Overlap]]:
    """Minutes per (person, visit) with time shared between visits counted once.

    ``per_visit``: visit id -> person id -> stretches. The stretches of one person over all
    visits are walked in start order (ties by visit id); each counts only the time after what
    earlier stretches already covered, so the overlap goes to the visit that started first.
    Every person seen gets an entry (0 minutes when all their time was counted elsewhere).
    Returns ({(person, visit): minutes}, overlaps)."""
    by_person: dict[str, list[tuple[str, str, str]]] = {}
    seconds: dict[tuple[str, str], float] = {}
    for vid, people in per_visit.items():
        for pid, spans in people.items():
            seconds.setdefault((pid, vid), 0.0)
            for a, b in spans:
                by_person.setdefault(pid, []).append((a, b, vid))
    overlaps: list[Overlap] = []
    for pid, stretches in by_person.items():
        stretches.sort()
        reach = ""
        reach_vid = ""
        for a, b, vid in stretches:
            if reach and reach > a:
                shared_end = min(b, reach)
                if reach_vid != vid:
                    overlaps.append(Overlap(pid, reach_vid, vid, a, shared_end, int(_secs(a, shared_end))))
                seconds[(pid, vid)] += _secs(reach, b)
            else:
                seconds[(pid, vid)] += _secs(a, b)
            if b > reach:
                reach, reach_vid = b, vid
    return {k: to_minutes(v) for k, v in seconds.items()}, overlaps


def place_overlaps(stays: Iterable[tuple[str, str, str | None, str | None]]) -> list[Overlap]:
    """Visits of one van that overlap in time: (van id, visit id, arrived_at, left_at) — a visit
    still open (no leave time) is taken to last to the end of its day. A van is at one place at
    a time, so each such pair is a mistake in the data (a wrong van, date or time)."""
    by_van: dict[str, list[tuple[str, str, str]]] = {}
    for van, vid, a, b in stays:
        if not a:
            continue
        end = b if b and b > a else a[:10] + "T23:59:59"
        by_van.setdefault(van, []).append((a, end, vid))
    out: list[Overlap] = []
    for van, spans in by_van.items():
        spans.sort()
        reach, reach_vid = "", ""
        for a, b, vid in spans:
            if reach and reach > a:
                e = min(b, reach)
                out.append(Overlap(van, reach_vid, vid, a, e, int(_secs(a, e))))
            if b > reach:
                reach, reach_vid = b, vid
    return out
