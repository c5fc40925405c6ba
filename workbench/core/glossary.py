"""The glossary: each term the interface shows, explained in two or three plain sentences.

Qt-free data, in English and Simplified Chinese: ``GLOSSARY[term] = {"en", "zh", "zh_term"}``
(``zh_term`` is the term's standard Chinese name, the one a teacher would write on the board).
The window's *Help → Glossary* shows it, and "?" buttons and tooltips open it at a term.
:func:`find` maps what the interface writes ("f1", "r2", "nats per token") to its entry.
"""

from __future__ import annotations

import re

LANGUAGES = {"en": "English", "zh": "简体中文"}

GLOSSARY: dict[str, dict[str, str]] = {
    "loss": {
        "zh_term": "损失",
        "en": "A single number that says how wrong the model's answers are on the examples it just saw. "
              "Training changes the weights to make it smaller. Workbench measures it in nats (natural "
              "logarithms) for classifiers and language models, and as squared error for regression.",
        "zh": "损失是一个数字，表示模型在刚看过的样本上错得有多厉害。训练就是不断调整权重，让这个数字变小。"
              "分类模型和语言模型的损失以奈特（自然对数）为单位，回归模型的损失是误差的平方。",
    },
    "accuracy": {
        "zh_term": "准确率",
        "en": "The share of examples the model labels correctly. An accuracy of 0.8 means 8 out of 10 "
              "answers are right. With very unequal classes it can look good even when the model "
              "ignores the rare class.",
        "zh": "准确率是模型答对的样本所占的比例。准确率为 0.8，表示 10 个样本中答对了 8 个。"
              "如果各类别的数量相差很大，即使模型完全忽略少数类，准确率也可能看起来很高。",
    },
    "precision": {
        "zh_term": "精确率",
        "en": "Of the examples the model put in a class, the share that really belong there. High "
              "precision means few false alarms.",
        "zh": "在模型判为某一类的样本中，真正属于这一类的比例。精确率高，说明误报少。",
    },
    "recall": {
        "zh_term": "召回率",
        "en": "Of the examples that really belong to a class, the share the model found. High recall "
              "means few misses.",
        "zh": "在真正属于某一类的样本中，被模型找出来的比例。召回率高，说明漏掉的少。",
    },
    "F1": {
        "zh_term": "F1 分数",
        "en": "A single score that balances precision and recall (their harmonic mean). It is high only "
              "when both are high. Workbench averages it over the classes, so a rare class counts as "
              "much as a common one.",
        "zh": "F1 分数把精确率和召回率合成一个数（两者的调和平均数）。只有两者都高时，F1 才会高。"
              "Workbench 对各类别取平均，所以少数类和多数类同样重要。",
    },
    "ROC-AUC": {
        "zh_term": "ROC 曲线下面积（ROC-AUC）",
        "en": "The chance that the model scores a random positive example above a random negative one. "
              "0.5 is guessing and 1.0 is perfect. It judges the ranking of the scores, whatever "
              "threshold is later used to decide.",
        "zh": "随机取一个正例和一个反例，模型给正例打分更高的概率。0.5 相当于瞎猜，1.0 表示完美。"
              "它评价的是分数的排序，与之后选用哪个判定阈值无关。",
    },
    "perplexity": {
        "zh_term": "困惑度",
        "en": "How many tokens the language model is, in effect, choosing between at each step. A "
              "perplexity of 5 means it is as unsure as if it picked among 5 equally likely tokens. "
              "Lower is better; it is the exponential of the loss.",
        "zh": "困惑度表示语言模型每一步实际上在多少个词元之间犹豫。困惑度为 5，相当于在 5 个同样可能的"
              "词元中挑一个。越低越好，它等于损失的指数。",
    },
    "bits per character": {
        "zh_term": "每字符比特数",
        "en": "How many bits (yes/no answers) the model needs, on average, to pin down the next "
              "character. Lower is better. It is the loss converted from nats to bits, per character.",
        "zh": "模型平均需要多少比特（多少个“是或否”的回答）才能确定下一个字符。越低越好。"
              "它是把损失从奈特换算成比特、再按字符计算得到的。",
    },
    "R²": {
        "zh_term": "决定系数（R²）",
        "en": "How much of the spread of the true values the model explains. 1 is perfect, 0 is no better "
              "than always predicting the average, and below 0 is worse than that.",
        "zh": "决定系数表示模型解释了真实值波动的多少。1 表示完美，0 表示和总是预测平均值一样，"
              "小于 0 则比这还差。",
    },
    "MAE": {
        "zh_term": "平均绝对误差（MAE）",
        "en": "The average size of the model's mistakes, in the target's own units. An MAE of 3 on house "
              "prices in thousands means the predictions are off by 3,000 on average.",
        "zh": "平均绝对误差是模型误差的平均大小，单位与目标值相同。预测以千元计的房价时，MAE 为 3 表示"
              "预测平均偏差 3000 元。",
    },
    "RMSE": {
        "zh_term": "均方根误差（RMSE）",
        "en": "Like MAE, the typical size of a mistake in the target's units, but large mistakes weigh "
              "more. When RMSE is much bigger than MAE, a few predictions are far off.",
        "zh": "均方根误差和平均绝对误差一样，表示误差的典型大小，单位与目标值相同，但大的误差权重更高。"
              "如果 RMSE 比 MAE 大很多，说明有少数预测偏差很大。",
    },
    "MSE": {
        "zh_term": "均方误差（MSE）",
        "en": "The average of the squared mistakes: the loss of a regression model. Workbench computes it "
              "on standardised targets (mean 0, spread 1), so 1.0 is as good as always guessing the "
              "average.",
        "zh": "均方误差是误差平方的平均值，也就是回归模型的损失。Workbench 在标准化后的目标值（均值为 0，"
              "标准差为 1）上计算它，所以 1.0 相当于总是猜平均值。",
    },
    "learning rate": {
        "zh_term": "学习率",
        "en": "How big a step the optimizer takes each time it changes the weights. Too big and the loss "
              "jumps around or explodes; too small and learning crawls.",
        "zh": "学习率决定优化器每次调整权重时迈多大的步子。"
              "太大，损失会剧烈跳动甚至发散；太小，学习会非常缓慢。",
    },
    "warm-up": {
        "zh_term": "预热",
        "en": "The first steps of training, during which the learning rate rises gently from zero to its "
              "full value. It keeps the early, clumsy updates from throwing the model off course.",
        "zh": "预热是训练最初的若干步，学习率在这期间从零慢慢升到设定值。"
              "这样可以避免一开始笨拙的更新让模型走偏。",
    },
    "schedule": {
        "zh_term": "学习率调度",
        "en": "The plan for how the learning rate changes during training. A common one warms up, then "
              "glides down along a cosine curve, so the last steps make small, careful changes.",
        "zh": "学习率调度规定了训练过程中学习率如何变化。常见的做法是先预热，再沿余弦曲线逐渐下降，"
              "这样最后几步只做细小而谨慎的调整。",
    },
    "optimizer": {
        "zh_term": "优化器",
        "en": "The rule that turns the gradient into a change of the weights. AdamW, a safe default, adapts "
              "the step for each weight; SGD is the classic, simpler rule.",
        "zh": "优化器是把梯度转换成权重更新的规则。AdamW 是稳妥的默认选择，它为每个权重调整步长；"
              "SGD（随机梯度下降）是经典而简单的规则。",
    },
    "weight decay": {
        "zh_term": "权重衰减",
        "en": "A gentle pull of every weight towards zero at each step. It keeps the weights small, which "
              "makes memorising the training set harder and often helps on new data.",
        "zh": "权重衰减在每一步都把所有权重轻轻拉向零。它让权重保持较小，使模型更难死记训练集，"
              "通常能提高在新数据上的表现。",
    },
    "gradient clipping": {
        "zh_term": "梯度裁剪",
        "en": "A cap on the size of the gradient before each update. A single odd batch then cannot throw "
              "the weights far away, which protects training from sudden jumps.",
        "zh": "梯度裁剪在每次更新前给梯度的大小设一个上限。这样，个别异常的批量就不会把权重推得太远，"
              "训练也不会突然失控。",
    },
    "epoch": {
        "zh_term": "轮次",
        "en": "One full pass through the training set. Training for 10 epochs means the model sees every "
              "training example 10 times.",
        "zh": "一个轮次就是把整个训练集完整地过一遍。训练 10 个轮次，意味着模型把每个训练样本看了 10 遍。",
    },
    "step": {
        "zh_term": "步",
        "en": "One update of the weights, made after the model has seen one batch. The charts count "
              "training in steps.",
        "zh": "一步就是模型看完一个批量后对权重做的一次更新。图表的横轴按步数计算训练进度。",
    },
    "batch": {
        "zh_term": "批量",
        "en": "The group of examples the model looks at before each update. Bigger batches give steadier "
              "updates but use more memory.",
        "zh": "批量是模型每次更新前一起查看的一组样本。批量越大，更新越平稳，但占用的内存也越多。",
    },
    "overfitting": {
        "zh_term": "过拟合",
        "en": "When the model learns the training examples by heart instead of the general pattern. You "
              "see it when the training loss keeps falling while the validation loss starts to rise.",
        "zh": "过拟合是指模型死记硬背训练样本，而没有学到普遍规律。"
              "表现为训练损失继续下降，而验证损失开始上升。",
    },
    "validation set": {
        "zh_term": "验证集",
        "en": "Examples held back from training and used to check the model while it learns. They pick the "
              "best checkpoint and tell you when the model starts to overfit.",
        "zh": "验证集是不参与训练、用来在学习过程中检查模型的样本。"
              "它用于挑选最好的检查点，并提示模型何时开始过拟合。",
    },
    "test set": {
        "zh_term": "测试集",
        "en": "Examples the model never sees while training, not even to choose settings. Its score is the "
              "honest estimate of how the model will do on new data.",
        "zh": "测试集是模型在训练中从未见过的样本，连选择设置时也不使用。"
              "它上面的成绩才是对模型面对新数据时表现的诚实估计。",
    },
    "attention": {
        "zh_term": "注意力",
        "en": "How a Transformer decides, for each token, which other tokens to take information from. Each "
              "token spreads a total weight of 1 over the tokens it looks at; the heatmaps show those "
              "weights.",
        "zh": "注意力是 Transformer 为每个词元决定从哪些其他词元获取信息的方式。每个词元把总和为 1 的权重"
              "分配给它所关注的词元，热力图显示的就是这些权重。",
    },
    "head": {
        "zh_term": "注意力头",
        "en": "One independent way of paying attention inside a layer. Several heads work side by side, so "
              "one can follow the previous word while another looks at the whole sentence.",
        "zh": "注意力头是一层里一种独立的注意方式。"
              "几个头并排工作，比如一个头关注前一个词，另一个头纵览整句话。",
    },
    "layer": {
        "zh_term": "层",
        "en": "One block of the network, stacked on the previous one. In a Transformer each layer lets every "
              "token look at the others once more and refine what it knows.",
        "zh": "层是网络中叠在前一块之上的一个模块。在 Transformer 中，每一层都让每个词元再看一遍其他词元，"
              "进一步完善自己掌握的信息。",
    },
    "token": {
        "zh_term": "词元",
        "en": "The unit of text the model reads: a word, a piece of a word or a single character, depending "
              "on the tokenizer. A text becomes a sequence of token numbers.",
        "zh": "词元是模型读取文本的基本单位，根据分词器的不同，可以是一个词、词的一部分或一个字符。"
              "一段文本会被转换成一串词元编号。",
    },
    "tokenizer": {
        "zh_term": "分词器",
        "en": "The part that cuts a text into tokens and gives each token a number from the vocabulary. "
              "Words it has never seen become the unknown token.",
        "zh": "分词器负责把文本切分成词元，并按词表给每个词元一个编号。没见过的词会变成“未知”词元。",
    },
    "embedding": {
        "zh_term": "嵌入",
        "en": "The list of numbers (a vector) the model learns for each token. Tokens used in similar ways "
              "end up with similar vectors.",
        "zh": "嵌入是模型为每个词元学到的一组数字（一个向量）。用法相近的词元，最终会得到相近的向量。",
    },
    "dropout": {
        "zh_term": "丢弃法",
        "en": "While training, a random share of the connections is switched off at each step. The model "
              "cannot rely on any single path, so it memorises less; nothing is dropped when it predicts.",
        "zh": "丢弃法在训练的每一步随机关闭一部分连接。这样模型不能依赖某一条固定的路径，也就更少死记硬背；"
              "预测时不会丢弃任何连接。",
    },
    "early stopping": {
        "zh_term": "早停",
        "en": "Ending training once the validation score has stopped improving for a set number of checks. "
              "It saves time and stops the model before it overfits.",
        "zh": "早停是指当验证成绩连续若干次检查都没有提高时就结束训练。"
              "它既节省时间，又能在模型过拟合之前停下来。",
    },
    "baseline": {
        "zh_term": "基线",
        "en": "A simple reference model trained on the same rows, such as counting words or a straight-line "
              "fit. If the neural network does not beat it, the network is not worth its cost.",
        "zh": "基线是在同样的数据上训练的简单参考模型，比如统计词频或线性拟合。如果神经网络赢不了它，"
              "这个网络就不值得它的开销。",
    },
    "checkpoint": {
        "zh_term": "检查点",
        "en": "A saved copy of the model's weights at one moment of training. Workbench keeps the latest and "
              "the best one, so a run can be resumed or its best version used.",
        "zh": "检查点是训练中某一时刻保存下来的模型权重副本。Workbench 保留最新的和最好的检查点，"
              "因此可以继续训练，也可以使用最好的那个版本。",
    },
}

