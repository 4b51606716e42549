"""Agenda files: load with positions, check, and write back without losing a comment."""
