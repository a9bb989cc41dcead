"""Crashes and concurrency: `qabot index` killed part way, and answers while the index changes.

1. kill -9 of `qabot index` at 5 points of a build on a 2,000-file corpus (articles resampled
   from the seed articles and the CMRC paragraphs of ../shared/benchmarks): the time the next
   `qabot index` takes, against the work that was left. The work left is the build's fixed
   part (start, hashing every file, assembling the index: a run with every part on disk) plus
   the share of the tokenizing whose parts were not yet on disk. Goal: ≤ 1.2×.
2. The answer core in a process of its own (reloading as `/reload` does, every 25 questions)
   answers 500 questions about 50 articles that never change (those it answers right at first), while another process changes
   other files and runs `qabot index` again and again (bm25s engine: memory-mapped). Counted:
   wrong answers (not the article's own figure and file) and crashes. Goal: 0 and 0. The
   corpus is smaller (300 files and the 50), so that it is indexed again many times meanwhile.

Not a test: it prints figures. About 20 minutes on 2 shared cores (`--only` for one part).

    .venv/bin/python benchmarks/crash_index.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks" / "cmrc2018_dev.json"
QABOT = str(Path(sys.executable).with_name("qabot"))
sys.path.insert(0, str(ROOT))

PLACES = [a + b + "县" for a in "青白赤金银云雾松竹梅" for b in "石溪峰岭湾"]  # 50 places found nowhere else


def paragraphs() -> list[str]:
    from retrieval.ingest.articles import parse_article
    from retrieval.ingest.decoding import decode

    found: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        found += parse_article(path.stem, decode(path.read_bytes())).paragraphs
    for article in json.loads(SHARED.read_text(encoding="utf-8"))["data"]:
        found += [p["context"] for p in article["paragraphs"]]
    return [p for p in found if len(p) > 20 and "禁毒社工" not in p]


def write_articles(
    folder: Path, count: int, source: list[str], rng: random.Random, prefix: str = "a"
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        picked = [source[rng.randrange(len(source))] for _ in range(rng.randint(2, 4))]
        title = picked[0][:16].split("，")[0].split("。")[0]
        (folder / f"{prefix}{n:05d}.txt").write_text(
            f"{title}\n\n" + "\n\n".join(picked) + "\n", encoding="utf-8"
        )


def stable_article(i: int) -> str:
    place = PLACES[i]
    return f"{place}禁毒工作纪实\n\n来源:{place}融媒体中心\n\n今年以来,{place}共配备禁毒社工{100 + i}名,开展禁毒宣传活动{300 + i}场。"


def config(folder: Path, cache: Path, engine: str = "auto") -> Path:
    path = folder / "config.yaml"
    path.write_text(f"index:\n  cache_dir: {cache}\n  engine: {engine}\n", encoding="utf-8")
    return path


def index(cfg: Path, corpus: Path, kill_after: float | None = None) -> float:
    """Seconds `qabot index` took (or ran before it was killed)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [QABOT, "--config", str(cfg), "--corpus", str(corpus), "index"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return time.perf_counter() - started
    assert process.stderr is not None
    if process.returncode != 0:
        raise SystemExit(f"qabot index failed: {process.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - started


def parts_on_disk(cache: Path) -> int:
    return sum(1 for _ in (cache / "parts").rglob("*.pkl"))


def crash_recovery(work: Path, corpus: Path, files: int) -> None:
    cfg_dir = work / "crash"
    cfg_dir.mkdir()
    cache = cfg_dir / "cache"
    cfg = config(cfg_dir, cache)
    fresh = index(cfg, corpus)
    shutil.rmtree(cache / "corpora")  # every part on disk, no index: the fixed part of a build
    fixed = index(cfg, corpus)
    print(f"fresh build {fresh:.1f} s; with every part on disk {fixed:.1f} s (start, hashing, assembling)")
    print("| killed at | parts on disk | recovery s | work left s | recovery / work left |")
    print("|---|---|---|---|---|")
    ratios = []
    for share in (0.15, 0.35, 0.55, 0.75, 0.9):
        shutil.rmtree(cache)
        index(cfg, corpus, kill_after=share * fresh)
        done = parts_on_disk(cache)
        published = any((cache / "corpora").glob("*/CURRENT"))
        recovery = index(cfg, corpus)
        if published:  # the build had finished before the kill: the next run only loads
            print(f"| {share:.0%} of a build | {done} | {recovery:.1f} | (finished before the kill) | |")
            continue
        left = fixed + (1 - done / files) * (fresh - fixed)
        ratios.append(recovery / left)
        print(f"| {share:.0%} of a build | {done} | {recovery:.1f} | {left:.1f} | {recovery / left:.2f}× |")
    print(f"worst recovery / work left: {max(ratios):.2f}× (goal ≤ 1.2×)")


ANSWERER = """
import json, sys
from pathlib import Path
from retrieval.answer.qa import QA
from retrieval.config import load_settings
qa = QA.from_settings(load_settings(Path(sys.argv[1]), Path(sys.argv[2])))
for n, line in enumerate(sys.stdin):
    if n and n % 25 == 0:
        qa.reload()
    result = qa.ask(line.strip())
    best = result.answers[0] if result.answers else None
    print(json.dumps({"text": best.text if best else "", "doc": best.citation.doc if best else ""}), flush=True)
"""


def right(i: int, doc: str, text: str) -> bool:
    """Whether an answer about PLACES[i] is its article's own figure, from its own file."""
    return doc == f"stable{i:02d}" and f"{100 + i}名" in text


def right_before(cfg: Path, corpus: Path) -> list[int]:
    """The places whose question is answered right by the index as first built."""
    from retrieval.answer.qa import QA
    from retrieval.config import load_settings

    qa = QA.from_settings(load_settings(cfg, corpus))
    good = []
    for i, place in enumerate(PLACES):
        result = qa.ask(f"{place}有多少禁毒社工")
        if result.answers and right(i, result.answers[0].citation.doc, result.answers[0].text):
            good.append(i)
    return good


def answers_while_indexing(work: Path, source: list[str], files: int, questions: int) -> None:
    folder = work / "concurrent"
    corpus = folder / "corpus"
    write_articles(corpus, files, source, random.Random(5))
    for i in range(len(PLACES)):
        (corpus / f"stable{i:02d}.txt").write_text(stable_article(i), encoding="utf-8")
    cfg = config(folder, folder / "cache", engine="bm25s")
    index(cfg, corpus)
    good = right_before(cfg, corpus)
    print(
        f"{len(good)} of {len(PLACES)} places answered right before any change (the others' names are cut oddly)"
    )
    rng = random.Random(11)
    asked = [rng.choice(good) for _ in range(questions)]
    output, errors = folder / "answers.jsonl", folder / "answerer.err"
    with open(output, "w") as out_file, open(errors, "w") as err_file:  # files: a pipe would fill up
        answerer = subprocess.Popen(
            [sys.executable, "-c", ANSWERER, str(cfg), str(corpus)],
            stdin=subprocess.PIPE,
            stdout=out_file,
            stderr=err_file,
            text=True,
            cwd=ROOT,
        )
        assert answerer.stdin
        answerer.stdin.write("".join(f"{PLACES[i]}有多少禁毒社工\n" for i in asked))
        answerer.stdin.close()
        rounds = 0
        while answerer.poll() is None:  # change 20 files, remove a few, and index again
            rounds += 1
            write_articles(corpus, 20, source, rng, prefix=f"r{rounds % 3}-")
            for path in sorted(corpus.glob("a*.txt"))[rng.randrange(50) :][:3]:
                path.unlink()
            index(cfg, corpus)
    out = output.read_text(encoding="utf-8").splitlines()
    err = errors.read_text(encoding="utf-8")
    wrong = sum(
        1
        for i, line in zip(asked, out, strict=False)
        if not right(i, (a := json.loads(line))["doc"], a["text"])
    )
    crashed = answerer.returncode != 0 or len(out) != questions
    print(
        f"{questions} questions answered while `qabot index` ran {rounds} times on a changing corpus: "
        f"{len(out)} answers, {wrong} wrong, crashes: {int(crashed)} (exit code {answerer.returncode})"
    )
    if crashed:
        print(err[-2000:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="corpus of the kill -9 runs")
    parser.add_argument("--concurrent-files", type=int, default=300, help="corpus re-indexed meanwhile")
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--only", choices=("crash", "concurrent"), help="run one of the two parts")
    args = parser.parse_args()
    source = paragraphs()
    with tempfile.TemporaryDirectory(prefix="qabot-crash-") as tmp:
        work = Path(tmp)
        if args.only != "concurrent":
            corpus = work / "corpus"
            write_articles(corpus, args.files, source, random.Random(7))
            size = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
            print(f"corpus: {args.files} files, {size:.1f} MB; {os.cpu_count()} cores")
            crash_recovery(work, corpus, args.files)
        if args.only != "crash":
            answers_while_indexing(work, source, args.concurrent_files, args.questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