# What the interface writes -> the entry that explains it (lower case; the terms match themselves).
ALIASES = {
    "f1": "F1", "f1 score": "F1", "macro f1": "F1", "roc auc": "ROC-AUC", "auc": "ROC-AUC",
    "r2": "R²", "r^2": "R²", "nats per token": "loss", "nats": "loss", "bpc": "bits per character",
    "mse, standardised": "MSE", "lr": "learning rate", "warmup": "warm-up", "warmup_steps": "warm-up",
    "heads": "head", "attention heads": "head", "layers": "layer", "tokens": "token", "epochs": "epoch",
    "steps": "step", "batch size": "batch", "validation": "validation set", "test": "test set",
    "early stopping patience": "early stopping", "grad_clip": "gradient clipping",
}

# Config field ("section.name") -> the glossary term that explains it.
FIELD_TERMS = {
    "model.n_layers": "layer", "model.n_heads": "head", "model.dropout": "dropout",
    "model.d_model": "embedding", "optim.name": "optimizer", "optim.lr": "learning rate",
    "optim.weight_decay": "weight decay", "optim.schedule": "schedule", "optim.warmup_steps": "warm-up",
    "optim.grad_clip": "gradient clipping", "train.batch_size": "batch", "train.epochs": "epoch",
    "train.max_steps": "step", "train.eval_interval": "validation set",
    "train.early_stopping_patience": "early stopping", "train.checkpoint_interval": "checkpoint",
    "train.baseline": "baseline", "data.tokenizer": "token", "data.val_fraction": "validation set",
    "data.test_fraction": "test set",
}


