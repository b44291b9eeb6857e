"""Build hook: a wheel (and a bundle built from it) carries the samples inside the package.

The samples live in the repository's top-level ``layouts/`` folder, where consultants and the
README find them; ``build_py`` copies them into ``lobbysim/samples_data/`` of the build, so an
installed lobbysim finds them with ``lobbysim.samples.samples_root()`` (an editable install uses
``layouts/`` directly). Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithSamples(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        src = HERE / "layouts"
        dst = Path(self.build_lib) / "lobbysim" / "samples_data"
        if dst.exists():
            shutil.rmtree(dst)
        for f in sorted(src.rglob("*.json")):
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)


setup(cmdclass={"build_py": BuildPyWithSamples})
