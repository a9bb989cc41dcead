"""The typed things that travel through qabot: files → articles → sentences → answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One corpus file, cleaned: citation fields plus its body as paragraphs of lines."""

    doc: str  # file name without extension
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None  # ISO YYYY-MM-DD
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    url: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Sentence:
    """One answer candidate: its text and where it stands in its article."""

    id: int  # index in the corpus-wide sentence list
    doc: str
    paragraph: int  # index of the paragraph in the article
    position: int  # index of the sentence in its paragraph
    text: str
    section: str = ""  # the heading above the paragraph, if any


@dataclass(frozen=True)
class Citation:
    doc: str
    title: str
    source: str | None
    date: str | None
    url: str | None
    author: str | None = None

    @classmethod
    def of(cls, article: Article) -> Citation:
        return cls(article.doc, article.title, article.source, article.date, article.url, article.author)

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "url": self.url,
            "author": self.author,
        }


@dataclass(frozen=True)
class Answer:
    """A ranked sentence with everything a front end needs to show and explain it."""

    sentence: Sentence
    citation: Citation
    score: float
    matched: tuple[str, ...] = ()  # question terms found in the sentence
    highlights: tuple[tuple[int, int], ...] = ()  # spans of matched terms in sentence.text
    figures: tuple[tuple[int, int], ...] = ()  # spans of the figure/name/date the question asks for
    lead: str | None = None  # the previous sentence, when the answer needs it to make sense
    before: tuple[str, ...] = ()  # neighbouring sentences, for "context"
    after: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.sentence.text

    def to_json(self) -> dict:
        return {
            "text": self.text,
            **self.citation.to_json(),
            "score": round(self.score, 4),
            "lead": self.lead,
            "matched": list(self.matched),
            "figures": [self.text[a:b] for a, b in self.figures],
            "paragraph": self.sentence.paragraph,
            "position": self.sentence.position,
        }


@dataclass(frozen=True)
class Result:
    """What the answer core returns for one question, to every front end alike."""

    question: str
    answers: tuple[Answer, ...]
    no_answer: bool
    missing: tuple[str, ...] = ()  # what the corpus has nothing about, when no_answer
    closest: tuple[Answer, ...] = ()  # near misses offered when no_answer, never as answers
    message: str | None = None  # why there is no answer (empty question, nothing found, …)
    notes: tuple[str, ...] = field(default=())  # e.g. "question was cut to 200 characters"

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "no_answer": self.no_answer,
            "answers": [a.to_json() for a in self.answers],
            "missing": list(self.missing),
            "closest": [a.to_json() for a in self.closest],
            "message": self.message,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Source:
    """One article as `/sources` and `qabot sources` list it: its citation and how much it holds."""

    citation: Citation
    sentences: int

    def to_json(self) -> dict:
        return {**self.citation.to_json(), "sentences": self.sentences}
