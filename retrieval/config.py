"""Settings from YAML: `config/default.yaml` holds every key; a user file overrides what it names.

The structs below are the schema, checked by msgspec: a key they do not have, a missing key, a
value of the wrong type or outside its range (NaN included) is reported with the key's dotted
name and the file, before anything runs. Relative paths are resolved against the folder of the
file that names them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_type_hints

import msgspec
import yaml

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "default.yaml"
# libyaml's loader when present: every start reads the config.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    pass


def between(lo: float, hi: float) -> msgspec.Meta:
    """Bounds of a number; NaN is outside every range."""
    return msgspec.Meta(ge=lo, le=hi)


class TokenizerSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    userdict: Path | None
    stopwords: Path | None
    synonyms: Path | None
    traditional_to_simplified: bool


class TextSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    min_sentence_chars: Annotated[int, between(1, 100)]
    max_sentence_chars: Annotated[int, between(50, 100000)]
    clause_sentence_chars: Annotated[int, between(0, 100000)]
    heading_max_chars: Annotated[int, between(0, 200)]
    max_file_mb: Annotated[float, between(0.001, 10000)]


class BM25Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    k1: Annotated[float, between(0.0, 10.0)]
    b: Annotated[float, between(0.0, 1.0)]


class RankingSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    article_weight: Annotated[float, between(0.0, 10.0)]
    context_weight: Annotated[float, between(0.0, 10.0)]
    title_term_discount: Annotated[float, between(0.0, 1.0)]
    entity_weight: Annotated[float, between(0.0, 10.0)]
    type_bonus: Annotated[float, between(0.0, 10.0)]
    unit_bonus: Annotated[float, between(0.0, 10.0)]
    coverage_weight: Annotated[float, between(0.0, 10.0)]
    own_weight: Annotated[float, between(0.0, 10.0)]
    focus_weight: Annotated[float, between(0.0, 10.0)]
    candidates: Annotated[int, between(1, 10000)]


class AnswerSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    count: Annotated[int, between(1, 50)]
    max_question_chars: Annotated[int, between(10, 100000)]
    min_coverage: Annotated[float, between(0.0, 1.0)]
    min_focus_coverage: Annotated[float, between(0.0, 1.0)]
    closest: Annotated[int, between(0, 10)]
    context_sentences: Annotated[int, between(0, 10)]


class IndexSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    cache_dir: Path | None
    engine: Literal["auto", "rank-bm25", "bm25s"]
    bm25s_from_sentences: Annotated[int, between(0, 10**9)]
    workers: Annotated[int, between(0, 256)]


class WebhookSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    url: str | None
    listen: str
    port: Annotated[int, between(1, 65535)]
    path: str
    secret_token_env: str


class TelegramSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token_env: str
    mode: Literal["polling", "webhook"]
    allowed_chats: list[int]
    admin_chats: list[int]
    examples: list[str]
    max_messages_per_second: Annotated[float, between(0.1, 100000)]
    state_dir: Path | None
    webhook: WebhookSettings


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
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
    settings = _convert(_read(DEFAULT_FILE), DEFAULT_FILE)
    if user_file is not None:
        merged = _overlay(msgspec.to_builtins(settings, enc_hook=str), _read(user_file))
        settings = _convert(merged, user_file)
    if corpus is not None:
        settings = msgspec.structs.replace(settings, corpus=corpus.expanduser().resolve())
    for key in ("userdict", "stopwords", "synonyms"):
        path = getattr(settings.tokenizer, key)
        if path is not None and not path.is_file():
            raise ConfigError(f"'tokenizer.{key}' names a file that does not exist: {path}")
    return settings


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


def _overlay(base: dict, override: dict) -> dict:
    """`base` with the keys `override` names replaced, mappings merged key by key."""
    merged = dict(base)
    for key, value in override.items():
        inner = merged.get(key)
        merged[key] = _overlay(inner, value) if isinstance(inner, dict) and isinstance(value, dict) else value
    return merged


def _convert(data: dict, source: Path) -> Settings:
    """Check `data` against the schema; paths still relative are read from `source`'s folder
    (those of an earlier file were made absolute when it was read)."""

    def paths(kind: type, value: Any) -> Any:
        if kind is Path and isinstance(value, str) and value.strip():
            path = Path(value).expanduser()
            return path if path.is_absolute() else (source.parent / path).resolve()
        raise ValueError(f"Expected a path, got {value!r}")

    try:
        return msgspec.convert(data, Settings, strict=True, dec_hook=paths)
    except msgspec.ValidationError as e:
        raise ConfigError(f"{source}: {_explain(str(e))}") from None


_WORDS = {
    "`float`": "a number",
    "`int`": "a whole number",
    "`bool`": "true or false",
    "`str`": "text",
    "`object`": "a mapping of keys",
    "`array`": "a list",
    "`Path`": "a path",
}


def _explain(message: str) -> str:
    """msgspec's "Expected `int`, got `float` - at `$.answers.count`" in the words of this file."""
    what, _, at = message.partition(" - at `$")
    key = at.rstrip("`").lstrip(".")
    if found := re.match(r"Object contains unknown field `(.+)`", what):
        known = ", ".join(f.name for f in msgspec.structs.fields(_schema_at(key)))
        return f"unknown key '{key + '.' if key else ''}{found[1]}' (known here: {known})"
    if found := re.match(r"Object missing required field `(.+)`", what):
        return f"missing key '{key + '.' if key else ''}{found[1]}'"
    if what.startswith("Invalid enum value"):
        parent, _, name = key.rpartition(".")
        choices = ", ".join(get_args(get_type_hints(_schema_at(parent))[name]))
        return f"'{key}' must be one of {choices}: {what.removeprefix('Invalid enum value ')}"
    for word, plain in _WORDS.items():
        what = what.replace(word, plain)
    return f"'{key}': {what.replace('Expected', 'expected')}"


def _schema_at(key: str) -> Any:
    """The struct the dotted `key` names ('' for the top level)."""
    schema: Any = Settings
    for name in filter(None, key.split(".")):
        schema = get_type_hints(schema)[name]
    return schema
