import sys

from lobbysim.cli import main

# guarded: worker processes started with 'spawn' or 'forkserver' import this module too
if __name__ == "__main__":
    sys.exit(main())
