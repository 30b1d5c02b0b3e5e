"""A synthetic Ofsted provider list that agrees with a synthetic council's episodes.

The simulation (:mod:`cphub.synth.model`) draws each placement's URN from a small pool per placement type, with no
provider behind it. Here every URN an episode shows is replaced, after the simulation (so the random stream and
every other synthetic figure are unchanged), by the URN of a synthetic provider that fits the episode, and the
providers are written as Ofsted's list (:func:`cphub.reference.ofsted.write_csv`):

* placements at the provider's premises (K1, K2, K3/H5, R3, S1) -> a setting at the placement postcode, one per
  (drawn URN, provider code, postcode); its council is the postcode's;
* fostering (U1-U6) and adoption (A3-A6) -> an agency per (drawn URN, provider code): a council's own service
  (PR1) in the council, another council's (PR2) in another council, private (PR4) or voluntary (PR5)
  agencies anywhere nearby;
* type and sector from the placement and provider code; registered before the first episode that uses it
  (supported accommodation not before Ofsted began registering it, 28 April 2023); closed some months after the
  last episode ended when that was more than a year before the end of the data, else open.

URNs are 8 digits, the council's code then a number, so lists of several councils never share one. Synthetic only:
no real provider is named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

import polars as pl

from cphub.reference.councils import council
from cphub.reference.ofsted import PROVIDERS
from cphub.reference.postcodes import format_postcode, pool
from cphub.synth.model import Child, Episode

SA_REGISTRATION_FROM = date(2023, 4, 28)  # Ofsted began registering supported accommodation providers
GROUPS = {"K1": "K1", "K2": "K2", "K3": "SA", "H5": "SA", "R3": "R3", "S1": "S1",
          **{p: "FOSTER" for p in ("U1", "U2", "U3", "U4", "U5", "U6")},
          **{p: "ADOPT" for p in ("A3", "A4", "A5", "A6")}}
PREMISES = {"K1", "K2", "SA", "R3", "S1"}
TYPES = {"K1": ("Children's home", "Secure children's home"), "K2": ("Children's home", "Children's home"),
         "SA": ("Supported accommodation", "Supported accommodation"),
         "R3": ("Residential family centre", "Residential family centre"),
         "S1": ("Residential special school", "Residential special school")}
SECTORS = {"PR1": "Local authority", "PR2": "Local authority", "PR3": "Health authority", "PR4": "Private",
           "PR5": "Voluntary"}


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


def episode_key(ep: Episode) -> tuple | None:
    """The synthetic provider an episode with a URN is placed with (None: no URN, or a placement type without a
    provider)."""
    group = GROUPS.get(ep.place)
    if ep.urn is None or group is None:
        return None
    return (group, ep.urn, ep.provider, ep.pl_post if group in PREMISES else "")


def _council_name(code: str | None) -> str | None:
    try:
        return council(code)["name"] if code else None
    except KeyError:
        return None


class ProviderList:
    """The providers of one council's synthetic episodes and the URN each episode shows."""

    def __init__(self, la: str, children: Iterable[Child], last_day: date):
        self.la = la
        uses: dict[tuple, list[Episode]] = {}
        for c in children:
            for p in c.periods:
                for ep in p.episodes:
                    k = episode_key(ep)
                    if k is not None:
                        uses.setdefault(k, []).append(ep)
        if len(uses) > 99999:
            raise ValueError(f"Too many synthetic providers for council {la} ({len(uses)})")
        self.urns = {k: f"{la}{i + 1:05d}" for i, k in enumerate(sorted(uses))}
        self._rows = [self._row(k, eps, last_day) for k, eps in sorted(uses.items())]

    def urn(self, ep: Episode) -> str | None:
        """The URN the episode shows in the return."""
        k = episode_key(ep)
        return self.urns[k] if k is not None else ep.urn

    def _agency_postcode(self, key: tuple) -> str:
        group, drawn, prov, _ = key
        p = pool(self.la)
        if prov == "PR1":
            choices = p.inside
        else:
            choices = tuple(r for r in p.nearby + p.far if r[3] != self.la) if prov == "PR2" else p.nearby + p.far
        return format_postcode(choices[_h(self.la, group, drawn, prov) % len(choices)][0])

    def _row(self, key: tuple, eps: list[Episode], last_day: date) -> dict:
        group, drawn, prov, post = key
        h = _h(self.la, *key)
        first = date.fromordinal(min(e.decom for e in eps))
        ends = [e.dec for e in eps]
        registered = first - timedelta(days=30 + h % 3000)
        if group == "SA":
            registered = min(first, max(registered, SA_REGISTRATION_FROM))
        closed = None
        if all(d is not None for d in ends):
            last = date.fromordinal(max(d for d in ends if d is not None))
            if last < last_day - timedelta(days=365):
                closed = last + timedelta(days=1 + h % 180)
        if group in PREMISES:
            ptype, subtype = TYPES[group]
            postcode = post
        else:
            council_run = prov in ("PR1", "PR2")
            kind = "fostering" if group == "FOSTER" else "adoption"
            ptype = (f"Local authority {kind} agency" if council_run
                     else "Independent fostering agency" if kind == "fostering" else "Voluntary adoption agency")
            subtype = None
            postcode = self._agency_postcode(key)
        return {"URN": self.urns[key], "SETTING_NAME": f"Synthetic {ptype.lower()} {self.urns[key]}",
                "PROVIDER_TYPE": ptype, "PROVIDER_SUBTYPE": subtype, "SECTOR": SECTORS.get(prov),
                "POSTCODE": postcode, "REGISTRATION_STATUS": "Closed" if closed else "Active",
                "REGISTRATION_DATE": registered, "CLOSED_DATE": closed,
                "PLACES": 1 + h % 6 if group in PREMISES else None}

    def frame(self) -> pl.DataFrame:
        """The list as a :data:`~cphub.reference.ofsted.PROVIDERS` frame (Local authority named from the postcode)."""
        from cphub.reference.postcodes import lookup

        df = pl.DataFrame(self._rows, schema={c: PROVIDERS.schema[c] for c in (
            "URN", "SETTING_NAME", "PROVIDER_TYPE", "PROVIDER_SUBTYPE", "SECTOR", "POSTCODE", "REGISTRATION_STATUS",
            "REGISTRATION_DATE", "CLOSED_DATE", "PLACES")})
        las = lookup(df["POSTCODE"])["la_code"].to_list()
        names = [_council_name(c) for c in las]
        return df.with_columns(pl.Series("LOCAL_AUTHORITY", names, dtype=pl.String), pl.lit(None, pl.String)
                               .alias("PLACE_CODES"), pl.lit(None, pl.String).alias("PROVIDER_CODES"))
