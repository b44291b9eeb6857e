"""The leadership deck: an editable PowerPoint (16:9) of the before/after story, in Chinese or English.

The deck reads the report's computed result (``lobbysim.report.document.ReportData``): the same
comparison, records and figure functions as the PDF, so every number on a slide is the report's
and ``compare --json``'s. Slides (``slides.SLIDES``): title, the case in three bullets, the
plans side by side, per day the customer flow chart, staff spaghetti diagram, heat maps, waits
and staff time use and the KPI table as a native table with verdict colours, the findings as
editable bullets, with ``--robustness N`` how robust they are (the report's table as a native table
and its tornado charts), and the appendix (KPI glossary, the scenario and where its values come from).
Chinese runs name an East-Asian typeface (``a:ea``, Microsoft YaHei by default) besides the
Latin one; every text is measured and sized so it stays inside its box. A client's template is
used when it has the layouts needed (``template.py``). The file is written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

from lobbysim.errors import FileReadError, UsageError
from lobbysim.model.jsonio import atomic_write_bytes

from .builder import Deck
from .slides import SLIDES, Context
from .template import open_deck
from .text import DeckFonts

__all__ = ["DeckFonts", "check_deck_output", "make_deck", "write_deck"]


def check_deck_output(out) -> None:
    """Refuse an output that cannot be written, before anything is simulated: not a .pptx name,
    a folder, a missing folder, no permission, or a file another program holds open."""
    out = Path(out)
    if out.is_dir():
        raise FileReadError("is a folder; give a file name such as deck.pptx", path=str(out))
    if out.suffix.lower() != ".pptx":
        raise UsageError(f"{out}: the deck is a .pptx file; give a name such as deck.pptx")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise FileReadError("cannot be written: the folder does not exist", path=str(out))
    if not os.access(parent, os.W_OK):
        raise FileReadError("cannot be written: permission denied", path=str(out))
    if out.exists():
        try:
            with open(out, "r+b"):
                pass  # Windows refuses this while PowerPoint or WPS has the file open
        except PermissionError:
            raise FileReadError(_locked(), path=str(out)) from None
        except OSError as exc:
            raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(out)) from None


def _locked() -> str:
    return "cannot be written: it is read-only or open in another program (PowerPoint, WPS); close it and try again"


def write_deck(prs, out) -> None:
    """Save atomically: a failure leaves the previous file as it was and no partial file."""
    out = Path(out)
    check_deck_output(out)
    try:
        atomic_write_bytes(out, prs.save)
    except FileReadError as exc:
        if "ermission" in exc.message:  # the rename onto a file another program holds (Windows)
            raise FileReadError(_locked(), path=str(out)) from None
        raise


def make_deck(
    data, out, *, lang: str = "zh", template: str | None = None, fonts: DeckFonts | None = None, progress=None
) -> dict:
    """Build the deck from the computed result and write it to ``out``. Returns the slide count,
    the slide titles and the notices (e.g. a template that gave way to the built-in style).
    ``progress(done, total)`` is called after each family of slides (and may raise to stop)."""
    from .. import figures as F

    if lang not in ("zh", "en"):
        raise UsageError(f"unknown language '{lang}'; use zh or en")
    check_deck_output(out)
    opened = open_deck(template)
    deck = Deck(opened, lang, fonts or DeckFonts(), footer=data.branch)
    ctx = Context.of(data, lang)
    with F.style():
        for i, slide in enumerate(SLIDES):
            slide(deck, ctx)
            if progress is not None:
                progress(i + 1, len(SLIDES))
    deck.finish()
    write_deck(deck.prs, out)
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in deck.prs.slides]
    return {"slides": len(titles), "titles": titles, "pictures": deck.pictures, "notices": opened.notices}
