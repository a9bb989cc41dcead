"""Scale and speed: index build, cached load, query latency and peak memory, per BM25 engine.

Corpora of 10k, 100k and 1M sentences are made from real Chinese text (the seed articles and
the paragraphs of ../shared/benchmarks, resampled and recombined into articles); the questions
are the benchmark sets' own and the seed regression set's. Each step runs in a fresh process,
so its peak memory is its own. Not a test: it prints a table.

    .venv/bin/python benchmarks/scale.py                       # 10k, 100k, 1M
    .venv/bin/python benchmarks/scale.py --sizes 10000 --queries 200
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
sys.path.insert(0, str(ROOT))

ENGINES = ("rank-bm25", "bm25s")


# -- making corpora -------------------------------------------------------------------------------


def source_paragraphs() -> tuple[list[str], list[str]]:
    """Real paragraphs and real questions."""
    from retrieval.answer.evaluation import load_cases
    from retrieval.ingest.articles import parse_article
    from retrieval.ingest.decoding import decode

    paragraphs: list[str] = []
    questions = [c.question for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml")]
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += parse_article(path.stem, decode(path.read_bytes())).paragraphs
    for name in ("cmrc2018_dev.json", "drcd_dev.json"):
        for article in json.loads((SHARED / name).read_text(encoding="utf-8"))["data"]:
            for p in article["paragraphs"]:
                paragraphs.append(p["context"])
                questions += [qa["question"] for qa in p["qas"]]
    return [p for p in paragraphs if len(p) > 20], questions


def make_corpus(folder: Path, sentences: int, paragraphs: list[str], seed: int = 7) -> tuple[int, int, int]:
    """Articles of 3–8 resampled paragraphs until the corpus holds about `sentences` sentences."""
    from retrieval.index.sentences import split_text

    rng = random.Random(seed)
    counts = [max(1, len(split_text(p))) for p in paragraphs]
    folder.mkdir(parents=True)
    total = articles = chars = 0
    while total < sentences:
        picked = [rng.randrange(len(paragraphs)) for _ in range(rng.randint(3, 8))]
        body = "\n\n".join(paragraphs[i] for i in picked)
        title = paragraphs[picked[0]][:18].split("，")[0].split("。")[0]
        (folder / f"a{articles:07d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        total += sum(counts[i] for i in picked)
        articles += 1
        chars += len(body)
    return articles, total, chars


# -- measuring, each in a process of its own --------------------------------------------------------


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB."""
    to_mb = 1 / 1024  # ru_maxrss is in KiB on Linux
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * to_mb,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * to_mb,
    )


def settings(corpus: Path, cache: Path, engine: str):
    from retrieval.config import load_settings

    config = cache.parent / f"config-{engine}.yaml"
    config.write_text(f"index:\n  cache_dir: {cache}\n  engine: {engine}\n", encoding="utf-8")
    return load_settings(config, corpus)


def measure_build(corpus: Path, cache: Path, engine: str) -> dict:
    from retrieval.answer.qa import QA

    started = time.perf_counter()
    qa = QA.from_settings(settings(corpus, cache, engine), rebuild=True)
    seconds = time.perf_counter() - started
    self_mb, child_mb = peak_mb()
    return {"build_s": seconds, "build_mb": max(self_mb, child_mb), "sentences": qa.index.size}


def measure_query(corpus: Path, cache: Path, engine: str, questions: list[str]) -> dict:
    from retrieval.answer.qa import QA
    from retrieval.index.store import Store

    s = settings(corpus, cache, engine)
    qa = QA.from_settings(s)  # jieba and the index, as a start would
    started = time.perf_counter()
    qa.index = Store(s, qa.tokenizer).load()  # the cached load alone
    load_s = time.perf_counter() - started
    qa.ask(questions[0])  # first question: lazy imports
    times = []
    for q in questions:
        t = time.perf_counter()
        qa.ask(q)
        times.append(1000 * (time.perf_counter() - t))
    percentiles = statistics.quantiles(times, n=20, method="inclusive")
    return {
        "load_s": load_s,
        "p50_ms": percentiles[9],
        "p95_ms": percentiles[18],
        "queries": len(times),
        "query_mb": peak_mb()[0],
    }


