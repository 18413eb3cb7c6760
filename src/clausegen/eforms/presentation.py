"""The eForms values as a buyer reads them: a table, or JSON for other tools.

The table's words follow the language of messages; the labels of codes are the SDK's French
ones whatever the language (the notice is published in French).
"""

from __future__ import annotations

from typing import Any

from clausegen.eforms.notice import EformsNotice
from clausegen.eforms.sdk import SDK_VERSION
from clausegen.i18n import N_, _

_HEADINGS = (N_("Lot"), N_("Field"), N_("Value"), N_("Label"))


def notice_as_table(notice: EformsNotice) -> str:
    """Return the values as a table, lot by lot, for typing them into a form.

    Codes are followed by their French label from the SDK's code lists; texts and numbers
    stand alone, written in full, so that they can be copied as they are.
    """
    fields = notice.fields()
    headings = [_(heading) for heading in _HEADINGS]
    lot_width = max(len(headings[0]), *(len(field.lot) for field in fields))
    field_width = max(len(headings[1]), *(len(field.field) for field in fields))
    coded = [len(field.value) for field in fields if field.label_fr is not None]
    value_width = max(len(headings[2]), *coded) if coded else len(headings[2])

    def line(lot: str, name: str, value: str, label: str | None) -> str:
        if label is None:
            return f"{lot:<{lot_width}}  {name:<{field_width}}  {value}".rstrip()
        return f"{lot:<{lot_width}}  {name:<{field_width}}  {value:<{value_width}}  {label}"

    lines = [
        _("eForms notice of the contract {reference} — notice subtype {subtype}").format(
            reference=notice.reference, subtype=notice.subtype
        ),
        _(
            "Values to carry over, lot by lot, into the publication form (eForms SDK {version})."
        ).format(version=SDK_VERSION),
        "",
        line(*headings),
    ]
    previous = None
    for field in fields:
        if previous is not None and field.lot != previous:
            lines.append("")
        previous = field.lot
        lines.append(line(field.lot, field.field, field.value, field.label_fr))
    return "\n".join(lines) + "\n"


def notice_as_json(notice: EformsNotice) -> list[dict[str, Any]]:
    """Return the values as a list of ``{"lot", "field", "value", "label_fr"}``."""
    return [
        {"lot": field.lot, "field": field.field, "value": field.value, "label_fr": field.label_fr}
        for field in notice.fields()
    ]
