"""The reference tables (defaults, trade presets, thresholds) for ``clausegen rates``.

As JSON, the figures are exact strings (``"0.05"``) in every language; as text, headings and
prose are in the language of messages and figures are written for people
(:func:`clausegen.readable.figure`).
"""

from __future__ import annotations

from typing import Any

from clausegen.i18n import N_, _
from clausegen.numbers import plain
from clausegen.present.obligation import percent, table
from clausegen.readable import figure
from clausegen.resolve.reference import ReferenceData

__all__ = ["reference_as_json", "reference_as_text"]


def reference_as_json(reference: ReferenceData) -> dict[str, Any]:
    """Return the defaults and presets with their origin, as ``clausegen rates --json``."""
    return {
        "hours_per_fte": {
            "value": plain(reference.hours_per_fte.value),
            "origin": reference.hours_per_fte.origin,
        },
        "thresholds": {
            name: {"value": plain(value.value), "origin": value.origin}
            for name, value in (
                ("minimum_insertion_hours", reference.thresholds.minimum_insertion_hours),
                ("minimum_amount", reference.thresholds.minimum_amount),
                ("minimum_duration_months", reference.thresholds.minimum_duration_months),
            )
        },
        "kinds": {
            kind.value: {
                "label": defaults.label,
                "rate": None
                if defaults.rate is None
                else {"value": plain(defaults.rate.value), "origin": defaults.rate.origin},
                "hourly_cost": {
                    "value": plain(defaults.hourly_cost.value),
                    "origin": defaults.hourly_cost.origin,
                },
            }
            for kind, defaults in reference.kinds.items()
        },
        "trades": {
            key: {
                "label": preset.label,
                "labour_share": plain(preset.labour_share),
                "hourly_cost": None if preset.hourly_cost is None else plain(preset.hourly_cost),
                "sourced": preset.sourced,
                "origin": preset.origin,
            }
            for key, preset in reference.trades.items()
        },
    }


def reference_as_text(reference: ReferenceData) -> str:
    """Return the defaults and presets as readable tables, for ``clausegen rates``.

    Headings and prose are in the language of messages, figures too (:func:`figure`); the
    contract kinds and trade keys are those users write, and the origins are quoted from the
    reference data as they are.
    """
    lines = [
        _("Defaults per contract kind (used when the lot, contract and buyer say nothing):"),
        "",
    ]
    kind_rows = [
        [
            kind.value,
            _("none") if d.rate is None else percent(d.rate.value),
            _("{amount} €/h").format(amount=figure(d.hourly_cost.value)),
            d.hourly_cost.origin if d.rate is None else f"{d.rate.origin} / {d.hourly_cost.origin}",
        ]
        for kind, d in reference.kinds.items()
    ]
    header = [_("Kind"), _("Rate"), _("Hourly cost"), _("Origin (rate / hourly cost)")]
    lines += table(header, kind_rows, {1, 2})
    per_fte = reference.hours_per_fte
    lines += [
        "",
        _("Hours per FTE: {hours} ({origin})").format(
            hours=figure(per_fte.value), origin=per_fte.origin
        ),
        "",
        _("Trade presets (labour share of the amount excl. VAT):"),
        "",
    ]
    trade_rows = [
        [
            key,
            percent(preset.labour_share),
            ""
            if preset.hourly_cost is None
            else _("{amount} €/h").format(amount=figure(preset.hourly_cost)),
            _("sourced") if preset.sourced else _("indicatif"),
            preset.origin,
        ]
        for key, preset in reference.trades.items()
    ]
    header = [_("Trade"), _("Share"), _("Hourly cost"), _("Status"), _("Origin")]
    lines += table(header, trade_rows, {1, 2})
    return "\n".join([*lines, "", *_thresholds(reference)]) + "\n"


def _thresholds(reference: ReferenceData) -> list[str]:
    """The thresholds below which ``clausegen hours`` warns, for ``clausegen rates``."""
    thresholds = reference.thresholds
    return [
        _("Warnings below:"),
        *(
            "  " + _(text).format(value=figure(threshold.value), origin=threshold.origin)
            for text, threshold in (
                (
                    N_("{value} insertion hours per lot ({origin})"),
                    thresholds.minimum_insertion_hours,
                ),
                (N_("{value} € excl. VAT per lot ({origin})"), thresholds.minimum_amount),
                (N_("{value} months of contract ({origin})"), thresholds.minimum_duration_months),
            )
        ),
    ]
