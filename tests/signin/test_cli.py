"""The `caravan` commands of sign-in: add/list/serve/close, badge scan, hours, print."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from caravan_app.cli.main import main
from caravan_app.services.app import App


def run(app: App, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(["--data-dir", str(app.data_dir), *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_signin_add_json_repeat_and_list(app: App, field: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    v = field["visit"]
    rc, out, _ = run(
        app, capsys, "signin", "add", v, "--name", "张三", "--group", "学生", "--org", "三年级二班", "--json"
    )
    assert rc == 0
    first = json.loads(out)
    assert first["number"] == 1 and first["duplicate"] is False
    rc, out, _ = run(app, capsys, "--json", "signin", "add", v, "--name", "张三", "--org", "三年级二班")
    assert json.loads(out)["duplicate"] is True
    rc, out, _ = run(app, capsys, "signin", "add", v, "--name", "", "--json")
    assert rc == 1 and json.loads(out)["error"]["field"] == "name"
    rc, out, _ = run(app, capsys, "signin", "list", v)
    assert "共 1 人" in out and "张三" in out and "学生" in out


def test_badge_scan_headless(app: App, field: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    rc, payload, _ = run(app, capsys, "badge", "code", field["person"])
    payload = payload.strip()
    rc, out, _ = run(app, capsys, "badge", "scan", payload, "--visit", field["visit"], "--json")
    assert rc == 0 and json.loads(out)["action"] == "on"
    rc, out, _ = run(app, capsys, "badge", "scan", payload, "--visit", field["visit"])
    assert "重复扫描不计" in out  # the same badge again within seconds: a double read
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    rc, out, err = run(app, capsys, "badge", "scan", "9787530215593", "--visit", field["visit"])
    assert rc == 1 and "不是本系统" in err


def test_print_and_hours_commands_write_files(
    app: App, field: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v = field["visit"]
    rc, out, _ = run(
        app, capsys, "print", "poster", v, "--out", str(tmp_path / "p.pdf"), "--host", "192.168.137.1", "--json"
    )
    assert rc == 0 and json.loads(out)["url"].startswith("http://192.168.137.1:8080/s/")
    assert (
        run(app, capsys, "print", "sheet", v, "--out", str(tmp_path / "s.pdf"), "--host", "10.0.0.2", "--rows", "5")[0]
        == 0
    )
    assert run(app, capsys, "print", "badges", "--people", "王志愿", "--out", str(tmp_path / "b.pdf"))[0] == 0
    for name in ("p.pdf", "s.pdf", "b.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    rc, out, _ = run(app, capsys, "hours", "export", "--out", str(tmp_path / "h.csv"), "--from", "2020-01-01")
    assert rc == 0 and (tmp_path / "h.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_headless_until_interrupted(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "caravan_app.cli.main",
            "--data-dir",
            str(app.data_dir),
            "signin",
            "serve",
            v,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl+C" in line:
                break
        url = next(x.strip() for x in lines if x.strip().startswith("http://"))
        assert url.startswith(f"http://127.0.0.1:{port}/s/")
        r = httpx.post(url, data={"name": "命令行", "group": "villager"})
        assert "签到成功" in r.text
        assert app.attendance.signin_count(v) == 1
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "签到 #1 命令行" in out and "签到已关闭，共 1 人" in out
    assert not app.signin.is_open(v)  # it was closed before serve: closed again after
