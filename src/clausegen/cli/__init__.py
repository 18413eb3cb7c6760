"""Command-line interface of clausegen: a thin click layer over the library."""

from clausegen.cli import _documents as _documents
from clausegen.cli import _eforms as _eforms
from clausegen.cli import _followup as _followup
from clausegen.cli import _obligation as _obligation
from clausegen.cli import _opendata as _opendata
from clausegen.cli import _profiles as _profiles
from clausegen.cli import _serve as _serve
from clausegen.cli import _templates as _templates
from clausegen.cli._app import add_common_options, main

add_common_options(main)

__all__ = ["main"]
