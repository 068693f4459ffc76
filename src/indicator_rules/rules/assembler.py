"""Pair each consequence with the conditions written before it, then build the `Rule`.

A rule is a sequence of clauses. A segment that says nothing about points (≥90%, 按要求…的,
现场实查) is a condition waiting for the consequence after it. Each construct family registers
what its clause kinds do (`RAW_KINDS`: the clause takes the waiting conditions itself;
`CONDITIONED_KINDS`: the clause receives the named conditions before it). Two composition
rules hold for every consequence: a consequence after a numeric condition is a band of it
(≥90%，按满分计算 · 大于30%，不得分), and 不得分 after named conditions is a level worth nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import RuleSyntaxError
from ..model import Award, Full, MeetTarget, NoScore, Rule
from . import (
    bands,
    bonuses,
    conditions,
    counts,
    events,
    grades,
    interpolation,
    items,
    ladders,
    ranks,
    ratios,
    thresholds,
)
from .bands import _resolve_bands
from .base import _Clause
from .conditions import _REFERS_BACK, _refuse_points_in_remarks, veto_label
from .families import merged
from .intervals import _describe
from .ratios import _FORMULA
from .tree import read_condition

_WORD = re.compile(r"\w")

RAW_KINDS = merged("RAW_KINDS")
_NO_STARTS = (frozenset(), frozenset())
CONDITIONED_KINDS = merged("CONDITIONED_KINDS")


class Assembler:
    """The rule being assembled: what each construct has read so far."""

    def __init__(self, starts: tuple[frozenset[int], frozenset[int]] = _NO_STARTS) -> None:
        # where a numbered item's text begins, and a sentence (segments.item_starts, …)
        self.items_at, self.sentences_at = starts
        self.openers: set[str] = set()  # the conditions that open a numbered item, as written
        self.sentences: set[str] = set()  # the conditions that open a sentence, as written
        self.full = self.fallback = self.late = None
        self.events = []
        self.bands = []  # (interval, points, points_low, token, subject, off)
        self.awards = []
        self.penalties = []
        self.discretion = None
        self.remarks: list[str] = []
        self.pending: list = []  # conditions waiting for their consequence
        self.described: list[str] = []  # the conditions last taken, as written
        self.formulas: list[str] = []  # measure definitions (X率=A/B*100%), kept as remarks
        self.base = self.base_share = self.interp = None  # 基础分 + 按比例增分
        self.interp_token = None
        self.rank_by = False
        self.rank_points = None
        self.last_deduction = None
        self.general = None  # 根据…情况评分, the method until a concrete one is written
        self.grades = ()  # 优100% 良90% 中85% 差85%
        self.grades_token = None
        self.stated = None  # 满分5分: (points, token)
        self.items: tuple[str, ...] = ()  # 猪瘟、猪蓝耳病…分别…各得5分
        self.rising = []  # rising deductions still waiting for “以此类推”
        self.listed = None  # 第一起、第二起…森林火灾, waiting for 分别扣5分、6分…
        self.fallback_written = ""  # the fallback clause as written (按…比例折算)
        self.fallback_lead = None  # the lead of 不得分 (未开展不得分: base._Lead)
        self.deduct_basis = []  # 根据…百分比扣分, with its first token
        self.per_unit = None  # 每完成一项得2分
        self.bonuses = []  # (Bonus, token): 每增加1%加1分
        self.full_written = ""  # the full-marks condition as written (按时上报)
        self.heading = None  # the token of points in brackets opening the rule (加强组织领导(4分))
        self.ladder = False  # 达到5%得1分；达到10%得2分: the full clauses climb (thresholds.py)
        self.etc = None  # 依次类推 after rungs of points, the ladder it continues (ladders.py)

    def take_pending(self):
        """The waiting conditions: their numeric part combined, and the named ones in order."""
        pending, self.pending = self.pending, []
        if not pending:  # the common case: a consequence with no condition before it
            self.described = []
            return None, []
        interval = None
        for item in pending:
            if not isinstance(item, str):
                interval = item if interval is None else interval.meet(item)
        self.described = [c if isinstance(c, str) else _describe(c) for c in pending]
        return interval, [c for c in pending if isinstance(c, str)]

    def opens_rule(self) -> bool:
        """Nothing that scores has been read yet."""
        return not (self.awards or self.bands or self.events or self.penalties) and (
            self.stated is None and self.full is None
        )

    def add(self, clause: _Clause) -> None:
        if clause.kind == "note":
            begins = self._begins(clause.token)
            if begins in self.items_at:
                self.openers.add(clause.value)
            if begins in self.sentences_at or begins in self.items_at:
                self.sentences.add(clause.value)
            self._add_note(clause.value)
        elif clause.kind in RAW_KINDS:
            RAW_KINDS[clause.kind](self, clause)
        else:
            self._add_consequence(clause)

    def _begins(self, token) -> int | None:
        """Where a segment's text begins (after the spaces a mark was masked into)."""
        if token is None:
            return None
        raw = str(token)
        return token.start_pos + len(raw) - len(raw.lstrip())

    def last_sentence(self, labels: list[str]) -> list[str]:
        """The conditions of the sentence a consequence ends (成立…部署。未成立…的，扣2分: 未成立…),
        the earlier ones kept as remarks (what the sentences before describe)."""
        opening = [i for i, label in enumerate(labels) if label in self.sentences]
        if not opening or opening[-1] == 0:
            return labels
        self.remarks.extend(labels[: opening[-1]])
        return labels[opening[-1] :]

    def _add_note(self, value: str) -> None:
        if _WORD.search(value) is None:  # stray punctuation carries nothing
            return
        if _FORMULA.search(value):  # 到位率=实际到位/计划到位*100%: defines the measure
            self.formulas.append(value)
            return
        condition = read_condition(value)
        if condition is not None:
            condition.text = value
        self.pending.append(condition if condition is not None else value)

    def _add_consequence(self, clause: _Clause) -> None:
        kind, value, token = clause.kind, clause.value, clause.token
        interval, labels = self.take_pending()
        if labels and all(_REFERS_BACK.fullmatch(label) for label in labels):
            self.remarks.extend(labels)  # 以上指标，不达标不得分: speaks of the items before
            labels = []
        if kind == "fallback" and isinstance(value, NoScore) and (interval is not None or labels):
            if interval is not None:  # 大于30%，不得分
                self.bands.append((interval, Decimal(0), None, token, "", None))
                self.remarks.extend(labels)
            else:
                self._zero_after(labels, clause)
            return
        if interval is not None and kind in ("award", "zero_named"):
            # ≥90%，按满分计算: a numeric condition makes it a band; words beside it are remarks
            label, points = (value, Decimal(0)) if kind == "zero_named" else value[:2]
            self.bands.append((interval, points, None, token, "", None))
            self.remarks.extend(part for part in [*labels, label] if part)
            return
        if interval is not None:
            labels = self.described  # numeric conditions worded, in the order written
        CONDITIONED_KINDS[kind](self, clause, labels)

    def _zero_after(self, labels: list[str], clause: _Clause) -> None:
        """不得分 after named conditions, read by its lead (docs/rules.md, 六): 至少2种宣传方式，
        否则不得分 — the conditions are the standard of full marks; 成效明显。未开展不得分 — the
        lead names the veto, the conditions before it are context; 违规开设专户的，不得分 — the
        last condition is the veto (a level worth nothing), those before it context."""
        lead = clause.written or None
        scored = self.awards or self.bands or self.events or self.penalties or self.full
        if lead is not None and lead.kind == "otherwise" and not scored:
            self.full = Full(condition=MeetTarget(subject="，".join(labels)))
            self.fallback = NoScore()
            return
        if lead is not None and lead.kind == "not_subject":
            self.remarks.extend(labels)
            self.awards.append(Award(label=veto_label(lead[0]), points=0))
            return
        if lead is None:
            self.remarks.extend(labels[:-1])
            labels = [veto_label(labels[-1])]
        self.awards.append(Award(label="，".join(labels), points=0))

    def rule(self, text: str = "", *, overlapping: bool = False) -> Rule:
        """The finished rule: each family's closing step in order, then the checks across them."""
        interpolated = interpolation.interpolation(self)
        rank_step = ranks.rank_step(self)
        places = ranks.ranks(self)
        thresholds.promote_threshold_only(self)
        thresholds.close_ladder(self)
        ladders.close(self)
        if self.pending:
            self.remarks.extend(c if isinstance(c, str) else _describe(c) for c in self.pending)
            self.pending = []
        bands.promote_single_band(self)
        conditions.promote_heading(self)
        thresholds.lead_as_standard(self)
        conditions.demote_full_among_awards(self)
        conditions.promote_single_award(self)
        full_marks = thresholds.stated_full(self)
        items.check_items(self)
        events.check_rising(self)
        ratios.check_deduct_basis(self)
        if self.bands:
            self.remarks.extend(band[4] for band in self.bands if band[4])
        bands.check_bands(self)
        grades.check_alone(self)
        counts.check_alone(self)
        bonuses.check_bonuses(self)
        scored = interpolated or rank_step or places or self.grades or self._scores()
        if not scored and self.formulas:
            # Only a formula: it defines the measure; the national default method scores it.
            return Rule(remarks=_kept([*self.formulas, *self.remarks]), text=text)
        self.remarks[:0] = self.formulas
        if not scored:
            _refuse_unscored(self.remarks)
        _refuse_points_in_remarks(self.remarks)
        return Rule(
            interpolation=interpolated,
            rank_step=rank_step,
            ranks=places,
            full_marks=full_marks,
            items=self.items,
            full=self.full,
            fallback=self.fallback,
            events=tuple(self.events),
            late=self.late,
            bands=_resolve_bands(self.bands, overlapping=overlapping),
            awards=tuple(self.awards),
            penalties=tuple(self.penalties),
            discretion=self.discretion,
            grades=self.grades,
            per_unit=self.per_unit,
            bonuses=tuple(bonus for bonus, _ in self.bonuses) if self.bonuses else (),
            remarks=_kept(self.remarks),
            text=text,
        )

    def _scores(self) -> bool:
        return bool(
            self.full
            or self.fallback
            or self.events
            or self.late
            or self.bands
            or self.awards
            or self.penalties
            or self.discretion
            or self.per_unit
        )


