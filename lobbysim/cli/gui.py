"""``lobbysim gui [FILE] [--screenshot OUT.png] [--lang zh|en]``: the floor-plan editor."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser(
        "gui",
        help="open the floor-plan editor",
        description="Open the editor, optionally with a layout. With --screenshot, render the "
        "window with the file loaded to a PNG and exit (works without a display: "
        "QT_QPA_PLATFORM=offscreen).",
    )
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--screenshot", default=None, metavar="OUT.png")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from lobbysim.model.fileformat import load_layout

    if args.file:
        load_layout(args.file)  # a bad file is reported on the command line before any window opens
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from lobbysim.ui.editor_window import screenshot

        screenshot(args.file, args.screenshot, args.lang)
        print(args.screenshot)
        return 0
    from lobbysim.ui.editor_window import EditorWindow
    from lobbysim.ui.qt_app import ensure_app

    app = ensure_app()
    w = EditorWindow(load_layout(args.file) if args.file else None, args.file, args.lang)
    from lobbysim.ui.addons import install_addons

    install_addons(w, estimate=True)  # the quick KPI estimate after each edit, in the interactive editor
    w.show()
    w.view.fit()
    w.offer_recovery()
    return app.exec()
