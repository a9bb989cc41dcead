"""Scale and speed: qabot's index build, cached load, queries, memory and disk, beside its peers.

Corpora of 10k, 100k and 1M sentences are made from real Chinese text (the seed articles and
the paragraphs of ../shared/benchmarks, resampled and recombined into articles); the questions
are the benchmark sets' own and the seed regression set's. Every step runs in a process of its
own, so its peak memory and its one load are its own, and the systems take turns at each step.

The peers index the very sentences and tokens qabot made (written out from its index), so their
build is indexing alone: bm25s by itself (Lucene BM25, memory-mapped) and tantivy (a Rust
search engine; tokens joined by spaces, its whitespace tokenizer, term frequencies without
positions). Their queries are the question's tokens, top 10; qabot's is the whole answer, asked
of a process started as the REPL and the Telegram bot start (`QA.preload`), and its first pass
(retrieval alone: the question read, BM25's candidates) is timed too, on a row of its own.
Needs the `bench` extra (tantivy, bm25s). Not a test: it prints a table.

    .venv/bin/python benchmarks/scale.py                       # 10k, 100k, 1M
    .venv/bin/python benchmarks/scale.py --sizes 10000 --queries 200
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from retrieval.answer.qa import QA

SYSTEMS = ("qabot", "bm25s", "tantivy")
TOP = 10


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


# -- the steps, each in a process of its own ------------------------------------------------------


def peak_mb() -> float:
    """Peak resident memory of this process or of its largest child (build workers), in MB."""
    to_mb = 1 / 1024  # ru_maxrss is in KiB on Linux
    return to_mb * max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def disk_mb(*folders: Path) -> float:
    return sum(p.stat().st_size for f in folders if f.exists() for p in f.rglob("*") if p.is_file()) / 1e6


def qabot_settings(corpus: Path, work: Path):
    from retrieval.config import load_settings

    config = work / "qabot.yaml"
    config.write_text(f"index:\n  cache_dir: {work / 'qabot'}\n  engine: bm25s\n", encoding="utf-8")
    return load_settings(config, corpus)


def qabot_tokenizer(settings):
    """The tokenizer as `QA.from_settings` makes it."""
    from retrieval.index.store import cache_root
    from retrieval.index.tokenizer import Tokenizer

    t = settings.tokenizer
    return Tokenizer(t.userdict, t.stopwords, t.synonyms, t.traditional_to_simplified, cache_root(settings))


class Qabot:
    @staticmethod
    def build(corpus: Path, work: Path) -> dict:
        from retrieval.index.store import Store

        settings = qabot_settings(corpus, work)
        store = Store(settings, qabot_tokenizer(settings))
        started = time.perf_counter()
        index = store.load(rebuild=True)
        seconds = time.perf_counter() - started
        generation = store.generations.current()
        assert generation is not None
        return {
            "build_s": seconds,
            "build_mb": peak_mb(),
            "disk_mb": disk_mb(generation),
            "cache_mb": disk_mb(store.parts),
            "sentences": index.size,
        }

    @staticmethod
    def opened(corpus: Path, work: Path) -> tuple[float, QA]:
        """The seconds the cached index took to load (the index alone), and the answer core on it."""
        from retrieval.index.store import Store

        settings = qabot_settings(corpus, work)
        tokenizer = qabot_tokenizer(settings)
        started = time.perf_counter()
        index = Store(settings, tokenizer).load()
        seconds = time.perf_counter() - started
        from retrieval.answer.qa import QA

        return seconds, QA(settings, tokenizer, index)

    @staticmethod
    def load(corpus: Path, work: Path) -> tuple[float, Callable[[str], object]]:
        seconds, qa = Qabot.opened(corpus, work)
        return seconds, qa.ask

    @staticmethod
    def serve(corpus: Path, work: Path) -> QA:
        """Loaded as a front end answering many questions loads it, with what a question would
        load on first use (`QA.preload`)."""
        qa = Qabot.opened(corpus, work)[1]
        qa.preload()
        return qa

    @staticmethod
    def tokens(corpus: Path, work: Path) -> None:
        """Each sentence's tokens as qabot indexed them, a line each: what the peers index."""
        from retrieval.index.store import Store

        settings = qabot_settings(corpus, work)
        index = Store(settings, qabot_tokenizer(settings)).load()
        words = list(index.vocab)
        with (work / "tokens.txt").open("w", encoding="utf-8") as out:
            for i in range(index.size):
                ids = index.token_ids[index.token_ptr[i] : index.token_ptr[i + 1]]
                out.write(" ".join(words[t] for t in ids.tolist()) + "\n")


def sentence_tokens(work: Path) -> list[list[str]]:
    with (work / "tokens.txt").open(encoding="utf-8") as lines:
        return [line.split() for line in lines]


def question_tokens(work: Path):
    from retrieval.config import load_settings

    tokenizer = qabot_tokenizer(load_settings())
    return tokenizer.tokens


