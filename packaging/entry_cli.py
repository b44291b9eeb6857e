"""The bundle's console program ``lobbysim``."""

import sys

from lobbysim.frozen import prepare

if __name__ == "__main__":
    prepare()
    from lobbysim.cli import main

    sys.exit(main())
