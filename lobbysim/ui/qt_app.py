"""The QApplication of the editor, with a font that shows Chinese as glyphs on any machine."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

_CJK_FAMILY: str | None = None


def ensure_app() -> QApplication:
    """The running QApplication (created once), with the CJK font registered as a fallback."""
    global _CJK_FAMILY
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("lobbysim")
        app.setOrganizationName("lobbysim")
    if _CJK_FAMILY is None:
        from lobbysim.fonts import cjk_font_path

        try:
            fid = QFontDatabase.addApplicationFont(cjk_font_path())
            fams = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
            _CJK_FAMILY = fams[0] if fams else ""
        except Exception:  # pragma: no cover - a missing font must not stop the editor
            _CJK_FAMILY = ""
        if _CJK_FAMILY:
            base = app.font()
            f = QFont(base)
            f.setFamilies([base.family(), _CJK_FAMILY])
            app.setFont(f)
    return app


def cjk_family() -> str:
    ensure_app()
    return _CJK_FAMILY or ""