class BM25S:
    @staticmethod
    def build(corpus: Path, work: Path) -> dict:
        import bm25s

        started = time.perf_counter()
        model = bm25s.BM25(method="lucene", idf_method="lucene")
        model.index(sentence_tokens(work), show_progress=False)
        model.save(work / "bm25s", show_progress=False)
        return {
            "build_s": time.perf_counter() - started,
            "build_mb": peak_mb(),
            "disk_mb": disk_mb(work / "bm25s"),
        }

    @staticmethod
    def load(corpus: Path, work: Path) -> tuple[float, Callable[[str], object]]:
        import bm25s
        import numpy as np

        tokens = question_tokens(work)
        started = time.perf_counter()
        model = bm25s.BM25.load(work / "bm25s", mmap=True, show_progress=False)
        seconds = time.perf_counter() - started

        def ask(question: str) -> object:
            known = [t for t in tokens(question) if t in model.vocab_dict]
            if not known:
                return []
            scores = model.get_scores(known)
            return np.argpartition(-scores, TOP)[:TOP] if len(scores) > TOP else scores

        return seconds, ask


class Tantivy:
    @staticmethod
    def build(corpus: Path, work: Path) -> dict:
        import tantivy

        started = time.perf_counter()
        schema = tantivy.SchemaBuilder().add_text_field(
            "body", tokenizer_name="whitespace", index_option="freq"
        )
        folder = work / "tantivy"
        folder.mkdir()
        index = tantivy.Index(schema.build(), path=str(folder))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        with (work / "tokens.txt").open(encoding="utf-8") as lines:  # streamed: 10M do not fit as lists
            for line in lines:
                writer.add_document(tantivy.Document(body=line.rstrip("\n")))
        writer.commit()
        writer.wait_merging_threads()
        return {"build_s": time.perf_counter() - started, "build_mb": peak_mb(), "disk_mb": disk_mb(folder)}

    @staticmethod
    def load(corpus: Path, work: Path) -> tuple[float, Callable[[str], object]]:
        import tantivy

        tokens = question_tokens(work)
        started = time.perf_counter()
        index = tantivy.Index.open(str(work / "tantivy"))
        searcher = index.searcher()
        seconds = time.perf_counter() - started
        schema = index.schema

        def ask(question: str) -> object:
            terms = [tantivy.Query.term_query(schema, "body", t) for t in set(tokens(question))]
            query = tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
            return searcher.search(query, TOP).hits

        return seconds, ask


class System(Protocol):
    @staticmethod
    def build(corpus: Path, work: Path) -> dict:
        """Index the corpus into `work`: seconds, peak MB, MB on disk."""
        ...

    @staticmethod
    def load(corpus: Path, work: Path) -> tuple[float, Callable[[str], object]]:
        """The seconds the cached index took to load, and a function asking it a question."""
        ...


PEERS: dict[str, type[System]] = {"qabot": Qabot, "bm25s": BM25S, "tantivy": Tantivy}


def measure_load(system: str, corpus: Path, work: Path) -> dict:
    seconds, _ = PEERS[system].load(corpus, work)
    return {"load_s": seconds, "load_mb": peak_mb()}


def measure_query(system: str, corpus: Path, work: Path, questions: list[str]) -> dict:
    if system != "qabot":
        return {**time_questions(PEERS[system].load(corpus, work)[1], questions), "query_mb": peak_mb()}
    qa = Qabot.serve(corpus, work)
    found = {**time_questions(qa.ask, questions), "query_mb": peak_mb()}
    # Its retrieval alone, as the peers' top k is: what the whole answer adds is re-ranking.
    first = time_questions(qa.first_pass, questions)
    return {**found, **{f"first_{k}": v for k, v in first.items()}}


def time_questions(ask: Callable[[str], object], questions: list[str]) -> dict:
    """Milliseconds a question: p50, p95 and the worst."""
    ask(questions[0])  # first question: lazy imports
    times = []
    for q in questions:
        t = time.perf_counter()
        ask(q)
        times.append(1000 * (time.perf_counter() - t))
    percentiles = statistics.quantiles(times, n=20, method="inclusive")
    return {"p50_ms": percentiles[9], "p95_ms": percentiles[18], "max_ms": max(times)}


def measure_jieba(corpus: Path) -> dict:
    """jieba alone on the same text: the floor of any index build (one process)."""
    import jieba

    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return {"jieba_s": time.perf_counter() - started}


def worker(step: str, system: str, corpus: Path, work: Path, questions: str) -> dict:
    if step == "jieba":
        return measure_jieba(corpus)
    if step == "build":
        return PEERS[system].build(corpus, work)
    if step == "tokens":
        Qabot.tokens(corpus, work)
        return {}
    if step == "load":
        return measure_load(system, corpus, work)
    return measure_query(system, corpus, work, json.loads(Path(questions).read_text(encoding="utf-8")))


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


