"""Pure layer logic over pydantic models: no Dagster, DuckDB, OpenAI or Firecrawl in here.

Every layer module has the same shape, so reading one explains them all:

- ``LAYER`` (the asset name), ``PROMPT_VERSION`` (bump it when the prompt or heuristic
  changes: it is part of every cache key) and ``PROMPT`` (what a model is asked: persona, task,
  grounding rules; the adapter adds the inputs and the output schema);
- ``<Layer>Inputs``: the pydantic model of everything the layer reads; its hash is the cache key;
- ``heuristic(inputs)``: the deterministic offline derivation (the offline LLM adapter calls it);
- ``ground(result, inputs)``: enforces grounding in code on whatever produced the result
  (heuristic or model): drops what the inputs cannot support;
- ``build(inputs, llm)``: ``ground(llm.generate(task, Model), inputs)`` where ``task`` is
  ``LayerTask(LAYER, PROMPT_VERSION, inputs, PROMPT)``;
- ``check_*(result, inputs) -> list[str]``: the SPEC.md CHECKs, one message per violation,
  run by the Dagster asset checks.
"""
