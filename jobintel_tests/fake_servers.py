"""Local stand-ins for the OpenAI and Firecrawl HTTP APIs, on 127.0.0.1 only, for the real client libraries.

They answer in the real APIs' wire format. A test queues misbehaviours (``script``: a 429 with
Retry-After, a 500, a slow answer, malformed JSON, a refusal) that are served before normal answers.
The OpenAI stand-in answers a layer task with that layer's offline heuristic run on the inputs it
was sent (so the whole pipeline can run on it); its reading of a posting (extracted_jd) carries the
pain points too, one of them with evidence the posting does not contain, which grounding must drop.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jobintel_assets.cv_import import model as cv_import_model
from jobintel_assets.layers import (
    company_research,
    contacts,
    cv,
    dossier,
    extracted_jd,
    fit_score,
    interview_prep,
    pain_points,
)
from jobintel_assets.layers.models import Confidence, EvidencedItem

# A posting containing this text is always answered with text that is not JSON.
MALFORMED_MARKER = "FAKE-SERVER-ANSWERS-MALFORMED"
INVENTED_EVIDENCE = "We are migrating our mainframe to quantum computers by Friday."

_INPUTS = {
    extracted_jd.LAYER: (extracted_jd, extracted_jd.ExtractedJDInputs),
    pain_points.LAYER: (pain_points, pain_points.PainPointsInputs),
    company_research.LAYER: (company_research, company_research.CompanyResearchInputs),
    fit_score.LAYER: (fit_score, fit_score.FitScoreInputs),
    contacts.LAYER: (contacts, contacts.ContactsInputs),
    cv.LAYER: (cv, cv.CVInputs),
    interview_prep.LAYER: (interview_prep, interview_prep.InterviewPrepInputs),
    dossier.LAYER: (dossier, dossier.DossierInputs),
    cv_import_model.LAYER: (cv_import_model, cv_import_model.CvImportInputs),
}


@dataclass
class FakeServer:
    """State shared between a test and its server thread."""

    url: str = ""
    script: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    delay_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.script.clear()
            self.requests.clear()
            self.in_flight = self.max_in_flight = 0
            self.delay_seconds = 0.0

    def next_behaviour(self) -> dict:
        with self.lock:
            return self.script.pop(0) if self.script else {}


@dataclass
class FakeOpenAI(FakeServer):
    # Response formats the server rejects with a 400, as some local servers do.
    rejected_formats: set[str] = field(default_factory=set)

    def reset(self) -> None:
        super().reset()
        self.rejected_formats.clear()

    def chat_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def answer(self, body: dict) -> tuple[int, dict, dict]:
        behaviour = self.next_behaviour()
        if "status" in behaviour:
            message = behaviour.get("message", "server error")
            return behaviour["status"], behaviour.get("headers", {}), {"error": {"message": message}}
        time.sleep(behaviour.get("sleep", 0.0) + self.delay_seconds)
        format_type = (body.get("response_format") or {}).get("type", "text")
        if format_type in self.rejected_formats:
            error = {
                "message": f"response_format type {format_type!r} is not supported",
                "param": "response_format",
            }
            return 400, {}, {"error": error}
        refusal = behaviour.get("refusal")
        content = None if refusal else behaviour.get("content") or self._layer_answer(body)
        prompt = json.dumps(body["messages"])
        completion = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": len(prompt) // 4,
                "completion_tokens": len(content or "") // 4,
                "total_tokens": (len(prompt) + len(content or "")) // 4,
            },
        }
        return 200, {}, completion

    @staticmethod
    def _layer_answer(body: dict) -> str:
        user = body["messages"][1]["content"]
        layer = user.removeprefix("Task: ").split(" ", 1)[0]
        inputs_json = user.split("Inputs (JSON):\n", 1)[1]
        if MALFORMED_MARKER in inputs_json:
            return "Sure! Here is the analysis you asked for, in prose rather than JSON."
        module, inputs_type = _INPUTS[layer]
        inputs = inputs_type.model_validate_json(inputs_json)
        result = module.heuristic(inputs)
        if layer == extracted_jd.LAYER:  # the pain points come in the same answer, one invented
            reading = pain_points.heuristic(
                pain_points.PainPointsInputs(description=inputs.description, jd=result)
            )
            invented = EvidencedItem(
                text="Invented problem", evidence=INVENTED_EVIDENCE, confidence=Confidence.high
            )
            result = result.model_copy(
                update={
                    "pain_reading": reading.model_copy(
                        update={"pain_points": [invented, *reading.pain_points[:5]]}
                    )
                }
            )
        return "```json\n" + result.model_dump_json() + "\n```"


@dataclass
class FakeFirecrawl(FakeServer):
    """Companies the fake web knows: name -> site URL, site Markdown, news items, people search results."""

    companies: dict[str, dict] = field(default_factory=dict)

    def calls(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)

    def _company(self, text: str) -> dict | None:
        return next((c for name, c in self.companies.items() if name.lower() in text.lower()), None)

    def answer(self, body: dict, path: str) -> tuple[int, dict, dict]:
        behaviour = self.next_behaviour()
        if "status" in behaviour:
            error = {"success": False, "error": behaviour.get("message", "server error")}
            return behaviour["status"], behaviour.get("headers", {}), error
        time.sleep(behaviour.get("sleep", 0.0) + self.delay_seconds)
        if path == "/v2/scrape":
            company = next((c for c in self.companies.values() if c["site"] == body["url"]), None)
            if company is None:
                return 404, {}, {"success": False, "error": f"could not reach {body['url']}"}
            metadata = {"title": company["title"], "sourceURL": body["url"], "statusCode": 200}
            metadata["publishedTime"] = company.get("published")
            return 200, {}, {"success": True, "data": {"markdown": company["markdown"], "metadata": metadata}}
        query = body["query"]
        company = self._company(query) or {}
        if "site:linkedin.com/in" in query:
            return 200, {}, {"success": True, "data": {"web": company.get("people", [])}}
        sources = [s["type"] if isinstance(s, dict) else s for s in body.get("sources") or []]
        if "news" in sources:
            return 200, {}, {"success": True, "data": {"news": company.get("news", [])}}
        web = [{"url": "https://www.linkedin.com/company/x", "title": "LinkedIn", "description": "a profile"}]
        if company:
            web.append({"url": company["site"], "title": company["title"], "description": "Official site"})
        return 200, {}, {"success": True, "data": {"web": web}}


def _handler(state: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            with state.lock:
                state.requests.append({"path": self.path, "body": body, "at": time.monotonic()})
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            try:
                if isinstance(state, FakeOpenAI):
                    status, headers, payload = state.answer(body)
                else:
                    status, headers, payload = state.answer(body, self.path)
            finally:
                with state.lock:
                    state.in_flight -= 1
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler


@contextmanager
def serve(state: FakeServer) -> Iterator[FakeServer]:
    """Serve ``state`` on 127.0.0.1 at a free port until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
