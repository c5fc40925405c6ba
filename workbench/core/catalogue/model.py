"""Message templates of config problems beside fields, model and optimizer choices, memory and device,
and of the notes on the settings fitted to a file just opened (``core.defaults``).

A problem the window shows starts with the setting's label in quotes (``forms.humanize_problem``,
the ``{setting}`` of these templates); the label is translated before the template is matched.
"""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
    # core.problems.validate and _check_field
    QT_TRANSLATE_NOOP("core", "{setting} ({heads}) must divide {width} ({d_model}); try {n} heads"),
    QT_TRANSLATE_NOOP("core", "{setting} must be greater than 0"),
    QT_TRANSLATE_NOOP(
        "core",
        "{setting} + test_fraction ({share}) must leave at least 10% of the data for training"),
    QT_TRANSLATE_NOOP("core", "{setting} must be a list of positive integers; got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} has {count} layers; at most {max} are allowed"),
    QT_TRANSLATE_NOOP("core", "{setting} 'gpt' needs {task} 'language_modeling', not '{value}'"),
    QT_TRANSLATE_NOOP("core", "{setting} '{kind}' is for tables; {task} '{value}' needs {needs}"),
    QT_TRANSLATE_NOOP("core", "{setting} '{kind}' is a text classifier; {task} '{value}' needs {needs}"),
    QT_TRANSLATE_NOOP("core", "mlp or ft_transformer"),
    QT_TRANSLATE_NOOP("core", "{setting}.{key} must be one of {choices}; got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} must be one of {choices}; got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} must be a number, got NaN"),
    QT_TRANSLATE_NOOP("core", "{setting} must be at least {min}; got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} must be at most {max}; got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} entries must be at most {max}; got {value}"),
    # core.config: reading a config file
    QT_TRANSLATE_NOOP("core", "{setting} must be {type}, got {value}"),
    QT_TRANSLATE_NOOP("core", "an integer"),
    QT_TRANSLATE_NOOP("core", "a number"),
    QT_TRANSLATE_NOOP("core", "true or false"),
    QT_TRANSLATE_NOOP("core", "a string"),
    QT_TRANSLATE_NOOP("core", "a table"),
    QT_TRANSLATE_NOOP("core", "a list"),
    QT_TRANSLATE_NOOP("core", "unknown key {setting} (known: {keys})"),
    QT_TRANSLATE_NOOP("core", "unknown section or key '{key}' (known: {keys})"),
    QT_TRANSLATE_NOOP("core", "{setting} must be a table of settings, got {value}"),
    QT_TRANSLATE_NOOP("core", "{setting} {value} is not supported (this Workbench reads version {version})"),
    QT_TRANSLATE_NOOP(
        "core",
        "{setting} {value} is not a text encoding; use 'auto' or a name such as utf-8, gb18030 or latin-1"),
    QT_TRANSLATE_NOOP(
        "core",
        "{setting} {value} is not a training device; use auto, cpu, cuda, cuda:N or mps"),
    QT_TRANSLATE_NOOP(
        "core",
        "{setting} is {count} characters long; the limit is {max} (the run folder is named after it)"),
    # core.memory.fit_problem: the settings to lower, two to four of them
    QT_TRANSLATE_NOOP(
        "core",
        "the model would need about {need} of memory to train; {where} has {free} free: lower {a} or {b}"),
    QT_TRANSLATE_NOOP(
        "core",
        "the model would need about {need} of memory to train; {where} has {free} free: lower {a}, {b} or "
        "{c}"),
    QT_TRANSLATE_NOOP(
        "core",
        "the model would need about {need} of memory to train; {where} has {free} free: lower {a}, {b}, "
        "{c} or {d}"),
    QT_TRANSLATE_NOOP("core", "this machine"),
    QT_TRANSLATE_NOOP("core", "the GPU"),
    QT_TRANSLATE_NOOP("core", "the GPU ({device})"),
    # core.device.resolve_device
    QT_TRANSLATE_NOOP("core", "[train] device {name} is not a device name (try auto, cpu, cuda, mps)"),
    QT_TRANSLATE_NOOP("core", "[train] device {name}: no CUDA GPU is available here; use 'auto' or 'cpu'"),
    QT_TRANSLATE_NOOP("core", "[train] device {name}: there are only {count} GPUs"),
    QT_TRANSLATE_NOOP("core", "[train] device {name}: Apple's GPU (MPS) is not available here"),
    # core.defaults: the notes on the fitted settings, one per choice
    QT_TRANSLATE_NOOP(
        "core",
        "Model: a small GPT (4 blocks, width 128), AdamW at 0.002 with a cosine schedule: the Shakespeare "
        "example's settings"),
    QT_TRANSLATE_NOOP(
        "core",
        "Model: a bag of words and word pairs (n-grams, fastText-style, width 16), AdamW at 0.02: as good "
        "as a bag-of-words logistic regression, in seconds (choose the Transformer to see attention)"),
    QT_TRANSLATE_NOOP(
        "core",
        "Model: a bag of characters and their pairs and triples (n-grams, fastText-style, width 16), "
        "AdamW at 0.01, for text written without spaces (choose the Transformer to see attention)"),
    QT_TRANSLATE_NOOP(
        "core",
        "Model: a small MLP (64 and 32 units), AdamW at 0.003 with a cosine schedule: the penguins "
        "example's settings"),
    QT_TRANSLATE_NOOP("core", "Settings not fitted to the data: {reason}"),
    QT_TRANSLATE_NOOP("core", "Batches of {batch}: {first} would not fit in this machine's memory"),
    QT_TRANSLATE_NOOP(
        "core",
        "Words as tokens: the {count} most frequent (lowercased, seen at least twice) make the "
        "vocabulary, since the output layer scores every word at every position"),
    QT_TRANSLATE_NOOP(
        "core",
        "Characters as tokens ({count} of them): a small language model learns spelling and words from "
        "characters"),
    QT_TRANSLATE_NOOP("core", "Context {block} tokens"),
    QT_TRANSLATE_NOOP("core", "Context {block} tokens: the text is too short for more"),
    QT_TRANSLATE_NOOP(
        "core",
        "Max length {length} tokens: covers {share} of the texts in '{column}' (the longest has "
        "{longest})"),
    QT_TRANSLATE_NOOP("core", "Batches of {batch} rows"),
    QT_TRANSLATE_NOOP(
        "core",
        "Batches of {batch} rows: a small table learns better from more, smaller steps"),
    QT_TRANSLATE_NOOP("core", "Batches of {batch} rows: a large table"),
    QT_TRANSLATE_NOOP("core", "Batches of {batch} rows: the whole training set"),
    QT_TRANSLATE_NOOP(
        "core",
        "20 % of the {rows} rows for validation and 20 % for the test: with fewer, their scores would "
        "jump with every row"),
    QT_TRANSLATE_NOOP(
        "core",
        "{steps} steps: about {passes} passes over the training text, about {time} here at {ms} ms a step"),
    QT_TRANSLATE_NOOP("core", "{epochs} epochs of {steps} steps: about {time} here at {ms} ms a step"),
    QT_TRANSLATE_NOOP("core", "Warm-up {steps} steps: {share} of the {total}-step run"),
    QT_TRANSLATE_NOOP("core", "No warm-up: a small network on a table does not need one"),
    QT_TRANSLATE_NOOP("core", "No warm-up: the run is too short for one"),
    QT_TRANSLATE_NOOP("core", "Validation {when} on {scored}"),
    QT_TRANSLATE_NOOP("core", "Validation {when} on {scored}, {time} each"),
    QT_TRANSLATE_NOOP("core", "after every epoch ({steps} steps)"),
    QT_TRANSLATE_NOOP("core", "after every epoch ({steps} steps) (about every {time})"),
    QT_TRANSLATE_NOOP("core", "every {steps} steps"),
    QT_TRANSLATE_NOOP("core", "every {steps} steps (about every {time})"),
    QT_TRANSLATE_NOOP("core", "a fixed sample of {count} of the {total} tokens"),
    QT_TRANSLATE_NOOP("core", "a fixed sample of {count} of the {total} texts"),
    QT_TRANSLATE_NOOP("core", "a fixed sample of {count} of the {total} rows"),
    QT_TRANSLATE_NOOP("core", "the whole validation set"),
    QT_TRANSLATE_NOOP("core", "Loss recorded every {log} steps"),
    QT_TRANSLATE_NOOP("core", "Loss recorded at every step: each takes a while"),
)
