"""Measure where the fuzzy grounding threshold should sit.

For every sentence of the seed articles it scores (rapidfuzz partial ratio, as the
validator does) three kinds of quote against the article:
- garbled: one typo per ~12 words and one dropped word (what an LLM paraphrasing
  lightly produces; these should be found, as `fuzzy`);
- altered: the same sentence with its figure or a name changed (should not pass);
- invented: a sentence from another article (should not pass).
It prints the score distributions and how many of each pass at several thresholds.

    .venv/bin/python bench/grounding_threshold.py
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from rapidfuzz import fuzz

from factsheet.validation.grounding import FUZZY_MIN_SCORE, normalise

ROOT = Path(__file__).resolve().parent.parent


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 60 <= len(s.strip()) <= 300]


def garble(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    for _ in range(max(1, len(words) // 12)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1 :]
    if len(words) > 8:
        del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def alter(sentence: str, rng: random.Random) -> str | None:
    numbers = re.findall(r"\b\d+\b", sentence)
    if numbers:
        n = rng.choice(numbers)
        return sentence.replace(n, str(int(n) * 3 + 7), 1)
    names = re.findall(r"\b[A-Z][a-z]{3,}\b", sentence[1:])
    if names:
        return sentence.replace(rng.choice(names), "Kowalczyk", 1)
    return None


def score(quote: str, text: str) -> float:
    q, _ = normalise(quote)
    t, _ = normalise(text)
    return fuzz.partial_ratio(q, t)


def main() -> None:
    rng = random.Random(7)
    texts = {p.name: p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))}
    garbled, altered, invented = [], [], []
    names = list(texts)
    for name, text in texts.items():
        others = [texts[n] for n in names if n != name]
        for sentence in sentences(text):
            garbled.append(score(garble(sentence, rng), text))
            if (changed := alter(sentence, rng)) is not None:
                altered.append(score(changed, text))
            for other in others:
                invented.append(score(sentence, other))
    print(f"quotes: {len(garbled)} garbled, {len(altered)} altered, {len(invented)} invented")
    for label, values in (("garbled", garbled), ("altered", altered), ("invented", invented)):
        values.sort()
        print(
            f"{label:9} min {values[0]:5.1f}  p10 {values[len(values) // 10]:5.1f}  "
            f"median {values[len(values) // 2]:5.1f}  max {values[-1]:5.1f}"
        )
    print("threshold  garbled found  altered passing  invented passing")
    for threshold in (80, 85, 88, 90, 92, 95):
        print(
            f"{threshold:9}  {sum(v >= threshold for v in garbled) / len(garbled):13.0%}  "
            f"{sum(v >= threshold for v in altered) / len(altered):15.0%}  "
            f"{sum(v >= threshold for v in invented) / len(invented):16.0%}"
        )
    print(f"in use: {FUZZY_MIN_SCORE}")


if __name__ == "__main__":
    main()
