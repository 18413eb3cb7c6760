"""A contract's open-data (DECP) considerations, worded for ``clausegen decp``."""

from __future__ import annotations

from clausegen.compute.decp import DecpFragment
from clausegen.i18n import _


def decp_as_text(fragment: DecpFragment) -> str:
    """Return the fragment as readable lines, for ``clausegen decp``."""
    lines = [
        f"{fragment.reference} — {fragment.objet}",
        "",
        f"considerationsSociales: {', '.join(fragment.social)}",
        f"considerationsEnvironnementales: {', '.join(fragment.environmental)}",
    ]
    if fragment.cpv is not None:
        lines.append(f"codeCPV: {fragment.cpv}")
    if fragment.duration_months is not None:
        lines.append(f"dureeMois: {fragment.duration_months}")
    lines += ["", _("Why:"), *(f"  - {reason}" for reason in fragment.reasons)]
    return "\n".join(lines) + "\n"
