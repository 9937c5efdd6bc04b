"""Helpers for the real-browser tests: JupyterLab from the venv, headless Debian Chromium, notebook driving.

Kept out of conftest.py on purpose; tests/test_browser.py imports what it needs from here.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent  # the suite runs as .venv/bin/python -m pytest
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium stalls on a network-less machine.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]
NOTEBOOK_FOLDERS = ("lessons", "exercises", "solutions")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_SELECTOR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_ERROR_PATTERNS = ("Error displaying widget", "model not found", "Failed to load model class",
                         "Class .* not found in module", "Could not create a model", "Could not create a view")
LAB_START_TIMEOUT_S = 60
# Lab settings for the test server only: render every cell (no windowing, so every output is in
# the DOM), no news pop-up, no autosave racing the tests, no auto-closing brackets when typing.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/codemirror-extension/plugins.jupyterlab-settings": {"defaultConfig": {"autoClosingBrackets": False}},
}


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is not there, so the browser tests cannot run."""


def chromium_executable() -> str:
    """Path of Debian's Chromium ($COURSE_CHROMIUM overrides it), or raise BrowserUnavailable saying how to get it."""
    path = os.environ.get("COURSE_CHROMIUM") or (CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"))
    if not path or not os.access(path, os.X_OK):
        raise BrowserUnavailable(f"no Chromium at {path or CHROMIUM}: run tools/ensure_chromium.sh "
                                 "(apt-get install chromium) or `make install-test`")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_course(dest: Path) -> Path:
    """Copy the notebook folders into dest (tests must never modify the committed notebooks)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in NOTEBOOK_FOLDERS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


def write_settings(settings_dir: Path) -> None:
    """Write the test server's own JupyterLab user settings."""
    for rel, value in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@dataclass
class Lab:
    """A running JupyterLab server."""

    proc: subprocess.Popen
    port: int
    token: str
    root: Path
    log: Path
    started_s: float = 0.0

    @property
    def base(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        """URL that opens one notebook in a fresh workspace (no layout left over from other tests)."""
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return text[-chars:]


def _lab_command(port: int, token: str, root: Path, work: Path) -> list[str]:
    """The jupyter lab command line for a test server."""
    cmd = [str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={work / 'settings'}", f"--LabApp.workspaces_dir={work / 'workspaces'}",
           "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    return cmd


def _lab_env(work: Path) -> dict[str, str]:
    """Environment for the server and its kernels: the suite's isolated course settings, private Jupyter dirs."""
    env = dict(os.environ)  # TUTOR_ENV_FILE, TUTOR_CACHE_DIR, COURSE_DATA_DIR come from tests/conftest.py
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    # Kernels import the course from this checkout, even when the venv's editable install points elsewhere.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["JUPYTER_CONFIG_DIR"] = str(work / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(work / "jupyter-runtime")
    env["IPYTHONDIR"] = str(work / "ipython")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def _ready(lab: Lab) -> bool:
    """True once the server answers its status API."""
    try:
        with urllib.request.urlopen(f"{lab.base}/api/status?token={lab.token}", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_lab(root: Path, work: Path, timeout: float = LAB_START_TIMEOUT_S) -> Lab:
    """Start JupyterLab from the venv on a free port and wait until it answers."""
    write_settings(work / "settings")
    port, token = free_port(), secrets.token_hex(16)
    log = work / "jupyterlab.log"
    t0 = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(_lab_command(port, token, root, work), cwd=root, env=_lab_env(work),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(proc, port, token, root, log)
    while not _ready(lab):
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n{lab.log_tail()}")
        if time.monotonic() - t0 > timeout:
            stop_process_group(proc)
            raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{lab.log_tail()}")
        time.sleep(0.1)  # polling a socket, not waiting on the page
    lab.started_s = time.monotonic() - t0
    return lab


def stop_process_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a process started with start_new_session=True and everything it spawned (kernels too)."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --- notebooks written for the tests ------------------------------------------------------------

def code_cell(source: str) -> dict[str, Any]:
    """An nbformat v4 code cell without outputs."""
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def write_notebook(path: Path, sources: list[str]) -> Path:
    """Write a notebook of code cells (python3 kernel) to path."""
    nb = {"cells": [code_cell(s) for s in sources], "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1))
    return path


def widget_probe_sources(handler_raises: bool = False, model_version: str | None = None) -> list[str]:
    """Cells of the harness probe: a Button whose handler writes into an HTML widget."""
    body = "raise RuntimeError('probe handler failed on purpose')" if handler_raises else \
        "out.value = '<span class=\"probe-result\">clicked ' + str(n) + '</span>'"
    pin = f", _model_module_version={model_version!r}" if model_version else ""
    return [
        "import ipywidgets as w\nprint('probe ready')",
        "out = w.HTML('waiting', _dom_classes=['probe-out'])\n"
        f"button = w.Button(description='Probe', _dom_classes=['probe-button']{pin})\n"
        "n = 0\n"
        "def on_click(_):\n"
        "    global n\n"
        "    n += 1\n"
        f"    {body}\n"
        "button.on_click(on_click)\n"
        "w.VBox([button, out])",
    ]


# --- driving JupyterLab -------------------------------------------------------------------------

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# The server runs with expose_app_in_browser, so the page can tell when the kernel is really connected
# (the toolbar's status indicator reads "idle" before any kernel exists).
KERNEL_READY_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
# True when Run All is over: every code cell has an execution count, or an error stopped the run
# (JupyterLab then leaves the later cells unexecuted) and nothing is still queued as [*].
RUN_ALL_DONE_JS = """() => {
  const nb = '.jp-NotebookPanel:not(.lm-mod-hidden) ';
  const prompts = [...document.querySelectorAll(nb + '.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
  if (prompts.length === 0) return false;
  if (prompts.every(p => /^\\[\\d+\\]:$/.test(p))) return true;
  const failed = document.querySelector(nb + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  return !!failed && !prompts.some(p => p.includes('*'));
}"""


@dataclass
class KernelErrors:
    """Error messages the kernel sent over the page's websockets (e.g. a widget handler that raised)."""

    messages: list[str] = field(default_factory=list)

    def on_frame(self, payload: Any) -> None:
        """Keep any iopub 'error' message (its ename, evalue and traceback)."""
        text = payload.decode("utf-8", "replace") if isinstance(payload, (bytes, bytearray)) else str(payload)
        if '"msg_type":"error"' not in text.replace(" ", ""):
            return
        match = re.search(r'"ename"\s*:\s*"([^"]*)".*?"evalue"\s*:\s*"((?:[^"\\]|\\.)*)"', text, re.S)
        self.messages.append(f"{match.group(1)}: {match.group(2)}" if match else text[:500])

    def attach(self, page: Any) -> KernelErrors:
        """Listen on every websocket the page opens."""
        page.on("websocket", lambda ws: ws.on("framereceived", self.on_frame))
        return self


def open_notebook(page: Any, lab: Lab, notebook: str, timeout_ms: int = 60_000) -> None:
    """Open a notebook in a fresh workspace and wait until its kernel is idle."""
    page.goto(lab.url(notebook), wait_until="domcontentloaded")
    page.wait_for_selector(NOTEBOOK, timeout=timeout_ms)
    page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)


FILE_ITEM = ".jp-FileBrowser .jp-DirListing-item"


def open_from_file_browser(page: Any, path: str, timeout_ms: int = 60_000) -> None:
    """Open a file as a learner does: double-click each folder, then the file, in the left file browser."""
    for name in path.split("/"):
        item = page.locator(FILE_ITEM, has=page.locator(".jp-DirListing-itemText", has_text=re.compile(
            f"^{re.escape(name)}$")))
        item.wait_for(state="visible", timeout=timeout_ms)
        item.dblclick()
    page.wait_for_selector(NOTEBOOK, timeout=timeout_ms)


def first_cell_text(notebook: Path) -> str:
    """The first line of a notebook's first cell as it is rendered (markdown heading marks dropped)."""
    cell = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]
    line = "".join(cell["source"]).strip().splitlines()[0]
    return _squash(line.lstrip("#").strip() if cell["cell_type"] == "markdown" else line)


# Records the time of the last change under the notebook (widget views, and their errors, render asynchronously).
WATCH_DOM_JS = """() => {
  window.__lastMutation = performance.now();
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  new MutationObserver(() => { window.__lastMutation = performance.now(); })
    .observe(nb, {subtree: true, childList: true, characterData: true});
}"""
DOM_QUIET_JS = "ms => performance.now() - window.__lastMutation > ms"


def wait_widgets_settled(page: Any, timeout_ms: int = 30_000, quiet_ms: int = 750) -> None:
    """Wait until the notebook stopped changing: widget views (and their error views) render asynchronously."""
    page.evaluate(WATCH_DOM_JS)
    page.wait_for_function(DOM_QUIET_JS, arg=quiet_ms, timeout=timeout_ms, polling=100)


def run_all(page: Any, timeout_ms: int = 120_000) -> None:
    """Run > Run All Cells from the menu bar, then wait until every code cell has run and widgets rendered."""
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.wait_for_function(RUN_ALL_DONE_JS, timeout=timeout_ms)
    page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)
    wait_widgets_settled(page, timeout_ms)


def save_notebook(page: Any, timeout_ms: int = 30_000) -> None:
    """Save the open notebook with Ctrl+S and wait until its tab is no longer marked dirty."""
    page.locator(f"{NOTEBOOK}").click(position={"x": 5, "y": 5})  # focus the notebook, command mode
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.wait_for_selector(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)",
                           timeout=timeout_ms)


def cell_of(locator: Any) -> str:
    """A short 'cell N' label for the cell holding a locator's element (1-based, as a learner counts)."""
    index = locator.evaluate("""el => {
      const cell = el.closest('.jp-Cell');
      return cell ? [...cell.parentElement.children].filter(c => c.classList.contains('jp-Cell')).indexOf(cell) + 1 : 0;
    }""")
    return f"cell {index}" if index else "outside any cell"


def stderr_outputs(page: Any) -> list[str]:
    """Every stderr/traceback output shown in the open notebook, labelled with its cell."""
    found = page.locator(f"{NOTEBOOK} {STDERR_SELECTOR}")
    return [f"{cell_of(found.nth(i))}: {found.nth(i).inner_text()[-1500:]}" for i in range(found.count())]


def _squash(text: str | None) -> str:
    """Text with runs of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def widget_render_errors(page: Any) -> list[str]:
    """Widget render errors (the error icon view, 'Error displaying widget', 'model not found', ...)."""
    pattern = re.compile("|".join(WIDGET_ERROR_PATTERNS))
    problems = []
    icons = page.locator(f"{NOTEBOOK} .jupyter-widgets-error-widget")
    for i in range(icons.count()):  # it says "Click to show javascript error." until clicked
        icon = icons.nth(i)
        if "Click to show" in (icon.text_content() or ""):
            icon.click()
        problems.append(f"{cell_of(icon)}: {_squash(icon.text_content())[:800]}")
    outputs = page.locator(f"{NOTEBOOK} .jp-OutputArea-output")
    for i in range(outputs.count()):
        text = outputs.nth(i).text_content() or ""
        if pattern.search(text) and not outputs.nth(i).locator(".jupyter-widgets-error-widget").count():
            problems.append(f"{cell_of(outputs.nth(i))}: {_squash(text)[:800]}")
    return problems


# Widget outputs in the open notebook's model when JupyterLab has no renderer for them (front end not loaded).
WIDGETS_WITHOUT_RENDERER_JS = """mime => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (panel.content.rendermime.mimeTypes.includes(mime)) return 0;
  let n = 0;
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    for (let i = 0; i < cell.outputs.length; i++) if ((cell.outputs.get(i).data || {})[mime]) n++;
  }
  return n;
}"""
WIDGET_REPR = re.compile(r"^[A-Z]\w*\((children|value|description|layout|options)=")


def unrendered_widgets(page: Any) -> list[str]:
    """Widgets shown as their text repr because the widgets front end did not load or render them."""
    missing = page.evaluate(WIDGETS_WITHOUT_RENDERER_JS, WIDGET_MIME)
    problems = [f"{missing} widget output(s), but JupyterLab has no widget renderer: the "
                f"@jupyter-widgets/jupyterlab-manager front end did not load"] if missing else []
    found = page.locator(f'{NOTEBOOK} .jp-OutputArea-output[data-mime-type="text/plain"]')
    for i in range(found.count()):
        text = found.nth(i).inner_text().strip()
        if WIDGET_REPR.match(text):
            problems.append(f"{cell_of(found.nth(i))} shows its text repr: {text[:200]}")
    return problems


def cells_not_run(page: Any) -> list[str]:
    """Code cells without an execution count (Run All stopped before them)."""
    prompts = page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt")
    return [cell_of(prompts.nth(i)) for i in range(prompts.count())
            if not re.fullmatch(r"\[\d+\]:", prompts.nth(i).inner_text().strip())]


def notebook_problems(page: Any) -> list[str]:
    """Everything a learner would see as broken in the open notebook."""
    not_run = cells_not_run(page)
    return ([f"error output in {p}" for p in stderr_outputs(page)]
            + ([f"Run All stopped before {', '.join(not_run)}"] if not_run else [])
            + [f"widget render error in {p}" for p in widget_render_errors(page)]
            + [f"widget not rendered: {p}" for p in unrendered_widgets(page)])


def screenshot(target: Any, name: str) -> Path:
    """Save a screenshot of a page or element under artifacts/browser/ (git-ignored) and return its path."""
    out = REPO / "artifacts" / "browser" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(out))
    return out


# --- widget versions: the kernel side (ipywidgets) and the front end JupyterLab loads must match ---

MANAGER = "@jupyter-widgets/jupyterlab-manager"
# ipywidgets major -> majors that go with it: the jupyterlab_widgets Python package, the lab extension it
# ships, and the npm packages whose model versions the kernel pins (__jupyter_widgets_*_version__).
WIDGET_PAIRS = {
    8: {"jupyterlab_widgets": 3, "manager": 5, "@jupyter-widgets/base": 6, "@jupyter-widgets/controls": 5,
        "base_model": 2, "controls_model": 2},
    7: {"jupyterlab_widgets": 1, "manager": 3, "@jupyter-widgets/base": 4, "@jupyter-widgets/controls": 3,
        "base_model": 1, "controls_model": 1},
}


def _major(version: str) -> int:
    """Leading number of a version or npm range ('^6.0.12' -> 6)."""
    match = re.search(r"\d+", version)
    return int(match.group()) if match else -1


def loaded_widget_frontend() -> dict[str, Any] | None:
    """The widgets lab extension JupyterLab would load (first on the Jupyter data path), or None."""
    from jupyter_core.paths import jupyter_path
    from jupyterlab_server.config import get_federated_extensions

    return get_federated_extensions(jupyter_path("labextensions")).get(MANAGER)


def _shipped_package_json_hash_ok(ext_path: str) -> bool:
    """True if ext_path/package.json is byte for byte the one jupyterlab_widgets installed (pip RECORD)."""
    import base64
    import hashlib
    from importlib import metadata

    for f in metadata.files("jupyterlab_widgets") or []:
        if str(f).endswith(f"{MANAGER}/package.json") and f.hash:
            if Path(f.locate()).resolve() != (Path(ext_path) / "package.json").resolve():
                return False
            digest = hashlib.new(f.hash.mode, (Path(ext_path) / "package.json").read_bytes()).digest()
            return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == f.hash.value
    return False


def widget_version_problems() -> list[str]:
    """Every mismatch between ipywidgets (kernel), jupyterlab_widgets and the front end JupyterLab loads."""
    from importlib import metadata

    import ipywidgets
    import jupyterlab
    from packaging.requirements import Requirement
    from packaging.version import Version

    problems: list[str] = []
    ipw = Version(ipywidgets.__version__)
    pair = WIDGET_PAIRS.get(ipw.major)
    if pair is None:
        return [f"ipywidgets {ipw} is a major version this test does not know; check which jupyterlab_widgets "
                "goes with it, then extend WIDGET_PAIRS in tests/browser_support.py"]
    jlw = Version(metadata.version("jupyterlab_widgets"))
    for line in metadata.requires("ipywidgets") or []:
        req = Requirement(line)
        if req.name.replace("-", "_") == "jupyterlab_widgets" and not req.marker and jlw not in req.specifier:
            problems.append(f"ipywidgets {ipw} requires jupyterlab_widgets{req.specifier}, installed is {jlw}")
    if jlw.major != pair["jupyterlab_widgets"]:
        problems.append(f"ipywidgets {ipw.major}.x needs jupyterlab_widgets {pair['jupyterlab_widgets']}.x, got {jlw}")
    consts = ipywidgets._version
    for key, const in (("base_model", consts.__jupyter_widgets_base_version__),
                       ("controls_model", consts.__jupyter_widgets_controls_version__)):
        if _major(const) != pair[key]:
            problems.append(f"ipywidgets {ipw} pins widget model version {const} for {key}, expected {pair[key]}.x")
    ext = loaded_widget_frontend()
    if ext is None:
        return problems + [f"JupyterLab finds no {MANAGER} lab extension: widgets would show as text, not render"]
    where = ext.get("ext_path", "?")
    if (ext.get("install") or {}).get("packageName") != "jupyterlab_widgets" or not _shipped_package_json_hash_ok(where):
        problems.append(f"JupyterLab would load the widgets front end {ext.get('version')} from {where}, which is not "
                        f"the one the installed jupyterlab_widgets {jlw} shipped (a stale or edited copy earlier "
                        "on the Jupyter data path?)")
    if _major(ext.get("version", "")) != pair["manager"]:
        problems.append(f"front end {MANAGER} {ext.get('version')} does not go with ipywidgets {ipw} "
                        f"(needs {pair['manager']}.x)")
    deps = ext.get("dependencies") or {}
    for npm in ("@jupyter-widgets/base", "@jupyter-widgets/controls"):
        if _major(deps.get(npm, "")) != pair[npm]:
            problems.append(f"front end bundles {npm} {deps.get(npm)}, ipywidgets {ipw} needs {pair[npm]}.x")
    lab_range = deps.get("@jupyterlab/application", "")
    if _major(lab_range) != _major(jupyterlab.__version__):
        problems.append(f"front end {MANAGER} is built for JupyterLab {lab_range}, installed is {jupyterlab.__version__}")
    return problems


# --- the exercise widget (checker/widget.py gives its parts course-* classes) ---------------------

EXERCISE = ".course-exercise"
EXERCISE_ID = re.compile(r"Exercise (\d+\.\d+)")
# Inserts a code cell at the end of the open notebook, selects it and returns its index.
APPEND_CELL_JS = """source => {
  const panel = window.jupyterapp.shell.currentWidget;
  const model = panel.content.model;
  model.sharedModel.insertCell(model.cells.length, {cell_type: 'code', source});
  panel.content.activeCellIndex = model.cells.length - 1;
  return model.cells.length - 1;
}"""


def exercise_widget(page: Any, exercise_id: str | None = None) -> tuple[Any, str]:
    """The (first, or given) exercise widget in the open notebook and its id."""
    widgets = page.locator(f"{NOTEBOOK} {EXERCISE}")
    if exercise_id:
        widgets = widgets.filter(has=page.locator(".course-task", has_text=f"Exercise {exercise_id}"))
    widget = widgets.first
    widget.wait_for(state="visible")
    match = EXERCISE_ID.search(widget.locator(".course-task").inner_text())
    assert match, f"the exercise widget shows no 'Exercise NN.N' heading: {widget.inner_text()[:300]!r}"
    return widget, match.group(1)


def fill_fields(widget: Any, fields: dict[str, str]) -> None:
    """Type the given text into the widget's editors (prompt, system, ...)."""
    for name, text in fields.items():
        widget.locator(f".course-field-{name} textarea").fill(text)


