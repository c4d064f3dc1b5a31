"""Build the bundled security universe from the reference files (``make universe``).

Reads ``../shared/reference`` (PROVENANCE.md there says where each file comes from) and the
hand-kept inputs in ``scripts/data`` and writes, deterministically (the same inputs give the
same bytes):

- ``resources/securities.csv``  the security master: one row per US-listed security with its
  name, type, company market cap and date, company rank, country, sector, index membership,
  price, and the hand-kept rows (funds' prices, money-market funds, delisted names);
- ``resources/cusips.csv``      CUSIP -> symbol, for positions a file identifies by CUSIP;
- ``resources/funds.csv``       the fund table: how each fund's size is known;
- ``resources/fund_profiles.csv`` each holdings-based fund's weight in fine market-cap bins;
- ``resources/sources.csv``     what each short ``source`` id in those files means;
- ``resources/universe.json``   the build's summary: inputs (SHA-256), counts, rank lines.

Only facts and derived profiles are written, never a provider's raw file. docs/data.md
describes every rule used here (share classes, company caps, ranking, class refinements).

Usage: python scripts/build_universe.py [--reference DIR] [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.core.buckets import SP_RANGES, CapThresholds, rank_scheme  # noqa: E402
from planner.core.profiles import Holding, grid_edges, profile_from_holdings  # noqa: E402
from planner.core.universe import is_cusip, symbol_key  # noqa: E402
from planner.market.fund_holdings import read_holdings  # noqa: E402

DATA = ROOT / "scripts" / "data"
OUTPUTS = (
    "securities.csv",
    "cusips.csv",
    "funds.csv",
    "fund_profiles.csv",
    "sources.csv",
    "universe.json",
)
HOLDINGS_FUNDS = ("IVV", "SPY", "VOO", "VTI", "IWB", "QQQ", "IJH", "MDY", "VO", "IWM", "IJR", "VB")
INDEX_COLUMNS = {
    "in_sp500": "sp500",
    "in_sp400": "sp400",
    "in_sp600": "sp600",
    "in_russell1000_iwb_2026_07_17": "r1000",
    "in_russell2000_iwm_2026_05_05": "r2000",
}
MASTER_HEADER = (
    "symbol",
    "name",
    "asset_type",
    "market_cap_usd",
    "as_of",
    "company",
    "rank",
    "country",
    "sector",
    "indexes",
    "price",
    "profitable",
    "net_debt_to_ebitda",
    "interest_coverage",
    "source",
)
FUND_HEADER = (
    "symbol",
    "name",
    "placement",
    "index",
    "segment",
    "profile",
    "intl_equity",
    "bonds",
    "cash",
    "other",
    "holdings_as_of",
    "caps_as_of",
    "coverage",
    "source",
    "as_of",
)

# Refinements of the reference's heuristic security_class_guess, applied to its "common" rows
# (see docs/data.md): names that say what the security really is.
_ADR = re.compile(r"American Deposi?tory|American Depositary|Global Depositary", re.I)
_PREFERRED = re.compile(r"Depositary Shares|Depository Shares|Preferred|Perpetual", re.I)
_DEBT = re.compile(
    r"Mortgage Bonds|Capital Trust|\bZONES\b|\bSTRATS\b|\bCorTS\b|Trust Certs"
    r"|Trust Securities|\bNotes? due\b|Debentures|Senior Notes",
    re.I,
)
_CLOSED_END = re.compile(
    r"\bMunicipal\b|\bTerm Trust\b|\bIncome Trust\b|\bBond Trust\b"
    r"|\bIncome Fund\b|\bFloating Rate\b|\bSenior Income\b"
    r"|\bOpportunities Fund\b|\bDividend (&|and) Income\b",
    re.I,
)
_NAME_SUFFIX = re.compile(r"\s+(Common Stock|Common Shares|Ordinary Shares|Capital Stock)\s*$")
_CLASS_TO_TYPE = {
    "common": "equity",
    "adr": "equity",
    "preferred": "preferred",
    "warrant": "warrant",
    "right": "right",
    "unit": "unit",
    "debt": "bond",
    "fund": "closed_end_fund",
}

# FinanceDatabase ETF categories -> (segment, representative fund) for funds the hand table
# does not list; a guess, marked as one. Leveraged/inverse products and notes are skipped.
_FDB_SIZE = {
    "Large Cap": ("large", "IVV"),
    "Mid Cap": ("mid", "IJH"),
    "Small Cap": ("small", "IWM"),
    "Micro Cap": ("micro", ""),
}
_FDB_INTL = {"Developed Markets", "Emerging Markets", "Frontier Markets"}
_FDB_BONDS = {
    "Corporate Bonds",
    "High Yield Bonds",
    "Municipal Bonds",
    "Treasury Bonds",
    "Investment Grade Bonds",
    "Government Bonds",
    "Bonds",
    "Inflation-Protected Securities",
}
_FDB_CASH = {"Money Market Instruments", "Cash"}
_LEVERED = re.compile(
    r"\b(2X|3X|[23]x|Ultra|UltraPro|Bull|Bear|Short|Inverse|Leveraged|ETN|"
    r"Daily|Buffer|Notes?)\b",
    re.I,
)
_FOREIGN_NAME = re.compile(
    r"International|\bIntl\b|Global|World|ex[- ]?U\.?S|EAFE|Europe|Japan|"
    r"China|India|Canada|Emerging|Developed|Asia|Pacific|Latin|Brazil|"
    r"Korea|Taiwan|Germany|\bU\.?K\.?\b|Australia|Mexico|Israel",
    re.I,
)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _num(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _int_text(x: float | None) -> str:
    return "" if x is None else str(round(x))


def _price_text(text: str) -> str:
    x = _num(text)
    return "" if x is None or x <= 0 else f"{x:.10g}"


def _symbol(screener: str) -> str:
    """The screener's ``BRK/B`` as brokers write it, ``BRK.B``."""
    return screener.strip().upper().replace("/", ".")


