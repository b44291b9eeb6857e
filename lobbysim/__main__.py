import sys

from lobbysim.cli import main

sys.exit(main())
