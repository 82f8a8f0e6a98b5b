"""Model tiers: one enum for how much model a layer gets, mapped to model names in configuration."""

from __future__ import annotations

from enum import StrEnum

from jobintel_assets.layers.models import Tier
from jobintel_assets.layers.registry import DEEP, stage_layers


class ModelTier(StrEnum):
    fast = "fast"
    balanced = "balanced"
    quality = "quality"
    auto = "auto"  # by the job's fit tier for the expensive layers, balanced elsewhere


# The layers whose cost is worth spending only on jobs that fit: the deep ones, which run for the
# shortlist once the fit is known; the triage layers run before it is.
EXPENSIVE_LAYERS = frozenset(stage_layers(DEEP))

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
