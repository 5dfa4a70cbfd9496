"""README.md's examples, run as written, in order, against the demo practice `make run` serves.

Every ```sh block after a `<!-- example -->` line runs in one bash session with curl against a
real `odpay serve` on a database built by `make demo-db` (what `make run` serves). A command's
closing `# NNN` is the status it must answer, and `# NNN "text"` also its JSON-string body.
CHECKS then checks, example by example, what each one's comment says it shows.
"""

import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
README_BASE = "http://127.0.0.1:30223"
_EXPECTED = re.compile(r'#\s*(\d{3})(?:\s+("(?:[^"\\]|\\.)*"))?\s*$')

pytestmark = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("make") is None, reason="needs curl and make"
)


@dataclass
class Example:
    label: str  # its comment lines, then its command
    status: int
    body_text: str | None  # the JSON string a refusal answers, as written
    answer_status: int = 0
    answer: Any = None  # the JSON body, parsed
    headers: dict[str, str] = field(default_factory=dict)


def _examples_and_script(base: str) -> tuple[list[Example], str]:
    """The marked blocks' commands, and the bash script that runs them with markers."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example -->\n```sh\n(.*?)\n```", text, re.DOTALL)
    assert blocks, "README.md has no <!-- example --> blocks"
    examples: list[Example] = []
    script = ["curl() { command curl -w '\\n@@STATUS %{http_code}\\n' \"$@\"; }"]
    comments: list[str] = []
    for block in blocks:
        for line in re.sub(r"\\\n\s*", "", block).splitlines():
            stripped = line.strip()
            if stripped.startswith("#"):
                comments.append(stripped.lstrip("# "))
                continue
            expected = _EXPECTED.search(stripped)
            if expected:
                label = " ".join([*comments, stripped])
                body = expected.group(2)
                examples.append(Example(label, int(expected.group(1)), body))
                script.append(f"echo '@@EXAMPLE {len(examples)}'")
                comments = []
            script.append(line.replace(README_BASE, base))
    return examples, "\n".join(script) + "\n"


def _read_answers(examples: list[Example], output: str) -> None:
    chunks = re.split(r"^@@EXAMPLE (\d+)\n", output, flags=re.MULTILINE)[1:]
    assert [int(n) for n in chunks[0::2]] == list(range(1, len(examples) + 1))
    for example, chunk in zip(examples, chunks[1::2], strict=True):
        found = re.search(r"^@@STATUS (\d{3})$", chunk, re.MULTILINE)
        assert found, f"no curl answer for: {example.label}"
        answer = chunk[: found.start()].strip()
        assert chunk.count("@@STATUS") == 1, f"one command, one request: {example.label}"
        if answer.startswith("HTTP/"):
            head, _, answer = answer.replace("\r\n", "\n").partition("\n\n")
            for header in head.splitlines()[1:]:
                name, _, value = header.partition(":")
                example.headers[name.strip().lower()] = value.strip()
        example.answer_status = int(found.group(1))
        example.answer = json.loads(answer)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`odpay serve` on a new database made by `make demo-db`; its base URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('readme') / 'odpay.db'}"
    made = subprocess.run(
        ["make", "-s", "demo-db", f"BIN={BIN}", f"DATABASE_URL={url}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "odpay"), "serve", "--database-url", url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith("odpay is serving on")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def _splits(answer: list[dict[str, Any]]) -> list[tuple[int, float]]:
    return [(s["ProcNum"], s["SplitAmt"]) for s in answer]


Check = Callable[[Example, Callable[[str], Any]], None]


def _balances(e: Example, get: Callable[[str], Any]) -> None:
    assert [(b["PatNum"], b["Name"].split(",")[0]) for b in e.answer[:-1]] == [
        (16, "Larkspur"),
        (17, "Larkspur"),
        (18, "Larkspur"),
        (19, "Larkspur"),
    ]
    assert e.answer[-1] == {"PatNum": 16, "Name": "Entire Family", "Balance": 912.5}


def _payment(pay_num: int, pay_amt: str, pat_num: int) -> Check:
    def check(e: Example, get: Callable[[str], Any]) -> None:
        assert (e.answer["PayNum"], e.answer["PayAmt"], e.answer["PatNum"]) == (
            pay_num,
            pay_amt,
            pat_num,
        )

    return check


def _oldest_first(e: Example, get: Callable[[str], Any]) -> None:
    assert _splits(e.answer) == [(61, 82.5), (66, 40.0), (57, 7.49)]
    dates = [get(f"/procedurelogs/{s['ProcNum']}")["ProcDate"] for s in e.answer]
    assert dates == sorted(dates)
    family = [p for pat in (16, 17, 18, 19) for p in get(f"/procedurelogs?PatNum={pat}")]
    older = [p["ProcNum"] for p in family if p["ProcDate"] < dates[-1] and p["ProcStatus"] == "C"]
    assert set(older) - {61, 66} == {55}  # 55, between them, was paid in full already


def _chosen_first(e: Example, get: Callable[[str], Any]) -> None:
    assert _splits(e.answer) == [(65, 95.0), (64, 80.0), (59, 25.0)]
    assert [s["PatNum"] for s in e.answer] == [19, 19, 17]
    assert get("/procedurelogs/59")["PatNum"] == 17


def _plan_prepaid(e: Example, get: Callable[[str], Any]) -> None:
    [split] = e.answer
    assert (split["SplitAmt"], split["PayPlanNum"], split["unearnedType"]) == (
        100.0,
        3,
        "Payment Plan Prepay",
    )
    plan = get("/payplans/3")
    assert (plan["PatNum"], plan["IsDynamic"], plan["IsClosed"]) == (52, "true", "false")


def _refused(e: Example, get: Callable[[str], Any]) -> None:
    assert e.body_text is not None and e.answer == json.loads(e.body_text)


def _reallocated(e: Example, get: Callable[[str], Any]) -> None:
    assert _splits(e.answer) == [(57, 150.0), (53, 50.0)]


def _listed(e: Example, get: Callable[[str], Any]) -> None:
    assert {p["PatNum"] for p in e.answer} == {16}
    assert {143, 146} <= {p["PayNum"] for p in e.answer}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", p["PayDate"]) for p in e.answer)
    assert 1 < len(e.answer) <= 50


def _first_answer(e: Example, get: Callable[[str], Any]) -> None:
    _payment(147, "129.99", 11)(e, get)
    assert "idempotent-replayed" not in e.headers
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1/payments/147", e.headers["location"])


def _replayed(e: Example, get: Callable[[str], Any]) -> None:
    _payment(147, "129.99", 11)(e, get)
    assert e.headers["idempotent-replayed"] == "true"
    assert [p["PayNum"] for p in get("/payments?PatNum=11") if p["PayAmt"] == "129.99"] == [147]


def _field(name: str, value: Any) -> Check:
    def check(e: Example, get: Callable[[str], Any]) -> None:
        assert e.answer[name] == value

    return check


def _estimate(e: Example, get: Callable[[str], Any]) -> None:
    assert (e.answer["ProcNum"], e.answer["Status"], e.answer["InsPayEst"]) == (
        219,
        "Estimate",
        120.0,
    )


def _fifty_and_unearned(e: Example, get: Callable[[str], Any]) -> None:
    assert [(s["ProcNum"], s["SplitAmt"], s["unearnedType"]) for s in e.answer] == [
        (219, 50.0, ""),
        (0, 25.0, "Prepayment"),
    ]


def _unearned_balance(e: Example, get: Callable[[str], Any]) -> None:
    assert e.answer == [
        {"PatNum": 67, "Name": "Rivera, Ana", "Balance": -25},
        {"PatNum": 67, "Name": "Entire Family", "Balance": -25},
    ]


# In README order: a piece of each example's comment or command, and what it must show.
CHECKS: list[tuple[str, Check]] = [
    ("owes 912.50 in all", _balances),
    ("new payment is PayNum 143", _payment(143, "129.99", 16)),
    ("oldest first (61, 66, then part of 57)", _oldest_first),
    ("procedures 64 and 65 first (PayNum 144)", _payment(144, "200", 17)),
    ("own oldest charge (59)", _chosen_first),
    ('"payPlanNum": 3}', _payment(145, "100", 52)),
    ("paysplits?PayNum=145", _plan_prepaid),
    ("a new payment (PayNum 146) of -129.99", _payment(146, "-129.99", 16)),
    ("second refund of the same payment is refused", _refused),
    ("Re-allocate payment 144", _payment(144, "200", 17)),
    ("paysplits?PayNum=144", _reallocated),
    ("US dates", _listed),
    ("patient that does not exist", _refused),
    ("one payment (PayNum 147)", _first_answer),
    ("Idempotent-Replayed: true", _replayed),
    ("post definitions", _field("ItemName", "Emergency")),
    ("post procedurecodes", _field("procCat", "Emergency")),
    ("post patients", _field("PatNum", 67)),
    ("post procedurelogs", _field("ProcNum", 219)),
    ("post claimprocs", _estimate),
    ("post payments", _payment(148, "75", 67)),
    ("paysplits?PayNum=148", _fifty_and_unearned),
    ("the unearned money", _unearned_balance),
]


def test_every_readme_example_answers_what_its_comment_says(served: str) -> None:
    examples, script = _examples_and_script(served)
    ran = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert ran.returncode == 0, ran.stderr
    _read_answers(examples, ran.stdout)
    assert [e.answer_status for e in examples] == [e.status for e in examples], [
        e.label for e in examples if e.answer_status != e.status
    ]
    assert len(examples) == len(CHECKS)
    headers = {"Authorization": "ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z"}
    with httpx.Client(base_url=f"{served}/api/v1", headers=headers, timeout=30) as client:

        def get(path: str) -> Any:
            answer = client.get(path)
            assert answer.status_code == 200, path
            return answer.json()

        for example, (piece, check) in zip(examples, CHECKS, strict=True):
            assert piece in example.label, (piece, example.label)
            check(example, get)
