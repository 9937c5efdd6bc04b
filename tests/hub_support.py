"""Helpers for the JupyterHub test: a real hub on 127.0.0.1 and a learner driven through its REST API.

The hub uses the dummy authenticator and SimpleLocalProcessSpawner (every learner runs as this user,
in their own home folder), and configurable-http-proxy from npm (`make install-test` puts it in
.venv/node). A service token with a role creates learners, spawns their servers and calls their
servers' APIs. Kept out of conftest.py on purpose; tests/test_hub.py imports what it needs from here.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import requests
from browser_support import free_port

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PROXY_NAME = "configurable-http-proxy"
COURSE_PARTS = ("checker", "tutor", "lessons", "exercises", "solutions", "pyproject.toml", "README.md")
START_TIMEOUT_S = 60
SPAWN_TIMEOUT_S = 60


class HubUnavailable(RuntimeError):
    """A tool the hub test needs is missing; the message says how to get it."""


def proxy_command() -> str:
    """configurable-http-proxy: $COURSE_CHP, else .venv/node (make install-test), else PATH; or HubUnavailable."""
    candidates = [os.environ.get("COURSE_CHP", ""), str(Path(sys.prefix) / "node" / "node_modules" / ".bin" / PROXY_NAME),
                  shutil.which(PROXY_NAME) or ""]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    raise HubUnavailable(f"no {PROXY_NAME}: run tools/ensure_proxy.sh (npm install) or `make install-test`")


def hub_executables() -> tuple[Path, Path]:
    """The venv's jupyterhub and jupyterhub-singleuser; or HubUnavailable."""
    hub, single = VENV_BIN / "jupyterhub", VENV_BIN / "jupyterhub-singleuser"
    if not (hub.exists() and single.exists()):
        raise HubUnavailable("jupyterhub is not installed in the venv: run `make install-test` (requirements-test.txt)")
    return hub, single


def course_repo(dest: Path) -> Path:
    """A local git repository holding the course as it is in this working tree (one commit on `main`)."""
    dest.mkdir(parents=True)
    for part in COURSE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dest / part)
    git = ["git", "-c", "user.name=course-test", "-c", "user.email=course-test@localhost", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run([*git, *args], cwd=dest, check=True, capture_output=True)
    return dest


def room_folder(path: Path) -> Path:
    """The room's shared progress folder, made like /tmp (everyone may create, nobody may delete another's file)."""
    path.mkdir(parents=True)
    path.chmod(0o1777)
    return path


CONFIG = """\
c = get_config()  # noqa
import os
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{base}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{base}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.JupyterHub.cleanup_servers = True
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.SimpleLocalProcessSpawner.home_dir_template = "{base}/home/{{username}}"
c.Spawner.notebook_dir = "{base}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.start_timeout = {spawn_timeout}
c.Spawner.http_timeout = {spawn_timeout}
c.Spawner.environment = {{
    "COURSE_ROOM_DIR": {room!r},
    # the pulled course's own code, ahead of any installed copy
    "PYTHONPATH": lambda spawner: "{base}/home/" + spawner.user.name + "/course",
    "TUTOR_ENV_FILE": lambda spawner: "{base}/home/" + spawner.user.name + "/no.env",
    "TUTOR_CACHE_DIR": lambda spawner: "{base}/home/" + spawner.user.name + "/.cache/prompt-course",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
{extra_env}}}
c.JupyterHub.services = [{{"name": "course-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "room-admin", "scopes": ["admin:users", "admin:servers", "access:servers"],
                            "services": ["course-test"]}}]
"""


@dataclass
class Hub:
    """A running JupyterHub and the service token that drives it."""

    url: str
    token: str
    process: subprocess.Popen
    base: Path  # the hub's folder: config, database, log, learners' homes
    room: Path  # the room's shared progress folder

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's or a user server's REST API with the service token."""
        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.url + path, headers=headers, timeout=kwargs.pop("timeout", 30), **kwargs)

    @property
    def log(self) -> Path:
        """The hub's log file."""
        return self.base / "hub.log"

    def log_tail(self, lines: int = 40) -> str:
        """The end of the hub's log, for a failure message."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the hub (which stops the learners' servers and the proxy), then anything left of its process group."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def start_hub(base: Path, room: Path, extra_env: dict[str, str] | None = None) -> Hub:
    """Write a hub config under base and start JupyterHub on 127.0.0.1; wait until its API answers."""
    hub, single = hub_executables()
    port, token = free_port(), secrets.token_hex(16)
    env_lines = "".join(f"    {k!r}: {v},\n" for k, v in (extra_env or {}).items())
    config = CONFIG.format(port=port, hub_port=free_port(), proxy_api_port=free_port(), base=base, proxy=proxy_command(),
                           proxy_token=secrets.token_hex(16), singleuser=str(single), room=str(room),
                           args=["--allow-root"] if os.geteuid() == 0 else [], spawn_timeout=SPAWN_TIMEOUT_S,
                           token=token, extra_env=env_lines)
    (base / "jupyterhub_config.py").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    with (base / "hub.log").open("w", encoding="utf-8") as out:
        process = subprocess.Popen([str(hub), "-f", str(base / "jupyterhub_config.py")], cwd=base, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    running = Hub(f"http://127.0.0.1:{port}", token, process, base, room)
    end = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {process.returncode}:\n{running.log_tail()}")
        try:
            if running.api("GET", "/hub/api/", timeout=2).ok:
                return running
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    running.stop()
    raise RuntimeError(f"JupyterHub did not answer within {START_TIMEOUT_S} s:\n{running.log_tail()}")


def spawn(hub: Hub, names: list[str]) -> None:
    """Create the learners and start their servers (all at once), waiting until every one is ready."""
    for name in names:
        hub.api("POST", f"/hub/api/users/{name}").raise_for_status()
        hub.api("POST", f"/hub/api/users/{name}/server").raise_for_status()
    end = time.monotonic() + SPAWN_TIMEOUT_S
    waiting = set(names)
    while waiting and time.monotonic() < end:
        for name in sorted(waiting):
            server = hub.api("GET", f"/hub/api/users/{name}").json().get("servers", {}).get("", {})
            if server.get("ready"):
                waiting.discard(name)
        time.sleep(0.3)
    if waiting:
        raise RuntimeError(f"servers not ready after {SPAWN_TIMEOUT_S} s: {sorted(waiting)}\n{hub.log_tail()}")


def nbgitpuller_link(hub_url: str, repo: str, branch: str = "main", target: str = "course", open_path: str = "") -> str:
    """The link an instructor hands out: log in, pull the course into the learner's home, open a file."""
    query = {"repo": repo, "branch": branch, "targetpath": target}
    if open_path:
        query["urlpath"] = f"lab/tree/{target}/{open_path}"
    return f"{hub_url}/hub/user-redirect/git-pull?{urlencode(query)}"


def log_in(hub: Hub, name: str, next_url: str) -> tuple[requests.Session, requests.Response]:
    """A learner's browser session: log in on the hub's form (dummy authenticator), then go to next_url."""
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=30).raise_for_status()
    form = {"username": name, "password": "any", "_xsrf": session.cookies.get("_xsrf", "")}
    page = session.post(f"{hub.url}/hub/login?{urlencode({'next': next_url.removeprefix(hub.url)})}", data=form, timeout=60)
    return session, page


