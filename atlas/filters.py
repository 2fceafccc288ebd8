"""The filters shared by every page, as plain data (so they can live in the URL) and as SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The constants every page shares, each in one place.
JANUARY_2022 = (dt.date(2022, 1, 1), dt.date(2022, 1, 31))  # the window of the unrest
PERIODS = ("before_pandemic", "during_pandemic", "after_pandemic")  # the interview periods


@dataclass(frozen=True)
class Filters:
    cities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    def respondents_sql(self, alias: str = "r") -> tuple[str, list]:
        """Conditions on a respondents row (city, region, org type)."""
        return _combine(
            _in(f"{alias}.city", self.cities),
            _in(f"{alias}.region", self.regions),
            _in(f"{alias}.org_type", self.org_types),
        )

    def codes_sql(self, alias: str = "c") -> tuple[str, list]:
        return _combine(_in(f"{alias}.period", self.periods))

    def dated_sql(self, alias: str, *, places: bool = True) -> tuple[str, list]:
        """Conditions on a dated row (events, diaspora actions): overlap with the date range, and
        for events inside Kazakhstan the chosen cities/regions."""
        parts = []
        if self.date_from:
            parts.append((f"COALESCE({alias}.end_date, {alias}.date) >= ?", [self.date_from]))
        if self.date_to:
            parts.append((f"{alias}.date <= ?", [self.date_to]))
        if places:
            parts += [
                _in(f"{alias}.city", self.cities),
                _in(f"{alias}.region", self.regions),
            ]
        return _combine(*parts)


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list]:
    if not values:
        return "", []
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def _combine(*parts: tuple[str, list]) -> tuple[str, list]:
    sql = [s for s, _ in parts if s]
    params = [p for _, ps in parts for p in ps]
    return (" AND ".join(sql) if sql else "TRUE"), params
