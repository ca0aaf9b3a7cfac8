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


# Read to the end: every image the page holds has loaded (a lazy one starts as it is scrolled to), and every
# font it draws with.
LOADED = "async () => { await document.fonts.ready; return [...document.images].every(i => i.complete); }"


# A page of the book is laid out for good once it has loaded (its scripts have run; none of them fetches
# anything later, and no image is lazy) and the fonts it draws with are in. Playwright's "networkidle" would
# wait for half a second without a request on top of that, on every page.
READY = "async () => { await document.fonts.ready; return true; }"


def open_page(tab, address: str) -> None:
    """`address` in `tab`, returning once the page is laid out for good (READY)."""
    tab.goto(address, wait_until="load")
    tab.wait_for_function(READY)


def load_all(context, addresses, before=None, **page_options):
    """Each address in a tab of its own in `context` (a browser context, or the browser: a context per
    tab), all loading at once; the tabs, in order, once every page is laid out (READY), each brought to the
    front as it is handed out (a tab in the background gets its frames and timers late). `before(address,
    tab)` runs on each tab before it loads (to listen to its console); `page_options` go to each new_page (a
    viewport, with the browser). The caller closes the tabs or their context."""
    tabs = []
    for address in addresses:
        tab = context.new_page(**page_options)
        if before is not None:
            before(address, tab)
        tab.goto(address, wait_until="commit")
        tabs.append(tab)
    for tab in tabs:
        tab.wait_for_load_state("load")
        tab.wait_for_function(READY)
    for tab in tabs:
        tab.bring_to_front()
        yield tab


def with_chromium(measure, html: Path):
    """`measure(html, browser)` in a headless Debian Chromium started for it (a script run on its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            return measure(html, browser)
        finally:
            browser.close()


def weights(html: Path, browser=None) -> dict[str, dict[str, int]]:
    """Each book page of the built HTML in `html`, with the bytes of every response it loads; in `browser`
    (a Playwright Chromium) if given, else in one started here. The pages load at once, each in a context
    of its own (nothing cached from another)."""
    if browser is None:
        return with_chromium(weights, html)
    finished: dict[str, list] = {}

    def listen(address, tab):
        finished[address] = requests = []
        tab.on("requestfinished", lambda request: requests.append(request))

    with served(html) as base:
        addresses = {urljoin(base, page): page for page in book_pages(html)}
        tabs = list(load_all(browser, addresses, before=listen, viewport=VIEWPORT))
        for tab in tabs:
            tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        for tab in tabs:
            tab.wait_for_function(LOADED)
        loaded = {page: {request.url: request.sizes()["responseBodySize"] for request in finished[address]}
                  for address, page in addresses.items()}
        for tab in tabs:
            tab.context.close()
    return loaded


if __name__ == "__main__":
    for name, loaded in weights(Path(sys.argv[1])).items():
        print(f"{name}: {sum(loaded.values()) / 1000:.0f} kB in {len(loaded)} files")
        for url, size in sorted(loaded.items(), key=lambda item: -item[1])[:8]:
            print(f"    {size / 1000:7.0f} kB  {url.split('/', 3)[-1]}")
