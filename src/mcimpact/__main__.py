"""``python -m mcimpact`` and the ``mcimpact`` console script.

The command line is imported inside the guard, so that Ctrl-C while Python is still
loading it ends with exit code 130 and no traceback, like Ctrl-C at any later moment."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.exit(128 + 2)
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
