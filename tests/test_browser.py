"""Real-browser tests: the course as a learner sees it in JupyterLab (issue 6).

JupyterLab runs from the project's venv on a free port with a token, over a temporary copy of the
notebook folders; Debian's Chromium runs headless through Playwright (no browser download). The
kernels inherit the suite's isolated settings (TUTOR_ENV_FILE, TUTOR_CACHE_DIR, COURSE_DATA_DIR).
Screenshots land in artifacts/browser/ (git-ignored). Deselect with -m 'not browser'.
The server and the browser are module-scoped: both are gone before the rest of the suite runs.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser_support as bs
import pytest

pytestmark = pytest.mark.browser

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TIMINGS: dict[str, float] = {}


def _unavailable(reason: str) -> None:
    """Fail in CI (the browser tests must run there), skip on a developer's machine."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module", autouse=True)
def _timings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print start-up and per-test times at the end of the run (also saved to artifacts/browser/timings.txt)."""
    yield
    if not TIMINGS:
        return
    text = "browser test timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in TIMINGS.items())
    out = bs.REPO / "artifacts" / "browser" / "timings.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("\n" + text)


@pytest.fixture(scope="module")
def browser_root() -> Iterator[Path]:
    """A scratch folder for the server: a copy of the notebooks, settings, logs, the browser profile."""
    with tempfile.TemporaryDirectory(prefix="course-browser-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module")
def lab(browser_root: Path) -> Iterator[bs.Lab]:
    """JupyterLab from the venv over a copy of the course notebooks; always shut down with its kernels."""
    root = bs.copy_course(browser_root / "course")
    work = browser_root / "work"
    work.mkdir()
    server = bs.start_lab(root, work)
    TIMINGS["jupyterlab start"] = server.started_s
    try:
        yield server
    finally:
        bs.stop_process_group(server.proc)


@pytest.fixture(scope="module")
def chromium(browser_root: Path) -> Iterator[Any]:
    """Headless Debian Chromium with a fresh profile, driven by Playwright; always closed."""
    try:
        executable = bs.chromium_executable()
        from playwright.sync_api import sync_playwright
    except (bs.BrowserUnavailable, ImportError) as exc:
        _unavailable(str(exc))
    t0 = time.monotonic()
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(browser_root / "chromium-profile"), executable_path=executable, headless=True,
            args=bs.CHROMIUM_FLAGS, viewport={"width": 1400, "height": 1000})
        TIMINGS["chromium start"] = time.monotonic() - t0
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(chromium: Any, lab: bs.Lab, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new tab; its final state is saved as a screenshot (to look at after a failure); closed afterwards."""
    tab = chromium.new_page()
    tab.set_default_timeout(30_000)
    tab.kernel_errors = bs.KernelErrors().attach(tab)
    t0 = time.monotonic()
    try:
        yield tab
    finally:
        if time.monotonic() - t0 > 0.5:  # leave skipped tests out of the timings
            TIMINGS[request.node.name] = time.monotonic() - t0
        try:
            bs.screenshot(tab, f"end-{request.node.name}")
        except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
            pass
        tab.close()


def _problems_message(page: Any, what: str) -> str:
    """A failure message listing what a learner would see as broken, plus kernel errors."""
    lines = bs.notebook_problems(page) + [f"kernel error: {m}" for m in page.kernel_errors.messages]
    return f"{what}:\n  " + "\n  ".join(lines)


# --- the harness itself, on a notebook the test writes -------------------------------------------

def test_harness_widget_probe(page: Any, lab: bs.Lab) -> None:
    """A Button whose handler writes into an HTML widget renders and responds in the real front end."""
    bs.write_notebook(lab.root / "scratch" / "probe.ipynb", bs.widget_probe_sources())
    bs.open_notebook(page, lab, "scratch/probe.ipynb")
    bs.run_all(page)
    assert not bs.notebook_problems(page), _problems_message(page, "the probe notebook shows problems")
    button = page.locator(".probe-button")
    button.wait_for(state="visible")
    button.click()
    result = page.locator(".probe-out .probe-result")
    try:
        result.wait_for(state="visible", timeout=15_000)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(_problems_message(page, "clicking the probe button changed nothing")) from exc
    assert result.inner_text() == "clicked 1"
    assert not page.kernel_errors.messages, _problems_message(page, "the kernel reported errors")


# --- versions: no browser needed, but it guards the same thing (widgets that render) ---------------

