"""The files an office installs (deploy/) agree with each other and with ``caravan-server``: the
processes systemd starts are the ones nginx sends laptops to, every command line in the units is
one the hub accepts, and the migration step brings a new database up by itself."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from sqlalchemy import create_engine, inspect

from caravan_app.server.cli import build_parser, main

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _exec_args(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(ln for ln in text.splitlines() if ln.startswith("ExecStart="))
    argv = shlex.split(line.removeprefix("ExecStart="))
    assert argv[0].endswith("/caravan-server")
    return argv[1:]


def test_systemd_starts_the_processes_nginx_sends_laptops_to() -> None:
    site = (DEPLOY / "nginx" / "caravan-hub.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream caravan_hub \{(.*?)\n\}", site, re.S)
    assert upstream is not None
    proxied = set(re.findall(r"server 127\.0\.0\.1:(\d+)", upstream.group(1)))
    target = (DEPLOY / "systemd" / "caravan-hub.target").read_text(encoding="utf-8")
    started = set(re.findall(r"caravan-hub@(\d+)\.service", target))
    assert proxied and proxied == started
    assert "proxy_pass http://caravan_hub;" in site


def test_unit_command_lines_are_ones_the_hub_accepts() -> None:
    serve = build_parser().parse_args([a.replace("%i", "8771") for a in _exec_args("caravan-hub@.service")])
    assert (serve.command or "serve") == "serve"
    assert serve.host == "127.0.0.1" and serve.port == 8771  # plain HTTP only on loopback, behind nginx
    assert serve.forwarded_allow_ips == "127.0.0.1"  # the laptop's address, as nginx sets it, is believed
    assert build_parser().parse_args(_exec_args("caravan-hub-migrate.service")).command == "migrate"


def test_migrate_brings_a_new_database_to_the_current_schema(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    assert main(["--db", url, "migrate"]) == 0
    assert "最新" in capsys.readouterr().out
    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"records", "mutations", "hub_devices", "counters"} <= tables
