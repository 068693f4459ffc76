"""Optional extras: import a module an extra provides, or say in one line which extra to install.

>>> require("json", "serve", "示例")  # doctest: +ELLIPSIS
<module 'json' ...>
>>> require("no_such_module_here", "charts", "绘图")
Traceback (most recent call last):
...
indicator_rules._extras.MissingExtraError: 绘图需要可选依赖 no_such_module_here：pip install 'indicator-rules[charts]'
"""

from __future__ import annotations

import importlib

from .errors import IndicatorRulesError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(IndicatorRulesError, ImportError):
    """A feature whose optional extra is not installed."""


def require(module: str, extra: str, purpose: str):
    """Import `module`; when it is missing raise a one-line error naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{purpose}需要可选依赖 {module}：pip install 'indicator-rules[{extra}]'"
        ) from None
