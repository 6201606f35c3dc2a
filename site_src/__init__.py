"""Static literature-survey site generator: seeds -> content/*.md -> _site/."""
