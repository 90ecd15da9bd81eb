"""One student's Streamlit session over the app's own websocket protocol, as the browser speaks it.

The browser sends a `BackMsg` whose `rerun_script` (a `ClientState`) names the page
(`page_script_hash`) and carries the widget values the student set (`WidgetState`s); the
server answers with `ForwardMsg`s (`delta`s that draw elements, `navigation` with the pages,
`script_finished`, then `session_status_changed`). Both are the protobuf messages the
streamlit package ships (streamlit/proto). A rerun is timed from sending the `BackMsg` to the
server reporting the script no longer running, which is when the browser's page is complete.
A custom component's trigger value is sent as the browser sends it (`Student.trigger`).
Used by benchmarks/load.py, benchmarks/trigger_class.py and the deploy test.
"""

from __future__ import annotations

import json
import random
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

# How a Custom Components v2 trigger value reaches the server (streamlit/components/v2):
# one "aggregator" widget per component, id "<internal prefix>_<component id>__events", whose
# json_trigger_value is a JSON list of {"event", "value"}; checked against what Chromium
# sends in tests/e2e/test_trigger_live_browser.py.
CCV2_AGGREGATOR = "$$STREAMLIT_INTERNAL_KEY_{id}__events"

RUN_TIMEOUT_S = 180.0  # one rerun past this is an error ("frozen"), not a slow figure
TRAIN_TIMEOUT_S = 900.0
# What a student types when the page offers a text box (the monkey test tries hostile text).
TEXTS = ("the cat sat on the mat", "hello world", "king queen man woman", "1 march 2021")
SKIPPED = {"button", "file_uploader", "audio_input", "camera_input", "chat_input", "page_link"}
WIDGETS = {"slider", "checkbox", "radio", "selectbox", "multiselect", "number_input",
           "text_input", "text_area", "button_group"}  # fmt: skip


@dataclass(frozen=True)
class Widget:
    """A widget drawn by the latest run: its element type, proto and fragment (or "")."""

    id: str
    kind: str
    proto: object
    fragment_id: str


@dataclass(frozen=True)
class Run:
    """One script run the student waited for: "open" a page, "rerun" after a widget, "train"."""

    kind: str
    page: str
    seconds: float
    errors: tuple[str, ...]


class Student:
    """A websocket session on `url` (http://host:port), as one browser tab opens it."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url.rstrip("/")
        cookie = _first_visit_cookie(self.url)  # what a browser gets with index.html
        headers = {"Cookie": cookie} if cookie else {}
        self._stack = ExitStack()  # `with connect()`: the websockets API, old and new
        connection = connect(
            f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://{parts.netloc}",
            additional_headers=headers,
            max_size=None,
            proxy=None,
            open_timeout=60,
        )
        self.ws = self._stack.enter_context(connection)
        self.pages: dict[str, str] = {}  # url path ("" for Home) -> page_script_hash
        self.page = ""
        self.widgets: dict[str, Widget] = {}
        self._buttons: dict[str, tuple[str, str]] = {}  # id -> (label, fragment)
        self.components: dict[str, str] = {}  # custom component (v2) id -> fragment
        self.states: dict[str, WidgetState] = {}  # what the student changed on this page

    def close(self) -> None:
        self._stack.close()

    def open(self, url_path: str) -> Run:
        """Open a page by its url path as the sidebar link does ("" is Home)."""
        self.states = {}
        page_hash = self.pages.get(url_path, "")
        return self._run("open", url_path, page_hash=page_hash, page_name=url_path)

    def move(self, rng: random.Random) -> Run | None:
        """Set one random widget of the page to a random value it accepts; None if none."""
        movable = [w for w in self.widgets.values() if not getattr(w.proto, "disabled", False)]
        if not movable:
            return None
        widget = rng.choice(movable)
        self.states[widget.id] = random_state(widget, rng)
        return self._run("rerun", self.page, fragment_id=widget.fragment_id)

    def click(self, label_start: str, kind: str = "train") -> Run:
        """Press the button whose label starts with `label_start`."""
        for widget_id, (label, fragment) in self._buttons.items():
            if label.startswith(label_start):
                trigger = WidgetState(id=widget_id, trigger_value=True)
                return self._run(kind, self.page, fragment_id=fragment, extra=[trigger])
        raise KeyError(f"no button starting {label_start!r} on page {self.page!r}")

    def choose(self, label: str, option: str) -> Run:
        """Pick `option` of the radio or select box labelled `label`, as a click does."""
        for widget in self.widgets.values():
            if widget.kind in ("radio", "selectbox") and widget.proto.label == label:
                self.states[widget.id] = WidgetState(id=widget.id, string_value=option)
                return self._run("rerun", self.page, fragment_id=widget.fragment_id)
        raise KeyError(f"no radio or select box {label!r} on page {self.page!r}")

    def trigger(self, key: str, event: str, value, kind: str = "rerun") -> Run:
        """Send the trigger value `event` = `value` of the custom component whose key is
        `key`, as its JavaScript's `setTriggerValue(event, value)` does."""
        for component_id, fragment in self.components.items():
            if component_id.endswith(f"-{key}"):
                state = trigger_state(component_id, event, value)
                return self._run(kind, self.page, fragment_id=fragment, extra=[state])
        raise KeyError(f"no custom component with key {key!r} on page {self.page!r}")

    def _run(self, kind: str, page: str, *, page_hash: str | None = None, page_name: str = "",
             fragment_id: str = "", extra: tuple | list = ()) -> Run:  # fmt: skip
        msg = BackMsg()
        state = msg.rerun_script
        state.page_script_hash = self.pages.get(page, "") if page_hash is None else page_hash
        state.page_name = page_name
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend([*self.states.values(), *extra])
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        limit = TRAIN_TIMEOUT_S if kind == "train" else RUN_TIMEOUT_S
        errors = self._read_until_done(not fragment_id, limit)
        self.page = page
        self.states = {k: v for k, v in self.states.items() if k in self.widgets}
        return Run(kind, page, time.perf_counter() - start, tuple(errors))

    def _read_until_done(self, fresh: bool, limit: float) -> list[str]:
        """Read ForwardMsgs until the script stops running; the errors the page showed."""
        errors: list[str] = []
        if fresh:
            self.widgets, self._buttons, self.components = {}, {}, {}
        finished = False
        deadline = time.monotonic() + limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return [*errors, f"no answer within {limit:.0f} s"]
            try:
                raw = self.ws.recv(timeout=remaining)
            except TimeoutError:
                continue  # the deadline check above reports it
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                errors += self._note_delta(msg)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_not_found":
                errors.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                finished = msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    errors.append("script compile error")
            elif kind == "session_status_changed":
                done = finished and not msg.session_status_changed.script_is_running
                if done:  # the page is complete
                    return errors

    def _note_delta(self, msg: ForwardMsg) -> list[str]:
        if msg.delta.WhichOneof("type") != "new_element":
            return []
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            return [f"{element.exception.type}: {element.exception.message[:200]}"]
        if kind == "bidi_component":
            self.components[element.bidi_component.id] = msg.delta.fragment_id
        elif kind == "button":
            self._buttons[element.button.id] = (element.button.label, msg.delta.fragment_id)
        elif kind in WIDGETS:
            proto = getattr(element, kind)
            self.widgets[proto.id] = Widget(proto.id, kind, proto, msg.delta.fragment_id)
        return []


