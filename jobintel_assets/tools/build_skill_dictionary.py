"""Build the skill dictionary the matcher loads (``jobintel_assets/data/skills/``) from ESCO and O*NET.

Run: ``python -m jobintel_assets.tools.build_skill_dictionary --taxonomies PATH/TO/taxonomies
--out jobintel_assets/data/skills/``, where the taxonomies folder holds the ESCO and O*NET CSV
exports. They are only read here; the package carries the compact result.

Sources, in order of precedence (an alias belongs to the first entry that claims it):
1. ``curated_aliases.tsv`` in the output folder: hand-kept tech spellings (k8s, Postgres, JS ...);
2. ESCO transversal skills with short labels (kind ``skill``: 'work in teams', 'solve problems');
3. ESCO knowledge concepts with short labels (technologies, methods, domains; kind ``knowledge``),
   leaving out occupation-specific ones, which are trades far from tech postings;
4. O*NET technology examples that are named products (kind ``knowledge``), hot or widely used.

It also writes ``skill_graph.tsv``: ``narrower <TAB> broader|broader ...`` between dictionary
entries, from ESCO's digital skills collection (each skill's broader concepts), then
``curated_implications.tsv`` in the output folder (GCP -> Cloud computing, and O*NET UNSPSC
commodity titles mapped to a broader skill: every database product -> Databases).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jobintel_assets.layers.skills import match_key

CURATED_FILE = "curated_aliases.tsv"
DICTIONARY_FILE = "skills.tsv.gz"
IMPLICATIONS_FILE = "curated_implications.tsv"
GRAPH_FILE = "skill_graph.tsv"
ONET_COMMODITY = "onet:"
MAX_LABEL_WORDS = 3
# An O*NET product used by this many occupations is common enough to keep even when not 'hot'.
MIN_ONET_OCCUPATIONS = 3
# A lowercase single-word ESCO label is kept only when it names a discipline ('bioinformatics',
# 'statistics'); other single words ('pregnancy', 'trademarks', 'electricity') are everyday English.
DISCIPLINE_SUFFIXES = ("ology", "ologies", "ics", "istry", "onomy", "graphy", "metry", "otics", "ronics")
NOT_DISCIPLINES = frozenset({"terminology", "ethics", "logistics", "aesthetics", "politics"})
# ESCO labels that read as something else in a posting: benefits ('personal development'), duties
# ('be responsible'), initials ('HR' for human resource management, 'NAV' for Dynamics) or brands.
EXCLUDED_ESCO_LABELS = frozenset(
    {"be responsible", "enjoy working", "personal development", "HR", "NAV", "IO", "IT", "Google"}
)
# ESCO all-caps alternative labels this short ('RE', 'HR') are also English words or initials.
MAX_CASE_FREE_ACRONYM = 3
MAX_ACRONYM_LETTERS = 6
_ACRONYM_TAIL = re.compile(r"^(?P<name>.+?)\s+(?P<acronym>[A-Z][A-Z0-9+#/.-]{1,})$")


@dataclass
class Entry:
    canonical: str
    kind: str
    aliases: list[str] = field(default_factory=list)


class DictionaryBuilder:
    """Collects entries; an alias key (as the matcher sees it) belongs to the first entry claiming it."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.owner_by_key: dict[str, str] = {}

    def add(self, canonical: str, kind: str, aliases: list[str]) -> None:
        canonical = canonical.strip()
        canonical_key = match_key(canonical)
        if not canonical_key:
            return
        owner = self.owner_by_key.get(canonical_key)
        # A new entry may restate its own name with a marker ('~Danish'); a merged one adds new keys only.
        own_key = canonical_key if owner is None else None
        if owner is None:
            self.owner_by_key[canonical_key] = canonical
        else:
            canonical = owner  # the same concept under a name seen before: merge into that entry
        entry = self.entries.setdefault(canonical, Entry(canonical, kind))
        for alias in aliases:
            surface = alias.strip()
            key = match_key(surface.lstrip("^~"))
            if not key or (key in self.owner_by_key and key != own_key):
                continue
            self.owner_by_key[key] = canonical
            if surface != canonical and surface not in entry.aliases:
                entry.aliases.append(surface)

    def write(self, path: Path) -> None:
        lines = [
            f"{e.canonical}\t{e.kind}\t{'|'.join(e.aliases)}\n"
            for e in sorted(self.entries.values(), key=lambda e: e.canonical.lower())
        ]
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
            packed.write("".join(lines).encode("utf-8"))


