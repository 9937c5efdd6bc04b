"""A real JupyterHub on 127.0.0.1: three learners pull the course with an nbgitpuller link, open an exercise,
run a Check through their server's API, and their progress lands in the room's shared folder, one file each,
where the room dashboard reads it.

Needs jupyterhub and nbgitpuller (requirements-test.txt) and configurable-http-proxy (npm; `make install-test`).
Takes about a minute.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import hub_support as hs
import pytest

from checker import room, roster, specs

pytestmark = [pytest.mark.hub, pytest.mark.slow]

EXERCISE = "00.1"
NOTEBOOK = "exercises/00_welcome.ipynb"
# Each learner's Checks, in order: 'reference' or 'baseline' answers from the exercise's spec.
PLAN = {"ada": ["reference"], "bea": ["baseline"], "cy": ["baseline", "reference"]}
EXPECTED = {"ada": room.SOLVED, "bea": room.ATTEMPTED, "cy": room.SOLVED}


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> hs.Hub:
    """A running hub with a room folder; stopped after the module."""
    try:
        hs.hub_executables()
        hs.proxy_command()
    except hs.HubUnavailable as exc:
        pytest.skip(str(exc))
    base = tmp_path_factory.mktemp("hub")
    shared = hs.room_folder(base / "room")
    running = hs.start_hub(base, shared, {})  # COURSE_ROOM_DIR only: each learner writes ROOM/<user>.progress.json
    yield running
    running.stop()


def learner_session(hub: hs.Hub, name: str, repo: str) -> dict:
    """One learner: log in through the nbgitpuller link, let it pull the course, open the exercise notebook,
    run its set-up and a Check per planned answer."""
    link = hs.nbgitpuller_link(hub.url, repo, open_path=NOTEBOOK)
    session, page = hs.log_in(hub, name, link)
    assert page.ok and urlparse(page.url).path == f"/user/{name}/git-pull", f"{name}: the link led to {page.url}"
    events = hs.pull(session, f"{hub.url}/user/{name}", repo)
    assert events and events[-1].get("phase") == "finished", f"{name}: nbgitpuller did not finish: {events[-3:]}"
    nb, kernel = hs.open_notebook(hub, name, f"course/{NOTEBOOK}")
    try:
        code = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
        exercise_cell = next(src for src in code if f'exercise("{EXERCISE}"' in src)
        outputs = [kernel.execute(code[0]), kernel.execute(exercise_cell)]  # imports; the exercise widget
        ex = specs.get(EXERCISE)
        for which in PLAN[name]:
            answer = getattr(ex, which)["prompt"]
            outputs.append(kernel.execute(f"print(check({EXERCISE!r}, prompt={answer!r}).verdict_line())"))
        where = kernel.execute("from checker import store; print(store.learner())")
    finally:
        kernel.close()
    return {"outputs": outputs, "learner": where}


def test_three_learners_check_on_a_hub_and_the_dashboard_shows_them(hub, tmp_path):
    repo = hs.course_repo(tmp_path / "course.git")
    hs.spawn(hub, list(PLAN))
    with ThreadPoolExecutor(len(PLAN)) as pool:
        sessions = dict(zip(PLAN, pool.map(lambda n: learner_session(hub, n, f"file://{repo}"), PLAN)))

    for name, session in sessions.items():
        home = hub.base / "home" / name / "course"
        assert (home / NOTEBOOK).is_file() and (home / "checker" / "room.py").is_file(), f"{name}: the course is not in the home folder"
        assert all(status == "ok" for status, _ in session["outputs"]), f"{name}: {session['outputs']}\n{hub.log_tail()}"
        verdicts = [text for _, text in session["outputs"][2:]]
        expected = ["solved" if which == "reference" else "not yet solved" for which in PLAN[name]]
        assert [v.strip().rsplit(": ", 1)[-1].split(" (")[0] for v in verdicts] == expected, verdicts
        assert session["learner"] == ("ok", f"{name}\n"), "the kernel does not know its hub user"

    files, problems = hs_progress_files(hub.room)
    assert not problems, problems
    owners = {owner(f, hub.room): f for f in files}
    assert sorted(owners) == sorted(PLAN), f"one progress file per learner, named by the hub user: {files}"
    for name, path in owners.items():
        records = roster.records(path)
        assert {r["learner"] for r in records} == {name}, f"{path} holds someone else's records"
        assert [r["exercise"] for r in records] == [EXERCISE] * len(PLAN[name])

    board = room.read(hub.room)
    assert board.learners == sorted(PLAN)
    first = board.exercises.index(EXERCISE)
    assert {who: row[first] for who, row in board.grid()} == EXPECTED
    [stuck] = board.stuck()
    assert (stuck.exercise, stuck.failed_attempts, stuck.learners_stuck) == (EXERCISE, 2, 1)
    assert stuck.top_check in {c.title() for c in specs.get(EXERCISE).checks}
    assert all(name in board.text() for name in PLAN)


def hs_progress_files(folder: Path):
    """The room's progress files, as the gradebook and dashboard list them."""
    from checker import roster

    return roster.progress_files(folder)


def owner(path: Path, folder: Path) -> str:
    """Whose file it is: ROOM/<user>.progress.json, or ROOM/<user>/progress.json."""
    rel = path.relative_to(folder)
    return rel.parts[0] if len(rel.parts) > 1 else path.name.removesuffix(".progress.json")