def trigger_state(component_id: str, event: str, value) -> WidgetState:
    """The WidgetState a custom component (v2) sends for `setTriggerValue(event, value)`."""
    payload = json.dumps([{"event": event, "value": value}], separators=(",", ":"))
    return WidgetState(id=CCV2_AGGREGATOR.format(id=component_id), json_trigger_value=payload)


def _first_visit_cookie(url: str) -> str:
    """GET the app's index page as a browser does; the cookies it sets (a load balancer's)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/", timeout=60) as resp:
        cookies = resp.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


def random_state(widget: Widget, rng: random.Random) -> WidgetState:
    """A value the widget accepts, chosen as a student would: anywhere in its range."""
    p, state = widget.proto, WidgetState(id=widget.id)
    if widget.kind == "slider":
        if p.options:  # select_slider: formatted option labels
            picks = sorted(rng.sample(range(len(p.options)), min(len(p.default), 2) or 1))
            state.string_array_value.data.extend(p.options[i] for i in picks)
        else:
            values = sorted(_slider_value(p, rng) for _ in range(max(len(p.default), 1)))
            state.double_array_value.data.extend(values)
    elif widget.kind == "checkbox":
        state.bool_value = rng.random() < 0.5
    elif widget.kind in ("radio", "selectbox"):
        state.string_value = rng.choice(list(p.options)) if p.options else ""
    elif widget.kind == "multiselect":
        most = min(len(p.options), p.max_selections or len(p.options), 3)
        state.string_array_value.data.extend(rng.sample(list(p.options), rng.randint(1, most)))
    elif widget.kind == "button_group":
        state.string_array_value.data.append(rng.choice(list(p.options)).content)
    elif widget.kind == "number_input":
        state.double_value = _number_value(p, rng)
    else:  # text_input, text_area
        state.string_value = rng.choice((p.default, *TEXTS))[: p.max_chars or None]
    return state


def _slider_value(p, rng: random.Random) -> float:
    steps = round((p.max - p.min) / p.step) if p.step else 0
    value = p.min + rng.randint(0, steps) * p.step if steps else p.min
    return float(round(value)) if p.data_type == p.INT else round(value, 10)


def _number_value(p, rng: random.Random) -> float:
    low = p.min if p.has_min else p.default - 10 * (p.step or 1)
    high = p.max if p.has_max else p.default + 10 * (p.step or 1)
    value = rng.uniform(low, high)
    return float(round(value)) if p.data_type == p.INT else value
