"""The slide builder: title, bullets, pictures and native tables placed in a template's boxes,
every text measured (``text.py``) so that it fits, every run with its Latin and East-Asian fonts.

Slides come from the template's layouts (``template.py``): titles go into the title placeholder,
bullets into the body placeholder (so a client's bullet styles apply), pictures and tables into
the body's box. Text that does not fit at a readable size continues on a slide of its own
("(continued)"); nothing is cut. In the built-in style the builder also draws the report's blue
rule under each title and a footer with the branch and the page number.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from ..page import page_format, page_heading
from .template import Opened
from .text import (
    EMU_PER_PT,
    DeckFonts,
    Para,
    fit_size,
    fits,
    set_run_fonts,
    text_width_pt,
)

BLUE, DARK, GREY, HEADER_FILL, RULE = "#1f5fa8", "#1a1a1a", "#555555", "#e9eef4", "#bbbbbb"
#: points a bulleted paragraph loses to its bullet and indent (the default master's is 27 pt)
BULLET_INDENT_PT = 30.0
#: inches under a picture for its note ("how to read it")
CAPTION_IN = 0.55
#: margins of a table cell (points): left and right, top and bottom (denser than a text box's)
CELL_LR_PT, CELL_TB_PT = 4.5, 2.2


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(to_hex(colour)[1:].upper())


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT

    @property
    def inches(self) -> tuple[float, float]:
        return self.w / 914400, self.h / 914400

    def split_bottom(self, h: int) -> tuple[Box, Box]:
        """(top part, bottom strip of height h)."""
        return Box(self.x, self.y, self.w, self.h - h), Box(self.x, self.y + self.h - h, self.w, h)


@dataclass(frozen=True)
class Line:
    """A paragraph to write: its text, bold, colour, size relative to the box's, bullet."""

    text: str
    bold: bool = False
    colour: str | None = None
    scale: float = 1.0
    bullet: bool = True
    space_before: float = 0.0

    def para(self) -> Para:
        return Para(self.text, self.scale, BULLET_INDENT_PT if self.bullet else 0.0, self.space_before)


