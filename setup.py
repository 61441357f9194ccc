# Shim for tools that still look for setup.py; pyproject.toml is the source of truth.
from setuptools import setup

setup()
