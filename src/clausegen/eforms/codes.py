"""The eForms code lists: which codes exist, and their French labels.

The vendored Genericode files (``sdk/codelists/*.gc``) are read with lxml; each is known by
the list name that notices write in ``@listName`` and that the field definitions name in
``codeList.value.id`` (``reserved-execution`` lives in ``applicability_reserved-execution.gc``,
a list tailored from ``applicability``). The XML Schema does not constrain codes: these lists
are the only check that a code exists.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from clausegen.eforms.sdk import SDK_DIR, parse_sdk_xml

#: The list of BT-5421 (the kind of an award criterion's weight) is not in the vendored
#: subset; clausegen writes only this code of it, as read in the SDK's number-weight.gc.
NUMBER_WEIGHT = "number-weight"
PERCENT_EXACT = "per-exa"
_NOT_VENDORED = {
    NUMBER_WEIGHT: {PERCENT_EXACT: "Pondération (pourcentage, valeur exacte)"},
}


@dataclass(frozen=True)
class CodeList:
    """One code list: its name, its codes and their French labels.

    Attributes:
        name: the list name, as in ``@listName`` (``strategic-procurement``).
        labels: the French label (``fra_label``) of each code, in the file's order.
        source: the file it was read from, relative to the SDK folder; empty for the
            ``number-weight`` entry, which is not vendored.
    """

    name: str
    labels: Mapping[str, str]
    source: str

    def __contains__(self, code: object) -> bool:
        return code in self.labels

    def label(self, code: str) -> str:
        """Return the French label of ``code``.

        Raises:
            KeyError: when the list has no such code.
        """
        return self.labels[code]


def _read_list(relative: str) -> CodeList:
    root = parse_sdk_xml(relative).getroot()
    identification = root.find("Identification")
    name = next(
        (
            element.text or ""
            for element in ([] if identification is None else identification.iter("LongName"))
            if element.get("Identifier") is None
        ),
        "",
    )
    labels: dict[str, str] = {}
    for row in root.iter("Row"):
        values = {
            value.get("ColumnRef"): (value.findtext("SimpleValue") or "")
            for value in row.iter("Value")
        }
        code = values.get("code")
        if code:
            labels[code] = values.get("fra_label") or values.get("Name") or code
    return CodeList(name=name, labels=MappingProxyType(labels), source=relative)


@functools.cache
def code_lists() -> Mapping[str, CodeList]:
    """Return every code list clausegen knows, by list name, read once per process."""
    lists: dict[str, CodeList] = {}
    for path in sorted((SDK_DIR / "codelists").glob("*.gc")):
        code_list = _read_list(path.relative_to(SDK_DIR).as_posix())
        lists[code_list.name] = code_list
    for name, labels in _NOT_VENDORED.items():
        lists.setdefault(name, CodeList(name=name, labels=MappingProxyType(labels), source=""))
    return MappingProxyType(lists)


def french_label(list_name: str, code: str) -> str:
    """Return the French label of ``code`` in the list ``list_name``.

    Raises:
        KeyError: when the list or the code does not exist.
    """
    return code_lists()[list_name].label(code)
