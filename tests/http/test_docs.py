"""/docs and /redoc: no key needed, and every asset they load is served by odpay itself."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.http.app import create_app


def test_the_documentation_pages_need_no_key_and_load_only_local_assets(db: Engine) -> None:
    client = TestClient(create_app(db))
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert (page.status_code, page.headers["content-type"]) == (200, "text/html; charset=utf-8")
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
        assert assets and all(a.startswith("/docs-assets/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
        urls = re.findall(r"""(?:url|spec-url)\s*[:=]\s*["']([^"']+)["']""", page.text)
        assert "/openapi.json" in urls
    assert client.get("/docs/oauth2-redirect").status_code == 200
