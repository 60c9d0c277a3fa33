"""Package list for setuptools (metadata lives in pyproject.toml).

The repository keeps its agreed top level (``resources/`` and ``db/`` beside ``caravan_app/``), but a
wheel must carry them: they are mapped into the package as ``caravan_app.resources`` and
``caravan_app.laptop_migrations`` and found at run time with importlib.resources (caravan_app/paths.py).
"""

import importlib.util
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

MAPPED = {"caravan_app.resources": "resources", "caravan_app.laptop_migrations": "db"}


class BuildWithTranslations(build_py):
    """Compile the translation catalogues into the built package (scripts/build_translations.py).
    pip's isolated build has no PySide6: name lrelease in ``CARAVAN_LRELEASE`` (scripts/check_wheel.sh
    does), or build ``resources/i18n/*.qm`` first; a wheel without translations is refused."""

    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        spec = importlib.util.spec_from_file_location("build_translations", here / "scripts" / "build_translations.py")
        out = Path(self.build_lib) / "caravan_app" / "resources" / "i18n"
        if spec is not None and spec.loader is not None:
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            if mod.lrelease() is not None:
                mod.build(out, here / "resources" / "i18n")
        if not (out / "caravan_zh_CN.qm").is_file():
            raise SystemExit("translations not built: set CARAVAN_LRELEASE or run scripts/build_translations.sh")


setup(
    cmdclass={"build_py": BuildWithTranslations},
    packages=find_packages(include=["caravan_app", "caravan_app.*"]) + list(MAPPED),
    package_dir=MAPPED,
    package_data={
        "caravan_app.resources": ["web/*", "i18n/*.qm", "i18n/*.ts", "fonts/*"],  # .ts: the console reads its strings from them
        "caravan_app.laptop_migrations": ["*.py", "*.mako", "versions/*.py"],
        "caravan_app.server": ["migrations/*.py", "migrations/*.mako", "migrations/versions/*.py"],
        "caravan_app.console": ["templates/*.html", "static/*"],
    },
)
