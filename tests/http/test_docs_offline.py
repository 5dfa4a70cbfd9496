"""/docs (Swagger UI) and /redoc (ReDoc) render in headless Chromium with every request to
anything but the local server refused: the pages need no internet. Screenshots are kept in
test-artifacts/docs-offline/.

The browser: tests/http/browser.py.
"""

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http.browser import NEEDS_CHROMIUM, ODPAY, free_port, offline_page

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "docs-offline"
# ReDoc's menu shows Redocly's logo from its CDN; offline the image fails and hides itself
# (its onError handler), and the page is the same without it.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `odpay serve`; its base URL once it says it serves."""
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}"
    port = free_port()
    process = subprocess.Popen(
        [ODPAY, "serve", "--database-url", url, "--port", str(port)],
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


def _render(base: str, path: str, ready: str, shot: str) -> tuple[str, str, list[str]]:
    """Open base+path offline and wait for `ready`: the text of `ready` and of the page, and
    the outside URLs the page asked for (all refused)."""
    with offline_page(1280, 900) as (page, outside):
        page.goto(base + path)
        heading = page.wait_for_selector(ready, timeout=30_000)
        assert heading is not None
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot))
        texts = heading.inner_text(), page.inner_text("body")
    return *texts, outside


def test_swagger_ui_lists_the_operations_offline(server: str) -> None:
    title, text, outside = _render(server, "/docs", ".info .title", "swagger-ui.png")
    assert outside == []
    assert title.startswith("odpay")
    for operation in ("Create a payment", "Refund a payment", "Create a dynamic payment plan"):
        assert operation in text


def test_redoc_renders_the_title_offline(server: str) -> None:
    title, text, outside = _render(server, "/redoc", "h1", "redoc.png")
    assert outside in ([], [REDOC_LOGO])
    assert title.startswith("odpay")
    assert "Create a payment" in text
