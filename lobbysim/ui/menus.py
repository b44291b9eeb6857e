"""The editor's menus as one declarative table: every menu and action with its English text,
the translation context it is looked up in, its shortcut and what it calls.

:func:`build_menus` makes the menus once; :func:`retranslate_menus` only relabels them (a
language switch never rebuilds a menu, so nothing that holds an action loses it). The actions
are kept by key in ``window.menu_actions``; the parts of the window that enable, check or uncheck one
(the result exports, the overlays) look it up there.

A slot is a function of the window returning the callable to run, so the table names what
happens in a line and is read before anything is built; a checkable action's callable gets
the new state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .i18n_text import tr

Slot = Callable[..., Callable[..., object]]


@dataclass(frozen=True)
class Act:
    key: str
    text: str
    slot: Slot
    shortcut: QKeySequence.StandardKey | str | None = None
    context: str = "EditorWindow"
    checkable: bool = False
    checked: bool = False
    #: False for texts shown as they are in every language (the language names)
    translate: bool = True
    #: actions of one group are exclusive
    group: str = ""


@dataclass(frozen=True)
class Given:
    """An action a part of the window makes itself (the undo stack's, a dock's toggle)."""

    get: Callable[..., QAction]


@dataclass(frozen=True)
class Menu:
    key: str
    text: str
    entries: tuple = ()
    context: str = "EditorWindow"
    #: fills the menu each time it opens (recent files)
    fill: Callable[..., object] | None = None


SEPARATOR = None


def open_suggest(window):
    """Simulate > Suggest placements… (lobbysim.ui.suggest_view, imported when first used)."""
    from .suggest_view import open_suggest as open_dialog

    return open_dialog(window)


OVERLAYS = (
    ("heat", "Result: occupancy heat map"),
    ("flows", "Result: customer flow lines"),
    ("staff", "Result: staff paths"),
)
ALIGN = (
    ("left", "Align left"),
    ("right", "Align right"),
    ("top", "Align top"),
    ("bottom", "Align bottom"),
    ("hcenter", "Centre horizontally"),
    ("vcenter", "Centre vertically"),
)

MENUS = (
    Menu(
        "file",
        "File",
        (
            Act("new", "New", lambda w: w.new_file, QKeySequence.New),
            Act("open", "Open…", lambda w: w.open_dialog, QKeySequence.Open),
            Act("open_sample", "Open sample", lambda w: w.open_sample),
            Act("save", "Save", lambda w: w.save, QKeySequence.Save),
            Act("save_as", "Save as…", lambda w: w.save_as, QKeySequence.SaveAs),
            Act("import_dxf", "Import DXF…", lambda w: w.import_dxf_dialog),
            Act("import_queue_log", "Import queue log…", lambda w: w.open_queue_log_import, context="QueueLogImport"),
            Menu("recent", "Recent files", fill=lambda w, menu: w.fill_recent(menu)),
            Menu(
                "export",
                "Export",
                (
                    Act(
                        "export_figures",
                        "Figures (PNG/SVG)…",
                        lambda w: w.result_exports.export_figures_dialog,
                        context="Results",
                    ),
                    Act(
                        "export_tables",
                        "Tables (XLSX)…",
                        lambda w: w.result_exports.export_tables_dialog,
                        context="Results",
                    ),
                ),
                context="Results",
            ),
            SEPARATOR,
            Act("quit", "Quit", lambda w: w.close, QKeySequence.Quit),
        ),
    ),
    Menu(
        "edit",
        "Edit",
        (
            Given(lambda w: w.undo_action),
            Given(lambda w: w.redo_action),
            SEPARATOR,
            Act("delete", "Delete", lambda w: w.delete_selected, QKeySequence.Delete),
            Act("copy", "Copy", lambda w: w.copy_selected, QKeySequence.Copy),
            Act("paste", "Paste", lambda w: w.paste, QKeySequence.Paste),
            Act("duplicate", "Duplicate", lambda w: w.duplicate_selected, "Ctrl+D"),
            Act("rotate", "Rotate 90°", lambda w: partial(w.rotate_selected, 90.0), "Ctrl+R"),
            Menu(
                "align",
                "Align",
                tuple(Act(f"align_{h}", t, lambda w, h=h: partial(w.align_selected, h)) for h, t in ALIGN),
            ),
        ),
    ),
    Menu(
        "view",
        "View",
        (
            Act("fit", "Fit to plan", lambda w: w.view.fit),
            Act(
                "sightlines",
                "Sightlines of the selected staff",
                lambda w: w.sight_overlay.set_enabled,
                context="SightOverlay",
                checkable=True,
                checked=True,
            ),
            SEPARATOR,
            *(
                Act(
                    f"overlay_{k}",
                    t,
                    lambda w, k=k: partial(w.result_overlays.set_enabled, k),
                    context="ResultOverlays",
                    checkable=True,
                )
                for k, t in OVERLAYS
            ),
            SEPARATOR,
            Given(lambda w: w.docks["Results"].toggleViewAction()),
        ),
    ),
    Menu(
        "simulate",
        "Simulate",
        (
            Act("run", "Run", lambda w: w.sim.run),
            Act("compare_with", "Compare with…", lambda w: w.sim.pick_compare),
            Act("compare_variants", "Compare variants…", lambda w: w.open_compare),
            Act("assign", "Assign staff to posts…", lambda w: w.open_assign),
            Act("suggest", "Suggest placements…", lambda w: partial(open_suggest, w), context="Suggest"),
            Act("export_report", "Export report…", lambda w: w.export_report_dialog),
            Act("export_deck", "Export deck…", lambda w: w.open_deck_export, context="DeckExport"),
            Act("robustness", "Robustness…", lambda w: w.open_robustness, context="Robustness"),
        ),
    ),
    Menu(
        "scenario",
        "Scenario",
        (Act("edit_scenario", "Edit scenario…", lambda w: w.scenario_editor.open, context="ScenarioEditor"),),
        context="ScenarioEditor",
    ),
    Menu(
        "background",
        "Background",
        (
            Act("background_load", "Load image…", lambda w: w.load_background_dialog, context="Background"),
            Act(
                "background_calibrate",
                "Calibrate (click two points)",
                lambda w: w.background.start_calibration,
                context="Background",
            ),
            Act("background_opacity", "Opacity…", lambda w: w.background_opacity_dialog, context="Background"),
            Act("background_remove", "Remove", lambda w: w.background.remove, context="Background"),
        ),
        context="Background",
    ),
    Menu(
        "language",
        "Language",
        tuple(
            Act(
                f"lang_{code}",
                name,
                lambda w, c=code: partial(w.set_language, c),
                checkable=True,
                translate=False,
                group="language",
            )
            for code, name in (("en", "English"), ("zh", "中文"))
        ),
    ),
)


def walk(entries=MENUS):
    """Every Menu and Act of the table, depth first."""
    for e in entries:
        if isinstance(e, (Menu, Act)):
            yield e
        if isinstance(e, Menu):
            yield from walk(e.entries)


def _call(window, slot: Slot, *args) -> None:
    slot(window)(*args)


def build_menus(window, table=MENUS) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Make the window's menu bar from the table: (actions by key, menus by key)."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}

    def fill(menu: QMenu, entries) -> None:
        for e in entries:
            if e is SEPARATOR:
                menu.addSeparator()
            elif isinstance(e, Given):
                menu.addAction(e.get(window))
            elif isinstance(e, Menu):
                sub = menu.addMenu("")
                menus[e.key] = sub
                if e.fill is not None:
                    sub.aboutToShow.connect(partial(e.fill, window, sub))
                fill(sub, e.entries)
            else:
                a = QAction(window)
                if e.shortcut is not None:
                    a.setShortcut(QKeySequence(e.shortcut))
                if e.checkable:
                    a.setCheckable(True)
                    a.setChecked(e.checked)
                if e.checkable and not e.group:  # a toggle: its callable gets the new state
                    a.toggled.connect(partial(_call, window, e.slot))
                else:  # a command, or one choice of a group (checking it in code calls nothing)
                    a.triggered.connect(lambda _checked=False, s=e.slot: _call(window, s))
                if e.group:
                    groups.setdefault(e.group, QActionGroup(window)).addAction(a)
                menu.addAction(a)
                actions[e.key] = a

    bar = window.menuBar()
    for m in table:
        menu = bar.addMenu("")
        menus[m.key] = menu
        fill(menu, m.entries)
    return actions, menus


def retranslate_menus(window, lang: str, table=MENUS) -> None:
    """Relabel every menu and action of the table in ``lang``."""
    for e in walk(table):
        text = tr(e.context, e.text, lang) if not isinstance(e, Act) or e.translate else e.text
        if isinstance(e, Menu):
            window.menus[e.key].setTitle(text)
        else:
            window.menu_actions[e.key].setText(text)


__all__ = ["Act", "Given", "Menu", "MENUS", "SEPARATOR", "build_menus", "retranslate_menus", "walk"]
