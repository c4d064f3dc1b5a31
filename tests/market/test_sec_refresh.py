"""Refresh from the SEC against a local server (127.0.0.1, never the internet) serving the
real format, 404s, rate-limit answers, a stalled reply and a page that is not company facts;
offline keeps the cache. Also the command line."""

from __future__ import annotations

import gzip
import http.server
import itertools
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from planner import __version__
from planner.cli.financials import main as cli_main
from planner.core.errors import InputError
from planner.core.progress import Cancelled
from planner.market import financials_cache as fc
from planner.market import sec_refresh as sr
from planner.market.ciks import load_ciks
from planner.market.secfacts import read_companyfacts
from planner.storage import Settings, load_settings, save_settings, settings_path
from tests.market.secfacts_oracle import MRVL, SNOW

CIKS = {
    "SNOW": "0001640147",
    "LPA": "0001997711",
    "MRVL": "0001835632",
    "STALL": "0000000001",
    "HTML": "0000000002",
    "BUSY": "0000000003",
    "GOOG": "0000000004",
    "GOOGL": "0000000004",
}
CONTACT = "tests@example.com"


class _Handler(http.server.BaseHTTPRequestHandler):
    # CIK -> list of answers (status, headers, body, delay); the last one repeats
    routes: ClassVar[dict[str, list[tuple[int, dict[str, str], bytes, float]]]] = {}
    seen: ClassVar[list[tuple[float, str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        cik = self.path.rsplit("CIK", 1)[-1].split(".")[0]
        _Handler.seen.append((time.monotonic(), cik, dict(self.headers)))
        answers = self.routes.get(cik, [(404, {}, b"Not Found", 0.0)])
        status, headers, body, delay = answers.pop(0) if len(answers) > 1 else answers[0]
        time.sleep(delay)
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.routes, _Handler.seen = {}, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/xbrl/companyfacts/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _ok(path: Path, packed: bool = False) -> tuple[int, dict[str, str], bytes, float]:
    body = path.read_bytes()
    if packed:
        return (
            200,
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            gzip.compress(body),
            0.0,
        )
    return 200, {"Content-Type": "application/json"}, body, 0.0


def _same_figures(path: Path, cik: str) -> None:
    cached, direct = fc.read_cached(cik), read_companyfacts(path)
    assert cached is not None
    assert cached.figures() == direct.figures() and cached.period_end == direct.period_end
    assert "fetched" in cached.source and cached.fetched is not None


def test_refresh_end_to_end(server: str) -> None:
    _Handler.routes = {
        CIKS["SNOW"]: [_ok(SNOW, packed=True)],
        CIKS["MRVL"]: [(429, {"Retry-After": "1"}, b"Too Many Requests", 0.0), _ok(MRVL)],
        CIKS["STALL"]: [(200, {}, b"{}", 3.0)],
        CIKS["HTML"]: [(200, {"Content-Type": "text/html"}, b"<html>Maintenance</html>", 0.0)],
    }  # LPA: not served -> 404
    start = time.monotonic()
    result = sr.refresh_financials(
        ["SNOW", "LPA", "MRVL", "STALL", "HTML", "NOPE"], CIKS, CONTACT, server, timeout=0.5
    )
    assert time.monotonic() - start < 6  # the stalled answer did not hang the refresh
    assert result.updated == ("SNOW", "MRVL")
    text = "\n".join(result.problems)
    assert len(result.problems) == 4  # one sentence per failure
    assert "LPA (CIK 0001997711): the SEC has no XBRL company facts" in text and "404" in text
    assert "STALL" in text and "within 0.5 s" in text
    assert "HTML" in text and "not usable company facts" in text
    assert "NOPE: no SEC CIK" in text
    assert all("nothing cached" in p for p in result.problems if "CIK 0" in p)
    assert len(result.notices) == 1
    assert "MRVL" in result.notices[0] and "429" in result.notices[0]
    assert "waited 1 s" in result.notices[0]
    # what is cached: the two fetched, cut small, reading as the served files do
    assert fc.cached_ciks() == sorted([CIKS["SNOW"], CIKS["MRVL"]])
    for path, cik in ((SNOW, CIKS["SNOW"]), (MRVL, CIKS["MRVL"])):
        _same_figures(path, cik)
        assert fc.cache_path(cik).stat().st_size < path.stat().st_size
    # how we asked: declared User-Agent, gzip, and requests started 0.12 s apart: never two
    # arrive within 0.1 s, network jitter allowed for
    agents = {h.get("User-Agent") for _, _, h in _Handler.seen}
    assert agents == {f"RotationPlanner/{__version__} {CONTACT}"}
    assert all("gzip" in h.get("Accept-Encoding", "") for _, _, h in _Handler.seen)
    times = sorted(t for t, _, _ in _Handler.seen)
    assert len(times) == 6 and result.requests == 6  # MRVL twice
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.09


@pytest.mark.parametrize("code", [429, 403])
def test_a_persistent_refusal_stops_the_run_and_keeps_the_cache(server: str, code: int) -> None:
    _Handler.routes = {CIKS["SNOW"]: [_ok(SNOW)]}
    assert sr.refresh_financials(["SNOW"], CIKS, CONTACT, server).updated == ("SNOW",)
    before = fc.cache_path(CIKS["SNOW"]).read_bytes()
    _Handler.routes = {CIKS["BUSY"]: [(code, {"Retry-After": "0"}, b"slow down", 0.0)]}
    _Handler.seen = []
    result = sr.refresh_financials(["BUSY", "SNOW", "MRVL"], CIKS, CONTACT, server)
    assert result.updated == ()
    assert [c for _, c, _ in _Handler.seen] == [CIKS["BUSY"]] * (sr.RETRIES + 1)
    assert len(result.notices) == sr.RETRIES
    assert f"still refuses ({code}" in result.problems[0]
    assert "SNOW, MRVL not fetched" in result.problems[1]
    assert fc.cache_path(CIKS["SNOW"]).read_bytes() == before


def test_offline_is_a_sentence_and_the_cache_stays(server: str) -> None:
    _Handler.routes = {CIKS["SNOW"]: [_ok(SNOW)]}
    sr.refresh_financials(["SNOW"], CIKS, CONTACT, server)
    before = fc.cache_path(CIKS["SNOW"]).read_bytes()
    fetched = fc.fetched_at(CIKS["SNOW"])
    assert fetched is not None
    result = sr.refresh_financials(["SNOW", "MRVL"], CIKS, CONTACT, "http://127.0.0.1:9/x/")
    assert result.updated == ()
    assert "cannot connect to the SEC" in result.problems[0]
    assert f"kept the cached copy fetched {fetched.date()}" in result.problems[0]
    assert "MRVL not fetched" in result.problems[1]
    assert fc.cache_path(CIKS["SNOW"]).read_bytes() == before
    _same_figures(SNOW, CIKS["SNOW"])


def test_companies_sharing_a_cik_are_fetched_once(server: str) -> None:
    _Handler.routes = {CIKS["GOOG"]: [(200, {}, json.dumps(_synthetic(4)).encode(), 0.0)]}
    result = sr.refresh_financials(["GOOG", "GOOGL"], CIKS, CONTACT, server)
    assert result.updated == ("GOOG", "GOOGL") and result.requests == 1


def test_an_answer_for_another_company_is_refused(server: str) -> None:
    _Handler.routes = {CIKS["GOOG"]: [(200, {}, json.dumps(_synthetic(5)).encode(), 0.0)]}
    result = sr.refresh_financials(["GOOG"], CIKS, CONTACT, server)
    assert result.updated == () and "for CIK 0000000005" in result.problems[0]


def _synthetic(cik: int) -> dict[str, object]:
    """SYNTHETIC company facts, not a company's."""
    row = {
        "end": "2026-06-30",
        "val": 10,
        "accn": "x",
        "fy": 2026,
        "fp": "Q2",
        "form": "10-Q",
        "filed": "2026-08-01",
    }
    return {
        "cik": cik,
        "entityName": "SYNTHETIC",
        "facts": {"us-gaap": {"CashAndCashEquivalentsAtCarryingValue": {"units": {"USD": [row]}}}},
    }


def test_cancel_keeps_what_was_fetched(server: str) -> None:
    _Handler.routes = {CIKS["SNOW"]: [_ok(SNOW)], CIKS["MRVL"]: [_ok(MRVL)]}
    calls: list[str] = []

    def progress(fraction: float, message: str) -> None:
        calls.append(message)
        if "MRVL" in message:
            raise Cancelled()

    with pytest.raises(Cancelled):
        sr.refresh_financials(["SNOW", "MRVL"], CIKS, CONTACT, server, progress=progress)
    assert fc.cached_ciks() == [CIKS["SNOW"]]


def test_a_contact_is_required() -> None:
    with pytest.raises(InputError, match="contact"):
        sr.refresh_financials(["SNOW"], CIKS, "  ")
    with pytest.raises(InputError, match="plain text"):
        sr.user_agent("me@example.com\r\nX-Evil: 1")


def test_limiter_spaces_requests() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    lim = sr.Limiter(0.1, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        lim.wait()
    now[0] += 0.5
    lim.wait()
    assert slept == pytest.approx([0.1, 0.1])


def test_retry_after_forms() -> None:
    assert sr._retry_after("7") == 7.0
    assert sr._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert sr._retry_after("soon") is None and sr._retry_after(None) is None


def test_load_ciks(tmp_path: Path) -> None:
    bundled = load_ciks()
    assert bundled["SNOW"] == CIKS["SNOW"] and bundled["LPA"] == CIKS["LPA"]
    bad = tmp_path / "ciks.csv"
    bad.write_text("symbol,cik_sec\nAAA,12\nBBB,x1\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{bad.name}:3: cik_sec 'x1'"):
        load_ciks(bad)


def test_a_damaged_cache_file_is_left_out_with_a_sentence() -> None:
    path = fc.cache_path("0000000007")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": 1, "cik": ', encoding="utf-8")
    store, problems = fc.load_store()
    assert store == {} and len(problems) == 1 and str(path) in problems[0]


def test_the_contact_setting_round_trips() -> None:
    save_settings(Settings(sec_contact="ops@firm.example"))
    assert load_settings().sec_contact == "ops@firm.example"
    assert "[sec]" in settings_path().read_text(encoding="utf-8")


# --- the command line -------------------------------------------------------------------


def test_cli_refresh_and_verdicts(
    server: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(sr.URL_ENV, server)
    _Handler.routes = {CIKS["SNOW"]: [_ok(SNOW)], CIKS["MRVL"]: [_ok(MRVL)]}
    code = cli_main(["SNOW", "MRVL", "LPA", "--contact", CONTACT, "--json"])
    out = capsys.readouterr()
    assert code == 0
    doc = json.loads(out.out)
    assert doc["updated"] == ["SNOW", "MRVL"]
    assert doc["verdicts"]["SNOW"]["status"] == "unprofitable"
    assert doc["verdicts"]["MRVL"]["status"] == "sound"
    assert doc["verdicts"]["LPA"]["status"] == "unknown"  # 404 and nothing cached
    assert "LPA (CIK 0001997711)" in out.err and "404" in out.err
    assert doc["verdicts"]["MRVL"]["figures"]["maturities_year_two"]["tags"] == [
        "LongTermDebtMaturitiesRepaymentsOfPrincipalInYearTwo"
    ]
    # no symbols: re-fetch what the cache holds
    _Handler.seen = []
    assert cli_main(["--contact", CONTACT]) == 0
    assert sorted(c for _, c, _ in _Handler.seen) == sorted([CIKS["SNOW"], CIKS["MRVL"]])
    text = capsys.readouterr().out
    assert "unprofitable" in text and "Rule:" in text


def test_cli_usage_and_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli_main(["--contact", CONTACT])  # nothing given, nothing cached
    assert info.value.code == 2 and "cache is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli_main(["SNOW"])  # no contact anywhere
    assert info.value.code == 2 and "contact" in capsys.readouterr().err
    bad = tmp_path / "ciks.csv"
    bad.write_text("ticker,cik\n", encoding="utf-8")
    assert cli_main(["SNOW", "--ciks", str(bad), "--contact", CONTACT]) == 3
    assert capsys.readouterr().err.startswith(f"{bad}:1: ")


def test_python_dash_m_runs() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "planner.cli.financials", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "--holdings" in done.stdout


def test_the_spacing_test_catches_a_refresh_without_the_limit(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plant the bug (no pause between requests) and see the end-to-end test fail."""
    monkeypatch.setattr(sr.Limiter, "wait", lambda self: None)
    with pytest.raises(AssertionError):
        test_refresh_end_to_end(server)


def test_cli_import_is_the_offline_way_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["--import", str(MRVL), "--json"]) == 0  # no contact, no network
    doc = json.loads(capsys.readouterr().out)
    assert list(doc["verdicts"]) == ["MRVL"] and doc["verdicts"]["MRVL"]["status"] == "sound"
    assert "file marvell_CIK0001835632.json" in doc["verdicts"]["MRVL"]["source"]
    _same_figures(MRVL, CIKS["MRVL"])
    bad = tmp_path / "CIK0001640147.json"
    bad.write_text('{"cik": 1640147,\n "facts": {"us-gaap": ', encoding="utf-8")
    assert cli_main(["--import", str(bad)]) == 3
    assert capsys.readouterr().err.startswith(f"{bad}:2: not valid JSON")
    assert fc.cached_ciks() == [CIKS["MRVL"]]
