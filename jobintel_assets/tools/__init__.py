"""Build-time tools: they read raw sources and write the data the project carries."""
