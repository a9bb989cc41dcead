from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Every index, journal and history the tests make, in-process or through `qabot`, goes to
# folders of this run's own.
for variable in ("XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[variable] = tempfile.mkdtemp(prefix=f"qabot-test-{variable.split('_')[1].lower()}-")
    atexit.register(shutil.rmtree, os.environ[variable], ignore_errors=True)

from retrieval.answer.qa import QA  # noqa: E402
from retrieval.config import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QABOT = Path(sys.executable).with_name("qabot")

YANGQUAN = "003_56ad8994fafc2af6"
LIAONING = "001_33b5343bdf2ac2ab"


@pytest.fixture(scope="session")
def qa() -> QA:
    """The answer core on the bundled seeds, built once for the whole run."""
    return QA.from_settings(load_settings())


def run_qabot(
    *args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """The installed `qabot` command, as a user or a script would run it."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [str(QABOT), *args],
        input=input,
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd or ROOT,
        timeout=120,
    )
