"""Text on slides: how tall a text is in its box, the largest font size that fits, and the fonts
of a run (the Latin typeface and the East-Asian one, ``a:ea``, that PowerPoint and WPS use for
Chinese).

A slide's text is measured before it is written, so nothing overflows its box: Chinese with the
CJK font ``lobbysim.fonts`` finds (Noto Sans CJK SC, whose Chinese glyphs are one em wide like
Microsoft YaHei's and whose line height, 1.45 em, is above YaHei's 1.32), Latin with DejaVu Sans
(wider than Arial or Calibri). Both err on the large side: a text that fits by this measure fits
in PowerPoint, WPS and LibreOffice. Lines break as they do there: between Chinese characters, at
spaces between Latin words, never before Chinese closing punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement

#: points per inch, and EMU (the file's unit) per point
PT_PER_IN = 72.0
EMU_PER_PT = 12700

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|\s+|[^\s\u2e80-\u9fff\uf900-\uffef]+")
#: characters a line never starts with (Chinese line-breaking rules)
_NO_LINE_START = set("，。；：、）》」』”’！？%…·,.;:!?)]}")
#: the default text insets of a PowerPoint text box: 0.1 in left and right, 0.05 in top and bottom
INSET_LR_PT, INSET_TB_PT = 7.2, 3.6


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=1)
def _fonts():
    from matplotlib import font_manager
    from PIL import ImageFont

    from lobbysim.fonts import cjk_font_path

    cjk = ImageFont.truetype(cjk_font_path(), 100)
    latin = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 100)
    return cjk, latin


@lru_cache(maxsize=1)
def _line_factors() -> tuple[float, float]:
    """Line height in ems of a line with Chinese and of a Latin-only line (single spacing)."""
    cjk, latin = _fonts()
    a, d = cjk.getmetrics()
    la, ld = latin.getmetrics()
    return (a + d) / 100.0, max(1.2, (la + ld) / 100.0)


@lru_cache(maxsize=20000)
def _token_ems(tok: str) -> float:
    cjk, latin = _fonts()
    font = cjk if _CJK.match(tok) else latin
    return font.getlength(tok) / 100.0


def text_width_pt(text: str, size: float) -> float:
    """Width of one line of ``text`` at ``size`` points."""
    return sum(_token_ems(t) for t in _TOKENS.findall(text)) * size


def wrap_lines(text: str, width_pt: float, size: float) -> list[str]:
    """The lines ``text`` takes in a box ``width_pt`` wide at ``size`` points ('\\n' breaks too)."""
    out: list[str] = []
    for para in text.split("\n"):
        out += _wrap_one(para, width_pt, size)
    return out


def _wrap_one(text: str, width_pt: float, size: float) -> list[str]:
    limit = max(width_pt, size) / size  # ems per line (at least one character)
    lines: list[str] = []
    cur, w = "", 0.0
    for tok in _TOKENS.findall(text):
        tw = _token_ems(tok)
        hangs = tok.isspace() or tok[0] in _NO_LINE_START  # stays on the line even past its end
        if not (hangs or w + tw <= limit or not cur.strip()):
            lines.append(cur.rstrip())
            cur, w = "", 0.0
        if tw > limit and not hangs and not _CJK.match(tok):
            # a Latin word longer than a line: broken by character, as PowerPoint does
            for ch in tok:
                cw = _token_ems(ch)
                if w + cw > limit and cur.strip():
                    lines.append(cur.rstrip())
                    cur, w = "", 0.0
                cur += ch
                w += cw
            continue
        cur += tok
        w += tw
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box: its text, its size relative to the box's size (1 = the box's),
    the left indent it loses (points) and the space before it (in lines)."""

    text: str
    scale: float = 1.0
    indent_pt: float = 0.0
    space_before: float = 0.0
    line_spacing: float = 1.0


def para_height_pt(p: Para, width_pt: float, size: float) -> float:
    s = size * p.scale
    cjk_f = _line_factors()[0]
    return _lines_height(p.text, round(width_pt - p.indent_pt, 2), s) * p.line_spacing + p.space_before * s * cjk_f


@lru_cache(maxsize=50000)
def _lines_height(text: str, width_pt: float, size: float) -> float:
    cjk_f, latin_f = _line_factors()
    return sum((cjk_f if has_cjk(ln) else latin_f) * size for ln in wrap_lines(text, width_pt, size))