def refine_class(row: dict[str, str]) -> str:
    """The reference's class guess, corrected where the name says otherwise (a documented
    rule, itself a heuristic)."""
    cls = row["security_class_guess"]
    if cls != "common":
        return cls
    name = row["name"]
    indexed = any(row[c] == "1" for c in INDEX_COLUMNS)
    if _ADR.search(name):
        return "adr"
    if _DEBT.search(name):
        return "debt"
    if _PREFERRED.search(name) and not indexed:
        return "preferred"
    if _CLOSED_END.search(name) and not indexed:
        return "fund"
    return cls


def _country(text: str) -> str:
    return "US" if text == "United States" else text


def build_master(
    ref: Path,
) -> tuple[list[dict[str, str]], dict[str, object], list[float], str]:
    """The master's universe rows, a summary, the ranked company caps (largest first) and the
    caps' date."""
    rows = _read_csv(ref / "universe" / "us_listed_equities.csv")
    as_of_set = {r["market_cap_as_of"] for r in rows if r["market_cap_as_of"]}
    if len(as_of_set) != 1:
        raise SystemExit(f"expected one market-cap date in the universe, got {sorted(as_of_set)}")
    caps_as_of = as_of_set.pop()
    for r in rows:
        r["_class"] = refine_class(r)
        r["_company"] = r["cik_sec"].lstrip("0") or f"@{_symbol(r['symbol'])}"
        r["_cap"] = _num(r["market_cap_usd"])  # type: ignore[assignment]
        r["_volume"] = _num(r["volume"]) or 0.0  # type: ignore[assignment]
    # company cap: the cap of the company's most-traded common listing that has one (every
    # listing's screener cap is already the whole company's at that listing's price)
    listings: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["_class"] == "common":
            listings[r["_company"]].append(r)
    company_cap: dict[str, float] = {}
    for company, rs in listings.items():
        capped = [r for r in rs if r["_cap"]]
        if capped:
            best = sorted(capped, key=lambda r: (-float(r["_volume"]), r["symbol"]))[0]
            company_cap[company] = float(best["_cap"])
    ranked = sorted(company_cap.items(), key=lambda kv: (-kv[1], kv[0]))
    rank_of = {company: n for n, (company, _) in enumerate(ranked, 1)}
    out: list[dict[str, str]] = []
    for r in rows:
        cls = r["_class"]
        company = r["_company"]
        common = cls == "common"
        cap = (
            company_cap.get(company)
            if common
            else (float(r["_cap"]) if cls == "adr" and r["_cap"] else None)
        )
        indexes = ";".join(v for c, v in INDEX_COLUMNS.items() if r[c] == "1")
        name = _NAME_SUFFIX.sub("", r["name"]).strip() or r["name"]
        out.append(
            {
                "symbol": _symbol(r["symbol"]),
                "name": name,
                "asset_type": _CLASS_TO_TYPE[cls],
                "market_cap_usd": _int_text(cap),
                "as_of": caps_as_of,
                "company": "" if company.startswith("@") else company,
                "rank": str(rank_of[company]) if common and company in rank_of else "",
                "country": _country(r["country"]),
                "sector": r["sector"],
                "indexes": indexes,
                "price": _price_text(r["last_sale_usd"]),
                "profitable": "",
                "net_debt_to_ebitda": "",
                "interest_coverage": "",
                "source": "nasdaq",
            }
        )
    classes: dict[str, int] = defaultdict(int)
    for r in rows:
        classes[r["_class"]] += 1
    summary: dict[str, object] = {
        "universe_rows": len(rows),
        "classes_after_refinement": dict(sorted(classes.items())),
        "companies_ranked": len(ranked),
        "caps_as_of": caps_as_of,
    }
    return out, summary, [cap for _, cap in ranked], caps_as_of


