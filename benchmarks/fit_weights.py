"""Fit the ranking weights on one public benchmark set and check them on the other.

For every question, the re-ranked candidates' features (the parts of `ranker.rank`'s score) are
collected with a label: does the sentence hold the gold answer, in the gold paragraph? A
pairwise logistic regression (answer sentence against each other candidate of its question,
no intercept, light L2) gives one weight per feature; scaled so the sentence's own BM25 weighs 1,
they are the `ranking` weights of `config/default.yaml`. Each set's weights are checked on the
other set, as top-1 over the same candidates, beside the weights in use. Not a test: it prints.

    .venv/bin/python benchmarks/fit_weights.py ../shared/benchmarks/cmrc2018_dev.json ../shared/benchmarks/drcd_dev.json

Never fit on realpages or the seeds: they are how the result is checked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from squad_eval import build  # noqa: E402

from retrieval.answer.coverage import Coverage  # noqa: E402
from retrieval.answer.grounding import Grounding  # noqa: E402
from retrieval.answer.qa import QA, read_question  # noqa: E402
from retrieval.answer.question import Kind  # noqa: E402
from retrieval.answer.ranker import feature_weights, rank  # noqa: E402
from retrieval.config import load_settings  # noqa: E402

# The weights the settings hold, by feature; `sentence` is fixed at 1 and `ungrounded` is a penalty.
SETTING = {
    "article": "article_weight",
    "previous": "context_weight",
    "shape": "type_bonus",
    "unit": "unit_bonus",
    "ungrounded": "entity_weight",
    "coverage": "coverage_weight",
    "own": "own_weight",
    "focus": "focus_weight",
}


@dataclass
class Features:
    names: list[str]
    questions: list[tuple[np.ndarray, np.ndarray]]  # per question: features (candidates × names), labels


def collect(dataset: Path, limit: int | None) -> tuple[Features, dict[str, float]]:
    """Every question's candidates, their features and whether each is the answer."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus, cases_file, _, _ = build(dataset, Path(tmp), limit)
        qa = QA.from_settings(load_settings(None, corpus))
        cases = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
        weights = feature_weights(qa.settings.ranking)
        names = list(weights)
        out = []
        for case in cases:
            q = read_question(case["question"], qa.index, qa.tokenizer)
            coverage = Coverage(q, qa.index, qa.tokenizer)
            grounding = Grounding(qa.index, qa.tokenizer, q.kind in (Kind.PLACE, Kind.LIST))
            found = rank(q, qa.index, qa.tokenizer, qa.settings.ranking, coverage, grounding)
            x = np.array([[c.parts[n] for n in names] for c in found]).reshape(len(found), len(names))
            y = np.array(
                [
                    case["answer"] in qa.index.texts[c.sentence_id]
                    and qa.index.article_of(c.sentence_id).doc == case["doc"]
                    for c in found
                ],
                dtype=bool,
            )
            out.append((x, y))
    return Features(names, out), weights


def fit(features: Features, l2: float = 1e-3) -> np.ndarray:
    """Pairwise logistic regression: the answer's features minus each other candidate's."""
    diffs = [x[y][:, None, :] - x[~y][None, :, :] for x, y in features.questions if y.any() and (~y).any()]
    d = np.concatenate([p.reshape(-1, len(features.names)) for p in diffs])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = d @ w
        value = np.logaddexp(0, -margin).mean() + l2 * w @ w
        grad = -(d * (1 / (1 + np.exp(margin)))[:, None]).mean(axis=0) + 2 * l2 * w
        return float(value), grad

    w = minimize(loss, np.ones(len(features.names)), jac=True, method="L-BFGS-B").x
    return w / w[features.names.index("sentence")]


def top1(features: Features, w: np.ndarray) -> float:
    """Share of questions whose best-scored candidate is the answer."""
    hits = sum(bool(y[int(np.argmax(x @ w))]) for x, y in features.questions if len(y))
    return hits / max(len(features.questions), 1)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N questions of each set")
    args = parser.parse_args()

    sets = {}
    for path in (args.first, args.second):
        sets[path.name] = collect(path, args.limit)
        features = sets[path.name][0]
        reach = np.mean([y.any() for _, y in features.questions])
        print(f"{path.name}: {len(features.questions)} questions, answer among the candidates {reach:.1%}")
    fitted = {}
    (a, (fa, current)), (b, (fb, _)) = sets.items()
    names = fa.names
    in_use = np.array([current[n] for n in names])
    for train, test, name in ((fa, fb, a), (fb, fa, b)):
        w = fit(train)
        fitted[name] = w
        print(
            f"fitted on {name}: top-1 on the other set {top1(test, w):.3f} "
            f"(weights in use {top1(test, in_use):.3f}); same set {top1(train, w):.3f}"
        )
        print("   " + "  ".join(f"{n} {v:+.3f}" for n, v in zip(names, w, strict=True)))
    mean = (fitted[a] + fitted[b]) / 2
    print(f"mean of both: top-1 {a} {top1(fa, mean):.3f}, {b} {top1(fb, mean):.3f}")
    print("ranking settings (mean of both fits):")
    for n, v in zip(names, mean, strict=True):
        if n in SETTING:
            print(f"  {SETTING[n]}: {max(-v if n == 'ungrounded' else v, 0.0):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
