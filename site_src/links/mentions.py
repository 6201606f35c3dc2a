"""Mentions: an abstract that names another paper of the survey by its short name.

A paper *claims* a short name in one of three ways, strongest first:

- its title starts with a name-like part before a colon or `` -- ``
  (``RSMamba: ...``, ``Grad-CAM: ...``, ``The MAMe Dataset: ...``), or puts one in
  parentheses (``Let's Go Shopping (LGS) -- ...``);
- its abstract coins it with a naming phrase: ``which we call SN-Net``,
  ``dubbed X``, ``named X``, ``termed X``, ``we propose X``, ``we introduce X``;
- its abstract puts it in parentheses in a sentence that proposes something
  (``we introduce Customized Prompts via Language models (CuPL, ...)``).

A paper whose name is a sized or versioned member of a family (``YOLOv8``, ``Llama 2``,
``LLaMA-2 7B``, ``Swin-T``) also claims the family name (``YOLO``, ``Llama``, ``Swin``), weakly, and
only when it is the family's one member in the survey and no paper claims the family name itself;
and an abstract naming a member (``RSMamba-L``, ``SakaixV2``) names the paper that claims its family.

A name links only to the one paper that claims it. A name two papers claim links to
neither and is reported as ambiguous. Generic acronyms (``CNN``, ``ViT``, ``CLIP`` ...)
never link, and neither does a name that only a parenthesis claims while several
other abstracts use it as common vocabulary. Matching is case-sensitive on whole
names: ``ViT`` does not match inside ``DaViT`` nor ``SimCLR`` inside ``G-SimCLR``.

Speed: abstracts are tokenised once and each token (or short run of tokens, for
multi-word names) is looked up in a dict of names, so the cost grows with the total
text, not with names x papers.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from site_src.model import Paper

# Acronyms and names that papers use without introducing them. A paper that expands
# one of these in parentheses ("Convolutional Neural Networks (CNNs)") claims nothing.
GENERIC_NAMES = frozenset(
    """
    AI XAI AGI ML DL RL NLP CV SOTA SSL MLP MLPs GAN GANs LLM LLMs VLM VLMs MLLM MLLMs
    LVLM LVLMs LMM LMMs CNN CNNs ConvNet ConvNets DNN DNNs RNN RNNs LSTM GRU ViT ViTs
    CLIP BERT GPT ResNet ResNets VGG DINO SAM VAE VAEs GNN GNNs SVM SVMs KNN kNN PCA
    MAE MAEs MIM MIL WSI WSIs OOD IID SGD ReLU GPU GPUs CPU CPUs TPU TPUs FPGA FPGAs
    ASIC IoT API APIs FLOPs GFLOPs MACs MRI CT PET OCR VQA RGB HSI SAR IoU mAP FID AUC
    ROC SNN SNNs ANN ANNs QNN QNNs NAS KD PEFT LoRA ImageNet CIFAR MNIST COCO VOC CUB
    TCGA DDPM DDPMs DiT DiTs EEG ECG CAM HOG SIFT URL CUDA JPEG PNG GPT-4 GPT-4V
    GPT-3 ChatGPT KAN KANs SSM SSMs EMA SVD BoW GMM GMMs ISP IQA SMT ReID reID CTC NeRF
    YOLO ViT-B ViT-L ViT-H LiDAR RGB-D
    """.split()
)

# A parenthesis-only name used by this many other abstracts is common vocabulary.
GENERIC_MIN_USERS = 3

_PART = r"[A-Za-z0-9](?:[A-Za-z0-9_]|(?<=\d)\.(?=\d))*"
TOKEN = re.compile(rf"(?<![\w-]){_PART}(?:-{_PART})*")
_TITLE_SPLIT = re.compile(r"\s*(?::|\s--\s|\s—\s)\s*")
_PAREN = re.compile(rf"\(\s*({_PART}(?:-{_PART})*)\s*[,;)]")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")
_PROPOSES = re.compile(
    r"\b(?:we|our|this paper|this work|here)\b.*\b(?:propose|introduce|present|develop|design|devise|call|"
    r"dub|term|name|coin|build|construct|create|release|collect|curate|contribute|offer)",
    re.IGNORECASE,
)
_NAME = rf"{_PART}(?:-{_PART})*"
# "which we call SN-Net", "dubbed X": the name is the next token, unless more capitalised
# words follow it ("called Sparse masKed modeling (SparK)"), when the parenthesis has it.
_CALLED = re.compile(
    rf"(?:\b[Ww]e\s+(?:call|name|term|dub|coin)|\b(?:dubbed|named|termed|coined|called|namely))"
    rf"\s*,?\s*[\"'`]*({_NAME})(?![\w-])(?!\s+[A-Z])"
)
# "we propose CuPL, a ...": a proposal coins a name only when an apposition follows, so
# that "we propose the SparK pre-training for ..." (using SparK) claims nothing.
_PROPOSED = re.compile(
    rf"\b[Ww]e\s+(?:propose|introduce|present)\s+[\"'`]*({_NAME})[\"'`]*"
    rf"(?:\s*[,:(]|\s+(?:--|—|-)\s|\s+(?:a|an|which|that)\b)"
)
_DATASET_WORDS = frozenset({"Dataset", "Database", "Benchmark", "Corpus", "Suite", "Challenge"})
_MAX_WORDS = 3
# What may follow a name after a hyphen and still name it: "-based", "-T", "-50", "-1K".
_VARIANT = re.compile(r"[a-z]\w*|[A-Z]|\d+[A-Za-z]?")
# A size or version after a family name: "v2", "V8", "2", "2.1", "7B", "-L", "-Tiny" (one at a time;
# "LLaMA-2 7B" is a size after a version). Joined to the name, only a "v" version or digits after a
# lower-case letter ("YOLOv8", "Mamba2"); after a hyphen or space, any of them.
_SIZE = r"(?:\d+(?:\.\d+)?[BMK]|T|S|B|L|H|G|XL|XXL|Tiny|Small|Base|Large|Huge|Giant)"
_VERSION = r"(?:[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)*)"
_VERSION_OR_SIZE = re.compile(rf"{_VERSION}|{_SIZE}")
_KEY_GAPS = re.compile(r"[\s-]+")
_MEMBER = re.compile(rf"^(?:(?P<joined>.*?[A-Za-z])(?:[vV]\d+(?:\.\d+)*|(?<=[a-z])\d+(?:\.\d+)*|\+\+)"
                     rf"|(?P<family>.*?[A-Za-z0-9])[-\s](?:{_VERSION}|{_SIZE}))$")
_MIN_FAMILY_LETTERS = 4  # three-letter names (LiT, LIT) are reused across fields
_PREPRINT_LAG_DAYS = 180
# A bare acronym this short (DSM, CLC, MGCA) means different things in different fields;
# only a title may claim one.
_MAX_PLAIN_ACRONYM = 4


@dataclass(frozen=True, slots=True)
class Mentions:
    """Who names whom: ``links[a]`` are the papers whose names ``a``'s abstract uses."""

    links: dict[str, tuple[str, ...]]
    mentioned_by: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]]  # slug -> every short name the paper claims, even shared ones
    ambiguous: dict[str, tuple[str, ...]]
    generic: dict[str, tuple[str, ...]]  # name -> the papers that used it without introducing it
    via: dict[tuple[str, str], str]  # (mentioning slug, mentioned slug) -> the name used


