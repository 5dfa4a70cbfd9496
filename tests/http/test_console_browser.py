"""The ledger console (/console) in headless Chromium against a real `odpay serve` on a demo
database (SQLite): open a family, preview a payment with its explanation, post it, see its
splits and what they paid, explain it, refund it, re-allocate another, and page through a
10,000-line family, from the keyboard where the console offers it. Every request to anything
but the local server is refused: the console works offline.

Screenshots go to $ODPAY_TEST_ARTIFACTS/console/ (default test-artifacts/console/ in the
repository; CI keeps that folder). Chromium is Debian's, driven by Playwright's Python package
(tests/http/browser.py); no browser is downloaded.
"""

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.http.browser import NEEDS_CHROMIUM, ODPAY, free_port, offline_page

ARTIFACTS = (
    Path(os.environ.get("ODPAY_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))
    / "console"
)
READ_KEY = ("consoleReadDevKey01", "consoleReadCustKey01")
WRITE_KEY = ("consoleWriteDevKey01", "consoleWriteCustKey01")
SMALL, CHILD, BIG = 9101, 9102, 9001  # PatNums the fixture loads beside the demo families
EXAM, FILLING = 900001, 900002
BIG_LINES = 10_000

pytestmark = NEEDS_CHROMIUM


def _rows(tmp: Path) -> Path:
    """Two families for the flows: a guarantor and child with two procedures, and a guarantor
    with BIG_LINES procedures."""
    start = date(2020, 1, 1)
    big = [
        {"ProcNum": 1_000_000 + i, "PatNum": BIG, "ProcDate": str(start + timedelta(days=i // 4)),
         "ProcFee": 10.0, "ProcStatus": 2, "ProvNum": 1, "CodeNum": 1}
        for i in range(BIG_LINES)
    ]  # fmt: skip
    rows = {
        "patient": [
            {"PatNum": SMALL, "Guarantor": SMALL, "LName": "Consoletest", "FName": "Gia",
             "PriProv": 1},
            {"PatNum": CHILD, "Guarantor": SMALL, "LName": "Consoletest", "FName": "Cal",
             "PriProv": 1},
            {"PatNum": BIG, "Guarantor": BIG, "LName": "Bigledger", "FName": "Ben", "PriProv": 1},
        ],
        "procedurelog": [
            {"ProcNum": EXAM, "PatNum": CHILD, "ProcDate": "2024-01-05", "ProcFee": 100.0,
             "ProcStatus": 2, "ProvNum": 1, "CodeNum": 1},
            {"ProcNum": FILLING, "PatNum": SMALL, "ProcDate": "2024-02-01", "ProcFee": 50.0,
             "ProcStatus": 2, "ProvNum": 1, "CodeNum": 2},
            *big,
        ],
    }  # fmt: skip
    path = tmp / "console-rows.json"
    path.write_text(json.dumps(rows))
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`odpay serve` on a demo database with the flows' families, a read and a write key."""
    tmp = tmp_path_factory.mktemp("console")
    url = f"sqlite:///{tmp / 'console.db'}"
    db = ["--database-url", url]

    def run(*args: str) -> None:
        subprocess.run([ODPAY, *args, *db], check=True, capture_output=True)

    run("db", "upgrade")
    run("demo", "load")
    run("load", str(_rows(tmp)))
    run("keys", "create", "--developer-key", READ_KEY[0], "--customer-key", READ_KEY[1],
        "--permissions", "ApiReadAll")  # fmt: skip
    run("keys", "create", "--developer-key", WRITE_KEY[0], "--customer-key", WRITE_KEY[1])
    port = free_port()
    process = subprocess.Popen(
        [ODPAY, "serve", *db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("odpay is serving on")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    """A console page (1366x768, a laptop screen) with only the local server reachable."""
    errors: list[str] = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with offline_page(1366, 768) as (tab, outside):
        tab.set_default_timeout(20_000)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(server + "/console")
        yield tab
    assert outside == []
    assert errors == []


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _use_key(page: Any, key: tuple[str, str]) -> None:
    if page.is_visible("#forget-key"):
        page.click("#forget-key")
    page.fill("#dev-key", key[0])
    page.fill("#cust-key", key[1])
    page.press("#cust-key", "Enter")
    page.wait_for_selector("#forget-key", state="visible")


def _message(page: Any, part: str) -> str:
    page.wait_for_function(
        "part => document.getElementById('message').textContent.includes(part)", arg=part
    )
    return str(page.inner_text("#message"))


def _ledger(page: Any) -> list[list[str]]:
    """The visible ledger rows: date, patient, code, description, charges, credits, balance."""
    rows = page.query_selector_all("#ledger-body tr:not([hidden])")
    return [[c.inner_text().strip() for c in row.query_selector_all("td")[1:8]] for row in rows]


def _payment_rows(page: Any) -> list[Any]:
    found: list[Any] = page.query_selector_all("#ledger-body tr.Payment")
    return found


def test_open_preview_post_see_the_splits_explain_and_refund(page: Any) -> None:
    _use_key(page, READ_KEY)
    # Open a family from the keyboard: the key leaves the focus in the search, Enter searches.
    assert page.evaluate("document.activeElement.id") == "search-name"
    page.keyboard.type("Consoletest")
    page.keyboard.press("Enter")
    page.click(f"#family-list button:has-text('#{SMALL}')")
    page.wait_for_selector("#ledger-body tr")
    assert page.inner_text("#family-balance") == "150.00"
    ledger = _ledger(page)
    assert [(r[0], r[1], r[4], r[6]) for r in ledger] == [
        ("2024-01-05", "Cal Consoletest", "100.00", "100.00"),
        ("2024-02-01", "Gia Consoletest", "50.00", "150.00"),
    ]
    _shot(page, "1-family.png")

    # Preview with a read key: the splits and why, nothing written.
    page.fill("#pay-amount", "120")
    page.click("#preview-button")
    page.wait_for_selector("#explained-splits li")
    splits = [li.inner_text() for li in page.query_selector_all("#explained-splits li")]
    assert splits[0].startswith("100.00 · OldestCharge")
    assert "owed 100.00 and owes 0.00 after this split" in splits[0]
    assert splits[1].startswith("20.00 · OldestCharge")
    assert "owed 50.00 and owes 30.00 after this split" in splits[1]
    assert page.inner_text("#unpaid") == (
        "The procedure D0150 of 2024-02-01 still owes 30.00. "
        "Nothing left: the payment was used up on other charges."
    )
    assert _payment_rows(page) == []
    _shot(page, "2-preview.png")

    # Posting needs a write key: the read key is refused and nothing changes.
    page.click("#post-button")
    assert "Not Authorized." in _message(page, "Not Authorized.")
    assert page.get_attribute("#message", "class") == "error"
    _use_key(page, WRITE_KEY)
    page.click("#post-button")
    posted = _message(page, "posted")
    pay_num = int(posted.split()[1])
    assert page.inner_text("#family-balance") == "30.00"
    assert _ledger(page)[-1][1:7] == ["Gia Consoletest", "", "Payment Check", "", "120.00", "30.00"]

    # The payment opens into its splits, each linked to the line it paid.
    toggle = page.query_selector(f"button[aria-label='Splits of payment {pay_num}']")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    split_rows = page.query_selector_all("#ledger-body tr.split:not([hidden])")
    texts = [row.inner_text() for row in split_rows]
    assert len(texts) == 2
    assert f"→ procedure {EXAM}" in texts[0] and "100.00" in texts[0]
    assert f"→ procedure {FILLING}" in texts[1] and "20.00" in texts[1]
    page.click(f"#ledger-body tr.split a:has-text('procedure {EXAM}')")
    highlighted = page.wait_for_selector("#ledger-body tr.highlight")
    assert highlighted.get_attribute("data-key") == str(EXAM)
    assert len(page.query_selector_all("#ledger-body tr.split:not([hidden])")) == 2  # still open
    _shot(page, "3-posted-splits.png")

    # The stored payment's explanation is the preview's.
    page.click(f"button[aria-label='Explain payment {pay_num}']")
    _message(page, f"Explanation of payment {pay_num}")
    assert page.inner_text("#explanation-title") == f"Payment {pay_num}"
    stored = [li.inner_text() for li in page.query_selector_all("#explained-splits li")]
    assert stored == splits

    # Refund: a confirmed click, a negative payment, the family owes the whole again.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"button[aria-label='Refund payment {pay_num}']")
    refunded = _message(page, "refunded")
    assert refunded.startswith(f"Payment {pay_num} refunded by payment")
    assert page.inner_text("#family-balance") == "150.00"
    assert len(_payment_rows(page)) == 2
    assert _ledger(page)[-1][5:7] == ["-120.00", "150.00"]
    _shot(page, "4-refunded.png")


def test_re_allocate_a_payment(page: Any) -> None:
    _use_key(page, WRITE_KEY)
    page.fill("#open-patnum", str(CHILD))
    page.press("#open-patnum", "Enter")
    page.wait_for_selector("#ledger-body tr")
    before = len(_payment_rows(page))
    page.fill("#pay-amount", "40")
    page.click("#preview-button")
    page.wait_for_selector("#explained-splits li")
    page.click("#post-button")
    pay_num = int(_message(page, "posted").split()[1])
    assert len(_payment_rows(page)) == before + 1

    page.click(f"button[aria-label='Re-allocate payment {pay_num}']")
    page.fill("#reallocate-lines", f"{FILLING} 40")
    page.click("#reallocate-form button[type=submit]")
    assert _message(page, "re-allocated") == f"Payment {pay_num} re-allocated."
    page.click(f"button[aria-label='Splits of payment {pay_num}']")
    [split] = [
        row.inner_text() for row in page.query_selector_all("#ledger-body tr.split:not([hidden])")
    ]
    assert f"→ procedure {FILLING}" in split and "40.00" in split
    _shot(page, "5-reallocated.png")


def test_a_10000_line_family_is_paged(page: Any) -> None:
    _use_key(page, READ_KEY)
    page.fill("#open-patnum", str(BIG))
    page.press("#open-patnum", "Enter")
    page.wait_for_selector("#ledger-body tr")
    assert page.inner_text("#page-label") == f"lines 9801–{BIG_LINES} of {BIG_LINES}"
    assert len(page.query_selector_all("#ledger-body tr")) == 200
    assert page.inner_text("#family-balance") == "100000.00"
    assert _ledger(page)[-1][6] == "100000.00"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("p")
    page.wait_for_function(
        "document.getElementById('page-label').textContent.startsWith('lines 9601')"
    )
    assert _ledger(page)[-1][6] == "98000.00"
    page.keyboard.press("/")  # back to the family search
    assert page.evaluate("document.activeElement.id") == "search-name"
    _shot(page, "6-big-family.png")
