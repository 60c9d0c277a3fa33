"""The CI's own checks decide right: the Windows wheel check, the bundle stamp, the lock check."""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> dict:
    return runpy.run_path(str(ROOT / "scripts" / name))


def test_a_windows_wheel_is_found_only_where_a_crew_laptop_can_install_it() -> None:
    pick = _script("check_win_wheels.py")["windows_wheel"]
    assert pick(["pkg-1.0.tar.gz", "pkg-1.0-py3-none-any.whl"]) == "pkg-1.0-py3-none-any.whl"
    assert pick(["pkg-1.0-cp311-cp311-win_amd64.whl"]) == "pkg-1.0-cp311-cp311-win_amd64.whl"
    assert pick(["pkg-1.0-cp38-abi3-win_amd64.whl"]) == "pkg-1.0-cp38-abi3-win_amd64.whl"
    assert pick(["pkg-1.0.tar.gz", "pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"]) is None
    assert pick(["pkg-1.0-cp311-cp311-win32.whl", "pkg-1.0-cp312-cp312-win_amd64.whl"]) is None


def test_the_bundle_stamp_moves_with_a_packaging_input_only(tmp_path: Path) -> None:
    stamp = _script("bundle_stamp.py")
    for name in [*stamp["INPUTS"], "pyproject.toml"]:
        if (ROOT / name).exists():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, tmp_path / name)
    stamp["current"].__globals__["ROOT"] = tmp_path
    first = stamp["current"]()
    (tmp_path / "caravan_app" / "services").mkdir(parents=True, exist_ok=True)
    (tmp_path / "caravan_app" / "services" / "visits.py").write_text("# app code: the wheel gate's business\n")
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(text.replace("[tool.ruff]", "[tool.ruff]\n# lint only"), encoding="utf-8")
    assert stamp["current"]() == first
    with (tmp_path / "requirements" / "bundle.lock").open("a", encoding="utf-8") as f:
        f.write("newpkg==1.0\n")
    assert stamp["current"]() != first
