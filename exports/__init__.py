"""Exports shared by the dashboard and the batch command: data files of a view, figures rendered to PNG/SVG/JPEG/PDF."""
