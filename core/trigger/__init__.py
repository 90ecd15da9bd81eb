"""Trigger-word detection ("activate"): synthesised clips, features, model and detectors.

Course: Sequence Models, week 3, "Trigger word detection".
"""
