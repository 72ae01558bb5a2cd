"""``python -m docgen``: the command line, with the import path of the ``docgen`` console script."""

import os
import sys

# -m put the current directory (usually the analysed repository) first on sys.path; docgen itself
# is already imported, so drop it before anything else is, as the console script never has it.
# (os and sys are loaded before the directory is added: pathlib is not, so it cannot be used here.)
if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):  # noqa: PTH109
    del sys.path[0]

from docgen.cli import main

if __name__ == "__main__":
    sys.exit(main())
