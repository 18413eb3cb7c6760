"""Figures: how each kind of number in a description is read, and the range it must lie in.

This is the one place where the bounds of figures are stated (the README lists them). A
figure beyond them is a typing slip — a few digits too many, a cost per hour of a
ten-millionth of a euro — and is an error on its field; keeping every figure in range, with
at most six decimals, also keeps the exact computation away from the limits of decimal
arithmetic (see :data:`~clausegen.numbers.DECIMAL_CONTEXT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from clausegen.characters import group_digits
from clausegen.i18n import N_, _
from clausegen.numbers import NumberFormatError, parse_decimal, plain
from clausegen.validate.fields import invalid

_NUMBER_PATTERN = r"^\s*[+-]?\d[\d\s\u00a0\u202f.,]*\s*(%|€|€ ?HT|€ ?/ ?h|h|heures|mois)?\s*$"


#: What a figure that is not a number must be (the command line recognises it).
NUMBER_FORMAT = N_('must be a number such as 1200000, "1 200 000" or "1 200 000,50"')
#: What a rate that is not a number must be.
RATE_FORMAT = N_('must be a rate such as 0.05, "0,05" or "5 %"')


class FigureError(ValueError):
    """Raised when a figure cannot be read or is out of its range; the message says why."""


@dataclass(frozen=True)
class NumberRule:
    """How one kind of figure is read and which values it admits.

    Attributes:
        description: the JSON Schema description.
        unit: how messages name the unit (``€ excl. VAT``), empty for rates.
        maximum: the largest value admitted.
        minimum: the smallest value admitted, when it is more than just "positive".
        percent: whether ``"5 %"`` is accepted (the value is then divided by 100).
        units: trailing unit words that may follow the number.
        allow_zero: whether 0 is admitted.
        decimals: the most decimals the value may have.
    """

    description: str
    unit: str
    maximum: Decimal
    minimum: Decimal | None = None
    percent: bool = False
    units: tuple[str, ...] = ()
    allow_zero: bool = False
    decimals: int = 6

    def read(self, raw: object) -> Decimal:
        """Read ``raw`` as a Decimal and check it; raise :class:`FigureError` with the message."""
        try:
            value = parse_decimal(raw, percent=self.percent, units=self.units)
        except NumberFormatError:
            message = _(RATE_FORMAT) if self.percent else _(NUMBER_FORMAT)
            raise FigureError(message) from None
        problem = self.problem(value)
        if problem is not None:
            raise FigureError(problem)
        return value

    def problem(self, value: Decimal) -> str | None:
        """Say why ``value`` is out of this kind of figure's range, or None when it is not."""
        if self.percent and self.maximum == 1 and (value < 0 or value > 1):
            return _("must be between 0 and 1")
        if value < 0 or (value == 0 and not self.allow_zero):
            return _("must be 0 or more") if self.allow_zero else _("must be greater than 0")
        if (self.minimum is not None and value < self.minimum) or value > self.maximum:
            return self._range()
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimals:
            return _("must have at most {count} decimals").format(count=self.decimals)
        return None

    def _range(self) -> str:
        unit = f" {_(self.unit)}" if self.unit else ""
        if self.minimum is None:
            return _("must be at most {maximum}").format(maximum=_figure(self.maximum)) + unit
        return (
            _("must be between {minimum} and {maximum}").format(
                minimum=_figure(self.minimum), maximum=_figure(self.maximum)
            )
            + unit
        )

    def validate(self, raw: object) -> Decimal:
        """Read and check ``raw`` for pydantic, with the user-facing message."""
        try:
            return self.read(raw)
        except FigureError as error:
            raise invalid(kind="number", message=str(error)) from None

    def validator(self) -> BeforeValidator:
        """Return the pydantic validator that reads and checks this kind of figure."""
        return BeforeValidator(self.validate)

    def schema(self) -> WithJsonSchema:
        """Return the JSON Schema of this kind of figure: a number, or text such as "5 %"."""
        bound: dict[str, Any] = {"minimum" if self.allow_zero else "exclusiveMinimum": 0}
        if self.minimum is not None:
            bound = {"minimum": _json_number(self.minimum)}
        bound["maximum"] = _json_number(self.maximum)
        return WithJsonSchema(
            {
                "description": self.description,
                "anyOf": [
                    {"type": "number", **bound},
                    {"type": "string", "pattern": _NUMBER_PATTERN},
                ],
            }
        )


def _figure(value: Decimal) -> str:
    text = plain(value)
    whole, _, decimals = text.partition(".")
    grouped = group_digits(int(whole))
    return f"{grouped},{decimals}" if decimals else grouped


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: Amounts in euros excl. VAT: up to a thousand billion euros.
AMOUNT = NumberRule(
    'Amount in euros excl. VAT, e.g. 1200000 or "1 200 000,50"; at most 10^12.',
    unit=N_("€ excl. VAT"),
    maximum=Decimal(10**12),
    units=("€ HT", "€HT", "€", "EUR"),
)
#: Loaded labour costs (and penalties) per hour: from 1 to 10 000 € an hour.
HOURLY_COST = NumberRule(
    'Euros excl. VAT per hour, e.g. 35 or "35,50"; between 1 and 10000.',
    unit=N_("€ excl. VAT per hour"),
    minimum=Decimal(1),
    maximum=Decimal(10_000),
    units=("€ HT/h", "€/h", "€ / h", "€"),
)
#: A lot's labour volume: up to a billion hours.
HOURS = NumberRule(
    "A number of hours, greater than 0; at most 10^9.",
    unit=N_("hours"),
    maximum=Decimal(10**9),
    units=("heures", "h"),
)
#: Hours of one full-time equivalent a year: from 100 to the 8 784 hours of a leap year.
HOURS_PER_FTE = NumberRule(
    "Hours of one full-time equivalent a year, e.g. 1607; between 100 and 8784.",
    unit=N_("hours (a leap year has 8 784)"),
    minimum=Decimal(100),
    maximum=Decimal(8_784),
    units=("heures", "h"),
)
#: Monthly hours of staff to take over: up to ten million hours a month.
MONTHLY_HOURS = NumberRule(
    "Hours per month, 0 or more; at most 10^7.",
    unit=N_("hours a month"),
    maximum=Decimal(10**7),
    units=("h/mois", "heures", "h"),
    allow_zero=True,
)
#: Contract durations: up to fifty years.
MONTHS = NumberRule(
    "A duration in months, greater than 0; at most 600.",
    unit=N_("months"),
    maximum=Decimal(600),
    units=("mois",),
)
#: Rates and shares: more than 0, at most 1 (100 %).
RATE = NumberRule(
    'A rate between 0 (excluded) and 1, e.g. 0.05, "0,05" or "5 %".',
    unit="",
    maximum=Decimal(1),
    percent=True,
    decimals=8,
)

Amount = Annotated[Decimal, AMOUNT.validator(), AMOUNT.schema()]
HourlyCost = Annotated[Decimal, HOURLY_COST.validator(), HOURLY_COST.schema()]
Hours = Annotated[Decimal, HOURS.validator(), HOURS.schema()]
HoursPerFte = Annotated[Decimal, HOURS_PER_FTE.validator(), HOURS_PER_FTE.schema()]
MonthlyHours = Annotated[Decimal, MONTHLY_HOURS.validator(), MONTHLY_HOURS.schema()]
Months = Annotated[Decimal, MONTHS.validator(), MONTHS.schema()]
Rate = Annotated[Decimal, RATE.validator(), RATE.schema()]
