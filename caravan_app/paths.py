"""Where things live: the data directory and the bundled resources and migrations.

Resources are found the same way in a source checkout and in the PyInstaller bundle.
"""

from __future__ import annotations

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


def resources_dir() -> Path:
    return project_root() / "resources"


def migrations_dir() -> Path:
    return project_root() / "db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` beats ``CARAVAN_DATA_DIR`` beats the platform's user data folder."""
    chosen = override or os.environ.get("CARAVAN_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(data: Path) -> Path:
    return data / "caravan.db"


def backups_dir(data: Path) -> Path:
    p = data / "backups"
    p.mkdir(parents=True, exist_ok=True)
    return p
