"""What one check found, in three verdicts.

- supported: nothing is recorded;
- contradicted (the text states another value): a change, when the fact's own quote states
  exactly one other value, otherwise a flag that holds the fact for a person;
- cannot tell (a form the checker does not know: a currency, a name, an organisation, a
  date): a note. The fact is published as it is, with the note's message in
  `check.reasons` and its code (always starting "cannot_tell_") in `check.codes`, so the
  review page can filter on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factsheet.kinds.spec import FieldRoles
from factsheet.models import FactBase, FieldChange

CANNOT_TELL = "cannot_tell_"
"""Prefix of every code of a "cannot tell" verdict (`check.codes`): stable, for filtering."""


@dataclass
class Findings:
    changes: list[FieldChange] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (code, message)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message): cannot tell

    def change(self, fact: FactBase, name: str, new: object, reason: str, code: str) -> None:
        """Set `name` to `new` on the fact and record the change with its reason."""
        old = getattr(fact, name)
        self.changes.append(
            FieldChange(field=name, old=_plain(old), new=_plain(new), reason=reason, code=code)
        )
        setattr(fact, name, new)

    def flag(self, code: str, message: str) -> None:
        self.flags.append((code, message))

    def note(self, code: str, message: str) -> None:
        """Cannot tell: publish as it is, with the reason. `code` must start "cannot_tell_"."""
        if not code.startswith(CANNOT_TELL):
            raise ValueError(f"a cannot-tell code starts {CANNOT_TELL!r}: {code!r}")
        self.notes.append((code, f"cannot tell: {message}"))


def _plain(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return list(value) if isinstance(value, list) else value


def roles_of(fact: FactBase) -> FieldRoles:
    """What each field of the fact's kind is (figure, qualifier, parties …): checks apply by role."""
    from factsheet.kinds import get

    return get(kind_of(fact)).roles


def kind_of(fact: FactBase) -> str:
    """The fact's kind ("casualty", ...): every concrete fact model has one."""
    return str(getattr(fact, "kind", ""))


def fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
