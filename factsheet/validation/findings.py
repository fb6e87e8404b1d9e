"""What one check found: corrections (the text states the other value) and flags (a person must look)."""

from __future__ import annotations

from dataclasses import dataclass, field

from factsheet.kinds.spec import FieldRoles
from factsheet.models import FactBase, FieldChange


@dataclass
class Findings:
    changes: list[FieldChange] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (code, message)

    def change(self, fact: FactBase, name: str, new: object, reason: str, code: str) -> None:
        """Set `name` to `new` on the fact and record the change with its reason."""
        old = getattr(fact, name)
        self.changes.append(
            FieldChange(field=name, old=_plain(old), new=_plain(new), reason=reason, code=code)
        )
        setattr(fact, name, new)

    def flag(self, code: str, message: str) -> None:
        self.flags.append((code, message))


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
