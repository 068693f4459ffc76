"""The HTTP service: `indicator-rules serve`, for budget platforms not written in Python.

FastAPI on uvicorn (the `[serve]` extra). Every endpoint takes and returns JSON:

- POST /v1/evaluate   a rule file's text + actuals (a JSON mapping, or CSV text) → the evaluation
                      document of docs/json-schema.md, the same bytes as `score --format json`
- POST /v1/score-row  one indicator row (target, weight, rule, actual …) → its result
- POST /v1/check      a rule file's text → the findings of `indicator-rules check`
- POST /v1/parse      a rule text → its canonical form

Errors are JSON too: {"error": {"type", "message", "line", "column", "hint", "source", "display",
"problems"}} with status 422 for what the library refuses (a rule it does not read, a missing
actual), 400 for a request that is not the documented shape, 413 for a body over the size limit
and 503 when scoring takes longer than the time limit. The schema is at /openapi.json and /docs.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .extras import require

require("fastapi", "serve", "HTTP 服务")

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from fastapi.responses import JSONResponse, Response  # noqa: E402
from pydantic import BaseModel, ConfigDict, Field  # noqa: E402

from .actuals import _from_delimited, from_mapping  # noqa: E402
from .errors import IndicatorRulesError, RuleFileError  # noqa: E402

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIME_LIMIT", "create_app", "error_document", "serve"]

DEFAULT_MAX_BYTES = 1024 * 1024  # a rule file of a few hundred indicators is ~100 KB
DEFAULT_TIME_LIMIT = 10.0  # seconds of scoring per request


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluateRequest(_Request):
    """A rule file and its actuals: `actuals` (a mapping) or `actuals_csv` (CSV text)."""

    rules: str = Field(description="the rule file's text (docs/rule-files.md)")
    actuals: dict[str, Any] | None = Field(
        default=None, description="{指标名称: 实际完成值 or {实际完成值, 事件次数, 自评得分}}"
    )
    actuals_csv: str | None = Field(
        default=None, description="CSV text: 指标名称,实际完成值[,事件次数,自评得分]"
    )
    source: str = Field(default="<request>", description="the rule file's name, as reported")
    partial: bool = Field(default=False, description="score what has actuals; list the rest")
    options: dict[str, str] | None = Field(default=None, description="steps / reverse")


class ScoreRowRequest(_Request):
    """One indicator row, as `indicator-rules explain` takes it."""

    target: str = Field(description="指标值, e.g. '>=80%' or '31.7万'")
    weight: str | int | float = Field(description="分值, e.g. 10")
    actual: Any = Field(default=None, description="实际完成值 as written, or {grade, ratio}")
    rule: str | None = Field(default=None, description="评分标准; omitted: national defaults")
    operator: str | None = Field(default=None, description="指标性质: = >= <= ≥ ≤")
    unit: str | None = Field(default=None, description="度量单位, e.g. % or 人次")
    kind: str | None = Field(default=None, description="定量 or 定性")
    events: int | dict[str, int] | None = Field(default=None, description="event counts")
    conditions: str | list[str] | None = Field(default=None, description="conditions that hold")
    judgement: str | None = Field(default=None, description="the evaluator's score")
    options: dict[str, str] | None = None


class CheckRequest(_Request):
    rules: str = Field(description="the rule file's text")
    source: str = "<request>"


class ParseRequest(_Request):
    rule: str = Field(description="评分标准 text")


def error_document(error: IndicatorRulesError) -> dict:
    """A library error as JSON: message, line, column, hint; a rule file's problems, each one."""
    return {"error": _error_fields(error)}


def _error_fields(error: IndicatorRulesError) -> dict:
    document = {
        "type": type(error).__name__,
        "message": error.message,
        "line": error.line,
        "column": error.column,
        "hint": error.hint,
        "source": error.source,
        "display": str(error),
    }
    if isinstance(error, RuleFileError):
        document["problems"] = [_error_fields(problem) for problem in error.problems]
    return document


def _request_error(message: str, *, hint: str | None = None, status: int = 400) -> JSONResponse:
    error = {"type": "RequestError", "message": message, "line": None, "column": None}
    return JSONResponse({"error": {**error, "hint": hint}}, status_code=status)


def _actuals(request: EvaluateRequest):
    if (request.actuals is None) == (request.actuals_csv is None):
        raise IndicatorRulesError(
            "请求应包含 actuals（JSON 对象）或 actuals_csv（CSV 文本）之一",
            hint='如 {"rules": "…", "actuals": {"培训人数": "180人", "全年执行数": "95万元"}}',
        )
    if request.actuals is not None:
        return from_mapping(request.actuals, "actuals")
    return _from_delimited(request.actuals_csv.removeprefix("\ufeff"), "actuals.csv", tab=False)


def evaluate_json(request: EvaluateRequest) -> str:
    """The evaluation document, serialised exactly as `score --format json` writes it."""
    from .project import loads
    from .report import to_json

    project = loads(request.rules, source=request.source)
    evaluation = project.evaluate(
        _actuals(request), options=request.options, partial=request.partial
    )
    return to_json(evaluation) + "\n"


