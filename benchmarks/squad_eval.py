"""Answer quality on public reading-comprehension sets (SQuAD-format JSON: CMRC 2018, DRCD).

Each paragraph becomes one article file (title line, blank line, context) in a corpus folder,
each question an eval case (`answer` = its first gold answer text, `doc` = its paragraph), and
`qabot eval --json` scores them: a hit when the top sentence contains the answer and comes from
the right paragraph. Not a test: it prints figures.

    .venv/bin/python benchmarks/squad_eval.py ../shared/benchmarks/cmrc2018_dev.json
    .venv/bin/python benchmarks/squad_eval.py ../shared/benchmarks/drcd_dev.json --limit 500
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def build(dataset: Path, out: Path, limit: int | None) -> tuple[Path, Path, int, int]:
    """Write the corpus folder and eval file; return them with the paragraph and question counts."""
    data = json.loads(dataset.read_text(encoding="utf-8"))["data"]
    corpus = out / "corpus"
    corpus.mkdir(parents=True)
    cases, paragraphs = [], 0
    for article in data:
        for paragraph in article["paragraphs"]:
            doc = f"p{paragraphs:05d}"
            paragraphs += 1
            context = paragraph["context"]
            (corpus / f"{doc}.txt").write_text(
                f"{article.get('title', doc)}\n\n{context}\n", encoding="utf-8"
            )
            for qa in paragraph["qas"]:
                answers = [a["text"] for a in qa.get("answers", []) if a["text"].strip()]
                # Rule A needs the answer in the paragraph: the few gold answers that are not are left out.
                if answers and answers[0] in context:
                    cases.append({"question": qa["question"], "answer": answers[0], "doc": doc})
    if limit:
        cases = cases[:limit]
    cases_file = out / "cases.yaml"
    cases_file.write_text(yaml.safe_dump(cases, allow_unicode=True), encoding="utf-8")
    return corpus, cases_file, paragraphs, len(cases)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--config", type=Path, help="qabot config file to use")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args()

    qabot = Path(sys.executable).with_name("qabot")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, cases, paragraphs, questions = build(args.dataset, Path(tmp), args.limit)
        command = [str(qabot), "--corpus", str(corpus), "eval", str(cases), "--json"]
        if args.config:
            command[1:1] = ["--config", str(args.config)]
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return run.returncode
    report = json.loads(run.stdout)
    print(
        f"{args.dataset.name}: {paragraphs} paragraphs, {questions} questions, {seconds:.0f} s "
        f"({1000 * seconds / max(questions, 1):.1f} ms a question, index build included)"
    )
    print(
        f"top-1 {report['top1']:.3f}   top-3 {report['top3']:.3f}   MRR {report['mrr']:.3f}   "
        f"refused {report['false_refusals']} ({report['false_refusals'] / max(questions, 1):.1%})"
    )
    misses = [c for c in report["cases"] if not c["correct"]][: args.misses]
    for case in misses:
        got = case["answers"][0]["text"] if case["answers"] else case["message"]
        print(
            f"- {case['question']}  expected {case['expected']!r} in {case['expected_doc']}\n    got: {got[:90]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