INDEX_FILES = {
    "sp500": "sp500.csv",
    "sp400": "sp400.csv",
    "sp600": "sp600.csv",
    "r1000": "russell1000_via_IWB.csv",
    "r2000": "russell2000_via_IWM.csv",
}


def add_index_members(ref: Path, master: list[dict[str, str]]) -> int:
    """Rows for index members the screener lacks (AvalonBay, Cboe, ...): name, CIK and index
    membership, no market cap, so they are placed by their index's segment as a guess rather
    than left unknown."""
    keys = {symbol_key(r["symbol"]) for r in master}
    sec = {
        symbol_key(r["ticker"]): r
        for r in _read_csv(ref / "universe" / "sec_company_tickers_exchange.csv")
    }
    added: dict[str, dict[str, str]] = {}
    for index, name in INDEX_FILES.items():
        for r in _read_csv(ref / "indexes" / name):
            symbol = r["symbol"].upper().replace("-", ".")
            key = symbol_key(symbol)
            if key in keys or not key:  # "-": a holding with no listing (IWM's "Prvt" rows)
                continue
            row = added.get(key)
            if row is None:
                row = added[key] = {
                    "symbol": symbol,
                    "name": r["name"] or sec.get(key, {}).get("name", ""),
                    "asset_type": "equity",
                    "market_cap_usd": "",
                    "as_of": "",
                    "company": sec.get(key, {}).get("cik", "").lstrip("0"),
                    "rank": "",
                    "country": "",
                    "sector": r.get("gics_sector") or r.get("sector", ""),
                    "indexes": "",
                    "price": "",
                    "profitable": "",
                    "net_debt_to_ebitda": "",
                    "interest_coverage": "",
                    "source": "index-member",
                }
            row["indexes"] = ";".join(
                i for i in INDEX_FILES if i == index or i in row["indexes"].split(";")
            )
    master.extend(added.values())
    return len(added)


def merge_hand_rows(master: list[dict[str, str]]) -> list[dict[str, str]]:
    """Quality flags onto universe rows; the hand-kept rows the universe lacks."""
    by_symbol = {r["symbol"]: r for r in master}
    keys = {symbol_key(r["symbol"]) for r in master}
    for q in _read_csv(DATA / "quality.csv"):
        row = by_symbol.get(q["symbol"])
        if row is None:
            raise SystemExit(f"scripts/data/quality.csv: {q['symbol']} is not in the universe")
        for col in ("profitable", "net_debt_to_ebitda", "interest_coverage"):
            row[col] = q[col]
        row["source"] = "nasdaq;quality-2026-01-08"
    for h in _read_csv(DATA / "hand_securities.csv"):
        if symbol_key(h["symbol"]) in keys:
            raise SystemExit(
                f"scripts/data/hand_securities.csv: {h['symbol']} is in the "
                "universe; use the universe's row"
            )
        as_of = h["market_cap_as_of"] or h["price_as_of"]
        if h["market_cap_as_of"] and h["price_as_of"] and h["market_cap_as_of"] != h["price_as_of"]:
            raise SystemExit(f"hand row {h['symbol']}: price and cap dates differ")
        master.append(
            {
                "symbol": h["symbol"],
                "name": h["name"],
                "asset_type": h["asset_type"],
                "market_cap_usd": h["market_cap_usd"],
                "as_of": as_of,
                "company": "",
                "rank": "",
                "country": h["country"] or "US",
                "sector": h["sector"],
                "indexes": "",
                "price": h["price"],
                "profitable": h["profitable"],
                "net_debt_to_ebitda": h["net_debt_to_ebitda"],
                "interest_coverage": h["interest_coverage"],
                "source": "hand: " + h["source"],
            }
        )
    master.sort(key=lambda r: r["symbol"])
    seen: set[str] = set()
    for r in master:
        if r["symbol"] in seen:
            raise SystemExit(f"duplicate symbol {r['symbol']} in the master")
        seen.add(r["symbol"])
    return master


