"""The public API of lobbysim.model is annotated and documented (issue 18).

Public means: every module of the package, and every class and function a module defines whose
name does not start with an underscore, with the public methods and properties of those classes.
A method that overrides a documented one inherits its docstring (as ``help()`` shows it). mypy
checks the annotations of every function of the package (``disallow_untyped_defs`` for
``lobbysim.model.*`` in pyproject.toml); this test checks the public ones again, so that the
claim holds where mypy is not run.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator

import lobbysim.model as model


def _members(cls: type) -> Iterator[tuple[str, Callable]]:
    for name, m in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(m, property) and m.fget is not None:
            yield name, m.fget
        elif isinstance(m, (staticmethod, classmethod)):
            yield name, m.__func__
        elif inspect.isfunction(m):
            yield name, m


def _public_api() -> Iterator[tuple[str, object, Callable | None]]:
    """(qualified name, the object to read the docstring of, the function to read annotations of)."""
    for info in pkgutil.iter_modules(model.__path__):
        mod = importlib.import_module(f"{model.__name__}.{info.name}")
        yield mod.__name__, mod, None
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isclass(obj):
                yield f"{mod.__name__}.{name}", obj, None
                for mname, func in _members(obj):
                    attr = inspect.getattr_static(obj, mname)
                    yield (
                        f"{mod.__name__}.{name}.{mname}",
                        getattr(obj, mname) if not isinstance(attr, property) else attr,
                        func,
                    )
            elif inspect.isfunction(obj):
                yield f"{mod.__name__}.{name}", obj, obj


def _documented(name: str, obj: object) -> bool:
    doc = inspect.getdoc(obj)
    if not doc:
        return False
    # a dataclass without a docstring gets its signature as one: that is not documentation
    short = name.rsplit(".", 1)[-1]
    return not (inspect.isclass(obj) and doc.startswith(f"{short}("))


def _annotated(func: Callable) -> bool:
    sig = inspect.signature(func)
    params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
    return sig.return_annotation is not inspect.Signature.empty and all(
        p.annotation is not inspect.Parameter.empty for p in params
    )


def test_the_public_api_is_there_to_check():
    names = {n for n, _, _ in _public_api()}
    # the walk finds the API a user of the package calls (a broken walk would pass vacuously)
    for expected in (
        "lobbysim.model.fileformat.load_layout",
        "lobbysim.model.layout.Layout.fixtures",
        "lobbysim.model.elements.Fixture.service_point",
        "lobbysim.model.commands.MacroCommand.apply",
        "lobbysim.model.jsonio.Reader.number",
        "lobbysim.model.validate",
    ):
        assert expected in names
    assert len(names) > 120


def test_every_public_name_has_a_docstring():
    missing = [n for n, obj, _ in _public_api() if not _documented(n, obj)]
    assert missing == []


def test_every_public_function_is_annotated():
    missing = [n for n, _, func in _public_api() if func is not None and not _annotated(func)]
    assert missing == []


def test_the_package_says_it_is_typed():
    """PEP 561: the installed package carries py.typed, so type checkers read its annotations."""
    import tomllib
    from pathlib import Path

    root = Path(model.__file__).resolve().parents[2]
    assert (root / "lobbysim" / "py.typed").is_file()
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["lobbysim"]
