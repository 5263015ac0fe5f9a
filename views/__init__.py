"""The filter state of the dashboard and the store-bound orchestration of one view (no Dash, no Plotly)."""
