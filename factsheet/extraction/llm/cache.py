"""On-disk cache of LLM answers, keyed by everything that shapes the answer.

Key: endpoint, model, mode, prompt version, response schema, publication date and
chunk text. Never the API key. An unchanged re-run makes zero requests.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from factsheet.atomic import write_text


class AnswerCache:
    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled

    @staticmethod
    def key(**parts: str | None) -> str:
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        path = self.folder / key[:2] / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict) -> None:
        if self.enabled:
            write_text(self.folder / key[:2] / f"{key}.json", json.dumps(value, ensure_ascii=False))
