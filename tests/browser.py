"""Every lesson widget, driven in a real browser: JupyterLab and Debian's Chromium.

``jupyter_lab()`` starts a private JupyterLab on a free port of 127.0.0.1 (its settings,
workspaces, checkpoints and runtime files in a temporary folder; news, update checks and the
extension manager's index switched off, so nothing reaches for the network; autosave off,
so running a notebook never rewrites it). ``chromium()`` launches ``/usr/bin/chromium``
through Playwright (never ``playwright install``). ``check_notebook`` opens one lesson,
clears its outputs, runs it up to and including its last lesson widget (the cells after it
cannot change what the widgets show on first use, and skipping them saves minutes), then for
every lesson widget moves each control with the keyboard or mouse and checks:

- ``updates``: after each move the widget's picture (``img`` src) or its text changes;
  the latency from the key press (or click, or menu choice) to the first change is recorded.
  A ``Textarea`` has no key that commits (Enter starts a new line), so it must update while
  typing, not only when it loses focus.
- ``fits``: the widget is no wider than the notebook and no taller than its visible height
  at 1280×800, so its controls and its picture can be seen together.
- ``images``: each picture keeps its aspect ratio (within 2 %) and is not enlarged by more
  than 1.1× (an enlarged PNG is blurry).
- ``text``: no label is cut (``scrollWidth > clientWidth``) and every option of a dropdown
  fits the closed menu.
- ``tracks``: a slider's track gives each step at least 8 px (up to a 400 px track), so it
  can be set with the mouse.
- ``captions``: a caption's "step k" agrees with the value a "step" slider shows, and no
  caption quotes an empty token (``''``).
- ``errors`` (per notebook): no console error or uncaught page error, no Python traceback in
  an output, and no Python error in a kernel message that no cell shows (the exception of a
  widget callback goes only to JupyterLab's log console).

Progress bars (tqdm) are widgets too but not lesson widgets: a widget whose model tree holds a
``*ProgressModel`` is skipped. ``scripts/measure_widgets.py`` prints the measurements.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    WebSocket,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

SERVER_START_S = 120  # JupyterLab answers /api/status
KERNEL_READY_MS = 90_000  # the notebook's kernel is idle after opening
RUN_MS = 600_000  # the cells up to the last widget have run (lesson 11 trains ~80 s before
#                   its widget; a loaded CI machine can take several times longer)
UPDATE_MS = 20_000  # a move changes the picture or the text
QUIET_MS = 500  # no change in the widget for this long (and the kernel idle): settled
TEXTAREA_WAIT_MS = 5_000  # a textarea updates this soon after typing, without losing focus

MAX_ASPECT_ERROR = 0.02
MAX_UPSCALE = 1.1
MIN_PX_PER_STEP = 8
MAX_TRACK_NEEDED = 400
CHECKS = ("updates", "fits", "images", "text", "tracks", "captions")
STEP_CAPTION = re.compile(r"\bstep (\d+)(?:\s*/\s*\d+)?", re.IGNORECASE)
EMPTY_QUOTE = re.compile(r"(?<![\w'\"])(''|\"\")(?![\w'\"])")
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w*(Error|Exception): ", re.M)

#: JupyterLab user settings: no autosave (the lesson files stay as they are); every cell in
#: the page from the start (the default windowing attaches far cells later, so cell indices
#: would not be page indices); no news or update notifications.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False},
}

#: In-page helpers, installed once per page as ``window.__widgetProbe``: ``arm(root)`` notes
#: the widget's picture and text, then watches for a change; ``latency()`` is the time from
#: the last user event (key, click, menu change) before that change to the change;
#: ``settled()`` is true once the kernel is idle and the widget has been quiet for QUIET_MS;
#: ``measure(root)`` reads the geometry that the checks need.
PROBE_JS = """
(quietMs) => {
  if (window.__widgetProbe) return;
  const views = (root) => [...root.querySelectorAll('.widget-html-content, div.widget-label')]
    .map((e) => e.textContent.trim());
  const look = (root) => JSON.stringify([[...root.querySelectorAll('img')].map((i) => i.src),
                                         views(root)]);
  const describe = (control) =>
    (control.querySelector('label.widget-label')?.textContent ?? '').trim();
  const canvas = document.createElement('canvas').getContext('2d');
  const state = {observer: null, before: '', changedAt: null, eventAt: null, mutatedAt: 0};
  for (const type of ['keydown', 'click', 'change']) {
    document.addEventListener(type, () => {
      if (state.changedAt === null) state.eventAt = performance.now();
    }, true);
  }
  window.__widgetProbe = {
    arm(root) {
      state.observer?.disconnect();
      Object.assign(state, {before: look(root), changedAt: null, eventAt: null,
                            mutatedAt: performance.now()});
      state.observer = new MutationObserver(() => {
        state.mutatedAt = performance.now();
        if (state.changedAt === null && look(root) !== state.before) {
          state.changedAt = state.mutatedAt;
        }
      });
      state.observer.observe(root, {subtree: true, childList: true, attributes: true,
                                    characterData: true});
    },
    changed: () => state.changedAt !== null,
    latency: () => state.changedAt - (state.eventAt ?? state.changedAt),
    settled(root) {
      const idle = document.querySelector('.jp-Notebook-ExecutionIndicator')
        ?.dataset.status === 'idle';
      const loaded = [...root.querySelectorAll('img')].every((i) => i.complete);
      return idle && loaded && performance.now() - state.mutatedAt >= quietMs;
    },
    measure(root) {
      const notebook = root.closest('.jp-Notebook');
      const box = root.getBoundingClientRect();
      return {
        width: Math.max(box.width, root.scrollWidth),
        height: Math.max(box.height, root.scrollHeight),
        panelWidth: notebook.clientWidth,
        panelHeight: notebook.clientHeight,
        images: [...root.querySelectorAll('img')].map((i) => {
          const r = i.getBoundingClientRect();
          return {natural: [i.naturalWidth, i.naturalHeight], shown: [r.width, r.height]};
        }),
        cutLabels: [...root.querySelectorAll('.widget-label')]
          .filter((l) => l.scrollWidth > l.clientWidth)
          .map((l) => ({text: l.textContent.trim(), need: l.scrollWidth, have: l.clientWidth})),
        cutOptions: [...root.querySelectorAll('.widget-dropdown')].flatMap((menu) => {
          const select = menu.querySelector('select');
          const style = getComputedStyle(select);
          canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} `
                        + style.fontFamily;
          const have = select.clientWidth - parseFloat(style.paddingLeft)
                       - parseFloat(style.paddingRight);
          return [...select.options]
            .map((o) => ({menu: describe(menu), option: o.text.replace(/\u00a0/g, ' '),
                          need: canvas.measureText(o.text).width, have}))
            .filter((o) => o.need > o.have);
        }),
        sliders: [...root.querySelectorAll('.widget-slider')].map((s) => {
          const target = s.querySelector('.noUi-target');
          const {range, step} = target.noUiSlider.options;
          return {description: describe(s), shows: s.querySelector('.widget-readout')
                  .textContent.trim(), track: target.getBoundingClientRect().width,
                  steps: Math.round((range.max - range.min) / step)};
        }),
        views: views(root),
      };
    },
  };
}
"""

#: Controls that the test knows how to move, by CSS class; anything focusable in a widget
#: outside them is reported as a control without a driver.
CONTROLS = {
    "widget-slider": "slider",
    "widget-dropdown": "dropdown",
    "widget-text": "text",
    "widget-textarea": "textarea",
    "widget-button": "button",
    "widget-toggle-button": "button",
}
CONTROL_SELECTOR = ", ".join(f".{name}" for name in CONTROLS)
FOCUSABLE = "input, select, textarea, button, [role=slider]"


# ----------------------------------------------------------------------------------------
# Which widgets: read from the stored notebooks


@dataclass(frozen=True)
class LessonWidget:
    """A lesson widget as stored: its cell index, its place among the widget views of that
    cell's output (progress bars included), and its kind (the widget classes of its model
    tree, boxes flattened, e.g. ``VBox[IntSlider, HTML, Image]``)."""

    cell: int
    view: int
    kind: str


def _model_names(state: dict[str, Any], model_id: str) -> list[str]:
    """The model names of ``model_id`` and its descendants (through ``children``), root
    first, without the ``Model`` suffix."""
    model = state[model_id]
    names = [model["model_name"].removesuffix("Model")]
    for child in model["state"].get("children", []):
        names += _model_names(state, child.removeprefix("IPY_MODEL_"))
    return names


def lesson_widgets(path: Path) -> list[LessonWidget]:
    """The lesson widgets of the notebook at ``path``: cells whose stored output shows a
    widget whose model tree holds no progress bar."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found = []
    for index, cell in enumerate(nb["cells"]):
        views = [o["data"][WIDGET_VIEW] for o in cell.get("outputs", [])
                 if WIDGET_VIEW in o.get("data", {})]
        for k, view in enumerate(views):
            names = _model_names(state, view["model_id"])
            if not any(name.endswith("Progress") for name in names):
                leaves = [n for n in names[1:] if not n.endswith("Box")]
                found.append(LessonWidget(index, k, f"{names[0]}[{', '.join(leaves)}]"))
    return found


def widget_notebooks() -> list[Path]:
    """The lesson notebooks that have at least one lesson widget, sorted."""
    return [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if lesson_widgets(p)]


# ----------------------------------------------------------------------------------------
# JupyterLab and Chromium


@dataclass
class Lab:
    """A running JupyterLab: its base URL, token and log file (the server's output)."""

    base: str
    token: str
    log: Path

    def url(self, path: str, query: str = "") -> str:
        """``path`` (no leading slash) on this server, authenticated with the token."""
        return f"{self.base}/{path}?{query}{'&' if query else ''}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        """Call the REST API; the decoded JSON answer (``None`` when empty)."""
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every session and its kernel."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")


def _free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def jupyter_lab(root: Path = ROOT) -> Iterator[Lab]:
    """Run JupyterLab on ``root`` for the duration of the ``with`` block.

    Kernels inherit this process's environment, with ``root`` first on ``PYTHONPATH`` so
    that they import this checkout's ``utils`` whatever is installed."""
    with tempfile.TemporaryDirectory(prefix="browser-test-") as tmp:
        home = Path(tmp)
        for plugin, values in LAB_SETTINGS.items():
            target = home / "settings" / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"))
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
        port, token = _free_port(), secrets.token_hex(16)
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={home / 'settings'}",
            f"--LabApp.workspaces_dir={home / 'workspaces'}",
            f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
        ]
        log = home / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        lab = Lab(f"http://127.0.0.1:{port}", token, log)
        try:
            deadline = time.monotonic() + SERVER_START_S
            while True:
                try:
                    lab.api("GET", "api/status")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                        raise RuntimeError(f"JupyterLab did not start:\n{tail}") from None
                    time.sleep(0.5)
            yield lab
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ----------------------------------------------------------------------------------------
# Reports


@dataclass
class Move:
    """One move of one control and how long the widget took to show it (``None``: no
    change within the timeout)."""

    control: str
    action: str
    latency_ms: float | None


@dataclass
class Failure:
    """One problem of one widget: the worst message seen, and in which views (0: the widget
    as first drawn, k: after its k-th move) it was seen."""

    message: str
    severity: float
    views: set[int] = field(default_factory=set)


@dataclass
class WidgetReport:
    """What one lesson widget measured and which checks failed: ``failures[check][subject]``
    for a check of ``CHECKS`` and a subject such as "image 1 aspect" or "slider 'step'".
    Sizes are the largest seen over all the views; ``images`` are (natural width, natural
    height, shown width, shown height) as first drawn."""

    notebook: str
    cell: int
    kind: str
    width: float = 0.0
    height: float = 0.0
    panel_width: float = 0.0
    panel_height: float = 0.0
    images: list[tuple[int, int, float, float]] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    failures: dict[str, dict[str, Failure]] = field(default_factory=dict)

    def fail(self, check: str, subject: str, message: str, severity: float = 0.0) -> None:
        """Record a failure of ``check`` about ``subject`` in the current view; of repeated
        failures about one subject, keep the most severe message (the first among equals)."""
        failure = self.failures.setdefault(check, {}).setdefault(
            subject, Failure(message, severity))
        failure.views.add(len(self.moves))
        if severity > failure.severity:
            failure.message, failure.severity = message, severity

    def latencies(self) -> dict[str, float | None]:
        """The slowest move of each control, ms (``None`` when a move showed nothing)."""
        worst: dict[str, float | None] = {}
        for move in self.moves:
            old = worst.get(move.control, 0.0)
            worst[move.control] = (None if old is None or move.latency_ms is None
                                   else max(old, move.latency_ms))
        return worst


@dataclass
class NotebookReport:
    """One notebook: its widgets, its notebook-wide errors and how long it took (s)."""

    notebook: str
    run_seconds: float = 0.0
    total_seconds: float = 0.0
    widgets: list[WidgetReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def failure_lines(self) -> list[str]:
        """Every failure, one line each, naming the notebook, cell and widget."""
        lines = [f"{self.notebook}: {error}" for error in self.errors]
        for w in self.widgets:
            for check, failures in w.failures.items():
                lines += [f"{w.notebook} cell {w.cell} {w.kind} [{check}]: {f.message}"
                          + (f" (in {len(f.views)} views)" if len(f.views) > 1 else "")
                          for f in failures.values()]
        return lines


# ----------------------------------------------------------------------------------------
# Driving JupyterLab


def _menu(page: Page, menu: str, item: str) -> None:
    """Choose ``menu > item`` in JupyterLab's menu bar."""
    page.locator(".lm-MenuBar-itemLabel").get_by_text(menu, exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


def _run_up_to(page: Page, last: int, total: int) -> None:
    """Clear every output, then run the cells up to and including cell ``last`` of ``total``
    (Run > Run All Above Selected Cell, with the next cell selected) and wait until they have
    run, or until a traceback stopped the run."""
    if last + 1 >= total:
        raise ValueError(f"cell {last} is the notebook's last: nothing to select below it")
    cells = page.locator(".jp-Notebook .jp-Cell")
    page.wait_for_function("(n) => document.querySelectorAll('.jp-Notebook .jp-Cell').length "
                           "=== n", arg=total, timeout=KERNEL_READY_MS)
    _menu(page, "Edit", "Clear Outputs of All Cells")
    cells.nth(last + 1).locator(".jp-InputPrompt").click()
    _menu(page, "Run", "Run All Above Selected Cell")
    page.wait_for_function(
        f"""(last) => {{
          const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
            .slice(0, last + 1).filter((c) => c.classList.contains('jp-CodeCell'));
          const prompts = cells.map((c) => c.querySelector('.jp-InputPrompt')
            .textContent.trim());
          const stopped = !prompts.includes('[*]:') && cells.some((c) =>
            [...c.querySelectorAll({STDERR!r})].some((o) => o.textContent.includes(
              'Traceback')));
          const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
          return indicator?.dataset.status === 'idle'
            && (prompts.every((p) => /^\\[\\d+\\]/.test(p)) || stopped);
        }}""",
        arg=last, timeout=RUN_MS, polling=250)


def _python_errors(page: Page, last: int) -> list[str]:
    """Tracebacks shown in the outputs of cells 0..``last``, as "cell N: last line"."""
    found = page.evaluate(
        f"""(last) => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
             .slice(0, last + 1).flatMap((cell, index) =>
               [...cell.querySelectorAll({STDERR!r})].map((out) => [index, out.textContent]))""",
        last)
    return [f"cell {index}: Python error in the output: {text.strip().splitlines()[-1]}"
            for index, text in found if TRACEBACK.search(text)]


def _kernel_errors(payload: bytes) -> list[str]:
    """Python errors in one kernel message that no cell shows: an ``error``, or a stderr
    stream holding a traceback, sent while handling anything but a cell's execution (an
    exception in a widget callback goes to JupyterLab's log console, out of sight).

    ``payload`` is a frame of Jupyter's binary kernel websocket protocol
    (``v1.kernel.websocket.jupyter.org``, which JupyterLab 4 and jupyter_server 2 agree on):
    offsets, then the channel, header, parent header, metadata and content."""
    count = int.from_bytes(payload[:8], "little")
    offsets = [int.from_bytes(payload[8 * i:8 * i + 8], "little") for i in range(1, count + 1)]
    channel, header, parent, _, content = (
        payload[a:b] for a, b in zip(offsets[:5], offsets[1:6], strict=True))
    cause = json.loads(parent or b"{}").get("msg_type")
    if channel != b"iopub" or cause == "execute_request":
        return []
    msg_type, body = json.loads(header)["msg_type"], json.loads(content)
    if msg_type == "error":
        text = f"{body['ename']}: {body['evalue']}"
    elif msg_type == "stream" and TRACEBACK.search(body["text"]):
        text = body["text"].strip().splitlines()[-1]
    else:
        return []
    return [f"Python error while handling a {cause} (shown only in the log console): {text}"]


def _settle(page: Page, root: Locator) -> None:
    """Wait until the kernel is idle, the pictures loaded and the widget quiet."""
    page.wait_for_function("(r) => window.__widgetProbe.settled(r)", arg=root.element_handle(),
                           timeout=UPDATE_MS, polling=100)


def _act(page: Page, root: Locator, do: Callable[[], None], timeout_ms: int) -> float | None:
    """Do one move; the latency (ms) from its last user event to the first change of the
    widget's picture or text, or ``None`` when nothing changed within ``timeout_ms``."""
    root.evaluate("(r) => window.__widgetProbe.arm(r)")
    do()
    try:
        page.wait_for_function("() => window.__widgetProbe.changed()", timeout=timeout_ms,
                               polling=50)
    except PlaywrightTimeoutError:
        return None
    latency = page.evaluate("() => window.__widgetProbe.latency()")
    _settle(page, root)
    return latency


def _description(control: Locator) -> str:
    """The text of a control's description label ("" when it has none)."""
    label = control.locator("label.widget-label")
    return label.first.inner_text().strip() if label.count() else ""


def _slider_moves(page: Page, control: Locator) -> Iterator[tuple[str, Callable[[], None]]]:
    """Home (unless already at the start), End, ArrowLeft: each changes the value."""
    handle = control.locator(".noUi-handle")

    def press(key: str) -> Callable[[], None]:
        def do() -> None:
            handle.focus()
            page.keyboard.press(key)
        return do

    if handle.get_attribute("aria-valuenow") != handle.get_attribute("aria-valuemin"):
        yield "Home", press("Home")
    yield "End", press("End")
    yield "ArrowLeft", press("ArrowLeft")


def _dropdown_moves(control: Locator) -> Iterator[tuple[str, Callable[[], None]]]:
    """Choose the option after the selected one (the first after the last)."""
    select = control.locator("select")
    options = select.locator("option").all_inner_texts()
    chosen = (select.evaluate("(s) => s.selectedIndex") + 1) % len(options)
    yield f"choose {options[chosen]!r}", lambda: select.select_option(index=chosen)


def _text_moves(page: Page, control: Locator) -> Iterator[tuple[str, Callable[[], None]]]:
    """Type a word at the end of a one-line text box, then press Enter."""
    def do() -> None:
        control.locator("input").click()
        page.keyboard.press("End")
        page.keyboard.type(" again")
        page.keyboard.press("Enter")

    yield "type ' again', Enter", do


def _drive_textarea(page: Page, root: Locator, control: Locator, name: str,
                    report: WidgetReport) -> None:
    """Type a new line into a text area; it must update while it has the focus (Enter
    only starts a new line there). If it does not, leave it (Tab) and time that instead."""
    def type_line() -> None:
        control.locator("textarea").click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\nagain")

    latency = _act(page, root, type_line, TEXTAREA_WAIT_MS)
    if latency is not None:
        _record(page, root, report, Move(name, "type a line", latency))
        return
    report.fail("updates", name, f"{name}: no update {TEXTAREA_WAIT_MS / 1000:g} s after "
                "typing a line; Enter only starts a new line there, so it updates only when "
                "it loses focus")
    latency = _act(page, root, lambda: page.keyboard.press("Tab"), UPDATE_MS)
    _record(page, root, report, Move(name, "type a line, then Tab", latency))


def _drive(page: Page, root: Locator, control: Locator, report: WidgetReport) -> None:
    """Move ``control`` every way the test knows; record each move and, after it, the
    measurements."""
    classes = (control.get_attribute("class") or "").split()
    kind = next(CONTROLS[c] for c in classes if c in CONTROLS)
    name = f"{kind} {_description(control)!r}"
    if kind == "textarea":
        _drive_textarea(page, root, control, name, report)
        return
    if kind == "dropdown" and control.locator("option").count() < 2:
        report.fail("updates", name, f"{name}: fewer than two options, nothing to choose")
        return
    moves = {
        "slider": lambda: _slider_moves(page, control),
        "dropdown": lambda: _dropdown_moves(control),
        "text": lambda: _text_moves(page, control),
        "button": lambda: iter([("click", control.click)]),
    }[kind]()
    for action, do in moves:
        _record(page, root, report, Move(name, action, _act(page, root, do, UPDATE_MS)))


def _record(page: Page, root: Locator, report: WidgetReport, move: Move | None) -> None:
    """Keep ``move`` (``None``: the widget as first drawn), then measure the widget and
    check it."""
    after = "as first drawn" if move is None else f"after {move.control} {move.action}"
    if move is not None:
        report.moves.append(move)
        if move.latency_ms is None:
            report.fail("updates", f"{move.control} {move.action}",
                        f"{move.control} {move.action}: neither the picture nor the text "
                        f"changed within {UPDATE_MS / 1000:g} s")
    m = root.evaluate("(r) => window.__widgetProbe.measure(r)")
    report.width, report.height = max(report.width, m["width"]), max(report.height, m["height"])
    report.panel_width, report.panel_height = m["panelWidth"], m["panelHeight"]
    if move is None:
        report.images = [(*i["natural"], *i["shown"]) for i in m["images"]]
    _check_geometry(report, m, after)
    _check_captions(report, m, after)


def _check_geometry(report: WidgetReport, m: dict[str, Any], after: str) -> None:
    """The ``fits``, ``images``, ``text`` and ``tracks`` checks on one measurement."""
    if m["width"] > m["panelWidth"]:
        report.fail("fits", "width", f"{m['width']:.0f} px wide in a {m['panelWidth']:.0f} px "
                    f"wide notebook ({after})", m["width"])
    if m["height"] > m["panelHeight"]:
        report.fail("fits", "height", f"{m['height']:.0f} px tall in {m['panelHeight']:.0f} px "
                    f"of visible notebook at {VIEWPORT['width']}×{VIEWPORT['height']} ({after})",
                    m["height"])
    for k, image in enumerate(m["images"], 1):
        (nw, nh), (sw, sh) = image["natural"], image["shown"]
        size = f"image {k}: {nw}×{nh} shown {sw:.0f}×{sh:.0f}"
        if not (nw and nh and sw and sh):
            report.fail("images", f"image {k}", f"image {k}: empty or broken ({after})")
            continue
        aspect_error = abs((sw / nw) / (sh / nh) - 1)
        if aspect_error > MAX_ASPECT_ERROR:
            report.fail("images", f"image {k} aspect", f"{size}: aspect ratio off by "
                        f"{aspect_error:.0%} ({after})", aspect_error)
        scale = max(sw / nw, sh / nh)
        if scale > MAX_UPSCALE:
            report.fail("images", f"image {k} scale", f"{size}: enlarged {scale:.2f}×, blurry "
                        f"({after})", scale)
    for label in m["cutLabels"]:
        report.fail("text", f"label {label['text']}", f"label {label['text'][:60]!r} cut: "
                    f"needs {label['need']} px, has {label['have']} px ({after})",
                    label["need"] - label["have"])
    for o in m["cutOptions"]:
        report.fail("text", f"menu {o['menu']}", f"dropdown {o['menu']!r} cuts option "
                    f"{o['option']!r}: needs {o['need']:.0f} px, shows {o['have']:.0f} px "
                    f"({after})", o["need"] - o["have"])
    for s in m["sliders"]:
        needed = min(MIN_PX_PER_STEP * s["steps"], MAX_TRACK_NEEDED)
        if s["track"] < needed:
            report.fail("tracks", f"slider {s['description']}", f"slider {s['description']!r}: "
                        f"{s['track']:.0f} px track for {s['steps']} steps "
                        f"({s['track'] / s['steps']:.1f} px a step; needs {needed} px)",
                        needed - s["track"])


def _check_captions(report: WidgetReport, m: dict[str, Any], after: str) -> None:
    """The ``captions`` check: "step k" agrees with a step slider; no empty quoted token."""
    step_sliders = [s for s in m["sliders"] if "step" in s["description"].lower()]
    for text in m["views"]:
        if EMPTY_QUOTE.search(text):
            report.fail("captions", "empty token", f"caption quotes an empty token: "
                        f"{text[:90]!r} ({after})")
        match = STEP_CAPTION.search(text)
        if match and step_sliders:
            slider = step_sliders[0]
            if float(match.group(1)) != float(slider["shows"]):
                report.fail("captions", "step", f"caption {match.group(0)!r} while slider "
                            f"{slider['description']!r} shows {slider['shows']} ({after})")


def _check_widget(page: Page, notebook: str, cell: Locator,
                  widget: LessonWidget) -> WidgetReport:
    """Find the widget in ``cell``'s output, check it as drawn, then move every control."""
    report = WidgetReport(notebook, widget.cell, widget.kind)
    root = cell.locator(".jp-OutputArea-output > .jupyter-widgets").nth(widget.view)
    try:
        root.wait_for(timeout=UPDATE_MS)
    except PlaywrightTimeoutError:
        report.fail("updates", "view", f"no widget shown within {UPDATE_MS / 1000:g} s")
        return report
    root.scroll_into_view_if_needed()
    root.evaluate("(r) => window.__widgetProbe.arm(r)")
    _settle(page, root)
    _record(page, root, report, None)
    for loose in root.evaluate(
            f"(r) => [...r.querySelectorAll({FOCUSABLE!r})].filter((e) => "
            f"!e.closest({CONTROL_SELECTOR!r})).map((e) => e.outerHTML.slice(0, 80))"):
        report.fail("updates", loose, f"a control this test cannot move: {loose}")
    for control in root.locator(CONTROL_SELECTOR).all():
        _drive(page, root, control, report)
    return report


def check_notebook(browser: Browser, lab: Lab, path: Path) -> NotebookReport:
    """Open the notebook at ``path`` (in ``notebooks/`` of the server's root) in a fresh
    1280×800 page, run it up to its last lesson widget, and check every lesson widget; the
    kernel is shut down afterwards."""
    started = time.monotonic()
    widgets = lesson_widgets(path)
    report = NotebookReport(path.name)
    page = browser.new_page(viewport=VIEWPORT)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            report.errors.append(f"console error: {message.text[:300]}")

    def on_websocket(socket: WebSocket) -> None:
        if "/api/kernels/" in socket.url:
            socket.on("framereceived", lambda payload: report.errors.extend(
                _kernel_errors(payload)))

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.errors.append(f"page error: {error}"))
    page.on("websocket", on_websocket)
    try:
        page.goto(lab.url(f"lab/tree/notebooks/{path.name}", "reset"))
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status=idle]",
                               timeout=KERNEL_READY_MS)
        page.evaluate(PROBE_JS, QUIET_MS)
        last = max(w.cell for w in widgets)
        total = len(json.loads(path.read_text(encoding="utf-8"))["cells"])
        run_started = time.monotonic()
        _run_up_to(page, last, total)
        report.run_seconds = time.monotonic() - run_started
        cells = page.locator(".jp-Notebook .jp-Cell")
        for widget in widgets:
            report.widgets.append(_check_widget(page, path.name, cells.nth(widget.cell),
                                                widget))
        report.errors += _python_errors(page, last)
    finally:
        page.close()
        lab.shut_down_kernels()
    report.total_seconds = time.monotonic() - started
    return report
