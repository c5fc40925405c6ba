"""Message templates of the examples menu, opening files and run folders, export, reports, races and
clusters."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
    # the examples menu (core.examples: titles, and each file's comment as its description)
    QT_TRANSLATE_NOOP("core", "Movie reviews — sentiment (Transformer)"),
    QT_TRANSLATE_NOOP("core", "Chinese reviews — sentiment (Transformer)"),
    QT_TRANSLATE_NOOP("core", "Shakespeare — write like the Bard (GPT)"),
    QT_TRANSLATE_NOOP("core", "Iris flowers — species (MLP)"),
    QT_TRANSLATE_NOOP("core", "Penguins — species, with missing values (MLP)"),
    QT_TRANSLATE_NOOP("core", "Wine — grape variety (FT-Transformer)"),
    QT_TRANSLATE_NOOP("core", "Rotten Tomatoes sentence polarity: 8,530 one-sentence reviews, positive or "
                      "negative. A small Transformer encoder over words; held-out 20% test split."),
    QT_TRANSLATE_NOOP("core", "Chinese product and book reviews (6,000, balanced): a character-level "
                      "Transformer classifier. Chinese has no spaces between words, so each character "
                      "also gets a learned vector for the pair of characters it starts (ngrams = 2): "
                      'that is most of what tells "不错" from "不" + "错".'),
    QT_TRANSLATE_NOOP("core", "Shakespeare, character by character: a small GPT learns to write "
                      "pseudo-Shakespeare. Validation is the last 10% of the file, as in nanoGPT's "
                      "shakespeare_char. Every 250 steps (about 11 s at 45 ms a step), so the first "
                      "sample shows within 30 s of Train."),
    QT_TRANSLATE_NOOP("core", "Fisher's iris: 150 flowers, 4 measurements, 3 species. A small MLP "
                              "learns it in "
                      "seconds; past ~15 epochs it only overfits (validation loss climbs while accuracy "
                      "stays), so it stops there."),
    QT_TRANSLATE_NOOP("core", "Palmer penguins: 344 birds with some missing measurements (imputed "
                              "and flagged)."),
    QT_TRANSLATE_NOOP("core", "UCI wine: 178 wines, 13 chemical measurements, 3 cultivars. An FT-Transformer "
                      "lets the measurements attend to each other; the attention view shows which ones "
                      "the prediction uses."),
    QT_TRANSLATE_NOOP("core", "no example called '{name}' (known: {known})"),
    # opening run folders, writing reports
    QT_TRANSLATE_NOOP("core", "{path} is damaged: it must be a JSON object"),
    QT_TRANSLATE_NOOP("core", "cannot write the report {target}: {reason}"),
    # the race dialog's changes (core.race.common_choices) and the sides' names
    QT_TRANSLATE_NOOP("core", "Optimizer"),
    QT_TRANSLATE_NOOP("core", "Dropout"),
    QT_TRANSLATE_NOOP("core", "Learning rate"),
    QT_TRANSLATE_NOOP("core", "Tokenizer"),
    QT_TRANSLATE_NOOP("core", "Model size"),
    QT_TRANSLATE_NOOP("core", "lr {lr} (×{factor})"),
    QT_TRANSLATE_NOOP("core", "lr {lr}"),
    QT_TRANSLATE_NOOP("core", "characters"),
    QT_TRANSLATE_NOOP("core", "characters + pairs"),
    QT_TRANSLATE_NOOP("core", "words"),
    QT_TRANSLATE_NOOP("core", "words + pairs"),
    QT_TRANSLATE_NOOP("core", "current size"),
    QT_TRANSLATE_NOOP("core", "{name} size"),
    # exporting a model (core.export)
    QT_TRANSLATE_NOOP("core", "wrote {path} ({format}, from {checkpoint})"),
    QT_TRANSLATE_NOOP("core", "wrote {path}"),
    QT_TRANSLATE_NOOP("core", "parity: the file matches PyTorch within {diff} (allowed {tolerance}) "
                              "on {inputs} "
                              "and inputs of shape {shapes} (traced at {traced})"),
    QT_TRANSLATE_NOOP("core", "{count} validation inputs"),
    QT_TRANSLATE_NOOP("core", "made-up inputs"),
    QT_TRANSLATE_NOOP("core", "unknown export format {format}; use {formats}"),
    QT_TRANSLATE_NOOP("core", "ONNX export needs the optional package(s) {packages}, which are not "
                              "installed."),
    QT_TRANSLATE_NOOP("core", "Install them with: pip install \"workbench[export]\""),
    QT_TRANSLATE_NOOP("core", "only models that return one tensor can be exported"),
    QT_TRANSLATE_NOOP("core", "{file} cannot be read back as {format}: {reason}"),
    QT_TRANSLATE_NOOP("core", "{file} differs from the model by {diff} on inputs of shape {shape} "
                              "(at most {tolerance} is allowed)"),
    QT_TRANSLATE_NOOP("core", "The exported graph does not compute what the model does; try the "
                              "other format."),
    QT_TRANSLATE_NOOP("core", "the {format} exporter could not export this model: {reason}"),
    # running on a cluster (core.distributed)
    QT_TRANSLATE_NOOP("core", "--nproc {nproc} must be 1 or more"),
)
