"""Compare HTML extractors on saved pages: citations matched and how much of the answers survive.

For each candidate (trafilatura alone, GeneralNewsExtractor, readability-lxml, and qabot's own
ingest, which uses trafilatura for the text and the page itself for the citation) prints titles,
dates and sources matched out of the pages (rule of `citations.py`), the answerable questions whose
answer is still in the extracted text of its page, and seconds per page. With --corpora DIR, also
writes each candidate's output as Markdown with front matter under DIR/<candidate>/, so
`qabot --corpus DIR/<candidate> eval QUESTIONS` scores the answers.

    .venv/bin/python benchmarks/extractors.py [--pages ../shared/realpages/html] [--corpora /tmp/x]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from citations import matches  # the script next to this one

from retrieval.ingest.corpus import parse_file
from retrieval.ingest.decoding import declared_charset, decode

Extracted = dict  # title, date, source, url, text


def trafilatura_alone(html: str, path: Path) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    d = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
    return {k: d.get(k) for k in ("title", "date", "url", "text")} | {"source": d.get("sitename")}


def gne(html: str, path: Path) -> Extracted:
    from gne import GeneralNewsExtractor

    d = GeneralNewsExtractor().extract(html)
    date = (d.get("publish_time") or "").strip()[:10] or None
    return {"title": d.get("title"), "date": date, "source": None, "url": None, "text": d.get("content")}


def readability(html: str, path: Path) -> Extracted:
    import lxml.html
    from readability import Document

    doc = Document(html)
    text = lxml.html.fromstring(doc.summary()).text_content()
    return {"title": doc.short_title(), "date": None, "source": None, "url": None, "text": text}


def qabot(html: str, path: Path) -> Extracted:
    a = parse_file(path, path.read_bytes(), 30)
    return {
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "url": a.url,
        "text": "\n".join(a.paragraphs),
    }


CANDIDATES: dict[str, Callable[[str, Path], Extracted]] = {
    "trafilatura": trafilatura_alone,
    "gne": gne,
    "readability-lxml": readability,
    "qabot (trafilatura + page header)": qabot,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=Path("../shared/realpages/html"))
    parser.add_argument("--citations", type=Path, default=Path("../shared/realpages/citations.yaml"))
    parser.add_argument("--questions", type=Path, default=Path("../shared/realpages/questions.yaml"))
    parser.add_argument("--corpora", type=Path, help="write each candidate's output here as Markdown")
    args = parser.parse_args()
    truth = yaml.safe_load(args.citations.read_text(encoding="utf-8"))
    questions = [q for q in yaml.safe_load(args.questions.read_text(encoding="utf-8")) if q.get("answer")]
    pages = {p.stem: p for p in sorted(args.pages.glob("*.htm*")) if p.stem in truth}
    texts = {stem: decode(p.read_bytes(), declared_charset(p.read_bytes())) for stem, p in pages.items()}
    print("| extractor | titles | dates | sources | answers kept | s/page |\n|---|---|---|---|---|---|")
    for name, extract in CANDIDATES.items():
        started, got = time.perf_counter(), {}
        for stem, path in pages.items():
            try:
                got[stem] = extract(texts[stem], path)
            except Exception as e:  # a candidate that fails on a page scores nothing on it
                got[stem] = {"title": None, "date": None, "source": None, "url": None, "text": f"{e}"}
        per_page = (time.perf_counter() - started) / len(pages)
        score = {
            f: sum(matches(f, got[s][f], truth[s][f]) for s in pages) for f in ("title", "date", "source")
        }
        kept = sum(q["answer"] in (got[q["doc"]]["text"] or "") for q in questions if q["doc"] in got)
        print(
            f"| {name} | {score['title']}/{len(pages)} | {score['date']}/{len(pages)} | "
            f"{score['source']}/{len(pages)} | {kept}/{len(questions)} | {per_page:.2f} |"
        )
        if args.corpora:
            folder = args.corpora / name.split()[0]
            folder.mkdir(parents=True, exist_ok=True)
            for stem, d in got.items():
                meta = {k: d[k] for k in ("title", "date", "source", "url") if d[k]}
                front = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
                (folder / f"{stem}.md").write_text(f"---\n{front}---\n{d['text'] or ''}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
