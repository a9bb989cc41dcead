"""Ingest speed: saved pages read per second, on a folder of many pages made from a few.

Copies the pages of SOURCE (default ../shared/realpages/html) under new names, each with a
distinct comment so no two files are the same, into a folder under /tmp until there are
--pages of them, then measures (1) parsing alone, one process: bytes → Article, and (2) the
whole `qabot index` (parse, split, tokenize on every core, save) with an empty cache.

    .venv/bin/python benchmarks/ingest_speed.py [--source DIR] [--pages 2000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from retrieval.ingest.corpus import corpus_files, parse_file


def make_corpus(source: Path, folder: Path, count: int) -> list[Path]:
    pages = [p for p in corpus_files(source) if p.suffix.lower() in (".html", ".htm")]
    made = []
    for i in range(count):
        page = pages[i % len(pages)]
        target = folder / f"{i // 100:02d}" / f"{page.stem}_{i:05d}{page.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.read_bytes() + f"\n<!-- copy {i} -->\n".encode())
        made.append(target)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=Path("../shared/realpages/html"))
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qabot-ingest-") as tmp:
        corpus = Path(tmp) / "corpus"
        paths = make_corpus(args.source, corpus, args.pages)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} pages, {size:.0f} MB, in {corpus}")

        parse_file(paths[0], paths[0].read_bytes(), 30)  # imports done before the clock starts
        started = time.perf_counter()
        for path in paths:
            parse_file(path, path.read_bytes(), 30)
        parsing = time.perf_counter() - started
        print(f"parse only, 1 process: {parsing:.1f} s, {len(paths) / parsing:.1f} pages/s")

        env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "--corpus", str(corpus), "index"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        full = time.perf_counter() - started
        cores = os.cpu_count()
        print(f"qabot index, {cores} cores, empty cache: {full:.1f} s, {len(paths) / full:.1f} pages/s")


if __name__ == "__main__":
    main()
