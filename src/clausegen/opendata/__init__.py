"""Reading back a buyer's published open data (DECP) against a target.

The share of contracts with a social consideration, by year and kind of purchase.

``social_shares(["decp-2024.json", "decp-consolide.csv"], target=Decimal("0.30"))`` reads
DECP records in the JSON of format 2.0.3 or the consolidated CSV shape; ``shares_as_json``
and ``shares_as_text`` present the figures.
"""

from clausegen.opendata.reading import read_decp
from clausegen.opendata.records import DecpReading, DecpRecord, RejectedRecord
from clausegen.opendata.shares import (
    NATIONAL_TARGET,
    OpenDataShares,
    ShareFigures,
    YearShares,
    shares_as_json,
    shares_as_text,
    social_shares,
)

__all__ = [
    "NATIONAL_TARGET",
    "DecpReading",
    "DecpRecord",
    "OpenDataShares",
    "RejectedRecord",
    "ShareFigures",
    "YearShares",
    "read_decp",
    "shares_as_json",
    "shares_as_text",
    "social_shares",
]
