"""The bundle's windowed program ``lobbysim-gui`` (no console window on Windows)."""

import sys

if __name__ == "__main__":
    from lobbysim.cli.windowed import main

    sys.exit(main())
