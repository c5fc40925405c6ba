"""Run configuration: typed dataclasses, the one source of truth for the forms, the CLI and TOML.

Every field carries metadata (label, help, unit, range, choices) so the desktop forms are
generated from this file and a config file written by the app is exactly what the CLI runs.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin, get_type_hints

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import tomli_w

from workbench.core.errors import ConfigError
from workbench.core.fields import _f
from workbench.core.log_config import LogConfig
from workbench.core.problems import Problem, placeholder, validate

SCHEMA_VERSION = 1
MAX_NAME = 200  # characters of a run's name
MAX_CONFIG_BYTES = 2_000_000  # a config is a few KB; a bigger file is the wrong file

TASKS = ("auto", "text_classification", "tabular_classification", "regression", "language_modeling")
ROLES = ("text", "numeric", "categorical", "target", "ignore")


@dataclass
class DataConfig:
    """Where the data comes from and how it becomes tensors."""

    path: str = _f("", "Data file", "The CSV or plain-text (.txt) file to learn from.")
    task: str = _f("auto", "Task", "What the model should learn. 'auto' picks from the data: a text "
                   "column and a label make text classification, numbers and a label make tabular "
                   "classification, a numeric target makes regression, a .txt file makes a language model.",
                   choices=TASKS)
    target: str = _f("", "Target column", "The column the model predicts. Empty: guessed from the data "
                     "(its name, its place, its values); a guess that is not sure is asked about, and "
                     "the command line will not train on it.", empty="automatic")
    text_column: str = _f("", "Text column", "For text classification: the column holding the text. "
                          "Empty: the column with the longest strings.", empty="automatic")
    roles: dict[str, str] = _f({}, "Column roles", "Per-column override of the guessed role: text, "
                               "numeric, categorical, target or ignore.", choices=ROLES, advanced=True)
    split_column: str = _f("", "Split column", "A column saying which rows are train, validation (valid, "
                           "dev) or test; it replaces the random shares and is never an input. Empty: a "
                           "column named like split/set/fold whose values fit is used; give that column a "
                           "role to split at random instead.", empty="automatic")
    missing_values: list[str] = _f(["", "NA", "N/A", "NaN", "null", "None", "?", "-"],
                                   "Missing-value markers", "Values that mean 'missing' in a numeric or "
                                   "categorical column (any case, spaces around them ignored).",
                                   advanced=True)
    encoding: str = _f("auto", "Encoding", "Text encoding of the file. 'auto' tries UTF-8, UTF-8 with BOM, "
                       "UTF-16 (with BOM), GB18030 and Latin-1 in turn and reports what it used.",
                       advanced=True)
    val_fraction: float = _f(0.1, "Validation share", "Share of the rows held out to check progress "
                             "while training (never trained on).", unit="of rows", lo=0.0, hi=0.5, step=0.05)
    test_fraction: float = _f(0.2, "Test share", "Share of the rows held out for the final, honest score "
                              "after training.", unit="of rows", lo=0.0, hi=0.5, step=0.05)
    split_seed: int = _f(0, "Split seed", "The same seed gives the same train/validation/test split.",
                         lo=0, hi=2**31 - 1, advanced=True)
    tokenizer: str = _f("word", "Tokenizer", "How text is cut into tokens: 'char' makes every character a "
                        "token (good for Chinese and for small language models); 'word' splits on spaces "
                        "and punctuation.", choices=("char", "word"))
    lowercase: bool = _f(True, "Lowercase", "Treat upper- and lower-case letters as the same.")
    vocab_size: int = _f(20000, "Vocabulary size", "The most frequent tokens kept; rarer ones become "
                         "'unknown'.", unit="tokens", lo=10, hi=1_000_000)
    min_freq: int = _f(1, "Minimum frequency", "A token must appear at least this often in the training "
                       "data to get its own entry.", unit="times", lo=1, hi=1000)
    max_length: int = _f(64, "Maximum length", "Texts are cut to this many tokens for classification.",
                         unit="tokens", lo=4, hi=4096)
    lm_val_tail: bool = _f(True, "Validate on the end", "Language models: validation is the last part "
                           "of the text (and test the part before it), not random pieces.", advanced=True)


@dataclass
class ModelConfig:
    """The network: its kind and size."""

    kind: str = _f("auto", "Model", "'transformer' reads text with self-attention; 'bag' averages learned "
                   "vectors of a text's words and n-grams (fastText-style: fast, strong, no attention); "
                   "'gpt' predicts the next token; 'mlp' is a plain network for tables; 'ft_transformer' "
                   "lets table features attend to each other. 'auto' picks the usual one for the task "
                   "(for text: bag).",
                   choices=("auto", "transformer", "bag", "gpt", "mlp", "ft_transformer"))
    d_model: int = _f(128, "Width", "How many numbers describe each token inside the model. Wider learns "
                      "more, but is slower.", unit="units", lo=4, hi=4096)
    n_layers: int = _f(2, "Layers", "How many Transformer blocks are stacked. Each block lets every "
                       "token look at the others once more.", lo=1, hi=48)
    n_heads: int = _f(4, "Attention heads", "A head is one independent way of deciding which tokens to "
                      "look at. Must divide the width.", lo=1, hi=64)
    ff_mult: int = _f(4, "Feed-forward factor", "Width of the inner layer of each block, as a multiple of "
                      "the model width.", unit="×", lo=1, hi=16, advanced=True)
    dropout: float = _f(0.1, "Dropout", "Share of connections switched off at random while training, so "
                        "the model cannot just memorise.", lo=0.0, hi=0.9, step=0.05)
    block_size: int = _f(128, "Context length", "Language models: how many previous tokens the model sees "
                         "when predicting the next one.", unit="tokens", lo=2, hi=8192)
    pooling: str = _f("mean", "Pooling", "Classifiers: how token vectors become one vector for the text: "
                      "'mean' averages them, 'cls' uses a special first token.", choices=("mean", "cls"),
                      advanced=True)
    ngrams: int = _f(1, "N-gram embeddings", "Text classifiers: 1 = each token is read alone; 2 = each "
                     "token also gets a learned vector for the pair it starts (3: and the triple). Helps a "
                     "lot for languages written without spaces, like Chinese.", lo=1, hi=3)
    hidden: list[int] = _f([128, 64], "Hidden layers", "MLP: the width of each hidden layer (1 to 65,536 "
                           "units each, at most 16 layers).", lo=1, hi=65536, advanced=True)
    bias: bool = _f(True, "Bias terms", "Add learnable offsets in linear layers.", advanced=True)


@dataclass
class OptimConfig:
    """How the weights are updated."""

    name: str = _f("adamw", "Optimizer", "The rule that updates the weights from the gradient. AdamW is a "
                   "safe default; SGD is the classic one.", choices=("sgd", "adam", "adamw", "rmsprop"))
    lr: float = _f(1e-3, "Learning rate", "How big a step the optimizer takes. Too big and the loss "
                   "jumps or becomes NaN; too small and learning crawls.", lo=1e-7, hi=10.0,
                   scale="log")
    weight_decay: float = _f(0.01, "Weight decay", "Gently pulls weights towards zero to avoid "
                             "memorising.", lo=0.0, hi=1.0)
    momentum: float = _f(0.9, "Momentum", "SGD/RMSprop: how much of the previous step carries into the "
                         "next.", lo=0.0, hi=0.999, advanced=True)
    nesterov: bool = _f(False, "Nesterov", "SGD: look ahead along the momentum before stepping.",
                        advanced=True)
    beta1: float = _f(0.9, "Beta 1", "Adam/AdamW: how slowly the gradient average changes.",
                      lo=0.0, hi=0.9999, advanced=True)
    beta2: float = _f(0.999, "Beta 2", "Adam/AdamW: how slowly the squared-gradient average changes.",
                      lo=0.0, hi=0.99999, advanced=True)
    schedule: str = _f("cosine", "Schedule", "How the learning rate changes over training: constant, "
                       "step (cut every N steps), cosine (warm up, then glide down), linear (warm up, "
                       "then straight down), plateau (cut when validation stops improving).",
                       choices=("constant", "step", "cosine", "linear", "plateau"))
    warmup_steps: int = _f(0, "Warm-up", "Steps at the start over which the learning rate rises from "
                           "zero, which steadies early training.", unit="steps", lo=0, hi=10_000_000)
    min_lr_ratio: float = _f(0.1, "Final LR share", "Cosine/linear: the learning rate at the end, as a "
                             "share of the starting one.", lo=0.0, hi=1.0, advanced=True)
    step_size: int = _f(1000, "Step every", "Step schedule: cut the learning rate every this many steps.",
                        unit="steps", lo=1, hi=10_000_000, advanced=True)
    gamma: float = _f(0.5, "Cut factor", "Step/plateau schedules: multiply the learning rate by this.",
                      lo=0.01, hi=1.0, advanced=True)
    plateau_patience: int = _f(3, "Plateau patience", "Plateau schedule: evaluations without improvement "
                               "before the cut.", unit="evals", lo=1, hi=1000, advanced=True)
    grad_clip: float = _f(1.0, "Gradient clipping", "Caps the size of each update's gradient (0 = off); "
                          "protects against sudden jumps.", lo=0.0, hi=1000.0, zero="off")


@dataclass
class TrainConfig:
    """How long and where to train, and when to evaluate and save."""

    batch_size: int = _f(64, "Batch size", "How many examples the model sees before each update "
                         "(the global batch: with several processes, split across them).",
                         unit="examples", lo=1, hi=65536)
    epochs: int = _f(10, "Epochs", "How many times to go through the whole training set.",
                     lo=1, hi=100_000)
    max_steps: int = _f(0, "Maximum steps", "Stop after this many updates (0 = no limit; epochs decide).",
                        unit="steps", lo=0, hi=100_000_000, zero="no limit; epochs decide")
    eval_interval: int = _f(0, "Evaluate every", "Check the validation set every this many steps "
                            "(0 = once per epoch).", unit="steps", lo=0, hi=10_000_000,
                            zero="once per epoch")
    eval_batches: int = _f(0, "Evaluation batches", "Batches used per validation check (0 = the whole "
                           "validation set).", lo=0, hi=1_000_000, advanced=True,
                           zero="the whole validation set")
    log_interval: int = _f(10, "Log every", "Record the training loss every this many steps.",
                           unit="steps", lo=1, hi=100_000, advanced=True)
    seed: int = _f(0, "Seed", "The same seed on the CPU gives the same run, step for step.",
                   lo=0, hi=2**31 - 1)
    device: str = _f("auto", "Device", "Where to train: 'auto' uses a CUDA GPU, then Apple's GPU, then the "
                     "CPU; or name one ('cpu', 'cuda', 'cuda:1', 'mps').")
    bf16: bool = _f(False, "bf16 on GPU", "Use bfloat16 mixed precision on CUDA: faster, same results "
                    "to within noise (as precision 'bf16'; 'auto' already picks it where supported).",
                    advanced=True)
    precision: str = _f("auto", "Precision", "Number format of the forward pass on CUDA: 'auto' (bf16 where "
                        "the card supports it, else fp32), 'fp32', 'bf16' or 'fp16' (with loss scaling); "
                        "the CPU trains in fp32.", choices=("auto", "fp32", "bf16", "fp16"), advanced=True)
    compile: bool = _f(False, "Compile", "Compile the model with torch.compile: a slow first step, then "
                       "faster steps on a GPU.", advanced=True)
    early_stopping_patience: int = _f(0, "Early stopping", "Stop after this many evaluations without "
                                      "improvement (0 = off).", unit="evals", lo=0, hi=10_000, zero="off")
    early_stopping_metric: str = _f("auto", "Watch metric", "The validation metric that decides the "
                                    "best checkpoint and early stopping ('auto': accuracy for classifiers, "
                                    "loss otherwise).", advanced=True)
    num_threads: int = _f(0, "CPU threads", "Threads for CPU training (0 = automatic): all cores for "
                          "command-line runs, all but one while the window is open. On a busy machine, "
                          "fewer can be faster.",
                          lo=0, hi=1024, advanced=True,
                          zero="automatic")  # the help says what it means: the field is narrow
    checkpoint_interval: int = _f(0, "Save every", "Also save the latest checkpoint every this many "
                                  "steps (0 = at each evaluation).", unit="steps", lo=0, hi=10_000_000,
                                  advanced=True, zero="at each evaluation")
    sample_length: int = _f(200, "Sample length", "Language models: characters/words generated as a "
                            "sample at each evaluation (0 = none).", unit="tokens", lo=0, hi=10_000,
                            advanced=True, zero="none")
    baseline: bool = _f(True, "Baseline", "Also fit a simple reference model (bag-of-words or linear "
                        "model, boosted trees for tables) on the same training rows, in seconds, and show "
                        "its score beside this model's: is the network any better?", advanced=True)
    init_from: str = _f("", "Start from run", "A finished run's folder: this run starts from its weights "
                        "where their names and shapes fit (embeddings, Transformer blocks), and reuses its "
                        "tokenizer; the rest (a new head) starts fresh. Empty: fresh weights.",
                        advanced=True, empty="fresh weights")


@dataclass
class RunConfig:
    """A whole run: data, model, optimizer, training."""

    name: str = _f("run", "Run name", "A name for the run folder.")
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    log: LogConfig = field(default_factory=LogConfig)


SECTIONS: dict[str, type] = {"data": DataConfig, "model": ModelConfig, "optim": OptimConfig,
                             "train": TrainConfig, "log": LogConfig}


def field_meta(section: str, name: str) -> dict[str, Any]:
    """The label/help/unit/range metadata of ``section.name``."""
    cls = SECTIONS[section]
    return dict({f.name: f for f in dataclasses.fields(cls)}[name].metadata)


def _type_name(tp: Any) -> str:
    return {int: "an integer", float: "a number", bool: "true or false", str: "a string",
            dict: "a table", list: "a list"}.get(tp, str(tp))


def _coerce(section: str, name: str, value: Any, hint: Any, problems: list[Problem]) -> Any:
    tp = get_origin(hint) or hint  # list[int] is read as a list, dict[str, str] as a table
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif tp is dict:
        if isinstance(value, dict):
            return dict(value)
    elif tp is list and isinstance(value, list):
        return list(value)
    problems.append(Problem(section, name, f"must be {_type_name(tp)}, got {value!r}"))
    return None


def from_dict(raw: dict[str, Any], *, source: str = "") -> RunConfig:
    """Build a RunConfig from plain data, collecting one message per bad field; raises ConfigError."""
    problems: list[Problem] = []
    cfg = RunConfig()
    if not isinstance(raw, dict):
        raise ConfigError(["the config must be a table of sections"], source=source)
    version = raw.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        problems.append(Problem("", "schema_version", f"must be the number {SCHEMA_VERSION} (no quotes), "
                                f"got {version!r}"))
    elif version != SCHEMA_VERSION:
        problems.append(Problem("", "schema_version", f"{version!r} is not supported (this Workbench "
                                f"reads version {SCHEMA_VERSION})"))
    for key, value in raw.items():
        if key == "schema_version":
            continue
        if key == "name":
            if isinstance(value, str):
                cfg.name = value
            else:
                problems.append(Problem("", "name", f"must be a string, got {value!r}"))
            continue
        if key not in SECTIONS:
            problems.append(Problem("", "", f"unknown section or key '{key}' (known: name, "
                                    f"{', '.join(SECTIONS)})"))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(key, "", f"must be a table of settings, got {value!r}"))
            continue
        cls = SECTIONS[key]
        hints = get_type_hints(cls)
        target = getattr(cfg, key)
        for fname, fvalue in value.items():
            if fname not in hints:
                problems.append(Problem(key, fname, f"unknown key {placeholder(key, fname)} "
                                        f"(known: {', '.join(hints)})"))
                continue
            coerced = _coerce(key, fname, fvalue, hints[fname], problems)
            if coerced is not None:
                setattr(target, fname, coerced)
    problems.extend(validate(cfg))
    problems.extend(_name_problems(cfg))
    if problems:
        raise ConfigError(problems, source=source)
    return cfg


def _name_problems(cfg: RunConfig) -> list[Problem]:
    """Names that pass their type but would fail much later: an encoding, a device, the run's name."""
    import codecs
    import re

    problems = []
    encoding = cfg.data.encoding
    if encoding != "auto":
        try:
            codecs.lookup(encoding)
            "".encode(encoding)  # rot13 and base64 are codecs, but not text encodings (LookupError)
        except (LookupError, ValueError):
            problems.append(Problem("data", "encoding", f"{encoding!r} is not a text encoding; use 'auto' "
                                    "or a name such as utf-8, gb18030 or latin-1"))
    if not re.fullmatch(r"auto|cpu|mps|cuda(:\d{1,3})?", cfg.train.device):
        problems.append(Problem("train", "device", f"{cfg.train.device!r} is not a training device; "
                                "use auto, cpu, cuda, cuda:N or mps"))
    if len(cfg.name) > MAX_NAME:
        problems.append(Problem("", "name", f"is {len(cfg.name):,} characters long; the limit is "
                                f"{MAX_NAME} (the run folder is named after it)"))
    return problems


