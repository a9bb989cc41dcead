"""How many pages of a corpus folder get the citation a careful editor would give.

Reads `citations.yaml` ({doc: {title, date, source, url}}) and the folder through qabot's own
ingest, and prints titles, dates, sources and URLs matched. Rule (issue 10): title equal after
removing whitespace, date equal, source contained (either in the other), URL equal.

    .venv/bin/python benchmarks/citations.py ../shared/realpages/html [--citations FILE] [-v]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from retrieval.ingest.corpus import Skipped, corpus_files, doc_name, parse_file

FIELDS = ("title", "date", "source", "url")


def matches(field: str, got: str | None, want: str | None) -> bool:
    if field == "title":
        return re.sub(r"\s+", "", got or "") == re.sub(r"\s+", "", want or "")
    if field == "source":
        return bool(got and want and (got in want or want in got)) or got == want
    return got == want


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--citations", type=Path, default=Path("../shared/realpages/citations.yaml"))
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args()
    truth = yaml.safe_load(args.citations.read_text(encoding="utf-8"))
    score = dict.fromkeys(FIELDS, 0)
    for path in corpus_files(args.corpus):
        doc = doc_name(path, args.corpus)
        if doc not in truth:
            continue
        try:
            article = parse_file(path, path.read_bytes(), 30, doc)
        except Skipped as e:
            print(f"{doc}: skipped ({e})")
            continue
        for field in FIELDS:
            got, want = getattr(article, field), truth[doc][field]
            if matches(field, got, want):
                score[field] += 1
            elif args.verbose:
                print(f"{doc}.{field}: got {got!r}, want {want!r}")
    print(f"{args.corpus}: " + ", ".join(f"{f}s {score[f]}/{len(truth)}" for f in FIELDS))


if __name__ == "__main__":
    main()
