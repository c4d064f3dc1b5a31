"""The policy's [buckets] section: the size scheme and fund view a plan uses."""

from __future__ import annotations

import pytest

from planner.core.errors import InputError
from planner.core.policy import BucketChoice, DollarLines, Policy
from planner.core.policy_file import parse_policy, policy_to_toml

MINE = """
[buckets]
scheme = "dollars"
funds = "index"
[buckets.dollars]
mega = 300e9
large = 20e9
mid = 3e9
small = 500e6
"""


def test_defaults_and_every_key() -> None:
    assert (
        parse_policy("").buckets == BucketChoice("rank", "look-through", None) == Policy().buckets
    )
    p = parse_policy(MINE)
    assert p.buckets == BucketChoice("dollars", "index", DollarLines(300e9, 20e9, 3e9, 500e6))
    assert parse_policy(policy_to_toml(p)) == p
    assert parse_policy(policy_to_toml(Policy())) == Policy()
    assert parse_policy('[buckets]\nscheme = "sp-ranges"\n').buckets.scheme == "sp-ranges"


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('[buckets]\nscheme = "biggest"\n', "buckets.scheme", 2),
        ('[buckets]\nfunds = "through"\n', "buckets.funds", 2),
        ("[buckets]\nlines = 1\n", "buckets.lines", 2),
        ("[buckets.dollars]\nmega = 1e9\nlarge = 2e9\n", "buckets.dollars: lines must decrease", 1),
        ("[buckets.dollars]\ngiant = 1e12\n", "buckets.dollars.giant", 2),
        ("[buckets.dollars]\nmega = -1\n", "buckets.dollars.mega", 2),
    ],
)
def test_bad_buckets_name_the_key_and_line(text: str, key: str, line: int) -> None:
    with pytest.raises(InputError) as err:
        parse_policy(text, "p.toml")
    assert key in err.value.reason and err.value.line == line