def pull(session: requests.Session, server: str, repo: str, target: str = "course") -> list[dict]:
    """What the page an nbgitpuller link opens does: pull the repo into the learner's home; return the events."""
    query = urlencode({"repo": repo, "branch": "main", "targetpath": target})
    events = []
    with session.get(f"{server}/git-pull/api?{query}", stream=True, timeout=60) as r:
        r.raise_for_status()
        for line in r.iter_lines(decode_unicode=True):
            if line and line.startswith("data:"):
                events.append(json.loads(line[5:]))
                if events[-1].get("phase") in ("finished", "error"):
                    break
    return events


@dataclass
class Kernel:
    """A kernel in a learner's server, opened for a notebook (as JupyterLab opens one), and its websocket."""

    hub: Hub
    user: str
    kernel_id: str
    ws: object

    def execute(self, code: str, timeout: float = 60) -> tuple[str, str]:
        """Run code; return (status, text output: streams, results and error)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user, "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                        "stop_on_error": True}}))
        out, status, idle = [], "", False
        end = time.monotonic() + timeout
        while not (status and idle):
            if time.monotonic() > end:
                raise TimeoutError(f"no reply to {code[:60]!r} within {timeout} s; so far: {''.join(out)}")
            self.ws.settimeout(max(0.1, end - time.monotonic()))
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                out.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        return status, "\n".join(out)

    def close(self) -> None:
        """Close the websocket and shut the kernel down."""
        self.ws.close()
        self.hub.api("DELETE", f"/user/{self.user}/api/kernels/{self.kernel_id}")


def open_notebook(hub: Hub, name: str, path: str) -> tuple[dict, Kernel]:
    """Open a notebook the way JupyterLab does: read it, start a session (kernel in its folder), connect."""
    import websocket

    nb = hub.api("GET", f"/user/{name}/api/contents/{path}").json()
    session = hub.api("POST", f"/user/{name}/api/sessions",
                      json={"path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}})
    session.raise_for_status()
    kernel_id = session.json()["kernel"]["id"]
    ws_url = hub.url.replace("http://", "ws://") + f"/user/{name}/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(ws_url, header=[f"Authorization: token {hub.token}"], timeout=60)
    return nb["content"], Kernel(hub, name, kernel_id, ws)