def _part_is_name(part: str) -> bool:
    upper = sum(c.isupper() for c in part)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in part))


@lru_cache(maxsize=1 << 16)
def is_name_like(word: str) -> bool:
    """A single token that reads like a coined name: RSMamba, Grad-CAM, E2GC, T-Stitch.

    Hyphenated ordinary words (Kolmogorov-Arnold, Time-Dependent) are not names.
    """
    if sum(c.isalpha() for c in word) < 3 or not TOKEN.fullmatch(word):
        return False
    parts = word.split("-")
    if any(_part_is_name(part) for part in parts):
        return True
    # "T-Stitch", "X-Node": one capital letter as a prefix to a capitalised word.
    return len(parts) == 2 and len(parts[0]) == 1 and parts[0].isupper() and parts[1][:1].isupper()


def _is_generic(name: str) -> bool:
    if name in GENERIC_NAMES or name.rstrip("s") in GENERIC_NAMES:
        return True
    head = name.split("-")[0]
    # "CNN-based", "ViT-B", "CLIP-like": a generic name with a tag on is still generic.
    return head in GENERIC_NAMES and (name[len(head) + 1 :].islower() or len(name) - len(head) <= 3)


@lru_cache(maxsize=1 << 16)
def family_of(name: str) -> str | None:
    """The family a sized or versioned name belongs to (``YOLOv8`` -> ``YOLO``, ``LLaMA-2 7B`` ->
    ``LLaMA``), or None: a family has four letters or more and starts with a capital."""
    family = None
    m = _MEMBER.match(name)
    while m:  # "LLaMA-2 7B": the size, then the version
        family = m.group("joined") or m.group("family")
        m = _MEMBER.match(family)
    if (family is None or sum(c.isalpha() for c in family) < _MIN_FAMILY_LETTERS or " " in family
            or not family[:1].isupper()):
        return None
    return family