def wait_until_kernel_has(exercise_id: str, learner: str, fields: dict[str, str], timeout_s: float = 15.0) -> None:
    """Wait until the kernel holds the typed text (its draft on disk says so), as a person pausing before Check.

    The front end syncs an editor's value with at most one message in flight per widget, so a click sent
    a few milliseconds after the last keystroke can reach the kernel before the final text does.
    """
    from checker import drafts

    def draft() -> dict:
        mine = [r for r in drafts.store().load() if (r.get("exercise"), r.get("learner")) == (exercise_id, learner)]
        return mine[-1].get("fields", {}) if mine else {}

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(draft().get(k) == v for k, v in fields.items()):
            return
        time.sleep(0.1)
    raise AssertionError(f"the kernel never received the typed text of {exercise_id} within {timeout_s:.0f} s; "
                         f"{learner}'s draft is {draft()!r} in {drafts.store().path}")


def status_text(widget: Any) -> str:
    """The widget's status line."""
    return widget.locator(".course-status").inner_text().strip()


# The status line has changed and is not a passing "checking …" / "asking the model …" state.
STATUS_SETTLED_JS = "([el, before]) => el.textContent !== before && !el.textContent.trim().endsWith('…')"


def click_and_wait_status(page: Any, widget: Any, button: str, pattern: str, timeout_ms: int = 30_000) -> str:
    """Click a widget button, wait for its status line to settle, and assert it matches pattern; return it."""
    status = widget.locator(".course-status")
    before = status.inner_text()
    widget.locator(f".course-{button}").click()
    try:
        page.wait_for_function(STATUS_SETTLED_JS, arg=[status.element_handle(), before], timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - turn a Playwright timeout into what the learner saw
        raise AssertionError(f"after clicking {button!r} the status line stayed {status.inner_text()!r} for "
                             f"{timeout_ms / 1000:.0f} s; the widget shows:\n{widget.inner_text()[:1500]}") from exc
    text = status.inner_text().strip()
    assert re.search(pattern, text), (f"after clicking {button!r} the status line says {text!r}, expected "
                                      f"/{pattern}/; the widget shows:\n{widget.inner_text()[:1500]}")
    return text


def run_new_cell(page: Any, source: str, timeout_ms: int = 30_000) -> str:
    """Append a code cell with source, run it (Shift+Enter, as a learner would) and return its output text."""
    index = page.evaluate(APPEND_CELL_JS, source)
    cell = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)
    cell.locator(".jp-InputPrompt").click()  # select the cell in command mode
    page.keyboard.press("Shift+Enter")
    cell.locator(".jp-InputPrompt", has_text=re.compile(r"^\[\d+\]:$")).wait_for(timeout=timeout_ms)
    page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)
    return cell.locator(".jp-OutputArea").inner_text()


