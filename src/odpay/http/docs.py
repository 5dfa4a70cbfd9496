"""The documentation pages, /docs (Swagger UI) and /redoc (ReDoc), from assets inside the
package (http/static/, versions in its README.md), so they work without internet. No key
needed, like /openapi.json."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
_STATIC = Path(__file__).with_name("static")
_FAVICON = f"{ASSETS}/swagger-ui/favicon-32x32.png"  # both pages show Swagger UI's


def install_docs(app: FastAPI) -> None:
    """Serve /docs, /docs/oauth2-redirect, /redoc and their assets under /docs-assets."""
    app.mount(ASSETS, StaticFiles(directory=_STATIC), name="docs-assets")

    def page(
        request: Request, render: Callable[..., HTMLResponse], name: str, **paths: str
    ) -> HTMLResponse:
        """A documentation page: `render` given the schema's URL, the title and the page's
        asset `paths`, each URL under the root path a proxy serves the app at."""
        root = request.scope.get("root_path", "").rstrip("/")
        urls = {argument: f"{root}{path}" for argument, path in paths.items()}
        return render(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - {name}", **urls)

    def swagger_ui(request: Request) -> HTMLResponse:
        return page(
            request,
            get_swagger_ui_html,
            "Swagger UI",
            swagger_js_url=f"{ASSETS}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=_FAVICON,
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    def redoc(request: Request) -> HTMLResponse:
        return page(
            request,
            partial(get_redoc_html, with_google_fonts=False),
            "ReDoc",
            redoc_js_url=f"{ASSETS}/redoc/redoc.standalone.js",
            redoc_favicon_url=_FAVICON,
        )

    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route("/docs/oauth2-redirect", oauth2_redirect, include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)