def _phrase_name(phrase: str) -> str | None:
    """The name a title's lead phrase gives, or None when it is ordinary words."""
    words = phrase.split()
    if words and words[0] == "The":
        words = words[1:]
    if words and words[-1] in _DATASET_WORDS or len(words) >= 2 and words[-2] in _DATASET_WORDS:
        named = [w for w in words if is_name_like(w)]
        if len(named) == 1:
            return named[0]
    if not words or len(words) > _MAX_WORDS:
        return None
    if not all(TOKEN.fullmatch(w) and w[0].isupper() for w in words):
        return None
    if not any(is_name_like(w) for w in words):
        return None
    return " ".join(words)


# "The Cityscapes Dataset for ...", "FAIR1M Benchmark ...": a dataset's title introduces its name,
# name-like or not ("Cityscapes").
_DATASET_TITLE = re.compile(rf"^(?:The\s+)?({_NAME})\s+(?:{'|'.join(sorted(_DATASET_WORDS))})\b")


def _title_names(title: str) -> list[str]:
    names = []
    dataset = _DATASET_TITLE.match(title)
    if dataset and dataset.group(1)[:1].isupper() and sum(c.isalpha() for c in dataset.group(1)) >= 3:
        names.append(dataset.group(1))
    parts = _TITLE_SPLIT.split(title, maxsplit=1)
    if len(parts) == 2:
        name = _phrase_name(parts[0])
        if name:
            names.append(name)
    names.extend(m.group(1) for m in _PAREN.finditer(title) if is_name_like(m.group(1)))
    return names


def _abstract_names(abstract: str) -> tuple[list[str], list[str]]:
    """(names the abstract coins with a naming phrase, names it only parenthesises)."""
    found = sorted([*_CALLED.finditer(abstract), *_PROPOSED.finditer(abstract)], key=lambda m: m.start())
    coined = [m.group(1) for m in found if is_name_like(m.group(1))]
    bracketed = []
    for sentence in _SENTENCE_END.split(abstract):
        for m in _PAREN.finditer(sentence):
            name = m.group(1)
            short_caps = name.isalpha() and name.isupper() and len(name) <= _MAX_PLAIN_ACRONYM
            if is_name_like(name) and not short_caps and _PROPOSES.search(sentence, 0, m.start()):
                bracketed.append(m.group(1))
    return coined, bracketed


def _claims(paper: Paper) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _claims_of(paper.title, paper.abstract)


