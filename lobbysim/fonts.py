"""A font that has Chinese glyphs, on any machine.

Prefer a CJK font installed on the system (Microsoft YaHei, PingFang, Noto Sans CJK,
Source Han Sans, WenQuanYi ...); otherwise use Noto Sans CJK SC shipped by the ``mplfonts``
package, a dependency of lobbysim, so charts and the editor show Chinese as glyphs, not boxes,
on a fresh machine. Pure: matplotlib's font manager only, no Qt.
"""

from __future__ import annotations

import os
from functools import lru_cache

#: the one CJK font file the desktop bundle ships (from mplfonts)
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"

SYSTEM_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Heiti SC",
    "Hiragino Sans GB",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Path of a font file with Chinese glyphs (a system font, else the bundled Noto Sans CJK SC)."""
    from matplotlib import font_manager

    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for fam in SYSTEM_FAMILIES:
        if fam in by_name and os.path.exists(by_name[fam]):
            return by_name[fam]
    from lobbysim.frozen import bundle_dir

    bundled = bundle_dir()
    if bundled is not None:  # the desktop bundle ships one CJK font instead of all of mplfonts
        p = bundled / "lobbysim" / "fonts" / BUNDLED_FONT
        if p.exists():
            return str(p)
    try:
        import mplfonts
    except ImportError:  # pragma: no cover - mplfonts is a dependency
        raise RuntimeError("no Chinese font found: install a CJK font or the 'mplfonts' package") from None
    folder = os.path.join(os.path.dirname(mplfonts.__file__), "fonts")
    for name in (BUNDLED_FONT, "SourceHanSansSC-Regular.otf", "NotoSansMonoCJKsc-Regular.otf"):
        candidate = os.path.join(folder, name)
        if os.path.exists(candidate):
            return candidate
    raise RuntimeError(f"no Chinese font found in {folder}")  # pragma: no cover


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """Register the CJK font with matplotlib and return its family name."""
    import logging

    from matplotlib import font_manager

    # the CJK font has no bold face: matplotlib falls back to regular, which is fine; do not log it
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def font_properties():
    """FontProperties of the registered CJK font (for a single text that must show Chinese)."""
    from matplotlib import font_manager

    cjk_family()
    return font_manager.FontProperties(fname=cjk_font_path())


def font_families() -> list[str]:
    """The font family list for Chinese and Latin text: the CJK font first, DejaVu Sans after."""
    return [cjk_family(), "DejaVu Sans"]


def has_cff_outlines(path: str) -> bool:
    """True for an OpenType font with PostScript (CFF) outlines, e.g. Noto Sans CJK .otf, or a
    collection holding one: matplotlib can embed those in a PDF only as Type 3 fonts (as Type 42
    it writes the CFF data where a TrueType program belongs, which strict readers reject)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if head[:4] == b"ttcf":  # a collection: look at the first font's header
                fh.seek(int.from_bytes(head[12:16], "big"))
                head = fh.read(4)
    except OSError:
        return False
    return head[:4] == b"OTTO"


def pdf_fonttype() -> int:
    """42 (TrueType, selectable text) for a TrueType-flavoured CJK font, else 3."""
    return 3 if has_cff_outlines(cjk_font_path()) else 42


def use_fonts() -> None:
    """Make every figure drawn in this process use the fonts of ``font_rc`` (set globally and left
    set: a temporary rc context is not safe when the editor draws a chart in the GUI thread while
    a worker thread writes a report, since leaving one context restores the other's fonts
    mid-drawing and Chinese comes out as boxes)."""
    import matplotlib

    wanted = font_rc()
    if any(matplotlib.rcParams.get(k) != v for k, v in wanted.items()):
        matplotlib.rcParams.update(wanted)


def font_rc() -> dict:
    """rc settings that make text use DejaVu Sans for Latin and the CJK font for Chinese."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": font_families(),
        "axes.unicode_minus": False,
        "pdf.fonttype": pdf_fonttype(),
        "svg.fonttype": "path",
    }
