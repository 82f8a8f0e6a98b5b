"""The pure layer chain with the bundled master CV and company notes, for tests over many postings."""

from __future__ import annotations

from pathlib import Path

from jobintel_assets.adapters.offline import OfflineWebResearch
from jobintel_assets.ingestion.candidate import load_candidate
from jobintel_assets.layers.models import CandidateProfile, JobPosting
from jobintel_assets.layers.ports import LLM, WebResearch
from jobintel_tests import chain
from jobintel_tests.conftest import CANDIDATE_DIR, COMPANIES_DIR


def master_cv() -> CandidateProfile:
    return load_candidate(CANDIDATE_DIR)


def offline_web(companies_dir: Path = COMPANIES_DIR) -> WebResearch:
    return OfflineWebResearch(companies_dir)


def run_chain(
    posting: JobPosting, candidate: CandidateProfile, llm: LLM, web: WebResearch | None = None
) -> chain.ChainResult:
    return chain.run_chain(posting, candidate, llm, web or offline_web())