def test_widget_frontend_matches_ipywidgets() -> None:
    """The jupyterlab_widgets front end JupyterLab loads is the one the installed ipywidgets needs."""
    problems = bs.widget_version_problems()
    assert not problems, ("widgets would not render in JupyterLab (kernel/front-end mismatch):\n  "
                          + "\n  ".join(problems))


# --- the course notebooks -------------------------------------------------------------------------

def _course_notebook(pattern: str) -> str:
    """Relative path of the first committed notebook matching pattern, or skip (fail in CI) if none yet."""
    found = sorted(bs.REPO.glob(pattern))
    if not found:
        _unavailable(f"no notebook matching {pattern} in the repository yet")
    return found[0].relative_to(bs.REPO).as_posix()


def test_lesson_00_runs_without_errors(page: Any, lab: bs.Lab) -> None:
    """Lesson 00: Run All Cells shows no error output and every widget renders."""
    notebook = _course_notebook("lessons/00_*.ipynb")
    bs.open_notebook(page, lab, notebook)
    bs.run_all(page)
    bs.screenshot(page, "lesson-00-after-run-all")
    problems = bs.notebook_problems(page) + [f"kernel error: {m}" for m in page.kernel_errors.messages]
    assert not problems, _problems_message(page, f"{notebook} shows problems after Run All Cells")


def _exercise_flow(page: Any, lab: bs.Lab, notebook: str, shot_prefix: str) -> None:
    """Weak prompt -> Run, Check: not solved with reasons; reference -> solved; Hint; Reset; save, reload; progress."""
    from checker import all_exercises
    from checker.tracker import store

    page.on("dialog", lambda dialog: dialog.accept())  # "leave page?" on reload of an unsaved notebook
    bs.open_notebook(page, lab, notebook)
    bs.run_all(page)
    assert not bs.notebook_problems(page), _problems_message(page, f"{notebook} shows problems after Run All")
    widget, ex_id = bs.exercise_widget(page)
    spec = {e.id: e for e in all_exercises()}[ex_id]
    recorded_before = [r for r in store().load() if r.get("exercise") == ex_id]

    weak = {f: spec.baseline.get(f, "") for f in spec.fields}
    bs.fill_fields(widget, weak)
    bs.click_and_wait_status(page, widget, "run", "reply from")
    assert widget.locator(".course-output").inner_text().strip(), "Run showed no reply from the model"
    bs.screenshot(widget, f"{shot_prefix}-1-before-check")
    bs.click_and_wait_status(page, widget, "check", "not yet solved")
    bs.screenshot(widget, f"{shot_prefix}-2-after-check-weak")
    result = widget.locator(".course-result")
    assert "not yet solved" in result.inner_text(), f"weak prompt: result says {result.inner_text()!r}"
    failed_rows = result.locator("tr", has_text="✗")
    assert failed_rows.count() >= 1, f"no failed check with a reason is shown: {result.inner_text()!r}"
    reason = failed_rows.first.locator("td").nth(2).inner_text().strip()
    assert reason, f"a failed check shows no reason: {failed_rows.first.inner_text()!r}"

    bs.fill_fields(widget, {f: spec.reference[f] for f in spec.fields})
    bs.click_and_wait_status(page, widget, "check", r"· solved")
    bs.screenshot(widget, f"{shot_prefix}-3-after-check-reference")
    assert "not yet" not in result.inner_text() and "solved" in result.inner_text(), result.inner_text()
    assert result.locator("tr", has_text="✗").count() == 0, f"reference prompt fails a check: {result.inner_text()}"

    bs.click_and_wait_status(page, widget, "hint-button", "hint 1 of")
    assert spec.hints[0][:40] in widget.locator(".course-hint").inner_text(), "Hint did not show the first hint"
    bs.click_and_wait_status(page, widget, "reset", "starter restored")
    for f in spec.fields:
        value = widget.locator(f".course-field-{f} textarea").input_value()
        assert value == spec.starter.get(f, ""), f"Reset left {f}={value!r}, starter is {spec.starter.get(f)!r}"
    assert not page.kernel_errors.messages, _problems_message(page, "the kernel reported errors")

    bs.save_notebook(page)  # a learner saves, then reloads: the widget must come back from the live kernel
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(bs.NOTEBOOK)
    page.wait_for_function(bs.KERNEL_READY_JS)
    widget, _ = bs.exercise_widget(page, ex_id)
    assert "starter restored" in bs.status_text(widget), f"after reload the widget shows {bs.status_text(widget)!r}"
    assert not bs.widget_render_errors(page), _problems_message(page, "widgets fail to render after a reload")
    shown = bs.run_new_cell(page, "from checker import progress\nprogress()")
    bs.screenshot(page, f"{shot_prefix}-4-progress-after-reload")
    lesson_row = re.search(rf"^\s*{spec.lesson}\s+(\d+)/(\d+)", shown, re.M)
    assert lesson_row and int(lesson_row.group(1)) >= 1, f"progress() after reload does not show {ex_id} solved:\n{shown}"
    recorded = [r for r in store().load() if r.get("exercise") == ex_id][len(recorded_before):]
    assert [r["passed"] for r in recorded] == [False, True], f"progress store recorded {recorded!r} for {ex_id}"


