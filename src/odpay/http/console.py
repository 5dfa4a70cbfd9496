"""The ledger console at /console (odpay extension): static HTML, CSS and JavaScript shipped in
the package (http/static/console/), no CDN, no build step. The page needs no key; every call it
makes carries the key pair the user pastes, like any other client."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/console-assets"
_CONSOLE = Path(__file__).with_name("static") / "console"


def install_console(app: FastAPI) -> None:
    """Serve /console and its assets under /console-assets."""
    app.mount(ASSETS, StaticFiles(directory=_CONSOLE), name="console-assets")

    def console() -> FileResponse:
        return FileResponse(_CONSOLE / "index.html", media_type="text/html")

    app.add_api_route("/console", console, methods=["GET"], include_in_schema=False)
