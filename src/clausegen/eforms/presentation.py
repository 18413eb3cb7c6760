"""The eForms values as a buyer reads them: a French table, or JSON for other tools."""

from __future__ import annotations

from typing import Any

from clausegen.eforms.notice import EformsNotice
from clausegen.eforms.sdk import SDK_VERSION

_HEADINGS = ("Lot", "Champ", "Valeur", "Libellé")


def notice_as_table(notice: EformsNotice) -> str:
    """Return the values as a French table, lot by lot, for typing them into a form.

    Codes are followed by their French label from the SDK's code lists; texts and numbers
    stand alone, written in full, so that they can be copied as they are.
    """
    fields = notice.fields()
    lot_width = max(len(_HEADINGS[0]), *(len(field.lot) for field in fields))
    field_width = max(len(_HEADINGS[1]), *(len(field.field) for field in fields))
    coded = [len(field.value) for field in fields if field.label_fr is not None]
    value_width = max(len(_HEADINGS[2]), *coded) if coded else len(_HEADINGS[2])

    def line(lot: str, name: str, value: str, label: str | None) -> str:
        if label is None:
            return f"{lot:<{lot_width}}  {name:<{field_width}}  {value}".rstrip()
        return f"{lot:<{lot_width}}  {name:<{field_width}}  {value:<{value_width}}  {label}"

    lines = [
        f"Avis eForms du marché {notice.reference} — sous-type d'avis {notice.subtype}",
        "Valeurs à reporter, lot par lot, dans le formulaire de publication "
        f"(eForms SDK {SDK_VERSION}).",
        "",
        line(*_HEADINGS),
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
