"""Interface language: Simplified Chinese by default, English as a setting.

Source strings in ``tr()`` are English. One catalogue per language, ``resources/i18n/caravan_zh_CN.ts``
(``scripts/merge_ts.py`` folds a branch's own ``<name>_zh_CN.ts`` into it), compiled to ``.qm`` at
install/build time (``scripts/build_translations.sh``). For Chinese the catalogue is installed, with
Qt's own (``qtbase_zh_CN.qm``) and ``qtfill_zh_CN.qm`` (strings Qt 6 renamed that Qt's catalogue lacks)
for the file, print and message dialogs Qt draws itself; English needs none.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ..domain.errors import DomainError
from ..paths import resources_dir

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
SETTINGS_KEY = "ui/language"

log = logging.getLogger("caravan.ui")
_lang: list[str] = [CHINESE]  # the interface language in use (one per process, like Qt's translators)
_translators: list[QTranslator] = []


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def saved_language(settings: QSettings) -> str:
    value = str(settings.value(SETTINGS_KEY, CHINESE) or CHINESE)
    return value if value in LANGUAGES else CHINESE


def save_language(settings: QSettings, lang: str) -> None:
    settings.setValue(SETTINGS_KEY, lang if lang in LANGUAGES else CHINESE)


CATALOGUE = f"caravan_{CHINESE}.qm"
QT_FILL = f"qtfill_{CHINESE}.qm"


def catalogue_files(folder: Path | None = None) -> list[Path]:
    """The app's catalogue and the fills for Qt's own dialogs, as built at install/build time
    (``scripts/build_translations.py``); nothing is compiled or written here at run time."""
    folder = folder or i18n_dir()
    found = [folder / name for name in (CATALOGUE, QT_FILL) if (folder / name).is_file()]
    if not (folder / CATALOGUE).is_file():
        log.warning("translations not built (%s missing): run scripts/build_translations.sh", folder / CATALOGUE)
    return found


QT_TRANSLATION = f"qtbase_{CHINESE}.qm"


def qt_translation() -> Path | None:
    """Qt's own Chinese for its dialogs: from PySide6's translations folder, or the copy the
    bundle carries in ``resources/i18n/qt`` (build_installer.spec) where that folder is not found."""
    for folder in (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), i18n_dir() / "qt"):
        if (folder / QT_TRANSLATION).is_file():
            return folder / QT_TRANSLATION
    return None


def install(lang: str, app: QCoreApplication | None = None) -> str:
    """Install translators for ``lang`` (removing earlier ones); returns the language in use."""
    app = app or QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    lang = lang if lang in LANGUAGES else CHINESE
    for t in _translators:
        app.removeTranslator(t)
    translators: list[QTranslator] = []
    if lang == CHINESE:
        files = [str(p) for p in catalogue_files()]
        qt = qt_translation()
        if qt is not None:
            files.append(str(qt))
        for f in files:
            t = QTranslator(app)
            if t.load(f):
                app.installTranslator(t)
                translators.append(t)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _translators[:] = translators
    _lang[0] = lang
    return lang


def snapshot() -> tuple[list[QTranslator], str, QLocale]:
    """The translators, language and default locale in use (tests put them back afterwards)."""
    return list(_translators), _lang[0], QLocale()


def restore(state: tuple[list[QTranslator], str, QLocale], app: QCoreApplication | None = None) -> None:
    """Undo every ``install`` since ``snapshot()``: the same translators, language and locale."""
    app = app or QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    translators, lang, locale = state
    for t in _translators:
        app.removeTranslator(t)
    for t in translators:
        app.installTranslator(t)
    _translators[:] = translators
    _lang[0] = lang
    QLocale.setDefault(locale)


def language() -> str:
    return _lang[0]


def is_chinese() -> bool:
    return language() == CHINESE


def pick(zh: str, en: str) -> str:
    """Choose between a Chinese and an English text (vocab labels, DomainError messages)."""
    return zh if is_chinese() else en


def label(table: dict, code: str | None) -> str:
    """A vocabulary code's label in the interface language."""
    if not code:
        return ""
    for key, (zh, en) in table.items():
        if key == code:
            return pick(zh, en)
    return code


def error_text(exc: BaseException) -> str:
    """Words for a person: the DomainError message in the interface language, a refused write as
    its reason (disk full / read-only / no permission, storage/diskerrors.py), else the error itself."""
    if not isinstance(exc, DomainError) and isinstance(exc, Exception):
        from ..services.refusals import classify

        exc = classify(exc) or exc
    if isinstance(exc, DomainError) or (
        isinstance(getattr(exc, "zh", None), str) and isinstance(getattr(exc, "en", None), str)
    ):
        return pick(exc.zh, exc.en)  # type: ignore[attr-defined]
    return str(exc) or exc.__class__.__name__


# Reasons the services write in both languages ("撤销 / undo：…"): shown in the interface language.
_SYSTEM_REASONS = (("撤销", "undo"), ("日结差异", "day close difference"))


def reason_text(reason: object) -> str:
    """A movement's reason for the screen: a reason the app wrote itself in both languages is
    shown in the interface language only; what a person typed is shown as typed."""
    text = str(reason or "")
    for zh, en in _SYSTEM_REASONS:
        both = f"{zh} / {en}"
        if text.startswith(both):
            rest = text[len(both) :]
            return zh + rest if is_chinese() else en + rest.replace("：", ": ", 1)
    return text
