"""The bundled samples and templates, wherever lobbysim is installed.

In a checkout (and an editable install) they are the repository's ``layouts/`` folder; a built
wheel or a frozen bundle carries a copy inside the package, ``lobbysim/samples_data/``, which the
build puts there (see ``setup.py``). Code never builds a path to ``layouts/`` itself: it asks
:func:`sample_file` or :func:`samples_root`.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from lobbysim.errors import FileReadError, UsageError

#: the folder inside the package where a wheel or a bundle carries the samples
PACKAGED = "samples_data"

#: the sample a new window and the Simulate dock start from
DEFAULT_LAYOUT = "railway_station/after.lobby.json"
DEFAULT_SCENARIO = "railway_station/scenario.json"
EMPTY_TEMPLATE = "templates/empty.lobby.json"


def samples_root() -> Path:
    """The folder holding the samples: the packaged copy if there is one, else the checkout's
    ``layouts/`` (a source tree or an editable install)."""
    here = Path(__file__).resolve().parent
    frozen = getattr(sys, "_MEIPASS", None)
    for candidate in (
        here / PACKAGED,
        Path(frozen) / "lobbysim" / PACKAGED if frozen else None,
        here.parent / "layouts",
    ):
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FileReadError(
        "lobbysim's bundled samples are missing from this installation (reinstall lobbysim)", path=str(here)
    )


def sample_file(relative: str) -> Path:
    """A bundled file by its path relative to the samples folder (``railway_station/scenario.json``)."""
    p = samples_root() / relative
    if not p.is_file():
        raise FileReadError("is not one of lobbysim's bundled samples", path=relative)
    return p


@dataclass(frozen=True)
class Sample:
    """One bundled branch or template: a folder of layouts and at most one scenario."""

    name: str
    folder: Path
    layouts: tuple[str, ...]
    scenario: str | None

    def describe(self) -> str:
        parts = [", ".join(self.layouts)]
        if self.scenario:
            parts.append(f"scenario {self.scenario}")
        return f"{self.name}: " + "; ".join(parts)


def list_samples() -> list[Sample]:
    """Every bundled sample folder, sorted by name."""
    out = []
    root = samples_root()
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        layouts = tuple(sorted(p.name for p in folder.glob("*.lobby.json")))
        scen = sorted(p.name for p in folder.glob("*.json") if not p.name.endswith(".lobby.json"))
        if layouts or scen:
            out.append(Sample(folder.name, folder, layouts, scen[0] if scen else None))
    return out


def copy_samples(dest: str | Path, names: list[str] | None = None) -> list[Path]:
    """Copy the bundled samples (all, or those named) into ``dest``/NAME for editing; an existing
    folder of the same name is never overwritten. Returns the folders written."""
    samples = list_samples()
    known = {s.name: s for s in samples}
    chosen = samples if not names else []
    for n in names or []:
        if n not in known:
            raise UsageError(f"no bundled sample '{n}'; the samples are: {', '.join(sorted(known))}")
        chosen.append(known[n])
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise FileReadError("is a file, not a folder to copy the samples into", path=str(dest))
    clash = [str(dest / s.name) for s in chosen if (dest / s.name).exists()]
    if clash:
        raise FileReadError("already exists; remove it or copy elsewhere (nothing was copied)", path=clash[0])
    written = []
    for s in chosen:
        target = dest / s.name
        tmp = dest / f".{s.name}.copying"
        try:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copytree(s.folder, tmp, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            tmp.rename(target)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(target)) from None
        written.append(target)
    return written
