"""Bring users' files into the workspace (readers, roles, cleaning, regions, aggregation, Dask engine).

No Dash, no Plotly.
"""
