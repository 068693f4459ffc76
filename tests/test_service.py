"""The HTTP service, over real HTTP on 127.0.0.1 with a real client (httpx)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from indicator_rules.cli import main  # noqa: E402
from indicator_rules.errors import RuleFileError  # noqa: E402
from indicator_rules.project import loads  # noqa: E402
from indicator_rules.scoring import score_row  # noqa: E402
from indicator_rules.service import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RULES = "examples/chenggong-medical-insurance-2026.rules"
ACTUALS = "examples/chenggong-medical-insurance-2026-actuals.csv"
STEP_RULE = "医保政策知晓率达80%得满分10分，否则每少10%扣2分"


def _serve(app):
    """Run `app` with uvicorn in a thread on a free port; return (base url, server)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


@pytest.fixture(scope="module")
def base():
    url, server, thread = _serve(create_app())
    yield url
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def _example():
    return (ROOT / RULES).read_text(encoding="utf-8"), (ROOT / ACTUALS).read_text(encoding="utf-8")


def _cli_json(capsys) -> str:
    os.chdir(ROOT)
    assert main(["score", RULES, ACTUALS, "--format", "json"]) == 0
    return capsys.readouterr().out


class TestEvaluate:
    def test_bundled_example_is_the_cli_json_byte_for_byte(self, client, capsys, monkeypatch):
        """The service answers the bundled example with exactly `score --format json`'s bytes."""
        monkeypatch.chdir(ROOT)
        expected = _cli_json(capsys)
        rules, actuals = _example()
        response = client.post(
            "/v1/evaluate", json={"rules": rules, "actuals_csv": actuals, "source": RULES}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.content.decode("utf-8") == expected
        assert response.json()["total"] == "93.95" and response.json()["grade"] == "优"

    def test_mapping_actuals_equal_csv_actuals(self, client):
        """Actuals as a JSON mapping score the same as the same actuals as CSV text."""
        rules, actuals = _example()
        lines = actuals.strip().splitlines()[1:]
        mapping = {}
        for line in lines:
            name, value, events, agency = line.split(",")
            entry = {"实际完成值": value, "事件次数": events or None, "自评得分": agency or None}
            mapping[name] = value if name == "全年执行数" else entry
        by_csv = client.post("/v1/evaluate", json={"rules": rules, "actuals_csv": actuals})
        by_map = client.post("/v1/evaluate", json={"rules": rules, "actuals": mapping})
        assert by_map.status_code == 200, by_map.text
        assert by_map.json() == by_csv.json()

    def test_csv_text_is_read_as_the_cli_reads_a_file(self, client):
        """actuals_csv goes through the reader of actuals files: tab-separated text and a
        BOM score as the comma-separated original; a bad row is named as the CLI names it."""
        rules, actuals = _example()
        expected = client.post("/v1/evaluate", json={"rules": rules, "actuals_csv": actuals})
        for text in (actuals.replace(",", "\t"), "\ufeff" + actuals):
            body = {"rules": rules, "actuals_csv": text}
            response = client.post("/v1/evaluate", json=body)
            assert response.status_code == 200, response.text
            assert response.json() == expected.json()
        broken = actuals.replace("72%", "72%,1,2,3")
        error = client.post("/v1/evaluate", json={"rules": rules, "actuals_csv": broken})
        assert (
            error.status_code == 422
            and "actuals.csv:10：这一行比表头多出" in error.json()["error"]["display"]
        )

    def test_library_errors_are_json_with_line_column_hint(self, client):
        """A rule file with a bad rule answers 422 with each problem's line, column and hint."""
        rules = "项目名称：示例\n一级：产出指标\n二级：数量指标\n三级：培训人数\n  指标值：≥200人\n  分值：10\n  评分标准：达标得满分10份\n"
        response = client.post("/v1/evaluate", json={"rules": rules, "actuals": {"培训人数": "1"}})
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["type"] == "RuleFileError"
        problem = error["problems"][0]
        assert problem["line"] == 7 and problem["column"] == 15
        with pytest.raises(RuleFileError) as raised:
            loads(rules)
        assert problem["message"] == raised.value.problems[0].message
        assert "分" in problem["hint"] and "份" in problem["message"]

    def test_missing_actual_is_422_and_partial_scores(self, client):
        """A missing actual is refused (422); with partial it is listed in `missing`."""
        rules, _ = _example()
        body = {"rules": rules, "actuals": {"呈贡区医疗保障人数": "114803"}}
        assert client.post("/v1/evaluate", json=body).status_code == 422
        partial = client.post("/v1/evaluate", json={**body, "partial": True}).json()
        assert len(partial["missing"]) == 10 and partial["funds"] is None

    def test_both_or_neither_actuals_is_an_error(self, client):
        rules, _ = _example()
        response = client.post("/v1/evaluate", json={"rules": rules})
        assert response.status_code == 422
        assert "actuals_csv" in response.json()["error"]["message"]


class TestRowCheckParse:
    def test_score_row_equals_the_library(self, client):
        """/v1/score-row answers what score_row returns (explain --json)."""
        row = {"target": ">=80%", "weight": 10, "actual": "72%", "rule": STEP_RULE}
        response = client.post("/v1/score-row", json=row)
        assert response.status_code == 200
        assert response.json() == score_row(**row).to_dict()
        assert response.json()["score"] == "8.00"

    def test_float_weight_is_read_as_written(self, client):
        row = {"target": "≥90%", "weight": 0.1, "actual": "45%"}
        assert client.post("/v1/score-row", json=row).json()["score"] == "0.05"

    def test_parse_canonical_and_error(self, client):
        ok = client.post("/v1/parse", json={"rule": "满意度达到95%以上得满分10分，否则每少5%扣2分"})
        assert ok.json()["canonical"] == "满意度达95%得满分10分，否则每少5%扣2分"
        bad = client.post("/v1/parse", json={"rule": "达标得满分10份"})
        assert bad.status_code == 422
        error = bad.json()["error"]
        assert (error["type"], error["line"], error["column"]) == ("RuleSyntaxError", 1, 8)
        assert error["hint"] and "^" in error["display"]

    def test_check_lists_findings(self, client):
        rules, _ = _example()
        clean = client.post("/v1/check", json={"rules": rules, "source": "x.rules"}).json()
        assert clean["errors"] == 0
        broken = client.post(
            "/v1/check", json={"rules": rules.replace("分值：10\n", "分值：十\n", 1)}
        )
        assert broken.status_code == 200 and broken.json()["errors"] >= 1
        assert any(f["severity"] == "错误" for f in broken.json()["findings"])


class TestRequests:
    def test_malformed_requests_are_400_json(self, client):
        """Not JSON, a wrong field, a missing field: 400 with a JSON error naming the field."""
        not_json = client.post(
            "/v1/parse", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 400 and not_json.json()["error"]["type"] == "RequestError"
        missing = client.post("/v1/score-row", json={"target": "≥90%"})
        assert missing.status_code == 400 and "weight" in missing.json()["error"]["message"]
        extra = client.post("/v1/parse", json={"rule": "x", "rules": "y"})
        assert extra.status_code == 400 and "rules" in extra.json()["error"]["message"]

    def test_openapi_schema_names_every_endpoint(self, client):
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/v1/evaluate", "/v1/score-row", "/v1/check", "/v1/parse"} <= set(paths)

    def test_concurrent_requests_agree_with_sequential(self, client, base):
        """24 requests at once (evaluations and rows) answer as the same requests one by one."""
        rules, actuals = _example()
        bodies = []
        for n in range(24):
            if n % 2:
                changed = actuals.replace("72%", f"{40 + n}%")
                bodies.append(("/v1/evaluate", {"rules": rules, "actuals_csv": changed}))
            else:
                row = {"target": ">=80%", "weight": 10, "actual": f"{50 + n}%", "rule": STEP_RULE}
                bodies.append(("/v1/score-row", row))
        sequential = [client.post(path, json=body).content for path, body in bodies]

        def post(item):
            with httpx.Client(base_url=base, timeout=60) as own:
                return own.post(item[0], json=item[1]).content

        with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
            concurrent = list(pool.map(post, bodies))
        assert concurrent == sequential
        assert len({json.loads(c)["total"] for c in sequential[1::2]}) >= 3


@pytest.fixture(scope="module")
def limited():
    url, server, thread = _serve(create_app(max_bytes=2000, time_limit=0.1))
    yield url
    server.should_exit = True
    thread.join(10)


class TestLimits:
    def test_body_over_the_limit_is_413(self, limited):
        """A body over max_bytes is 413, whether it states its length or comes chunked."""
        big = json.dumps({"rule": "达标得满分10分" * 400}).encode()
        with httpx.Client(base_url=limited) as client:
            stated = client.post("/v1/parse", content=big)
            chunked = client.post("/v1/parse", content=iter([big[:1500], big[1500:]]))
        for response in (stated, chunked):
            assert response.status_code == 413
            assert "2000" in response.json()["error"]["message"]

    def test_time_limit_is_503(self, limited, monkeypatch):
        """Scoring that outlasts the time limit is answered 503 while it runs on."""
        import indicator_rules.service as service

        real = service.evaluate_json

        def slow(request):
            time.sleep(0.5)
            return real(request)

        monkeypatch.setattr(service, "evaluate_json", slow)
        started = time.monotonic()
        with httpx.Client(base_url=limited) as client:
            response = client.post("/v1/evaluate", json={"rules": "", "actuals": {}})
        assert response.status_code == 503 and time.monotonic() - started < 0.5
        assert "0.1 秒" in response.json()["error"]["message"]


class TestCommand:
    def test_serve_subcommand_answers_over_http(self):
        """`indicator-rules serve --port N` runs uvicorn in its own process and answers."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "indicator_rules.cli", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline, response = time.monotonic() + 30, None
            while response is None:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not start"
                try:
                    response = httpx.post(
                        f"http://127.0.0.1:{port}/v1/parse", json={"rule": "达标得满分10分"}
                    )
                except httpx.TransportError:
                    time.sleep(0.1)
            assert response.json()["canonical"] == "达标得满分10分"
        finally:
            process.terminate()
            process.wait(10)

    def test_port_out_of_range_is_one_message(self, capsys):
        """serve --port 99999: the library's message, exit 2, no OverflowError traceback."""
        assert main(["serve", "--port", "99999"]) == 2
        err = capsys.readouterr().err
        assert "端口 99999 不可用" in err and "65535" in err and "Traceback" not in err

    def test_missing_extra_is_a_one_line_hint(self, monkeypatch, capsys):
        """Without fastapi, `serve` says which extra to install, in one line, exit status 2."""
        monkeypatch.setitem(sys.modules, "fastapi", None)
        assert main(["serve"]) == 2
        err = capsys.readouterr().err.strip()
        assert err == "HTTP 服务需要可选依赖 fastapi：pip install 'indicator-rules[serve]'"
