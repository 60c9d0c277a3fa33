"""Where things live: the data directory and the bundled resources and migrations.

Resources are found the same way in a source checkout and in the PyInstaller bundle.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "CaravanFieldLog"


def project_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def _packaged(package: str, fallback: str) -> Path:
    """A folder shipped as a mapped sub-package (wheel, editable install), else the checkout's folder.

    ``resources/`` and ``db/`` stay at the repository's top level; setup.py maps them to
    ``caravan_app.resources`` and ``caravan_app.laptop_migrations`` so that a wheel carries them.
    A source checkout (its own ``setup.py`` beside the package; also a worktree on ``PYTHONPATH``
    while another checkout is installed editable) and the PyInstaller bundle use the plain folders.
    """
    checkout = project_root() / fallback
    if not getattr(sys, "_MEIPASS", None) and not (checkout.parent / "setup.py").is_file():
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                if Path(loc).is_dir():
                    return Path(loc)
    return checkout


def resources_dir() -> Path:
    return _packaged("caravan_app.resources", "resources")


def migrations_dir() -> Path:
    return _packaged("caravan_app.laptop_migrations", "db")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` beats ``CARAVAN_DATA_DIR`` beats the platform's user data folder."""
    chosen = override or os.environ.get("CARAVAN_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        if not path.is_dir():
            raise
    return path


def is_writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (a real probe: ``os.access`` is unreliable on
    Windows ACLs and network drives)."""
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"x")
        return True
    except OSError:
        return False
    finally:  # also when the write failed after the file was made (a full disk): never left behind
        try:
            probe.unlink()
        except OSError:
            pass


def database_path(data: Path) -> Path:
    return data / "caravan.db"


def backups_dir(data: Path) -> Path:
    p = data / "backups"
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only data folder: reading still works, backups are listed if any
        pass
    return p
