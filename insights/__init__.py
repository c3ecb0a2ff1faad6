"""Insights: Producer DNA, the creativity score, analytics events and the dashboard."""
