"""A shared endpoint under load: one retry policy (Retry-After honoured and capped, bounded jitter), a per-kernel
limit on concurrent live calls, the widget's waiting and give-up messages, and 'not graded' never recorded."""

from __future__ import annotations

import threading
from pathlib import Path

import fault_server
import pytest

import checker
from checker import grading, history, progress_csv, roster, tracker
from tutor import api, client, config, limits, retry, status
from tutor.errors import TutorError

RETRIES = 2
REQUEST = client.Request([{"role": "user", "content": "Hi"}], "alpha-model")


def live(url: str, key: str, **changes: object) -> config.Settings:
    """Live settings for a fault scenario: short reads, no cache."""
    base = dict(backend=config.LIVE, base_url=url, api_key=key, timeout=2.0, max_retries=RETRIES, cache=False)
    return config.Settings(**{**base, **changes})


# ---------------------------------------------------------------- the policy itself


@pytest.mark.parametrize("asked", [0.0, 0.1, 1.0, 2.0, 9.5, retry.MAX_RETRY_WAIT_S])
def test_a_retry_after_is_never_cut_short_and_its_jitter_is_bounded(asked: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait is at least what the server asked, at most a quarter of max(asked, 1 s) more, and never above the cap."""
    highest = min(asked + retry.RETRY_AFTER_JITTER * max(asked, 1.0), max(asked, retry.MAX_RETRY_WAIT_S))
    monkeypatch.setattr(retry.random, "uniform", lambda a, b: a)
    assert retry.pause(0, asked) == pytest.approx(asked)
    monkeypatch.setattr(retry.random, "uniform", lambda a, b: b)
    assert retry.pause(0, asked) == pytest.approx(highest)
    monkeypatch.undo()
    waits = {retry.pause(attempt, asked) for attempt in range(4) for _ in range(50)}
    assert all(asked <= w <= highest + 1e-9 for w in waits)
    assert highest == asked or len(waits) > 20  # really jittered, where there is room below the cap


def test_a_retry_after_above_the_cap_is_not_waited_for() -> None:
    """Above MAX_RETRY_WAIT_S the policy gives no wait at all (the caller gives up and says how long was asked)."""
    assert retry.pause(0, retry.MAX_RETRY_WAIT_S + 0.5) is None and retry.pause(3, 600.0) is None


def test_without_a_retry_after_backoff_grows_and_stays_capped() -> None:
    """No Retry-After: jittered exponential backoff, each step within [half, whole] of min(0.5 * 2**n, 8 s)."""
    for attempt in range(8):
        step = min(retry.BACKOFF_CAP_S, retry.BACKOFF_BASE_S * 2**attempt)
        assert all(step / 2 <= retry.pause(attempt, None) <= step for _ in range(50))


def test_the_openai_client_does_not_retry_on_its_own(server: fault_server.FaultServer, planted_key: str) -> None:
    """One policy, not two stacked: the openai client has max_retries=0, so a 500 costs exactly max_retries + 1 requests."""
    settings = live(server.url("server-error.once-policy"), planted_key)
    assert client.openai_client(settings).max_retries == 0
    with pytest.raises(TutorError) as info:
        client.complete(settings, REQUEST, sleep=lambda s: None)
    assert info.value.kind == "server" and server.hits["server-error.once-policy"] == RETRIES + 1


def test_the_server_really_gets_the_time_it_asked_for(server: fault_server.FaultServer, planted_key: str) -> None:
    """With real sleeps, no retry reaches the server sooner than its Retry-After (0.1 s) after the 429."""
    reply = client.complete(live(server.url("busy-twice.real-sleep"), planted_key), REQUEST)
    times = server.arrivals["busy-twice.real-sleep"]
    assert reply.text.startswith("Hello") and len(times) == 3
    assert all(later - earlier >= 0.1 for earlier, later in zip(times, times[1:]))


def test_each_wait_is_announced_to_the_listener_in_the_callers_thread(server: fault_server.FaultServer,
                                                                    planted_key: str) -> None:
    """The status listener hears 'retrying 1/2', 'retrying 2/2' before each wait, in the thread that called."""
    heard: list[tuple[str, str]] = []
    with status.listening(lambda text: heard.append((threading.current_thread().name, text))):
        client.complete(live(server.url("busy-twice.listener"), planted_key), REQUEST, sleep=lambda s: None)
    me = threading.current_thread().name
    assert [who for who, _ in heard] == [me, me]
    assert "busy (429" in heard[0][1] and "retrying 1/2" in heard[0][1] and "retrying 2/2" in heard[1][1]


# ---------------------------------------------------------------- bounded concurrency


def test_a_kernel_has_at_most_concurrency_live_calls_in_flight(server: fault_server.FaultServer, planted_key: str) -> None:
    """Six threads asking at once with concurrency=2: the server never sees more than two of them at a time."""
    settings = live(server.url("hold.six"), planted_key, concurrency=2)
    replies: list[object] = []
    threads = [threading.Thread(target=lambda: replies.append(client.complete(settings, REQUEST))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(replies) == 6 and server.hits["hold.six"] == 6
    assert server.most_active["hold.six"] == 2 and limits.LIVE_CALLS.busy == 0


def test_waiting_for_a_slot_counts_against_the_deadline(server: fault_server.FaultServer, planted_key: str) -> None:
    """With one slot held by a slow call, a call with a short deadline gives up with the deadline message."""
    hurried = live(server.url("ok.slot-wait"), planted_key, concurrency=1, deadline=0.1)
    client.openai_client(hurried)  # built now, so that the wait below is only the wait for the slot
    slow = threading.Thread(target=lambda: client.complete(live(server.url("hold.slot"), planted_key, concurrency=1), REQUEST))
    slow.start()
    while limits.LIVE_CALLS.busy == 0:
        threading.Event().wait(0.01)
    with pytest.raises(TutorError) as info:
        client.complete(hurried, REQUEST)
    slow.join(10)
    assert server.hits["ok.slot-wait"] == 0
    assert info.value.kind == "timeout" and "within 0.1 s" in info.value.cause


def test_a_call_given_up_at_its_deadline_frees_its_slot(server: fault_server.FaultServer, planted_key: str) -> None:
    """A server that trickles for ever holds the abandoned worker, not the kernel's only slot."""
    with pytest.raises(TutorError):
        client.complete(live(server.url("trickle"), planted_key, concurrency=1, deadline=0.5), REQUEST)
    assert limits.LIVE_CALLS.busy == 0
    assert client.complete(live(server.url("ok"), planted_key, concurrency=1, deadline=5.0), REQUEST).text


@pytest.mark.parametrize("value", [0, 17, True, 2.5])
def test_concurrency_must_be_a_small_whole_number(value: object) -> None:
    """use(concurrency=...) refuses what it cannot use, naming the range."""
    with pytest.raises(TutorError, match="from 1 to 16"):
        api.use(concurrency=value)


def test_tutor_concurrency_is_read_from_the_environment() -> None:
    """TUTOR_CONCURRENCY sets the limit; a bad value names the variable."""
    assert config.load({"TUTOR_CONCURRENCY": "4"}, Path("/nonexistent")).concurrency == 4
    with pytest.raises(config.ConfigError, match="TUTOR_CONCURRENCY"):
        config.load({"TUTOR_CONCURRENCY": "many"}, Path("/nonexistent"))


# ---------------------------------------------------------------- the widget and the record


@pytest.fixture
def room_model(server: fault_server.FaultServer, planted_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the course at a fault scenario (returns a function taking its name), with a fresh progress folder."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(api, "_overrides", {})
    for var, value in {"TUTOR_BACKEND": "openai", "TUTOR_MODEL": "alpha-model", "TUTOR_MAX_RETRIES": str(RETRIES),
                       "TUTOR_CACHE": "0", "TUTOR_TIMEOUT": "2"}.items():
        monkeypatch.setenv(var, value)

    def point_at(scenario: str) -> None:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url(scenario))

    return point_at


def reference_widget() -> tuple[checker.ExerciseWidget, list[str]]:
    """The first exercise's widget filled with its reference answer, and every status line it shows."""
    ex = checker.all_exercises()[0]
    w = checker.exercise(ex.id)
    for f, text in ex.reference.items():
        w.fields[f].value = text
    shown: list[str] = []
    w.status.observe(lambda change: shown.append(change["new"]), names="value")
    return w, shown


def test_the_widget_says_it_is_retrying_then_grades(room_model) -> None:
    """A busy server (two 429s): the status line says 'retrying 1/2' and '2/2', then the Check is graded and recorded."""
    room_model("busy-twice.widget")
    w, shown = reference_widget()
    w.check_button.click()
    waits = [s for s in shown if "retrying" in s]
    assert len(waits) == 2 and "busy" in waits[0] and "1/2" in waits[0] and "2/2" in waits[1]
    assert w.last_result.graded and len(tracker.store().load()) == 1


def test_the_widget_says_not_graded_when_it_gives_up_and_records_nothing(room_model, tmp_path: Path) -> None:
    """Still busy after every retry: a clear 'not graded' message, and no record anywhere a grade is read from."""
    room_model("busy-always.widget")
    w, shown = reference_widget()
    w.check_button.click()
    result = w.last_result
    assert not result.graded and result.verdict == "not graded" and not result.passed
    assert "not graded" in w.status.value and "not recorded" in w.status.value
    assert "Not graded" in w.result.value and "429" in w.result.value and "How to fix" in w.result.value
    assert "not yet solved" not in w.result.value and "not yet solved" not in w.status.value
    assert sum("retrying" in s for s in shown) == RETRIES
    # Every reader of progress sees no try at all, so nothing can count it as a fail.
    data = tmp_path / "data"
    assert tracker.store(data).load() == []
    assert history.load(result.exercise_id, 3, data).tries == 0
    assert sum(row.attempts for row in tracker.progress(data).rows) == 0
    assert progress_csv.export(tmp_path / "out.csv", data) == 0
    assert roster.collect_progress(data) == ([], [])


def test_check_reports_not_graded_and_records_nothing(room_model) -> None:
    """check() from a cell: the verdict says not graded, and progress stays empty; a later answer records once."""
    room_model("server-error.check")
    ex = checker.all_exercises()[0]
    result = checker.check(ex.id, **ex.reference)
    assert result.verdict == grading.NOT_GRADED and "not graded" in str(result) and tracker.store().load() == []
    assert tracker.record_result(result) == tracker.NOT_RECORDED and tracker.store().load() == []
    room_model("ok")
    assert checker.check(ex.id, **ex.reference).graded and len(tracker.store().load()) == 1
