"""`jobintel cv import` / `jobintel cv export`: a master CV draft from the CV a user already has.

``readers`` turns a file into text (PDF, DOCX, Markdown, plain text) or JSON Resume data and raises
``CvImportError`` for anything it cannot read; ``parse`` and ``json_resume`` turn that into a
``Draft`` without touching files; ``draft`` writes the draft as commented YAML.
"""
