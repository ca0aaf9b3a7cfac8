"""The weight of every page of a built book as Chromium loads it: the HTML and every stylesheet, script,
font and image the browser fetches for it (read to the end, so what loads lazily is counted), in bytes of
response body, each page in a fresh browser context (nothing cached). Used by bench.py and by
tests/test_page_weight.py; alone:

    python benchmarks/pageweight.py _build/html      # prints bytes per page and the heaviest files
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP from 127.0.0.1; yields the base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def book_pages(html: Path) -> list[str]:
    return sorted(p.relative_to(html).as_posix() for p in (html / "book").glob("*.html"))


def weigh(browser, base: str, page_path: str) -> dict[str, int]:
    """Bytes of each response the page loads, by address (the page itself included)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(urljoin(base, page_path), wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    loaded = {request.url: request.sizes()["responseBodySize"] for request in finished}
    context.close()
    return loaded


def weights(html: Path, browser=None) -> dict[str, dict[str, int]]:
    """Each book page of the built HTML in `html`, with the bytes of every response it loads; in `browser`
    (a Playwright Chromium) if given, else in one started here."""
    if browser is not None:
        with served(html) as base:
            return {page: weigh(browser, base, page) for page in book_pages(html)}
    from playwright.sync_api import sync_playwright

    with served(html) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            return {page: weigh(browser, base, page) for page in book_pages(html)}
        finally:
            browser.close()


if __name__ == "__main__":
    for name, loaded in weights(Path(sys.argv[1])).items():
        print(f"{name}: {sum(loaded.values()) / 1000:.0f} kB in {len(loaded)} files")
        for url, size in sorted(loaded.items(), key=lambda item: -item[1])[:8]:
            print(f"    {size / 1000:7.0f} kB  {url.split('/', 3)[-1]}")