@lru_cache(maxsize=1 << 17)
def _claims_of(title: str, abstract: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strong, weak) names a paper claims; asked twice for each paper in a build (the
    mentions, and the search terms' short names), so made once."""
    coined, bracketed = _abstract_names(abstract)
    strong = [n for n in _dedupe([*_title_names(title), *coined]) if not _is_generic(n)]
    weak = [n for n in _dedupe(bracketed) if not _is_generic(n) and n not in strong]
    return tuple(strong), tuple(weak)


def short_names(paper: Paper) -> tuple[str, ...]:
    """The short names a paper gives itself, title names first, in order of appearance."""
    strong, weak = _claims(paper)
    return strong + weak


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _abstract_tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _word_like(token: str) -> bool:
    return token.isalpha() and (token.islower() or token[1:].islower())


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name as it is matched: case, hyphens and spaces ignored (Mask R-CNN = MaskRCNN = mask-rcnn)."""
    return _KEY_GAPS.sub("", name).casefold()


def _token_keys(token: str, next_tokens: Sequence[str]) -> list[tuple[str, str]]:
    """``(key, text)`` a token (with up to two following tokens) may stand for: itself, joined to
    the next ones (``Mask R-CNN``), and without a plural ``s`` (``RSMambas``)."""
    keys = [(name_key(token), token)]
    joined = token
    for other in next_tokens:
        joined += " " + other
        keys.append((name_key(joined), joined))
    if len(token) > 4 and token.endswith("s") and not token[:-1].islower():
        keys.append((name_key(token[:-1]), token[:-1]))
    return keys


def found_names(tokens: Sequence[str], table: NameTable, known: dict[str, int] | None = None) -> dict[str, bool]:
    """Names of ``table`` (its ``keys`` map a name's :func:`name_key` to the name) that occur in ``tokens``.

    Written another way, a name still matches (GradCAM, Grad-CAM; Mask R-CNN, MaskRCNN), but an
    ordinary word never does: ``select`` or ``Select`` names no paper called ``SELECT``. The value
    says whether the name was found only as a family, from a member's name (``YOLOv8``); a name in
    the table's ``members_only`` is found only that way (a family called ``Stage`` is not named by "Stage one").

    ``known`` remembers each token's :func:`_token_flags` across calls with the same names: a
    token that names nothing by itself (most words) is skipped unless a version or size follows."""
    found: dict[str, bool] = {}
    keys, phrases, members_only = table.keys, table.phrases, table.members_only
    known = {} if known is None else known
    flags = list(map(known.get, tokens))
    if None in flags:
        for i, flag in enumerate(flags):
            if flag is None:
                flags[i] = known[tokens[i]] = _token_flags(tokens[i], keys, phrases)
    # the tokens to look at, found without a loop in Python over the others (most of them)
    for at in _TO_READ.finditer(bytes(flags)):  # type: ignore[arg-type]
        i = at.start()
        token = tokens[i]
        longest = phrases.get(token.casefold(), 1)
        for key, text in _token_keys(token, tokens[i + 1 : i + min(longest, _MAX_WORDS)]):
            name = keys.get(key)
            if name is not None and name in members_only:
                break
            if name is not None and (text == name or any(is_name_like(w) or not _word_like(w) for w in text.split())):
                found[name] = False
                break
        else:
            head = None
            if "-" in token:
                # "CuPL-generated" and "ConvNeXt-T" name their head; "Mamba-FSCIL" does not.
                parts = token.split("-")
                for cut in range(len(parts) - 1, 0, -1):
                    head = keys.get(name_key("-".join(parts[:cut])))
                    if _VARIANT.fullmatch(parts[cut]) and head is not None:
                        found.setdefault(head, False)
                        break
                    head = None
            if head is None:
                family = _member_family(token, tokens[i + 1 : i + 3], keys)
                if family is not None:
                    found.setdefault(family, True)
    return found


_SILENT, _VERSION_LIKE = 1, 2
# in the bytes of an abstract's flags: a token not silent, or silent with a version or size after it
_TO_READ = re.compile(rb"[\x00\x02]|[\x01\x03](?=[\x02\x03])")


def _token_flags(token: str, keys: dict[str, str], phrases: dict[str, int]) -> int:
    """``_SILENT``: with no version or size after it, the token names nothing (it starts no name of
    several words, is no name nor a plural of one, has no hyphenated head and no family);
    ``_VERSION_LIKE``: it is a version or size (``v2``, ``7B``), which may make the one before a member."""
    silent = (phrases.get(token.casefold(), 1) == 1 and "-" not in token
              and all(key not in keys for key, _ in _token_keys(token, []))
              and _member_family(token, [], keys) is None)
    return (_SILENT if silent else 0) | (_VERSION_LIKE if _VERSION_OR_SIZE.fullmatch(token) else 0)


def _member_family(token: str, following: Sequence[str], keys: dict[str, str]) -> str | None:
    """The claimed family a member's name in the text belongs to: ``YOLOv8``, ``Llama 2``, ``LLaMA-2 7B``."""
    candidates = [token]
    for other in following:  # a version or size written as the next word
        if not _VERSION_OR_SIZE.fullmatch(other):
            break
        candidates.insert(0, candidates[0] + " " + other)
    for text in candidates:
        family = family_of(text)
        if family is not None and family != token.rstrip("s") and name_key(family) in keys:
            return keys[name_key(family)]
    return None


def _title_lead(title: str) -> str | None:
    """What a title leads with before a colon or `` -- ``, or None."""
    parts = _TITLE_SPLIT.split(title, maxsplit=1)
    return parts[0].strip() if len(parts) == 2 else None


def _family_claims(claimants: dict[str, list[str]], leads: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Family name -> its one member's paper, for families no paper claims by their own name, nor
    leads its title with (``Mamba: Linear-Time ...`` holds ``Mamba`` against ``Mamba2``).

    ``leads``: (what a title leads with, its paper's slug), for the titles that lead with something."""
    members: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    # what titles lead with counts as claimed, name-like or not ("Arsa++: ..." is a second Arsa)
    claimed = {name_key(n) for n in claimants} | {name_key(lead) for lead, _ in leads}
    for name, slugs in [*((n, s) for n, ss in claimants.items() for s in ss), *leads]:
        family = family_of(name)
        if family is None or _is_generic(family):
            continue
        members[name_key(family)].add(slugs)
        spelled.setdefault(name_key(family), family)
    return {spelled[key]: sorted(slugs) for key, slugs in members.items()
            if len(slugs) == 1 and key not in claimed and not _is_generic(spelled[key])}


def _older(mentioning: dt.date | None, mentioned: dt.date | None) -> bool:
    """Whether a paper is dated well before the one it would mention (by more than a preprint's lag)."""
    return mentioning is not None and mentioned is not None and (mentioned - mentioning).days > _PREPRINT_LAG_DAYS


@dataclass(frozen=True, slots=True)
class PaperNames:
    """What finding mentions reads of one paper alone: the names it claims, its abstract's tokens."""

    strong: tuple[str, ...]
    weak: tuple[str, ...]
    tokens: tuple[str, ...]
    lead: str | None = None  # what its title leads with (see _family_claims)


def paper_names(paper: Paper) -> PaperNames:
    strong, weak = _claims(paper)
    return PaperNames(tuple(strong), tuple(weak), tuple(_abstract_tokens(paper.abstract)), _title_lead(paper.title))


def find_mentions(papers: list[Paper], own: Sequence[PaperNames] | None = None) -> Mentions:
    """Link each abstract to the papers whose short names it uses. ``own``: each paper's
    :func:`paper_names`, in order, when the caller has them (made here otherwise)."""
    # without ``own``, each paper's part is made where it is used, never held for all papers at once
    # (at 50,000 papers every abstract's tokens together are hundreds of MB)
    claims = claimed_names(papers, own)
    known: dict[str, int] = {}
    table = claims.table
    found = (found_names(_abstract_tokens(p.abstract) if own is None else own[i].tokens, table, known)
             for i, p in enumerate(papers))
    return resolve(papers, claims, found)


@dataclass(frozen=True, slots=True)
class NameTable:
    """What scanning an abstract for names reads besides its tokens: ``keys`` maps each claimed
    name's :func:`name_key` to the name, ``phrases`` a first word (casefolded) to the most words a
    name starting with it has, ``members_only`` the families named only through their members."""

    keys: dict[str, str]
    phrases: dict[str, int]
    members_only: frozenset[str]


@dataclass(frozen=True, slots=True)
class Claims:
    """Who claims which names, and the table an abstract is scanned against."""

    claimed: dict[str, list[str]]  # slug -> its names, in order
    claimants: dict[str, list[str]]  # name -> the slugs claiming it (or a name written alike)
    strong: frozenset[str]  # names some paper claims strongly
    families: dict[str, list[str]]
    table: NameTable


def claimed_names(papers: list[Paper], own: Sequence[PaperNames] | None = None) -> Claims:
    strong_by: dict[str, list[str]] = defaultdict(list)
    weak_by: dict[str, list[str]] = defaultdict(list)
    claimed: dict[str, list[str]] = {}
    leads: list[tuple[str, str]] = []
    for i, paper in enumerate(papers):
        strong, weak = _claims(paper) if own is None else (own[i].strong, own[i].weak)
        claimed[paper.slug] = [*strong, *weak]
        if (lead := _title_lead(paper.title) if own is None else own[i].lead) is not None:
            leads.append((lead, paper.slug))
        for name in strong:
            strong_by[name].append(paper.slug)
        for name in weak:
            weak_by[name].append(paper.slug)
    claimants: dict[str, list[str]] = {}
    for name in {*strong_by, *weak_by}:
        claimants[name] = sorted({*strong_by.get(name, ()), *weak_by.get(name, ())})
    # a family's one member claims its name weakly: many abstracts using the name make it generic
    families = _family_claims(claimants, leads)
    for family, slugs in families.items():
        claimants[family] = slugs
        claimed[slugs[0]].append(family)

    # names written alike (RS-Mamba, RSMamba) are one name, claimed by all who claim either
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in sorted(claimants):
        by_key[name_key(name)].append(name)
    for names in by_key.values():
        slugs = sorted({s for n in names for s in claimants[n]})
        for n in names:
            claimants[n] = slugs
    keys = {key: names[0] for key, names in by_key.items()}
    phrases: dict[str, int] = {}
    for name in claimants:
        words = re.split(r"[\s-]+", name)
        if len(words) > 1:
            phrases[words[0].casefold()] = max(phrases.get(words[0].casefold(), 1), len(words))
    # a family that reads as an ordinary word (Llama, Stage) is named only through its members
    members_only = frozenset(f for f in families if _word_like(f))
    return Claims(claimed, claimants, frozenset(strong_by), families, NameTable(keys, phrases, members_only))


def resolve(papers: list[Paper], claims: Claims, found: Iterable[dict[str, bool]]) -> Mentions:
    """The mentions, from who claims what and what each paper's abstract was found to name
    (:func:`found_names`, in the papers' order)."""
    claimants, families = claims.claimants, claims.families
    users: dict[str, list[str]] = defaultdict(list)
    dated = {p.slug: p.date for p in papers}
    for paper, names in zip(papers, found, strict=True):
        for name, as_family in names.items():
            if paper.slug in claimants[name]:
                continue
            if (as_family or name in families) and _older(paper.date, dated[claimants[name][0]]):
                continue  # a family name is reused: "LiTv2" in 2023 is not 2025's "LiT"
            users[name].append(paper.slug)

    ambiguous: dict[str, tuple[str, ...]] = {}
    generic: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, slugs in claimants.items():
        if len(slugs) > 1:
            ambiguous[name] = tuple(slugs)
        elif name not in claims.strong and len(users[name]) >= GENERIC_MIN_USERS:
            generic[name] = tuple(sorted(users[name]))
        else:
            owner[name] = slugs[0]

    via: dict[tuple[str, str], str] = {}
    for name in sorted(owner, key=lambda n: (-len(n), n)):
        for src in users[name]:
            via.setdefault((src, owner[name]), name)
    links: dict[str, list[str]] = defaultdict(list)
    back: dict[str, list[str]] = defaultdict(list)
    for src, dst in via:
        links[src].append(dst)
        back[dst].append(src)
    return Mentions(
        links={k: tuple(sorted(v)) for k, v in sorted(links.items())},
        mentioned_by={k: tuple(sorted(v)) for k, v in sorted(back.items())},
        names={slug: tuple(found) for slug, found in sorted(claims.claimed.items()) if found},
        ambiguous=dict(sorted(ambiguous.items())),
        generic=dict(sorted(generic.items())),
        via=dict(sorted(via.items())),
    )
