"""Message templates of loading a file, the data analysis and its checks, the target question."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}."): exactly what the core
# writes (workbench/core/data/*), each value a {name}. Single words (role names, "numbers") are the
# interface's own (RoleBar, DataPage): a bare word here would also translate a column of that name.
TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("core", "Text classification"),
    QT_TRANSLATE_NOOP("core", "Table classification"),
    QT_TRANSLATE_NOOP("core", "Regression (predict a number)"),
    QT_TRANSLATE_NOOP("core", "Language model (write text)"),
    QT_TRANSLATE_NOOP("core", "Task: tabular classification into {n} classes of '{target}'"),
    QT_TRANSLATE_NOOP("core", "Task: text classification of '{text}' into {n} classes of '{target}'"),
    QT_TRANSLATE_NOOP("core", "Task: regression of '{target}'"),
    QT_TRANSLATE_NOOP("core", "Task: language modelling on the text of column '{column}'"),
    QT_TRANSLATE_NOOP("core", "Task: language modelling (a plain-text file)"),
    QT_TRANSLATE_NOOP("core", "Target: '{target}' ({why})"),
    QT_TRANSLATE_NOOP("core", "Target: '{target}' is only a guess ({why}); set [data] target to be sure"),
    QT_TRANSLATE_NOOP("core", "{count} rows with no target ('{target}') were dropped"),
    QT_TRANSLATE_NOOP("core", "numbers written as text"),
    QT_TRANSLATE_NOOP("core", "true/false values"),
    QT_TRANSLATE_NOOP("core", "{n} different values"),
    QT_TRANSLATE_NOOP("core", "free text (about {chars} characters, {words} words)"),
    QT_TRANSLATE_NOOP("core", "{n} different short values: too many for categories"),
    QT_TRANSLATE_NOOP("core", "an id: named like one, a different value in (nearly) every row"),
    QT_TRANSLATE_NOOP("core", "the split column: says which rows are train, validation, test"),
    QT_TRANSLATE_NOOP("core", "named like a target"),
    QT_TRANSLATE_NOOP("core", "named like an outcome"),
    QT_TRANSLATE_NOOP("core", "its name holds a target's word"),
    QT_TRANSLATE_NOOP("core", "its name holds an outcome's word"),
    QT_TRANSLATE_NOOP("core", "the last usable column"),
    QT_TRANSLATE_NOOP("core", "the first usable column"),
    QT_TRANSLATE_NOOP("core", "{n} classes"),
    QT_TRANSLATE_NOOP("core", "two values"),
    QT_TRANSLATE_NOOP("core", "the same value in every row"),
    QT_TRANSLATE_NOOP("core", "many different numbers: regression"),
    QT_TRANSLATE_NOOP("core", "the one column of labels among numbers"),
    QT_TRANSLATE_NOOP("core", "the one column of two values among numbers"),
    QT_TRANSLATE_NOOP("core", "Column '{column}' is empty; it is ignored"),
    QT_TRANSLATE_NOOP("core", "Column '{column}' looks like a row id; it is ignored"),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' holds dates, which are not read as inputs; it is ignored (set its role "
        "to categorical to use it)"),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' has {n} different short values; it is ignored (set its role to "
        "categorical or text to use it)"),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}': {n} value(s) that are not numbers (such as '{example}') are treated as "
        "missing"),
    QT_TRANSLATE_NOOP("core", "Column '{column}': {n} value(s) such as '{example}' mean missing"),
    QT_TRANSLATE_NOOP("core", "{note}, and so are {n} missing-value marker(s) such as '{example}'"),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' says which rows are for training, validation and test: the data is "
        "split by it, and it is not an input"),
    QT_TRANSLATE_NOOP("core", "Column {i} has no name; it is called '{name}'"),
    QT_TRANSLATE_NOOP("core", "Column {i} repeats the name '{name}'; it is called '{new}'"),
    QT_TRANSLATE_NOOP("core", "Read as UTF-8 (the file starts with a byte-order mark)"),
    QT_TRANSLATE_NOOP("core", "Read as UTF-16 (the file starts with a byte-order mark)"),
    QT_TRANSLATE_NOOP("core", "Read as UTF-16 LE (the file has no byte-order mark)"),
    QT_TRANSLATE_NOOP("core", "Read as UTF-16 BE (the file has no byte-order mark)"),
    QT_TRANSLATE_NOOP("core", "Read as GB18030 (not valid UTF-8)"),
    QT_TRANSLATE_NOOP("core", "Read as Latin-1 (neither UTF-8 nor GB18030)"),
    QT_TRANSLATE_NOOP("core", "Read as {encoding} (not valid {tried} further into the file)"),
    QT_TRANSLATE_NOOP(
        "core", "{share} of the texts in '{column}' are longer than the maximum length ({length} tokens) "
        "and are cut, so the model never reads their end; 95% of them fit in {fits} tokens. Raise "
        "[data] max_length to {suggested} (slower), or keep it if the start of a text says enough."),
    QT_TRANSLATE_NOOP(
        "core", "{share} of the tokens in validation texts never occur in the training texts{rare}, so the "
        "model reads them as 'unknown'. To know more of them, {how}."),
    QT_TRANSLATE_NOOP("core", ", or fewer than {n} times"),
    QT_TRANSLATE_NOOP("core", "lower [data] min_freq to 1"),
    QT_TRANSLATE_NOOP("core", "raise [data] vocab_size"),
    QT_TRANSLATE_NOOP("core", "use the char tokenizer (every character is known)"),
    QT_TRANSLATE_NOOP("core", "add more training text"),
    QT_TRANSLATE_NOOP(
        "core", "Not sure which column to predict: the best guess is '{target}' ({why}), then {others}. "
        "Set [data] target to the column the model should learn to predict."),
    QT_TRANSLATE_NOOP(
        "core", "Not sure which column to predict: the best guess is '{target}' ({why}). Set [data] target "
        "to the column the model should learn to predict."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' looks like an identifier (named like one, a different value in (nearly) "
        "every row), so it is not an input: an id tells nothing about new rows. Give it a role in "
        "[data] roles if it means something."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' says which rows are for training, validation and test: the data is "
        "split by it, and it is not an input. Give it a role in [data] roles to split at random "
        "instead."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' is named like a split or fold column but its values are not "
        "train/validation/test, so it is used as an input. If it groups rows for evaluation, it "
        "should not be: ignore it."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' alone predicts '{target}' almost perfectly (accuracy {score} on rows it "
        "was not fitted on): it probably gives the answer away (recorded after the fact, or "
        "computed from the target), and a model that leans on it will fail on new data. Ignore it "
        "unless it is known before the prediction is needed."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' alone predicts '{target}' almost perfectly (rank correlation {score} on "
        "rows it was not fitted on): it probably gives the answer away (recorded after the fact, "
        "or computed from the target), and a model that leans on it will fail on new data. Ignore "
        "it unless it is known before the prediction is needed."),
    QT_TRANSLATE_NOOP(
        "core", "{copied} of the {total} test rows ({share}) have the same inputs as a training row, so "
        "the test score flatters the model: it has seen those answers. Remove repeated rows from "
        "the file, or split with a [data] split_column that keeps copies together."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' has {n} different values: too many classes to learn (at most {limit}); "
        "it looks like free text, an id or a quantity. Set [data] target to another column, or "
        "{instead}."),
    QT_TRANSLATE_NOOP(
        "core", "Column '{column}' has {n} classes in {rows} rows: nearly every row is its own class, so "
        "there is nothing to learn that carries over to new rows. Set [data] target to another "
        "column, or {instead}."),
    QT_TRANSLATE_NOOP("core", "predict it as a number (task regression)"),
    QT_TRANSLATE_NOOP("core", "choose another target such as '{column}'"),
    QT_TRANSLATE_NOOP("core", "choose another target"),
    QT_TRANSLATE_NOOP("core", "Add rows, merge rare classes, or choose another target."),
    QT_TRANSLATE_NOOP("core", "{path}: the file is empty (0 bytes)."),
    QT_TRANSLATE_NOOP("core", "Choose a file with data in it."),
    QT_TRANSLATE_NOOP("core", "{path}: file not found."),
    QT_TRANSLATE_NOOP("core", "Check the path and the file name."),
    QT_TRANSLATE_NOOP("core", "{path}: is a folder, not a file."),
    QT_TRANSLATE_NOOP("core", "Choose a CSV or .txt file."),
    QT_TRANSLATE_NOOP("core", "{path}: no permission to read this file."),
    QT_TRANSLATE_NOOP("core", "Check its permissions."),
    QT_TRANSLATE_NOOP("core", "{path}: the file holds only blank lines or spaces."),
    QT_TRANSLATE_NOOP("core", "Choose a file with text in it."),
    QT_TRANSLATE_NOOP("core", "{path}: is not valid {encoding} text (byte {byte} at offset {offset})."),
    QT_TRANSLATE_NOOP("core", "Set the encoding to 'auto' or to the file's real encoding."),
    QT_TRANSLATE_NOOP("core", "{path}: looks like {what}, not text."),
    QT_TRANSLATE_NOOP("core", "{path}: looks like a binary file, not text (NUL byte at offset {offset})."),
    QT_TRANSLATE_NOOP("core", "Export or save the data as a CSV or .txt file."),
    QT_TRANSLATE_NOOP("core", "{path}: changed while it was being read."),
    QT_TRANSLATE_NOOP("core", "Wait until the program writing it has finished, then open it again."),
    QT_TRANSLATE_NOOP("core", "{path}: was moved or deleted while it was being read."),
    QT_TRANSLATE_NOOP("core", "Open it again from where it is now."),
    QT_TRANSLATE_NOOP("core", "{path}: no column can be the target and there is no text column."),
    QT_TRANSLATE_NOOP("core", "Set [data] target to the column to predict."),
    QT_TRANSLATE_NOOP("core", "{path}: target column '{column}' has no values (every row is missing)."),
    QT_TRANSLATE_NOOP("core", "Choose another [data] target."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: column '{column}' has only one class ('{label}'): classification needs at least "
        "two."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: target column '{column}' is not numeric, so regression cannot predict it."),
    QT_TRANSLATE_NOOP("core", "Use the task tabular_classification."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: target column '{column}' has the same value in every row: there is nothing to "
        "predict."),
    QT_TRANSLATE_NOOP("core", "{path}: column '{column}' is both the target and the text column."),
    QT_TRANSLATE_NOOP("core", "Choose a different [data] text_column or [data] target."),
    QT_TRANSLATE_NOOP("core", "{path}: text classification needs a text column and none was found."),
    QT_TRANSLATE_NOOP("core", "Set [data] text_column."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: no feature columns left: every column other than the target '{column}' is ignored "
        "or text."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: no feature columns left: every column other than the target '{column}' is ignored "
        "or text ({empty})."),
    QT_TRANSLATE_NOOP("core", "Set a column's role to numeric or categorical in [data] roles."),
    QT_TRANSLATE_NOOP(
        "core", "{path}: {setting} names column '{column}', which is not in the data (columns: {columns})."),
    QT_TRANSLATE_NOOP("core", "Check the spelling, including upper/lower case."),
)
