"""Where the editor keeps its settings (window geometry, language, recent files) and the
recovery copies of unsaved work: the platform's configuration folder, or LOBBYSIM_CONFIG_DIR."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def config_dir() -> Path:
    """Where settings and recovery copies live (the platform's place; LOBBYSIM_CONFIG_DIR overrides)."""
    import platformdirs

    d = Path(os.environ.get("LOBBYSIM_CONFIG_DIR") or platformdirs.user_config_dir("lobbysim", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def settings() -> QSettings:
    return QSettings(str(config_dir() / "lobbysim.ini"), QSettings.IniFormat)


def remembered_language() -> str:
    """The interface language the user chose last ('en' when none or not known)."""
    lang = str(settings().value("lang", "en"))
    return lang if lang in ("en", "zh") else "en"


def recovery_dir() -> Path:
    d = config_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


def recent_files() -> list[str]:
    v = settings().value("recent", [])
    return [v] if isinstance(v, str) else [str(p) for p in (v or [])]


def add_recent(path: str) -> None:
    path = os.path.abspath(path)
    rec = [p for p in recent_files() if p != path]
    st = settings()
    st.setValue("recent", [path] + rec[:9])
    st.sync()


__all__ = ["config_dir", "settings", "remembered_language", "recovery_dir", "recent_files", "add_recent"]
