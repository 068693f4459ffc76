"""Optional extras: one place that imports a maintained library and, when it is missing, says
which extra installs it — a one-line `MissingExtraError`, never a `ModuleNotFoundError`.

>>> require("json", "excel").__name__
'json'
>>> require("no_such_module_here", "charts", "绘图")
Traceback (most recent call last):
...
indicator_rules.errors.MissingExtraError: 绘图需要可选依赖 no_such_module_here：pip install 'indicator-rules[charts]'
>>> require("no_such_module_here", "excel")
Traceback (most recent call last):
...
indicator_rules.errors.MissingExtraError: 缺少可选组件 no_such_module_here：pip install 'indicator-rules[excel]'
"""

from __future__ import annotations

import importlib

from .errors import MissingExtraError

__all__ = ["EXTRAS", "available", "require"]

# What each extra is for (pyproject.toml installs the packages; this table words the hint).
EXTRAS = {
    "excel": "读写 XLSX（openpyxl）",
    "dataframes": "批量评分与表格（numpy、pandas、pyarrow）",
    "dask": "在 Dask 集群上评分",
    "detect": "猜测 UTF-8、UTF-16、GBK 以外的编码（charset-normalizer）",
    "progress": "终端进度条（tqdm）",
    "charts": "得分曲线与自评图表（matplotlib）",
    "serve": "HTTP 服务（FastAPI、uvicorn）",
    "testing": "性质测试：indicator_rules.strategies、indicator-rules test（hypothesis）",
}


def require(module: str, extra: str, purpose: str | None = None):
    """Import `module`, or raise `MissingExtraError` naming `pip install 'indicator-rules[extra]'`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        why = f"{purpose}需要可选依赖 " if purpose else "缺少可选组件 "
        raise MissingExtraError(f"{why}{module}：pip install 'indicator-rules[{extra}]'") from None


def available(module: str) -> bool:
    """Whether `module` imports (an optional extra is installed)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
