"""Where the deck's slides come from: a client's template (its master and layouts) or the built-in
style.

A template's layouts are found by what their placeholders are, never by their names, which are
often localised ("标题和内容", "Titel und Inhalt"): a *title* layout has a title and a subtitle, a
*content* layout a title and one body, a *two-content* layout a title and two bodies side by side.
A template that cannot be read as a deck, or lacks one of the three, gives way to the built-in
style, and the notice says why. The built-in style is python-pptx's default master stretched to
16:9, with the report's colours applied by the slide builder.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

from lobbysim.errors import FileReadError

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)

#: 16:9 at PowerPoint's default width
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)

#: the built-in style's boxes (inches): title, content, the two halves, the footer line
BUILTIN_BOXES = {
    "title": (0.5, 0.3, 12.333, 0.85),
    "body": (0.5, 1.35, 12.333, 5.6),
    "left": (0.5, 1.35, 6.05, 5.6),
    "right": (6.783, 1.35, 6.05, 5.6),
    "centre_title": (0.9, 2.0, 11.533, 1.5),
    "subtitle": (0.9, 3.75, 11.533, 3.0),
}


@dataclass
class Layouts:
    """The three layouts the deck uses, and which placeholder of each holds what (by idx)."""

    title: object
    content: object
    two: object
    #: idx of the content layout's body, and of the two-content layout's left and right bodies
    body_idx: int = 1
    two_idx: tuple[int, int] = (1, 2)
    subtitle_idx: int = 1


@dataclass
class Opened:
    prs: object
    layouts: Layouts
    builtin: bool
    notices: list[str] = field(default_factory=list)


def _types(layout) -> list[tuple[int, object, object]]:
    return [(p.placeholder_format.idx, p.placeholder_format.type, p) for p in layout.placeholders]


def _has_title(layout) -> bool:
    return any(t in TITLE_TYPES for _, t, _ in _types(layout))


def _bodies(layout) -> list[tuple[int, object]]:
    """The body placeholders of a layout (vertical-text ones left out)."""
    return [(i, p) for i, t, p in _types(layout) if t in BODY_TYPES and p._element.ph.get("orient") != "vert"]


def _area(*phs) -> float:
    return float(sum((p.width or 0) * (p.height or 0) for p in phs))


def find_layouts(prs) -> tuple[Layouts | None, str]:
    """The title, content and two-content layouts of a deck by their placeholder types (of several
    candidates the one with the largest body), or (None, what is missing)."""
    titles, contents, twos = [], [], []
    for layout in prs.slide_layouts:
        if not _has_title(layout):
            continue
        subs = [i for i, t, _ in _types(layout) if t == PP_PLACEHOLDER.SUBTITLE]
        bodies = _bodies(layout)
        if subs:
            titles.append((layout, subs[0]))
        elif len(bodies) == 1:
            contents.append((_area(bodies[0][1]), layout, bodies[0][0]))
        elif len(bodies) == 2:
            (i0, p0), (i1, p1) = sorted(bodies, key=lambda b: b[1].left or 0)
            w0, w1 = p0.width or 0, p1.width or 0
            side_by_side = (p0.left or 0) + w0 <= (p1.left or 0) + Inches(0.2)
            alike = min(w0, w1) >= 0.7 * max(w0, w1, 1) and abs((p0.top or 0) - (p1.top or 0)) < Inches(0.5)
            if side_by_side and alike:  # two equal halves, not a caption beside a picture
                twos.append((_area(p0, p1), layout, (i0, i1)))
    missing = [
        name
        for name, found in (
            ("a title layout (title and subtitle)", titles),
            ("a title-and-content layout", contents),
            ("a two-content layout (two bodies side by side)", twos),
        )
        if not found
    ]
    if missing:
        return None, "has no " + " and no ".join(missing)
    content = max(contents, key=lambda c: c[0])  # max keeps the first of equals
    two = max(twos, key=lambda c: c[0])
    return Layouts(titles[0][0], content[1], two[1], content[2], two[2], titles[0][1]), ""


def _read_template(path: Path):
    """The template as a Presentation; a .potx (PowerPoint template) is read as the deck it makes."""
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if b"presentationml.template.main+xml" in types:
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                    for item in z.infolist():
                        blob = z.read(item.filename)
                        if item.filename == "[Content_Types].xml":
                            blob = blob.replace(
                                b"presentationml.template.main+xml", b"presentationml.presentation.main+xml"
                            )
                        out.writestr(item, blob)
                data = buf.getvalue()
    except (zipfile.BadZipFile, KeyError):
        pass  # Presentation() below says it is no deck
    return Presentation(io.BytesIO(data))


def _drop_slides(prs) -> None:
    """Remove the slides a template comes with (its masters and layouts stay)."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def builtin() -> Opened:
    """python-pptx's default master at 16:9, its placeholders moved to the built-in style's boxes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    layouts, _ = find_layouts(prs)
    assert layouts is not None  # the default master has all three
    boxes = {
        id(layouts.title): {0: "centre_title", layouts.subtitle_idx: "subtitle"},
        id(layouts.content): {0: "title", layouts.body_idx: "body"},
        id(layouts.two): {0: "title", layouts.two_idx[0]: "left", layouts.two_idx[1]: "right"},
    }
    for lay in (layouts.title, layouts.content, layouts.two):
        for ph in lay.placeholders:
            name = boxes[id(lay)].get(ph.placeholder_format.idx)
            if name is None:  # date, footer, slide number: the builder writes its own footer
                ph._element.getparent().remove(ph._element)
                continue
            x, y, w, h = (Inches(v) for v in BUILTIN_BOXES[name])
            ph.left, ph.top, ph.width, ph.height = x, y, w, h
    for ph in prs.slide_master.placeholders:
        ph.left = int(ph.left * SLIDE_W / Inches(10))
        ph.width = int(ph.width * SLIDE_W / Inches(10))
    return Opened(prs, layouts, True)


def open_deck(template: str | None) -> Opened:
    """The client's template (its slides removed), or the built-in style with a notice saying why."""
    if template is None:
        return builtin()
    path = Path(template)
    if not path.is_file():
        raise FileReadError("template not found" if not path.exists() else "template is not a file", path=str(path))
    try:
        prs = _read_template(path)
    except OSError as exc:
        raise FileReadError(f"template cannot be read ({exc.strerror or exc})", path=str(path)) from None
    except Exception:  # python-pptx raises several kinds for a file that is no deck
        out = builtin()
        out.notices.append(f"{path}: is not a PowerPoint deck or template (.pptx, .potx); using the built-in style")
        return out
    layouts, missing = find_layouts(prs)
    if layouts is None:
        out = builtin()
        out.notices.append(f"{path}: {missing}; using the built-in style")
        return out
    _drop_slides(prs)
    return Opened(prs, layouts, False)
