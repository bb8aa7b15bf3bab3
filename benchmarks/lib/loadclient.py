"""One browser session of a Streamlit app, spoken at the protocol level: no browser, no JavaScript.

A Session does what Streamlit's frontend does over HTTP and the websocket /_stcore/stream, with the
protobuf messages of `streamlit.proto` (BackMsg up, ForwardMsg down):

- GET /_stcore/health (which sets the XSRF cookie) and the page's HTML, then open the websocket with
  the subprotocols ["streamlit", <xsrf token>], as the frontend does;
- keep every cookie it is given, as a browser does, and send them all with every HTTP request and the
  websocket's handshake: behind a load balancer with session affinity (deploy/haproxy/haproxy.cfg)
  the balancer's cookie is what keeps the page, the websocket and an upload on one replica;
- send a `rerun_script` BackMsg (query string, page name or page script hash, widget states, the
  hashes of the messages it has cached, context info) and read ForwardMsgs until `script_finished`;
- keep what the frontend keeps: the element tree of the last run (by delta path), the value of every
  widget (the WidgetStateManager: a widget's value comes from its element when the server sets it,
  else stays as the user left it, else is its default), the URL's query string (a widget bound with
  bind="query-params" writes its value there, and leaves it out when it equals the default), and the
  message cache (ForwardMsgs marked cacheable, so the server can send a `ref_hash` instead);
- on an edit, send the values of all widgets on the page, in page order, as the frontend does: the
  widget ids come from the elements (a user key ends the id: "$$ID-<hash>-y");
- press a button (a one-shot `trigger_value`; a form's submit button sends the form's values with
  it), rerun a fragment on its timer as the frontend does for st.fragment(run_every=…) (the
  `auto_rerun` ForwardMsg names the fragment and its interval), and reconnect after the websocket
  closed (the health check, a new websocket, a rerun of the page's URL in a new server session);
- uploads as st.file_uploader does: a `file_urls_request` BackMsg, the FileURLsResponse, an HTTP PUT
  of multipart form data to /_stcore/upload_file/<session>/<file> with the XSRF token, then a rerun
  whose widget state lists the uploaded file.

tests/test_load.py checks against a real Chromium that a Session sends the same BackMsg the frontend
sends for the same edit. Loopback use only; every wait is bounded by `timeout`.
"""

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FORMULAS = "lossviz.formulas"  # the explorer's formula panels (lossviz/ui/formulas), a v2 component

XSRF_COOKIE = "_streamlit_xsrf"
CLOSE_SECONDS = 5.0  # a closing handshake longer than this is cut off (Session.close)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
# Widgets whose value the frontend reports on every rerun, and the WidgetState field it uses. Buttons
# (a one-shot trigger), charts and tables (a selection, when enabled) and layout blocks report
# nothing until the user acts on them, so an untouched page sends none of them.
VALUE_FIELDS = {
    "text_input": "string_value",
    "text_area": "string_value",
    "checkbox": "bool_value",
    "slider": "double_array_value",
    "number_input": None,  # int_value or double_value, by the element's data type
    "radio": "string_value",
    "selectbox": "string_value",
    "button_group": "string_array_value",
    "multiselect": "string_array_value",
    "file_uploader": "file_uploader_state_value",
}


class ProtocolError(Exception):
    """The server closed, timed out or answered something a browser would not accept."""


@dataclass
class Run:
    """One script run as the session saw it: from sending its BackMsg to `script_finished`."""

    kind: str  # "first", "edit" or "upload"
    sent: float  # time.perf_counter() when the BackMsg went out
    finished: float = 0.0
    status: int | None = None
    messages: int = 0
    bytes: int = 0
    errors: list = field(default_factory=list)  # exceptions and st.error alerts the run drew

    @property
    def latency(self):
        return self.finished - self.sent


@dataclass
class Element:
    """An element or block of the page, at its delta path."""

    kind: str  # the Element's type ("metric", "slider", ...) or "block:<type>"
    proto: object
    fragment_id: str = ""


