"""A4 landscape pages: fonts, a page with a title and a note, tables and legends (matplotlib object API,
no pyplot state)."""

from __future__ import annotations

import math
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from matplotlib.figure import Figure

from lobbysim.fonts import use_fonts

from .labels import wrap

A4 = (11.69, 8.27)


@dataclass(frozen=True)
class PageFormat:
    """The size of the figures drawn (inches) and whether a page draws its own title and note
    (a slide has them as editable text instead)."""

    size: tuple[float, float] = A4
    headed: bool = True


_A4_PAGE = PageFormat()
_FORMAT: ContextVar[PageFormat | None] = ContextVar("page_format", default=None)
#: figure -> (title, note) of the pages drawn without them (see ``page_heading``)
_HEADINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextmanager
def page_format(size: tuple[float, float], headed: bool = True):
    """Figures made inside this block are ``size`` inches; with ``headed=False`` a page leaves
    its title and note off the drawing and keeps them for ``page_heading``."""
    token = _FORMAT.set(PageFormat((float(size[0]), float(size[1])), headed))  # noqa: B039
    try:
        yield
    finally:
        _FORMAT.reset(token)


def _format() -> PageFormat:
    return _FORMAT.get() or _A4_PAGE


def page_heading(fig) -> tuple[str, str]:
    """(title, note) of a page drawn without them ('' when it had none)."""
    return _HEADINGS.get(fig, ("", ""))


def heading_room() -> float:
    """Inches of a page taken by its title and note."""
    return 0.75 if _format().headed else 0.1


@contextmanager
def style():
    """Fonts with Chinese glyphs for figures created (and saved) inside this block: set for the
    whole process (see ``lobbysim.fonts.use_fonts``), so threads drawing at once agree."""
    use_fonts()
    yield


def new_figure(w: float | None = None, h: float | None = None) -> Figure:
    size = _format().size
    return Figure(figsize=(w or size[0], h or size[1]), dpi=100, layout="constrained")


def page(title: str, note: str = "") -> Figure:
    """An A4 landscape page (or the size of ``page_format``): the title top left, a short note on
    how to read it at the bottom."""
    fig = new_figure()
    fig.get_layout_engine().set(h_pad=0.05, w_pad=0.05)
    if not _format().headed:
        _HEADINGS[fig] = (title, note)
        return fig
    fig.suptitle(title, fontsize=16, x=0.015, ha="left", color="#1a1a1a")
    if note:
        fig.supxlabel(
            "\n".join(wrap(note, fig.get_figwidth() - 0.6, 8.5)),
            fontsize=8.5,
            x=0.015,
            ha="left",
            color="#555555",
            linespacing=1.4,
        )
    return fig


def table(ax, rows, header, col_widths, colours=None, fontsize=8, scale=1.25, left_cols=(0,)):
    ax.axis("off")
    table = ax.table(
        cellText=rows,
        colLabels=header,
        cellColours=colours,
        loc="upper center",
        cellLoc="right",
        colLoc="center",
        colWidths=col_widths,
    )
    table.auto_set_font_size(False)
    table.set_fontsize(fontsize)
    table.scale(1, scale)
    tall = max(h.count("\n") for h in header) + 1 if header else 1
    for (r, c), cell in table.get_celld().items():
        if r == 0 and tall > 1:
            cell.set_height(cell.get_height() * (0.35 + 0.65 * tall))
        cell.set_edgecolor("#bbbbbb")
        cell.set_linewidth(0.4)
        if c in left_cols:
            cell.set_text_props(ha="left")
        if r == 0:
            cell.set_facecolor("#e9eef4")
            cell.set_text_props(ha="center")
    return table


def columns(rows, n):
    """rows split into n side-by-side blocks (for a short, wide table)."""
    if not rows:
        return [["-"]]
    per = math.ceil(len(rows) / n)
    width = len(rows[0])
    out = []
    for i in range(per):
        line = []
        for j in range(n):
            k = j * per + i
            line += rows[k] if k < len(rows) else [""] * width
        out.append(line)
    return out


def legend_or_note(ax, note: str, **kw) -> None:
    """The legend, or, when nothing was drawn, a note saying there is no data."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kw)
    else:
        ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes, fontsize=10, color="#888888")


# --- text pages -----------------------------------------------------------------------------------------------
def text_block(ax, x, y, lines, size, lang, width_in, gap=0.4, colour="#222222"):
    """Write paragraphs top-down from (x, y) in axes fraction; returns the y below them."""
    fig_h = ax.figure.get_figheight() * ax.get_position().height
    line_h = size * 1.45 / 72 / fig_h
    for para in lines:
        for ln in wrap(para, width_in, size):
            ax.text(x, y, ln, fontsize=size, va="top", ha="left", transform=ax.transAxes, color=colour)
            y -= line_h
        y -= line_h * gap
    return y


def text_page(title: str, groups: list[tuple[str, list[str]]], lang: str, note: str = ""):
    fig = new_figure()
    fig.set_layout_engine(None)
    ax = fig.add_axes((0.04, 0.05, 0.92, 0.9))
    ax.axis("off")
    ax.text(0, 1.0, title, fontsize=20, va="top", transform=ax.transAxes)
    y = 0.92
    for heading, lines in groups:
        if heading:
            ax.text(0, y, heading, fontsize=12.5, va="top", transform=ax.transAxes, color="#1f5fa8")
            y -= 0.05
        y = text_block(ax, 0.015, y, lines, 10.5, lang, 10.3, gap=0.35)
        y -= 0.015
    if note:
        text_block(ax, 0, 0.04, [note], 8.5, lang, 10.5, colour="#666666")
    return fig