def _short(label: str) -> bool:
    return 0 < len(label.split()) <= MAX_LABEL_WORDS and "(" not in label


def _usable_esco_label(label: str, kind: str) -> bool:
    if not _short(label) or label in EXCLUDED_ESCO_LABELS:
        return False
    if " " in label or label != label.lower():
        return True
    return kind == "knowledge" and label.endswith(DISCIPLINE_SUFFIXES) and label not in NOT_DISCIPLINES


def _esco_alias(label: str, preferred: str, is_language: bool) -> str:
    """Languages ('Danish') and capitalised alternative names ('Access' of 'Microsoft Access') need
    context; short acronyms ('RE') need their exact case."""
    if is_language or (label != preferred and " " not in label and label == label.capitalize()):
        return "~" + label
    if label.isupper() and len(label) <= MAX_CASE_FREE_ACRONYM:
        return "^" + label
    return label


def _foreign_acronym(alias: str, label: str) -> bool:
    """An acronym that does not abbreviate its concept's name means something else in postings:
    'POS' of 'blockchain consensus mechanisms' (proof of stake) is a point of sale first."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if not letters or not letters.isupper() or len(letters) > MAX_ACRONYM_LETTERS:
        return False
    words = re.findall(r"[a-z]+", label.lower())
    if not words or words[0][0] != letters[0].lower():
        return True
    rest = iter("".join(words)[1:])
    return not all(letter in rest for letter in letters[1:].lower())


def _esco_alt_labels(raw: str) -> list[str]:
    return [a.strip() for a in re.split(r"\n|\s\|\s", raw) if a.strip()]


def _add_esco_concept(builder: DictionaryBuilder, row: dict[str, str], kind: str) -> None:
    label = row["preferredLabel"].strip()
    if not _usable_esco_label(label, kind):
        return
    alt_labels = _esco_alt_labels(row["altLabels"])
    is_language = any("spoken and written" in a for a in alt_labels)
    labels = [
        a
        for a in [label, *alt_labels]
        if _usable_esco_label(a, kind) and not (a != label and _foreign_acronym(a, label))
    ]
    builder.add(label, kind, [_esco_alias(a, label, is_language) for a in labels])


def add_curated(builder: DictionaryBuilder, path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, kind, aliases = line.split("\t")
        builder.add(canonical, kind, [a for a in aliases.split("|") if a])


def add_esco_transversal(builder: DictionaryBuilder, path: Path) -> None:
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _add_esco_concept(builder, row, "knowledge" if row["skillType"] == "knowledge" else "skill")


def add_esco_knowledge(builder: DictionaryBuilder, skills_path: Path, digital_path: Path) -> None:
    with digital_path.open(encoding="utf-8") as handle:
        digital = {row["conceptUri"] for row in csv.DictReader(handle)}
    with skills_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["skillType"] != "knowledge" or row["status"] != "released":
                continue
            if row["reuseLevel"] == "occupation-specific" and row["conceptUri"] not in digital:
                continue
            _add_esco_concept(builder, row, "knowledge")


def _onet_product_names(example: str) -> list[str]:
    """'Structured query language SQL' -> the name and its acronym; generic categories -> []."""
    name = re.sub(r"\s+software$", "", example.strip())
    if name == name[:1] + name[1:].lower() and " " in name:
        return []  # 'Word processing', 'Web browser': a category, not a product
    match = _ACRONYM_TAIL.match(name)
    if match and len(match["name"].split()) > 1 and _abbreviates(match["acronym"], match["name"]):
        return [match["name"], match["acronym"]]
    return [name]


def _abbreviates(acronym: str, name: str) -> bool:
    """'SQL' abbreviates 'Structured query language'; 'HR' does not abbreviate 'ADP Enterprise'."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).upper()
    return acronym[0] == initials[0] and set(re.sub(r"[^A-Z]", "", acronym)) <= set(initials)