def _kept(remarks: list[str]) -> tuple[str, ...]:
    """The remarks as kept: without the white space around them (a trailing U+0085 is white
    space to str.strip, which the rule's text loses when it is read again)."""
    if not remarks:
        return ()
    return tuple(r.strip() for r in remarks if r and r.strip())


def _refuse_unscored(remarks: list[str]) -> None:
    if remarks:
        raise RuleSyntaxError(
            f"规则没有给出计分方法：“{'，'.join(remarks)}”只是条件或说明",
            line=1,
            column=1,
            hint="写明得分，如“达到…得10分，否则不得分”",
        )
    raise RuleSyntaxError(
        "规则没有给出计分方法", line=1, column=1, hint="例如“达标得满分10分，否则不得分”"
    )


def assemble(
    clauses: list[_Clause],
    text: str = "",
    *,
    overlapping: bool = False,
    starts: tuple[frozenset[int], frozenset[int]] = _NO_STARTS,
) -> Rule:
    """The rule of the clauses; `overlapping` keeps bands that overlap (`_resolve_bands`);
    `starts` are where numbered items and sentences begin (segments.item_starts,
    segments.sentence_starts)."""
    assembler = Assembler(starts)
    for clause in clauses:
        assembler.add(clause)
    return assembler.rule(text, overlapping=overlapping)