def reference_fund_prices(ref: Path, master: list[dict[str, str]]) -> int:
    """A fund's price and its date from the reference daily closes (the last row of each fund
    in prices/etf_adjclose_daily.csv: a dividend-adjusted close equals that day's close on the
    series' last day). A hand row whose price was an approximation keeps no price unless the
    reference has one: an unknown price is shown as unknown and the fund is not bought."""
    last: dict[str, tuple[str, str]] = {}
    for r in _read_csv(ref / "prices" / "etf_adjclose_daily.csv"):
        last[r["symbol"]] = (r["date"], r["adj_close"])
    n = 0
    for row in master:
        if not row["source"].startswith("hand:") or row["asset_type"] not in (
            "etf",
            "mutual_fund",
        ):
            continue
        if row["symbol"] in last:
            day, close = last[row["symbol"]]
            row["price"] = f"{float(close):.2f}"
            row["as_of"] = day
            row["source"] = "ref-close"
            n += 1
        elif "approx. fund close" in row["source"]:
            row["price"] = row["as_of"] = ""
            row["source"] = "hand: name and type only; no price in the reference data"
    return n


def build_cusips(ref: Path, master: list[dict[str, str]]) -> list[tuple[str, str]]:
    """CUSIP -> symbol from the universe's CUSIP columns, and from the SEC fails-to-deliver
    CUSIP/ticker table for the symbols the universe has none for (hand rows, delisted
    names). A CUSIP that would name two symbols is left out."""
    rows = _read_csv(ref / "universe" / "us_listed_equities.csv")
    targets: dict[str, set[str]] = defaultdict(set)
    has: set[str] = set()
    for r in rows:
        symbol = _symbol(r["symbol"])
        for col in ("cusips_sec_ftd", "cusip_fund_file", "fd_cusip"):
            for c in r[col].split(";"):
                c = c.strip().upper()
                if is_cusip(c):
                    targets[c].add(symbol)
                    has.add(symbol)
    by_key = {  # the rows the screener does not have: hand-kept and index members
        symbol_key(r["symbol"]): r["symbol"]
        for r in master
        if r["symbol"] not in has and not r["source"].startswith("nasdaq")
    }
    for r in _read_csv(ref / "universe" / "sec_ftd_cusip_ticker.csv"):
        symbol = by_key.get(symbol_key(r["ticker"]))
        c = r["cusip"].strip().upper()
        if symbol is not None and is_cusip(c):
            targets[c].add(symbol)
    return sorted((c, next(iter(s))) for c, s in targets.items() if len(s) == 1)


class _Caps:
    """Company caps of the built master, found as holdings files spell symbols."""

    def __init__(self, master: list[dict[str, str]], cusips: list[tuple[str, str]]) -> None:
        self.by_symbol = {r["symbol"]: r for r in master if r["market_cap_usd"]}
        keyed: dict[str, list[str]] = defaultdict(list)
        for s in self.by_symbol:
            keyed[symbol_key(s)].append(s)
        self.by_key = {k: v[0] for k, v in keyed.items() if len(v) == 1}
        self.by_cusip = dict(cusips)

    def __call__(self, symbol: str, cusip: str) -> tuple[float, date | None] | None:
        row = self.by_symbol.get(symbol.upper())
        if row is None:
            key = self.by_key.get(symbol_key(symbol))
            row = self.by_symbol.get(key) if key else None
        if row is None and cusip:
            target = self.by_cusip.get(cusip.upper())
            row = self.by_symbol.get(target) if target else None
        if row is None:
            return None
        return float(row["market_cap_usd"]), date.fromisoformat(row["as_of"])


def _fmt_w(w: float) -> str:
    return f"{w:.9g}"


