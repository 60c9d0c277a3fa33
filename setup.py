"""Package list for setuptools (metadata lives in pyproject.toml).

The repository keeps its agreed top level (``resources/`` and ``db/`` beside ``caravan_app/``), but a
wheel must carry them: they are mapped into the package as ``caravan_app.resources`` and
``caravan_app.laptop_migrations`` and found at run time with importlib.resources (caravan_app/paths.py).
"""

from setuptools import find_packages, setup

MAPPED = {"caravan_app.resources": "resources", "caravan_app.laptop_migrations": "db"}

setup(
    packages=find_packages(include=["caravan_app", "caravan_app.*"]) + list(MAPPED),
    package_dir=MAPPED,
    package_data={
        "caravan_app.resources": ["web/*", "i18n/*.qm", "i18n/*.ts", "fonts/*"],
        "caravan_app.laptop_migrations": ["*.py", "*.mako", "versions/*.py"],
        "caravan_app.server": ["migrations/*.py", "migrations/*.mako", "migrations/versions/*.py"],
        "caravan_app.console": ["templates/*.html", "static/*"],
    },
)
