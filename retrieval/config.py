"""Settings from YAML: `config/default.yaml` holds every key; a user file overrides what it names.

The dataclasses below are the schema: a key they do not have, a value of the wrong type or
outside its range is reported with the key's dotted name and the file, before anything runs.
Relative paths are resolved against the folder of the file that names them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "default.yaml"
_LOADER = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)  # libyaml's when present: every start reads the config


class ConfigError(Exception):
    pass


def _range(lo: float | None = None, hi: float | None = None) -> Any:
    return field(metadata={"min": lo, "max": hi})


def _file() -> Any:
    return field(metadata={"file": True})


@dataclass(frozen=True)
class TokenizerSettings:
    userdict: Path | None = _file()
    stopwords: Path | None = _file()
    synonyms: Path | None = _file()
    traditional_to_simplified: bool


@dataclass(frozen=True)
class TextSettings:
    min_sentence_chars: int = _range(1, 100)
    max_sentence_chars: int = _range(50, 100000)
    heading_max_chars: int = _range(0, 200)
    max_file_mb: float = _range(0.001, 10000)


@dataclass(frozen=True)
class BM25Settings:
    k1: float = _range(0.0, 10.0)
    b: float = _range(0.0, 1.0)


@dataclass(frozen=True)
class RankingSettings:
    article_weight: float = _range(0.0, 10.0)
    context_weight: float = _range(0.0, 10.0)
    title_term_discount: float = _range(0.0, 1.0)
    entity_weight: float = _range(0.0, 10.0)
    type_bonus: float = _range(0.0, 10.0)
    unit_bonus: float = _range(0.0, 10.0)
    coverage_weight: float = _range(0.0, 10.0)
    own_weight: float = _range(0.0, 10.0)
    candidates: int = _range(1, 10000)


@dataclass(frozen=True)
class AnswerSettings:
    count: int = _range(1, 50)
    max_question_chars: int = _range(10, 100000)
    min_coverage: float = _range(0.0, 1.0)
    min_focus_coverage: float = _range(0.0, 1.0)
    closest: int = _range(0, 10)
    context_sentences: int = _range(0, 10)


@dataclass(frozen=True)
class IndexSettings:
    cache_dir: Path | None
    engine: str = field(metadata={"choices": ("auto", "rank-bm25", "bm25s")})
    bm25s_from_sentences: int = _range(0, 10**9)
    workers: int = _range(0, 256)


@dataclass(frozen=True)
class WebhookSettings:
    url: str | None
    listen: str
    port: int = _range(1, 65535)
    path: str
    secret_token_env: str


@dataclass(frozen=True)
class TelegramSettings:
    token_env: str
    mode: str = field(metadata={"choices": ("polling", "webhook")})
    allowed_chats: list[int]
    admin_chats: list[int]
    examples: list[str]
    max_messages_per_second: float = _range(0.1, 100000)
    state_dir: Path | None
    webhook: WebhookSettings


@dataclass(frozen=True)
class Settings:
    corpus: Path
    tokenizer: TokenizerSettings
    text: TextSettings
    bm25: BM25Settings
    ranking: RankingSettings
    answers: AnswerSettings
    index: IndexSettings
    telegram: TelegramSettings


def load_settings(user_file: Path | None = None, corpus: Path | None = None) -> Settings:
    """Defaults, overlaid by `user_file`, with `corpus` (from the command line) over both."""
    data = _overlay(Settings, {}, _read(DEFAULT_FILE), DEFAULT_FILE, "", complete=True)
    if user_file is not None:
        data = _overlay(Settings, data, _read(user_file), user_file, "", complete=False)
    if corpus is not None:
        data["corpus"] = corpus.expanduser().resolve()
    return _build(Settings, data)


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read config file {path}: {e}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        raise ConfigError(f"{path} is not valid YAML: {e}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    return data


def _overlay(cls: type, base: dict, override: dict, source: Path, prefix: str, complete: bool) -> dict:
    """Check `override` against the schema `cls` and return `base` updated with it."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in override:
        if key not in fields:
            known = ", ".join(fields)
            raise ConfigError(f"{source}: unknown key '{prefix}{key}' (known here: {known})")
    hints = typing.get_type_hints(cls)
    merged = dict(base)
    for name, f in fields.items():
        key = prefix + name
        if name not in override:
            if complete:
                raise ConfigError(f"{source}: missing key '{key}'")
            continue
        value, kind = override[name], hints[name]
        if dataclasses.is_dataclass(kind):
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: '{key}' must be a mapping of keys")
            merged[name] = _overlay(kind, base.get(name, {}), value, source, key + ".", complete)
        else:
            merged[name] = _check(value, kind, f, key, source)
    return merged


def _check(value: Any, kind: Any, f: dataclasses.Field, key: str, source: Path) -> Any:
    options = typing.get_args(kind) if typing.get_origin(kind) in (Union, types.UnionType) else (kind,)
    if value is None:
        if type(None) in options:
            return None
        raise ConfigError(f"{source}: '{key}' must have a value")
    base = next(t for t in options if t is not type(None))
    if base is Path:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{source}: '{key}' must be a path, got {value!r}")
        path = Path(value).expanduser()
        path = path if path.is_absolute() else (source.parent / path).resolve()
        if f.metadata.get("file") and not path.is_file():
            raise ConfigError(f"{source}: '{key}' names a file that does not exist: {path}")
        return path
    if base is bool:
        ok = isinstance(value, bool)
    elif base is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif base is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        ok = isinstance(value, list) and all(isinstance(v, item) and not isinstance(v, bool) for v in value)
    else:
        ok = isinstance(value, base)
    if not ok:
        raise ConfigError(f"{source}: '{key}' must be {_describe(base)}, got {value!r}")
    choices = f.metadata.get("choices")
    if choices and value not in choices:
        raise ConfigError(f"{source}: '{key}' must be one of {', '.join(choices)}, got {value!r}")
    lo, hi = f.metadata.get("min"), f.metadata.get("max")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(f"{source}: '{key}' must be between {lo} and {hi}, got {value!r}")
    return value


def _describe(kind: Any) -> str:
    if typing.get_origin(kind) is list:
        return f"a list of {_describe(typing.get_args(kind)[0])}s"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "text"}.get(kind, str(kind))


def _build(cls: type, data: dict) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(
        **{
            name: _build(hints[name], value) if dataclasses.is_dataclass(hints[name]) else value
            for name, value in data.items()
        }
    )
