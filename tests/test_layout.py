"""The pipeline's shape: stages import only earlier stages, and `retrieval` never imports `bot`."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

# A stage may import itself, the shared modules and the stages before it.
SHARED = {"models", "config", "markup"}
ALLOWED = {
    "ingest": {"ingest"} | SHARED,
    "index": {"ingest", "index"} | SHARED,
    "answer": {"ingest", "index", "answer"} | SHARED,
}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "retrieval").rglob("*.py")), ids=lambda p: p.stem)
def test_retrieval_imports_no_front_end_and_no_later_stage(path):
    names = imported(path)
    assert not {n for n in names if n.split(".")[0] == "bot"}
    stage = path.parent.name
    if stage in ALLOWED:
        used = {n.split(".")[1] for n in names if n.startswith("retrieval.")}
        assert used <= ALLOWED[stage], f"{path.name} reaches into {used - ALLOWED[stage]}"


def test_asking_loads_no_front_end_library():
    """`qabot ask` must start fast: the Telegram, console and HTML libraries stay unloaded."""
    code = (
        "import sys; from bot.cli import main; main(['ask', '阳泉有多少禁毒社工']); "
        "print(sorted(m for m in ('telegram', 'httpx', 'prompt_toolkit', 'bm25s', 'trafilatura') "
        "if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
