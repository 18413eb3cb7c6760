"""Reference tables: default rates and hourly costs per contract kind, labour shares per trade.

The values are data, in ``clausegen/data/*.yaml`` shipped inside the package, each with the
origin that the calculation trace prints. This module only reads and checks them.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from clausegen.errors import ReferenceDataError
from clausegen.i18n import _
from clausegen.inputs import InputRefusal, read_input
from clausegen.limits import current
from clausegen.numbers import NumberFormatError, parse_decimal
from clausegen.read import yamlreader
from clausegen.validate.models import ContractKind

#: Marker of unsourced presets, also used by the warning of domain.md A3.
INDICATIVE = "indicatif — à valider avec le facilitateur"


@dataclass(frozen=True)
class SourcedValue:
    """A default value and where it comes from."""

    value: Decimal
    origin: str


@dataclass(frozen=True)
class KindDefaults:
    """Defaults of one contract kind (domain.md A2).

    Attributes:
        kind: the contract kind.
        label: the French name of the kind, for documents.
        rate: the default insertion rate, or None when there is none (supplies).
        hourly_cost: the default hourly labour cost, € excl. VAT.
    """

    kind: ContractKind
    label: str
    rate: SourcedValue | None
    hourly_cost: SourcedValue


@dataclass(frozen=True)
class TradePreset:
    """The labour share (and maybe hourly cost) that a trade usually has.

    Attributes:
        key: the preset key used in contract descriptions (``maconnerie``).
        label: the French name of the trade.
        labour_share: the share of the amount excl. VAT that is labour.
        hourly_cost: the trade's own hourly cost, when the source gives one.
        sourced: False for placeholders ("indicatif"), which trigger a warning when used.
        origin: the source, or the "indicatif" notice.
    """

    key: str
    label: str
    labour_share: Decimal
    hourly_cost: Decimal | None
    sourced: bool
    origin: str


@dataclass(frozen=True)
class Thresholds:
    """Below these values clausegen warns (domain.md A3); they never block."""

    minimum_insertion_hours: SourcedValue
    minimum_amount: SourcedValue
    minimum_duration_months: SourcedValue


@dataclass(frozen=True)
class ReferenceData:
    """Everything clausegen assumes when the user did not say: the lowest precedence level."""

    hours_per_fte: SourcedValue
    thresholds: Thresholds
    kinds: dict[ContractKind, KindDefaults]
    trades: dict[str, TradePreset]

    def closest_trades(self, key: str, extra: tuple[str, ...] = ()) -> list[str]:
        """Return up to three known trade keys close to ``key``, for error messages."""
        return difflib.get_close_matches(key, [*self.trades, *extra], n=3, cutoff=0.5)


@functools.cache
def default_reference() -> ReferenceData:
    """Load the reference tables shipped with clausegen (read once per process).

    Raises:
        ReferenceDataError: if a shipped table is broken (a packaging mistake).
    """
    data = resources.files("clausegen") / "data"
    return load_reference(
        kinds=Path(str(data / "kinds.yaml")), trades=Path(str(data / "trades.yaml"))
    )


def load_reference(*, kinds: Path, trades: Path) -> ReferenceData:
    """Read and check the two reference tables.

    Raises:
        ReferenceDataError: naming the file and the entry that is wrong.
    """
    kinds_data = read_table(kinds)
    general = _mapping(kinds_data.get("general"), kinds, "general")
    thresholds = _mapping(general.get("thresholds"), kinds, "general.thresholds")
    kind_table = _mapping(kinds_data.get("kinds"), kinds, "kinds")
    kind_defaults: dict[ContractKind, KindDefaults] = {}
    for kind in ContractKind:
        entry = _mapping(kind_table.get(kind.value), kinds, f"kinds.{kind.value}")
        rate = entry.get("rate")
        kind_defaults[kind] = KindDefaults(
            kind=kind,
            label=_text(entry.get("label"), kinds, f"kinds.{kind.value}.label"),
            rate=None if rate is None else _sourced(rate, kinds, f"kinds.{kind.value}.rate"),
            hourly_cost=_sourced(
                entry.get("hourly_cost"), kinds, f"kinds.{kind.value}.hourly_cost"
            ),
        )
    trade_table = read_table(trades)
    presets: dict[str, TradePreset] = {}
    for key, raw in trade_table.items():
        entry = _mapping(raw, trades, str(key))
        cost = entry.get("hourly_cost")
        presets[str(key)] = TradePreset(
            key=str(key),
            label=_text(entry.get("label"), trades, f"{key}.label"),
            labour_share=_number(entry.get("labour_share"), trades, f"{key}.labour_share"),
            hourly_cost=None if cost is None else _number(cost, trades, f"{key}.hourly_cost"),
            sourced=entry.get("sourced") is True,
            origin=_text(entry.get("origin"), trades, f"{key}.origin"),
        )
    return ReferenceData(
        hours_per_fte=_sourced(general.get("hours_per_fte"), kinds, "general.hours_per_fte"),
        thresholds=Thresholds(
            minimum_insertion_hours=_sourced(
                thresholds.get("minimum_insertion_hours"), kinds, "minimum_insertion_hours"
            ),
            minimum_amount=_sourced(thresholds.get("minimum_amount"), kinds, "minimum_amount"),
            minimum_duration_months=_sourced(
                thresholds.get("minimum_duration_months"), kinds, "minimum_duration_months"
            ),
        ),
        kinds=kind_defaults,
        trades=presets,
    )


def read_table(path: Path) -> dict[str, Any]:
    """Read a table as any input file: a bounded read and a bounded YAML document.

    Raises:
        ReferenceDataError: naming the file, when it cannot be read or is not a mapping.
    """
    limits = current()
    try:
        raw = read_input(path, limit=limits.description_bytes, limit_name="description_bytes")
        loaded, _node = yamlreader.load(raw.decode("utf-8-sig"), limits)
    except InputRefusal as refusal:
        raise ReferenceDataError(source=path, message=refusal.message) from None
    except UnicodeDecodeError:
        message = _("is not UTF-8 text; save the file as UTF-8")
        raise ReferenceDataError(source=path, message=message) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(part for part in (error.context, error.problem) if part)[:200]
        message = (
            _("cannot be read: {reason}").format(reason=what)
            if mark is None
            else _("line {line}: cannot be read: {reason}").format(line=mark.line + 1, reason=what)
        )
        raise ReferenceDataError(source=path, message=message) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        message = " ".join(str(error).split())[:200]
        message = _("cannot be read: {reason}").format(reason=message)
        raise ReferenceDataError(source=path, message=message) from None
    return _mapping(loaded, path, "")


def _mapping(value: object, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        message = _("{where}: must be a mapping").format(where=where or _("file"))
        raise ReferenceDataError(source=path, message=message)
    return value


def _text(value: object, path: Path, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        message = _("{where}: must be a non-empty text").format(where=where)
        raise ReferenceDataError(source=path, message=message)
    return value


def _number(value: object, path: Path, where: str) -> Decimal:
    try:
        number = parse_decimal(value)
    except NumberFormatError as error:
        raise ReferenceDataError(source=path, message=f"{where}: {error}") from error
    if number <= 0:
        message = _("{where}: must be greater than 0").format(where=where)
        raise ReferenceDataError(source=path, message=message)
    return number


def _sourced(value: object, path: Path, where: str) -> SourcedValue:
    entry = _mapping(value, path, where)
    return SourcedValue(
        value=_number(entry.get("value"), path, f"{where}.value"),
        origin=_text(entry.get("origin"), path, f"{where}.origin"),
    )
