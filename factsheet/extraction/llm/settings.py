"""LLM settings from flags, environment and a config file, in that order of precedence.

Environment: FACTSHEET_MODEL, FACTSHEET_BASE_URL, FACTSHEET_MODE, FACTSHEET_CONCURRENCY,
FACTSHEET_MAX_RETRIES, FACTSHEET_TIMEOUT, FACTSHEET_MAX_TOKENS, FACTSHEET_MAX_ANSWER_BYTES,
FACTSHEET_CACHE_DIR; the key from
FACTSHEET_API_KEY or OPENAI_API_KEY. Config file: $FACTSHEET_CONFIG or
~/.config/factsheet/config.toml, a [llm] table with the same names in lower case
(`api_key` is accepted there too, but the environment is the better place for it).
The key is a SecretStr: it is never printed, cached or logged.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr

from factsheet.extraction.llm.chunks import DEFAULT_CHUNK_CHARS

Mode = Literal["tools", "json_schema", "json", "md_json"]
OPENAI_URL = "https://api.openai.com/v1"


class LLMSettings(BaseModel):
    model: str = "gpt-4.1-mini"
    base_url: str | None = None
    mode: Mode | None = None
    api_key: SecretStr | None = None
    concurrency: int = Field(default=4, ge=1, le=64)
    max_retries: int = Field(default=2, ge=0, le=10)
    timeout: float = Field(
        default=120.0, gt=0, description="Total seconds for one request, connect to last byte (not retried)"
    )
    http_retries: int = Field(default=4, ge=0, le=10, description="429/5xx/timeout retries per request")
    cache_dir: Path | None = None
    use_cache: bool = True
    max_chunk_chars: int = Field(default=DEFAULT_CHUNK_CHARS, ge=500)
    max_tokens_total: int | None = Field(
        default=None, ge=1, description="Tokens one run may spend, retries included; None: no cap."
    )
    max_tokens: int = Field(default=4096, ge=64, description="Cap on each answer's length")
    max_answer_bytes: int = Field(
        default=4 * 1024 * 1024, ge=64 * 1024, description="Answers over this size are refused unread"
    )

    @property
    def endpoint(self) -> str:
        return (self.base_url or OPENAI_URL).rstrip("/")

    @property
    def effective_mode(self) -> Mode:
        """tools for OpenAI itself; json (schema sent for constrained decoding) for local servers."""
        if self.mode:
            return self.mode
        return "tools" if self.endpoint == OPENAI_URL else "json"

    @property
    def effective_cache_dir(self) -> Path:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return self.cache_dir or Path(base) / "factsheet" / "llm"

    def masked_key(self) -> str:
        if self.api_key is None:
            return "(none)"
        key = self.api_key.get_secret_value()
        return f"{key[:3]}…{key[-4:]}" if len(key) > 10 else "****"

    def describe(self) -> dict[str, str]:
        """What `factsheet config` shows: every setting, the key masked."""
        return {
            "model": self.model,
            "base_url": self.endpoint,
            "mode": self.effective_mode,
            "api_key": self.masked_key(),
            "concurrency": str(self.concurrency),
            "max_retries": str(self.max_retries),
            "timeout": f"{self.timeout:g} s per request",
            "max_answer": f"{self.max_answer_bytes / 1_048_576:g} MB",
            "cache": str(self.effective_cache_dir) if self.use_cache else "off",
        }


def config_path() -> Path:
    return Path(os.environ.get("FACTSHEET_CONFIG") or Path.home() / ".config" / "factsheet" / "config.toml")


def load_settings(**flags: object) -> LLMSettings:
    """Merge config file < environment < flags (flags given as None are ignored)."""
    values: dict[str, object] = {}
    path = config_path()
    if path.is_file():
        try:
            with path.open("rb") as handle:
                table = tomllib.load(handle).get("llm", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            from factsheet.extraction import ExtractorError

            raise ExtractorError(f"config file {path}: {exc}") from None
        if not isinstance(table, dict):
            from factsheet.extraction import ExtractorError

            raise ExtractorError(f"config file {path}: [llm] is not a table")
        values.update(table)
    env = {
        "model": "FACTSHEET_MODEL",
        "base_url": "FACTSHEET_BASE_URL",
        "mode": "FACTSHEET_MODE",
        "concurrency": "FACTSHEET_CONCURRENCY",
        "max_retries": "FACTSHEET_MAX_RETRIES",
        "timeout": "FACTSHEET_TIMEOUT",
        "cache_dir": "FACTSHEET_CACHE_DIR",
        "max_tokens": "FACTSHEET_MAX_TOKENS",
        "max_answer_bytes": "FACTSHEET_MAX_ANSWER_BYTES",
        "max_tokens_total": "FACTSHEET_MAX_TOKENS_TOTAL",
        "max_chunk_chars": "FACTSHEET_CHUNK_CHARS",
    }
    for name, variable in env.items():
        if os.environ.get(variable):
            values[name] = os.environ[variable]
    key = os.environ.get("FACTSHEET_API_KEY") or os.environ.get("OPENAI_API_KEY")
    if key:
        values["api_key"] = key
    values.update({k: v for k, v in flags.items() if v is not None})
    return LLMSettings.model_validate(values)
