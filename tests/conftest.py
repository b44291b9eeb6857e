import os
import tempfile

# Qt runs offscreen in tests (no display on CI)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# settings and recovery copies of the editor go to a throw-away folder, never the user's
os.environ.setdefault("LOBBYSIM_CONFIG_DIR", tempfile.mkdtemp(prefix="lobbysim-test-config-"))


import pytest  # noqa: E402

if hasattr(os, "register_at_fork"):
    import sys

    # A forked worker (the CLI's and the runner's process pools fork on Linux) inherits the
    # coverage tracer of `pytest --cov` but its data is never saved (workers leave by os._exit):
    # it would only trace every line of its simulations for nothing, doubling their time.
    os.register_at_fork(after_in_child=lambda: sys.settrace(None))


@pytest.fixture(scope="session")
def pool():
    """Two worker processes shared by every test that simulates from the editor (started once)."""
    from lobbysim.experiments.runner import LocalPoolExecutor, choose_start_method

    ex = LocalPoolExecutor(2, start_method=choose_start_method(threads=True))
    yield ex
    ex.close()


@pytest.fixture
def make_editor(qtbot, request):
    """A factory of shown editor windows on a layout. Their dialogs are answered: error messages
    are collected in ``window.errors``, discard and stop-the-run prompts say yes, so no modal
    dialog ever opens in a test. ``pool=True`` lends them the shared worker pool."""

    def make(layout=None, path=None, lang="en", size=(1200, 800), fit=True, pool=False, estimate=False):
        from lobbysim.ui.editor_window import EditorWindow
        from lobbysim.ui.qt_app import ensure_app

        ensure_app()
        w = EditorWindow(layout, path, lang=lang, estimate=estimate)
        w.ask_discard = lambda: True
        w.ask_stop_run = lambda: True
        w.errors = []
        w.show_error = w.errors.append
        if pool:
            w.jobs.use_executor(request.getfixturevalue("pool"))
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.wait(10)
        if fit:
            w.view.fit()
        return w

    return make


@pytest.fixture
def make_scenario_editor(qtbot):
    """A factory of shown scenario editors on a layout with a scenario file loaded; errors are
    collected in ``editor.errors`` instead of a dialog."""

    def make(layout, scenario_path, size=(1200, 780), lang="en"):
        from lobbysim.ui.qt_app import ensure_app
        from lobbysim.ui.scenario_editor import ScenarioEditor

        ensure_app()
        w = ScenarioEditor(layout, lang)
        w.errors = []
        w.show_error = w.errors.append
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        assert w.load(str(scenario_path))
        return w

    return make
