"""The PyInstaller bundle builds from build_installer.spec and its first start works:
migrates an empty data folder, loads demo data, opens the window offscreen, writes a report."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "pyinstaller").exists(), reason="pyinstaller not installed in .venv")
def test_bundle_builds_and_its_smoke_run_passes() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CARAVAN_DATA_DIR", None)
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build_bundle.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "selftest passed" in proc.stdout and "bundle OK" in proc.stdout
    bundle = ROOT / "build" / "dist" / "caravan"
    assert (bundle / "caravan").exists()
    internal = bundle / "_internal"
    assert (internal / "resources" / "i18n" / "caravan_zh_CN.qm").is_file(), "the catalogue must be bundled"
    assert not any(internal.glob("resources/i18n/*.ts")), "compiled at build time: only .qm is carried"
    assert (internal / "resources" / "i18n" / "qt" / "qtbase_zh_CN.qm").is_file(), "Qt's own Chinese too"
    assert (internal / "db" / "versions").is_dir(), "migrations must be bundled"
    assert (bundle / "CaravanFieldLog").exists(), "the windowed executable a crew double-clicks"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    assert 50e6 < size < 600e6, f"bundle is {size / 1e6:.0f} MB"
    # Built from the pinned set: every pinned package is what the bundle's virtualenv holds.
    pinned = ROOT / "requirements" / "bundle.lock"
    assert (ROOT / "build" / "bundle-venv" / ".lock-installed").read_text() == pinned.read_text()