def build_funds(
    ref: Path,
    master: list[dict[str, str]],
    cusips: list[tuple[str, str]],
    edges: tuple[float, ...],
) -> tuple[list[dict[str, str]], list[tuple[str, str, str, str]], dict[str, object]]:
    caps = _Caps(master, cusips)
    funds = _read_csv(DATA / "funds.csv")
    profiles: list[tuple[str, str, str, str]] = []
    summary: dict[str, object] = {}
    listed = {f["symbol"] for f in funds}
    for f in funds:
        for b in ("intl_equity", "bonds", "cash", "other"):
            if f[b] and not 0 < float(f[b]) <= 1:
                raise SystemExit(f"scripts/data/funds.csv {f['symbol']}: {b} is not a fraction")
        f.update({"holdings_as_of": "", "caps_as_of": "", "coverage": ""})
        if f["placement"] != "holdings":
            continue
        symbol = f["symbol"]
        if symbol == "RSP":
            members = _read_csv(ref / "indexes" / "sp500.csv")
            dates = {r["as_of"] for r in members}
            held = [Holding(r["symbol"], 1.0 / len(members)) for r in members]
            as_of = date.fromisoformat(max(dates))
            layout_source = (
                f"S&P 500 members (indexes/sp500.csv, {as_of}) at equal weight, "
                "the S&P 500 Equal Weight index's rule"
            )
        else:
            hf = read_holdings(ref / "holdings" / f"{symbol}.csv")
            held = list(hf.holdings)
            as_of = hf.as_of
            origin = _read_csv(ref / "holdings" / f"{symbol}.csv")[0]["source"]
            layout_source = f"holdings/{symbol}.csv ({origin}, {as_of})"
        p = profile_from_holdings(symbol, held, caps, as_of, layout_source, edges)
        f["holdings_as_of"] = as_of.isoformat()
        f["caps_as_of"] = p.caps_as_of.isoformat() if p.caps_as_of else ""
        f["coverage"] = f"{p.coverage:.4f}"
        f["source"] = f"holdings: {layout_source}; {p.holdings} equity holdings"
        f["as_of"] = as_of.isoformat()
        for lo, hi, w in p.bins:
            profiles.append((symbol, _int_text(lo), _int_text(hi), _fmt_w(w)))
        summary[symbol] = {
            "holdings": p.holdings,
            "coverage": round(p.coverage, 4),
            "holdings_as_of": as_of.isoformat(),
        }
    # the FinanceDatabase ETF categories, for ETFs the table above does not list
    added = 0
    for m in _read_csv(ref / "holdings" / "fund_metadata_financedatabase_us_etfs.csv"):
        symbol, name, cat = m["symbol"].upper(), m["name"], m["category"]
        if symbol in listed or not symbol.isalpha() or _LEVERED.search(name):
            continue
        row = {k: "" for k in FUND_HEADER}
        row.update(
            {
                "symbol": symbol,
                "name": name,
                "placement": "category",
                "source": "fdb-etf",
                "as_of": "",
            }
        )
        if cat in _FDB_SIZE and not _FOREIGN_NAME.search(name):
            segment, proxy = _FDB_SIZE[cat]
            row.update(
                {
                    "index": f"'{cat}' (FinanceDatabase category)",
                    "segment": segment,
                    "profile": proxy,
                }
            )
        elif cat in _FDB_INTL or (cat in _FDB_SIZE and _FOREIGN_NAME.search(name)):
            row.update({"index": f"'{cat}' (FinanceDatabase category)", "intl_equity": "1"})
        elif cat in _FDB_BONDS:
            row.update({"index": f"'{cat}' (FinanceDatabase category)", "bonds": "1"})
        elif cat in _FDB_CASH:
            row.update({"index": f"'{cat}' (FinanceDatabase category)", "cash": "1"})
        else:
            continue
        funds.append(row)
        listed.add(symbol)
        added += 1
    summary["financedatabase_category_funds"] = added
    funds.sort(key=lambda f: f["symbol"])
    return funds, profiles, summary


