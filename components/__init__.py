"""Reusable Streamlit pieces: data access with caching, the shared sidebar, provenance labels, charts."""
