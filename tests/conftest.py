import os
import tempfile

# Qt runs offscreen in tests (no display on CI)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# settings and recovery copies of the editor go to a throw-away folder, never the user's
os.environ.setdefault("LOBBYSIM_CONFIG_DIR", tempfile.mkdtemp(prefix="lobbysim-test-config-"))


import pytest  # noqa: E402


@pytest.fixture
def make_editor(qtbot):
    """A factory of shown editor windows on a layout, whose error dialogs are collected in
    ``window.errors`` and whose discard prompts say yes."""

    def make(layout, path=None, lang="en", size=(1200, 800), fit=True):
        from lobbysim.ui.editor_window import EditorWindow
        from lobbysim.ui.qt_app import ensure_app

        ensure_app()
        w = EditorWindow(layout, path, lang=lang)
        w.ask_discard = lambda: True
        w.errors = []
        w.show_error = w.errors.append
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.wait(10)
        if fit:
            w.view.fit()
        return w

    return make
