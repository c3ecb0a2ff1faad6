"""Challenges: timed production challenges, participation, submissions and XP."""
