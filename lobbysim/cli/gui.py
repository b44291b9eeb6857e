"""``lobbysim gui [FILE] [--screenshot OUT.png] [--lang zh|en]``: the floor-plan editor."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser(
        "gui",
        help="open the floor-plan editor",
        description="Open the editor, optionally with a layout. With --screenshot, render the "
        "window (1366x768) with the file loaded to a PNG and exit (works without a display: "
        "QT_QPA_PLATFORM=offscreen).",
    )
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--screenshot", default=None, metavar="OUT.png")
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="interface language (default: the one chosen last in the editor's Language menu)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from lobbysim.model.fileformat import load_layout

    layout = load_layout(args.file) if args.file else None  # a bad file is reported before any window opens
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from lobbysim.ui.editor_window import screenshot

        screenshot(args.file, args.screenshot, args.lang)
        print(args.screenshot)
        return 0
    from lobbysim.ui.editor_window import EditorWindow
    from lobbysim.ui.qt_app import ensure_app

    app = ensure_app()
    # the quick KPI estimate after each edit, in the interactive editor
    w = EditorWindow(layout, args.file, args.lang, estimate=True)
    w.show()
    w.view.fit()
    w.recovery.offer()
    return app.exec()
