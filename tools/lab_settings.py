"""Write JupyterLab settings overrides into the venv: no news pop-up on a classroom screen."""

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def main() -> None:
    """Merge our overrides into <venv>/share/jupyter/lab/settings/overrides.json."""
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text()) if path.is_file() else {}
    current.update(OVERRIDES)
    path.write_text(json.dumps(current, indent=2) + "\n")


if __name__ == "__main__":
    main()
