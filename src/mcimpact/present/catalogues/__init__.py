"""The language catalogues: one module per language code (``nl.py``, ``en.py``), read by
:class:`mcimpact.present.locale.Locale`. Dutch is the reference: every catalogue has
exactly its keys and, per text, its ``{placeholders}``."""
