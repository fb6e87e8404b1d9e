"""Writing article folders for tests: .txt files plus the docs.jsonl sidecar that dates them."""

from __future__ import annotations

import json
from pathlib import Path


def article_folder(
    folder: Path, published: str, texts: dict[str, str], titles: dict[str, str] | None = None
) -> Path:
    """Create `folder` with one `<id>.txt` per text and a docs.jsonl naming each id's date (and title)."""
    folder.mkdir()
    lines = []
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        meta = {"id": doc_id, "published": published}
        if titles and doc_id in titles:
            meta["title"] = titles[doc_id]
        lines.append(json.dumps(meta))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
