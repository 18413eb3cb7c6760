"""The fields of a published DECP record that the read-back uses, and how each is checked.

The values are those of the DECP 2.0.3 schema (``considerationSociale``: "Clause sociale",
"Critère social", "Marché réservé" — "Concession réservée" for a concession —, "Pas de
considération sociale"), whose names :mod:`clausegen.compute.decp` already writes, plus
"Sans objet", which the consolidated tabular files write instead of "Pas de considération
sociale" (and they join several values with ", " in one column).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from clausegen.characters import excerpt
from clausegen.compute.decp import NO_SOCIAL, RESERVED, SOCIAL_CLAUSE, SOCIAL_CRITERION
from clausegen.dates import DateFormatError, parse_date
from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.user_values import describe_input

#: What the consolidated files write for "no social consideration".
NOT_APPLICABLE = "Sans objet"
#: The reservation value of a concession record.
RESERVED_CONCESSION = "Concession réservée"

WORKS = "Travaux"
SUPPLIES = "Fournitures"
SERVICES = "Services"
CONCESSION = "Concession"
UNKNOWN_KIND = "Non renseigné"

_VALUES = {
    SOCIAL_CLAUSE.casefold(): SOCIAL_CLAUSE,
    SOCIAL_CRITERION.casefold(): SOCIAL_CRITERION,
    RESERVED.casefold(): RESERVED,
    RESERVED_CONCESSION.casefold(): RESERVED,
    NO_SOCIAL.casefold(): NO_SOCIAL,
    NOT_APPLICABLE.casefold(): NO_SOCIAL,
}
_KNOWN = (
    f'"{SOCIAL_CLAUSE}", "{SOCIAL_CRITERION}", "{RESERVED}", "{RESERVED_CONCESSION}", '
    f'"{NO_SOCIAL}" or "{NOT_APPLICABLE}"'
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})([T ][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?\s*")
_CPV_DIVISION = re.compile(r"\s*(\d{2})\d{6}(-\d)?\s*")


@dataclass(frozen=True)
class SocialConsiderations:
    """What a record's ``considerationsSociales`` says.

    Attributes:
        clause: "Clause sociale" is among the values.
        criterion: "Critère social" is among them.
        reserved: "Marché réservé" (or "Concession réservée") is among them.
        stated: the record gives at least one value (an empty field states nothing).
    """

    clause: bool = False
    criterion: bool = False
    reserved: bool = False
    stated: bool = True

    @property
    def any(self) -> bool:
        """Whether the record has at least one social consideration."""
        return self.clause or self.criterion or self.reserved


def social_considerations(
    raw: object, path: str
) -> tuple[SocialConsiderations | None, list[Problem]]:
    """Read ``considerationsSociales``: a list of values, or text joined with commas.

    Some exports join with semicolons: those separate values too.

    Returns:
        The considerations, or None with the problems found (an unknown value, "Pas de
        considération sociale" beside another value, something that is not text).
    """
    if raw is None:
        return SocialConsiderations(stated=False), []
    if isinstance(raw, str):
        # NOTE: no DECP value holds a comma or a semicolon; some exports join with "; ".
        items: Sequence[object] = re.split("[,;]", raw)
    elif isinstance(raw, list):
        items = raw
    else:
        return None, [Problem(path=path, message=_("must be a list of values or a text"))]
    values: list[str] = []
    problems: list[Problem] = []
    for item in items:
        if not isinstance(item, str):
            message = _("must hold texts (got {value})").format(value=describe_input(item))
            problems.append(Problem(path=path, message=message))
            continue
        if not item.strip():
            continue
        value = _VALUES.get(" ".join(item.split()).casefold())
        if value is None:
            message = _("unknown value {value}; DECP writes {known}")
            problems.append(
                Problem(
                    path=path, message=message.format(value=excerpt(item.strip()), known=_KNOWN)
                )
            )
        elif value not in values:
            values.append(value)
    if NO_SOCIAL in values and len(values) > 1:
        message = _('"{none}" (or "{not_applicable}") cannot stand beside another value')
        message = message.format(none=NO_SOCIAL, not_applicable=NOT_APPLICABLE)
        problems.append(Problem(path=path, message=message))
    if problems:
        return None, problems
    return (
        SocialConsiderations(
            clause=SOCIAL_CLAUSE in values,
            criterion=SOCIAL_CRITERION in values,
            reserved=RESERVED in values,
            stated=bool(values),
        ),
        [],
    )


def notification_date(raw: object, path: str) -> tuple[datetime.date | None, list[Problem]]:
    """Read a date as :func:`clausegen.dates.parse_date` does; an ISO date may have a time.

    ``2024-05-15`` (a time or time zone may follow), ``15/05/2024``, ``15/05/24`` or
    ``15.05.2024``.
    """
    text = raw if isinstance(raw, str) else ""
    iso = _ISO_DATE.fullmatch(text)
    try:
        return parse_date(f"{iso[1]}-{iso[2]}-{iso[3]}" if iso is not None else text), []
    except DateFormatError as error:
        shown = _("nothing") if raw in (None, "") else describe_input(raw)
        message = _("{error} (got {value})").format(error=error, value=shown)
        return None, [Problem(path=path, message=message)]


def kind_of_cpv(cpv: object) -> str:
    """Return the kind of purchase of a CPV code, "Non renseigné" without a valid code.

    Its division (first two digits) tells: 45 is works, 01 to 44 and 48 supplies, the
    others services.
    """
    match = _CPV_DIVISION.fullmatch(cpv) if isinstance(cpv, str) else None
    if match is None:
        return UNKNOWN_KIND
    division = int(match[1])
    if division == 45:
        return WORKS
    return SUPPLIES if division < 45 or division == 48 else SERVICES


def kind_of_type(written: str, cpv: object) -> str:
    """Return the kind from the consolidated files' ``type`` column, else from the CPV code."""
    text = written.strip()
    folded = text.casefold()
    for prefix, kind in (("trav", WORKS), ("fourn", SUPPLIES), ("serv", SERVICES)):
        if folded.startswith(prefix):
            return kind
    return text or kind_of_cpv(cpv)
