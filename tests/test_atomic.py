"""Outputs are replaced whole or not at all."""

from __future__ import annotations

import pytest

from factsheet.atomic import atomic_open, write_text


def test_interrupted_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "facts.json"
    write_text(target, '{"good": true}\n')
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as handle:
        handle.write('{"half": ')
        raise KeyboardInterrupt
    assert target.read_text() == '{"good": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["facts.json"]


def test_written_file_is_readable_by_others(tmp_path):
    target = write_text(tmp_path / "a.md", "x")
    assert target.stat().st_mode & 0o044