# The terms a task's charts and scores show, most used first.
TASK_TERMS = {
    "tabular_classification": ("loss", "accuracy", "F1", "ROC-AUC"),
    "text_classification": ("loss", "accuracy", "F1", "ROC-AUC"),
    "language_modeling": ("loss", "perplexity", "bits per character"),
    "regression": ("MSE", "R²", "MAE", "RMSE"),
}
# The "?" beside each group of settings and each view, by where it sits.
GROUP_TERMS = {"model": "layer", "optim": "optimizer", "train": "epoch", "attention": "attention",
               "heads": "head", "lr_chart": "learning rate"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])|(?<=[。！？])")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (English or Chinese), empty pieces left out."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def find(name: str) -> str | None:
    """The glossary term for ``name`` as the interface writes it ("R2", "f1", "Learning rate")."""
    key = name.strip()
    if key in GLOSSARY:
        return key
    lower = key.lower()
    for term in GLOSSARY:
        if term.lower() == lower:
            return term
    return ALIASES.get(lower)


def title(term: str, language: str = "en") -> str:
    """How ``term`` is named in ``language`` ("en" or "zh")."""
    return GLOSSARY[term]["zh_term"] if language == "zh" else term


def search(query: str, language: str = "en") -> list[str]:
    """Terms whose name (in either language) or explanation (in ``language``) contains ``query``;
    those whose name matches come first. An empty query lists every term."""
    q = query.strip().lower()
    if not q:
        return list(GLOSSARY)
    named = [t for t, e in GLOSSARY.items() if q in t.lower() or q in e["zh_term"].lower()]
    alias = find(q)
    if alias is not None and alias not in named:
        named.insert(0, alias)
    explained = [t for t, e in GLOSSARY.items() if t not in named and q in e[language].lower()]
    return named + explained



def task_terms(task: str) -> tuple[str, ...]:
    """The glossary terms of ``task``'s metrics (a classifier's when the task is not known yet)."""
    return TASK_TERMS.get(task, TASK_TERMS["text_classification"])
