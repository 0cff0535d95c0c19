"""Where a key may act: pure rules, no database.

A key is bound to jurisdictions, each covering the ones below it (a province's key covers its
cities and counties), and optionally to domains. `100000` covers the country; no domain means
every domain.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

COUNTRY = "100000"
LineageOf = Callable[[str], Sequence[str]]
"""A jurisdiction and every one above it (JurisdictionIndex.lineage)."""


@dataclass(frozen=True)
class Bindings:
    jurisdictions: tuple[str, ...] = (COUNTRY,)
    domains: tuple[str, ...] = ()

    @classmethod
    def of(cls, jurisdictions: Iterable[str] | None, domains: Iterable[str] | None) -> "Bindings":
        codes = tuple(sorted(set(jurisdictions or ()))) or (COUNTRY,)
        # The country covers everything: a list naming it and others is the country alone.
        return cls(jurisdictions=(COUNTRY,) if COUNTRY in codes else codes, domains=tuple(sorted(set(domains or ()))))

    @property
    def national(self) -> bool:
        return self.jurisdictions == (COUNTRY,)

    def covers_jurisdiction(self, lineage: Sequence[str]) -> bool:
        return self.national or any(code in self.jurisdictions for code in lineage)

    def covers_domain(self, domain: str | None) -> bool:
        """A write that concerns no single domain (a department, a channel) needs a key bound to none."""
        return not self.domains or (domain is not None and domain in self.domains)

    def within(self, other: "Bindings", lineage_of: LineageOf) -> bool:
        """Whether every place and domain these bindings cover is covered by `other`: a key can make
        keys no wider than itself."""
        places = all(other.covers_jurisdiction(lineage_of(code)) for code in self.jurisdictions)
        domains = not other.domains or (bool(self.domains) and set(self.domains) <= set(other.domains))
        return places and domains

    def describe(self) -> str:
        domains = f" and domains {', '.join(self.domains)}" if self.domains else ""
        return f"jurisdictions {', '.join(self.jurisdictions)}{domains}"

