"""The browser's trigger-word component alone in a Chromium page, without Streamlit.

For tests/e2e/test_trigger_live_browser.py and benchmarks/trigger_browser_bench.py: the
page and the component's bundled module are served by Playwright's request routing (no
server), from a secure origin (localhost) or an insecure one (plain http, another name).
`run_debug` runs the component's debug mode: the browser's pipeline on given samples.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import numpy as np

from dashboard.parts import trigger_browser

SECURE = "http://localhost:8599"  # routed: nothing listens there
INSECURE = "http://seqlab.test"  # not localhost, not https: no microphone for this page
PAGE = """<!doctype html><html><body style="width: 900px"><div id="roots"></div>
<script type="module">
import mount from "/trigger_live.js";
window.mountTrigger = (data) => {
  window.triggerValues = [];
  const root = document.createElement("div");
  root.innerHTML = HTML + "<style>" + CSS + "</style>";
  document.getElementById("roots").replaceChildren(root);
  mount({ data, parentElement: root,
          setTriggerValue: (name, value) => window.triggerValues.push({ name, value }) });
};
window.harnessReady = true;
</script></body></html>"""


def open_page(context, origin: str = SECURE):
    """A page of `context` at `origin` with `window.mountTrigger(data)` ready."""
    folder = trigger_browser.COMPONENT_DIR
    html = (folder / "component.html").read_text(encoding="utf-8")
    css = (folder / "component.css").read_text(encoding="utf-8")
    page_text = PAGE.replace("HTML +", f"{json.dumps(html)} +").replace(
        "CSS +", f"{json.dumps(css)} +"
    )
    bodies = {
        "/": ("text/html", page_text),
        "/trigger_live.js": ("text/javascript", trigger_browser.bundle()),
    }

    def serve(route):
        kind, body = bodies.get(urlsplit(route.request.url).path, ("text/plain", None))
        route.fulfill(status=404 if body is None else 200, content_type=kind, body=body or "")

    page = context.new_page()
    page.route(f"{origin}/**", serve)
    page.goto(f"{origin}/")
    page.wait_for_function("() => window.harnessReady")
    return page


def listen_in_browser(page, timeout_ms: int = 90_000) -> None:
    """On the trigger page: choose "This browser's microphone" (a server with a microphone of
    its own defaults to that one) and wait for the component to mount."""
    mode = page.get_by_role("radio", name="This browser's microphone")
    mode.wait_for(state="attached", timeout=timeout_ms)  # the rest of the page may still draw
    if not mode.is_checked():
        mode.check(force=True)
    page.wait_for_function("() => window.__seqlabTrigger", timeout=60_000)


def mount(page, data: dict) -> None:
    page.evaluate("(data) => window.mountTrigger(data)", data)


def run_debug(
    page,
    runner,
    wave: np.ndarray,
    rate: int,
    threshold: float,
    block_s: float = 0.04,
    name: str = "clip",
) -> dict:
    """The browser's snapshot after its pipeline ran on `wave`, blocks of `block_s` seconds
    (what the microphone's worklet delivers), plus `sent`: the trigger values it sent."""
    debug = trigger_browser.debug_clip(name, wave, rate, round(block_s * rate))
    mount(page, trigger_browser.payload(runner, threshold, debug))
    return page.evaluate(
        "(name) => ({ ...window.__seqlabTriggerRuns[name], sent: window.triggerValues })", name
    )