# --- the learner's workbench: restoring after a restart, and the keyboard ---------------------------

def exercise_notebook_sources(exercise_id: str, learner: str) -> list[str]:
    """Cells of a one-exercise notebook laid out as the workbooks are (the cell keeps the starter text).

    The learner name keeps this test's progress apart from other tests sharing the run's data folder.
    """
    from checker import get_exercise

    starter = get_exercise(exercise_id).starter.get("prompt", "")
    return [f"import os\nos.environ['COURSE_LEARNER'] = {learner!r}\nfrom checker import exercise",
            f'prompt = """{starter}"""\nexercise({exercise_id!r}, prompt=prompt)']


# Restarts the open notebook's kernel as Kernel > Restart Kernel does after its confirmation dialog.
RESTART_KERNEL_JS = "() => window.jupyterapp.shell.currentWidget.sessionContext.restartKernel()"
KERNEL_STATE_JS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel;
  return kernel ? `${kernel.id} ${kernel.connectionStatus} ${kernel.status}` : 'no kernel';
}"""


def reload_and_restart(page: Any, timeout_ms: int = 60_000) -> None:
    """Reload the page, then restart the kernel and wait until it is idle again."""
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(NOTEBOOK, timeout=timeout_ms)
    page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)
    page.evaluate(RESTART_KERNEL_JS)
    try:
        page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - say what state the kernel is stuck in
        raise AssertionError(f"the kernel did not come back after a restart: {page.evaluate(KERNEL_STATE_JS)}") from exc


# A short description of the focused element: its tag, its text or label, and its course-* classes.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el) return '';
  const owner = el.closest('[class*="course-"]');
  const classes = owner ? [...owner.classList].filter(c => c.startsWith('course-')).join(' ') : '';
  return `${el.tagName.toLowerCase()} ${classes} ${(el.textContent || '').trim().slice(0, 40)}`.trim();
}"""


