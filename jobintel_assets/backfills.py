"""Backfills on a running Dagster webserver, through its GraphQL API: launch one, follow it.

`jobintel rescore` uses it when the UI and its daemon run, so the daemon runs the backfill in batches
(the assets' backfill policy) and the UI shows it. Plain HTTP and JSON: nothing of Dagster's internals.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LAUNCH_BACKFILL = """
mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on UnauthorizedError { message }
    ... on PartitionSetNotFoundError { message }
    ... on InvalidStepError { invalidStepKey }
    ... on InvalidOutputError { invalidOutputName }
  }
}
"""

BACKFILL_STATUS = """
query Status($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      status
      assetBackfillData {
        assetBackfillStatuses {
          ... on AssetPartitionsStatusCounts {
            assetKey { path }
            numPartitionsTargeted
            numPartitionsInProgress
            numPartitionsMaterialized
            numPartitionsFailed
          }
        }
      }
    }
    ... on PythonError { message }
    ... on BackfillNotFoundError { message }
  }
}
"""

FINISHED_BACKFILL = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}


class BackfillError(RuntimeError):
    """The webserver refused or could not start the backfill."""


def graphql(url: str, query: str, variables: dict[str, object], timeout: float = 30.0) -> dict[str, Any]:
    """The ``data`` of the answer: parsed JSON in the shape the query asks for, not checked further."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = json.loads(response.read())
    if body.get("errors"):
        raise BackfillError(f"{url}: {body['errors'][0].get('message')}")
    return body["data"]


def webserver_reachable(url: str) -> bool:
    try:
        graphql(url, "{ version }", {}, timeout=3.0)
    except (OSError, urllib.error.URLError, BackfillError, ValueError):
        return False
    return True


def launch_backfill(url: str, assets: Sequence[str], job_ids: Sequence[str], title: str) -> str:
    """Launch a backfill of ``assets`` (asset names) for ``job_ids`` on the webserver; its id."""
    params = {
        "assetSelection": [{"path": [asset]} for asset in assets],
        "partitionNames": list(job_ids),
        "title": title,
    }
    answer = graphql(url, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    if answer["__typename"] != "LaunchBackfillSuccess":
        raise BackfillError(
            f"{url} did not launch the backfill: {answer.get('message') or answer['__typename']}"
        )
    return answer["backfillId"]


@dataclass(frozen=True)
class BackfillProgress:
    status: str
    targeted: int
    materialized: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_BACKFILL


def backfill_progress(url: str, backfill_id: str, asset: str) -> BackfillProgress:
    """Where the backfill stands for ``asset`` (the selection's last asset counts the jobs done)."""
    answer = graphql(url, BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]
    if answer["__typename"] != "PartitionBackfill":
        raise BackfillError(f"backfill {backfill_id}: {answer.get('message') or answer['__typename']}")
    counts: dict[str, Any] = next(
        (
            status
            for status in (answer.get("assetBackfillData") or {}).get("assetBackfillStatuses", [])
            if status.get("assetKey", {}).get("path") == [asset]
        ),
        {},
    )
    return BackfillProgress(
        status=answer["status"],
        targeted=counts.get("numPartitionsTargeted", 0),
        materialized=counts.get("numPartitionsMaterialized", 0),
        failed=counts.get("numPartitionsFailed", 0),
    )