async def http(url, method="GET", headers=None, body=b"", timeout=60.0, source=None):
    """A minimal HTTP/1.1 exchange over asyncio streams: (status, lower-cased header pairs, body).

    One connection per request (Connection: close), as cheap for the server as a browser's and
    without a thread per request on the client. source: the local address to connect from (any
    127.x.y.z on Linux's loopback), so that a balancer sees several clients.
    """
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [
        f"{method} {target} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Connection: close",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    local = None if source is None else (source, 0)
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port, local_addr=local), timeout
    )
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    pairs = [(k.strip().lower(), v.strip()) for k, v in (h.split(":", 1) for h in header_lines if ":" in h)]
    if ("transfer-encoding", "chunked") in pairs:
        payload = _dechunk(payload)
    return int(status_line.split()[1]), pairs, payload


def _dechunk(data):
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


def set_cookies(headers):
    """{name: value} of the cookies a response sets (its Set-Cookie headers; attributes dropped)."""
    out = {}
    for name, value in headers:
        if name == "set-cookie":
            cookie_name, sep, cookie_value = value.split(";", 1)[0].partition("=")
            if sep:
                out[cookie_name.strip()] = cookie_value.strip()
    return out


def cookie_header(jar):
    """The Cookie request header for {name: value}, or no header at all for an empty jar."""
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}


def user_key(widget_id):
    """The key a script gave a widget, from its element id ("$$ID-<hash>-y" -> "y")."""
    return widget_id.split("-", 2)[2] if widget_id.startswith("$$ID-") else widget_id


def js_number(x):
    """A number as JavaScript's String() writes it into the URL (1.0 -> "1", 0.35 -> "0.35")."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e21 else repr(x)


def query_string(pairs):
    """The frontend's query string: keys sorted, encodeURIComponent, spaces as "+"."""

    def enc(s):
        return quote(s, safe="-_.!~*'()").replace("%20", "+")

    return "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(pairs, key=lambda kv: kv[0]))


def widget_state(kind, element, value):
    """The WidgetState the frontend sends for `element` showing `value` (None: nothing is sent)."""
    state = WidgetState(id=element.id)
    if kind == "number_input":
        if value is None:
            return None
        if element.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif kind == "slider":
        state.double_array_value.data.extend(float(v) for v in _as_list(value))
    elif kind in ("button_group", "multiselect"):
        state.string_array_value.data.extend(_as_list(value))
    elif kind == "file_uploader":
        state.file_uploader_state_value.CopyFrom(value)
    elif kind in VALUE_FIELDS:
        if value is None:
            return None
        setattr(state, VALUE_FIELDS[kind], value)
    else:
        return None
    return state


def _as_list(value):
    return list(value) if isinstance(value, list | tuple) else [value]


def shown_value(kind, element, *, default=False):
    """The value a widget shows when it is first drawn, or when the server sets it (set_value);
    with default=True, the value it shows before anything sets it."""
    use_set = getattr(element, "set_value", False) and not default
    if kind == "number_input" and not element.HasField("value" if use_set else "default"):
        return None  # an empty box (value=None): the frontend sends no value
    if kind in ("text_input", "text_area", "checkbox", "number_input"):
        return element.value if use_set else element.default
    if kind == "slider":
        return list(element.value if use_set else element.default)
    if kind in ("radio", "selectbox"):
        if use_set:
            return element.raw_value
        return element.options[element.default] if 0 <= element.default < len(element.options) else None
    if kind == "button_group":
        return list(element.raw_values) if use_set else [element.options[i].content for i in element.default]
    if kind == "multiselect":
        return list(element.raw_values) if use_set else [element.options[i] for i in element.default]
    if kind == "file_uploader":
        return WidgetState().file_uploader_state_value  # no file yet
    return None


def url_value(state):
    """What a bound widget's value writes into the URL: a string or a list of strings."""
    which = state.WhichOneof("value")
    value = getattr(state, which)
    if which == "bool_value":
        return "true" if value else "false"
    if which in ("int_value", "double_value"):
        return js_number(value)
    if which == "double_array_value":
        return [js_number(v) for v in value.data]
    if which in ("string_array_value", "int_array_value"):
        return [str(v) for v in value.data]
    return value


