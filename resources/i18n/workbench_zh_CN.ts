<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AttentionDisplay</name>
        <message>
            <source>averaged over layers and heads</source>
            <translation>对所有层和注意力头取平均</translation>
        </message>
        <message>
            <source>rolled out through the layers</source>
            <translation>逐层累积传递</translation>
        </message>
        <message>
            <source>the selected head only</source>
            <translation>仅所选注意力头</translation>
        </message>
        <message>
            <source>How weights become colours. Fixed 0 to 1 compares heads and steps; the others bring out a weak pattern.</source>
            <translation>权重如何映射为颜色。“固定 0–1”便于比较不同注意力头和不同步；其他几种能突出微弱的模式。</translation>
        </message>
        <message>
            <source>layer </source>
            <translation>层 </translation>
        </message>
        <message>
            <source>head </source>
            <translation>注意力头 </translation>
        </message>
        <message>
            <source>tokens from #</source>
            <translation>起始词元 #</translation>
        </message>
        <message>
            <source>Shown large:</source>
            <translation>放大显示：</translation>
        </message>
        <message>
            <source>Colours:</source>
            <translation>颜色：</translation>
        </message>
        <message>
            <source>of {count} (shown {window} at a time)</source>
            <translation>共 {count} 个（每次显示 {window} 个）</translation>
        </message>
        <message>
            <source>layer {layer}, head {head}</source>
            <translation>第 {layer} 层，第 {head} 个注意力头</translation>
        </message>
        <message>
            <source>{label}, {since}</source>
            <translation>{label}，{since}</translation>
        </message>
        <message>
            <source>{how} (layer {layer}, head {head})</source>
            <translation>{how}（第 {layer} 层，第 {head} 个注意力头）</translation>
        </message>
        <message>
            <source>How much the prediction attends to each feature, {how}:</source>
            <translation>预测对每个特征的注意力（{how}）：</translation>
        </message>
        <message>
            <source>What ‘{token}’ (#{number}) looks at to predict the next token, {how}. Click a row of the map to pick another token.</source>
            <translation>“{token}”（#{number}）在预测下一个词元时关注什么（{how}）。点击热力图中的一行可换一个词元。</translation>
        </message>
        <message>
            <source>How much the [CLS] token, which the prediction reads, attends to each token, {how}:</source>
            <translation>预测所读取的 [CLS] 词元对每个词元的注意力（{how}）：</translation>
        </message>
        <message>
            <source>Attention each token receives on average (the prediction averages all tokens), {how}:</source>
            <translation>每个词元平均得到的注意力（预测对所有词元取平均，{how}）：</translation>
        </message>
        <message>
            <source>‘{token}’ (#{number}): {share} of the attention</source>
            <translation>“{token}”（#{number}）：占注意力的 {share}</translation>
        </message>
        <message>
            <source>fixed 0–1</source>
            <translation>固定 0–1</translation>
        </message>
        <message>
            <source>per-map range</source>
            <translation>按单图范围</translation>
        </message>
        <message>
            <source>log</source>
            <translation>对数</translation>
        </message>
        <message>
            <source>difference from uniform</source>
            <translation>与均匀分布之差</translation>
        </message>
        <message>
            <source>Every map on the same 0 to 1 scale: heads and snapshots compare at a glance.</source>
            <translation>所有图都用同一把 0 到 1 的标尺：不同注意力头、不同快照一眼就能比较。</translation>
        </message>
        <message>
            <source>Each map stretched from its own smallest to its largest weight: faint structure shows.</source>
            <translation>每张图从自身最小权重拉伸到最大权重：微弱的结构也能显现。</translation>
        </message>
        <message>
            <source>Weights on a logarithmic scale: small weights differ as clearly as large ones.</source>
            <translation>权重按对数刻度显示：小权重之间的差别和大权重一样清楚。</translation>
        </message>
        <message>
            <source>Each weight minus an even spread (1 / the tokens a query sees): warm = more than even, cool = less, the middle = exactly even.</source>
            <translation>每个权重减去平均分配值（1 / 查询可见的词元数）：暖色表示高于平均，冷色表示低于平均，中间色表示恰好平均。</translation>
        </message>
    </context>
    <context>
        <name>AttentionHeatmap</name>
        <message>
            <source>attention weight</source>
            <translation>注意力权重</translation>
        </message>
        <message>
            <source>attention weight (this map)</source>
            <translation>注意力权重（本图）</translation>
        </message>
        <message>
            <source>attention weight (log scale)</source>
            <translation>注意力权重（对数刻度）</translation>
        </message>
        <message>
            <source>weight − even spread</source>
            <translation>权重 − 平均分配值</translation>
        </message>
        <message>
            <source>0 (even)</source>
            <translation>0（平均）</translation>
        </message>
        <message>
            <source>Hover the map to read a weight · drag to pan, wheel to zoom · right-click to save</source>
            <translation>悬停查看权重 · 拖动平移，滚轮缩放 · 右键保存</translation>
        </message>
        <message>
            <source>token that looks (query)</source>
            <translation>发出关注的词元（查询）</translation>
        </message>
        <message>
            <source>token looked at (key)</source>
            <translation>被关注的词元（键）</translation>
        </message>
        <message>
            <source>Save this heatmap as PNG…</source>
            <translation>将此热力图保存为 PNG…</translation>
        </message>
        <message>
            <source>Save these weights as CSV…</source>
            <translation>将这些权重保存为 CSV…</translation>
        </message>
        <message>
            <source>Save these weights as NumPy (.npy)…</source>
            <translation>将这些权重保存为 NumPy（.npy）…</translation>
        </message>
        <message>
            <source>Save all layers and heads as NumPy (.npy)…</source>
            <translation>将所有层和注意力头保存为 NumPy（.npy）…</translation>
        </message>
        <message>
            <source>Save the grid of heads as PNG…</source>
            <translation>将注意力头网格保存为 PNG…</translation>
        </message>
        <message>
            <source>Show everything</source>
            <translation>显示全部</translation>
        </message>
        <message>
            <source>{query} cannot look at {key}: it comes later</source>
            <translation>{query} 不能关注 {key}：它在后面</translation>
        </message>
        <message>
            <source>{query} → {key}: weight {weight}</source>
            <translation>{query} → {key}：权重 {weight}</translation>
        </message>
    </context>
    <context>
        <name>AttentionView</name>
        <message>
            <source>Train a Transformer (or open a run folder) to look inside its attention.</source>
            <translation>训练一个 Transformer（或打开一个训练运行文件夹），即可查看它的注意力。</translation>
        </message>
        <message>
            <source>This model is an MLP: it has no attention to show. Choose the FT-Transformer on the Model page to see how the columns of a table attend to each other.</source>
            <translation>这个模型是 MLP：没有注意力可显示。在“模型”页选择 FT-Transformer，就能看到表格各列之间如何相互关注。</translation>
        </message>
        <message>
            <source>This model is a bag of n-grams: it has no attention to show. Choose the Transformer on the Model page to see which words a prediction attends to.</source>
            <translation>这个模型是 n 元词袋模型：没有注意力可显示。在“模型”页选择 Transformer，就能看到预测关注哪些词。</translation>
        </message>
        <message>
            <source>Drag through training: each mark is a snapshot of the attention.</source>
            <translation>拖动浏览训练过程：每个刻度是一次注意力快照。</translation>
        </message>
        <message>
            <source>Follow training</source>
            <translation>跟随训练</translation>
        </message>
        <message>
            <source>Training:</source>
            <translation>训练：</translation>
        </message>
        <message>
            <source>Training has started: the first attention snapshot arrives in a moment…</source>
            <translation>训练已开始：第一张注意力快照马上就到…</translation>
        </message>
        <message>
            <source>Reading the attention snapshots…</source>
            <translation>正在读取注意力快照…</translation>
        </message>
        <message>
            <source>This run kept no attention snapshots (it was trained without the probe).</source>
            <translation>这次训练运行没有保存注意力快照（训练时没有启用探针）。</translation>
        </message>
        <message>
            <source>This run kept no attention snapshots: type your own text to see the attention of its best checkpoint.</source>
            <translation>这次训练运行没有保存注意力快照：输入自己的文本，即可查看其最佳检查点的注意力。</translation>
        </message>
        <message>
            <source>At step {step} the model says → {answer}</source>
            <translation>第 {step} 步时，模型的回答 → {answer}</translation>
        </message>
        <message>
            <source>At step {step} the model predicts {value}</source>
            <translation>第 {step} 步时，模型的预测为 {value}</translation>
        </message>
        <message>
            <source>no snapshots</source>
            <translation>没有快照</translation>
        </message>
        <message>
            <source>your text</source>
            <translation>你的文本</translation>
        </message>
        <message>
            <source>step {step} (snapshot {number} of {count})</source>
            <translation>第 {step} 步（第 {number} 张快照，共 {count} 张）</translation>
        </message>
        <message>
            <source>Could not run the model: {error}</source>
            <translation>无法运行模型：{error}</translation>
        </message>
        <message>
            <source>Thinking…</source>
            <translation>计算中…</translation>
        </message>
        <message>
            <source>the weights at step {step}</source>
            <translation>第 {step} 步的权重</translation>
        </message>
        <message>
            <source>Wait a moment: the first copy of the weights comes with the first snapshot.</source>
            <translation>请稍候：第一份权重副本会随第一张快照一起到来。</translation>
        </message>
        <message>
            <source>the {weights}</source>
            <translation>{weights}</translation>
        </message>
        <message>
            <source>Train a model first.</source>
            <translation>请先训练一个模型。</translation>
        </message>
        <message>
            <source>Using {source}.</source>
            <translation>使用{source}。</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <source>NumPy array (*.npy)</source>
            <translation>NumPy 数组 (*.npy)</translation>
        </message>
        <message>
            <source>Save attention</source>
            <translation>保存注意力</translation>
        </message>
        <message>
            <source>Could not save</source>
            <translation>无法保存</translation>
        </message>
    </context>
    <context>
        <name>BalanceChart</name>
        <message>
            <source>rows</source>
            <translation>行数</translation>
        </message>
        <message>
            <source>Class balance (top {shown} of {classes})</source>
            <translation>类别分布（{classes} 类中的前 {shown} 类）</translation>
        </message>
        <message>
            <source>Class balance</source>
            <translation>类别分布</translation>
        </message>
        <message>
            <source>Distribution of '{column}'</source>
            <translation>“{column}”的分布</translation>
        </message>
    </context>
    <context>
        <name>ChartExport</name>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>SVG image (*.svg)</source>
            <translation>SVG 图片 (*.svg)</translation>
        </message>
        <message>
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <source>Save as PNG…</source>
            <translation>另存为 PNG…</translation>
        </message>
        <message>
            <source>Save as SVG…</source>
            <translation>另存为 SVG…</translation>
        </message>
        <message>
            <source>Save data as CSV…</source>
            <translation>将数据另存为 CSV…</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Save this chart as a PNG or SVG image, or its numbers as CSV.</source>
            <translation>将此图表保存为 PNG 或 SVG 图片，或将其数据保存为 CSV。</translation>
        </message>
        <message>
            <source>Save chart data as CSV</source>
            <translation>将图表数据保存为 CSV</translation>
        </message>
        <message>
            <source>Save chart as {format}</source>
            <translation>将图表保存为 {format}</translation>
        </message>
        <message>
            <source>Could not save</source>
            <translation>无法保存</translation>
        </message>
    </context>
    <context>
        <name>ChartMarks</name>
        <message>
            <source>overfitting begins</source>
            <translation>开始过拟合</translation>
        </message>
        <message>
            <source>diverging begins</source>
            <translation>开始发散</translation>
        </message>
    </context>
    <context>
        <name>CheckList</name>
        <message>
            <source>Cannot train</source>
            <translation>无法训练</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>提示</translation>
        </message>
        <message>
            <source>Ignore column '{column}'</source>
            <translation>忽略“{column}”列</translation>
        </message>
        <message>
            <source>Use column '{column}' as {role}</source>
            <translation>把“{column}”列用作{role}</translation>
        </message>
        <message>
            <source>Predict '{column}' instead</source>
            <translation>改为预测“{column}”</translation>
        </message>
        <message>
            <source>Predict it as a number (regression)</source>
            <translation>作为数值预测（回归）</translation>
        </message>
        <message>
            <source>Use '{column}' as the split</source>
            <translation>用“{column}”划分数据</translation>
        </message>
        <message>
            <source>Split at random</source>
            <translation>随机划分</translation>
        </message>
        <message>
            <source>Set {setting} to {value}</source>
            <translation>把{setting}设为 {value}</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Changes the setting: {settings}</source>
            <translation>将修改设置：{settings}</translation>
        </message>
        <message>
            <source>Findings about the data</source>
            <translation>关于数据的检查结果</translation>
        </message>
    </context>
    <context>
        <name>ClusterAction</name>
        <message>
            <source>Save this setup and get the torchrun command that trains it on several GPUs or machines</source>
            <translation>保存当前配置，并获取在多块 GPU 或多台机器上训练它的 torchrun 命令</translation>
        </message>
        <message>
            <source>Run on a &amp;cluster…</source>
            <translation>在集群上运行(&amp;C)…</translation>
        </message>
        <message>
            <source>Save the setup to run on a cluster</source>
            <translation>保存配置以在集群上运行</translation>
        </message>
        <message>
            <source>Setup (*.toml)</source>
            <translation>配置 (*.toml)</translation>
        </message>
    </context>
    <context>
        <name>ClusterDialog</name>
        <message>
            <source>The setup is saved to &lt;b&gt;{config}&lt;/b&gt;. Run the command below from a terminal in which Workbench is installed: each machine needs the same setup file and data file at the same paths. Rank 0 (the first machine) writes the run folder; open it here with &lt;i&gt;File → Open run folder…&lt;/i&gt; to see its curves.</source>
            <translation>配置已保存到 &lt;b&gt;{config}&lt;/b&gt;。请在装有 Workbench 的终端中运行下面的命令：每台机器都需要在相同路径下有同样的配置文件和数据文件。0 号进程（第一台机器）负责写入训练运行文件夹；在这里用&lt;i&gt;文件 → 打开训练运行文件夹…&lt;/i&gt;打开它即可查看曲线。</translation>
        </message>
        <message>
            <source>On each machine run its own line (its --node-rank). The rendezvous endpoint is the first machine's address and a free port that the others can reach.</source>
            <translation>每台机器运行属于自己的那一行（看它的 --node-rank）。汇合地址是第一台机器的地址加一个其他机器能访问到的空闲端口。</translation>
        </message>
        <message>
            <source>Run on a cluster</source>
            <translation>在集群上运行</translation>
        </message>
        <message>
            <source>Processes on each machine: usually one per GPU. train.batch_size is the global batch, split across all processes.</source>
            <translation>每台机器上的进程数：通常每块 GPU 一个。train.batch_size 是全局批大小，会分摊到所有进程。</translation>
        </message>
        <message>
            <source>host:port of the first machine, reachable from the others</source>
            <translation>第一台机器的 主机:端口，其他机器须能访问到</translation>
        </message>
        <message>
            <source>Processes per machine</source>
            <translation>每台机器的进程数</translation>
        </message>
        <message>
            <source>Machines</source>
            <translation>机器数</translation>
        </message>
        <message>
            <source>Rendezvous endpoint</source>
            <translation>汇合地址</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source># machine {number}</source>
            <translation># 机器 {number}</translation>
        </message>
    </context>
    <context>
        <name>ConfigDiff</name>
        <message>
            <source>Only what differs</source>
            <translation>只看不同之处</translation>
        </message>
        <message>
            <source>The runs have the same settings.</source>
            <translation>这些训练运行的设置完全相同。</translation>
        </message>
    </context>
    <context>
        <name>ConfigForm</name>
        <message>
            <source>none; e.g. NA, ?, -</source>
            <translation>无；例如 NA, ?, -</translation>
        </message>
        <message>
            <source>e.g. 128, 64</source>
            <translation>例如 128, 64</translation>
        </message>
        <message>
            <source>empty = {meaning}</source>
            <translation>留空 = {meaning}</translation>
        </message>
        <message>
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
    </context>
    <context>
        <name>ConfusionExamples</name>
        <message>
            <source>Click a cell of the matrix to list its test examples; double-click one to open it in Try it.</source>
            <translation>点击矩阵中的一个格子，列出其中的测试样本；双击某个样本，可在“试一试”中打开它。</translation>
        </message>
        <message>
            <source>'{true}', said rightly</source>
            <translation>“{true}”，预测正确</translation>
        </message>
        <message>
            <source>truly '{true}', said '{said}'</source>
            <translation>实际为“{true}”，预测为“{said}”</translation>
        </message>
        <message>
            <source>{count} examples</source>
            <translation>{count} 个样本</translation>
        </message>
        <message>
            <source>{count} example</source>
            <translation>{count} 个样本</translation>
        </message>
        <message>
            <source>{examples} of the {total} in this cell (the {kept} rows kept of the split)</source>
            <translation>{examples}（此格共 {total} 个；该数据集划分保留了 {kept} 行）</translation>
        </message>
        <message>
            <source>{examples}; the {listed} most confident listed</source>
            <translation>{examples}，列出其中最有把握的 {listed} 个</translation>
        </message>
        <message>
            <source>{what}: {examples}, the most confident first, as the model read them.</source>
            <translation>{what}：{examples}，最有把握的排在前面，按模型读入时的样子显示。</translation>
        </message>
        <message>
            <source>{what}: {examples}, as the model read it.</source>
            <translation>{what}：{examples}，按模型读入时的样子显示。</translation>
        </message>
        <message>
            <source>{sentence} {unknown} marks a token the model does not know.</source>
            <translation>{sentence}{unknown} 表示模型不认识的词元。</translation>
        </message>
        <message>
            <source>{sentence} Double-click one to open it in Try it.</source>
            <translation>{sentence}双击某个样本，可在“试一试”中打开它。</translation>
        </message>
        <message>
            <source>Confusion matrix</source>
            <translation>混淆矩阵</translation>
        </message>
        <message>
            <source>example</source>
            <translation>样本</translation>
        </message>
        <message>
            <source>said</source>
            <translation>预测</translation>
        </message>
        <message>
            <source>true class</source>
            <translation>真实类别</translation>
        </message>
        <message>
            <source>Open in Try it</source>
            <translation>在“试一试”中打开</translation>
        </message>
        <message>
            <source>Show its attention</source>
            <translation>查看其注意力</translation>
        </message>
        <message>
            <source>See what the model attended to in this example (Transformers)</source>
            <translation>查看模型在这个样本中关注了哪些内容（Transformer 模型）</translation>
        </message>
        <message>
            <source>Examples of each cell are kept for runs made with this version of Workbench.</source>
            <translation>用此版本 Workbench 训练的运行会保留每个格子的样本。</translation>
        </message>
    </context>
    <context>
        <name>ConfusionMatrix</name>
        <message>
            <source>true class</source>
            <translation>真实类别</translation>
        </message>
        <message>
            <source>predicted class</source>
            <translation>预测类别</translation>
        </message>
    </context>
    <context>
        <name>ContinueDialog</name>
        <message>
            <source>Continue the run</source>
            <translation>继续训练</translation>
        </message>
        <message>
            <source> steps</source>
            <translation> 步</translation>
        </message>
        <message>
            <source> epochs</source>
            <translation> 轮</translation>
        </message>
        <message>
            <source>The learning rate from the next step on (the schedule continues from it)</source>
            <translation>从下一步起使用的学习率（学习率调度从它继续）</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Stop after this many evaluations without improvement (off: never)</source>
            <translation>连续这么多次评估没有改进就停止（关闭：从不停止）</translation>
        </message>
        <message>
            <source>The run trained for {count} steps.</source>
            <translation>这次训练运行已训练 {count} 步。</translation>
        </message>
        <message>
            <source>The run trained for {count} epochs.</source>
            <translation>这次训练运行已训练 {count} 轮。</translation>
        </message>
        <message>
            <source> It continues from its latest checkpoint; the model and data stay as they are.</source>
            <translation>将从最新的检查点继续，模型和数据保持不变。</translation>
        </message>
        <message>
            <source>Train for</source>
            <translation>再训练</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>Early stopping</source>
            <translation>提前停止</translation>
        </message>
        <message>
            <source>Continue training</source>
            <translation>继续训练</translation>
        </message>
        <message>
            <source>The learning rate must be a number above 0 and at most 10, e.g. 0.001.</source>
            <translation>学习率必须是大于 0、不超过 10 的数，例如 0.001。</translation>
        </message>
        <message>
            <source>Cannot continue the run</source>
            <translation>无法继续训练</translation>
        </message>
    </context>
    <context>
        <name>CurveChart</name>
        <message>
            <source>ROC: true against false positives</source>
            <translation>ROC：真正例率与假正例率</translation>
        </message>
        <message>
            <source>Precision against recall</source>
            <translation>精确率与召回率</translation>
        </message>
        <message>
            <source>false-positive rate</source>
            <translation>假正例率</translation>
        </message>
        <message>
            <source>recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <source>true-positive rate</source>
            <translation>真正例率</translation>
        </message>
        <message>
            <source>precision</source>
            <translation>精确率</translation>
        </message>
    </context>
    <context>
        <name>DataFrameModel</name>
        <message>
            <source>int64</source>
            <translation>整数（64 位）</translation>
        </message>
        <message>
            <source>Int64</source>
            <translation>整数（64 位，可缺失）</translation>
        </message>
        <message>
            <source>float64</source>
            <translation>小数（64 位）</translation>
        </message>
        <message>
            <source>Float64</source>
            <translation>小数（64 位，可缺失）</translation>
        </message>
        <message>
            <source>object</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>string</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>str</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>bool</source>
            <translation>布尔值</translation>
        </message>
        <message>
            <source>boolean</source>
            <translation>布尔值（可缺失）</translation>
        </message>
        <message>
            <source>category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>datetime64[ns]</source>
            <translation>日期时间</translation>
        </message>
        <message>
            <source>
role: {role}</source>
            <translation>
角色：{role}</translation>
        </message>
        <message>
            <source>{name}
type: {type}{role}</source>
            <translation>{name}
类型：{type}{role}</translation>
        </message>
    </context>
    <context>
        <name>DataPage</name>
        <message>
            <source>comma-separated</source>
            <translation>逗号分隔</translation>
        </message>
        <message>
            <source>tab-separated</source>
            <translation>制表符分隔</translation>
        </message>
        <message>
            <source>semicolon-separated</source>
            <translation>分号分隔</translation>
        </message>
        <message>
            <source>pipe-separated</source>
            <translation>竖线分隔</translation>
        </message>
        <message>
            <source>numbers</source>
            <translation>数字</translation>
        </message>
        <message>
            <source>empty</source>
            <translation>空列</translation>
        </message>
        <message>
            <source>dates</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>UTF-8 (with BOM)</source>
            <translation>UTF-8（带 BOM）</translation>
        </message>
        <message>
            <source>'{delimiter}'-separated</source>
            <translation>“{delimiter}”分隔</translation>
        </message>
        <message>
            <source>{name}  ·  {rows} rows × {columns} columns  ·  {encoding}  ·  {delimiter}</source>
            <translation>{name}  ·  {rows} 行 × {columns} 列  ·  {encoding}  ·  {delimiter}</translation>
        </message>
        <message>
            <source>{name}  ·  {chars} characters  ·  {words} words  ·  {lines} lines  ·  {encoding}</source>
            <translation>{name}  ·  {chars} 个字符  ·  {words} 个词  ·  {lines} 行  ·  {encoding}</translation>
        </message>
        <message>
            <source>Start with some data</source>
            <translation>从数据开始</translation>
        </message>
        <message>
            <source>Drop a CSV or plain-text (.txt) file anywhere on this window, open one, or try a bundled example:</source>
            <translation>把 CSV 或纯文本（.txt）文件拖到窗口任意位置，或打开一个文件，也可以试试自带的示例：</translation>
        </message>
        <message>
            <source>Open a data file…</source>
            <translation>打开数据文件…</translation>
        </message>
        <message>
            <source>Open data file…</source>
            <translation>打开数据文件…</translation>
        </message>
        <message>
            <source>No data loaded</source>
            <translation>尚未加载数据</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>'{column}' ({reason})</source>
            <translation>“{column}”（{reason}）</translation>
        </message>
        <message>
            <source>left out</source>
            <translation>未使用</translation>
        </message>
        <message>
            <source>Not used as inputs: {columns}. To use one, give it a role in the table's chooser.</source>
            <translation>未用作输入：{columns}。如要使用，请在表格上方的选择框中给它指定角色。</translation>
        </message>
        <message>
            <source>How the model uses the column “{column}”. Guessed: {role} ({reason}).</source>
            <translation>模型如何使用“{column}”列。推测为：{role}（{reason}）。</translation>
        </message>
        <message>
            <source>Loading {name}…</source>
            <translation>正在加载 {name}…</translation>
        </message>
        <message>
            <source>{source}  (first rows; reading the rest…)</source>
            <translation>{source}（前几行；正在读取其余部分…）</translation>
        </message>
    </context>
    <context>
        <name>DataSettingsPanel</name>
        <message>
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Text classification</source>
            <translation>文本分类</translation>
        </message>
        <message>
            <source>Table classification</source>
            <translation>表格分类</translation>
        </message>
        <message>
            <source>Regression</source>
            <translation>回归</translation>
        </message>
        <message>
            <source>Language model</source>
            <translation>语言模型</translation>
        </message>
        <message>
            <source>Automatic ({column})</source>
            <translation>自动（{column}）</translation>
        </message>
        <message>
            <source>What to learn</source>
            <translation>学习什么</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>预测目标</translation>
        </message>
        <message>
            <source>Text column</source>
            <translation>文本列</translation>
        </message>
        <message>
            <source>Held-out data</source>
            <translation>留出数据</translation>
        </message>
        <message>
            <source>Split by</source>
            <translation>划分方式</translation>
        </message>
        <message>
            <source>Validation</source>
            <translation>验证集</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>测试集</translation>
        </message>
        <message>
            <source>Reading the text</source>
            <translation>读取文本</translation>
        </message>
        <message>
            <source>Reading the file</source>
            <translation>读取文件</translation>
        </message>
        <message>
            <source>{automatic} ({task})</source>
            <translation>{automatic}（{task}）</translation>
        </message>
        <message>
            <source>Guessed from the data: {task}</source>
            <translation>根据数据推测：{task}</translation>
        </message>
        <message>
            <source>Guessed from the data</source>
            <translation>根据数据推测</translation>
        </message>
        <message>
            <source>Not chosen (best guess: {column})</source>
            <translation>未选择（最可能是：{column}）</translation>
        </message>
        <message>
            <source>Column '{column}'</source>
            <translation>“{column}”列</translation>
        </message>
        <message>
            <source>Random shares</source>
            <translation>按比例随机划分</translation>
        </message>
        <message>
            <source>  ·  ≈ {rows} rows</source>
            <translation>  ·  约 {rows} 行</translation>
        </message>
        <message>
            <source> of the text</source>
            <translation>（占文本）</translation>
        </message>
        <message>
            <source>Split from column '{column}': {train} train / {val} validation / {test} test. It marks no rows for validation: they are taken from its training rows, as many as the share below.</source>
            <translation>按“{column}”列划分：训练 {train} 行 / 验证 {val} 行 / 测试 {test} 行。该列没有标出验证行：将按下方比例从其训练行中抽取。</translation>
        </message>
        <message>
            <source>Split from column '{column}': {train} train / {val} validation / {test} test, instead of random shares.</source>
            <translation>按“{column}”列划分：训练 {train} 行 / 验证 {val} 行 / 测试 {test} 行，不按比例随机划分。</translation>
        </message>
        <message>
            <source>Split by column '{column}', instead of random shares.</source>
            <translation>按“{column}”列划分，不按比例随机划分。</translation>
        </message>
        <message>
            <source> and </source>
            <translation>和</translation>
        </message>
        <message>
            <source> and others</source>
            <translation>等</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source> and {count} more</source>
            <translation>，另有 {count} 列</translation>
        </message>
        <message>
            <source>{count} columns</source>
            <translation>{count} 列</translation>
        </message>
        <message>
            <source>{count} column</source>
            <translation>{count} 列</translation>
        </message>
        <message>
            <source>{markers} read as missing in {where}: {columns}{more}. Change the markers under Advanced.</source>
            <translation>{markers} 在 {where}中按缺失值读取：{columns}{more}。可在“高级”中修改这些标记。</translation>
        </message>
        <message>
            <source>Markers</source>
            <translation>缺失值标记</translation>
        </message>
    </context>
    <context>
        <name>ExportModelDialog</name>
        <message>
            <source>ONNX model (*.onnx)</source>
            <translation>ONNX 模型 (*.onnx)</translation>
        </message>
        <message>
            <source>TorchScript model (*.pt)</source>
            <translation>TorchScript 模型 (*.pt)</translation>
        </message>
        <message>
            <source>The file takes the same encoded inputs as the model and returns its outputs; JSON files beside it hold the tokenizer and the data spec, so it runs without Workbench.</source>
            <translation>导出的文件接受与模型相同的编码输入，并返回模型的输出；旁边的 JSON 文件保存了分词器和数据规格，因此不需要 Workbench 也能运行。</translation>
        </message>
        <message>
            <source>ONNX export needs the optional package(s) {packages}. Install them with: pip install "workbench[export]", then restart Workbench. TorchScript needs nothing more.</source>
            <translation>导出 ONNX 需要可选软件包 {packages}。请用 pip install "workbench[export]" 安装，然后重启 Workbench。TorchScript 无需额外安装。</translation>
        </message>
        <message>
            <source>Export model</source>
            <translation>导出模型</translation>
        </message>
        <message>
            <source>ONNX (onnxruntime, most languages)</source>
            <translation>ONNX（onnxruntime，支持大多数编程语言）</translation>
        </message>
        <message>
            <source>TorchScript (PyTorch)</source>
            <translation>TorchScript（PyTorch）</translation>
        </message>
        <message>
            <source>Best on validation</source>
            <translation>验证集上最好的</translation>
        </message>
        <message>
            <source>Latest</source>
            <translation>最新的</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <source>Weights</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Say which file to write.</source>
            <translation>请指定要写入的文件。</translation>
        </message>
        <message>
            <source>Exporting, then checking the file against PyTorch…</source>
            <translation>正在导出，随后将文件与 PyTorch 的结果核对…</translation>
        </message>
        <message>
            <source>Done.</source>
            <translation>完成。</translation>
        </message>
        <message>
            <source>Not exported: {reason}</source>
            <translation>未导出：{reason}</translation>
        </message>
    </context>
    <context>
        <name>FeatureBars</name>
        <message>
            <source>attention from the prediction token [CLS]</source>
            <translation>来自预测词元 [CLS] 的注意力</translation>
        </message>
    </context>
    <context>
        <name>FitState</name>
        <message>
            <source>Fitting settings to this file…</source>
            <translation>正在根据此文件调整设置…</translation>
        </message>
        <message>
            <source>Settings fitted to this file: {choices}.</source>
            <translation>已根据此文件调整设置：{choices}。</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Settings could not be fitted to this file ({reason}); the defaults stay.</source>
            <translation>无法根据此文件调整设置（{reason}），保留默认设置。</translation>
        </message>
    </context>
    <context>
        <name>GenerateBox</name>
        <message>
            <source>Start the text, e.g. “ROMEO:” (or leave empty)</source>
            <translation>输入文本的开头，例如“ROMEO:”（也可以留空）</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>开头文本</translation>
        </message>
        <message>
            <source>Writing…</source>
            <translation>正在生成…</translation>
        </message>
        <message>
            <source>Could not generate: {reason}</source>
            <translation>无法生成：{reason}</translation>
        </message>
    </context>
    <context>
        <name>GenerationControls</name>
        <message>
            <source>How many tokens (characters or words) to write.</source>
            <translation>要生成多少个词元（字符或单词）。</translation>
        </message>
        <message>
            <source>Randomness: 0 always picks the likeliest next token; higher values are more surprising (and less careful).</source>
            <translation>随机程度：0 表示总是选最可能的下一个词元；数值越大，结果越出人意料（也越不严谨）。</translation>
        </message>
        <message>
            <source>all</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Pick only among the k likeliest next tokens (all = no limit).</source>
            <translation>只在最可能的 k 个下一个词元中挑选（全部 = 不限制）。</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>长度</translation>
        </message>
        <message>
            <source>Temp.</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Top-k</source>
            <translation>前 k 个</translation>
        </message>
    </context>
    <context>
        <name>GlossaryDialog</name>
        <message>
            <source>Glossary</source>
            <translation>术语表</translation>
        </message>
        <message>
            <source>Search the glossary (English or 中文)…</source>
            <translation>搜索术语表（中文或 English）…</translation>
        </message>
        <message>
            <source>Show the explanations in English or in Simplified Chinese</source>
            <translation>用简体中文或英文显示解释</translation>
        </message>
        <message>
            <source>No term matches. Try another word.</source>
            <translation>没有匹配的术语，换个词试试。</translation>
        </message>
    </context>
    <context>
        <name>GraphicsScene</name>
        <message>
            <source>Export...</source>
            <translation>导出...</translation>
        </message>
    </context>
    <context>
        <name>HeadGrid</name>
        <message>
            <source>head {number}</source>
            <translation>头 {number}</translation>
        </message>
        <message>
            <source>layer {number}</source>
            <translation>层 {number}</translation>
        </message>
    </context>
    <context>
        <name>HealthBanners</name>
        <message>
            <source>Training diverged</source>
            <translation>训练发散了</translation>
        </message>
        <message>
            <source>The model did not learn</source>
            <translation>模型没有学到东西</translation>
        </message>
        <message>
            <source>The model began to overfit</source>
            <translation>模型开始过拟合</translation>
        </message>
        <message>
            <source>Learning rate unusually high</source>
            <translation>学习率异常偏高</translation>
        </message>
        <message>
            <source>Training health</source>
            <translation>训练健康状况</translation>
        </message>
        <message>
            <source>{title}. {advice}</source>
            <translation>{title}。{advice}</translation>
        </message>
        <message>
            <source>{title} (from step {step}). {advice}</source>
            <translation>{title}（从第 {step} 步起）。{advice}</translation>
        </message>
        <message>
            <source>What to do: {advice}</source>
            <translation>怎么办：{advice}</translation>
        </message>
        <message>
            <source>Training health warnings</source>
            <translation>训练健康警告</translation>
        </message>
    </context>
    <context>
        <name>HelpButton</name>
        <message>
            <source>See Glossary: {term}</source>
            <translation>参见术语表：{term}</translation>
        </message>
        <message>
            <source>What is “{term}”? Opens the glossary.</source>
            <translation>“{term}”是什么？打开术语表。</translation>
        </message>
        <message>
            <source>Explain {term}</source>
            <translation>解释{term}</translation>
        </message>
        <message>
            <source>Explain:</source>
            <translation>解释：</translation>
        </message>
    </context>
    <context>
        <name>InputPanel</name>
        <message>
            <source>Your own text (type below)</source>
            <translation>自己输入的文本（在下方输入）</translation>
        </message>
        <message>
            <source>Validation examples the model was watched on while it trained; their attention has a timeline.</source>
            <translation>训练时用来观察模型的验证集样本；它们的注意力有时间线。</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>The model's text appears here.</source>
            <translation>模型写出的文本显示在这里。</translation>
        </message>
        <message>
            <source>Write</source>
            <translation>续写</translation>
        </message>
        <message>
            <source>Start a text and press Write, e.g. “ROMEO:”</source>
            <translation>写个开头再按“续写”，例如“ROMEO:”</translation>
        </message>
        <message>
            <source>Type a sentence to classify it and see its attention</source>
            <translation>输入一句话，查看分类结果和注意力</translation>
        </message>
    </context>
    <context>
        <name>LanguageMenu</name>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Workbench will be in {language} from its next start. Restart now?</source>
            <translation>Workbench 下次启动时将使用{language}。现在重启吗？</translation>
        </message>
        <message>
            <source>Restart now</source>
            <translation>立即重启</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>稍后</translation>
        </message>
    </context>
    <context>
        <name>LivePlots</name>
        <message>
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>Hover a chart to read values · click the loss chart to pick a step · right-click to save</source>
            <translation>鼠标悬停在图表上可读取数值 · 单击损失图表可选定某一步 · 右键单击可保存</translation>
        </message>
        <message>
            <source>step {step}   training loss {loss}   smoothed {smooth}   learning rate {lr}</source>
            <translation>第 {step} 步   训练损失 {loss}   平滑后 {smooth}   学习率 {lr}</translation>
        </message>
        <message>
            <source>{label} {value} (step {step})</source>
            <translation>{label} {value}（第 {step} 步）</translation>
        </message>
        <message>
            <source>evaluation: {values}</source>
            <translation>评估：{values}</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>Save chart as PNG</source>
            <translation>将图表保存为 PNG</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <source>Save chart data as CSV</source>
            <translation>将图表数据保存为 CSV</translation>
        </message>
        <message>
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <source>loss (nats)</source>
            <translation>损失（nats）</translation>
        </message>
        <message>
            <source>learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>train (each step)</source>
            <translation>训练（每一步）</translation>
        </message>
        <message>
            <source>train (smoothed)</source>
            <translation>训练（平滑后）</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>验证集</translation>
        </message>
        <message>
            <source>No training data yet</source>
            <translation>还没有训练数据</translation>
        </message>
        <message>
            <source>How strongly the bold loss line averages out the noise of single steps (0 = none).</source>
            <translation>粗线表示的损失曲线对单步噪声的平均程度（0 表示不平滑）。</translation>
        </message>
        <message>
            <source>Log scale</source>
            <translation>对数刻度</translation>
        </message>
        <message>
            <source>Logarithmic loss axis: late, small improvements become visible.</source>
            <translation>对数损失坐标轴：训练后期的微小改进也能看清。</translation>
        </message>
        <message>
            <source>Smoothing</source>
            <translation>平滑</translation>
        </message>
        <message>
            <source>Fit view</source>
            <translation>适应视图</translation>
        </message>
        <message>
            <source>Save PNG…</source>
            <translation>保存 PNG…</translation>
        </message>
        <message>
            <source>Save CSV…</source>
            <translation>保存 CSV…</translation>
        </message>
        <message>
            <source>Save this chart as PNG…</source>
            <translation>将此图表保存为 PNG…</translation>
        </message>
        <message>
            <source>Save this chart's data as CSV…</source>
            <translation>将此图表的数据保存为 CSV…</translation>
        </message>
        <message>
            <source>Could not save</source>
            <translation>无法保存</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Open data or setup</source>
            <translation>打开数据或配置</translation>
        </message>
        <message>
            <source>Data and setups (*.csv *.tsv *.txt *.text *.md *.toml);;All files (*)</source>
            <translation>数据和配置 (*.csv *.tsv *.txt *.text *.md *.toml);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Open a run folder</source>
            <translation>打开训练运行文件夹</translation>
        </message>
        <message>
            <source>Save setup</source>
            <translation>保存配置</translation>
        </message>
        <message>
            <source>Workbench setup (*.toml)</source>
            <translation>Workbench 配置 (*.toml)</translation>
        </message>
        <message>
            <source>Folder for run folders</source>
            <translation>存放训练运行文件夹的位置</translation>
        </message>
        <message>
            <source>About Workbench</source>
            <translation>关于 Workbench</translation>
        </message>
        <message>
            <source>Workbench: load a dataset, set up a Transformer or an MLP, train it and watch it learn.</source>
            <translation>Workbench：载入数据集，搭建一个 Transformer 或 MLP，训练它并观察它如何学习。</translation>
        </message>
        <message>
            <source>A run is in progress.</source>
            <translation>正在进行一次训练运行。</translation>
        </message>
        <message>
            <source>Wait a moment: the data file is still loading.</source>
            <translation>请稍候：数据文件仍在载入。</translation>
        </message>
        <message>
            <source>Open a data file first (File → Open, or pick one from Examples).</source>
            <translation>请先打开一个数据文件（文件 → 打开，或从“示例”中选一个）。</translation>
        </message>
        <message>
            <source>Start training with these settings (F5)</source>
            <translation>用这些设置开始训练（F5）</translation>
        </message>
        <message>
            <source>Ready to train (F5)</source>
            <translation>可以开始训练（F5）</translation>
        </message>
        <message>
            <source>No such example</source>
            <translation>没有这个示例</translation>
        </message>
        <message>
            <source>Could not open the setup</source>
            <translation>无法打开配置</translation>
        </message>
        <message>
            <source>The setup's data file is missing: {path}</source>
            <translation>找不到配置中的数据文件：{path}</translation>
        </message>
        <message>
            <source>Opening run {path}…</source>
            <translation>正在打开训练运行 {path}…</translation>
        </message>
        <message>
            <source>Could not open the run folder</source>
            <translation>无法打开训练运行文件夹</translation>
        </message>
        <message>
            <source>Could not save the setup</source>
            <translation>无法保存配置</translation>
        </message>
        <message>
            <source>Setup saved to {path}</source>
            <translation>配置已保存到 {path}</translation>
        </message>
        <message>
            <source>Opened run {path}</source>
            <translation>已打开训练运行 {path}</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Loading {path}…</source>
            <translation>正在载入 {path}…</translation>
        </message>
        <message>
            <source>Loaded {path}</source>
            <translation>已载入 {path}</translation>
        </message>
        <message>
            <source>Could not open {name}</source>
            <translation>无法打开 {name}</translation>
        </message>
        <message>
            <source>Could not open the file</source>
            <translation>无法打开文件</translation>
        </message>
    </context>
    <context>
        <name>Menus</name>
        <message>
            <source>&amp;Glossary…</source>
            <translation>术语表(&amp;G)…</translation>
        </message>
        <message>
            <source>What the words on the screen mean: loss, accuracy, learning rate, attention…</source>
            <translation>屏幕上这些词是什么意思：损失、准确率、学习率、注意力…</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>Open a data file (CSV or .txt) or a saved setup (.toml)</source>
            <translation>打开数据文件（CSV 或 .txt）或已保存的配置（.toml）</translation>
        </message>
        <message>
            <source>Open &amp;run folder…</source>
            <translation>打开训练运行文件夹(&amp;R)…</translation>
        </message>
        <message>
            <source>Show the curves and results of an earlier run</source>
            <translation>查看之前某次训练运行的曲线和结果</translation>
        </message>
        <message>
            <source>&amp;Save setup…</source>
            <translation>保存配置(&amp;S)…</translation>
        </message>
        <message>
            <source>Save the data, model and training settings as a TOML file the command line can run</source>
            <translation>把数据、模型和训练设置保存为命令行可以运行的 TOML 文件</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>Close Workbench (a run in progress is stopped and saved)</source>
            <translation>关闭 Workbench（正在进行的训练会停止并保存）</translation>
        </message>
        <message>
            <source>&amp;Train</source>
            <translation>训练(&amp;T)</translation>
        </message>
        <message>
            <source>Start training with these settings</source>
            <translation>用这些设置开始训练</translation>
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation>暂停(&amp;P)</translation>
        </message>
        <message>
            <source>Hold training; nothing is lost</source>
            <translation>暂停训练，不会丢失任何进度</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>继续(&amp;R)</translation>
        </message>
        <message>
            <source>Continue a paused run</source>
            <translation>继续已暂停的训练</translation>
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation>停止(&amp;S)</translation>
        </message>
        <message>
            <source>Stop after this step; the latest checkpoint is kept</source>
            <translation>在这一步之后停止；保留最新的检查点</translation>
        </message>
        <message>
            <source>Runs &amp;folder…</source>
            <translation>训练运行文件夹(&amp;F)…</translation>
        </message>
        <message>
            <source>Choose the folder where run folders are created</source>
            <translation>选择在哪个文件夹中创建训练运行文件夹</translation>
        </message>
        <message>
            <source>&amp;About Workbench</source>
            <translation>关于 Workbench(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>E&amp;xamples</source>
            <translation>示例(&amp;X)</translation>
        </message>
        <message>
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Settings</source>
            <translation>设置(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>Main</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <source>Examples</source>
            <translation>示例</translation>
        </message>
        <message>
            <source>Open a bundled dataset with a ready-made setup</source>
            <translation>打开一个自带的数据集及现成的配置</translation>
        </message>
        <message>
            <source>(none yet)</source>
            <translation>（暂无）</translation>
        </message>
    </context>
    <context>
        <name>MetricCharts</name>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>{model}: {metric} {value} (validation)</source>
            <translation>{model}：{metric} {value}（验证集）</translation>
        </message>
    </context>
    <context>
        <name>ModelExport</name>
        <message>
            <source>Save the model of the run on the Results page as an ONNX or TorchScript file that runs without Workbench</source>
            <translation>把“结果”页上这次训练运行的模型保存为 ONNX 或 TorchScript 文件，不需要 Workbench 也能运行</translation>
        </message>
        <message>
            <source>Export model: train a model or open a finished run folder first</source>
            <translation>导出模型：请先训练一个模型，或打开一个已完成的训练运行文件夹</translation>
        </message>
        <message>
            <source>Export &amp;model…</source>
            <translation>导出模型(&amp;M)…</translation>
        </message>
        <message>
            <source>No model to export</source>
            <translation>没有可导出的模型</translation>
        </message>
        <message>
            <source>Train a model or open a finished run folder (File → Open run folder…) first.</source>
            <translation>请先训练一个模型，或打开一个已完成的训练运行文件夹（文件 → 打开训练运行文件夹…）。</translation>
        </message>
    </context>
    <context>
        <name>ModelPage</name>
        <message>
            <source>Tiny</source>
            <translation>微型</translation>
        </message>
        <message>
            <source>Small</source>
            <translation>小型</translation>
        </message>
        <message>
            <source>Medium</source>
            <translation>中型</translation>
        </message>
        <message>
            <source>Trains in seconds on a laptop; good for a first look.</source>
            <translation>在笔记本电脑上几秒钟就能训练完，适合先看一看效果。</translation>
        </message>
        <message>
            <source>A sensible default: a few minutes on a CPU.</source>
            <translation>稳妥的默认选择：在 CPU 上需要几分钟。</translation>
        </message>
        <message>
            <source>Learns more, and takes longer; a GPU helps.</source>
            <translation>学得更多，也更耗时；有 GPU 会快很多。</translation>
        </message>
        <message>
            <source>Size presets:</source>
            <translation>规模预设：</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>网络</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>for {task}</source>
            <translation>（适用于{task}）</translation>
        </message>
        <message>
            <source>(load data to choose a preset)</source>
            <translation>（先载入数据，再选择预设）</translation>
        </message>
        <message>
            <source>Working out the model's size…</source>
            <translation>正在计算模型规模…</translation>
        </message>
        <message>
            <source>{count} parameters  ·  {kind}</source>
            <translation>{count} 个参数  ·  {kind}</translation>
        </message>
        <message>
            <source>Weights take {weights}; one training step with batches of {batch} needs about {memory} of memory.</source>
            <translation>权重占 {weights}；批大小为 {batch} 时，训练一步约需 {memory} 内存。</translation>
        </message>
        <message>
            <source>The size shows once the data's problems are fixed (see Data).</source>
            <translation>数据的问题解决后才会显示模型规模（见“数据”页）。</translation>
        </message>
        <message>
            <source>Reading the data…</source>
            <translation>正在读取数据…</translation>
        </message>
        <message>
            <source>Open a data file to see the model's size.</source>
            <translation>打开一个数据文件，即可看到模型规模。</translation>
        </message>
        <message>
            <source>The model cannot be built with these settings.</source>
            <translation>按这些设置无法构建模型。</translation>
        </message>
    </context>
    <context>
        <name>Navigation</name>
        <message>
            <source>1   Data</source>
            <translation>1   数据</translation>
        </message>
        <message>
            <source>2   Model</source>
            <translation>2   模型</translation>
        </message>
        <message>
            <source>3   Train</source>
            <translation>3   训练</translation>
        </message>
        <message>
            <source>4   Results</source>
            <translation>4   结果</translation>
        </message>
        <message>
            <source>5   Runs</source>
            <translation>5   记录</translation>
        </message>
    </context>
    <context>
        <name>ParentNote</name>
        <message>
            <source>Start fresh</source>
            <translation>从头开始</translation>
        </message>
        <message>
            <source>Start the next run from fresh random weights instead.</source>
            <translation>改为让下一次训练运行从新的随机权重开始。</translation>
        </message>
        <message>
            <source>Starts from the weights of {run} where their names and shapes fit; the rest (a new head) starts fresh, and text is read with its tokenizer.</source>
            <translation>从 {run} 的权重开始（名称和形状相符的部分）；其余部分（如新的输出头）从头开始，文本用它的分词器读取。</translation>
        </message>
    </context>
    <context>
        <name>PauseEdits</name>
        <message>
            <source>Pause the run to change these; it takes them from its next step.</source>
            <translation>暂停训练运行后即可修改这些设置；运行会从下一步起采用。</translation>
        </message>
        <message>
            <source>Changes take effect when you resume, from the next step, and are marked on the loss chart.</source>
            <translation>修改在继续训练后从下一步起生效，并会标注在损失图表上。</translation>
        </message>
        <message>
            <source>This run's optimizer</source>
            <translation>本次运行的优化器</translation>
        </message>
    </context>
    <context>
        <name>PlotItem</name>
        <message>
            <source>Plot Options</source>
            <translation>图表选项</translation>
        </message>
        <message>
            <source>Transforms</source>
            <translation>变换</translation>
        </message>
        <message>
            <source>Downsample</source>
            <translation>降采样</translation>
        </message>
        <message>
            <source>Average</source>
            <translation>平均</translation>
        </message>
        <message>
            <source>Alpha</source>
            <translation>透明度</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>数据点</translation>
        </message>
    </context>
    <context>
        <name>PredictionChart</name>
        <message>
            <source>How far off: above the line the model guessed too low</source>
            <translation>偏差多大：线上方表示模型预测偏低</translation>
        </message>
        <message>
            <source>predicted {target}</source>
            <translation>预测的 {target}</translation>
        </message>
        <message>
            <source>actual minus predicted</source>
            <translation>实际值减预测值</translation>
        </message>
        <message>
            <source>Predicted against actual: on the line is exactly right</source>
            <translation>预测值与实际值：落在线上表示完全准确</translation>
        </message>
        <message>
            <source>actual {target}</source>
            <translation>实际的 {target}</translation>
        </message>
    </context>
    <context>
        <name>Presenter</name>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Presenter &amp;text size</source>
            <translation>演示模式文字大小(&amp;T)</translation>
        </message>
        <message>
            <source>{scale}× larger</source>
            <translation>放大 {scale} 倍</translation>
        </message>
        <message>
            <source>&amp;Presenter mode</source>
            <translation>演示模式(&amp;P)</translation>
        </message>
        <message>
            <source>Large text, thick high-contrast charts and the run's state in plain words, for showing Workbench to a room</source>
            <translation>大号文字、粗线条的高对比度图表，并用平实的话说明训练状态，适合向全班展示 Workbench</translation>
        </message>
    </context>
    <context>
        <name>Presets</name>
        <message>
            <source>Tiny</source>
            <translation>微型</translation>
        </message>
        <message>
            <source>Small</source>
            <translation>小型</translation>
        </message>
        <message>
            <source>Medium</source>
            <translation>中型</translation>
        </message>
        <message>
            <source>Trains in seconds on a laptop; good for a first look.</source>
            <translation>在笔记本电脑上几秒就能训练完，适合初步尝试。</translation>
        </message>
        <message>
            <source>A sensible default: a few minutes on a CPU.</source>
            <translation>合理的默认选择：在 CPU 上需要几分钟。</translation>
        </message>
        <message>
            <source>Learns more, and takes longer; a GPU helps.</source>
            <translation>学得更多，耗时也更长；有 GPU 会更快。</translation>
        </message>
    </context>
    <context>
        <name>ProblemsLabel</name>
        <message>
            <source>Problems with the settings</source>
            <translation>设置中的问题</translation>
        </message>
    </context>
    <context>
        <name>RaceDialog</name>
        <message>
            <source>Compare with…</source>
            <translation>与…比较</translation>
        </message>
        <message>
            <source>Train this setup and a copy with the changes below at the same time, and watch them race. On the CPU each run gets half of the cores.</source>
            <translation>同时训练当前配置和一份按下面改动过的副本，看它们比赛。在 CPU 上每次训练运行各用一半的核心。</translation>
        </message>
        <message>
            <source>section.key = value; another.key = value</source>
            <translation>分区.键 = 值; 另一分区.键 = 值</translation>
        </message>
        <message>
            <source>as now ({current})</source>
            <translation>保持不变（{current}）</translation>
        </message>
        <message>
            <source>Any other settings, as the command line's --set takes them, e.g. train.batch_size = 32; model.d_model = 64</source>
            <translation>其他任意设置，写法与命令行的 --set 相同，例如 train.batch_size = 32; model.d_model = 64</translation>
        </message>
        <message>
            <source>Other changes</source>
            <translation>其他改动</translation>
        </message>
        <message>
            <source>Start race</source>
            <translation>开始比赛</translation>
        </message>
        <message>
            <source>Pick at least one change.</source>
            <translation>请至少选择一项改动。</translation>
        </message>
        <message>
            <source>Races “{this}” (this setup) against “{other}”.</source>
            <translation>让“{this}”（当前配置）与“{other}”比赛。</translation>
        </message>
    </context>
    <context>
        <name>RaceRoom</name>
        <message>
            <source>Train this setup and a copy with a few settings changed at the same time, and compare them live</source>
            <translation>同时训练当前配置和一份改了几项设置的副本，实时比较两者</translation>
        </message>
        <message>
            <source>A race is in progress. Stop both runs and close? (Their latest checkpoints are kept.)</source>
            <translation>比赛正在进行。要停止两次训练运行并关闭吗？（会保留它们最新的检查点。）</translation>
        </message>
        <message>
            <source>Stop and close</source>
            <translation>停止并关闭</translation>
        </message>
        <message>
            <source>&amp;Compare with…</source>
            <translation>与…比较(&amp;C)</translation>
        </message>
        <message>
            <source>A run is in progress: stop it before starting a race.</source>
            <translation>正在进行一次训练运行：请先停止它再开始比赛。</translation>
        </message>
        <message>
            <source>starts once the first run has prepared its data</source>
            <translation>等第一次训练运行准备好数据后开始</translation>
        </message>
        <message>
            <source>Stopped before it started</source>
            <translation>开始之前已停止</translation>
        </message>
        <message>
            <source>Failed: {message}</source>
            <translation>失败：{message}</translation>
        </message>
        <message>
            <source>Stopped before training began</source>
            <translation>训练开始之前已停止</translation>
        </message>
        <message>
            <source>Race over: {verdict}</source>
            <translation>比赛结束：{verdict}</translation>
        </message>
        <message>
            <source>Close Workbench</source>
            <translation>关闭 Workbench</translation>
        </message>
    </context>
    <context>
        <name>RaceView</name>
        <message>
            <source>Racing… the verdict appears here when both runs have ended.</source>
            <translation>比赛进行中… 两次训练运行都结束后，结果会显示在这里。</translation>
        </message>
        <message>
            <source>Attention on the same input (last layer, mean of the heads)</source>
            <translation>同一输入上的注意力（最后一层，各注意力头的平均）</translation>
        </message>
        <message>
            <source>This model has no attention to show (an MLP or a bag of words).</source>
            <translation>这个模型没有注意力可显示（MLP 或词袋模型）。</translation>
        </message>
        <message>
            <source>waiting</source>
            <translation>等待中</translation>
        </message>
        <message>
            <source>preparing</source>
            <translation>准备中</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop both</source>
            <translation>全部停止</translation>
        </message>
        <message>
            <source>Race: {a} vs {b}</source>
            <translation>比赛：{a} vs {b}</translation>
        </message>
        <message>
            <source>step {step} of {total} · {elapsed}</source>
            <translation>第 {step} 步，共 {total} 步 · {elapsed}</translation>
        </message>
        <message>
            <source>{name} · step {step}</source>
            <translation>{name} · 第 {step} 步</translation>
        </message>
    </context>
    <context>
        <name>RegressionPlots</name>
        <message>
            <source>target</source>
            <translation>预测目标</translation>
        </message>
        <message>
            <source>all {count} rows</source>
            <translation>全部 {count} 行</translation>
        </message>
        <message>
            <source>a random {count} of its {total} rows</source>
            <translation>从 {total} 行中随机抽取的 {count} 行</translation>
        </message>
        <message>
            <source>Validation set, {checkpoint}: {rows}.</source>
            <translation>验证集，{checkpoint}：{rows}。</translation>
        </message>
        <message>
            <source>Training set, {checkpoint}: {rows}.</source>
            <translation>训练集，{checkpoint}：{rows}。</translation>
        </message>
        <message>
            <source>Test set, {checkpoint}: {rows}.</source>
            <translation>测试集，{checkpoint}：{rows}。</translation>
        </message>
        <message>
            <source>{scores} (MAE and RMSE in the units of '{target}').</source>
            <translation>{scores}（平均绝对误差和均方根误差的单位与“{target}”相同）。</translation>
        </message>
        <message>
            <source>{where}  {scores} R² is 1 for perfect predictions and 0 for always guessing the average.</source>
            <translation>{where}  {scores}预测完全准确时 R² 为 1，总是猜平均值时为 0。</translation>
        </message>
    </context>
    <context>
        <name>ReportExport</name>
        <message>
            <source>Save the run shown on the Results page as one HTML file that opens in any browser, offline</source>
            <translation>把“结果”页显示的训练运行保存为一个 HTML 文件，任何浏览器都能离线打开</translation>
        </message>
        <message>
            <source>Export &amp;report…</source>
            <translation>导出报告(&amp;R)…</translation>
        </message>
        <message>
            <source>No run to report</source>
            <translation>没有可生成报告的训练运行</translation>
        </message>
        <message>
            <source>Train a model or open a run folder (File → Open run folder…) first; the report is of the run the Results page shows.</source>
            <translation>请先训练一个模型或打开一个训练运行文件夹（文件 → 打开训练运行文件夹…）；报告针对“结果”页显示的那次训练运行。</translation>
        </message>
        <message>
            <source>Export run report</source>
            <translation>导出训练运行报告</translation>
        </message>
        <message>
            <source>HTML page (*.html)</source>
            <translation>HTML 网页 (*.html)</translation>
        </message>
        <message>
            <source>Report saved: {path}</source>
            <translation>报告已保存：{path}</translation>
        </message>
        <message>
            <source>Could not write the report</source>
            <translation>无法写入报告</translation>
        </message>
        <message>
            <source>Writing the report…</source>
            <translation>正在写入报告…</translation>
        </message>
    </context>
    <context>
        <name>ResultsPage</name>
        <message>
            <source>No results yet: train a model, or open a run folder (File → Open run folder…).</source>
            <translation>还没有结果：请训练一个模型，或打开一个训练运行文件夹（文件 → 打开运行文件夹…）。</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Show the run folder (config, metrics, checkpoints) in the file manager.</source>
            <translation>在文件管理器中显示运行文件夹（配置、指标、检查点）。</translation>
        </message>
        <message>
            <source>metric</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Predicted vs actual</source>
            <translation>预测值与实际值</translation>
        </message>
        <message>
            <source>Confusion matrix</source>
            <translation>混淆矩阵</translation>
        </message>
        <message>
            <source>ROC / PR</source>
            <translation>ROC / PR 曲线</translation>
        </message>
        <message>
            <source>Try it</source>
            <translation>试一试</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <source>All metrics</source>
            <translation>全部指标</translation>
        </message>
        <message>
            <source>The scores appear here when the run ends.</source>
            <translation>训练结束后，得分会显示在这里。</translation>
        </message>
        <message>
            <source>The scores appear here when the run ends. Meanwhile, watch its attention change as it learns.</source>
            <translation>训练结束后，得分会显示在这里。在此期间，可以观察模型学习时注意力的变化。</translation>
        </message>
        <message>
            <source>Run folder: {folder}</source>
            <translation>运行文件夹：{folder}</translation>
        </message>
        <message>
            <source>{first} {second}</source>
            <translation>{first}{second}</translation>
        </message>
        <message>
            <source>on the test set, {checkpoint}</source>
            <translation>测试集，{checkpoint}</translation>
        </message>
        <message>
            <source>on the validation set, {checkpoint}</source>
            <translation>验证集，{checkpoint}</translation>
        </message>
        <message>
            <source>on the training set, {checkpoint}</source>
            <translation>训练集，{checkpoint}</translation>
        </message>
        <message>
            <source>on the {split} set, {checkpoint}</source>
            <translation>{split} 数据集，{checkpoint}</translation>
        </message>
        <message>
            <source>test set, {checkpoint}</source>
            <translation>测试集，{checkpoint}</translation>
        </message>
        <message>
            <source>validation set, {checkpoint}</source>
            <translation>验证集，{checkpoint}</translation>
        </message>
        <message>
            <source>training set, {checkpoint}</source>
            <translation>训练集，{checkpoint}</translation>
        </message>
        <message>
            <source>{split} set, {checkpoint}</source>
            <translation>{split} 数据集，{checkpoint}</translation>
        </message>
        <message>
            <source>The best checkpoint is reported: its validation {metric} is better.</source>
            <translation>这里报告的是最佳检查点：它在验证集上的{metric}更好。</translation>
        </message>
        <message>
            <source>The best checkpoint is reported: its training {metric} is better.</source>
            <translation>这里报告的是最佳检查点：它在训练集上的{metric}更好。</translation>
        </message>
        <message>
            <source>The final weights are reported: their validation {metric} is better.</source>
            <translation>这里报告的是最终权重：它在验证集上的{metric}更好。</translation>
        </message>
        <message>
            <source>The final weights are reported: their training {metric} is better.</source>
            <translation>这里报告的是最终权重：它在训练集上的{metric}更好。</translation>
        </message>
        <message>
            <source>{where}, which is also the final weights</source>
            <translation>{where}，也就是最终权重</translation>
        </message>
        <message>
            <source>{checkpoint}: {scores}.</source>
            <translation>{checkpoint}：{scores}。</translation>
        </message>
        <message>
            <source>Both score the same on the validation set; the best checkpoint is reported.</source>
            <translation>两者在验证集上的得分相同；这里报告的是最佳检查点。</translation>
        </message>
        <message>
            <source>Both score the same on the training set; the best checkpoint is reported.</source>
            <translation>两者在训练集上的得分相同；这里报告的是最佳检查点。</translation>
        </message>
        <message>
            <source>step {step}, training set</source>
            <translation>第 {step} 步，训练集</translation>
        </message>
        <message>
            <source>step {step}, test set</source>
            <translation>第 {step} 步，测试集</translation>
        </message>
        <message>
            <source>step {step}, validation set</source>
            <translation>第 {step} 步，验证集</translation>
        </message>
        <message>
            <source>No scores: the run made no evaluation.</source>
            <translation>没有得分：这次训练运行没有做过评估。</translation>
        </message>
        <message>
            <source>{scores}   (its last evaluation before it ended: {when})</source>
            <translation>{scores}   （结束前的最后一次评估：{when}）</translation>
        </message>
        <message>
            <source>{done} of {total} steps</source>
            <translation>{done} / {total} 步</translation>
        </message>
        <message>
            <source>{epochs} epochs</source>
            <translation>{epochs} 轮</translation>
        </message>
        <message>
            <source>on {device}</source>
            <translation>设备：{device}</translation>
        </message>
        <message>
            <source>{count} parameters ({model})</source>
            <translation>{count} 个参数（{model}）</translation>
        </message>
        <message>
            <source>best at step {step} by {metric}</source>
            <translation>按{metric}，第 {step} 步最佳</translation>
        </message>
        <message>
            <source>Rows: the true class; columns: what the model said ({where}). Colour: share of the row.</source>
            <translation>行：真实类别；列：模型的预测（{where}）。颜色：占该行的比例。</translation>
        </message>
        <message>
            <source>class</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>precision</source>
            <translation>精确率</translation>
        </message>
        <message>
            <source>recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <source>F1</source>
            <translation>F1 分数</translation>
        </message>
        <message>
            <source>rows</source>
            <translation>行数</translation>
        </message>
        <message>
            <source>training (best)</source>
            <translation>训练集（最佳）</translation>
        </message>
        <message>
            <source>validation (best)</source>
            <translation>验证集（最佳）</translation>
        </message>
        <message>
            <source>test (best)</source>
            <translation>测试集（最佳）</translation>
        </message>
        <message>
            <source>training (final)</source>
            <translation>训练集（最终）</translation>
        </message>
        <message>
            <source>validation (final)</source>
            <translation>验证集（最终）</translation>
        </message>
        <message>
            <source>test (final)</source>
            <translation>测试集（最终）</translation>
        </message>
        <message>
            <source>last evaluation ({when})</source>
            <translation>最后一次评估（{when}）</translation>
        </message>
    </context>
    <context>
        <name>RocPrView</name>
        <message>
            <source>Which curves to show: the averages over the classes, every class, or one class against the rest</source>
            <translation>显示哪些曲线：各类别的平均、每个类别，或某一类别对其余类别</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Export ROC…</source>
            <translation>导出 ROC…</translation>
        </message>
        <message>
            <source>Export PR…</source>
            <translation>导出 PR…</translation>
        </message>
        <message>
            <source>Averages (macro and micro)</source>
            <translation>平均（宏平均和微平均）</translation>
        </message>
        <message>
            <source>Every class</source>
            <translation>每个类别</translation>
        </message>
        <message>
            <source>No curves: they are drawn from a classifier's test predictions, kept since this version.</source>
            <translation>没有曲线：曲线根据分类器在测试集上的预测绘制，从此版本起才会保留这些预测。</translation>
        </message>
        <message>
            <source>test set, {checkpoint}</source>
            <translation>测试集，{checkpoint}</translation>
        </message>
        <message>
            <source>validation set, {checkpoint}</source>
            <translation>验证集，{checkpoint}</translation>
        </message>
        <message>
            <source>training set, {checkpoint}</source>
            <translation>训练集，{checkpoint}</translation>
        </message>
        <message>
            <source>{split} set, {checkpoint}</source>
            <translation>{split} 数据集，{checkpoint}</translation>
        </message>
        <message>
            <source>{count} rows of {scored} scored</source>
            <translation>已评分 {scored} 行中的 {count} 行</translation>
        </message>
        <message>
            <source>{count} rows</source>
            <translation>{count} 行</translation>
        </message>
        <message>
            <source>How well the scores separate '{positive}' from '{negative}' at every threshold</source>
            <translation>在每个阈值下，得分把“{positive}”和“{negative}”区分开的程度</translation>
        </message>
        <message>
            <source>Each class against the rest; the macro average weighs every class the same, the micro average every example</source>
            <translation>每个类别对其余类别；宏平均对每个类别同等看待，微平均对每个样本同等看待</translation>
        </message>
        <message>
            <source>{what} ({where}, {rows}). AUC: area under the ROC curve (0.5 is guessing, 1 perfect); AP: average precision. Dashed: what guessing scores.</source>
            <translation>{what}（{where}，{rows}）。AUC：ROC 曲线下面积（0.5 相当于瞎猜，1 为完美）；AP：平均精确率。虚线：瞎猜能得到的水平。</translation>
        </message>
    </context>
    <context>
        <name>RoleBar</name>
        <message>
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>numeric</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>categorical</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>target</source>
            <translation>预测目标</translation>
        </message>
        <message>
            <source>ignore</source>
            <translation>忽略</translation>
        </message>
        <message>
            <source>How the model uses the column “{column}”.</source>
            <translation>模型如何使用“{column}”列。</translation>
        </message>
        <message>
            <source>Role of column {column}</source>
            <translation>“{column}”列的角色</translation>
        </message>
    </context>
    <context>
        <name>RunCoordinator</name>
        <message>
            <source>Inspect attention</source>
            <translation>查看注意力</translation>
        </message>
        <message>
            <source>A run is in progress. Stop it and close? (Its latest checkpoint is kept.)</source>
            <translation>正在进行一次训练运行。要停止它并关闭吗？（会保留最新的检查点。）</translation>
        </message>
        <message>
            <source>Stop and close</source>
            <translation>停止并关闭</translation>
        </message>
        <message>
            <source>Running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>Early stopped</source>
            <translation>已提前停止</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>Interrupted</source>
            <translation>已中断</translation>
        </message>
        <message>
            <source>Cannot create the runs folder</source>
            <translation>无法创建训练运行文件夹</translation>
        </message>
        <message>
            <source>A run is in progress: stop it before continuing another.</source>
            <translation>正在进行一次训练运行：请先停止它，再继续另一次。</translation>
        </message>
        <message>
            <source>Cannot continue the run</source>
            <translation>无法继续这次训练运行</translation>
        </message>
        <message>
            <source>Stopping the run and saving its checkpoint…</source>
            <translation>正在停止训练并保存检查点…</translation>
        </message>
        <message>
            <source>Training on {device}; run folder {folder}</source>
            <translation>正在 {device} 上训练；训练运行文件夹 {folder}</translation>
        </message>
        <message>
            <source>, with 1 health warning (see Results)</source>
            <translation>，有 1 条健康警告（见“结果”页）</translation>
        </message>
        <message>
            <source>, with {count} health warnings (see Results)</source>
            <translation>，有 {count} 条健康警告（见“结果”页）</translation>
        </message>
        <message>
            <source>{outcome} after {steps} steps{remark}</source>
            <translation>{outcome}，共 {steps} 步{remark}</translation>
        </message>
        <message>
            <source>Stopped before training began</source>
            <translation>训练开始之前已停止</translation>
        </message>
        <message>
            <source>Training failed</source>
            <translation>训练失败</translation>
        </message>
        <message>
            <source>Close Workbench</source>
            <translation>关闭 Workbench</translation>
        </message>
    </context>
    <context>
        <name>RunFollower</name>
        <message>
            <source>step {step} (still being written)</source>
            <translation>第 {step} 步（仍在写入）</translation>
        </message>
    </context>
    <context>
        <name>RunStory</name>
        <message>
            <source>Replay</source>
            <translation>回放</translation>
        </message>
        <message>
            <source>Play this run again in about 30 seconds: its curves, the events on them, the attention timeline and the samples, in step.</source>
            <translation>用大约 30 秒重新播放这次训练运行：曲线、曲线上的事件、注意力时间线和生成的样本同步呈现。</translation>
        </message>
        <message>
            <source>Stop replay</source>
            <translation>停止回放</translation>
        </message>
    </context>
    <context>
        <name>RunsOverlay</name>
        <message>
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>epoch</source>
            <translation>轮</translation>
        </message>
        <message>
            <source>time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>time (s)</source>
            <translation>时间（秒）</translation>
        </message>
        <message>
            <source>What the horizontal axis counts: optimizer steps, passes over the data (epochs) or seconds of training</source>
            <translation>横轴的计数方式：优化器步数、遍历数据的轮数，或训练秒数</translation>
        </message>
        <message>
            <source>The validation score drawn in the lower chart</source>
            <translation>下方图表中绘制的验证集指标</translation>
        </message>
        <message>
            <source>log scale</source>
            <translation>对数刻度</translation>
        </message>
        <message>
            <source>Draw the loss on a logarithmic scale</source>
            <translation>用对数刻度绘制损失</translation>
        </message>
        <message>
            <source>x axis</source>
            <translation>横轴</translation>
        </message>
        <message>
            <source>validation</source>
            <translation>验证集</translation>
        </message>
        <message>
            <source>training loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <source> (from {parent})</source>
            <translation>（来自 {parent}）</translation>
        </message>
        <message>
            <source>Select runs in the table to compare their curves.</source>
            <translation>在表格中选择训练运行，比较它们的曲线。</translation>
        </message>
        <message>
            <source>validation {metric}</source>
            <translation>验证集{metric}</translation>
        </message>
    </context>
    <context>
        <name>RunsPage</name>
        <message>
            <source>Filter by name, data file, task or model…</source>
            <translation>按名称、数据文件、任务或模型筛选…</translation>
        </message>
        <message>
            <source>any status</source>
            <translation>任意状态</translation>
        </message>
        <message>
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Also list the runs in another folder</source>
            <translation>同时列出另一个文件夹中的训练运行</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Continue…</source>
            <translation>继续训练…</translation>
        </message>
        <message>
            <source>Use this setup</source>
            <translation>使用此配置</translation>
        </message>
        <message>
            <source>Start from its weights</source>
            <translation>从它的权重开始</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>重命名…</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Show folder</source>
            <translation>显示文件夹</translation>
        </message>
        <message>
            <source>Show the run's curves and results on the Train and Results pages</source>
            <translation>在“训练”和“结果”页显示这次训练运行的曲线和结果</translation>
        </message>
        <message>
            <source>Train this run further: more epochs, a new learning rate</source>
            <translation>继续训练这次运行：更多轮、新的学习率</translation>
        </message>
        <message>
            <source>Load the run's settings into the Data, Model and Train forms, to start a new run</source>
            <translation>把这次训练运行的设置载入“数据”“模型”“训练”表单，用来开始新的训练运行</translation>
        </message>
        <message>
            <source>The next run (on the data now open) starts from this run's weights where they fit, with its tokenizer: continue a language model on another text, or fine-tune a classifier from a language model</source>
            <translation>下一次训练运行（使用当前打开的数据）在形状相符处从这次运行的权重开始，并沿用其分词器：可让语言模型在另一段文本上继续训练，或从语言模型微调出分类器</translation>
        </message>
        <message>
            <source>Rename the run's folder</source>
            <translation>重命名这次训练运行的文件夹</translation>
        </message>
        <message>
            <source>Move the run's folder to the trash</source>
            <translation>将这次训练运行的文件夹移到回收站</translation>
        </message>
        <message>
            <source>Open the run's folder in the file manager</source>
            <translation>在文件管理器中打开这次训练运行的文件夹</translation>
        </message>
        <message>
            <source>Curves</source>
            <translation>曲线</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Runs in {folders}</source>
            <translation>训练运行所在位置：{folders}</translation>
        </message>
        <message>
            <source>{shown} of {count} runs</source>
            <translation>显示 {shown} 个，共 {count} 个训练运行</translation>
        </message>
        <message>
            <source>{count} runs</source>
            <translation>共 {count} 个训练运行</translation>
        </message>
        <message>
            <source>Add a folder of runs</source>
            <translation>添加训练运行文件夹</translation>
        </message>
        <message>
            <source>Could not read a run: {error}</source>
            <translation>无法读取训练运行：{error}</translation>
        </message>
        <message>
            <source>data fingerprint</source>
            <translation>数据指纹</translation>
        </message>
        <message>
            <source>Rename run</source>
            <translation>重命名训练运行</translation>
        </message>
        <message>
            <source>New name of the run's folder:</source>
            <translation>训练运行文件夹的新名称：</translation>
        </message>
        <message>
            <source>Cannot rename the run</source>
            <translation>无法重命名训练运行</translation>
        </message>
        <message>
            <source>Use letters, digits, spaces, dots, dashes and underscores (at most 120).</source>
            <translation>只能使用字母、数字、空格、点、连字符和下划线（最多 120 个字符）。</translation>
        </message>
        <message>
            <source>{path} already exists.</source>
            <translation>{path} 已存在。</translation>
        </message>
        <message>
            <source> and {count} more</source>
            <translation> 等另外 {count} 个</translation>
        </message>
        <message>
            <source>Delete runs</source>
            <translation>删除训练运行</translation>
        </message>
        <message>
            <source>Move {runs} to the trash?</source>
            <translation>将 {runs} 移到回收站？</translation>
        </message>
        <message>
            <source>No trash here</source>
            <translation>没有回收站</translation>
        </message>
        <message>
            <source>{path} cannot be moved to a trash on this system. Delete it for good?</source>
            <translation>在此系统上无法将 {path} 移到回收站。要永久删除吗？</translation>
        </message>
        <message>
            <source>sha256 {hash}… ({size} bytes)</source>
            <translation>sha256 {hash}…（{size} 字节）</translation>
        </message>
    </context>
    <context>
        <name>RunsRoom</name>
        <message>
            <source>Cannot start from this run</source>
            <translation>无法从这次训练运行开始</translation>
        </message>
        <message>
            <source> ({notes})</source>
            <translation>（{notes}）</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>The next run starts from the weights of {run}{notes}</source>
            <translation>下一次训练运行将从 {run} 的权重开始{notes}</translation>
        </message>
    </context>
    <context>
        <name>RunsTable</name>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>规模</translation>
        </message>
        <message>
            <source>Metric</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Best</source>
            <translation>最佳</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>最终</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>测试集</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>用时</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>table</source>
            <translation>表格</translation>
        </message>
        <message>
            <source>regression</source>
            <translation>回归</translation>
        </message>
        <message>
            <source>language model</source>
            <translation>语言模型</translation>
        </message>
        <message>
            <source>bag</source>
            <translation>词袋</translation>
        </message>
    </context>
    <context>
        <name>Session</name>
        <message>
            <source>Wait a moment: the data is being analysed.</source>
            <translation>请稍候：正在分析数据。</translation>
        </message>
        <message>
            <source>Choose what the model should predict (Data page).</source>
            <translation>请选择模型要预测的内容（数据页）。</translation>
        </message>
    </context>
    <context>
        <name>TableTryIt</name>
        <message>
            <source>training: {low} to {high}</source>
            <translation>训练集：{low} 至 {high}</translation>
        </message>
        <message>
            <source>training mean {mean}</source>
            <translation>训练集平均值 {mean}</translation>
        </message>
        <message>
            <source>Change any value and the model predicts again:</source>
            <translation>修改任意一个值，模型就会重新预测：</translation>
        </message>
        <message>
            <source>Loading the model…</source>
            <translation>正在加载模型…</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <source>A number ({hint}). Empty: missing, as in the data.</source>
            <translation>一个数值（{hint}）。留空表示缺失，与数据中的缺失值一样。</translation>
        </message>
        <message>
            <source>The values of '{column}' seen in training.</source>
            <translation>训练时见过的“{column}”的取值。</translation>
        </message>
        <message>
            <source>{count} values seen</source>
            <translation>见过 {count} 种取值</translation>
        </message>
        <message>
            <source>'{text}' in {column} is not a number.</source>
            <translation>{column} 中的“{text}”不是数值。</translation>
        </message>
        <message>
            <source>Thinking…</source>
            <translation>正在预测…</translation>
        </message>
        <message>
            <source>Predicted by the {weights}.</source>
            <translation>由{weights}预测。</translation>
        </message>
        <message>
            <source>Could not predict: {reason}</source>
            <translation>无法预测：{reason}</translation>
        </message>
    </context>
    <context>
        <name>TargetQuestion</name>
        <message>
            <source>What should the model learn to predict?</source>
            <translation>模型应该学习预测什么？</translation>
        </message>
        <message>
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <source>Workbench is not sure which column holds the answer. Choose one below; Train waits until you do. Any other column can be chosen as Target on the right.</source>
            <translation>Workbench 不确定哪一列是答案。请在下面选择一列；选好之前无法开始训练。也可以在右侧把其他任意一列选为预测目标。</translation>
        </message>
        <message>
            <source>Change…</source>
            <translation>更改…</translation>
        </message>
        <message>
            <source>Show the columns that could be the target, best first</source>
            <translation>显示可作为预测目标的列，最可能的排在前面</translation>
        </message>
        <message>
            <source>Predicting '{column}' (your choice): {why}</source>
            <translation>预测“{column}”（你的选择）：{why}</translation>
        </message>
        <message>
            <source>Predicting '{column}' (your choice)</source>
            <translation>预测“{column}”（你的选择）</translation>
        </message>
        <message>
            <source>Predicting '{column}': {why}</source>
            <translation>预测“{column}”：{why}</translation>
        </message>
        <message>
            <source>Predicting '{column}'</source>
            <translation>预测“{column}”</translation>
        </message>
        <message>
            <source>Predict the column '{column}'</source>
            <translation>预测“{column}”列</translation>
        </message>
        <message>
            <source>Predict {column}</source>
            <translation>预测 {column}</translation>
        </message>
        <message>
            <source>  (predicted now)</source>
            <translation>（当前预测）</translation>
        </message>
    </context>
    <context>
        <name>TrainPage</name>
        <message>
            <source>loss (nats per token)</source>
            <translation>损失（每词元 nats）</translation>
        </message>
        <message>
            <source>loss (MSE, standardised)</source>
            <translation>损失（MSE，已标准化）</translation>
        </message>
        <message>
            <source>loss (cross-entropy)</source>
            <translation>损失（交叉熵）</translation>
        </message>
        <message>
            <source>samples</source>
            <translation>样本</translation>
        </message>
        <message>
            <source>tokens</source>
            <translation>词元</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>{s} s</source>
            <translation>{s} 秒</translation>
        </message>
        <message>
            <source>{m} min {s} s</source>
            <translation>{m} 分 {s} 秒</translation>
        </message>
        <message>
            <source>{h} h {m} min</source>
            <translation>{h} 小时 {m} 分</translation>
        </message>
        <message>
            <source>step {step} of {total}  (%p%)</source>
            <translation>第 {step} / {total} 步  （%p%）</translation>
        </message>
        <message>
            <source>Training settings</source>
            <translation>训练设置</translation>
        </message>
        <message>
            <source>Run name</source>
            <translation>运行名称</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Inspect attention ▸</source>
            <translation>查看注意力 ▸</translation>
        </message>
        <message>
            <source>Watch the model's attention change as it learns (or click a point of the loss curve).</source>
            <translation>观察模型的注意力在学习过程中如何变化（也可以单击损失曲线上的某个点）。</translation>
        </message>
        <message>
            <source>not started</source>
            <translation>尚未开始</translation>
        </message>
        <message>
            <source>Text the model writes at each evaluation appears here.</source>
            <translation>模型在每次评估时生成的文本会显示在这里。</translation>
        </message>
        <message>
            <source>What the model writes</source>
            <translation>模型生成的文本</translation>
        </message>
        <message>
            <source>auto (GPU if there is one)</source>
            <translation>自动（有 GPU 时用 GPU）</translation>
        </message>
        <message>
            <source>Runs are saved in {path} (Settings → Runs folder…).</source>
            <translation>训练运行保存在 {path}（设置 → 运行文件夹…）。</translation>
        </message>
        <message>
            <source>step {step} (a finished run)</source>
            <translation>第 {step} 步（已完成的运行）</translation>
        </message>
        <message>
            <source>— step {step} —</source>
            <translation>— 第 {step} 步 —</translation>
        </message>
        <message>
            <source>epoch {epoch}</source>
            <translation>第 {epoch} 轮</translation>
        </message>
        <message>
            <source>{time} elapsed</source>
            <translation>已用 {time}</translation>
        </message>
        <message>
            <source>about {time} left</source>
            <translation>约剩 {time}</translation>
        </message>
        <message>
            <source>{rate} steps/s</source>
            <translation>每秒 {rate} 步</translation>
        </message>
        <message>
            <source>{rate} {unit}/s</source>
            <translation>每秒 {rate} 个{unit}</translation>
        </message>
        <message>
            <source>MFU about {share}</source>
            <translation>MFU 约 {share}</translation>
        </message>
    </context>
    <context>
        <name>TryItBox</name>
        <message>
            <source>Type a sentence, e.g. “a warm, funny and moving film”</source>
            <translation>输入一句话，例如“一部温暖、有趣又感人的电影”</translation>
        </message>
        <message>
            <source>Type any text and the model classifies it as you type:</source>
            <translation>输入任意文本，模型会在你输入时对它分类：</translation>
        </message>
        <message>
            <source>Thinking…</source>
            <translation>正在分类…</translation>
        </message>
        <message>
            <source>Could not classify: {reason}</source>
            <translation>无法分类：{reason}</translation>
        </message>
    </context>
    <context>
        <name>ViewBox</name>
        <message>
            <source>View All</source>
            <translation>显示全部</translation>
        </message>
        <message>
            <source>axis</source>
            <translation>轴</translation>
        </message>
        <message>
            <source>Mouse Mode</source>
            <translation>鼠标模式</translation>
        </message>
        <message>
            <source>3 button</source>
            <translation>三键模式</translation>
        </message>
        <message>
            <source>1 button</source>
            <translation>单键模式</translation>
        </message>
        <message>
            <source>ViewBox options</source>
            <translation>视图选项</translation>
        </message>
    </context>
    <context>
        <name>core</name>
        <message>
            <source>Text classification</source>
            <translation>文本分类</translation>
        </message>
        <message>
            <source>Table classification</source>
            <translation>表格分类</translation>
        </message>
        <message>
            <source>Regression (predict a number)</source>
            <translation>回归（预测一个数值）</translation>
        </message>
        <message>
            <source>Language model (write text)</source>
            <translation>语言模型（生成文本）</translation>
        </message>
        <message>
            <source>Task: tabular classification into {n} classes of '{target}'</source>
            <translation>任务：表格分类，将“{target}”分为 {n} 类</translation>
        </message>
        <message>
            <source>Task: text classification of '{text}' into {n} classes of '{target}'</source>
            <translation>任务：文本分类，根据“{text}”将“{target}”分为 {n} 类</translation>
        </message>
        <message>
            <source>Task: regression of '{target}'</source>
            <translation>任务：回归，预测“{target}”</translation>
        </message>
        <message>
            <source>Task: language modelling on the text of column '{column}'</source>
            <translation>任务：在“{column}”列的文本上训练语言模型</translation>
        </message>
        <message>
            <source>Task: language modelling (a plain-text file)</source>
            <translation>任务：语言模型（纯文本文件）</translation>
        </message>
        <message>
            <source>Target: '{target}' ({why})</source>
            <translation>预测目标：“{target}”（{why}）</translation>
        </message>
        <message>
            <source>Target: '{target}' is only a guess ({why}); set [data] target to be sure</source>
            <translation>预测目标：“{target}”只是猜测（{why}）；请设置 [data] target 以确认</translation>
        </message>
        <message>
            <source>{count} rows with no target ('{target}') were dropped</source>
            <translation>已丢弃 {count} 行没有预测目标（“{target}”）的数据</translation>
        </message>
        <message>
            <source>numbers written as text</source>
            <translation>以文本形式书写的数字</translation>
        </message>
        <message>
            <source>true/false values</source>
            <translation>真/假值</translation>
        </message>
        <message>
            <source>{n} different values</source>
            <translation>{n} 个不同的值</translation>
        </message>
        <message>
            <source>free text (about {chars} characters, {words} words)</source>
            <translation>自由文本（平均约 {chars} 个字符、{words} 个词）</translation>
        </message>
        <message>
            <source>{n} different short values: too many for categories</source>
            <translation>{n} 个不同的短值：作为类别太多了</translation>
        </message>
        <message>
            <source>an id: named like one, a different value in (nearly) every row</source>
            <translation>编号：名称像编号，且（几乎）每行的值都不同</translation>
        </message>
        <message>
            <source>the split column: says which rows are train, validation, test</source>
            <translation>划分列：标明哪些行属于训练集、验证集、测试集</translation>
        </message>
        <message>
            <source>named like a target</source>
            <translation>名称像预测目标</translation>
        </message>
        <message>
            <source>named like an outcome</source>
            <translation>名称像结果</translation>
        </message>
        <message>
            <source>its name holds a target's word</source>
            <translation>名称中含有表示预测目标的词</translation>
        </message>
        <message>
            <source>its name holds an outcome's word</source>
            <translation>名称中含有表示结果的词</translation>
        </message>
        <message>
            <source>the last usable column</source>
            <translation>最后一个可用列</translation>
        </message>
        <message>
            <source>the first usable column</source>
            <translation>第一个可用列</translation>
        </message>
        <message>
            <source>{n} classes</source>
            <translation>{n} 个类别</translation>
        </message>
        <message>
            <source>two values</source>
            <translation>两个取值</translation>
        </message>
        <message>
            <source>the same value in every row</source>
            <translation>每行的值都相同</translation>
        </message>
        <message>
            <source>many different numbers: regression</source>
            <translation>数值很多且各不相同：适合回归</translation>
        </message>
        <message>
            <source>the one column of labels among numbers</source>
            <translation>数值列中唯一的标签列</translation>
        </message>
        <message>
            <source>the one column of two values among numbers</source>
            <translation>数值列中唯一只有两个取值的列</translation>
        </message>
        <message>
            <source>Column '{column}' is empty; it is ignored</source>
            <translation>“{column}”列为空，已忽略</translation>
        </message>
        <message>
            <source>Column '{column}' looks like a row id; it is ignored</source>
            <translation>“{column}”列看起来是行编号，已忽略</translation>
        </message>
        <message>
            <source>Column '{column}' holds dates, which are not read as inputs; it is ignored (set its role to categorical to use it)</source>
            <translation>“{column}”列是日期，不作为输入读取，已忽略（如要使用，请把它的角色设为类别）</translation>
        </message>
        <message>
            <source>Column '{column}' has {n} different short values; it is ignored (set its role to categorical or text to use it)</source>
            <translation>“{column}”列有 {n} 个不同的短值，已忽略（如要使用，请把它的角色设为类别或文本）</translation>
        </message>
        <message>
            <source>Column '{column}': {n} value(s) that are not numbers (such as '{example}') are treated as missing</source>
            <translation>“{column}”列：{n} 个不是数字的值（如“{example}”）按缺失值处理</translation>
        </message>
        <message>
            <source>Column '{column}': {n} value(s) such as '{example}' mean missing</source>
            <translation>“{column}”列：{n} 个值（如“{example}”）表示缺失</translation>
        </message>
        <message>
            <source>{note}, and so are {n} missing-value marker(s) such as '{example}'</source>
            <translation>{note}；另有 {n} 个缺失值标记（如“{example}”）同样处理</translation>
        </message>
        <message>
            <source>Column '{column}' says which rows are for training, validation and test: the data is split by it, and it is not an input</source>
            <translation>“{column}”列标明了哪些行用于训练、验证和测试：数据按它划分，它不作为输入</translation>
        </message>
        <message>
            <source>Column {i} has no name; it is called '{name}'</source>
            <translation>第 {i} 列没有名称，现称为“{name}”</translation>
        </message>
        <message>
            <source>Column {i} repeats the name '{name}'; it is called '{new}'</source>
            <translation>第 {i} 列与“{name}”重名，现称为“{new}”</translation>
        </message>
        <message>
            <source>Read as UTF-8 (the file starts with a byte-order mark)</source>
            <translation>按 UTF-8 读取（文件以字节顺序标记开头）</translation>
        </message>
        <message>
            <source>Read as UTF-16 (the file starts with a byte-order mark)</source>
            <translation>按 UTF-16 读取（文件以字节顺序标记开头）</translation>
        </message>
        <message>
            <source>Read as UTF-16 LE (the file has no byte-order mark)</source>
            <translation>按 UTF-16 LE 读取（文件没有字节顺序标记）</translation>
        </message>
        <message>
            <source>Read as UTF-16 BE (the file has no byte-order mark)</source>
            <translation>按 UTF-16 BE 读取（文件没有字节顺序标记）</translation>
        </message>
        <message>
            <source>Read as GB18030 (not valid UTF-8)</source>
            <translation>按 GB18030 读取（不是有效的 UTF-8）</translation>
        </message>
        <message>
            <source>Read as Latin-1 (neither UTF-8 nor GB18030)</source>
            <translation>按 Latin-1 读取（既不是 UTF-8 也不是 GB18030）</translation>
        </message>
        <message>
            <source>Read as {encoding} (not valid {tried} further into the file)</source>
            <translation>按 {encoding} 读取（文件靠后部分不是有效的 {tried}）</translation>
        </message>
        <message>
            <source>{share} of the texts in '{column}' are longer than the maximum length ({length} tokens) and are cut, so the model never reads their end; 95% of them fit in {fits} tokens. Raise [data] max_length to {suggested} (slower), or keep it if the start of a text says enough.</source>
            <translation>“{column}”中 {share} 的文本超过最大长度（{length} 个词元）而被截断，模型读不到它们的结尾；其中 95% 能容纳在 {fits} 个词元内。可把 [data] max_length 提高到 {suggested}（会更慢）；如果文本开头已足够说明问题，也可保持不变。</translation>
        </message>
        <message>
            <source>{share} of the tokens in validation texts never occur in the training texts{rare}, so the model reads them as 'unknown'. To know more of them, {how}.</source>
            <translation>验证文本中 {share} 的词元从未在训练文本中出现{rare}，模型会把它们当作“未知”。要让模型认识更多词元，请{how}。</translation>
        </message>
        <message>
            <source>, or fewer than {n} times</source>
            <translation>，或出现次数少于 {n} 次</translation>
        </message>
        <message>
            <source>lower [data] min_freq to 1</source>
            <translation>把 [data] min_freq 降到 1</translation>
        </message>
        <message>
            <source>raise [data] vocab_size</source>
            <translation>提高 [data] vocab_size</translation>
        </message>
        <message>
            <source>use the char tokenizer (every character is known)</source>
            <translation>改用 char 分词器（每个字符都认识）</translation>
        </message>
        <message>
            <source>add more training text</source>
            <translation>添加更多训练文本</translation>
        </message>
        <message>
            <source>Not sure which column to predict: the best guess is '{target}' ({why}), then {others}. Set [data] target to the column the model should learn to predict.</source>
            <translation>不确定该预测哪一列：最可能的是“{target}”（{why}），其次是 {others}。请把 [data] target 设为模型应学习预测的列。</translation>
        </message>
        <message>
            <source>Not sure which column to predict: the best guess is '{target}' ({why}). Set [data] target to the column the model should learn to predict.</source>
            <translation>不确定该预测哪一列：最可能的是“{target}”（{why}）。请把 [data] target 设为模型应学习预测的列。</translation>
        </message>
        <message>
            <source>Column '{column}' looks like an identifier (named like one, a different value in (nearly) every row), so it is not an input: an id tells nothing about new rows. Give it a role in [data] roles if it means something.</source>
            <translation>“{column}”列看起来是编号（名称像编号，且（几乎）每行的值都不同），因此不作为输入：编号对新数据毫无帮助。如果它确有含义，请在 [data] roles 中给它指定角色。</translation>
        </message>
        <message>
            <source>Column '{column}' says which rows are for training, validation and test: the data is split by it, and it is not an input. Give it a role in [data] roles to split at random instead.</source>
            <translation>“{column}”列标明了哪些行用于训练、验证和测试：数据按它划分，它不作为输入。如要改为随机划分，请在 [data] roles 中给它指定角色。</translation>
        </message>
        <message>
            <source>Column '{column}' is named like a split or fold column but its values are not train/validation/test, so it is used as an input. If it groups rows for evaluation, it should not be: ignore it.</source>
            <translation>“{column}”列的名称像划分列或折叠列，但它的值不是 train/validation/test，因此被用作输入。如果它是为评估而给行分组的，就不应作为输入：请忽略它。</translation>
        </message>
        <message>
            <source>Column '{column}' alone predicts '{target}' almost perfectly (accuracy {score} on rows it was not fitted on): it probably gives the answer away (recorded after the fact, or computed from the target), and a model that leans on it will fail on new data. Ignore it unless it is known before the prediction is needed.</source>
            <translation>仅凭“{column}”列就几乎能完美预测“{target}”（在未用于拟合的行上准确率为 {score}）：它很可能泄露了答案（事后才记录，或由预测目标计算而来），依赖它的模型在新数据上会失效。除非在需要预测之前就能知道它的值，否则请忽略它。</translation>
        </message>
        <message>
            <source>Column '{column}' alone predicts '{target}' almost perfectly (rank correlation {score} on rows it was not fitted on): it probably gives the answer away (recorded after the fact, or computed from the target), and a model that leans on it will fail on new data. Ignore it unless it is known before the prediction is needed.</source>
            <translation>仅凭“{column}”列就几乎能完美预测“{target}”（在未用于拟合的行上秩相关系数为 {score}）：它很可能泄露了答案（事后才记录，或由预测目标计算而来），依赖它的模型在新数据上会失效。除非在需要预测之前就能知道它的值，否则请忽略它。</translation>
        </message>
        <message>
            <source>{copied} of the {total} test rows ({share}) have the same inputs as a training row, so the test score flatters the model: it has seen those answers. Remove repeated rows from the file, or split with a [data] split_column that keeps copies together.</source>
            <translation>{total} 个测试行中有 {copied} 行（{share}）的输入与某个训练行相同，测试分数因此偏高：模型已经见过这些答案。请从文件中删除重复行，或用 [data] split_column 划分，使重复的行留在同一部分。</translation>
        </message>
        <message>
            <source>Column '{column}' has {n} different values: too many classes to learn (at most {limit}); it looks like free text, an id or a quantity. Set [data] target to another column, or {instead}.</source>
            <translation>“{column}”列有 {n} 个不同的值：类别太多，无法学习（最多 {limit} 个）；它看起来像自由文本、编号或数量。请把 [data] target 设为其他列，或{instead}。</translation>
        </message>
        <message>
            <source>Column '{column}' has {n} classes in {rows} rows: nearly every row is its own class, so there is nothing to learn that carries over to new rows. Set [data] target to another column, or {instead}.</source>
            <translation>“{column}”列在 {rows} 行中有 {n} 个类别：几乎每行自成一类，学不到能用于新数据的规律。请把 [data] target 设为其他列，或{instead}。</translation>
        </message>
        <message>
            <source>predict it as a number (task regression)</source>
            <translation>把它当作数值来预测（回归任务）</translation>
        </message>
        <message>
            <source>choose another target such as '{column}'</source>
            <translation>选择其他预测目标，例如“{column}”</translation>
        </message>
        <message>
            <source>choose another target</source>
            <translation>选择其他预测目标</translation>
        </message>
        <message>
            <source>Add rows, merge rare classes, or choose another target.</source>
            <translation>请添加更多行、合并稀有类别，或选择其他预测目标。</translation>
        </message>
        <message>
            <source>{path}: the file is empty (0 bytes).</source>
            <translation>{path}：文件是空的（0 字节）。</translation>
        </message>
        <message>
            <source>Choose a file with data in it.</source>
            <translation>请选择一个含有数据的文件。</translation>
        </message>
        <message>
            <source>{path}: file not found.</source>
            <translation>{path}：找不到文件。</translation>
        </message>
        <message>
            <source>Check the path and the file name.</source>
            <translation>请检查路径和文件名。</translation>
        </message>
        <message>
            <source>{path}: is a folder, not a file.</source>
            <translation>{path}：这是文件夹，不是文件。</translation>
        </message>
        <message>
            <source>Choose a CSV or .txt file.</source>
            <translation>请选择 CSV 或 .txt 文件。</translation>
        </message>
        <message>
            <source>{path}: no permission to read this file.</source>
            <translation>{path}：没有读取此文件的权限。</translation>
        </message>
        <message>
            <source>Check its permissions.</source>
            <translation>请检查文件权限。</translation>
        </message>
        <message>
            <source>{path}: the file holds only blank lines or spaces.</source>
            <translation>{path}：文件中只有空行或空格。</translation>
        </message>
        <message>
            <source>Choose a file with text in it.</source>
            <translation>请选择一个含有文本的文件。</translation>
        </message>
        <message>
            <source>{path}: is not valid {encoding} text (byte {byte} at offset {offset}).</source>
            <translation>{path}：不是有效的 {encoding} 文本（偏移 {offset} 处的字节 {byte}）。</translation>
        </message>
        <message>
            <source>Set the encoding to 'auto' or to the file's real encoding.</source>
            <translation>请把编码设为“auto”或文件的实际编码。</translation>
        </message>
        <message>
            <source>{path}: looks like {what}, not text.</source>
            <translation>{path}：看起来是{what}，不是文本。</translation>
        </message>
        <message>
            <source>{path}: looks like a binary file, not text (NUL byte at offset {offset}).</source>
            <translation>{path}：看起来是二进制文件，不是文本（偏移 {offset} 处有 NUL 字节）。</translation>
        </message>
        <message>
            <source>Export or save the data as a CSV or .txt file.</source>
            <translation>请把数据导出或另存为 CSV 或 .txt 文件。</translation>
        </message>
        <message>
            <source>{path}: changed while it was being read.</source>
            <translation>{path}：读取过程中文件被修改了。</translation>
        </message>
        <message>
            <source>Wait until the program writing it has finished, then open it again.</source>
            <translation>请等写入它的程序完成后再重新打开。</translation>
        </message>
        <message>
            <source>{path}: was moved or deleted while it was being read.</source>
            <translation>{path}：读取过程中文件被移动或删除了。</translation>
        </message>
        <message>
            <source>Open it again from where it is now.</source>
            <translation>请从它现在的位置重新打开。</translation>
        </message>
        <message>
            <source>{path}: no column can be the target and there is no text column.</source>
            <translation>{path}：没有可作为预测目标的列，也没有文本列。</translation>
        </message>
        <message>
            <source>Set [data] target to the column to predict.</source>
            <translation>请把 [data] target 设为要预测的列。</translation>
        </message>
        <message>
            <source>{path}: target column '{column}' has no values (every row is missing).</source>
            <translation>{path}：预测目标列“{column}”没有值（每行都缺失）。</translation>
        </message>
        <message>
            <source>Choose another [data] target.</source>
            <translation>请选择其他 [data] target。</translation>
        </message>
        <message>
            <source>{path}: column '{column}' has only one class ('{label}'): classification needs at least two.</source>
            <translation>{path}：“{column}”列只有一个类别（“{label}”）：分类至少需要两个类别。</translation>
        </message>
        <message>
            <source>{path}: target column '{column}' is not numeric, so regression cannot predict it.</source>
            <translation>{path}：预测目标列“{column}”不是数值，回归无法预测它。</translation>
        </message>
        <message>
            <source>Use the task tabular_classification.</source>
            <translation>请改用 tabular_classification 任务。</translation>
        </message>
        <message>
            <source>{path}: target column '{column}' has the same value in every row: there is nothing to predict.</source>
            <translation>{path}：预测目标列“{column}”每行的值都相同：没有什么可预测的。</translation>
        </message>
        <message>
            <source>{path}: column '{column}' is both the target and the text column.</source>
            <translation>{path}：“{column}”列既是预测目标又是文本列。</translation>
        </message>
        <message>
            <source>Choose a different [data] text_column or [data] target.</source>
            <translation>请选择不同的 [data] text_column 或 [data] target。</translation>
        </message>
        <message>
            <source>{path}: text classification needs a text column and none was found.</source>
            <translation>{path}：文本分类需要文本列，但没有找到。</translation>
        </message>
        <message>
            <source>Set [data] text_column.</source>
            <translation>请设置 [data] text_column。</translation>
        </message>
        <message>
            <source>{path}: no feature columns left: every column other than the target '{column}' is ignored or text.</source>
            <translation>{path}：没有剩下的特征列：除预测目标“{column}”外，其他列都被忽略或是文本。</translation>
        </message>
        <message>
            <source>{path}: no feature columns left: every column other than the target '{column}' is ignored or text ({empty}).</source>
            <translation>{path}：没有剩下的特征列：除预测目标“{column}”外，其他列都被忽略或是文本（{empty}）。</translation>
        </message>
        <message>
            <source>Set a column's role to numeric or categorical in [data] roles.</source>
            <translation>请在 [data] roles 中把某列的角色设为 numeric 或 categorical。</translation>
        </message>
        <message>
            <source>{path}: {setting} names column '{column}', which is not in the data (columns: {columns}).</source>
            <translation>{path}：{setting} 指定的列“{column}”不在数据中（现有列：{columns}）。</translation>
        </message>
        <message>
            <source>Check the spelling, including upper/lower case.</source>
            <translation>请检查拼写，包括大小写。</translation>
        </message>
        <message>
            <source>Movie reviews — sentiment (Transformer)</source>
            <translation>电影评论 — 情感分析（Transformer）</translation>
        </message>
        <message>
            <source>Chinese reviews — sentiment (Transformer)</source>
            <translation>中文评论 — 情感分析（Transformer）</translation>
        </message>
        <message>
            <source>Shakespeare — write like the Bard (GPT)</source>
            <translation>莎士比亚 — 学写莎翁文风（GPT）</translation>
        </message>
        <message>
            <source>Iris flowers — species (MLP)</source>
            <translation>鸢尾花 — 品种分类（MLP）</translation>
        </message>
        <message>
            <source>Penguins — species, with missing values (MLP)</source>
            <translation>企鹅 — 物种分类，含缺失值（MLP）</translation>
        </message>
        <message>
            <source>Wine — grape variety (FT-Transformer)</source>
            <translation>葡萄酒 — 葡萄品种（FT-Transformer）</translation>
        </message>
        <message>
            <source>Rotten Tomatoes sentence polarity: 8,530 one-sentence reviews, positive or negative. A small Transformer encoder over words; held-out 20% test split.</source>
            <translation>烂番茄影评情感极性：8,530 条一句话影评，分为正面和负面。以词为单位的小型 Transformer 编码器；留出 20% 作为测试集。</translation>
        </message>
        <message>
            <source>Chinese product and book reviews (6,000, balanced): a character-level Transformer classifier. Chinese has no spaces between words, so each character also gets a learned vector for the pair of characters it starts (ngrams = 2): that is most of what tells "不错" from "不" + "错".</source>
            <translation>中文商品和图书评论（6,000 条，正负均衡）：字符级 Transformer 分类器。中文词与词之间没有空格，所以每个字还会为以它开头的两字组合学习一个向量（二元组合）：正是靠这一点才能区分“不错”和“不”+“错”。</translation>
        </message>
        <message>
            <source>Shakespeare, character by character: a small GPT learns to write pseudo-Shakespeare. Validation is the last 10% of the file, as in nanoGPT's shakespeare_char. Every 250 steps (about 11 s at 45 ms a step), so the first sample shows within 30 s of Train.</source>
            <translation>逐字符学习莎士比亚：一个小型 GPT 学写仿莎士比亚的文字。验证集是文件的最后 10%，与 nanoGPT 的莎士比亚字符级示例相同。每 250 步（每步 45 ms，约 11 s）生成一次样本，因此点击“训练”后 30 s 内就能看到第一个样本。</translation>
        </message>
        <message>
            <source>Fisher's iris: 150 flowers, 4 measurements, 3 species. A small MLP learns it in seconds; past ~15 epochs it only overfits (validation loss climbs while accuracy stays), so it stops there.</source>
            <translation>Fisher 的鸢尾花数据：150 朵花，4 项测量值，3 个品种。一个小型 MLP 几秒就能学会；大约 15 轮之后就只会过拟合（验证集损失上升而准确率不变），所以训练到那里就停止。</translation>
        </message>
        <message>
            <source>Palmer penguins: 344 birds with some missing measurements (imputed and flagged).</source>
            <translation>帕尔默企鹅：344 只企鹅，部分测量值缺失（已填补并做了标记）。</translation>
        </message>
        <message>
            <source>UCI wine: 178 wines, 13 chemical measurements, 3 cultivars. An FT-Transformer lets the measurements attend to each other; the attention view shows which ones the prediction uses.</source>
            <translation>UCI 葡萄酒：178 种葡萄酒，13 项化学测量值，3 个葡萄品种。FT-Transformer 让各项测量值相互施加注意力；注意力视图显示预测用到了哪些测量值。</translation>
        </message>
        <message>
            <source>no example called '{name}' (known: {known})</source>
            <translation>没有名为“{name}”的示例（已有：{known}）</translation>
        </message>
        <message>
            <source>{path} is damaged: it must be a JSON object</source>
            <translation>{path} 已损坏：它必须是一个 JSON 对象</translation>
        </message>
        <message>
            <source>cannot write the report {target}: {reason}</source>
            <translation>无法写入报告 {target}：{reason}</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Dropout</source>
            <translation>Dropout（随机失活）</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>Tokenizer</source>
            <translation>分词器</translation>
        </message>
        <message>
            <source>Model size</source>
            <translation>模型规模</translation>
        </message>
        <message>
            <source>lr {lr} (×{factor})</source>
            <translation>学习率 {lr}（×{factor}）</translation>
        </message>
        <message>
            <source>lr {lr}</source>
            <translation>学习率 {lr}</translation>
        </message>
        <message>
            <source>characters</source>
            <translation>按字符</translation>
        </message>
        <message>
            <source>characters + pairs</source>
            <translation>按字符 + 两字组合</translation>
        </message>
        <message>
            <source>words</source>
            <translation>按词</translation>
        </message>
        <message>
            <source>words + pairs</source>
            <translation>按词 + 两词组合</translation>
        </message>
        <message>
            <source>current size</source>
            <translation>当前规模</translation>
        </message>
        <message>
            <source>{name} size</source>
            <translation>{name}规模</translation>
        </message>
        <message>
            <source>wrote {path} ({format}, from {checkpoint})</source>
            <translation>已写入 {path}（{format}，来自 {checkpoint}）</translation>
        </message>
        <message>
            <source>wrote {path}</source>
            <translation>已写入 {path}</translation>
        </message>
        <message>
            <source>parity: the file matches PyTorch within {diff} (allowed {tolerance}) on {inputs} and inputs of shape {shapes} (traced at {traced})</source>
            <translation>一致性：在{inputs}以及形状为 {shapes} 的输入上，该文件与 PyTorch 的结果相差不超过 {diff}（允许 {tolerance}）（追踪时形状为 {traced}）</translation>
        </message>
        <message>
            <source>{count} validation inputs</source>
            <translation>{count} 个验证集输入</translation>
        </message>
        <message>
            <source>made-up inputs</source>
            <translation>构造的输入</translation>
        </message>
        <message>
            <source>unknown export format {format}; use {formats}</source>
            <translation>未知的导出格式 {format}；请使用 {formats}</translation>
        </message>
        <message>
            <source>ONNX export needs the optional package(s) {packages}, which are not installed.</source>
            <translation>导出 ONNX 需要可选软件包 {packages}，但它们尚未安装。</translation>
        </message>
        <message>
            <source>Install them with: pip install "workbench[export]"</source>
            <translation>安装方法：pip install "workbench[export]"</translation>
        </message>
        <message>
            <source>only models that return one tensor can be exported</source>
            <translation>只有返回单个张量的模型才能导出</translation>
        </message>
        <message>
            <source>{file} cannot be read back as {format}: {reason}</source>
            <translation>{file} 无法作为 {format} 读回：{reason}</translation>
        </message>
        <message>
            <source>{file} differs from the model by {diff} on inputs of shape {shape} (at most {tolerance} is allowed)</source>
            <translation>在形状为 {shape} 的输入上，{file} 与模型相差 {diff}（最多允许 {tolerance}）</translation>
        </message>
        <message>
            <source>The exported graph does not compute what the model does; try the other format.</source>
            <translation>导出的计算图与模型的计算结果不一致；请换另一种格式试试。</translation>
        </message>
        <message>
            <source>the {format} exporter could not export this model: {reason}</source>
            <translation>{format} 导出器无法导出这个模型：{reason}</translation>
        </message>
        <message>
            <source>--nproc {nproc} must be 1 or more</source>
            <translation>--nproc {nproc} 必须至少为 1</translation>
        </message>
        <message>
            <source>previous token</source>
            <translation>前一个词元</translation>
        </message>
        <message>
            <source>same token</source>
            <translation>自身词元</translation>
        </message>
        <message>
            <source>first token</source>
            <translation>首个词元</translation>
        </message>
        <message>
            <source>a specific pairing</source>
            <translation>特定配对</translation>
        </message>
        <message>
            <source>broad average</source>
            <translation>广泛平均</translation>
        </message>
        <message>
            <source>since step {step}</source>
            <translation>自第 {step} 步起</translation>
        </message>
        <message>
            <source>a specific pairing (→ ‘{token}’)</source>
            <translation>特定配对（→“{token}”）</translation>
        </message>
        <message>
            <source>{label}: {share} of the attention</source>
            <translation>{label}：占注意力的 {share}</translation>
        </message>
        <message>
            <source>{label}: spread almost evenly ({share} of the most even spread)</source>
            <translation>{label}：几乎平均分配（达到最均匀分布的 {share}）</translation>
        </message>
        <message>
            <source>best checkpoint</source>
            <translation>最佳检查点</translation>
        </message>
        <message>
            <source>best checkpoint (step {step})</source>
            <translation>最佳检查点（第 {step} 步）</translation>
        </message>
        <message>
            <source>final weights (step {step})</source>
            <translation>最终权重（第 {step} 步）</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>early stopped</source>
            <translation>已提前停止</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>interrupted</source>
            <translation>已中断</translation>
        </message>
        <message>
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>cannot change from {old} to {new} when continuing a run: {why}. Start a new run to change it</source>
            <translation>继续训练时不能从 {old} 改为 {new}：{why}。要修改它，请开始新的训练运行</translation>
        </message>
        <message>
            <source>{key}: cannot change from {old} to {new} when continuing a run: {why}. Start a new run to change it</source>
            <translation>{key}：继续训练时不能从 {old} 改为 {new}：{why}。要修改它，请开始新的训练运行</translation>
        </message>
        <message>
            <source>the saved weights have the model's shape</source>
            <translation>保存的权重与模型的形状绑定</translation>
        </message>
        <message>
            <source>the model was trained on this data, split and tokenizer</source>
            <translation>模型是在这份数据、这种划分和这个分词器上训练的</translation>
        </message>
        <message>
            <source>the saved optimizer state belongs to the optimizer the run started with</source>
            <translation>保存的优化器状态属于训练开始时使用的优化器</translation>
        </message>
        <message>
            <source>the saved optimizer state was built with it</source>
            <translation>保存的优化器状态是按它建立的</translation>
        </message>
        <message>
            <source>the steps already taken and the order of the batches depend on it</source>
            <translation>已完成的步数和批次顺序都取决于它</translation>
        </message>
        <message>
            <source>the order of the batches depends on it</source>
            <translation>批次顺序取决于它</translation>
        </message>
        <message>
            <source>the saved run depends on it</source>
            <translation>已保存的训练运行依赖于它</translation>
        </message>
        <message>
            <source>Both runs failed. {a}: {why_a}; {b}: {why_b}</source>
            <translation>两次训练运行都失败了。{a}：{why_a}；{b}：{why_b}</translation>
        </message>
        <message>
            <source>failed: {message}</source>
            <translation>失败：{message}</translation>
        </message>
        <message>
            <source>{a} finished without a score in {time}; {b} failed</source>
            <translation>{a} 用时 {time} 完成，但没有得分；{b} 失败</translation>
        </message>
        <message>
            <source>{a} finished without a score in {time}; {b} failed: {message}</source>
            <translation>{a} 用时 {time} 完成，但没有得分；{b} 失败：{message}</translation>
        </message>
        <message>
            <source>{a} reached {score} in {time}; {b} failed</source>
            <translation>{a} 用时 {time} 达到 {score}；{b} 失败</translation>
        </message>
        <message>
            <source>{a} reached {score} in {time}; {b} failed: {message}</source>
            <translation>{a} 用时 {time} 达到 {score}；{b} 失败：{message}</translation>
        </message>
        <message>
            <source>Neither run has a {metric} to compare: {a} took {time_a}, {b} {time_b}</source>
            <translation>两次训练运行都没有可比较的{metric}：{a} 用时 {time_a}，{b} {time_b}</translation>
        </message>
        <message>
            <source>{a} reached {score} in {time}; {b} has no {metric} to compare</source>
            <translation>{a} 用时 {time} 达到 {score}；{b} 没有可比较的{metric}</translation>
        </message>
        <message>
            <source>A tie: both reached {score} ({a} in {time_a}, {b} in {time_b})</source>
            <translation>平局：双方都达到 {score}（{a} 用时 {time_a}，{b} 用时 {time_b}）</translation>
        </message>
        <message>
            <source>{a} reached {score} in {time_a}; {b} {value_b} in {time_b}</source>
            <translation>{a} 用时 {time_a} 达到 {score}；{b} {value_b}，用时 {time_b}</translation>
        </message>
        <message>
            <source>{time} (stopped by you)</source>
            <translation>{time}（被你停止）</translation>
        </message>
        <message>
            <source>{time} (stopped early)</source>
            <translation>{time}（提前停止）</translation>
        </message>
        <message>
            <source>{time} (interrupted)</source>
            <translation>{time}（已中断）</translation>
        </message>
        <message>
            <source>val {metric} {value}</source>
            <translation>验证集{metric} {value}</translation>
        </message>
        <message>
            <source>test {metric} {value}</source>
            <translation>测试集{metric} {value}</translation>
        </message>
        <message>
            <source>train {metric} {value}</source>
            <translation>训练集{metric} {value}</translation>
        </message>
        <message>
            <source>{setting} ({heads}) must divide {width} ({d_model}); try {n} heads</source>
            <translation>{setting}（{heads}）必须能整除{width}（{d_model}）；可以试试 {n} 个头</translation>
        </message>
        <message>
            <source>{setting} must be greater than 0</source>
            <translation>{setting}必须大于 0</translation>
        </message>
        <message>
            <source>{setting} + test_fraction ({share}) must leave at least 10% of the data for training</source>
            <translation>{setting}与测试集比例之和（{share}）过大：至少要留出 10% 的数据用于训练</translation>
        </message>
        <message>
            <source>{setting} must be a list of positive integers; got {value}</source>
            <translation>{setting}必须是一组正整数；当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} has {count} layers; at most {max} are allowed</source>
            <translation>{setting}有 {count} 层；最多只能有 {max} 层</translation>
        </message>
        <message>
            <source>{setting} 'gpt' needs {task} 'language_modeling', not '{value}'</source>
            <translation>{setting}为 GPT 时，{task}必须是“语言模型”，而不是 '{value}'</translation>
        </message>
        <message>
            <source>{setting} '{kind}' is for tables; {task} '{value}' needs {needs}</source>
            <translation>{setting} '{kind}' 用于表格；{task} '{value}' 需要 {needs}</translation>
        </message>
        <message>
            <source>{setting} '{kind}' is a text classifier; {task} '{value}' needs {needs}</source>
            <translation>{setting} '{kind}' 是文本分类器；{task} '{value}' 需要 {needs}</translation>
        </message>
        <message>
            <source>mlp or ft_transformer</source>
            <translation>mlp 或 ft_transformer</translation>
        </message>
        <message>
            <source>{setting}.{key} must be one of {choices}; got {value}</source>
            <translation>{setting}中 {key} 的值必须是 {choices} 之一；当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} must be one of {choices}; got {value}</source>
            <translation>{setting}必须是 {choices} 之一；当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} must be a number, got NaN</source>
            <translation>{setting}必须是数字，当前为 NaN</translation>
        </message>
        <message>
            <source>{setting} must be at least {min}; got {value}</source>
            <translation>{setting}至少应为 {min}；当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} must be at most {max}; got {value}</source>
            <translation>{setting}最多为 {max}；当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} entries must be at most {max}; got {value}</source>
            <translation>{setting}中的每一项最多为 {max}；当前有 {value}</translation>
        </message>
        <message>
            <source>{setting} must be {type}, got {value}</source>
            <translation>{setting}必须是{type}，当前为 {value}</translation>
        </message>
        <message>
            <source>an integer</source>
            <translation>整数</translation>
        </message>
        <message>
            <source>a number</source>
            <translation>数字</translation>
        </message>
        <message>
            <source>true or false</source>
            <translation>true 或 false</translation>
        </message>
        <message>
            <source>a string</source>
            <translation>字符串</translation>
        </message>
        <message>
            <source>a table</source>
            <translation>表（table）</translation>
        </message>
        <message>
            <source>a list</source>
            <translation>列表</translation>
        </message>
        <message>
            <source>unknown key {setting} (known: {keys})</source>
            <translation>未知的键 {setting}（可用的键：{keys}）</translation>
        </message>
        <message>
            <source>unknown section or key '{key}' (known: {keys})</source>
            <translation>未知的节或键 '{key}'（可用的：{keys}）</translation>
        </message>
        <message>
            <source>{setting} must be a table of settings, got {value}</source>
            <translation>{setting}必须是一个设置表，当前为 {value}</translation>
        </message>
        <message>
            <source>{setting} {value} is not supported (this Workbench reads version {version})</source>
            <translation>{setting} {value} 不受支持（此版本的 Workbench 只能读取版本 {version}）</translation>
        </message>
        <message>
            <source>{setting} {value} is not a text encoding; use 'auto' or a name such as utf-8, gb18030 or latin-1</source>
            <translation>{setting} {value} 不是文本编码；请用 auto，或 utf-8、gb18030、latin-1 之类的编码名称</translation>
        </message>
        <message>
            <source>{setting} {value} is not a training device; use auto, cpu, cuda, cuda:N or mps</source>
            <translation>{setting} {value} 不是可用于训练的设备；请用 auto、cpu、cuda、cuda:N 或 mps</translation>
        </message>
        <message>
            <source>{setting} is {count} characters long; the limit is {max} (the run folder is named after it)</source>
            <translation>{setting}长 {count} 个字符，上限是 {max}（训练运行的文件夹以它命名）</translation>
        </message>
        <message>
            <source>the model would need about {need} of memory to train; {where} has {free} free: lower {a} or {b}</source>
            <translation>训练这个模型约需 {need} 内存，而{where}只有 {free} 可用：请调低{a}或{b}</translation>
        </message>
        <message>
            <source>the model would need about {need} of memory to train; {where} has {free} free: lower {a}, {b} or {c}</source>
            <translation>训练这个模型约需 {need} 内存，而{where}只有 {free} 可用：请调低{a}、{b}或{c}</translation>
        </message>
        <message>
            <source>the model would need about {need} of memory to train; {where} has {free} free: lower {a}, {b}, {c} or {d}</source>
            <translation>训练这个模型约需 {need} 内存，而{where}只有 {free} 可用：请调低{a}、{b}、{c}或{d}</translation>
        </message>
        <message>
            <source>this machine</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>the GPU</source>
            <translation> GPU </translation>
        </message>
        <message>
            <source>the GPU ({device})</source>
            <translation> GPU（{device}）</translation>
        </message>
        <message>
            <source>[train] device {name} is not a device name (try auto, cpu, cuda, mps)</source>
            <translation>[train] device {name} 不是设备名称（可以用 auto、cpu、cuda、mps）</translation>
        </message>
        <message>
            <source>[train] device {name}: no CUDA GPU is available here; use 'auto' or 'cpu'</source>
            <translation>[train] device {name}：本机没有可用的 CUDA GPU；请用 auto 或 cpu</translation>
        </message>
        <message>
            <source>[train] device {name}: there are only {count} GPUs</source>
            <translation>[train] device {name}：本机只有 {count} 块 GPU</translation>
        </message>
        <message>
            <source>[train] device {name}: Apple's GPU (MPS) is not available here</source>
            <translation>[train] device {name}：本机无法使用苹果 GPU（MPS）</translation>
        </message>
        <message>
            <source>Model: a small GPT (4 blocks, width 128), AdamW at 0.002 with a cosine schedule: the Shakespeare example's settings</source>
            <translation>模型：小型 GPT（4 个块，宽度 128），AdamW，学习率 0.002，余弦调度：与莎士比亚示例的设置相同</translation>
        </message>
        <message>
            <source>Model: a bag of words and word pairs (n-grams, fastText-style, width 16), AdamW at 0.02: as good as a bag-of-words logistic regression, in seconds (choose the Transformer to see attention)</source>
            <translation>模型：词与词对的词袋（n 元组，fastText 式，宽度 16），AdamW，学习率 0.02：效果与词袋逻辑回归相当，几秒钟就能训练完（想看注意力请选 Transformer）</translation>
        </message>
        <message>
            <source>Model: a bag of characters and their pairs and triples (n-grams, fastText-style, width 16), AdamW at 0.01, for text written without spaces (choose the Transformer to see attention)</source>
            <translation>模型：字及其二元组、三元组的词袋（n 元组，fastText 式，宽度 16），AdamW，学习率 0.01，适合不用空格分词的文本（想看注意力请选 Transformer）</translation>
        </message>
        <message>
            <source>Model: a small MLP (64 and 32 units), AdamW at 0.003 with a cosine schedule: the penguins example's settings</source>
            <translation>模型：小型 MLP（64 和 32 个单元），AdamW，学习率 0.003，余弦调度：与企鹅示例的设置相同</translation>
        </message>
        <message>
            <source>Settings not fitted to the data: {reason}</source>
            <translation>设置未按数据调整：{reason}</translation>
        </message>
        <message>
            <source>Batches of {batch}: {first} would not fit in this machine's memory</source>
            <translation>批大小为 {batch}：{first} 会超出本机内存</translation>
        </message>
        <message>
            <source>Words as tokens: the {count} most frequent (lowercased, seen at least twice) make the vocabulary, since the output layer scores every word at every position</source>
            <translation>以词为词元：取最常见的 {count} 个词（转为小写，至少出现两次）组成词表，因为输出层要在每个位置为每个词打分</translation>
        </message>
        <message>
            <source>Characters as tokens ({count} of them): a small language model learns spelling and words from characters</source>
            <translation>以字符为词元（共 {count} 个）：小型语言模型从字符中学会拼写和词语</translation>
        </message>
        <message>
            <source>Context {block} tokens</source>
            <translation>上下文 {block} 个词元</translation>
        </message>
        <message>
            <source>Context {block} tokens: the text is too short for more</source>
            <translation>上下文 {block} 个词元：文本太短，无法更长</translation>
        </message>
        <message>
            <source>Max length {length} tokens: covers {share} of the texts in '{column}' (the longest has {longest})</source>
            <translation>最大长度 {length} 个词元：能完整容纳“{column}”中 {share} 的文本（最长的有 {longest} 个）</translation>
        </message>
        <message>
            <source>Batches of {batch} rows</source>
            <translation>批大小 {batch} 行</translation>
        </message>
        <message>
            <source>Batches of {batch} rows: a small table learns better from more, smaller steps</source>
            <translation>批大小 {batch} 行：小表格用更多、更小的步子学得更好</translation>
        </message>
        <message>
            <source>Batches of {batch} rows: a large table</source>
            <translation>批大小 {batch} 行：表格较大</translation>
        </message>
        <message>
            <source>Batches of {batch} rows: the whole training set</source>
            <translation>批大小 {batch} 行：即整个训练集</translation>
        </message>
        <message>
            <source>20 % of the {rows} rows for validation and 20 % for the test: with fewer, their scores would jump with every row</source>
            <translation>{rows} 行中 20% 用于验证、20% 用于测试：再少的话，得分会随每一行大幅波动</translation>
        </message>
        <message>
            <source>{steps} steps: about {passes} passes over the training text, about {time} here at {ms} ms a step</source>
            <translation>{steps} 步：约把训练文本过 {passes} 遍，在本机每步 {ms} ms，共约 {time}</translation>
        </message>
        <message>
            <source>{epochs} epochs of {steps} steps: about {time} here at {ms} ms a step</source>
            <translation>{epochs} 轮，每轮 {steps} 步：在本机每步 {ms} ms，共约 {time}</translation>
        </message>
        <message>
            <source>Warm-up {steps} steps: {share} of the {total}-step run</source>
            <translation>预热 {steps} 步：占全部 {total} 步的 {share}</translation>
        </message>
        <message>
            <source>No warm-up: a small network on a table does not need one</source>
            <translation>不预热：表格上的小网络不需要预热</translation>
        </message>
        <message>
            <source>No warm-up: the run is too short for one</source>
            <translation>不预热：训练太短，用不上预热</translation>
        </message>
        <message>
            <source>Validation {when} on {scored}</source>
            <translation>在{scored}上验证，{when}</translation>
        </message>
        <message>
            <source>Validation {when} on {scored}, {time} each</source>
            <translation>在{scored}上验证，{when}，每次 {time}</translation>
        </message>
        <message>
            <source>after every epoch ({steps} steps)</source>
            <translation>每轮结束后一次（{steps} 步）</translation>
        </message>
        <message>
            <source>after every epoch ({steps} steps) (about every {time})</source>
            <translation>每轮结束后一次（{steps} 步，约每 {time}）</translation>
        </message>
        <message>
            <source>every {steps} steps</source>
            <translation>每 {steps} 步一次</translation>
        </message>
        <message>
            <source>every {steps} steps (about every {time})</source>
            <translation>每 {steps} 步一次（约每 {time}）</translation>
        </message>
        <message>
            <source>a fixed sample of {count} of the {total} tokens</source>
            <translation>从 {total} 个词元中固定抽取的 {count} 个</translation>
        </message>
        <message>
            <source>a fixed sample of {count} of the {total} texts</source>
            <translation>从 {total} 条文本中固定抽取的 {count} 条</translation>
        </message>
        <message>
            <source>a fixed sample of {count} of the {total} rows</source>
            <translation>从 {total} 行中固定抽取的 {count} 行</translation>
        </message>
        <message>
            <source>the whole validation set</source>
            <translation>整个验证集</translation>
        </message>
        <message>
            <source>Loss recorded every {log} steps</source>
            <translation>每 {log} 步记录一次损失</translation>
        </message>
        <message>
            <source>Loss recorded at every step: each takes a while</source>
            <translation>每一步都记录损失：每步都要花一些时间</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <source>precision</source>
            <translation>精确率</translation>
        </message>
        <message>
            <source>recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <source>F1</source>
            <translation>F1 分数</translation>
        </message>
        <message>
            <source>ROC AUC</source>
            <translation>ROC AUC</translation>
        </message>
        <message>
            <source>R²</source>
            <translation>决定系数 R²</translation>
        </message>
        <message>
            <source>MAE</source>
            <translation>平均绝对误差</translation>
        </message>
        <message>
            <source>RMSE</source>
            <translation>均方根误差</translation>
        </message>
        <message>
            <source>MSE</source>
            <translation>均方误差</translation>
        </message>
        <message>
            <source>perplexity</source>
            <translation>困惑度</translation>
        </message>
        <message>
            <source>bits per character</source>
            <translation>每字符比特数</translation>
        </message>
        <message>
            <source>bits per token</source>
            <translation>每词元比特数</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>average precision</source>
            <translation>平均精确率</translation>
        </message>
        <message>
            <source>final weights</source>
            <translation>最终权重</translation>
        </message>
        <message>
            <source>Still running</source>
            <translation>仍在运行</translation>
        </message>
        <message>
            <source>Training finished</source>
            <translation>训练完成</translation>
        </message>
        <message>
            <source>Stopped by you</source>
            <translation>已由你停止</translation>
        </message>
        <message>
            <source>Stopped early: the validation score stopped improving</source>
            <translation>已提前停止：验证集得分不再提高</translation>
        </message>
        <message>
            <source>Training failed</source>
            <translation>训练失败</translation>
        </message>
        <message>
            <source>Interrupted before the final evaluation</source>
            <translation>在最终评估之前被中断</translation>
        </message>
        <message>
            <source>{what} ({model}) scores {metric} {value} {where} (this model {mine}): the simple model does better.</source>
            <translation>{what}（{model}）{where}的{metric}为 {value}（本模型为 {mine}）：简单模型表现更好。</translation>
        </message>
        <message>
            <source>{what} ({model}) scores {metric} {value} {where} (this model {mine}): this model does better.</source>
            <translation>{what}（{model}）{where}的{metric}为 {value}（本模型为 {mine}）：本模型表现更好。</translation>
        </message>
        <message>
            <source>{what} ({model}) scores {metric} {value} {where} (this model {mine}): about the same.</source>
            <translation>{what}（{model}）{where}的{metric}为 {value}（本模型为 {mine}）：两者差不多。</translation>
        </message>
        <message>
            <source>{what} ({model}) scores {metric} {value} {where}.</source>
            <translation>{what}（{model}）{where}的{metric}为 {value}。</translation>
        </message>
        <message>
            <source>on the same test rows</source>
            <translation>在同样的测试行上</translation>
        </message>
        <message>
            <source>on the same validation rows</source>
            <translation>在同样的验证行上</translation>
        </message>
        <message>
            <source>on the same test tokens</source>
            <translation>在同样的测试词元上</translation>
        </message>
        <message>
            <source>on the same validation tokens</source>
            <translation>在同样的验证词元上</translation>
        </message>
        <message>
            <source>on the test set</source>
            <translation>在测试集上</translation>
        </message>
        <message>
            <source>on the validation set</source>
            <translation>在验证集上</translation>
        </message>
        <message>
            <source>A simple bag-of-words model</source>
            <translation>简单的词袋模型</translation>
        </message>
        <message>
            <source>A simple linear model</source>
            <translation>简单的线性模型</translation>
        </message>
        <message>
            <source>A gradient-boosted tree model</source>
            <translation>梯度提升树模型</translation>
        </message>
        <message>
            <source>A simple bigram model</source>
            <translation>简单的二元语法模型</translation>
        </message>
        <message>
            <source>logistic regression</source>
            <translation>逻辑回归</translation>
        </message>
        <message>
            <source>ridge regression</source>
            <translation>岭回归</translation>
        </message>
        <message>
            <source>scikit-learn's histogram gradient boosting</source>
            <translation>scikit-learn 的直方图梯度提升</translation>
        </message>
        <message>
            <source>TF-IDF of words and character 1-3-grams + logistic regression</source>
            <translation>词与 1–3 字符 n 元组的 TF-IDF + 逻辑回归</translation>
        </message>
        <message>
            <source>TF-IDF of words and word pairs + logistic regression</source>
            <translation>词与词对的 TF-IDF + 逻辑回归</translation>
        </message>
        <message>
            <source>character bigram counts</source>
            <translation>字符二元组计数</translation>
        </message>
        <message>
            <source>word bigram counts</source>
            <translation>词二元组计数</translation>
        </message>
        <message>
            <source>macro average (AUC {score})</source>
            <translation>宏平均（AUC {score}）</translation>
        </message>
        <message>
            <source>micro average (AUC {score})</source>
            <translation>微平均（AUC {score}）</translation>
        </message>
        <message>
            <source>macro average (AP {score})</source>
            <translation>宏平均（AP {score}）</translation>
        </message>
        <message>
            <source>micro average (AP {score})</source>
            <translation>微平均（AP {score}）</translation>
        </message>
        <message>
            <source>{path} cannot be read: {reason}</source>
            <translation>无法读取 {path}：{reason}</translation>
        </message>
        <message>
            <source>{path} is not a predictions file Workbench wrote.</source>
            <translation>{path} 不是 Workbench 写入的预测文件。</translation>
        </message>
        <message>
            <source>{path} is not a predictions file Workbench wrote ({reason}).</source>
            <translation>{path} 不是 Workbench 写入的预测文件（{reason}）。</translation>
        </message>
        <message>
            <source>this model has no attention to show</source>
            <translation>这个模型没有可显示的注意力</translation>
        </message>
        <message>
            <source>Preparing the data and building the model…</source>
            <translation>正在准备数据并构建模型…</translation>
        </message>
        <message>
            <source>Training…</source>
            <translation>正在训练…</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <source>Stopping: finishing this step, saving a checkpoint and scoring every split one last time…</source>
            <translation>正在停止：完成当前这一步，保存检查点，并对每个数据划分做最后一次评分…</translation>
        </message>
        <message>
            <source>A learning rate of {lr} is unusually high for {optimizer} (it usually works with {typical}, at most about {limit}): the loss may jump about or become NaN.</source>
            <translation>对 {optimizer} 来说，学习率 {lr} 异常偏高（通常用 {typical}，最多约 {limit}）：损失可能剧烈跳动，甚至变成 NaN。</translation>
        </message>
        <message>
            <source>Try {typical}, unless you mean to test what too high a rate does.</source>
            <translation>建议改为 {typical}，除非你就是想试试学习率过高会怎样。</translation>
        </message>
        <message>
            <source>At step {step} the numbers inside the model overflowed (they became NaN, 'not a number', or infinite): training blew up and was stopped.</source>
            <translation>在第 {step} 步，模型内部的数值溢出了（变成了 NaN，即“非数字”，或无穷大）：训练崩溃，已被停止。</translation>
        </message>
        <message>
            <source>The training loss rose far above where it started ({start} at the start, {loss} at step {step}): training is going the wrong way and the model is getting worse, not better.</source>
            <translation>训练损失远远高于起始值（开始时为 {start}，第 {step} 步时为 {loss}）：训练方向错了，模型在变差而不是变好。</translation>
        </message>
        <message>
            <source>Lower the learning rate (now {lr}), for example to {lower}; a warm-up also steadies the start.</source>
            <translation>降低学习率（当前为 {lr}），例如降到 {lower}；加入预热也能让训练开始阶段更平稳。</translation>
        </message>
        <message>
            <source>Check that the target is the right column and that the inputs can tell its values apart; if they can, try a lower learning rate or train for longer.</source>
            <translation>请检查预测目标是否选对了列，以及输入特征能否区分它的取值；如果能，试试降低学习率或延长训练。</translation>
        </message>
        <message>
            <source>After {step} steps the model's predictions of {target} are no better than always guessing the average (R² {r2}): it has not learned to predict it.</source>
            <translation>训练 {step} 步后，模型对 {target} 的预测并不比总是猜平均值更好（R² {r2}）：它还没有学会预测这一列。</translation>
        </message>
        <message>
            <source>After {step} steps the model predicts {target} no better than by how common each one is (loss {loss}; guessing by frequency alone gives {chance}): it has not learned to use what comes before.</source>
            <translation>训练 {step} 步后，模型预测 {target} 的效果并不比按出现频率猜测更好（损失 {loss}；只按频率猜测为 {chance}）：它还没有学会利用前文。</translation>
        </message>
        <message>
            <source>Try a lower learning rate, a warm-up, or training for longer.</source>
            <translation>试试降低学习率、加入预热或延长训练。</translation>
        </message>
        <message>
            <source>After {step} steps the model predicts {target} no better than chance: {accuracy} right on {count} held-out examples, where always guessing the commonest value gives {share} and luck alone can explain the gap; its loss ({loss}) is no lower than that of guessing by how common each value is.</source>
            <translation>训练 {step} 步后，模型预测 {target} 的效果不比随机猜测好：在 {count} 个留出样本上正确率为 {accuracy}，而总是猜最常见的值也能达到 {share}，这点差距完全可能出于运气；它的损失（{loss}）也不低于按各取值出现频率猜测的损失。</translation>
        </message>
        <message>
            <source>From step {low} on, the validation loss rose ({before} to {after} by step {step}, higher at each of the last {count} evaluations) while the training loss kept falling: the model is memorising its training examples rather than learning what carries over to new ones.</source>
            <translation>从第 {low} 步起，验证集损失不断上升（到第 {step} 步时从 {before} 升至 {after}，最近 {count} 次评估一次比一次高），而训练损失仍在下降：模型在死记训练样本，而不是学习能推广到新样本的规律。</translation>
        </message>
        <message>
            <source>The best checkpoint is kept. Train for fewer steps or turn on early stopping; more dropout or weight decay, a smaller model or more data also help.</source>
            <translation>最佳检查点已保留。可以减少训练步数或开启提前停止；增大 Dropout 或权重衰减、换用更小的模型或增加数据也有帮助。</translation>
        </message>
        <message>
            <source>{what} at step {step}: training diverged and was stopped; {kept} Try a lower learning rate (now {lr}), {clipping}, or a warm-up.</source>
            <translation>第 {step} 步出现{what}：训练发散，已被停止；{kept}可以试试降低学习率（当前为 {lr}）、{clipping}或加入预热。</translation>
        </message>
        <message>
            <source>no checkpoint had been saved yet.</source>
            <translation>当时还没有保存任何检查点。</translation>
        </message>
        <message>
            <source>the checkpoint of step {step} is kept.</source>
            <translation>第 {step} 步的检查点已保留。</translation>
        </message>
        <message>
            <source>stronger gradient clipping (now {clip})</source>
            <translation>更强的梯度裁剪（当前为 {clip}）</translation>
        </message>
        <message>
            <source>gradient clipping</source>
            <translation>梯度裁剪</translation>
        </message>
        <message>
            <source>interrupted at step {step} before the final evaluation; {kept}</source>
            <translation>在第 {step} 步、最终评估之前被中断；{kept}</translation>
        </message>
        <message>
            <source>warm-up ends</source>
            <translation>预热结束</translation>
        </message>
        <message>
            <source>learning rate cut to {new}</source>
            <translation>学习率降至 {new}</translation>
        </message>
        <message>
            <source>best {metric} {value}</source>
            <translation>最佳{metric} {value}</translation>
        </message>
        <message>
            <source>best validation loss {value}</source>
            <translation>最佳验证集损失 {value}</translation>
        </message>
        <message>
            <source>overfitting begins</source>
            <translation>开始过拟合</translation>
        </message>
        <message>
            <source>diverging begins</source>
            <translation>开始发散</translation>
        </message>
        <message>
            <source>stopped early</source>
            <translation>提前停止</translation>
        </message>
        <message>
            <source>first answers “{example}” right: {answer}</source>
            <translation>首次答对“{example}”：{answer}</translation>
        </message>
        <message>
            <source>The model is learning: {metric} {value}, up from {first}.</source>
            <translation>模型正在学习：{metric}为 {value}，高于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: {metric} {value}, down from {first}.</source>
            <translation>模型正在学习：{metric}为 {value}，低于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: {metric} {value}.</source>
            <translation>模型正在学习：{metric}为 {value}。</translation>
        </message>
        <message>
            <source>The model is learning: validation {metric} {value}, up from {first}.</source>
            <translation>模型正在学习：验证集{metric}为 {value}，高于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: validation {metric} {value}, down from {first}.</source>
            <translation>模型正在学习：验证集{metric}为 {value}，低于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: validation {metric} {value}.</source>
            <translation>模型正在学习：验证集{metric}为 {value}。</translation>
        </message>
        <message>
            <source>The model is learning: mean absolute error {value}, down from {first}.</source>
            <translation>模型正在学习：平均绝对误差为 {value}，低于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: mean absolute error {value}, up from {first}.</source>
            <translation>模型正在学习：平均绝对误差为 {value}，高于起初的 {first}。</translation>
        </message>
        <message>
            <source>The model is learning: mean absolute error {value}.</source>
            <translation>模型正在学习：平均绝对误差为 {value}。</translation>
        </message>
        <message>
            <source>The model is starting to learn: training loss {loss}.</source>
            <translation>模型开始学习了：训练损失为 {loss}。</translation>
        </message>
        <message>
            <source>Waiting for the first training steps…</source>
            <translation>正在等待最初的几步训练…</translation>
        </message>
        <message>
            <source>The model is not improving: {metric} has stayed near {value} for {count} evaluations.</source>
            <translation>模型没有进步：{metric}已连续 {count} 次评估停留在 {value} 左右。</translation>
        </message>
        <message>
            <source>The model is getting worse: {metric} {value}, its best was {best}.</source>
            <translation>模型在变差：{metric}为 {value}，最好时为 {best}。</translation>
        </message>
        <message>
            <source>The model is getting worse: validation {metric} {value}, its best was {best}.</source>
            <translation>模型在变差：验证集{metric}为 {value}，最好时为 {best}。</translation>
        </message>
        <message>
            <source>The model is getting worse: mean absolute error {value}, its best was {best}.</source>
            <translation>模型在变差：平均绝对误差为 {value}，最好时为 {best}。</translation>
        </message>
        <message>
            <source>Training has gone wrong: the loss is rising sharply ({first} → {last}).</source>
            <translation>训练出问题了：损失在急剧上升（{first} → {last}）。</translation>
        </message>
        <message>
            <source>Training finished: {metric} {value} (it started at {first}).</source>
            <translation>训练完成：{metric}为 {value}（起初为 {first}）。</translation>
        </message>
        <message>
            <source>Training finished: validation {metric} {value} (it started at {first}).</source>
            <translation>训练完成：验证集{metric}为 {value}（起初为 {first}）。</translation>
        </message>
        <message>
            <source>Training finished: mean absolute error {value} (it started at {first}).</source>
            <translation>训练完成：平均绝对误差为 {value}（起初为 {first}）。</translation>
        </message>
        <message>
            <source>Training finished: training loss {loss}.</source>
            <translation>训练完成：训练损失为 {loss}。</translation>
        </message>
        <message>
            <source>validation loss</source>
            <translation>验证集损失</translation>
        </message>
        <message>
            <source>validation accuracy</source>
            <translation>验证集准确率</translation>
        </message>
        <message>
            <source>validation F1</source>
            <translation>验证集 F1 分数</translation>
        </message>
        <message>
            <source>mean absolute error</source>
            <translation>平均绝对误差</translation>
        </message>
        <message>
            <source>1 is perfect</source>
            <translation>1 为满分</translation>
        </message>
        <message>
            <source>target units</source>
            <translation>预测目标的单位</translation>
        </message>
        <message>
            <source>target units²</source>
            <translation>预测目标单位的平方</translation>
        </message>
        <message>
            <source>lower is better</source>
            <translation>越低越好</translation>
        </message>
        <message>
            <source>a simple bigram model</source>
            <translation>简单的二元语法模型</translation>
        </message>
        <message>
            <source>a simple bag-of-words model</source>
            <translation>简单的词袋模型</translation>
        </message>
        <message>
            <source>a simple linear model</source>
            <translation>简单的线性模型</translation>
        </message>
        <message>
            <source>a gradient-boosted tree model</source>
            <translation>梯度提升树模型</translation>
        </message>
        <message>
            <source>settings changed: {changes}</source>
            <translation>设置已修改：{changes}</translation>
        </message>
        <message>
            <source>lr {old} → {new}</source>
            <translation>学习率 {old} → {new}</translation>
        </message>
        <message>
            <source>schedule {old} → {new}</source>
            <translation>学习率计划 {old} → {new}</translation>
        </message>
        <message>
            <source>final LR share {old} → {new}</source>
            <translation>最终学习率比例 {old} → {new}</translation>
        </message>
        <message>
            <source>weight decay {old} → {new}</source>
            <translation>权重衰减 {old} → {new}</translation>
        </message>
        <message>
            <source>clipping {old} → {new}</source>
            <translation>梯度裁剪 {old} → {new}</translation>
        </message>
        <message>
            <source>patience {old} → {new}</source>
            <translation>耐心值 {old} → {new}</translation>
        </message>
        <message>
            <source>watch {old} → {new}</source>
            <translation>监控指标 {old} → {new}</translation>
        </message>
    </context>
    <context>
        <name>fields</name>
        <message>
            <source>Data file</source>
            <translation>数据文件</translation>
        </message>
        <message>
            <source>The CSV or plain-text (.txt) file to learn from.</source>
            <translation>用来学习的 CSV 文件或纯文本（.txt）文件。</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>What the model should learn. 'auto' picks from the data: a text column and a label make text classification, numbers and a label make tabular classification, a numeric target makes regression, a .txt file makes a language model.</source>
            <translation>模型要学什么。“自动”根据数据来选：有文本列和标签就是文本分类，有数值列和标签就是表格分类，预测目标是数值就是回归，.txt 文件就是语言模型。</translation>
        </message>
        <message>
            <source>auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>text_classification</source>
            <translation>文本分类</translation>
        </message>
        <message>
            <source>tabular_classification</source>
            <translation>表格分类</translation>
        </message>
        <message>
            <source>regression</source>
            <translation>回归</translation>
        </message>
        <message>
            <source>language_modeling</source>
            <translation>语言模型</translation>
        </message>
        <message>
            <source>Target column</source>
            <translation>预测目标列</translation>
        </message>
        <message>
            <source>The column the model predicts. Empty: guessed from the data (its name, its place, its values); a guess that is not sure is asked about, and the command line will not train on it.</source>
            <translation>模型要预测的列。留空：根据数据推测（列名、位置和取值）；没有把握的推测会先询问你，命令行也不会用它来训练。</translation>
        </message>
        <message>
            <source>automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Text column</source>
            <translation>文本列</translation>
        </message>
        <message>
            <source>For text classification: the column holding the text. Empty: the column with the longest strings.</source>
            <translation>用于文本分类：存放文本的列。留空：使用字符串最长的那一列。</translation>
        </message>
        <message>
            <source>Column roles</source>
            <translation>列的角色</translation>
        </message>
        <message>
            <source>Per-column override of the guessed role: text, numeric, categorical, target or ignore.</source>
            <translation>逐列修改推测出的角色：文本、数值、类别、预测目标或忽略。</translation>
        </message>
        <message>
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <source>numeric</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>categorical</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>target</source>
            <translation>预测目标</translation>
        </message>
        <message>
            <source>ignore</source>
            <translation>忽略</translation>
        </message>
        <message>
            <source>Split column</source>
            <translation>划分列</translation>
        </message>
        <message>
            <source>A column saying which rows are train, validation (valid, dev) or test; it replaces the random shares and is never an input. Empty: a column named like split/set/fold whose values fit is used; give that column a role to split at random instead.</source>
            <translation>标明每一行属于训练集、验证集（valid、dev）还是测试集的列；有了它就不再随机划分，它也不会作为输入。留空：若有名称类似 split、set、fold 且取值合适的列，就使用它；想改为随机划分，给这一列指定一个角色即可。</translation>
        </message>
        <message>
            <source>Missing-value markers</source>
            <translation>缺失值标记</translation>
        </message>
        <message>
            <source>Values that mean 'missing' in a numeric or categorical column (any case, spaces around them ignored).</source>
            <translation>在数值列或类别列中表示“缺失”的值（不区分大小写，忽略前后空格）。</translation>
        </message>
        <message>
            <source>Encoding</source>
            <translation>编码</translation>
        </message>
        <message>
            <source>Text encoding of the file. 'auto' tries UTF-8, UTF-8 with BOM, UTF-16 (with BOM), GB18030 and Latin-1 in turn and reports what it used.</source>
            <translation>文件的文本编码。“自动”会依次尝试 UTF-8、带字节顺序标记（BOM）的 UTF-8、UTF-16（带 BOM）、GB18030 和 Latin-1，并报告最终使用的编码。</translation>
        </message>
        <message>
            <source>Validation share</source>
            <translation>验证集比例</translation>
        </message>
        <message>
            <source>Share of the rows held out to check progress while training (never trained on).</source>
            <translation>留出来在训练中检查进展的行所占的比例（从不用于训练）。</translation>
        </message>
        <message>
            <source>of rows</source>
            <translation>（占总行数）</translation>
        </message>
        <message>
            <source>Test share</source>
            <translation>测试集比例</translation>
        </message>
        <message>
            <source>Share of the rows held out for the final, honest score after training.</source>
            <translation>留出来在训练结束后做最终、公正评分的行所占的比例。</translation>
        </message>
        <message>
            <source>Split seed</source>
            <translation>划分随机种子</translation>
        </message>
        <message>
            <source>The same seed gives the same train/validation/test split.</source>
            <translation>种子相同，训练集、验证集、测试集的划分就相同。</translation>
        </message>
        <message>
            <source>Tokenizer</source>
            <translation>分词器</translation>
        </message>
        <message>
            <source>How text is cut into tokens: 'char' makes every character a token (good for Chinese and for small language models); 'word' splits on spaces and punctuation.</source>
            <translation>如何把文本切成词元：“按字”让每个字符成为一个词元（适合中文和小型语言模型）；“按词”按空格和标点切分。</translation>
        </message>
        <message>
            <source>char</source>
            <translation>按字</translation>
        </message>
        <message>
            <source>word</source>
            <translation>按词</translation>
        </message>
        <message>
            <source>Lowercase</source>
            <translation>转为小写</translation>
        </message>
        <message>
            <source>Treat upper- and lower-case letters as the same.</source>
            <translation>不区分大小写字母。</translation>
        </message>
        <message>
            <source>Vocabulary size</source>
            <translation>词表大小</translation>
        </message>
        <message>
            <source>The most frequent tokens kept; rarer ones become 'unknown'.</source>
            <translation>保留出现最频繁的这么多个词元；更少见的都记作“未知”。</translation>
        </message>
        <message>
            <source>tokens</source>
            <translation>个词元</translation>
        </message>
        <message>
            <source>Minimum frequency</source>
            <translation>最低词频</translation>
        </message>
        <message>
            <source>A token must appear at least this often in the training data to get its own entry.</source>
            <translation>词元在训练数据中至少出现这么多次，才会在词表中占一个位置。</translation>
        </message>
        <message>
            <source>times</source>
            <translation>次</translation>
        </message>
        <message>
            <source>Maximum length</source>
            <translation>最大长度</translation>
        </message>
        <message>
            <source>Texts are cut to this many tokens for classification.</source>
            <translation>分类时，文本最多截取这么多个词元。</translation>
        </message>
        <message>
            <source>Validate on the end</source>
            <translation>用末尾验证</translation>
        </message>
        <message>
            <source>Language models: validation is the last part of the text (and test the part before it), not random pieces.</source>
            <translation>语言模型：用文本的最后一段做验证集（它前面的一段做测试集），而不是随机抽取片段。</translation>
        </message>
        <message>
            <source>TensorBoard logs</source>
            <translation>TensorBoard 日志</translation>
        </message>
        <message>
            <source>Also write the losses, metrics, learning rate and attention snapshots to the run's tensorboard/ folder, for TensorBoard (needs the optional package: pip install "workbench[tensorboard]").</source>
            <translation>同时把损失、指标、学习率和注意力快照写入训练运行的 tensorboard/ 文件夹，供 TensorBoard 查看（需要安装可选包：pip install "workbench[tensorboard]"）。</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>'transformer' reads text with self-attention; 'bag' averages learned vectors of a text's words and n-grams (fastText-style: fast, strong, no attention); 'gpt' predicts the next token; 'mlp' is a plain network for tables; 'ft_transformer' lets table features attend to each other. 'auto' picks the usual one for the task (for text: bag).</source>
            <translation>Transformer 用自注意力读文本；“词袋”把文本中各个词和 n 元组的学习向量取平均（fastText 式：快而强，没有注意力）；GPT 预测下一个词元；MLP 是用于表格的普通网络；FT-Transformer 让表格的各个特征相互注意。“自动”为任务选常用的模型（文本用词袋）。</translation>
        </message>
        <message>
            <source>transformer</source>
            <translation>Transformer（自注意力）</translation>
        </message>
        <message>
            <source>bag</source>
            <translation>词袋（fastText 式）</translation>
        </message>
        <message>
            <source>gpt</source>
            <translation>GPT（生成下一个词元）</translation>
        </message>
        <message>
            <source>mlp</source>
            <translation>MLP（多层感知机）</translation>
        </message>
        <message>
            <source>ft_transformer</source>
            <translation>FT-Transformer（表格）</translation>
        </message>
        <message>
            <source>Width</source>
            <translation>宽度</translation>
        </message>
        <message>
            <source>How many numbers describe each token inside the model. Wider learns more, but is slower.</source>
            <translation>模型内部用多少个数来描述每个词元。越宽学得越多，但也越慢。</translation>
        </message>
        <message>
            <source>units</source>
            <translation>个单元</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>层数</translation>
        </message>
        <message>
            <source>How many Transformer blocks are stacked. Each block lets every token look at the others once more.</source>
            <translation>堆叠多少个 Transformer 块。每多一块，每个词元就能再看一遍其他词元。</translation>
        </message>
        <message>
            <source>Attention heads</source>
            <translation>注意力头数</translation>
        </message>
        <message>
            <source>A head is one independent way of deciding which tokens to look at. Must divide the width.</source>
            <translation>一个注意力头是一种独立的“决定看哪些词元”的方式。头数必须能整除宽度。</translation>
        </message>
        <message>
            <source>Feed-forward factor</source>
            <translation>前馈层倍数</translation>
        </message>
        <message>
            <source>Width of the inner layer of each block, as a multiple of the model width.</source>
            <translation>每个块内部前馈层的宽度，是模型宽度的几倍。</translation>
        </message>
        <message>
            <source>×</source>
            <translation>×</translation>
        </message>
        <message>
            <source>Dropout</source>
            <translation>Dropout（随机失活）</translation>
        </message>
        <message>
            <source>Share of connections switched off at random while training, so the model cannot just memorise.</source>
            <translation>训练时随机关闭的连接所占的比例，让模型无法死记硬背。</translation>
        </message>
        <message>
            <source>Context length</source>
            <translation>上下文长度</translation>
        </message>
        <message>
            <source>Language models: how many previous tokens the model sees when predicting the next one.</source>
            <translation>语言模型：预测下一个词元时，模型能看到前面多少个词元。</translation>
        </message>
        <message>
            <source>Pooling</source>
            <translation>池化方式</translation>
        </message>
        <message>
            <source>Classifiers: how token vectors become one vector for the text: 'mean' averages them, 'cls' uses a special first token.</source>
            <translation>分类器：如何把各个词元的向量合成整段文本的一个向量：“平均”取它们的平均值，“CLS 词元”使用一个特殊的开头词元。</translation>
        </message>
        <message>
            <source>mean</source>
            <translation>平均</translation>
        </message>
        <message>
            <source>cls</source>
            <translation>CLS 词元</translation>
        </message>
        <message>
            <source>N-gram embeddings</source>
            <translation>n 元组嵌入</translation>
        </message>
        <message>
            <source>Text classifiers: 1 = each token is read alone; 2 = each token also gets a learned vector for the pair it starts (3: and the triple). Helps a lot for languages written without spaces, like Chinese.</source>
            <translation>文本分类器：1 = 每个词元单独读取；2 = 每个词元还为以它开头的二元组学习一个向量（3：再加上三元组）。对中文这类不用空格分词的语言帮助很大。</translation>
        </message>
        <message>
            <source>Hidden layers</source>
            <translation>隐藏层</translation>
        </message>
        <message>
            <source>MLP: the width of each hidden layer (1 to 65,536 units each, at most 16 layers).</source>
            <translation>MLP：每个隐藏层的宽度（每层 1 到 65,536 个单元，最多 16 层）。</translation>
        </message>
        <message>
            <source>Bias terms</source>
            <translation>偏置项</translation>
        </message>
        <message>
            <source>Add learnable offsets in linear layers.</source>
            <translation>在线性层中加入可学习的偏移量。</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>The rule that updates the weights from the gradient. AdamW is a safe default; SGD is the classic one.</source>
            <translation>根据梯度更新权重的规则。AdamW 是稳妥的默认选择；SGD 是经典方法。</translation>
        </message>
        <message>
            <source>sgd</source>
            <translation>SGD（随机梯度下降）</translation>
        </message>
        <message>
            <source>adam</source>
            <translation>Adam</translation>
        </message>
        <message>
            <source>adamw</source>
            <translation>AdamW</translation>
        </message>
        <message>
            <source>rmsprop</source>
            <translation>RMSprop</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>How big a step the optimizer takes. Too big and the loss jumps or becomes NaN; too small and learning crawls.</source>
            <translation>优化器每一步迈多大。太大，损失会上下乱跳甚至变成 NaN；太小，学习慢得像爬。</translation>
        </message>
        <message>
            <source>Weight decay</source>
            <translation>权重衰减</translation>
        </message>
        <message>
            <source>Gently pulls weights towards zero to avoid memorising.</source>
            <translation>把权重轻轻拉向零，避免死记硬背。</translation>
        </message>
        <message>
            <source>Momentum</source>
            <translation>动量</translation>
        </message>
        <message>
            <source>SGD/RMSprop: how much of the previous step carries into the next.</source>
            <translation>SGD/RMSprop：上一步有多少带入下一步。</translation>
        </message>
        <message>
            <source>Nesterov</source>
            <translation>Nesterov 动量</translation>
        </message>
        <message>
            <source>SGD: look ahead along the momentum before stepping.</source>
            <translation>SGD：迈步之前先沿动量方向向前看一步。</translation>
        </message>
        <message>
            <source>Beta 1</source>
            <translation>β₁</translation>
        </message>
        <message>
            <source>Adam/AdamW: how slowly the gradient average changes.</source>
            <translation>Adam/AdamW：梯度平均值变化得有多慢（β₁ 越接近 1 越慢）。</translation>
        </message>
        <message>
            <source>Beta 2</source>
            <translation>β₂</translation>
        </message>
        <message>
            <source>Adam/AdamW: how slowly the squared-gradient average changes.</source>
            <translation>Adam/AdamW：梯度平方的平均值变化得有多慢（β₂ 越接近 1 越慢）。</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>学习率调度</translation>
        </message>
        <message>
            <source>How the learning rate changes over training: constant, step (cut every N steps), cosine (warm up, then glide down), linear (warm up, then straight down), plateau (cut when validation stops improving).</source>
            <translation>学习率在训练中如何变化：恒定；阶梯（每 N 步降低一次）；余弦（先预热，再平滑下降）；线性（先预热，再直线下降）；平台（验证结果不再改善时降低）。</translation>
        </message>
        <message>
            <source>constant</source>
            <translation>恒定</translation>
        </message>
        <message>
            <source>step</source>
            <translation>阶梯</translation>
        </message>
        <message>
            <source>cosine</source>
            <translation>余弦</translation>
        </message>
        <message>
            <source>linear</source>
            <translation>线性</translation>
        </message>
        <message>
            <source>plateau</source>
            <translation>平台</translation>
        </message>
        <message>
            <source>Warm-up</source>
            <translation>预热</translation>
        </message>
        <message>
            <source>Steps at the start over which the learning rate rises from zero, which steadies early training.</source>
            <translation>训练开始时，学习率从零逐渐升高所用的步数，可以让早期训练更平稳。</translation>
        </message>
        <message>
            <source>steps</source>
            <translation>步</translation>
        </message>
        <message>
            <source>Final LR share</source>
            <translation>最终学习率比例</translation>
        </message>
        <message>
            <source>Cosine/linear: the learning rate at the end, as a share of the starting one.</source>
            <translation>余弦/线性调度：结束时的学习率占起始学习率的比例。</translation>
        </message>
        <message>
            <source>Step every</source>
            <translation>阶梯间隔</translation>
        </message>
        <message>
            <source>Step schedule: cut the learning rate every this many steps.</source>
            <translation>阶梯调度：每隔这么多步降低一次学习率。</translation>
        </message>
        <message>
            <source>Cut factor</source>
            <translation>降低倍数</translation>
        </message>
        <message>
            <source>Step/plateau schedules: multiply the learning rate by this.</source>
            <translation>阶梯/平台调度：降低时把学习率乘以这个数。</translation>
        </message>
        <message>
            <source>Plateau patience</source>
            <translation>平台耐心</translation>
        </message>
        <message>
            <source>Plateau schedule: evaluations without improvement before the cut.</source>
            <translation>平台调度：连续多少次评估没有改善，才降低学习率。</translation>
        </message>
        <message>
            <source>evals</source>
            <translation>次评估</translation>
        </message>
        <message>
            <source>Gradient clipping</source>
            <translation>梯度裁剪</translation>
        </message>
        <message>
            <source>Caps the size of each update's gradient (0 = off); protects against sudden jumps.</source>
            <translation>限制每次更新的梯度大小（0 = 关闭），防止突然的大幅跳动。</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Run name</source>
            <translation>训练运行名称</translation>
        </message>
        <message>
            <source>A name for the run folder.</source>
            <translation>训练运行文件夹的名称。</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>How many examples the model sees before each update (the global batch: with several processes, split across them).</source>
            <translation>每次更新之前模型看多少个样本（指全局批次：有多个进程时由它们分担）。</translation>
        </message>
        <message>
            <source>examples</source>
            <translation>个样本</translation>
        </message>
        <message>
            <source>Epochs</source>
            <translation>轮数</translation>
        </message>
        <message>
            <source>How many times to go through the whole training set.</source>
            <translation>把整个训练集过几遍。</translation>
        </message>
        <message>
            <source>Maximum steps</source>
            <translation>最大步数</translation>
        </message>
        <message>
            <source>Stop after this many updates (0 = no limit; epochs decide).</source>
            <translation>更新这么多次后停止（0 = 不限，由轮数决定）。</translation>
        </message>
        <message>
            <source>no limit; epochs decide</source>
            <translation>不限，由轮数决定</translation>
        </message>
        <message>
            <source>Evaluate every</source>
            <translation>评估间隔</translation>
        </message>
        <message>
            <source>Check the validation set every this many steps (0 = once per epoch).</source>
            <translation>每隔这么多步在验证集上检查一次（0 = 每轮一次）。</translation>
        </message>
        <message>
            <source>once per epoch</source>
            <translation>每轮一次</translation>
        </message>
        <message>
            <source>Evaluation batches</source>
            <translation>评估批次数</translation>
        </message>
        <message>
            <source>Batches used per validation check (0 = the whole validation set).</source>
            <translation>每次验证检查使用的批次数（0 = 整个验证集）。</translation>
        </message>
        <message>
            <source>the whole validation set</source>
            <translation>整个验证集</translation>
        </message>
        <message>
            <source>Log every</source>
            <translation>记录间隔</translation>
        </message>
        <message>
            <source>Record the training loss every this many steps.</source>
            <translation>每隔这么多步记录一次训练损失。</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>The same seed on the CPU gives the same run, step for step.</source>
            <translation>在 CPU 上使用相同的种子，训练过程每一步都完全相同。</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Where to train: 'auto' uses a CUDA GPU, then Apple's GPU, then the CPU; or name one ('cpu', 'cuda', 'cuda:1', 'mps').</source>
            <translation>在哪里训练：“自动”依次选用 CUDA GPU、苹果 GPU、CPU；也可以直接指定（cpu、cuda、cuda:1、mps）。</translation>
        </message>
        <message>
            <source>bf16 on GPU</source>
            <translation>GPU 上用 bf16</translation>
        </message>
        <message>
            <source>Use bfloat16 mixed precision on CUDA: faster, same results to within noise (as precision 'bf16'; 'auto' already picks it where supported).</source>
            <translation>在 CUDA 上使用 bfloat16 混合精度：更快，结果在噪声范围内相同（等同于精度选 bf16；“自动”在支持的显卡上已会选用它）。</translation>
        </message>
        <message>
            <source>Precision</source>
            <translation>精度</translation>
        </message>
        <message>
            <source>Number format of the forward pass on CUDA: 'auto' (bf16 where the card supports it, else fp32), 'fp32', 'bf16' or 'fp16' (with loss scaling); the CPU trains in fp32.</source>
            <translation>CUDA 上前向计算的数值格式：“自动”（显卡支持时用 bf16，否则用 fp32）、fp32、bf16 或 fp16（配合损失缩放）；CPU 训练一律用 fp32。</translation>
        </message>
        <message>
            <source>fp32</source>
            <translation>fp32</translation>
        </message>
        <message>
            <source>bf16</source>
            <translation>bf16</translation>
        </message>
        <message>
            <source>fp16</source>
            <translation>fp16</translation>
        </message>
        <message>
            <source>Compile</source>
            <translation>编译模型</translation>
        </message>
        <message>
            <source>Compile the model with torch.compile: a slow first step, then faster steps on a GPU.</source>
            <translation>用 torch.compile 编译模型：第一步较慢，之后在 GPU 上每步更快。</translation>
        </message>
        <message>
            <source>Early stopping</source>
            <translation>提前停止</translation>
        </message>
        <message>
            <source>Stop after this many evaluations without improvement (0 = off).</source>
            <translation>连续这么多次评估没有改善就停止训练（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Watch metric</source>
            <translation>监控指标</translation>
        </message>
        <message>
            <source>The validation metric that decides the best checkpoint and early stopping ('auto': accuracy for classifiers, loss otherwise).</source>
            <translation>决定最佳检查点和提前停止的验证指标（“自动”：分类器用准确率，其他用损失）。</translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU 线程数</translation>
        </message>
        <message>
            <source>Threads for CPU training (0 = automatic): all cores for command-line runs, all but one while the window is open. On a busy machine, fewer can be faster.</source>
            <translation>CPU 训练使用的线程数（0 = 自动）：命令行训练用上所有核心，窗口打开时留出一个核心。机器繁忙时，线程少一些反而可能更快。</translation>
        </message>
        <message>
            <source>Save every</source>
            <translation>保存间隔</translation>
        </message>
        <message>
            <source>Also save the latest checkpoint every this many steps (0 = at each evaluation).</source>
            <translation>每隔这么多步额外保存一次最新检查点（0 = 每次评估时保存）。</translation>
        </message>
        <message>
            <source>at each evaluation</source>
            <translation>每次评估时</translation>
        </message>
        <message>
            <source>Sample length</source>
            <translation>示例长度</translation>
        </message>
        <message>
            <source>Language models: characters/words generated as a sample at each evaluation (0 = none).</source>
            <translation>语言模型：每次评估时生成的示例文本的字数/词数（0 = 不生成）。</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Baseline</source>
            <translation>基线</translation>
        </message>
        <message>
            <source>Also fit a simple reference model (bag-of-words or linear model, boosted trees for tables) on the same training rows, in seconds, and show its score beside this model's: is the network any better?</source>
            <translation>同时在相同的训练行上用几秒钟拟合一个简单的参照模型（文本用词袋或线性模型，表格用提升树），并把它的得分与本模型并列显示：看看神经网络是否真的更好。</translation>
        </message>
        <message>
            <source>Start from run</source>
            <translation>从训练运行继续</translation>
        </message>
        <message>
            <source>A finished run's folder: this run starts from its weights where their names and shapes fit (embeddings, Transformer blocks), and reuses its tokenizer; the rest (a new head) starts fresh. Empty: fresh weights.</source>
            <translation>一个已完成的训练运行的文件夹：本次训练在名称和形状匹配之处（嵌入、Transformer 块）从它的权重开始，并沿用它的分词器；其余部分（如新的输出头）从头开始。留空：使用全新的权重。</translation>
        </message>
        <message>
            <source>fresh weights</source>
            <translation>全新权重</translation>
        </message>
    </context>
</TS>