def test_workbook_opens_from_the_file_browser(page: Any, lab: bs.Lab) -> None:
    """From the course's root folder a learner double-clicks exercises/, then a workbook, and sees its first cell."""
    workbook = _course_notebook("exercises/00_*.ipynb")
    first_line = bs.first_cell_text(bs.REPO / workbook)
    page.goto(f"{lab.base}/lab?reset&token={lab.token}", wait_until="domcontentloaded")
    bs.open_from_file_browser(page, workbook)
    first = page.locator(f"{bs.NOTEBOOK} .jp-Cell").first
    try:  # the cell appears before its markdown is rendered
        first.filter(has_text=first_line).wait_for(state="visible", timeout=30_000)
    except Exception as exc:  # noqa: BLE001 - say what the learner sees instead
        raise AssertionError(f"the first cell shows {first.inner_text()[:300]!r}, not {first_line!r}") from exc
    bs.screenshot(page, "workbook-from-file-browser")
    assert page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current").inner_text().strip() \
        == workbook.split("/")[-1]


def test_exercise_widget_flow(page: Any, lab: bs.Lab) -> None:
    """An exercise notebook: weak prompt fails with a reason, the reference passes, Hint, Reset, progress kept."""
    _exercise_flow(page, lab, _course_notebook("exercises/01_*.ipynb"), "exercise")


# --- the learner's workbench (issue 14) -----------------------------------------------------------

def test_typed_text_and_status_survive_reload_and_kernel_restart(page: Any, lab: bs.Lab) -> None:
    """Type, Check; reload the page and restart the kernel; re-run the cell: the text and the state are back."""
    page.on("dialog", lambda dialog: dialog.accept())
    bs.write_notebook(lab.root / "scratch" / "loss.ipynb", bs.exercise_notebook_sources("05.1", "loss-case"))
    bs.open_notebook(page, lab, "scratch/loss.ipynb")
    bs.run_all(page)
    widget, _ = bs.exercise_widget(page, "05.1")
    assert "new: not yet checked" in bs.status_text(widget), bs.status_text(widget)
    mine = "Summarise the email about refunds. Keep it short.\n\n(my own words, typed in the widget)"
    widget.locator(".course-field-prompt textarea").press_sequentially(mine[:20])
    widget.locator(".course-field-prompt textarea").fill(mine)
    bs.wait_until_kernel_has("05.1", "loss-case", {"prompt": mine})
    checked = bs.click_and_wait_status(page, widget, "check", r"solved")

    bs.reload_and_restart(page)
    bs.run_all(page)
    widget, _ = bs.exercise_widget(page, "05.1")
    bs.screenshot(widget, "workbench-restored-after-restart")
    assert widget.locator(".course-field-prompt textarea").input_value() == mine
    note = widget.locator(".course-note").inner_text()
    assert "Restored your last attempt from today" in note, f"note says {note!r}"
    status = bs.status_text(widget)
    expected = "solved today" if "· solved" in checked else "attempted: 1 try, best"
    assert expected in status and status.count("05.1") == 1, f"after Check: {checked!r}; after restart: {status!r}"
    assert not page.kernel_errors.messages, _problems_message(page, "the kernel reported errors")