def focused(page: Any) -> str:
    """What has keyboard focus, e.g. 'button course-check Check' or 'textarea course-field-prompt'."""
    return page.evaluate(FOCUSED_JS)


def tab_to(page: Any, css_class: str, limit: int = 60) -> str:
    """Press Tab until the element with a course-* class has focus; fail after limit presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if css_class in now.split():
            return now
        seen.append(now)
    raise AssertionError(f"{limit} Tab presses never reached .{css_class}; focus went: {seen[-12:]}")


def press_and_wait_status(page: Any, widget: Any, key: str, pattern: str, timeout_ms: int = 30_000) -> str:
    """Press a key on the focused control, wait for the status line to settle, assert it matches pattern."""
    status = widget.locator(".course-status")
    before = status.inner_text()
    page.keyboard.press(key)
    try:
        page.wait_for_function(STATUS_SETTLED_JS, arg=[status.element_handle(), before], timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - say what the learner saw
        raise AssertionError(f"pressing {key} on {focused(page)!r} left the status at {status.inner_text()!r}; "
                             f"the widget shows:\n{widget.inner_text()[:1500]}") from exc
    text = status.inner_text().strip()
    assert re.search(pattern, text), f"after {key} the status says {text!r}, expected /{pattern}/"
    return text


def control_names(widget: Any) -> list[tuple[str, str]]:
    """(role, accessible name) of every button and text box in the widget's accessibility tree."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r'- (button|textbox) "([^"]*)"', widget.aria_snapshot())]


def unnamed_controls(widget: Any) -> list[str]:
    """Buttons and text boxes in the widget's accessibility tree that have no accessible name."""
    tree = widget.aria_snapshot()
    return [line.strip() for line in tree.splitlines()
            if re.match(r"\s*- (button|textbox)\b", line) and not re.match(r'\s*- (button|textbox) "[^"]+"', line)]
