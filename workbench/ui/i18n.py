"""The interface's language: Qt translators for English and Simplified Chinese.

Every user-visible string in the window goes through ``translate(context, text)`` (Qt's
``QCoreApplication.translate``; ``pyside6-lupdate`` finds the calls by that name), with a literal
context (the class or module the string belongs to) and ``{name}`` fields filled afterwards with
``.format``. Text that comes from the Qt-free core goes through ``core_text`` (its message catalogue,
``core.i18n``), and config field labels and help through ``field_text``.

The translations are ``resources/i18n/workbench_<lang>.ts``; ``scripts/i18n.py build`` (run by
``dev.py``) compiles them to ``build/i18n/*.qm``. A missing or outdated ``.qm`` is compiled here on
first use (into the user's cache folder if the project folder is read-only); without one the
interface stays in English. The language is chosen in Settings → Language, remembered in
QSettings, and is the system's language until then; it takes effect at the next start.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QStandardPaths, QTranslator

from workbench.core.i18n import localize

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language, never translated
SETTING = "language"
ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "i18n"
QM_DIR = ROOT / "build" / "i18n"
ENV_QM = "WORKBENCH_TRANSLATIONS"  # a .qm file to use instead (tests, translators at work)

_state: dict[str, object] = {"language": "en", "translators": []}


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """``text`` (English) in the interface's language; ``context`` and ``text`` must be literals."""
    return QCoreApplication.translate(context, text, disambiguation)


def language() -> str:
    """The interface's language code ("en" or "zh_CN")."""
    return str(_state["language"])


def core_text(text: str) -> str:
    """A message from the core (English) in the interface's language, as far as its catalogue goes."""
    if language() == "en" or not text:
        return text
    return localize(text, lambda template: QCoreApplication.translate("core", template))


def field_text(text: str) -> str:
    """A config field's label, help, unit or choice (core metadata) in the interface's language."""
    if language() == "en" or not text:
        return text
    return QCoreApplication.translate("fields", text)


def system_language() -> str:
    """The language of the system's locale, if the interface has it; else English."""
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def chosen_language(settings: QSettings) -> str:
    """The language chosen in Settings → Language, else the system's."""
    value = str(settings.value(SETTING, "") or "")
    return value if value in LANGUAGES else system_language()


def qm_file(lang: str) -> Path | None:
    """The compiled translations of ``lang``, compiled now from its .ts if missing or outdated."""
    if os.environ.get(ENV_QM):
        return Path(os.environ[ENV_QM])
    ts = TS_DIR / f"workbench_{lang}.ts"
    if not ts.is_file():
        return None
    cache = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation) or QM_DIR)
    for folder in (QM_DIR, cache / "i18n"):
        qm = folder / f"workbench_{lang}.qm"
        if qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
        if compile_ts(ts, qm):
            return qm
    return None


def compile_ts(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` to ``qm`` with PySide6's lrelease; False (and a log line) if that fails."""
    import PySide6

    tool = Path(PySide6.__file__).parent / ("lrelease.exe" if os.name == "nt" else "lrelease")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s: %s", ts, exc)
        return False
    return qm.is_file()


def install_language(lang: str) -> str:
    """Make ``lang`` the interface's language (for windows made from now on): Workbench's and Qt's
    own translators (standard buttons such as Cancel), and the locale numbers and dates are
    written in. Returns the language installed: English if ``lang``'s translations are missing."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("make the QApplication before choosing its language")
    for old in list(_state["translators"]):  # type: ignore[call-overload]
        app.removeTranslator(old)
    _state["translators"] = []
    qm = qm_file(lang) if lang != "en" else None
    installed = "en"
    if qm is not None:
        ours = QTranslator(app)
        if ours.load(str(qm)):
            qt = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            translators = [ours, qt] if qt.load(f"qtbase_{lang}", qt_dir) else [ours]
            for translator in translators:
                app.installTranslator(translator)
            _state["translators"] = translators
            installed = lang
        else:
            log.warning("could not load translations %s; the interface stays in English", qm)
    _state["language"] = installed
    QLocale.setDefault(QLocale(installed) if installed != "en" else QLocale.system())
    return installed
