"""Pure layer logic over pydantic models: no Dagster, DuckDB, OpenAI or Firecrawl in here.

``registry.py`` lists the layers, once. Every layer module has the same shape, so reading one
explains them all:

- ``LAYER`` (the asset name), ``PROMPT_VERSION`` (``<layer>/v<n>``: bump it when the meaning of
  the output changes; the registry adds a fingerprint of the code, so every edit is a new cache
  key anyway) and ``PROMPT`` (what a model is asked: persona, task,
  grounding rules; the adapter adds the inputs and the output schema);
- ``<Layer>Inputs``: the pydantic model of everything the layer reads; its hash is the cache key;
- ``heuristic(inputs)``: the deterministic offline derivation (the offline LLM adapter calls it);
- ``ground(result, inputs)``: enforces grounding in code on whatever produced the result
  (heuristic or model): drops what the inputs cannot support;
- ``build(inputs, llm)``: ``ground(llm.generate(task, Model), inputs)`` where ``task`` is
  ``LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT)``;
- ``check_*(result, inputs) -> list[str]``: the rules of the layer's contract, one message per
  violation; the registry declares which ones run as the Dagster asset checks.
"""
