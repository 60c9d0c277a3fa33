"""`caravan report …` and `caravan verify` from a shell, on the same data directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caravan_app.cli.main import main
from caravan_app.services.app import App

from . import pdfcheck


def test_report_commands_write_the_files(
    app: App, day: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(app.data_dir)]
    assert main([*d, "report", "visit", day["visit"][:13], "--out", str(tmp_path / "v.pdf")]) == 0
    assert "任城区实验小学" in pdfcheck.flat(tmp_path / "v.pdf")
    assert main([*d, "report", "day", day["date"], "--caravan", "2号车", "--out", str(tmp_path / "d.pdf")]) == 0
    assert "《身边的科学》 100 50 115 5 0 40 38 -2" in pdfcheck.text(tmp_path / "d.pdf")
    year = day["date"][:4]
    capsys.readouterr()
    rc = main(
        [
            *d,
            "--json",
            "report",
            "period",
            "--year",
            year,
            "--out",
            str(tmp_path / "y.pdf"),
            "--xlsx",
            str(tmp_path / "y.xlsx"),
            "--csv",
            str(tmp_path / "csv"),
        ]
    )
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert (
        out["from"] == f"{year}-01-01" and out["to"] == f"{year}-12-31" and len(out["csv"]) == 13
    )  # r17: + 行驶里程, 按活动类别; + 工作人员工作时长 (staff apart from volunteers)
    assert f"{year}年科普大篷车工作统计" in pdfcheck.flat(tmp_path / "y.pdf")
    assert load_workbook(tmp_path / "y.xlsx")["汇总"]["F2"].value == 378
    month = int(day["date"][5:7])
    assert main([*d, "report", "period", "--year", year, "--month", str(month), "--out", str(tmp_path / "m.pdf")]) == 0
    assert f"{year}年{month}月" in pdfcheck.flat(tmp_path / "m.pdf")


def test_report_command_errors_are_readable(
    app: App, day: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(app.data_dir)]
    assert main([*d, "report", "period", "--year", "2026"]) == 1  # no output asked for
    assert "--out" in capsys.readouterr().err
    assert (
        main([*d, "report", "period", "--from", "2026-05-01", "--to", "2026-04-01", "--out", str(tmp_path / "x.pdf")])
        == 1
    )
    assert "结束日期早于开始日期" in capsys.readouterr().err
    assert main([*d, "report", "visit", "nonexistent", "--out", str(tmp_path / "x.pdf")]) == 1
    assert main([*d, "verify", "garbage"]) == 1
    assert "核验码格式不正确" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
