"""indicator_rules: score performance indicators of Chinese public budgets, exactly.

The pipeline, one module per stage:
text → lark tree (grammars.py, targets.py, rules.py) → frozen attrs model (model.py)
→ compiled scorer (compiler.py) → result (scoring.py); printer.py writes canonical rule text.
"""

from .errors import (
    ActualValueError,
    IndicatorRulesError,
    InputFileError,
    MissingExtraError,
    OutputFileError,
    RuleConflictError,
    RuleFileError,
    RuleSyntaxError,
    TargetError,
    UnitMismatchError,
)
from .model import Rule, Target
from .options import ScoringOptions
from .printer import canonical
from .project import Indicator, Project, load, loads
from .rules import parse_rule
from .scoring import CompiledIndicator, IndicatorResult, compile_indicator, score_row
from .targets import parse_target

__all__ = [
    "ActualValueError",
    "CompiledIndicator",
    "Indicator",
    "IndicatorResult",
    "IndicatorRulesError",
    "InputFileError",
    "MissingExtraError",
    "OutputFileError",
    "Project",
    "Rule",
    "RuleConflictError",
    "RuleFileError",
    "RuleSyntaxError",
    "ScoringOptions",
    "Target",
    "TargetError",
    "UnitMismatchError",
    "canonical",
    "compile_indicator",
    "load",
    "loads",
    "parse_rule",
    "parse_target",
    "score_row",
]
__version__ = "0.1.0"
