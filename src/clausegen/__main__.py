"""Allow ``python -m clausegen``."""

from clausegen.cli import main

if __name__ == "__main__":
    main(prog_name="clausegen")