def score_row_dict(request: ScoreRowRequest) -> dict:
    """One row's result, as `explain --json` prints it."""
    from .scoring import score_row

    weight = request.weight
    return score_row(
        target=request.target,
        weight=str(weight) if isinstance(weight, float) else weight,
        actual=request.actual,
        rule=request.rule,
        operator=request.operator,
        unit=request.unit,
        kind=request.kind,
        events=request.events,
        conditions=request.conditions,
        judgement=request.judgement,
        options=request.options,
    ).to_dict()


def check_dict(request: CheckRequest) -> dict:
    """The findings of `indicator-rules check`, each with severity, where and message."""
    from .lint import lint_text

    findings = lint_text(request.rules, request.source)
    return {
        "findings": [
            {"severity": f.severity, "where": f.where, "message": f.message} for f in findings
        ],
        "errors": sum(1 for f in findings if f.severity == "错误"),
    }


def parse_dict(request: ParseRequest) -> dict:
    """A rule's canonical form (what `indicator-rules parse` prints)."""
    from .printer import canonical
    from .rules import parse_rule

    return {"rule": request.rule, "canonical": canonical(parse_rule(request.rule))}


class _SizeLimit:
    """ASGI middleware: a request body over `max_bytes` is answered 413 before it is parsed."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:  # buffered (it is at most max_bytes): a chunked body is counted too
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                return await self._refuse(scope, receive, send)
            more = message.get("more_body", False)
        body = b"".join(chunks)

        async def replay():
            nonlocal body
            if body is None:
                return await receive()
            message, body = {"type": "http.request", "body": body, "more_body": False}, None
            return message

        await self.app(scope, replay, send)

    async def _refuse(self, scope, receive, send):
        response = _request_error(
            f"请求体超过上限 {self.max_bytes} 字节",
            hint="拆分为多个请求，或以 --max-bytes 调高上限",
            status=413,
        )
        await response(scope, receive, send)


def _handle_errors(app: FastAPI) -> None:
    """A malformed request answers 400 naming each field, an unexpected failure 500: both
    as the JSON error document, never a traceback."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError):
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or '请求体'}：{e['msg']}"
            for e in error.errors()
        ]
        return _request_error(
            "请求格式不符：" + "；".join(problems), hint="请求与响应的格式见 /openapi.json"
        )

    @app.exception_handler(Exception)
    async def _internal(_request: Request, error: Exception):
        return _request_error(f"服务内部错误：{type(error).__name__}", status=500)


def create_app(
    *, max_bytes: int = DEFAULT_MAX_BYTES, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 4
) -> FastAPI:
    """The ASGI application; run it with uvicorn (`serve`) or any ASGI server."""
    from . import __version__

    app = FastAPI(
        title="indicator-rules",
        version=__version__,
        description="预算绩效指标评分服务：评分标准 + 实际完成值 → 自评表（docs/json-schema.md）。",
    )
    app.add_middleware(_SizeLimit, max_bytes=max_bytes)
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="indicator-rules")

    async def run(function, request):
        """Score in a worker thread, answering 503 when it takes longer than the time limit."""
        future = asyncio.get_running_loop().run_in_executor(executor, function, request)
        try:
            return await asyncio.wait_for(future, time_limit)
        except asyncio.TimeoutError:
            return _request_error(
                f"评分超过时间上限 {time_limit:g} 秒", hint="拆分规则文件后重试", status=503
            )
        except IndicatorRulesError as error:
            return JSONResponse(error_document(error), status_code=422)

    _handle_errors(app)

    @app.post("/v1/evaluate", summary="score a rule file against actuals: the 自评表")
    async def evaluate(request: EvaluateRequest):
        result = await run(evaluate_json, request)
        if isinstance(result, Response):
            return result
        return Response(result.encode("utf-8"), media_type="application/json")

    @app.post("/v1/score-row", summary="score one indicator row and explain the score")
    async def score_one(request: ScoreRowRequest):
        return await run(score_row_dict, request)

    @app.post("/v1/check", summary="lint a rule file: errors, warnings and notes")
    async def check(request: CheckRequest):
        return await run(check_dict, request)

    @app.post("/v1/parse", summary="the canonical form of a rule, or its error")
    async def parse(request: ParseRequest):
        return await run(parse_dict, request)

    app.router.on_shutdown.append(lambda: executor.shutdown(wait=False))
    return app


def _warm() -> None:
    """Build the grammars before the first request (the first parse costs seconds, not ms)."""
    from .project import loads

    loads(
        "项目名称：预热\n一级：产出指标\n二级：数量指标\n三级：人数\n  指标值：≥1人\n  分值：10\n"
        "  评分标准：达标得满分10分，否则按完成比例得分\n"
    )


def serve(host: str = "127.0.0.1", port: int = 8000, **limits) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    if not 0 <= port <= 65535:
        raise IndicatorRulesError(f"端口 {port} 不可用", hint="端口应为 0 到 65535 之间的整数")

    _warm()
    uvicorn.run(create_app(**limits), host=host, port=port, log_level="info")