# -- one size, every system -----------------------------------------------------------------------

COLUMNS = {
    "build_s": ("build s", "{:.1f}"),
    "build_mb": ("build peak MB", "{:.0f}"),
    "disk_mb": ("index MB", "{:.0f}"),
    "load_s": ("cached load s", "{:.3f}"),
    "load_mb": ("load peak MB", "{:.0f}"),
    "p50_ms": ("query p50 ms", "{:.1f}"),
    "p95_ms": ("query p95 ms", "{:.1f}"),
    "max_ms": ("query worst ms", "{:.1f}"),
    "query_mb": ("query peak MB", "{:.0f}"),
}


def measure_size(
    size: int, paragraphs: list[str], questions: list[str], tmp: Path, loads: int, systems: list[str]
) -> list[tuple]:
    corpus, work = tmp / f"corpus-{size}", tmp / f"work-{size}"
    articles, _, chars = make_corpus(corpus, size, paragraphs)
    jieba_s = run_worker("jieba", "-", corpus, "-", "-")["jieba_s"] if "jieba" in systems else 0.0
    systems = [s for s in SYSTEMS if s in systems]
    qfile = tmp / "questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    work.mkdir()
    results: dict[str, dict] = {}
    for system in systems:  # the peers index what qabot's build made
        results[system] = run_worker("build", system, corpus, work, "-")
        if system == "qabot":
            run_worker("tokens", system, corpus, work, "-")
    for _ in range(loads):  # one load a process, the systems taking turns
        for system in systems:
            load = run_worker("load", system, corpus, work, "-")
            results[system].setdefault("loads", []).append(load)
    for system in systems:
        r = results[system]
        r["load_s"] = statistics.median(x["load_s"] for x in r["loads"])
        r["load_mb"] = max(x["load_mb"] for x in r["loads"])
        r.update(run_worker("query", system, corpus, work, qfile))
    q = results["qabot"]
    floor = (
        f"jieba alone {jieba_s:.1f} s; qabot build {q['build_s'] / jieba_s:.2f}× jieba"
        if jieba_s
        else "jieba alone not run"
    )
    print(
        f"{q['sentences']:,} sentences: {articles:,} articles, {chars / 1e6:.1f} M characters; {floor}, "
        f"token cache {q['cache_mb']:.0f} MB",
        flush=True,
    )
    rows = []
    for system in systems:
        r = results[system]
        rows.append((f"{q['sentences']:,}", system, *(fmt.format(r[k]) for k, (_, fmt) in COLUMNS.items())))
        print("  " + " | ".join(rows[-1]), flush=True)
        if system == "qabot":  # its first pass, the query columns only
            first = (
                fmt.format(r[f"first_{k}"]) if f"first_{k}" in r else "" for k, (_, fmt) in COLUMNS.items()
            )
            rows.append(("", "qabot first pass", *first))
            print("  " + " | ".join(rows[-1]), flush=True)
    for peer in systems[1:]:
        ratios = [f"{q[k] / results[peer][k]:.2f}×" if results[peer][k] else "–" for k in COLUMNS]
        rows.append(("", f"qabot / {peer}", *ratios))
        print("  " + " | ".join(rows[-1]), flush=True)
    shutil.rmtree(corpus)
    shutil.rmtree(work)
    return rows


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        step, system, corpus, work, asked = sys.argv[2:]
        print(json.dumps(worker(step, system, Path(corpus), Path(work), asked)))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300, help="questions timed per system")
    parser.add_argument("--loads", type=int, default=3, help="cached loads per system (the median is shown)")
    parser.add_argument(
        "--systems",
        nargs="+",
        choices=[*SYSTEMS, "jieba"],
        default=[*SYSTEMS, "jieba"],
        help="what to run beside qabot (always run); 10M: bm25s alone needs ~26 GB to build, jieba alone ~1 h",
    )
    parser.add_argument("--startup", action="store_true", help="also time `qabot ask` against jieba's start")
    args = parser.parse_args()

    if args.startup:
        python = str(Path(sys.executable))
        floor = time_command([python, "-c", "import jieba; jieba.initialize()"])
        qabot = str(Path(sys.executable).with_name("qabot"))
        subprocess.run([qabot, "ask", "x"], capture_output=True, cwd=ROOT)  # warm the seed index cache
        ask = time_command([qabot, "ask", "阳泉有多少禁毒社工"])
        print(
            f"qabot ask on the seeds, whole process: {ask:.2f} s; jieba alone: {floor:.2f} s → {ask / floor:.2f}×\n"
        )

    paragraphs, questions = source_paragraphs()
    random.Random(3).shuffle(questions)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            systems = ["qabot", *args.systems]
            rows += measure_size(size, paragraphs, questions[: args.queries], Path(tmp), args.loads, systems)
    header = ("sentences", "system", *(name for name, _ in COLUMNS.values()))
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
