"""Clients of the book kept apart: their accounts, policies, plans and account types; a fresh
download of an account replaces the old one; names; the snapshot read back as imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.book import open_book
from planner.book.clients import (
    archive_client,
    client_named,
    create_client,
    get_client,
    load_household,
    rename_client,
    set_account_type,
    set_policy,
    stored_files,
)
from planner.book.plans import approve, client_rows, plans_of
from planner.bookflow import import_into_client, plan_client, record_run
from planner.brokers import load_household as import_files
from planner.core.errors import InputError
from planner.core.policy import Policy
from planner.core.policy_file import policy_to_toml
from planner.reports.plan_json import plan_json
from planner.workflow import plan_household
from tests.conftest import DATA

SCHWAB = DATA / "schwab_positions_2026_all_accounts.csv"
FIDELITY = DATA / "fidelity_positions_2024.csv"
VANGUARD = DATA / "vanguard_brokerage_2025.csv"


def _book():  # type: ignore[no-untyped-def]
    return open_book()[0]


def test_two_clients_never_share_accounts_policy_or_plans() -> None:
    book = _book()
    with book.write() as conn:
        a = create_client(conn, "Alice Baker")
        b = create_client(conn, "Bob Chen")
    # the same export in both clients, and one more file in B only
    import_into_client(book, a, [str(SCHWAB)])
    import_into_client(book, b, [str(SCHWAB), str(VANGUARD)])
    schwab = import_files([SCHWAB])
    with book.read() as conn:
        ha, hb = load_household(conn, a), load_household(conn, b)
    assert [x.id for x in ha.accounts] == [x.id for x in schwab.accounts]
    assert ha.total == pytest.approx(schwab.total)
    assert hb.total == pytest.approx(schwab.total + import_files([VANGUARD]).total)
    # B's import never reached A (the bug of one window holding one household)
    assert len(hb.accounts) == len(ha.accounts) + len(import_files([VANGUARD]).accounts)
    # A's policy and A's account type are A's
    mine = Policy().with_mode("cash_flow")
    some = ha.accounts[0].id
    with book.write() as conn:
        set_policy(conn, a, policy_to_toml(mine))
        set_account_type(conn, a, some, "tax_free")
    with book.read() as conn:
        assert get_client(conn, b).policy is None
        assert get_client(conn, a).policy == policy_to_toml(mine)
        assert load_household(conn, a).account(some).type == "tax_free"
        assert load_household(conn, b).account(some).type == schwab.account(some).type
    run_a = plan_client(book, a)
    assert run_a.policy.trading.mode == "cash_flow"
    assert plan_client(book, b).policy.trading.mode == Policy().trading.mode
    plan_a = record_run(book, a, run_a)
    with book.read() as conn:
        assert [p.id for p in plans_of(conn, a)] == [plan_a]
        assert plans_of(conn, b) == []
        rows = {r.name: r for r in client_rows(conn)}
    assert rows["Alice Baker"].plan_id == plan_a and rows["Bob Chen"].plan_id is None


def test_the_snapshot_reads_back_as_imported_and_replans_without_the_files(tmp_path: Path) -> None:
    copy = tmp_path / "fidelity.csv"
    copy.write_bytes(FIDELITY.read_bytes())
    book = _book()
    with book.write() as conn:
        cid = create_client(conn, "Carol")
    done = import_into_client(book, cid, [str(copy)])
    assert done.added == [str(copy)] and not done.problems
    imported = import_files([copy])
    copy.unlink()  # the original file is gone: the book keeps what the client needs
    with book.read() as conn:
        kept = load_household(conn, cid)
        [stored] = stored_files(conn, cid)
    assert kept.positions.equals(imported.positions)
    assert kept.accounts == imported.accounts and kept.files == imported.files
    assert stored.content == FIDELITY.read_bytes() and stored.sha256 == imported.files[0].sha256
    assert plan_client(book, cid).plan.household_total == pytest.approx(imported.total)


def test_a_fresh_download_replaces_the_account_and_a_repeat_is_left_alone(tmp_path: Path) -> None:
    book = _book()
    with book.write() as conn:
        cid = create_client(conn, "Dan")
    old = tmp_path / "march.csv"
    old.write_text((DATA / "schwab_positions_2026_individual.csv").read_text("utf-8"), "utf-8")
    import_into_client(book, cid, [str(old), str(VANGUARD)])
    again = import_into_client(book, cid, [str(old)])
    assert again.already == [str(old)] and again.added == []
    new = tmp_path / "april.csv"  # the same account downloaded again: 4,721.30 more cash
    text = (
        old.read_text("utf-8")
        .replace('"4,721.3","1.00"', '"9,442.6","1.00"')
        .replace('"$4,721.30","$0.00","0%","$4,721.30"', '"$9,442.60","$0.00","0%","$9,442.60"')
    )
    new.write_text(text, "utf-8")
    import_into_client(book, cid, [str(new)])
    with book.read() as conn:
        h = load_household(conn, cid)
        files = {f.name: f.current for f in stored_files(conn, cid, current_only=False)}
    before = import_files([old]).total + import_files([VANGUARD]).total
    assert h.total == pytest.approx(before + 4721.30)
    assert sorted(a.id for a in h.accounts) == sorted(
        a.id for a in import_files([new, VANGUARD]).accounts
    )
    assert files == {str(old): False, str(new): True, str(VANGUARD): True}


def test_names_are_unique_among_active_clients() -> None:
    book = _book()
    with book.write() as conn:
        a = create_client(conn, "  Erin   Fox ")
        assert get_client(conn, a).name == "Erin Fox"
        with pytest.raises(InputError, match="already in the book"):
            create_client(conn, "erin fox")
        b = create_client(conn, "Gus")
        with pytest.raises(InputError, match="already in the book"):
            rename_client(conn, b, "ERIN FOX")
        with pytest.raises(InputError, match="needs a name"):
            create_client(conn, "   ")
        archive_client(conn, a)
        c = create_client(conn, "Erin Fox")  # the archived one keeps its rows, not its name
        assert client_named(conn, "erin fox").id == c != a
        assert [r.name for r in client_rows(conn)] == ["Erin Fox", "Gus"]
        assert len(client_rows(conn, archived=True)) == 3


def test_plan_status_moves_forward_and_a_new_draft_keeps_the_approved_one() -> None:
    book = _book()
    with book.write() as conn:
        cid = create_client(conn, "Hal")
    import_into_client(book, cid, [str(SCHWAB)])
    run = plan_client(book, cid)
    first = record_run(book, cid, run)
    second = record_run(book, cid, run)  # a re-plan: the draft before is replaced
    with book.read() as conn:
        assert [p.id for p in plans_of(conn, cid)] == [second]
    with book.write() as conn:
        approve(conn, second, "Pat Advisor")
        with pytest.raises(InputError, match="approved already"):
            approve(conn, second, "Pat Advisor")
    third = record_run(book, cid, run)
    with book.read() as conn:
        plans = {p.id: p for p in plans_of(conn, cid)}
    assert first not in plans and set(plans) == {second, third}
    assert plans[second].status == "approved" and plans[second].approved_by == "Pat Advisor"
    assert plans[third].status == "draft"


def test_a_lots_file_imported_later_attaches_to_the_clients_positions_and_is_kept() -> None:
    positions = DATA / "schwab_positions_2026_individual.csv"
    lots = DATA / "lots" / "schwab_lot_details_2025.csv"
    together = import_files([positions, lots])
    assert together.lots  # the fixture pair carries lots
    book = _book()
    with book.write() as conn:
        cid = create_client(conn, "Erin")
    import_into_client(book, cid, [str(positions)])
    done = import_into_client(book, cid, [str(lots)])
    assert done.added == [str(lots)] and not done.problems
    import_into_client(book, cid, [str(VANGUARD)])  # another account: the lots stay
    with book.read() as conn:
        kept = load_household(conn, cid)
    assert kept.lots == together.lots
    assert kept.lots_by_position() == together.lots_by_position()
    planned = plan_json(plan_client(book, cid).plan)
    direct = plan_json(plan_household(import_files([positions, lots, VANGUARD]), Policy()).plan)
    assert planned["trades"] == direct["trades"]  # the plan sees the lots as the files give them


def test_a_lots_file_no_position_of_the_client_can_take_is_refused_and_nothing_changes() -> None:
    book = _book()
    with book.write() as conn:
        cid = create_client(conn, "Finn")
    import_into_client(book, cid, [str(DATA / "schwab_positions_2026_individual.csv")])
    with book.read() as conn:
        before = load_household(conn, cid)
    other = DATA / "lots" / "fidelity_lots_2024.csv"  # another household's lots
    done = import_into_client(book, cid, [str(other), str(VANGUARD)])
    assert done.added == [str(VANGUARD)]
    assert len(done.problems) == 1 and done.problems[0].startswith(str(other))
    with book.read() as conn:
        after = load_household(conn, cid)
        names = {f.name for f in stored_files(conn, cid, current_only=False)}
    assert not after.lots and str(other) not in names
    assert after.total == pytest.approx(before.total + import_files([VANGUARD]).total)
