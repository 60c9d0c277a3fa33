"""Compile ``resources/i18n/*.ts`` to ``.qm`` with PySide6's lrelease: the build step of the
translations (dev.sh setup, scripts/check_wheel.sh, setup.py's build_py, build_installer.spec).
The app never compiles at run time; it loads the ``.qm`` files built here.

    python scripts/build_translations.py [OUT_FOLDER]     (default: beside the .ts files)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"


def lrelease() -> str | None:
    """PySide6's lrelease: named by ``CARAVAN_LRELEASE``, beside this Python, or on PATH."""
    named = os.environ.get("CARAVAN_LRELEASE")
    if named:
        return named
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        here = Path(sys.executable).parent / name
        if here.exists():
            return str(here)
    return shutil.which("pyside6-lrelease")


def build(out: Path | None = None, folder: Path = I18N) -> list[Path]:
    """Every ``.ts`` in ``folder`` as ``.qm`` in ``out``; a ``.qm`` left from a removed ``.ts`` goes."""
    tool = lrelease()
    if tool is None:
        raise SystemExit("pyside6-lrelease not found (it ships with PySide6; or set CARAVAN_LRELEASE)")
    out = out or folder
    out.mkdir(parents=True, exist_ok=True)
    made = []
    # pip's isolated build puts its own sitecustomize on PYTHONPATH, which hides the virtualenv's
    # packages from pyside6-lrelease (a Python script that imports PySide6): run it without.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONNOUSERSITE", "PYTHONHOME")}
    for ts in sorted(folder.glob("*.ts")):
        qm = out / ts.with_suffix(".qm").name
        tmp = qm.with_name(f"{qm.name}.tmp.{os.getpid()}")  # a running app maps the old .qm: rename, never rewrite
        subprocess.run([tool, "-silent", str(ts), "-qm", str(tmp)], check=True, env=env)
        os.replace(tmp, qm)
        made.append(qm)
    for stale in out.glob("*.qm"):
        if stale not in made:
            stale.unlink()
    return made


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
