#!/usr/bin/env python3
"""Command-line entry: ``python build.py build|ingest|serve|check``."""
from __future__ import annotations

import sys
from pathlib import Path

from site_src.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], Path(__file__).resolve().parent))
