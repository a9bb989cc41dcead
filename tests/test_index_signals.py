"""`qabot index` stopped part way: Ctrl-C prints no worker tracebacks, and no worker outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import QABOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture
def indexing(tmp_path):
    """A `qabot index` run with its worker processes started, on a corpus big enough to take a while."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "".join(
        f"第{i}号县今年配备禁毒社工{i}名,开展宣传活动{i * 3}场,服务群众三千人次。" for i in range(60)
    )
    for n in range(600):
        (corpus / f"f{n:03d}.txt").write_text(f"第{n}篇报道\n\n{body}", encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text(f"index:\n  cache_dir: {tmp_path / 'cache'}\n  workers: 2\n", encoding="utf-8")
    process = subprocess.Popen(
        [str(QABOT), "--config", str(config), "--corpus", str(corpus), "index"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # as from a terminal: an ignored SIGINT (left by whatever ran before in this process)
        # would be inherited, and Python would then never raise KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = children(process.pid)
    assert len(workers) >= 2, "the workers did not start"
    yield process, workers
    process.kill()
    process.wait()


def test_ctrl_c_stops_indexing_without_worker_tracebacks(indexing):
    process, workers = indexing
    os.kill(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert not any(alive(w) for w in workers)


def test_workers_die_with_a_killed_parent(indexing):
    process, workers = indexing
    process.kill()
    process.wait()
    deadline = time.monotonic() + 3  # at once, not when their queued files are done
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)
