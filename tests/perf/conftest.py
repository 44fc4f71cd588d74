"""Let the perf tests import their helpers (closure_compare, random_graphs) by name."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