SOURCES: tuple[tuple[str, str], ...] = (
    (
        "nasdaq",
        "Nasdaq.com stock screener, 2026-08-21 close (reference/universe/"
        "us_listed_equities.csv: rreichel3/US-Stock-Symbols @ 7d1d221; Nasdaq.com terms): name, "
        "market cap, last sale, country, sector; CIK from the SEC company tickers (edgartools, "
        "public domain); index flags from reference/indexes. Company caps, ranks and classes "
        "derived by scripts/build_universe.py (docs/data.md)",
    ),
    (
        "index-member",
        "a member of an index list in reference/indexes (S&P 500, 400, 600: Wikipedia scrapes "
        "of 2026-07/08; Russell 1000, 2000: iShares IWB holdings of 2026-07-17, IWM of "
        "2026-05-05) that the 2026-08-21 screener lacks (renamed, acquired or missed): no "
        "market cap, so placed by its index's segment as a guess; CIK from the SEC tickers",
    ),
    (
        "quality-2026-01-08",
        "profitable flag hand-compiled around 2026-01-08 from the latest "
        "filings (earlier bundled master); not checked against a data feed",
    ),
    (
        "ref-close",
        "the fund's close on the last day of reference/prices/etf_adjclose_daily.csv "
        "(dsturdy/Factor_Attribution_5_csvs @ a206574, Yahoo-style dividend-adjusted closes, "
        "which equal the day's close on the series' last day: 2026-07-13); name and type from "
        "scripts/data/hand_securities.csv",
    ),
    (
        "holdings",
        "computed from an issuer's holdings file: each equity holding's weight at its "
        "company's market cap",
    ),
    ("equal-weight", "S&P 500 members at equal weight, the S&P 500 Equal Weight index's rule"),
    (
        "benchmark",
        "the index the fund states as its benchmark (issuer prospectus / fact sheet); "
        "table compiled 2026-11-30 (scripts/data/funds.csv)",
    ),
    (
        "category",
        "no holdings file and no fund on the same index: placed by its category like a "
        "representative fund (a guess)",
    ),
    (
        "glide-path",
        "target-date fund: stock/bond split typed from the fund's stated glide path "
        "around 2025-12-31 (hand-compiled, not verified; a guess); US stocks like VTI",
    ),
    (
        "fdb-etf",
        "FinanceDatabase US ETF category (JerBouma/FinanceDatabase @ 268be5d, MIT, "
        "undated, coarse): a guess",
    ),
    ("sp-ranges", SP_RANGES.source),
)


def _csv_text(header: tuple[str, ...], rows: list[dict[str, str]] | list[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r[h] for h in header] if isinstance(r, dict) else list(r))
    return buf.getvalue()


def build(ref: Path) -> dict[str, str]:
    """Every output file's text, by name."""
    master, summary, ranked_caps, caps_as_of = build_master(ref)
    summary["index_members_not_in_the_screener"] = add_index_members(ref, master)
    master = merge_hand_rows(master)
    summary["fund_prices_from_reference"] = reference_fund_prices(ref, master)
    cusips = build_cusips(ref, master)
    scheme = rank_scheme(ranked_caps, date.fromisoformat(caps_as_of), "universe ranks")
    lines = [*scheme.breakpoints.lines(), *SP_RANGES.breakpoints.lines(), *CapThresholds().lines()]
    edges = grid_edges(lines)
    funds, profiles, fund_summary = build_funds(ref, master, cusips, edges)
    inputs = sorted(
        [p for p in (ref / "universe").glob("*.csv")]
        + [p for p in (ref / "indexes").glob("*.csv")]
        + [p for p in (ref / "holdings").glob("*.csv")]
        + [ref / "prices" / "etf_adjclose_daily.csv"]
    )
    info = {
        "built_by": "scripts/build_universe.py",
        "inputs": {str(p.relative_to(ref)): _sha256(p) for p in inputs},
        "hand_inputs": {f"scripts/data/{p.name}": _sha256(p) for p in sorted(DATA.glob("*.csv"))},
        **summary,
        "master_rows": len(master),
        "cusips": len(cusips),
        "rank_breakpoints_usd": {k: round(v) for k, v in scheme.breakpoints.as_dict().items()},
        "rank_cuts": list(scheme.ranks or ()),
        "funds": len(funds),
        "profiles": fund_summary,
    }
    return {
        "securities.csv": _csv_text(MASTER_HEADER, master),
        "cusips.csv": _csv_text(("cusip", "symbol"), cusips),
        "funds.csv": _csv_text(FUND_HEADER, funds),
        "fund_profiles.csv": _csv_text(("fund", "cap_lo", "cap_hi", "weight"), profiles),
        "sources.csv": _csv_text(("id", "description"), list(SOURCES)),
        "universe.json": json.dumps(info, indent=1, sort_keys=True) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    p.add_argument("--out", type=Path, default=ROOT / "resources")
    p.add_argument(
        "--check",
        action="store_true",
        help="compare with the files in --out instead of writing; exit 1 on a difference",
    )
    args = p.parse_args(argv)
    if not (args.reference / "universe" / "us_listed_equities.csv").exists():
        print(f"{args.reference}: the reference files are not there", file=sys.stderr)
        return 2
    files = build(args.reference)
    different = []
    for name, text in files.items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                different.append(name)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(
                f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                f"{len(text.encode()):,} bytes"
            )
    if different:
        print("differs from the build: " + ", ".join(different), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
