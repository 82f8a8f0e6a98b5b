"""The Dagster shell, generated from the layer registry: assets and their checks, jobs, sensors,
schedules and resources. `dagster dev -m jobintel_assets.defs` (what `jobintel ui` runs) and
workspace.yaml load ``defs``; the CLI builds its own with ``build_definitions(paths)``."""

from jobintel_assets.defs.definitions import build_definitions

defs = build_definitions()
