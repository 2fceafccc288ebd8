"""Civic Atlas KZ: the UI-free logic of the dashboard.

Contract, gazetteer, vocabulary, storage and aggregation queries. Nothing here imports streamlit,
so everything is tested with plain pytest and shared with the command line.
"""

__version__ = "0.1.0"
