"""What the sign-in sheet and the QR poster print of a visit comes from the report service as
data; the reports package never reaches into the app for it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest

import caravan_app.reports as reports_pkg
from caravan_app.domain.errors import NotFound
from caravan_app.reports import printables
from caravan_app.services.app import App

from . import pdfcheck

URL = "http://192.168.137.1:8765/s/K7QM2XHA9RPW3N5T"


def test_the_sheet_prints_the_visits_site_date_theme_address_and_notice(
    app: App, day: dict[str, Any], tmp_path: Path
) -> None:
    app.privacy.set_notice("本签到由任城区科协收集，30 天后删除。")
    info = app.reports.printable_visit(day["visit"], URL)
    assert info == printables.VisitInfo(
        "任城区实验小学", day["date"], "科技进校园", URL, "本签到由任城区科协收集，30 天后删除。"
    )
    flat = pdfcheck.flat(printables.sheet(tmp_path / "sheet.pdf", info, rows=10))
    assert "任城区实验小学" in flat and "科技进校园" in flat and "30天后删除" in flat  # flat drops spaces


def test_a_visit_whose_site_was_deleted_prints_as_a_science_event(app: App, day: dict[str, Any]) -> None:
    app.sites.delete(day["site"])
    info = app.reports.printable_visit(day["visit"], URL)
    assert info.site == "科普活动" and info.date == day["date"]
    assert info.notice == app.privacy.notice()  # the built-in notice when the office set none


def test_an_unknown_visit_is_refused_naming_the_visit(app: App) -> None:
    with pytest.raises(NotFound) as e:
        app.reports.printable_visit("no-such-visit", URL)
    assert e.value.field == "visit_id"


def test_no_report_function_takes_the_app() -> None:
    """Reports are drawn from plain data: a renderer handed the App could read (and write)
    anything behind the services' rules."""
    offenders = []
    for info in pkgutil.walk_packages(reports_pkg.__path__, f"{reports_pkg.__name__}."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            fns = [obj] if inspect.isfunction(obj) else []
            if inspect.isclass(obj):
                fns = [f for f in vars(obj).values() if inspect.isfunction(f)]
            for fn in fns:
                if "app" in inspect.signature(fn).parameters:
                    offenders.append(f"{module.__name__}.{name}")
    assert offenders == []