def _onet_alias(name: str) -> str:
    """Single capitalised words ('Slack', 'Box') are English words too: require context for them."""
    if " " in name or not name.isalpha():
        return name
    return "~" + name if name[:1].isupper() and name[1:].islower() else "^" + name


def add_onet(builder: DictionaryBuilder, path: Path) -> None:
    occupations: Counter[str] = Counter()
    hot: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            occupations[row["Example"]] += 1
            if row["Hot Technology"] == "Y":
                hot.add(row["Example"])
    for example, count in sorted(occupations.items()):
        if example not in hot and count < MIN_ONET_OCCUPATIONS:
            continue
        names = _onet_product_names(example)
        if not names or len(names[0].split()) > MAX_LABEL_WORDS + 1:
            continue
        builder.add(names[0], "knowledge", [_onet_alias(n) for n in names])


class GraphBuilder:
    """Edges narrower -> broader between dictionary entries, named as the dictionary names them."""

    def __init__(self, dictionary: DictionaryBuilder) -> None:
        self.dictionary = dictionary
        self.broader: dict[str, set[str]] = {}

    def canonical(self, name: str) -> str | None:
        return self.dictionary.owner_by_key.get(match_key(name.strip().lstrip("^~")))

    def add(self, narrower: str, broader: str) -> bool:
        low, high = self.canonical(narrower), self.canonical(broader)
        if low is None or high is None or low == high:
            return False
        self.broader.setdefault(low, set()).add(high)
        return True

    def write(self, path: Path) -> None:
        lines = [f"{low}\t{'|'.join(sorted(high))}\n" for low, high in sorted(self.broader.items())]
        path.write_text("".join(lines), encoding="utf-8")


def add_esco_broader(graph: GraphBuilder, digital_path: Path) -> None:
    with digital_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for broader in row["broaderConceptPT"].split(" | "):
                graph.add(row["preferredLabel"], broader)


def add_curated_implications(graph: GraphBuilder, path: Path, onet_path: Path) -> None:
    """Curated lines; an unknown name is an error, so a typo cannot silently drop an implication."""
    products_by_commodity: dict[str, list[str]] = {}
    with onet_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            names = _onet_product_names(row["Example"])
            if names:
                products_by_commodity.setdefault(row["Commodity Title"], []).append(names[0])
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        narrower, broader_names = line.split("\t")
        for broader in broader_names.split("|"):
            if narrower.startswith(ONET_COMMODITY):
                for product in products_by_commodity.get(narrower.removeprefix(ONET_COMMODITY), []):
                    graph.add(product, broader)
            elif not graph.add(narrower, broader):
                raise SystemExit(f"{path}:{number}: '{narrower}' or '{broader}' is not a dictionary skill")


def build(taxonomies: Path, out: Path) -> DictionaryBuilder:
    builder = DictionaryBuilder()
    add_curated(builder, out / CURATED_FILE)
    esco = taxonomies / "esco"
    add_esco_transversal(builder, esco / "transversalSkillsCollection_en.csv")
    add_esco_knowledge(builder, esco / "skills_en.csv", esco / "digitalSkillsCollection_en.csv")
    onet = taxonomies / "onet" / "Technology Skills.txt"
    add_onet(builder, onet)
    builder.write(out / DICTIONARY_FILE)
    graph = GraphBuilder(builder)
    add_esco_broader(graph, esco / "digitalSkillsCollection_en.csv")
    add_curated_implications(graph, out / IMPLICATIONS_FILE, onet)
    graph.write(out / GRAPH_FILE)
    return builder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomies", type=Path, required=True, help="folder with esco/ and onet/")
    parser.add_argument("--out", type=Path, default=Path("jobintel_assets/data/skills"))
    args = parser.parse_args()
    builder = build(args.taxonomies, args.out)
    size = (args.out / DICTIONARY_FILE).stat().st_size
    kinds = Counter(e.kind for e in builder.entries.values())
    aliases = len(builder.owner_by_key)
    print(f"{len(builder.entries)} entries {dict(kinds)}, {aliases} alias keys, {size} bytes")


if __name__ == "__main__":
    main()
