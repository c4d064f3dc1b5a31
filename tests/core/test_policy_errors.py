"""Every refusal of the policy file names the key, the line it is on and what is wrong; every
value on the right side of a limit is read. (Written against the mutants that survived the
mutation run: README "Mutation testing".)"""

from __future__ import annotations

import pytest

from planner.core.errors import InputError
from planner.core.policy import BUCKETS, FUND_VIEWS, SIZE_SCHEMES, DollarLines
from planner.core.policy_file import parse_policy

MARK = "#<"  # marks the line the error must name


def _refusal(text: str) -> InputError:
    with pytest.raises(InputError) as err:
        parse_policy(text, "client.toml")
    return err.value


def _marked_line(text: str) -> int:
    (line,) = [n for n, s in enumerate(text.splitlines(), 1) if MARK in s]
    return line


BUCKET_LIST = str(list(BUCKETS))


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        (f"targets = 0.5  {MARK}\n", "targets", "must be a table of bucket = fraction"),
        (f"[targets]\nmega = 1.5  {MARK}\n", "targets.mega", "must be a fraction between 0 and 1"),
        (
            f"[targets]\nmegga = 0.3  {MARK}\n",
            "targets.megga",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (f'[targets]\n"megga" = 0.3  {MARK}\n', "targets.megga", "unknown bucket"),
        (f'vehicles = "IJR"  {MARK}\n', "vehicles", 'must be a table of bucket = ["SYMBOL", ...]'),
        (
            f'[vehicles]\nsmol = ["IJR"]  {MARK}\n',
            "vehicles.smol",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (
            f'[vehicles]\nsmall = ["IJR", ""]  {MARK}\n',
            "vehicles.small",
            'must be a symbol or a list of symbols, e.g. ["IJR"]',
        ),
        (f"buckets = 3  {MARK}\n", "buckets", "must be a table"),
        (
            f'[buckets]\nschema = "rank"  {MARK}\n',
            "buckets.schema",
            "unknown key; known: ['dollars', 'funds', 'scheme']",
        ),
        (f'[buckets]\nscheme = "size"  {MARK}\n', "buckets.scheme", str(list(SIZE_SCHEMES))),
        (f'[buckets]\nfunds = "x"  {MARK}\n', "buckets.funds", str(list(FUND_VIEWS))),
        (
            f"[buckets]\ndollars = 5  {MARK}\n",
            "buckets.dollars",
            "must be a table of bucket = dollars",
        ),
        (
            f"[buckets.dollars]\ngiant = 1e12  {MARK}\n",
            "buckets.dollars.giant",
            "unknown; known: mega, large, mid, small",
        ),
        (
            f"[buckets.dollars]\nsmall = 0  {MARK}\n",
            "buckets.dollars.small",
            "must be a positive number of dollars",
        ),
        (f"[trading]\ndeposits = 5  {MARK}\n", "trading.deposits", "must be a table of name"),
        (
            f"[trading.deposits]\nX12345678 = -5  {MARK}\n",  # a Fidelity account number
            "trading.deposits.X12345678",
            "must be a finite number, 0 or more",
        ),
        (
            f"[location.taxable]\nbondz = 0.01  {MARK}\n",
            "location.taxable.bondz",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (
            f"[tilt]\nmax = 0.6  {MARK}\n",
            "tilt.max",
            "is a fraction of the household (0.05 for 5 points)",
        ),
    ],
)
def test_a_refusal_names_the_key_its_line_and_the_rule(text: str, key: str, says: str) -> None:
    err = _refusal(text)
    assert (err.file, err.line) == ("client.toml", _marked_line(text))
    assert err.reason.startswith(f"{key}: ")
    assert says in err.reason


@pytest.mark.parametrize("equal", ["mega-large", "large-mid", "mid-small"])
def test_dollar_lines_that_do_not_decrease_are_refused(equal: str) -> None:
    lines = {"mega": 200e9, "large": 10e9, "mid": 2e9, "small": 250e6}
    upper, lower = equal.split("-")
    lines[lower] = lines[upper]
    text = "[buckets.dollars]\n" + "".join(f"{k} = {v!r}\n" for k, v in lines.items())
    err = _refusal(text)
    assert err.line == 1  # the table's header
    assert err.reason == "buckets.dollars: lines must decrease: mega > large > mid > small"


def test_values_on_the_limits_are_read() -> None:
    # a whole household in one bucket; a tilt of half the household; the smallest line a
    # positive dollar
    text = (
        "[targets]\nmega = 1.0\n[tilt]\nmax = 0.5\n"
        "[buckets.dollars]\nmega = 3e11\nlarge = 2e11\nmid = 1e10\nsmall = 1\n"
    )
    p = parse_policy(text, "client.toml")
    assert p.targets == {b: (1.0 if b == "mega" else 0.0) for b in BUCKETS}
    assert p.tilt.max == 0.5
    assert p.buckets.dollars == DollarLines(mega=3e11, large=2e11, mid=1e10, small=1.0)
