"""GET /metrics: Prometheus's text, for a key that may read (ApiReadAll).

Decisions: docs/decisions.md, "Logs and metrics". The counts say how busy the practice is, so
they are shown only to a key that may read its payments; Prometheus sends the key with
`authorization: {type: ODFHIR, credentials: DeveloperKey/CustomerKey}` in its scrape config.
"""

from fastapi.responses import Response

from odpay.http.auth import ReadKey
from odpay.services.metrics import exposition


def metrics(_key: ReadKey) -> Response:
    """Every odpay metric, summed over the server's processes; 401 `Not Authorized.` without a
    key that may read."""
    # A plain `def`, run in a worker thread: with several workers this reads and adds up every
    # worker's files, about 10 ms (bench/RESULTS.md), which the event loop should not wait for.
    content, content_type = exposition()
    return Response(content, media_type=content_type)
