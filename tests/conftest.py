"""Tier 1: plain pytest, no Frappe. Makes the app package importable from the repo root."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))