class Deck:
    """Adds slides to a presentation opened by ``template.open_deck``."""

    def __init__(self, opened: Opened, lang: str, fonts: DeckFonts, footer: str = "", dpi: int = 150):
        self.prs, self.layouts, self.builtin = opened.prs, opened.layouts, opened.builtin
        self.lang, self.fonts, self.footer, self.dpi = lang, fonts, footer, dpi
        self.pictures = 0

    # --- words ------------------------------------------------------------------------------------------------
    def continued(self, title: str) -> str:
        return title + ("（续）" if self.lang == "zh" else " (continued)")

    # --- text -------------------------------------------------------------------------------------------------
    def _inherited_size(self, slide, idx: int, title: bool) -> float | None:
        """The font size (pt) a placeholder's text gets from its layout or master, if named."""
        lay = slide.slide_layout.placeholders.get(idx=idx)
        for el in ([lay._element] if lay is not None else []) + self._master_styles(title):
            d = el.find(".//" + qn("a:lvl1pPr") + "/" + qn("a:defRPr"))
            if d is not None and d.get("sz"):
                return int(d.get("sz")) / 100.0
        return None

    def _master_styles(self, title: bool) -> list:
        styles = self.prs.slide_master._element.find(qn("p:txStyles"))
        if styles is None:
            return []
        el = styles.find(qn("p:titleStyle") if title else qn("p:bodyStyle"))
        return [] if el is None else [el]

    def write(self, tf, lines: list[Line], size: float, anchor=None) -> None:
        """Write paragraphs into a text frame at ``size`` (each line scaled), fonts on every run,
        autofit off (the size was chosen to fit), words wrapped."""
        tf.clear()
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        if anchor is not None:
            tf.vertical_anchor = anchor
        for i, ln in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if not ln.bullet:
                ppr = p._p.get_or_add_pPr()
                ppr.set("marL", "0")
                ppr.set("indent", "0")
                if ppr.find(qn("a:buNone")) is None:
                    ppr.append(OxmlElement("a:buNone"))
            if ln.space_before:
                p.space_before = Pt(ln.space_before * size * ln.scale)
            r = p.add_run()
            r.text = ln.text
            r.font.size = Pt(round(size * ln.scale * 2) / 2)
            r.font.bold = ln.bold or None
            if ln.colour:
                r.font.color.rgb = rgb(ln.colour)
            set_run_fonts(r, self.fonts)

    def text_box(self, slide, box: Box, lines: list[Line], start: float, smallest: float, anchor=None):
        """A text box holding ``lines`` at the largest size that fits (None when none does)."""
        size = fit_size([ln.para() for ln in lines], box.w_pt, box.h_pt, start, smallest)
        if size is None:
            return None
        tb = slide.shapes.add_textbox(box.x, box.y, box.w, box.h)
        self.write(tb.text_frame, lines, size, anchor)
        return tb

    def set_title(self, slide, text: str, start: float = 28.0, smallest: float = 14.0) -> None:
        ph = slide.shapes.title
        box = Box(ph.left, ph.top, ph.width, ph.height)
        if not self.builtin:  # a client's title size, where its master names one
            start = self._inherited_size(slide, 0, True) or start
        colour = DARK if self.builtin else None
        size = fit_size([Para(text)], box.w_pt, box.h_pt, start, smallest)
        while size is None:  # a title too long for its box even small: the box grows downwards
            box = Box(box.x, box.y, box.w, int(box.h * 1.25))
            ph.height = box.h
            size = fit_size([Para(text)], box.w_pt, box.h_pt, start, smallest)
        self.write(ph.text_frame, [Line(text, colour=colour, bullet=False)], size)
        if self.builtin and slide.slide_layout is not self.layouts.title:
            ph.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT

    # --- slides -----------------------------------------------------------------------------------------------
    def _slide(self, layout):
        slide = self.prs.slides.add_slide(layout)
        return slide

    def _take_box(self, slide, idx: int) -> Box:
        """The box of a body placeholder, which is removed (a picture or a table takes its place)."""
        ph = slide.placeholders[idx]
        box = Box(ph.left, ph.top, ph.width, ph.height)
        ph._element.getparent().remove(ph._element)
        return box

    def _decorate(self, slide) -> None:
        """The built-in style's blue rule under the title."""
        if not self.builtin:
            return
        t = slide.shapes.title
        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, t.left, t.top + t.height + Inches(0.02), t.width, Inches(0.04)
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = rgb(BLUE)
        bar.line.fill.background()
        bar.name = "rule"

    def _caption(self, slide, box: Box, text: str) -> None:
        """The note under a picture or table, and in the speaker notes."""
        if not text:
            return
        slide.notes_slide.notes_text_frame.text = text
        for r in (p for para in slide.notes_slide.notes_text_frame.paragraphs for p in para.runs):
            set_run_fonts(r, self.fonts)
        self.text_box(slide, box, [Line(text, colour=GREY, bullet=False)], 10.0, 7.5, MSO_ANCHOR.TOP)

    def title_slide(self, title: str, lines: list[str]) -> None:
        slide = self._slide(self.layouts.title)
        self.set_title(slide, title, 40.0, 20.0)
        ph = slide.placeholders[self.layouts.subtitle_idx]
        box = Box(ph.left, ph.top, ph.width, ph.height)
        ls = [
            Line(
                t, colour=(BLUE if i == 0 else GREY) if self.builtin else None, bullet=False, scale=1.3 if i == 0 else 1
            )
            for i, t in enumerate(lines)
        ]
        size = fit_size([ln.para() for ln in ls], box.w_pt, box.h_pt, 18.0, 9.0) or 9.0
        self.write(ph.text_frame, ls, size)
        for p in ph.text_frame.paragraphs:
            p.alignment = PP_ALIGN.LEFT if self.builtin else p.alignment

    def bullets(self, title: str, lines: list[Line], caption: str = "", start: float = 20.0, smallest: float = 12.0):
        """Paragraphs in the body placeholder; what does not fit at ``smallest`` continues on
        further slides (a heading never ends a slide)."""
        for i, (chunk, size) in enumerate(self._paginate(lines, start, smallest, caption)):
            slide = self._slide(self.layouts.content)
            self.set_title(slide, title if i == 0 else self.continued(title))
            self._decorate(slide)
            ph = slide.placeholders[self.layouts.body_idx]
            if caption:
                body, cap = Box(ph.left, ph.top, ph.width, ph.height).split_bottom(Inches(CAPTION_IN))
                ph.left, ph.top, ph.width, ph.height = body.x, body.y, body.w, body.h  # all four: an own xfrm
                self._caption(slide, cap, caption)
            self.write(ph.text_frame, chunk, size, MSO_ANCHOR.TOP)

    def _body_box(self, caption: str) -> Box:
        ph = next(p for p in self.layouts.content.placeholders if p.placeholder_format.idx == self.layouts.body_idx)
        box = Box(ph.left, ph.top, ph.width, ph.height)
        return box.split_bottom(Inches(CAPTION_IN))[0] if caption else box

    def _paginate(self, lines: list[Line], start: float, smallest: float, caption: str):
        box = self._body_box(caption)
        size = fit_size([ln.para() for ln in lines], box.w_pt, box.h_pt, start, smallest)
        if size is not None:
            return [(lines, size)]
        pages: list[list[Line]] = [[]]
        for ln in lines:
            trial = pages[-1] + [ln]
            if pages[-1] and not fits([x.para() for x in trial], box.w_pt, box.h_pt, smallest):
                carry = []
                while pages[-1] and not pages[-1][-1].bullet and pages[-1][-1].bold:  # no heading at the end
                    carry.insert(0, pages[-1].pop())
                pages.append(carry + [ln])
            else:
                pages[-1] = trial
        out = []
        for chunk in pages:
            s = fit_size([x.para() for x in chunk], box.w_pt, box.h_pt, start, smallest)
            if s is None:  # one paragraph longer than a slide: the smallest size, it is cut nowhere else
                s = smallest
                while s > 6 and not fits([x.para() for x in chunk], box.w_pt, box.h_pt, s):
                    s -= 0.5
            out.append((chunk, s))
        return out

    def picture(self, title_suffix: str, make: Callable[[], object], caption: str | None = None) -> None:
        """A figure drawn at the size of the body's box (above its note), under the page's title."""
        box, cap = self._body_box("").split_bottom(Inches(CAPTION_IN))
        with page_format(box.inches, headed=False):
            fig = make()
        head, note = page_heading(fig)
        png = self._png(fig)
        slide = self._slide(self.layouts.content)
        self.set_title(slide, head + title_suffix)
        self._decorate(slide)
        taken = self._take_box(slide, self.layouts.body_idx)
        self._add_png(slide, png, Box(taken.x, taken.y, taken.w, box.h), head + title_suffix, note)
        self._caption(slide, cap, note if caption is None else caption)

    def two_pictures(self, title_suffix: str, makes: tuple[Callable[[], object], Callable[[], object]]) -> None:
        """Two figures side by side in the two-content layout's boxes (one note under both)."""
        lay = self.layouts.two
        phs = {p.placeholder_format.idx: p for p in lay.placeholders}
        figs = []
        for idx, make in zip(self.layouts.two_idx, makes):
            p = phs[idx]
            box = Box(p.left, p.top, p.width, p.height).split_bottom(Inches(CAPTION_IN))[0]
            with page_format(box.inches, headed=False):
                figs.append((make(), box))
        head, note = page_heading(figs[0][0])
        slide = self._slide(lay)
        self.set_title(slide, head + title_suffix)
        self._decorate(slide)
        for idx, (fig, box) in zip(self.layouts.two_idx, figs):
            self._take_box(slide, idx)
            self._add_png(slide, self._png(fig), box, head + title_suffix, note)
        left, right = figs[0][1], figs[1][1]
        cap = Box(left.x, left.y + left.h, right.x + right.w - left.x, Inches(CAPTION_IN))
        self._caption(slide, cap, note)

    def _png(self, fig) -> bytes:
        FigureCanvasAgg(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=self.dpi)
        return buf.getvalue()

    def _add_png(self, slide, png: bytes, box: Box, title: str, note: str) -> None:
        pic = slide.shapes.add_picture(io.BytesIO(png), box.x, box.y, box.w, box.h)
        pic.name = f"figure {self.pictures + 1}"
        pic._element.nvPicPr.cNvPr.set("descr", f"{title}: {note}" if note else title)
        self.pictures += 1

    # --- tables -----------------------------------------------------------------------------------------------
    def table(
        self,
        title: str,
        header: list[str],
        rows: list[list[str]],
        fills: list[str] | None = None,
        bold_rows: set[int] | None = None,
        caption: str = "",
        align: list[str] | None = None,
        start: float = 12.0,
        smallest: float = 9.0,
    ) -> int:
        """A native table (editable cells) in the body's box, header repeated on every slide the
        rows need; ``fills`` colour whole rows (the verdict colours). Returns the slides made."""
        box = self._body_box(caption)
        size, widths, chunks = self._table_plan(box, header, rows, start, smallest)
        for n, idxs in enumerate(chunks):
            slide = self._slide(self.layouts.content)
            self.set_title(slide, title if n == 0 else self.continued(title))
            self._decorate(slide)
            taken = self._take_box(slide, self.layouts.body_idx)
            body = Box(taken.x, taken.y, taken.w, box.h)
            if caption:
                self._caption(slide, Box(body.x, body.y + body.h, body.w, Inches(CAPTION_IN)), caption)
            heights = [self._row_height(header, widths, size)] + [self._row_height(rows[i], widths, size) for i in idxs]
            shape = slide.shapes.add_table(len(idxs) + 1, len(header), body.x, body.y, body.w, sum(heights))
            tbl = shape.table
            tbl.first_row = True
            tbl.horz_banding = False
            for j, w in enumerate(widths):
                tbl.columns[j].width = w
            for r, h in enumerate(heights):
                tbl.rows[r].height = h
            for j, text in enumerate(header):
                self._cell(tbl.cell(0, j), text, size, HEADER_FILL, True, "center")
            for r, i in enumerate(idxs, 1):
                for j, text in enumerate(rows[i]):
                    a = (align or ["left"] + ["right"] * (len(header) - 1))[j]
                    fill = fills[i] if fills else "white"
                    self._cell(tbl.cell(r, j), text, size, fill, i in (bold_rows or ()), a)
        return len(chunks)

    def _cell(self, cell, text: str, size: float, fill: str, bold: bool, align: str) -> None:
        tcPr = cell._tc.get_or_add_tcPr()
        for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
            ln = OxmlElement(side)
            ln.set("w", "6350")
            sf = OxmlElement("a:solidFill")
            c = OxmlElement("a:srgbClr")
            c.set("val", to_hex(RULE)[1:].upper())
            sf.append(c)
            ln.append(sf)
            tcPr.append(ln)
        cell.fill.solid()
        cell.fill.fore_color.rgb = rgb(fill)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        cell.margin_left = cell.margin_right = Pt(CELL_LR_PT)
        cell.margin_top = cell.margin_bottom = Pt(CELL_TB_PT)
        tf = cell.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        p.alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}[align]
        r = p.add_run()
        r.text = text
        r.font.size = Pt(size)
        r.font.bold = bold or None
        r.font.color.rgb = rgb(DARK)
        set_run_fonts(r, self.fonts)

    @staticmethod
    def _row_height(cells: list[str], widths: list[int], size: float) -> int:
        from .text import text_height_pt

        inner = [w / EMU_PER_PT - 2 * CELL_LR_PT for w in widths]
        h = max(text_height_pt([Para(t)], w, size) for t, w in zip(cells, inner))
        return int(Emu(int((h + 2 * CELL_TB_PT + 1.0) * EMU_PER_PT)))

    def _widths(self, box: Box, header: list[str], rows: list[list[str]], size: float) -> list[int]:
        """Column widths: each column's longest line if all fit, else the long columns share what
        the short ones leave (water-filling), in proportion to their length."""
        pad = 2 * CELL_LR_PT + 2.0
        natural = []
        for j in range(len(header)):
            words = [max(text_width_pt(w, size) for w in header[j].split()) if header[j].split() else 0.0]
            longest = max([text_width_pt(r[j], size) for r in rows] + [text_width_pt(header[j], size) * 0.6] + words)
            natural.append(longest + pad)
        total = box.w_pt
        if sum(natural) <= total:
            extra = (total - sum(natural)) / len(natural)
            got = [n + extra for n in natural]
        else:
            fixed: dict[int, float] = {}
            while True:
                rest = [j for j in range(len(natural)) if j not in fixed]
                share = (total - sum(fixed.values())) / max(1, len(rest))
                small = [j for j in rest if natural[j] <= share]
                if not small:
                    break
                for j in small:
                    fixed[j] = natural[j]
            left = total - sum(fixed.values())
            weight = sum(natural[j] for j in rest) or 1.0
            got = [fixed.get(j, left * natural[j] / weight) for j in range(len(natural))]
        emu = [int(g * EMU_PER_PT) for g in got]
        emu[-1] += box.w - sum(emu)
        return emu

    def _table_plan(self, box: Box, header, rows, start: float, smallest: float):
        """(size, column widths, row indices per slide): as few slides as the rows need at the
        smallest size, at the largest size that needs no more."""
        plans = []
        size = start
        while size >= smallest - 1e-9:
            widths = self._widths(box, header, rows, size)
            plans.append((size, widths, self._chunks(box, header, rows, widths, size)))
            size -= 1.0
        fewest = min(len(p[2]) for p in plans)
        return next(p for p in plans if len(p[2]) == fewest)

    def _chunks(self, box: Box, header, rows, widths, size) -> list[list[int]]:
        hh = self._row_height(header, widths, size)
        chunks: list[list[int]] = [[]]
        used = hh
        for i, r in enumerate(rows):
            h = self._row_height(r, widths, size)
            if chunks[-1] and used + h > box.h:
                chunks.append([])
                used = hh
            chunks[-1].append(i)
            used += h
        return chunks

    # --- the end ----------------------------------------------------------------------------------------------
    def finish(self) -> None:
        """The built-in style's footer: the branch on the left, 'n / N' on the right."""
        if not self.builtin:
            return
        n = len(self.prs.slides)
        w, h = self.prs.slide_width, self.prs.slide_height
        for i, slide in enumerate(self.prs.slides, 1):
            if i == 1:
                continue
            box = Box(Inches(0.5), h - Inches(0.45), w - Inches(1.0), Inches(0.35))
            tb = slide.shapes.add_textbox(box.x, box.y, box.w, box.h)
            tb.name = "footer"
            tf = tb.text_frame
            self.write(tf, [Line(f"{self.footer}    {i} / {n}".strip(), colour="#888888", bullet=False)], 9.0)
            tf.paragraphs[0].alignment = PP_ALIGN.RIGHT