def test_one_exercise_by_keyboard_alone(page: Any, lab: bs.Lab) -> None:
    """Run -> Check -> Hint -> Reset with Tab, Enter and Space only; every control has an accessible name."""
    from checker import get_exercise

    spec = get_exercise("00.1")
    bs.write_notebook(lab.root / "scratch" / "keyboard.ipynb", bs.exercise_notebook_sources("00.1", "keyboard"))
    bs.open_notebook(page, lab, "scratch/keyboard.ipynb")
    bs.run_all(page)
    widget, _ = bs.exercise_widget(page, "00.1")
    assert not bs.unnamed_controls(widget), f"controls without an accessible name: {bs.unnamed_controls(widget)}"
    names = bs.control_names(widget)
    assert ("textbox", "User prompt") in names, names
    assert {n for role, n in names if role == "button"} == {"Run", "Check", "Hint", "Reset", "X-ray"}, names
    page.locator(f"{bs.NOTEBOOK} .jp-Cell").last.locator(".jp-InputPrompt").click()  # the cell, command mode
    bs.tab_to(page, "course-field-prompt")
    page.keyboard.press("Control+a")
    page.keyboard.type(spec.reference["prompt"])
    assert bs.tab_to(page, "course-run", limit=1).endswith("Run")
    bs.press_and_wait_status(page, widget, "Enter", "reply from")
    assert bs.tab_to(page, "course-check", limit=1).endswith("Check")
    bs.press_and_wait_status(page, widget, "Space", r"· solved")
    assert "course-check" in bs.focused(page).split(), f"focus left Check while it ran: {bs.focused(page)!r}"
    result = widget.locator(".course-result").inner_text()
    assert "pass" in result and "fail" not in result, result
    assert bs.tab_to(page, "course-hint-button", limit=1).endswith("Hint")
    bs.press_and_wait_status(page, widget, "Enter", "hint 1 of")
    assert bs.tab_to(page, "course-reset", limit=1).endswith("Reset")
    bs.press_and_wait_status(page, widget, "Enter", "starter restored")
    assert widget.locator(".course-field-prompt textarea").input_value() == spec.starter["prompt"]
    assert "course-reset" in bs.focused(page).split(), f"focus moved away from Reset: {bs.focused(page)!r}"
    bs.press_and_wait_status(page, widget, "Space", "your text is back")
    assert widget.locator(".course-field-prompt textarea").input_value() == spec.reference["prompt"]
    bs.screenshot(widget, "workbench-keyboard-flow")
    assert not page.kernel_errors.messages, _problems_message(page, "the kernel reported errors")


# --- the instructor's room dashboard (issue 12) ---------------------------------------------------

def _progress_file(room: Path, who: str, passed: bool) -> None:
    """ROOM/<who>.progress.json with one Check of exercise 00.1, as the tracker writes it."""
    import json

    from checker import tracker

    record = tracker.make_record("00.1", passed, 1.0 if passed else 0.0, {"prompt": "p"}, "offline", "offline-teacher",
                                 failed_checks=() if passed else ("the reply is just the city's name",))
    record["learner"] = who
    (room / f"{who}.progress.json").write_text(json.dumps({"version": 1, "checks": [record]}), encoding="utf-8")


def test_room_dashboard_renders_and_refreshes_by_itself(page: Any, lab: bs.Lab, tmp_path: Path) -> None:
    """The dashboard notebook's widgets render; a learner's new progress file appears without touching the page."""
    room = tmp_path / "room"
    room.mkdir()
    _progress_file(room, "kim", passed=False)
    bs.write_notebook(lab.root / "scratch" / "room.ipynb", [
        f"from checker.dashboard import Dashboard\nboard = Dashboard({str(room)!r}, every=0.5)\nboard",
    ])
    bs.open_notebook(page, lab, "scratch/room.ipynb")
    bs.run_all(page)
    assert not bs.notebook_problems(page), _problems_message(page, "the dashboard notebook shows problems")
    grid = page.locator(f"{bs.NOTEBOOK} table.room-grid")
    grid.wait_for(state="visible")
    assert "kim" in grid.inner_text() and "1/22" not in grid.inner_text()
    stuck = page.locator(f"{bs.NOTEBOOK} table.room-stuck").inner_text()
    assert "00.1" in stuck and "the reply is just the city's name" in stuck, stuck
    assert page.locator(f"{bs.NOTEBOOK} .jp-OutputArea-output img").count() == 1, "no progress chart"
    _progress_file(room, "lee", passed=True)
    page.wait_for_function("() => [...document.querySelectorAll('table.room-grid th')].some(th => th.textContent === 'lee')",
                           timeout=15_000)
    bs.screenshot(page, "room-dashboard")
    assert not page.kernel_errors.messages, _problems_message(page, "the kernel reported errors")
