"""Which generator this is: a digest of its code, for a cache or a warm process another version made."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from site_src.files import CODE_ROOT, PROJECT_TEMPLATES


def tree_digest(*folders: Path, leaving_out: Path | None = None) -> str:
    """A digest of every file's bytes under ``folders`` (the generator and its templates),
    but those under ``leaving_out``."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and leaving_out not in path.parents:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@cache
def code_digest() -> str:
    """The generator's own code (not its templates), as this process loaded it: computed once."""
    return tree_digest(CODE_ROOT, leaving_out=PROJECT_TEMPLATES)
