"""Notes on evidence (notes.lark): 以文件为依据 · 以会议记录为准 · 查会议记录 · 查阅文件资料 — what
a score rests on. Kept as a remark; never a condition of the clause after it (查会议记录，少1次扣
0.2分 deducts per one short, not when the records are looked at)."""

from __future__ import annotations

from .base import _Clause


class NotesTree:
    """Callbacks of notes.lark."""

    def evidence_clause(self, items):
        return _Clause("evidence", str(items[0]).strip(), items[0])


# --- assembling ---


def add_evidence(asm, clause) -> None:
    asm.remarks.append(clause.value)


RAW_KINDS = {"evidence": add_evidence}
CONDITIONED_KINDS = {}
