"""Workbench: train and inspect small neural networks, Transformers first."""

__version__ = "0.1.0"