def measure_jieba(corpus: Path) -> dict:
    """jieba alone on the same text: the floor of any index build (one process)."""
    import jieba

    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return {"jieba_s": time.perf_counter() - started}


def worker(args: list[str]) -> dict:
    kind, corpus, cache, engine, questions = args[0], Path(args[1]), Path(args[2]), args[3], args[4]
    if kind == "build":
        return measure_build(corpus, cache, engine)
    if kind == "jieba":
        return measure_jieba(corpus)
    return measure_query(corpus, cache, engine, json.loads(Path(questions).read_text(encoding="utf-8")))


def run_worker(*args: str | Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *map(str, args)], capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_command(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2:])))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300, help="questions timed per engine")
    parser.add_argument(
        "--slow-queries",
        type=int,
        default=30,
        help="questions for rank-bm25 above 100k sentences (seconds each)",
    )
    args = parser.parse_args()

    python = str(Path(sys.executable))
    floor = time_command([python, "-c", "import jieba; jieba.initialize()"])
    qabot = str(Path(sys.executable).with_name("qabot"))
    subprocess.run([qabot, "ask", "x"], capture_output=True, cwd=ROOT)  # warm the seed index cache
    ask = time_command([qabot, "ask", "阳泉有多少禁毒社工"])
    print(
        f"qabot ask on the seeds, whole process: {ask:.2f} s; jieba's dictionary alone: {floor:.2f} s "
        f"→ {ask / floor:.2f}× (target ≤ 1.2×)\n",
        flush=True,
    )

    paragraphs, questions = source_paragraphs()
    random.Random(3).shuffle(questions)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "questions.json"
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            articles, sentences, chars = make_corpus(corpus, size, paragraphs)
            jieba_s = run_worker("jieba", corpus, "-", "-", "-")["jieba_s"]
            print(
                f"{size:>9,} sentences wanted: {articles:,} articles, {chars / 1e6:.1f} M characters; "
                f"jieba alone {jieba_s:.1f} s",
                flush=True,
            )
            results = {}
            for engine in ENGINES:
                n = args.slow_queries if engine == "rank-bm25" and size > 100_000 else args.queries
                qfile.write_text(json.dumps(questions[:n], ensure_ascii=False), encoding="utf-8")
                cache = Path(tmp) / f"cache-{size}-{engine}"
                build = run_worker("build", corpus, cache, engine, "-")
                query = run_worker("query", corpus, cache, engine, qfile)
                results[engine] = {**build, **query}
                r = results[engine]
                rows.append(
                    (
                        f"{r['sentences']:,}",
                        engine,
                        f"{r['build_s']:.1f}",
                        f"{r['build_s'] / jieba_s:.2f}×",
                        f"{r['load_s']:.2f}",
                        f"{r['p50_ms']:.1f}",
                        f"{r['p95_ms']:.1f}",
                        str(r["queries"]),
                        f"{r['query_mb']:.0f}",
                        f"{r['build_mb']:.0f}",
                    )
                )
                print("  " + " | ".join(rows[-1]), flush=True)
            ratio = results["rank-bm25"]["p50_ms"] / results["bm25s"]["p50_ms"]
            print(f"  bm25s is {ratio:.0f}× faster than rank-bm25 (p50) at this size\n", flush=True)
            rows.append(
                (f"{results['bm25s']['sentences']:,}", "ratio", "", "", "", f"{ratio:.0f}×", "", "", "", "")
            )
            import shutil

            shutil.rmtree(corpus)
    header = (
        "sentences",
        "engine",
        "build s",
        "build / jieba",
        "cached load s",
        "query p50 ms",
        "query p95 ms",
        "questions",
        "query peak MB",
        "build peak MB",
    )
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
