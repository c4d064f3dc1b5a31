"""Direct tests of the policy file's refusals (:mod:`planner.core.policy_file`): a refusal is
an :class:`InputError` naming the key and its line even when a multi-line value before it has
a line that opens a bracket. (Written against the mutants the mutation run left: README
"Mutation testing".)"""

from __future__ import annotations

import pytest

from planner.core.errors import InputError
from planner.core.policy_file import parse_policy

#: A list of lists written over several lines: its second line is a lone "[", no header.
NESTED = '[restrictions]\ndo_not_buy = [\n  [\n    "IJR",\n  ],\n]\n'


def test_a_lone_bracket_inside_a_value_does_not_break_the_report_of_an_error() -> None:
    with pytest.raises(InputError) as err:
        parse_policy(NESTED + "[targets]\nmegga = 0.3\n", "client.toml")
    assert err.value.file == "client.toml"
    assert err.value.reason.startswith("targets.megga: unknown bucket")
    assert err.value.line == 8
