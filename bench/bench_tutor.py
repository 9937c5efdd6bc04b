"""tutor: import time, the offline round trip through the openai client, and a cache hit."""

from __future__ import annotations

import subprocess
import sys
import tempfile

from bench.common import Row, row, timed


def _import_times(n: int = 7) -> list[float]:
    """Milliseconds for `import tutor` in a fresh interpreter, n times."""
    code = "import time; t=time.perf_counter(); import tutor; print((time.perf_counter()-t)*1000)"
    return [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(n)]


def rows() -> list[Row]:
    """Measure and return the tutor rows."""
    from tutor import api, client, config
    from tutor.client import Request

    out = [row("import tutor (fresh interpreter)", _import_times())]
    offline = config.Settings()
    request = Request([{"role": "user", "content": "Summarise: the meeting moved to Friday."}], config.OFFLINE_MODEL)
    out.append(row("offline round trip via openai client", timed(lambda: client.complete(offline, request), 300)))
    ask_samples = timed(lambda: api.ask("Summarise: the meeting moved to Friday."), 300)
    out.append(row("ask() offline (settings + round trip)", ask_samples))
    with tempfile.TemporaryDirectory() as folder:
        live = config.Settings(backend=config.LIVE, base_url="http://127.0.0.1:9/v1", cache_dir=folder)
        key = client.cache.request_key(live.endpoint, request.model, request.messages, request.params())
        client.cache.put(client.cache.cache_dir(folder), key, {"text": "cached", "model": "m", "usage": {}})
        out.append(row("live cache hit (no network)", timed(lambda: client.complete(live, request), 300)))
    return out
