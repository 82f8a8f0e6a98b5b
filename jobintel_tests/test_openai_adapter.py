"""The OpenAI adapter through the real `openai` client, against a local server misbehaving like real APIs."""

from __future__ import annotations

import threading
from pathlib import Path

import openai
import pytest

from jobintel_assets.adapters.ledger import BudgetExceeded, CallLedger
from jobintel_assets.adapters.openai_llm import MalformedAnswer, ModelRefusal, OpenAILLM
from jobintel_assets.adapters.retry import RetriesExhausted, RetryPolicy
from jobintel_assets.layers import extracted_jd
from jobintel_assets.layers.models import ExtractedJD
from jobintel_assets.layers.ports import LayerTask
from jobintel_assets.storage.duckdb_store import DuckDBStore
from jobintel_tests.fake_servers import FakeOpenAI, serve

API_KEY = "sk-test-0123456789-secret"
POLICY = RetryPolicy(timeout_seconds=0.5, max_retries=2, backoff_seconds=0.01)
TASK = LayerTask(
    extracted_jd.LAYER,
    extracted_jd.PROMPT_VERSION,
    extracted_jd.ExtractedJDInputs(
        title="Senior Platform Engineer",
        company="Acme",
        description="Responsibilities:\n- Run Kubernetes clusters on AWS\n"
        "- Build CI/CD pipelines with Terraform\n",
    ),
    extracted_jd.PROMPT,
)


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "jobintel.duckdb")


def _adapter(
    server: FakeOpenAI,
    store: DuckDBStore,
    sleeps: list[float] | None = None,
    budget: float | None = None,
    concurrency: int = 4,
) -> OpenAILLM:
    return OpenAILLM(
        api_key=API_KEY,
        base_url=f"{server.url}/v1",
        model="gpt-4o-mini",
        policy=POLICY,
        max_concurrent_calls=concurrency,
        ledger=CallLedger(store, "run-1", "acme-job", extracted_jd.LAYER, budget),
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
    )


def _ledger_rows(store: DuckDBStore) -> list[tuple]:
    with store.connect() as con:
        return con.execute(
            "SELECT provider, model, cache_hit, tokens_in, tokens_out, cost_usd, error FROM provider_calls "
            "ORDER BY called_at"
        ).fetchall()


def test_an_answer_is_asked_as_strict_json_schema_validated_and_costed(fake_openai, store):
    result = _adapter(fake_openai, store).generate(TASK, ExtractedJD)

    assert isinstance(result, ExtractedJD) and result.title == "Senior Platform Engineer"
    (request,) = fake_openai.chat_requests()
    response_format = request["body"]["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["name"] == "ExtractedJD"
    ((provider, model, cache_hit, tokens_in, tokens_out, cost, error),) = _ledger_rows(store)
    assert provider.startswith("openai-compatible@127.0.0.1:")
    assert (model, cache_hit, error) == ("gpt-4o-mini", False, None)
    assert tokens_in > 0 and tokens_out > 0
    assert cost == pytest.approx((tokens_in * 0.15 + tokens_out * 0.60) / 1_000_000)


def test_a_429_waits_as_long_as_retry_after_says(fake_openai, store):
    fake_openai.script.append({"status": 429, "headers": {"Retry-After": "0.25"}, "message": "slow down"})
    sleeps: list[float] = []

    _adapter(fake_openai, store, sleeps).generate(TASK, ExtractedJD)

    assert sleeps == [0.25]
    assert len(fake_openai.chat_requests()) == 2


def test_server_errors_are_retried_with_growing_backoff_then_fail_clearly(fake_openai, store):
    fake_openai.script += [{"status": 500}, {"status": 503}]
    sleeps: list[float] = []
    _adapter(fake_openai, store, sleeps).generate(TASK, ExtractedJD)
    assert len(sleeps) == 2 and 0 < sleeps[0] <= sleeps[1]

    fake_openai.reset()
    fake_openai.script += [{"status": 500}] * 3
    with pytest.raises(RetriesExhausted, match="failed after 3 attempts"):
        _adapter(fake_openai, store).generate(TASK, ExtractedJD)
    assert len(fake_openai.chat_requests()) == 3


def test_a_slow_answer_times_out_and_is_retried(fake_openai, store):
    fake_openai.script.append({"sleep": 2.0})

    result = _adapter(fake_openai, store).generate(TASK, ExtractedJD)

    assert result.company == "Acme"
    assert len(fake_openai.chat_requests()) == 2


def test_a_malformed_answer_gets_one_repair_attempt(fake_openai, store):
    fake_openai.script.append({"content": '{"title": "Senior Platform Engineer", "company": '})

    result = _adapter(fake_openai, store).generate(TASK, ExtractedJD)

    assert result.company == "Acme"
    _, repair = fake_openai.chat_requests()
    assert repair["body"]["messages"][-2]["content"].startswith('{"title"')
    assert "not valid for the schema" in repair["body"]["messages"][-1]["content"]


def test_a_second_malformed_answer_fails_with_the_reason(fake_openai, store):
    fake_openai.script += [{"content": "no JSON here"}, {"content": '{"title": 3}'}]

    with pytest.raises(MalformedAnswer, match="no valid extracted_jd answer after one repair attempt"):
        _adapter(fake_openai, store).generate(TASK, ExtractedJD)
    assert len(fake_openai.chat_requests()) == 2


def test_a_refusal_fails_with_the_models_words(fake_openai, store):
    fake_openai.script.append({"refusal": "I can't help with that request."})

    with pytest.raises(ModelRefusal, match="I can't help with that request"):
        _adapter(fake_openai, store).generate(TASK, ExtractedJD)
    assert len(fake_openai.chat_requests()) == 1


def test_a_server_that_rejects_json_schema_is_asked_for_plain_json_from_then_on(store):
    with serve(FakeOpenAI(rejected_formats={"json_schema", "json_object"})) as server:
        first = _adapter(server, store).generate(TASK, ExtractedJD)
        formats = [(r["body"].get("response_format") or {}).get("type") for r in server.chat_requests()]
        assert formats == ["json_schema", "json_object", None]
        assert "JSON schema of the answer" in server.chat_requests()[-1]["body"]["messages"][0]["content"]

        second = _adapter(server, store).generate(TASK, ExtractedJD)

        assert first == second
        assert len(server.chat_requests()) == 4  # the downgrade was remembered: one request


def test_concurrent_calls_are_bounded(tmp_path):
    with serve(FakeOpenAI(delay_seconds=0.3)) as server:
        threads = [
            threading.Thread(
                target=lambda i=i: _adapter(
                    server, DuckDBStore(tmp_path / f"{i}.duckdb"), concurrency=2
                ).generate(TASK, ExtractedJD)
            )
            for i in range(5)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(server.chat_requests()) == 5
        assert server.max_in_flight == 2


def test_the_budget_stops_further_calls(fake_openai, store):
    adapter = _adapter(fake_openai, store, budget=0.000001)
    adapter.generate(TASK, ExtractedJD)

    with pytest.raises(BudgetExceeded, match="JOBINTEL_BUDGET_USD"):
        adapter.generate(TASK, ExtractedJD)
    assert len(fake_openai.chat_requests()) == 1


def test_the_api_key_never_reaches_the_ledger(fake_openai, store):
    fake_openai.script.append({"status": 401, "message": f"Incorrect API key provided: {API_KEY}"})

    with pytest.raises(openai.AuthenticationError):
        _adapter(fake_openai, store).generate(TASK, ExtractedJD)
    ((*_, error),) = _ledger_rows(store)
    assert "Incorrect API key provided: ***" in error
    assert API_KEY not in error
