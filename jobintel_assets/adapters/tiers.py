"""Model tiers: one enum for how much model a layer gets, mapped to model names in configuration."""

from __future__ import annotations

from enum import StrEnum

from jobintel_assets.layers.models import Tier


class ModelTier(StrEnum):
    fast = "fast"
    balanced = "balanced"
    quality = "quality"
    auto = "auto"  # by the job's fit tier for the expensive layers, balanced elsewhere


# The layers whose cost is worth spending only on jobs that fit: the rest runs before the fit is known.
EXPENSIVE_LAYERS = frozenset({"contacts", "cv", "dossier"})

_BY_FIT_TIER = {
    Tier.A: ModelTier.quality,
    Tier.B: ModelTier.balanced,
    Tier.C: ModelTier.fast,
    Tier.D: ModelTier.fast,
}


def resolve_tier(requested: ModelTier, layer: str, fit_tier: Tier | None) -> ModelTier:
    """The concrete tier for one layer call: ``auto`` picks by fit tier (A quality, B balanced, C/D fast)."""
    if requested is not ModelTier.auto:
        return requested
    if layer in EXPENSIVE_LAYERS and fit_tier is not None:
        return _BY_FIT_TIER[fit_tier]
    return ModelTier.balanced
