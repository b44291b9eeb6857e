"""lobbysim: a floor-plan editor and lobby-flow simulator for bank branches.

Layers (imports point down, never up):
    cli -> ui -> report -> experiments -> sim -> geo -> model
Only ``lobbysim.ui`` (and the ``gui`` command of the CLI) may import PySide6.
"""

__version__ = "0.1.0"
