"""The skill matcher over the project's own dictionary: aliases, offsets, ambiguity, longest match."""

from __future__ import annotations

import itertools
from pathlib import Path

from jobintel_assets.layers import skills
from jobintel_assets.layers.models import SkillKind
from jobintel_assets.layers.skills import canonical_skill, find_skills, skill_aliases

REPO = Path(__file__).resolve().parents[1]

POSTING = """Senior Platform Engineer (Go / Kubernetes)

About the role
You will run our k8s clusters on GCP and keep our Postgres fleet healthy. We go further than most
teams: every service ships through CI/CD with automated tests.

What you bring
- 5+ years with Go, Python and Bash; Golang generics a plus
- Solid TypeScript and Node.js for internal tooling; some C++, C# or .NET exposure
- Machine learning engineering experience, or at least machine learning basics with scikit-learn
- Stakeholder management and mentoring of junior engineers
- Excellent communication skills and attention to detail
"""


def names(text: str) -> list[str]:
    return [m.name for m in find_skills(text)]


def test_aliases_resolve_to_canonical_names():
    assert canonical_skill("k8s") == "Kubernetes"
    assert canonical_skill("Postgres") == "PostgreSQL"
    assert canonical_skill("psql") == "PostgreSQL"
    assert canonical_skill("JS") == "JavaScript"
    assert canonical_skill("golang") == "Go"
    assert canonical_skill("a word that is no skill") is None
    assert "k8s" in skill_aliases("Kubernetes")
    assert skill_aliases("Kubernetes")[0] == "Kubernetes"


def test_offsets_point_at_the_matched_text():
    mentions = find_skills(POSTING)
    assert mentions, "the posting names many skills"
    for mention in mentions:
        assert POSTING[mention.start : mention.end] == mention.matched_text
        assert mention.section is None
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for earlier, later in itertools.pairwise(mentions):
        assert earlier.end <= later.start


def test_posting_skills_found_with_canonical_names():
    found = set(names(POSTING))
    expected = {"Kubernetes", "Google Cloud Platform", "PostgreSQL", "CI/CD", "Go", "Python", "TypeScript"}
    assert expected <= found
    assert {"Node.js", "C++", "C#", ".NET", "scikit-learn", "Shell scripting"} <= found


def test_go_is_the_language_only_in_technical_context():
    assert names("We go further than most teams and go the extra mile.") == []
    assert "Go" in names("Experience with Go, Rust and Python.")
    assert "Go" in names("We are hiring a Go developer.")
    assert "Go" in names("Golang or Java")
    mention = next(m for m in find_skills("Backend in Golang.") if m.name == "Go")
    assert mention.matched_text == "Golang"


def test_other_ambiguous_words_need_context():
    assert "Swift" not in names("We move at a swift pace.")
    assert "Swift" in names("Native iOS work in Swift and Kotlin.")
    assert "Microsoft Excel" not in names("Excel at building relationships with customers.")
    assert "Microsoft Excel" in names("Advanced Excel skills (pivot tables).")
    assert "R" not in names("R&D budget")
    assert "R" in names("Statistics in R or Python")


def test_punctuated_names_are_found_whole():
    mentions = {m.matched_text: m.name for m in find_skills("C++, C#, .NET and Node.js; CI/CD; scikit-learn")}
    assert mentions == {
        "C++": "C++",
        "C#": "C#",
        ".NET": ".NET",
        "Node.js": "Node.js",
        "CI/CD": "CI/CD",
        "scikit-learn": "scikit-learn",
    }


def test_dotnet_is_not_a_full_stop_followed_by_net():
    assert ".NET" not in names("We are on the internet. Net revenue grew.")


def test_longest_match_wins():
    mentions = find_skills("Machine learning engineering is different from machine learning.")
    assert [(m.name, m.matched_text) for m in mentions] == [
        ("Machine learning engineering", "Machine learning engineering"),
        ("Machine learning", "machine learning"),
    ]


def test_soft_skills_are_skill_kind():
    mentions = find_skills(POSTING)
    soft = {m.name for m in mentions if m.kind is SkillKind.skill}
    assert {"Stakeholder management", "Mentoring", "Communication", "Attention to detail"} <= soft
    assert all(m.kind is SkillKind.knowledge for m in mentions if m.name in {"Kubernetes", "Python"})


def test_spacing_and_hyphens_inside_a_name_do_not_matter():
    mentions = find_skills("Node . js services on amazon-web-services, models in scikit learn")
    assert [(m.name, m.matched_text) for m in mentions] == [
        ("Node.js", "Node . js"),
        ("Amazon Web Services", "amazon-web-services"),
        ("scikit-learn", "scikit learn"),
    ]


def test_dictionary_is_the_bundled_file():
    assert skills.DICTIONARY_PATH == REPO / "jobintel_assets" / "data" / "skills" / "skills.tsv.gz"
    assert skills.DICTIONARY_PATH.stat().st_size < 2_000_000
    assert "/work/shared" not in str(skills.DICTIONARY_PATH)


def test_a_contraction_is_not_a_skill():
    names = [m.matched_text for m in find_skills("WE'RE hiring someone who knows regular expressions (RE).")]
    assert "RE" in names and names.count("RE") == 1
    assert all(m.start != 3 for m in find_skills("WE'RE hiring"))