def text_height_pt(paras: list[Para], width_pt: float, size: float) -> float:
    """Estimated height of the paragraphs in a box ``width_pt`` wide (insets not included)."""
    return sum(para_height_pt(p, width_pt, size) for p in paras)


def fits(paras: list[Para], box_w_pt: float, box_h_pt: float, size: float, insets: bool = True) -> bool:
    w = box_w_pt - (2 * INSET_LR_PT if insets else 0.0)
    h = box_h_pt - (2 * INSET_TB_PT if insets else 0.0)
    return text_height_pt(paras, w, size) <= h + 1e-6


def fit_size(paras: list[Para], box_w_pt: float, box_h_pt: float, start: float, smallest: float) -> float | None:
    """The largest size from ``start`` down to ``smallest`` (half points) at which the paragraphs fit
    the box, or None when they do not fit even at ``smallest``."""
    size = float(start)
    while size >= smallest - 1e-9:
        if fits(paras, box_w_pt, box_h_pt, size):
            return size
        size -= 0.5
    return None


# --- fonts of a run ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeckFonts:
    """The typefaces named in the deck: ``east_asian`` for Chinese (``a:ea``), ``latin`` for the
    rest (``a:latin``). Microsoft YaHei (微软雅黑) is on every Chinese office's Windows machine and
    WPS maps it; PowerPoint shows a run's Chinese in its ``a:ea`` font, so both are named."""

    east_asian: str = "Microsoft YaHei"
    latin: str = "Arial"


#: PANOSE and character set Office writes for Microsoft YaHei (GB2312), so a viewer without the
#: font picks a similar one
_YAHEI = {"panose": "020B0503020204020204", "pitchFamily": "34", "charset": "-122"}


def set_run_fonts(run, fonts: DeckFonts) -> None:
    """Name the Latin and the East-Asian typeface on a run (and mark Chinese text as zh-CN)."""
    rpr = run._r.get_or_add_rPr()
    latin = rpr.get_or_add_latin()
    latin.set("typeface", fonts.latin)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    for k in list(ea.attrib):
        del ea.attrib[k]
    ea.set("typeface", fonts.east_asian)
    if fonts.east_asian.lower().replace(" ", "") in ("microsoftyahei", "微软雅黑"):
        for k, v in _YAHEI.items():
            ea.set(k, v)
    if has_cjk(run.text):
        rpr.set("lang", "zh-CN")
        rpr.set("altLang", "en-US")
    else:
        rpr.set("lang", "en-US")


def run_fonts(run) -> tuple[str | None, str | None]:
    """(Latin typeface, East-Asian typeface) named on a run (None where not named)."""
    rpr = run._r.find(qn("a:rPr"))
    if rpr is None:
        return None, None
    latin, ea = rpr.find(qn("a:latin")), rpr.find(qn("a:ea"))
    return (None if latin is None else latin.get("typeface")), (None if ea is None else ea.get("typeface"))


# --- checking a written frame ------------------------------------------------------------------------------------
def frame_paras(
    text_frame, bullet_indent_pt: float, bullets: bool = True, default_size: float = 18.0
) -> tuple[list[Para], float]:
    """The paragraphs of a written text frame as ``Para`` (size relative to the first run's) and
    that size: what ``fits`` needs to check a frame after the fact."""
    sizes = [r.font.size.pt for p in text_frame.paragraphs for r in p.runs if r.font.size is not None]
    base = sizes[0] if sizes else default_size
    paras = []
    for p in text_frame.paragraphs:
        size = next((r.font.size.pt for r in p.runs if r.font.size is not None), base)
        ppr = p._p.pPr
        bullet = bullets and (ppr is None or ppr.find(qn("a:buNone")) is None)
        before = p.space_before.pt / (size * _line_factors()[0]) if p.space_before is not None else 0.0
        paras.append(Para(p.text, size / base, bullet_indent_pt if bullet else 0.0, before))
    return paras, base


def overflow_pt(shape, bullet_indent_pt: float) -> float:
    """How far a shape's text is estimated to run past the bottom of its box (points, <= 0: fits)."""
    tf = shape.text_frame
    paras, size = frame_paras(tf, bullet_indent_pt, bullets=shape.is_placeholder)
    w = shape.width / EMU_PER_PT - (tf.margin_left + tf.margin_right) / EMU_PER_PT
    h = shape.height / EMU_PER_PT - (tf.margin_top + tf.margin_bottom) / EMU_PER_PT
    return text_height_pt(paras, w, size) - h
