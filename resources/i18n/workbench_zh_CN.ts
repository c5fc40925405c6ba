<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Menus</name>
    <message>
        <source>&amp;Glossary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the words on the screen mean: loss, accuracy, learning rate, attention…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunStory</name>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play this run again in about 30 seconds: its curves, the events on them, the attention timeline and the samples, in step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop replay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>Data file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSV or plain-text (.txt) file to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the model should learn. &apos;auto&apos; picks from the data: a text column and a label make text classification, numbers and a label make tabular classification, a numeric target makes regression, a .txt file makes a language model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text_classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tabular_classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>language_modeling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column the model predicts. Empty: guessed from the data (its name, its place, its values); a guess that is not sure is asked about, and the command line will not train on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For text classification: the column holding the text. Empty: the column with the longest strings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-column override of the guessed role: text, numeric, categorical, target or ignore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>numeric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>categorical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A column saying which rows are train, validation (valid, dev) or test; it replaces the random shares and is never an input. Empty: a column named like split/set/fold whose values fit is used; give that column a role to split at random instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing-value markers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values that mean &apos;missing&apos; in a numeric or categorical column (any case, spaces around them ignored).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text encoding of the file. &apos;auto&apos; tries UTF-8, UTF-8 with BOM, UTF-16 (with BOM), GB18030 and Latin-1 in turn and reports what it used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the rows held out to check progress while training (never trained on).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the rows held out for the final, honest score after training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed gives the same train/validation/test split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How text is cut into tokens: &apos;char&apos; makes every character a token (good for Chinese and for small language models); &apos;word&apos; splits on spaces and punctuation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>char</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treat upper- and lower-case letters as the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The most frequent tokens kept; rarer ones become &apos;unknown&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum frequency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token must appear at least this often in the training data to get its own entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts are cut to this many tokens for classification.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate on the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language models: validation is the last part of the text (and test the part before it), not random pieces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write the losses, metrics, learning rate and attention snapshots to the run&apos;s tensorboard/ folder, for TensorBoard (needs the optional package: pip install &quot;workbench[tensorboard]&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;transformer&apos; reads text with self-attention; &apos;bag&apos; averages learned vectors of a text&apos;s words and n-grams (fastText-style: fast, strong, no attention); &apos;gpt&apos; predicts the next token; &apos;mlp&apos; is a plain network for tables; &apos;ft_transformer&apos; lets table features attend to each other. &apos;auto&apos; picks the usual one for the task (for text: bag).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transformer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mlp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ft_transformer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many numbers describe each token inside the model. Wider learns more, but is slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many Transformer blocks are stacked. Each block lets every token look at the others once more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A head is one independent way of deciding which tokens to look at. Must divide the width.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed-forward factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width of the inner layer of each block, as a multiple of the model width.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of connections switched off at random while training, so the model cannot just memorise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language models: how many previous tokens the model sees when predicting the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifiers: how token vectors become one vector for the text: &apos;mean&apos; averages them, &apos;cls&apos; uses a special first token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N-gram embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text classifiers: 1 = each token is read alone; 2 = each token also gets a learned vector for the pair it starts (3: and the triple). Helps a lot for languages written without spaces, like Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLP: the width of each hidden layer (1 to 65,536 units each, at most 16 layers).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add learnable offsets in linear layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rule that updates the weights from the gradient. AdamW is a safe default; SGD is the classic one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sgd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adamw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rmsprop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How big a step the optimizer takes. Too big and the loss jumps or becomes NaN; too small and learning crawls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gently pulls weights towards zero to avoid memorising.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD/RMSprop: how much of the previous step carries into the next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD: look ahead along the momentum before stepping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beta 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam/AdamW: how slowly the gradient average changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beta 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam/AdamW: how slowly the squared-gradient average changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the learning rate changes over training: constant, step (cut every N steps), cosine (warm up, then glide down), linear (warm up, then straight down), plateau (cut when validation stops improving).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plateau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps at the start over which the learning rate rises from zero, which steadies early training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final LR share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine/linear: the learning rate at the end, as a share of the starting one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step schedule: cut the learning rate every this many steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step/plateau schedules: multiply the learning rate by this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plateau patience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plateau schedule: evaluations without improvement before the cut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps the size of each update&apos;s gradient (0 = off); protects against sudden jumps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name for the run folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many examples the model sees before each update (the global batch: with several processes, split across them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times to go through the whole training set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many updates (0 = no limit; epochs decide).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit; epochs decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the validation set every this many steps (0 = once per epoch).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once per epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches used per validation check (0 = the whole validation set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the whole validation set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the training loss every this many steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed on the CPU gives the same run, step for step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to train: &apos;auto&apos; uses a CUDA GPU, then Apple&apos;s GPU, then the CPU; or name one (&apos;cpu&apos;, &apos;cuda&apos;, &apos;cuda:1&apos;, &apos;mps&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16 on GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use bfloat16 mixed precision on CUDA: faster, same results to within noise (as precision &apos;bf16&apos;; &apos;auto&apos; already picks it where supported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number format of the forward pass on CUDA: &apos;auto&apos; (bf16 where the card supports it, else fp32), &apos;fp32&apos;, &apos;bf16&apos; or &apos;fp16&apos; (with loss scaling); the CPU trains in fp32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile the model with torch.compile: a slow first step, then faster steps on a GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many evaluations without improvement (0 = off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation metric that decides the best checkpoint and early stopping (&apos;auto&apos;: accuracy for classifiers, loss otherwise).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads for CPU training (0 = automatic): all cores for command-line runs, all but one while the window is open. On a busy machine, fewer can be faster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also save the latest checkpoint every this many steps (0 = at each evaluation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at each evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language models: characters/words generated as a sample at each evaluation (0 = none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also fit a simple reference model (bag-of-words or linear model, boosted trees for tables) on the same training rows, in seconds, and show its score beside this model&apos;s: is the network any better?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A finished run&apos;s folder: this run starts from its weights where their names and shapes fit (embeddings, Transformer blocks), and reuses its tokenizer; the rest (a new head) starts fresh. Empty: fresh weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fresh weights</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
