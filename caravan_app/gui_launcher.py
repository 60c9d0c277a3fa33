"""Entry point of the bundle's windowed executable (``CaravanFieldLog.exe``): a double-click opens
the desktop app with no console window beside it.

A windowed Windows executable has no console, so ``sys.stdout``/``sys.stderr`` are None and any
print would raise: they are pointed at the null device (the app logs to its data folder)."""

from __future__ import annotations

import multiprocessing
import os
import sys


def launch() -> int:
    multiprocessing.freeze_support()
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
    from caravan_app.cli.main import main

    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(launch())