class Session:
    """One browser tab on `base_url` + "/" + `page` (page: the url path of an st.Page, "" for the default)."""

    def __init__(self, base_url, page="", query="", *, locale="en-US", timeout=120.0, source=None):
        self.base = base_url.rstrip("/")
        self.page = page
        self.query = query  # the URL's query string, as the browser's address bar has it
        self.locale = locale
        self.timeout = timeout
        self.source = source  # the local address it connects from (None: the system's choice)
        self.elements = {}  # delta path -> Element, the page as the last run left it
        self.values = {}  # widget id -> WidgetState: the frontend's WidgetStateManager
        self.cache = {}  # message hash -> ForwardMsg: the frontend's message cache
        self.page_script_hash = ""
        self.session_id = ""
        self.runs = []
        self.last_back_msg = None
        self.file_urls = {}  # request id -> FileURLsResponse
        self.load_started = None
        self.load_steps = {}  # step of loading the page -> time.perf_counter() when it was done
        self.cookies = {}  # name -> value: the browser's cookie jar for this site
        self.auto_reruns = {}  # fragment id -> seconds: the fragments the page reruns on a timer
        self._ws = None
        self._run = None
        self.server_running = False  # a run the server started on its own (a room's push) is under way
        self.server_runs = []  # (started, finished) perf_counter of each run the server started

    # -- connection ------------------------------------------------------------------------------

    async def open(self):
        """Load the page as a browser does; returns the first run. The first page took
        run.finished - session.load_started; load_steps say when each step before the run ended."""
        self.load_started = time.perf_counter()
        self.load_steps = {}
        status, _, _ = await self._http(f"{self.base}/_stcore/health")
        self.load_steps["health"] = time.perf_counter()
        if status != 200:
            raise ProtocolError(f"health check answered {status}")
        status, _, _ = await self._http(self._page_url())
        if status != 200:
            raise ProtocolError(f"GET {self._page_url()} answered {status}")
        self.load_steps["html"] = time.perf_counter()
        await self._connect()
        self.load_steps["websocket"] = time.perf_counter()
        return await self.rerun(kind="first")

    async def reconnect(self):
        """What the frontend does when its websocket closed: the health check (through a balancer
        its answer may pin the browser to another replica), a new websocket, and a rerun of the
        page's URL in a new server session. Returns that run."""
        await self.close()
        self.session_id, self.elements, self.auto_reruns = "", {}, {}
        status, _, _ = await self._http(f"{self.base}/_stcore/health")
        if status != 200:
            raise ProtocolError(f"health check answered {status}")
        await self._connect()
        return await self.rerun(kind="first")

    async def _connect(self):
        ws_url = "ws" + self.base[len("http") :] + "/_stcore/stream"
        xsrf = self.cookies.get(XSRF_COOKIE)
        self._ws = await connect(
            ws_url,
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            additional_headers=cookie_header(self.cookies) or None,
            max_size=None,
            ping_interval=None,  # browsers answer pings but send none
            open_timeout=self.timeout,
            **({"local_addr": (self.source, 0)} if self.source else {}),
        )
        self.cookies.update(set_cookies((k.lower(), v) for k, v in self._ws.response.headers.raw_items()))

    async def close(self, seconds=CLOSE_SECONDS):
        """Close the websocket as a tab does; one whose closing handshake does not end within
        `seconds` (a server still sending the page's reruns) is cut off."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            try:
                await asyncio.wait_for(ws.close(), seconds)
            except TimeoutError:
                ws.transport.abort()

    async def _http(self, url, method="GET", headers=None, body=b""):
        """An HTTP exchange that sends this session's cookies and keeps those the answer sets."""
        status, pairs, payload = await http(
            url,
            method,
            {**cookie_header(self.cookies), **(headers or {})},
            body,
            timeout=self.timeout,
            source=self.source,
        )
        self.cookies.update(set_cookies(pairs))
        return status, pairs, payload

    def _page_url(self):
        return f"{self.base}/{self.page}" + (f"?{self.query}" if self.query else "")

    # -- what the page shows -----------------------------------------------------------------------

    def ordered(self):
        """The page's elements in page order: [(delta path, Element)]."""
        return sorted(self.elements.items())

    def widget(self, key):
        """The element of the widget the script keyed `key` (ProtocolError if the page has none)."""
        for _, el in self.ordered():
            if (
                getattr(el.proto, "id", "")
                and user_key(el.proto.id) == key
                and not el.kind.startswith("block:")
            ):
                return el
        raise ProtocolError(f"no widget keyed {key!r} on the page")

    def metrics(self):
        """[(label, value, help)] of every number the page shows, in page order: each st.metric, and
        each value of the explorer's formula panels (lossviz.ui.formulas: title, value, precise)."""
        shown = []
        for _, e in self.ordered():
            if e.kind == "metric":
                shown.append((e.proto.label, e.proto.body, e.proto.help))
            elif e.kind == "bidi_component" and e.proto.component_name == FORMULAS:
                panels = json.loads(e.proto.json)[0]["panels"]  # lossviz.ui.web.payload: [props]
                shown += [(p["title"], p["value"], p["precise"]) for p in panels if p["value"] is not None]
        return shown

    def widget_states(self):
        """The WidgetStates the frontend would send now: every value widget on the page, in page order."""
        ids = [e.proto.id for _, e in self.ordered() if e.kind in VALUE_FIELDS]
        return [self.values[i] for i in ids if i in self.values]

    # -- acting on the page ------------------------------------------------------------------------

    async def edit(self, key, value):
        """Set the widget keyed `key` to `value` as a user would; returns the run it causes."""
        el = self.widget(key)
        state = widget_state(el.kind, el.proto, value)
        if state is None:
            raise ProtocolError(f"cannot set a {el.kind} widget")
        self._set_by_user(el, state)
        return await self.rerun(kind="edit", fragment_id=el.fragment_id)

    def set_value(self, key, value):
        """Give the widget keyed `key` a value without a rerun, as a user fills a form's box before
        pressing its submit button."""
        el = self.widget(key)
        state = widget_state(el.kind, el.proto, value)
        if state is None:
            raise ProtocolError(f"cannot set a {el.kind} widget")
        self._set_by_user(el, state)

    async def click(self, key):
        """Press the button keyed `key` (a form's submit button: its user key is
        "FormSubmitter:<form key>-<label>"); returns the run it causes."""
        el = self.widget(key)
        if el.kind != "button":
            raise ProtocolError(f"{key!r} is a {el.kind}, not a button")
        trigger = WidgetState(id=el.proto.id, trigger_value=True)
        return await self.rerun(kind="click", fragment_id=el.fragment_id, triggers=[trigger])

    async def tick(self, fragment_id):
        """Rerun a fragment on its timer, as the frontend does each `auto_reruns[fragment_id]` s."""
        return await self.rerun(kind="timer", fragment_id=fragment_id, auto=True)

    async def upload(self, key, name, data, content_type="text/csv"):
        """Upload `data` as file `name` into the file_uploader keyed `key`.

        Returns (seconds from asking for the URL until the PUT is done, the rerun that follows).
        """
        el = self.widget(key)
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        await self._ws.send(msg.SerializeToString())
        await self._read_until(lambda: request_id in self.file_urls)
        response = self.file_urls.pop(request_id)
        if response.error_msg:
            raise ProtocolError(f"file URL request refused: {response.error_msg}")
        urls = response.file_urls[0]
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, answer = await self._http(
            self.base + urls.upload_url,
            "PUT",
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookies.get(XSRF_COOKIE, ""),
            },
            body,
        )
        if status not in (200, 204):
            raise ProtocolError(f"upload answered {status}: {answer[:200]!r}")
        put_seconds = time.perf_counter() - started
        state = WidgetState(id=el.proto.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self._set_by_user(el, state)
        return put_seconds, await self.rerun(kind="upload", fragment_id=el.fragment_id)

    def _set_by_user(self, el, state):
        self.values[el.proto.id] = state
        key = getattr(el.proto, "query_param_key", "")
        if not key:
            return
        default = widget_state(el.kind, el.proto, shown_value(el.kind, el.proto, default=True))
        value = url_value(state)
        pairs = [(k, v) for k, v in parse_qsl(self.query, keep_blank_values=True) if k != key]
        if default is None or value != url_value(default):
            pairs += [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
        self.query = query_string(pairs)

    async def rerun(self, *, kind="edit", fragment_id="", triggers=(), auto=False):
        """Send a rerun_script BackMsg with the page's state; wait for its script_finished.

        triggers: one-shot WidgetStates (a button pressed) sent with this rerun only; auto: a
        fragment's timer asks for it (the BackMsg's is_auto_rerun)."""
        msg = BackMsg()
        rs = msg.rerun_script
        rs.query_string = self.query
        if self.page_script_hash:
            rs.page_script_hash = self.page_script_hash
        else:
            rs.page_name = self.page  # before the server has named the page, the frontend sends its path
        rs.widget_states.widgets.extend(self.widget_states())
        rs.widget_states.widgets.extend(triggers)
        rs.fragment_id = fragment_id
        rs.is_auto_rerun = auto
        rs.cached_message_hashes.extend(self.cache)
        ctx = rs.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, self.locale
        ctx.url, ctx.is_embedded, ctx.color_scheme = f"{self.base}/{self.page}", False, "light"
        self.last_back_msg = msg
        await self.settle()  # a run the server started: its script_finished is not ours
        self._run = Run(kind=kind, sent=time.perf_counter())
        await self._ws.send(msg.SerializeToString())
        run = self._run
        await self._read_until(lambda: run.status is not None)
        self.runs.append(run)
        self._run = None
        return run

    # -- reading the server ------------------------------------------------------------------------

    async def settle(self):
        """Read until no run the server started on its own is under way (its page drawn whole)."""
        await self._read_until(lambda: not self.server_running)

    async def listen(self, until, seen=None):
        """Read what the server sends on its own (a rerun it started: a room's move) until the
        perf_counter `until`, calling seen() after each message."""
        while (remaining := until - time.perf_counter()) > 0:
            try:
                raw = await asyncio.wait_for(self._ws.recv(), remaining)
            except TimeoutError:
                return
            self._handle(raw)
            if seen is not None:
                seen()

    async def _read_until(self, done):
        deadline = time.monotonic() + self.timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolError(f"no answer within {self.timeout:.0f} s")
            try:
                raw = await asyncio.wait_for(self._ws.recv(), remaining)
            except TimeoutError:
                raise ProtocolError(f"no answer within {self.timeout:.0f} s") from None
            self._handle(raw)

    def _handle(self, raw):
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        run = self._run
        if run is not None:
            run.messages += 1
            run.bytes += len(raw)
        if msg.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(
                    f"the server referred to a message this session never cached: {msg.ref_hash}"
                )
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg = full
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        if run is None and kind == "new_session":
            self.server_running = True
            self.server_runs.append([time.perf_counter(), None])
        elif (
            run is None
            and kind == "script_finished"
            and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            self.server_running = False
            if self.server_runs:
                self.server_runs[-1][1] = time.perf_counter()
        if kind == "new_session":
            if msg.new_session.HasField("initialize"):
                self.session_id = msg.new_session.initialize.session_id
            fragments = set(msg.metadata.run.fragment_ids)
            # A full run redraws the page; a fragment run redraws only its fragments.
            self.elements = {
                p: e for p, e in self.elements.items() if fragments and e.fragment_id not in fragments
            }
            if not fragments:  # a full run declares its timed fragments again
                self.auto_reruns = {}
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg, run)
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "file_urls_response":
            self.file_urls[msg.file_urls_response.response_id] = msg.file_urls_response
        elif kind == "script_finished" and run is not None:
            if msg.script_finished in FINISHED:
                run.status, run.finished = msg.script_finished, time.perf_counter()
            elif msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.status, run.finished = msg.script_finished, time.perf_counter()
                run.errors.append("script compile error")
            # FINISHED_EARLY_FOR_RERUN: st.rerun() or a newer rerun request; another run follows.

    def _delta(self, msg, run):
        delta, path = msg.delta, tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "new_element":
            kind = delta.new_element.WhichOneof("type")
            proto = getattr(delta.new_element, kind)
            self.elements[path] = Element(kind, proto, delta.fragment_id)
            if kind in VALUE_FIELDS:
                self._widget_drawn(kind, proto)
            if run is not None and kind == "exception":
                run.errors.append(f"exception: {proto.type}: {proto.message}")
            if run is not None and kind == "alert" and proto.format == Alert.ERROR:
                run.errors.append(f"error shown: {proto.body}")
        elif which == "add_block":
            self.elements[path] = Element(
                f"block:{delta.add_block.WhichOneof('type')}", delta.add_block, delta.fragment_id
            )

    def _widget_drawn(self, kind, proto):
        """The WidgetStateManager's rule: a value the server sets wins; otherwise the widget keeps
        the value the user gave it, or starts at its default."""
        if getattr(proto, "set_value", False) or proto.id not in self.values:
            state = widget_state(kind, proto, shown_value(kind, proto))
            if state is not None:
                self.values[proto.id] = state
