"""The commented starting files that ``clausegen init`` and ``clausegen profile init`` write."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path

_INLINE_BUYER = re.compile(r"^buyer: +# required\n(?:  .*\n)+", re.MULTILINE)


def starter_description(
    buyer: str | os.PathLike[str] | None = None, *, path: str | os.PathLike[str] | None = None
) -> str:
    """Return the commented starting contract description written by ``clausegen init``.

    Args:
        buyer: a buyer profile (``clausegen profile init``) for the ``buyer`` field, instead
            of the inline buyer; written relative to the folder of ``path``.
        path: where the description will be written (the current folder's file when None).
    """
    text = (resources.files("clausegen") / "data" / "starter.yaml").read_text(encoding="utf-8")
    if buyer is None:
        return text
    folder = Path(path).parent if path is not None else Path()
    relative = Path(os.path.relpath(Path(buyer), folder)).as_posix()
    line = f"buyer: {json.dumps(relative, ensure_ascii=False)}"
    return _INLINE_BUYER.sub(f"{line:<37}# the buyer profile: contacts, defaults, charter\n", text)


def starter_profile() -> str:
    """Return the commented starting profile written by ``clausegen profile init``."""
    data = resources.files("clausegen") / "data" / "profile-starter.yaml"
    return data.read_text(encoding="utf-8")
