"""Company stakes valued by VALUATION.md §9.3: low 0 (paid-up capital proves nothing), mid and
high from book value and nominal capital × share, with nominal shown apart as a reference only."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any

from skiptrace.profile.valuation.common import AssetValue, parse_share, to_number
from skiptrace.profile.valuation.params import ValuationParams, fold
from skiptrace.profile.valuation.vehicles import age_years


def stake_share(partner: dict[str, Any], company: dict[str, Any]) -> Fraction | None:
    """The partner's fraction of the company: "13/40" as written, else shares ÷ total shares."""
    share = parse_share(partner.get("share"))
    if share is not None:
        return share
    shares, total = partner.get("shares"), company.get("total_shares")
    shares, total = to_number(shares), to_number(total)
    if shares and total and 0 < shares <= total and shares == int(shares) and total == int(total):
        return Fraction(int(shares), int(total))
    return None


def value_stake(
    company: dict[str, Any], share: Fraction | None, as_of: datetime | date, params: ValuationParams
) -> AssetValue:
    """Recoverable value of a stake in an unlisted company (SARL parts, SA shares)."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    missing: list[str] = []
    capital = to_number(company.get("capital"))
    if capital is None:
        missing.append("capital")
    if share is None:
        missing.append("share")
    nominal = float(capital or 0) * float(share or 0)
    cfg = params.params["stake"]
    form = fold(company.get("legal_form") or "")
    age = age_years(company.get("created"), day) if company.get("created") else None
    young_sarl = form.startswith("sarl") and age is not None and age < cfg["young_sarl_years"]
    paid = float(cfg["young_sarl_paid_fraction"]) if young_sarl else 1.0
    book = nominal * paid  # no filed balance sheet is read: B = paid-up capital × share (§8.2)
    f = params.band("forced_sale_factor", "company_stake")
    mid = 0.5 * min(book, nominal) * f[1]
    high = max(book, nominal) * f[2]
    return AssetValue(
        0.0,
        mid,
        high,
        method="VALUATION.md §9.3 company stake",
        parameters={
            "capital": float(capital or 0), "share": share or Fraction(0), "paid_up_fraction": paid,
            "book_value": book, "forced_sale_factor": f,
        },
        flags=["nominal_only"],
        missing=missing,
        nominal=nominal,
    )
