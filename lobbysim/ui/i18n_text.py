"""The interface texts of the editor and its add-ons in the user's language, from the Qt
translation file lobbysim/ui/i18n/lobbysim_zh_CN.ts (compiled to the shipped .qm with
``pyside6-lrelease lobbysim_zh_CN.ts -qm lobbysim_zh_CN.qm``).

English is the source text; each module looks its texts up under its own context name
("EditorWindow", "DetailsDock", "Results"...). A text with placeholders is translated as its
template ("{n} figures written to {folder}") and formatted afterwards.
"""

from __future__ import annotations

from pathlib import Path

I18N = Path(__file__).resolve().parent / "i18n"
_TRANSLATORS: dict[str, object] = {}


def translator(lang: str):
    """The Qt translator of the interface language (None for English, the source language),
    loaded once per language."""
    from PySide6.QtCore import QTranslator

    if lang not in _TRANSLATORS:
        tr_ = QTranslator()
        ok = lang == "zh" and tr_.load(str(I18N / "lobbysim_zh_CN.qm"))
        _TRANSLATORS[lang] = tr_ if ok else None
    return _TRANSLATORS[lang]


def tr(context: str, text: str, lang: str) -> str:
    """``text`` (English) of ``context`` in the interface language ``lang`` ("en" or "zh");
    the English text itself when there is no translation."""
    t = translator(lang)
    return (t.translate(context, text) or text) if t is not None else text


__all__ = ["I18N", "translator", "tr"]