def to_dict(cfg: RunConfig) -> dict[str, Any]:
    """Plain data for TOML/JSON, with the schema version first."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "name": cfg.name}
    for section in SECTIONS:
        out[section] = dataclasses.asdict(getattr(cfg, section))
    return out


def load(path: str | Path) -> RunConfig:
    """Read a TOML config; any problem becomes a ConfigError naming the file and field."""
    from workbench.core.safepaths import read_bytes, resolved

    p = Path(path)
    data = read_bytes(p, ConfigError, what="config file", max_bytes=MAX_CONFIG_BYTES)
    try:
        text = data.decode("utf-8-sig")  # a BOM (Notepad writes one) is no part of the TOML
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{p} is not UTF-8 text (byte {exc.start})"]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"not valid TOML: {exc}"], source=str(p)) from None
    except RecursionError:
        raise ConfigError(["values are nested too deeply to be a Workbench config"], source=str(p)) from None
    cfg = from_dict(raw, source=str(p))
    if cfg.data.path and not Path(cfg.data.path).is_absolute():
        # Relative data paths are relative to the config file, so a config travels with its data.
        candidate = (p.parent / cfg.data.path)
        if candidate.exists() or not Path(cfg.data.path).exists():
            cfg.data.path = str(resolved(candidate))
    return cfg


def dumps(cfg: RunConfig) -> str:
    """TOML text for ``cfg``."""
    return tomli_w.dumps(to_dict(cfg))


def save(cfg: RunConfig, path: str | Path) -> None:
    """Write ``cfg`` as TOML (atomically: a crash never leaves half a config)."""
    from workbench.core.fileio import atomic_write_bytes

    atomic_write_bytes(Path(path), dumps(cfg).encode("utf-8"))


def apply_overrides(cfg: RunConfig, overrides: list[str]) -> RunConfig:
    """Apply ``section.key=value`` strings (values parsed as TOML, else taken as a string)."""
    raw = to_dict(cfg)
    problems: list[str] = []
    for item in overrides:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            problems.append(f"--set {item!r} must look like section.key=value")
            continue
        dotted, value_text = item.split("=", 1)
        section, key = dotted.strip().split(".", 1)
        try:
            value = tomllib.loads(f"v = {value_text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = value_text.strip()
        except RecursionError:
            problems.append(f"--set {item!r}: the value is nested too deeply")
            continue
        if section not in SECTIONS:
            problems.append(f"--set {item!r}: unknown section '{section}'")
            continue
        raw[section][key] = value
    if problems:
        raise ConfigError(problems)
    return from_dict(raw, source="--set")
